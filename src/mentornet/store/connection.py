"""Opening the database file safely with the standard sqlite3 module.

Every path opens the file here or through `apply_pragmas`: reads, the daily writes, and the
creation and upgrades of the file (`migrations`), so the pragmas live once.
"""

import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from mentornet.errors import StoreError
from mentornet.store import holder as store_holder
from mentornet.store.caches import Cache, in_step

APPLICATION_ID = 0x4D4E4554  # "MNET" in the file header: how we know a file is ours
SCHEMA_VERSION = 6
SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite's WAL-reset bug is fixed in 3.51.3 (sqlite.org/wal.html#walresetbug); before it, the
# rollback journal is the safe choice.
WAL_SAFE = sqlite3.sqlite_version_info >= (3, 51, 3)
BUSY_TIMEOUT_MS = 10_000
# How many busy timeouts in a row a command waits for the lock while other commands keep committing.
# One holder that keeps the file locked without a commit (a stuck program, an open sqlite3 shell)
# fails the command after two timeouts (the first sets where the file stood); a queue of writers
# that each hold it briefly (many terminals, a cron job, imports, on a machine short of CPU) is
# waited through, up to this many.
PATIENCE = 6
# How long a command waits for the lock while another mentornet command holds it (its `.NAME.writer`
# file names a live process, store/holder.py): that one is making progress, however slowly (an
# import of thousands of rows on a loaded machine), so it is waited for, up to this many seconds.
HOLDER_CEILING_S = 600.0
# The database this process last opened: what a busy error met outside `waiting` was about.
_opened: Path | None = None


def commits(path: Path) -> bytes | None:
    """The file change counter (header bytes 24-27), which every commit under the rollback journal
    changes; read without a lock, and only compared, so a torn read is just a change.

    Only call it after a busy error, when this process's connection has just released its locks:
    closing a descriptor of the file releases every POSIX lock the process holds on it."""
    try:
        with open(path, "rb") as handle:
            handle.seek(24)
            return handle.read(4)
    except OSError:
        return None


class Wait:
    """One command's wait for the lock: the file change counter at each busy error, and when the
    wait began."""

    def __init__(self) -> None:
        self.seen: list[bytes | None] = []
        self.began = time.monotonic()


def waiting(path: Path, exc: sqlite3.OperationalError, wait: Wait) -> bool:
    """After a busy error: wait another busy timeout? While another mentornet command holds the
    lock (store/holder.py), yes, up to HOLDER_CEILING_S; while another program holds it, yes while
    the file keeps changing (others commit in turn), up to PATIENCE timeouts. On no, `exc` says who
    held the lock (`outside_problem`)."""
    if not busy(exc):
        return False
    held_by = store_holder.alive(path)
    exc.holder = held_by  # type: ignore[attr-defined]
    if held_by is not None:
        wait.seen.append(None)  # the counter rule starts again if a program takes over
        return time.monotonic() - wait.began < HOLDER_CEILING_S
    if len(wait.seen) >= PATIENCE:
        return False
    wait.seen.append(commits(path))
    return len(wait.seen) == 1 or wait.seen[-1] != wait.seen[-2]


def immediate(conn: sqlite3.Connection, path: Path) -> None:
    """BEGIN IMMEDIATE, waiting busy_timeout at a time for as long as another mentornet command
    holds the lock or others commit in between (`waiting`). The caller then says it holds the lock
    (store/holder.claim) and, after COMMIT or ROLLBACK, that it no longer does (release)."""
    wait = Wait()
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not waiting(path, exc, wait):
                raise


def busy(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def apply_pragmas(conn: sqlite3.Connection, *, foreign_keys: bool = True) -> None:
    """Per-connection settings (pragmas are per connection, so every connection runs this)."""
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA secure_delete=ON")  # deleted notes must not linger in free pages


def outside_problem(exc: sqlite3.Error, what: str = "the database") -> str | None:
    """One line for an SQLite error whose cause is outside the file: another program holding it past
    the busy timeout, a read-only file, a full disk. None for anything else (damage, a bug)."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        if hasattr(exc, "holder"):  # `waiting` looked: a mentornet writer, or no mentornet at all
            held_by = exc.holder
            who = f"another mentornet command ({held_by})" if held_by is not None else "another program"
        else:  # met elsewhere (a COMMIT kept waiting by readers, who leave no file): who writes now, if known
            held_by = store_holder.alive(_opened) if _opened is not None else None
            who = (f"another mentornet command ({held_by})" if held_by is not None
                   else "another mentornet command or another program")
        return f"{what} is in use by {who} ({exc}); nothing was changed. Try again when it has finished"
    if name.startswith("SQLITE_READONLY"):
        return f"{what} can't be written ({exc}); nothing was changed. Check the permissions of the file and its folder"
    if name.startswith("SQLITE_FULL"):
        return f"the disk is full ({exc}); nothing was changed. Free some space and try again"
    return None


def file_version(path: Path) -> int | None:
    """The schema version of the mentornet database at `path`; None if there is none yet.

    Refuses, without writing a byte, anything that is not a mentornet database: another
    program's SQLite file, a damaged file, a file that isn't SQLite at all, or a newer schema.
    """
    version, conn = _examined(path)
    if conn is not None:
        conn.close()
    return version


def _examined(path: Path) -> tuple[int | None, sqlite3.Connection | None]:
    """`file_version`, and the connection that read it (None when there is no database yet): every
    connection parses the whole schema when it first reads, which the check here has done, so
    `open_current` goes on with this one instead of paying for the parse again (a large network's
    search shards make the schema several times longer)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None, None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a database file; pass a file path with --db") from None
    except OSError as exc:
        raise StoreError(f"can't read {path}: {exc.strerror}; check the path and its permissions") from None
    global _opened
    _opened = Path(path)
    if not header:
        return None, None  # an empty file: what a first run that was interrupted leaves
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path} is not a mentornet database (not an SQLite file); choose another path with --db")
    try:
        conn = sqlite3.connect(Path(path).as_uri() + "?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"can't open {path}: {exc}; check the path and its permissions") from None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        wait = Wait()
        while True:  # another mentornet writing, or writers committing in turn: wait on
            try:
                application_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                break
            except sqlite3.OperationalError as exc:
                if not waiting(path, exc, wait):
                    raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(outside_problem(exc, str(path)) or
                         f"{path} is damaged or not a database ({exc}); restore a backup or choose another path with --db") from None
    except BaseException:
        conn.close()
        raise
    if application_id != APPLICATION_ID:
        conn.close()
        raise StoreError(f"{path} is an SQLite database but not a mentornet one; choose another path with --db")
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path} was written by a newer mentornet (schema {version}, this one reads {SCHEMA_VERSION}); upgrade mentornet"
        )
    return version, conn


def connect(path: Path) -> sqlite3.Connection:
    """A connection to an existing, current database, in autocommit mode (reads need no BEGIN)."""
    global _opened
    _opened = Path(path)
    try:
        conn = sqlite3.connect(Path(path).as_uri() + "?mode=rw", uri=True, isolation_level=None)
        apply_pragmas(conn)
    except sqlite3.Error as exc:
        raise StoreError(f"can't open {path}: {exc}; check the path and its permissions") from None
    conn.row_factory = sqlite3.Row
    return conn


def open_current(path: Path, caches: Sequence[Cache]) -> sqlite3.Connection:
    """Open for reading, creating or upgrading the database first, or installing `caches`, when
    the file isn't current."""
    version, checked = _examined(path)
    if version == SCHEMA_VERSION and checked is not None:
        try:
            apply_pragmas(checked)
        except sqlite3.Error as exc:
            checked.close()
            raise StoreError(f"can't open {path}: {exc}; check the path and its permissions") from None
        checked.row_factory = sqlite3.Row
        if in_step(checked, caches):
            return checked
    if checked is not None:
        checked.close()
    from mentornet.store.migrations import prepare

    prepare(path, caches)
    return connect(path)


def create_private_file(path: Path) -> None:
    """Create `path` empty and owner-only (0600), and its folder 0700 if we make it."""
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        except OSError as exc:
            raise StoreError(f"can't create the folder {folder}: {exc.strerror}; choose another path with --db") from None
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"can't create {path}: {exc.strerror}; choose another path with --db") from None
    os.close(fd)
    os.chmod(path, 0o600)
