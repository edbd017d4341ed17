"""Fixtures of the CLI tests: the demo network (examples/demo.py), with a hostile contact and a hostile note added,
once per module: the map, report and IDP tests read it and never write to it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_NOTE = "<img src=x onerror=alert(2)><b>bold</b> & \"quotes\""


def mentornet(db: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mentornet", "--db", str(db), *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat(), **(env or {})})


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    env = {key: value for key, value in os.environ.items() if key != "MENTORNET_TODAY"}  # --today pins it
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "demo.py"), "--db", str(db),
                           "--today", TODAY.isoformat()], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    for args in (["add-contact", HOSTILE_NAME, "--role", "personal", "--stage", "cultivation", "--met-on", "1 month ago",
                  "--note", HOSTILE_NOTE],
                 ["meeting", "log", "1", "--on", "2 weeks ago", "--notes", HOSTILE_NOTE, "--agenda", HOSTILE_NOTE],
                 ["goals", "add", f"Lead a QI project {HOSTILE_NOTE}", "--by", "2027-06-01", "--mentor", "Ada Okafor"],
                 ["assess", "--mission", HOSTILE_NOTE, "--strength", "writing", "--challenge", "statistics",
                  "--need", "research"]):
        done = mentornet(db, *args)
        assert done.returncode == 0, (args, done.stderr)
    return db
