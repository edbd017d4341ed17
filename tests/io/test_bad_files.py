"""Files that can't be imported: one `Error:` line, exit 1, the database unchanged."""

import pytest

from tests.checks import assert_error


@pytest.fixture
def before(ok, dump):
    ok("add-contact", "Already Here", "--email", "here@example.org")
    return dump()


def _refused(done, *words):
    assert_error(done, 1)
    assert done.stderr.count("\n") == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_a_missing_file(cli, tmp_path, before, dump):
    _refused(cli("import", str(tmp_path / "nope.csv")), "no such file")
    assert dump() == before


def test_a_folder(cli, tmp_path, before, dump):
    _refused(cli("import", str(tmp_path)), "folder")


def test_truncated_json(cli, ok, tmp_path, before, dump):
    path = tmp_path / "backup.json"
    ok("export", "--output", str(path))
    text = path.read_text()
    path.write_text(text[: len(text) // 2])

    _refused(cli("import", str(path)), "not valid JSON", "is the file complete?")
    assert dump() == before


def test_a_binary_file(cli, write, before, dump):
    path = write("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 40)

    _refused(cli("import", str(path)), "binary")
    _refused(cli("import", str(path), "--format", "vcard"), "binary")
    assert dump() == before


@pytest.mark.sqlite_file("the database's own file as an import")
def test_a_sqlite_database_is_not_an_import(cli, db_path, before):
    _refused(cli("import", str(db_path)), "binary")


def test_text_that_is_not_utf8(cli, write, before):
    _refused(cli("import", str(write("latin1.csv", "First Name,Last Name\nJosé,Núñez\n".encode("latin-1")))),
             "line 2 is not UTF-8")


def test_an_empty_file(cli, write, before):
    _refused(cli("import", str(write("empty.csv", ""))), "empty")


def test_a_file_of_no_known_format(cli, write, before):
    _refused(cli("import", str(write("notes.txt", "just some notes\nabout people\n"))), "--format")


def test_the_wrong_format_given(cli, write, before, dump):
    path = write("contacts.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n")
    _refused(cli("import", str(path), "--format", "linkedin"), "no LinkedIn header")
    _refused(cli("import", str(path), "--format", "json"), "not valid JSON")
    _refused(cli("import", str(path), "--format", "google-csv"), "no Google Contacts header")
    assert dump() == before


def test_json_that_is_not_ours(cli, write, before):
    _refused(cli("import", str(write("data.json", '{"people": []}'))), "not a mentornet export")


def test_a_csv_row_with_too_many_cells(cli, write, before, dump):
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,,Acme, Inc,CEO,1 Jan 2020\n"
    _refused(cli("import", str(write("Connections.csv", text))), "line 2", "8 cells")
    assert dump() == before
