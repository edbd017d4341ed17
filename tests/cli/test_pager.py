"""Long tables at a terminal go through the pager, as git's output does: the user's MENTORNET_PAGER,
else PAGER, else `less`; never when piped, under CI or with --no-pager; a table that fits on the
screen is printed as it always was. Run through a real pseudo-terminal (50 rows, 80 columns)."""

import csv
import sys
from pathlib import Path

import pytest

from mentornet.io.csvexport import COLUMNS
from tests.cli.conftest import mentornet
from tests.cli.test_terminal_width import in_terminal, lines_fit, plain

CONTACTS = 70  # more rows than the terminal's 50
RECORDER = """import sys
with open(sys.argv[1], "a", encoding="utf-8") as record:
    record.write(sys.stdin.read())
"""


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pager")
    db, people = folder / "pager.db", folder / "people.csv"
    with open(people, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(CONTACTS):
            row = dict.fromkeys(COLUMNS, "") | {"name": f"Person Number {n:02d}", "email": f"p{n}@example.org",
                                                "institution": "State University of the Long Name", "stage": "prospect"}
            writer.writerow([row[column] for column in COLUMNS])
    done = mentornet(db, "import", str(people), "--format", "mentornet-csv")
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def recorder(tmp_path, monkeypatch) -> Path:
    """A pager that keeps what it is given in a file (and shows nothing)."""
    script, record = tmp_path / "pager.py", tmp_path / "paged.txt"
    script.write_text(RECORDER, encoding="utf-8")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("MENTORNET_PAGER", raising=False)
    monkeypatch.setenv("PAGER", f"{sys.executable} {script} {record}")
    return record


def test_a_long_table_at_a_terminal_goes_through_the_pager(network, recorder):
    shown = in_terminal(network, "contacts", "list")
    paged = plain(recorder.read_text(encoding="utf-8"))
    assert "Person Number 00" not in shown
    assert all(f"Person Number {n:02d}" in paged for n in range(CONTACTS))
    lines_fit(paged, 80)  # laid out for the terminal: wrapped within its columns
    lines = paged.splitlines()
    rule = next(number for number, line in enumerate(lines) if set(line) <= {"─", " "})
    assert lines[rule - 1].split()[:2] == ["id", "name"]  # the header, then its rule, then the rows
    assert lines[rule + 1].split()[1:3] == ["Person", "Number"]


def test_mentornet_pager_comes_before_pager(network, recorder, tmp_path, monkeypatch):
    other = tmp_path / "other.txt"
    monkeypatch.setenv("MENTORNET_PAGER", f"{sys.executable} {recorder.parent / 'pager.py'} {other}")
    in_terminal(network, "contacts", "list")
    assert "Person Number 69" in other.read_text(encoding="utf-8")
    assert not recorder.exists()


@pytest.mark.parametrize("how", ["--no-pager", "MENTORNET_PAGER=", "MENTORNET_PAGER=cat", "CI=true"])
def test_the_pager_can_be_turned_off(network, recorder, monkeypatch, how):
    args = ["contacts", "list"]
    if how.startswith("--"):
        args.append(how)
    else:
        name, _, value = how.partition("=")
        monkeypatch.setenv(name, value)
    shown = plain(in_terminal(network, *args))
    assert not recorder.exists()
    assert all(f"Person Number {n:02d}" in shown for n in range(CONTACTS))
    lines_fit(shown, 80)


def test_piped_output_never_goes_through_the_pager(network, recorder):
    done = mentornet(network, "contacts", "list")
    assert done.returncode == 0 and "Person Number 69" in done.stdout
    assert not recorder.exists()


def test_a_table_that_fits_on_the_screen_is_printed_boxed_without_the_pager(network, recorder):
    text = plain(in_terminal(network, "contacts", "list", "--search", "Person Number 1", columns=120))
    assert text.splitlines()[0].startswith("┏")  # Rich's table, as before
    assert "Person Number 19" in text
    assert not recorder.exists()


def test_a_pager_that_cant_run_leaves_the_table_on_the_terminal(network, recorder, monkeypatch):
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    shown = plain(in_terminal(network, "contacts", "list"))
    assert all(f"Person Number {n:02d}" in shown for n in range(CONTACTS))
