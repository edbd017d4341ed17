"""Consistent, owner-only copies of the database, and restoring one.

Every copy (a manual backup, the one before an upgrade, the one before a restore) is written under
a temporary name in its destination folder, checked, flushed to disk and only then renamed to its
final name: a kill mid-copy leaves a temporary file (cleaned up by the next backup), never a
partial backup under a name `doctor` would trust. `VACUUM INTO` reads one snapshot, so a copy is
consistent even while other commands write.
"""

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path

from mentornet.errors import StoreError
from mentornet.paths import Location, refuse_special
from mentornet.store.connection import (
    BUSY_TIMEOUT_MS,
    connect,
    create_private_file,
    file_version,
    immediate,
    outside_problem,
)
from mentornet.store.holder import claim, release

PARTIAL = ".partial-"  # in the name of a copy being written: `.NAME.partial-PID`
KEEP_BACKUPS = 10


def writable_target(destination: Path, *, replace: bool = False) -> None:
    """Refuse a destination that isn't a new path or an empty regular file (or, if `replace`, any
    regular file): a device, a FIFO, a socket or a folder is never replaced."""
    refuse_special(destination)
    if not replace and destination.exists() and destination.stat().st_size > 0:
        raise StoreError(f"{destination} already exists; choose another path")


def _partial(destination: Path) -> Path:
    return destination.with_name(f".{destination.name}{PARTIAL}{os.getpid()}")


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, destination: Path, *, replace: bool = False) -> Path:
    """Copy `source` to `destination` (0600): written aside, checked, flushed, then renamed; over
    an earlier copy only if `replace`."""
    writable_target(destination, replace=replace)
    remove_partials(destination.parent)
    partial = _partial(destination)
    create_private_file(partial)  # and its folder, 0700; VACUUM INTO keeps an existing empty file's mode
    try:
        _vacuum_into(source, partial)
        _check_copy(partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(partial, 0o600)
        writable_target(destination, replace=replace)  # still nothing there worth keeping
        os.replace(partial, destination)
        _fsync_folder(destination.parent)
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
    return destination


@contextmanager
def snapshot(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the database at `path` as it is now, holding no lock on it: for a
    long read (an export) that must see one moment without keeping writers out for its whole length.

    Under the rollback journal a reader's shared lock stops every writer's commit, and the commit
    that waits stops every new reader: a 10,000-contact JSON export reading for 30 s on a busy
    machine made other commands fail with "database is locked". So the file is copied byte for byte
    under one read transaction of `conn` (a copy of the file is a consistent database while the lock
    is held: no writer can change it) into an owner-only file beside it, opened, and unlinked at
    once; a copy left by a killed export is removed by the next one (`remove_partials`). Under WAL,
    where readers don't block writers, or when the copy can't be made (a full disk), `conn` itself."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        yield conn
        return
    path = Path(path)
    remove_partials(path.parent)
    copy = path.with_name(f".{path.name}{PARTIAL}{os.getpid()}-snapshot")
    try:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the shared lock, held to the end
            os.close(os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            try:
                # sendfile: about a second for 350 MB on a busy machine. Closing its descriptor drops this
                # process's locks on the file (POSIX), after the copy: the read transaction ends next anyway
                shutil.copyfile(path, copy)
            except BaseException:
                copy.unlink(missing_ok=True)
                raise
        finally:
            conn.execute("COMMIT")
    except OSError:
        copy.unlink(missing_ok=True)
        yield conn
        return
    try:
        copied = sqlite3.connect(copy.as_uri() + "?mode=ro&immutable=1", uri=True, isolation_level=None)
    finally:
        copy.unlink(missing_ok=True)  # the open file stays readable; nothing is left behind, even on a kill
    try:
        copied.execute("PRAGMA trusted_schema=OFF")
        copied.execute("PRAGMA temp_store=MEMORY")
        copied.execute("PRAGMA query_only=ON")
        copied.row_factory = sqlite3.Row
        yield copied
    finally:
        copied.close()


def _vacuum_into(source: Path, target: Path) -> None:
    conn = sqlite3.connect(Path(source).as_uri() + "?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("VACUUM INTO ?", (str(target),))
    except sqlite3.Error as exc:
        raise StoreError(outside_problem(exc, str(source)) or f"can't copy {source}: {exc}; nothing was written") from None
    finally:
        conn.close()


def _check_copy(path: Path) -> None:
    problem = copy_problem(path)
    if problem:
        raise StoreError(f"the copy of the database didn't check out ({problem}); nothing was written")


def copy_problem(path: Path) -> str | None:
    """Why a copy can't be trusted (it doesn't open, or fails `quick_check`); None when it can."""
    try:
        conn = sqlite3.connect(Path(path).as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        result = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return None if result == ["ok"] else "; ".join(result[:3])


def remove_partials(folder: Path) -> list[Path]:
    """Remove the temporary copies that a killed backup, export or restore left in `folder`
    (their process is gone); returns them."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.glob(f".*{PARTIAL}*"):
        pid = path.name.rsplit(PARTIAL, 1)[1].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def dated_backup_path(db_path: Location, reason: str = "backup", suffix: str = ".db") -> Path:
    """`backups/mentornet-backup-20261122T153000Z.db` beside the database."""
    from datetime import datetime

    from mentornet.paths import backups_dir

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return backups_dir(db_path) / f"{db_path.stem}-{reason}-{stamp}{suffix}"


def prune_backups(db_path: Location, keep: int = KEEP_BACKUPS, suffix: str = ".db") -> list[Path]:
    """Keep the newest `keep` dated backups made by `backup` (never the copies made before an
    upgrade or a restore); returns the ones removed."""
    from mentornet.paths import backups_dir

    dated = sorted(backups_dir(db_path).glob(f"{db_path.stem}-backup-*{suffix}"), key=lambda p: p.name)
    stale = dated[:-keep] if keep > 0 else dated
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def restore_database(backup: Path, db_path: Path) -> Path | None:
    """Replace the database with a copy of `backup`; returns the backup made of what it replaced.

    The write lock on the database is held from before that backup until the swap, so a write
    acknowledged before is in the backup, and one that waited for the lock finds the file replaced
    and starts again on the restored one (`writes.unit_of_work`). The copy is written beside the
    database, checked and flushed, then renamed over it: a crash leaves the old database or the
    new one, never half of each.
    """
    if file_version(backup) is None:
        raise StoreError(f"{backup} is empty or missing; name a backup file made by `mentornet backup`")
    staging = db_path.with_name(f".{db_path.name}.restoring{PARTIAL}{os.getpid()}")
    if file_version(db_path) is None:
        os.replace(copy_database(backup, staging), db_path)
        return None
    lock = connect(db_path)
    try:
        immediate(lock, db_path)  # no other write until the swap is done
        claim(db_path)
        try:
            saved = copy_database(db_path, dated_backup_path(db_path, "before-restore"))
            staged = copy_database(backup, staging)
            for leftover in (Path(f"{db_path}-journal"), Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
                leftover.unlink(missing_ok=True)  # they belong to the file being replaced
            os.replace(staged, db_path)
            _fsync_folder(db_path.parent)
        finally:
            lock.close()  # its lock was on the replaced file
            release(db_path)
    finally:
        lock.close()  # (again, harmless) when the lock was never taken
    return saved
