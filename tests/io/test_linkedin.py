"""Importing LinkedIn's Connections.csv: preamble, BOM, both date styles, mostly empty emails."""

from datetime import date

import pytest

from mentornet.io.linkedin import parse_date
from tests.checks import assert_error, database_exists, open_database
from tests.io.conftest import contacts

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    "their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn "
    'more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS = (
    'Ada,Okafor,https://www.linkedin.com/in/ada-okafor-3b2a1,,Mercy General,"Associate Professor, Epidemiology",15 Mar 2024\n'
    "Mei,Chen,https://www.linkedin.com/in/meichen,mei.chen@example.edu,State University,Biostatistician,7-Feb-22\n"
    "José,Núñez Pérez,https://www.linkedin.com/in/jnunez,,Hospital Clínico,Cardiólogo,02 Jan 2023\n"
    "John,Smith,https://www.linkedin.com/in/john-smith-1,,Acme,Engineer,1 Dec 2021\n"
    "John,Smith,https://www.linkedin.com/in/john-smith-2,,Globex,Nurse,30-Nov-21\n"
)
CONNECTIONS = "\ufeff" + PREAMBLE + HEADER + ROWS


def test_parse_date_reads_both_linkedin_styles():
    assert parse_date("15 Mar 2024") == date(2024, 3, 15)
    assert parse_date("7-Feb-22") == date(2022, 2, 7)
    assert parse_date("07 February 2024") == date(2024, 2, 7)
    assert parse_date("2024-03-15") == date(2024, 3, 15)
    for bad in ("31 Feb 2024", "15 Foo 2024", "15/03/2024", "tomorrow"):
        with pytest.raises(ValueError):
            parse_date(bad)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_import_finds_the_header_after_the_preamble_and_maps_the_columns(cli, ok, write, newline):
    path = write("Connections.csv", CONNECTIONS, newline)

    done = ok("import", str(path))

    assert done.stdout == ""
    assert "5 added, 0 updated, 0 skipped" in done.stderr
    people = contacts(cli)
    assert set(people) == {"Ada Okafor", "Mei Chen", "José Núñez Pérez", "John Smith"}  # two John Smiths
    ada = people["Ada Okafor"]
    assert ada["profile_url"] == "https://www.linkedin.com/in/ada-okafor-3b2a1"
    assert ada["institution"] == "Mercy General"
    assert ada["title"] == "Associate Professor, Epidemiology"
    assert ada["added_on"] == "2024-03-15"
    assert ada["email"] is None
    assert ada["stage"] == "prospect"
    assert people["Mei Chen"]["email"] == "mei.chen@example.edu"
    assert people["Mei Chen"]["added_on"] == "2022-02-07"
    assert people["José Núñez Pérez"]["added_on"] == "2023-01-02"
    assert len(cli("contacts", "list", "--search", "john smith", "--json").json()) == 2


def test_importing_the_same_file_twice_changes_nothing(ok, write, dump):
    path = write("Connections.csv", CONNECTIONS)
    ok("import", str(path))
    before = dump()

    again = ok("import", str(path))

    assert "0 added, 0 updated, 5 skipped" in again.stderr
    assert dump() == before


def test_a_matched_contact_is_filled_never_overwritten(cli, ok, write):
    ok("add-contact", "Ada Okafor", "--title", "Research mentor", "--role", "research", "--note", "mine")
    ok("add-contact", "Dr. M. Chen", "--email", "MEI.CHEN@example.edu")
    path = write("Connections.csv", CONNECTIONS)

    done = ok("import", str(path))

    assert "3 added, 2 updated, 0 skipped" in done.stderr
    people = contacts(cli)
    ada = people["Ada Okafor"]
    assert ada["title"] == "Research mentor"  # what the user wrote stays
    assert ada["institution"] == "Mercy General"  # what was empty is filled
    assert ada["profile_url"] == "https://www.linkedin.com/in/ada-okafor-3b2a1"
    assert ada["notes"] == "mine" and ada["roles"] == ["research"]
    assert ada["added_on"] == "2026-11-22"  # the date the user added them stays
    assert "Mei Chen" not in people  # matched by email (case-insensitive), not added again
    assert people["Dr. M. Chen"]["institution"] == "State University"


def test_dry_run_lists_the_changes_and_writes_nothing(ok, write, dump):
    ok("add-contact", "Ada Okafor")
    before = dump()
    path = write("Connections.csv", CONNECTIONS)

    done = ok("import", str(path), "--dry-run")

    assert dump() == before
    assert "would add 4, update 1 and skip 0" in done.stderr
    assert "nothing was written" in done.stderr
    assert "add     Mei Chen" in done.stderr
    assert "update  Ada Okafor: title, institution, profile_url" in done.stderr


def test_dry_run_without_a_database_creates_none(ok, write, db_path):
    path = write("Connections.csv", CONNECTIONS)

    done = ok("import", str(path), "--dry-run")

    assert "would add 5" in done.stderr
    assert not database_exists(db_path)


def test_a_bad_date_in_row_n_fails_the_whole_import_naming_line_n(cli, ok, write, dump):
    ok("add-contact", "Someone Already Here")
    before = dump()
    rows = ROWS.replace("02 Jan 2023", "32 Jan 2023")
    path = write("Connections.csv", "\ufeff" + PREAMBLE + HEADER + rows)
    line = (PREAMBLE + HEADER).count("\n") + 3  # the third row

    done = cli("import", str(path))

    assert_error(done, 1)
    assert done.stderr.count("\n") == 1
    assert f"line {line}:" in done.stderr and "'32 Jan 2023'" in done.stderr
    assert dump() == before


def test_a_row_without_a_name_is_skipped_naming_its_line(cli, ok, write):
    path = write("Connections.csv", PREAMBLE + HEADER + ROWS + ",,https://www.linkedin.com/in/x,,Acme,CEO,1 Jan 2020\n")

    done = ok("import", str(path), "--format", "linkedin")

    line = (PREAMBLE + HEADER + ROWS).count(chr(10)) + 1
    assert "5 added, 0 updated, 1 skipped" in done.stderr
    assert f"line {line}: no name (a member who hid their profile or left LinkedIn)" in done.stderr
    assert len(cli("contacts", "list", "--json").json()) == 5


def test_a_quoted_cell_spanning_lines_keeps_line_numbers_right(cli, write):
    rows = 'Ada,Okafor,,,"Mercy\nGeneral",Prof,15 Mar 2024\nBad,Date,,,,,someday\n'
    path = write("Connections.csv", PREAMBLE + HEADER + rows)

    done = cli("import", str(path))

    assert done.exit_code == 1
    assert f"line {(PREAMBLE + HEADER).count(chr(10)) + 3}:" in done.stderr


def test_namesakes_with_different_profiles_stay_two_people(cli, ok, write, dump):
    ok("add-contact", "John Smith", "--note", "from the conference")
    path = write("Connections.csv", PREAMBLE + HEADER + ROWS)

    first = ok("import", str(path))

    assert "4 added, 1 updated" in first.stderr  # the first John Smith fills the one we had
    smiths = cli("contacts", "list", "--search", "john smith", "--json").json()
    assert len(smiths) == 2
    before = dump()
    assert "0 added, 0 updated, 5 skipped" in ok("import", str(path)).stderr  # each matched by its URL
    assert dump() == before


def test_a_name_shared_by_several_contacts_is_skipped_and_reported(cli, ok, write):
    ok("add-contact", "Ada Okafor", "--email", "ada1@example.org")
    ok("add-contact", "Ada Okafor", "--email", "ada2@example.org", "--allow-duplicate")
    path = write("Connections.csv", PREAMBLE + HEADER + ROWS)

    done = ok("import", str(path))

    assert "4 added, 0 updated, 1 skipped" in done.stderr
    assert "skipped Ada Okafor: line 5: the name matches several contacts (ids 1, 2)" in done.stderr
    assert len(cli("contacts", "list", "--search", "ada okafor", "--json").json()) == 2


def test_the_rows_one_import_adds_share_one_created_at(ok, write, db_path, monkeypatch):
    """An import is one transaction, so its rows are made at one instant: the contacts and their
    first stage changes carry the import's created_at, not a clock read per row (a 20,000-row file
    would otherwise spread its rows over the seconds the import took)."""
    from itertools import count

    from mentornet.store import rows

    ticks = count()
    clock = lambda: f"2026-01-01T00:00:{next(ticks) % 60:02d}+00:00"  # noqa: E731  (a new instant each read)
    for table in ("contact", "stage_change"):
        monkeypatch.setitem(rows.DEFAULTS[table], "created_at", clock)
    ok("import", str(write("Connections.csv", PREAMBLE + HEADER + ROWS)))

    conn = open_database(db_path)
    try:
        made = conn.execute("SELECT DISTINCT created_at FROM contact UNION SELECT created_at FROM stage_change")
        assert len(made.fetchall()) == 1
        assert conn.execute("SELECT count(*) FROM stage_change").fetchone()[0] == 5
    finally:
        conn.close()


def test_the_cyclic_collector_is_paused_while_rows_are_parsed_and_written_and_back_after(ok, write, monkeypatch):
    """cli/transfer._no_cycles: no collector passes over the rows an import holds (they make no cycles)."""
    import gc

    from mentornet.io import linkedin, merge

    seen = []
    for module, name in ((linkedin, "parse"), (merge, "import_contacts")):
        real = getattr(module, name)

        def spy(*args, real=real, **kwargs):
            seen.append(gc.isenabled())
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    assert gc.isenabled()
    ok("import", str(write("Connections.csv", CONNECTIONS)))
    assert seen == [False, False]
    assert gc.isenabled()


@pytest.mark.parametrize(("url", "page"), [
    ("https://www.linkedin.com/in/ada/", "linkedin.com/in/ada"),
    (" HTTP://LinkedIn.com/in/Ada// ", "linkedin.com/in/ada"),
    ("www.linkedin.com/in/ada", "linkedin.com/in/ada"),
    ("https://http://x.org/", "x.org"),  # each prefix once, in that order
    ("http://https://x.org", "https://x.org"),
    ("https://", None), ("/", None), ("", None), (None, None),
])
def test_a_profile_url_is_compared_without_its_scheme_www_and_slashes(url, page):
    from mentornet.io.merge import normal_url

    assert normal_url(url) == page
