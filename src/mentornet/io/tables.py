"""Whole tables, read and written generically from the schema.

The JSON format is the database table by table, so it is driven by the schema's tables rather
than by a list of tables written here: a table or column added to `store/schema.py` later is
exported and imported without changing this code. The tables are read from the schema's DDL as
SQLite runs it (`store/ddl.py`, generated from the SQLModel classes), and values are converted as
SQLAlchemy's SQLite types do (dates as ISO text, booleans as 0/1), so what is written is what the
ORM would write, without loading SQLAlchemy (tests/store/test_ddl.py holds the two equal).
The SQL is plain sqlite3 on the connection given: a read connection, or a write transaction's
(`store/writes.py`).
"""

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from mentornet.store import rows
from mentornet.store.rows import quoted


@dataclass(frozen=True)
class Column:
    name: str
    python_type: type | None  # int, str, bool, date, datetime... None when the type doesn't say
    nullable: bool
    primary_key: bool
    references: str | None  # the table a foreign key points to
    to_python: Callable[[Any], Any] | None  # stored -> python value
    to_stored: Callable[[Any], Any] | None  # python value -> stored
    default: str | None = None  # the DDL's DEFAULT, as SQL text (SQLModel's DDL gives none)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.primary_key)

    @property
    def surrogate(self) -> bool:
        """A single integer primary key that SQLite assigns (`id`), as opposed to a natural key."""
        keys = [c for c in self.columns if c.primary_key]
        return len(keys) == 1 and keys[0].python_type is int and keys[0].references is None

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _date_to_stored(value: object) -> str:
    """As SQLAlchemy's SQLite DATE stores a date: `2024-03-05` (a datetime's time dropped)."""
    if type(value) is date:  # most values, cheaply: the same text
        return value.isoformat()
    if not isinstance(value, date):
        raise TypeError("SQLite Date type only accepts Python date objects as input.")
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _bool_to_stored(value: object) -> int:
    """As SQLAlchemy's Boolean stores one on SQLite: 0 or 1, and nothing but a boolean accepted."""
    if value not in (True, False):
        if not isinstance(value, int):
            raise TypeError(f"Not a boolean value: {value!r}")
        raise ValueError(f"Value {value!r} is not None, True, or False")
    return int(value)  # type: ignore[call-overload, unused-ignore]


# A declared column type -> (python type, stored -> python, python -> stored): what SQLAlchemy's
# SQLite dialect does for the types the schema uses (tests/store/test_ddl.py holds them equal).
_TYPES: dict[str, tuple[type, Callable[[Any], Any] | None, Callable[[Any], Any] | None]] = {
    "INTEGER": (int, None, None),
    "VARCHAR": (str, None, None),
    "BOOLEAN": (bool, bool, _bool_to_stored),
    "DATE": (date, date.fromisoformat, _date_to_stored),
}


@cache
def schema() -> tuple[Table, ...]:
    """Every table, parents before children (the order inserts must follow).

    Read from the schema's DDL (`store/ddl.py`: SQLModel's, compiled, kept as literals) made in an
    in-memory database, so an import loads no SQLAlchemy; tests/store/test_ddl.py holds these
    tables, their columns and conversions equal to what SQLAlchemy makes of the SQLModel classes."""
    from mentornet.store import ddl

    conn = sqlite3.connect(":memory:")
    try:
        for statement in ddl.STATEMENTS:
            conn.execute(statement)
        names = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        tables = []
        for name in names:
            references = {row[3]: row[2] for row in conn.execute(f"PRAGMA foreign_key_list({quoted(name)})")}
            columns = []
            for _, column, declared, notnull, default, key in conn.execute(f"PRAGMA table_info({quoted(name)})"):
                python_type, to_python, to_stored = _TYPES[declared]
                columns.append(Column(column, python_type, not notnull, key > 0, references.get(column), to_python,
                                      to_stored, default))
            tables.append(Table(name, tuple(columns)))
    finally:
        conn.close()
    return tuple(tables)


def table(name: str) -> Table:
    return next(t for t in schema() if t.name == name)


def read_rows(conn: sqlite3.Connection, spec: Table) -> list[dict]:
    """Every row of a table as {column: python value}, in primary-key order."""
    names = ", ".join(quoted(c.name) for c in spec.columns)
    order = ", ".join(quoted(k) for k in spec.key) or "rowid"
    columns = [c.name for c in spec.columns]
    typed = [(c.name, c.to_python) for c in spec.columns if c.to_python]
    found = []
    for raw in conn.execute(f"SELECT {names} FROM {quoted(spec.name)} ORDER BY {order}"):
        row = dict(zip(columns, tuple(raw), strict=False))
        for name, to_python in typed:  # the few columns with a type to convert (dates, booleans)
            if row[name] is not None:
                row[name] = to_python(row[name])
        found.append(row)
    return found


def stored(spec: Table, values: dict) -> dict:
    """Python values -> what SQLite stores, through the column's type."""
    out = {}
    for c in spec.columns:
        if c.name in values:
            value = values[c.name]
            out[c.name] = c.to_stored(value) if c.to_stored and value is not None else value
    return out


def with_defaults(spec: Table, values: dict, defaults: dict | None = None) -> dict:
    """`values` completed with the defaults every writer uses (created_at, stage...: `rows.DEFAULTS`)
    and None elsewhere. `defaults`: `rows.defaults(spec.name)` made once by a caller writing many
    rows in one transaction (so they share one created_at), else made now."""
    if defaults is None:
        defaults = rows.defaults(spec.name)
    row = {}
    for c in spec.columns:
        if c.name in values:
            row[c.name] = values[c.name]
        elif c.name in defaults:
            row[c.name] = defaults[c.name]
        elif not (c.primary_key and spec.surrogate):
            row[c.name] = None
    return row


def insert(conn: sqlite3.Connection, spec: Table, values: dict) -> int:
    """Insert one row of python values, converted by the column types, as given (the caller
    decides defaults: `with_defaults`); returns its rowid."""
    return rows.insert(conn, spec.name, stored(spec, values), with_defaults=False)


class Inserter:
    """Many rows into one table, each completed as `with_defaults` does (every column but an
    assigned id: the value given, else the default, else None) and converted as `insert` does
    (the column's type, then `rows.sql_value`), with the statement and the conversions made once."""

    def __init__(self, spec: Table, defaults: dict, *, with_id: bool = False) -> None:
        """`with_id`: the rows give the table's surrogate id too (its first column)."""
        self.names = tuple(with_defaults(spec, {spec.key[0]: None} if with_id else {}, defaults))
        self.defaults = defaults
        self.sql = rows.insert_sql(spec.name, self.names)
        self._index = {name: i for i, name in enumerate(self.names)}
        self._typed: dict[int, Callable[[Any], Any]] = {}
        for i, name in enumerate(self.names):
            to_stored = spec.column(name).to_stored
            if to_stored is not None:
                self._typed[i] = to_stored
        # the row of defaults, converted once: each row starts from a copy and converts only its values
        self._template = [self._stored(i, defaults.get(name)) for i, name in enumerate(self.names)]
        self._spec = spec

    def _stored(self, i: int, value: object) -> object:
        if value is not None and i in self._typed:
            value = self._typed[i](value)
        return value if type(value) in rows.AS_IS else rows.sql_value(value)

    def params(self, values: dict) -> list:
        row = self._template.copy()
        index, typed, as_is = self._index, self._typed, rows.AS_IS
        for name, value in values.items():
            i = index.get(name)
            if i is None:  # not one of the table's columns: left out, as `with_defaults` does
                continue
            if value is not None and i in typed:
                value = typed[i](value)
            row[i] = value if type(value) in as_is else rows.sql_value(value)
        return row

    def insert(self, conn: sqlite3.Connection, values: dict) -> int:
        """One row; returns its rowid."""
        cursor = conn.execute(self.sql, self.params(values))
        assert cursor.lastrowid is not None  # an INSERT always sets it
        return cursor.lastrowid

    def insert_many(self, conn: sqlite3.Connection, many: Sequence[dict]) -> None:
        """Many rows of python values, each completed and converted as `params` does, in one
        executemany. Built a column at a time: a column no row names takes its default, and a
        column None in every row (without a DEFAULT in the DDL) is left out of the statement, NULL
        all the same: sqlite3 binds a None several times slower than an int, and an import's new
        contacts leave most of their 26 columns empty."""
        if not many:
            return
        given = set().union(*many)
        names, columns = [], []
        for i, name in enumerate(self.names):
            default = self._template[i]
            if name not in given:
                column = [default] * len(many)
            else:
                found = [values.get(name, _ABSENT) for values in many]
                to_stored, as_is = self._typed.get(i), rows.AS_IS
                if to_stored is not None:
                    found = [value if value is None or value is _ABSENT else to_stored(value) for value in found]
                column = [default if value is _ABSENT else value if type(value) in as_is else rows.sql_value(value)
                          for value in found]
            if column.count(None) == len(column) and self._spec.column(name).default is None:
                continue
            names.append(name)
            columns.append(column)
        conn.executemany(rows.insert_sql(self._spec.name, tuple(names)), zip(*columns, strict=True))


_ABSENT = object()  # a column a row doesn't name (None is a value: it overrides the default)


def update(conn: sqlite3.Connection, spec: Table, key: dict, values: dict) -> None:
    rows.update(conn, spec.name, stored(spec, key), stored(spec, values))


def contacts_with_links(conn: sqlite3.Connection) -> list[dict]:
    """Every contact (every stored column, as SQLite holds it: dates ISO text, booleans 0/1) with
    `roles` (in role order), `tags`, and every email and phone (`emails`, `phones`, the primary
    first), for the vCard and CSV exports.

    Plain `SELECT *`, no metadata: these exports don't need SQLAlchemy, so they don't load it.
    """
    roles: dict[int, list[str]] = {}
    for contact_id, key in conn.execute(
            "SELECT cr.contact_id, cr.role_key FROM contact_role cr JOIN role r ON r.key = cr.role_key "
            "ORDER BY r.position, r.key"):
        roles.setdefault(contact_id, []).append(key)
    tags: dict[int, list[str]] = {}
    for contact_id, tag in conn.execute("SELECT contact_id, tag FROM contact_tag ORDER BY tag"):
        tags.setdefault(contact_id, []).append(tag)
    more: dict[tuple[str, int], list[str]] = {}  # the emails and phones beyond the primary
    for key in ("email", "phone"):
        for contact_id, value in conn.execute(f"SELECT contact_id, {key} FROM contact_{key} ORDER BY position"):
            more.setdefault((key, contact_id), []).append(value)
    cursor = conn.execute("SELECT * FROM contact ORDER BY id")
    names = [column[0] for column in cursor.description]
    contacts = []
    for raw in cursor:
        contact = dict(zip(names, tuple(raw), strict=False))
        contact["roles"] = roles.get(contact["id"], [])
        contact["tags"] = tags.get(contact["id"], [])
        for key in ("email", "phone"):
            contact[f"{key}s"] = ([contact[key]] if contact[key] else []) + more.get((key, contact["id"]), [])
        contacts.append(contact)
    return contacts
