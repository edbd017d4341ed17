"""`health [CONTACT]`: the signals that a committed relationship isn't going well."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading
from mentornet.cli._params import AsOfOption, JsonOption, complete_contact, today, when


def show_signals(signals, title: str | None = None, *, with_contact: bool = True) -> None:
    table = out.Table(["contact", "signal", "since", "detail"][0 if with_contact else 1:], title=title)
    for s in signals:
        table.add(*([s.contact] if with_contact else []), s.code, s.since, s.detail)
    out.show(table)


def health(
    ctx: typer.Context,
    contact: Annotated[str | None, typer.Argument(metavar="[CONTACT]", help="Only this contact's.",
                                                  autocompletion=complete_contact)] = None,
    as_of: AsOfOption = None,
    json: JsonOption = False,
) -> None:
    """Health signals of your committed relationships, worst first.

    Codes: their-actions-late, my-actions-late, going-cold, no-agreement, cadence-mismatch, low-rating,
    no-agenda, stalled, flagged.
    """
    from mentornet.services.contacts import find_contact
    from mentornet.services.health import signals

    day = when(as_of, "--as-of", ahead=True) or today()
    with reading(ctx) as conn:
        contact_id = find_contact(conn, contact) if contact is not None else None
        found = signals(conn, day, contact_id)
    if json:
        out.emit_json([s.as_json() for s in found])
        return
    if not found:
        out.message("No health signals: every committed relationship looks well tended." if contact is None else
                    "No health signals for them (only committed relationships, not paused, have any).")
        return
    show_signals(found)
