"""The one way a row is written: plain SQL on the standard sqlite3 module, with the one table of
column defaults. Commands, imports and the creation of a new file all insert and update here.

`schema.py` (SQLModel) is the schema of record for the tables and columns; their defaults live
here only, because the daily writes must not import SQLModel (it costs more than the rest of a
write; see benchmarks/).
"""

import functools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum


def utc_now() -> str:
    """An instant as the schema stores it: aware UTC, ISO text to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


_CREATED = {"created_at": utc_now}
_EMPTY_LIST = "[]"

# table -> column -> default value, or a callable that makes one; a column not named defaults to NULL
DEFAULTS: dict[str, dict[str, object]] = {
    "role": {"family": "career", "target": 0, "position": 0},
    "contact": {"supervisor": False, "direction": "mentors-me", "stage": "prospect", "paused": False, **_CREATED},
    "stage_change": {**_CREATED},
    "outreach": {"attempt": 1, "channel": "email", "outcome": "pending", **_CREATED},
    "meeting": {**_CREATED},
    "touch": {**_CREATED},
    "action_item": {"owner": "me", **_CREATED},
    "referral": {**_CREATED},
    "goal": {"horizon": "short", **_CREATED},
    "assessment": {
        **{name: _EMPTY_LIST for name in ("goals", "long_term_goals", "personal_goals", "strengths", "challenges",
                                          "needs", "helps", "hinders", "colleague_values")},
        **_CREATED,
    },
    "profile": {"interests": _EMPTY_LIST, **_CREATED},
    "question": {**_CREATED},
    "agreement": {"they_do": _EMPTY_LIST, "i_do": _EMPTY_LIST, "review_every_days": 182, **_CREATED},
    "review": {**_CREATED},
    "sponsorship": {"kind": "other", **_CREATED},
}


AS_IS = frozenset({str, int, float, bytes, type(None)})  # types sql_value returns as they are


def sql_value(value: object) -> object:
    """A Python value as the schema stores it: dates as ISO text, enums as their value, booleans 0/1."""
    if type(value) in AS_IS:  # most values, cheaply (a bool's type is bool, not int)
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def quoted(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def defaults(table: str) -> dict[str, object]:
    """A new row's default values for `table`, made now (created_at is this instant)."""
    return {name: default() if callable(default) else default for name, default in DEFAULTS.get(table, {}).items()}


def insert(conn: sqlite3.Connection, table: str, values: dict[str, object], *, with_defaults: bool = True) -> int:
    """Insert one row, the table's defaults filling what `values` leaves out; returns its rowid."""
    row = defaults(table) if with_defaults else {}
    row.update(values)
    cursor = conn.execute(insert_sql(table, tuple(row)), [sql_value(v) for v in row.values()])
    assert cursor.lastrowid is not None  # an INSERT always sets it
    return cursor.lastrowid


@functools.lru_cache(maxsize=256)
def insert_sql(table: str, names: tuple[str, ...]) -> str:
    """The INSERT for these columns, made once: an import inserts thousands of rows of one shape."""
    return f"INSERT INTO {quoted(table)} ({', '.join(map(quoted, names))}) VALUES ({', '.join('?' * len(names))})"


def update(conn: sqlite3.Connection, table: str, where: dict[str, object], values: dict[str, object]) -> None:
    """Set `values` on the rows whose columns equal `where` (a primary key, in practice)."""
    if not values:
        return
    sets = ", ".join(f"{quoted(name)} = ?" for name in values)
    condition = " AND ".join(f"{quoted(name)} = ?" for name in where)
    conn.execute(f"UPDATE {quoted(table)} SET {sets} WHERE {condition}",
                 [sql_value(v) for v in (*values.values(), *where.values())])


@contextmanager
def indexed_after(conn: sqlite3.Connection, table: str) -> Iterator[None]:
    """Around many inserts into `table` inside a write transaction: when the table is empty, its
    indexes are dropped while the rows go in and made again after them, each from the rows at
    once instead of an entry per row (20,000 contacts into a new file: about a quarter less). A
    table that holds rows keeps its indexes (making one again would read every row), and so does
    a unique index (a duplicate fails the insert that makes it, as it always has).

    DDL is transactional in SQLite: a failed or killed import rolls the indexes back with its rows;
    on failure too they are made again, for whoever catches the error and commits what went in."""
    if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {quoted(table)})").fetchone()[0]:
        yield
        return
    made = {name for _, name, unique, origin, _ in conn.execute(f"PRAGMA index_list({quoted(table)})")
            if origin == "c" and not unique}  # c: CREATE INDEX, not a constraint's own index
    indexes = [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY rowid", (table,))
        if name in made]
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {quoted(name)}")
    try:
        yield
    finally:
        for _, sql in indexes:
            conn.execute(sql)
