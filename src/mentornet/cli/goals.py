"""`goals add|list|done`: career goals with target dates, and who helps with them."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import JsonOption, complete_contact, complete_role, today, when
from mentornet.vocabulary import Horizon

goals_app = typer.Typer(help="Career goals, with target dates, the roles and mentors who help.")
out.help_when_bare(goals_app)

OnOption = Annotated[str | None, typer.Option("--on", metavar="DATE", help="When (default today).")]
GoalId = Annotated[int, typer.Argument(metavar="ID", min=1, max=2**63 - 1, help="The goal's id (see `goals list`).")]


@goals_app.command("add")
def add_goal(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The goal, as you would say it.")],
    horizon: Annotated[Horizon, typer.Option("--horizon", help="short: 1-5 years; long: 5-10.")] = Horizon.short,
    by: Annotated[str | None, typer.Option("--by", metavar="DATE", help="The target date.")] = None,
    role: Annotated[list[str], typer.Option("--role", metavar="ROLE", autocompletion=complete_role,
                                            help="A role that helps with it (repeatable).")] = [],
    mentor: Annotated[list[str], typer.Option("--mentor", metavar="CONTACT", autocompletion=complete_contact,
                                              help="Someone who helps with it (repeatable).")] = [],
) -> None:
    """Add a goal; prints its id.

    Example: mentornet goals add "Submit a K award" --by 2027-06-01 --role research --mentor "Ada Okafor"
    """
    from mentornet.services.goals import add_goal as add

    target = when(by, "--by", ahead=True)
    with writing(ctx) as conn:
        goal_id = add(conn, text, horizon=horizon, target_on=target, roles=role, mentors=mentor)
    out.data_line(str(goal_id))


@goals_app.command("list")
def list_goals(
    ctx: typer.Context,
    all_goals: Annotated[bool, typer.Option("--all", help="Done goals too.")] = False,
    json: JsonOption = False,
) -> None:
    """List your goals, soonest target first."""
    from mentornet.services.goals import goals

    with reading(ctx) as conn:
        listed = goals(conn, include_done=all_goals)
    if json:
        out.emit_json([goal.as_json() for goal in listed])
        return
    if not listed:
        out.message("No goals yet; add one with `mentornet goals add TEXT --by DATE`." if all_goals else
                    "No open goals; add one with `mentornet goals add TEXT --by DATE` (`--all` shows done ones).")
        return
    day = today()
    table = out.Table(["id", "goal", "horizon", "by", "roles", "mentors", "done"])
    for goal in listed:
        late = goal.by is not None and goal.done_on is None and goal.by < day
        table.add(goal.id, goal.text, goal.horizon, goal.by, ", ".join(goal.roles), ", ".join(goal.mentors),
                  goal.done_on,
                  styles=[None, None, None, "red" if late else None, None, None, None])
    out.show(table)


@goals_app.command("done")
def done(
    ctx: typer.Context,
    goal_id: Annotated[int, typer.Argument(metavar="ID", min=1, max=2**63 - 1, help="The goal's id (see `goals list`).")],
    on: OnOption = None,
) -> None:
    """Mark a goal done."""
    from mentornet.services.goals import mark_done

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        text = mark_done(conn, goal_id, on=day)
    out.message(f"Done: {text}")


@goals_app.command("edit")
def edit_goal(
    ctx: typer.Context,
    goal_id: GoalId,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT", help="The goal, reworded.")] = None,
    by: Annotated[str | None, typer.Option("--by", metavar="DATE", help="A new target date (empty clears it).")] = None,
    horizon: Annotated[Horizon | None, typer.Option("--horizon", help="short: 1-5 years; long: 5-10.")] = None,
    role: Annotated[list[str], typer.Option("--role", metavar="ROLE", autocompletion=complete_role,
                                            help="Replaces its roles (repeatable; an empty one clears).")] = [],
    mentor: Annotated[list[str], typer.Option("--mentor", metavar="CONTACT", autocompletion=complete_contact,
                                              help="Replaces its mentors (repeatable; an empty one clears).")] = [],
) -> None:
    """Change a goal: given values replace, given roles or mentors replace its own.

    Example: mentornet goals edit 3 --by 2027-09-01 --mentor "Ada Okafor" --mentor "Mei Chen"
    """
    from mentornet.services.goals import edit_goal as edit

    target = when(by, "--by", ahead=True) if by and by.strip() else None
    with writing(ctx) as conn:
        now = edit(conn, goal_id, text=text, horizon=horizon, target_on=target,
                   clear_target=by is not None and not by.strip(),
                   roles=role or None, mentors=mentor or None)
    out.message(f"Updated goal {goal_id}: {now}")


@goals_app.command("remove")
def remove_goal(
    ctx: typer.Context,
    goal_id: GoalId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask.")] = False,
) -> None:
    """Remove a goal."""
    import sys

    from mentornet.errors import Refused
    from mentornet.services.goals import goal_text
    from mentornet.services.goals import remove_goal as remove

    if not yes:
        with reading(ctx) as conn:
            text = goal_text(conn, goal_id)
        if not sys.stdin.isatty():
            raise Refused(f"removing goal {goal_id} ({text}) can't be undone; add --yes to confirm")
        if not typer.confirm(f"Remove goal {goal_id} ({text})?", default=False):
            raise typer.Exit(1)
    with writing(ctx) as conn:
        text = remove(conn, goal_id)
    out.message(f"Removed goal {goal_id}: {text}")
