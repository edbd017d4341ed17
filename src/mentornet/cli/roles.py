"""`roles list|add|target`: the roles of the mosaic and how many mentors each should have."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import JsonOption, cadence, complete_role
from mentornet.vocabulary import Family

app = typer.Typer(help="The mentoring roles of your mosaic.")
out.help_when_bare(app)


@app.command("list")
def list_roles(ctx: typer.Context, json: JsonOption = False) -> None:
    """List roles with their family, cadence, target and how many contacts fill them."""
    from mentornet.services.roles import roles

    with reading(ctx) as conn:
        rows = roles(conn)
    if json:
        out.emit_json([row.as_json() for row in rows])
        return
    table = out.Table(["role", "label", "family", "cadence", "target", "contacts", "description"])
    for row in rows:
        table.add(row.key, row.label, row.family, f"{row.cadence_days}d" if row.cadence_days else "-",
                  row.target, row.contacts, row.description)
    out.show(table)


@app.command("add")
def add_role(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="A short key, like leadership or role-model.")],
    label: Annotated[str | None, typer.Option("--label", metavar="L")] = None,
    description: Annotated[str | None, typer.Option("--description", metavar="D")] = None,
    family: Annotated[Family, typer.Option("--family", help="Career (instrumental) or psychosocial support.")] = Family.career,
    cadence_text: Annotated[str | None, typer.Option("--cadence", metavar="DURATION", help="Default check-in cadence.")] = None,
    target: Annotated[int, typer.Option("--target", metavar="N", min=0, max=99, help="Mentors wanted (0 = not tracked).")] = 0,
) -> None:
    """Add a role of your own.

    Example: mentornet roles add leadership --cadence 2m --target 1
    """
    from mentornet.services import roles

    with writing(ctx) as conn:
        role_key = roles.add_role(conn, key, label=label, description=description, family=family,
                                  cadence_days=cadence(cadence_text), target=target)
    out.message(f"Added role {role_key}.")


@app.command("target")
def set_target(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(metavar="ROLE", autocompletion=complete_role)],
    target: Annotated[int, typer.Argument(metavar="N", min=0, max=99, help="Mentors wanted (0 = not tracked).")],
) -> None:
    """Set how many committed mentors you want in a role (0 stops tracking it)."""
    from mentornet.services import roles

    with writing(ctx) as conn:
        role_key = roles.set_target(conn, role, target)
    out.message(f"Target for {role_key}: {target}.")


@app.command("edit")
def edit_role(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(metavar="ROLE", autocompletion=complete_role)],
    label: Annotated[str | None, typer.Option("--label", metavar="L")] = None,
    cadence_text: Annotated[str | None, typer.Option("--cadence", metavar="DURATION", help="Default check-in cadence (empty clears).")] = None,
    target: Annotated[int | None, typer.Option("--target", metavar="N", min=0, max=99, help="Mentors wanted (0 = not tracked).")] = None,
    description: Annotated[str | None, typer.Option("--description", metavar="D", help="What it is for (empty clears).")] = None,
) -> None:
    """Change a role's label, cadence, target or description.

    Example: mentornet roles edit research --cadence 6w --description "my research home"
    """
    from mentornet.services import roles

    clear = cadence_text is not None and not cadence_text.strip()
    days = None if clear else cadence(cadence_text)
    with writing(ctx) as conn:
        role_key = roles.edit_role(conn, role, label=label, description=description, cadence_days=days,
                                   clear_cadence=clear, target=target)
    out.message(f"Updated role {role_key}.")


@app.command("remove")
def remove_role(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(metavar="ROLE", autocompletion=complete_role)],
    force: Annotated[bool, typer.Option("--force", help="Remove it even while contacts hold it, unlinking them.")] = False,
) -> None:
    """Remove a role; refused while contacts hold it, unless --force."""
    from mentornet.services import roles

    with writing(ctx) as conn:
        role_key, holders = roles.remove_role(conn, role, force=force)
    unlinked = f" ({holders} contact{'s' if holders != 1 else ''} unlinked)" if holders else ""
    out.message(f"Removed role {role_key}{unlinked}.")
