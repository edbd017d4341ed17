"""What you and a contact agreed (issue 17): how often and how you meet, what each of you will do,
the goals it serves, and when to look at how it is working.

A new agreement supersedes the old, which stays as history. The current one is the latest by
(on_date, id), unless its `until_on` has passed. Its `every_days` becomes the contact's cadence
(so the check-in follows what you agreed); its review falls due `review_every_days` after the
agreement, or after the latest review since (the `review` rule in services/due.py says the same in
SQL; `review_on` here is that date for one contact).
"""

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentornet.errors import BadInput, NotFound, Refused
from mentornet.services.agreed import in_force, latest_agreement_id
from mentornet.services.contacts import resolve
from mentornet.store import rows
from mentornet.text import clean
from mentornet.vocabulary import Stage

REVIEW_EVERY_DAYS = 182  # six months: store/rows.DEFAULTS holds the same default for the column


@dataclass(frozen=True)
class AgreedGoal:
    id: int
    text: str
    by: date | None
    done_on: date | None

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "by": self.by, "done_on": self.done_on}


@dataclass(frozen=True)
class Agreement:
    """One agreement, as `agree show` prints it."""

    id: int
    contact_id: int
    contact: str
    on: date
    every_days: int | None
    format: str | None
    channel: str | None
    they_do: list[str]
    i_do: list[str]
    review_every_days: int
    until: date | None
    goals: list[AgreedGoal] = field(default_factory=list)

    def ended_by(self, as_of: date) -> bool:
        """Its `until` date has passed."""
        return self.until is not None and self.until < as_of

    def as_json(self) -> dict:
        return {"id": self.id, "on": self.on, "every_days": self.every_days, "format": self.format,
                "channel": self.channel, "they_do": list(self.they_do), "i_do": list(self.i_do),
                "goals": [goal.as_json() for goal in self.goals], "review_every_days": self.review_every_days,
                "until": self.until}


@dataclass(frozen=True)
class Agreements:
    """A contact's agreements: the current one (None when there is none, or it ran out), when it
    is to be reviewed, and every agreement, newest first."""

    contact_id: int
    contact: str
    stage: str
    current: Agreement | None
    review_on: date | None
    history: list[Agreement]

    def as_json(self) -> dict:
        return {"contact": self.contact, "contact_id": self.contact_id, "stage": self.stage,
                "current": self.current.as_json() if self.current else None, "review_on": self.review_on,
                "history": [agreement.as_json() for agreement in self.history]}

    def current_json(self) -> dict | None:
        """The current agreement with its review date (`contacts show --json`, `prep --json`)."""
        return {**self.current.as_json(), "review_on": self.review_on} if self.current else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_COLUMNS = """a.id, a.contact_id, c.name, a.on_date, a.every_days, a.format, a.channel, a.they_do, a.i_do,
    a.review_every_days, a.until_on"""


def _agreement(conn: sqlite3.Connection, row: tuple) -> Agreement:
    id_, contact_id, name, on, every, format_, channel, they_do, i_do, review_every, until = row
    goals = [AgreedGoal(goal_id, text, _day(by), _day(done))
             for goal_id, text, by, done in conn.execute(
                 """SELECT g.id, g.text, g.target_on, g.done_on FROM agreement_goal ag JOIN goal g ON g.id = ag.goal_id
                    WHERE ag.agreement_id = ? ORDER BY g.target_on IS NULL, g.target_on, g.id""", (id_,))]
    return Agreement(id_, contact_id, name, date.fromisoformat(on), every, format_, channel, json.loads(they_do),
                     json.loads(i_do), review_every, _day(until), goals)


def _plain(conn: sqlite3.Connection) -> sqlite3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


def latest_agreement(conn: sqlite3.Connection, contact_id: int) -> Agreement | None:
    """The contact's latest agreement, whether or not it has run out (one indexed lookup)."""
    row = _plain(conn).execute(
        f"""SELECT {_COLUMNS} FROM agreement a JOIN contact c ON c.id = a.contact_id
            WHERE a.contact_id = ? ORDER BY a.on_date DESC, a.id DESC LIMIT 1""", (contact_id,)).fetchone()
    return _agreement(conn, row) if row else None


def current_agreement(conn: sqlite3.Connection, contact_id: int, as_of: date) -> Agreement | None:
    """The agreement in force as of `as_of`: the latest, unless its `until` date has passed."""
    latest = latest_agreement(conn, contact_id)
    return None if latest is None or latest.ended_by(as_of) else latest


def review_on(conn: sqlite3.Connection, agreement: Agreement) -> date:
    """When `agreement` is to be reviewed: its review period after it or after the latest review
    since, or its `until` date when that comes first (the `review` rule of services/due.py)."""
    row = conn.execute("SELECT max(on_date) FROM review WHERE contact_id = ? AND on_date >= ?",
                       (agreement.contact_id, agreement.on.isoformat())).fetchone()
    base = _day(row[0]) or agreement.on
    try:
        due = base + timedelta(days=agreement.review_every_days)
    except OverflowError:
        due = date.max
    return min(due, agreement.until) if agreement.until else due


def agreements_of(conn: sqlite3.Connection, contact_id: int, as_of: date) -> Agreements:
    """`agree show`: the contact's current agreement, its review date, and the history."""
    contact = conn.execute("SELECT id, name, stage FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}; see `mentornet contacts list`")
    history = [_agreement(conn, row) for row in _plain(conn).execute(
        f"""SELECT {_COLUMNS} FROM agreement a JOIN contact c ON c.id = a.contact_id
            WHERE a.contact_id = ? ORDER BY a.on_date DESC, a.id DESC""", (contact_id,))]
    current = history[0] if history and not history[0].ended_by(as_of) else None
    return Agreements(contact_id, contact["name"], contact["stage"], current,
                      review_on(conn, current) if current else None, history)


def current_agreements(conn: sqlite3.Connection, as_of: date) -> list[tuple[Agreement, date]]:
    """Every contact's current agreement with its review date, by contact name (the IDP)."""
    found = _plain(conn).execute(
        f"""SELECT {_COLUMNS} FROM agreement a JOIN contact c ON c.id = a.contact_id
            WHERE a.id = {latest_agreement_id('a.contact_id')}
              AND {in_force('a.until_on', '?')} AND c.stage != ?
            ORDER BY c.name_key, c.id""", (as_of.isoformat(), Stage.ended)).fetchall()
    agreements = [_agreement(conn, row) for row in found]
    return [(agreement, review_on(conn, agreement)) for agreement in agreements]


@dataclass(frozen=True)
class Agreed:
    """What `agree` did: the new agreement's id, the contact, and what it replaced."""

    id: int
    contact_id: int
    contact: str
    stage: str
    review_on: date
    superseded: int | None  # the id of the agreement it replaces
    cadence_days: int | None  # the contact's cadence now, when the agreement set it


def agree(
    conn: sqlite3.Connection,
    ref: str,
    *,
    on: date,
    every_days: int | None = None,
    format_: str | None = None,
    channel: str | None = None,
    they_do: Sequence[str] = (),
    i_do: Sequence[str] = (),
    goal_ids: Sequence[int] = (),
    review_every_days: int | None = None,
    until: date | None = None,
) -> Agreed:
    """Record an agreement with a contact; it supersedes the one before. `every_days` becomes the
    contact's cadence. Refused for an ended relationship: move its stage first."""
    contact = resolve(conn, ref)
    if contact["stage"] == Stage.ended:
        raise Refused(f"{contact['name']} is ended; an agreement starts a relationship again: move the stage first, "
                      f"like `mentornet contacts stage {contact['id']} initiation`")
    if until is not None and until <= on:
        raise BadInput(f"--until {until} is not after the agreement's day ({on}); give a later date")
    for days, option in ((every_days, "--every"), (review_every_days, "--review-every")):
        if days is not None and days < 1:
            raise BadInput(f"{option}: must be at least one day")
    goals = list(dict.fromkeys(goal_ids))
    for goal_id in goals:
        if not (0 < goal_id < 2**63) or conn.execute("SELECT 1 FROM goal WHERE id = ?", (goal_id,)).fetchone() is None:
            raise NotFound(f"no goal with id {goal_id}; see `mentornet goals list`")
    before = latest_agreement(conn, contact["id"])
    values: dict[str, object] = {
        "contact_id": contact["id"], "on_date": on, "every_days": every_days, "format": clean(format_) or None,
        "channel": clean(channel) or None, "until_on": until,
        "they_do": json.dumps([text for text in map(clean, they_do) if text], ensure_ascii=False),
        "i_do": json.dumps([text for text in map(clean, i_do) if text], ensure_ascii=False),
    }
    if review_every_days is not None:
        values["review_every_days"] = review_every_days
    agreement_id = rows.insert(conn, "agreement", values)
    conn.executemany("INSERT INTO agreement_goal (agreement_id, goal_id) VALUES (?, ?)",
                     [(agreement_id, goal_id) for goal_id in goals])
    if every_days is not None:
        rows.update(conn, "contact", {"id": contact["id"]}, {"cadence_days": every_days})
    latest = latest_agreement(conn, contact["id"])
    assert latest is not None
    # back-dated before the latest one, it goes into the history without superseding anything
    superseded = before.id if before is not None and latest.id == agreement_id else None
    return Agreed(agreement_id, contact["id"], contact["name"], contact["stage"], review_on(conn, latest),
                  superseded, every_days)


def markdown(agreements: Agreements, me: str | None, as_of: date) -> str:
    """The current agreement as a one-page note you could send them."""
    agreement = agreements.current
    assert agreement is not None
    lines = [f"# Our mentoring agreement: {agreement.contact} and {me or 'me'}", "",
             f"Agreed on {agreement.on}."]
    if agreement.until:
        lines[-1] += f" It runs until {agreement.until}."
    lines += ["", "## How we meet", ""]
    lines.append(f"- Every {every_text(agreement.every_days)}" if agreement.every_days else
                 "- As often as we find useful")
    if agreement.format:
        lines.append(f"- Format: {agreement.format}")
    if agreement.channel:
        lines.append(f"- Between meetings: {agreement.channel}")
    for title, items in (("What you offered to do", agreement.they_do), ("What I will do", agreement.i_do)):
        if items:
            lines += ["", f"## {title}", ""] + [f"- {item}" for item in items]
    if agreement.goals:
        lines += ["", "## The goals it serves", ""]
        lines += [f"- {goal.text}" + (f" (by {goal.by})" if goal.by else "") for goal in agreement.goals]
    lines += ["", "## Looking at how it works", "",
              f"We'll look at how this is working around {agreements.review_on}, "
              f"and every {every_text(agreement.review_every_days)} after: what helps, what doesn't, and "
              "whether to go on as we are, change it, or let it end on good terms.", "",
              "Thank you for your time and your help."]
    return "\n".join(lines) + "\n"


def every_text(days: int) -> str:
    """`30 days (about monthly)`: the number as kept, and a reading of it."""
    names = {7: "weekly", 14: "every two weeks", 30: "monthly", 31: "monthly", 60: "every two months",
             61: "every two months", 90: "every three months", 91: "every three months", 92: "every three months",
             182: "every six months", 183: "every six months", 365: "yearly", 366: "yearly"}
    said = names.get(days)
    return f"{days} day{'' if days == 1 else 's'}" + (f" (about {said})" if said else "")
