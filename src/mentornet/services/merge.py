"""Merging a duplicate contact into the one to keep (`contacts merge FROM INTO`).

Every record of FROM moves to INTO: outreach, meetings, touches, sponsorships, actions, stage history, referrals
both ways, the goals it mentors, its roles and tags, and the contacts it referred. INTO's empty
fields are filled from FROM; FROM's other differing values are kept in INTO's notes, one line per
field ("merged from NAME: title: X"), so nothing known about the person is lost. Then FROM is
removed. The caller's one transaction makes it all or nothing.
"""

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from mentornet.errors import BadInput
from mentornet.services.contacts import find_contact
from mentornet.store import rows
from mentornet.vocabulary import PIPELINE, Stage

# The fields a merge fills or keeps in notes, in the order the notes list them
_FIELDS = ("name", "email", "phone", "title", "institution", "specialty", "city", "seniority", "locality",
           "met_at", "met_on", "profile_url", "direction", "stage", "cadence_days", "referred_by_id", "notes")
_NOT_FILLED = ("name", "direction", "stage")  # INTO always has one: FROM's differing one goes to the notes

# Records that belong to one contact: (table, its contact column)
_MOVED = (("outreach", "contact_id"), ("meeting", "contact_id"), ("touch", "contact_id"),
          ("sponsorship", "contact_id"), ("action_item", "contact_id"), ("stage_change", "contact_id"),
          ("referral", "from_contact_id"), ("referral", "to_contact_id"),
          ("agreement", "contact_id"), ("review", "contact_id"), ("question", "contact_id"))
_LINKS = (("contact_role", "role_key"), ("contact_tag", "tag"), ("goal_mentor", "goal_id"))


@dataclass
class MergePlan:
    """What a merge moves, fills and keeps; what `--dry-run` shows."""

    source_id: int
    source: str
    target_id: int
    target: str
    moved: dict[str, int] = field(default_factory=dict)  # what -> how many records
    filled: dict[str, object] = field(default_factory=dict)  # INTO's empty fields, from FROM
    noted: list[str] = field(default_factory=list)  # the lines added to INTO's notes
    stage: str | None = None  # FROM's stage, taken when it is further along than INTO's pipeline stage

    def as_json(self) -> dict:
        return {"from": {"id": self.source_id, "name": self.source}, "into": {"id": self.target_id, "name": self.target},
                "moved": self.moved, "filled": self.filled, "noted": self.noted, "stage": self.stage}


_PIPELINE_ORDER = (Stage.prospect, Stage.contacted, Stage.responded)


def _rank(stage: str) -> int:
    """How far along a stage is: the pipeline in order, anything after it beyond."""
    return _PIPELINE_ORDER.index(Stage(stage)) if stage in PIPELINE else len(_PIPELINE_ORDER)


def _shown(conn: sqlite3.Connection, name: str, value: object) -> str:
    if name == "referred_by_id":
        row = conn.execute("SELECT name FROM contact WHERE id = ?", (value,)).fetchone()
        return row[0] if row else str(value)
    if name == "cadence_days":
        return f"every {value} days"
    return str(value)


def plan_merge(conn: sqlite3.Connection, from_ref: str, into_ref: str) -> MergePlan:
    """What merging FROM into INTO would do, without doing it."""
    source_id, target_id = find_contact(conn, from_ref), find_contact(conn, into_ref)
    if source_id == target_id:
        raise BadInput("FROM and INTO are the same contact; name the duplicate first, then the one to keep")
    source = conn.execute("SELECT * FROM contact WHERE id = ?", (source_id,)).fetchone()
    target = conn.execute("SELECT * FROM contact WHERE id = ?", (target_id,)).fetchone()
    plan = MergePlan(source_id, source["name"], target_id, target["name"])
    counts = {
        "outreach": "SELECT count(*) FROM outreach WHERE contact_id = :f",
        "meetings": "SELECT count(*) FROM meeting WHERE contact_id = :f",
        "touches": "SELECT count(*) FROM touch WHERE contact_id = :f",
        "sponsorships": "SELECT count(*) FROM sponsorship WHERE contact_id = :f",
        "actions": "SELECT count(*) FROM action_item WHERE contact_id = :f",
        "stage changes": "SELECT count(*) FROM stage_change WHERE contact_id = :f",
        "referrals": """SELECT count(*) FROM referral WHERE (from_contact_id = :f AND to_contact_id != :t)
                        OR (to_contact_id = :f AND from_contact_id != :t)""",
        "goals": "SELECT count(*) FROM goal_mentor WHERE contact_id = :f AND goal_id NOT IN "
                 "(SELECT goal_id FROM goal_mentor WHERE contact_id = :t)",
        "roles": "SELECT count(*) FROM contact_role WHERE contact_id = :f AND role_key NOT IN "
                 "(SELECT role_key FROM contact_role WHERE contact_id = :t)",
        "tags": "SELECT count(*) FROM contact_tag WHERE contact_id = :f AND tag NOT IN "
                "(SELECT tag FROM contact_tag WHERE contact_id = :t)",
        "contacts they referred": "SELECT count(*) FROM contact WHERE referred_by_id = :f AND id != :t",
        "agreements": "SELECT count(*) FROM agreement WHERE contact_id = :f",
        "reviews": "SELECT count(*) FROM review WHERE contact_id = :f",
        "questions": "SELECT count(*) FROM question WHERE contact_id = :f",
    }
    for what, sql in counts.items():
        count = conn.execute(sql, {"f": source_id, "t": target_id}).fetchone()[0]
        if count:
            plan.moved[what] = count
    if target["stage"] in PIPELINE and _PIPELINE_ORDER.index(target["stage"]) < _rank(source["stage"]):
        plan.stage = source["stage"]  # a merged meeting makes INTO `exploring`, as a meeting would (domain.md)
    for name in _FIELDS:
        theirs, ours = source[name], target[name]
        if name == "stage" and plan.stage:
            continue
        if theirs in (None, "") or theirs == ours or (name == "referred_by_id" and theirs == target_id):
            continue
        if ours in (None, "") and name not in _NOT_FILLED:
            plan.filled[name] = theirs
        else:
            plan.noted.append(f"merged from {source['name']}: {name.removesuffix('_id').replace('_', ' ')}: "
                              f"{_shown(conn, name, theirs)}")
    if source["supervisor"] and not target["supervisor"]:
        plan.filled["supervisor"] = True
    if source["added_on"] < target["added_on"]:  # known since the earlier of the two
        plan.filled["added_on"] = source["added_on"]
    return plan


def target_stage(conn: sqlite3.Connection, contact_id: int) -> str:
    return conn.execute("SELECT stage FROM contact WHERE id = ?", (contact_id,)).fetchone()[0]


def merge_contacts(conn: sqlite3.Connection, from_ref: str, into_ref: str, *, today: date) -> MergePlan:
    """Merge FROM into INTO (see the module's docstring); returns what was done."""
    plan = plan_merge(conn, from_ref, into_ref)
    f, t = plan.source_id, plan.target_id
    # a referral between the two would become one from a person to themselves
    conn.execute("DELETE FROM referral WHERE (from_contact_id = ? AND to_contact_id = ?) "
                 "OR (from_contact_id = ? AND to_contact_id = ?)", (f, t, t, f))
    for table, column in _MOVED:
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (t, f))
    for table, key in _LINKS:
        conn.execute(f"INSERT OR IGNORE INTO {table} (contact_id, {key}) "
                     f"SELECT ?, {key} FROM {table} WHERE contact_id = ?", (t, f))
    conn.execute("UPDATE contact SET referred_by_id = NULL WHERE id = ? AND referred_by_id = ?", (t, f))
    conn.execute("UPDATE contact SET referred_by_id = ? WHERE referred_by_id = ? AND id != ?", (t, f, t))
    values: dict[str, object] = {name: value for name, value in plan.filled.items()}
    if plan.noted:
        current = conn.execute("SELECT notes FROM contact WHERE id = ?", (t,)).fetchone()[0]
        values["notes"] = "\n".join(filter(None, [str(values.get("notes") or current or ""), *plan.noted]))
    if plan.stage:
        values["stage"] = plan.stage
        rows.insert(conn, "stage_change", {"contact_id": t, "from_stage": target_stage(conn, t), "to_stage": plan.stage,
                                           "on_date": today, "note": f"merged from {plan.source}"})
    if values:
        rows.update(conn, "contact", {"id": t}, values)
    conn.execute("DELETE FROM contact WHERE id = ?", (f,))  # what is left of FROM goes with it (CASCADE)
    return plan

