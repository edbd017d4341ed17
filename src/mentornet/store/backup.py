"""Consistent, owner-only copies of the database (`VACUUM INTO` reads one snapshot)."""

import os
import sqlite3
from datetime import UTC
from pathlib import Path

from mentornet.errors import StoreError
from mentornet.store.connection import BUSY_TIMEOUT_MS, create_private_file


def copy_database(source: Path, destination: Path) -> Path:
    """Copy `source` to a new file `destination` (0600), consistent even while others write."""
    if destination.exists() and destination.stat().st_size > 0:
        raise StoreError(f"{destination} already exists; choose another path")
    create_private_file(destination)  # VACUUM INTO keeps an existing empty file's mode
    conn = sqlite3.connect(Path(source).as_uri() + "?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("VACUUM INTO ?", (str(destination),))
    except sqlite3.Error as exc:
        destination.unlink(missing_ok=True)
        raise StoreError(f"can't copy {source} to {destination}: {exc}") from None
    finally:
        conn.close()
    os.chmod(destination, 0o600)
    return destination


def dated_backup_path(db_path: Path, reason: str = "backup") -> Path:
    """`backups/mentornet-backup-20261122T153000Z.db` beside the database."""
    from datetime import datetime

    from mentornet.paths import backups_dir

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return backups_dir(db_path) / f"{db_path.stem}-{reason}-{stamp}.db"


def restore_database(backup: Path, db_path: Path) -> Path | None:
    """Replace the database with a copy of `backup`; returns the backup made of what it replaced.

    The copy is written beside the database, flushed, then renamed over it, so a crash leaves
    either the old database or the new one, never half of each.
    """
    from mentornet.store.connection import file_version

    if file_version(backup) is None:
        raise StoreError(f"{backup} is empty or missing; name a backup file made by `mentornet backup`")
    saved = None
    if file_version(db_path) is not None:
        saved = copy_database(db_path, dated_backup_path(db_path, "before-restore"))
    staging = db_path.with_name(f".{db_path.name}.restoring")
    staging.unlink(missing_ok=True)
    copy_database(backup, staging)
    with open(staging, "rb") as handle:
        os.fsync(handle.fileno())
    for leftover in (Path(f"{db_path}-journal"), Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        leftover.unlink(missing_ok=True)  # they belong to the file being replaced
    os.replace(staging, db_path)
    return saved
