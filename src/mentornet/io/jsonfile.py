"""The mentornet JSON format: the whole database, table by table, lossless.

    {"format": "mentornet", "version": 1, "exported_at": "2026-11-22T15:30:00+00:00",
     "schema": 1, "tables": {"role": [{...}, ...], "contact": [...], ...}}

Each table is a list of rows in primary-key order; each row an object of every column, by the
column's name, with dates as ISO `YYYY-MM-DD`, booleans as true/false, missing values as null.
Tables and columns come from the schema's metadata, so new ones are carried without code changes.

Import, into a database with no contacts, restores the file as it is: every row keeps its id
and the file's role settings replace the shipped defaults. Into a database that has contacts, it
merges, never duplicating:
- contacts are matched as the same record (same id, name and creation instant: this database's
  own export coming back), then by email, then by name (merge.py's rules); a matched contact
  keeps every value it has and only gets its empty (null) columns filled from the file, except
  its stage: when the file's stage is further along (vocabulary.Stage order) and the merged
  history's latest stage change is the file's move to it, the contact takes it (the relationship
  moved on in the other copy); unmatched contacts are added with new ids;
- roles are matched by key (an existing role keeps its settings; a new one is added after the
  others); links (contact_role, contact_tag) are added when missing;
- history rows (stage changes, outreach, meetings, touches, actions, referrals and any later
  table with an `id`) are added unless the same record (every column but `id` and `created_at`,
  with references translated) is already there;
- references between rows follow the new ids, so a meeting's actions and referrals stay with it.
A table that is empty in the database keeps the file's ids. A file from a newer format version,
an unknown table or column, a wrong type, a bad date or a broken reference fails the whole import.
"""

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime

from mentornet.io import ImportFailed
from mentornet.io.merge import FILLABLE, ContactIndex, Entry, Progress, Summary
from mentornet.store import rows
from mentornet.text import search_key
from mentornet.vocabulary import problem

FORMAT = "mentornet"
VERSION = 1
_NOT_COMPARED = ("id", "created_at")  # a record's identity when merging is everything else


# --- export ---

def export_data(conn: sqlite3.Connection, now: datetime | None = None) -> dict:
    """The whole database as one JSON-ready dict, read in one snapshot (`export_text`'s content)."""
    return json.loads("".join(export_text(conn, now)))


def export_text(conn: sqlite3.Connection, now: datetime | None = None) -> Iterator[str]:
    """The whole database as JSON text, a few thousand rows at a time, read in one snapshot: the
    network is never held in memory whole. A row is one line, its JSON object made by SQLite
    (`json_object`): no Python object per row or per value."""
    from mentornet.io.tables import schema
    from mentornet.store.connection import SCHEMA_VERSION

    now = now or datetime.now(UTC)
    envelope = {"format": FORMAT, "version": VERSION, "exported_at": now.isoformat(timespec="seconds"),
                "schema": SCHEMA_VERSION}
    yield "{\n" + "".join(f"  {json.dumps(key)}: {json.dumps(value)},\n" for key, value in envelope.items())
    yield '  "tables": {'
    conn.execute("BEGIN")  # one read transaction: every table from the same moment
    try:
        for number, spec in enumerate(schema()):
            yield ("," if number else "") + f"\n    {json.dumps(spec.name)}: ["
            cursor = conn.cursor()
            cursor.row_factory = None
            cursor.execute(_rows_sql(spec))
            first = True
            while batch := cursor.fetchmany(2000):
                yield ("" if first else ",") + "\n      " + ",\n      ".join(row for (row,) in batch)
                first = False
            yield "]" if first else "\n    ]"
    finally:
        conn.execute("ROLLBACK")
    yield "\n  }\n}\n"


def _rows_sql(spec) -> str:
    """A table's rows as JSON objects, in primary-key order: SQLite's own values (dates are already
    ISO text), booleans as true/false."""
    from mentornet.io.tables import quoted

    values = []
    for column in spec.columns:
        name = quoted(column.name)
        value = (f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} != 0 THEN json('true') ELSE json('false') END"
                 if column.python_type is bool else name)
        values.append(f"{_sql_text(column.name)}, {value}")
    order = ", ".join(quoted(k) for k in spec.key) or "rowid"
    return f"SELECT json_object({', '.join(values)}) FROM {quoted(spec.name)} ORDER BY {order}"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- reading a file ---

def load(text: str, source: str) -> dict:
    """Parse and check the envelope; the rows are checked as they are imported."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # an error on the file's last line is what a cut-off file (a copy interrupted) looks like
        complete = "is the file complete? " if "\n" not in text[exc.pos:].rstrip() else ""
        raise ImportFailed(f"{source} line {exc.lineno} column {exc.colno}: not valid JSON "
                           f"({exc.msg.removesuffix(' at')}); {complete}nothing was imported") from None
    except RecursionError:
        raise ImportFailed(f"{source}: JSON nested too deeply; nothing was imported") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed(f"{source} is JSON but not a mentornet export (no \"format\": \"mentornet\"); "
                           "nothing was imported")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFailed(f"{source}: \"version\" must be a whole number, not {version!r}; nothing was imported")
    if version > VERSION:
        raise ImportFailed(f"{source} was written by a newer mentornet (format version {version}; this one reads "
                           f"{VERSION}); upgrade mentornet to import it")
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(rows, list) for rows in tables.values()):
        raise ImportFailed(f"{source}: \"tables\" must map table names to lists of rows; nothing was imported")
    return data


def _convert(column, value, where: str):
    """A JSON value checked and turned into the column's python type."""
    if value is None:
        return None
    kind = column.python_type
    ok = True
    if kind is bool:
        ok = isinstance(value, bool) or value in (0, 1)
        value = bool(value) if ok else value
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif kind is str:
        ok = isinstance(value, str)
    elif kind in (date, datetime):
        if isinstance(value, str):
            try:
                parsed = kind.fromisoformat(value)
            except ValueError:
                raise ImportFailed(f"{where}: bad date {value!r} in {column.name} (expected YYYY-MM-DD); "
                                   "nothing was imported") from None
            if kind is date and isinstance(parsed, datetime):
                parsed = parsed.date()
            return parsed
        ok = False
    if not ok:
        wanted = {bool: "true or false", int: "a whole number", float: "a number", str: "text",
                  date: "a date", datetime: "a date and time"}.get(kind, "another type")
        raise ImportFailed(f"{where}: {column.name} must be {wanted}, not {value!r}; nothing was imported")
    return value


def _row(spec, raw, where: str) -> dict:
    """One file row -> {column: python value}, defaults for missing columns, unknown ones refused."""
    if not isinstance(raw, dict):
        raise ImportFailed(f"{where}: a row must be an object of columns; nothing was imported")
    names = {c.name for c in spec.columns}
    unknown = sorted(set(raw) - names)
    if unknown:
        raise ImportFailed(f"{where}: unknown column {unknown[0]!r} in table {spec.name}; "
                           "was it written by a newer mentornet? Nothing was imported")
    defaults = rows.defaults(spec.name)
    row = {}
    for column in spec.columns:
        if column.name in raw:
            row[column.name] = _convert(column, raw[column.name], where)
        elif column.name in defaults:
            row[column.name] = defaults[column.name]
        elif column.nullable:
            row[column.name] = None
        elif not (column.primary_key and spec.surrogate):
            raise ImportFailed(f"{where}: {column.name} is missing; nothing was imported")
        if row.get(column.name) is None and not column.nullable and not (column.primary_key and spec.surrogate):
            raise ImportFailed(f"{where}: {column.name} can't be null; nothing was imported")
    for name, value in row.items():
        wrong = problem(spec.name, name, value)
        if wrong:
            raise ImportFailed(f"{where}: {wrong}; nothing was imported")
    if spec.surrogate and row.get(spec.key[0]) is None:
        raise ImportFailed(f"{where}: {spec.key[0]} is missing; nothing was imported")
    return row


# --- importing ---

def _stage_rank(stage) -> int:
    from mentornet.vocabulary import Stage

    stages = [str(s) for s in Stage]
    return stages.index(stage) if stage in stages else -1


def _key(spec, row: dict):
    """A row's primary key as references hold it: the value, or a tuple for a composite key."""
    return row[spec.key[0]] if len(spec.key) == 1 else tuple(row[k] for k in spec.key)


def import_data(conn, data: dict, *, source: str, progress: Progress | None = None) -> Summary:
    """Restore or merge the file's tables into the database, inside the connection's transaction."""
    from mentornet.io.tables import schema

    known = {spec.name for spec in schema()}
    unknown = sorted(set(data["tables"]) - known)
    if unknown:
        raise ImportFailed(f"{source}: unknown table {unknown[0]!r}; was it written by a newer mentornet? "
                           "Nothing was imported")
    restoring = conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
    had_rows = {spec.name: conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{spec.name}")').fetchone()[0]
                for spec in schema()}
    importer = _Importer(conn, source, restoring, had_rows, progress, set(data["tables"]))
    for spec in schema():
        importer.table(spec, data["tables"].get(spec.name, []))
    importer.advance_stages()
    return importer.summary


class _Batch:
    """Rows of one table, with their keys, inserted together (one executemany) inside a savepoint;
    if that fails, they go in one by one, so the error names the row."""

    SIZE = 2000

    def __init__(self, conn, spec, insert_one) -> None:
        self.conn, self.spec, self.insert_one = conn, spec, insert_one
        self.pending: list[tuple[dict, str]] = []

    def add(self, row: dict, where: str) -> None:
        self.pending.append((row, where))
        if len(self.pending) >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        from mentornet.errors import StoreError
        from mentornet.io.tables import stored

        if not self.pending:
            return
        names = tuple(stored(self.spec, self.pending[0][0]))
        values = []
        for row, _ in self.pending:
            converted = stored(self.spec, row)
            if tuple(converted) != names:  # rows of another shape: one by one
                values = None
                break
            values.append([rows.sql_value(v) for v in converted.values()])
        if values is not None:
            self.conn.execute("SAVEPOINT import_batch")
            try:
                self.conn.executemany(rows.insert_sql(self.spec.name, names), values)
            except (sqlite3.IntegrityError, OverflowError, StoreError):
                self.conn.execute("ROLLBACK TO SAVEPOINT import_batch")
                self.conn.execute("RELEASE SAVEPOINT import_batch")
            else:
                self.conn.execute("RELEASE SAVEPOINT import_batch")
                self.pending.clear()
                return
        for row, where in self.pending:
            self.insert_one(self.spec, row, where, keep_id=True)
        self.pending.clear()


class _Importer:
    def __init__(self, conn, source, restoring, had_rows, progress, carried):
        self.conn, self.source, self.restoring, self.had_rows, self.progress = conn, source, restoring, had_rows, progress
        self.carried = carried  # the tables the file has
        self.ids: dict[str, dict] = defaultdict(dict)  # table -> file key -> database key
        self.summary = Summary(format="json")
        self.stage_moves: list[tuple[int, str, str]] = []  # (contact id, name, the file's stage further along)

    def advance_stages(self) -> None:
        """A merged contact takes the file's later stage when the history, merged, ends with that move."""
        from mentornet.io.tables import table, update

        for contact_id, name, stage in self.stage_moves:
            latest = self.conn.execute(
                "SELECT to_stage FROM stage_change WHERE contact_id = ? ORDER BY on_date DESC, id DESC LIMIT 1",
                (contact_id,)).fetchone()
            if latest is None or latest[0] != stage:
                continue
            update(self.conn, table("contact"), {"id": contact_id}, {"stage": stage})
            self.summary.skipped = [item for item in self.summary.skipped if item[0] != name]
            for item in self.summary.updated:
                if item[0] == name:
                    item[1].append("stage")
                    break
            else:
                self.summary.updated.append((name, ["stage"]))

    def where(self, spec, index: int, raw) -> str:
        ident = raw.get("id") if isinstance(raw, dict) else None
        return f"{self.source}: tables.{spec.name}[{index}]" + (f" (id {ident})" if ident is not None else "")

    def translate(self, spec, row: dict, where: str, *, skip_self: bool) -> dict:
        """References to other rows of the file -> the ids those rows have in the database."""
        out = dict(row)
        for column in spec.columns:
            value = row.get(column.name)
            if column.references is None or value is None:
                continue
            if column.references == spec.name and skip_self:
                out[column.name] = None  # set once the whole table is in: it may point further down
                continue
            mapped = self.ids.get(column.references, {}).get(value)
            if mapped is None and column.references not in self.carried and self._exists(column.references, value):
                mapped = value  # a table the file doesn't carry: the row must already be in the database
            if mapped is None:
                raise ImportFailed(f"{where}: {column.name} {value!r} is not a row of {column.references} in the file; "
                                   "nothing was imported")
            out[column.name] = mapped
        return out

    def _exists(self, table_name: str, value) -> bool:
        from mentornet.io.tables import quoted, table

        key = table(table_name).key
        if len(key) != 1:
            return False
        try:
            found = self.conn.execute(f"SELECT 1 FROM {quoted(table_name)} WHERE {quoted(key[0])} = ?", (value,))
            return found.fetchone() is not None
        except OverflowError:  # a number SQLite can't hold is no row's key
            return False

    def insert(self, spec, row: dict, where: str, *, keep_id: bool) -> object:
        from mentornet.io.tables import insert

        values = dict(row)
        if spec.surrogate and not keep_id:
            values.pop(spec.key[0])
        try:
            rowid = insert(self.conn, spec, values)
        except (sqlite3.IntegrityError, OverflowError) as exc:
            raise ImportFailed(f"{where}: can't be stored ({exc}); nothing was imported") from None
        return rowid if spec.surrogate else _key(spec, row)

    def table(self, spec, raws: list) -> None:
        if spec.name == "contact":
            return self.contacts(spec, raws)
        from mentornet.io.tables import read_rows

        keep_ids = not self.had_rows[spec.name]
        existing: dict = {}
        if self.had_rows[spec.name]:
            for row in read_rows(self.conn, spec):
                existing[self.identity(spec, row)] = row
        # A table that was empty takes the file's rows with their keys: they go in together (on
        # PostgreSQL one round trip a row was most of moving a network), a failure found row by row
        batch = _Batch(self.conn, spec, self.insert) if keep_ids else None
        added = 0
        positions = None
        for index, raw in enumerate(raws):
            if self.progress:
                self.progress(1)
            where = self.where(spec, index, raw)
            parsed = _row(spec, raw, where)
            file_key = _key(spec, parsed)
            row = self.translate(spec, parsed, where, skip_self=False)
            found = existing.get(self.identity(spec, row))
            if found is not None:
                self.ids[spec.name][file_key] = _key(spec, found)
                if not spec.surrogate:
                    self.fill(spec, found, row)
                continue
            if spec.name == "role" and not self.restoring:
                if positions is None:
                    positions = self.conn.execute("SELECT coalesce(max(position), -1) FROM role").fetchone()[0]
                positions += 1
                row["position"] = positions  # a role new to this database comes after its own
            if batch is not None and (not spec.surrogate or row.get(spec.key[0]) is not None):
                batch.add(row, where)
                new_key = _key(spec, row)
            else:
                if batch is not None:
                    batch.flush()  # a row without its id takes the next one after those before it
                new_key = self.insert(spec, row, where, keep_id=keep_ids)
            self.ids[spec.name][file_key] = new_key
            added += 1
        if batch is not None:
            batch.flush()
        if added:
            self.summary.records[spec.name] = added

    def identity(self, spec, row: dict):
        """How a row is recognised: its natural key, or for `id` rows everything else it says."""
        if not spec.surrogate:
            return tuple(row[k] for k in spec.key)
        return tuple((c.name, row.get(c.name)) for c in spec.columns if c.name not in _NOT_COMPARED)

    def fill(self, spec, found: dict, row: dict) -> None:
        """A natural-key row already there: restoring replaces its values; merging fills empty ones."""
        from mentornet.io.tables import update

        if self.restoring:
            changes = {k: v for k, v in row.items() if k not in spec.key and found.get(k) != v}
        else:
            changes = {k: v for k, v in row.items() if k not in spec.key and found.get(k) is None and v is not None}
        update(self.conn, spec, {k: found[k] for k in spec.key}, changes)

    def contacts(self, spec, raws: list) -> None:
        """Contacts: matched by email then name (never duplicated); matched ones get empty columns filled."""
        from mentornet.io.tables import read_rows, update

        index = ContactIndex()
        by_id = {}
        for row in read_rows(self.conn, spec):
            by_id[row["id"]] = entry = Entry(row, set(), set(), id=row["id"])
            index.add(entry)
        keep_ids = not self.had_rows[spec.name]
        referrals = []  # (database id, the file's id of the referrer, where): set once every contact is in
        for position, raw in enumerate(raws):
            if self.progress:
                self.progress(1)
            where = self.where(spec, position, raw)
            if isinstance(raw, dict) and "name_key" not in raw:
                raw = {**raw, "name_key": ""}  # derived from the name below; a hand-made file may leave it out
            row = self.translate(spec, _row(spec, raw, where), where, skip_self=True)
            row["name_key"] = search_key(row["name"])  # derived: recomputed, so a hand-edited name still matches
            file_id = raw["id"]
            entry, possible = by_id.get(file_id), []
            if entry is None or (entry.values["created_at"], entry.values["name_key"]) != (row["created_at"], row["name_key"]):
                # not this database's own record coming back from a backup: match it as a person
                entry, possible = index.match(row["name"], row.get("email"), row.get("profile_url"))
            if entry is None and possible:
                ids = ", ".join(str(p.id) for p in possible)
                raise ImportFailed(f"{where}: {row['name']!r} matches several contacts (ids {ids}); give them "
                                   "different emails or names first; nothing was imported")
            if entry is None:
                new_id = self.insert(spec, row, where, keep_id=keep_ids)
                self.ids[spec.name][file_id] = new_id
                self.summary.added.append(row["name"])
                if raw.get("referred_by_id") is not None:
                    referrals.append((new_id, raw["referred_by_id"], where))
                continue
            self.ids[spec.name][file_id] = entry.id
            if _stage_rank(row.get("stage")) > _stage_rank(entry.values.get("stage")):
                self.stage_moves.append((entry.id, entry.values["name"], row["stage"]))
            filled = {key: row[key] for key in row
                      if key not in ("id", "name", "name_key", "created_at", "referred_by_id")
                      and entry.values.get(key) is None and row[key] is not None}
            update(self.conn, spec, {"id": entry.id}, filled)
            entry.values.update(filled)
            if raw.get("referred_by_id") is not None and entry.values.get("referred_by_id") is None:
                referrals.append((entry.id, raw["referred_by_id"], where))
                filled["referred_by_id"] = True
            if filled:
                self.summary.updated.append((row["name"], [k for k in FILLABLE if k in filled]
                                             + [k for k in filled if k not in FILLABLE]))
            else:
                self.summary.skipped.append((row["name"], "already up to date"))
        for contact_id, referrer, where in referrals:
            mapped = self.ids[spec.name].get(referrer)
            if mapped is None:
                raise ImportFailed(f"{where}: referred_by_id {referrer!r} is not a contact in the file; "
                                   "nothing was imported")
            if mapped != contact_id:
                update(self.conn, spec, {"id": contact_id}, {"referred_by_id": mapped})
