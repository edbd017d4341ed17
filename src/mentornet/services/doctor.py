"""`mentornet doctor`: is the store healthy, private and backed up? Reads only; changes nothing."""

import sqlite3
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mentornet.errors import StoreError
from mentornet.paths import Location, Server, backups_dir
from mentornet.store.backup import copy_problem
from mentornet.store.connection import SCHEMA_VERSION, WAL_SAFE, connect, file_version

BACKUP_MAX_AGE_DAYS = 30


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool  # False: something is wrong with the data, the file or its permissions
    detail: str
    fix: str | None = None
    warning: bool = False  # worth doing something about, but nothing is wrong (no recent backup)

    @property
    def status(self) -> str:
        return "FAIL" if not self.ok else "warning" if self.warning else "ok"

    def as_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "warning": self.warning, "detail": self.detail, "fix": self.fix}


# what integrity_check says when only an index disagrees with its table: REINDEX rebuilds them
_INDEX_ONLY = ("missing from index", "wrong # of entries in index", "index ")


def _mode_check(name: str, path: Path, wanted: int) -> Check:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & ~wanted:
        return Check(name, False, f"{path} is {oct(mode)[2:]}, readable by others", f"chmod {oct(wanted)[2:]} '{path}'")
    return Check(name, True, f"{path} is {oct(mode)[2:]}")


def checks(db_path: Location, now: datetime | None = None) -> list[Check]:
    now = now or datetime.now(UTC)
    if isinstance(db_path, Server):
        return _server_checks(db_path, now)
    found = [Check("sqlite", True, f"SQLite {sqlite3.sqlite_version}" + ("" if WAL_SAFE else " (rollback journal: WAL needs 3.51.3)"))]
    try:
        version = file_version(db_path)
    except StoreError as exc:
        return found + [Check("database", False, str(exc), "restore a backup with `mentornet restore PATH`")]
    if version is None:
        return found + [Check("database", True, f"{db_path} doesn't exist yet; it is created on first use")]
    found.append(Check("schema", version == SCHEMA_VERSION, f"schema version {version} (current {SCHEMA_VERSION})",
                       None if version == SCHEMA_VERSION else "run any command to upgrade it"))
    restore = "restore the latest backup with `mentornet restore PATH`"
    conn = connect(db_path)
    try:
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
        found.append(Check("journal", journal.lower() in ("delete", "wal", "truncate", "persist"), f"journal mode {journal}"))
        # integrity_check, not quick_check: only it compares every index with its table (a changed
        # byte in the name index passes quick_check while contacts can no longer be found by name)
        for name, pragma in (("integrity", "integrity_check"), ("foreign_keys", "foreign_key_check")):
            try:
                rows = conn.execute(f"PRAGMA {pragma}").fetchall()
            except sqlite3.DatabaseError as exc:
                found.append(Check(name, False, str(exc), restore))
                continue
            if pragma == "integrity_check":
                result = [row[0] for row in rows]
                found.append(Check(name, result == ["ok"], "; ".join(result[:3]),
                                   None if result == ["ok"] else _repair(db_path, result, restore)))
            else:
                found.append(Check(name, not rows, f"{len(rows)} broken links" if rows else "no broken links",
                                   restore if rows else None))
    finally:
        conn.close()
    found.append(_mode_check("file mode", db_path, 0o600))
    folder = db_path.parent
    if not folder.stat().st_mode & stat.S_ISVTX:  # a shared sticky folder like /tmp isn't ours to judge
        found.append(_mode_check("folder mode", folder, 0o700))
    for suffix in ("-journal", "-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            found.append(_mode_check(f"{suffix[1:]} mode", side, 0o600))
    found.append(_backup_check(db_path, now))
    return found


def _repair(db_path: Path, problems: list[str], restore: str) -> str:
    if all(any(sign in problem for sign in _INDEX_ONLY) for problem in problems):
        return f"rebuild the indexes: sqlite3 '{db_path}' REINDEX (or {restore[0].lower()}{restore[1:]})"
    return restore


def _server_checks(server: Server, now: datetime) -> list[Check]:
    """PostgreSQL: the server, the connection's encryption, the schema, what the role may do, and
    the last backup (the JSON export in backups/)."""
    from mentornet.store import pg

    try:
        facts = pg.server_facts(server.url)
    except StoreError as exc:
        return [Check("server", False, str(exc), "check the URL and that the server is running")]
    found = [Check("server", facts.version_num >= pg.MINIMUM_SERVER,
                   f"PostgreSQL {facts.version} at {server}",
                   None if facts.version_num >= pg.MINIMUM_SERVER else "mentornet needs PostgreSQL 15 or newer")]
    if facts.socket:
        found.append(Check("connection", True, "a local socket: nothing crosses the network"))
    elif facts.ssl:
        found.append(Check("connection", True, f"encrypted ({facts.ssl})"))
    else:
        found.append(Check("connection", facts.local, "not encrypted" + (" (on this machine)" if facts.local else ""),
                           None if facts.local else "add ?sslmode=verify-full (or require) to the URL",
                           warning=facts.local))
    if facts.schema is None:
        found.append(Check("schema", True, "no network here yet; it is created on first use"))
    else:
        current = facts.schema == SCHEMA_VERSION
        found.append(Check("schema", current, f"schema version {facts.schema} (current {SCHEMA_VERSION})",
                           None if current else "run any command to upgrade it"))
    if facts.excess:
        found.append(Check("role", True, f"{facts.role} can {', '.join(facts.excess)}: more than mentornet needs",
                           "connect as a role with only the privileges in the README's \"Using PostgreSQL\"",
                           warning=True))
    else:
        found.append(Check("role", True, f"{facts.role} has only what mentornet needs"))
    found.append(_backup_check(server, now, pattern=f"{server.stem}-*.json"))  # this server's alone
    return found


def _backup_check(db_path: Location, now: datetime, pattern: str = "*.db") -> Check:
    """The newest backup: a warning when there is none or it is old; a failure when it can't be
    opened or fails quick_check (it would fail you the day you need it)."""
    folder = backups_dir(db_path)
    backups = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    if not backups:
        return Check("backup", True, "no backup yet", "mentornet backup", warning=True)
    newest = backups[-1]
    problem = _export_problem(newest) if newest.suffix == ".json" else copy_problem(newest)
    if problem:
        return Check("backup", False, f"the last backup ({newest.name}) is damaged: {problem}", "mentornet backup")
    age = (now - datetime.fromtimestamp(newest.stat().st_mtime, UTC)).days
    fresh = age <= BACKUP_MAX_AGE_DAYS
    return Check("backup", True, f"last backup {age} days ago ({newest.name})", None if fresh else "mentornet backup",
                 warning=not fresh)


def _export_problem(path: Path) -> str | None:
    """What is wrong with a JSON export kept as a backup, if anything."""
    from mentornet.io import ImportFailed
    from mentornet.io.jsonfile import load

    try:
        load(path.read_text(encoding="utf-8"), path.name)
    except (OSError, UnicodeDecodeError, ImportFailed) as exc:
        return str(exc)
    return None


def healthy(found: list[Check]) -> bool:
    return all(check.ok for check in found)
