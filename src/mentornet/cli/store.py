"""`backup`, `restore` and `doctor`: keeping a career's worth of notes safe."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import JsonOption, db_path
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


def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A backup made by `mentornet backup`.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask.")] = False,
) -> None:
    """Replace the database with a backup, keeping a backup of what it replaces."""
    from mentornet.store.backup import restore_database
    from mentornet.store.connection import file_version

    target = db_path(ctx)
    source = path.expanduser().resolve()
    file_version(source)  # refuses anything that isn't a mentornet database before asking
    if not yes:
        if not sys.stdin.isatty():
            raise Refused(f"restoring replaces {target}; add --yes to confirm")
        if not typer.confirm(f"Replace {target} with {source}?", default=False):
            raise typer.Exit(1)
    saved = restore_database(source, target)
    out.message(f"Restored {source}." + (f" The replaced database was saved to {saved}." if saved else ""))


def doctor(ctx: typer.Context, json: JsonOption = False) -> None:
    """Check the database: SQLite, schema, integrity, file modes, the last backup."""
    from mentornet.services.doctor import checks, healthy

    path = db_path(ctx)
    found = checks(path)
    if json:
        out.emit_json({"database": str(path), "ok": healthy(found),
                       "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail, "fix": c.fix} for c in found]})
    else:
        table = out.Table(["check", "", "detail", "fix"], title=f"mentornet doctor: {path}")
        for c in found:
            table.add(c.name, "ok" if c.ok else "FAIL", c.detail, c.fix,
                      styles=[None, "green" if c.ok else "red", None, None])
        out.show(table)
    if not healthy(found):
        raise typer.Exit(1)
