"""Nothing a person typed is lost: text written in $EDITOR or at the interview's prompts is kept in
a file when saving it fails, and the error names that file.

Everything that can be checked is checked before the editor opens; this is for what can't be (the
write lock held past the busy timeout, a full disk, a change by another command in between).
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import typer

from mentornet.cli._params import db_path
from mentornet.errors import MentornetError, StoreError


def keep(ctx: typer.Context, kind: str, text: str | bytes) -> Path:
    """Write `text` to `unsaved/KIND-DATE-HHMMSS.txt` in the data folder, owner-only; its path.
    Bytes (typed on a terminal that isn't UTF-8) are kept exactly as they came."""
    folder = db_path(ctx).parent / "unsaved"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    for number in range(100):  # two failures in one second keep two files
        path = folder / f"{kind}-{stamp}{'' if number == 0 else f'-{number}'}.txt"
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as kept:
            kept.write(data if data.endswith(b"\n") else data + b"\n")
        return path
    raise FileExistsError(folder)


@contextmanager
def kept_on_failure(ctx: typer.Context, kind: str, text: str | None, what: str) -> Iterator[None]:
    """Run the save in the block; if it fails, keep `text` (when there is any) and say where, in the
    error that reports the failure. `what` names the text: "your notes", "your answers"."""
    try:
        yield
    except (MentornetError, sqlite3.Error, OSError) as exc:
        if not text or not text.strip():
            raise
        try:
            path = keep(ctx, kind, text)
        except OSError:
            raise exc from None
        if isinstance(exc, MentornetError):
            kept = type(exc)(f"{exc}; {what} are kept in {path}")
            raise kept from None
        from mentornet.services.database import outside_problem

        problem = outside_problem(exc) if isinstance(exc, sqlite3.Error) else None
        raise StoreError(f"{problem or 'nothing was saved'}; {what} are kept in {path}") from None
