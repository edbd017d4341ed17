"""`outreach log|follow-up|reply|give-up|list|due`: the follow-up engine."""

from datetime import date
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import AsOfOption, ContactArg, JsonOption, NoteOption, complete_role, today, when
from mentornet.dates import parse_duration
from mentornet.errors import BadInput
from mentornet.vocabulary import Channel

app = typer.Typer(help="Approaches, follow-ups, replies, and what is due.")
out.help_when_bare(app)

OnOption = Annotated[str | None, typer.Option("--on", metavar="DATE", help="When it happened (default today).")]
ForceOption = Annotated[bool, typer.Option("--force", help="Allow another attempt after an unanswered follow-up.")]


@app.command("log")
def log(
    ctx: typer.Context,
    contact: ContactArg,
    on: OnOption = None,
    channel: Annotated[Channel, typer.Option("--channel", help="How you reached out.")] = Channel.email,
    ask: Annotated[str | None, typer.Option("--ask", metavar="TEXT", help="The specific ask.")] = None,
    for_role: Annotated[str | None, typer.Option("--for-role", metavar="ROLE", autocompletion=complete_role)] = None,
    force: ForceOption = False,
) -> None:
    """Record an approach (a first email, call or introduction).

    Example: mentornet outreach log "Priya Raman" --ask "20 minutes about a QI project?" --for-role research
    """
    from mentornet.services import outreach
    from mentornet.services.due import FOLLOW_UP_AFTER

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        outreach.log_approach(conn, contact, on=day, channel=channel, ask=ask, for_role=for_role, force=force)
    follow_up_on = day + FOLLOW_UP_AFTER if day < date.max - FOLLOW_UP_AFTER else date.max  # as the rule clips it
    out.message(f"Approach logged; follow up on {follow_up_on} if there is no reply.")


@app.command("follow-up")
def follow_up(ctx: typer.Context, contact: ContactArg, on: OnOption = None, force: ForceOption = False) -> None:
    """Record the one follow-up to an unanswered approach."""
    from mentornet.services import outreach

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        attempt = outreach.follow_up(conn, contact, on=day, force=force)
    out.message(f"Follow-up logged (attempt {attempt}). If nothing comes back in two weeks, let it go.")


@app.command("reply")
def reply(
    ctx: typer.Context,
    contact: ContactArg,
    on: OnOption = None,
    declined: Annotated[bool, typer.Option("--declined", help="They said no.")] = False,
    note: NoteOption = None,
) -> None:
    """Record their answer to your outreach."""
    from mentornet.services import outreach

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        name = outreach.reply(conn, contact, on=day, declined=declined, note=note)["name"]
    out.message(f"{name}: {'declined' if declined else 'replied'}.")


@app.command("give-up")
def give_up(ctx: typer.Context, contact: ContactArg, on: OnOption = None) -> None:
    """No reply after the follow-up: mark it and leave them alone."""
    from mentornet.services import outreach

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        name = outreach.give_up(conn, contact, on=day)["name"]
    out.message(f"{name}: no response. Leave them alone; there are others to ask.")


@app.command("list")
def list_outreach(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only attempts still waiting for an answer.")] = False,
    json: JsonOption = False,
) -> None:
    """List outreach attempts and their outcomes."""
    from mentornet.services.outreach import attempts

    with reading(ctx) as conn:
        listed = attempts(conn, open_only=open_only)
    if json:
        out.emit_json([attempt.as_json() for attempt in listed])
        return
    if not listed:
        out.message("No outreach yet." if not open_only else "No outreach is waiting for an answer.")
        return
    table = out.Table(["id", "contact", "attempt", "on", "channel", "for", "ask", "outcome"])
    for a in listed:
        outcome = a.outcome + (f" {a.outcome_on}" if a.outcome_on else "")
        table.add(a.id, a.contact, a.attempt, a.on, a.channel, a.for_role, a.ask, outcome)
    out.show(table)


def _window_end(as_of, within: str | None):
    if within is None:
        return None
    try:
        return parse_duration(within).after(as_of)
    except BadInput as exc:
        raise BadInput(f"--within: {exc}") from None


@app.command("due")
def due(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    within: Annotated[str | None, typer.Option("--within", metavar="DURATION", help="Also what falls due this soon (7d).")] = None,
    goals: Annotated[bool, typer.Option("--goals", help="Include overdue goals.")] = False,
    json: JsonOption = False,
) -> None:
    """Who needs a follow-up, a thank-you, a check-in, and what else is due, most overdue first."""
    from mentornet.services.due import due_items

    day = when(as_of, "--as-of", ahead=True) or today()
    until = _window_end(day, within)
    with reading(ctx) as conn:
        items = due_items(conn, day, until)
        if goals:
            from mentornet.services.due import with_goals

            items = with_goals(items, conn, day, until)
    if json:
        out.emit_json([item.as_json(day) for item in items])
        return
    if not items:
        out.message(f"Nothing due as of {day}." + ("" if within else " Look ahead with --within 7d."))
        return
    show_due(items, day)


SEVERITY_STYLE = {"due": "yellow", "late": "dark_orange", "going cold": "red"}


def show_due(items, day, title: str | None = None) -> None:
    table = out.Table(["contact", "what", "due", "late", "detail"], title=title)
    for item in items:
        late = item.days_overdue(day)
        kind = item.kind + (f" ({item.severity})" if item.severity else "")
        lateness = f"{late}d" if late > 0 else ("today" if late == 0 else f"in {-late}d")
        table.add(item.contact, kind, item.due, lateness, item.detail,
                  styles=[None, SEVERITY_STYLE.get(item.severity or ""), None, "red" if late > 0 else None, None])
    out.show(table)
