"""`me`: who you are, for the drafts' introductions, and your two-minute story for first meetings."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import JsonOption

Text = typer.Option


def me(
    ctx: typer.Context,
    name: Annotated[str | None, Text("--name", metavar="N", help="Your name as you sign emails.")] = None,
    training: Annotated[str | None, Text("--training", metavar="TEXT", help="PGY-2 internal medicine resident...")] = None,
    institution: Annotated[str | None, Text("--institution", metavar="I")] = None,
    email: Annotated[str | None, Text("--email", metavar="E")] = None,
    phone: Annotated[str | None, Text("--phone", metavar="P")] = None,
    story: Annotated[str | None, Text("--story", metavar="TEXT", help="Your two-minute story for first meetings.")] = None,
    interest: Annotated[list[str], Text("--interest", metavar="TEXT", help="An interest (repeatable; replaces the list).")] = [],
    json: JsonOption = False,
) -> None:
    """Say who you are (the drafts introduce you with it); `me` alone shows it.

    Example: mentornet me --name "Sam Lee" --training "PGY-2 internal medicine resident" --institution "Mercy General"
    """
    from mentornet.services import me as me_service

    given = {"name": name, "training": training, "institution": institution, "email": email, "phone": phone,
             "story": story}
    if any(value is not None for value in given.values()) or interest:
        with writing(ctx) as conn:
            found = me_service.update(conn, given, interest)
        if not json:
            out.message("Saved. Drafts introduce you with it: `mentornet draft approach CONTACT`.")
            return
    else:
        with reading(ctx) as conn:
            found = me_service.profile(conn)
    if json:
        out.emit_json(found.as_json() if found else None)
        return
    if found is None:
        out.message("No profile yet: `mentornet me --name N --training T --institution I --story TEXT`.")
        return
    for label, value in (("name", found.name), ("training", found.training), ("institution", found.institution),
                         ("email", found.email), ("phone", found.phone),
                         ("interests", ", ".join(found.interests) or None), ("story", found.story)):
        if value:
            out.data_line(f"{label + ':':<13}{value}")
