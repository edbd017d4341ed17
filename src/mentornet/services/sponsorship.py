"""Sponsorship (issue 17; Carey & Weissman: mentors also act as sponsors, who advocate and open
doors): what a contact did for you, its outcome, and the two courtesies it asks of you: thank them
(`sponsor-thanks`, due the day after the act) and tell them how it went (`sponsor-update`, due the
day after the outcome). Both are due rules (services/due.py) cleared the way a meeting's thank-you
is: by recording it (`sponsor thanked ID`, `sponsor told ID`, or `--thanked` / `--told` when logging).

The mosaic reads `recent_sponsors`: someone who acted for you in the last two years fills the
`sponsor` role, whatever their role links say.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentornet.errors import BadInput, NotFound, Refused
from mentornet.services.completion import MAX_ID
from mentornet.services.contacts import resolve
from mentornet.store import rows
from mentornet.text import clean
from mentornet.vocabulary import Direction, SponsorKind, SponsorOutcome

SPONSOR_ROLE = "sponsor"
SPONSOR_YEARS = 2  # an act this recent fills the sponsor role


@dataclass(frozen=True)
class Sponsorship:
    id: int
    contact: str
    contact_id: int
    kind: str
    for_what: str
    on_date: date
    expect_on: date | None
    outcome: str | None
    outcome_on: date | None
    thanked_on: date | None
    told_on: date | None

    def as_json(self) -> dict:
        return {"id": self.id, "contact": self.contact, "contact_id": self.contact_id, "kind": self.kind,
                "for": self.for_what, "on": self.on_date, "expect": self.expect_on, "outcome": self.outcome,
                "outcome_on": self.outcome_on, "thanked_on": self.thanked_on, "told_on": self.told_on}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def log_sponsorship(conn: sqlite3.Connection, ref: str, *, kind: SponsorKind, for_what: str, on: date,
                    expect: date | None = None, thanked: bool = False) -> tuple[int, str]:
    """Record what a contact did for you; returns its id and the contact's name."""
    cleaned = clean(for_what)
    if not cleaned:
        raise BadInput('say what it was for, like --for "Early Career Award"')
    if expect is not None and expect < on:
        raise BadInput(f"--expect: {expect} is before the act itself ({on})")
    contact = resolve(conn, ref)
    sponsorship_id = rows.insert(conn, "sponsorship", {
        "contact_id": contact["id"], "kind": SponsorKind(kind), "for_what": cleaned, "on_date": on,
        "expect_on": expect, "thanked_on": on if thanked else None})
    return sponsorship_id, contact["name"]


def _row(conn: sqlite3.Connection, sponsorship_id: int) -> sqlite3.Row:
    row = (conn.execute("SELECT s.*, c.name FROM sponsorship s JOIN contact c ON c.id = s.contact_id WHERE s.id = ?",
                        (sponsorship_id,)).fetchone() if 0 < sponsorship_id <= MAX_ID else None)
    if row is None:
        raise NotFound(f"no sponsorship with id {sponsorship_id}; see `mentornet sponsor list`")
    return row


def record_outcome(conn: sqlite3.Connection, sponsorship_id: int, outcome: SponsorOutcome, *, on: date,
                   told: bool = False) -> sqlite3.Row:
    """Record how it went (once: a second outcome is refused); returns the sponsorship as it was."""
    row = _row(conn, sponsorship_id)
    if row["outcome"] is not None:
        raise Refused(f"sponsorship {sponsorship_id} already has its outcome ({row['outcome']} on "
                      f"{row['outcome_on']}); an outcome is recorded once")
    if on.isoformat() < row["on_date"]:
        raise BadInput(f"--on: {on} is before the sponsorship itself ({row['on_date']})")
    rows.update(conn, "sponsorship", {"id": sponsorship_id},
                {"outcome": SponsorOutcome(outcome), "outcome_on": on, "told_on": on if told else None})
    return row


def mark_thanked(conn: sqlite3.Connection, sponsorship_id: int, *, on: date) -> sqlite3.Row:
    """You thanked them for it (clears `sponsor-thanks`)."""
    row = _row(conn, sponsorship_id)
    if row["thanked_on"] is not None:
        raise Refused(f"sponsorship {sponsorship_id} was already thanked for on {row['thanked_on']}")
    rows.update(conn, "sponsorship", {"id": sponsorship_id}, {"thanked_on": on})
    return row


def mark_told(conn: sqlite3.Connection, sponsorship_id: int, *, on: date) -> sqlite3.Row:
    """You told them how it went (clears `sponsor-update`); needs an outcome first."""
    row = _row(conn, sponsorship_id)
    if row["outcome"] is None:
        raise Refused(f"sponsorship {sponsorship_id} has no outcome yet; record it with "
                      f"`mentornet sponsor outcome {sponsorship_id} --won|--lost|--done`")
    if row["told_on"] is not None:
        raise Refused(f"you already told them how sponsorship {sponsorship_id} went, on {row['told_on']}")
    rows.update(conn, "sponsorship", {"id": sponsorship_id}, {"told_on": on})
    return row


def sponsorships(conn: sqlite3.Connection, *, contact_id: int | None = None) -> list[Sponsorship]:
    """Every sponsorship (one contact's, if given), newest first."""
    where, params = ("WHERE s.contact_id = ?", [contact_id]) if contact_id is not None else ("", [])
    cursor = conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(
        f"""SELECT s.id, c.name, s.contact_id, s.kind, s.for_what, s.on_date, s.expect_on, s.outcome, s.outcome_on,
                   s.thanked_on, s.told_on
            FROM sponsorship s JOIN contact c ON c.id = s.contact_id {where}
            ORDER BY s.on_date DESC, s.id DESC""", params)
    return [Sponsorship(id_, name, cid, kind, for_what, date.fromisoformat(on), _day(expect), outcome, _day(outcome_on),
                        _day(thanked), _day(told))
            for id_, name, cid, kind, for_what, on, expect, outcome, outcome_on, thanked, told in found]


def recent_sponsors(conn: sqlite3.Connection, as_of: date) -> dict[int, str]:
    """Who acted for you in the two years up to `as_of` (id -> name): they fill the sponsor role.
    People you mentor don't (gaps counts only people who mentor you)."""
    return dict(conn.execute(
        f"""SELECT c.id, c.name FROM contact c
            WHERE c.direction != '{Direction.i_mentor}'
              AND EXISTS (SELECT 1 FROM sponsorship s WHERE s.contact_id = c.id AND s.on_date > ?)
            ORDER BY c.name_key, c.id""", (_years_before(as_of, SPONSOR_YEARS).isoformat(),)))


def _years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29th; the calendar's first day at its start)."""
    if day.year <= years:
        return date.min
    return day.replace(year=day.year - years, day=28 if (day.month, day.day) == (2, 29) else day.day)
