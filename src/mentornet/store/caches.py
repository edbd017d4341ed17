"""Derived data kept in step with the rows it summarises, each cache declared once.

A cache is declared where its query lives (the due items with the due rules in `services/due.py`,
the last contact with its rule in `services/last_contact.py`, the search documents in
`store/search.py`): its name, a version, the rows it reads (`Source`: a table, the columns that
matter, and how to find the keys a changed row touches), what to run for those keys, and how to
recompute it from nothing. The triggers are generated here from that declaration; nobody writes
one by hand, so the columns a cache depends on are listed once, beside its query.

Triggers fire on every write, whoever makes it (commands, imports, cascades, a user's own SQL).
An `inline` cache is updated by the trigger itself (the last contact: it is a few columns of the
row's contact). A queued cache's triggers only note the keys in its pending table, because a
trigger may not write an FTS5 table under `trusted_schema=OFF`, and because recomputing once per
command is cheaper than once per row: `catch_up` runs before every unit of work commits.

`cache_version` holds, for each cache, the version whose triggers and contents the file has.
Change a cache's query or sources and bump its version (a test holds each version to a
fingerprint of its declaration): the next open drops and makes again every trigger, and
recomputes the caches whose version changed.
"""

import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

VERSION_TABLE = "cache_version"
EVENTS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Source:
    """A table a cache reads. `keys` is a SELECT of the cache keys a row touches, with `{row}`
    standing for the row (NEW or OLD); `columns` are the ones whose update matters."""

    table: str
    columns: tuple[str, ...]
    keys: str
    events: tuple[str, ...] = EVENTS

    def triggers(self, cache: str, number: int, apply: Callable[[str], str]) -> list[str]:
        return [self.trigger(cache, number, apply, event) for event in self.events]

    def trigger_name(self, cache: str, number: int, event: str) -> str:
        return f"{cache}_{self.table}_{number}_{event.lower()}"

    def event(self, event: str) -> tuple[str, str]:
        """For one event: the SELECT of the keys its rows touch, and the trigger's AFTER clause (the
        same on both stores; store/pg.py wraps them in plpgsql)."""
        rows = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}[event]
        keys = " UNION ".join(self.keys.format(row=row) for row in rows)
        when = f"UPDATE OF {', '.join(self.columns)}" if event == "UPDATE" else event
        return keys, when

    def trigger(self, cache: str, number: int, apply: Callable[[str], str], event: str) -> str:
        keys, when = self.event(event)
        return (f"CREATE TRIGGER {self.trigger_name(cache, number, event)} AFTER {when} ON {self.table} "
                f"BEGIN {apply(keys)}; END")

    def inserted_keys(self, after: int) -> str | None:
        """The keys of every row inserted after rowid `after`, as one SELECT: what the INSERT
        trigger notes row by row, for all of them at once. None when `keys` reads a table of its
        own (then only the trigger knows how to find them)."""
        if "INSERT" not in self.events or re.search(r"\bFROM\b", self.keys, re.IGNORECASE):
            return None
        return f"{self.keys.format(row='NEW')} FROM {self.table} AS NEW WHERE NEW.rowid > {int(after)}"


@dataclass(frozen=True)
class Cache:
    """One derived table (or set of columns): see the module's docstring."""

    name: str
    version: int
    sources: tuple[Source, ...]
    apply: Callable[[str], str]  # the statement to run for a SELECT of changed keys
    rebuild: Callable[[sqlite3.Connection], None]  # recompute everything, inside a transaction
    catch_up: Callable[[sqlite3.Connection], int] | None = None  # queued caches: recompute what was noted
    query: str = field(default="", compare=False)  # what it caches, for the fingerprint

    def triggers(self) -> list[str]:
        return [trigger for number, source in enumerate(self.sources)
                for trigger in source.triggers(self.name, number, self.apply)]

    def fingerprint(self) -> str:
        """What a version stands for: the query, the sources and the generated triggers."""
        import hashlib

        text = "\n".join([self.query, *self.triggers()])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def queued(pending: str, key_columns: str) -> Callable[[str], str]:
    """`apply` for a cache whose triggers note keys in `pending` for `catch_up`."""
    return lambda keys: f"INSERT OR IGNORE INTO {pending} ({key_columns}) {keys}"


def stored_versions(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute(f"SELECT name, version FROM {VERSION_TABLE}").fetchall())


def in_step(conn: sqlite3.Connection, caches: Sequence[Cache]) -> bool:
    """The file's triggers and contents are those of `caches` (what every open checks)."""
    return stored_versions(conn) == {cache.name: cache.version for cache in caches}


def install(conn: sqlite3.Connection, caches: Sequence[Cache]) -> list[str]:
    """Inside a write transaction: every trigger made again from the declarations, and the caches
    whose version the file doesn't have recomputed from nothing; returns their names."""
    # every trigger in a mentornet database is generated here: the ones of an older release go
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    for cache in caches:
        for trigger in cache.triggers():
            conn.execute(trigger)
    found = stored_versions(conn)
    stale = [cache for cache in caches if found.get(cache.name) != cache.version]
    for cache in stale:  # in declaration order: a later cache may read an earlier one
        cache.rebuild(conn)
    conn.execute(f"DELETE FROM {VERSION_TABLE}")
    conn.executemany(f"INSERT INTO {VERSION_TABLE} (name, version) VALUES (?, ?)",
                     [(cache.name, cache.version) for cache in caches])
    return [cache.name for cache in stale]


def catch_up(conn: sqlite3.Connection, caches: Sequence[Cache]) -> None:
    """Before a unit of work commits: the queued caches recompute what its writes noted."""
    for cache in caches:
        if cache.catch_up is not None:
            cache.catch_up(conn)


@contextmanager
def bulk_insert(conn: sqlite3.Connection, caches: Sequence[Cache], table: str) -> Iterator[None]:
    """Inside a write transaction, around many inserts into `table` (an import's contacts): its
    INSERT triggers are dropped while the rows go in, then every row inserted is noted in one
    statement per trigger, with the trigger's own `apply` and keys (`Source.inserted_keys`), and
    the triggers are made again. One statement instead of one per row per trigger; the same keys
    noted. The rows must be appended (rowids above every existing one), as SQLite assigns them.

    DDL is transactional in SQLite: a failed or killed import rolls back the dropped triggers with
    its rows. A trigger whose keys read another table is left in place."""
    bulk = [(cache, source, number) for cache in caches for number, source in enumerate(cache.sources)
            if source.table == table and source.inserted_keys(0) is not None]
    after = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
    for cache, source, number in bulk:
        conn.execute(f"DROP TRIGGER {source.trigger_name(cache.name, number, 'INSERT')}")
    try:
        yield
    finally:  # on failure too: whoever catches the error may still commit what went in
        for cache, source, number in bulk:
            conn.execute(source.trigger(cache.name, number, cache.apply, "INSERT"))
            conn.execute(cache.apply(source.inserted_keys(after)))  # type: ignore[arg-type]
