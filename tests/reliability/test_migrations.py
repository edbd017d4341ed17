"""Schema versions (reliability.md, style.md "Migrations are append-only and tested").

- The committed fixture database of every released schema opens under the current code with
  every row and every note intact (tests/fixtures/make_fixtures.py built it through the CLI).
- The upgrade mechanism of store/migrations.py, driven with a made-up schema 2: rows kept, a
  0600 backup first, one transaction, foreign keys off (no cascade), `foreign_key_check` before
  commit, a failed step leaves the file as it was.
- Two processes creating the same new database at once both succeed.

Every reader of the schema version (`connection.file_version`, `open_current`, `writes.unit_of_work`,
`migrations.prepare`) reads `mentornet.store.connection.SCHEMA_VERSION` at call time, so patching
that one name makes the whole store believe in a newer schema.
"""

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mentornet.errors import StoreError
from mentornet.services.database import CACHES
from mentornet.store import connection, migrations
from mentornet.store.connection import APPLICATION_ID

pytestmark = pytest.mark.reliability

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V1 = FIXTURES / "schema-v1.db"


# --- helpers -------------------------------------------------------------------------------------


def readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def header(path: Path) -> tuple[int, int]:
    conn = readonly(path)
    try:
        return conn.execute("PRAGMA application_id").fetchone()[0], conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def columns_of(path: Path) -> dict[str, list[str]]:
    """{table: [column, ...]} of a database, to compare rows on the columns it had."""
    conn = readonly(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        conn.close()


def dump(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of every table in `columns`, on those columns only, sorted."""
    conn = readonly(path)
    try:
        rows = {}
        for table, cols in columns.items():
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows[table] = sorted(conn.execute(f'SELECT {quoted} FROM "{table}"'), key=repr)
        return rows
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    """A private copy of the committed schema-1 database (the original is never opened for writing)."""
    folder = tmp_path / "network"
    folder.mkdir(mode=0o700)
    copy = folder / "mentornet.db"
    shutil.copyfile(V1, copy)
    os.chmod(copy, 0o600)
    return copy


# --- the committed fixture of schema 1 ---------------------------------------------------------

# What make_fixtures.py put in schema-v1.db, frozen: it must read back like this forever.
V1_COUNTS = {"role": 7, "contact": 7, "contact_role": 9, "contact_tag": 4, "stage_change": 10, "meeting": 1,
             "outreach": 0, "touch": 0, "action_item": 0, "referral": 0}

V1_LIST = [  # contacts list --json, sorted by name as the CLI sorts them (without the computed dates)
    {"id": 1, "name": "Dr. Ada Okafor", "roles": ["research", "sponsor"], "stage": "cultivation",
     "email": "ada@mercy.example", "institution": "Mercy General"},
    {"id": 7, "name": "Dr. Lee [Cardiology]", "roles": ["clinical"], "stage": "prospect", "email": None,
     "institution": None},
    {"id": 3, "name": "José Núñez-Peña", "roles": ["clinical"], "stage": "exploring", "email": None,
     "institution": None},
    {"id": 6, "name": "René Dubois", "roles": [], "stage": "prospect", "email": "rene@example.org",
     "institution": None},
    {"id": 5, "name": "Siobhán Ó Briain", "roles": ["leadership"], "stage": "initiation", "email": None,
     "institution": None},
    {"id": 2, "name": "Zoë Çelik", "roles": ["personal", "peer"], "stage": "initiation", "email": None,
     "institution": None},
    {"id": 4, "name": "李明", "roles": ["career", "leadership"], "stage": "contacted", "email": None,
     "institution": None},
]

V1_SHOW = {  # contacts show ID --json: the fields that were written, and the notes
    1: {"name": "Dr. Ada Okafor", "tags": ["cardiology", "grant-writing"], "direction": "mentors-me",
        "added_on": "2026-01-15", "referred_by": None, "supervisor": False,
        "notes": "Met at the 2025 résumé workshop; prefers email.\nDon't mention the R01 rejection."},
    2: {"name": "Zoë Çelik", "city": "İstanbul", "seniority": "near-peer", "tags": [],
        "notes": "Ünïcödé notes: “quotes”, emoji 🌱, tabs\tand <angle> brackets"},
    3: {"name": "José Núñez-Peña", "title": "Attending", "supervisor": True, "met_at": "Grand rounds",
        "met_on": "2026-01-10", "referred_by": "Dr. Ada Okafor"},
    4: {"name": "李明", "locality": "remote", "direction": "mutual", "tags": ["研究"]},
    5: {"name": "Siobhán Ó Briain", "direction": "i-mentor", "cadence_days": 21, "tags": ["léadership"],
        "notes": "Wants help with her first grant"},
    6: {"name": "René Dubois", "locality": "local", "email": "rene@example.org", "cadence_days": None},
    7: {"name": "Dr. Lee [Cardiology]", "notes": "[bold]not markup[/bold]", "cadence_days": None,
        "effective_cadence_days": 60},
}

# The stage history in each timeline: (date, words the summary must contain). The wording of a
# summary is presentation and may change; the stages and the notes must not.
V1_STAGES = {
    1: [("2026-01-15", ["cultivation"])],
    2: [("2026-01-15", ["prospect"]),
        ("2026-02-01", ["prospect", "exploring", "coffee after the ward round"]),
        ("2026-02-15", ["exploring", "initiation", "agreed to meet monthly"])],
    3: [("2026-01-10", ["exploring"])],
    4: [("2026-01-15", ["prospect"]), ("2026-02-10", ["prospect", "contacted"])],
    5: [("2026-01-15", ["initiation"])],
    6: [("2026-01-15", ["prospect"])],
    7: [("2026-01-15", ["prospect"])],
}


def test_fixture_is_a_schema_1_mentornet_database():
    assert header(V1) == (APPLICATION_ID, 1)
    counts = {table: len(rows) for table, rows in dump(V1, columns_of(V1)).items()}
    assert counts == V1_COUNTS


def test_schema_1_fixture_opens_under_current_code_with_every_row_intact(ok, v1_copy):
    v1_columns = columns_of(V1)
    rows_before = dump(V1, v1_columns)

    listed = ok("--db", str(v1_copy), "contacts", "list", "--json").json()
    shown = {cid: ok("--db", str(v1_copy), "contacts", "show", str(cid), "--json").json() for cid in V1_SHOW}
    roles = ok("--db", str(v1_copy), "roles", "list", "--json").json()

    assert [{k: c[k] for k in V1_LIST[0]} for c in listed] == V1_LIST
    for cid, expected in V1_SHOW.items():
        got = shown[cid]
        assert {k: got[k] for k in expected} == expected, cid
        stages = sorted((e["date"], e["summary"]) for e in got["timeline"] if e["kind"] == "stage")
        assert [day for day, _ in stages] == [day for day, _ in V1_STAGES[cid]], cid
        for (_, summary), (_, words) in zip(stages, V1_STAGES[cid], strict=False):
            assert all(word in summary for word in words), (cid, summary, words)
    leadership = [r for r in roles if r["key"] == "leadership"]
    assert leadership == [{"key": "leadership", "label": "Leadership", "description": "Running a team or a department",
                           "family": "career", "cadence_days": 59, "target": 1, "contacts": 2}]
    assert {r["key"]: r["target"] for r in roles}["personal"] == 2
    # Whatever the current code did on open (nothing, or an upgrade), no row of schema 1 changed.
    assert header(v1_copy)[0] == APPLICATION_ID
    assert header(v1_copy)[1] == connection.SCHEMA_VERSION
    assert dump(v1_copy, v1_columns) == rows_before


# --- the upgrade mechanism, with a made-up schema after the current one ---------------------------------------------


CURRENT = connection.SCHEMA_VERSION
NEXT = CURRENT + 1


@pytest.fixture
def schema_v2(monkeypatch):
    """Pretend there is a schema after the current one: `step` upgrades to it, after the real steps."""

    def install(step) -> None:
        monkeypatch.setattr(connection, "SCHEMA_VERSION", NEXT)
        monkeypatch.setattr(migrations, "UPGRADES", {**migrations.UPGRADES, CURRENT: step})

    return install


def add_pronouns_and_journal(conn) -> None:
    """A typical step: a new column, a new table, and data moved into it."""
    conn.execute("ALTER TABLE contact ADD COLUMN pronouns TEXT")
    conn.execute(
        "CREATE TABLE journal_entry (id INTEGER PRIMARY KEY, "
        "contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE, text TEXT NOT NULL)"
    )
    conn.execute("INSERT INTO journal_entry (contact_id, text) SELECT id, notes FROM contact WHERE notes IS NOT NULL")


def rebuild_contact_table(conn) -> None:
    """SQLite's table-rebuild recipe: with foreign keys on, DROP TABLE contact would cascade and
    delete every role, tag, stage change and meeting of every contact. Triggers that name the
    table are dropped first; the caches make them again after the steps."""
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    columns = [r[1] for r in conn.execute("PRAGMA table_info(contact)")]
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'contact'").fetchone()
    indexes = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact' AND sql IS NOT NULL")]
    new_sql = sql.replace("CREATE TABLE contact", "CREATE TABLE contact_new", 1)
    new_sql = new_sql.replace("PRIMARY KEY (id)", "pronouns TEXT, PRIMARY KEY (id)", 1)  # the last column
    conn.execute(new_sql)
    listed = ", ".join(f'"{c}"' for c in columns)
    conn.execute(f"INSERT INTO contact_new ({listed}) SELECT {listed} FROM contact")
    conn.execute("DROP TABLE contact")
    conn.execute("ALTER TABLE contact_new RENAME TO contact")
    for index_sql in indexes:
        conn.execute(index_sql)


@pytest.mark.parametrize("step", [add_pronouns_and_journal, rebuild_contact_table], ids=["add", "rebuild"])
def test_upgrade_keeps_every_row_and_backs_up_first(v1_copy, schema_v2, step):
    v1_columns = columns_of(v1_copy)
    rows_before = dump(v1_copy, v1_columns)
    schema_v2(step)

    migrations.prepare(v1_copy, CACHES)

    assert header(v1_copy) == (APPLICATION_ID, NEXT)
    assert connection.file_version(v1_copy) == NEXT
    assert "pronouns" in columns_of(v1_copy)["contact"]
    assert dump(v1_copy, v1_columns) == rows_before  # no cascade, no lost row
    conn = readonly(v1_copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if step is add_pronouns_and_journal:
            assert conn.execute("SELECT count(*) FROM journal_entry").fetchone()[0] == 4  # the contacts with notes
    finally:
        conn.close()

    backups = v1_copy.parent / "backups"
    assert mode(backups) == 0o700
    [backup] = list(backups.iterdir())
    assert backup.suffix == ".db"
    assert mode(backup) == 0o600
    assert header(backup) == (APPLICATION_ID, 1)
    assert columns_of(backup) == v1_columns
    assert dump(backup, v1_columns) == rows_before


def test_current_database_is_left_alone(tmp_path, ok):
    path = tmp_path / "current.db"
    ok("--db", str(path), "add-contact", "Ada")
    before = digest(path)
    migrations.prepare(path, CACHES)
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_both_paths_upgrade_an_old_database_on_open(ok, tmp_path, schema_v2):
    """A read command and a write command each upgrade first."""
    reading, writing = tmp_path / "r" / "mentornet.db", tmp_path / "w" / "mentornet.db"
    for path in (reading, writing):
        path.parent.mkdir()
        shutil.copyfile(V1, path)
    schema_v2(add_pronouns_and_journal)

    listed = ok("--db", str(reading), "contacts", "list", "--json").json()
    ok("--db", str(writing), "add-contact", "Nadia Haddad", "--role", "peer")

    assert len(listed) == V1_COUNTS["contact"]
    assert header(reading) == (APPLICATION_ID, NEXT)
    assert header(writing) == (APPLICATION_ID, NEXT)
    assert len(ok("--db", str(writing), "contacts", "list", "--json").json()) == V1_COUNTS["contact"] + 1


def test_missing_upgrade_step_is_refused_and_changes_nothing(v1_copy, schema_v2):
    before = digest(v1_copy)
    schema_v2(add_pronouns_and_journal)
    migrations.UPGRADES.clear()

    with pytest.raises(StoreError, match="no upgrade from schema 1"):  # the chain breaks at its first step
        migrations.prepare(v1_copy, CACHES)

    assert digest(v1_copy) == before


class StepFailed(Exception):
    pass


def fails_half_way(conn) -> None:
    add_pronouns_and_journal(conn)
    conn.execute("CREATE TABLE contact_tmp AS SELECT * FROM contact")
    conn.execute("DELETE FROM contact_tag")
    conn.execute("UPDATE contact SET notes = 'clobbered'")
    raise StepFailed("the step dies after its DDL")


def leaves_broken_links(conn) -> None:
    # With foreign keys off nothing stops this; foreign_key_check before commit must.
    conn.execute("DELETE FROM role WHERE key = 'leadership'")


def assert_unchanged(path: Path, before_digest: str, v1_columns, rows_before) -> None:
    assert digest(path) == before_digest
    assert header(path) == (APPLICATION_ID, 1)
    assert columns_of(path) == v1_columns  # no new column, no temp table left behind
    assert dump(path, v1_columns) == rows_before
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path]
    assert leftovers == []  # no hot journal


def test_failing_upgrade_step_leaves_the_file_as_it_was_and_a_retry_succeeds(v1_copy, schema_v2):
    v1_columns = columns_of(v1_copy)
    rows_before, before = dump(v1_copy, v1_columns), digest(v1_copy)
    schema_v2(fails_half_way)

    with pytest.raises(StepFailed):
        migrations.prepare(v1_copy, CACHES)

    assert_unchanged(v1_copy, before, v1_columns, rows_before)
    assert connection.file_version(v1_copy) == 1

    schema_v2(add_pronouns_and_journal)
    migrations.prepare(v1_copy, CACHES)  # straight away: its backup must not collide with the first attempt's

    assert header(v1_copy) == (APPLICATION_ID, NEXT)
    assert dump(v1_copy, v1_columns) == rows_before
    [backup] = list((v1_copy.parent / "backups").iterdir())  # one per version upgraded from, not per attempt
    assert backup.name == f"{v1_copy.stem}-schema1-before-upgrade.db"
    assert header(backup) == (APPLICATION_ID, 1)
    assert dump(backup, v1_columns) == rows_before


def test_upgrade_that_breaks_a_foreign_key_is_refused_and_changes_nothing(v1_copy, schema_v2):
    v1_columns = columns_of(v1_copy)
    rows_before, before = dump(v1_copy, v1_columns), digest(v1_copy)
    schema_v2(leaves_broken_links)

    with pytest.raises(StoreError, match="broken links"):
        migrations.prepare(v1_copy, CACHES)

    assert_unchanged(v1_copy, before, v1_columns, rows_before)


# --- two processes creating the same new database ----------------------------------------------

# Each worker imports everything first, waits for the starting gun (a file), then runs the CLI,
# so the two first-use creations really overlap.
WORKER = textwrap.dedent(
    """
    import os, sys, time
    from mentornet.cli import app
    import mentornet.store.migrations, mentornet.store.schema  # SQLModel loaded before the gun, not after
    gun, db, name = sys.argv[1:4]
    while not os.path.exists(gun):
        time.sleep(0.001)
    sys.argv = ["mentornet", "--db", db, "add-contact", name]
    app()
    """
)


def test_two_processes_creating_the_same_database_both_succeed(tmp_path):
    gun = tmp_path / "go"
    databases = [tmp_path / f"race{i}" / "mentornet.db" for i in range(3)]  # three races, two runners each
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(gun), str(db), f"Runner {i} Ñ"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for db in databases for i in range(2)
    ]
    gun.touch()
    results = [(w.wait(timeout=60), *w.communicate()) for w in workers]

    for code, out, err in results:
        assert code == 0, err
        assert err == ""
        assert out.strip().isdigit()
    for db in databases:
        conn = readonly(db)
        try:
            names = sorted(r[0] for r in conn.execute("SELECT name FROM contact"))
            roles = [r[0] for r in conn.execute("SELECT key FROM role ORDER BY position")]
            assert conn.execute("PRAGMA user_version").fetchone()[0] == connection.SCHEMA_VERSION
            assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        finally:
            conn.close()
        assert names == ["Runner 0 Ñ", "Runner 1 Ñ"]
        assert roles == ["clinical", "research", "career", "personal", "sponsor", "peer"]
        assert mode(db) == 0o600


# --- the upgrade path's own failures, and several commands at the first use after an upgrade ------

V4 = FIXTURES / "schema-v4.db"


@pytest.fixture
def v4_copy(tmp_path) -> Path:
    path = tmp_path / "old" / "mentornet.db"
    path.parent.mkdir()
    shutil.copyfile(V4, path)
    return path


def test_an_upgrade_blocked_by_another_program_says_so_in_one_line(cli, v4_copy, monkeypatch):
    from tests.checks import assert_error

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(v4_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert_error(cli("--db", str(v4_copy), "gaps"), 1, "in use by another program")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert header(v4_copy) == (APPLICATION_ID, 4)
    assert not (v4_copy.parent / "backups").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only file")
def test_an_upgrade_of_a_read_only_file_says_so_in_one_line(cli, v4_copy):
    from tests.checks import assert_error

    os.chmod(v4_copy, 0o400)
    assert_error(cli("--db", str(v4_copy), "gaps"), 1)


def test_an_upgrade_of_a_file_in_a_read_only_folder_says_so_in_one_line(cli, v4_copy, tmp_path):
    """As root too: a folder mounted read-only can't be written by anyone."""
    from tests.checks import assert_error

    ro = tmp_path / "ro"
    ro.mkdir()
    if subprocess.run(["mount", "--bind", "-o", "ro", str(v4_copy.parent), str(ro)], capture_output=True).returncode:
        pytest.skip("can't make a read-only mount here")
    try:
        done = cli("--db", str(ro / "mentornet.db"), "gaps")
        assert_error(done, 1)
        assert "unexpected" not in done.stderr and "report it" not in done.stderr
    finally:
        subprocess.run(["umount", str(ro)], check=True)
    assert header(v4_copy) == (APPLICATION_ID, 4)


COMMANDS_AT_ONCE = [["contacts", "list", "--json"], ["gaps"], ["outreach", "due"],
                    ["add-contact", "Runner One"], ["touch", "Ada", "--note", "hi"], ["add-contact", "Runner Two"]]


def test_several_commands_at_the_first_use_after_an_upgrade_all_succeed(v4_copy):
    gun = v4_copy.parent / "go"
    script = textwrap.dedent(
        """
        import os, sys, time
        from mentornet.cli import app
        import mentornet.store.migrations
        gun, db = sys.argv[1:3]
        while not os.path.exists(gun):
            time.sleep(0.001)
        sys.argv = ["mentornet", "--db", db, *sys.argv[3:]]
        app()
        """
    )
    workers = [subprocess.Popen([sys.executable, "-c", script, str(gun), str(v4_copy), *argv],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for argv in COMMANDS_AT_ONCE]
    gun.touch()
    results = [(argv, w.wait(timeout=120), w.communicate()[1]) for argv, w in zip(COMMANDS_AT_ONCE, workers, strict=True)]

    for argv, code, err in results:
        assert code == 0, (argv, err)
    assert header(v4_copy) == (APPLICATION_ID, connection.SCHEMA_VERSION)
    assert [p.name for p in (v4_copy.parent / "backups").iterdir()] == ["mentornet-schema4-before-upgrade.db"]
    conn = readonly(v4_copy)
    assert {"Runner One", "Runner Two"} <= {row[0] for row in conn.execute("SELECT name FROM contact")}
    conn.close()
