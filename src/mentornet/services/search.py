"""`search`: full-text search over contacts, meetings, touches and outreach (store/search.py).

The user's words are quoted before they reach FTS5, so nothing they type is query syntax (`AND`,
`-`, `"`, `*`, `NEAR(`...): each word must appear, as a word, the start of one (`cardio` finds
`cardiology`) or inside one (`statistics` finds `biostatistics`: the indexed words containing it,
from the index's vocabulary), in any case and with or without accents. Contacts whose name matches
first, then contacts found by their other fields, then records, newest first (see `_union`); and
matches of word starts before matches inside words.
"""

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cache

from mentornet.errors import BadInput
from mentornet.store import search as index
from mentornet.text import clean, search_key

# Around the matched words in FTS5's snippet: private-use characters, which nobody types, taken
# out again into `highlights`; the snippet a Hit carries is plain text.
MARK = ("\ue000", "\ue001")


@dataclass(frozen=True)
class Hit:
    contact_id: int
    contact: str
    kind: str  # contact, meeting, touch, outreach
    date: date | None  # when it happened; None for a contact's own fields
    snippet: str  # plain text
    highlights: tuple[tuple[int, int], ...] = ()  # the matched words: [start, end) offsets in snippet

    def as_json(self) -> dict:
        return {"contact": self.contact, "kind": self.kind, "date": self.date, "snippet": self.snippet,
                "highlights": [list(span) for span in self.highlights]}


def _words(query: str) -> list[str]:
    words = [word for word in (clean(query) or "").split() if any(ch.isalnum() for ch in word)]
    if not words:
        raise BadInput(f"nothing to search for in {query!r}; give a word or a name, like `mentornet search grant`")
    return words


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _parts(query: str, inside: dict[str, list[str]] | None = None) -> list[str]:
    """Each typed word as FTS5 query text: quoted, as a prefix, or any of the indexed words
    `inside` lists for it (the ones containing it)."""
    parts = []
    for word in _words(query):
        others = (inside or {}).get(word, [])
        parts.append("(" + " OR ".join([_quoted(word) + "*", *map(_quoted, others)]) + ")" if others
                     else _quoted(word) + "*")
    return parts


def expression(query: str, inside: dict[str, list[str]] | None = None) -> str:
    """The FTS5 MATCH expression for what the user typed: every word must match."""
    # FTS5 takes juxtaposition as AND between phrases only; after a parenthesised group it needs the word
    return (" AND " if inside and any(inside.values()) else " ").join(_parts(query, inside))


def in_name(query: str, inside: dict[str, list[str]] | None = None) -> str:
    """Any of the typed words: what a contact's name must match for the contact to come first."""
    return " OR ".join(_parts(query, inside))


EXPANSIONS = 64  # the most indexed words one typed word stands for, shortest first (`a` is in most)


def _expansions(conn: sqlite3.Connection, query: str) -> dict[str, list[str]]:
    """For each typed word that is one token, the indexed words it is inside of (not at the start:
    the prefix match finds those)."""
    folded = {word: search_key(word) for word in _words(query)}
    folded = {word: key for word, key in folded.items() if key.isalnum()}  # `grant-writing` stays a phrase
    if not folded:
        return {}
    terms = index.vocabulary(conn)
    return {word: _inside(terms, key) for word, key in folded.items()}


def _inside(terms: list[str], key: str) -> list[str]:
    """The indexed words a folded typed word is inside of, not at the start (the prefix match
    finds those): the shortest first, at most EXPANSIONS."""
    return sorted((term for term in terms if key in term and not term.startswith(key)), key=lambda t: (len(t), t))[:EXPANSIONS]


def _topped_up(rows: list[dict], more: list[dict], limit: int) -> list[dict]:
    """The word and word-start matches, then the in-word matches not among them, up to `limit`."""
    found = {row["doc"] for row in rows}
    return rows + [row for row in more if row["doc"] not in found][: limit - len(rows)]


def _unmarked(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The snippet without MARK, and where the marked words were."""
    start, end = MARK
    plain, spans = [], []
    length = 0
    for piece in snippet.replace(end, start).split(start):
        plain.append(piece)
        length += len(piece)
        spans.append(length)
    text = "".join(plain)
    bounds = spans[:-1]  # every mark's offset, opening and closing alternate
    pairs = tuple((bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2) if bounds[i] < bounds[i + 1])
    return text, pairs


# What `search` shows, in order: contacts whose name matches, then contacts found by their other
# fields, newest contact first; then meetings, touches, outreach and questions, newest date first.
# Nothing is scored: each shard is asked, for each of those, its latest `limit` matches (a kind's
# documents are one range of rowids, newest record last, which FTS5 reads backwards and stops),
# and only those are sorted here. Scoring every match (bm25) was most of a search for a common
# word on a large network. A record's rowid follows when it was recorded, not its date, so a
# record logged long after its date can be passed over when more than `limit` matches of its kind
# in its shard were recorded after it: a narrower search still finds it.
# Shards asked CHUNK to a statement: one UNION ALL of them all grew faster than their number.
CHUNK = 16
CONTACTS, DATED = "contact", ("meeting", "touch", "outreach", "question")


# The tiers of what is shown, in order: (the MATCH parameter, the kinds); a tier is asked only
# when those before it leave the page short (a common word's contacts fill it)
TIERS = (("named", (CONTACTS,)), ("unnamed", (CONTACTS,)), ("expression", DATED))


@cache
def _union(tables: tuple[str, ...], first: int, tier: int) -> str:
    """A tier's latest `limit` matches of each kind in each of the shards."""
    match, kinds = TIERS[tier]
    parts = []
    for shard, table in enumerate(tables, start=first):
        for kind in kinds:
            low, high = index.doc_range(kind)
            parts.append(f"""SELECT * FROM (
        SELECT rowid AS doc, {shard} AS shard, {tier} AS tier, kind, contact_id, on_date FROM {table}
        WHERE {table} MATCH :{match} AND rowid BETWEEN {low} AND {high} ORDER BY rowid DESC LIMIT :limit)""")
    return " UNION ALL ".join(parts)


def _in_order(found: list[tuple]) -> list[tuple]:
    """What `search` shows, in its order (see above); a row: doc, shard, tier, kind, contact_id,
    on_date. Records of one date: meetings, touches, outreach, questions, the later record first."""
    contacts = sorted((row for row in found if row[2] < 2), key=lambda row: (row[2], -row[0]))
    dated = sorted((row for row in found if row[2] == 2),
                   key=lambda row: (row[5] or "", -index.KINDS[row[3]], row[0]), reverse=True)
    return contacts + dated


def _matches(conn: sqlite3.Connection, expression: str, name: str, limit: int) -> list[dict]:
    """The first `limit` documents to show for an FTS5 expression, in order: {doc, kind,
    contact_id, contact, on_date, snippet}. `name` is the expression's words as alternatives,
    which a name must match for its contact to come first."""
    start, end = MARK
    cursor = conn.cursor()
    cursor.row_factory = None
    tables = tuple(index.shards(conn))
    found: list[tuple] = []  # each shard's latest: doc, shard, tier, kind, contact_id, on_date
    named, unnamed = f"({expression}) AND name : ({name})", f"({expression}) NOT name : ({name})"
    for tier in range(len(TIERS)):
        if len(found) >= limit:  # every row found so far is shown before this tier's
            break
        for first in range(0, len(tables), CHUNK):
            found += cursor.execute(_union(tables[first:first + CHUNK], first, tier),
                                    {"expression": expression, "named": named, "unnamed": unnamed,
                                     "limit": limit}).fetchall()
    # the contacts' names read after the choice, for what is shown only
    best = _in_order(found)
    ids = sorted({row[4] for row in best})
    names: dict[int, str] = {}
    for first in range(0, len(ids), 500):
        part = ids[first:first + 500]
        names.update(cursor.execute(f"SELECT id, name FROM contact WHERE id IN ({', '.join('?' * len(part))})", part))
    rows = [(doc, shard, kind, contact, names[contact], on_date)
            for doc, shard, _, kind, contact, on_date in best if contact in names][:limit]
    shown: dict[int, list[int]] = {}
    for doc, shard, *_ in rows:
        shown.setdefault(shard, []).append(doc)
    snippets: dict[int, str] = {}
    for shard, docs in shown.items():
        table = tables[shard]
        snippets.update(cursor.execute(
            f"""SELECT rowid, snippet({table}, -1, :start, :end, '…', 12) FROM {table}
                WHERE {table} MATCH :expression AND rowid IN ({", ".join(map(str, docs))})""",
            {"start": start, "end": end, "expression": expression}))
    keys = ("doc", "kind", "contact_id", "contact", "on_date")
    return [{**dict(zip(keys, (doc, *rest), strict=True)), "snippet": snippets[doc]}
            for doc, _, *rest in rows]


def search(conn: sqlite3.Connection, query: str, *, limit: int = 50) -> list[Hit]:
    """Matches of every word as a word or a word's start first; then, if those are fewer than
    `limit`, the ones where a word is only inside an indexed word. Reading the index's vocabulary
    costs more than a search on a large network, so it is read only when the results fall short."""
    _words(query)  # bad input fails before anything is read
    if getattr(conn, "on_server", False):
        return _hits(_server_rows(conn, query, limit))
    index.catch_up_now(conn)
    rows = _matches(conn, expression(query), in_name(query), limit)
    if len(rows) < limit:
        inside = _expansions(conn, query)
        if any(inside.values()):
            rows = _topped_up(rows, _matches(conn, expression(query, inside), in_name(query, inside), limit), limit)
    return _hits(rows)


def _hits(rows: list[dict]) -> list[Hit]:
    hits = []
    for row in rows:
        snippet, highlights = _unmarked(row["snippet"])
        hits.append(Hit(row["contact_id"], row["contact"], row["kind"],
                        date.fromisoformat(row["on_date"]) if row["on_date"] else None, snippet, highlights))
    return hits


def _server_rows(conn: sqlite3.Connection, query: str, limit: int) -> list[dict]:
    """On PostgreSQL (store/pg_search.py): the same words, folded the same way, as a tsquery; the
    in-word matches from the index's vocabulary when the others fall short, as on SQLite."""
    from mentornet.store import pg_search

    pg_search.catch_up_now(conn)
    typed = [tokens for tokens in (re.findall(r"[^\W_]+", search_key(word)) for word in _words(query)) if tokens]
    if not typed:
        return []
    rows = pg_search.matches(conn, pg_search.query_text(typed), pg_search.query_text(typed, weight="A"), limit, MARK)
    single = {number: tokens[0] for number, tokens in enumerate(typed) if len(tokens) == 1}
    if len(rows) < limit and single:
        terms = pg_search.vocabulary(conn)
        inside = {number: _inside(terms, key) for number, key in single.items()}
        if any(inside.values()):
            rows = _topped_up(rows, pg_search.matches(conn, pg_search.query_text(typed, inside),
                                                      pg_search.query_text(typed, inside, weight="A"), limit, MARK),
                              limit)
    return rows
