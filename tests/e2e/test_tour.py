"""The installed `mentornet` console script, as a user runs it: the README tour and clean failures.

No --db anywhere: the database comes from MENTORNET_DB (the autouse fixture points it into
tmp_path). Output is piped, so tables are plain text.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.checks import assert_error

pytestmark = pytest.mark.sqlite_file("starts from copies of a prepared SQLite file")

MENTORNET = Path(sys.executable).with_name("mentornet")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, timeout=60,
                          env=os.environ.copy() if env is None else env)


def ok(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    done = run(*args, env=env)
    assert done.returncode == 0, f"{args} -> {done.returncode}: {done.stderr}"
    assert "Traceback" not in done.stderr
    return done


def test_console_script_is_installed():
    assert MENTORNET.is_file() and os.access(MENTORNET, os.X_OK), MENTORNET
    assert ok("--version").stdout.startswith("mentornet ")


@pytest.fixture(scope="module")
def tour_db(tmp_path_factory) -> Path:
    """The README's short tour, run once, with the database named by MENTORNET_DB only."""
    db = tmp_path_factory.mktemp("tour") / "data" / "mentornet.db"
    env = {**os.environ, "MENTORNET_DB": str(db), "MENTORNET_TODAY": "2026-11-22", "NO_COLOR": "1"}
    first = ok("add-contact", "Dr. Ada Okafor", "--role", "research", "--stage", "cultivation",
               "--institution", "Mercy General", env=env)
    second = ok("add-contact", "Ben Liu", "--role", "career", env=env)
    assert (first.stdout, second.stdout) == ("1\n", "2\n")
    assert db.is_file()  # MENTORNET_DB was used, created on first use
    return db


def copy_to(source: Path, db_path: Path) -> Path:
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(source, db_path)
    os.chmod(db_path, 0o600)
    return db_path


@pytest.fixture
def tour(tour_db, db_path) -> Path:
    """This test's own copy of the tour's database, where MENTORNET_DB points."""
    return copy_to(tour_db, db_path)


def test_readme_tour_gaps(tour):
    done = ok("gaps")

    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()
            if line.split() and line.split()[0] in ("clinical", "research", "career", "personal")}
    assert {role: cells[1:3] for role, cells in rows.items()} == {
        "clinical": ["1", "gap"],
        "research": ["1", "filled"],
        "career": ["1", "gap"],  # Ben Liu is a prospect, not yet approached
        "personal": ["1", "gap"],
    }
    assert "Dr. Ada Okafor" in " ".join(rows["research"])
    assert "Ben Liu" not in " ".join(rows["career"])
    assert "Fill career: approach Ben Liu" in ok().stdout  # the dashboard's next step
    assert "[thin]" in done.stdout
    assert "\x1b[" not in done.stdout  # piped: no colour


def test_readme_tour_json_agrees(tour):
    data = json.loads(ok("gaps", "--json").stdout)
    assert {r["role"]: r["status"] for r in data["roles"]} == {
        "clinical": "gap", "research": "filled", "career": "gap", "personal": "gap"}
    assert "thin" in [w["code"] for w in data["warnings"]]


def assert_clean_failure(done: subprocess.CompletedProcess, code: int) -> None:
    assert done.returncode == code, f"exit {done.returncode}: {done.stderr}"
    assert_error(done, (1, 2))


def test_unknown_contact_exits_1(tour):
    assert_clean_failure(run("contacts", "show", "Nobody Here"), 1)


def test_bad_date_exits_2_and_adds_nothing(tour):
    assert_clean_failure(run("add-contact", "Cara Diaz", "--met-on", "the thirty-second of never"), 2)
    assert_clean_failure(run("contacts", "stage", "Ben", "initiation", "--on", "2026-13-45"), 2)
    names = [c["name"] for c in json.loads(ok("contacts", "list", "--json").stdout)]
    assert names == ["Ben Liu", "Dr. Ada Okafor"]


def test_unknown_option_exits_2(tour):
    assert_clean_failure(run("contacts", "list", "--colour"), 2)


def run_into_closed_pipe(*args: str, read_first_line: bool, program: list[str] | None = None) -> tuple[int, str]:
    """`mentornet ARGS | head -1` (read_first_line) or `| true` (reader gone before any output)."""
    reader = subprocess.Popen([*(program or [str(MENTORNET)]), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=os.environ.copy())
    if read_first_line:
        reader.stdout.readline()
    reader.stdout.close()  # the reader leaves; the next write hits a broken pipe
    err = reader.stderr.read().decode()
    reader.stderr.close()
    return reader.wait(timeout=60), err


def test_the_pipe_check_can_see_a_broken_pipe():
    """Control: a plain Python program that ignores EPIPE does complain through this harness."""
    code, err = run_into_closed_pipe("-c", "for i in range(200_000): print(i)", read_first_line=True, program=[sys.executable])
    assert "BrokenPipeError" in err


@pytest.fixture(scope="module")
def big_db(tour_db, tmp_path_factory) -> Path:
    """Far more output than a pipe holds (64 KiB), so writes fail while the command still runs."""
    db = copy_to(tour_db, tmp_path_factory.mktemp("big") / "mentornet.db")
    env = {**os.environ, "MENTORNET_DB": str(db), "MENTORNET_TODAY": "2026-11-22"}
    for i in range(4):
        ok("add-contact", f"Mentor {i}", "--role", "peer", "--institution", f"Institute {i} " + "x" * 40_000, env=env)
    return db


@pytest.fixture
def big_network(big_db, db_path) -> Path:
    return copy_to(big_db, db_path)


@pytest.mark.parametrize("command", [["contacts", "list"], ["contacts", "list", "--json"], ["gaps"], []],
                         ids=["list", "list-json", "gaps", "dashboard"])
def test_reader_gone_before_output_no_traceback(tour, command):
    code, err = run_into_closed_pipe(*command, read_first_line=False)
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert "BrokenPipeError" not in err
    assert err == ""
    assert code in (0, 1)


@pytest.mark.parametrize("command", [["contacts", "list"], ["contacts", "list", "--json"]], ids=["list", "list-json"])
def test_head_1_on_long_output_no_traceback(big_network, command):
    code, err = run_into_closed_pipe(*command, read_first_line=True)
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert err == ""
    assert code in (0, 1)
