"""Start-up cost (style.md): the commands people run many times a day never import SQLAlchemy.

Each command runs as `python -X importtime -m mentornet ...` with its output piped; the modules it
imported are read from the importtime report on stderr.

SQLAlchemy and SQLModel: checked against a warm database, for the daily reads and for every
single write (store/records.py), and on first use: a missing database is created from the
schema's DDL kept as literals (store/ddl.py), and imports read their tables from it too, so
neither loads SQLAlchemy. `--help` never touches the database, and must not create the file.

Rich: output is piped in every run here, so no command may import it, warm or first use.
"""

import os
import shutil
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

# Every command that writes a few rows; the warm database below holds what each one needs.
WRITES = [
    pytest.param(["add-contact", "Ben Hale", "--role", "clinical", "--tag", "cardiology", "--met-on", "2026-11-20"],
                 id="add-contact"),
    pytest.param(["contacts", "edit", "Ada", "--title", "Professor", "--add-role", "career", "--remove-tag", "k"],
                 id="contacts-edit"),
    pytest.param(["contacts", "stage", "Ada", "separation", "--note", "moving away"], id="contacts-stage"),
    pytest.param(["contacts", "remove", "Ada", "--yes"], id="contacts-remove"),
    pytest.param(["meeting", "log", "Ada", "--notes", "aims page", "--action", "send draft by friday",
                  "--referral", "Mei Chen"], id="meeting-log"),
    pytest.param(["meeting", "thanked", "Ada"], id="meeting-thanked"),
    pytest.param(["touch", "Ada", "--via", "email"], id="touch"),
    pytest.param(["actions", "done", "1"], id="actions-done"),
    pytest.param(["outreach", "log", "Ada", "--force"], id="outreach-log"),
    pytest.param(["outreach", "follow-up", "Ada"], id="outreach-follow-up"),
    pytest.param(["outreach", "reply", "Ada"], id="outreach-reply"),
    pytest.param(["outreach", "give-up", "Ada"], id="outreach-give-up"),
    pytest.param(["goals", "add", "Submit a K award", "--role", "research", "--mentor", "Ada"], id="goals-add"),
    pytest.param(["goals", "done", "1"], id="goals-done"),
    pytest.param(["roles", "add", "leadership", "--target", "1"], id="roles-add"),
    pytest.param(["roles", "target", "research", "2"], id="roles-target"),
    pytest.param(["assess", "--mission", "Better care", "--need", "grant-writing", "--apply-targets"], id="assess"),
]


def imported(*args: str, db: Path, module: bool = True) -> set[str]:
    """The top-level packages `python -m mentornet ARGS` (`python ARGS` without `module`) imported,
    output piped."""
    env = {**os.environ, "MENTORNET_DB": str(db)}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    done = subprocess.run([sys.executable, "-X", "importtime", *(["-m", "mentornet"] if module else []), *args],
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
    """A current database, made once: a mentor with a meeting waiting for thanks, an open action,
    an unanswered approach, and a goal."""
    db = tmp_path_factory.mktemp("warm") / "mentornet.db"
    env = {**os.environ, "MENTORNET_DB": str(db), "MENTORNET_TODAY": "2026-11-22"}
    for command in (["add-contact", "Dr. Ada Okafor", "--role", "research", "--stage", "cultivation", "--tag", "k"],
                    ["meeting", "log", "Ada", "--on", "2026-11-01", "--action", "send aims page"],
                    ["outreach", "log", "Ada", "--on", "2026-11-10"],
                    ["goals", "add", "Publish the trial"]):
        done = subprocess.run([sys.executable, "-m", "mentornet", *command], capture_output=True, text=True,
                              env=env, timeout=60)
        assert done.returncode == 0, done.stderr
    return db


@pytest.mark.parametrize("command", COMMANDS)
def test_read_commands_on_warm_database_import_neither_sqlalchemy_nor_rich(warm_db, command):
    modules = imported(*command, db=warm_db)
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
    assert "rich" not in modules


@pytest.mark.parametrize("command", WRITES)
def test_single_writes_on_warm_database_import_neither_sqlalchemy_nor_rich(warm_db, tmp_path, command):
    db = tmp_path / "mentornet.db"
    shutil.copy(warm_db, db)  # each write on its own copy: they change the file
    modules = imported(*command, db=db)
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


@pytest.mark.parametrize("command", [c for c in [*COMMANDS, *WRITES[:1]] if c.id != "help"])
def test_first_use_imports_no_sqlalchemy(tmp_path, command):
    db = tmp_path / "fresh" / "mentornet.db"
    modules = imported(*command, db=db)
    assert db.exists()
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


@pytest.mark.parametrize("warm", [False, True], ids=["first-use", "warm"])
def test_an_import_of_contacts_imports_no_sqlalchemy(tmp_path, warm):
    db = tmp_path / "m.db"
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                        "Ada,Okafor,https://www.linkedin.com/in/ada,,Acme,CEO,15 Mar 2024\n", encoding="utf-8")
    if warm:
        imported("gaps", db=db)
    assert not imported("import", str(linkedin), db=db) & set(HEAVY)


def test_the_check_can_see_sqlalchemy(tmp_path):
    """Control: the schema of record is SQLModel, so the report parsing would notice it loaded."""
    modules = imported("-c", "import mentornet.store.schema", db=tmp_path / "control.db", module=False)
    assert "sqlalchemy" in modules


# An import run in a child process whose unit of work records what was imported when it took the
# write lock.
LOCK_PROBE = """
import sys
from mentornet.store import writes
real = writes._begin
def begin(path, caches):
    conn = real(path, caches)
    tables = sys.modules.get("mentornet.io.tables")  # the import code and the tables, read before the lock
    loaded = "mentornet.io.merge" in sys.modules and tables is not None and tables.schema.cache_info().currsize == 1
    print("loaded before the lock" if loaded else "loaded under the lock")
    return conn
writes._begin = begin
from mentornet.cli import main
sys.argv = ["mentornet", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("warm", [False, True], ids=["first-use", "warm"])
def test_an_import_holds_the_write_lock_only_to_write(tmp_path, warm):
    db = tmp_path / "m.db"
    card = tmp_path / "one.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Okafor\nN:Okafor;Ada;;;\nEND:VCARD\n")
    env = {**os.environ, "MENTORNET_DB": str(db)}
    if warm:
        subprocess.run([sys.executable, "-m", "mentornet", "gaps"], env=env, capture_output=True, check=True, timeout=60)
    done = subprocess.run([sys.executable, "-c", LOCK_PROBE, "import", str(card)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["loaded before the lock"], done.stdout
