"""`mentornet doctor [--json]` and the file modes it checks (reliability.md, issue 5).

Run as the installed `mentornet` with a permissive umask (022), so a mode that is right only
because the test process had umask 077 fails here. Every unhealthy case: exit 1, the failing
check named with a fix; where the fix is a command, running it makes the doctor happy again.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mentornet.store.connection import SCHEMA_VERSION

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_file("doctor's checks of the file, its modes and its copies (test_pg checks doctor on a server)")]

MENTORNET = Path(sys.executable).with_name("mentornet")
CHECK_KEYS = {"name", "ok", "warning", "detail", "fix"}
ALWAYS = {"sqlite", "schema", "journal", "integrity", "foreign_keys", "file mode", "folder mode", "backup"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, timeout=60, umask=0o022)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def doctor(expect: int) -> dict:
    """`doctor --json` with its exit code checked and its shape checked exactly."""
    done = run("doctor", "--json")
    assert done.returncode == expect, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert set(report) == {"database", "ok", "checks"}
    assert report["ok"] is (expect == 0)
    for check in report["checks"]:
        assert set(check) == CHECK_KEYS, check
        assert isinstance(check["ok"], bool) and isinstance(check["detail"], str)
        assert check["fix"] is None or isinstance(check["fix"], str)
    return report


def by_name(report: dict) -> dict[str, dict]:
    return {check["name"]: check for check in report["checks"]}


def failing(report: dict) -> dict[str, dict]:
    return {name: check for name, check in by_name(report).items() if not check["ok"]}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("doctor") / "template.db"
    env = {**os.environ, "MENTORNET_DB": str(db), "MENTORNET_TODAY": "2026-11-22"}
    for args in (["add-contact", "Ada Okafor", "--role", "research", "--note", "notes"],
                 ["meeting", "log", "Ada", "--on", "2026-11-01", "--notes", "K award", "--referral", "Mei Chen"]):
        done = subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def network(template, db_path) -> Path:
    """A copy of the template where the commands look for it (MENTORNET_DB), folder 0700, file 0600."""
    db_path.parent.mkdir(mode=0o700)
    os.chmod(db_path.parent, 0o700)
    shutil.copyfile(template, db_path)
    os.chmod(db_path, 0o600)
    return db_path


@pytest.fixture
def backed_up(network) -> Path:
    done = run("backup")
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def test_healthy_database_with_a_fresh_backup(network, backed_up):
    report = doctor(0)

    assert report["database"] == str(network)
    checks = by_name(report)
    assert ALWAYS <= set(checks), sorted(checks)
    assert all(check["ok"] and check["fix"] is None for check in report["checks"]), failing(report)
    assert sqlite3.sqlite_version in checks["sqlite"]["detail"]
    journal = "wal" if sqlite3.sqlite_version_info >= (3, 51, 3) else "delete"
    assert journal in checks["journal"]["detail"].lower()
    assert f"schema version {SCHEMA_VERSION}" in checks["schema"]["detail"]
    assert backed_up.name in checks["backup"]["detail"] and "0 days" in checks["backup"]["detail"]

    text = run("doctor")  # the table, for people
    assert text.returncode == 0, text.stderr
    assert "FAIL" not in text.stdout and str(network) in text.stdout
    for name in ALWAYS:
        assert name in text.stdout


def test_no_backup_yet_is_a_warning_not_a_failure(network):
    report = doctor(0)

    assert failing(report) == {}
    backup = by_name(report)["backup"]
    assert backup["warning"] and backup["fix"] == "mentornet backup"
    assert "no backup" in backup["detail"]
    text = run("doctor")
    assert text.returncode == 0 and "warning" in text.stdout and "FAIL" not in text.stdout

    assert run("backup").returncode == 0  # the fix works
    assert not by_name(doctor(0))["backup"]["warning"]


def test_an_old_backup(network, backed_up):
    old = time.time() - 40 * 86400
    os.utime(backed_up, (old, old))

    report = doctor(0)

    assert failing(report) == {}
    assert by_name(report)["backup"]["warning"]
    assert "40 days" in by_name(report)["backup"]["detail"]
    assert by_name(report)["backup"]["fix"] == "mentornet backup"
    text = run("doctor")
    assert text.returncode == 0 and "warning" in text.stdout and "mentornet backup" in text.stdout

    assert run("backup").returncode == 0
    assert not by_name(doctor(0))["backup"]["warning"]


def test_a_database_readable_by_others(network, backed_up):
    os.chmod(network, 0o644)

    report = doctor(1)

    assert set(failing(report)) == {"file mode"}
    check = by_name(report)["file mode"]
    assert "644" in check["detail"]
    assert check["fix"].startswith("chmod 600 ") and str(network) in check["fix"]

    assert subprocess.run(check["fix"], shell=True).returncode == 0  # the fix is a command that works
    assert mode(network) == 0o600
    doctor(0)


def test_a_folder_open_to_others(network, backed_up):
    os.chmod(network.parent, 0o755)

    report = doctor(1)

    assert set(failing(report)) == {"folder mode"}
    check = by_name(report)["folder mode"]
    assert "755" in check["detail"]
    assert check["fix"].startswith("chmod 700 ") and str(network.parent) in check["fix"]

    assert subprocess.run(check["fix"], shell=True).returncode == 0
    assert mode(network.parent) == 0o700
    doctor(0)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_table(network, backed_up):
    conn = sqlite3.connect(f"{network.as_uri()}?mode=ro", uri=True)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'meeting'").fetchone()[0]
    conn.close()
    with open(network, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    before = _digest(network)

    report = doctor(1)

    bad = failing(report)
    assert "integrity" in bad, report
    assert "restore" in bad["integrity"]["fix"]
    assert _digest(network) == before  # the doctor only reads


def test_a_file_that_is_no_longer_a_database(network, backed_up):
    with open(network, "r+b") as handle:
        handle.write(b"this is not SQLite anymore")  # over the header
    before = _digest(network)

    report = doctor(1)

    bad = failing(report)
    assert set(bad) == {"database"}, report
    assert "not a mentornet database" in bad["database"]["detail"]
    assert "mentornet restore" in bad["database"]["fix"]
    assert _digest(network) == before


def test_doctor_on_a_database_not_made_yet_creates_nothing(db_path):
    report = doctor(0)

    assert by_name(report)["database"]["ok"]
    assert not db_path.exists() and not db_path.parent.exists()


# --- file modes after create, export and backup (umask 022) -----------------------------------------


def test_file_modes_after_create_export_and_backup(db_path, tmp_path):
    created = run("add-contact", "Ada Okafor", "--role", "research")
    assert created.returncode == 0, created.stderr
    assert run("add-contact", "Ben Liu").returncode == 0
    network = db_path
    assert mode(network) == 0o600
    assert mode(network.parent) == 0o700

    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("json", "csv", "vcard", "ics"):
        target = out / f"network.{fmt}"
        done = run("export", "--format", fmt, "--output", str(target))
        assert done.returncode == 0, done.stderr
        assert mode(target) == 0o600, fmt
    replaced = out / "old.json"  # an export over an existing world-readable file makes it private
    replaced.write_text("old")
    os.chmod(replaced, 0o644)
    assert run("export", "--output", str(replaced)).returncode == 0
    assert mode(replaced) == 0o600
    assert sorted(p.name for p in out.iterdir()) == sorted(  # no temporary files left behind
        [f"network.{fmt}" for fmt in ("json", "csv", "vcard", "ics")] + ["old.json"])

    default = run("backup")
    assert default.returncode == 0, default.stderr
    made = Path(default.stdout.strip())
    assert made.parent == network.parent / "backups"
    assert mode(made) == 0o600
    assert mode(made.parent) == 0o700

    named = out / "nested" / "copy.db"
    assert run("backup", str(named)).returncode == 0
    assert mode(named) == 0o600
    assert mode(named.parent) == 0o700

    empty = out / "empty.db"  # an empty file someone made world-readable: backup fills it, private
    empty.touch()
    os.chmod(empty, 0o644)
    assert run("backup", str(empty)).returncode == 0
    assert mode(empty) == 0o600
    with sqlite3.connect(f"{empty.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
    conn.close()


def test_a_changed_byte_in_the_name_index_is_found_and_reindex_is_the_fix(network, backed_up):
    """quick_check passes this; integrity_check compares every index with its table."""
    conn = sqlite3.connect(f"{network.as_uri()}?mode=ro", uri=True)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_contact_name_key'").fetchone()[0]
    conn.close()
    with open(network, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        page = handle.read(page_size)
        at = page.index(b"ada okafor")
        handle.seek((root - 1) * page_size + at)
        handle.write(b"adb")
    conn = sqlite3.connect(network)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # what doctor ran before
    conn.close()

    bad = failing(doctor(1))

    assert set(bad) == {"integrity"}
    assert "REINDEX" in bad["integrity"]["fix"]
    conn = sqlite3.connect(network)
    conn.execute("REINDEX")  # the fix works
    conn.commit()
    conn.close()
    doctor(0)


def test_a_damaged_backup_is_a_failure(network, backed_up):
    with open(backed_up, "r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xa5" * 4096)

    bad = failing(doctor(1))

    assert set(bad) == {"backup"} and "damaged" in bad["backup"]["detail"]
