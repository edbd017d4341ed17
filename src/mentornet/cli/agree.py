"""`agree CONTACT ...` and `agree show CONTACT`: what you and a mentor agreed."""

from typing import TYPE_CHECKING, Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import ContactArg, ContactFirstGroup, JsonOption, cadence, today, when

if TYPE_CHECKING:
    from mentornet.services.agreements import Agreement, Agreements



app = typer.Typer(cls=ContactFirstGroup, no_args_is_help=False, subcommand_metavar="CONTACT [OPTIONS] | show CONTACT",
                  help="Record what you and a mentor agreed: how often, how, who does what, when to review.\n\n"
                       "`mentornet agree CONTACT --help` lists the options of an agreement.")
out.help_when_bare(app)


def _texts(option: str, help_text: str):
    return typer.Option(option, metavar="TEXT", help=help_text + " (repeatable).")


@app.command("add", hidden=True)
def add(
    ctx: typer.Context,
    contact: ContactArg,
    every: Annotated[str | None, typer.Option("--every", metavar="DURATION",
                                              help="How often you meet (30d, 2w, 1m): becomes their cadence.")] = None,
    format_: Annotated[str | None, typer.Option("--format", metavar="TEXT",
                                                help='How you meet: "30 minutes, video".')] = None,
    channel: Annotated[str | None, typer.Option("--channel", metavar="TEXT",
                                                help="How to reach them between meetings.")] = None,
    they: Annotated[list[str], _texts("--they", "Something they offered to do")] = [],
    me: Annotated[list[str], _texts("--me", "Something you will do")] = [],
    goal: Annotated[list[int], typer.Option("--goal", metavar="ID", min=1, max=2**63 - 1,
                                            help="A goal it serves (repeatable; see `goals list`).")] = [],
    review_every: Annotated[str | None, typer.Option("--review-every", metavar="DURATION",
                                                     help="How often to review it (default 6m).")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="DATE", help="When it ends, if it does.")] = None,
    on: Annotated[str | None, typer.Option("--on", metavar="DATE", help="When you agreed (default today).")] = None,
) -> None:
    """Record what you agreed with CONTACT; it supersedes the agreement before (kept as history).

    Example: mentornet agree "Ada Okafor" --every 1m --format "30 minutes, video" --channel email
    --they "reads my drafts" --me "send an agenda two days before" --goal 1 --review-every 6m
    """
    from mentornet.services.agreements import agree, every_text

    day = when(on, "--on") or today()
    every_days = cadence(every, "--every")
    review_days = cadence(review_every, "--review-every")
    ends = when(until, "--until", ahead=True, start=day)
    with writing(ctx) as conn:
        made = agree(conn, contact, on=day, every_days=every_days, format_=format_, channel=channel, they_do=they,
                     i_do=me, goal_ids=goal, review_every_days=review_days, until=ends)
    out.data_line(str(made.id))
    replaced = f" (it supersedes agreement {made.superseded})" if made.superseded else ""
    rhythm = f"; you meet every {every_text(made.cadence_days)}" if made.cadence_days else ""
    out.message(f"Agreed with {made.contact}{replaced}{rhythm}; review on {made.review_on}.")
    if made.stage not in ("initiation", "cultivation", "separation", "redefined"):
        out.message(f"{made.contact} is still {made.stage}: `mentornet contacts stage {made.contact_id} initiation` "
                    "records that the relationship has started.")


@app.command("show")
def show(
    ctx: typer.Context,
    contact: ContactArg,
    json: JsonOption = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="A one-page note you could send them.")] = False,
) -> None:
    """Show the current agreement with CONTACT, its review date and the ones before."""
    from mentornet.services.agreements import agreements_of
    from mentornet.services.contacts import find_contact

    if json and markdown:
        raise typer.BadParameter("--json and --markdown can't both be given; choose one")
    day = today()
    with reading(ctx) as conn:
        shown = agreements_of(conn, find_contact(conn, contact), day)
        me = None
        if markdown:
            from mentornet.services.me import profile

            mine = profile(conn)
            me = mine.name if mine else None
    if json:
        out.emit_json(shown.as_json())
        return
    if shown.current is None:
        ran_out = f" (the last one ran until {shown.history[0].until})" if shown.history else ""
        out.message(f"No current agreement with {shown.contact}{ran_out}; record one with "
                    f"`mentornet agree {shown.contact_id} --every 1m --they TEXT --me TEXT`.")
        return
    if markdown:
        from mentornet.services.agreements import markdown as note

        out.data_line(note(shown, me, day).rstrip("\n"))
        return
    _print(shown)


def agreement_lines(agreement: "Agreement", review_on) -> list[tuple[str, str]]:
    """The label/text pairs that describe an agreement (`agree show`, `contacts show`, `prep`)."""
    from mentornet.services.agreements import every_text

    lines = [("agreed", str(agreement.on) + (f", until {agreement.until}" if agreement.until else ""))]
    if agreement.every_days:
        lines.append(("meet every", every_text(agreement.every_days)))
    for label, value in (("format", agreement.format), ("channel", agreement.channel)):
        if value:
            lines.append((label, value))
    lines += [("they do", text) for text in agreement.they_do]
    lines += [("you do", text) for text in agreement.i_do]
    lines += [("goal", f"#{goal.id} {goal.text}" + (f" (by {goal.by})" if goal.by else "")
               + (f" (done {goal.done_on})" if goal.done_on else "")) for goal in agreement.goals]
    lines.append(("review", f"{review_on}, then every {every_text(agreement.review_every_days)}"))
    return lines


def print_agreement_lines(agreement: "Agreement", review_on, indent: str = "  ") -> None:
    for label, text in agreement_lines(agreement, review_on):
        out.paragraph(text, indent=f"{indent}{label + ':':<11} ")


def _print(shown: "Agreements") -> None:
    assert shown.current is not None
    out.data_line(f"Agreement with {shown.contact} (#{shown.current.id})")
    print_agreement_lines(shown.current, shown.review_on)
    earlier = shown.history[1:]
    if earlier:
        out.data_line("")
        table = out.Table(["id", "agreed", "every", "until", "they do", "you do"], title="Earlier agreements")
        for agreement in earlier:
            table.add(agreement.id, agreement.on, agreement.every_days, agreement.until, "; ".join(agreement.they_do),
                      "; ".join(agreement.i_do))
        out.show(table)
