"""The full-text index behind `search` on PostgreSQL: a tsvector per document, as FTS5 on SQLite.

The documents are store/search.py's (one per contact, meeting, touch, outreach attempt and
question, built by the same SQL from the same columns), and so are the cache's sources: the
triggers note changed records in `search_pending`, and `catch_up` re-indexes them before the
unit of work commits. Words are folded as on SQLite (case, and accents through `unaccent`, in
the text search configuration `mentornet`), a name weighs A and the rest B, and a GIN index
answers a query.

The order is SQLite's (services/search.py): contacts whose name matches, then contacts found by
their other fields, newest first, then records by date, newest first. PostgreSQL sorts every
match by date, where SQLite picks each kind's latest recorded: they differ only for a record
logged long after its date, among more than a page of matches. What differs on purpose: a
deleted note's words stay in dead rows until the server's vacuum reclaims them (PostgreSQL has
no secure delete: its administrator's backups and WAL hold them too, which is the server's to
keep private).
"""

import sqlite3

from mentornet.store import search as sqlite_index
from mentornet.store.caches import Cache, queued

PENDING = sqlite_index.PENDING
TABLE = "search_document"
CONFIGURATION = "mentornet"
KINDS = sqlite_index.KINDS

# Made on first use (the cache's rebuild), so a database made before search existed gets them too
_TABLES = [
    f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
                     WHERE c.cfgname = '{CONFIGURATION}' AND n.nspname = current_schema()) THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIGURATION} (COPY = pg_catalog.simple);
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION {CONFIGURATION} ALTER MAPPING FOR asciiword, asciihword,
                        hword_asciipart, word, hword, hword_part WITH %I.unaccent, simple',
                       (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                        WHERE e.extname = 'unaccent'));
      END IF; END $$""",
    f"""CREATE TABLE IF NOT EXISTS {PENDING} (kind TEXT COLLATE "C" NOT NULL, id BIGINT NOT NULL,
        PRIMARY KEY (kind, id))""",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (doc BIGINT PRIMARY KEY, kind TEXT COLLATE "C" NOT NULL,
        contact_id BIGINT NOT NULL, on_date TEXT COLLATE "C", name TEXT COLLATE "C", body TEXT COLLATE "C",
        words tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_words ON {TABLE} USING gin (words)",
]


def _made(kind: str) -> str:
    """The documents of `kind` whose records are noted."""
    table, contact, on_date, name, body = sqlite_index.DOCUMENTS[kind]
    return f"""SELECT {sqlite_index.doc(KINDS[kind], 'x.id')} AS doc, '{kind}' AS kind, {contact} AS contact_id,
                       {on_date} AS on_date, {name} AS name, {body} AS body
                  FROM {PENDING} p JOIN {table} x ON x.id = p.id WHERE p.kind = '{kind}'"""


# Both driven by the pending keys (a few), whatever the planner's statistics say about how many
# there are: `x.id IN (SELECT ...)` let it hash every meeting of a large network for one change
_FORGET = f"DELETE FROM {TABLE} d USING {PENDING} p WHERE d.doc = {sqlite_index.doc(sqlite_index.code_of('p.kind'), 'p.id')}"
# every kind in one statement: one plan and one round trip instead of five
_INDEX = f"""INSERT INTO {TABLE} (doc, kind, contact_id, on_date, name, body, words)
        SELECT doc, kind, contact_id, on_date, name, body,
               setweight(to_tsvector('{CONFIGURATION}', coalesce(name, '')), 'A')
               || setweight(to_tsvector('{CONFIGURATION}', body), 'B')
          FROM ({" UNION ALL ".join(_made(kind) for kind in KINDS)}) AS made
         WHERE body != '' OR name IS NOT NULL"""
_QUEUE_EVERYTHING = f"INSERT INTO {PENDING} (kind, id) " + " UNION ALL ".join(
    f"SELECT '{kind}', id FROM {table}" for kind, (table, *_) in sqlite_index.DOCUMENTS.items()
) + " ON CONFLICT DO NOTHING"


def _ddl(conn: sqlite3.Connection) -> None:
    for statement in _TABLES:
        conn.ddl(statement)  # type: ignore[attr-defined]  # a PgConnection


def catch_up(conn: sqlite3.Connection) -> int:
    noted = conn.execute(f"SELECT count(*) FROM {PENDING}").fetchone()[0]
    if noted:
        conn.execute(_FORGET)
        conn.execute(_INDEX)
        conn.execute(f"DELETE FROM {PENDING}")
    return noted


def rebuild(conn: sqlite3.Connection) -> None:
    _ddl(conn)
    conn.execute(f"DELETE FROM {TABLE}")
    conn.execute(_QUEUE_EVERYTHING)
    catch_up(conn)


CACHE = Cache(
    name="search",
    version=2,
    sources=sqlite_index.CACHE.sources,
    apply=queued(PENDING, "kind, id"),
    rebuild=rebuild,
    catch_up=catch_up,
    query="\n".join([*_TABLES, _INDEX]),
)


def catch_up_now(conn: sqlite3.Connection) -> None:
    """On a read connection: index what was written outside mentornet (raw SQL; the triggers noted
    it), in a short transaction holding the write lock, only when there is something to do."""
    from mentornet.store.pg import PgOperationalError, ServerProblem

    if not conn.execute(f"SELECT EXISTS (SELECT 1 FROM {PENDING})").fetchone()[0]:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        catch_up(conn)
        conn.commit()
    except (ServerProblem, PgOperationalError):  # a role that may only read, or the lock held: search as it is
        conn.rollback()
    except BaseException:
        conn.rollback()
        raise


# --- Asking ---

def query_text(words: list[list[str]], inside: dict[int, list[str]] | None = None, *, weight: str = "") -> str:
    """A tsquery for typed words, each already folded and split into its tokens: every word must
    match, as the start of an indexed word (a word of several tokens, like `grant-writing`, as a
    phrase whose last token is a start), or as one of the indexed words `inside` lists for it.
    With `weight` A, any word in a name instead: what a contact's name must match to come first."""
    parts = []
    for number, tokens in enumerate(words):
        phrase = " <-> ".join([*(f"{token}:{weight}" if weight else token for token in tokens[:-1]),
                               f"{tokens[-1]}:*{weight}"])
        others = ["'" + term.replace("'", "''") + "'" + (f":{weight}" if weight else "")  # as lexemes, whatever they hold
                  for term in (inside or {}).get(number, [])]
        parts.append("(" + " | ".join([phrase, *others]) + ")" if others else phrase)
    return (" | " if weight else " & ").join(parts)


def matches(conn: sqlite3.Connection, query: str, in_name: str, limit: int, mark: tuple[str, str]) -> list[dict]:
    """The first `limit` documents to show for the tsquery text `query`, in services/search.py's
    order and shape: {doc, kind, contact_id, contact, on_date, snippet}. `in_name` is the tsquery
    a contact's name must match to come first."""
    start, end = mark
    # a short text whole, as it was typed; a longer one as the fragment around the best match
    whole = f"StartSel={start}, StopSel={end}, MaxWords=12, MinWords=6, ShortWord=0"
    fragment = f"{whole}, MaxFragments=1, FragmentDelimiter=…"
    order = f"s.named DESC, s.kind = 'contact' DESC, s.on_date DESC NULLS LAST, {sqlite_index.code_of('s.kind')}, s.doc DESC"
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        f"""SELECT s.doc, s.kind, s.contact_id, c.name, s.on_date,
                   ts_headline('{CONFIGURATION}', x.shown, q,
                               CASE WHEN array_length(regexp_split_to_array(btrim(x.shown), '\\s+'), 1) <= 12
                                    THEN ? ELSE ? END)
              FROM (SELECT s.* FROM (SELECT d.*, d.kind = 'contact' AND d.words @@ n AS named
                                       FROM {TABLE} d, to_tsquery('{CONFIGURATION}', ?) AS q,
                                            to_tsquery('{CONFIGURATION}', ?) AS n
                                      WHERE d.words @@ q) AS s
                     ORDER BY {order} LIMIT ?) AS s
              JOIN contact c ON c.id = s.contact_id
              CROSS JOIN LATERAL (SELECT CASE WHEN s.named THEN s.name ELSE s.body END AS shown) AS x,
              to_tsquery('{CONFIGURATION}', ?) AS q
             ORDER BY {order}""",
        (whole, fragment, query, in_name, limit, query))
    keys = ("doc", "kind", "contact_id", "contact", "on_date", "snippet")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def vocabulary(conn: sqlite3.Connection) -> list[str]:
    """Every indexed word (folded): for in-word matches, as store/search.vocabulary on SQLite."""
    return [word for (word,) in conn.execute(f"SELECT word FROM ts_stat('SELECT words FROM {TABLE}')")]
