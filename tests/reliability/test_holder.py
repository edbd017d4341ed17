"""Who holds the lock (issue 15 item 13): another mentornet command is waited for, another
program is not, and the message says which (store/holder.py).

A mentornet writer leaves `.NAME.writer` beside the database while it holds the write lock. Here
the holder is a real `mentornet import` in its own process, made to keep the lock (without
committing) until the test says so: it is told to go on only after the waiting command has met
more busy timeouts (shortened to 0.1 s) than PATIENCE allows a holder that changes nothing, so
the waiter succeeds only if it waits for a mentornet holder as such. Counting the waiter's busy
errors (a wrapper around `connection.waiting`), not the clock, says when: no timing assertion.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mentornet.store import connection
from tests.checks import assert_error
from tests.reliability.test_concurrency import count, integrity

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_file("the lock holder's file beside the database")]

# `mentornet import CARD` in this process, but the import, once written, takes the exclusive lock
# as a big import does when its changes outgrow the page cache (with `exclusive`: readers then
# wait too), says "holding" and keeps the lock, uncommitted, until a line comes on stdin.
MENTORNET_HOLDER = textwrap.dedent("""
    import sys
    import mentornet.io.merge as merge

    db, card, lock = sys.argv[1:4]
    real = merge.import_contacts

    def held(conn, *args, **kwargs):
        summary = real(conn, *args, **kwargs)
        if lock == "exclusive":  # 4 MB written and dropped: the cache spills, the lock is exclusive
            conn.execute("CREATE TABLE held_spill (x)")
            conn.execute("INSERT INTO held_spill VALUES (zeroblob(4000000))")
            conn.execute("DROP TABLE held_spill")
        print("holding", flush=True)
        sys.stdin.readline()
        return summary

    merge.import_contacts = held
    sys.argv = ["mentornet", "--db", db, "import", card]
    from mentornet.cli import main
    main()
""")

# Another program: plain sqlite3 holding the lock until a line comes on stdin.
PROGRAM_HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute(sys.argv[2])
    print("holding", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
""")

def sidecar(db: Path) -> Path:
    return db.with_name(f".{db.name}.writer")


CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEND:VCARD\n"


def start(script: str, *args: str) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "holding\n", holder.communicate(timeout=60)[1]
    return holder


def finish(holder: subprocess.Popen) -> tuple[int, str]:
    if holder.poll() is None:
        try:
            holder.stdin.write("go\n")
            holder.stdin.flush()
        except BrokenPipeError:
            pass
    _, err = holder.communicate(timeout=120)
    return holder.returncode, err


@pytest.fixture
def network(cli, db_path, tmp_path):
    assert cli("add-contact", "Ada Okafor", "--role", "research").exit_code == 0
    card = tmp_path / "one.vcf"
    card.write_text(CARD)
    return card


@pytest.fixture
def short(monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)


def release_after(monkeypatch, holder: subprocess.Popen, errors: int) -> list:
    """Tell `holder` to commit once the waiting command has met `errors` busy errors."""
    real, met = connection.waiting, []

    def counted(path, exc, wait):
        met.append(exc)
        if len(met) == errors:
            holder.stdin.write("go\n")
            holder.stdin.flush()
        return real(path, exc, wait)

    monkeypatch.setattr(connection, "waiting", counted)
    return met


@pytest.mark.parametrize("lock, command", [
    ("reserved", ["touch", "Ada Okafor", "--note", "after the import"]),  # a write waits for the write lock
    ("exclusive", ["contacts", "list", "--json"]),  # a read waits for the import's exclusive lock
], ids=["write", "read"])
def test_a_command_waits_for_another_mentornet_command_past_patience(cli, db_path, network, short, monkeypatch,
                                                                     lock, command):
    """The import holds the lock past PATIENCE busy timeouts, committing nothing: before, the
    waiter gave up after two ("in use by ..."); now it sees the import's `.NAME.writer` and waits."""
    holder = start(MENTORNET_HOLDER, str(db_path), str(network), lock)
    try:
        assert f"pid={holder.pid}\n" in sidecar(db_path).read_text()
        met = release_after(monkeypatch, holder, connection.PATIENCE + 2)
        done = cli(*command)
    finally:
        code, err = finish(holder)
    assert code == 0, err
    assert done.exit_code == 0, done.stderr
    assert len(met) >= connection.PATIENCE + 2  # it really waited past PATIENCE
    assert count(db_path, "SELECT count(*) FROM contact WHERE name = 'Grace Hopper'") == 1
    if lock == "reserved":
        assert count(db_path, "SELECT count(*) FROM touch WHERE note = 'after the import'") == 1
    else:
        assert [row["name"] for row in done.json()] == ["Ada Okafor", "Grace Hopper"]  # read after its commit
    assert not sidecar(db_path).exists()
    assert integrity(db_path) == ["ok"]


@pytest.mark.parametrize("begin, command", [
    ("BEGIN IMMEDIATE", ["touch", "Ada Okafor"]),
    ("BEGIN EXCLUSIVE", ["contacts", "list"]),
], ids=["write", "read"])
def test_another_program_holding_the_lock_is_named_as_such(cli, db_path, network, short, begin, command):
    """Plain sqlite3 in another process, no `.NAME.writer`: the waiter gives up as before (two busy
    timeouts with the file unchanged) with one line naming another program."""
    holder = start(PROGRAM_HOLDER, str(db_path), begin)
    try:
        blocked = cli(*command)
    finally:
        code, err = finish(holder)
    assert code == 0, err
    assert_error(blocked, 1, "is in use by another program (database is locked); nothing was changed")
    assert "mentornet command" not in blocked.stderr
    assert count(db_path, "SELECT count(*) FROM touch") == 0


def test_the_message_names_the_mentornet_command_when_the_ceiling_is_reached(cli, db_path, network, short,
                                                                             monkeypatch):
    monkeypatch.setattr(connection, "HOLDER_CEILING_S", 0.0)
    holder = start(MENTORNET_HOLDER, str(db_path), str(network), "reserved")
    try:
        blocked = cli("touch", "Ada Okafor", "--note", "never")
    finally:
        code, err = finish(holder)
    assert code == 0, err
    assert_error(blocked, 1, f"is in use by another mentornet command (pid {holder.pid}: `mentornet import`) "
                             "(database is locked); nothing was changed")
    assert count(db_path, "SELECT count(*) FROM touch WHERE note = 'never'") == 0
    assert count(db_path, "SELECT count(*) FROM contact WHERE name = 'Grace Hopper'") == 1


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


@pytest.mark.parametrize("record", [
    "pid=%(dead)d\nstart=\ncommand=mentornet import\n",  # its process is gone
    "pid=%(live)d\nstart=1\ncommand=mentornet import\n",  # its pid now someone else's
    "half a reco",  # torn or damaged
], ids=["dead-pid", "reused-pid", "unreadable"])
def test_a_stale_sidecar_is_ignored_and_replaced(cli, db_path, network, short, record):
    stale = sidecar(db_path)
    stale.write_text(record % {"dead": dead_pid(), "live": os.getpid()} if "%" in record else record)
    holder = start(PROGRAM_HOLDER, str(db_path), "BEGIN IMMEDIATE")
    try:
        blocked = cli("touch", "Ada Okafor")
    finally:
        code, err = finish(holder)
    assert code == 0, err
    assert_error(blocked, 1, "is in use by another program")  # the stale file is no mentornet holder
    assert cli("touch", "Ada Okafor", "--note", "after").exit_code == 0
    assert not stale.exists()  # replaced by that write's own, which it removed
    assert count(db_path, "SELECT count(*) FROM touch WHERE note = 'after'") == 1


def test_a_sidecar_names_its_writer_and_never_outlives_the_unit_of_work(cli, db_path, network):
    from mentornet.services.database import writing

    with writing(db_path) as conn:  # success
        assert f"pid={os.getpid()}\n" in sidecar(db_path).read_text()
        assert oct(sidecar(db_path).stat().st_mode & 0o777) == oct(0o600)
        conn.execute("UPDATE contact SET title = 'kept' WHERE name = 'Ada Okafor'")
    assert not sidecar(db_path).exists()

    with pytest.raises(RuntimeError), writing(db_path) as conn:  # a failure inside the transaction
        assert sidecar(db_path).exists()
        conn.execute("UPDATE contact SET title = 'rolled back' WHERE name = 'Ada Okafor'")
        raise RuntimeError("fails half-way")
    assert not sidecar(db_path).exists()
    assert count(db_path, "SELECT title FROM contact WHERE name = 'Ada Okafor'") == "kept"

    failed = cli("contacts", "edit", "Nobody Here", "--title", "x")  # a refusal inside a command
    assert failed.exit_code != 0
    assert not sidecar(db_path).exists()


def test_restore_and_upgrade_say_they_hold_the_lock_and_leave_no_sidecar(cli, db_path, network, tmp_path,
                                                                          monkeypatch):
    """Both copy the database while they hold the write lock: the sidecar names them then, and is
    gone once they are done."""
    from mentornet.store import backup as store_backup
    from mentornet.store import migrations

    during: list[str] = []
    real = store_backup.copy_database

    def copying(source, *args, **kwargs):
        found = sidecar(Path(source)) if Path(source).name == "mentornet.db" else None
        if found is not None:
            during.append(found.read_text() if found.exists() else "none")
        return real(source, *args, **kwargs)

    backup = tmp_path / "copy.db"
    assert cli("backup", str(backup)).exit_code == 0  # (a read: takes no write lock)
    during.clear()
    monkeypatch.setattr(store_backup, "copy_database", copying)
    monkeypatch.setattr(migrations, "copy_database", copying)
    assert cli("restore", str(backup), "--yes").exit_code == 0
    assert during and all(f"pid={os.getpid()}\n" in record for record in during), during
    assert not sidecar(db_path).exists()

    old = tmp_path / "old" / "mentornet.db"  # an upgrade from schema 4
    old.parent.mkdir()
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "schema-v4.db", old)
    during.clear()
    assert cli("--db", str(old), "gaps").exit_code == 0
    assert during and all(f"pid={os.getpid()}\n" in record for record in during), during
    assert count(old, "PRAGMA user_version") == connection.SCHEMA_VERSION
    assert not sidecar(old).exists()
    assert [path.name for path in old.parent.iterdir() if path.name.startswith(".")] == []
