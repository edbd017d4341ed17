"""Action items from meetings: yours and theirs."""

from datetime import date

from sqlmodel import Session

from mentornet.services.completion import mark_done_once
from mentornet.store.schema import ActionItem


def mark_done(session: Session, action_id: int, *, on: date) -> ActionItem:
    return mark_done_once(session, ActionItem, action_id, on=on, noun="action", hint="mentornet actions list --open")
