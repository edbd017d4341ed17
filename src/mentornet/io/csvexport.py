"""`export --format csv`: one row per contact, safe to open in a spreadsheet.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a
formula by Excel, LibreOffice or Google Sheets (CSV injection), so it is prefixed with `'`,
which the spreadsheet shows as text; a phone number or plain number after `+`/`-` is not. Lists (roles, tags) are joined with `; `.
"""

import csv
import io
import re
import sqlite3
from datetime import date

COLUMNS = ["id", "name", "roles", "stage", "email", "phone", "title", "institution", "specialty", "city", "tags",
           "last_contact", "next_due"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# `+1 617 555 0143`, `+44 (20) 7946-0958`, `-12.5`: a sign, then only digits and phone punctuation
_NUMBER = re.compile(r"^[+-]\(?\d[\d ().\-/]*$")


def neutralise(value) -> str:
    """The cell as text, with a leading `'` when a spreadsheet would take it for a formula.

    A phone number or a plain number that starts with `+` or `-` is left as written: it runs no
    function, and a `'` before it would travel into the address book the file is opened in.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text):
        return "'" + text
    return text


def export(conn: sqlite3.Connection, as_of: date) -> str:
    from mentornet.io.tables import contacts_with_links
    from mentornet.services.contacts import contact_summaries
    from mentornet.services.due import next_due_by_contact

    details = {row["id"]: row for row in contacts_with_links(conn)}
    next_due = next_due_by_contact(conn, as_of)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line endings
    writer.writerow(COLUMNS)
    for summary in contact_summaries(conn):
        contact = details[summary.id]
        writer.writerow([neutralise(cell) for cell in (
            summary.id, summary.name, "; ".join(summary.roles), summary.stage, contact["email"], contact["phone"],
            contact["title"], contact["institution"], contact["specialty"], contact["city"],
            "; ".join(summary.tags), summary.last_contact.isoformat(),
            next_due[summary.id].isoformat() if summary.id in next_due else "",
        )])
    return out.getvalue()
