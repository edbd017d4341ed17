"""Telling an import file's format from its content, not its name."""

import csv
import io
import re

from mentornet.io import ImportFailed

FORMATS = ("json", "linkedin", "vcard", "google-csv")

LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
# Columns only Google Contacts writes, in its current and its older ("Google CSV") layouts.
_GOOGLE_MARKERS = {
    "e-mail 1 - value", "phone 1 - value", "organization 1 - name", "organization name", "labels",
    "group membership", "given name", "family name", "organization title",
}
_HEAD_LINES = 50  # LinkedIn's "Notes:" preamble is a few lines; a header further down is not its export
_VCARD = re.compile(r"^\s*BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)


def cells(line: str) -> list[str]:
    """One line's CSV cells, stripped; [] for a line that isn't CSV."""
    try:
        return [cell.strip() for cell in next(csv.reader([line]), [])]
    except csv.Error:
        return []


def is_linkedin_header(row: list[str]) -> bool:
    return {"First Name", "Last Name", "Connected On"} <= {cell.strip() for cell in row}


def is_google_header(row: list[str]) -> bool:
    folded = {cell.strip().casefold() for cell in row}
    return len(folded & _GOOGLE_MARKERS) >= 1 and bool(folded & {"name", "first name", "given name", "last name",
                                                                  "family name", "e-mail 1 - value"})


def detect(text: str, source: str) -> str:
    """json, linkedin, vcard or google-csv; a file that is none of them is an error naming it."""
    head = text.lstrip()
    if head.startswith(("{", "[")):
        return "json"
    if _VCARD.search(text[:65536]):
        return "vcard"
    lines = io.StringIO(text, newline="").readlines()[:_HEAD_LINES]
    for line in lines:
        if is_linkedin_header(cells(line)):
            return "linkedin"
    if lines and is_google_header(cells(lines[0])):
        return "google-csv"
    raise ImportFailed(
        f"can't tell what kind of file {source} is; give --format json, linkedin, vcard or google-csv"
    )
