"""Career goals (domain.md, "Goal"): short- and long-term, with a target date, the roles and the
mentors who help with them. Overdue goals reach `outreach due` only when asked (`--goals`)."""

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentornet.errors import BadInput, NotFound
from mentornet.store import rows
from mentornet.text import clean
from mentornet.vocabulary import Horizon


@dataclass(frozen=True)
class Goal:
    """A goal as `goals list` shows it: its roles in role order, its mentors by name."""

    id: int
    text: str
    horizon: str
    by: date | None  # the target date
    roles: list[str]
    mentors: list[str]
    done_on: date | None

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "horizon": self.horizon, "by": self.by, "roles": self.roles,
                "mentors": self.mentors, "done_on": self.done_on}


@dataclass(frozen=True)
class HelpedGoal:
    """An open goal as `prep` shows it for one contact: whether they are named as its mentor, and
    the roles they fill that it needs."""

    id: int
    text: str
    horizon: str
    by: date | None
    mentor: bool
    roles: list[str]

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "horizon": self.horizon, "by": self.by, "mentor": self.mentor,
                "roles": self.roles}


_GOAL_COLUMNS = """g.id, g.text, g.horizon, g.target_on AS "by",
    (SELECT json_group_array(role_key) FROM (SELECT gr.role_key FROM goal_role gr JOIN role r ON r.key = gr.role_key
       WHERE gr.goal_id = g.id ORDER BY r.position, r.key) AS held) AS roles,
    (SELECT json_group_array(name) FROM (SELECT c.name FROM goal_mentor gm
       JOIN contact c ON c.id = gm.contact_id WHERE gm.goal_id = g.id ORDER BY c.name_key, c.id) AS helping) AS mentors,
    g.done_on"""
_GOAL_ORDER = "ORDER BY g.done_on IS NOT NULL, g.target_on IS NULL, g.target_on, g.id"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _goal(row: sqlite3.Row) -> Goal:
    id_, text, horizon, by, roles, mentors, done_on = row
    return Goal(id_, text, horizon, _day(by), json.loads(roles), json.loads(mentors), _day(done_on))


def goals(conn: sqlite3.Connection, *, include_done: bool = False) -> list[Goal]:
    """Goals, open ones first, soonest target first."""
    where = "" if include_done else "WHERE g.done_on IS NULL"
    return [_goal(row) for row in conn.execute(f"SELECT {_GOAL_COLUMNS} FROM goal g {where} {_GOAL_ORDER}")]


def overdue_goals(conn: sqlite3.Connection, until: date) -> list[Goal]:
    """Open goals whose target date is on or before `until`."""
    found = conn.execute(
        f"SELECT {_GOAL_COLUMNS} FROM goal g WHERE g.done_on IS NULL AND g.target_on <= ? {_GOAL_ORDER}",
        (until.isoformat(),),
    )
    return [_goal(row) for row in found]


def goals_of_contact(conn: sqlite3.Connection, contact_id: int) -> list[HelpedGoal]:
    """Open goals a contact helps with: named as a mentor of the goal, or filling one of its roles."""
    found = conn.execute(
        f"""SELECT g.id, g.text, g.horizon, g.target_on AS "by",
                   EXISTS (SELECT 1 FROM goal_mentor WHERE goal_id = g.id AND contact_id = :contact) AS mentor,
                   (SELECT json_group_array(gr.role_key) FROM goal_role gr JOIN contact_role cr
                      ON cr.role_key = gr.role_key AND cr.contact_id = :contact WHERE gr.goal_id = g.id) AS roles
            FROM goal g
            WHERE g.done_on IS NULL
              AND (EXISTS (SELECT 1 FROM goal_mentor WHERE goal_id = g.id AND contact_id = :contact)
                   OR EXISTS (SELECT 1 FROM goal_role gr JOIN contact_role cr ON cr.role_key = gr.role_key
                              WHERE gr.goal_id = g.id AND cr.contact_id = :contact))
            {_GOAL_ORDER}""",
        {"contact": contact_id},
    )
    return [HelpedGoal(id_, text, horizon, _day(by), bool(mentor), json.loads(roles))
            for id_, text, horizon, by, mentor, roles in found]


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
    from mentornet.services.contacts import find_contact
    from mentornet.services.roles import check_roles, role_keys

    cleaned = clean(text)
    if not cleaned:
        raise BadInput('a goal needs some text, like `mentornet goals add "Submit a K award" --by 2027-06-01`')
    keys = check_roles(role_keys(conn), list(roles))
    contact_ids = list(dict.fromkeys(find_contact(conn, ref) for ref in mentors))
    goal_id = rows.insert(conn, "goal", {"text": cleaned, "horizon": Horizon(horizon), "target_on": target_on})
    conn.executemany("INSERT INTO goal_role (goal_id, role_key) VALUES (?, ?)", [(goal_id, key) for key in keys])
    conn.executemany("INSERT INTO goal_mentor (goal_id, contact_id) VALUES (?, ?)",
                     [(goal_id, contact_id) for contact_id in contact_ids])
    return goal_id


def mark_done(conn: sqlite3.Connection, goal_id: int, *, on: date) -> str:
    """Mark a goal done; returns its text."""
    from mentornet.services.completion import mark_done_once

    return mark_done_once(conn, "goal", goal_id, on=on, noun="goal", hint="mentornet goals list --all")



def goal_text(conn: sqlite3.Connection, goal_id: int) -> str:
    from mentornet.services.completion import MAX_ID

    row = conn.execute("SELECT text FROM goal WHERE id = ?", (goal_id,)).fetchone() if 0 < goal_id <= MAX_ID else None
    if row is None:
        raise NotFound(f"no goal with id {goal_id}; see `mentornet goals list --all`")
    return row[0]


def edit_goal(
    conn: sqlite3.Connection,
    goal_id: int,
    *,
    text: str | None = None,
    horizon: Horizon | None = None,
    target_on: date | None = None,
    clear_target: bool = False,
    roles: Sequence[str] | None = None,
    mentors: Sequence[str] | None = None,
) -> str:
    """Change a goal: given values replace; given roles or mentors replace the goal's (an empty one
    alone clears them). Returns its text as it is now."""
    from mentornet.services.contacts import find_contact
    from mentornet.services.roles import check_roles, role_keys

    goal_text(conn, goal_id)
    values: dict[str, object] = {}
    if text is not None:
        cleaned = clean(text)
        if not cleaned:
            raise BadInput("a goal's text can't be empty; give --text some text")
        values["text"] = cleaned
    if horizon is not None:
        values["horizon"] = Horizon(horizon)
    if target_on is not None or clear_target:
        values["target_on"] = target_on
    keys = None if roles is None else check_roles(role_keys(conn), [r for r in roles if r.strip()])
    contact_ids = None if mentors is None else list(dict.fromkeys(find_contact(conn, ref) for ref in mentors
                                                                  if ref.strip()))
    if values:
        rows.update(conn, "goal", {"id": goal_id}, values)
    if keys is not None:
        conn.execute("DELETE FROM goal_role WHERE goal_id = ?", (goal_id,))
        conn.executemany("INSERT INTO goal_role (goal_id, role_key) VALUES (?, ?)", [(goal_id, key) for key in keys])
    if contact_ids is not None:
        conn.execute("DELETE FROM goal_mentor WHERE goal_id = ?", (goal_id,))
        conn.executemany("INSERT INTO goal_mentor (goal_id, contact_id) VALUES (?, ?)",
                         [(goal_id, contact_id) for contact_id in contact_ids])
    return goal_text(conn, goal_id)


def remove_goal(conn: sqlite3.Connection, goal_id: int) -> str:
    """Remove a goal (its role and mentor links go with it); returns its text."""
    text = goal_text(conn, goal_id)
    conn.execute("DELETE FROM goal WHERE id = ?", (goal_id,))
    return text
