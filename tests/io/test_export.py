"""export --format json|csv|vcard|ics: content, spreadsheet safety, independent parsers, file safety."""

import csv
import io
import json
import os
import stat
from datetime import date

import pytest

from tests.checks import assert_error

NETWORK = [
    ["add-contact", "Dr. María Santos", "--role", "clinical", "--title", "Attending, Internal Medicine",
     "--institution", "Mercy General", "--specialty", "Hospital medicine", "--seniority", "senior", "--local",
     "--met-at", "Morning report; wards", "--met-on", "2026-09-13", "--tag", "wards", "--email", "maria@example.org",
     "--note", "Generous with feedback.\nPrefers short emails, no attachments; call first."],
    ["contacts", "stage", "María Santos", "cultivation", "--on", "2026-10-01"],
    ["add-contact", "Dr. Ada Okafor", "--role", "research", "--role", "sponsor", "--remote", "--city", "Boston",
     "--email", "ada.okafor@example.org", "--phone", "+1 555 010 2233", "--profile-url", "https://example.org/ada"],
    ["meeting", "log", "Ada Okafor", "--on", "2026-11-01", "--notes", "K award; ask Mei about stats",
     "--action", "send specific aims page by 2026-11-15", "--referral", "Mei Chen", "--next", "2027-01-10"],
    ["add-contact", "=HYPERLINK(\"http://evil.example\",\"click\")", "--title", "+1 boss", "--institution", "@corp",
     "--specialty", "-dept", "--city", "\tTabbed", "--tag", "=SUM(A1:A9)"],
    ["add-contact", "Kofi Mensah", "--role", "personal"],
    ["outreach", "log", "Kofi Mensah", "--on", "2026-11-10", "--ask", "Coffee?"],
]


@pytest.fixture
def network(ok):
    for step in NETWORK:
        ok(*step)


def test_json_has_the_envelope_and_every_table(ok, network):
    from sqlmodel import SQLModel

    import mentornet.store.schema  # noqa: F401

    data = ok("export").json()

    assert data["format"] == "mentornet" and data["version"] == 1
    assert data["exported_at"].endswith("+00:00")
    assert set(data["tables"]) == {table.name for table in SQLModel.metadata.sorted_tables}
    maria = next(row for row in data["tables"]["contact"] if row["name"] == "Dr. María Santos")
    assert maria["met_on"] == "2026-09-13" and maria["supervisor"] is False
    assert maria["notes"] == "Generous with feedback.\nPrefers short emails, no attachments; call first."
    meeting = next(row for row in data["tables"]["meeting"] if row["notes"] == "K award; ask Mei about stats")
    assert meeting["on_date"] == "2026-11-01" and meeting["next_on"] == "2027-01-10"


def test_csv_is_one_row_per_contact_and_starts_no_formula(ok, network):
    text = ok("export", "--format", "csv").stdout

    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5  # Mei Chen came in as a referral
    by_name = {row["name"].lstrip("'"): row for row in rows}
    ada = by_name["Dr. Ada Okafor"]
    assert ada["roles"] == "research; sponsor" and ada["city"] == "Boston"
    assert ada["last_contact"] == "2026-11-01" and ada["next_due"] == "2026-11-15"  # the action: the thank-you dropped 14 days after
    assert ada["phone"] == "+1 555 010 2233"  # a phone number is not a formula: no quote
    evil = by_name['=HYPERLINK("http://evil.example","click")']
    assert evil["name"].startswith("'=")
    assert evil["title"] == "'+1 boss" and evil["institution"] == "'@corp"
    assert evil["specialty"] == "'-dept" and evil["tags"] == "'=SUM(A1:A9)"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell == "+1 555 010 2233", cell


def _rfc_lines(text: str) -> list[str]:
    """A strict check of the RFC 2425/6350 content lines: CRLF only, folded at 75 octets."""
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert "\n" not in line and "\r" not in line, repr(line)
        assert len(line.encode("utf-8")) <= 75, line
    unfolded: list[str] = []
    for line in physical:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return unfolded


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def test_vcard_is_valid_for_an_independent_validator(ok, network, tmp_path):
    from vcard.vcard_validator import validate_file  # the `vcard` package: a strict RFC 2426 validator

    path = tmp_path / "network.vcf"
    ok("export", "--format", "vcard", "--output", str(path))

    assert validate_file(str(path), False) == ""


def _export(ok, tmp_path, fmt: str) -> str:
    """The exported bytes as text, line endings untouched (the test runner's stdout rewrites CRLF)."""
    path = tmp_path / f"export.{fmt}"
    ok("export", "--format", fmt, "--output", str(path))
    return path.read_bytes().decode("utf-8")


def test_vcard_lines_carry_the_mentoring_fields(ok, network, tmp_path):
    text = _export(ok, tmp_path, "vcard")
    lines = _rfc_lines(text)

    cards = []
    for line in lines:
        if line == "BEGIN:VCARD":
            cards.append({})
        elif line != "END:VCARD":
            name, _, value = line.partition(":")
            cards[-1].setdefault(name.split(";")[0], []).append(value)
    assert len(cards) == 5
    assert all(card["VERSION"] == ["3.0"] and "FN" in card and "N" in card for card in cards)
    maria = next(card for card in cards if card["FN"] == ["Dr. María Santos"])
    assert maria["N"] == ["Santos;María;;Dr.;"]
    assert maria["ORG"] == ["Mercy General;Hospital medicine"]
    assert _unescape(maria["TITLE"][0]) == "Attending, Internal Medicine"
    assert _unescape(maria["NOTE"][0]) == "Generous with feedback.\nPrefers short emails, no attachments; call first."
    assert maria["CATEGORIES"] == ["clinical,wards"]
    assert maria["X-MENTORNET-STAGE"] == ["cultivation"]
    assert maria["X-MENTORNET-SENIORITY"] == ["senior"] and maria["X-MENTORNET-LOCALITY"] == ["local"]
    assert _unescape(maria["X-MENTORNET-MET-AT"][0]) == "Morning report; wards"
    assert maria["X-MENTORNET-MET-ON"] == ["2026-09-13"]
    mei = next(card for card in cards if card["FN"] == ["Mei Chen"])
    assert mei["X-MENTORNET-REFERRED-BY"] == ["Dr. Ada Okafor"]


def test_unicode_vcard_folds_on_character_boundaries(ok, tmp_path):
    long_note = "Notes in 日本語 and ελληνικά, repeated. " * 6
    ok("add-contact", "王小明 Zoë Núñez-García", "--note", long_note, "--title", "Директор, кафедра")

    text = _export(ok, tmp_path, "vcard")

    lines = _rfc_lines(text)  # every physical line is valid UTF-8 on its own, at most 75 octets
    for physical in text.split("\r\n"):
        physical.encode("utf-8").decode("utf-8")
    assert "FN:王小明 Zoë Núñez-García" in lines
    note = next(line for line in lines if line.startswith("NOTE:"))
    assert _unescape(note[5:]) == long_note.strip()


def test_vcard_export_imports_back_into_an_empty_database(ok, cli, network, tmp_path):
    path = tmp_path / "network.vcf"
    ok("export", "--format", "vcard", "--output", str(path))

    other = tmp_path / "other.db"
    done = cli("--db", str(other), "import", str(path))

    assert done.exit_code == 0, done.stderr
    assert "5 added" in done.stderr
    shown = cli("--db", str(other), "contacts", "show", "María Santos", "--json").json()
    assert shown["stage"] == "cultivation" and shown["roles"] == ["clinical"] and shown["tags"] == ["wards"]
    assert shown["met_on"] == "2026-09-13" and shown["seniority"] == "senior" and shown["locality"] == "local"
    assert shown["specialty"] == "Hospital medicine" and shown["email"] == "maria@example.org"


def test_ics_parses_with_vobject_and_holds_what_is_due(ok, network):
    import vobject  # not icalendar, which wrote the file

    text = ok("export", "--format", "ics").stdout
    calendar = vobject.readOne(text)

    events = calendar.vevent_list
    due = ok("outreach", "due", "--within", "1000d", "--json").json()
    assert len(events) == len(due)
    by_summary = {event.summary.value: event for event in events}
    meeting = by_summary["Meeting with Dr. Ada Okafor"]
    assert meeting.dtstart.value == date(2027, 1, 10)  # all-day, the agreed date, unshifted
    assert meeting.dtend.value == date(2027, 1, 11)
    action = by_summary["Action for Dr. Ada Okafor (7 days late)"]
    assert action.dtstart.value == date(2026, 11, 22)  # late: on the day of the export, where people look
    assert "send specific aims page" in action.description.value
    assert any(title.startswith("Follow up with Kofi Mensah") for title in by_summary)
    uids = [event.uid.value for event in events]
    assert len(set(uids)) == len(uids)
    again = vobject.readOne(ok("export", "--format", "ics").stdout)
    assert sorted(event.uid.value for event in again.vevent_list) == sorted(uids)  # stable


def test_export_file_is_owner_only_and_replaced_atomically(ok, network, tmp_path):
    path = tmp_path / "backup.json"
    path.write_text("the last good export")
    os.chmod(path, 0o644)
    before = path.stat().st_ino

    done = ok("export", "--output", str(path))

    assert f"to {path}" in done.stderr and done.stdout == ""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_ino != before  # a new file renamed over the old one, not rewritten in place
    assert json.loads(path.read_text())["format"] == "mentornet"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".backup.json")) == []


def test_a_failed_export_leaves_the_last_good_file(cli, network, tmp_path, monkeypatch):
    path = tmp_path / "backup.json"
    path.write_text("the last good export")

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mentornet.io.files.os.fsync", crash)
    done = cli("export", "--output", str(path))

    assert_error(done, 1, "No space left on device")
    assert path.read_text() == "the last good export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard", "ics"])
def test_every_format_exports_an_empty_network(ok, fmt):
    done = ok("export", "--format", fmt)
    assert done.stdout or fmt == "vcard"  # no contacts, no cards


@pytest.mark.sqlite_file("the database's own file as --output")
def test_export_refuses_to_write_over_the_database(cli, ok, db_path):
    ok("add-contact", "Someone")

    done = cli("export", "--output", str(db_path))

    assert done.exit_code == 1 and "the database or one of its own files" in done.stderr


def test_export_to_a_missing_folder_is_one_clean_error(cli, tmp_path):
    done = cli("export", "--output", str(tmp_path / "nowhere" / "x.json"))

    assert_error(done, 1)
    assert done.stderr.count("\n") == 1


def test_unknown_format_is_bad_usage(cli):
    assert cli("export", "--format", "xml").exit_code == 2
    assert cli("import", "x", "--format", "xml").exit_code == 2


def test_ics_holds_approach_and_schedule_items(ok):
    import vobject

    ok("add-contact", "Ada Okafor", "--role", "research", "--added-on", "2026-11-01")
    ok("add-contact", "Ben Liu", "--role", "career", "--added-on", "2026-10-01")
    ok("outreach", "log", "Ben", "--on", "2026-11-01")
    ok("outreach", "reply", "Ben", "--on", "2026-11-05")
    events = vobject.readOne(ok("export", "--format", "ics").stdout).vevent_list
    by_summary = {event.summary.value: event for event in events}
    assert by_summary["Approach Ada Okafor (7 days late)"].categories.value == ["approach"]
    assert by_summary["Schedule a meeting with Ben Liu (10 days late)"].categories.value == ["schedule"]
