"""Opening the store from a command: a connection to read, a unit of work to write."""

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


def _damage(exc: Exception) -> sqlite3.DatabaseError | None:
    """The sqlite3 error behind `exc` when it says the file is damaged. OperationalError (busy,
    read-only) and the like are not damage."""
    return exc if type(exc) is sqlite3.DatabaseError else None


@contextmanager
def reading(ctx: typer.Context, *, creating: bool = False, snapshot: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to read. A `--db` path that doesn't exist is an error here, and nothing is
    created: a typo in a path typed for one command must not leave an empty network behind. The
    first write creates it; so does a read of MENTORNET_DB or the default data folder (a fresh
    install's bare `mentornet`), which name where the network lives rather than one command's
    file. `creating`: a read that a write follows (the interview before `assess` saves).
    `snapshot`: a long read (an export) made from a copy, so it keeps no writer waiting."""
    from mentornet.services.database import reading as read

    path = db_path(ctx)
    if not creating and (ctx.find_root().obj or {}).get("db") and not path.exists():
        raise StoreError(f"{path} doesn't exist; check the --db path (the first command that writes, "
                         "like `mentornet add-contact NAME`, creates it)")
    try:
        with read(path, snapshot=snapshot) as conn:
            yield conn
    except Exception as exc:  # damage found in a page the header check didn't read
        if (cause := _damage(exc)) is None:
            raise
        raise _damaged(path, cause) from None


@contextmanager
def writing(ctx: typer.Context) -> Iterator[sqlite3.Connection]:
    """One transaction for the whole command: all of it is written, or none."""
    from mentornet.services.database import writing as write

    path = db_path(ctx)
    try:
        with write(path) as conn:
            yield conn
    except Exception as exc:  # rolled back: the file is as it was
        if (cause := _damage(exc)) is None:
            raise
        raise _damaged(path, cause) from None
