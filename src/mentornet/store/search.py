"""The full-text index behind `search` (SQLite FTS5), on the lean path: no SQLAlchemy here.

One document per searchable record: a contact (name; title, institution, specialty, city, where
you met, tags, notes), a meeting (agenda, notes), a touch (note), an outreach attempt (ask,
reply note) or a question kept for the next meeting (its text). Its rowid is the record's id *
STRIDE + the code of its kind, so a record finds its
document without a scan. The tokenizer folds case and accents (`zoe` finds `Zoë`).

The index is a queued cache (`store/caches.py`), declared at the end of this module: its
triggers note which records changed, in `search_pending`, and `catch_up` re-indexes them from
top-level SQL before every unit of work commits (so the index is in step whenever a mentornet
write ends); `search` runs it first, for writes made outside mentornet.

Why shards: notes are sensitive, and FTS5 keeps a replaced or deleted document's words in its
segments until they merge, so `catch_up` merges ('optimize') whatever lost documents, and
`secure_delete` zeroes the pages that frees. 'optimize' rewrites a whole table: with one table,
on a large network that is most of a one-field edit's time. The index is therefore split by
contact into SHARDS tables, `search_index_00` ..., a document going to shard contact id % SHARDS;
only the shards that lost documents are merged. A contact and all of their records share a
shard, so removing one merges one shard. `matches` asks every shard.
"""

import sqlite3
from pathlib import Path

from mentornet.store.caches import Cache, Source, queued

PENDING = "search_pending"  # the records to re-index: kind and id
SHARDS = 16
TABLES = [f"search_index_{shard:02d}" for shard in range(SHARDS)]
KINDS = {"contact": 0, "meeting": 1, "touch": 2, "outreach": 3, "question": 4}  # rowid = id * STRIDE + code
STRIDE = 5


def _shard(contact_id: str) -> str:
    """The shard of a contact id, as SQL: never negative, even for an id a user's own SQL made negative."""
    return f"(({contact_id}) % {SHARDS} + {SHARDS}) % {SHARDS}"


def _joined(*parts: str) -> str:
    """The non-null parts joined by ' · ' (SQLite before 3.44 has no concat_ws)."""
    return "substr(" + " || ".join(f"coalesce(' · ' || {part}, '')" for part in parts) + ", 4)"


_TAGS = "(SELECT group_concat(tag, ', ') FROM contact_tag WHERE contact_id = x.id)"
# kind: (table, contact id, date, name, body); x is the record
DOCUMENTS = {
    "contact": ("contact", "x.id", "NULL", "x.name",
                _joined("x.title", "x.institution", "x.specialty", "x.city", "x.met_at", _TAGS, "x.notes")),
    "meeting": ("meeting", "x.contact_id", "x.on_date", "NULL", _joined("x.agenda", "x.notes")),
    "touch": ("touch", "x.contact_id", "x.on_date", "NULL", _joined("x.note")),
    "outreach": ("outreach", "x.contact_id", "x.on_date", "NULL", _joined("x.ask", "x.note")),
    "question": ("question", "x.contact_id", "x.asked_on", "NULL", _joined("x.text")),
}


def _noted(kind: str) -> str:
    return f"x.id IN (SELECT id FROM {PENDING} WHERE kind = '{kind}')"


def _index(kind: str, shard: int) -> str:
    table, contact, on_date, name, body = DOCUMENTS[kind]
    return f"""INSERT INTO {TABLES[shard]} (rowid, kind, contact_id, on_date, name, body)
        SELECT * FROM (SELECT x.id * {STRIDE} + {KINDS[kind]}, '{kind}', {contact}, {on_date}, {name} AS name,
                              {body} AS body
                       FROM {table} x WHERE {_noted(kind)} AND {_shard(contact)} = {shard})
        WHERE body != '' OR name IS NOT NULL"""


_CODE = "CASE kind " + " ".join(f"WHEN '{kind}' THEN {code}" for kind, code in KINDS.items()) + " END"
# one per shard: a noted record may have left any shard (its contact changed) or be gone
_FORGET = [f"DELETE FROM {table} WHERE rowid IN (SELECT id * {STRIDE} + {_CODE} FROM {PENDING})" for table in TABLES]
_HOLDS = {table: f"SELECT EXISTS (SELECT 1 FROM {table})" for table in TABLES}
# which (kind, shard) the noted records that still exist go to, so only those inserts run
_DESTINATIONS = " UNION ".join(f"SELECT '{kind}', {_shard(contact)} FROM {table} x WHERE {_noted(kind)}"
                               for kind, (table, contact, *_) in DOCUMENTS.items())
_INDEX = {(kind, shard): _index(kind, shard) for kind in KINDS for shard in range(SHARDS)}
_DONE = f"DELETE FROM {PENDING}"
# Every record, noted as changed: what a rebuild runs, then indexes.
_QUEUE_EVERYTHING = f"INSERT OR IGNORE INTO {PENDING} (kind, id) " + " UNION ALL ".join(
    f"SELECT '{kind}', id FROM {table}" for kind, (table, *_) in DOCUMENTS.items()
)


def catch_up(conn: sqlite3.Connection) -> int:
    """Re-index the records the triggers noted; returns how many. Runs inside the caller's transaction."""
    noted = conn.execute(f"SELECT count(*) FROM {PENDING}").fetchone()[0]
    if not noted:
        return 0
    # a shard with no documents has nothing to forget: its DELETE would look each noted record up
    # in it all the same (on a new file, 20,000 imported contacts looked up 16 times over)
    emptied = [table for table, statement in zip(TABLES, _FORGET, strict=False)
               if conn.execute(_HOLDS[table]).fetchone()[0] and conn.execute(statement).rowcount]
    _index_noted(conn)
    _merge(conn, emptied)
    return noted


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every record again, from scratch."""
    emptied = [table for table in TABLES if conn.execute(f"DELETE FROM {table}").rowcount]
    conn.execute(_QUEUE_EVERYTHING)
    _index_noted(conn)  # every shard is empty: nothing to forget
    _merge(conn, emptied)


def _index_noted(conn: sqlite3.Connection) -> None:
    for kind, shard in conn.execute(_DESTINATIONS).fetchall():
        conn.execute(_INDEX[kind, shard])
    conn.execute(_DONE)


def _merge(conn: sqlite3.Connection, tables: list[str]) -> None:
    """FTS5 keeps a changed or deleted record's words in its index until segments merge; notes are
    sensitive, so merge the shards that lost documents now and let secure_delete zero the freed pages."""
    for table in tables:
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def catch_up_now(conn: sqlite3.Connection) -> None:
    """On a read connection (autocommit): index what was written outside mentornet, in a short write
    transaction, only when there is something to do. A file we may not write is searched as it is."""
    if not conn.execute(f"SELECT EXISTS (SELECT 1 FROM {PENDING})").fetchone()[0]:
        return
    from mentornet.store import holder

    path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    try:
        conn.execute("BEGIN IMMEDIATE")
        holder.claim(path)  # waiters can see that a mentornet command holds the lock
        try:
            catch_up(conn)
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            holder.release(path)
    except sqlite3.OperationalError:  # read-only, or busy past the timeout: search the index as it is
        pass


# Each shard's best `limit` matches, with their snippet and score: the union to rank is at most
# SHARDS * limit rows, and SQLite makes no snippet for a match that falls out of a shard's LIMIT
# (without the per-shard LIMIT, `search grant` on 10,000 contacts took ~1 s instead of ~0.35 s).
# bm25 weights, one per column: a match in a contact's name counts five times one in a note. But
# bm25 scores a match against its shard's statistics (how many documents, how long, how many with
# the word), which on a small network differ enough from shard to shard to put a note above a
# name in another shard; `named` (a match in the name column, which only contacts fill) keeps
# name matches first regardless.
_MATCHES = " UNION ALL ".join(
    f"""SELECT * FROM (
        SELECT rowid AS doc, kind, contact_id, on_date, snippet({table}, -1, :start, :end, '…', 12) AS snippet,
               bm25({table}, 0.0, 0.0, 0.0, 1.0, 0.0) < 0 AS named,
               bm25({table}, 0.0, 0.0, 0.0, 5.0, 1.0) AS score
        FROM {table} WHERE {table} MATCH :expression ORDER BY named DESC, score, on_date DESC, doc LIMIT :limit)"""
    for table in TABLES
)


VOCABULARY = [f"search_vocabulary_{shard:02d}" for shard in range(SHARDS)]  # in the temp schema


def vocabulary(conn: sqlite3.Connection) -> list[str]:
    """Every indexed word, folded as the tokenizer stores them: what lets `statistics` find
    `biostatistics` (services/search.py picks the words containing a typed one). One pass over
    each shard's fts5vocab table, which lives in the connection's temp schema, so a read-only
    file needs no write. The pass reads each word's document list to count it (fts5vocab has no
    cheaper mode): on the 10,000-contact benchmark, about 60% more than the search itself, which
is why services/search.py reads it only when the word and word-start matches fall short."""
    for table, name in zip(TABLES, VOCABULARY, strict=True):
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{name} USING fts5vocab(main, {table}, row)")
    return [term for (term,) in conn.execute(" UNION ".join(f"SELECT term FROM temp.{name}" for name in VOCABULARY))]


def matches(conn: sqlite3.Connection, expression: str, limit: int, *, mark: tuple[str, str] = ("**", "**")) -> list[dict]:
    """Records matching an FTS5 MATCH expression, best first: {doc, kind, contact_id, contact, on_date, snippet}."""
    start, end = mark
    rows = conn.execute(
        f"""SELECT s.doc, s.kind, s.contact_id, c.name AS contact, s.on_date, s.snippet, s.score
            FROM ({_MATCHES}) s JOIN contact c ON c.id = s.contact_id
            ORDER BY s.named DESC, s.score, s.on_date DESC, s.doc LIMIT :limit""",
        {"start": start, "end": end, "expression": expression, "limit": limit},
    )
    return [dict(row) for row in rows]


# What each document is made of (the columns whose change re-indexes it): keep in step with
# DOCUMENTS above; a test writes every column and compares the index with a rebuild.
CACHE = Cache(
    name="search",
    version=2,
    sources=(
        Source("contact", ("name", "title", "institution", "specialty", "city", "met_at", "notes"),
               "SELECT 'contact', {row}.id"),
        Source("contact_tag", ("contact_id", "tag"), "SELECT 'contact', {row}.contact_id"),
        Source("meeting", ("contact_id", "on_date", "agenda", "notes"), "SELECT 'meeting', {row}.id"),
        Source("touch", ("contact_id", "on_date", "note"), "SELECT 'touch', {row}.id"),
        Source("outreach", ("contact_id", "on_date", "ask", "note"), "SELECT 'outreach', {row}.id"),
        Source("question", ("contact_id", "asked_on", "text"), "SELECT 'question', {row}.id"),
    ),
    apply=queued(PENDING, "kind, id"),
    rebuild=rebuild,
    catch_up=catch_up,
    query="\n".join(_INDEX.values()),
)
