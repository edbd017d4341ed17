"""The full-text index behind `search` (SQLite FTS5), on the lean path: no SQLAlchemy here.

One document per searchable record: a contact (name; title, institution, specialty, city, where
you met, tags, notes), a meeting (agenda, notes), a touch (note), an outreach attempt (ask,
reply note) or a question kept for the next meeting (its text). Its rowid is the code of its
kind * SPAN + the record's id, so a record finds its document without a scan, and each kind's
documents are one range of rowids, newest record last: `search` asks each range for its latest
matches, which FTS5 answers without looking at the others (services/search.py). The tokenizer
folds case and accents (`zoe` finds `Zoë`).

The index is a queued cache (`store/caches.py`), declared at the end of this module: its
triggers note which records changed, in `search_pending`, and `catch_up` re-indexes them from
top-level SQL before every unit of work commits (so the index is in step whenever a mentornet
write ends); `search` runs it first, for writes made outside mentornet.

Why shards: notes are sensitive, and FTS5 keeps a replaced or deleted document's words in its
segments until they merge, so `catch_up` merges ('optimize') whatever lost documents, and
`secure_delete` zeroes the pages that frees. 'optimize' rewrites a whole table: with one table,
on a large network that is most of a one-field edit's time. The index is therefore split by
contact into shards, `search_index_00` ..., a document going to shard contact id % the number of
shards; only the shards that lost documents are merged. A contact and all of their records share
a shard, so removing one merges one shard.

How many shards: a shard's merge costs its size (about 20 ms a megabyte: 0.4 s for a sixteenth of
the 100,000-contact benchmark), so the shards must not grow with the network; but every shard is
six tables in the schema, which every connection parses when it opens (16 shards: 0.5 ms; 128:
4 ms; 256: 9 ms), and a search asks each: at 256 shards `search grant` on 100,000 contacts took
twice as long as at 16 or 128 (one UNION ALL of 256 shards: 6.4 s of CPU; of 128: 2.5 s; of 64:
1.2 s). So a file starts with BASE_SHARDS (what `schema.create` makes) and doubles them whenever
its contacts outgrow SHARD_CONTACTS a shard, up to MAX_SHARDS: a one-time rebuild of the index
into the new layout (`reshard`), at 12,800 contacts, 25,600, 51,200, 102,400, never shrinking. At
100,000 contacts a shard holds about 2.5 MB of index, its merge about 50 ms of CPU. The layout is
the shard tables the file has (`shards`): nothing else records it.

Which shards a write touches: each record's triggers also note its contact, old and new, as an
`owner` key in the queue; a document lives in its contact's shard, so those shards (and the
shards of noted contacts) are the only ones that can hold a document to forget. A write looks at
its own shards, never at all of them.
"""

import sqlite3
from functools import cache
from pathlib import Path

from mentornet.store.caches import Cache, Source, queued

PENDING = "search_pending"  # the records to re-index: kind and id
BASE_SHARDS = 16  # what a new file has (store/schema.py's DERIVED_TABLES)
SHARD_CONTACTS = 800  # more contacts than this a shard, and the shards double
MAX_SHARDS = 128  # past this, a search costs more than twice as much (measured: see above)
OWNER = "owner"  # a queued key that only names a contact whose shard a changed record is in


def table(shard: int) -> str:
    return f"search_index_{shard:02d}"


TABLES = [table(shard) for shard in range(BASE_SHARDS)]  # a new file's shards
# The same definition as schema.py's DERIVED_TABLES, for the shards a growing network adds
_CREATE = ("CREATE VIRTUAL TABLE {table} USING fts5(kind UNINDEXED, contact_id UNINDEXED, "
           "on_date UNINDEXED, name, body, tokenize = 'unicode61 remove_diacritics 2')")
_SHARD_TABLES = ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 'search_index_[0-9]*' "
                 "AND sql LIKE 'CREATE VIRTUAL TABLE %'")


def shards(conn: sqlite3.Connection) -> list[str]:
    """The shard tables this file has: BASE_SHARDS, or a power of two times that."""
    return [table(shard) for shard in range(conn.execute(_SHARD_TABLES).fetchone()[0] or BASE_SHARDS)]


def wanted(contacts: int) -> int:
    """How many shards a network of this many contacts should have."""
    count = BASE_SHARDS
    while count < MAX_SHARDS and contacts > count * SHARD_CONTACTS:
        count *= 2
    return count
KINDS = {"contact": 0, "meeting": 1, "touch": 2, "outreach": 3, "question": 4}  # rowid = code * SPAN + id
SPAN = 1 << 48  # ids from -SPAN/2 to SPAN/2 keep their kind's range (mentornet's own ids start at 1)


def doc(code: int | str, record_id: str) -> str:
    """A document's rowid, as SQL."""
    return f"({code}) * {SPAN} + {record_id}"


def doc_range(kind: str) -> tuple[int, int]:
    """The rowids a kind's documents have, first and last."""
    return KINDS[kind] * SPAN - SPAN // 2, KINDS[kind] * SPAN + SPAN // 2 - 1


def _shard(contact_id: str, count: int = BASE_SHARDS) -> str:
    """The shard of a contact id, as SQL: never negative, even for an id a user's own SQL made negative."""
    return f"(({contact_id}) % {count} + {count}) % {count}"


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


@cache
def _index(kind: str, shard: int, count: int = BASE_SHARDS) -> str:
    source, contact, on_date, name, body = DOCUMENTS[kind]
    return f"""INSERT INTO {table(shard)} (rowid, kind, contact_id, on_date, name, body)
        SELECT * FROM (SELECT {doc(KINDS[kind], 'x.id')}, '{kind}', {contact}, {on_date}, {name} AS name,
                              {body} AS body
                       FROM {source} x WHERE {_noted(kind)} AND {_shard(contact, count)} = {shard})
        WHERE body != '' OR name IS NOT NULL"""


def code_of(kind: str) -> str:
    """The code of the kind named by the SQL expression `kind` (a column), as SQL."""
    return f"CASE {kind} " + " ".join(f"WHEN '{name}' THEN {code}" for name, code in KINDS.items()) + " END"


_CODE = code_of("kind")


@cache
def _forget(shard: int, count: int) -> str:
    """A shard's documents of the noted records (a noted record may have left its shard, or be gone).
    A contact's own document is always in its own shard: only the noted contacts of this shard
    are looked for in it (after an import of 10,000 contacts, 16 shards each looked for all 10,000
    documents, none of which exist yet)."""
    return f"""DELETE FROM {table(shard)} WHERE rowid IN (
        SELECT {doc(_CODE, 'id')} FROM {PENDING} WHERE kind NOT IN ('{OWNER}', 'contact')
        UNION ALL
        SELECT {doc(KINDS['contact'], 'id')} FROM {PENDING} WHERE kind = 'contact' AND {_shard('id', count)} = {shard})"""


# The shards that can hold a noted record's document: its contact's, old and new (noted as owners
# by the triggers), and a noted contact's own
_OWNERS = f"SELECT DISTINCT ((id % :count) + :count) % :count FROM {PENDING} WHERE kind IN ('{OWNER}', 'contact')"


@cache
def _destinations(count: int) -> str:
    """Which (kind, shard) the noted records that still exist go to, so only those inserts run."""
    return " UNION ".join(f"SELECT '{kind}', {_shard(contact, count)} FROM {source} x WHERE {_noted(kind)}"
                          for kind, (source, contact, *_) in DOCUMENTS.items())


_DONE = f"DELETE FROM {PENDING}"


def catch_up(conn: sqlite3.Connection) -> int:
    """Re-index the records the triggers noted; returns how many. Runs inside the caller's transaction."""
    noted = conn.execute(f"SELECT count(*) FROM {PENDING}").fetchone()[0]
    if not noted:
        return 0
    tables = shards(conn)
    if len(tables) < MAX_SHARDS and len(tables) < wanted(_contacts(conn, len(tables))):
        reshard(conn)
        return noted
    count = len(tables)
    emptied = [tables[shard] for (shard,) in conn.execute(_OWNERS, {"count": count}).fetchall()
               if conn.execute(_forget(shard, count)).rowcount]
    _index_noted(conn, count)
    _merge(conn, emptied)
    return noted


def _contacts(conn: sqlite3.Connection, shards: int) -> int:
    """How many contacts, read only when the largest id says the layout may be outgrown (a count
    reads the whole table; the largest id, one page)."""
    largest = conn.execute("SELECT max(id) FROM contact").fetchone()[0] or 0
    if largest <= shards * SHARD_CONTACTS:
        return largest
    return conn.execute("SELECT count(*) FROM contact").fetchone()[0]


def reshard(conn: sqlite3.Connection) -> None:
    """The shards the network's size calls for, made, and every record indexed again into them."""
    rebuild(conn)


@cache
def _fill(kind: str, shard: int, count: int) -> str:
    """Index every record of a kind whose contact is in a shard, found through the contact's index
    (a rebuild that picked each shard's records out of every record read them all once a shard)."""
    source, contact, on_date, name, body = DOCUMENTS[kind]
    return f"""INSERT INTO {table(shard)} (rowid, kind, contact_id, on_date, name, body)
        SELECT * FROM (SELECT {doc(KINDS[kind], 'x.id')}, '{kind}', {contact}, {on_date}, {name} AS name,
                              {body} AS body
                       FROM {source} x WHERE {contact} IN (SELECT id FROM contact WHERE {_shard('id', count)} = {shard}))
        WHERE body != '' OR name IS NOT NULL"""


_CONTACTS = "temp.search_contacts"  # a rebuild's contact documents, by shard


def _fill_contacts(conn: sqlite3.Connection, count: int) -> None:
    """Index every contact: the documents made in one pass over the contacts, kept by shard in a
    temporary table, then each shard's copied in as one range of it. (A fill per shard that picked
    its contacts out of the table read every contact once a shard: after an import of 20,000
    contacts into a new file, 32 passes, about a third of the rebuild.) The temporary table holds
    the contacts' documents only, whose size the contacts bound, not the records'."""
    _, contact, on_date, name, body = DOCUMENTS["contact"]
    conn.execute(f"DROP TABLE IF EXISTS {_CONTACTS}")
    conn.execute(f"""CREATE TABLE {_CONTACTS} (shard INTEGER NOT NULL, document INTEGER NOT NULL, contact_id INTEGER,
                     on_date, name, body, PRIMARY KEY (shard, document)) WITHOUT ROWID""")
    try:
        conn.execute(f"""INSERT INTO {_CONTACTS}
            SELECT * FROM (SELECT {_shard('x.id', count)}, {doc(KINDS['contact'], 'x.id')}, {contact}, {on_date},
                                  {name} AS name, {body} AS body
                           FROM contact x)
            WHERE body != '' OR name IS NOT NULL""")
        for shard in range(count):
            conn.execute(f"""INSERT INTO {table(shard)} (rowid, kind, contact_id, on_date, name, body)
                SELECT document, 'contact', contact_id, on_date, name, body FROM {_CONTACTS} WHERE shard = {shard}""")
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_CONTACTS}")


# Records whose contact is not in the file (only a user's own SQL with foreign keys off makes one):
# the rebuild queues them, to be indexed as a catch-up would
_QUEUE_ORPHANS = f"INSERT OR IGNORE INTO {PENDING} (kind, id) " + " UNION ALL ".join(
    f"SELECT '{kind}', id FROM {source} x WHERE {contact} NOT IN (SELECT id FROM contact)"
    for kind, (source, contact, *_) in DOCUMENTS.items() if kind != "contact"
)


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every record again, from scratch, into as many shards as the network calls for. The
    shards are dropped and made again, not emptied: FTS5 deletes a document by reading its words
    back (ten times slower), and secure_delete zeroes the dropped pages, so no word stays."""
    tables = shards(conn)
    count = max(len(tables), wanted(conn.execute("SELECT count(*) FROM contact").fetchone()[0]))
    for name in tables:
        conn.execute(f"DROP TABLE {name}")
    for shard in range(count):
        conn.execute(_CREATE.format(table=table(shard)))
    conn.execute(_DONE)
    # a kind with no records is skipped: its fill still reads the shard's contacts, once a shard
    # (128 empty fills cost 140 ms after an import of 20,000 contacts into a new file)
    kinds = [kind for kind, (source, *_) in DOCUMENTS.items()
             if kind != "contact" and conn.execute(f"SELECT EXISTS (SELECT 1 FROM {source})").fetchone()[0]]
    _fill_contacts(conn, count)
    for shard in range(count):
        for kind in kinds:
            conn.execute(_fill(kind, shard, count))
    conn.execute(_QUEUE_ORPHANS)
    _index_noted(conn, count)
    # filled in one go, a shard is left in several segments, which every search then merges as it
    # reads (on 100,000 contacts, `search grant` took 5.9 s of CPU instead of 2.4): one each
    _merge(conn, [table(shard) for shard in range(count)])


def _index_noted(conn: sqlite3.Connection, count: int) -> None:
    for kind, shard in conn.execute(_destinations(count)).fetchall():
        conn.execute(_index(kind, shard, count))
    conn.execute(_DONE)


def _merge(conn: sqlite3.Connection, tables: list[str]) -> None:
    """FTS5 keeps a changed or deleted record's words in its index until segments merge; notes are
    sensitive, so merge the shards that lost documents now and let secure_delete zero the freed pages."""
    for name in tables:
        conn.execute(f"INSERT INTO {name} ({name}) VALUES ('optimize')")


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




def vocabulary(conn: sqlite3.Connection) -> list[str]:
    """Every indexed word, folded as the tokenizer stores them: what lets `statistics` find
    `biostatistics` (services/search.py picks the words containing a typed one). One pass over
    each shard's fts5vocab table, which lives in the connection's temp schema, so a read-only
    file needs no write. The pass reads each word's document list to count it (fts5vocab has no
    cheaper mode): on the 10,000-contact benchmark, about 60% more than the search itself, which
is why services/search.py reads it only when the word and word-start matches fall short."""
    names = []
    for shard in shards(conn):
        name = shard.replace("search_index_", "search_vocabulary_")  # in the temp schema
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{name} USING fts5vocab(main, {shard}, row)")
        names.append(name)
    terms: set[str] = set()
    for start in range(0, len(names), 256):  # a compound SELECT takes at most 500 terms
        terms.update(term for (term,) in conn.execute(" UNION ".join(f"SELECT term FROM temp.{name}"
                                                                     for name in names[start:start + 256])))
    return sorted(terms)


# What each document is made of (the columns whose change re-indexes it): keep in step with
# DOCUMENTS above; a test writes every column and compares the index with a rebuild. A record's
# contact, before and after, is noted as an owner: the shards a catch-up looks in.
_OWNED = "SELECT '{kind}', {{row}}.id UNION SELECT '" + OWNER + "', {{row}}.contact_id"
CACHE = Cache(
    name="search",
    version=4,
    sources=(
        Source("contact", ("name", "title", "institution", "specialty", "city", "met_at", "notes"),
               "SELECT 'contact', {row}.id"),
        Source("contact_tag", ("contact_id", "tag"), "SELECT 'contact', {row}.contact_id"),
        Source("meeting", ("contact_id", "on_date", "agenda", "notes"), _OWNED.format(kind="meeting")),
        Source("touch", ("contact_id", "on_date", "note"), _OWNED.format(kind="touch")),
        Source("outreach", ("contact_id", "on_date", "ask", "note"), _OWNED.format(kind="outreach")),
        Source("question", ("contact_id", "asked_on", "text"), _OWNED.format(kind="question")),
    ),
    apply=queued(PENDING, "kind, id"),
    rebuild=rebuild,
    catch_up=catch_up,
    query="\n".join([_SHARD_TABLES, _OWNERS, *(_index(kind, shard) for kind in KINDS for shard in range(BASE_SHARDS))]),
)
