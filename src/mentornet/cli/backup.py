"""`backup [PATH]`: a consistent copy of the database, even while other commands run."""

from pathlib import Path
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import db_path


def backup(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(metavar="[PATH]", help="Where to write it (default: backups/ beside the database).")] = None,
    keep: Annotated[int, typer.Option("--keep", metavar="N", min=1,
                                      help="Dated backups in backups/ to keep, newest first.")] = 10,
) -> None:
    """Write a consistent copy of the database, even while other commands run."""
    from mentornet.paths import Server
    from mentornet.services.backups import make_backup

    database = db_path(ctx)
    written, removed = make_backup(database, path.expanduser().resolve() if path else None, keep)
    out.data_line(str(written))
    if isinstance(database, Server):
        out.message("On PostgreSQL a backup is the JSON export: bring it back with `mentornet restore PATH` "
                    "into an empty database.")
    if removed:
        out.message(f"Removed {len(removed)} older backup{'s' if len(removed) != 1 else ''} (keeping {keep}).")
