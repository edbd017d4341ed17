"""`mentees`: the people you mentor, and what you owe them."""

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading
from mentornet.cli._params import AsOfOption, JsonOption, today, when


def mentees(ctx: typer.Context, as_of: AsOfOption = None, json: JsonOption = False) -> None:
    """The people you mentor: last contact, the goals you help with, the check-ins you owe.

    Mentees are contacts added with --i-mentor (or --mutual: you mentor each other).
    """
    from mentornet.services.mentees import mentees as listing

    day = when(as_of, "--as-of", ahead=True) or today()
    with reading(ctx) as conn:
        listed = listing(conn, day)
    if json:
        out.emit_json([mentee.as_json(day) for mentee in listed])
        return
    if not listed:
        out.message("Nobody you mentor yet; add them with `mentornet add-contact NAME --i-mentor` "
                    "(or `contacts edit NAME --i-mentor`).")
        return
    table = out.Table(["contact", "direction", "stage", "last contact", "check-in", "goals", "owed"])
    for m in listed:
        check_in = None if m.check_in is None else (
            f"{m.check_in} ({'today' if m.check_in == day else f'{(day - m.check_in).days}d late'})"
            if m.check_in <= day else str(m.check_in))
        stage = m.stage + (" (paused)" if m.paused else "")
        goals = "; ".join(f"#{g.id} {g.text}" + (f" (by {g.by})" if g.by else "") for g in m.goals)
        owed = "; ".join(item.kind + (f" ({item.severity})" if item.severity else "") for item in m.owed)
        table.add(m.contact, m.direction, stage, m.last_contact, check_in, goals, owed,
                  styles=[None, None, None, None, "red" if m.check_in is not None and m.check_in < day else None,
                          None, None])
    out.show(table)
