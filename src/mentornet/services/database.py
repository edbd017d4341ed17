"""Opening the database with the domain's caches: what every command reads and writes through.

The store knows how to keep a cache (`store/caches.py`); the declarations that say what each
one holds live with their rules. This module hands the store the list, in the order they must be
recomputed: the last contact first, since the due items read it.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from mentornet.paths import Location, Server
from mentornet.services import due, last_contact
from mentornet.store import connection, search, writes

# re-exported for the CLI's one place that shows errors: busy, read-only, disk full
from mentornet.store.connection import outside_problem as outside_problem

CACHES = (last_contact.CACHE, search.CACHE, due.CACHE)


def server_caches() -> tuple:
    """On PostgreSQL the same, but search's index is a tsvector table (store/pg_search.py) with the
    same sources; loaded only for a server."""
    from mentornet.store import pg_search

    return (last_contact.CACHE, pg_search.CACHE, due.CACHE)


# PostgreSQL's connection (store/pg.py) speaks the part of sqlite3's that the services use; the
# services are annotated with sqlite3.Connection, so it is handed to them as one.
def _server_connection(server: Server) -> sqlite3.Connection:
    from mentornet.store import pg

    return cast(sqlite3.Connection, pg.open_current(server.url, server_caches()))


@contextmanager
def _server_writing(server: Server) -> Iterator[sqlite3.Connection]:
    """As store/writes.unit_of_work, on PostgreSQL: one transaction holding the write lock; the
    queued caches catch up before the commit."""
    from mentornet.store import caches as cache_store
    from mentornet.store import pg

    conn = cast(sqlite3.Connection, pg.begin_writing(server.url, server_caches()))
    try:
        try:
            yield conn
            cache_store.catch_up(conn, server_caches())
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    finally:
        conn.close()


def exists(path: Location) -> bool:
    """Is there a mentornet database at `path` yet? (Refuses a file that isn't one.)"""
    if isinstance(path, Server):
        from mentornet.store import pg

        conn = pg.connect(path.url)
        try:
            return pg.database_version(conn) is not None
        finally:
            conn.close()
    return connection.file_version(path) is not None


def prepare(path: Location) -> None:
    """Create or upgrade the database at `path` if it isn't current (backup, restore and doctor)."""
    if isinstance(path, Server):
        _server_connection(path).close()
        return
    connection.open_current(path, CACHES).close()


@contextmanager
def reading(path: Location, *, snapshot: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection for reading (autocommit): the file created or upgraded first if need be. With
    `snapshot`, a read-only copy of this moment that holds no lock (store/backup.snapshot): for
    a read long enough to keep writers waiting, like an export. On PostgreSQL a snapshot is one
    REPEATABLE READ transaction, which keeps no writer waiting either."""
    if isinstance(path, Server):
        server = _server_connection(path)
        try:
            if snapshot:
                server.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield server
        finally:
            server.rollback()
            server.close()
        return
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
def writing(path: Location) -> Iterator[sqlite3.Connection]:
    """One transaction for a whole command: all of it is written, or none."""
    if isinstance(path, Server):
        with _server_writing(path) as conn:
            yield conn
        return
    with writes.unit_of_work(path, CACHES) as conn:
        yield conn


@contextmanager
def inserting_many(conn: sqlite3.Connection, table: str) -> Iterator[None]:
    """Around many inserts into `table` in a `writing` transaction (an import's contacts): the
    caches note the new rows in one statement each, after, instead of a trigger per row
    (store/caches.bulk_insert), and an empty table's indexes are made after its rows
    (store/rows.indexed_after). On PostgreSQL the triggers note each row as it goes in."""
    if getattr(conn, "on_server", False):
        yield
        return
    from mentornet.store.caches import bulk_insert
    from mentornet.store.rows import indexed_after

    with indexed_after(conn, table), bulk_insert(conn, CACHES, table):
        yield


def completions(path: Location, noun: str) -> list[str]:
    """Role keys (`noun` "role") or contact names ("contact") for shell completion, read without
    creating or upgrading the file: nothing when it isn't a current database."""
    from mentornet.services.contacts import contact_names
    from mentornet.services.roles import role_keys

    if isinstance(path, Server):
        return []  # a shell's tab must not wait on a network connection
    if connection.file_version(path) != connection.SCHEMA_VERSION:
        return []
    conn = connection.connect(path)
    try:
        return role_keys(conn) if noun == "role" else contact_names(conn)
    finally:
        conn.close()
