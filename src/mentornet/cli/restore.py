"""`restore PATH`: the database replaced by a backup."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import db_path
from mentornet.errors import Refused


def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A backup made by `mentornet backup` (on PostgreSQL, its JSON export).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask.")] = False,
) -> None:
    """Replace the database with a backup, keeping a backup of what it replaces (on PostgreSQL: fill an empty database from one)."""
    from mentornet.paths import Server
    from mentornet.services.backups import check_restorable_into, restore

    target = db_path(ctx)
    source = path.expanduser().resolve()
    check_restorable_into(source, target)  # before asking
    if isinstance(target, Server):  # into an empty database: nothing is replaced, nothing to confirm
        restore(source, target)
        out.message(f"Restored {source} into {target}.")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise Refused(f"restoring replaces {target}; add --yes to confirm")
        if not typer.confirm(f"Replace {target} with {source}?", default=False):
            raise typer.Exit(1)
    saved = restore(source, target)
    out.message(f"Restored {source}." + (f" The replaced database was saved to {saved}." if saved else ""))
