"""Every test gets its own database file in tmp_path, a fixed "today" and a wide plain terminal."""

import json
import os
from dataclasses import dataclass
from datetime import date

import pytest
from typer.testing import CliRunner

from mentornet.cli import app
from tests.checks import ON_SERVER

TODAY = date(2026, 11, 22)


def pytest_collection_modifyitems(items):
    """The reliability tests start processes, hold locks and kill writers: one worker runs them all,
    one at a time, while the others share out the rest. Against PostgreSQL, the tests about the
    SQLite file itself are skipped, each with its reason."""
    for item in items:
        if item.get_closest_marker("reliability"):
            item.add_marker(pytest.mark.xdist_group("reliability"))
        if ON_SERVER and (marker := item.get_closest_marker("sqlite_file")):
            item.add_marker(pytest.mark.skip(reason="about the SQLite file: " + (marker.args[0] if marker.args else "")))




def _server_schema(server: str):
    """A schema of its own on the PostgreSQL test server: its URL and how to drop it."""
    import uuid
    from urllib.parse import quote

    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            admin.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        except psycopg.errors.UniqueViolation:  # another worker made it at the same moment: it is there
            pass
        admin.execute(f"CREATE SCHEMA {name}")

    def drop():
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {name} CASCADE")

    joiner = "&" if "?" in server else "?"
    return f"{server}{joiner}options={quote(f'-c search_path={name},public')}", drop


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Never touch the user's data dir: MENTORNET_DB points into tmp_path (with
    MENTORNET_TEST_STORE=postgresql, at a schema of the test's own on MENTORNET_TEST_PG)."""
    drop = None
    if ON_SERVER:
        url, drop = _server_schema(os.environ["MENTORNET_TEST_PG"])
        monkeypatch.setenv("MENTORNET_DB", url)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # backups, templates: never the real folder
    else:
        monkeypatch.setenv("MENTORNET_DB", str(tmp_path / "data" / "mentornet.db"))
    monkeypatch.setenv("MENTORNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("MENTORNET_TERMINAL", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    yield
    if drop is not None:
        drop()


@pytest.fixture
def db_path(tmp_path):
    """Where the test's database is: a file in tmp_path, or the schema `isolated` made on the server."""
    if ON_SERVER:
        from mentornet.paths import database_path

        return database_path(os.environ["MENTORNET_DB"])
    return tmp_path / "data" / "mentornet.db"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def cli():
    """Run the CLI in-process: cli("add-contact", "Ada") -> Run(exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def ok(cli):
    """Run the CLI and insist it succeeds, showing its stderr when it doesn't."""

    def run(*args: str, input: str | None = None) -> Run:
        result = cli(*args, input=input)
        assert result.exit_code == 0, f"{args} -> {result.exit_code}: {result.stderr}"
        return result

    return run
