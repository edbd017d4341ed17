"""Start-up cost: help, the root's and `export`'s and `import`'s, imports no format library."""

import os
import subprocess
import sys

import pytest

HEAVY = {"vobject", "icalendar", "sqlalchemy", "sqlmodel", "rich", "dateutil"}


@pytest.mark.parametrize("args", [["--help"], ["export", "--help"], ["import", "--help"]])
def test_help_loads_no_format_library(tmp_path, args):
    env = {**os.environ, "MENTORNET_DB": str(tmp_path / "none.db")}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "mentornet", *args],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in done.stderr.splitlines()
               if line.startswith("import time:") and line.count("|") == 2}
    assert "mentornet" in modules
    assert not modules & HEAVY, sorted(modules & HEAVY)
    assert not (tmp_path / "none.db").exists()


def test_progress_bar_on_a_terminal_for_a_large_import(cli, write, monkeypatch):
    monkeypatch.setenv("MENTORNET_TERMINAL", "1")
    rows = "".join(f"Person,Number {i},https://www.linkedin.com/in/p{i},,Acme,Engineer,1 Jan 2020\n" for i in range(400))
    path = write("Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows)

    done = cli("import", str(path))

    assert done.exit_code == 0, done.stderr
    assert "400 added" in done.stderr
