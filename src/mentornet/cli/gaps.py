"""`gaps`: the mosaic, each targeted role's status, and the network's warnings. The dashboard
shows the same mosaic."""

from typing import TYPE_CHECKING

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading
from mentornet.cli._params import AsOfOption, JsonOption, today, when

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mentornet.services.health import Signal
    from mentornet.services.mosaic import Mosaic

STATUS_STYLE = {"filled": "green", "cold": "blue", "forming": "yellow", "gap": "red"}


NAMES_PER_CELL = 6


def _names(names: list[str]) -> str:
    """A cell of names; a long list ends "and N more" (`--json` has them all)."""
    if not names:
        return "-"
    shown = ", ".join(names[:NAMES_PER_CELL])
    return shown if len(names) <= NAMES_PER_CELL else f"{shown} and {len(names) - NAMES_PER_CELL} more"


def _show_mosaic(result: "Mosaic", health: "Sequence[Signal]" = (), health_total: int = 0) -> None:
    """The roles table, then the warnings: the mosaic's, then (the dashboard) the worst health signals."""
    if not result.roles:
        out.message("No role has a target; set one with `mentornet roles target ROLE N`.")
    else:
        table = out.Table(["role", "target", "status", "mentors", "forming"], title=f"Your mosaic on {result.as_of}")
        for r in result.roles:
            mentors = _names([f"{name} (going cold)" if name in r.cold else name for name in r.mentors])
            table.add(r.role, r.target, r.status, mentors, _names(r.forming),
                      styles=[None, None, STATUS_STYLE[r.status], None, None])
        out.show(table)
    if result.warnings or health:
        out.data_line("")
        out.data_line("Warnings:")
        for w in result.warnings:
            out.paragraph(f"[{w.code}] {w.message}", indent="  ", hanging="    ")
        for s in health:
            out.paragraph(f"[{s.code}] {s.contact}: {s.detail}", indent="  ", hanging="    ")
        if health_total > len(health):
            out.paragraph(f"({len(health)} of {health_total} health signals shown: `mentornet health` lists them all)",
                          indent="  ", hanging="    ")


def gaps(ctx: typer.Context, as_of: AsOfOption = None, json: JsonOption = False) -> None:
    """Show which mentoring roles are filled, forming, going cold or unfilled, and network warnings."""
    from mentornet.services.mosaic import network

    day = when(as_of, "--as-of", ahead=True) or today()
    with reading(ctx) as conn:
        result = network(conn, day)
    if json:
        out.emit_json(result.as_json())
    else:
        _show_mosaic(result)
