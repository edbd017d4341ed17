"""Outlook and Thunderbird address-book CSV (and Google's "Outlook CSV" export), read by column name.

Outlook (File > Open & Export > Export to a file > Comma Separated Values) and Google's
"Outlook CSV" write `First Name,Middle Name,Last Name,...,E-mail Address,E-mail 2 Address,...,
Company,Department,Job Title,...,Business Phone,Mobile Phone,...,Categories,Notes,Web Page`;
Outlook's `Title` column is the honorific (Dr.), not the job title. Thunderbird (Tools > Export)
writes `First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,...,Work Phone,
Mobile Number,...,Job Title,Department,Organization,Web Page 1,...,Notes`. Columns are found by
name, so a layout's order and its extra columns don't matter. The first email and phone are
stored; the others are reported (the schema keeps one of each).
"""

from mentornet.io import ImportFailed
from mentornet.io.csvrows import first, physical_lines, records
from mentornet.io.detect import cells, is_outlook_header
from mentornet.io.merge import Candidate
from mentornet.text import clean

_EMAILS = ("E-mail Address", "Primary Email", "E-mail 2 Address", "Secondary Email", "E-mail 3 Address", "Email",
           "Email Address")
_PHONES = ("Mobile Phone", "Mobile Number", "Business Phone", "Work Phone", "Primary Phone", "Business Phone 2",
           "Home Phone", "Home Phone 2", "Other Phone", "Company Main Phone", "Car Phone")
_SEPARATORS = (":::", ";")  # Google's Outlook CSV joins labels with :::, Outlook its categories with ;


def _values(record: dict[str, str], columns: tuple[str, ...]) -> list[str]:
    found = []
    for column in columns:
        value = clean(first(record, column))
        if value and value.casefold() not in {v.casefold() for v in found}:
            found.append(value)
    return found


def _categories(record: dict[str, str]) -> list[str]:
    text = first(record, "Categories", "Labels", "Group Membership") or ""
    for separator in _SEPARATORS:
        text = text.replace(separator, "\x00")
    return [label.strip() for label in text.split("\x00") if label.strip() and not label.strip().startswith("* ")]


def _name(record: dict[str, str]) -> str | None:
    parts = [first(record, "Title"), first(record, "First Name"), first(record, "Middle Name"),
             first(record, "Last Name"), first(record, "Suffix")]
    if first(record, "First Name") or first(record, "Last Name"):
        return clean(" ".join(part for part in parts if part))
    return clean(first(record, "Display Name", "Name"))


def parse(text: str, source: str = "the file") -> list[Candidate]:
    if not is_outlook_header(cells(physical_lines(text)[0])):
        raise ImportFailed(f"{source} line 1: no Outlook or Thunderbird header (First Name, Last Name and "
                           "E-mail Address or Primary Email columns); is it an address-book CSV export?")
    found = []
    for line, record in records(text, 1, source):
        emails, phones = _values(record, _EMAILS), _values(record, _PHONES)
        institution = clean(first(record, "Company", "Organization"))
        name = _name(record)
        if not name:
            why = ("no name (an organisation, not a person)" if institution
                   else "no name (only an email or phone)" if emails or phones else "no name")
            found.append(Candidate(line=line, name=(emails[0] if emails else institution or ""), skip=why))
            continue
        fields = {
            "email": emails[0] if emails else None,
            "phone": phones[0] if phones else None,
            "institution": institution,
            "title": clean(first(record, "Job Title")),
            "specialty": clean(first(record, "Department")),
            "city": clean(first(record, "Business City", "Work City", "Home City", "Other City")),
            "profile_url": clean(first(record, "Web Page", "Web Page 1", "Web Page 2", "Personal Web Page")),
            "notes": clean(first(record, "Notes")),
        }
        extra = [("email", value) for value in emails[1:]] + [("phone", value) for value in phones[1:]]
        found.append(Candidate(line=line, name=name, fields=fields, categories=_categories(record), extra=extra))
    return found
