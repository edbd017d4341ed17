"""Where output goes: data to stdout, messages to stderr; tables only on a terminal.

Rich is imported only when a table goes to a terminal; piped output is plain aligned text.
User text is never Rich markup: cells are `rich.text.Text`.

On a terminal nothing a person types or reads back is cut: a table's columns have a kind (WHOLE:
ids, keys, dates, short values, never cut or wrapped; NAME: whole on a line unless the table can't
fit so, then wrapped between words; LIST: keys or names, wrapped between them; TEXT: free text, wrapped at words within its column), and text under a table wraps at words to the terminal's width with a hanging
indent (`paragraph`). Piped output is not wrapped: a program reads one record a line.
"""

import os
import shutil
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import typer

from mentornet.text import visible

TERMINAL_ENV = "MENTORNET_TERMINAL"  # "1" or "0" overrides terminal detection (tests, `watch`)


def is_terminal() -> bool:
    forced = os.environ.get(TERMINAL_ENV)
    if forced in ("0", "1"):
        return forced == "1"
    return sys.stdout.isatty()


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# json.dumps escapes C0 controls (ESC among them) but leaves DEL and C1 raw: valid JSON, and
# commands to a terminal.
_JSON_CONTROLS = {code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0))}


def emit_json(data: Any) -> None:
    """Plain json.dumps on stdout: no colour, no headers; indented for a person at a terminal,
    compact for a program (the C encoder, several times faster on 10,000 contacts)."""
    import json  # only here: the tables and lines most commands print need none of it

    indent = 2 if is_terminal() else None
    text = json.dumps(data, default=_default, ensure_ascii=False, indent=indent)
    sys.stdout.write((text if text.isascii() else text.translate(_JSON_CONTROLS)) + "\n")


def help_when_bare(app: typer.Typer) -> None:
    """A command group run without a subcommand prints its help and succeeds, like `git remote`."""

    @app.callback(invoke_without_command=True)
    def _bare(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            data_line(ctx.get_help())


def message(text: str) -> None:
    """A message for the person, on stderr; control characters in it shown escaped."""
    sys.stderr.write(visible(text) + "\n")


def data_line(text: str) -> None:
    """A line of output; control characters in it (from a name, a note) shown escaped."""
    sys.stdout.write(visible(text) + "\n")


def text_width(err: bool = False) -> int | None:
    """The columns text wraps to: the terminal's width on a terminal; None (no wrapping) when piped."""
    if not (sys.stderr.isatty() if err else is_terminal()):
        return None
    return shutil.get_terminal_size().columns  # COLUMNS first, as Rich's console, then the terminal


def paragraph(text: str, indent: str = "", hanging: str | None = None, *, err: bool = False) -> None:
    """`text` after `indent`; its later lines (its own, and on a terminal the ones wrapping makes)
    after `hanging` (default: spaces as wide as `indent`), so they line up under its first. On a
    terminal each line wraps at word boundaries to the terminal's width; a word longer than a
    line is broken, never dropped. Piped, each of the text's own lines stays one line. `err`: a
    message, on stderr."""
    hanging = " " * _width(indent) if hanging is None else hanging
    width = text_width(err)
    lines: list[str] = []
    for number, line in enumerate(visible(text).split("\n") or [""]):
        prefix = indent if number == 0 else hanging
        if width is None or _width(prefix + line) <= width:
            lines.append((prefix + line).rstrip())
            continue
        # the line's own leading spaces (an indented note) stay on each of its wrapped lines
        own = line[: len(line) - len(line.lstrip(" "))]
        lines.extend(textwrap.wrap(line.lstrip(" "), width=max(width, _width(hanging + own) + 10),
                                   initial_indent=prefix + own, subsequent_indent=hanging + own,
                                   break_on_hyphens=False) or [prefix.rstrip()])
    (sys.stderr if err else sys.stdout).write("\n".join(lines) + "\n")


WHOLE = "whole"  # ids, role keys, dates, counts and one-word values: never cut, never wrapped
NAME = "name"  # a person's name or a label: whole on one line unless the table can't fit so, then
# wrapped between its words
LIST = "list"  # a list of keys or names: wrapped between words, never inside one
TEXT = "text"  # free text: wrapped at words within its column, a very long word folded

# Every command's columns, by header: the one place that says what may wrap. A header not named
# here is free text.
KINDS = dict.fromkeys(
    ["id", "role", "for", "date", "on", "due", "by", "done", "next", "thanked",
     "last contact", "next due", "added", "stage", "status", "target", "owner", "attempt", "channel",
     "late", "rating", "horizon", "cadence", "contacts", "family", "check", "kind", "expect", "told", "since",
     "signal", "working", "direction", ""],
    WHOLE,
) | dict.fromkeys(["name", "contact", "label"], NAME) | dict.fromkeys(
    ["roles", "mentors", "forming", "needs", "what", "outcome", "flags", "check-in", "owed"], LIST)


@dataclass(frozen=True)
class Marked:
    """A cell with parts to stress (the words a search matched): bold on a terminal, plain when piped.
    `parts` is the text in pieces, each (text, stressed)."""

    parts: tuple[tuple[str, bool], ...]

    def __str__(self) -> str:
        return "".join(text for text, _ in self.parts)


@dataclass
class Table:
    """Columns and rows of plain strings; `styles` colours whole cells on a terminal only. A
    column's kind (KINDS, by its header) says whether it may wrap on a terminal."""

    columns: list[str]
    title: str | None = None
    rows: list[list[str]] = field(default_factory=list)
    styles: list[list[str | None]] = field(default_factory=list)
    marks: dict[tuple[int, int], tuple[tuple[str, bool], ...]] = field(default_factory=dict)

    def add(self, *cells: Any, styles: list[str | None] | None = None) -> None:
        row = []
        for number, cell in enumerate(cells):
            if isinstance(cell, Marked):  # each part made visible on its own, so the stresses stay put
                parts = tuple((visible(text), stressed) for text, stressed in cell.parts)
                self.marks[len(self.rows), number] = parts
                row.append("".join(text for text, _ in parts))
            else:
                row.append("" if cell is None else visible(str(cell)))
        self.rows.append(row)
        self.styles.append(styles or [None] * len(cells))

    def kinds(self) -> list[str]:
        return [KINDS.get(column, TEXT) for column in self.columns]


def show(table: Table) -> None:
    """Piped: plain aligned text. At a terminal: a table that fits on the screen through Rich; a
    longer one laid out here (the same columns and wrapping, without borders: Rich takes seconds
    over thousands of rows, cell by cell) and shown through the pager."""
    if not is_terminal():
        _show_plain(table)
    elif len(table.rows) + 4 <= shutil.get_terminal_size().lines:  # a title, a header, its rule, a border
        _show_rich(table)
    else:
        page(_fast_lines(table))


# --- the pager, as git has one: long output at a terminal goes through it ---

PAGER_ENV = "MENTORNET_PAGER"  # the pager's command, before $PAGER; empty or `cat`: none
DEFAULT_PAGER = "less"
_pager_off = False  # `mentornet --no-pager`


def no_pager() -> None:
    global _pager_off
    _pager_off = True


def pager_command() -> str | None:
    """The command long output at a terminal goes through, or None: never when piped, under CI
    or with --no-pager; MENTORNET_PAGER, else PAGER, else `less` (with LESS=FRX unless LESS is set:
    quit at once if it fits on the screen, keep colours, leave the screen as it was)."""
    if _pager_off or not sys.stdout.isatty() or os.environ.get("CI"):
        return None
    command = os.environ.get(PAGER_ENV, os.environ.get("PAGER", DEFAULT_PAGER)).strip()
    if command in ("", "cat"):
        return None
    if command == DEFAULT_PAGER and not shutil.which(DEFAULT_PAGER):
        return None
    return command


def page(lines: list[str]) -> None:
    """`lines` on stdout, through the pager when they are more than the screen holds."""
    command = pager_command()
    if command is None or len(lines) < shutil.get_terminal_size().lines:
        sys.stdout.write("".join(line + "\n" for line in lines))
        return
    import subprocess

    sys.stdout.flush()
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:  # a pager that can't start: the output as it is
        sys.stdout.write("".join(line + "\n" for line in lines))
        return
    assert pager.stdin is not None
    encoding = sys.stdout.encoding or "utf-8"
    try:
        pager.stdin.write("".join(line + "\n" for line in lines).encode(encoding, "backslashreplace"))
        pager.stdin.close()
    except BrokenPipeError:  # the person quit the pager before the end
        pass
    while True:
        try:
            pager.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less keeps running on it)
            continue
    if pager.returncode in (126, 127):  # the shell couldn't find or run it: the output as it is
        sys.stdout.write("".join(line + "\n" for line in lines))


# SGR codes of the few colours the commands give whole cells, and bold for matched words
_SGR = {"red": "31", "green": "32", "yellow": "33", "blue": "34", "dark_orange": "38;5;208", "bold": "1"}


def _styled(text: str, style: str | None, colour: bool) -> str:
    if not (style and colour and text):
        return text
    codes = ";".join(_SGR[word] for word in style.split() if word in _SGR)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


def _fast_lines(table: Table) -> list[str]:
    """The table as Rich lays it out without borders (one space between columns, a rule under the
    header), each column as wide as `_widths` says and wrapped within it, cut nowhere; colours
    unless NO_COLOR. Linear in the cells; a cell that fits its column (most) is only padded."""
    columns = shutil.get_terminal_size().columns
    n = len(table.columns)
    room = columns - (n - 1)
    widths = (_widths(table, room, WORD) or _widths(table, room, 0) or _widths(table, room, 0, names_whole=False)
              or _widths(table, room, 0, names_whole=False, squeeze=True)
              or [max(_width(cell) for cell in [column, *(row[i] for row in table.rows)])
                  for i, column in enumerate(table.columns)])
    colour = not os.environ.get("NO_COLOR")
    lines = [visible(table.title)] if table.title else []
    rows = [(table.columns, ["bold"] * n)] + list(zip(table.rows, table.styles, strict=False))
    for number, (row, styles) in enumerate(rows):
        wrapped = [_wrapped(cell, width) for cell, width in zip(row, widths, strict=False)]
        if number == 0:  # a header wrapped over lines sits on the rule, as Rich sets it
            height = max(len(cell) for cell in wrapped)
            wrapped = [[""] * (height - len(cell)) + cell for cell in wrapped]
        marks = {} if number == 0 else {i: table.marks[number - 1, i] for i in range(n) if (number - 1, i) in table.marks}
        for line_number in range(max(len(cell) for cell in wrapped)):
            cells = []
            for i, cell in enumerate(wrapped):
                text = cell[line_number] if line_number < len(cell) else ""
                pad = " " * (widths[i] - _width(text))
                if i in marks and colour and len(cell) == 1:  # matched words bold, on a cell of one line
                    cells.append("".join(_styled(part, "bold" if stressed else styles[i], colour)
                                         for part, stressed in marks[i]) + pad)
                else:
                    cells.append(_styled(text, styles[i], colour) + pad)
            lines.append(" ".join(cells).rstrip())
        if number == 0:
            lines.append(" ".join("─" * width for width in widths))
    return lines


def _wrapped(cell: str, width: int) -> list[str]:
    """A cell's lines within `width` columns: its own lines, each wrapped at words, a word longer
    than the column folded."""
    if "\n" not in cell and _width(cell) <= width:
        return [cell]
    lines = []
    for own in cell.split("\n"):
        if _width(own) <= width:
            lines.append(own)
        else:
            lines.extend(textwrap.wrap(own, width=max(width, 1), break_on_hyphens=False) or [""])
    return lines


TEXT_AT_LEAST = 8  # the narrowest a free-text column gets while the whole columns need the room
WORD = 16  # free text keeps words up to this long whole while the table can afford it


def _widths(table: Table, room: int, text_words: int, names_whole: bool = True, squeeze: bool = False) -> list[int] | None:
    """Each column's width in `room` cells, or None when even the narrowest layout asked for doesn't fit.
    A WHOLE column is never narrower than its widest cell (nor a NAME column, while `names_whole`);
    a LIST column (or a NAME column) than its longest word; free text may fold words longer than
    `text_words`, down to TEXT_AT_LEAST. `squeeze`: only the WHOLE columns keep their floor, the
    rest may fold to nothing much. Headers wrap at words. The room left over goes first to names,
    so that as many as fit sit on one line, then to the columns that would take more, in proportion."""
    kinds = table.kinds()
    natural, floor, cells = [], [], []
    for i, (column, kind) in enumerate(zip(table.columns, kinds, strict=True)):
        lines = [line for row in table.rows for line in row[i].split("\n")]
        cells.append(sorted({_width(line) for line in lines}))
        widest = cells[-1][-1] if lines else 0
        word = max((_width(w) for line in [column, *lines] for w in line.split()), default=1)
        header_word = max((_width(w) for w in column.split()), default=1)
        natural.append(max(widest, _width(column), 1))
        if kind == WHOLE or (kind == NAME and names_whole):
            floor.append(max(widest, header_word, 1))
        elif squeeze:
            floor.append(min(natural[-1], 3))
        elif kind in (LIST, NAME):
            floor.append(max(word, 1))
        else:
            floor.append(min(natural[-1], max(TEXT_AT_LEAST, min(header_word, text_words), min(word, text_words))))
    if sum(natural) <= room:
        return natural
    if sum(floor) > room:
        return None
    given = list(floor)
    for i, kind in enumerate(kinds):  # names first: each NAME column as wide as the most of its names need
        if kind == NAME:
            given[i] = max([given[i], *(w for w in cells[i] if w - given[i] <= room - sum(given))])
    spare, wants = room - sum(given), [n - g for n, g in zip(natural, given, strict=True)]
    if spare and sum(wants):
        given = [g + spare * w // sum(wants) for g, w in zip(given, wants, strict=True)]
        for i in sorted(range(len(given)), key=lambda i: natural[i] - given[i], reverse=True):
            if sum(given) < room and given[i] < natural[i]:  # what rounding down left
                given[i] += 1
    return given


def _show_rich(table: Table) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console()
    n = len(table.columns)
    # Boxed when the table fits so; else without borders, one space between columns; only when even
    # that can't hold the whole columns (a very narrow terminal) do they fold: all there, not cut.
    boxed = _widths(table, console.width - (3 * n + 1), WORD)  # padding of 2 a column, and the borders
    compact = console.width - (n - 1)
    widths = (boxed or _widths(table, compact, WORD) or _widths(table, compact, 0)
              or _widths(table, compact, 0, names_whole=False)
              or _widths(table, compact, 0, names_whole=False, squeeze=True))
    style: dict[str, Any] = {} if boxed else {"box": box.SIMPLE_HEAD, "show_edge": False, "padding": 0}
    rich_table = RichTable(title=Text(visible(table.title)) if table.title else None, title_justify="left", **style)
    for i, column in enumerate(table.columns):
        rich_table.add_column(Text(column), overflow="fold", width=widths[i] if widths else None)
    for number, (row, styles) in enumerate(zip(table.rows, table.styles, strict=False)):
        cells = []
        for column, (cell, cell_style) in enumerate(zip(row, styles, strict=False)):
            parts = table.marks.get((number, column))
            if parts is None:
                cells.append(Text(cell, style=cell_style or ""))
            else:
                cells.append(Text.assemble(*((text, "bold") if stressed else text for text, stressed in parts),
                                           style=cell_style or ""))
        rich_table.add_row(*cells)
    console.print(rich_table)


def _width(text: str) -> int:
    """Terminal cells taken by `text` (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _show_plain(table: Table) -> None:
    if table.title:
        data_line(table.title)
    rows = [table.columns] + [[cell.replace("\n", " ") for cell in row] for row in table.rows]
    measured = [[_width(cell) for cell in row] for row in rows]
    widths = [max(row[i] for row in measured) for i in range(len(table.columns))]
    lines = []
    for row, sizes in zip(rows, measured, strict=False):
        cells = [cell + " " * (widths[i] - sizes[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    sys.stdout.write("\n".join(lines) + "\n")
