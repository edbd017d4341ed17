"""Who holds the write lock: a small file beside the database that a mentornet writer leaves
while it holds the lock, so a command waiting for it can tell another mentornet command making
progress (wait on) from another program (an open sqlite3 shell, a stuck tool: give up soon).

The file, `.<database name>.writer` (0600), holds in three `key=value` lines (no json: its import
costs more than the rest of this) the writer's pid, its start time (Linux: field
22 of /proc/PID/stat, so a reused pid isn't taken for it) and its command path (`mentornet
import`, never an argument's value). It is written after BEGIN IMMEDIATE succeeds (only the
lock's holder writes it) and removed after COMMIT or ROLLBACK, if it is still this process's. One
left by a killed writer names a dead process: it is ignored, and the next writer replaces it.
"""

import os
import sys
from pathlib import Path


class Holder:
    """A live mentornet process holding the lock (a plain class: a NamedTuple's creation costs a
    daily command a millisecond)."""

    __slots__ = ("pid", "command")

    def __init__(self, pid: int, command: str) -> None:
        self.pid = pid
        self.command = command

    def __str__(self) -> str:
        return f"pid {self.pid}: `{self.command}`"


def sidecar(path: Path) -> Path:
    return Path(path).with_name(f".{Path(path).name}.writer")


def _started(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux); None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    fields = stat[stat.rfind(b")") + 2:].split()  # the name, in parentheses, may hold spaces
    return fields[19].decode() if len(fields) > 19 else None


def _command() -> str:
    """The command path being run (`mentornet outreach log`): names only, no argument's value."""
    for name in ("typer._click.globals", "click.globals"):  # typer's own click, or click (older typer)
        module = sys.modules.get(name)
        context = module.get_current_context(silent=True) if module is not None else None
        if context is not None:
            return str(context.command_path)
    return "mentornet"


def _read(record: bytes) -> dict[str, str]:
    """The file's `key=value` lines; a torn or foreign file gives what it can (checked by callers)."""
    found = {}
    for line in record.decode("utf-8", "replace").splitlines():
        key, equals, value = line.partition("=")
        if equals:
            found[key] = value
    return found


def claim(path: Path) -> None:
    """Say that this process holds the write lock on the database at `path` (call it with the lock
    held). Written to a temporary name then renamed, so a reader never sees half of it; a file
    that can't be written (a read-only folder) only means waiters can't tell who holds the lock."""
    pid = os.getpid()
    record = f"pid={pid}\nstart={_started(pid) or ''}\ncommand={_command()}\n".encode()
    target = sidecar(path)
    partial = target.with_name(f"{target.name}.{pid}")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        try:
            os.write(fd, record)
        finally:
            os.close(fd)
        os.replace(partial, target)
    except OSError:
        try:
            os.unlink(partial)
        except OSError:
            pass


def release(path: Path) -> None:
    """Remove the file if it is still this process's, once the lock is released (COMMIT or
    ROLLBACK). Another writer may have taken the lock and written its own since: the file is first
    moved aside (atomically, so whatever was there is in hand), and put back if it isn't ours."""
    target = sidecar(path)
    pid = os.getpid()
    aside = target.with_name(f"{target.name}.{pid}.done")
    try:
        os.rename(target, aside)
    except OSError:
        return
    try:
        try:
            with open(aside, "rb") as handle:
                ours = _read(handle.read(4096)).get("pid") == str(pid)
        except OSError:
            ours = True  # unreadable: of no use to anyone
        if not ours:
            os.link(aside, target)  # unless a newer one is there already
    except OSError:
        pass
    finally:
        try:
            os.unlink(aside)
        except OSError:
            pass


def alive(path: Path) -> Holder | None:
    """The mentornet process the file names, if it is still running; None when there is no file,
    it can't be read, or its process is gone (or its pid now belongs to another process)."""
    try:
        with open(sidecar(path), "rb") as handle:
            record = _read(handle.read(4096))
        pid, start, command = int(record["pid"]), record.get("start") or None, record["command"]
    except (OSError, ValueError, KeyError):
        return None
    if pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, another user's
    if start is not None and _started(pid) not in (None, start):
        return None  # the pid was reused by a process started since
    return Holder(pid, command)
