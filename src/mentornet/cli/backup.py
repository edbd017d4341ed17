"""`backup [PATH]`: a consistent copy of the database, even while other commands run."""

from pathlib import Path
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import db_path
from mentornet.errors import Refused


def backup(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(metavar="[PATH]", help="Where to write it (default: backups/ beside the database).")] = None,
) -> None:
    """Write a consistent copy of the database, even while other commands run."""
    from mentornet.paths import is_database_file
    from mentornet.services.database import prepare
    from mentornet.store.backup import copy_database, dated_backup_path

    source = db_path(ctx)
    target = path.expanduser().resolve() if path else dated_backup_path(source)
    if is_database_file(target, source):
        raise Refused(f"{path} is the database or one of its own files; choose another path for the backup")
    prepare(source)  # refuses a foreign file; creates a new database on first use
    copy_database(source, target)
    out.data_line(str(target))
