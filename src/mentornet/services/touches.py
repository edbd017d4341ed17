"""Touches: any other contact that counts (an email exchange, a hallway chat)."""

from datetime import date

from sqlmodel import Session

from mentornet.services.contacts import resolve
from mentornet.store.schema import Touch
from mentornet.text import clean


def log_touch(session: Session, ref: str, *, on: date, via: str | None = None, note: str | None = None) -> Touch:
    contact = resolve(session, ref)
    touch = Touch(contact_id=contact.id, on_date=on, channel=clean(via), note=clean(note))
    session.add(touch)
    session.flush()
    return touch
