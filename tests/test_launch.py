"""The `mentornet` entry point turns the cyclic garbage collector off, then runs the CLI."""

import gc
import subprocess
import sys

import pytest

from mentornet import launch


def test_the_command_runs_without_the_cyclic_collector(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["mentornet", "--version"])
    try:
        with pytest.raises(SystemExit) as done:
            launch.main()
        assert done.value.code == 0
        assert not gc.isenabled()
        assert capsys.readouterr().out.startswith("mentornet ")
    finally:
        gc.enable()


def test_python_dash_m_goes_through_the_same_entry_point():
    done = subprocess.run([sys.executable, "-c", "import gc, runpy, sys; sys.argv = ['mentornet', '--version']\n"
                           "try:\n    runpy.run_module('mentornet', run_name='__main__')\n"
                           "except SystemExit:\n    print('collector on' if gc.isenabled() else 'collector off')"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == [done.stdout.splitlines()[0], "collector off"], done.stderr
    assert done.stdout.startswith("mentornet ")


# --- only the command a line names is built (cli.main) ---------------------------------------

@pytest.mark.parametrize("args, name", [
    (["contacts", "list", "--json"], "contacts"),
    (["--db", "/tmp/x.db", "gaps"], "gaps"),
    (["--db=/tmp/x.db", "add-contact", "Ada"], "add-contact"),
    (["touch", "--help"], "touch"),
    ([], None),  # the dashboard
    (["--help"], None),
    (["--version"], None),
    (["--db"], None),  # usage error: the whole app says so
    (["contcts", "list"], None),  # unknown: the whole app says "No such command"
    (["--db", "contacts"], None),  # `contacts` is the path here, not a command
])
def test_the_invoked_name_is_read_past_the_root_options(args, name):
    from mentornet.cli import invoked_name

    assert invoked_name(args) == name


def _every_command_line() -> list[list[str]]:
    import typer.main

    from mentornet.cli import app

    root = typer.main.get_command(app)
    lines = []
    for name, command in root.commands.items():
        lines.append([name])
        lines += [[name, sub] for sub in getattr(command, "commands", {})]
    return lines


def test_a_pruned_app_builds_only_the_named_command():
    import typer.main

    from mentornet.cli import only

    assert list(typer.main.get_command(only("contacts")).commands) == ["contacts"]
    assert list(typer.main.get_command(only("gaps")).commands) == ["gaps"]


@pytest.mark.parametrize("line", _every_command_line(), ids=" ".join)
def test_every_command_reads_the_same_built_alone(line):
    """Help, and a usage error, are the same from the pruned app as from the whole one."""
    from typer.testing import CliRunner

    from mentornet.cli import app, only

    runner = CliRunner()
    for args in ([*line, "--help"], [*line, "--no-such-option"]):
        whole, alone = runner.invoke(app, args), runner.invoke(only(line[0]), args)
        assert (alone.exit_code, alone.stdout, alone.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
    assert "--help" in runner.invoke(only(line[0]), [*line, "--help"]).stdout
