"""mentornet JSON: restore into an empty database, merge into a full one, refuse broken files."""

import json

import pytest

from tests.checks import assert_error
from tests.io.conftest import contacts, snapshot

NETWORK = [
    ["roles", "add", "education", "--label", "Medical education", "--target", "1", "--cadence", "2m"],
    ["roles", "target", "research", "2"],
    ["add-contact", "Dr. Ada Okafor", "--role", "research", "--role", "education", "--email", "ada@example.org",
     "--met-on", "2026-03-22", "--note", "K award"],
    ["meeting", "log", "Ada Okafor", "--on", "2026-04-01", "--notes", "aims page", "--action", "draft aims by 2026-04-15",
     "--their-action", "intro to stats", "--referral", "Mei Chen", "--next", "2026-12-01", "--thanked"],
    ["touch", "Ada Okafor", "--on", "2026-06-01", "--via", "email", "--note", "sent draft"],
    ["add-contact", "Kofi Mensah", "--role", "personal", "--referred-by", "Ada Okafor"],
    ["outreach", "log", "Kofi Mensah", "--on", "2026-11-01", "--ask", "Coffee?", "--for-role", "personal"],
    ["outreach", "reply", "Kofi Mensah", "--on", "2026-11-03"],
    ["actions", "done", "1", "--on", "2026-04-14"],
]


@pytest.fixture
def exported(ok, tmp_path, db_path):
    """The network above in its own database, exported; the test's database stays empty."""
    source = tmp_path / "source.db"
    for step in NETWORK:
        ok("--db", str(source), *step)
    path = tmp_path / "network.json"
    ok("--db", str(source), "export", "--output", str(path))
    return source, path


def test_import_into_an_empty_database_rebuilds_the_same_network(ok, exported, dump):
    source, path = exported

    done = ok("import", str(path))

    assert "3 added, 0 updated, 0 skipped" in done.stderr
    imported, original = dump(), snapshot(source)
    if set(imported) != set(original):  # the file came from SQLite, the test runs on PostgreSQL: the network's tables
        from mentornet.io.tables import schema

        network = {spec.name for spec in schema()}
        imported, original = ({k: v for k, v in d.items() if k in network} for d in (imported, original))
    assert imported == original  # every table, every row, ids and dates included


def test_reimport_changes_nothing(ok, exported, dump):
    _, path = exported
    ok("import", str(path))
    before = dump()

    done = ok("import", str(path))

    assert "0 added, 0 updated, 3 skipped" in done.stderr
    assert dump() == before


def test_merge_matches_contacts_fills_empty_fields_and_keeps_references(cli, ok, exported, dump):
    _, path = exported
    ok("add-contact", "Someone Else")
    ok("add-contact", "Ada O.", "--email", "ADA@example.org", "--title", "Prof", "--note", "my own note")
    ok("roles", "target", "research", "5")

    done = ok("import", str(path))

    assert "2 added, 1 updated, 0 skipped" in done.stderr
    people = contacts(cli)
    ada = people["Ada O."]  # matched by email: not duplicated, not renamed
    assert "Dr. Ada Okafor" not in people
    assert ada["title"] == "Prof" and ada["notes"] == "my own note"  # kept
    assert ada["met_on"] == "2026-03-22"  # filled
    assert ada["roles"] == ["research", "education"]
    assert [e["kind"] for e in ada["timeline"]].count("meeting") == 2
    assert people["Kofi Mensah"]["referred_by"] == "Ada O."  # the reference follows the match
    assert people["Mei Chen"]["referred_by"] == "Ada O."
    roles = {r["key"]: r for r in cli("roles", "list", "--json").json()}
    assert roles["research"]["target"] == 5  # the user's setting stays
    assert roles["education"]["label"] == "Medical education"
    actions = cli("actions", "list", "--json").json()
    assert {(a["contact"], a["text"], a["done_on"]) for a in actions} == {
        ("Ada O.", "draft aims", "2026-04-14"), ("Ada O.", "intro to stats", None)}
    before = dump()
    assert "0 added, 0 updated, 3 skipped" in ok("import", str(path)).stderr
    assert dump() == before


def test_dry_run_writes_nothing(ok, exported, dump):
    _, path = exported
    ok("add-contact", "Someone Else")
    before = dump()

    done = ok("import", str(path), "--dry-run")

    assert "would add 3" in done.stderr and "meeting 2" in done.stderr
    assert dump() == before


def _edited(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    return path


def test_a_bad_date_fails_the_import_naming_the_row_and_changes_nothing(cli, ok, exported, dump):
    _, path = exported
    ok("add-contact", "Someone Else")
    before = dump()
    _edited(path, lambda data: data["tables"]["meeting"][1].update(on_date="2026-02-30"))

    done = cli("import", str(path))

    assert_error(done, 1, "Error: network.json: tables.meeting[1] (id 2): bad date '2026-02-30' in on_date")
    assert done.stderr.count("\n") == 1
    assert dump() == before


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(version=2), "newer mentornet (format version 2"),
    (lambda d: d.update(format="other"), "not a mentornet export"),
    (lambda d: d["tables"].update(gadgets=[]), "unknown table 'gadgets'"),
    (lambda d: d["tables"]["contact"][0].update(colour="red"), "unknown column 'colour'"),
    (lambda d: d["tables"]["contact"][0].pop("name"), "tables.contact[0] (id 1): name is missing"),
    (lambda d: d["tables"]["contact"][0].update(supervisor="yes"), "supervisor must be true or false"),
    (lambda d: d["tables"]["touch"][0].update(contact_id=99), "contact_id 99 is not a row of contact"),
    # what the commands themselves would refuse
    (lambda d: d["tables"]["contact"][0].update(stage="best-friend"), "stage 'best-friend' is not one of prospect"),
    (lambda d: d["tables"]["contact"][0].update(cadence_days=-3), "cadence_days -3 must be at least 1"),
    (lambda d: d["tables"]["meeting"][0].update(rating=9), "rating 9 is out of range (1 to 5)"),
    (lambda d: d["tables"]["outreach"][0].update(channel="pigeon"), "channel 'pigeon' is not one of email"),
])
def test_a_damaged_file_is_refused_with_one_line(cli, exported, dump, change, message):
    _, path = exported

    done = cli("import", str(_edited(path, change)))

    assert done.exit_code == 1, done.stderr
    assert message in done.stderr and done.stderr.count("\n") == 1
    assert dump() is None or not dump()["contact"]


def test_a_row_that_cant_be_stored_is_named_and_nothing_is_imported(cli, exported, dump):
    """A table's rows go in together; when that fails, the row that can't be stored is found and named."""
    _, path = exported
    data = json.loads(path.read_text())
    touches = data["tables"]["touch"]
    touches.append({**touches[0], "note": "the same id twice"})  # a second row with the first's id
    path.write_text(json.dumps(data))
    assert_error(cli("import", str(path)), 1, f"tables.touch[{len(touches) - 1}] (id {touches[0]['id']})",
                 "can't be stored", "nothing was imported")
    after = dump() or {}
    assert all(after.get(table, []) == [] for table in ("contact", "meeting", "touch"))

