"""The one definition of the schema: SQLModel tables (domain.md's entities).

A new file is made from its DDL compiled for SQLite, kept as literals in `store/ddl.py`
(`scripts/make_ddl.py` writes them from these classes, and a test holds the two equal), so that
creating a file never imports SQLAlchemy; importing this module registers nothing but the
classes. Upgrades are literal SQL (`migrations.py`); every row is written by `rows.py`, which
holds the columns' defaults: none are repeated here.

Calendar dates are `date` (stored as ISO text); instants are aware UTC, stored as ISO text.
Everything that belongs to a contact goes with it: ON DELETE CASCADE.
"""

import sqlite3
from datetime import date

from sqlalchemy import Index, Table, text
from sqlmodel import Field, SQLModel

# the shipped roles and the caches' derived tables: literal SQL beside the schema's DDL, re-exported
from mentornet.store.fresh import DEFAULT_ROLES as DEFAULT_ROLES
from mentornet.store.fresh import DERIVED_TABLES as DERIVED_TABLES


class Role(SQLModel, table=True):
    key: str = Field(primary_key=True)
    label: str
    description: str | None = None
    family: str
    cadence_days: int | None = None
    target: int
    position: int  # display order: shipped roles first, then in the order added


class Contact(SQLModel, table=True):
    # the duplicate check compares emails folded; `stats` counts contacts by the day they came (schema 6)
    __table_args__ = (Index("ix_contact_email_lower", text("lower(email)")), Index("ix_contact_added_on", "added_on"))
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
    supervisor: bool
    met_at: str | None = None
    met_on: date | None = None
    profile_url: str | None = None
    referred_by_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL", index=True)
    direction: str
    stage: str
    cadence_days: int | None = None  # None = the shortest default cadence of its roles
    paused: bool
    notes: str | None = None
    added_on: date
    created_at: str
    # The last-contact cache (services/last_contact.py), kept by triggers, never written by the
    # code: what the daily commands need without scanning every meeting, touch and outreach.
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


class ContactEmail(SQLModel, table=True):
    """A contact's emails beyond the primary one (`contact.email`), in the order given (schema 5)."""

    __tablename__ = "contact_email"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    email: str = Field(primary_key=True, index=True)
    position: int


class ContactPhone(SQLModel, table=True):
    """A contact's phone numbers beyond the primary one (`contact.phone`), in the order given (schema 5)."""

    __tablename__ = "contact_phone"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    phone: str = Field(primary_key=True)
    position: int


class StageChange(SQLModel, table=True):
    __tablename__ = "stage_change"
    __table_args__ = (Index("ix_stage_change_contact_on", "contact_id", "on_date"), Index("ix_stage_change_on", "on_date"))
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    from_stage: str | None = None
    to_stage: str
    on_date: date
    note: str | None = None
    created_at: str


class Outreach(SQLModel, table=True):
    # the last two: `stats` counts approaches and answers in a window of days (schema 6)
    __table_args__ = (Index("ix_outreach_contact_on", "contact_id", "on_date"),
                      Index("ix_outreach_on", "on_date", "attempt", "contact_id"),
                      Index("ix_outreach_outcome_on", "outcome_on", "outcome", "contact_id"))
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    attempt: int  # 1 = approach, 2 = follow-up
    on_date: date
    channel: str
    ask: str | None = None
    for_role: str | None = Field(default=None, foreign_key="role.key", ondelete="SET NULL")
    outcome: str  # pending, replied, declined, no-response
    outcome_on: date | None = None
    note: str | None = None
    created_at: str


class Meeting(SQLModel, table=True):
    __table_args__ = (Index("ix_meeting_contact_on", "contact_id", "on_date"), Index("ix_meeting_on", "on_date"))
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
    created_at: str


class Touch(SQLModel, table=True):
    __table_args__ = (Index("ix_touch_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    on_date: date
    channel: str | None = None
    note: str | None = None
    created_at: str


class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"
    __table_args__ = (Index("ix_action_mine_open", "due_on", sqlite_where=text("owner = 'me' AND done_on IS NULL")),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    text: str
    owner: str  # me or them
    due_on: date | None = None
    done_on: date | None = None
    created_at: str


class Referral(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    from_contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    to_contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    on_date: date
    note: str | None = None
    created_at: str


class Goal(SQLModel, table=True):
    """A career goal (schema 3): short-term (1-5 years) or long-term (5-10), with a target date."""

    id: int | None = Field(default=None, primary_key=True)
    text: str
    horizon: str  # short or long
    target_on: date | None = None
    done_on: date | None = None
    created_at: str


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
    goals: str  # short-term, 1-5 years
    long_term_goals: str  # 5-10 years
    personal_goals: str
    strengths: str
    challenges: str
    needs: str
    helps: str
    hinders: str
    colleague_values: str  # what you value in colleagues
    created_at: str



class Profile(SQLModel, table=True):
    """Who you are (schema 5): one row, id 1, for the drafts' introductions (services/me.py).

    `interests` is a JSON array of strings.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = None
    training: str | None = None  # "PGY-2, internal medicine"
    institution: str | None = None
    email: str | None = None
    phone: str | None = None
    story: str | None = None  # the two-minute story for first meetings
    interests: str
    created_at: str


class Question(SQLModel, table=True):
    """A question kept for the next meeting with a contact (schema 5); closed by `ask done` or
    `meeting log --covered`, which records the meeting."""

    __table_args__ = (Index("ix_question_contact_open", "contact_id", "asked_on", sqlite_where=text("done_on IS NULL")),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    text: str
    asked_on: date
    done_on: date | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    created_at: str

class Agreement(SQLModel, table=True):
    """What you and a contact agreed (schema 6): how often and how you meet, what each of you will
    do, and when to review it. A new agreement supersedes the old, which stays as history: the
    contact's current one is its latest by (on_date, id), unless its `until_on` has passed.

    `they_do` and `i_do` are JSON arrays of strings; `every_days` became the contact's cadence when
    it was agreed."""

    __table_args__ = (Index("ix_agreement_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    on_date: date
    every_days: int | None = None
    format: str | None = None  # "30 minutes, video"
    channel: str | None = None  # how to reach them between meetings
    they_do: str
    i_do: str
    review_every_days: int  # the review falls due this long after the agreement or the last review
    until_on: date | None = None
    created_at: str


class AgreementGoal(SQLModel, table=True):
    __tablename__ = "agreement_goal"
    agreement_id: int = Field(foreign_key="agreement.id", primary_key=True, ondelete="CASCADE")
    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE", index=True)


class Review(SQLModel, table=True):
    """A review of a relationship (schema 6): is it working, what is wrong, what happens next."""

    __table_args__ = (Index("ix_review_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    on_date: date
    working: str | None = None  # yes, partly, no
    outcome: str | None = None  # continue, adjust, redefine, close
    note: str | None = None
    created_at: str


class ReviewFlag(SQLModel, table=True):
    """A failure factor named in a review (schema 6); still open while it is in the contact's latest review."""

    __tablename__ = "review_flag"
    review_id: int = Field(foreign_key="review.id", primary_key=True, ondelete="CASCADE")
    code: str = Field(primary_key=True)


class Sponsorship(SQLModel, table=True):
    """Something a contact did for you as a sponsor (schema 6): a nomination, a letter, an
    introduction...; its outcome when known, and when you thanked them and told them how it went."""

    __table_args__ = (Index("ix_sponsorship_contact_on", "contact_id", "on_date"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    kind: str  # nomination, letter, introduction, speaking, award, other
    for_what: str
    on_date: date
    expect_on: date | None = None
    outcome: str | None = None  # won, lost, done
    outcome_on: date | None = None
    thanked_on: date | None = None
    told_on: date | None = None
    note: str | None = None
    created_at: str




def tables() -> list[Table]:
    """Every SQLModel table, parents before children (the order inserts must follow)."""
    return list(SQLModel.metadata.sorted_tables)


def compiled() -> list[str]:
    """Every table's and index's DDL as SQLAlchemy compiles it for SQLite, tables parents first and
    each table's indexes by name: what `store/ddl.py` holds as literals (scripts/make_ddl.py
    writes it; tests/store/test_ddl.py holds the two equal)."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    statements = []
    for table in tables():
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda index: index.name or ""):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return statements


def create(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction on a new, empty file: every table and index, and the
    shipped roles (`store/fresh.py`: the DDL as literals, so creating a file loads no SQLAlchemy)."""
    from mentornet.store import fresh

    fresh.create(conn)
