"""Backups and restores: a copy whenever the user asks, the last few kept, and a restore that
loses no acknowledged write (store/backup.py says how)."""

from pathlib import Path

from mentornet.errors import Refused, StoreError
from mentornet.paths import is_database_file
from mentornet.services.database import prepare
from mentornet.store import backup as store_backup
from mentornet.store.connection import file_version

KEEP = store_backup.KEEP_BACKUPS


def make_backup(db_path: Path, target: Path | None = None, keep: int = KEEP) -> tuple[Path, list[Path]]:
    """A checked copy of the database at `target` (default: a dated file in backups/), and the
    older dated backups beyond the newest `keep` removed; returns the copy and what was removed."""
    destination = target or store_backup.dated_backup_path(db_path)
    if is_database_file(destination, db_path):
        raise Refused(f"{destination} is the database or one of its own files; choose another path for the backup")
    store_backup.writable_target(destination)  # before anything is created or upgraded
    prepare(db_path)  # refuses a foreign file; creates a new database on first use
    store_backup.copy_database(db_path, destination)
    return destination, store_backup.prune_backups(db_path, keep) if target is None else []


def check_restorable(source: Path) -> None:
    """Refuse, before anything is asked or changed, a file that isn't a mentornet database."""
    try:
        with open(source, "rb") as handle:
            start = handle.read(64).lstrip()
    except OSError:
        start = b""
    if start.startswith(b"{"):
        raise StoreError(f"{source} is a JSON export, not a backup; bring it in with `mentornet import {source}`")
    file_version(source)


def restore(source: Path, db_path: Path) -> Path | None:
    """Replace the database with the backup `source`; returns the copy saved of what it replaced."""
    check_restorable(source)
    return store_backup.restore_database(source, db_path)
