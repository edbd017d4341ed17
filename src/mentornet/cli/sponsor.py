"""`sponsor log|outcome|thanked|told|list`: what sponsors did for you, and the thanks and news you owe them."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import ContactArg, JsonOption, today, when
from mentornet.errors import BadInput
from mentornet.vocabulary import SponsorKind, SponsorOutcome

app = typer.Typer(help="Sponsorship: nominations, letters, introductions; thank them, tell them how it went.")
out.help_when_bare(app)

OnOption = Annotated[str | None, typer.Option("--on", metavar="DATE", help="When it happened (default today).")]
SponsorshipId = Annotated[int, typer.Argument(metavar="ID", min=1, max=2**63 - 1,
                                              help="The sponsorship's id (see `sponsor list`).")]


@app.command("log")
def log(
    ctx: typer.Context,
    contact: ContactArg,
    kind: Annotated[SponsorKind, typer.Option("--kind", help="What they did.")],
    for_what: Annotated[str, typer.Option("--for", metavar="TEXT", help="What it was for: the award, the job, the talk.")],
    on: OnOption = None,
    expect: Annotated[str | None, typer.Option("--expect", metavar="DATE", help="When you expect to hear.")] = None,
    thanked: Annotated[bool, typer.Option("--thanked", help="You already thanked them.")] = False,
) -> None:
    """Record something a contact did for you as a sponsor; prints its id.

    Example: mentornet sponsor log "James Whitfield" --kind nomination --for "Early Career Award" --expect "in 2 months"
    """
    from mentornet.services.sponsorship import log_sponsorship

    day = when(on, "--on") or today()
    expected = when(expect, "--expect", ahead=True, happened=False)
    with writing(ctx) as conn:
        sponsorship_id, name = log_sponsorship(conn, contact, kind=kind, for_what=for_what, on=day, expect=expected,
                                               thanked=thanked)
    out.data_line(str(sponsorship_id))
    if not thanked:
        out.message(f"Thank {name} for it; then `mentornet sponsor thanked {sponsorship_id}`.")


@app.command("outcome")
def outcome(
    ctx: typer.Context,
    sponsorship_id: SponsorshipId,
    won: Annotated[bool, typer.Option("--won", help="You got it.")] = False,
    lost: Annotated[bool, typer.Option("--lost", help="You didn't.")] = False,
    done: Annotated[bool, typer.Option("--done", help="It happened (an introduction, a talk).")] = False,
    on: OnOption = None,
    told: Annotated[bool, typer.Option("--told", help="You already told them how it went.")] = False,
) -> None:
    """Record how it went, once: --won, --lost or --done.

    Example: mentornet sponsor outcome 3 --won --on "last friday"
    """
    from mentornet.services.sponsorship import record_outcome

    chosen = [word for word, given in ((SponsorOutcome.won, won), (SponsorOutcome.lost, lost),
                                       (SponsorOutcome.done, done)) if given]
    if len(chosen) != 1:
        raise BadInput("give one of --won, --lost or --done")
    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        row = record_outcome(conn, sponsorship_id, chosen[0], on=day, told=told)
    out.message(f"{row['kind'].capitalize()} for {row['for_what']}: {chosen[0]}."
                + ("" if told else f" Tell {row['name']} how it went; then `mentornet sponsor told {sponsorship_id}`."))


@app.command("thanked")
def thanked(ctx: typer.Context, sponsorship_id: SponsorshipId, on: OnOption = None) -> None:
    """Record that you thanked them for it."""
    from mentornet.services.sponsorship import mark_thanked

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        row = mark_thanked(conn, sponsorship_id, on=day)
    out.message(f"Thanked {row['name']} for the {row['kind']} ({row['for_what']}).")


@app.command("told")
def told(ctx: typer.Context, sponsorship_id: SponsorshipId, on: OnOption = None) -> None:
    """Record that you told them how it went."""
    from mentornet.services.sponsorship import mark_told

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        row = mark_told(conn, sponsorship_id, on=day)
    out.message(f"Told {row['name']} how the {row['kind']} ({row['for_what']}) went.")


@app.command("list")
def list_sponsorships(ctx: typer.Context, json: JsonOption = False) -> None:
    """List what sponsors did for you, newest first."""
    from mentornet.services.sponsorship import sponsorships

    with reading(ctx) as conn:
        listed = sponsorships(conn)
    if json:
        out.emit_json([s.as_json() for s in listed])
        return
    if not listed:
        out.message('No sponsorship yet; record one with `mentornet sponsor log CONTACT --kind nomination --for "..."`.')
        return
    table = out.Table(["id", "contact", "kind", "what for", "on", "expect", "outcome", "thanked", "told"])
    for s in listed:
        result = f"{s.outcome} {s.outcome_on}" if s.outcome else None
        table.add(s.id, s.contact, s.kind, s.for_what, s.on_date, s.expect_on, result, s.thanked_on, s.told_on)
    out.show(table)
