"""Opening the store from a command: the lean sqlite3 path to read, a unit of work to write."""

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from mentornet.cli._params import db_path


@contextmanager
def reading(ctx: typer.Context) -> Iterator["sqlite3.Connection"]:  # noqa: F821
    from mentornet.store.connection import open_current

    conn = open_current(db_path(ctx))
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def writing(ctx: typer.Context) -> Iterator["sqlmodel.Session"]:  # noqa: F821
    """One transaction for the whole command: all of it is written, or none."""
    from mentornet.store.writes import unit_of_work

    with unit_of_work(db_path(ctx)) as session:
        yield session
