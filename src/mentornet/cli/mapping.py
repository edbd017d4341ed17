"""`map`: the mosaic as a picture: text (a tree), SVG, Graphviz DOT or Mermaid.

(`mapping`, not `map`: a submodule is set as an attribute of its package, and `mentornet.cli.map`
would replace the builtin `map` inside `mentornet/cli/__init__.py`.)

Only typer and the standard library load here; the map's modules load inside the command.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import AsOfOption, today, when


class MapFormat(StrEnum):
    text = "text"
    svg = "svg"
    dot = "dot"
    mermaid = "mermaid"


def map_command(
    ctx: typer.Context,
    fmt: Annotated[MapFormat, typer.Option("--format", help="text: a tree; svg: a drawing (a file); dot: Graphviz; "
                                           "mermaid: Markdown diagrams.")] = MapFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="PATH", help="Write to this file "
                                                "(owner-only, replaced atomically) instead of stdout.")] = None,
    as_of: AsOfOption = None,
) -> None:
    """Draw your mosaic: you, your roles around you, your mentors on them, who introduced whom.

    Example: mentornet map --format svg --output map.svg
    """
    if fmt == MapFormat.svg and output is None and out.is_terminal():
        # SVG is markup: printed on a terminal it is a screenful of noise, and a file the user didn't
        # name would be a surprise. Piped (`> map.svg`, `| rsvg-convert`), it goes to stdout.
        raise typer.BadParameter("an SVG map is a file: add --output map.svg (or pipe it somewhere)",
                                 param_hint="'--output'")
    day = when(as_of, "--as-of", ahead=True) or today()
    from mentornet.cli._db import reading
    from mentornet.io import mapfile
    from mentornet.services.picture import build_map

    target = _target(ctx, output) if output is not None else None
    with reading(ctx) as conn:
        the_map, _, _ = build_map(conn, day)
    render = {MapFormat.text: mapfile.text, MapFormat.svg: mapfile.svg, MapFormat.dot: mapfile.dot,
              MapFormat.mermaid: mapfile.mermaid}[fmt]
    text = render(the_map)
    if target is None:
        sys.stdout.write(text)
        return
    from mentornet.io.files import write_atomic

    write_atomic(target, text.encode("utf-8"))
    out.message(f"Wrote the map ({fmt}) to {target}.")


def _target(ctx: typer.Context, output: Path) -> Path:
    from mentornet.cli._params import db_path
    from mentornet.errors import Refused
    from mentornet.paths import is_database_file

    target = output.expanduser().resolve()
    if is_database_file(target, db_path(ctx)):
        raise Refused(f"--output {output} is the database or one of its own files; choose another file")
    return target
