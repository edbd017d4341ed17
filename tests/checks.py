"""The one error assertion every test that checks an error uses, and what tests need to run on
either store."""

import os

ON_SERVER = os.environ.get("MENTORNET_TEST_STORE") == "postgresql"  # the suite against PostgreSQL


def assert_error(result, code: int | tuple[int, ...] = 2, *fragments: str) -> None:
    """One `Error:` line (and maybe a `Try ...` line) on stderr naming the problem, nothing on
    stdout, no traceback, and never the catch-all for bugs. `result` is the CLI run in-process
    (`exit_code`) or as a subprocess (`returncode`); `code` one exit code or several allowed."""
    exit_code = getattr(result, "exit_code", None)
    if exit_code is None:
        exit_code = result.returncode
    allowed = code if isinstance(code, tuple) else (code,)
    assert exit_code in allowed, (exit_code, result.stderr[-1500:])
    assert result.stdout == "", result.stdout[-500:]
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("Error: "), result.stderr[-1500:]
    assert len(lines) <= 2, result.stderr[-1500:]
    if len(lines) == 2:
        assert lines[1].startswith("Try "), result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def open_database(location, **options):
    """A connection to the test's database, whichever store it is on: sqlite3's for a file (with
    `options`), store/pg.py's (autocommit, SQLite's spellings translated) for a server."""
    import sqlite3

    from mentornet.paths import Server

    if isinstance(location, Server):
        from mentornet.store import pg

        return pg.connect(location.url)
    return sqlite3.connect(location, **options)


def database_exists(location) -> bool:
    """Is there a mentornet database (a file, or tables on the server) at `location`?"""
    from mentornet.paths import Server
    from mentornet.services.database import exists

    return exists(location) if isinstance(location, Server) else location.exists()


def short_lock_wait(monkeypatch) -> None:
    """A command waits 0.1 s for the write lock instead of 10 s, on either store: for tests that
    hold the lock from another connection (`BEGIN IMMEDIATE`, which store/pg.py takes as the
    server's advisory lock) to make a save fail."""
    from mentornet.store import connection, pg

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(pg, "LOCK_TIMEOUT_MS", 100)
