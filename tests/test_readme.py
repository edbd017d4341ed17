"""The README's command reference must match the real command line, so the docs can't go stale."""

import re
from pathlib import Path

import pytest

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\| `([^`]+)` \|", README, flags=re.MULTILINE)
GROUPS = ("contacts", "roles", "outreach", "meeting", "actions", "assess", "goals", "ask", "agree", "review", "sponsor")
RUNNABLE_GROUPS = ("assess", "ask", "agree", "review")  # a group that is also a command of its own
CONTACT_FIRST = ("agree", "review")  # `agree CONTACT ...` runs the hidden `agree add`: its options are there
COMMAND_WORDS = {"add-contact", "gaps", "map", "report", "stats", "touch", "backup", "restore", "doctor", "export", "import", *GROUPS, "list", "show", "edit", "stage", "remove", "add",
                 "target", "log", "follow-up", "reply", "give-up", "due", "thanked", "done", "prep", "search", "history", "merge",
                 "me", "draft", "outcome", "told", "mentees", "health"}


def _command(row: str) -> list[str]:
    words = []
    for word in row.split():
        if word in COMMAND_WORDS and (not words or words[0] in GROUPS) and len(words) < 2:
            words.append(word)
        else:
            break
    return words


def _help(ok, words: list[str]) -> str:
    if words and words[0] in CONTACT_FIRST and len(words) == 1:
        words = [*words, "add"]
    return ok(*words, "--help").stdout


def test_reference_lists_every_command(ok):
    documented = {" ".join(_command(row)) for row in ROWS if _command(row)}
    real = set()
    for group in ("", *GROUPS):
        text = ok(*([group] if group else []), "--help").stdout
        commands = re.search(r"Commands:\n(.*)", text, flags=re.DOTALL).group(1)
        for name in re.findall(r"^  (\S+)", commands, flags=re.MULTILINE):
            if name not in GROUPS or name in RUNNABLE_GROUPS:
                real.add(f"{group} {name}".strip())
    assert documented == real


@pytest.mark.parametrize("row", [row for row in ROWS if _command(row)])
def test_documented_options_exist(ok, row):
    words = _command(row)
    text = _help(ok, words)
    for option in re.findall(r"--[a-z][a-z-]*", row):
        assert option in text, f"README documents {option} for `{' '.join(words)}`, which doesn't have it"
