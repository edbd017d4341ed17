"""Backups and restores: a copy whenever the user asks, the last few kept, and a restore that
loses no acknowledged write (store/backup.py says how).

On PostgreSQL a backup is the JSON export (the server's own tools, pg_dump and its backups, are
the administrator's; this is the person's copy of their network), and a restore imports one
into an empty database."""

from pathlib import Path

from mentornet.errors import Refused, StoreError
from mentornet.paths import Location, Server, is_database_file
from mentornet.services.database import prepare
from mentornet.store import backup as store_backup
from mentornet.store.connection import file_version

KEEP = store_backup.KEEP_BACKUPS


def make_backup(db_path: Location, target: Path | None = None, keep: int = KEEP) -> tuple[Path, list[Path]]:
    """A checked copy of the database at `target` (default: a dated file in backups/), and the
    older dated backups beyond the newest `keep` removed; returns the copy and what was removed."""
    if isinstance(db_path, Server):
        return _export_backup(db_path, target, keep)
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


def restore(source: Path, db_path: Location) -> Path | None:
    """Replace the database with the backup `source`; returns the copy saved of what it replaced."""
    if isinstance(db_path, Server):
        _import_backup(source, db_path)
        return None
    check_restorable(source)
    return store_backup.restore_database(source, db_path)


SERVER_BACKUP = ".json"


def _export_backup(server: Server, target: Path | None, keep: int) -> tuple[Path, list[Path]]:
    from mentornet.io.files import write_atomic
    from mentornet.io.jsonfile import export_text
    from mentornet.services.database import reading

    destination = target or store_backup.dated_backup_path(server, suffix=SERVER_BACKUP)
    store_backup.writable_target(destination)
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with reading(server, snapshot=True) as conn:  # one moment of the network, keeping no writer waiting
        write_atomic(destination, (chunk.encode("utf-8") for chunk in export_text(conn)))
    return destination, store_backup.prune_backups(server, keep, suffix=SERVER_BACKUP) if target is None else []


def check_restorable_into(source: Path, db_path: Location) -> None:
    """Refuse, before anything is asked or changed, a file that can't be restored into `db_path`."""
    if not isinstance(db_path, Server):
        check_restorable(source)
        return
    try:
        with open(source, "rb") as handle:
            start = handle.read(64).lstrip()
    except OSError as exc:
        raise StoreError(f"can't read {source}: {exc.strerror}; check the path") from None
    if not start.startswith(b"{"):
        raise StoreError(f"{source} is not a JSON export; on PostgreSQL a backup is the JSON export that "
                         "`mentornet backup` writes")


def _import_backup(source: Path, server: Server) -> None:
    """The export into the empty database, in one transaction that holds the write lock from the
    check that the database is empty to the commit."""
    from mentornet.io.jsonfile import import_data, load
    from mentornet.services.database import writing

    check_restorable_into(source, server)
    data = load(source.read_text(encoding="utf-8"), str(source))
    with writing(server) as conn:
        if conn.execute("SELECT EXISTS (SELECT 1 FROM contact) OR EXISTS (SELECT 1 FROM goal)").fetchone()[0]:
            raise Refused(f"{server} already holds a network; restore into an empty database "
                          "(or bring the file in alongside it with `mentornet import`)")
        import_data(conn, data, source=str(source))
