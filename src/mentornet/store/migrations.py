"""Schema versions: create a new database, or upgrade an older one, keeping every row.

A fresh database is made from the schema's literal DDL (`fresh.create`) and stamped with the current
version. An older one is first copied to the backups folder, then upgraded by the steps in
UPGRADES, all in one transaction with foreign keys off (so no cascade can delete a row), checked
with `foreign_key_check` before commit. A failed upgrade leaves the file as it was.

Every released step is frozen by construction: it carries its own SQL as literals and imports
nothing of today's schema, so a later change to the tables can't change what an old step does.
Derived state is not part of a step: after the steps, `caches.install` makes every trigger again
from today's declarations and recomputes the caches the file doesn't have (a step that rebuilds a
table may drop any trigger; they all come back).

Creation, upgrades and cache installs use only the standard sqlite3 module: creating a file runs
SQLModel's DDL kept as literals (`store/ddl.py`), so it loads no SQLAlchemy.
"""

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mentornet.errors import StoreError
from mentornet.paths import backups_dir
from mentornet.store import caches as cache_store
from mentornet.store import connection as store_connection
from mentornet.store import holder as store_holder
from mentornet.store.backup import copy_database
from mentornet.store.caches import Cache
from mentornet.store.connection import WAL_SAFE, apply_pragmas, create_private_file, file_version

Step = Sequence[str] | Callable[[sqlite3.Connection], None]

# --- Released steps: literal SQL, never edited. UPGRADES[n] takes a database from schema n to n + 1. ---

# Schema 2: the stored last contact and latest meeting and outreach (a cache since schema 5), a
# partial index for open actions.
_V1_TO_V2 = (
    "ALTER TABLE contact ADD COLUMN last_contact_on DATE",
    "ALTER TABLE contact ADD COLUMN latest_meeting_id INTEGER",
    "ALTER TABLE contact ADD COLUMN latest_outreach_id INTEGER",
    "CREATE INDEX ix_action_mine_open ON action_item (due_on) WHERE owner = 'me' AND done_on IS NULL",
    """UPDATE contact SET
      last_contact_on = nullif(max(
        coalesce((SELECT max(on_date) FROM meeting WHERE contact_id = contact.id), ''),
        coalesce((SELECT max(on_date) FROM touch WHERE contact_id = contact.id), ''),
        coalesce((SELECT max(on_date) FROM outreach WHERE contact_id = contact.id), ''),
        coalesce((SELECT max(outcome_on) FROM outreach WHERE contact_id = contact.id
                  AND outcome IN ('replied', 'declined')), '')), ''),
      latest_meeting_id = (SELECT id FROM meeting WHERE contact_id = contact.id ORDER BY on_date DESC, id DESC LIMIT 1),
      latest_outreach_id = (SELECT id FROM outreach WHERE contact_id = contact.id ORDER BY on_date DESC, id DESC LIMIT 1)""",
)

# Every searchable record, queued for the index (schemas 3 and 4 built it from this queue).
_QUEUE_EVERY_RECORD = ("INSERT OR IGNORE INTO search_pending (kind, id) SELECT 'contact', id FROM contact "
                       "UNION ALL SELECT 'meeting', id FROM meeting UNION ALL SELECT 'touch', id FROM touch "
                       "UNION ALL SELECT 'outreach', id FROM outreach")

# Schema 3: goals and self-assessments as SQLAlchemy wrote them then; the full-text search index.
_V2_TO_V3 = (
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
    "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, contact_id UNINDEXED, on_date UNINDEXED, name, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TABLE search_pending (kind VARCHAR NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
    _QUEUE_EVERY_RECORD,
)

# Schema 4: the search index in 16 shards; the stored due items and their queue.
_V3_TO_V4 = (
    "DROP TABLE search_index",  # secure_delete zeroes its pages
    *(f"CREATE VIRTUAL TABLE search_index_{shard:02d} USING fts5(kind UNINDEXED, contact_id UNINDEXED, "
      "on_date UNINDEXED, name, body, tokenize = 'unicode61 remove_diacritics 2')" for shard in range(16)),
    """CREATE TABLE due_item (kind VARCHAR NOT NULL, contact_id INTEGER NOT NULL, contact VARCHAR NOT NULL,
    due DATE NOT NULL, ref_id INTEGER, on_date DATE, text VARCHAR, ask VARCHAR, number INTEGER)""",
    "CREATE INDEX ix_due_item_due ON due_item (due, contact COLLATE NOCASE, kind)",
    "CREATE INDEX ix_due_item_contact ON due_item (contact_id, due)",
    "CREATE TABLE due_pending (contact_id INTEGER PRIMARY KEY)",
    "CREATE TABLE due_rules (rules VARCHAR NOT NULL)",
    _QUEUE_EVERY_RECORD,  # the shards start empty
)

# Schema 5: caches carry a version number instead of a copy of their SQL. What schemas 2 to 4 kept
# in the last-contact columns and the search shards (and queued for them) is what version 1 of
# those caches holds; the due items are computed again. The foreign keys that had no index get one
# (removing a contact or a meeting looked them up by scanning). A contact keeps every email and
# phone number it is given: the ones beyond the primary in tables of their own.
_V4_TO_V5 = (
    """CREATE TABLE contact_email (contact_id INTEGER NOT NULL, email VARCHAR NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (contact_id, email), FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_contact_email_email ON contact_email (email)",
    """CREATE TABLE contact_phone (contact_id INTEGER NOT NULL, phone VARCHAR NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (contact_id, phone), FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_contact_referred_by_id ON contact (referred_by_id)",
    "CREATE INDEX ix_action_item_meeting_id ON action_item (meeting_id)",
    "CREATE INDEX ix_referral_meeting_id ON referral (meeting_id)",
    "DROP TABLE due_rules",
    "CREATE TABLE cache_version (name VARCHAR NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name))",
    "INSERT INTO cache_version (name, version) VALUES ('last_contact', 1), ('search', 1)",
    # who you are (one row) and the questions kept for the next meeting (the drafts issue)
    """CREATE TABLE profile (id INTEGER NOT NULL, name VARCHAR, training VARCHAR, institution VARCHAR, email VARCHAR,
    phone VARCHAR, story VARCHAR, interests VARCHAR NOT NULL, created_at VARCHAR NOT NULL, PRIMARY KEY (id))""",
    """CREATE TABLE question (id INTEGER NOT NULL, contact_id INTEGER NOT NULL, text VARCHAR NOT NULL,
    asked_on DATE NOT NULL, done_on DATE, meeting_id INTEGER, created_at VARCHAR NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE,
    FOREIGN KEY(meeting_id) REFERENCES meeting (id) ON DELETE SET NULL)""",
    "CREATE INDEX ix_question_contact_id ON question (contact_id)",
    "CREATE INDEX ix_question_contact_open ON question (contact_id, asked_on) WHERE done_on IS NULL",
    "CREATE INDEX ix_question_meeting_id ON question (meeting_id)",
)

# Schema 6: relationships after the first meeting: agreements (with the goals they serve), reviews
# and the failure factors they flag, and what sponsors did for you. Indexes for what read one
# record or one window of days and scanned: the duplicate check's emails, `stats`' counts by day.
_V5_TO_V6 = (
    "CREATE INDEX ix_contact_email_lower ON contact (lower(email))",
    "CREATE INDEX ix_contact_added_on ON contact (added_on)",
    "CREATE INDEX ix_meeting_on ON meeting (on_date)",
    "CREATE INDEX ix_outreach_on ON outreach (on_date, attempt, contact_id)",
    "CREATE INDEX ix_outreach_outcome_on ON outreach (outcome_on, outcome, contact_id)",
    "CREATE INDEX ix_stage_change_on ON stage_change (on_date)",
    """CREATE TABLE agreement (id INTEGER NOT NULL, contact_id INTEGER NOT NULL, on_date DATE NOT NULL,
    every_days INTEGER, format VARCHAR, channel VARCHAR, they_do VARCHAR NOT NULL, i_do VARCHAR NOT NULL,
    review_every_days INTEGER NOT NULL, until_on DATE, created_at VARCHAR NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_agreement_contact_on ON agreement (contact_id, on_date)",
    """CREATE TABLE agreement_goal (agreement_id INTEGER NOT NULL, goal_id INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, goal_id), FOREIGN KEY(agreement_id) REFERENCES agreement (id) ON DELETE CASCADE,
    FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_agreement_goal_goal_id ON agreement_goal (goal_id)",
    """CREATE TABLE review (id INTEGER NOT NULL, contact_id INTEGER NOT NULL, on_date DATE NOT NULL, working VARCHAR,
    outcome VARCHAR, note VARCHAR, created_at VARCHAR NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_review_contact_on ON review (contact_id, on_date)",
    """CREATE TABLE review_flag (review_id INTEGER NOT NULL, code VARCHAR NOT NULL, PRIMARY KEY (review_id, code),
    FOREIGN KEY(review_id) REFERENCES review (id) ON DELETE CASCADE)""",
    """CREATE TABLE sponsorship (id INTEGER NOT NULL, contact_id INTEGER NOT NULL, kind VARCHAR NOT NULL,
    for_what VARCHAR NOT NULL, on_date DATE NOT NULL, expect_on DATE, outcome VARCHAR, outcome_on DATE,
    thanked_on DATE, told_on DATE, note VARCHAR, created_at VARCHAR NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_sponsorship_contact_on ON sponsorship (contact_id, on_date)",
)

UPGRADES: dict[int, Step] = {1: _V1_TO_V2, 2: _V2_TO_V3, 3: _V3_TO_V4, 4: _V4_TO_V5, 5: _V5_TO_V6}


def prepare(path: Path, caches: Sequence[Cache]) -> None:
    """Make `path` a current mentornet database with `caches` in step: create it, upgrade it,
    install the caches, or leave it be."""
    version = file_version(path)
    if version is None:
        _create(path, caches)
    elif version < store_connection.SCHEMA_VERSION:
        _upgrade(path, caches)
    else:
        _install(path, caches)


def _connect(path: Path, *, foreign_keys: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)  # we issue BEGIN ourselves
    apply_pragmas(conn, foreign_keys=foreign_keys)
    return conn


def _create(path: Path, caches: Sequence[Cache]) -> None:
    from mentornet.store import fresh

    create_private_file(path)
    # an empty file made by someone else (`touch x.db`, umask 022) keeps its mode otherwise; the
    # journal SQLite makes beside it copies this one's
    os.chmod(path, 0o600)
    with _locked(path) as conn:
        if _version(conn) != 0:
            return  # another process created it while we waited for the lock
        fresh.create(conn)
        cache_store.install(conn, caches)
        conn.execute(f"PRAGMA user_version={store_connection.SCHEMA_VERSION}")
    if WAL_SAFE:  # journal mode can't change inside a transaction; it persists in the file
        conn = store_connection.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()


def _upgrade(path: Path, caches: Sequence[Cache]) -> None:
    """The write lock first: a command started at the same time waits for this upgrade (then finds
    the file current) instead of copying the file once more."""
    target = store_connection.SCHEMA_VERSION
    with _locked(path, foreign_keys=False) as conn:  # a cascade must never delete rows mid-upgrade
        version = _version(conn)
        if version >= target:
            return  # another process upgraded it while we waited for the lock
        # one copy per version upgraded from: a second attempt replaces the first one's
        backup = copy_database(path, backups_dir(path) / f"{path.stem}-schema{version}-before-upgrade.db",
                               replace=True)
        for step in range(version, target):
            if step not in UPGRADES:
                raise StoreError(f"no upgrade from schema {step}; restore a backup or upgrade mentornet")
            _run(conn, UPGRADES[step])
        cache_store.install(conn, caches)
        cache_store.catch_up(conn, caches)  # what the steps queued
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(
                f"upgrading {path} would leave {len(broken)} broken links; nothing was changed (backup: {backup})"
            )
        conn.execute(f"PRAGMA user_version={target}")


def _install(path: Path, caches: Sequence[Cache]) -> None:
    """A current schema whose caches are another release's: triggers and contents made again."""
    with _locked(path) as conn:
        if not cache_store.in_step(conn, caches):  # or another process did it while we waited
            cache_store.install(conn, caches)


@contextmanager
def _locked(path: Path, *, foreign_keys: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection holding the write lock (BEGIN IMMEDIATE) for one transaction: committed when the
    block ends, rolled back if it raises, so a failed step leaves the file as it was."""
    conn = _connect(path, foreign_keys=foreign_keys)
    try:
        store_connection.immediate(conn, path)
        store_holder.claim(path)
        try:
            yield conn
            conn.commit()
        finally:
            if conn.in_transaction:
                conn.rollback()
            store_holder.release(path)
    finally:
        conn.close()


def _run(conn: sqlite3.Connection, step: Step) -> None:
    if callable(step):
        step(conn)
    else:
        for statement in step:
            conn.execute(statement)


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]
