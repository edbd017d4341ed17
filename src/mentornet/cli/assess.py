"""`assess`, and `assess show|history`: the self-assessment where mentoring starts."""

import sys
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import JsonOption, complete_role, today, when
from mentornet.errors import BadInput

assess_app = typer.Typer(subcommand_metavar="[show|history]")  # its help is the callback's docstring: `assess` runs on its own too

OnOption = Annotated[str | None, typer.Option("--on", metavar="DATE", help="When (default today).")]


def at_terminal() -> bool:
    """Whether someone is there to answer the interview: stdin and stderr (the prompts) are terminals.

    The one place `assess` decides; tests monkeypatch it, or pass --interview.
    """
    return sys.stdin.isatty() and sys.stderr.isatty()


def _answers(option: str, help_text: str, **extra):
    """A repeatable answer option: each use adds one answer to a list."""
    return typer.Option(option, metavar="T", help=help_text + " (repeatable).", **extra)


GoalOption = Annotated[list[str], _answers("--goal", "A short-term goal, 1-5 years")]
LongTermGoalOption = Annotated[list[str], _answers("--long-term-goal", "A long-term goal, 5-10 years")]
PersonalGoalOption = Annotated[list[str], _answers("--personal-goal", "A personal goal, and how it meets your professional ones")]
StrengthOption = Annotated[list[str], _answers("--strength", "A strength")]
ChallengeOption = Annotated[list[str], _answers("--challenge", "A challenge")]
NeedOption = Annotated[list[str], typer.Option("--need", metavar="ROLE", autocompletion=complete_role,
                                               help="A mentoring need: a role, existing or new (repeatable).")]
HelpsOption = Annotated[list[str], _answers("--helps", "What helps you work")]
HindersOption = Annotated[list[str], _answers("--hinders", "What makes work harder")]
ValueOption = Annotated[list[str], _answers("--value", "What you value in colleagues")]


@assess_app.callback(invoke_without_command=True)
def assess(
    ctx: typer.Context,
    mission: Annotated[str | None, typer.Option("--mission", metavar="T", help="Your mission.")] = None,
    success: Annotated[str | None, typer.Option("--success", metavar="T", help="How you define success.")] = None,
    goal: GoalOption = [],
    long_term_goal: LongTermGoalOption = [],
    personal_goal: PersonalGoalOption = [],
    strength: StrengthOption = [],
    challenge: ChallengeOption = [],
    need: NeedOption = [],
    helps: HelpsOption = [],
    hinders: HindersOption = [],
    value: ValueOption = [],
    apply_targets: Annotated[bool, typer.Option("--apply-targets", help="Target 1 mentor for each needed role with none.")] = False,
    interview: Annotated[bool, typer.Option("--interview", help="Ask the questions (automatic on a terminal with no answers given).")] = False,
    on: OnOption = None,
) -> None:
    """Take stock: mission, success, goals, strengths, challenges, and the mentoring needs that follow.

    On a terminal with no answers given, asks the questions of the mentoring self-evaluation
    (Carey & Weissman 2010). Each assessment is dated and kept.

    Example: mentornet assess --mission "Better heart-failure care through trials" --goal "K award"
    --need research --need grant-writing --apply-targets
    """
    from mentornet.services.assessment import Answers

    answers = Answers(mission=mission, success=success, goals=goal, long_term_goals=long_term_goal,
                      personal_goals=personal_goal, strengths=strength, challenges=challenge, needs=need,
                      helps=helps, hinders=hinders, colleague_values=value)
    if ctx.invoked_subcommand is not None:
        if not answers.is_empty() or apply_targets or interview or on:
            raise BadInput(f"`assess {ctx.invoked_subcommand}` takes no answers; give them to `assess` alone")
        return
    from mentornet.cli._unsaved import kept_on_failure

    day = when(on, "--on") or today()
    if interview or (answers.is_empty() and at_terminal()):
        if not answers.is_empty():
            raise BadInput("--interview asks every question; give the answers as flags or in the interview, not both")
        roles, answers = _interview(ctx)
        # typed at a terminal, they exist nowhere else: kept in a file if anything after fails
        with kept_on_failure(ctx, "assess", _as_command(answers, day, apply_targets), "your answers"):
            _save(ctx, answers, day, _confirm_targets(roles, answers, apply_targets))
        return
    if answers.is_empty():
        raise BadInput("assess needs answers: give them as flags (--mission, --goal, --need...), run it on a terminal "
                       "for the interview, or add --interview to answer on stdin")
    _save(ctx, answers, day, apply_targets)


# Each answer's option, to write the interview's answers as the command that saves them
_OPTIONS = {"mission": "--mission", "success": "--success", "goals": "--goal", "long_term_goals": "--long-term-goal",
            "personal_goals": "--personal-goal", "strengths": "--strength", "challenges": "--challenge",
            "needs": "--need", "helps": "--helps", "hinders": "--hinders", "colleague_values": "--value"}


def _as_command(answers, day, apply_targets: bool) -> str:
    """The interview's answers as the `mentornet assess` command that saves them."""
    import shlex

    lines = [f"# Your self-assessment of {day}, not saved. To save it, run:", "mentornet assess \\"]
    for name, option in _OPTIONS.items():
        value = getattr(answers, name)
        for text in value if isinstance(value, list) else [value] if value else []:
            lines.append(f"  {option} {shlex.quote(text)} \\")
    lines.append(f"  --on {day}" + (" --apply-targets" if apply_targets else ""))
    return "\n".join(lines) + "\n"


def _ask(text: str = "") -> str:
    return typer.prompt(text, default="", show_default=False, prompt_suffix="> ", err=True)


def _interview(ctx: typer.Context):
    """The self-evaluation's questions, one by one; list answers one a line, an empty line to finish.
    Returns the roles as they were and the answers."""
    from mentornet.services.assessment import QUESTIONS, Answers
    from mentornet.services.roles import roles as read_roles

    with reading(ctx, creating=True) as conn:
        roles = read_roles(conn)
    out.paragraph("Mentoring self-evaluation (after Carey & Weissman 2010). Press Enter to skip a question; "
                  "where a question takes several answers, give one a line and an empty line to finish.", err=True)
    values = {}
    for number, question in enumerate(QUESTIONS, 1):
        out.message("")
        out.paragraph(question.text, indent=f"{number}. ", err=True)
        out.paragraph(question.hint, indent="   ", err=True)
        if question.field == "needs":
            out.message(f"   Your roles: {', '.join(role.key for role in roles)}")
        if not question.many:
            values[question.field] = _ask()
            continue
        answers = []
        while answer := _ask().strip():
            answers.append(answer)
        values[question.field] = answers
    return roles, Answers(**values).cleaned()


def _confirm_targets(roles, answers, apply_targets: bool) -> bool:
    """Name the roles the needs map to, and ask whether to target those without a target."""
    from mentornet.services.assessment import map_needs, untargeted

    needs = map_needs(roles, answers.needs)
    if needs:
        described = ", ".join(need.key + ("" if need.exists else " (a new role)") for need in needs)
        out.message(f"\nYour needs name these roles: {described}.")
    lacking = untargeted(roles, needs)
    if lacking and not apply_targets:
        apply_targets = typer.confirm(f"Set a target of 1 mentor for {', '.join(lacking)}, so `gaps` tracks "
                                      f"{'it' if len(lacking) == 1 else 'them'}?", default=True, err=True)
    return apply_targets


def _save(ctx: typer.Context, answers, day, apply_targets: bool) -> None:
    from mentornet.services.assessment import save

    with writing(ctx) as conn:
        saved = save(conn, answers, on=day, apply_targets=apply_targets)
    out.message(f"Self-assessment of {saved.on} saved.")
    if saved.created:
        out.message(f"New roles: {', '.join(saved.created)}.")
    if saved.targeted:
        out.message(f"Target of 1 mentor set for {', '.join(saved.targeted)}; see `mentornet gaps`.")
    if saved.untargeted:
        out.message(f"No target yet for {', '.join(saved.untargeted)}: run again with --apply-targets, "
                    f"or `mentornet roles target {saved.untargeted[0]} 1`.")
    out.message("Track each goal with a date: `mentornet goals add TEXT --by DATE --role ROLE`.")


LABELS = [
    ("mission", "Mission"), ("success", "Success"), ("goals", "Short-term goals (1-5 years)"),
    ("long_term_goals", "Long-term goals (5-10 years)"), ("personal_goals", "Personal goals"),
    ("strengths", "Strengths"), ("challenges", "Challenges"), ("needs", "Mentoring needs (roles)"),
    ("helps", "What helps"), ("hinders", "What hinders"), ("values", "What you value in colleagues"),
]


@assess_app.command("show")
def show(ctx: typer.Context, json: JsonOption = False) -> None:
    """Show your latest self-assessment."""
    from mentornet.services.assessment import latest_assessment

    with reading(ctx) as conn:
        record = latest_assessment(conn)
    data = record.as_json() if record else None
    if json:
        out.emit_json(data)
        return
    if data is None:
        out.message("No self-assessment yet; take one with `mentornet assess`.")
        return
    out.data_line(f"Self-assessment of {data['date']}")
    for key, label in LABELS:
        value = data[key]
        if isinstance(value, list):
            if value:
                out.data_line(f"{label}:")
                for item in value:
                    out.data_line(f"  - {item}")
        elif value:
            out.data_line(f"{label}: {value}")


@assess_app.command("history")
def history(ctx: typer.Context, json: JsonOption = False) -> None:
    """List every self-assessment, oldest first."""
    from mentornet.services.assessment import assessments

    with reading(ctx) as conn:
        listed = [record.as_json() for record in assessments(conn)]
    if json:
        out.emit_json(listed)
        return
    if not listed:
        out.message("No self-assessment yet; take one with `mentornet assess`.")
        return
    table = out.Table(["date", "mission", "short-term goals", "needs"])
    for data in listed:
        table.add(data["date"], data["mission"], "; ".join(data["goals"]), ", ".join(data["needs"]))
    out.show(table)
