"""`ask CONTACT TEXT`, `ask list`, `ask done`: questions kept for the next meeting."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import ContactArg, ContactFirstGroup, JsonOption, complete_contact, today

app = typer.Typer(cls=ContactFirstGroup, help="Questions for your next meeting: queue them, list them, close them.",
                  no_args_is_help=False)
out.help_when_bare(app)


@app.command("add", hidden=True)
def add(ctx: typer.Context, contact: ContactArg,
        text: Annotated[str, typer.Argument(metavar="TEXT", help="The question, specific.")]) -> None:
    """Queue a question for the next meeting with CONTACT; prints its id."""
    from mentornet.services.questions import ask

    with writing(ctx) as conn:
        question_id, name = ask(conn, contact, text, on=today())
    out.data_line(str(question_id))
    out.message(f"Kept for your next meeting with {name}; `mentornet draft agenda` lists it.")


@app.command("list")
def list_questions(
    ctx: typer.Context,
    contact: Annotated[str | None, typer.Argument(metavar="[CONTACT]", help="Only this contact's.",
                                                  autocompletion=complete_contact)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Closed questions too.")] = False,
    json: JsonOption = False,
) -> None:
    """List open questions (by contact, oldest first)."""
    from mentornet.services.contacts import find_contact
    from mentornet.services.questions import questions

    with reading(ctx) as conn:
        contact_id = find_contact(conn, contact) if contact is not None else None
        listed = questions(conn, contact_id=contact_id, open_only=not all_)
    if json:
        out.emit_json([q.as_json() for q in listed])
        return
    if not listed:
        out.message("No open questions; queue one with `mentornet ask CONTACT TEXT`.")
        return
    table = out.Table(["id", "contact", "asked", "question", "done"])
    for q in listed:
        table.add(q.id, q.contact, q.asked_on, q.text, q.done_on)
    out.show(table)


@app.command("done")
def done(ctx: typer.Context, ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Question ids.")]) -> None:
    """Close questions that were answered."""
    from mentornet.services.questions import close

    with writing(ctx) as conn:
        closed = close(conn, ids, on=today())
    out.message(f"Closed {', '.join(map(str, closed))}.")
