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
