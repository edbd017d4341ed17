"""Meetings and what comes out of them: notes, agreed next meeting, actions, referrals, thanks."""

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from mentornet.errors import Ambiguous, BadInput, NotFound
from mentornet.services.contacts import advance, resolve
from mentornet.store import rows
from mentornet.text import clean, search_key
from mentornet.vocabulary import PIPELINE, Owner, Stage

_BY = re.compile(r"^(?P<text>.*\S)\s+by\s+(?P<when>\S.*)$", re.IGNORECASE)


@dataclass
class MeetingRecord:
    on: date
    mode: str | None = None
    agenda: str | None = None
    notes: str | None = None
    rating: int | None = None
    next_on: date | None = None
    my_actions: list[tuple[str, date | None]] = field(default_factory=list)
    their_actions: list[tuple[str, date | None]] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)
    thanked: bool = False


def split_action(text: str, parse_when) -> tuple[str, date | None]:
    """`send aims page by friday` -> ("send aims page", friday). A tail that isn't a date stays text."""
    cleaned = clean(text)
    if not cleaned:
        raise BadInput("an action needs some text, like --action \"send aims page by friday\"")
    match = _BY.match(cleaned)
    if match:
        try:
            return match["text"], parse_when(match["when"])
        except BadInput:
            pass
    return cleaned, None


def log_meeting(conn: sqlite3.Connection, ref: str, record: MeetingRecord) -> tuple[int, list[str]]:
    """Record a meeting; returns its id and the names of prospects created from referrals to new names."""
    if record.rating is not None and not 1 <= record.rating <= 5:
        raise BadInput("--rating must be 1 to 5")
    contact = resolve(conn, ref)
    meeting_id = rows.insert(conn, "meeting", {
        "contact_id": contact["id"], "on_date": record.on, "mode": clean(record.mode), "agenda": clean(record.agenda),
        "notes": clean(record.notes), "rating": record.rating, "next_on": record.next_on,
        "thanked_on": record.on if record.thanked else None, "stage_at_meeting": contact["stage"],
    })
    advance(conn, contact, Stage.exploring, record.on, only_from=PIPELINE, note="met")
    for owner, actions in ((Owner.me, record.my_actions), (Owner.them, record.their_actions)):
        for text, due in actions:
            rows.insert(conn, "action_item", {"contact_id": contact["id"], "meeting_id": meeting_id, "text": text,
                                                 "owner": owner, "due_on": due})
    created = []
    for name in record.referrals:
        referred_id, new_name = _referred(conn, name, contact, record.on)
        if new_name:
            created.append(new_name)
        rows.insert(conn, "referral", {"from_contact_id": contact["id"], "to_contact_id": referred_id,
                                          "meeting_id": meeting_id, "on_date": record.on})
    return meeting_id, created


def _referred(conn: sqlite3.Connection, name: str, source: sqlite3.Row, on: date) -> tuple[int, str | None]:
    """The id of the contact a referral names, by exact name, and the name if it is a new prospect."""
    cleaned = clean(name)
    if not cleaned:
        raise BadInput("a referral needs a name, like --referral \"Mei Chen\"")
    same = conn.execute("SELECT id, name FROM contact WHERE name_key = ? ORDER BY id", (search_key(cleaned),)).fetchall()
    if len(same) > 1:
        listed = ", ".join(f"{row['name']} (id {row['id']})" for row in same)
        raise Ambiguous(f"referral {cleaned!r} matches several contacts: {listed}; give the full name of one")
    if same:
        if same[0]["id"] == source["id"]:
            raise BadInput(f"{source['name']} can't be referred to themselves; name someone else in --referral")
        return same[0]["id"], None
    prospect_id = rows.insert(conn, "contact", {"name": cleaned, "name_key": search_key(cleaned),
                                                   "stage": Stage.prospect, "added_on": on,
                                                   "referred_by_id": source["id"]})
    rows.insert(conn, "stage_change", {"contact_id": prospect_id, "from_stage": None, "to_stage": Stage.prospect,
                                          "on_date": on, "note": f"referred by {source['name']}"})
    return prospect_id, cleaned


def mark_thanked(conn: sqlite3.Connection, ref: str, *, on: date) -> str:
    """Record the thank-you for the latest meeting that hasn't had one; returns that meeting's date."""
    contact = resolve(conn, ref)
    meeting = conn.execute(
        "SELECT id, on_date FROM meeting WHERE contact_id = ? AND thanked_on IS NULL ORDER BY on_date DESC, id DESC "
        "LIMIT 1",
        (contact["id"],),
    ).fetchone()
    if meeting is None:
        raise NotFound(f"{contact['name']} has no meeting waiting for a thank-you; log one with `mentornet meeting log`")
    rows.update(conn, "meeting", {"id": meeting["id"]}, {"thanked_on": on})
    return meeting["on_date"]
