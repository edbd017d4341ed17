"""mentornet's own CSV export (`export --format csv`) read back, found by its header.

The export is a view (last contact and next due are derived, ids belong to the database it came
from), so it imports like any address book: name, email, phone, title, institution, specialty,
city; roles and tags (joined with `; `) become roles and tags; the stage is kept. The `'` the
export puts before a cell a spreadsheet would run as a formula is taken off again.
"""

from mentornet.io import ImportFailed
from mentornet.io.csvexport import COLUMNS, FORMULA_STARTS
from mentornet.io.csvrows import first, physical_lines, records
from mentornet.io.detect import cells
from mentornet.io.merge import Candidate
from mentornet.text import clean
from mentornet.vocabulary import Stage


def _cell(record: dict[str, str], name: str) -> str | None:
    value = first(record, name)
    if value and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    return clean(value)


def parse(text: str, source: str = "the file") -> list[Candidate]:
    header = cells(physical_lines(text)[0])
    if header[:len(COLUMNS)] != COLUMNS:
        raise ImportFailed(f"{source} line 1: not a mentornet CSV export (its header is {','.join(COLUMNS)}); "
                           "nothing was imported")
    found = []
    for line, record in records(text, 1, source):
        name = _cell(record, "name")
        if not name:
            found.append(Candidate(line=line, name="", skip="no name"))
            continue
        stage = _cell(record, "stage")
        if stage is not None and stage not in {str(s) for s in Stage}:
            raise ImportFailed(f"{source} line {line}: stage {stage!r} is not one of {', '.join(Stage)}; "
                               "nothing was imported")
        fields = {column: _cell(record, column)
                  for column in ("email", "phone", "title", "institution", "specialty", "city")}
        categories = [part.strip() for column in ("roles", "tags")
                      for part in (_cell(record, column) or "").split(";") if part.strip()]
        found.append(Candidate(line=line, name=name, fields=fields, categories=categories, stage=stage))
    return found
