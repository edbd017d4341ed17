"""`import --report FILE`: every line's outcome as CSV (line, name, outcome, detail).

A row per line of the file that names a contact (added, updated, unchanged, merged into an
earlier line, skipped with its reason) and one per value kept out of the database (a conflict:
`kept X; the file says Y`). Cells are neutralised like the CSV export's, so the report opens
safely in a spreadsheet.
"""

import csv
import io

from mentornet.io.csvexport import neutralise

COLUMNS = ["line", "name", "outcome", "detail"]


def report_csv(summary) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = summary.outcomes
    if not rows:  # a JSON import reports by contact, without lines
        rows = ([(None, name, "added", "") for name in summary.added]
                + [(None, name, "updated", ", ".join(fields)) for name, fields in summary.updated]
                + [(None, name, "unchanged" if "up to date" in why else "skipped", why)
                   for name, why in summary.skipped])
    else:
        rows = [(row.line, row.name, row.outcome, row.detail) for row in rows]
    for line, name, outcome, detail in sorted(rows, key=lambda row: (row[0] is None, row[0] or 0)):
        writer.writerow([neutralise(line), neutralise(name), outcome, neutralise(detail)])
    return out.getvalue()
