"""The write path: SQLModel sessions, one transaction per command, started BEGIN IMMEDIATE.

BEGIN IMMEDIATE takes the write lock up front, so two terminals writing at once queue behind
busy_timeout instead of failing half-way with "database is locked".
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from mentornet.store import connection as store_connection
from mentornet.store.connection import apply_pragmas, file_version


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


@contextmanager
def unit_of_work(path: Path) -> Iterator[Session]:
    """A session inside one transaction: committed if the block succeeds, rolled back if not."""
    if file_version(path) != store_connection.SCHEMA_VERSION:
        from mentornet.store.migrations import prepare

        prepare(path)
    from mentornet.store import due_items, search

    engine = make_engine(path)
    try:
        with Session(engine, expire_on_commit=False) as session:
            with session.begin():
                yield session
                session.flush()  # the last changes, through the triggers that note what changed
                conn = raw_connection(session)  # in step before the commit, in the same transaction:
                search.catch_up(conn)  # the search index
                due_items.catch_up(conn)  # and the stored due items
    finally:
        engine.dispose()


def raw_connection(session: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, inside its transaction, for the shared SQL in `reads`."""
    conn = session.connection().connection.driver_connection
    conn.row_factory = sqlite3.Row
    return conn
