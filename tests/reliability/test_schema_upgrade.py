"""Every released schema upgrades to exactly the schema a new database gets, keeping every row,
and the stored last-contact columns (schema 2) agree with the rows they summarise."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from mentornet.services import due
from mentornet.services.database import CACHES
from mentornet.store import connection, migrations, search

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_file("upgrades of released SQLite files")]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASED = sorted(FIXTURES.glob("schema-v*.db"))


def shape(path: Path) -> dict:
    """Tables with their columns, indexes with their columns and conditions, triggers by name."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        result = {}
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            result[f"table {table}"] = [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
            result[f"fks {table}"] = sorted(tuple(r[2:]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")'))
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"):
            result[f"object {name}"] = " ".join((sql or "").split())
        return result
    finally:
        conn.close()


def rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        listed = ", ".join(f'"{c}"' for c in columns)
        # by every column, not rowid: FTS5's shadow tables (schema 3's search index) are WITHOUT ROWID
        return conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY {listed}').fetchall()
    finally:
        conn.close()


LEGACY_SEARCH_TABLES = {"search_index", *(f"search_index_{shadow}"
                                          for shadow in ("data", "idx", "content", "docsize", "config"))}
# schema 5 replaced the copy of the due rules' SQL with the caches' version numbers
DROPPED_TABLES = LEGACY_SEARCH_TABLES | {"due_rules"}


def search_documents(path: Path) -> list[tuple] | None:
    """The search index's documents, from schema 3's table or schema 4's shards (None before schema 3);
    without their rowids, which are the index's own layout (store/search.py: kind code * SPAN + id)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        tables = [t for t in ["search_index", *search.TABLES] if t in names]
        return sorted(row for table in tables for row in conn.execute(
            f"SELECT kind, contact_id, on_date, name, body FROM {table}")) if tables else None
    finally:
        conn.close()


def test_there_is_a_fixture_for_the_current_schema():
    assert FIXTURES / f"schema-v{connection.SCHEMA_VERSION}.db" in RELEASED


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_upgrade_gives_the_fresh_schema_and_keeps_every_row(tmp_path, ok, fixture):
    old = tmp_path / "old" / "mentornet.db"
    old.parent.mkdir()
    shutil.copyfile(fixture, old)
    before = shape(old)
    kept = {key[6:]: [c[0] for c in cols] for key, cols in before.items() if key.startswith("table ")}
    data_before = {table: rows(old, table, columns) for table, columns in kept.items()}

    documents_before = search_documents(old)

    migrations.prepare(old, CACHES)
    fresh = tmp_path / "fresh" / "mentornet.db"
    ok("--db", str(fresh), "roles", "add", "made-fresh")  # a first write creates it (a read would refuse)
    conn = sqlite3.connect(fresh)
    try:
        with conn:
            conn.execute("DELETE FROM role WHERE key = 'made-fresh'")
    finally:
        conn.close()

    assert shape(old) == shape(fresh)
    after = {key[6:] for key in shape(old) if key.startswith("table ")}
    # schema 4 split schema 3's search table into shards: the table and its FTS5 shadow tables go,
    # every document comes back in a shard
    assert set(kept) - after <= DROPPED_TABLES
    for table in set(kept) & after:
        if table.startswith("search_index"):  # FTS5's own segments: rebuilt, compared by document below
            continue
        if table == due.TABLE:  # a cache: made again when its version changes, so compared with its rules
            conn = sqlite3.connect(old)
            try:
                recomputed = sorted(conn.execute(f"SELECT {due.COLUMNS} FROM ({due.rules_sql()})"), key=repr)
            finally:
                conn.close()
            assert sorted(rows(old, table, due.COLUMNS.split(", ")), key=repr) == recomputed, table
            continue
        if table == "cache_version":  # the versions the file's caches now have: the declared ones
            assert rows(old, table, ["name", "version"]) == sorted((c.name, c.version) for c in CACHES), table
            continue
        assert rows(old, table, kept[table]) == data_before[table], table
    if documents_before is not None:
        documents = search_documents(old)
        if not any(document[0] == "question" for document in documents_before):  # indexed since search v2
            conn = sqlite3.connect(old)
            try:
                questions = sorted(("question", *row) for row in conn.execute(
                    "SELECT contact_id, asked_on, NULL, text FROM question WHERE text != ''"))
            finally:
                conn.close()
            assert [document for document in documents if document[0] == "question"] == questions
            documents = [document for document in documents if document[0] != "question"]
        assert documents == documents_before
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


LAST_CONTACT = """SELECT c.id, c.last_contact_on, c.latest_meeting_id, c.latest_outreach_id,
    nullif(max(coalesce((SELECT max(on_date) FROM meeting WHERE contact_id = c.id), ''),
               coalesce((SELECT max(on_date) FROM touch WHERE contact_id = c.id), ''),
               coalesce((SELECT max(on_date) FROM outreach WHERE contact_id = c.id), ''),
               coalesce((SELECT max(outcome_on) FROM outreach WHERE contact_id = c.id
                         AND outcome IN ('replied', 'declined')), '')), ''),
    (SELECT id FROM meeting WHERE contact_id = c.id ORDER BY on_date DESC, id DESC LIMIT 1),
    (SELECT id FROM outreach WHERE contact_id = c.id ORDER BY on_date DESC, id DESC LIMIT 1)
    FROM contact c"""


def _stored_matches_rows(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        for id_, stored, meeting, outreach, computed, computed_meeting, computed_outreach in conn.execute(LAST_CONTACT):
            assert (stored, meeting, outreach) == (computed, computed_meeting, computed_outreach), f"contact {id_}"
    finally:
        conn.close()


def test_upgrade_fills_the_stored_last_contact(tmp_path):
    old = tmp_path / "mentornet.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", old)
    migrations.prepare(old, CACHES)
    _stored_matches_rows(old)
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT count(*) FROM contact WHERE last_contact_on IS NOT NULL").fetchone()[0] > 0
    conn.close()


def test_triggers_follow_every_write(ok, db_path):
    """Inserts, backdated events, edits of dates and deletes all keep the stored columns right."""
    ok("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("add-contact", "Ben Liu", "--role", "career")
    ok("outreach", "log", "Ben", "--on", "2026-10-01")
    ok("outreach", "reply", "Ben", "--on", "2026-10-05")
    ok("meeting", "log", "Ada", "--on", "2026-11-01")
    ok("meeting", "log", "Ada", "--on", "2026-09-01")  # backdated: not the latest
    ok("touch", "Ada", "--on", "2026-11-10")
    _stored_matches_rows(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT last_contact_on FROM contact WHERE name = 'Ben Liu'").fetchone()[0] == "2026-10-05"
    assert conn.execute("SELECT last_contact_on FROM contact WHERE name = 'Ada Okafor'").fetchone()[0] == "2026-11-10"
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("DELETE FROM touch")
    conn.execute("UPDATE meeting SET on_date = '2026-08-01' WHERE on_date = '2026-11-01'")
    conn.commit()
    conn.close()
    _stored_matches_rows(db_path)
    assert ok("contacts", "show", "Ada", "--json").json()["last_contact"] == "2026-09-01"
