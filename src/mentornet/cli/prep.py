"""`prep CONTACT`: the brief before a meeting."""

from typing import TYPE_CHECKING

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading
from mentornet.cli._params import AsOfOption, ContactArg, JsonOption, today, when

if TYPE_CHECKING:
    from mentornet.services.prep import Brief


def prep(ctx: typer.Context, contact: ContactArg, as_of: AsOfOption = None, json: JsonOption = False) -> None:
    """Brief yourself before meeting someone: what is open, what they help with, what to ask.

    Example: mentornet prep "Ada Okafor"
    """
    from mentornet.services.contacts import find_contact
    from mentornet.services.prep import brief

    day = when(as_of, "--as-of", ahead=True) or today()
    with reading(ctx) as conn:
        result = brief(conn, find_contact(conn, contact), day)
    if json:
        out.emit_json(result.as_json())
        return
    _print_brief(result)


def _indented(label: str, text: str, width: int) -> None:
    """`  label: text`, its later lines (its own, and on a terminal the wrapped ones) lined up under its first."""
    out.paragraph(text, indent=f"  {label + ':':<{width}} ")


def _print_brief(b: "Brief") -> None:
    from mentornet.services.prep import span

    about = ", ".join(part for part in (b.title, b.institution) if part)
    out.paragraph(f"{b.contact}{f' ({about})' if about else ''}: before you meet, {b.as_of}", hanging="  ")
    ago = "today" if b.days_since_contact == 0 else f"{span(b.days_since_contact)} ago"
    rhythm = f"; every {b.cadence_days} days" if b.cadence_days else ""
    rhythm += f", {b.check_in}" if b.check_in else ""
    lines = [
        ("roles", ", ".join(b.roles) or "-"),
        ("stage", f"{b.stage} for {span(b.days_in_stage)} (since {b.stage_since})"),
        ("last contact", f"{b.last_contact}, {ago}{rhythm}"),
    ]
    for label, text in lines:
        _indented(label, text, 13)
    if b.established:
        _since_last_time(b)
    _last_meeting(b)
    mine = [a for a in b.open_actions if a.owner == "me"]
    theirs = [a for a in b.open_actions if a.owner != "me"]
    sections = [] if b.established else [
        ("Open actions", [f"{'you' if a.owner == 'me' else 'them'}: {_action(a)}" for a in mine + theirs]),
        ("Goals they help with", _goals(b)),
    ]
    if b.established:
        sections.append(("Your open actions", [_action(a) for a in mine]))
    sections.append(("Referrals they gave", [
        f"{r.name} ({r.on}): " + (f"followed up, last contact {r.last_contact}, {r.stage}"
                                  if r.followed_up else "not contacted yet")
        for r in b.referrals
    ]))
    _sections(sections)
    if not b.established:
        _questions(b)
        if b.agreement:
            _agreement(b)
    out.data_line("")
    out.data_line("Suggested agenda")
    for number, item in enumerate(b.agenda, 1):
        out.paragraph(item, indent=f"  {number}. ")


def _action(a) -> str:
    return f"#{a.id} {a.text}" + (f" (due {a.due})" if a.due else "")


def _goals(b: "Brief") -> list[str]:
    return [f"#{g.id} {g.text}" + (f" (by {g.by})" if g.by else "")
            + f" [{'; '.join((['mentor'] if g.mentor else []) + g.roles)}]" for g in b.goals]


def _sections(sections) -> None:
    for title, items in sections:
        if items:
            out.data_line("")
            out.data_line(title)
            for item in items:
                out.paragraph(item, indent="  ", hanging="    ")


def _questions(b: "Brief") -> None:
    if b.questions:  # kept with `mentornet ask`
        out.data_line("")
        out.data_line("Your questions")
        for item in b.questions:
            out.paragraph(item, indent="  - ", hanging="    ")


def _agreement(b: "Brief") -> None:
    from datetime import date

    from mentornet.services.agreements import every_text

    a = b.agreement
    assert a is not None
    out.data_line("")
    out.data_line(f"Agreement of {a['on']}")
    lines = ([("meet every", every_text(a["every_days"]))] if a["every_days"] else []) + \
        [(label, a[key]) for label, key in (("format", "format"), ("channel", "channel")) if a[key]] + \
        [("they do", text) for text in a["they_do"]] + [("you do", text) for text in a["i_do"]]
    review: date = a["review_on"]
    lines.append(("review", f"{review}" + (", due" if review <= b.as_of else "")))
    for label, text in lines:
        _indented(label, text, 11)


def _since_last_time(b: "Brief") -> None:
    """An established relationship: what happened since you last met, and what comes next."""
    if b.last_meeting is not None:
        out.data_line("")
        out.data_line(f"Delivered since {b.last_meeting.on}")
        for action in b.delivered:
            out.paragraph(f"#{action.id} {action.text} (done {action.done_on})", indent="  ", hanging="    ")
        if not b.delivered:
            out.data_line("  (nothing marked done since; `mentornet actions done ID` records it)")
    _questions(b)
    _sections([("Their open actions", [_action(a) for a in b.open_actions if a.owner != "me"]),
               ("Goals they help with", _goals(b))])
    if b.agreement:
        _agreement(b)
    else:
        out.data_line("")
        out.data_line(f"No agreement yet: `mentornet agree {b.id} --every 1m` records how you work together.")
    if b.next is not None:
        out.data_line("")
        late = " (past)" if b.next.on < b.as_of else ""
        out.data_line(f"Next: {b.next.on}{late}, {b.next.why}")


def _last_meeting(b: "Brief") -> None:
    meeting = b.last_meeting
    out.data_line("")
    if meeting is None:
        out.data_line("No meeting yet.")
        return
    rating = f" (rated {meeting.rating}/5)" if meeting.rating else ""
    out.data_line(f"Last meeting, {meeting.on}{rating}")
    for key, text in (("agenda", meeting.agenda), ("notes", meeting.notes)):
        if text:
            _indented(key, text, 7)
    if meeting.next:
        _indented("next", str(meeting.next), 7)
    if not meeting.agenda and not meeting.notes:
        out.data_line("  (no notes)")
