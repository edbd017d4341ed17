"""Where the database lives: `--db`, then `MENTORNET_DB`, then the platformdirs user data dir."""

import os
from pathlib import Path

ENV_VAR = "MENTORNET_DB"
FILE_NAME = "mentornet.db"


def database_path(cli_value: str | os.PathLike | None = None) -> Path:
    """The absolute database path; never relative, so a `cd` can't split a network in two."""
    chosen = cli_value if cli_value not in (None, "") else os.environ.get(ENV_VAR) or None
    if chosen is None:
        from platformdirs import user_data_dir  # only when no path was given: it costs an import

        return Path(user_data_dir("mentornet", appauthor=False)) / FILE_NAME
    return Path(chosen).expanduser().resolve()


def backups_dir(db_path: Path) -> Path:
    """Backups sit in a `backups` folder beside the database."""
    return db_path.parent / "backups"


def is_database_file(candidate: Path, db_path: Path) -> bool:
    """Is `candidate` the database or one of SQLite's files beside it (journal, WAL, shared memory)?

    Writing there would be taken for a hot journal and silently rolled back or deleted."""
    candidate = Path(candidate).expanduser().resolve()
    return candidate in {db_path, *(Path(f"{db_path}{suffix}") for suffix in ("-journal", "-wal", "-shm"))}


def refuse_special(path: Path) -> None:
    """Refuse to write over anything but a regular file: a folder, a device (`/dev/null`), a FIFO
    or a socket would be replaced by the rename that every write of ours ends with."""
    import stat

    from mentornet.errors import StoreError

    try:
        found = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISDIR(found.st_mode):
        raise StoreError(f"{path} is a folder; name a file inside it")
    if not stat.S_ISREG(found.st_mode):
        raise StoreError(f"{path} is not a regular file (a device, pipe or socket); name a new file")
