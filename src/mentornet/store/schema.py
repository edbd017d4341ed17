"""The one definition of the schema: SQLModel tables (domain.md's entities).

It creates and upgrades the file and drives the JSON transfers; the daily single writes use
plain SQL (`records.py`), whose copy of the defaults below a test holds equal.

Calendar dates are `date` (stored as ISO text); instants are aware UTC, stored as ISO text.
Everything that belongs to a contact goes with it: ON DELETE CASCADE.
"""

from datetime import date

from sqlalchemy import DDL, Index, event, text
from sqlmodel import Field, SQLModel

from mentornet.store import due_items, search
from mentornet.store.records import utc_now


class Role(SQLModel, table=True):
    key: str = Field(primary_key=True)
    label: str
    description: str | None = None
    family: str = "career"
    cadence_days: int | None = None
    target: int = 0
    position: int = 0  # display order: shipped roles first, then in the order added


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(index=True)  # casefolded, accent-stripped: how names are looked up
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    institution: str | None = None
    specialty: str | None = None
    city: str | None = None
    seniority: str | None = None  # senior, near-peer, peer, junior; None = unknown
    locality: str | None = None  # local, remote; None = unknown
    supervisor: bool = False
    met_at: str | None = None
    met_on: date | None = None
    profile_url: str | None = None
    referred_by_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    direction: str = "mentors-me"
    stage: str = "prospect"
    cadence_days: int | None = None  # None = the shortest default cadence of its roles
    paused: bool = False
    notes: str | None = None
    added_on: date
    created_at: str = Field(default_factory=utc_now)
    # Kept by the triggers below, never written by the code (schema 2): what the daily commands
    # need without scanning every meeting, touch and outreach of every contact.
    last_contact_on: date | None = None
    latest_meeting_id: int | None = None
    latest_outreach_id: int | None = None


class ContactRole(SQLModel, table=True):
    __tablename__ = "contact_role"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    role_key: str = Field(foreign_key="role.key", primary_key=True, ondelete="CASCADE", index=True)


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tag"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)


class StageChange(SQLModel, table=True):
    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    from_stage: str | None = None
    to_stage: str
    on_date: date
    note: str | None = None
    created_at: str = Field(default_factory=utc_now)


class Outreach(SQLModel, table=True):
    __table_args__ = (Index("ix_outreach_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    attempt: int = 1  # 1 = approach, 2 = follow-up
    on_date: date
    channel: str = "email"
    ask: str | None = None
    for_role: str | None = Field(default=None, foreign_key="role.key", ondelete="SET NULL")
    outcome: str = "pending"  # pending, replied, declined, no-response
    outcome_on: date | None = None
    note: str | None = None
    created_at: str = Field(default_factory=utc_now)


class Meeting(SQLModel, table=True):
    __table_args__ = (Index("ix_meeting_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    on_date: date
    mode: str | None = None
    agenda: str | None = None
    notes: str | None = None
    rating: int | None = None
    next_on: date | None = None
    thanked_on: date | None = None
    stage_at_meeting: str | None = None  # a thank-you is due when this was pipeline or exploring
    created_at: str = Field(default_factory=utc_now)


class Touch(SQLModel, table=True):
    __table_args__ = (Index("ix_touch_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    on_date: date
    channel: str | None = None
    note: str | None = None
    created_at: str = Field(default_factory=utc_now)


class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"
    __table_args__ = (Index("ix_action_mine_open", "due_on", sqlite_where=text("owner = 'me' AND done_on IS NULL")),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    text: str
    owner: str = "me"  # me or them
    due_on: date | None = None
    done_on: date | None = None
    created_at: str = Field(default_factory=utc_now)


class Referral(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    from_contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    to_contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    on_date: date
    note: str | None = None
    created_at: str = Field(default_factory=utc_now)


class Goal(SQLModel, table=True):
    """A career goal (schema 3): short-term (1-5 years) or long-term (5-10), with a target date."""

    id: int | None = Field(default=None, primary_key=True)
    text: str
    horizon: str = "short"  # short or long
    target_on: date | None = None
    done_on: date | None = None
    created_at: str = Field(default_factory=utc_now)


class GoalRole(SQLModel, table=True):
    __tablename__ = "goal_role"
    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")
    role_key: str = Field(foreign_key="role.key", primary_key=True, ondelete="CASCADE", index=True)


class GoalMentor(SQLModel, table=True):
    __tablename__ = "goal_mentor"
    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE", index=True)


class Assessment(SQLModel, table=True):
    """A dated self-assessment (schema 3): the mentoring self-evaluation of Carey & Weissman.

    Answers that are lists (goals, strengths, needs...) are JSON arrays of strings; `needs` holds
    role keys. Every assessment is kept: the latest is the current one.
    """

    id: int | None = Field(default=None, primary_key=True)
    on_date: date = Field(index=True)
    mission: str | None = None
    success: str | None = None
    goals: str = "[]"  # short-term, 1-5 years
    long_term_goals: str = "[]"  # 5-10 years
    personal_goals: str = "[]"
    strengths: str = "[]"
    challenges: str = "[]"
    needs: str = "[]"
    helps: str = "[]"
    hinders: str = "[]"
    colleague_values: str = "[]"  # what you value in colleagues
    created_at: str = Field(default_factory=utc_now)


def _refresh_contact(contact: str) -> str:
    """Recompute one contact's stored last contact, latest meeting and latest outreach from the rows."""
    return f"""UPDATE contact SET
      last_contact_on = nullif(max(
        coalesce((SELECT max(on_date) FROM meeting WHERE contact_id = {contact}), ''),
        coalesce((SELECT max(on_date) FROM touch WHERE contact_id = {contact}), ''),
        coalesce((SELECT max(on_date) FROM outreach WHERE contact_id = {contact}), ''),
        coalesce((SELECT max(outcome_on) FROM outreach WHERE contact_id = {contact}
                  AND outcome IN ('replied', 'declined')), '')), ''),
      latest_meeting_id = (SELECT id FROM meeting WHERE contact_id = {contact} ORDER BY on_date DESC, id DESC LIMIT 1),
      latest_outreach_id = (SELECT id FROM outreach WHERE contact_id = {contact} ORDER BY on_date DESC, id DESC LIMIT 1)
    WHERE id = {contact};"""


# Triggers, not application code, keep the stored dates right: every writer (commands, imports,
# restores, a user's own SQL) goes through them.
_DATED_COLUMNS = {"meeting": "contact_id, on_date", "touch": "contact_id, on_date",
                  "outreach": "contact_id, on_date, outcome, outcome_on"}
LAST_CONTACT_TRIGGERS = [
    f"""CREATE TRIGGER {table}_{name}_refresh_contact AFTER {when} ON {table}
    BEGIN {" ".join(_refresh_contact(f"{row}.contact_id") for row in rows)} END"""
    for table, columns in _DATED_COLUMNS.items()
    for name, when, rows in (("insert", "INSERT", ("NEW",)), ("update", f"UPDATE OF {columns}", ("OLD", "NEW")),
                             ("delete", "DELETE", ("OLD",)))
]
REFRESH_ALL_CONTACTS = _refresh_contact("contact.id")

# Schema 3: the search index (store/search.py). A trigger may not write the FTS5 table itself
# under trusted_schema=OFF, so these note which records to re-index; `search.catch_up` does it.
# table: (the columns its search text is made of, the kind of record its row belongs to, and its id)
_SEARCHED = {
    "contact": ("name, title, institution, specialty, city, met_at, notes", "contact", "id"),
    "contact_tag": ("contact_id, tag", "contact", "contact_id"),
    "meeting": ("contact_id, on_date, agenda, notes", "meeting", "id"),
    "touch": ("contact_id, on_date, note", "touch", "id"),
    "outreach": ("contact_id, on_date, ask, note", "outreach", "id"),
}


def _note_changed(rows: tuple[str, ...], kind: str, record: str) -> str:
    values = ", ".join(f"('{kind}', {row}.{record})" for row in rows)
    return f"INSERT OR IGNORE INTO {search.PENDING} (kind, id) VALUES {values};"


SEARCH_TRIGGERS = [
    f"""CREATE TRIGGER {table}_{name}_search AFTER {when} ON {table}
    BEGIN {_note_changed(rows, kind, record)} END"""
    for table, (columns, kind, record) in _SEARCHED.items()
    for name, when, rows in (("insert", "INSERT", ("NEW",)), ("update", f"UPDATE OF {columns}", ("OLD", "NEW")),
                             ("delete", "DELETE", ("OLD",)))
]
SEARCH_DDL = [*search.INDEX_DDL, search.PENDING_DDL]

# Schema 4: the stored due items (store/due_items.py), their queue, and the triggers that fill it.
DUE_DDL = due_items.DDL
DUE_TRIGGERS = due_items.TRIGGERS

# Every trigger, all of which name `contact` or a table that hangs off it: a step that rebuilds
# `contact` drops them first and creates them again after (migrations.py).
CONTACT_TRIGGERS = LAST_CONTACT_TRIGGERS + SEARCH_TRIGGERS + DUE_TRIGGERS

for _ddl in SEARCH_DDL + DUE_DDL + CONTACT_TRIGGERS:  # the tables before the triggers that name them
    event.listen(SQLModel.metadata, "after_create", DDL(_ddl))


DEFAULT_ROLES = [
    # key, label, description, family, target, cadence in days
    ("clinical", "Clinical", "Clinical judgement, procedures, practice", "career", 1, 60),
    ("research", "Research", "Projects, methods, grants, papers", "career", 1, 30),
    ("career", "Career", "Promotion, jobs, navigating the institution (ideally not the supervisor)", "career", 1, 90),
    ("personal", "Personal", "Work-life, wellbeing, confidence; the confidant", "psychosocial", 1, 60),
    ("sponsor", "Sponsor", "Advocates for you when you are not in the room", "career", 0, 180),
    ("peer", "Peer", "Same or near stage; community, accountability", "psychosocial", 0, 30),
]


def default_roles() -> list[Role]:
    return [
        Role(key=key, label=label, description=description, family=family, target=target, cadence_days=cadence, position=i)
        for i, (key, label, description, family, target, cadence) in enumerate(DEFAULT_ROLES)
    ]
