"""The write path: one sqlite3 transaction per command, started BEGIN IMMEDIATE.

BEGIN IMMEDIATE takes the write lock up front, so two terminals writing at once queue behind
busy_timeout instead of failing half-way with "database is locked". Plain sqlite3, not an ORM
session: SQLModel's import alone would cost more than the rest of a write (see benchmarks/).
"""

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from mentornet.errors import StoreError
from mentornet.store import caches as cache_store
from mentornet.store import connection as store_connection
from mentornet.store import holder as store_holder
from mentornet.store.caches import Cache


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def _commit(conn: sqlite3.Connection) -> None:
    """COMMIT waits for the readers that hold the file to finish (each read is short: a long one,
    an export, reads a copy); a busy COMMIT leaves the transaction open, so it is tried again."""
    for waited in range(3):
        try:
            conn.commit()
            return
        except sqlite3.OperationalError as exc:
            if not store_connection.busy(exc) or waited == 2:
                raise


def _begin(path: Path, caches: Sequence[Cache]) -> sqlite3.Connection:
    """A connection holding the write lock on the file that is at `path` now. A `restore` that
    replaced the file while this one waited for the lock leaves it holding the old, unlinked
    file: then it starts again on the new one, so no write lands where nobody will read it."""
    for _ in range(3):
        opened = _identity(path)
        conn = store_connection.open_current(path, caches)
        try:
            store_connection.immediate(conn, path)
            if _identity(path) == opened:
                return conn
            conn.rollback()
        except BaseException:
            conn.close()
            raise
        conn.close()
    raise StoreError(f"{path} was replaced several times while this command waited; nothing was changed. "
                     "Run it again")


@contextmanager
def unit_of_work(path: Path, caches: Sequence[Cache]) -> Iterator[sqlite3.Connection]:
    """A connection inside one transaction: committed if the block succeeds, rolled back if not.
    Before the commit, in the same transaction, the queued caches catch up with what it wrote."""
    conn = _begin(path, caches)
    try:
        store_holder.claim(path)  # waiters can see that a mentornet command holds the lock
        try:
            yield conn
            cache_store.catch_up(conn, caches)
            _commit(conn)
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        finally:
            store_holder.release(path)
    finally:
        conn.close()
