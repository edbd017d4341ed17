"""`doctor`: checks of the database file, its schema, its modes and its backups."""

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import JsonOption, db_path


def doctor(ctx: typer.Context, json: JsonOption = False) -> None:
    """Check the database: SQLite, schema, integrity, file modes, the last backup."""
    from mentornet.services.doctor import checks, healthy

    path = db_path(ctx)
    found = checks(path)
    if json:
        out.emit_json({"database": str(path), "ok": healthy(found), "checks": [c.as_json() for c in found]})
    else:
        table = out.Table(["check", "", "detail", "fix"], title=f"mentornet doctor: {path}")
        colour = {"ok": "green", "warning": "yellow", "FAIL": "red"}
        for c in found:
            table.add(c.name, c.status, c.detail, c.fix, styles=[None, colour[c.status], None, None])
        out.show(table)
    if not healthy(found):
        raise typer.Exit(1)
