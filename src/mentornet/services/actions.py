"""Action items from meetings: yours and theirs."""

from datetime import date

from sqlmodel import Session

from mentornet.errors import NotFound, Refused
from mentornet.store.schema import ActionItem


def mark_done(session: Session, action_id: int, *, on: date) -> ActionItem:
    action = session.get(ActionItem, action_id)
    if action is None:
        raise NotFound(f"no action with id {action_id}; see `mentornet actions list --open`")
    if action.done_on is not None:
        raise Refused(f"action {action_id} was already done on {action.done_on}")
    action.done_on = on
    session.add(action)
    return action
