"""Approaches, follow-ups, replies and giving up (domain.md: the numbers game).

One approach, one follow-up after about a week, then leave them alone: a third attempt is
refused unless forced.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentornet.errors import NotFound, Refused
from mentornet.services.contacts import advance, resolve
from mentornet.services.roles import check_roles, role_keys
from mentornet.store import rows
from mentornet.text import clean
from mentornet.vocabulary import Channel, Outcome, Stage


@dataclass(frozen=True)
class Attempt:
    """One outreach attempt and its outcome."""

    id: int
    contact: str
    contact_id: int
    attempt: int  # 1 = the approach, 2 = the follow-up
    on: date
    channel: str
    ask: str | None
    for_role: str | None
    outcome: str
    outcome_on: date | None
    note: str | None  # what came with the answer; history shows it, the list doesn't

    def as_json(self) -> dict:
        return {"id": self.id, "contact": self.contact, "attempt": self.attempt, "on": self.on,
                "channel": self.channel, "ask": self.ask, "for_role": self.for_role, "outcome": self.outcome,
                "outcome_on": self.outcome_on}


def attempts(conn: sqlite3.Connection, *, open_only: bool = False, contact_id: int | None = None) -> list[Attempt]:
    """Outreach attempts (those still waiting for an answer, a contact's), oldest first."""
    where: list[str] = []
    params: list[object] = []
    if open_only:
        where.append(f"o.outcome = '{Outcome.pending}'")
    if contact_id is not None:
        where.append("o.contact_id = ?")
        params.append(contact_id)
    cursor = conn.cursor()
    cursor.row_factory = None
    rows_ = cursor.execute(
        f"""SELECT o.id, c.name AS contact, o.contact_id, o.attempt, o.on_date AS "on", o.channel, o.ask,
                   o.for_role, o.outcome, o.outcome_on, o.note
            FROM outreach o JOIN contact c ON c.id = o.contact_id
            {"WHERE " + " AND ".join(where) if where else ""} ORDER BY o.on_date, o.id""",
        params,
    )
    return [Attempt(id_, contact, contact_id_, attempt, date.fromisoformat(on), channel, ask, for_role, outcome,
                    date.fromisoformat(outcome_on) if outcome_on else None, note)
            for id_, contact, contact_id_, attempt, on, channel, ask, for_role, outcome, outcome_on, note in rows_]


def _sequence(conn: sqlite3.Connection, contact: sqlite3.Row) -> list[sqlite3.Row]:
    """The attempts since the last answer (reply or decline): the current run of asking."""
    attempts = conn.execute("SELECT * FROM outreach WHERE contact_id = ? ORDER BY on_date, id", (contact["id"],))
    current: list[sqlite3.Row] = []
    for row in attempts:
        if row["outcome"] in (Outcome.replied, Outcome.declined):
            current = []
        else:
            current.append(row)
    return current


def _refuse_third(contact: sqlite3.Row, attempts: list[sqlite3.Row]) -> None:
    last = attempts[-1]
    raise Refused(
        f"{contact['name']} has had {len(attempts)} unanswered attempts (last on {last['on_date']}); "
        "leave them alone, or add --force to try again"
    )


def log_approach(
    conn: sqlite3.Connection, ref: str, *, on: date, channel: Channel = Channel.email, ask: str | None = None,
    for_role: str | None = None, force: bool = False,
) -> int:
    """Record a first approach and return its id; the contact moves from prospect to contacted."""
    contact = resolve(conn, ref)
    role = check_roles(role_keys(conn), [for_role])[0] if for_role else None
    attempts = _sequence(conn, contact)
    if attempts and not force:
        if len(attempts) >= 2 or attempts[-1]["outcome"] == Outcome.no_response:
            _refuse_third(contact, attempts)
        raise Refused(
            f"{contact['name']} was approached on {attempts[-1]['on_date']} with no reply yet; "
            f"use `mentornet outreach follow-up` (or --force for a new approach)"
        )
    if contact["stage"] in (Stage.declined,) and not force:
        raise Refused(f"{contact['name']} declined; add --force to approach them again")
    row_id = rows.insert(conn, "outreach", {"contact_id": contact["id"], "attempt": len(attempts) + 1 if force else 1,
                                               "on_date": on, "channel": channel, "ask": clean(ask), "for_role": role})
    advance(conn, contact, Stage.contacted, on, only_from=frozenset({Stage.prospect}), note="approached")
    return row_id


def follow_up(conn: sqlite3.Connection, ref: str, *, on: date, channel: Channel | None = None,
              force: bool = False) -> int:
    """Record the one follow-up and return its attempt number; a third attempt is refused unless forced."""
    contact = resolve(conn, ref)
    attempts = _sequence(conn, contact)
    if not attempts:
        raise NotFound(f"{contact['name']} has no unanswered approach to follow up; log one with `mentornet outreach log`")
    if len(attempts) >= 2 and not force:
        _refuse_third(contact, attempts)
    attempt = len(attempts) + 1
    rows.insert(conn, "outreach", {"contact_id": contact["id"], "attempt": attempt, "on_date": on,
                                      "channel": channel or attempts[-1]["channel"], "ask": attempts[0]["ask"],
                                      "for_role": attempts[0]["for_role"]})
    advance(conn, contact, Stage.contacted, on, only_from=frozenset({Stage.prospect}), note="followed up")
    return attempt


def _unanswered(conn: sqlite3.Connection, contact: sqlite3.Row, verb: str,
                outcomes: tuple[str, ...]) -> list[sqlite3.Row]:
    pending = [row for row in _sequence(conn, contact) if row["outcome"] in outcomes]
    if not pending:
        raise NotFound(
            f"{contact['name']} has no outreach waiting for an answer to {verb}; "
            "record other contact with `mentornet touch`"
        )
    return pending


def reply(conn: sqlite3.Connection, ref: str, *, on: date, declined: bool = False,
          note: str | None = None) -> sqlite3.Row:
    """They answered: every pending attempt gets the outcome; contacted moves to responded or declined."""
    contact = resolve(conn, ref)
    outcome = Outcome.declined if declined else Outcome.replied
    # a late answer after giving up still counts
    for row in _unanswered(conn, contact, "mark as answered", (Outcome.pending, Outcome.no_response)):
        rows.update(conn, "outreach", {"id": row["id"]},
                       {"outcome": outcome, "outcome_on": on, "note": clean(note) or row["note"]})
    to = Stage.declined if declined else Stage.responded
    advance(conn, contact, to, on, only_from=frozenset({Stage.contacted, Stage.no_response}), note=str(outcome))
    return contact


def give_up(conn: sqlite3.Connection, ref: str, *, on: date) -> sqlite3.Row:
    """No reply after the follow-up: mark it and leave them alone."""
    contact = resolve(conn, ref)
    for row in _unanswered(conn, contact, "give up on", (Outcome.pending,)):
        rows.update(conn, "outreach", {"id": row["id"]}, {"outcome": Outcome.no_response, "outcome_on": on})
    advance(conn, contact, Stage.no_response, on, only_from=frozenset({Stage.prospect, Stage.contacted}),
            note="no reply after the follow-up")
    return contact
