"""Meetings and what comes out of them: notes, agreed next meeting, actions, referrals, thanks."""

import re
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from mentornet.errors import Ambiguous, BadInput, NotFound
from mentornet.services.contacts import advance, resolve
from mentornet.store.schema import ActionItem, Contact, Meeting, Referral, StageChange
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


def log_meeting(session: Session, ref: str, record: MeetingRecord) -> tuple[Meeting, list[Contact]]:
    """Record a meeting; returns it and any prospects created from referrals to new names."""
    if record.rating is not None and not 1 <= record.rating <= 5:
        raise BadInput("--rating must be 1 to 5")
    contact = resolve(session, ref)
    meeting = Meeting(
        contact_id=contact.id, on_date=record.on, mode=clean(record.mode), agenda=clean(record.agenda),
        notes=clean(record.notes), rating=record.rating, next_on=record.next_on,
        thanked_on=record.on if record.thanked else None, stage_at_meeting=contact.stage,
    )
    session.add(meeting)
    session.flush()
    advance(session, contact, Stage.exploring, record.on, only_from=PIPELINE, note="met")
    for owner, actions in ((Owner.me, record.my_actions), (Owner.them, record.their_actions)):
        for text, due in actions:
            session.add(ActionItem(contact_id=contact.id, meeting_id=meeting.id, text=text, owner=owner, due_on=due))
    created = []
    for name in record.referrals:
        referred, new = _referred(session, name, contact, record.on)
        if new:
            created.append(referred)
        session.add(Referral(from_contact_id=contact.id, to_contact_id=referred.id, meeting_id=meeting.id,
                             on_date=record.on))
    return meeting, created


def _referred(session: Session, name: str, source: Contact, on: date) -> tuple[Contact, bool]:
    """The contact a referral names, by exact name; a new name becomes a prospect."""
    cleaned = clean(name)
    if not cleaned:
        raise BadInput("a referral needs a name, like --referral \"Mei Chen\"")
    same = session.exec(select(Contact).where(Contact.name_key == search_key(cleaned))).all()
    if len(same) > 1:
        listed = ", ".join(f"{c.name} (id {c.id})" for c in same)
        raise Ambiguous(f"referral {cleaned!r} matches several contacts: {listed}; give the full name of one")
    if same:
        if same[0].id == source.id:
            raise BadInput(f"{source.name} can't be referred to themselves; name someone else in --referral")
        return same[0], False
    prospect = Contact(name=cleaned, name_key=search_key(cleaned), stage=Stage.prospect, added_on=on,
                       referred_by_id=source.id)
    session.add(prospect)
    session.flush()
    session.add(StageChange(contact_id=prospect.id, from_stage=None, to_stage=Stage.prospect, on_date=on,
                            note=f"referred by {source.name}"))
    return prospect, True


def mark_thanked(session: Session, ref: str, *, on: date) -> Meeting:
    """Record the thank-you for the latest meeting that hasn't had one."""
    contact = resolve(session, ref)
    meeting = session.exec(
        select(Meeting).where(Meeting.contact_id == contact.id, Meeting.thanked_on.is_(None))
        .order_by(Meeting.on_date.desc(), Meeting.id.desc())
    ).first()
    if meeting is None:
        raise NotFound(f"{contact.name} has no meeting waiting for a thank-you; log one with `mentornet meeting log`")
    meeting.thanked_on = on
    session.add(meeting)
    return meeting



