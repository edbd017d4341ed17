"""Telling an import file's format from its content, not its name."""

import csv
import io
import itertools
import re

from mentornet.io import ImportFailed

FORMATS = ("json", "linkedin", "vcard", "google-csv", "outlook-csv", "mentornet-csv")
MENTORNET_CSV_HEADER = ("id", "name", "roles", "stage", "email")

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


# Columns of Outlook's and Thunderbird's address-book CSV (Google's "Outlook CSV" too).
_OUTLOOK_MARKERS = {"e-mail address", "e-mail 2 address", "primary email", "secondary email", "job title",
                    "business phone", "mobile phone", "mobile number", "web page", "web page 1", "display name"}


def is_outlook_header(row: list[str]) -> bool:
    folded = {cell.strip().casefold() for cell in row}
    return (bool(folded & {"first name", "last name", "display name"})
            and bool(folded & {"e-mail address", "primary email"})
            and len(folded & _OUTLOOK_MARKERS) >= 2)


def detect(text: str, source: str) -> str:
    """One of FORMATS; a file that is none of them is an error naming them."""
    head = text.lstrip()
    if head.startswith(("{", "[")):
        return "json"
    if _VCARD.search(text[:65536]):
        return "vcard"
    lines = list(itertools.islice(io.StringIO(text, newline=""), _HEAD_LINES))  # not the whole file's lines
    for line in lines:
        if is_linkedin_header(cells(line)):
            return "linkedin"
    header = cells(lines[0]) if lines else []
    if tuple(header[:len(MENTORNET_CSV_HEADER)]) == MENTORNET_CSV_HEADER:
        return "mentornet-csv"
    if is_outlook_header(header):
        return "outlook-csv"
    if is_google_header(header):
        return "google-csv"
    raise ImportFailed(
        f"can't tell what kind of file {source} is; give --format with one of {', '.join(FORMATS)}"
    )
