"""Reviews of a relationship (issue 17): is it working, which failure factors show, what happens next.

The factors are those of Straus et al. (2013): successful relationships have reciprocity, mutual
respect, clear expectations, a personal connection and shared values; failed ones show poor
communication, lack of commitment, personality differences, perceived competition, conflicts of
interest, a mentor's lack of experience. A review records the answer (`working`), the failure
factors seen (`flags`, open while in the contact's latest review), a note, and an outcome:
`continue`; `adjust` (a new agreement: `mentornet agree`); `redefine` (an advisory relationship:
stage `redefined`, a longer cadence); `close` (stage `separation`, then `ended`: no reminders
remain, and a thank-you is worth sending).

Recording a review moves the next review date (services/agreements.review_on, the `review` due rule).
"""

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from mentornet.errors import Refused
from mentornet.services.cadence import CADENCE_SQL
from mentornet.services.contacts import resolve, set_stage
from mentornet.store import rows
from mentornet.text import clean
from mentornet.vocabulary import Flag, ReviewOutcome, Stage, Working

# A redefined relationship is advisory: in touch half as often, and at least every three months
REDEFINED_FACTOR = 2
REDEFINED_AT_LEAST = 90


@dataclass(frozen=True)
class Factor:
    code: str
    name: str
    question: str  # asked in plain words by the interactive review


SUCCESS_FACTORS = (
    Factor("reciprocity", "reciprocity", "Does it go both ways: do you each give something, and get something back?"),
    Factor("respect", "mutual respect", "Do you respect each other's time, work and views?"),
    Factor("expectations", "clear expectations",
           "Do you both know what you expect of each other: how often you meet, what kind of help?"),
    Factor("connection", "personal connection", "Is there a personal connection: do you look forward to meeting?"),
    Factor("values", "shared values", "Do you share values about work, career and life?"),
)
FAILURE_FACTORS = (
    Factor(Flag.poor_communication, "poor communication",
           "Do messages go unanswered, or do meetings leave things unclear?"),
    Factor(Flag.lack_of_commitment, "lack of commitment",
           "Do meetings get cancelled, or promises slip, on either side?"),
    Factor(Flag.personality, "personality differences", "Do your personalities or ways of working clash?"),
    Factor(Flag.competition, "perceived competition",
           "Does either of you feel in competition: for credit, projects, posts?"),
    Factor(Flag.conflict_of_interest, "a conflict of interest",
           "Does their position pull against your interests: do they judge, employ or supervise you?"),
    Factor(Flag.inexperience, "lack of experience", "Do they lack the experience to help with what you need now?"),
)


@dataclass(frozen=True)
class Review:
    id: int
    contact_id: int
    contact: str
    on: date
    working: str | None
    outcome: str | None
    flags: list[str]
    note: str | None

    def as_json(self) -> dict:
        return {"id": self.id, "contact": self.contact, "contact_id": self.contact_id, "on": self.on,
                "working": self.working, "outcome": self.outcome, "flags": list(self.flags), "note": self.note}


@dataclass(frozen=True)
class Reviewed:
    """What `review` did: the review, and the moves its outcome made."""

    review: Review
    stages: list[tuple[str, str]] = field(default_factory=list)  # (from, to), in order
    cadence_days: int | None = None  # the new cadence of a redefined relationship
    agreement: dict | None = None  # the current agreement's terms (adjust: the `agree` command to start from)


def _flag_order(codes: Sequence[str]) -> list[str]:
    known = [flag.value for flag in Flag]
    return sorted(dict.fromkeys(codes), key=known.index)


def record_review(
    conn: sqlite3.Connection,
    ref: str,
    *,
    on: date,
    working: Working | None = None,
    flags: Sequence[Flag] = (),
    note: str | None = None,
    outcome: ReviewOutcome | None = None,
) -> Reviewed:
    """Record a review and carry out its outcome. Refused for an ended relationship."""
    contact_id, _ = check_not_ended(conn, ref)
    contact = resolve(conn, str(contact_id))
    codes = _flag_order([Flag(flag).value for flag in flags])
    review_id = rows.insert(conn, "review", {
        "contact_id": contact["id"], "on_date": on, "working": Working(working) if working else None,
        "outcome": ReviewOutcome(outcome) if outcome else None, "note": clean(note) or None})
    conn.executemany("INSERT INTO review_flag (review_id, code) VALUES (?, ?)", [(review_id, code) for code in codes])
    review = Review(review_id, contact["id"], contact["name"], on, Working(working).value if working else None,
                    ReviewOutcome(outcome).value if outcome else None, codes, clean(note) or None)
    stages: list[tuple[str, str]] = []

    def move(to: Stage, why: str) -> None:
        current = conn.execute("SELECT stage FROM contact WHERE id = ?", (contact["id"],)).fetchone()[0]
        if current != to:
            stages.append((current, to))
            set_stage(conn, str(contact["id"]), to, on=on, note=why)

    cadence = None
    if outcome == ReviewOutcome.redefine:
        move(Stage.redefined, "redefined at a review: an advisory relationship")
        effective = conn.execute(f"SELECT {CADENCE_SQL} FROM contact c WHERE c.id = ?", (contact["id"],)).fetchone()[0]
        cadence = max((effective or 0) * REDEFINED_FACTOR, REDEFINED_AT_LEAST)
        rows.update(conn, "contact", {"id": contact["id"]}, {"cadence_days": cadence})
    elif outcome == ReviewOutcome.close:
        move(Stage.separation, "closed at a review")
        move(Stage.ended, "closed at a review, on good terms")
    terms = None
    if outcome == ReviewOutcome.adjust:
        from mentornet.services.agreements import latest_agreement

        latest = latest_agreement(conn, contact["id"])
        terms = latest.as_json() if latest else None
    return Reviewed(review, stages, cadence, terms)


def reviews(conn: sqlite3.Connection, *, contact_id: int | None = None) -> list[Review]:
    """Reviews (a contact's, when given), oldest first."""
    where, params = ("WHERE r.contact_id = ?", [contact_id]) if contact_id is not None else ("", [])
    cursor = conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(
        f"""SELECT r.id, r.contact_id, c.name, r.on_date, r.working, r.outcome,
                   (SELECT group_concat(code, ' ') FROM review_flag f WHERE f.review_id = r.id), r.note
            FROM review r JOIN contact c ON c.id = r.contact_id {where}
            ORDER BY r.on_date, r.id""", params)
    return [Review(id_, contact_id_, name, date.fromisoformat(on), working, outcome,
                   _flag_order(flags.split()) if flags else [], note)
            for id_, contact_id_, name, on, working, outcome, flags, note in found]


def open_flags(conn: sqlite3.Connection, contact_id: int) -> list[str]:
    """The failure factors named in the contact's latest review: open until a review says otherwise."""
    row = conn.execute("""SELECT (SELECT group_concat(code, ' ') FROM review_flag WHERE review_id = r.id)
                          FROM review r WHERE r.contact_id = ? ORDER BY r.on_date DESC, r.id DESC LIMIT 1""",
                       (contact_id,)).fetchone()
    return _flag_order(row[0].split()) if row and row[0] else []


def check_not_ended(conn: sqlite3.Connection, ref: str) -> tuple[int, str]:
    """The contact's id and name, refused as `record_review` refuses: before an interview starts."""
    contact = resolve(conn, ref)
    if contact["stage"] == Stage.ended:
        raise Refused(f"{contact['name']} is ended; there is nothing to review. To start again, move the stage "
                      f"first, like `mentornet contacts stage {contact['id']} initiation`")
    return contact["id"], contact["name"]
