"""Text from elsewhere never drives the terminal, and the terminal never crashes the command.

Names, titles and notes come from imported files and other people: a vCard can carry ESC and OSC
sequences that retitle the window, clear the screen, hide text or plant links. They are stored as
given and shown escaped, in plain and Rich output, JSON and error messages alike.
"""

import gc
import os
import subprocess
import sys

import pytest

from mentornet import launch

pytestmark = pytest.mark.reliability

# OSC retitle, clear screen, hide text, an OSC 8 link, a C1 CSI, DEL and a bell
PAYLOADS = ["\x1b]0;pwned\x07", "\x1b[2J", "\x1b[8m", "\x1b]8;;http://evil.example\x1b\\", "\x9b31m", "\x7f", "\x07"]
HOSTILE = "Eve " + "".join(PAYLOADS) + " Mallory"
RAW = ["\x1b", "\x9b", "\x7f", "\x07"]


def assert_no_raw_controls(text: str, where) -> None:
    for raw in RAW:
        assert raw not in text, (where, repr(text[:300]))


@pytest.fixture
def hostile(ok, tmp_path):
    card = tmp_path / "eve.vcf"
    card.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:{HOSTILE}\nN:Mallory;Eve;;;\nTITLE:Chief\x1b[2J\n"
                    f"NOTE:grant\x1b]0;pwned\x07 notes\nEND:VCARD\n", encoding="utf-8")
    ok("import", str(card))
    ok("meeting", "log", "Eve", "--notes", "grant talk \x1b[8mhidden")
    return HOSTILE


@pytest.mark.parametrize("terminal", ["0", "1"], ids=["piped", "rich"])
@pytest.mark.parametrize("args", [["contacts", "list"], ["contacts", "show", "Eve"], ["search", "grant"],
                                  ["prep", "Eve"], ["meeting", "list"], ["outreach", "due", "--within", "1y"], [],
                                  ["contacts", "list", "--json"], ["contacts", "show", "Eve", "--json"],
                                  ["search", "grant", "--json"]])
def test_hostile_text_is_shown_escaped(cli, hostile, monkeypatch, terminal, args):
    monkeypatch.setenv("MENTORNET_TERMINAL", terminal)
    done = cli(*args)
    assert done.exit_code == 0, done.stderr
    assert_no_raw_controls(done.stdout + done.stderr, args)
    if args[:2] == ["contacts", "list"] and "--json" not in args:
        assert "\\x1b]0;pwned" in done.stdout  # shown, not hidden


def test_hostile_text_is_stored_as_given(ok, hostile):
    assert ok("contacts", "show", "Eve", "--json").json()["name"] == HOSTILE  # JSON escapes it; it decodes whole


def test_an_error_that_echoes_hostile_text_escapes_it(cli, hostile):
    for args in (["touch", "Nobody\x1b]0;pwned\x07"], ["no-such\x1b[2J-command"], ["contacts", "show", "zz\x9b31mzz"]):
        done = cli(*args)
        assert done.exit_code in (1, 2)
        assert_no_raw_controls(done.stderr, args)
        assert len(done.stderr.splitlines()) <= 2


def test_a_missing_choice_is_a_one_line_usage_error(cli, ok):
    ok("add-contact", "Ada Okafor")
    done = cli("contacts", "stage", "Ada")
    assert done.exit_code == 2
    first, hint = done.stderr.splitlines()
    assert first.startswith("Error: Missing argument 'STAGE'. Choose from: prospect, contacted,")
    assert hint.startswith("Try ")


def test_ctrl_c_at_any_moment_is_one_line_and_exit_130(monkeypatch, capsys):
    import mentornet.cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(mentornet.cli, "main", interrupted)
    threshold = gc.get_threshold()
    try:
        with pytest.raises(SystemExit) as done:
            launch.main()
    finally:
        gc.set_threshold(*threshold)  # launch.main sets the command's; the test process keeps its own
    assert done.value.code == 130
    assert capsys.readouterr().err.strip() == "Interrupted."


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_crash(tmp_path):
    env = {**os.environ, "MENTORNET_DB": str(tmp_path / "m.db"), "PYTHONIOENCODING": "latin-1"}
    add = subprocess.run([sys.executable, "-m", "mentornet", "add-contact", "李明 Ørsted"], env=env,
                         capture_output=True, timeout=60)
    assert add.returncode == 0, add.stderr
    listed = subprocess.run([sys.executable, "-m", "mentornet", "contacts", "list"], env=env, capture_output=True,
                            timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert b"\\u674e\\u660e \xd8rsted" in listed.stdout  # latin-1 where it can, escapes where it can't
