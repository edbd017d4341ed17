"""`export --format ics`: what is due and the agreed next meetings, as all-day calendar events.

Built with icalendar (the icalendar PyPI project, maintained by the Plone/collective community,
RFC 5545 line folding and escaping done for us), imported only when exporting. Each event's UID
is stable for the same item (kind, contact and, where a contact can have several, the item's
own id or date) and carries an id of the database, so re-importing the file into a calendar
moves events rather than duplicating them, and two networks exported into one calendar don't
overwrite each other's events.

An item already late is an event on the day of the export, its title saying how late
("Follow up with Ada Okafor (12 days late)"): a calendar user looks at today, not at last month.
"""

import hashlib
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta

from mentornet import __version__

_TITLES = {
    "follow-up": "Follow up with {}", "give-up": "Close the outreach to {}", "thank-you": "Thank {}",
    "check-in": "Check in with {}", "next-meeting": "Meeting with {}", "action": "Action for {}",
    "referral": "Contact {} (referral)", "approach": "Approach {}", "schedule": "Schedule a meeting with {}",
    "review": "Review how it is working with {}",
    "sponsor-thanks": "Thank {} for sponsoring you", "sponsor-update": "Tell {} how it went",
}
_ACTION_ID = re.compile(r"^#(\d+) ")


def database_id(conn: sqlite3.Connection) -> str:
    """A short id of this database, stable without storing anything: a hash of the creation instant
    of its oldest contact (kept by a JSON restore, so a restored network keeps its calendar).
    Deleting that one contact changes it, and a calendar then gets the events once more."""
    first = conn.execute("SELECT min(created_at) FROM contact").fetchone()[0] or ""
    return hashlib.sha256(f"mentornet:{first}".encode()).hexdigest()[:12]


def uid(item, database: str = "") -> str:
    """One stable UID per item: the kinds a contact can have several of carry their own key."""
    key = f"{item.kind}-{item.contact_id}"
    if item.kind in ("action", "sponsor-thanks", "sponsor-update"):  # details start "#ID "
        match = _ACTION_ID.match(item.detail)
        key += f"-{match[1]}" if match else f"-{item.due.isoformat()}"
    elif item.kind == "referral":
        key += f"-{item.due.isoformat()}"
    return f"{key}-{database}@mentornet" if database else f"{key}@mentornet"


def late_title(title: str, due: date, as_of: date) -> str:
    late = (as_of - due).days
    return f"{title} ({late} day{'s' if late != 1 else ''} late)" if late > 0 else title


def export(conn: sqlite3.Connection, as_of: date, now: datetime | None = None, database_id: str = "") -> str:
    from icalendar import Calendar, Event

    from mentornet.services.due import all_items

    stamp = (now or datetime.now(UTC)).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//mentornet//mentornet {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "mentornet")
    items = all_items(conn, as_of)
    seen: dict[str, int] = {}
    for item in items:
        event = Event()
        key = uid(item, database_id)
        seen[key] = seen.get(key, 0) + 1
        event.add("uid", key if seen[key] == 1 else key.replace("@", f"-{seen[key]}@"))
        event.add("dtstamp", stamp)
        day = max(item.due, as_of)  # late: shown today, where the user looks
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        title = _TITLES.get(item.kind, "{}: " + item.kind).format(item.contact)
        event.add("summary", late_title(title, item.due, as_of))
        event.add("description", item.detail)
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
