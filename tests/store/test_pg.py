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
    # a cache's queue as an array, looked up key by key, whether a key is in it or not
    ("WHERE contact_id IN (SELECT contact_id FROM due_pending)",
     "WHERE contact_id = ANY(ARRAY(SELECT contact_id FROM due_pending))"),
    ("WHERE id NOT IN (SELECT contact_id FROM due_pending)",
     "WHERE id <> ALL(ARRAY(SELECT contact_id FROM due_pending))"),
])
def test_translate(sqlite, postgresql):
    assert pg.translate(sqlite) == postgresql


def test_a_password_is_never_shown():
    assert masked("postgresql://ann:s3cret@db.example.org:5433/net") == "postgresql://ann:***@db.example.org:5433/net"
    assert masked("postgresql:///net?host=/tmp/x") == "postgresql:///net?host=/tmp/x"
    assert masked("postgres://db/net?user=ann&password=s3cret&sslmode=require") == \
        "postgres://db/net?user=ann&password=***&sslmode=require"
    assert masked("postgresql://ada:s3cr?t#x@db.example.org/m") == "postgresql://ada:***@db.example.org/m"
    server = database_path("postgresql://ann:s3cret@db/net")
    assert str(server) == "postgresql://ann:***@db/net" and "s3cret" not in repr(server)


def test_a_url_libpq_cant_read_is_one_line_without_its_password(cli):
    result = cli("--db", "postgresql://ann:p%zzq@db.example.invalid/net?sslmode=require", "gaps")
    assert_error(result, 1, "can't be read as a PostgreSQL URL")
    assert "p%zzq" not in result.stderr and "zzq" not in result.stderr


def test_two_servers_never_share_backups():
    one, two = (database_path(f"postgresql://ann@{host}/mentornet") for host in ("a.example.org", "b.example.org"))
    assert one.stem != two.stem and one.stem.startswith("mentornet-")
    assert database_path("postgresql://ann:pw1@a.example.org/mentornet").stem == \
        database_path("postgresql://ann:pw2@a.example.org/mentornet").stem  # the password is not the database


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
    # months and years move that field and overflow the day, as SQLite does (not PostgreSQL's interval)
    "date('2024-02-29', '+1 years')", "date('2024-01-31', '+1 months')", "date('2024-03-31', '-1 months')",
    "date('2024-11-22', '+2 years', '+1 day')", "date('9998-12-31', '+2 years')",
    "julianday('2026-11-22')", "julianday('2026-11-22') - julianday('2024-02-29')",
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
    from mentornet.services.database import server_caches
    from mentornet.store.connection import SCHEMA_VERSION

    conn = pg.open_current(url, server_caches())
    try:
        assert pg.database_version(conn) == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM role").fetchone()[0] == 6
        assert dict(conn.execute("SELECT name, version FROM cache_version").fetchall()) == {
            cache.name: cache.version for cache in server_caches()}
    finally:
        conn.close()


@needs_server
def test_a_cache_of_an_older_version_is_made_again_on_open(url, cli):
    """A database written by the last release (its search index of version 1, documents numbered
    the old way) is brought up to date by the next command, before it reads anything."""
    cli("--db", url, "add-contact", "Ada Okafor", "--note", "grant aims")
    cli("--db", url, "touch", "Ada", "--on", "2026-10-01", "--note", "grant narrative")
    conn = pg.connect(url)
    try:
        made = conn.execute("SELECT doc, kind FROM search_document ORDER BY doc").fetchall()
        conn.execute("UPDATE search_document SET doc = -doc")  # what another version's numbering would leave
        conn.execute("UPDATE cache_version SET version = 1 WHERE name = 'search'")
    finally:
        conn.close()
    assert [(hit["contact"], hit["kind"]) for hit in cli("--db", url, "search", "grant", "--json").json()] == [
        ("Ada Okafor", "contact"), ("Ada Okafor", "touch")]
    conn = pg.connect(url)
    try:
        assert conn.execute("SELECT doc, kind FROM search_document ORDER BY doc").fetchall() == made
        assert conn.execute("SELECT version FROM cache_version WHERE name = 'search'").fetchone()[0] > 1
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


# --- Everyday use on a server: errors, privacy, backups, doctor, many writers ---

def test_a_password_never_reaches_an_error(cli):
    result = cli("--db", "postgresql://ann:s3cret@db.example.invalid/net?sslmode=require&connect_timeout=2", "gaps")
    assert_error(result, 1, "can't connect to postgresql://ann:***@db.example.invalid/net?", "check the URL")
    assert "s3cret" not in result.stderr


def test_a_remote_server_without_tls_gets_a_warning(cli):
    plain = cli("--db", "postgresql://ann@db.example.invalid/net?connect_timeout=2", "gaps")
    assert plain.stderr.startswith("warning: postgresql://ann@db.example.invalid/net?connect_timeout=2 reaches "
                                   "db.example.invalid "
                                   "without TLS"), plain.stderr
    assert plain.stderr.count("without TLS") == 1
    for quiet in ("postgresql://ann@db.example.invalid/net?sslmode=require&connect_timeout=2",
                  "postgresql:///net?host=/var/run/postgresql", "postgresql://ann@localhost/net?connect_timeout=2"):
        assert "without TLS" not in cli("--db", quiet, "gaps").stderr, quiet


@needs_server
def test_backup_writes_the_json_export_and_restore_fills_an_empty_database(url, tmp_path, cli, monkeypatch):
    import psycopg

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    assert cli("--db", url, "add-contact", "Zoë Ångström", "--role", "research").exit_code == 0
    made = cli("--db", url, "backup")
    assert made.exit_code == 0, made.stderr
    written = Path(made.stdout.strip())
    assert written.suffix == ".json" and written.parent == tmp_path / "home" / "mentornet" / "backups"
    assert written.name.startswith(database_path(url).stem + "-backup-")
    assert written.stat().st_mode & 0o777 == 0o600
    assert "JSON export" in made.stderr
    assert_error(cli("--db", url, "restore", str(written)), 1, "already holds a network")
    assert_error(cli("--db", url, "restore", "/etc/hostname"), 1, "not a JSON export")
    other = url.replace("/mentornet_", "/restored_", 1)
    name = other.split("/")[3].split("?")[0]
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        restored = cli("--db", other, "restore", str(written))
        assert restored.exit_code == 0, restored.stderr
        listed = cli("--db", other, "contacts", "list", "--json").json()
        assert [c["name"] for c in listed] == ["Zoë Ångström"]
        assert cli("--db", other, "doctor", "--json").json()["checks"][-1]["name"] == "backup"
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@needs_server
def test_doctor_reports_the_server(url, cli):
    empty = cli("--db", url, "doctor", "--json")
    assert empty.exit_code == 0, empty.stderr
    checks = {check["name"]: check for check in empty.json()["checks"]}
    assert checks["server"]["ok"] and checks["server"]["detail"].startswith("PostgreSQL ")
    assert checks["connection"]["detail"] == "a local socket: nothing crosses the network"
    assert "created on first use" in checks["schema"]["detail"]
    # the test cluster's role is a superuser: more than mentornet needs, and doctor says so
    assert checks["role"]["warning"] and "superuser" in checks["role"]["detail"]
    cli("--db", url, "add-contact", "Ada")
    checks = {check["name"]: check for check in cli("--db", url, "doctor", "--json").json()["checks"]}
    assert checks["schema"]["detail"].startswith("schema version ")


@needs_server
def test_a_write_waiting_past_the_lock_timeout_is_one_line(url, cli):
    """Another program holding mentornet's write lock: the waiting command gives up in one line."""
    held = pg.connect(url)
    cli("--db", url, "add-contact", "Ada")  # the database made before the lock is held
    try:
        held.execute("BEGIN IMMEDIATE")
        quick = url + "&options=-c%20lock_timeout%3D300"
        assert_error(cli("--db", quick, "add-contact", "Ben"), 1, "is in use by another mentornet command or another "
                     "program", "nothing was changed")
    finally:
        held.rollback()
        held.close()
    assert [c["name"] for c in cli("--db", url, "contacts", "list", "--json").json()] == ["Ada"]


@needs_server
def test_networks_in_two_schemas_of_one_database_dont_wait_for_each_other(url, cli):
    """The write lock is the schema's: a programme keeping its trainees' networks in schemas of one
    database doesn't queue one trainee's command behind another's."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("CREATE SCHEMA ann; CREATE SCHEMA bo")
    ann, bo = (url + f"&options=-c%20search_path%3D{schema}%2Cpublic%20-c%20lock_timeout%3D300" for schema in ("ann", "bo"))
    cli("--db", ann, "add-contact", "Ada")
    cli("--db", bo, "add-contact", "Ben")
    held = pg.connect(ann)
    try:
        held.execute("BEGIN IMMEDIATE")
        assert cli("--db", bo, "add-contact", "Cy").exit_code == 0
        assert_error(cli("--db", ann, "add-contact", "Di"), 1, "is in use by another", "nothing was changed")
    finally:
        held.rollback()
        held.close()
    assert [c["name"] for c in cli("--db", bo, "contacts", "list", "--json").json()] == ["Ben", "Cy"]
    assert [c["name"] for c in cli("--db", ann, "contacts", "list", "--json").json()] == ["Ada"]


@needs_server
def test_eight_processes_writing_at_once_lose_nothing(url):
    import subprocess
    import sys

    first = subprocess.run([sys.executable, "-m", "mentornet", "--db", url, "add-contact", "Ada"], capture_output=True,
                           text=True)
    assert first.returncode == 0, first.stderr
    writers = [subprocess.Popen([sys.executable, "-c", f"""
import subprocess, sys
for n in range(3):
    done = subprocess.run([sys.executable, "-m", "mentornet", "--db", {url!r}, "add-contact", "W{w}-" + str(n),
                           "--note", "written by {w}"], capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)
    subprocess.run([sys.executable, "-m", "mentornet", "--db", {url!r}, "touch", "Ada", "--note", "{w}-" + str(n)],
                   check=True, capture_output=True)
"""], stderr=subprocess.PIPE, text=True) for w in range(8)]
    ended = [(proc.communicate(timeout=300)[1], proc.returncode) for proc in writers]
    failures = [stderr for stderr, code in ended if code]
    assert not failures, failures
    conn = pg.connect(url)
    try:
        names = sorted(name for (name,) in conn.execute("SELECT name FROM contact WHERE name LIKE 'W%'"))
        assert names == sorted(f"W{w}-{n}" for w in range(8) for n in range(3))
        assert conn.execute("SELECT count(*) FROM touch").fetchone()[0] == 24
        ids = [i for (i,) in conn.execute("SELECT id FROM contact ORDER BY id")]
        assert ids == list(range(1, 26))  # max + 1 under the lock: no gaps, no duplicates
        assert conn.execute("SELECT count(*) FROM due_pending").fetchone()[0] == 0
    finally:
        conn.close()


@needs_server
def test_a_killed_import_leaves_nothing_behind(url, tmp_path):
    """kill -9 of the client while the import writes: the server rolls the transaction back."""
    import signal
    import subprocess
    import sys
    import time

    rows = "\n".join(f"Person{n},Surname{n},https://www.linkedin.com/in/p{n},,Mercy General,Fellow,01 Jan 2024"
                     for n in range(20000))
    export = tmp_path / "Connections.csv"
    export.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows + "\n")
    assert subprocess.run([sys.executable, "-m", "mentornet", "--db", url, "add-contact", "Ada"]).returncode == 0
    importer = subprocess.Popen([sys.executable, "-m", "mentornet", "--db", url, "import", str(export)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watcher = pg.connect(url)
    try:
        deadline = time.monotonic() + 120
        while not watcher.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid != pg_backend_pid())"
        ).fetchone()[0]:
            assert importer.poll() is None and time.monotonic() < deadline, "the import ended before it was killed"
            time.sleep(0.02)
        time.sleep(0.3)  # well inside the writing
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        deadline = time.monotonic() + 30
        while watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                              "AND pid != pg_backend_pid()").fetchone()[0]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert [name for (name,) in watcher.execute("SELECT name FROM contact")] == ["Ada"]
        assert watcher.execute("SELECT count(*) FROM due_pending").fetchone()[0] == 0
    finally:
        watcher.close()


@needs_server
def test_the_readmes_least_privilege_role_is_enough(cli):
    """One database per person, owned by a login role with no other rights (the README's SQL):
    mentornet makes its tables, its functions and unaccent there, and doctor finds nothing to say."""
    import psycopg

    role, database = f"person_{uuid.uuid4().hex[:8]}", f"mentornet_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"CREATE DATABASE {database} OWNER {role}")
        admin.execute(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
    base, _, query = SERVER.partition("?")
    url = base.rsplit("/", 1)[0] + f"/{database}?" + "&".join(
        part for part in query.split("&") if not part.startswith("user=")) + f"&user={role}"
    try:
        assert cli("--db", url, "add-contact", "Ada Okafor", "--note", "grant idea").exit_code == 0
        assert [hit["contact"] for hit in cli("--db", url, "search", "grant", "--json").json()] == ["Ada Okafor"]
        checks = {check["name"]: check for check in cli("--db", url, "doctor", "--json").json()["checks"]}
        assert checks["role"] == {"name": "role", "ok": True, "warning": False,
                                  "detail": f"{role} has only what mentornet needs", "fix": None}
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            admin.execute(f"DROP ROLE IF EXISTS {role}")


@needs_server
def test_a_generated_network_gives_the_same_due_items_and_gaps_on_both_stores(url, tmp_path, cli):
    """benchmarks/make_network.py's network (every stage, role, rule and kind of record, in
    plausible proportions), copied row for row into PostgreSQL: the same answers, to the byte."""
    import subprocess
    import sys

    network = tmp_path / "network.db"
    root = Path(__file__).resolve().parents[2]
    made = subprocess.run([sys.executable, str(root / "benchmarks" / "make_network.py"), "--contacts", "300",
                           "--db", str(network), "--seed", "7"], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    copied = subprocess.run([sys.executable, str(root / "benchmarks" / "pg_network.py"), str(network), url],
                            capture_output=True, text=True, timeout=300)
    assert copied.returncode == 0, copied.stderr
    for command in (["outreach", "due", "--json"], ["gaps", "--json"], ["health", "--json"],
                    ["contacts", "list", "--json"], ["mentees", "--json"], ["stats", "--json"]):
        on_sqlite, on_pg = cli("--db", str(network), *command), cli("--db", url, *command)
        assert on_sqlite.exit_code == on_pg.exit_code == 0, (command, on_pg.stderr)
        assert on_pg.stdout == on_sqlite.stdout, command
    assert len(cli("--db", url, "outreach", "due", "--json").json()) > 50  # a network with something to compare
    for words in (["grant"], ["sponsor", "feedback"], ["stat"]):  # search: the same hits in the same order
        found = [[(hit["contact"], hit["kind"], hit["date"]) for hit in cli("--db", db, "search", *words, "--limit",
                                                                             "500", "--json").json()]
                 for db in (str(network), url)]
        assert found[0] == found[1], words
        assert len(found[0]) > 20, words
