"""The write path: one sqlite3 transaction per command, started BEGIN IMMEDIATE.

BEGIN IMMEDIATE takes the write lock up front, so two terminals writing at once queue behind
busy_timeout instead of failing half-way with "database is locked". Plain sqlite3, not an ORM
session: SQLModel's import alone would cost more than the rest of a write (see benchmarks/).
"""

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mentornet.store import caches as cache_store
from mentornet.store import connection as store_connection
from mentornet.store.caches import Cache


@contextmanager
def unit_of_work(path: Path, caches: Sequence[Cache]) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction: committed if the block succeeds, rolled back if not.
    Before the commit, in the same transaction, the queued caches catch up with what it wrote."""
    conn = store_connection.open_current(path, caches)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            cache_store.catch_up(conn, caches)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    finally:
        conn.close()
