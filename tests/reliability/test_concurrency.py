"""Two terminals writing at once (reliability.md): every write kept, no "database is locked".

Everything goes through the installed `mentornet` in subprocesses, as a user's terminals would:
8 writers at once, each adding contacts and logging outreach to them, while a reader runs
`outreach due` in a loop until the writers are done. Every write transaction starts with
BEGIN IMMEDIATE and waits up to busy_timeout (10 s), so none may fail and none may be lost.
"""

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_file("SQLite's locks and busy timeout (test_pg: 8 writers, the lock timeout)")]

MENTORNET = Path(sys.executable).with_name("mentornet")
WRITERS = 8
CONTACTS_EACH = 8  # each writer: 8 add-contact and 7 outreach log, 15 writes
OUTREACH_EACH = CONTACTS_EACH - 1


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, timeout=120)


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def integrity(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def test_eight_writers_and_a_reader_at_once_keep_every_write(db_path):
    # an existing database with something due, so the reader has work to do
    for args in (["add-contact", "Seed Person", "--role", "research"],
                 ["outreach", "log", "Seed Person", "--on", "2026-11-01"]):
        seeded = run(*args)
        assert seeded.returncode == 0, seeded.stderr

    results: list[tuple[list[str], subprocess.CompletedProcess]] = []
    reads: list[subprocess.CompletedProcess] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS + 1)
    writers_done = threading.Event()

    def writer(w: int) -> None:
        start.wait()
        for j in range(CONTACTS_EACH):
            name = f"Writer {w} Contact {j}"
            steps = [["add-contact", name, "--role", "peer", "--note", f"added by writer {w}"]]
            if j < OUTREACH_EACH:
                steps.append(["outreach", "log", name, "--ask", f"coffee {w}.{j}?", "--channel", "email"])
            for args in steps:
                done = run(*args)
                with lock:
                    results.append((args, done))

    def reader() -> None:
        start.wait()
        while not writers_done.is_set():
            done = run("outreach", "due", "--json")
            with lock:
                reads.append(done)
            time.sleep(0.05)  # a tight loop, but one that leaves the writers some of the 2 cores

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    reading = threading.Thread(target=reader)
    started = time.perf_counter()
    for thread in [*threads, reading]:
        thread.start()
    for thread in threads:
        thread.join()
    writers_done.set()
    reading.join()
    elapsed = time.perf_counter() - started

    attempted = WRITERS * (CONTACTS_EACH + OUTREACH_EACH)
    contacts = count(db_path, "SELECT count(*) FROM contact WHERE name LIKE 'Writer %'")
    outreach = count(db_path, "SELECT count(*) FROM outreach o JOIN contact c ON c.id = o.contact_id "
                              "WHERE c.name LIKE 'Writer %' AND o.ask = 'coffee ' || substr(c.name, 8, 1) || '.' "
                              "|| substr(c.name, -1) || '?'")
    kept = contacts + outreach
    failed = [(args, done.returncode, done.stderr.strip()) for args, done in results if done.returncode != 0]
    failed_reads = [(done.returncode, done.stderr.strip()) for done in reads if done.returncode != 0]
    locked = [done.stderr for _, done in results if "locked" in done.stderr.lower()] + \
             [done.stderr for done in reads if "locked" in done.stderr.lower()]
    report = (f"writes kept {kept}/{attempted} ({contacts} contacts, {outreach} outreach) from {WRITERS} writers "
              f"at once; {len(reads)} reads of `outreach due`, {len(failed_reads)} failed; {elapsed:.1f}s")
    print(report)

    assert len(results) == attempted, report
    assert not failed, f"{report}\n{failed[:5]}"
    assert not failed_reads, f"{report}\n{failed_reads[:5]}"
    assert not locked, f"{report}\n{locked[:3]}"
    assert kept == attempted, report
    assert reads, report
    for done in reads:  # every read saw a consistent database: valid JSON, the seed's follow-up due
        items = json.loads(done.stdout)
        assert any(item["contact"] == "Seed Person" for item in items), done.stdout[:500]
    assert integrity(db_path) == ["ok"]
    assert count(db_path, "SELECT count(*) FROM contact") == 1 + WRITERS * CONTACTS_EACH  # nothing doubled


HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    from pathlib import Path
    db, ready, begin = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(begin)
    conn.execute("INSERT INTO role (key, label, family, target, position) VALUES ('held', 'Held', 'career', 0, 99)")
    ready.write_text("held")  # the lock is held from here on
    time.sleep(2)
    conn.execute("COMMIT")
    conn.close()
""")


@pytest.mark.parametrize("begin", ["BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"])
def test_a_write_that_meets_a_held_lock_waits_and_succeeds(db_path, tmp_path, begin):
    """Another process holds the write lock (IMMEDIATE) or every lock (EXCLUSIVE) for 2 seconds."""
    created = run("add-contact", "Ada Okafor")
    assert created.returncode == 0, created.stderr
    script, ready = tmp_path / "holder.py", tmp_path / "ready"
    script.write_text(HOLDER)

    holder = subprocess.Popen([sys.executable, str(script), str(db_path), str(ready), begin],
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():  # don't start the write until the lock is really held
            assert holder.poll() is None, holder.stderr.read()
            assert time.monotonic() < deadline, "the holder never took the lock"
            time.sleep(0.01)
        assert holder.poll() is None  # still holding it as the write starts
        started = time.perf_counter()
        write = run("outreach", "log", "Ada Okafor", "--ask", "20 minutes?")
        waited = time.perf_counter() - started
    finally:
        holder_code = holder.wait(timeout=30)
        holder_error = holder.stderr.read()
        holder.stderr.close()

    print(f"{begin}: the write waited {waited:.1f}s for the lock and succeeded")
    assert write.returncode == 0, write.stderr
    assert "locked" not in write.stderr.lower()
    assert holder_code == 0, holder_error
    assert count(db_path, "SELECT count(*) FROM outreach WHERE ask = '20 minutes?'") == 1
    assert count(db_path, "SELECT count(*) FROM role WHERE key = 'held'") == 1  # the holder's write kept too


@pytest.mark.parametrize("args, begin", [
    (["touch", "Ada Okafor"], "BEGIN EXCLUSIVE"),  # stops the schema check that opens every command
    (["contacts", "list"], "BEGIN EXCLUSIVE"),
    (["touch", "Ada Okafor"], "BEGIN IMMEDIATE"),  # readers pass; the write's own BEGIN IMMEDIATE waits
], ids=["write-exclusive", "read-exclusive", "write-immediate"])
def test_a_lock_held_past_the_busy_timeout_says_so_and_writes_nothing(cli, db_path, monkeypatch, args, begin):
    """Another program holds the lock longer than the busy timeout (shortened here to 0.1 s): one
    line saying the database is in use, not a claim that it is damaged; nothing written."""
    from mentornet.store import connection

    assert cli("add-contact", "Ada Okafor").exit_code == 0
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute(begin)
        blocked = cli(*args)
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert blocked.exit_code == 1
    assert "is in use by another program (database is locked); nothing was changed" in blocked.stderr
    assert len(blocked.stderr.splitlines()) == 1 and "doctor" not in blocked.stderr
    assert count(db_path, "SELECT count(*) FROM touch") == 0
