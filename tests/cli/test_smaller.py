"""Issue 14's smaller items: `contacts list --direction`, referrals in `meeting list`, a `--db`
that doesn't exist, `restore` of a JSON export."""


import pytest

from tests.checks import assert_error, database_exists, open_database
from tests.cli.helpers import add


def test_contacts_list_by_direction(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Ben Hale", "--i-mentor")
    add(cli, "Cy Dunn", "--mutual")
    everyone = ok("contacts", "list", "--json").json()
    assert [(c["name"], c["direction"]) for c in everyone] == [
        ("Ada Okafor", "mentors-me"), ("Ben Hale", "i-mentor"), ("Cy Dunn", "mutual")]
    for direction, name in (("mentors-me", "Ada Okafor"), ("i-mentor", "Ben Hale"), ("mutual", "Cy Dunn")):
        assert [c["name"] for c in ok("contacts", "list", "--direction", direction, "--json").json()] == [name]
    assert_error(cli("contacts", "list", "--direction", "sideways"), 2, "--direction")


def test_meeting_list_shows_referrals(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--referral", "Mei Chen", "--referral", "Raj Patel")
    header, row = ok("meeting", "list").stdout.splitlines()[:2]
    assert "referrals" in header.split()
    assert "Mei Chen, Raj Patel" in row


@pytest.mark.parametrize("command", [["gaps"], ["contacts", "list"], ["outreach", "due"], ["roles", "list"],
                                     ["contacts", "show", "Ada"], ["search", "ada"], []])
def test_a_read_of_a_db_path_that_doesnt_exist_creates_nothing(cli, tmp_path, command):
    missing = tmp_path / "typo" / "mentornet.db"
    result = cli("--db", str(missing), *command)
    assert_error(result, 1, str(missing), "doesn't exist")
    assert not missing.parent.exists()
    assert_error(cli(*command, "--db", str(missing)) if command else result, 1, "doesn't exist")
    assert not missing.parent.exists()


def test_the_first_write_still_creates_a_db_path(ok, tmp_path):
    path = tmp_path / "new" / "mentornet.db"
    ok("--db", str(path), "add-contact", "Ada Okafor")
    assert [c["name"] for c in ok("--db", str(path), "contacts", "list", "--json").json()] == ["Ada Okafor"]


def test_a_read_of_the_environments_database_creates_it(ok, db_path):
    assert not database_exists(db_path)  # MENTORNET_DB, as the default data folder: where the network lives
    ok("contacts", "list")
    ok("gaps")
    conn = open_database(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == (0,)
    finally:
        conn.close()


def test_restore_of_a_json_export_says_to_import_it(cli, ok, tmp_path):
    add(cli, "Ada Okafor")
    export = tmp_path / "network.json"
    ok("export", "--output", str(export))
    assert_error(cli("restore", str(export), "--yes"), 1, "mentornet import")
