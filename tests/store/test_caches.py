"""Each cache (store/caches.py) stays equal to a recompute, whatever column of whatever table
changes; each version stands for one declaration.
"""

import shutil
import sqlite3

import pytest

from mentornet.services.database import CACHES
from mentornet.store import caches, search
from mentornet.store.connection import apply_pragmas
from tests.checks import ON_SERVER, open_database

# What each version of each cache stands for. Changing a cache's query or what it reads changes
# its fingerprint: bump its version (so files made by the last release recompute it on open) and
# record the new fingerprint here.
FINGERPRINTS = {
    ("last_contact", 1): "ed243e14f4bffa8d",
    ("search", 1): "f2f13b008faa2841",
    ("search", 2): "ddc7a8824f1b774b",  # questions kept for the next meeting are searchable
    ("search", 3): "9e6f648100526815",  # shards that double with the network; a record notes its contact (owner)
    ("search", 4): "7bdc3970bfb381ca",  # a kind's documents are one range of rowids (code * SPAN + id)
    ("due", 1): "2da9a474cfc875f6",
    ("due", 2): "874abe1cba1fcfcc",
    ("due", 3): "4c5773fa3aeb0bbc",  # review; sponsor-thanks, sponsor-update; mentees get no follow-up, approach, schedule
    ("due", 4): "fce43893065ae288",  # the same rules as 3, each subquery in FROM named (PostgreSQL requires it)
}


def test_each_version_stands_for_one_declaration():
    found = {(cache.name, cache.version): cache.fingerprint() for cache in CACHES}
    for key, fingerprint in found.items():
        assert FINGERPRINTS.get(key) == fingerprint, (
            f"the {key[0]} cache changed: bump its version and record {fingerprint!r} for it")


def snapshot(conn: sqlite3.Connection) -> dict:
    """Everything the caches hold."""
    return {
        "last_contact": conn.execute(
            "SELECT id, last_contact_on, latest_meeting_id, latest_outreach_id FROM contact ORDER BY id").fetchall(),
        "due": sorted(conn.execute("SELECT * FROM due_item").fetchall(), key=repr),
        "search": sorted((row for table in search.shards(conn) for row in conn.execute(
            f"SELECT rowid, kind, contact_id, on_date, name, body FROM {table}")), key=repr),
    }


def recomputed(conn: sqlite3.Connection) -> dict:
    """What the caches would hold if made from nothing now (rolled back after)."""
    conn.execute("SAVEPOINT recompute")
    for cache in CACHES:
        cache.rebuild(conn)
    made = snapshot(conn)
    conn.execute("ROLLBACK TO recompute")
    conn.execute("RELEASE recompute")
    return made


@pytest.fixture
def network(ok, db_path):
    """A network with a row in every table the caches read."""
    ok("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation", "--tag", "grants",
       "--title", "Professor", "--note", "prefers email")
    ok("add-contact", "Ben Liu", "--role", "career", "--referred-by", "Ada")
    ok("add-contact", "Cy Park", "--role", "clinical", "--stage", "exploring")
    ok("outreach", "log", "Ben", "--on", "2026-11-01", "--ask", "coffee?")
    ok("outreach", "log", "Cy", "--on", "2026-10-01")
    ok("outreach", "reply", "Cy", "--on", "2026-10-03", "--note", "yes")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--notes", "aims page", "--next", "2026-12-01",
       "--action", "send aims by 2026-11-10", "--referral", "Mei Chen")
    ok("meeting", "log", "Cy", "--on", "2026-11-15", "--notes", "clinic")
    ok("touch", "Ada", "--on", "2026-11-05", "--note", "sent the paper")
    ok("goals", "add", "K award", "--mentor", "Ada")
    ok("agree", "Ada", "--every", "1m", "--they", "reads drafts", "--goal", "1", "--until", "2027-10-01",
       "--on", "2026-05-01")
    ok("review", "Ada", "--working", "partly", "--flag", "competition", "--outcome", "continue", "--on", "2026-05-02")
    ok("sponsor", "log", "Ada", "--kind", "nomination", "--for", "Early Career Award", "--on", "2026-11-01",
       "--expect", "2027-01-01")
    ok("sponsor", "outcome", "1", "--won", "--on", "2026-11-10")  # neither thanked nor told: both items open
    ok("ask", "Cy", "which clinic rotation?")
    return db_path


def _changed_value(conn, table: str, column: str, kind: str, references: dict[str, tuple[str, str]]):
    if column in references:
        parent, key = references[column]
        current = conn.execute(f'SELECT "{column}" FROM "{table}" ORDER BY rowid LIMIT 1').fetchone()[0]
        other = conn.execute(f'SELECT "{key}" FROM "{parent}" WHERE "{key}" IS NOT ? ORDER BY "{key}" DESC LIMIT 1',
                             (current,)).fetchone()
        return other[0] if other else current
    if kind == "DATE":
        return "2026-11-21"
    if kind in ("BOOLEAN", "INTEGER"):
        current = conn.execute(f'SELECT "{column}" FROM "{table}" ORDER BY rowid LIMIT 1').fetchone()[0]
        return 1 - (current or 0) if kind == "BOOLEAN" else (current or 0) + 7
    return "changed"


def _writes(path) -> list[tuple[str, str, tuple]]:
    """(label, statement, parameters): an update of every column of every table but the keys and the
    cache's own columns, and a delete from every table."""
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE 'search_%' AND name NOT LIKE 'due_%' AND name NOT IN ('cache_version') "
            "AND name NOT LIKE 'sqlite_%'")]
        writes = []
        for table in tables:
            if not conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
                continue
            references = {row[3]: (row[2], row[4] or "id") for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
            for _, column, kind, _, _, primary in conn.execute(f'PRAGMA table_info("{table}")').fetchall():
                if primary or column in ("last_contact_on", "latest_meeting_id", "latest_outreach_id"):
                    continue
                value = _changed_value(conn, table, column, kind, references)
                writes.append((f"{table}.{column}", f'UPDATE OR IGNORE "{table}" SET "{column}" = ? '
                                                    f'WHERE rowid = (SELECT min(rowid) FROM "{table}")', (value,)))
            writes.append((f"delete from {table}", f'DELETE FROM "{table}" WHERE rowid = (SELECT min(rowid) FROM "{table}")', ()))
        return writes
    finally:
        conn.close()


@pytest.mark.sqlite_file("puts the file back between raw writes (the server has its own test below)")
def test_every_cache_equals_a_recompute_after_a_raw_write_to_any_column(network, tmp_path):
    pristine = tmp_path / "pristine.db"
    shutil.copyfile(network, pristine)
    writes = _writes(pristine)
    assert len(writes) > 60  # every table the network fills, every column
    for label, statement, parameters in writes:
        shutil.copyfile(pristine, network)
        conn = sqlite3.connect(network, isolation_level=None)
        apply_pragmas(conn)  # foreign keys on, as mentornet has them: cascades fire the triggers too
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(statement, parameters)
        caches.catch_up(conn, CACHES)  # what the next mentornet write runs before it commits
        assert snapshot(conn) == recomputed(conn), label
        conn.execute("ROLLBACK")
        conn.close()


def _server_snapshot(conn) -> dict:
    """Everything the caches hold on PostgreSQL (search: its one table of documents)."""
    return {
        "last_contact": [tuple(row) for row in conn.execute(
            "SELECT id, last_contact_on, latest_meeting_id, latest_outreach_id FROM contact ORDER BY id")],
        "due": sorted((tuple(row) for row in conn.execute("SELECT * FROM due_item")), key=repr),
        "search": [tuple(row) for row in conn.execute(
            "SELECT doc, kind, contact_id, on_date, name, body, words::text FROM search_document ORDER BY doc")],
    }


@pytest.mark.skipif(not ON_SERVER, reason="the server's triggers (MENTORNET_TEST_STORE=postgresql)")
def test_on_the_server_every_cache_equals_a_recompute_after_a_raw_write_to_any_column(network, ok, tmp_path):
    """As the test above, on PostgreSQL: its plpgsql triggers, made from the same declarations,
    note every column's change. The writes are made on a SQLite twin of the network (the JSON
    round trip keeps every id) and run here, each rolled back."""
    from mentornet.services.database import server_caches

    exported, twin = tmp_path / "network.json", tmp_path / "twin.db"
    ok("export", "--format", "json", "--output", str(exported))
    ok("--db", str(twin), "import", str(exported))
    writes = _writes(twin)
    assert len(writes) > 60
    with_ids = {table for (table,) in sqlite3.connect(twin).execute(
        "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE c.name = 'id' AND c.pk = 1")}
    server = server_caches()
    conn = open_database(network)
    try:
        for label, statement, parameters in writes:
            table = label.split(".")[0].removeprefix("delete from ")
            statement = statement.replace("UPDATE OR IGNORE", "UPDATE").replace("rowid", "id" if table in with_ids else "ctid")
            conn.execute("BEGIN IMMEDIATE")
            try:
                try:
                    conn.execute("SAVEPOINT write")
                    conn.execute(statement, parameters)
                except sqlite3.IntegrityError:  # SQLite's OR IGNORE: a value another row has
                    conn.execute("ROLLBACK TO write")
                    continue
                caches.catch_up(conn, server)
                now = _server_snapshot(conn)
                conn.execute("SAVEPOINT recompute")
                for cache in server:
                    cache.rebuild(conn)
                assert now == _server_snapshot(conn), label
            finally:
                conn.rollback()
    finally:
        conn.close()


def _triggers(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()


def _pending(conn: sqlite3.Connection) -> tuple[list, list]:
    return (conn.execute("SELECT * FROM search_pending ORDER BY kind, id").fetchall(),
            conn.execute("SELECT * FROM due_pending ORDER BY contact_id").fetchall())


def _insert_contacts(conn: sqlite3.Connection, names: list[str]) -> None:
    from mentornet.store import rows

    for name in names:
        rows.insert(conn, "contact", {"name": name, "name_key": name.lower(), "added_on": "2026-11-01"})


@pytest.mark.sqlite_file("SQLite's triggers around a bulk insert")
@pytest.mark.parametrize("how", ["commit", "failure then commit"])
def test_a_bulk_insert_notes_what_the_triggers_would_and_keeps_them(network, tmp_path, how):
    """store/caches.bulk_insert: the same keys noted as row by row, the same triggers after."""
    row_by_row = tmp_path / "row-by-row.db"
    shutil.copyfile(network, row_by_row)
    names = ["Dee Roy", "Eli Sato", "Fay Ng"]
    conn = sqlite3.connect(row_by_row, isolation_level=None)
    apply_pragmas(conn)
    conn.execute("BEGIN IMMEDIATE")
    _insert_contacts(conn, names)
    expected, triggers = _pending(conn), _triggers(conn)
    conn.execute("ROLLBACK")
    conn.close()

    conn = sqlite3.connect(network, isolation_level=None)
    apply_pragmas(conn)
    conn.execute("BEGIN IMMEDIATE")
    if how == "commit":
        with caches.bulk_insert(conn, CACHES, "contact"):
            _insert_contacts(conn, names)
            assert not any(name.startswith(("search_contact_0_insert", "due_contact_0_insert"))
                           for name, _ in _triggers(conn))
    else:
        with pytest.raises(ZeroDivisionError), caches.bulk_insert(conn, CACHES, "contact"):
            _insert_contacts(conn, names)
            1 / 0  # noqa: B018  (whoever catches it may still commit: the rows in are noted all the same)
    assert _pending(conn) == expected
    assert _triggers(conn) == triggers
    assert len(expected[0]) >= 3 and len(expected[1]) >= 3  # the check can see the keys
    caches.catch_up(conn, CACHES)
    assert snapshot(conn) == recomputed(conn)
    conn.execute("COMMIT")
    conn.close()


@pytest.mark.sqlite_file("SQLite's triggers around a bulk insert")
def test_a_bulk_insert_rolled_back_leaves_the_triggers_and_nothing_noted(network):
    conn = sqlite3.connect(network, isolation_level=None)
    apply_pragmas(conn)
    before = _triggers(conn), _pending(conn)
    conn.execute("BEGIN IMMEDIATE")
    with caches.bulk_insert(conn, CACHES, "contact"):
        _insert_contacts(conn, ["Dee Roy"])
    conn.execute("ROLLBACK")
    assert (_triggers(conn), _pending(conn)) == before
    conn.close()


def test_a_trigger_whose_keys_read_another_table_stays_in_place():
    bulk = [source.inserted_keys(0) for cache in CACHES for source in cache.sources if source.table == "contact"]
    assert "SELECT NEW.id FROM contact AS NEW WHERE NEW.rowid > 0" in bulk
    assert caches.Source("contact", ("name",), "SELECT x FROM y WHERE z = {row}.id").inserted_keys(0) is None


@pytest.mark.sqlite_file("SQLite's bulk insert, checked on the file")
def test_an_import_leaves_every_cache_equal_to_a_recompute(ok, network, tmp_path):
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                        "Ada,Okafor,https://www.linkedin.com/in/ada,,Acme,CEO,15 Mar 2024\n"
                        "Gil,Moss,https://www.linkedin.com/in/gil,gil@example.org,Grants Office,Director,1 Feb 2023\n"
                        "Hana,Ito,,,Riverside Hospital,Fellow,2 Feb 2023\n", encoding="utf-8")
    ok("import", str(linkedin))
    conn = sqlite3.connect(network, isolation_level=None)
    assert _pending(conn) == ([], [])
    assert {"Gil Moss", "Hana Ito"} <= {row[4] for row in snapshot(conn)["search"]}  # the new contacts indexed
    assert snapshot(conn) == recomputed(conn)
    conn.close()
