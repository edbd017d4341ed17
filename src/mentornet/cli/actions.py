"""`actions list|done`: the action items agreed at meetings."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import JsonOption, today, when

actions_app = typer.Typer(help="Action items from meetings, yours and theirs.")
out.help_when_bare(actions_app)

OnOption = Annotated[str | None, typer.Option("--on", metavar="DATE", help="When it happened (default today).")]


@actions_app.command("list")
def list_actions(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only actions not done.")] = False,
    json: JsonOption = False,
) -> None:
    """List action items, yours and theirs."""
    from mentornet.services.actions import action_items

    with reading(ctx) as conn:
        listed = action_items(conn, open_only=open_only)
    if json:
        out.emit_json([item.as_json() for item in listed])
        return
    if not listed:
        out.message("No action items." if not open_only else "No open action items.")
        return
    table = out.Table(["id", "contact", "owner", "due", "done", "action"])
    for item in listed:
        table.add(item.id, item.contact, item.owner, item.due, item.done_on, item.text)
    out.show(table)


@actions_app.command("done")
def done(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument(metavar="ID", min=1, max=2**63 - 1, help="The action's id (see `actions list`).")],
    on: OnOption = None,
) -> None:
    """Mark an action item done."""
    from mentornet.services.actions import mark_done

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        text = mark_done(conn, action_id, on=day)
    out.message(f"Done: {text}")
