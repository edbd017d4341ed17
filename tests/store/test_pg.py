"""PostgreSQL as a second store (issue 19, prototype).

The translation of statement text runs everywhere. The rest needs a server: MENTORNET_TEST_PG, a
URL of a database the tests may create databases from (scripts/pg_cluster.sh start prints it);
without it they are skipped. Each test gets a database of its own, dropped after it.
"""

import json
import os
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest

from mentornet.errors import StoreError
from mentornet.paths import database_path, masked
from mentornet.store import pg
from tests.checks import assert_error

SERVER = os.environ.get("MENTORNET_TEST_PG")
needs_server = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server (set MENTORNET_TEST_PG: scripts/pg_cluster.sh)")
DEMO = Path(__file__).parents[2] / "examples" / "demo.py"


# --- The statement text (no server needed) ---

@pytest.mark.parametrize(("sqlite", "postgresql"), [
    ("SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = %s AND b = %s"),
    ("SELECT * FROM t WHERE a MATCH :expression LIMIT :limit",
     "SELECT * FROM t WHERE a MATCH %(expression)s LIMIT %(limit)s"),
    ("SELECT id % 16, '50% ?' FROM t", "SELECT id %% 16, '50%% ?' FROM t"),  # a literal keeps its ?
    ("INSERT OR IGNORE INTO due_pending (contact_id) SELECT NEW.id",
     "INSERT INTO due_pending (contact_id) SELECT NEW.id ON CONFLICT DO NOTHING"),
    ("SELECT 1 FROM action_item a INDEXED BY ix_action_mine_open JOIN c", "SELECT 1 FROM action_item a JOIN c"),
    ("ORDER BY due, contact COLLATE NOCASE, kind", "ORDER BY due, nocase(contact), kind"),
    ("WHERE id IS NOT ? ORDER BY +c.name_key, c.id", "WHERE id IS DISTINCT FROM %s ORDER BY c.name_key, c.id"),
    ("SELECT group_concat(tag, char(31))", "SELECT group_concat(tag, chr(31))"),
    ("SELECT a::text, x'", "SELECT a::text, x'"),  # a cast is not a :name
])
def test_translate(sqlite, postgresql):
    assert pg.translate(sqlite) == postgresql


def test_a_password_is_never_shown():
    assert masked("postgresql://ann:s3cret@db.example.org:5433/net") == "postgresql://ann:***@db.example.org:5433/net"
    assert masked("postgresql:///net?host=/tmp/x") == "postgresql:///net?host=/tmp/x"
    assert masked("postgres://db/net?user=ann&password=s3cret&sslmode=require") == \
        "postgres://db/net?user=ann&password=***&sslmode=require"
    assert str(database_path("postgresql://ann:s3cret@db/net")) == "postgresql://ann:***@db/net"


# --- On a server ---

@pytest.fixture
def url():
    """A new, empty database on the test server; dropped afterwards."""
    import psycopg

    assert SERVER
    name = f"mentornet_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = SERVER.partition("?")
    made = base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")
    yield made
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@needs_server
@pytest.mark.parametrize("expression", [
    "date('2024-01-31', '+1 days')", "date('2024-02-28', '+' || (1) || ' days')", "date('9999-12-30', '+5 days')",
    "date('2024-03-01', '-1 days')", "date(NULL, '+1 days')", "max('2024-01-01', '2023-12-31')",
    "max('2024-01-01', NULL)", "min(3, 7)", "max('', '2024-01-01', '', '')", "instr('mercy general', 'gen')",
    "(SELECT group_concat(x, ', ') FROM (SELECT 'b' AS x UNION ALL SELECT NULL UNION ALL SELECT 'a') AS s)",
    "(SELECT group_concat(x) FROM (SELECT 'b' AS x WHERE 1 = 0) AS s)",
    "(SELECT json_group_array(x) FROM (SELECT 'b' AS x WHERE 1 = 0) AS s)",
    "(SELECT json_group_array(x) FROM (SELECT 'b' AS x) AS s)",
])
def test_sqlite_functions_mean_the_same(url, expression):
    conn = pg.open_current(url, ())
    try:
        on_pg = conn.execute(f"SELECT {expression}").fetchone()[0]
    finally:
        conn.close()
    on_sqlite = sqlite3.connect(":memory:").execute(f"SELECT {expression}").fetchone()[0]
    if isinstance(on_sqlite, str) and on_sqlite.startswith("["):
        on_sqlite, on_pg = json.loads(on_sqlite), json.loads(on_pg)
    assert on_pg == on_sqlite


@needs_server
def test_nocase_orders_as_sqlite(url):
    names = ["ann", "Bob", "Émile", "émile", "zoe", "Ann", "_x", "Zed", "a b", "ab"]
    conn = pg.open_current(url, ())
    try:
        values = " UNION ALL ".join(f"SELECT '{name}' AS name" for name in names)
        on_pg = [row[0] for row in conn.execute(f"SELECT name FROM ({values}) AS v ORDER BY name COLLATE NOCASE, name")]
    finally:
        conn.close()
    on_sqlite = [row[0] for row in sqlite3.connect(":memory:").execute(
        f"SELECT name FROM ({values}) ORDER BY name COLLATE NOCASE, name")]
    assert on_pg == on_sqlite


@needs_server
def test_a_new_database_is_made_with_its_version(url):
    from mentornet.services.database import SERVER_CACHES
    from mentornet.store.connection import SCHEMA_VERSION

    conn = pg.open_current(url, SERVER_CACHES)
    try:
        assert pg.database_version(conn) == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM role").fetchone()[0] == 6
        assert dict(conn.execute("SELECT name, version FROM cache_version").fetchall()) == {
            cache.name: cache.version for cache in SERVER_CACHES}
    finally:
        conn.close()


@needs_server
def test_a_foreign_database_is_refused_and_left_alone(url, cli):
    import psycopg

    with psycopg.connect(url, autocommit=True) as raw:
        raw.execute("CREATE TABLE invoices (id integer)")
    assert_error(cli("--db", url, "add-contact", "Ada"), 1, "not a mentornet database")
    with psycopg.connect(url, autocommit=True) as raw:
        tables = [name for (name,) in raw.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
    assert tables == ["invoices"]


@needs_server
def test_a_newer_database_is_refused(url):
    conn = pg.open_current(url, ())
    conn.execute(f"UPDATE {pg.META_TABLE} SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(StoreError, match="newer mentornet"):
        pg.open_current(url, ())


@needs_server
def test_writes_keep_the_caches_in_step(url, cli):
    """Commands write through the plpgsql triggers; the due items equal the rules run afresh."""
    from mentornet.services import due

    assert cli("--db", url, "add-contact", "Ada Lovelace", "--role", "research", "--stage", "cultivation").exit_code == 0
    assert cli("--db", url, "meeting", "log", "Ada", "--on", "2026-09-01").exit_code == 0
    assert cli("--db", url, "outreach", "log", "Ada", "--on", "2026-10-01").exit_code == 0
    conn = pg.connect(url)
    try:
        last, outreach = conn.execute("SELECT last_contact_on, latest_outreach_id FROM contact").fetchone()
        assert (last, outreach) == ("2026-10-01", 1)
        stored = sorted(conn.execute(f"SELECT {due.COLUMNS} FROM due_item").fetchall())
        fresh = sorted(conn.execute(f"SELECT {due.COLUMNS} FROM ({due.rules_sql()}) AS rules").fetchall())
        assert stored == fresh and stored
        assert conn.execute("SELECT count(*) FROM due_pending").fetchone()[0] == 0
    finally:
        conn.close()


@needs_server
def test_the_demo_gives_the_same_answers_on_both_stores(url, tmp_path, cli, monkeypatch):
    import runpy

    for db in (str(tmp_path / "demo.db"), url):
        monkeypatch.setattr("sys.argv", ["demo.py", "--db", db, "--today", date(2026, 11, 22).isoformat()])
        runpy.run_path(str(DEMO), run_name="__main__")
    for command in (["outreach", "due", "--json"], ["gaps", "--json"], ["contacts", "list", "--json"],
                    ["stats", "--json"], ["goals", "list", "--json"], ["contacts", "show", "1", "--json"]):
        on_sqlite, on_pg = cli("--db", str(tmp_path / "demo.db"), *command), cli("--db", url, *command)
        assert on_sqlite.exit_code == on_pg.exit_code == 0, command
        if command[:2] == ["contacts", "show"]:  # the instant each row was written differs between the two builds
            assert {**on_pg.json(), "created_at": None} == {**on_sqlite.json(), "created_at": None}
        else:
            assert on_pg.json() == on_sqlite.json(), command


@needs_server
def test_the_json_round_trip_sqlite_postgresql_sqlite_is_exact(url, tmp_path, cli, monkeypatch):
    import runpy

    first = tmp_path / "first.db"
    monkeypatch.setattr("sys.argv", ["demo.py", "--db", str(first), "--today", "2026-11-22"])
    runpy.run_path(str(DEMO), run_name="__main__")
    exports = []
    for source, target in ((str(first), url), (url, str(tmp_path / "back.db")), (str(tmp_path / "back.db"), None)):
        exported = cli("--db", source, "export", "--format", "json")
        assert exported.exit_code == 0, exported.stderr
        exports.append({key: value for key, value in exported.json().items() if key != "exported_at"})
        if target is not None:
            (tmp_path / "network.json").write_text(exported.stdout)
            assert cli("--db", target, "import", str(tmp_path / "network.json")).exit_code == 0
    assert exports[0] == exports[1] == exports[2]
