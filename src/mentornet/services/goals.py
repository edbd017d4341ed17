"""Career goals (domain.md, "Goal"): short- and long-term, with a target date, the roles and the
mentors who help with them. Overdue goals reach `outreach due` only when asked (`--goals`)."""

import sqlite3
from collections.abc import Sequence
from datetime import date

from mentornet.errors import BadInput
from mentornet.store import reads, rows
from mentornet.text import clean
from mentornet.vocabulary import Horizon

JSON_KEYS = ("id", "text", "horizon", "by", "roles", "mentors", "done_on")


def add_goal(
    conn: sqlite3.Connection,
    text: str,
    *,
    horizon: Horizon = Horizon.short,
    target_on: date | None = None,
    roles: Sequence[str] = (),
    mentors: Sequence[str] = (),
) -> int:
    """Add a goal linked to roles (keys, checked) and mentors (CONTACT references); returns its id."""
    from mentornet.services.roles import check_roles

    cleaned = clean(text)
    if not cleaned:
        raise BadInput('a goal needs some text, like `mentornet goals add "Submit a K award" --by 2027-06-01`')
    keys = check_roles(reads.role_keys(conn), list(roles))
    contact_ids = list(dict.fromkeys(reads.find_contact(conn, ref) for ref in mentors))
    goal_id = rows.insert(conn, "goal", {"text": cleaned, "horizon": Horizon(horizon), "target_on": target_on})
    conn.executemany("INSERT INTO goal_role (goal_id, role_key) VALUES (?, ?)", [(goal_id, key) for key in keys])
    conn.executemany("INSERT INTO goal_mentor (goal_id, contact_id) VALUES (?, ?)",
                     [(goal_id, contact_id) for contact_id in contact_ids])
    return goal_id


def mark_done(conn: sqlite3.Connection, goal_id: int, *, on: date) -> str:
    """Mark a goal done; returns its text."""
    from mentornet.services.completion import mark_done_once

    return mark_done_once(conn, "goal", goal_id, on=on, noun="goal", hint="mentornet goals list --all")


def as_json(row: dict) -> dict:
    """A goal as `goals list --json` shows it: {id, text, horizon, by, roles, mentors, done_on}."""
    return {key: row[key] for key in JSON_KEYS}
