"""`touch CONTACT`: any other contact that counts."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import writing
from mentornet.cli._params import ContactArg, NoteOption, today, when

OnOption = Annotated[str | None, typer.Option("--on", metavar="DATE", help="When it happened (default today).")]


def touch(
    ctx: typer.Context,
    contact: ContactArg,
    on: OnOption = None,
    via: Annotated[str | None, typer.Option("--via", metavar="CHANNEL", help="email, phone, hallway...")] = None,
    note: NoteOption = None,
) -> None:
    """Record any other contact that counts: an email exchange, a hallway chat."""
    from mentornet.services.touches import log_touch

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        log_touch(conn, contact, on=day, via=via, note=note)
    out.message(f"Touch recorded on {day}.")
