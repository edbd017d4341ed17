"""The README's short tour runs as written, in order, on a fresh database: every `mentornet` line
of its shell blocks, through the installed command."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
MENTORNET = Path(sys.executable).with_name("mentornet")


def tour_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    tour = text[text.index("## A short tour"):text.index("To explore before entering your own people")]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", tour, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "mentornet":
                commands.append(words[1:])
    return commands


def test_the_tour_has_the_commands_people_copy():
    commands = tour_commands()
    assert len(commands) >= 15
    assert ["outreach", "due"] in commands


def test_the_readme_tour_runs_as_written_in_order(tmp_path):
    env = {**os.environ, "MENTORNET_DB": str(tmp_path / "tour.db")}
    env.pop("MENTORNET_TODAY", None)  # today, as a new user has it
    for args in tour_commands():
        done = subprocess.run([str(MENTORNET), *args], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
