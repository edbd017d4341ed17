"""Nothing a person typed is lost (issue 15): notes from $EDITOR and the interview's answers are
checked against everything else first, and kept in a file when the save still fails."""

import os
import shlex
import stat
import sys

import pytest

from tests.checks import assert_error, open_database, short_lock_wait
from tests.cli.helpers import add, meetings

NOTES = "Talked about the K award.\nZoë reads the aims page.\n"


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """An editor that writes NOTES and counts how often it was opened."""
    opened = tmp_path / "opened"
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        f"open({str(opened)!r}, 'a').write('x')\n"
        f"open(sys.argv[1], 'w', encoding='utf-8').write({NOTES!r})\n", encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    return lambda: opened.read_text() if opened.exists() else ""


@pytest.mark.parametrize(("args", "code", "fragment"), [
    (["Nobody", "--edit"], 1, "no contact matches"),
    (["Ad", "--edit"], 1, "several contacts"),
    (["Ada Okafor", "--edit", "--next", "whenever"], 2, "--next"),
    (["Ada Okafor", "--edit", "--referral", "Ada Okafor"], 2, "themselves"),
    (["Ada Okafor", "--edit", "--on", "someday"], 2, "--on"),
])
def test_mistakes_are_found_before_the_editor_opens(cli, ok, editor, args, code, fragment):
    add(cli, "Ada Okafor")
    add(cli, "Adam Hale")
    assert_error(cli("meeting", "log", *args), code, fragment)
    assert editor() == ""
    assert meetings(ok) == []


def test_notes_survive_a_lock_held_past_the_busy_timeout(cli, ok, editor, db_path, monkeypatch):
    add(cli, "Ada Okafor")
    short_lock_wait(monkeypatch)
    holder = open_database(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("meeting", "log", "Ada", "--edit")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_error(result, 1, "in use by another", "your notes are kept in")
    kept = db_path.parent / "unsaved"
    [path] = kept.iterdir()
    assert path.name.startswith("meeting-") and str(path) in result.stderr
    assert path.read_text(encoding="utf-8") == NOTES
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert meetings(ok) == []


def test_an_editor_closed_without_saving_logs_nothing(cli, ok, tmp_path, monkeypatch):
    script = tmp_path / "quit.py"
    script.write_text("pass\n", encoding="utf-8")  # like :q! in vi: the file stays empty
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--edit"), 1, "closed without saving", "nothing was logged")
    assert meetings(ok) == []


def test_an_editor_that_cant_be_started_is_one_clear_line(cli, ok, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --wait")
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--edit"), 2, "'no-such-editor-anywhere'", "can't be started")
    assert meetings(ok) == []


def test_interview_answers_survive_a_failed_save(cli, ok, db_path, monkeypatch):
    from mentornet.cli import assess

    monkeypatch.setattr(assess, "at_terminal", lambda: True)
    ok("roles", "list")  # the database exists
    short_lock_wait(monkeypatch)
    answers = "Heal hearts\nFunded research\nK award\n" + "\n" * 5 + "research\n" + "\n" * 4
    holder = open_database(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("assess", input=answers + "n\n")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1, result.stderr
    assert "your answers are kept in" in result.stderr
    [path] = (db_path.parent / "unsaved").iterdir()
    assert path.name.startswith("assess-") and str(path) in result.stderr
    text = path.read_text(encoding="utf-8")
    assert "Heal hearts" in text and "K award" in text and "--need research" in text
    assert ok("assess", "show", "--json").json() is None


def test_an_interview_need_that_is_a_typo_keeps_the_answers(cli, ok, db_path, monkeypatch):
    from mentornet.cli import assess

    monkeypatch.setattr(assess, "at_terminal", lambda: True)
    answers = "Heal hearts\n\n\n\n\n\n\nreserch\n\n\n\n\n\n"
    result = cli("assess", input=answers + "n\n")
    assert result.exit_code == 2, result.stderr
    assert "did you mean research?" in result.stderr and "your answers are kept in" in result.stderr
    [path] = (db_path.parent / "unsaved").iterdir()
    assert "Heal hearts" in path.read_text(encoding="utf-8")
