"""The database file (reliability.md): where it lives, who can read it, and what we refuse to open.

The commands run as the installed `mentornet` in a subprocess with a permissive umask (022), so a
mode that is right only because the test process happened to have umask 077 fails here. Every
refusal is checked from the outside: exit 1, one `Error:` line naming the path, no traceback, and
the file left byte for byte as it was (same hash, same mtime, no journal beside it).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mentornet.services.database import writing
from mentornet.store import connection
from mentornet.store.connection import APPLICATION_ID, SCHEMA_VERSION
from tests.checks import assert_error

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_file("the file's pragmas and modes")]

MENTORNET = Path(sys.executable).with_name("mentornet")
WAL_SAFE_SQLITE = sqlite3.sqlite_version_info >= (3, 51, 3)
READ_AND_WRITE = [pytest.param(["gaps"], id="gaps"), pytest.param(["add-contact", "X"], id="add-contact")]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mentornet ARGS` as a user would run it, output piped, umask 022."""
    return subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, timeout=60,
                          env=os.environ.copy() if env is None else env, umask=0o022)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fingerprint(path: Path) -> tuple[str, int, int]:
    """Content hash, size and mtime: all three must survive a refusal."""
    info = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_size, info.st_mtime_ns


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A real mentornet database with a few rows, made once by the CLI."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    env = {**os.environ, "MENTORNET_TODAY": "2026-11-22"}
    for name, role in (("Ada Okafor", "research"), ("Ben Liu", "career"), ("Chidi Eze", "clinical")):
        done = run("--db", str(path), "add-contact", name, "--role", role, "--note", f"notes about {name}", env=env)
        assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def make_database(template):
    def make(path: Path) -> Path:
        shutil.copyfile(template, path)
        os.chmod(path, 0o600)
        return path

    return make


def assert_refused(result: subprocess.CompletedProcess, path: Path, *words: str) -> None:
    assert result.returncode == 1, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert_error(result, (1, 2))
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path.resolve()) in lines[0], result.stderr
    for word in words:
        assert word in lines[0], result.stderr


# --- created on first use ----------------------------------------------------------------------


def test_first_use_creates_private_file_in_existing_folder(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    db = folder / "mine.db"
    env = {**os.environ, "MENTORNET_DB": str(db)}

    result = run("add-contact", "Ada", env=env)

    assert result.returncode == 0, result.stderr
    assert mode(db) == 0o600
    assert mode(folder) == 0o755  # a folder we didn't make is the user's business
    assert sorted(p.name for p in folder.iterdir()) == ["mine.db"]  # no journal left behind


@pytest.mark.parametrize("command", READ_AND_WRITE)
def test_first_use_creates_missing_folders_0700_and_file_0600(tmp_path, command):
    db = tmp_path / "not" / "there" / "yet" / "mentornet.db"
    env = {**os.environ, "MENTORNET_DB": str(db)}

    result = run(*command, env=env)

    assert result.returncode == 0, result.stderr
    assert db.is_file()
    assert mode(db) == 0o600
    for folder in (tmp_path / "not", tmp_path / "not" / "there", db.parent):
        assert mode(folder) == 0o700, folder
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_default_path_comes_from_platformdirs(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MENTORNET_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["HOME"] = str(tmp_path / "home")  # if platformdirs ever ignored XDG, still not the real home

    result = run("gaps", env=env)

    assert result.returncode == 0, result.stderr
    db = tmp_path / "xdg" / "mentornet" / "mentornet.db"
    assert db.is_file()
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700
    assert not (tmp_path / "home").exists()
    assert not (tmp_path / "data").exists()  # the autouse MENTORNET_DB was really unset


def test_db_option_beats_environment(tmp_path):
    from_env = tmp_path / "env" / "env.db"
    from_flag = tmp_path / "flag" / "flag.db"
    env = {**os.environ, "MENTORNET_DB": str(from_env)}

    added = run("--db", str(from_flag), "add-contact", "Ada Okafor", env=env)
    listed = run("--db", str(from_flag), "contacts", "list", "--json", env=env)

    assert added.returncode == 0, added.stderr
    assert listed.returncode == 0, listed.stderr
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Ada Okafor"]
    assert not from_env.parent.exists()


# --- what we refuse to open ----------------------------------------------------------------------


def _random_bytes(path: Path, make_database) -> None:
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(8192)))


def _text_file(path: Path, make_database) -> None:
    path.write_text("name,email\nAda,ada@example.org\n", encoding="utf-8")


def _other_program(path: Path, make_database) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE bookmark (id INTEGER PRIMARY KEY, url TEXT NOT NULL, title TEXT)")
        conn.executemany("INSERT INTO bookmark (url, title) VALUES (?, ?)",
                         [(f"https://example.org/{i}", f"page {i}") for i in range(50)])
    conn.close()


def _overwrite_pages(path: Path, tables: tuple[str, ...]) -> None:
    """Overwrite the first 512 bytes of the root page of each table (pages in the middle of the file)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0] for t in tables]
    conn.close()
    with open(path, "r+b") as handle:
        for root in roots:
            assert root > 1  # the header page stays intact: the file still looks like ours
            handle.seek((root - 1) * page_size)
            handle.write(b"\xa5" * 512)


def _corrupt_mentornet(path: Path, make_database) -> None:
    make_database(path)
    _overwrite_pages(path, ("role", "contact"))


FOREIGN = [
    pytest.param(_random_bytes, "not a mentornet database", id="random-bytes"),
    pytest.param(_text_file, "not a mentornet database", id="text-file"),
    pytest.param(_other_program, "not a mentornet", id="other-sqlite"),
    pytest.param(_corrupt_mentornet, "damaged", id="corrupt-mentornet"),
]


@pytest.mark.parametrize("command", READ_AND_WRITE)
@pytest.mark.parametrize(("make", "word"), FOREIGN)
def test_foreign_or_damaged_file_is_refused_and_untouched(tmp_path, make_database, make, word, command):
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "precious.db"
    make(path, make_database)
    before, listing = fingerprint(path), sorted(p.name for p in folder.iterdir())

    result = run("--db", str(path), *command)

    assert_refused(result, path, word)
    assert fingerprint(path) == before
    assert sorted(p.name for p in folder.iterdir()) == listing  # no journal, no backups folder


def test_doctor_finds_damage_where_commands_do_not_look(tmp_path, make_database):
    """SQLite notices corruption only in the pages a statement touches; a full check on every
    write would cost time in proportion to the database, so `doctor` is where it is found."""
    path = make_database(tmp_path / "precious.db")
    _overwrite_pages(path, ("referral",))
    before = fingerprint(path)

    result = run("--db", str(path), "doctor", "--json")

    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert any(check["name"] in ("integrity", "database") and not check["ok"] for check in report["checks"])
    assert fingerprint(path) == before


@pytest.mark.parametrize("command", READ_AND_WRITE)
def test_folder_given_as_db_is_refused(tmp_path, command):
    folder = tmp_path / "a-folder"
    folder.mkdir()

    result = run("--db", str(folder), *command)

    assert_refused(result, folder, "folder")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", READ_AND_WRITE)
def test_newer_schema_is_refused_and_untouched(tmp_path, make_database, command):
    path = make_database(tmp_path / "future.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    before = fingerprint(path)

    result = run("--db", str(path), *command)

    assert_refused(result, path, "newer", f"schema {SCHEMA_VERSION + 1}")
    assert fingerprint(path) == before
    assert not (tmp_path / "backups").exists()


# --- pragmas on every connection -----------------------------------------------------------------


def _pragmas(conn: sqlite3.Connection) -> dict:
    names = ("foreign_keys", "secure_delete", "trusted_schema", "busy_timeout", "temp_store", "journal_mode")
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in names}


def _check_pragmas(found: dict) -> None:
    assert found["foreign_keys"] == 1
    assert found["secure_delete"] == 1
    assert found["trusted_schema"] == 0
    assert found["busy_timeout"] == 10_000
    assert found["temp_store"] == 2  # MEMORY
    journal = found["journal_mode"].lower()
    assert journal not in ("off", "memory")
    # WAL only where SQLite's WAL-reset bug is fixed; and there, WAL.
    assert (journal == "wal") == WAL_SAFE_SQLITE, (journal, sqlite3.sqlite_version)


@pytest.fixture
def current_db(ok, db_path) -> Path:
    ok("add-contact", "Ada Okafor", "--role", "research")
    return db_path


def test_pragmas_on_lean_sqlite3_connection(current_db):
    conn = connection.connect(current_db)
    try:
        _check_pragmas(_pragmas(conn))
    finally:
        conn.close()


def test_pragmas_on_a_write_transaction(current_db):
    with writing(current_db) as conn:
        found = _pragmas(conn)
    _check_pragmas(found)


def test_pragmas_on_a_write_transaction_of_a_new_database(db_path):
    assert not db_path.exists()
    with writing(db_path) as conn:
        found = _pragmas(conn)
    _check_pragmas(found)


def test_pragmas_during_an_upgrade(tmp_path, monkeypatch):
    """The connection that upgrades a file has the same pragmas, but foreign keys off (so no
    cascade can delete a row mid-upgrade)."""
    from mentornet.services.database import CACHES
    from mentornet.store import migrations

    old = tmp_path / "old.db"
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / "schema-v4.db", old)
    seen = {}
    released = migrations.UPGRADES[4]

    def recording(conn):
        seen.update(_pragmas(conn))
        migrations._run(conn, released)

    monkeypatch.setitem(migrations.UPGRADES, 4, recording)
    migrations.prepare(old, CACHES)
    assert seen["foreign_keys"] == 0
    _check_pragmas({**seen, "foreign_keys": 1})
