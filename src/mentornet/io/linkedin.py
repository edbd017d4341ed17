"""LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data).

The file opens with a "Notes:" preamble before the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`, may start with a UTF-8
BOM (dropped when the file is read), leaves most emails empty, and writes dates as `15 Mar 2024`
or, in older exports, `7-Feb-22`. The header is found by its names, not by skipping a fixed
number of lines, and the columns are read by name.

What real exports hold besides (issue 13):
- the 2018 layout: no URL column, dates like `1/8/18, 6:14 PM` (US month/day);
- members who hid their profile or left LinkedIn: `,,,,,,02 Jun 2022`, skipped and reported;
- `urn:li:member:12345` in the email column: an internal id, not an email, dropped;
- rows quoted whole (one cell holding the row), split back into cells by `csvrows.records`.
"""

import functools
import io
import re
from collections.abc import Callable
from datetime import date

from mentornet.io import ImportFailed
from mentornet.io.csvrows import Picker, records
from mentornet.io.detect import cells, is_linkedin_header
from mentornet.io.merge import Candidate
from mentornet.text import clean

# English month names and abbreviations, so parsing doesn't depend on the machine's locale.
_MONTHS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})$")
# 2018 exports: `1/8/18, 6:14 PM` (month/day/year, then the time, which is dropped)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$")
HIDDEN = "no name (a member who hid their profile or left LinkedIn)"


def parse_date(text: str) -> date:
    """`15 Mar 2024`, `7-Feb-22`, `07 February 2024`, `1/8/18, 6:14 PM` or ISO `2024-03-15`; ValueError otherwise."""
    value = text.strip()
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            raise ValueError(value)
        full_year = int(year) if len(year) == 4 else 2000 + int(year)  # LinkedIn began in 2003
        return date(full_year, month, int(day))
    match = _US_DATE.match(value)
    if match:
        month, day, year = (int(part) for part in match.groups())
        return date(year if year >= 100 else 2000 + year, month, day)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    raise ValueError(value)


def header_line(text: str) -> int:
    """The 1-based line of the column header, after whatever preamble LinkedIn wrote."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):  # physical lines, read up to the header
        if is_linkedin_header(cells(line)):
            return number
    raise ImportFailed(
        "no LinkedIn header (First Name,Last Name,URL,Email Address,Company,Position,Connected On) in the file; "
        "is it Connections.csv?"
    )


_COLUMNS = {"first": ("First Name",), "last": ("Last Name",), "connected": ("Connected On",),
            "email": ("Email Address", "E-mail Address", "Email"), "company": ("Company",), "position": ("Position",),
            "url": ("URL",)}


def parse(text: str, source: str = "the file") -> list[Candidate]:
    found = []
    pick: dict[str, Callable[[dict[str, str]], str | None]] = {}
    dates = functools.lru_cache(maxsize=4096)(parse_date)  # an export's rows share a few hundred days
    for line, record in records(text, header_line(text), source):
        if not pick:  # every record has the header's columns: find the ones read once
            pick = {what: Picker(record, *names).read for what, names in _COLUMNS.items()}
        first, last = pick["first"](record), pick["last"](record)
        name = clean(f"{first} {last}" if first and last else first or last)
        connected = pick["connected"](record)
        try:
            added_on = dates(connected) if connected else None
        except ValueError:
            raise ImportFailed(
                f"{source} line {line}: bad date {connected!r} in Connected On (expected like 15 Mar 2024 or 1/8/18); "
                "nothing was imported"
            ) from None
        if not name:
            found.append(Candidate(line=line, name="", skip=HIDDEN))
            continue
        email = clean(pick["email"](record))
        if email and (email.lower().startswith("urn:li:") or "@" not in email):
            email = None  # LinkedIn's member id, not an address
        fields = {
            "email": email,
            "institution": clean(pick["company"](record)),
            "title": clean(pick["position"](record)),
            "profile_url": clean(pick["url"](record)),
        }
        found.append(Candidate(line=line, name=name, fields=fields, added_on=added_on))
    return found
