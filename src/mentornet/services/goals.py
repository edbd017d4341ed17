"""Career goals (domain.md, "Goal"): short- and long-term, with a target date, the roles and the
mentors who help with them. Overdue goals reach `outreach due` only when asked (`--goals`)."""

from datetime import date
from typing import TYPE_CHECKING

from mentornet.errors import BadInput
from mentornet.store import reads
from mentornet.text import clean
from mentornet.vocabulary import Horizon

if TYPE_CHECKING:  # `goals list` reads on the lean path, so SQLModel loads only to write
    from sqlmodel import Session

    from mentornet.store.schema import Goal

JSON_KEYS = ("id", "text", "horizon", "by", "roles", "mentors", "done_on")


def add_goal(
    session: "Session",
    text: str,
    *,
    horizon: Horizon = Horizon.short,
    target_on: date | None = None,
    roles: list[str] = (),
    mentors: list[str] = (),
) -> "Goal":
    """Add a goal linked to roles (keys, checked) and mentors (CONTACT references)."""
    from mentornet.services.roles import check_roles
    from mentornet.store.schema import Goal, GoalMentor, GoalRole
    from mentornet.store.writes import raw_connection

    cleaned = clean(text)
    if not cleaned:
        raise BadInput('a goal needs some text, like `mentornet goals add "Submit a K award" --by 2027-06-01`')
    conn = raw_connection(session)
    keys = check_roles(reads.role_keys(conn), list(roles))
    contact_ids = list(dict.fromkeys(reads.find_contact(conn, ref) for ref in mentors))
    goal = Goal(text=cleaned, horizon=str(Horizon(horizon)), target_on=target_on)
    session.add(goal)
    session.flush()
    session.add_all([GoalRole(goal_id=goal.id, role_key=key) for key in keys])
    session.add_all([GoalMentor(goal_id=goal.id, contact_id=contact_id) for contact_id in contact_ids])
    return goal


def mark_done(session: "Session", goal_id: int, *, on: date) -> "Goal":
    from mentornet.store.schema import Goal

    from mentornet.services.completion import mark_done_once

    return mark_done_once(session, Goal, goal_id, on=on, noun="goal", hint="mentornet goals list --all")


def as_json(row: dict) -> dict:
    """A goal as `goals list --json` shows it: {id, text, horizon, by, roles, mentors, done_on}."""
    return {key: row[key] for key in JSON_KEYS}
