"""What a killed export leaves (issue 15 item 14): `io/files.write_atomic` writes into
`.NAME.PID-*.tmp` beside the target and renames it; a `kill -9` before the rename leaves that file.
The next export to the same target removes it, but never a temporary file a live writer may still
be writing: one whose process exists and that is younger than a day. Each case plants a file of
the exact shape and age a killed (or live) export leaves, then runs `mentornet export` as a process.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.test_concurrency import MENTORNET

pytestmark = pytest.mark.reliability
DAY = 24 * 3600


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, timeout=120)


def dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def plant(folder: Path, name: str, *, age: float = 0.0) -> Path:
    path = folder / name
    path.write_text('{"format": "mentornet", "tables": {"contact": [{"name": "half of a')  # cut off mid-row
    os.chmod(path, 0o600)
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


@pytest.fixture
def exported(db_path, tmp_path) -> Path:
    assert run("add-contact", "Ada Okafor", "--role", "research").returncode == 0
    folder = tmp_path / "out"
    folder.mkdir()
    return folder / "network.json"


def test_a_killed_exports_temporary_file_is_removed_by_the_next_export(exported):
    left = plant(exported.parent, f".network.json.{dead_pid()}-k3j4h5g6.tmp")
    done = run("export", "--output", str(exported))
    assert done.returncode == 0, done.stderr
    assert not left.exists()
    assert sorted(p.name for p in exported.parent.iterdir()) == ["network.json"]
    assert '"Ada Okafor"' in exported.read_text()


def test_a_real_kill_mid_export_leaves_nothing_after_the_next_one(exported, db_path):
    """A real `kill -9` at the moment the temporary file exists: the export is stopped (SIGSTOP) as
    soon as its file appears, then killed; the next export cleans up. When the export is too quick
    to be caught, the planted cases above still hold the rule."""
    for number in range(3):  # some notes, so that writing them takes a moment
        assert run("meeting", "log", "Ada", "--notes", f"meeting {number} " + "words " * 200).returncode == 0
    caught = None
    for _ in range(5):
        export = subprocess.Popen([str(MENTORNET), "export", "--output", str(exported)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        while export.poll() is None:
            temps = list(exported.parent.glob(f".network.json.{export.pid}-*.tmp"))
            if temps:
                export.send_signal(9)
                caught = temps[0]
                break
        export.communicate(timeout=120)
        if caught is not None and caught.exists():
            break
        caught = None
    if caught is None:
        pytest.skip("every export finished before its temporary file was seen")
    assert run("export", "--output", str(exported)).returncode == 0
    assert not caught.exists()
    assert sorted(p.name for p in exported.parent.iterdir()) == ["network.json"]


def test_a_live_writers_temporary_file_is_kept(exported):
    live = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        theirs = plant(exported.parent, f".network.json.{live.pid}-a1b2c3d4.tmp")
        assert run("export", "--output", str(exported)).returncode == 0
        assert theirs.exists()  # its process still runs: it may be writing
    finally:
        live.communicate(b"")


def test_an_unnamed_temporary_file_goes_only_once_a_day_old(exported):
    """The shape an older mentornet left (`.NAME.XXXXXXXX.tmp`, no PID): removed only when
    nothing has touched it for a day; another target's files are never touched."""
    old = plant(exported.parent, ".network.json.k3j4h5g6.tmp", age=DAY + 3600)
    fresh = plant(exported.parent, ".network.json.q9w8e7r6.tmp", age=60)
    other = plant(exported.parent, f".other.json.{dead_pid()}-z1x2c3v4.tmp", age=DAY + 3600)
    assert run("export", "--output", str(exported)).returncode == 0
    assert not old.exists()
    assert fresh.exists() and other.exists()
