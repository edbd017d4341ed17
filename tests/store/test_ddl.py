"""The schema's DDL kept as literals (store/ddl.py) and the tables read from it (io/tables.py)
stay what SQLModel and SQLAlchemy make of store/schema.py, the schema of record, so creating a
file and importing into one need no SQLAlchemy and no table is written twice by hand.
"""

import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from mentornet.io import tables
from mentornet.store import ddl, fresh, schema

ROOT = Path(__file__).resolve().parents[2]


def test_the_literal_ddl_is_what_sqlmodel_compiles():
    assert list(ddl.STATEMENTS) == schema.compiled(), "store/schema.py changed: run python scripts/make_ddl.py"


def test_the_script_finds_the_literal_ddl_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_ddl.py"), "--check"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def _master(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()


def test_a_new_file_has_the_schema_sqlalchemy_would_have_made():
    """fresh.create against the way files were made before: SQLAlchemy's DDL compiled as it runs."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    made, compiled = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    fresh.create(made)
    dialect = sqlite.dialect()
    for table in schema.tables():
        compiled.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda index: index.name or ""):
            compiled.execute(str(CreateIndex(index).compile(dialect=dialect)))
    for statement in fresh.DERIVED_TABLES:
        compiled.execute(statement)
    assert _master(made) == _master(compiled)


def _reference() -> list[tuple]:
    """The tables as the SQLModel metadata and SQLAlchemy's SQLite types describe them (what
    io/tables.py read before it read the DDL)."""
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    found = []
    for table in schema.tables():
        for c in table.columns:
            impl = c.type.dialect_impl(dialect)
            try:
                python_type = c.type.python_type
            except NotImplementedError:
                python_type = None
            if python_type is object:  # SQLModel's AutoString
                python_type = str
            references = next(iter(c.foreign_keys)).column.table.name if c.foreign_keys else None
            found.append((table.name, c.name, python_type, bool(c.nullable), bool(c.primary_key), references,
                          impl.result_processor(dialect, None), impl.bind_processor(dialect)))
    return found


def test_the_tables_read_from_the_ddl_are_the_sqlmodel_tables():
    ours = [(t.name, c.name, c.python_type, c.nullable, c.primary_key, c.references)
            for t in tables.schema() for c in t.columns]
    assert ours == [row[:6] for row in _reference()]


SAMPLES = {
    int: [0, 7, -1],
    str: ["", "Ada"],
    bool: [True, False, 1, 0, 2, "yes", 1.0],
    date: [date(2024, 3, 5), date(999, 1, 2), datetime(2024, 3, 5, 23, 59), "2024-03-05", 20240305],
}
STORED = {int: [0, 7], str: ["Ada"], bool: [0, 1, 2], date: ["2024-03-05", "0999-01-02", "2024-3-5", "x"]}


def _outcome(convert, value):
    if convert is None:
        return ("as is", value)
    try:
        return ("value", convert(value))
    except (TypeError, ValueError) as exc:
        return ("raises", type(exc))


@pytest.mark.parametrize("kind", [int, str, bool, date], ids=lambda kind: kind.__name__)
def test_values_are_converted_as_sqlalchemy_converts_them(kind):
    ours = {(t.name, c.name): c for t in tables.schema() for c in t.columns}
    checked = 0
    for table, name, python_type, *_, to_python, to_stored in _reference():
        if python_type is not kind:
            continue
        column = ours[table, name]
        for value in SAMPLES[kind]:
            assert _outcome(column.to_stored, value) == _outcome(to_stored, value), (table, name, value)
        for value in STORED[kind]:
            assert _outcome(column.to_python, value) == _outcome(to_python, value), (table, name, value)
        checked += 1
    assert checked  # the schema has columns of this type


def test_a_column_of_a_type_without_a_conversion_fails_loudly(monkeypatch):
    monkeypatch.setattr(ddl, "STATEMENTS", (*ddl.STATEMENTS, "CREATE TABLE odd (id INTEGER NOT NULL, at DATETIME)"))
    tables.schema.cache_clear()
    try:
        with pytest.raises(KeyError):
            tables.schema()
    finally:
        monkeypatch.undo()
        tables.schema.cache_clear()
