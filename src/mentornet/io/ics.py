"""`export --format ics`: what is due and the agreed next meetings, as all-day calendar events.

Built with icalendar (the icalendar PyPI project, maintained by the Plone/collective community,
RFC 5545 line folding and escaping done for us), imported only when exporting. Each event's UID
is stable for the same item (kind, contact and, where a contact can have several, the item's
own id or date), so re-importing the file into a calendar moves events rather than duplicating
them.
"""

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta

from mentornet import __version__

_TITLES = {
    "follow-up": "Follow up with {}", "give-up": "Close the outreach to {}", "thank-you": "Thank {}",
    "check-in": "Check in with {}", "next-meeting": "Meeting with {}", "action": "Action for {}",
    "referral": "Contact {} (referral)",
}
_ACTION_ID = re.compile(r"^#(\d+) ")


def uid(item) -> str:
    """One stable UID per item: the kinds a contact can have several of carry their own key."""
    key = f"{item.kind}-{item.contact_id}"
    if item.kind == "action":
        match = _ACTION_ID.match(item.detail)
        key += f"-{match[1]}" if match else f"-{item.due.isoformat()}"
    elif item.kind == "referral":
        key += f"-{item.due.isoformat()}"
    return f"{key}@mentornet"


def export(conn: sqlite3.Connection, as_of: date, now: datetime | None = None) -> str:
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
        key = uid(item)
        seen[key] = seen.get(key, 0) + 1
        event.add("uid", key if seen[key] == 1 else key.replace("@", f"-{seen[key]}@"))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", _TITLES.get(item.kind, "{}: " + item.kind).format(item.contact))
        event.add("description", item.detail)
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
