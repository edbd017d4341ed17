"""Crash injection (reliability.md): `kill -9` at random moments during a large import.

A LinkedIn export of 10,000 rows is imported by the installed `mentornet` into a copy of a
database that already holds a few contacts with notes, meetings and outreach. At that size the
write transaction outgrows SQLite's page cache, so pages reach the database file before the
commit and some kills leave a hot journal that the next open must roll back. The process is
killed with SIGKILL after a seeded random delay; the delays are stratified over the length of one
uninterrupted import, so every part of it is hit (start-up, parsing, the write transaction, the
commit, exit). After each kill the database is opened as the next command would open it (a hot
journal is rolled back then) and must:
- pass `PRAGMA integrity_check`;
- hold the import entirely (every row of the file) or not at all;
- hold every row that was there before exactly as it was (contacts, notes, meetings, outreach).

The control kills a writer that does the same inserts in one transaction with the journal off
(`journal_mode=OFF`, `synchronous=OFF`, and a small page cache so that, as in a large import,
pages reach the file before the commit): the same inspection must see damage in at least one
trial, so the checks above are known to be able to fail.
"""

import importlib.util
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.reliability

MENTORNET = Path(sys.executable).with_name("mentornet")
ROOT = Path(__file__).resolve().parents[2]
ROWS = 10000  # LinkedIn rows in the import
TRIALS = 24  # kills of the real import
CONTROL_TRIALS = 10  # kills of the journal-less writer
SEED = 20261122
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
PREEXISTING = {"Zadie Precious-Smith": "confidential: grant rivalry with the chair",
               "Yusuf Okonkwo-Baines": "promotion dossier advice, keep private",
               "Xiadani Ferreira-Lund": "career change; told no one else"}


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, env=env, timeout=120)


def _make_network():
    spec = importlib.util.spec_from_file_location("make_network", ROOT / "benchmarks" / "make_network.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """(template database with a few contacts, their snapshot, the LinkedIn file, an environment)."""
    folder = tmp_path_factory.mktemp("crash")
    env = {**os.environ, "MENTORNET_TODAY": "2026-11-22", "NO_COLOR": "1"}
    env.pop("MENTORNET_DEBUG", None)
    template = folder / "template.db"
    for name, secret in PREEXISTING.items():
        for args in (["add-contact", name, "--role", "research", "--note", f"about: {secret}"],
                     ["outreach", "log", name, "--on", "2026-10-01", "--ask", "coffee?"],
                     ["outreach", "reply", name, "--on", "2026-10-03"],
                     ["meeting", "log", name, "--on", "2026-10-10", "--notes", secret, "--action", "send CV by friday"]):
            done = run("--db", str(template), *args, env=env)
            assert done.returncode == 0, (args, done.stderr)
    csv_file = folder / "Connections.csv"
    _make_network().write_linkedin(csv_file, ROWS, SEED)
    return template, snapshot(template), csv_file, env


def snapshot(db: Path) -> dict:
    """Every row of every table that holds records (not an index a virtual table keeps), every column."""
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in record_tables(conn)}
    finally:
        conn.close()


def record_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables, without virtual tables (a search index, say) and the shadow tables they keep."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [name for name, _ in rows
            if name not in virtual and not name.startswith("sqlite_") and not any(name.startswith(f"{v}_") for v in virtual)]


def inspect(db: Path, before: dict) -> dict:
    """What the next command would find: integrity, how much of the import is there, old rows kept.

    Opened read-write, as a command opens it: SQLite rolls a hot journal back on first read.
    """
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        try:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:  # too damaged to check
            return {"integrity": [str(exc)], "imported": None, "stage_rows": None, "kept": False, "error": str(exc)}
        old_ids = {row[0] for row in before["contact"]}
        try:
            new = sorted(row[1:] for row in conn.execute(
                "SELECT id, name, email, title, institution, profile_url, added_on FROM contact") if row[0] not in old_ids)
            imported = len(new)
            stage_rows = conn.execute(
                "SELECT count(*) FROM stage_change WHERE note = 'imported from LinkedIn'").fetchone()[0]
            # every row that was there before is there still, unchanged (the import only adds rows)
            kept = all(set(rows) <= set(conn.execute(f'SELECT * FROM "{table}"').fetchall())
                       for table, rows in before.items())
        except sqlite3.DatabaseError as exc:
            return {"integrity": integrity, "imported": None, "stage_rows": None, "kept": False, "error": str(exc)}
    finally:
        conn.close()
    return {"integrity": integrity, "imported": imported, "stage_rows": stage_rows, "kept": kept, "error": None,
            "rows": hash(tuple(new))}


def hot_journal(journal: Path) -> bool:
    """A rollback journal SQLite must play back: it exists and its header is complete (the magic
    number is written last, once the journal is synced, before any page of the database changes)."""
    try:
        with open(journal, "rb") as handle:
            return handle.read(8) == JOURNAL_MAGIC
    except FileNotFoundError:
        return False


def damaged(found: dict) -> bool:
    """Anything other than: integrity ok, the import all there or all absent, old rows untouched."""
    whole = (found["imported"], found["stage_rows"]) in ((0, 0), (ROWS, ROWS))
    return found["integrity"] != ["ok"] or not whole or not found["kept"]


def delays(total: float, trials: int, rng: random.Random) -> list[float]:
    """One random delay in each of `trials` equal slices of [0, total], shuffled."""
    slices = [total * (i + rng.random()) / trials for i in range(trials)]
    rng.shuffle(slices)
    return slices


def kill_after(command: list[str], delay: float, env: dict, wait_for_line: bool = False) -> bool:
    """Start `command`, SIGKILL it `delay` seconds later; True if it had already finished."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if wait_for_line:
        process.stdout.readline()  # the writer says when its transaction is about to begin
    time.sleep(delay)
    finished = process.poll() is not None
    if not finished:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    process.stdout.close()
    return finished


def fresh_copy(template: Path, folder: Path) -> Path:
    folder.mkdir()
    db = folder / "mentornet.db"
    shutil.copyfile(template, db)
    os.chmod(db, 0o600)
    return db


def test_kill_9_during_a_large_import_leaves_it_all_or_nothing(world, tmp_path):
    template, before, csv_file, env = world

    # one uninterrupted import: it works, and how long it takes sets the spread of the kills
    db = fresh_copy(template, tmp_path / "whole")
    started = time.perf_counter()
    done = run("--db", str(db), "import", str(csv_file), "--format", "linkedin", env=env)
    duration = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    complete = inspect(db, before)
    assert not damaged(complete) and complete["imported"] == ROWS, complete

    rng = random.Random(SEED)
    outcomes = {"absent": 0, "present": 0}
    mid_transaction = hot = finished_before_kill = 0
    failures = []
    # A killed run on a loaded machine can take longer than the one measured: after the planned
    # kills, later ones (each half as late again) until one has let the import commit.
    planned = delays(duration * 1.6, TRIALS, rng)
    extra = [duration * (2 + step) for step in range(8)]
    for trial, delay in enumerate([*planned, *extra]):
        if trial >= TRIALS and outcomes["present"]:
            break
        db = fresh_copy(template, tmp_path / f"trial{trial}")
        finished = kill_after([str(MENTORNET), "--db", str(db), "import", str(csv_file), "--format", "linkedin"],
                              delay, env)
        finished_before_kill += finished
        journal = Path(f"{db}-journal")
        mid_transaction += journal.exists()  # killed inside the write transaction
        hot += hot_journal(journal)  # ... after pages of it reached the database file
        found = inspect(db, before)
        if damaged(found) or (found["imported"] == ROWS and found["rows"] != complete["rows"]):
            failures.append((trial, round(delay, 3), found))
        else:
            outcomes["absent" if found["imported"] == 0 else "present"] += 1
        assert not hot_journal(journal), trial  # the first reader rolled it back

    report = (f"crash trials: {TRIALS} kills over {duration:.2f}s imports of {ROWS} rows; "
              f"import absent {outcomes['absent']}, present {outcomes['present']}, damaged {len(failures)}; "
              f"{mid_transaction} killed inside the write transaction ({hot} with a hot journal rolled back), "
              f"{finished_before_kill} had finished")
    print(report)
    assert not failures, f"{report}\n{failures[:3]}"
    assert outcomes["absent"] and outcomes["present"] and mid_transaction, report  # the kills spanned the import


CONTROL_WRITER = textwrap.dedent("""
    import csv, sqlite3, sys
    db, source = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8-sig", newline="") as handle:
        lines = handle.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name,"))
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")  # what reliability.md forbids
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=10")  # pages reach the file before the commit, as in a large import
    print("begin", flush=True)
    conn.execute("BEGIN")
    for row in csv.DictReader(lines[start:]):
        name = row["First Name"] + " " + row["Last Name"]
        contact = conn.execute(
            "INSERT INTO contact (name, name_key, supervisor, direction, stage, paused, added_on, created_at, "
            "title, institution, profile_url) VALUES (?, ?, 0, 'mentors-me', 'prospect', 0, '2026-11-22', "
            "'2026-11-22T00:00:00+00:00', ?, ?, ?)",
            (name, name.casefold(), row["Position"], row["Company"], row["URL"])).lastrowid
        conn.execute("INSERT INTO stage_change (contact_id, to_stage, on_date, note, created_at) VALUES "
                     "(?, 'prospect', '2026-11-22', 'imported from LinkedIn', '2026-11-22T00:00:00+00:00')",
                     (contact,))
    conn.execute("COMMIT")
""")


def test_control_the_same_kills_without_a_journal_are_seen_to_damage(world, tmp_path):
    template, before, csv_file, env = world
    writer = tmp_path / "writer.py"
    writer.write_text(CONTROL_WRITER)

    def command(db: Path) -> list[str]:
        return [sys.executable, str(writer), str(db), str(csv_file)]

    db = fresh_copy(template, tmp_path / "whole")
    process = subprocess.Popen(command(db), stdout=subprocess.PIPE, text=True)
    process.stdout.readline()
    started = time.perf_counter()
    assert process.wait(timeout=60) == 0
    duration = time.perf_counter() - started
    process.stdout.close()
    complete = inspect(db, before)
    assert not damaged(complete) and complete["imported"] == ROWS, complete  # uninterrupted, it is whole

    rng = random.Random(SEED + 1)
    seen = []
    for trial, delay in enumerate(delays(duration, CONTROL_TRIALS, rng)):
        db = fresh_copy(template, tmp_path / f"control{trial}")
        kill_after(command(db), delay, env, wait_for_line=True)
        found = inspect(db, before)
        if damaged(found):
            seen.append((trial, found["integrity"][0][:60], found["imported"]))

    report = f"control trials (journal off): {CONTROL_TRIALS} kills, damage seen in {len(seen)}: {seen[:4]}"
    print(report)
    assert seen, report
