"""The one row writer (store/rows.py) and its one table of defaults, used by every writer.

Commands, imports and the creation of a file all insert through `rows.insert`; the JSON import
fills what a file leaves out from the same table (`io.tables.with_defaults`).
"""

import contextlib
import sqlite3
from datetime import date, datetime

import pytest

from mentornet.io import tables
from mentornet.services.database import prepare
from mentornet.store import rows
from mentornet.vocabulary import Stage
from tests.checks import open_database


def test_defaults_are_filled_and_values_stored_as_the_schema_says(tmp_path):
    path = tmp_path / "m.db"
    prepare(path)
    conn = sqlite3.connect(path)
    try:
        contact_id = rows.insert(conn, "contact", {"name": "Ada", "name_key": "ada", "added_on": date(2026, 1, 2),
                                                   "supervisor": True, "stage": Stage.no_response})
        row = conn.execute("SELECT direction, stage, paused, supervisor, added_on, created_at FROM contact WHERE id = ?",
                           (contact_id,)).fetchone()
    finally:
        conn.close()
    assert row[:5] == ("mentors-me", "no-response", 0, 1, "2026-01-02")
    assert datetime.fromisoformat(row[5]).utcoffset().total_seconds() == 0


def test_every_default_names_a_real_column_and_fills_a_not_null_one():
    specs = {spec.name: spec for spec in tables.schema()}
    for table, defaults in rows.DEFAULTS.items():
        columns = {column.name: column for column in specs[table].columns}
        for name in defaults:
            assert name in columns, (table, name)
            assert not columns[name].nullable, (table, name)  # a nullable column defaults to NULL anyway


def test_a_row_missing_its_defaulted_columns_gets_them_from_the_same_table_on_every_path(ok, db_path):
    """A contact from a JSON file that leaves out every defaulted column reads back like one that
    `add-contact` made."""
    ok("add-contact", "Ada Okafor")
    conn = open_database(db_path)
    columns = ("direction", "stage", "paused", "supervisor")
    made = conn.execute(f"SELECT {', '.join(columns)} FROM contact").fetchone()
    conn.close()
    filled = tables.stored(tables.table("contact"), tables.with_defaults(tables.table("contact"), {"name": "X"}))
    assert tuple(filled[c] for c in columns) == made
    assert datetime.fromisoformat(filled["created_at"]).tzinfo is not None


def test_an_update_writes_only_what_it_is_given(tmp_path):
    path = tmp_path / "m.db"
    prepare(path)
    conn = sqlite3.connect(path)
    try:
        contact_id = rows.insert(conn, "contact", {"name": "Ada", "name_key": "ada", "added_on": date(2026, 1, 2)})
        rows.update(conn, "contact", {"id": contact_id}, {"title": "Dr", "paused": True})
        assert conn.execute("SELECT name, title, paused FROM contact").fetchone() == ("Ada", "Dr", 1)
    finally:
        conn.close()


@pytest.mark.parametrize("with_id", [False, True], ids=["id-assigned", "id-given"])
def test_many_rows_at_once_are_the_rows_one_at_a_time(with_id):
    """io.tables.Inserter (an import's contacts): each row what `with_defaults`, `stored` and
    `rows.sql_value` make of its values, the table's columns in order."""
    spec = tables.table("contact")
    defaults = rows.defaults("contact")
    inserter = tables.Inserter(spec, defaults, with_id=with_id)
    for values in ({"name": "Ada", "name_key": "ada", "added_on": date(2026, 1, 2)},
                   {"name": "Ben", "name_key": "ben", "added_on": date(2026, 1, 3), "met_on": date(2025, 5, 6),
                    "supervisor": True, "paused": None, "stage": Stage.no_response, "not a column": 1, "id": 7},
                   {"name": "Cy", "name_key": "cy", "added_on": date(2026, 1, 4), "email": None, "cadence_days": 30}):
        given = {"id": None, **values} if with_id else {k: v for k, v in values.items() if k != "id"}
        one = tables.stored(spec, tables.with_defaults(spec, given, defaults))
        assert inserter.names == tuple(one)
        assert inserter.params(values) == [rows.sql_value(value) for value in one.values()]


def test_many_rows_written_at_once_are_stored_as_params_makes_them(tmp_path):
    """Inserter.insert_many, a column at a time, writes each row as `params` converts it: defaults
    for what a row leaves out, a None given kept over a default, a column None in some rows and not
    others kept, a column None in every row left NULL; an empty list writes nothing."""
    path = tmp_path / "m.db"
    prepare(path)
    spec = tables.table("contact")
    inserter = tables.Inserter(spec, rows.defaults("contact"), with_id=True)
    many = [{"id": n, "name": f"P{n}", "name_key": f"p{n}", "added_on": date(2026, 1, n), "stage": Stage.no_response,
             "email": f"p{n}@example.org" if n % 2 else None, **({"cadence_days": 30, "supervisor": True} if n == 3 else {}),
             **({"direction": None} if n == 4 else {}), "not a column": 1} for n in range(1, 5)]
    conn = open_database(path)
    try:
        conn.execute("CREATE TEMP TABLE loose AS SELECT * FROM contact WHERE 0")  # no NOT NULL: a None given is kept
        with conn:
            inserter.insert_many(conn, [])
            inserter.insert_many(conn, many[:3])
        names = ", ".join(inserter.names)
        assert [list(row) for row in conn.execute(f"SELECT {names} FROM contact ORDER BY id")] == \
            [inserter.params(values) for values in many[:3]]
        assert conn.execute("SELECT count(*) FROM contact WHERE email IS NULL AND phone IS NULL").fetchone() == (1,)
        loose = tables.Inserter(tables.Table("loose", spec.columns), rows.defaults("contact"), with_id=True)
        loose.insert_many(conn, many)
        assert [list(row) for row in conn.execute(f"SELECT {names} FROM loose ORDER BY id")] == \
            [inserter.params(values) for values in many]
        assert conn.execute("SELECT direction FROM loose WHERE id = 4").fetchone() == (None,)
    finally:
        conn.close()


def test_a_column_with_a_default_is_written_even_when_every_row_leaves_it_empty():
    """A column whose DDL has a DEFAULT would take it if left out: insert_many names it, so None stays NULL."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE odd (id INTEGER NOT NULL, kind VARCHAR DEFAULT 'plain', note VARCHAR, PRIMARY KEY (id))")
        columns = (tables.Column("id", int, False, True, None, None, None),
                   tables.Column("kind", str, True, False, None, None, None, "'plain'"),
                   tables.Column("note", str, True, False, None, None, None))
        inserter = tables.Inserter(tables.Table("odd", columns), {}, with_id=True)
        inserter.insert_many(conn, [{"id": 1}, {"id": 2, "kind": None}])
        assert conn.execute("SELECT id, kind, note FROM odd ORDER BY id").fetchall() == [(1, None, None), (2, None, None)]
    finally:
        conn.close()


def _indexes(conn) -> list[tuple[str, str]]:
    return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        "ORDER BY name").fetchall()


@pytest.mark.sqlite_file("SQLite's indexes around a bulk insert")
@pytest.mark.parametrize("how", ["commit", "failure then commit", "rollback"])
def test_an_empty_tables_indexes_are_made_after_its_rows(tmp_path, how):
    """store/rows.indexed_after: an empty table's indexes dropped while its rows go in, then made
    again with the same SQL, usable (the query plan finds them), whatever happens inside."""
    path = tmp_path / "m.db"
    prepare(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        before = _indexes(conn)
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(ZeroDivisionError) if how == "failure then commit" else contextlib.nullcontext(), \
                rows.indexed_after(conn, "contact"):
            assert not conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact' "
                                    "AND sql IS NOT NULL").fetchall()
            rows.insert(conn, "contact", {"name": "Ada", "name_key": "ada", "added_on": date(2026, 1, 2)})
            if how == "failure then commit":
                1 / 0  # noqa: B018
        conn.execute("ROLLBACK" if how == "rollback" else "COMMIT")
        conn.set_trace_callback(None)
        assert _indexes(conn) == before
        assert sum(statement.startswith("DROP INDEX") for statement in statements) == 4
        plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN SELECT id FROM contact WHERE name_key = 'ada'"))
        assert "ix_contact_name_key" in plan
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == ((0,) if how == "rollback" else (1,))
    finally:
        conn.close()


def test_a_table_holding_rows_and_a_unique_index_keep_their_indexes():
    """Making an index again reads every row, so a table that has rows keeps its indexes; a unique
    index stays in place, so a duplicate fails the insert itself."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("CREATE TABLE t (a INTEGER, b INTEGER)")
        conn.execute("CREATE UNIQUE INDEX t_a ON t (a)")
        conn.execute("CREATE INDEX t_b ON t (b)")
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        conn.execute("BEGIN")
        with pytest.raises(sqlite3.IntegrityError), rows.indexed_after(conn, "t"):
            conn.execute("INSERT INTO t VALUES (1, 1)")
            conn.execute("INSERT INTO t VALUES (1, 2)")
        assert [s for s in statements if s.startswith("DROP")] == ["DROP INDEX \"t_b\""]
        statements.clear()
        with rows.indexed_after(conn, "t"):
            conn.execute("INSERT INTO t VALUES (2, 2)")
        conn.execute("COMMIT")
        assert not [s for s in statements if s.startswith(("DROP", "CREATE"))]
        assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")] \
            == ["t_a", "t_b"]
    finally:
        conn.close()
