"""Google Contacts CSV (contacts.google.com > Export > Google CSV), read by column name.

Google has written two layouts over the years (`First Name,...,Labels,E-mail 1 - Value` now;
`Name,Given Name,...,Group Membership,E-mail 1 - Type,E-mail 1 - Value` before) and puts the
columns in whatever order the account's data needs, so every field is looked up by header name.
A cell holding several values separates them with ` ::: `; the first is taken.
"""

from mentornet.io import ImportFailed
from mentornet.io.csvrows import first, physical_lines, records
from mentornet.io.detect import cells
from mentornet.io.merge import Candidate
from mentornet.text import clean

_SEPARATOR = ":::"
# Google's own labels, not the user's: "* myContacts", "* starred", "* other"...
_SYSTEM_LABEL = "* "


def _one(value: str | None) -> str | None:
    """The first of several values in a cell (`a@x.org ::: b@y.org`)."""
    if not value:
        return None
    return clean(value.split(_SEPARATOR)[0])


def _numbered(record: dict[str, str], kind: str, part: str, limit: int = 10) -> str | None:
    """The first non-empty `E-mail 1 - Value`, `E-mail 2 - Value`... cell."""
    for n in range(1, limit + 1):
        value = _one(first(record, f"{kind} {n} - {part}"))
        if value:
            return value
    return None


def _all(record: dict[str, str], kind: str, limit: int = 10) -> list[str]:
    """Every value of `E-mail 1 - Value`, `E-mail 2 - Value`..., each cell's ` ::: ` values included."""
    values = []
    for n in range(1, limit + 1):
        for text in (first(record, f"{kind} {n} - Value") or "").split(_SEPARATOR):
            if clean(text):
                values.append(clean(text))
    return values


def _fallback(record: dict[str, str]) -> str:
    """What a nameless row shows in the report: its email or organisation."""
    return _numbered(record, "E-mail", "Value") or _one(first(record, "Organization 1 - Name", "Organization Name")) or ""


def _why_no_name(record: dict[str, str]) -> str:
    if _one(first(record, "Organization 1 - Name", "Organization Name")):
        return "no name (an organisation, not a person)"
    if _numbered(record, "E-mail", "Value") or _numbered(record, "Phone", "Value"):
        return "no name (only an email or phone)"
    return "no name"


def _name(record: dict[str, str]) -> str | None:
    parts = [first(record, "Name Prefix"),
             first(record, "First Name", "Given Name"),
             first(record, "Middle Name", "Additional Name"),
             first(record, "Last Name", "Family Name"),
             first(record, "Name Suffix")]
    joined = " ".join(part for part in parts if part)
    return clean(first(record, "Name") or joined)


def _labels(record: dict[str, str]) -> list[str]:
    cell = first(record, "Labels", "Group Membership") or ""
    labels = []
    for text in cell.split(_SEPARATOR):
        label = text.strip()
        if label and not label.startswith(_SYSTEM_LABEL):
            labels.append(label)
    return labels


_NAME_COLUMNS = {"name", "first name", "given name", "last name", "family name"}


def parse(text: str, source: str = "the file") -> list[Candidate]:
    header = {cell.casefold() for cell in cells(physical_lines(text)[0])}
    if not header & _NAME_COLUMNS:
        raise ImportFailed(f"{source} line 1: no Google Contacts header (First Name, Last Name or Name columns); "
                           "is it a Google CSV export?")
    found = []
    for line, record in records(text, 1, source):
        name = _name(record)
        if not name:
            found.append(Candidate(line=line, name=_fallback(record), skip=_why_no_name(record)))
            continue
        fields = {
            "email": _numbered(record, "E-mail", "Value"),
            "phone": _numbered(record, "Phone", "Value"),
            "institution": _one(first(record, "Organization 1 - Name", "Organization Name")),
            "title": _one(first(record, "Organization 1 - Title", "Organization Title")),
            "specialty": _one(first(record, "Organization 1 - Department", "Organization Department")),
            "city": _one(first(record, "Address 1 - City")),
            "profile_url": _numbered(record, "Website", "Value"),
            "notes": clean(first(record, "Notes")),
        }
        extra = [("email", value) for value in _all(record, "E-mail")] + [("phone", v) for v in _all(record, "Phone")]
        found.append(Candidate(line=line, name=name, fields=fields, categories=_labels(record), extra=extra))
    return found
