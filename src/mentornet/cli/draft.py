"""`draft KIND CONTACT`: the email the advice asks for, built from your network, with its warnings."""

import sys
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import complete_contact, db_path, today
from mentornet.errors import BadInput, Refused

KINDS = ("approach", "follow-up", "thank-you", "ask-to-mentor", "agenda", "check-in")


def _placeholders(value: bool) -> None:
    if value:
        from mentornet.services.drafts import PLACEHOLDERS

        width = max(map(len, PLACEHOLDERS)) + 5
        for name, meaning in PLACEHOLDERS.items():
            out.data_line(f"{'${' + name + '}':<{width}}{meaning}")
        raise typer.Exit()


def _kind(value: str | None) -> str | None:
    if value is not None and value not in KINDS:
        raise typer.BadParameter(f"{value!r} is not a kind of draft; use one of {', '.join(KINDS)}")
    return value


def draft(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Argument(metavar="KIND", callback=_kind, show_default=False,
                                               help=f"One of {', '.join(KINDS)}.")] = None,
    contact: Annotated[str | None, typer.Argument(metavar="CONTACT", help="A contact's id or name.",
                                                  autocompletion=complete_contact, show_default=False)] = None,
    ask: Annotated[str | None, typer.Option("--ask", metavar="TEXT", help="The one specific ask (default: the pending outreach's).")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Open the draft in $EDITOR and check what you wrote.")] = False,
    log: Annotated[bool, typer.Option("--log", help="Record it as sent: the approach, follow-up or thank-you.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --log: record it without asking.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON with the warnings instead of the text.")] = False,
    placeholders: Annotated[bool, typer.Option("--placeholders", is_eager=True, callback=_placeholders,
                                               help="List the placeholders a template may use.")] = False,
) -> None:
    """Draft an email: approach, follow-up, thank-you, ask-to-mentor, agenda or check-in.

    Your own templates/KIND.txt beside the database replaces the built-in text. Example:
    mentornet draft approach "Mei Chen" --ask "20 minutes on a call about my stats plan?"
    """
    from mentornet.cli._editor import edit_text
    from mentornet.services.drafts import Kind, recheck
    from mentornet.services.drafts import draft as make

    if kind is None or contact is None:
        raise BadInput(f"name a KIND ({', '.join(KINDS)}) and a CONTACT, like: mentornet draft approach \"Mei Chen\"")
    if log and not yes and not sys.stdin.isatty():
        raise Refused("--log off a terminal needs --yes (there is nobody to ask \"sent?\"); nothing was logged")
    folder = db_path(ctx).parent / "templates"
    with reading(ctx) as conn:
        made = make(conn, Kind(kind), contact, ask=ask, today=today(), folder=folder)
        if edit:
            made = recheck(conn, made, edit_text(made.text(), suffix=".txt"), today=today())
    if log and yes:  # recorded before anything is printed: a refusal (a third attempt) is then the only output
        _record(ctx, made, yes)
    if json:
        out.emit_json(made.as_json())
    else:
        sys.stdout.write(made.text())
        for warning in made.warnings:
            out.message(f"warning ({warning.code}): {warning.message}")
    if log and not yes:  # on a terminal: asked "sent?" once you have seen the draft
        _record(ctx, made, yes)


def _record(ctx: typer.Context, made, yes: bool) -> None:
    from mentornet.services import meetings, outreach

    if made.kind not in ("approach", "follow-up", "thank-you"):
        out.message(f"--log: nothing to record for {made.kind} (only approach, follow-up and thank-you); nothing logged.")
        return
    if not yes:
        try:
            sent = typer.confirm(f"Sent? Record the {made.kind} to {made.contact} as of {today()}", default=False,
                                 err=True)
        except typer.Abort:  # Ctrl-D or Ctrl-C at the question: the error starts a line of its own
            sys.stderr.write("\n")
            raise Refused("no answer to \"Sent?\"; nothing was logged (`--log --yes` records it without asking)") from None
        if not sent:
            out.message("Nothing logged.")
            return
    day = today()
    with writing(ctx) as conn:
        ref = str(made.contact_id)
        if made.kind == "approach":
            outreach.log_approach(conn, ref, on=day, ask=made.ask)
            logged = "Approach logged; follow up in a week if there is no reply."
        elif made.kind == "follow-up":
            outreach.follow_up(conn, ref, on=day)
            logged = "Follow-up logged; if nothing comes back in two weeks, let it go."
        else:
            met = meetings.mark_thanked(conn, ref, on=day)
            logged = f"Thank-you recorded for the meeting of {met}."
    out.message(logged)
