"""`meeting log|thanked|list`: notes, next steps, thanks."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import ContactArg, JsonOption, complete_contact, today, when
from mentornet.errors import BadInput
from mentornet.vocabulary import RATING

app = typer.Typer(help="Meetings: notes, next steps, thanks.")
out.help_when_bare(app)

OnOption = Annotated[str | None, typer.Option("--on", metavar="DATE", help="When it happened (default today).")]


def _edit() -> str:
    """Notes written in $EDITOR. An editor closed without saving leaves the file empty: nothing is logged."""
    from mentornet.cli._editor import edit_text
    from mentornet.errors import MentornetError

    text = edit_text(instead="pass --notes TEXT or --notes -")
    if not text.strip():
        raise MentornetError("no notes were written (the editor was closed without saving); nothing was logged")
    return text


@app.command("log")
def log(
    ctx: typer.Context,
    contact: ContactArg,
    on: OnOption = None,
    notes: Annotated[str | None, typer.Option("--notes", metavar="TEXT", help="Notes; `-` reads them from stdin.")] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Write the notes in $EDITOR.")] = False,
    agenda: Annotated[str | None, typer.Option("--agenda", metavar="TEXT")] = None,
    mode: Annotated[str | None, typer.Option("--mode", metavar="TEXT", help="In person, video, phone...")] = None,
    rating: Annotated[int | None, typer.Option("--rating", min=RATING[0], max=RATING[1], help="How it went, 1-5.")] = None,
    next_meeting: Annotated[str | None, typer.Option("--next", metavar="DATE", help="The next meeting agreed.")] = None,
    action: Annotated[list[str], typer.Option("--action", metavar="TEXT", help="Your action; may end in `by DATE`.")] = [],
    their_action: Annotated[list[str], typer.Option("--their-action", metavar="TEXT", help="Their action; may end in `by DATE`.")] = [],
    referral: Annotated[list[str], typer.Option("--referral", metavar="NAME", help="Someone they suggested you talk to.", autocompletion=complete_contact)] = [],
    thanked: Annotated[bool, typer.Option("--thanked", help="You already sent a thank-you.")] = False,
    covered: Annotated[list[str], typer.Option("--covered", metavar="ID", help="A question (`mentornet ask`) it answered.")] = [],
) -> None:
    """Record a meeting and what came out of it; prints the meeting id.

    Example: mentornet meeting log "Ada" --notes "K award timeline" --action "send aims page by friday"
    --referral "Mei Chen" --next "in 3 months"
    """
    from mentornet.cli._unsaved import kept_on_failure
    from mentornet.services.meetings import MeetingRecord, check_meeting, log_meeting, split_action

    if notes is not None and edit:
        raise BadInput("give --notes or --edit, not both")
    typing = edit or notes == "-"  # notes that exist nowhere else: kept if the save fails
    day = when(on, "--on") or today()
    # what was agreed at a meeting counts from the meeting's day: "by friday" is the friday after it
    agreed = lambda text, option: when(text, option, ahead=True, start=day)  # noqa: E731
    record = MeetingRecord(
        on=day, mode=mode, agenda=agenda, notes=None if typing else notes, rating=rating,
        next_on=agreed(next_meeting, "--next"),
        my_actions=[split_action(text, lambda tail: agreed(tail, "--action")) for text in action],
        their_actions=[split_action(text, lambda tail: agreed(tail, "--their-action")) for text in their_action],
        referrals=list(referral), thanked=thanked,
    )
    from mentornet.services.due import thank_you_due

    if typing:
        with reading(ctx) as conn:  # the contact, the referrals: checked before the notes are typed
            check_meeting(conn, contact, record)
        if edit:
            record.notes = _edit()
        else:
            from mentornet.cli._stdin import read_text

            record.notes = read_text(ctx, "meeting", "your notes", "--notes -")
    with kept_on_failure(ctx, "meeting", record.notes if typing else None, "your notes"):
        with writing(ctx) as conn:
            meeting_id, new_names = log_meeting(conn, contact, record)
            if covered:
                from mentornet.services.questions import cover

                cover(conn, meeting_id, covered)
            thank = thank_you_due(conn, meeting_id, today())  # only when the rules made one (domain.md)
    out.data_line(str(meeting_id))
    for name in new_names:
        out.message(f"Added {name} as a prospect (referral).")
    if thank:
        out.message("Send a thank-you, then `mentornet meeting thanked`.")


@app.command("thanked")
def thanked(ctx: typer.Context, contact: ContactArg, on: OnOption = None) -> None:
    """Record the thank-you for their latest meeting."""
    from mentornet.services.meetings import mark_thanked

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        met = mark_thanked(conn, contact, on=day)
    out.message(f"Thank-you recorded for the meeting of {met}.")


@app.command("list")
def list_meetings(
    ctx: typer.Context,
    contact: Annotated[str | None, typer.Argument(metavar="[CONTACT]", help="Only this contact's meetings.", autocompletion=complete_contact)] = None,
    json: JsonOption = False,
) -> None:
    """List meetings, with notes, rating, next meeting and referrals."""
    from mentornet.services.contacts import find_contact
    from mentornet.services.meetings import meetings

    with reading(ctx) as conn:
        contact_id = find_contact(conn, contact) if contact is not None else None
        listed = meetings(conn, contact_id=contact_id)
    if json:
        out.emit_json([meeting.as_json() for meeting in listed])
        return
    if not listed:
        out.message("No meetings yet; log one with `mentornet meeting log CONTACT`.")
        return
    table = out.Table(["id", "contact", "on", "rating", "next", "thanked", "referrals", "notes"])
    for m in listed:
        table.add(m.id, m.contact, m.on, m.rating, m.next, m.thanked_on, ", ".join(m.referrals), m.notes)
    out.show(table)
