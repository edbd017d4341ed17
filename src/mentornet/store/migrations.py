"""Schema versions: create a new database, or upgrade an older one, keeping every row.

A fresh database is made from the SQLModel tables (the schema of record) and stamped with the
current version. An older one is first copied to the backups folder, then upgraded by the
append-only steps in UPGRADES, all in one transaction with foreign keys off (so no cascade can
delete a row), checked with `foreign_key_check` before commit. A failed upgrade leaves the file
as it was.

A step that rebuilds `contact` (SQLite's create-copy-drop-rename recipe) must drop the triggers of
schema.CONTACT_TRIGGERS first and create them again after: they name the table.
"""

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session, SQLModel, create_engine

from mentornet.errors import StoreError
from mentornet.store import connection as store_connection
from mentornet.store import due_items
from mentornet.store.backup import copy_database, dated_backup_path
from mentornet.store.connection import APPLICATION_ID, WAL_SAFE, apply_pragmas, create_private_file, file_version
from mentornet.store.schema import default_roles


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine whose every connection gets our pragmas and whose transactions begin IMMEDIATE."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        apply_pragmas(dbapi_connection, foreign_keys=foreign_keys)  # pragmas are per connection

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _v1_to_v2(conn: Connection) -> None:
    """Stored last contact, latest meeting and outreach (kept by triggers); a partial index for open actions."""
    from mentornet.store.schema import LAST_CONTACT_TRIGGERS as CONTACT_TRIGGERS  # the schema-2 triggers only
    from mentornet.store.schema import REFRESH_ALL_CONTACTS, ActionItem

    conn.exec_driver_sql("ALTER TABLE contact ADD COLUMN last_contact_on DATE")
    conn.exec_driver_sql("ALTER TABLE contact ADD COLUMN latest_meeting_id INTEGER")
    conn.exec_driver_sql("ALTER TABLE contact ADD COLUMN latest_outreach_id INTEGER")
    next(index for index in ActionItem.__table__.indexes if index.name == "ix_action_mine_open").create(conn)
    for trigger in CONTACT_TRIGGERS:
        conn.exec_driver_sql(trigger)
    conn.exec_driver_sql(REFRESH_ALL_CONTACTS)


# The tables of schema 3 as SQLAlchemy wrote them then: written out, so a later change to the
# SQLModel classes (a column added by a later step) can't change what this step creates.
_V3_TABLES = [
    """CREATE TABLE goal (id INTEGER NOT NULL, text VARCHAR NOT NULL, horizon VARCHAR NOT NULL, target_on DATE,
    done_on DATE, created_at VARCHAR NOT NULL, PRIMARY KEY (id))""",
    """CREATE TABLE goal_role (goal_id INTEGER NOT NULL, role_key VARCHAR NOT NULL, PRIMARY KEY (goal_id, role_key),
    FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE CASCADE,
    FOREIGN KEY(role_key) REFERENCES role ("key") ON DELETE CASCADE)""",
    "CREATE INDEX ix_goal_role_role_key ON goal_role (role_key)",
    """CREATE TABLE goal_mentor (goal_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,
    PRIMARY KEY (goal_id, contact_id), FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE CASCADE,
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_goal_mentor_contact_id ON goal_mentor (contact_id)",
    """CREATE TABLE assessment (id INTEGER NOT NULL, on_date DATE NOT NULL, mission VARCHAR, success VARCHAR,
    goals VARCHAR NOT NULL, long_term_goals VARCHAR NOT NULL, personal_goals VARCHAR NOT NULL,
    strengths VARCHAR NOT NULL, challenges VARCHAR NOT NULL, needs VARCHAR NOT NULL, helps VARCHAR NOT NULL,
    hinders VARCHAR NOT NULL, colleague_values VARCHAR NOT NULL, created_at VARCHAR NOT NULL, PRIMARY KEY (id))""",
    "CREATE INDEX ix_assessment_on_date ON assessment (on_date)",
]


# Schema 3's one search table, as it was (schema 4 splits it into shards).
_V3_SEARCH_TABLE = ("CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, contact_id UNINDEXED, "
                    "on_date UNINDEXED, name, body, tokenize = 'unicode61 remove_diacritics 2')")


def _v2_to_v3(conn: Connection) -> None:
    """Goals and self-assessments; the full-text search index and its triggers, every row queued
    for it (a schema-3 mentornet indexes the queue at its next write; the next step does it here)."""
    from mentornet.store import search
    from mentornet.store.schema import SEARCH_TRIGGERS

    for statement in _V3_TABLES + [_V3_SEARCH_TABLE, search.PENDING_DDL] + SEARCH_TRIGGERS:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(search.QUEUE_EVERYTHING)


def _v3_to_v4(conn: Connection) -> None:
    """The search index in shards, built again from every row; the stored due items, their queue
    and triggers, filled from every row."""
    from mentornet.store import search

    conn.exec_driver_sql(f"DROP TABLE {search.LEGACY_TABLE}")  # secure_delete zeroes its pages
    for statement in search.INDEX_DDL + due_items.DDL + due_items.TRIGGERS:
        conn.exec_driver_sql(statement)
    raw = conn.connection.driver_connection  # top-level SQL, inside this transaction
    search.rebuild(raw)
    due_items.catch_up(raw)  # no rules stored yet: computes every contact's


# UPGRADES[n] takes a database from schema n to n + 1. Append only; never edit a released step.
UPGRADES: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def prepare(path: Path) -> None:
    """Make `path` a current mentornet database: create it, upgrade it, or leave it be."""
    version = file_version(path)
    if version == store_connection.SCHEMA_VERSION:
        return
    if version is None:
        _create(path)
    else:
        _upgrade(path)


def _create(path: Path) -> None:
    create_private_file(path)
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            if _version(conn) != 0:
                return  # another process created it while we waited for the lock
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            SQLModel.metadata.create_all(conn)
            with Session(bind=conn) as session:
                session.add_all(default_roles())
                session.flush()
            due_items.catch_up(conn.connection.driver_connection)  # stores the rules: in step from the start
            conn.exec_driver_sql(f"PRAGMA user_version={store_connection.SCHEMA_VERSION}")
    finally:
        engine.dispose()
    if WAL_SAFE:  # journal mode can't change inside a transaction; it persists in the file
        conn = store_connection.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()


def _upgrade(path: Path) -> None:
    target = store_connection.SCHEMA_VERSION
    found = file_version(path)
    backup = copy_database(path, dated_backup_path(path, f"schema{found}-before-upgrade"))
    engine = make_engine(path, foreign_keys=False)  # a cascade must never delete rows mid-upgrade
    try:
        with engine.begin() as conn:
            version = _version(conn)
            if version >= target:
                return  # another process upgraded it while we waited for the lock
            for step in range(version, target):
                if step not in UPGRADES:
                    raise StoreError(f"no upgrade from schema {step}; restore a backup or upgrade mentornet")
                UPGRADES[step](conn)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreError(
                    f"upgrading {path} would leave {len(broken)} broken links; nothing was changed (backup: {backup})"
                )
            conn.exec_driver_sql(f"PRAGMA user_version={target}")
    finally:
        engine.dispose()


def _version(conn: Connection) -> int:
    return conn.exec_driver_sql("PRAGMA user_version").scalar_one()
