"""`report`: the network as one self-contained HTML page, to read, print or bring to a review.

Only typer and the standard library load here; Jinja2 and pygal load inside the command.
"""

from pathlib import Path
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import AsOfOption, today, when


def report(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="PATH", help="Write to this file (default: "
                                                "mentornet-report-DATE.html here); owner-only, replaced atomically.")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Open it in your browser.")] = False,
    as_of: AsOfOption = None,
) -> None:
    """Write your network as one HTML page: map, gaps, what is due, timelines, goals.

    The page needs no network and runs no script; it prints on A4 or Letter.

    Example: mentornet report --open
    """
    day = when(as_of, "--as-of", ahead=True) or today()
    from mentornet.cli._db import reading
    from mentornet.cli.mapping import _target
    from mentornet.io.files import write_atomic
    from mentornet.io.htmlreport import render
    from mentornet.services.picture import gather

    target = _target(ctx, output or Path(f"mentornet-report-{day}.html"))
    with reading(ctx) as conn:
        picture = gather(conn, day)
    data = render(picture, generated_on=today()).encode("utf-8")
    write_atomic(target, data)
    out.message(f"Wrote the report ({len(data) // 1024 + 1} KB) to {target}.")
    out.data_line(str(target))
    if open_:
        import webbrowser

        if not webbrowser.open(target.as_uri()):
            out.message("No browser could be opened; open the file yourself.")
