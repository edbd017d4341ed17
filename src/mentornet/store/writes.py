"""The write path: one sqlite3 transaction per command, started BEGIN IMMEDIATE.

BEGIN IMMEDIATE takes the write lock up front, so two terminals writing at once queue behind
busy_timeout instead of failing half-way with "database is locked". Plain sqlite3, not an ORM
session: SQLModel's import alone would cost more than the rest of a write (`records.py`).
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mentornet.store import connection as store_connection


@contextmanager
def unit_of_work(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction: committed if the block succeeds, rolled back if not."""
    if store_connection.file_version(path) != store_connection.SCHEMA_VERSION:
        from mentornet.store.migrations import prepare

        prepare(path)
    from mentornet.store import due_items, search

    conn = store_connection.connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            # in step before the commit, in the same transaction, from what the triggers noted:
            search.catch_up(conn)  # the search index
            due_items.catch_up(conn)  # and the stored due items
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    finally:
        conn.close()
