"""`meeting log|thanked|list`: notes, referrals, thanks (cli.md, "Outreach, meetings, touches")."""

import os
import shlex
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.checks import ON_SERVER, assert_error
from tests.cli.helpers import add, contacts, meeting, meetings, show

MEETING_KEYS = ["id", "contact", "on", "mode", "agenda", "notes", "rating", "next", "thanked_on", "referrals"]
ACTION_KEYS = ["id", "contact", "contact_id", "text", "owner", "due", "done_on"]

# --- meeting log ---------------------------------------------------------------------------------

def test_meeting_log_prints_the_meeting_id(cli):
    add(cli, "Ada Okafor")
    first = cli("meeting", "log", "Ada", "--on", "2026-11-10")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "1\n"
    assert "meeting thanked" in first.stderr  # the reminder is a message, not data
    second = cli("meeting", "log", "Ada", "--on", "2026-11-20", "--thanked")
    assert second.exit_code == 0, second.stderr
    assert second.stdout == "2\n"
    assert second.stderr == ""


@pytest.mark.parametrize("added, on", [((), "2026-10-01"), (("--i-mentor",), "2026-11-20")],
                         ids=["weeks-ago", "mentee"])
def test_meeting_log_hints_a_thank_you_only_when_one_is_due(cli, ok, added, on):
    ok("add-contact", "Tomás Herrera", *added)
    done = cli("meeting", "log", "Tomás", "--on", on)
    assert done.exit_code == 0, done.stderr
    assert done.stdout == "1\n"
    assert "thank" not in done.stderr


def test_meeting_log_with_every_field(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--notes", "  K award timeline; [bold]aims[/bold]  ",
       "--agenda", "K award", "--mode", "video", "--rating", "4", "--next", "in 3 months", "--thanked")
    assert meetings(ok) == [meeting(1, "Ada Okafor", "2026-11-10", mode="video", agenda="K award",
                                    notes="K award timeline; [bold]aims[/bold]", rating=4,
                                    next="2027-02-10",  # counted from the meeting's day
                                    thanked_on="2026-11-10")]


def test_notes_from_stdin(cli, ok):
    add(cli, "Ada Okafor")
    text = "Line one about the K award.\n\n  - [red]aims[/red] page\nZoë said: \"call Mei\"\n"
    result = cli("meeting", "log", "Ada", "--on", "2026-11-10", "--notes", "-", input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert meetings(ok)[0]["notes"] == text.strip()


def test_notes_from_real_stdin_keep_carriage_returns(ok, db_path):
    """The process's own stdin, not the test runner's (which translates newlines)."""
    ok("add-contact", "Ada Okafor")
    completed = subprocess.run(
        [sys.executable, "-m", "mentornet", "meeting", "log", "Ada", "--notes", "-"],
        input="one\r\ntwo\rthree \u00e9\n".encode(), capture_output=True, timeout=60,
        env={**os.environ, "MENTORNET_DB": str(db_path)},
    )
    assert completed.returncode == 0, completed.stderr.decode()
    assert completed.stdout == b"1\n"
    assert meetings(ok)[0]["notes"] == "one\r\ntwo\rthree \u00e9"


def editor(tmp_path, monkeypatch, body: str) -> None:
    script = tmp_path / "editor.py"
    script.write_text(body, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")


def test_notes_from_the_editor(cli, ok, tmp_path, monkeypatch):
    editor(tmp_path, monkeypatch, (
        "import sys\n"
        "with open(sys.argv[1], 'w', encoding='utf-8') as notes:\n"
        "    notes.write('Talked about the K award.\\nNext: the aims page, Zoë to read it.\\n')\n"
    ))
    add(cli, "Ada Okafor")
    result = cli("meeting", "log", "Ada", "--on", "2026-11-10", "--edit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert meetings(ok)[0]["notes"] == "Talked about the K award.\nNext: the aims page, Zoë to read it."


def test_edit_without_an_editor_is_bad_usage(cli, ok, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--edit"), 2, "EDITOR")
    assert meetings(ok) == []


def test_an_editor_that_fails_logs_nothing(cli, ok, tmp_path, monkeypatch):
    editor(tmp_path, monkeypatch, "import sys\nsys.exit(3)\n")
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--edit"), 2, "3")
    assert meetings(ok) == []


def test_notes_and_edit_together_are_bad_usage(cli, ok):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--notes", "x", "--edit"), 2, "--edit")
    assert meetings(ok) == []


@pytest.mark.parametrize("rating", ["0", "6", "-1", "good"])
def test_rating_outside_one_to_five_is_bad_usage(cli, ok, rating):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--rating", rating), 2, "--rating")
    assert meetings(ok) == []


@pytest.mark.parametrize("option", ["--on", "--next"])
def test_bad_meeting_dates_are_bad_usage(cli, ok, option):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", option, "when pigs fly"), 2, option)
    assert meetings(ok) == []


def test_meeting_with_an_unknown_contact_fails(cli, ok):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Nobody Atall"), 1, "Nobody Atall")
    assert meetings(ok) == []


# --- referrals ---------------------------------------------------------------------------------

def test_referral_to_a_new_name_creates_a_prospect_referred_by_them(cli, ok):
    add(cli, "Ada Okafor")
    result = cli("meeting", "log", "Ada", "--on", "2026-11-10", "--referral", "Mei Chen", "--thanked")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert "Added Mei Chen as a prospect" in result.stderr
    mei = show(ok, "Mei Chen")
    assert (mei["stage"], mei["referred_by"], mei["added_on"]) == ("prospect", "Ada Okafor", "2026-11-10")
    assert meetings(ok)[0]["referrals"] == ["Mei Chen"]


def test_referral_to_an_existing_exact_name_links_it(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Mei Chen", "--email", "mei@example.org")
    result = cli("meeting", "log", "Ada", "--on", "2026-11-10", "--referral", "mei chen", "--thanked")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert contacts(ok) == ["Ada Okafor", "Mei Chen"]
    assert meetings(ok)[0]["referrals"] == ["Mei Chen"]
    assert show(ok, "Mei Chen")["email"] == "mei@example.org"


def test_referral_to_themselves_is_refused_and_nothing_is_logged(cli, ok):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--referral", "Ada Okafor"), 2, "Ada Okafor")
    assert meetings(ok) == []


# --- meeting thanked ------------------------------------------------------------------------------

def test_meeting_thanked_records_the_latest_unthanked_meeting(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--thanked")
    ok("meeting", "log", "Ada", "--on", "2026-11-10")
    result = cli("meeting", "thanked", "Ada", "--on", "2026-11-11")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "2026-11-10" in result.stderr
    assert [(m["on"], m["thanked_on"]) for m in meetings(ok)] == [
        ("2026-11-01", "2026-11-01"), ("2026-11-10", "2026-11-11"),
    ]


def test_meeting_thanked_with_none_to_thank_fails(cli, ok):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "thanked", "Ada"), 1, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--thanked")
    assert_error(cli("meeting", "thanked", "Ada"), 1, "Ada Okafor")
    assert_error(cli("meeting", "thanked", "Nobody Atall"), 1, "Nobody Atall")
    assert meetings(ok)[0]["thanked_on"] == "2026-11-10"


# --- meeting list -----------------------------------------------------------------------------------

def test_meeting_list_all_and_for_one_contact(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Ben Hale")
    ok("meeting", "log", "Ben", "--on", "2026-11-12", "--rating", "5")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--notes", "first", "--referral", "Mei Chen")
    ok("meeting", "log", "Ada", "--on", "2026-11-20", "--next", "2026-12-20", "--thanked")
    every = meetings(ok)
    assert [list(row) for row in every] == [MEETING_KEYS] * 3
    assert every == [
        meeting(2, "Ada Okafor", "2026-11-10", notes="first", referrals=["Mei Chen"]),
        meeting(1, "Ben Hale", "2026-11-12", rating=5),
        meeting(3, "Ada Okafor", "2026-11-20", next="2026-12-20", thanked_on="2026-11-20"),
    ]
    assert meetings(ok, "Ada") == [every[0], every[2]]
    assert meetings(ok, "Mei Chen") == []


def test_meeting_list_empty_and_unknown(cli):
    as_json = cli("meeting", "list", "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert as_json.stdout == "[]\n"
    assert as_json.stderr == ""
    table = cli("meeting", "list")
    assert table.exit_code == 0, table.stderr
    assert table.stdout == ""
    assert "No meetings yet" in table.stderr
    assert_error(cli("meeting", "list", "Nobody Atall"), 1, "Nobody Atall")


def test_meeting_list_table_prints_markup_as_written(cli, ok):
    add(cli, "Dr. Lee [Cardiology]")
    ok("meeting", "log", "Lee", "--on", "2026-11-10", "--rating", "3", "--notes", "[bold]aims[/bold]\nline two")
    result = cli("meeting", "list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "contact", "on", "rating", "next", "thanked", "referrals", "notes"]
    assert lines[1].split() == ["1", "Dr.", "Lee", "[Cardiology]", "2026-11-10", "3", "[bold]aims[/bold]", "line",
                                "two"]


# --- notes round-trip (Hypothesis) ---------------------------------------------------------------------

TRICKY = ["[bold]", "[/]", "[red]x[/red]", "\n", "\r\n", "\r", "\t", "\x00", "\x1b[31m", "\x7f", "\u0085",
          "\u2028", "\u200b", "\ufeff", " ", "e\u0301", "\u00e9", "Zoë", "李", "🩺", "\\", "\"", "'", "-", "--notes"]

notes_text = st.lists(st.one_of(st.text(), st.sampled_from(TRICKY)), max_size=8).map("".join)


def expected_notes(text: str) -> str | None:
    """What should be stored: stdin is read as bytes, carriage returns and all (cli/_stdin.py, as a real
    process's stdin is); the service NFC-normalises and strips surrounding whitespace, and keeps nothing
    for blank notes. A leading byte-order mark is dropped (a Windows editor's, not part of the notes)."""
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff")).strip() or None


def test_any_notes_round_trip_through_stdin_and_json(cli, ok):
    ok("add-contact", "Ada Okafor", "--stage", "cultivation")

    @settings(max_examples=30, deadline=None)
    @given(notes=notes_text)
    def round_trip(notes):
        logged = cli("meeting", "log", "Ada", "--notes", "-", input=notes)
        if "\x00" in notes and ON_SERVER:  # PostgreSQL's text can't hold NUL: refused in one line, kept in unsaved/
            assert_error(logged, 2, "can't store the character NUL", "your notes are kept in")
            return
        assert logged.exit_code == 0, logged.stderr
        meeting_id = int(logged.stdout)
        [row] = [m for m in meetings(ok, "Ada") if m["id"] == meeting_id]
        assert row["notes"] == expected_notes(notes)

    round_trip()
