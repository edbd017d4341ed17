"""Import/export tests: the commands on the real root app, a database snapshot, test files."""

import sqlite3
from pathlib import Path

import pytest

from mentornet.cli import CONTENTS, app
from mentornet.cli.transfer import export_command, import_command
from tests.checks import open_database


@pytest.fixture(autouse=True)
def transfer_commands():
    """`export` and `import` on the root app for each test here, unless the app already has them.

    Added per test and taken off after it, so the rest of the suite (the README's command list)
    sees the app exactly as cli/__init__.py builds it.
    """
    registered = {command.name for command in app.registered_commands} | set(CONTENTS)
    added = []
    for name, function in (("export", export_command), ("import", import_command)):
        if name not in registered:
            app.command(name)(function)
            added.append(app.registered_commands[-1])
    yield
    for command in added:
        app.registered_commands.remove(command)


def snapshot(path) -> dict | None:
    """Every row of every table, in order: what "the database is unchanged" compares."""
    from mentornet.paths import Server

    if isinstance(path, Server):
        return _server_snapshot(path)
    if not path.exists():
        return None
    conn = sqlite3.connect(path)
    try:
        # the search index by its rows (a virtual table), not by its shadow tables, whose layout
        # depends on the order things were written
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in tables}
    finally:
        conn.close()


def _server_snapshot(server) -> dict | None:
    conn = open_database(server)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for name in tables} or None
    finally:
        conn.close()


@pytest.fixture
def dump(db_path):
    """dump() -> the snapshot of the test's database (None when it doesn't exist)."""
    return lambda path=None: snapshot(path or db_path)


@pytest.fixture
def write(tmp_path):
    """write(name, text_or_bytes, newline="\\n") -> the path of a file written for the test."""

    def make(name: str, content, newline: str = "\n") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.replace("\n", newline).encode("utf-8"))
        return path

    return make


def contacts(cli) -> dict[str, dict]:
    """{name: the contact's `contacts show --json`} for every contact."""
    listed = cli("contacts", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    out = {}
    for item in listed.json():
        shown = cli("contacts", "show", str(item["id"]), "--json")
        assert shown.exit_code == 0, shown.stderr
        out[item["name"]] = shown.json()
    return out
