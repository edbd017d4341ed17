"""Opening the database with the domain's caches: what every command reads and writes through.

The store knows how to keep a cache (`store/caches.py`); the declarations that say what each
one holds live with their rules. This module hands the store the list, in the order they must be
recomputed: the last contact first, since the due items read it.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mentornet.services import due, last_contact
from mentornet.store import connection, search, writes

# re-exported for the CLI's one place that shows errors: busy, read-only, disk full
from mentornet.store.connection import outside_problem as outside_problem

CACHES = (last_contact.CACHE, search.CACHE, due.CACHE)


def exists(path: Path) -> bool:
    """Is there a mentornet database at `path` yet? (Refuses a file that isn't one.)"""
    return connection.file_version(path) is not None


def prepare(path: Path) -> None:
    """Create or upgrade the file at `path` if it isn't current (backup, restore and doctor)."""
    connection.open_current(path, CACHES).close()


@contextmanager
def reading(path: Path, *, snapshot: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection for reading (autocommit): the file created or upgraded first if need be. With
    `snapshot`, a read-only copy of this moment that holds no lock (store/backup.snapshot): for
    a read long enough to keep writers waiting, like an export."""
    conn = connection.open_current(path, CACHES)
    try:
        if not snapshot:
            yield conn
            return
        from mentornet.store.backup import snapshot as copy_of

        with copy_of(conn, path) as copied:
            yield copied
    finally:
        conn.close()


@contextmanager
def writing(path: Path) -> Iterator[sqlite3.Connection]:
    """One transaction for a whole command: all of it is written, or none."""
    with writes.unit_of_work(path, CACHES) as conn:
        yield conn


def inserting_many(conn: sqlite3.Connection, table: str):
    """Around many inserts into `table` in a `writing` transaction (an import's contacts): the
    caches note the new rows in one statement each, after, instead of a trigger per row
    (store/caches.bulk_insert)."""
    from mentornet.store.caches import bulk_insert

    return bulk_insert(conn, CACHES, table)


def completions(path: Path, noun: str) -> list[str]:
    """Role keys (`noun` "role") or contact names ("contact") for shell completion, read without
    creating or upgrading the file: nothing when it isn't a current database."""
    from mentornet.services.contacts import contact_names
    from mentornet.services.roles import role_keys

    if connection.file_version(path) != connection.SCHEMA_VERSION:
        return []
    conn = connection.connect(path)
    try:
        return role_keys(conn) if noun == "role" else contact_names(conn)
    finally:
        conn.close()
