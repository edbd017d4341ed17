"""The lean read path for goals, self-assessments and meeting prep (schema 3): plain SQL, sqlite3 only.

Like `reads`, these take any sqlite3 connection: a read-only command's, or a write transaction's.
"""

import json
import sqlite3
from datetime import date

# A goal's roles in role order and its mentors by name, as JSON arrays.
_GOAL_COLUMNS = """g.id, g.text, g.horizon, g.target_on AS "by", g.done_on,
    (SELECT json_group_array(role_key) FROM (SELECT gr.role_key FROM goal_role gr JOIN role r ON r.key = gr.role_key
       WHERE gr.goal_id = g.id ORDER BY r.position, r.key)) AS roles,
    (SELECT json_group_array(json_array(id, name)) FROM (SELECT c.id, c.name FROM goal_mentor gm
       JOIN contact c ON c.id = gm.contact_id WHERE gm.goal_id = g.id ORDER BY c.name_key, c.id)) AS mentors"""
_GOAL_ORDER = "ORDER BY g.done_on IS NOT NULL, g.target_on IS NULL, g.target_on, g.id"


def _goal(row: sqlite3.Row) -> dict:
    record = dict(row)
    record["roles"] = json.loads(record["roles"])
    mentors = json.loads(record.pop("mentors"))
    record["mentors"] = [name for _, name in mentors]
    record["mentor_ids"] = [id_ for id_, _ in mentors]
    return record


def goal_rows(conn: sqlite3.Connection, *, include_done: bool = False) -> list[dict]:
    """Goals, open ones first by target date: {id, text, horizon, by, done_on, roles, mentors, mentor_ids}."""
    where = "" if include_done else "WHERE g.done_on IS NULL"
    return [_goal(row) for row in conn.execute(f"SELECT {_GOAL_COLUMNS} FROM goal g {where} {_GOAL_ORDER}")]


def overdue_goals(conn: sqlite3.Connection, until: date) -> list[dict]:
    """Open goals whose target date is on or before `until`."""
    rows = conn.execute(
        f"SELECT {_GOAL_COLUMNS} FROM goal g WHERE g.done_on IS NULL AND g.target_on <= ? {_GOAL_ORDER}",
        (until.isoformat(),),
    )
    return [_goal(row) for row in rows]


def goals_of_contact(conn: sqlite3.Connection, contact_id: int) -> list[dict]:
    """Open goals a contact helps with: named as a mentor of the goal, or filling one of its roles."""
    rows = conn.execute(
        f"""SELECT {_GOAL_COLUMNS},
                   EXISTS (SELECT 1 FROM goal_mentor WHERE goal_id = g.id AND contact_id = :contact) AS mentor,
                   (SELECT json_group_array(gr.role_key) FROM goal_role gr JOIN contact_role cr
                      ON cr.role_key = gr.role_key AND cr.contact_id = :contact WHERE gr.goal_id = g.id) AS shared
            FROM goal g
            WHERE g.done_on IS NULL
              AND (EXISTS (SELECT 1 FROM goal_mentor WHERE goal_id = g.id AND contact_id = :contact)
                   OR EXISTS (SELECT 1 FROM goal_role gr JOIN contact_role cr ON cr.role_key = gr.role_key
                              WHERE gr.goal_id = g.id AND cr.contact_id = :contact))
            {_GOAL_ORDER}""",
        {"contact": contact_id},
    )
    goals = []
    for row in rows:
        record = _goal(row)
        record["mentor"] = bool(record["mentor"])
        record["shared_roles"] = json.loads(record.pop("shared"))
        goals.append(record)
    return goals


# --- self-assessments ---

LIST_ANSWERS = ("goals", "long_term_goals", "personal_goals", "strengths", "challenges", "needs", "helps",
                "hinders", "colleague_values")


def _assessment(row: sqlite3.Row) -> dict:
    record = dict(row)
    for name in LIST_ANSWERS:
        record[name] = json.loads(record[name]) if record[name] else []
    return record


def assessments(conn: sqlite3.Connection) -> list[dict]:
    """Every self-assessment, oldest first, list answers decoded."""
    rows = conn.execute("SELECT * FROM assessment ORDER BY on_date, id")
    return [_assessment(row) for row in rows]


def latest_assessment(conn: sqlite3.Connection) -> dict | None:
    row = conn.execute("SELECT * FROM assessment ORDER BY on_date DESC, id DESC LIMIT 1").fetchone()
    return _assessment(row) if row else None


# --- meeting prep ---

def stage_since(conn: sqlite3.Connection, contact_id: int, stage: str) -> str | None:
    """The day a contact last moved into the stage it is in (None when no move is recorded)."""
    row = conn.execute(
        """SELECT on_date FROM stage_change WHERE contact_id = ? AND to_stage = ?
           ORDER BY on_date DESC, id DESC LIMIT 1""",
        (contact_id, stage),
    ).fetchone()
    return row[0] if row else None


def latest_meeting(conn: sqlite3.Connection, contact_id: int) -> dict | None:
    """A contact's latest meeting (by the date it happened), through the pointer the triggers keep."""
    row = conn.execute(
        """SELECT m.id, m.on_date AS "on", m.mode, m.agenda, m.notes, m.rating, m.next_on AS "next", m.thanked_on,
                  m.stage_at_meeting
           FROM contact c JOIN meeting m ON m.id = c.latest_meeting_id WHERE c.id = ?""",
        (contact_id,),
    ).fetchone()
    return dict(row) if row else None


def meeting_count(conn: sqlite3.Connection, contact_id: int) -> int:
    return conn.execute("SELECT count(*) FROM meeting WHERE contact_id = ?", (contact_id,)).fetchone()[0]


def referrals_from(conn: sqlite3.Connection, contact_id: int) -> list[dict]:
    """The people a contact referred you to, and whether you have been in contact with each since."""
    rows = conn.execute(
        """SELECT r.on_date AS "on", t.id AS contact_id, t.name, t.stage, t.last_contact_on AS last_contact
           FROM referral r JOIN contact t ON t.id = r.to_contact_id
           WHERE r.from_contact_id = ? ORDER BY r.on_date, r.id""",
        (contact_id,),
    )
    return [dict(row) for row in rows]
