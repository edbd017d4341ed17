"""The full-text index behind `search` (SQLite FTS5), on the lean path: no SQLAlchemy here.

One row of `search_index` per searchable record: a contact (name; title, institution, specialty,
city, where you met, tags, notes), a meeting (agenda, notes), a touch (note) or an outreach
attempt (ask, reply note). Its rowid is the record's id * 4 + the code of its kind, so a record
finds its row without a scan. The tokenizer folds case and accents (`zoe` finds `Zoë`).

Why a queue: with `trusted_schema=OFF` (reliability.md) SQLite refuses to let a trigger write an
FTS5 table ("unsafe use of virtual table"), so the triggers of `schema.SEARCH_TRIGGERS` only note
which records changed, in `search_pending`. They fire on every write, whoever makes it: commands,
imports, the cascade of a contact's removal, a user's own SQL. `catch_up` re-indexes the noted
records from top-level SQL: every unit of work runs it before it commits (so the index is in step
whenever a mentornet write ends), and `search` runs it first, for writes made outside mentornet.
"""

import sqlite3

TABLE = "search_index"
PENDING = "search_pending"
KINDS = {"contact": 0, "meeting": 1, "touch": 2, "outreach": 3}  # rowid = id * STRIDE + code
STRIDE = 4

TABLE_DDL = (f"CREATE VIRTUAL TABLE {TABLE} USING fts5(kind UNINDEXED, contact_id UNINDEXED, on_date UNINDEXED, "
             "name, body, tokenize = 'unicode61 remove_diacritics 2')")
# the records to re-index: kind and id
PENDING_DDL = f"CREATE TABLE {PENDING} (kind VARCHAR NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID"
# bm25 weights, one per column: a match in a contact's name counts five times one in a note
RANK = f"bm25({TABLE}, 0.0, 0.0, 0.0, 5.0, 1.0)"


def _joined(*parts: str) -> str:
    """The non-null parts joined by ' · ' (SQLite before 3.44 has no concat_ws)."""
    return "substr(" + " || ".join(f"coalesce(' · ' || {part}, '')" for part in parts) + ", 4)"


_TAGS = "(SELECT group_concat(tag, ', ') FROM contact_tag WHERE contact_id = x.id)"
# kind: (table, contact id, date, name, body); x is the record
_DOCUMENTS = {
    "contact": ("contact", "x.id", "NULL", "x.name",
                _joined("x.title", "x.institution", "x.specialty", "x.city", "x.met_at", _TAGS, "x.notes")),
    "meeting": ("meeting", "x.contact_id", "x.on_date", "NULL", _joined("x.agenda", "x.notes")),
    "touch": ("touch", "x.contact_id", "x.on_date", "NULL", _joined("x.note")),
    "outreach": ("outreach", "x.contact_id", "x.on_date", "NULL", _joined("x.ask", "x.note")),
}


def _index(kind: str) -> str:
    table, contact, on_date, name, body = _DOCUMENTS[kind]
    return f"""INSERT INTO {TABLE} (rowid, kind, contact_id, on_date, name, body)
        SELECT * FROM (SELECT x.id * {STRIDE} + {KINDS[kind]}, '{kind}', {contact}, {on_date}, {name} AS name,
                              {body} AS body
                       FROM {table} x WHERE x.id IN (SELECT id FROM {PENDING} WHERE kind = '{kind}'))
        WHERE body != '' OR name IS NOT NULL"""


_CODE = "CASE kind " + " ".join(f"WHEN '{kind}' THEN {code}" for kind, code in KINDS.items()) + " END"
_FORGET = f"DELETE FROM {TABLE} WHERE rowid IN (SELECT id * {STRIDE} + {_CODE} FROM {PENDING})"
_INDEX = [_index(kind) for kind in KINDS]
_DONE = f"DELETE FROM {PENDING}"
# Every record, noted as changed: what an upgrade runs, then catch_up, to build the index.
QUEUE_EVERYTHING = f"INSERT OR IGNORE INTO {PENDING} (kind, id) " + " UNION ALL ".join(
    f"SELECT '{kind}', id FROM {table}" for kind, (table, *_) in _DOCUMENTS.items()
)


def catch_up(conn: sqlite3.Connection) -> int:
    """Re-index the records the triggers noted; returns how many. Runs inside the caller's transaction."""
    if conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {PENDING})").fetchone()[0]:
        return 0
    noted = conn.execute(f"SELECT count(*) FROM {PENDING}").fetchone()[0]
    replaced = conn.execute(_FORGET).rowcount
    for statement in _INDEX:
        conn.execute(statement)
    conn.execute(_DONE)
    if replaced:
        # FTS5 keeps a changed or deleted record's words in its index until segments merge;
        # notes are sensitive, so merge now and let secure_delete zero the freed pages.
        conn.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
    return noted


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every record again, from scratch."""
    conn.execute(f"DELETE FROM {TABLE}")
    conn.execute(QUEUE_EVERYTHING)
    catch_up(conn)


def catch_up_now(conn: sqlite3.Connection) -> None:
    """On a read connection (autocommit): index what was written outside mentornet, in a short write
    transaction, only when there is something to do. A file we may not write is searched as it is."""
    if not conn.execute(f"SELECT EXISTS (SELECT 1 FROM {PENDING})").fetchone()[0]:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        catch_up(conn)
        conn.execute("COMMIT")
    except sqlite3.OperationalError:  # read-only, or busy past the timeout: search the index as it is
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def matches(conn: sqlite3.Connection, expression: str, limit: int, *, mark: tuple[str, str] = ("**", "**")) -> list[dict]:
    """Records matching an FTS5 MATCH expression, best first: {kind, contact_id, contact, on_date, snippet}."""
    start, end = mark
    rows = conn.execute(
        f"""SELECT s.kind, s.contact_id, c.name AS contact, s.on_date,
                   snippet({TABLE}, -1, ?, ?, '…', 12) AS snippet, {RANK} AS score
            FROM {TABLE} s JOIN contact c ON c.id = s.contact_id
            WHERE {TABLE} MATCH ? ORDER BY score, s.on_date DESC, s.rowid LIMIT ?""",
        (start, end, expression, limit),
    )
    return [dict(row) for row in rows]
