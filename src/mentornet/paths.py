"""Where the database lives: `--db`, then `MENTORNET_DB`, then the platformdirs user data dir.

A database is a SQLite file (a `Path`) or a PostgreSQL database (a `Server`, named by a
postgresql:// URL). Files kept beside the database (backups, templates, unsaved text) go in the
file's folder, or for a server in the user data folder: `.parent` answers for both.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ENV_VAR = "MENTORNET_DB"
FILE_NAME = "mentornet.db"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def data_folder() -> Path:
    from platformdirs import user_data_dir  # only when no path was given: it costs an import

    return Path(user_data_dir("mentornet", appauthor=False))


def masked(url: str) -> str:
    """The URL with any password replaced by ***: what messages and `doctor` print. libpq ends a
    URL's user:password at '@' or '/' only, so a password may hold '?' or '#'."""
    url = re.sub(r"^(postgres(?:ql)?://[^:@/]*):[^@/]*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", url)


@dataclass(frozen=True)
class Server:
    """A PostgreSQL database, by its URL (libpq's: a service file or a password file may supply
    what the URL leaves out). str() and repr() mask the password, so a message can name it."""

    url: str = field(repr=False)

    def __str__(self) -> str:
        return masked(self.url)

    def __repr__(self) -> str:
        return f"Server({masked(self.url)!r})"

    @property
    def parent(self) -> Path:
        """Where the files kept beside a database go: the user data folder (the database is elsewhere)."""
        return data_folder()

    def exists(self) -> bool:
        """Whether the database exists is the server's to say, when connecting."""
        return True

    def settings(self) -> dict[str, str]:
        """The URL's settings as libpq reads them (psycopg's parser); {} when there is no driver
        or the URL can't be read (connecting says which)."""
        try:
            from psycopg.conninfo import conninfo_to_dict
        except ImportError:
            return {}
        try:
            return {key: str(value) for key, value in conninfo_to_dict(self.url).items()}
        except Exception:  # a malformed URL: connecting reports it
            return {}

    @property
    def stem(self) -> str:
        """A name for this database's backups: its name, and a digest of everything else the URL
        says but the password, so two servers (or services) never share or prune each other's."""
        import hashlib

        settings = {key: value for key, value in self.settings().items() if key != "password"}
        named = re.sub(r"[^\w.-]", "_", settings.get("dbname", "")) or "mentornet"
        digest = hashlib.sha256(repr(sorted(settings.items())).encode()).hexdigest()[:8]
        return f"{named}-{digest}"

    def unencrypted_remote(self) -> str | None:
        """The host, when the URL reaches another machine without requiring TLS: a password and
        every note would cross the network readable. None for a local socket or localhost. (A
        service file's host and sslmode are libpq's to read: not seen here.)"""
        settings = self.settings()
        hosts = [host for host in (settings.get("host") or os.environ.get("PGHOST", "")).split(",")
                 if host and not host.startswith("/") and host.lower() not in ("localhost", "127.0.0.1", "::1")]
        mode = settings.get("sslmode") or os.environ.get("PGSSLMODE", "")
        if hosts and mode not in ("require", "verify-ca", "verify-full"):
            return hosts[0]
        return None


Location = Path | Server


def database_path(cli_value: str | os.PathLike | None = None) -> Location:
    """The absolute database path (never relative, so a `cd` can't split a network in two), or
    the server a postgresql:// URL names."""
    chosen = cli_value if cli_value not in (None, "") else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return data_folder() / FILE_NAME
    if isinstance(chosen, str) and chosen.startswith(SERVER_SCHEMES):
        return Server(chosen)
    return Path(chosen).expanduser().resolve()


def backups_dir(db_path: Location) -> Path:
    """Backups sit in a `backups` folder beside the database."""
    return db_path.parent / "backups"


def is_database_file(candidate: Path, db_path: Location) -> bool:
    """Is `candidate` the database or one of SQLite's files beside it (journal, WAL, shared memory)?

    Writing there would be taken for a hot journal and silently rolled back or deleted."""
    if isinstance(db_path, Server):
        return False
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
