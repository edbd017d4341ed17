"""`draft ... --log` on a terminal asks "Sent?" once the draft is shown: yes records exactly one
outreach, anything else records nothing. The command runs as a process whose stdin is a real
pseudo-terminal (the prompt is only asked where someone can answer), its output on pipes."""

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.checks import assert_error
from tests.cli.conftest import mentornet
from tests.cli.helpers import add
from tests.conftest import TODAY

ASK = "20 minutes on a call about my stats plan?"


@pytest.fixture
def network(cli, ok, db_path) -> Path:
    add(cli, "Dr. Ada Okafor", "--role", "research")
    add(cli, "Mei Chen", "--role", "research", "--referred-by", "Ada", "--note", "Designs stepped-wedge trials.")
    return db_path


def at_terminal(db: Path, answer: bytes, *args: str) -> subprocess.CompletedProcess:
    """Run mentornet with a pseudo-terminal as stdin, `answer` typed into it (the line discipline
    keeps it until the prompt reads it); stdout and stderr on pipes."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "mentornet", "--db", str(db), *args], stdin=follower,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()})
        os.close(follower)
        os.write(leader, answer)
        stdout, stderr = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()


def outreach(db: Path) -> list[tuple]:
    listed = mentornet(db, "outreach", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    import json

    return [(o["contact"], o["attempt"], o["ask"], o["on"]) for o in json.loads(listed.stdout)]


@pytest.mark.parametrize("answer", [b"y\n", b"yes\n", b"Y\n"])
def test_yes_records_exactly_one_outreach(network, answer):
    done = at_terminal(network, answer, "draft", "approach", "Mei", "--ask", ASK, "--log")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Subject: ") and "Dear Mei Chen" in done.stdout  # the draft came first
    assert "Sent? Record the approach to Mei Chen as of 2026-11-22" in done.stderr
    assert "Approach logged" in done.stderr
    assert outreach(network) == [("Mei Chen", 1, ASK, "2026-11-22")]


@pytest.mark.parametrize("answer", [b"n\n", b"no\n", b"\n"])  # Enter alone takes the default: no
def test_no_records_nothing(network, answer):
    done = at_terminal(network, answer, "draft", "approach", "Mei", "--ask", ASK, "--log")
    assert done.returncode == 0, done.stderr
    assert "Sent?" in done.stderr and "Nothing logged." in done.stderr
    assert outreach(network) == []


def test_end_of_input_at_the_prompt_records_nothing(network):
    done = at_terminal(network, b"\x04", "draft", "approach", "Mei", "--ask", ASK, "--log")  # Ctrl-D
    assert done.returncode == 1 and "Dear Mei Chen" in done.stdout  # the draft was shown before the question
    last = done.stderr.splitlines()[-1]
    assert last.startswith("Error: no answer") and "nothing was logged" in last and "--yes" in last
    assert "Traceback" not in done.stderr
    assert outreach(network) == []


def test_without_a_terminal_nothing_is_asked_or_recorded_and_it_says_how(network):
    for stdin in (subprocess.DEVNULL, None):  # no input at all; a pipe (a script, CI)
        done = subprocess.run([sys.executable, "-m", "mentornet", "--db", str(network), "draft", "approach", "Mei",
                               "--ask", ASK, "--log"], stdin=stdin, input="y\n" if stdin is None else None,
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()})
        assert_error(done, 1, "--log off a terminal needs --yes")
        assert "Sent?" not in done.stderr and done.stdout == ""
    assert outreach(network) == []


def test_a_second_yes_is_a_second_attempt_not_a_copy(network):
    assert at_terminal(network, b"y\n", "draft", "approach", "Mei", "--ask", ASK, "--log").returncode == 0
    done = at_terminal(network, b"y\n", "draft", "follow-up", "Mei", "--log")
    assert done.returncode == 0, done.stderr
    assert "Follow-up logged" in done.stderr
    assert [row[:2] for row in outreach(network)] == [("Mei Chen", 1), ("Mei Chen", 2)]
