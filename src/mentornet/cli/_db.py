"""Opening the store from a command: the lean sqlite3 path to read, a unit of work to write."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from mentornet.cli._params import db_path
from mentornet.errors import StoreError


def _damaged(path, exc: Exception) -> StoreError:
    return StoreError(
        f"{path} is damaged ({exc}); nothing was changed. Run `mentornet doctor`, and restore a backup "
        "with `mentornet restore PATH`"
    )


@contextmanager
def reading(ctx: typer.Context) -> Iterator[sqlite3.Connection]:
    from mentornet.store.connection import open_current

    path = db_path(ctx)
    conn = open_current(path)
    try:
        yield conn
    except sqlite3.DatabaseError as exc:  # damage found in a page the header check didn't read
        if type(exc) is not sqlite3.DatabaseError:  # OperationalError and the like are not damage
            raise
        raise _damaged(path, exc) from None
    finally:
        conn.close()


@contextmanager
def writing(ctx: typer.Context) -> Iterator[sqlite3.Connection]:
    """One transaction for the whole command: all of it is written, or none."""
    from mentornet.store.writes import unit_of_work

    path = db_path(ctx)
    try:
        with unit_of_work(path) as conn:
            yield conn
    except sqlite3.DatabaseError as exc:  # rolled back: the file is as it was
        if type(exc) is not sqlite3.DatabaseError:  # OperationalError and the like are not damage
            raise
        raise _damaged(path, exc) from None
