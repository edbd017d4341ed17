"""`review CONTACT ...` and `review list`: is a relationship working, and what happens next."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import ContactArg, ContactFirstGroup, JsonOption, today, when
from mentornet.errors import BadInput
from mentornet.vocabulary import Flag, ReviewOutcome, Working

if TYPE_CHECKING:
    from mentornet.services.reviews import Reviewed



app = typer.Typer(cls=ContactFirstGroup, no_args_is_help=False, subcommand_metavar="CONTACT [OPTIONS] | list",
                  help="Review a relationship: is it working, what is wrong, go on, adjust, redefine or close.\n\n"
                       "`mentornet review CONTACT --help` lists the options of a review.")
out.help_when_bare(app)


def at_terminal() -> bool:
    """Whether someone is there to answer the questions: stdin and stderr (the prompts) are
    terminals. The one place `review` decides; tests monkeypatch it."""
    return sys.stdin.isatty() and sys.stderr.isatty()


@app.command("add", hidden=True)
def add(
    ctx: typer.Context,
    contact: ContactArg,
    working: Annotated[Working | None, typer.Option("--working", help="Is it working?")] = None,
    flag: Annotated[list[Flag], typer.Option("--flag", help="A failure factor you see (repeatable).")] = [],
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT")] = None,
    outcome: Annotated[ReviewOutcome | None, typer.Option(
        "--outcome", help="continue; adjust (a new agreement); redefine (advisory, less often); close.")] = None,
    on: Annotated[str | None, typer.Option("--on", metavar="DATE", help="When (default today).")] = None,
) -> None:
    """Review the relationship with CONTACT; on a terminal with no answers given, asks the questions.

    The questions walk the factors of relationships that work (reciprocity, mutual respect, clear
    expectations, a personal connection, shared values) and of those that fail (Straus et al. 2013).

    Example: mentornet review "Ada Okafor" --working partly --flag lack-of-commitment --outcome adjust
    """
    from mentornet.cli._unsaved import kept_on_failure

    day = when(on, "--on") or today()
    given = working is not None or bool(flag) or note is not None or outcome is not None
    if not given:
        if not at_terminal():
            raise BadInput("review needs answers: give --working, --flag, --note or --outcome, or run it on a "
                           "terminal to be asked")
        from mentornet.services.reviews import check_not_ended

        with reading(ctx) as conn:
            contact_id, name = check_not_ended(conn, contact)
        working, flag, note, outcome = _interview(name)
        contact = str(contact_id)
        # typed at a terminal, the answers exist nowhere else: kept in a file if the save fails
        with kept_on_failure(ctx, "review", _as_command(contact, working, flag, note, outcome, day), "your answers"):
            _save(ctx, contact, day, working, flag, note, outcome)
        return
    _save(ctx, contact, day, working, flag, note, outcome)


def _save(ctx, contact, day, working, flags, note, outcome) -> None:
    from mentornet.services.reviews import record_review

    with writing(ctx) as conn:
        done = record_review(conn, contact, on=day, working=working, flags=flags, note=note, outcome=outcome)
    out.data_line(str(done.review.id))
    _report(done)


def _report(done: "Reviewed") -> None:
    """What the outcome did, and the next step it asks for."""
    review = done.review
    name, ref = review.contact, review.contact_id
    out.message(f"Review of {name} saved ({review.on}).")
    for before, after in done.stages:
        out.message(f"{name}: {before} -> {after}.")
    if review.outcome == ReviewOutcome.adjust:
        out.message("Record the new agreement; starting from the current one:" if done.agreement else
                    "Record the agreement you want now:")
        out.message("  " + _agree_command(ref, done.agreement))
    elif review.outcome == ReviewOutcome.redefine:
        out.message(f"An advisory relationship now: check in every {done.cadence_days} days.")
    elif review.outcome == ReviewOutcome.close:
        out.message(f"No more reminders for {name}. Thank them for what they gave you: "
                    f"`mentornet draft thank-you {ref}`.")
    elif review.flags and review.outcome in (None, ReviewOutcome.continue_):
        out.message("Flags stay open until a later review drops them; talk about them at your next meeting.")


def _agree_command(ref: int, terms: dict | None) -> str:
    """The `agree` command that records the current terms again, to edit before running."""
    import shlex

    words = ["mentornet", "agree", str(ref)]
    if terms:
        if terms["every_days"]:
            words += ["--every", f"{terms['every_days']}d"]
        for key, option in (("format", "--format"), ("channel", "--channel")):
            if terms[key]:
                words += [option, terms[key]]
        words += [w for text in terms["they_do"] for w in ("--they", text)]
        words += [w for text in terms["i_do"] for w in ("--me", text)]
        words += [w for goal in terms["goals"] if not goal["done_on"] for w in ("--goal", str(goal["id"]))]
        words += ["--review-every", f"{terms['review_every_days']}d"]
    else:
        words += ["--every", "1m", "--they", "TEXT", "--me", "TEXT"]
    return " ".join(map(shlex.quote, words))


def _as_command(contact, working, flags, note, outcome, day) -> str:
    """The interview's answers as the `mentornet review` command that saves them."""
    import shlex

    words = ["mentornet", "review", contact]
    if working:
        words += ["--working", working.value]
    words += [w for flag in flags for w in ("--flag", flag.value)]
    if note:
        words += ["--note", note]
    if outcome:
        words += ["--outcome", outcome.value]
    words += ["--on", str(day)]
    return f"# Your review of {day}, not saved. To save it, run:\n" + " ".join(map(shlex.quote, words)) + "\n"


def _ask(text: str) -> str:
    return typer.prompt(text, default="", show_default=False, prompt_suffix=" ", err=True).strip()


def _choose(text: str, words: list[str], default: str | None = None) -> str | None:
    """Ask until the answer is one of `words` (or empty: `default`)."""
    shown = "/".join(words)
    while True:
        answer = _ask(f"{text} [{shown}]" + (f" ({default})" if default else "")).lower()
        if not answer:
            return default
        picked = [answer] if answer in words else [word for word in words
                                                   if word.startswith(answer) or answer.startswith(word)]
        if len(picked) == 1:
            return picked[0]
        out.message(f"  One of {', '.join(words)}, please (or Enter to skip).")


def _interview(name: str):
    """The questions of a review, in plain words; returns (working, flags, note, outcome)."""
    from mentornet.services.reviews import FAILURE_FACTORS, SUCCESS_FACTORS

    out.paragraph(f"Reviewing your relationship with {name}. Answer y or n; Enter skips a question.", err=True)
    out.message("")
    out.message("What makes it work")
    strong, missing = [], []
    for factor in SUCCESS_FACTORS:
        answer = _choose(f"  {factor.question}", ["y", "n"])
        if answer == "y":
            strong.append(factor.name)
        elif answer == "n":
            missing.append(factor.name)
    out.message("")
    out.message("What makes it fail")
    flags = []
    for factor in FAILURE_FACTORS:
        if _choose(f"  {factor.question}", ["y", "n"]) == "y":
            flags.append(Flag(factor.code))
    out.message("")
    suggested = "yes" if not missing and not flags else "partly" if len(missing) + len(flags) <= 2 else "no"
    working_word = _choose("All in all, is it working?", [w.value for w in Working], suggested)
    working = Working(working_word) if working_word else None
    said = _ask("Anything to note (what to change, what to thank them for)?")
    parts = ([f"Working: {', '.join(strong)}."] if strong else []) + \
            ([f"Missing: {', '.join(missing)}."] if missing else []) + ([said] if said else [])
    note = " ".join(parts) or None
    out.message("")
    out.message("What next: continue as you are; adjust (a new agreement); redefine (an advisory relationship, "
                "less often); close (end it on good terms).")
    default = {"yes": "continue", "partly": "adjust", "no": "close"}.get(working_word or "", "continue")
    chosen = _choose("Next?", [o.value for o in ReviewOutcome], default)
    return working, flags, note, ReviewOutcome(chosen) if chosen else None


@app.command("list")
def list_reviews(ctx: typer.Context, json: JsonOption = False) -> None:
    """List every review, oldest first."""
    from mentornet.services.reviews import reviews

    with reading(ctx) as conn:
        listed = reviews(conn)
    if json:
        out.emit_json([review.as_json() for review in listed])
        return
    if not listed:
        out.message("No reviews yet; review a relationship with `mentornet review CONTACT`.")
        return
    table = out.Table(["id", "date", "contact", "working", "flags", "outcome", "note"])
    for review in listed:
        table.add(review.id, review.on, review.contact, review.working, ", ".join(review.flags), review.outcome,
                  review.note)
    out.show(table)
