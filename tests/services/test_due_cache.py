"""The stored due items (the `due` cache of services/due.py) stay equal to the rules, whoever writes.

Every mentornet write recomputes the items of the contacts its rows touched; Hypothesis drives
random sequences of commands and, after each, the table must hold exactly what the rules compute
from the tables. Writes made outside mentornet (a user's own SQL) make reads fall back to the
rules until the next mentornet write; a file whose cache is another version is recomputed on open.
"""

import sqlite3
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mentornet.cli import app
from mentornet.services import due
from mentornet.services.due import CACHE
from tests.checks import open_database

ROLES = ["clinical", "research", "career", "personal", "sponsor", "peer"]
STAGES = ["prospect", "contacted", "responded", "exploring", "initiation", "cultivation", "separation", "ended"]
DAYS = [f"2026-{month:02d}-{day:02d}" for month in (9, 10, 11) for day in (1, 8, 15, 22)]


def stored_and_computed(path) -> tuple[list, list, int]:
    conn = open_database(path)
    try:
        stored = [tuple(row) for row in conn.execute(f"SELECT {due.COLUMNS} FROM due_item").fetchall()]
        computed = [tuple(row) for row in conn.execute(f"SELECT {due.COLUMNS} FROM ({due.rules_sql()}) AS rules")]
        pending = conn.execute("SELECT count(*) FROM due_pending").fetchone()[0]
    finally:
        conn.close()
    return sorted(stored, key=repr), sorted(computed, key=repr), pending


def who() -> st.SearchStrategy[str]:
    return st.sampled_from(["P0", "P1", "P2", "P3"])


# One command, as the argv after `mentornet --db PATH`. Some fail (a follow-up with no approach,
# a contact not added yet); that is part of the test: a refused write changes nothing.
COMMANDS = st.one_of(
    st.builds(lambda name, role, stage, cadence: ["add-contact", name, "--role", role, "--stage", stage,
                                                  *(["--cadence", cadence] if cadence else [])],
              who(), st.sampled_from(ROLES), st.sampled_from(STAGES), st.sampled_from([None, "10d", "3m"])),
    st.builds(lambda name, day: ["outreach", "log", name, "--on", day], who(), st.sampled_from(DAYS)),
    st.builds(lambda name, day: ["outreach", "follow-up", name, "--on", day], who(), st.sampled_from(DAYS)),
    st.builds(lambda name, day, declined: ["outreach", "reply", name, "--on", day, *(["--declined"] if declined else [])],
              who(), st.sampled_from(DAYS), st.booleans()),
    st.builds(lambda name: ["outreach", "give-up", name], who()),
    st.builds(lambda name, day, nxt, thanked, action, referral: [
        "meeting", "log", name, "--on", day, *(["--next", nxt] if nxt else []), *(["--thanked"] if thanked else []),
        *(["--action", f"send slides by {nxt}"] if action and nxt else []), *(["--referral", referral] if referral else [])],
        who(), st.sampled_from(DAYS), st.sampled_from([None, *DAYS]), st.booleans(), st.booleans(),
        st.sampled_from([None, "P2", "P3"])),
    st.builds(lambda name, day: ["meeting", "thanked", name, "--on", day], who(), st.sampled_from(DAYS)),
    st.builds(lambda name, day: ["touch", name, "--on", day], who(), st.sampled_from(DAYS)),
    st.builds(lambda name, stage: ["contacts", "stage", name, stage], who(), st.sampled_from(STAGES)),
    st.builds(lambda name, flag: ["contacts", "edit", name, flag], who(), st.sampled_from(["--paused", "--active"])),
    st.builds(lambda name, role: ["contacts", "edit", name, "--add-role", role], who(), st.sampled_from(ROLES)),
    st.builds(lambda name, role: ["contacts", "edit", name, "--remove-role", role], who(), st.sampled_from(ROLES)),
    st.builds(lambda name, cadence: ["contacts", "edit", name, "--cadence", cadence], who(), st.sampled_from(["", "2w", "6m"])),
    st.builds(lambda name, new: ["contacts", "edit", name, "--name", new], who(), st.sampled_from(["P0", "P1", "Q2"])),
    st.builds(lambda number: ["actions", "done", str(number)], st.integers(1, 4)),
    st.builds(lambda name: ["contacts", "remove", name, "--yes"], who()),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMANDS, min_size=1, max_size=12))
def test_stored_items_equal_the_rules_after_any_commands(commands):
    runner = CliRunner()
    with TemporaryDirectory() as folder:
        path = Path(folder) / "mentornet.db"
        for argv in commands:
            result = runner.invoke(app, ["--db", str(path), *argv], env={"MENTORNET_TODAY": "2026-11-22"})
            assert result.exit_code in (0, 1, 2), (argv, result.exception)
            if path.exists():
                stored, computed, pending = stored_and_computed(path)
                assert pending == 0, argv
                assert stored == computed, argv


def network(ok) -> None:
    ok("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("add-contact", "Ben Liu", "--role", "career")
    ok("outreach", "log", "Ben", "--on", "2026-11-01")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--next", "2026-11-01", "--referral", "Mei Chen")


def due_json(ok) -> list[dict]:
    return ok("outreach", "due", "--json", "--within", "1y").json()


def test_a_write_outside_mentornet_is_read_correctly_and_caught_up_by_the_next_write(ok, db_path):
    network(ok)
    before = due_json(ok)
    conn = open_database(db_path)
    with conn:  # the user's own SQL: a role's cadence changes, which no command does
        conn.execute("UPDATE role SET cadence_days = 7 WHERE key = 'research'")
    assert conn.execute("SELECT count(*) FROM due_pending").fetchone()[0] == 1  # noted by the trigger
    after = due_json(ok)
    check_in = next(item for item in after if item["kind"] == "check-in")
    assert check_in["detail"].endswith("every 7 days")  # read from the rules, not the stale table
    assert after != before
    ok("touch", "Ben", "--on", "2026-11-02")  # any mentornet write
    stored, computed, pending = stored_and_computed(db_path)
    assert (pending, stored) == (0, computed)
    conn.close()


def test_a_cache_of_another_version_is_recomputed_when_the_file_is_opened(ok, db_path):
    network(ok)
    expected, listed = due_json(ok), ok("contacts", "list", "--json").json()
    conn = open_database(db_path)
    with conn:  # as if an older release had stored its own items: wrong ones, and another version
        conn.execute("UPDATE cache_version SET version = version - 1 WHERE name = 'due'")
        conn.execute("UPDATE due_item SET due = '1999-01-01'")
    assert due_json(ok) == expected  # a read recomputes them first
    assert ok("contacts", "list", "--json").json() == listed
    assert conn.execute("SELECT version FROM cache_version WHERE name = 'due'").fetchone()[0] == CACHE.version
    stored, computed, _ = stored_and_computed(db_path)
    assert stored == computed and stored
    conn.close()


def test_contacts_list_next_due_agrees_with_the_due_list(ok):
    network(ok)
    listed = {row["name"]: row["next_due"] for row in ok("contacts", "list", "--json").json()}
    items = due_json(ok)
    for name, next_due in listed.items():
        dates = [item["due"] for item in items if item["contact"] == name]
        assert next_due == (min(dates) if dates else None), name


def test_the_dashboard_counts_every_item_due_not_only_the_five_shown(cli, ok):
    for n in range(7):
        ok("add-contact", f"Person {n}")
        ok("outreach", "log", f"Person {n}", "--on", f"2026-10-{n + 1:02d}")
    dashboard = ok().stdout
    assert "Due now (top 5 of 7: `mentornet outreach due`)" in dashboard
    assert "Person 4" in dashboard and "Person 5" not in dashboard


# Each statement changes what is due through one table only, as a user's own SQL might; the
# triggers must note the contact, so the next catch-up stores what the rules compute.
RAW_WRITES = {
    "meeting": "UPDATE meeting SET next_on = '2026-12-24' WHERE contact_id = (SELECT id FROM contact WHERE name = 'Ada')",
    "meeting thanked": "UPDATE meeting SET thanked_on = '2026-11-16' WHERE contact_id = (SELECT id FROM contact WHERE name = 'Cy')",
    "outreach": "UPDATE outreach SET ask = 'coffee?'",
    "touch": "UPDATE touch SET on_date = '2026-11-06'",
    "action_item": "UPDATE action_item SET done_on = '2026-11-20'",
    "referral": "DELETE FROM referral",
    "contact name": "UPDATE contact SET name = 'Dr. Ada' WHERE name = 'Ada'",
    "contact paused": "UPDATE contact SET paused = 1 WHERE name = 'Ada'",
    "contact_role": "DELETE FROM contact_role WHERE contact_id = (SELECT id FROM contact WHERE name = 'Ada')",
    "role": "UPDATE role SET cadence_days = 7 WHERE key = 'research'",
}


@pytest.mark.sqlite_file("puts the file's bytes back between writes")
def test_every_raw_write_is_noted(ok, db_path):
    ok("add-contact", "Ada", "--role", "research", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--next", "2026-11-01", "--referral", "Mei Chen",
       "--action", "send aims by 2026-11-10")
    ok("add-contact", "Ben", "--role", "career")
    ok("touch", "Ben", "--on", "2026-10-30")
    ok("outreach", "log", "Ben", "--on", "2026-11-01")
    ok("add-contact", "Cy")
    ok("meeting", "log", "Cy", "--on", "2026-11-15")
    pristine = db_path.read_bytes()
    for table, statement in RAW_WRITES.items():
        db_path.write_bytes(pristine)
        conn = open_database(db_path, isolation_level=None)
        before = stored_and_computed(db_path)[0]
        conn.execute("BEGIN")
        conn.execute(statement)
        CACHE.catch_up(conn)
        conn.execute("COMMIT")
        conn.close()
        stored, computed, pending = stored_and_computed(db_path)
        assert computed != before, f"{table}: the statement must change what is due"
        assert (pending, stored) == (0, computed), table


def test_an_in_step_table_is_left_alone_whatever_the_connection_returns_rows_as(ok, db_path):
    network(ok)
    for row_factory in (None, sqlite3.Row):  # the write path's connection hands out sqlite3.Row
        conn = open_database(db_path, isolation_level=None)
        conn.row_factory = row_factory
        conn.execute("BEGIN")
        assert CACHE.catch_up(conn) == 0  # nothing noted, the same rules: no work
        conn.execute("INSERT INTO due_pending VALUES (1)")
        assert CACHE.catch_up(conn) == 1  # just the one contact, not all of them
        conn.execute("ROLLBACK")
        conn.close()


@pytest.mark.sqlite_file("SQLite's query plan")
def test_a_write_recomputes_through_the_contacts_own_rows(ok, db_path):
    """The recompute after a write reads each table by the noted contacts' keys: no table scan, and
    the user's open actions through `action_item`'s contact index, not the partial index of every
    open action (which a network of many contacts makes long). Same items as a full rebuild."""
    network(ok)
    ok("meeting", "log", "Ben", "--on", "2026-11-01", "--next", "2026-12-01", "--action", "send slides by 2026-11-20")
    conn = open_database(db_path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO due_pending (contact_id) SELECT id FROM contact")
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {due.rules_sql(only_pending=True)}")]
    derived = {"held", "active", "agreed"}  # the rules' named subqueries: scans of a few rows already found by key
    assert not [step for step in plan if step.startswith("SCAN") and "subquery" not in step
                and step.split()[1] not in derived], plan
    assert any("SEARCH a USING INDEX ix_action_item_contact_id" in step for step in plan), plan
    assert not any("ix_action_mine_open" in step for step in plan), plan
    pending = sorted(conn.execute(due.rules_sql(only_pending=True)).fetchall(), key=repr)
    full = sorted(conn.execute(due.rules_sql()).fetchall(), key=repr)
    assert pending == full and any(row[0] == "action" for row in full)
    conn.execute("ROLLBACK")
    conn.close()


@pytest.mark.parametrize("noted", ["every contact", "one contact"])
def test_a_catch_up_with_every_contact_noted_gives_the_items_of_one_contact_at_a_time(ok, db_path, noted):
    """Every contact noted (an import into an empty network): the rules run over their tables at
    once, the same items as noting them one by one; a raw write left unnoted stays as it was when
    only some contacts are noted."""
    network(ok)
    ok("meeting", "log", "Ben", "--on", "2026-11-01", "--next", "2026-12-01", "--action", "send slides by 2026-11-20")
    conn = open_database(db_path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        expected = sorted(conn.execute(f"SELECT {due.COLUMNS} FROM due_item").fetchall(), key=repr)
        conn.execute("UPDATE due_item SET text = 'stale' WHERE contact_id = 1")  # outside mentornet: not noted
        which = " WHERE id = 2" if noted == "one contact" else ""
        conn.execute(f"INSERT INTO due_pending (contact_id) SELECT id FROM contact{which}")
        CACHE.catch_up(conn)
        stored = sorted(conn.execute(f"SELECT {due.COLUMNS} FROM due_item").fetchall(), key=repr)
        stale = conn.execute("SELECT count(*) FROM due_item WHERE text = 'stale'").fetchone()[0]
        assert (stored == expected) == (noted == "every contact")
        assert bool(stale) == (noted == "one contact")
        assert conn.execute("SELECT count(*) FROM due_pending").fetchone()[0] == 0
        assert len(expected) >= 3 and {row[0] for row in expected} >= {"action", "next-meeting"}
        conn.execute("ROLLBACK")
    finally:
        conn.close()
