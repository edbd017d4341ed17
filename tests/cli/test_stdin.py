"""Text on stdin (cli/_stdin.py, and the prompts): bytes that aren't UTF-8 get one line and exit 2,
and nothing is written; typed at a terminal, they are kept as they came in a file the error names.
UTF-8 (with or without a byte-order mark) goes in exactly as it came."""

import os
import pty
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks import ON_SERVER, assert_error, database_exists, open_database
from tests.cli.helpers import add
from tests.conftest import TODAY


def meeting_notes(db) -> list[str | None]:
    if not database_exists(db):
        return []
    conn = open_database(db)
    try:
        return [row[0] for row in conn.execute("SELECT notes FROM meeting ORDER BY id")]
    finally:
        conn.close()


def run(db, *args: str, stdin) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", "--db", str(db), *args], stdin=stdin,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()})


def test_latin1_notes_through_a_pipe_are_refused_in_one_line(cli, db_path, tmp_path):
    add(cli, "Ada Okafor")
    piped = tmp_path / "notes.txt"
    piped.write_bytes("first line\nsecond\ncaf\u00e9 au lait\n".encode("latin-1"))
    with open(piped, "rb") as stdin:
        done = run(db_path, "meeting", "log", "Ada", "--notes", "-", stdin=stdin)
    assert_error(done, 2, "--notes -", "isn't UTF-8", "line 3, byte 4", "nothing was saved", "iconv")
    assert meeting_notes(db_path) == []
    assert not (db_path.parent / "unsaved").exists()  # piped text still exists where it came from


def test_notes_in_cli_runner_input_as_bytes(cli, db_path):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--notes", "-", input=b"\xff\xfe not text"), 2, "isn't UTF-8")
    assert meeting_notes(db_path) == []
    done = cli("meeting", "log", "Ada", "--notes", "-", input="\ufeffZo\u00eb's notes\r\n".encode())
    assert done.exit_code == 0, done.stderr
    assert meeting_notes(db_path) == ["Zo\u00eb's notes"]  # the byte-order mark dropped, the rest as typed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_any_bytes_on_stdin_are_stored_exactly_or_refused_whole(cli, db_path, data):
    if not database_exists(db_path):  # one network for every example
        add(cli, "Ada Okafor")
    before = meeting_notes(db_path)
    done = cli("meeting", "log", "Ada", "--notes", "-", input=data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert_error(done, 2, "isn't UTF-8")
        assert meeting_notes(db_path) == before
        return
    if "\x00" in text.strip() and ON_SERVER:  # PostgreSQL's text can't hold NUL: refused whole
        assert_error(done, 2, "can't store the character NUL")
        assert meeting_notes(db_path) == before
        return
    assert done.exit_code == 0, done.stderr
    stored = meeting_notes(db_path)[len(before):]
    assert len(stored) == 1
    assert (stored[0] or "") in (text, text.strip())  # the command's own cleaning, never a replacement
    assert "\ufffd" not in (stored[0] or "") or "\ufffd" in text


def test_typed_at_a_terminal_the_bytes_are_kept_and_named(cli, db_path):
    add(cli, "Ada Okafor")
    typed = "K award \u00e9t\u00e9 notes".encode("latin-1")
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "mentornet", "--db", str(db_path), "meeting", "log", "Ada",
                                    "--notes", "-"], stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()})
        os.close(follower)
        os.write(leader, typed + b"\n\x04")  # a line, then Ctrl-D: the end of the notes
        stdout, stderr = process.communicate(timeout=120)
    finally:
        os.close(leader)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    assert_error(done, 2, "isn't UTF-8", "your notes are kept as typed in")
    kept = Path(stderr.split("kept as typed in ", 1)[1].split(". Convert", 1)[0])
    assert kept.parent == db_path.parent / "unsaved"
    assert kept.read_bytes() == typed + b"\n"
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert meeting_notes(db_path) == []


def test_answers_piped_to_the_interview_that_are_not_utf8(db_path):
    answers = b"I want to run a QI program\n" + "caf\u00e9\n".encode("latin-1") + b"\n" * 30
    done = subprocess.run(
        [sys.executable, "-m", "mentornet", "--db", str(db_path), "assess", "--interview"], input=answers,
        capture_output=True, timeout=120, env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()})
    stderr = done.stderr.decode()
    last = stderr.splitlines()[-1]
    assert done.returncode == 2 and "Traceback" not in stderr and "unexpected" not in stderr
    assert "isn't UTF-8" in last and "nothing was changed" in last
    conn = open_database(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM assessment").fetchone()[0] == 0
    finally:
        conn.close()
