"""Meetings and what comes out of them: notes, agreed next meeting, actions, referrals, thanks."""

import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from mentornet.errors import Ambiguous, BadInput, NotFound
from mentornet.services.contacts import advance, resolve, same_name
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


def check_meeting(conn: sqlite3.Connection, ref: str, record: MeetingRecord) -> sqlite3.Row:
    """Everything log_meeting checks, without writing: run before notes are typed, so a mistake
    in the rest of the command costs no one their notes. Returns the contact."""
    if record.rating is not None and not 1 <= record.rating <= 5:
        raise BadInput("--rating must be 1 to 5")
    contact = resolve(conn, ref)
    for name in record.referrals:
        _existing_referral(conn, name, contact)
    return contact


def log_meeting(conn: sqlite3.Connection, ref: str, record: MeetingRecord) -> tuple[int, list[str]]:
    """Record a meeting; returns its id and the names of prospects created from referrals to new names."""
    contact = check_meeting(conn, ref, record)
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


def _existing_referral(conn: sqlite3.Connection, name: str, source: sqlite3.Row) -> tuple[str, int | None]:
    """The cleaned name a referral gives, and the id of the contact it names (None: a new name)."""
    cleaned = clean(name)
    if not cleaned:
        raise BadInput("a referral needs a name, like --referral \"Mei Chen\"")
    same = same_name(conn, cleaned)
    exact = [(id_, name) for id_, name in same if search_key(name) == search_key(cleaned)]
    same = exact if len(exact) == 1 else same  # `Ada Okafor` beside `Dr. Ada Okafor`: the one written so
    if len(same) > 1:
        listed = ", ".join(f"{name} (id {id_})" for id_, name in same)
        raise Ambiguous(f"referral {cleaned!r} matches several contacts: {listed}; give the full name of one")
    if same:
        if same[0][0] == source["id"]:
            raise BadInput(f"{source['name']} can't be referred to themselves; name someone else in --referral")
        return cleaned, same[0][0]
    return cleaned, None


def _referred(conn: sqlite3.Connection, name: str, source: sqlite3.Row, on: date) -> tuple[int, str | None]:
    """The id of the contact a referral names, by exact name, and the name if it is a new prospect."""
    cleaned, existing = _existing_referral(conn, name, source)
    if existing is not None:
        return existing, None
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


# --- what the commands show of meetings ---


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Meeting:
    """A meeting as `meeting list` shows it, with the names of the people referred at it."""

    id: int
    contact: str
    contact_id: int
    on: date
    mode: str | None
    agenda: str | None
    notes: str | None
    rating: int | None
    next: date | None  # the next meeting agreed
    thanked_on: date | None
    referrals: list[str]

    def as_json(self) -> dict:
        return {"id": self.id, "contact": self.contact, "on": self.on, "mode": self.mode, "agenda": self.agenda,
                "notes": self.notes, "rating": self.rating, "next": self.next, "thanked_on": self.thanked_on,
                "referrals": self.referrals}


def meetings(conn: sqlite3.Connection, *, contact_id: int | None = None) -> list[Meeting]:
    """Meetings (a contact's), oldest first."""
    cursor = conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(
        f"""SELECT m.id, c.name AS contact, m.contact_id, m.on_date AS "on", m.mode, m.agenda, m.notes, m.rating,
                   m.next_on AS "next", m.thanked_on,
                   (SELECT json_group_array(t.name) FROM referral r JOIN contact t ON t.id = r.to_contact_id
                    WHERE r.meeting_id = m.id) AS referrals
            FROM meeting m JOIN contact c ON c.id = m.contact_id
            {"WHERE m.contact_id = ?" if contact_id is not None else ""} ORDER BY m.on_date, m.id""",
        [contact_id] if contact_id is not None else [],
    )
    return [Meeting(id_, contact, contact_id_, date.fromisoformat(on), mode, agenda, notes, rating, _day(next_),
                    _day(thanked_on), json.loads(referrals))
            for id_, contact, contact_id_, on, mode, agenda, notes, rating, next_, thanked_on, referrals in found]


@dataclass(frozen=True)
class LastMeeting:
    """A contact's latest meeting, as `prep` shows it."""

    id: int
    on: date
    mode: str | None
    agenda: str | None
    notes: str | None
    rating: int | None
    next: date | None
    thanked_on: date | None
    stage_at_meeting: str | None

    def as_json(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def latest_meeting(conn: sqlite3.Connection, contact_id: int) -> LastMeeting | None:
    """A contact's latest meeting (by the date it happened), through the pointer the triggers keep."""
    row = conn.execute(
        """SELECT m.id, m.on_date AS "on", m.mode, m.agenda, m.notes, m.rating, m.next_on AS "next", m.thanked_on,
                  m.stage_at_meeting
           FROM contact c JOIN meeting m ON m.id = c.latest_meeting_id WHERE c.id = ?""",
        (contact_id,),
    ).fetchone()
    if row is None:
        return None
    id_, on, mode, agenda, notes, rating, next_, thanked_on, stage_at_meeting = row
    return LastMeeting(id_, date.fromisoformat(on), mode, agenda, notes, rating, _day(next_), _day(thanked_on),
                       stage_at_meeting)


def meeting_count(conn: sqlite3.Connection, contact_id: int) -> int:
    return conn.execute("SELECT count(*) FROM meeting WHERE contact_id = ?", (contact_id,)).fetchone()[0]


@dataclass(frozen=True)
class GivenReferral:
    """Someone a contact referred you to, and whether you have been in contact with them since."""

    name: str
    on: date
    stage: str
    last_contact: date | None  # None: no contact with them at all yet (no fallback to the added day)

    @property
    def followed_up(self) -> bool:
        return self.last_contact is not None

    def as_json(self) -> dict:
        return {"name": self.name, "on": self.on, "followed_up": self.followed_up, "stage": self.stage,
                "last_contact": self.last_contact}


def referrals_from(conn: sqlite3.Connection, contact_id: int) -> list[GivenReferral]:
    """The people a contact referred you to, in the order they were given."""
    found = conn.execute(
        """SELECT t.name, r.on_date AS "on", t.stage, t.last_contact_on AS last_contact
           FROM referral r JOIN contact t ON t.id = r.to_contact_id
           WHERE r.from_contact_id = ? ORDER BY r.on_date, r.id""",
        (contact_id,),
    )
    return [GivenReferral(name, date.fromisoformat(on), stage, _day(last_contact))
            for name, on, stage, last_contact in found]
