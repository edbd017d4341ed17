"""A new file: the schema's tables and indexes (`store/ddl.py`, SQLModel's DDL kept as literals),
the caches' derived tables and the shipped roles, on the standard sqlite3 module only.

`store/schema.py` stays the schema of record: `scripts/make_ddl.py` writes `ddl.py` from it, and
tests/store/test_ddl.py fails when the two differ, so no table is written twice by hand. Creating
a file this way loads no SQLAlchemy (its import alone costs more than the rest of a first run).
"""

import sqlite3

from mentornet.store import ddl, rows
from mentornet.store.connection import APPLICATION_ID

DEFAULT_ROLES = [
    # key, label, description, family, target, cadence in days
    ("clinical", "Clinical", "Clinical judgement, procedures, practice", "career", 1, 60),
    ("research", "Research", "Projects, methods, grants, papers", "career", 1, 30),
    ("career", "Career", "Promotion, jobs, navigating the institution (ideally not the supervisor)", "career", 1, 90),
    ("personal", "Personal", "Work-life, wellbeing, confidence; the confidant", "psychosocial", 1, 60),
    ("sponsor", "Sponsor", "Advocates for you when you are not in the room", "career", 0, 180),
    ("peer", "Peer", "Same or near stage; community, accountability", "psychosocial", 0, 30),
]


# Tables that are not SQLModel's: the derived tables of the caches (store/caches.py) and the
# versions of their declarations. As the upgrade steps made them; a test holds the two equal.
DERIVED_TABLES = [
    *(f"CREATE VIRTUAL TABLE search_index_{shard:02d} USING fts5(kind UNINDEXED, contact_id UNINDEXED, "
      "on_date UNINDEXED, name, body, tokenize = 'unicode61 remove_diacritics 2')" for shard in range(16)),
    "CREATE TABLE search_pending (kind VARCHAR NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
    """CREATE TABLE due_item (kind VARCHAR NOT NULL, contact_id INTEGER NOT NULL, contact VARCHAR NOT NULL,
    due DATE NOT NULL, ref_id INTEGER, on_date DATE, text VARCHAR, ask VARCHAR, number INTEGER)""",
    "CREATE INDEX ix_due_item_due ON due_item (due, contact COLLATE NOCASE, kind)",
    "CREATE INDEX ix_due_item_contact ON due_item (contact_id, due)",
    "CREATE TABLE due_pending (contact_id INTEGER PRIMARY KEY)",
    "CREATE TABLE cache_version (name VARCHAR NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name))",
]


def create(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction on a new, empty file: every table and index, and the
    shipped roles."""
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    for statement in ddl.STATEMENTS:
        conn.execute(statement)
    for statement in DERIVED_TABLES:
        conn.execute(statement)
    for position, (key, label, description, family, target, cadence) in enumerate(DEFAULT_ROLES):
        rows.insert(conn, "role", {"key": key, "label": label, "description": description, "family": family,
                                   "target": target, "cadence_days": cadence, "position": position})
