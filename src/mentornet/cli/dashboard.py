"""The bare `mentornet`: the mosaic, the top of what is due, and what to do next."""

from typing import TYPE_CHECKING

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading
from mentornet.cli._params import today
from mentornet.cli.gaps import _names, _show_mosaic

if TYPE_CHECKING:
    from mentornet.services.mosaic import Mosaic


def next_steps(result: "Mosaic") -> list[str]:
    """Concrete suggestions for the dashboard, from the roles that need people."""
    steps = []
    for r in result.roles:
        if r.status == "gap" and r.prospects:
            steps.append(f"Fill {r.role}: approach {_names(r.prospects)} (`mentornet outreach log NAME --for-role {r.role}`).")
        elif r.status == "gap":
            steps.append(f"Fill {r.role}: add a prospect with `mentornet add-contact NAME --role {r.role}`, then reach out.")
        elif r.status == "cold":
            steps.append(f"Get back in touch with {_names(r.cold)} ({r.role}): they are going cold.")
        elif r.status == "forming":
            steps.append(f"Move {r.role} forward: {_names(r.forming)} could become a mentor.")
    return steps


DASHBOARD_DUE = 5
DASHBOARD_HEALTH = 3  # the worst health signals, among the warnings


def dashboard(ctx: typer.Context) -> None:
    """The bare `mentornet`: the gaps, the top of what is due, then what to do next."""
    from mentornet.cli.outreach import show_due
    from mentornet.services.due import top_due_items
    from mentornet.services.health import signals
    from mentornet.services.mosaic import network

    with reading(ctx) as conn:
        result = network(conn, today())
        items, total = top_due_items(conn, result.as_of, DASHBOARD_DUE)
        health = signals(conn, result.as_of)
    # going cold is said twice already: in the mosaic's table and as a check-in in the due list
    worst = [signal for signal in health if signal.code != "going-cold"][:DASHBOARD_HEALTH]
    _show_mosaic(result, worst, len(health))
    out.data_line("")
    if items:
        more = f" (top {DASHBOARD_DUE} of {total}: `mentornet outreach due`)" if total > DASHBOARD_DUE else ""
        show_due(items, result.as_of, title=f"Due now{more}")
    else:
        out.data_line("Nothing due today.")
    steps = next_steps(result)
    if steps:
        out.data_line("")
        out.data_line("Next steps:")
        for step in steps:
            out.paragraph(step, indent="  - ")
    out.message("")
    out.paragraph("More: `mentornet outreach due`, `mentornet gaps`, `mentornet contacts list`, `mentornet --help`.",
                  hanging="  ", err=True)
