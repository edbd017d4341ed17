"""Reading the file to import, and writing exports atomically with owner-only permissions."""

import codecs
import os
import re
import stat
import tempfile
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mentornet.errors import MentornetError
from mentornet.io import ImportFailed
from mentornet.paths import refuse_special

_SNIFF = 8192
_VCARD = re.compile(rb"^\s*BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)
_CHARSET = re.compile(rb";CHARSET=\"?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything else is refused."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"can't import {path}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"can't import {path}: it is a folder; name a file") from None
    except OSError as exc:
        raise ImportFailed(f"can't read {path}: {exc.strerror}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(f"can't import {path}: it says UTF-16 but doesn't decode as UTF-16") from None
    if b"\x00" in data[:_SNIFF]:
        raise ImportFailed(f"can't import {path}: it is a binary file, not a JSON, CSV or vCard export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _VCARD.search(data[:65536]):
            return _vcard_lines(data)
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            f"can't import {path}: line {line} is not UTF-8 text; save the file as UTF-8 (or it is not a text file)"
        ) from None
    if not text.strip():
        raise ImportFailed(f"can't import {path}: the file is empty")
    return text


def _vcard_lines(data: bytes) -> str:
    """A vCard file that isn't all UTF-8 (an Outlook or Android 2.1 export in ISO-8859-1 or
    Windows-1252): each line decoded by itself, as UTF-8 when it is, else by its CHARSET
    parameter, else as Windows-1252 (a superset of ISO-8859-1's printable characters)."""
    lines = []
    for raw in data.splitlines(keepends=True):
        try:
            lines.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        match = _CHARSET.search(raw.split(b":", 1)[0])
        for encoding in ((match[1].decode("ascii"),) if match else ()) + ("cp1252", "latin-1"):
            try:
                lines.append(raw.decode(encoding))
                break
            except (LookupError, UnicodeDecodeError):
                continue
    return "".join(lines).removeprefix("\ufeff")


STALE_AFTER = 24 * 3600  # seconds: a temporary file this old is no live writer's, whatever its name


def _temp_prefix(path: Path) -> str:
    """`.NAME.PID-`: the temporary file's name says whose it is, so the next write can tell a
    killed writer's file (its process is gone) from a live one's."""
    return f".{path.name}.{os.getpid()}-"


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files that killed writes to `path` left beside it (`.NAME.PID-*.tmp`
    whose process is gone, or any `.NAME.*.tmp` untouched for a day: an older mentornet's name,
    or a PID now used by another process); returns them. A live writer's file is never removed:
    its process exists and it is younger than a day."""
    import glob
    import time

    from mentornet.store.backup import _alive

    removed: list[Path] = []
    for found in glob.glob(os.path.join(glob.escape(str(path.parent)), f".{glob.escape(path.name)}.*.tmp")):
        candidate = Path(found)
        middle = candidate.name[len(path.name) + 2:-len(".tmp")]
        pid = middle.split("-", 1)[0] if "-" in middle else ""
        try:
            info = os.lstat(candidate)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        dead = pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))
        if dead or time.time() - info.st_mtime > STALE_AFTER:
            try:
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)
    return removed


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` to `path` so a reader sees the old file or the new one, never half of one.

    A temporary file in the same folder (created 0600 by mkstemp, named `.NAME.PID-*.tmp`), flushed
    and fsynced, then renamed over `path`; the folder is fsynced so the rename itself survives a
    crash. A killed write's temporary file is removed by the next write to the same `path`.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise MentornetError(f"{path} is a folder; give --output a file name")
    refuse_special(path)
    if not folder.is_dir():
        raise MentornetError(f"the folder {folder} doesn't exist; create it or choose another --output")
    remove_stale_temps(path)  # what a killed export to the same file left
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=_temp_prefix(path), suffix=".tmp")
    except OSError as exc:
        raise MentornetError(f"can't write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in [data] if isinstance(data, bytes) else data:  # an export may come a row at a time
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise MentornetError(f"can't write {path}: {exc.strerror}; the previous file, if any, is untouched") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some filesystems can't open a folder; the rename is done all the same
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


@contextmanager
def spooled(folder: Path, chunks: Iterable[bytes]) -> Iterator[typing.BinaryIO]:
    """`chunks` written whole to a nameless owner-only file in `folder` (beside the database, not a
    shared /tmp: it holds private notes), then given back from its start; gone when closed."""
    with tempfile.TemporaryFile(dir=folder if folder.is_dir() else None) as spool:
        for chunk in chunks:
            spool.write(chunk)
        spool.seek(0)
        yield spool
