"""Reading CSV exports (LinkedIn, Google) with the stdlib csv module, keeping file line numbers."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from mentornet.io import ImportFailed


def physical_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: split at \\n, \\r\\n or \\r only, endings kept."""
    return io.StringIO(text, newline="").readlines()


def records(text: str, header_line: int, source: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, {header: cell}) for each non-blank record after the header.

    `header_line` is the header's 1-based line in `text`. Line numbers are the file's own, so a
    message can say "line 7" even after a preamble, and a quoted cell that spans lines counts all
    of them.
    """
    lines = physical_lines(text)
    body = io.StringIO("".join(lines[header_line - 1:]), newline="")
    reader = csv.reader(body)
    offset = header_line - 1
    try:
        header = [cell.strip() for cell in next(reader)]
        width = len(header)
        consumed = reader.line_num
        for row in reader:
            start = offset + consumed + 1
            consumed = reader.line_num
            if not "".join(row).strip():  # no cell holds anything but spaces
                continue
            row = unwrapped(row, width)
            if len(row) == width:  # most rows, cheaply
                yield start, dict(zip(header, row, strict=True))
                continue
            if len(row) > width:
                extra = [cell for cell in row[width:] if cell.strip()]
                if extra:
                    raise ImportFailed(
                        f"{source} line {start}: {len(row)} cells but the header has {width}; "
                        "is a comma missing its quotes? Nothing was imported"
                    )
            yield start, {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)}
    except csv.Error as exc:
        raise ImportFailed(f"{source} line {offset + reader.line_num}: not valid CSV ({exc}); nothing was imported") from None


def unwrapped(row: list[str], width: int) -> list[str]:
    """A row an exporter quoted whole (`"Ada,Okafor,,,Acme,CEO,1 Jan 2020"`: one cell holding the
    row, as LinkedIn writes some) split back into its cells; any other row as it is."""
    if width < 3 or "," not in row[0]:  # most rows, cheaply
        return row
    filled = [cell for cell in row if cell.strip()]
    if len(filled) != 1 or filled[0] != row[0]:
        return row
    try:
        inner = next(csv.reader([row[0]]), [])
    except csv.Error:
        return row
    if len(inner) < 3 or len(inner) > width:
        return row
    return inner


class Folded(dict):
    """A record keyed by its headers casefolded: `first` reads it as it is."""


def folded(record: dict[str, str]) -> Folded:
    return Folded((key.strip().casefold(), value) for key, value in record.items())


def first(record: dict[str, str], *names: str) -> str | None:
    """The first non-empty cell among the columns `names` (matched case-insensitively)."""
    keyed = record if isinstance(record, Folded) else folded(record)
    for name in names:
        value = (keyed.get(name.casefold()) or "").strip()
        if value:
            return value
    return None


class Picker:
    """`first(record, *names)` for the records of one file, which all have the same columns: the
    columns the names match are found once, not folded again for every record."""

    def __init__(self, columns: Iterable[str], *names: str) -> None:
        by_folded = {}
        for column in columns:  # the last of several columns folding alike wins, as in `folded`
            by_folded[column.strip().casefold()] = column
        self.columns = [by_folded[name.casefold()] for name in names if name.casefold() in by_folded]

    def __call__(self, record: dict[str, str]) -> str | None:
        for column in self.columns:
            value = (record[column] or "").strip()
            if value:
                return value
        return None

    @property
    def read(self) -> Callable[[dict[str, str]], str | None]:
        """The same as a function, the cheaper one when a single column matches (most do)."""
        if len(self.columns) != 1:
            return self
        column = self.columns[0]
        return lambda record: (record[column] or "").strip() or None
