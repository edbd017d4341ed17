"""The front door: each command's module loads only when that command runs, and reads as if every
command had been registered on the app the ordinary typer way."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mentornet.cli import CONTENTS, MentornetGroup, app, root

MENTORNET = Path(sys.executable).with_name("mentornet")
COMMAND_MODULES = {f"mentornet.cli.{path.stem}" for path in Path(sys.modules["mentornet.cli"].__file__).parent.glob("*.py")
                   if not path.stem.startswith("_")}  # the dashboard's too


def _registered_eagerly() -> typer.Typer:
    """What the lazy root should be indistinguishable from: every command registered and converted by typer."""
    import importlib

    eager = typer.Typer(cls=MentornetGroup, rich_markup_mode=None, pretty_exceptions_enable=False,
                        context_settings={"help_option_names": ["-h", "--help"]},
                        help="Build and tend your own mentoring network.")
    eager.callback(invoke_without_command=True)(root)
    for name, entry in CONTENTS.items():
        module, _, attribute = entry.where.partition(":")
        target = getattr(importlib.import_module(module), attribute)
        if isinstance(target, typer.Typer):
            eager.add_typer(target, name=name)
        else:
            eager.command(name)(target)
    return eager


def _every_command_line() -> list[list[str]]:
    import typer.main

    lines = []
    for name, command in typer.main.get_command(_registered_eagerly()).commands.items():
        lines.append([name])
        lines += [[name, sub] for sub in getattr(command, "commands", {})]
    return lines


# mentornet ends with os._exit once its output is flushed (no atexit, no teardown): report there
REPORT_MODULES = """
import os, runpy, sys
exit_now = os._exit
def report_then_exit(code):
    sys.__stderr__.write("imported: " + " ".join(sorted(sys.modules)) + "\\n")
    sys.__stderr__.flush()
    exit_now(code)
os._exit = report_then_exit
sys.argv = ["mentornet", *sys.argv[1:]]
runpy.run_module("mentornet", run_name="__main__")
"""


def _imported(args: list[str], env: dict) -> set[str]:
    """The modules `python -m mentornet ARGS` has imported when it exits (-X importtime would miss
    those importlib.import_module loads)."""
    done = subprocess.run([sys.executable, "-c", REPORT_MODULES, *args], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stderr.rsplit("imported: ", 1)[1].split())


@pytest.mark.parametrize("columns", ["50", "80", "120", "200"])
@pytest.mark.parametrize("args", [["--help"], ["contcts"], ["--db"], ["--nope"]], ids=" ".join)
def test_the_root_reads_as_if_every_command_were_built(args, columns):
    """Root help from the table's summaries, and the root's usage errors with their "Did you mean",
    are what typer prints for the app with every command registered, at any terminal width."""
    runner = CliRunner()
    lazy = runner.invoke(app, args, env={"COLUMNS": columns})
    eager = runner.invoke(_registered_eagerly(), args, env={"COLUMNS": columns})
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (eager.exit_code, eager.stdout, eager.stderr)


@pytest.mark.parametrize("line", _every_command_line(), ids=" ".join)
def test_every_command_reads_the_same_built_lazily(line):
    """Help, and a usage error, are the same from the lazy root as from the app with every command registered."""
    runner = CliRunner()
    for args in ([*line, "--help"], [*line, "--no-such-option"]):
        lazy, eager = runner.invoke(app, args), runner.invoke(_registered_eagerly(), args)
        assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (eager.exit_code, eager.stdout, eager.stderr)
    shown = runner.invoke(app, [*line, "--help"], prog_name="mentornet")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith(f"Usage: mentornet {' '.join(line)} ")


def test_root_help_imports_no_command_module(tmp_path):
    modules = _imported(["--help"], {**os.environ, "MENTORNET_DB": str(tmp_path / "none.db")})
    assert "mentornet.cli" in modules
    assert not modules & COMMAND_MODULES, sorted(modules & COMMAND_MODULES)
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("args, loaded", [
    (["gaps"], {"mentornet.cli.gaps"}),
    (["--db", "{db}", "gaps", "--json"], {"mentornet.cli.gaps"}),
    (["contacts", "list"], {"mentornet.cli.contacts"}),
    (["add-contact", "Ada Okafor"], {"mentornet.cli.contacts"}),
    (["touch", "--help"], {"mentornet.cli.touch"}),
    (["search", "grant"], {"mentornet.cli.search"}),
    (["actions", "list"], {"mentornet.cli.actions"}),
    ([], {"mentornet.cli.dashboard", "mentornet.cli.gaps", "mentornet.cli.outreach"}),  # the mosaic, and what is due
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_a_command_imports_only_its_own_module(tmp_path, args, loaded):
    db = str(tmp_path / "data" / "x.db")
    if "--db" in args:  # a read of a --db that doesn't exist is an error: made first, as a write would
        from mentornet.services.database import prepare

        prepare(Path(db))
    modules = _imported([arg.format(db=db) for arg in args], {**os.environ, "MENTORNET_DB": db})
    assert modules & COMMAND_MODULES == loaded


def test_an_unknown_command_is_one_line_and_a_hint():
    done = subprocess.run([str(MENTORNET), "contcts", "list"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == "Error: No such command 'contcts'. Did you mean 'contacts', 'add-contact'?\n" \
                          "Try 'mentornet --help'.\n"


def test_shell_completion_reaches_into_a_group():
    def complete(words: str, position: int) -> list[str]:
        env = {**os.environ, "_MENTORNET_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(position)}
        done = subprocess.run([str(MENTORNET)], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("mentornet con", 1) == ["contacts"]
    assert complete("mentornet contacts s", 2) == ["show", "stage"]
    assert complete("mentornet ", 1) == list(CONTENTS)


@pytest.mark.parametrize("entry", [[str(MENTORNET)], [sys.executable, "-m", "mentornet"]], ids=["script", "-m"])
def test_the_entry_points_run_and_keep_the_database_the_owners(tmp_path, entry):
    version = subprocess.run([*entry, "--version"], capture_output=True, text=True, timeout=60)
    assert (version.returncode, version.stdout) == (0, f"mentornet {__import__('mentornet').__version__}\n")

    db = tmp_path / "new" / "data" / "mentornet.db"  # `new` is made by mkdir -p, so by the umask
    done = subprocess.run([*entry, "--db", str(db), "add-contact", "Ada Okafor"], capture_output=True, text=True,
                          timeout=60, umask=0o022)
    assert done.returncode == 0, done.stderr
    backup = subprocess.run([*entry, "--db", str(db), "backup"], capture_output=True, text=True, timeout=60,
                            umask=0o022)
    assert backup.returncode == 0, backup.stderr
    copy = Path(backup.stdout.strip())
    for path, wanted in ((db, 0o600), (copy, 0o600), (db.parent, 0o700), (db.parent.parent, 0o700),
                         (copy.parent, 0o700)):
        assert stat.S_IMODE(path.stat().st_mode) == wanted, path
