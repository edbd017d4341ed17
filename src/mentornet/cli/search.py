"""`search QUERY`: full text over everything noted."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading
from mentornet.cli._params import JsonOption


def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(metavar="QUERY", help="Words to find (each must appear, as a word or part of one).")],
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, max=10_000, help="At most this many results.")] = 50,
    json: JsonOption = False,
) -> None:
    """Search contacts, meeting notes and agendas, touches and outreach asks; best matches first.

    Case and accents don't matter: `zoe` finds Zoë. Example: mentornet search grant stats
    """
    from mentornet.services.search import search as find

    text = " ".join(query)
    with reading(ctx) as conn:
        hits = find(conn, text, limit=limit)
    if json:
        out.emit_json([hit.as_json() for hit in hits])
        return
    if not hits:
        out.message(f"Nothing matches {text!r}.")
        return
    table = out.Table(["contact", "what", "date", "match"])
    for hit in hits:  # the matched words bold on a terminal; piped, plain text
        cuts = [0, *(at for span in hit.highlights for at in span), len(hit.snippet)]
        parts = tuple((hit.snippet[a:b], n % 2 == 1) for n, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)))
        table.add(hit.contact, hit.kind, hit.date or "-", out.Marked(parts))
    out.show(table)
