"""Approaches, follow-ups, replies and giving up (domain.md: the numbers game).

One approach, one follow-up after about a week, then leave them alone: a third attempt is
refused unless forced.
"""

from datetime import date

from sqlmodel import Session, select

from mentornet.errors import NotFound, Refused
from mentornet.services.contacts import advance, resolve
from mentornet.services.roles import check_roles
from mentornet.store import reads
from mentornet.store.schema import Contact, Outreach
from mentornet.store.writes import raw_connection
from mentornet.text import clean
from mentornet.vocabulary import Channel, Outcome, Stage


def _sequence(session: Session, contact: Contact) -> list[Outreach]:
    """The attempts since the last answer (reply or decline): the current run of asking."""
    rows = session.exec(
        select(Outreach).where(Outreach.contact_id == contact.id).order_by(Outreach.on_date, Outreach.id)
    ).all()
    current: list[Outreach] = []
    for row in rows:
        if row.outcome in (Outcome.replied, Outcome.declined):
            current = []
        else:
            current.append(row)
    return current


def _refuse_third(contact: Contact, attempts: list[Outreach]) -> None:
    last = attempts[-1]
    raise Refused(
        f"{contact.name} has had {len(attempts)} unanswered attempts (last on {last.on_date}); "
        "leave them alone, or add --force to try again"
    )


def log_approach(
    session: Session, ref: str, *, on: date, channel: Channel = Channel.email, ask: str | None = None,
    for_role: str | None = None, force: bool = False,
) -> Outreach:
    """Record a first approach; the contact moves from prospect to contacted."""
    contact = resolve(session, ref)
    role = check_roles(reads.role_keys(raw_connection(session)), [for_role])[0] if for_role else None
    attempts = _sequence(session, contact)
    if attempts and not force:
        if len(attempts) >= 2 or attempts[-1].outcome == Outcome.no_response:
            _refuse_third(contact, attempts)
        raise Refused(
            f"{contact.name} was approached on {attempts[-1].on_date} with no reply yet; "
            f"use `mentornet outreach follow-up` (or --force for a new approach)"
        )
    if contact.stage in (Stage.declined,) and not force:
        raise Refused(f"{contact.name} declined; add --force to approach them again")
    row = Outreach(contact_id=contact.id, attempt=len(attempts) + 1 if force else 1, on_date=on,
                   channel=str(channel), ask=clean(ask), for_role=role)
    session.add(row)
    advance(session, contact, Stage.contacted, on, only_from=frozenset({Stage.prospect}), note="approached")
    session.flush()
    return row


def follow_up(session: Session, ref: str, *, on: date, channel: Channel | None = None, force: bool = False) -> Outreach:
    """Record the one follow-up; a third attempt is refused unless forced."""
    contact = resolve(session, ref)
    attempts = _sequence(session, contact)
    if not attempts:
        raise NotFound(f"{contact.name} has no unanswered approach to follow up; log one with `mentornet outreach log`")
    if len(attempts) >= 2 and not force:
        _refuse_third(contact, attempts)
    row = Outreach(contact_id=contact.id, attempt=len(attempts) + 1, on_date=on,
                   channel=str(channel or attempts[-1].channel), ask=attempts[0].ask, for_role=attempts[0].for_role)
    session.add(row)
    advance(session, contact, Stage.contacted, on, only_from=frozenset({Stage.prospect}), note="followed up")
    session.flush()
    return row


def _unanswered(session: Session, contact: Contact, verb: str, outcomes: tuple[str, ...]) -> list[Outreach]:
    pending = [row for row in _sequence(session, contact) if row.outcome in outcomes]
    if not pending:
        raise NotFound(
            f"{contact.name} has no outreach waiting for an answer to {verb}; "
            "record other contact with `mentornet touch`"
        )
    return pending


def reply(session: Session, ref: str, *, on: date, declined: bool = False, note: str | None = None) -> Contact:
    """They answered: every pending attempt gets the outcome; contacted moves to responded or declined."""
    contact = resolve(session, ref)
    outcome = Outcome.declined if declined else Outcome.replied
    # a late answer after giving up still counts
    for row in _unanswered(session, contact, "mark as answered", (Outcome.pending, Outcome.no_response)):
        row.outcome, row.outcome_on, row.note = outcome, on, clean(note) or row.note
        session.add(row)
    to = Stage.declined if declined else Stage.responded
    advance(session, contact, to, on, only_from=frozenset({Stage.contacted, Stage.no_response}), note=str(outcome))
    return contact


def give_up(session: Session, ref: str, *, on: date) -> Contact:
    """No reply after the follow-up: mark it and leave them alone."""
    contact = resolve(session, ref)
    for row in _unanswered(session, contact, "give up on", (Outcome.pending,)):
        row.outcome, row.outcome_on = Outcome.no_response, on
        session.add(row)
    advance(session, contact, Stage.no_response, on, only_from=frozenset({Stage.prospect, Stage.contacted}),
            note="no reply after the follow-up")
    return contact
