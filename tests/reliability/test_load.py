"""Many commands at once (reliability.md, issue 15 item 13): a long read keeps no writer waiting.

Under the rollback journal a reader's shared lock stops every writer's commit, and a commit that
waits stops every new reader; a JSON export of 10,000 contacts reading for half a minute on a
busy machine made other commands fail with "database is locked". An export now reads a copy of
the file made under one short read transaction (store/backup.snapshot). Here a real process holds
such a read open, half-way through its rows, while `mentornet` writes in other processes: the
writes must succeed (without the copy they wait for the reader and fail after the 10 s busy
timeout), and the reader must still see the moment it started from.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.reliability.test_concurrency import MENTORNET, count, integrity

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_file("SQLite's busy timeout under load")]

# Opens the database the way `export` does, reads one contact, says so, waits for a line on stdin,
# then reads the rest: a reader in the middle of a long read for as long as the test wants.
READER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mentornet.services.database import reading

    with reading(Path(sys.argv[1]), snapshot=sys.argv[2] == "snapshot") as conn:
        conn.execute("BEGIN")  # what the JSON export does: one read transaction for every table
        rows = conn.execute("SELECT name FROM contact ORDER BY id")
        first = rows.fetchone()
        print("reading", flush=True)
        sys.stdin.readline()
        print(1 + len(rows.fetchall()), flush=True)
        conn.execute("COMMIT")
""")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, timeout=120)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".partial-" in path.name or path.name.endswith(".tmp"))


def test_writers_go_on_while_an_export_reads(db_path):
    for number in range(5):
        assert run("add-contact", f"Seed {number:02d}", "--role", "research").returncode == 0
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db_path), "snapshot"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline() == "reading\n", reader.stderr.read()
        assert leftovers(db_path.parent) == []  # the copy is unlinked once open
        writes = [run("add-contact", f"Writer {number}", "--role", "career") for number in range(3)]
        writes.append(run("meeting", "log", "Seed 00", "--notes", "written while an export read"))
        for done in writes:
            assert done.returncode == 0, done.stderr
        out, err = reader.communicate("go on\n", timeout=120)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    assert reader.returncode == 0, err
    assert out.strip() == "5"  # the moment it started from, not the writes made since
    assert count(db_path, "SELECT count(*) FROM contact") == 8
    assert integrity(db_path) == ["ok"]


def test_an_export_made_while_others_write_is_whole_and_leaves_nothing(db_path, tmp_path):
    for number in range(5):
        assert run("add-contact", f"Seed {number:02d}", "--role", "research").returncode == 0
    target = tmp_path / "network.json"
    export = subprocess.Popen([str(MENTORNET), "export", "--output", str(target)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    writers = [subprocess.Popen([str(MENTORNET), "add-contact", f"During {number}", "--role", "peer"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for number in range(4)]
    for process in [export, *writers]:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    exported = json.loads(target.read_text())
    names = {row["name"] for row in exported["tables"]["contact"]}
    assert {f"Seed {number:02d}" for number in range(5)} <= names  # every contact of its moment
    assert count(db_path, "SELECT count(*) FROM contact") == 9
    assert leftovers(db_path.parent) == [] and leftovers(tmp_path) == []
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"


# Holds a lock the way SQLite takes it (an fcntl lock on one of the file's lock bytes: RESERVED, a
# writer's, keeps other writers out; PENDING, a committing writer's, keeps new readers out) for
# `seconds`, three busy timeouts, while the file change counter moves as if writers committed in
# turn: what a queue of short writers looks like to a command that waits.
QUEUE = textwrap.dedent("""
    import fcntl, os, sys, time
    BYTE = {"reserved": 0x40000001, "pending": 0x40000000}[sys.argv[3]]
    fd = os.open(sys.argv[1], os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, BYTE, os.SEEK_SET)
    print("holding", flush=True)
    until = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < until:
        counter = int.from_bytes(os.pread(fd, 4, 24), "big")
        os.pwrite(fd, ((counter + 1) % 2**32).to_bytes(4, "big"), 24)
        time.sleep(0.25)
    fcntl.lockf(fd, fcntl.LOCK_UN, 1, BYTE, os.SEEK_SET)
    os.close(fd)
""")


@pytest.mark.parametrize("lock, command", [
    ("reserved", ["touch", "Ada Okafor", "--note", "after the queue"]),  # a write waits for the write lock
    ("pending", ["contacts", "list", "--json"]),  # a read waits for commits to end
], ids=["write", "read"])
def test_a_command_waits_through_a_queue_of_writers_longer_than_the_busy_timeout(db_path, lock, command):
    """The busy timeout (10 s) bounds the wait for one holder, not for a queue: while the file keeps
    changing, others are committing in turn and the command waits on (store/connection.PATIENCE);
    a holder that changes nothing still fails it, after a second timeout (test_concurrency)."""
    assert run("add-contact", "Ada Okafor", "--role", "research").returncode == 0
    queue = subprocess.Popen([sys.executable, "-c", QUEUE, str(db_path), "30", lock], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert queue.stdout.readline() == "holding\n", queue.stderr.read()
        done = run(*command)
        _, err = queue.communicate(timeout=120)
    finally:
        if queue.poll() is None:
            queue.kill()
            queue.wait()
    assert queue.returncode == 0, err
    assert done.returncode == 0, done.stderr
    if lock == "reserved":
        assert count(db_path, "SELECT count(*) FROM touch WHERE note = 'after the queue'") == 1
    else:
        assert [row["name"] for row in json.loads(done.stdout)] == ["Ada Okafor"]
    assert integrity(db_path) == ["ok"]
