"""Start-up cost (style.md): the commands people run many times a day never import SQLAlchemy.

Each command runs as `python -X importtime -m mentornet ...` with its output piped; the modules it
imported are read from the importtime report on stderr.

SQLAlchemy and SQLModel: checked against a warm database only. On first use a missing database
is created from the SQLModel tables (migrations.prepare), so SQLAlchemy is imported then by
design; that is once per database, not once per command. `--help` never touches the database,
so it is checked on first use too, and must not create the file.

Rich: output is piped in every run here, so no command may import it, warm or first use.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.reliability

HEAVY = ("sqlalchemy", "sqlmodel")
COMMANDS = [
    pytest.param(["--help"], id="help"),
    pytest.param(["gaps"], id="gaps"),
    pytest.param(["contacts", "list", "--json"], id="contacts-list-json"),
    pytest.param(["contacts", "list"], id="contacts-list"),
    pytest.param([], id="dashboard"),
    pytest.param(["outreach", "due"], id="outreach-due"),
    pytest.param(["outreach", "due", "--json"], id="outreach-due-json"),
]


def imported(*args: str, db: Path) -> set[str]:
    """The top-level packages `python -m mentornet ARGS` imported, output piped."""
    env = {**os.environ, "MENTORNET_DB": str(db)}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "mentornet", *args],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the report's header line
                modules.add(name.split(".")[0])
    assert "mentornet" in modules, done.stderr[-2000:]  # the report was really read
    return modules


@pytest.fixture(scope="module")
def warm_db(tmp_path_factory) -> Path:
    """A current database with a contact in it, made once."""
    db = tmp_path_factory.mktemp("warm") / "mentornet.db"
    env = {**os.environ, "MENTORNET_DB": str(db), "MENTORNET_TODAY": "2026-11-22"}
    done = subprocess.run([sys.executable, "-m", "mentornet", "add-contact", "Dr. Ada Okafor", "--role", "research",
                           "--stage", "cultivation"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return db


@pytest.mark.parametrize("command", COMMANDS)
def test_read_commands_on_warm_database_import_neither_sqlalchemy_nor_rich(warm_db, command):
    modules = imported(*command, db=warm_db)
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
    assert "rich" not in modules


def test_help_on_first_use_imports_no_sqlalchemy_and_creates_nothing(tmp_path):
    db = tmp_path / "fresh" / "mentornet.db"
    modules = imported("--help", db=db)
    assert not modules & set(HEAVY)
    assert "rich" not in modules
    assert not db.exists()


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.id != "help"])
def test_first_use_piped_imports_no_rich(tmp_path, command):
    db = tmp_path / "fresh" / "mentornet.db"
    modules = imported(*command, db=db)
    assert db.exists()
    assert "rich" not in modules


def test_the_check_can_see_sqlalchemy(tmp_path):
    """Control: a write imports SQLAlchemy, so the report parsing would notice it in a read."""
    modules = imported("add-contact", "Ada", db=tmp_path / "control.db")
    assert "sqlalchemy" in modules
