"""The README's "After the first meeting" runs as written, in order, on a fresh database, through the
installed command, and prints what the README shows (stdout, then stderr) on its pinned day."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
MENTORNET = Path(sys.executable).with_name("mentornet")
DAY = "2026-11-22"


def walk() -> list[tuple[list[str], list[str]]]:
    """(arguments after `mentornet`, the lines shown after it) for each `$ mentornet` line."""
    text = README.read_text(encoding="utf-8")
    start = text.index("## After the first meeting")
    section = text[start:text.index("\n## ", start + 1)]
    steps: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ mentornet "):
                steps.append((shlex.split(line)[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def test_the_walk_goes_from_agreement_to_review():
    commands = [args[0] for args, _ in walk()]
    assert {"agree", "review", "prep", "outreach"} <= set(commands)
    assert commands.index("agree") < commands.index("review")


def test_the_walk_prints_what_the_readme_shows(tmp_path):
    env = {**os.environ, "MENTORNET_DB": str(tmp_path / "walk.db"), "MENTORNET_TODAY": DAY, "COLUMNS": "120"}
    env.pop("MENTORNET_TERMINAL", None)
    for args, shown in walk():
        done = subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stdout.splitlines() + done.stderr.splitlines() == shown, args
