"""Issue 13: files as other programs really write them import, and nothing in them is silently lost.

The fixture files in tests/io/files/ copy the shape of real exports (LinkedIn's hidden members and
whole-row quoting, its 2018 layout; Outlook's and Thunderbird's CSV headers; Android/Outlook 2.1
vCards with quoted-printable soft breaks, Lotus Notes' PROFILE, Gmail's unescaped commas, group
cards). Files in an 8-bit charset are written here as bytes.
"""

import csv
import io
import stat
import time
from pathlib import Path

import pytest

from tests.io.conftest import contacts

FILES = Path(__file__).parent / "files"


def _lines(stderr: str) -> list[str]:
    return stderr.splitlines()


# --- 1. rows that can't be a person are skipped, the rest imports ---

def test_linkedin_hidden_members_are_skipped_and_wrapped_rows_split(cli, ok):
    done = ok("import", str(FILES / "linkedin_hidden.csv"))

    assert "3 added, 0 updated, 2 skipped" in done.stderr
    assert "skipped: no name (a member who hid their profile or left LinkedIn): 2" in done.stderr
    assert "line 6: no name (a member who hid their profile or left LinkedIn)" in done.stderr
    assert "line 8: no name" in done.stderr
    people = contacts(cli)
    assert set(people) == {"Ada Okafor", "Mei Chen", "Kofi Mensah"}  # never a contact named after a whole row
    kofi = people["Kofi Mensah"]
    assert kofi["title"] == "Attending, Palliative Care" and kofi["added_on"] == "2023-12-01"
    assert kofi["profile_url"] == "https://www.linkedin.com/in/kofi-mensah"


def test_a_broken_file_is_still_refused_whole(cli, ok, write, dump):
    ok("add-contact", "Already Here")
    before = dump()
    text = (FILES / "linkedin_hidden.csv").read_text().replace("7-Feb-22", "31 Feb 2022")

    done = cli("import", str(write("Connections.csv", text)))

    assert done.exit_code == 1 and done.stderr.count("\n") == 1 and "line 7: bad date" in done.stderr
    assert dump() == before
    truncated = (FILES / "phone_cards.vcf").read_text().rsplit("END:VCARD", 1)[0]
    done = cli("import", str(write("cut.vcf", truncated)))
    assert done.exit_code == 1 and "never ends" in done.stderr
    assert dump() == before


# --- 3. LinkedIn over the years ---

def test_linkedin_2018_layout_dates_and_member_ids(cli, ok):
    done = ok("import", str(FILES / "linkedin_2018.csv"))

    assert "2 added, 0 updated, 1 skipped" in done.stderr
    people = contacts(cli)
    assert people["Priya Raman"]["added_on"] == "2018-01-08"
    assert people["Priya Raman"]["email"] is None  # urn:li:member:... is not an email
    assert people["Tomás Herrera"]["added_on"] == "2017-12-24"
    assert people["Tomás Herrera"]["email"] == "tomas@example.edu"


# --- 2. vCard as exporters write it ---

def test_vcards_as_phones_outlook_lotus_and_gmail_write_them(cli, ok):
    done = ok("import", str(FILES / "phone_cards.vcf"))

    assert "3 added, 0 updated, 3 skipped" in done.stderr
    assert "skipped: a group card, not a person: 2" in done.stderr
    assert "skipped: no name (an organisation, not a person): 1" in done.stderr
    people = contacts(cli)
    hans = people["Hans Müller"]
    assert hans["notes"] == ("Met at the cardiology retreat; wants help with the grant,\nsecond line of the note "
                             "continues after a soft break and is long enough to wrap again.")
    assert hans["phone"] == "+49 30 1234567"
    assert people["Sam Lee"]["notes"] == "Lotus Notes card\nwith two lines"
    john = people["Smith, John"]  # Gmail's unescaped comma keeps the whole name
    assert john["profile_url"] == "https://www.example.com/john"
    assert john["notes"] == "Gmail escapes colons: see https://example.org/cv"
    assert hans["phones"] == ["+49 30 1234567", "+49 30 7654321"]  # every number kept, the primary first


@pytest.mark.parametrize("charset", ["ISO-8859-1", "WINDOWS-1252"])
def test_8bit_vcards_in_their_charset(cli, ok, write, charset):
    encoding = {"ISO-8859-1": "latin-1", "WINDOWS-1252": "cp1252"}[charset]
    text = (f"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET={charset}:Núñez;José\r\nFN;CHARSET={charset}:José Núñez\r\n"
            f"ORG;CHARSET={charset}:Hôpital Clínico\r\n"
            "NOTE;QUOTED-PRINTABLE;CHARSET=" + charset + ":Caf=E9 =E0 8h=0D=0A=\r\ndeuxi=E8me ligne\r\nEND:VCARD\r\n")
    path = write("outlook.vcf", text.encode(encoding))

    ok("import", str(path))

    jose = contacts(cli)["José Núñez"]
    assert jose["institution"] == "Hôpital Clínico"
    assert jose["notes"] == "Café à 8h\ndeuxième ligne"


# --- 4. Outlook and Thunderbird CSV ---

def test_outlook_csv_is_detected_and_read_by_column_name(cli, ok):
    done = ok("import", str(FILES / "outlook.csv"))

    assert "Outlook/Thunderbird CSV" in done.stderr
    assert "1 added, 0 updated, 2 skipped" in done.stderr
    assert "skipped: no name (an organisation, not a person): 1" in done.stderr
    assert "skipped: no name (only an email or phone): 1" in done.stderr
    hana = contacts(cli)["Dr. Hana Sato"]  # Outlook's Title is the honorific
    assert hana["email"] == "hana.sato@example.edu" and hana["phone"] == "+1 617 555 0199"  # the mobile first
    assert hana["institution"] == "State University" and hana["specialty"] == "Hospital Medicine"
    assert hana["title"] == "Hospitalist" and hana["city"] == "Boston"
    assert hana["profile_url"] == "https://example.edu/~sato"
    assert hana["roles"] == ["research"] and hana["tags"] == ["Mentors"]
    assert hana["notes"] == "Met at grand rounds,\nasked about K awards"
    assert hana["emails"] == ["hana.sato@example.edu", "hana@home.example"]
    assert hana["phones"] == ["+1 617 555 0199", "+1 617 555 0143"]


def test_thunderbird_csv(cli, ok):
    done = ok("import", str(FILES / "thunderbird.csv"))

    assert "1 added, 0 updated, 1 skipped" in done.stderr
    zoe = contacts(cli)["Zoë Núñez"]
    assert zoe["email"] == "zoe@example.fr" and zoe["phone"] == "+33 1 42 49 49 49"
    assert zoe["institution"] == "Hôpital Saint-Louis" and zoe["title"] == "Cheffe de clinique"
    assert zoe["specialty"] == "Réanimation" and zoe["city"] == "Paris"
    assert zoe["emails"] == ["zoe@example.fr", "zoe.nunez@example.org"]


def test_an_unknown_csv_names_every_format(cli, write):
    done = cli("import", str(write("x.csv", "Foo,Bar\n1,2\n")))
    assert done.exit_code == 1 and "outlook-csv" in done.stderr and "mentornet-csv" in done.stderr


# --- 5. merges keep what they find ---

def test_conflicts_are_reported_and_the_report_file_has_every_line(cli, ok, tmp_path, dump):
    ok("add-contact", "Hana Sato", "--email", "hana.sato@example.edu", "--title", "Attending",
       "--note", "private: going through a hard time")
    ok("add-contact", "kofi@example.org", "--email", "kofi@example.org")
    path = tmp_path / "mixed.csv"
    path.write_text("First Name,Last Name,E-mail Address,Job Title,Notes,Mobile Phone\n"
                    "Hana,Sato,HANA.SATO@example.edu,Hospitalist,different note,\n"
                    "Kofi,Mensah,kofi@example.org,,,+1 555 0101\n"
                    ",,nobody@example.org,,,\n")
    report = tmp_path / "out" / "report.csv"
    report.parent.mkdir()

    done = ok("import", str(path), "--report", str(report))

    assert "0 added, 1 updated, 2 skipped" in done.stderr
    assert "merged by email: 2" in done.stderr and "conflicts (kept what you have): 2" in done.stderr
    assert "title: kept Attending; the file says Hospitalist" in done.stderr
    assert "hard time" not in done.stderr and "different note" not in done.stderr  # notes stay off the screen
    people = contacts(cli)
    assert "Kofi Mensah" in people and people["Kofi Mensah"]["phone"] == "+1 555 0101"  # the real name replaces an email
    assert people["Hana Sato"]["title"] == "Attending"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(report.read_text())))
    assert [(r["line"], r["outcome"]) for r in rows] == [
        ("2", "unchanged"), ("2", "conflict"), ("2", "conflict"), ("3", "updated"), ("4", "skipped")]
    assert any("the file says different note" in r["detail"] for r in rows)  # kept in the report, 0600
    before = dump()
    again = ok("import", str(path))
    assert "0 added, 0 updated, 3 skipped" in again.stderr and dump() == before


def test_dry_run_lists_skips_and_conflicts_before_additions(ok, write):
    ok("add-contact", "Mei Chen", "--email", "mei.chen@example.edu", "--title", "Statistician")

    done = ok("import", str(FILES / "linkedin_hidden.csv"), "--dry-run")

    lines = [line.split()[0] for line in _lines(done.stderr)
             if line.startswith("  ") and line.split()[0] in ("skip", "conflict", "add", "update")]
    assert lines == ["skip", "skip", "conflict", "add", "add", "update"]


def test_duplicates_across_sources_merge_without_loss(cli, ok):
    ok("import", str(FILES / "linkedin_hidden.csv"))
    vcard = FILES / "phone_cards.vcf"
    ok("import", str(vcard))
    outlook = ok("import", str(FILES / "outlook.csv"))
    assert "1 added" in outlook.stderr
    names = [c["name"] for c in cli("contacts", "list", "--json").json()]
    assert len(names) == len(set(names))


def test_report_refused_before_anything_is_written(cli, write, tmp_path, dump):
    done = cli("import", str(FILES / "linkedin_hidden.csv"), "--report", str(tmp_path / "nope" / "r.csv"))
    assert done.exit_code == 1 and "doesn't exist" in done.stderr
    assert dump() is None


# --- 6. its own files come back ---

def test_own_csv_export_imports_back(cli, ok, tmp_path):
    ok("add-contact", "Ada Okafor", "--email", "ada@example.org", "--role", "research", "--phone", "+1 555 0100",
       "--tag", "=SUM(A1)")
    ok("contacts", "stage", "Ada", "initiation")
    path = tmp_path / "export.csv"
    ok("export", "--format", "csv", "--output", str(path))
    other = tmp_path / "other.db"

    done = cli("--db", str(other), "import", str(path))

    assert done.exit_code == 0, done.stderr
    assert "mentornet CSV" in done.stderr and "1 added" in done.stderr
    ada = cli("--db", str(other), "contacts", "show", "Ada", "--json").json()
    assert ada["email"] == "ada@example.org" and ada["phone"] == "+1 555 0100" and ada["stage"] == "initiation"
    assert ada["roles"] == ["research"] and ada["tags"] == ["=SUM(A1)"]


def test_vcard_referred_by_is_read_back(cli, ok, tmp_path):
    ok("add-contact", "Ada Okafor")
    ok("add-contact", "Mei Chen", "--referred-by", "Ada Okafor")
    path = tmp_path / "all.vcf"
    ok("export", "--format", "vcard", "--output", str(path))
    other = tmp_path / "other.db"

    assert cli("--db", str(other), "import", str(path)).exit_code == 0
    mei = cli("--db", str(other), "contacts", "show", "Mei Chen", "--json").json()
    ada = cli("--db", str(other), "contacts", "show", "Ada Okafor", "--json").json()
    assert mei["referred_by"] in (ada["id"], "Ada Okafor", {"id": ada["id"], "name": "Ada Okafor"})


def test_json_merge_keeps_the_more_advanced_stage(cli, ok, tmp_path):
    ok("add-contact", "Ada Okafor")
    backup = tmp_path / "a.json"
    ok("export", "--output", str(backup))
    laptop = tmp_path / "laptop.db"
    assert cli("--db", str(laptop), "import", str(backup)).exit_code == 0
    assert cli("--db", str(laptop), "contacts", "stage", "Ada", "initiation").exit_code == 0
    moved = tmp_path / "laptop.json"
    assert cli("--db", str(laptop), "export", "--output", str(moved)).exit_code == 0

    done = ok("import", str(moved))

    assert "1 updated" in done.stderr
    assert cli("contacts", "show", "Ada", "--json").json()["stage"] == "initiation"


# --- 7. exports people open elsewhere ---

def test_csv_export_keeps_phone_numbers_and_excel_gets_a_bom(ok, tmp_path, cli):
    ok("add-contact", "José Núñez", "--phone", "+44 20 7946 0958", "--title", "+cmd|' /C calc'!A0")
    text = ok("export", "--format", "csv").stdout
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["phone"] == "+44 20 7946 0958"
    assert row["title"].startswith("'+")
    path = tmp_path / "excel.csv"
    ok("export", "--format", "csv", "--excel", "--output", str(path))
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,name")
    wrong = cli("export", "--format", "json", "--excel")
    assert wrong.exit_code == 2 and "--excel" in wrong.stderr


def test_ics_late_items_are_today_and_uids_differ_between_networks(ok, cli, tmp_path):
    import vobject

    ok("add-contact", "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-11-01", "--ask", "coffee?")
    one = vobject.readOne(ok("export", "--format", "ics").stdout).vevent_list
    follow = next(event for event in one if event.summary.value.startswith("Follow up"))
    assert follow.summary.value == "Follow up with Ada Okafor (14 days late)"
    assert str(follow.dtstart.value) == "2026-11-22"
    other = tmp_path / "other.db"
    time.sleep(1.1)  # created_at is kept to the second: a network started a second later is another network
    for args in (("add-contact", "Ada Okafor"), ("outreach", "log", "Ada", "--on", "2026-11-01", "--ask", "x")):
        assert cli("--db", str(other), *args).exit_code == 0
    two = vobject.readOne(cli("--db", str(other), "export", "--format", "ics").stdout).vevent_list
    assert {e.uid.value for e in one}.isdisjoint({e.uid.value for e in two})
    again = vobject.readOne(ok("export", "--format", "ics").stdout).vevent_list
    assert {e.uid.value for e in again} == {e.uid.value for e in one}


def test_every_email_and_phone_is_kept_and_a_second_email_matches_on_reimport(cli, ok, write):
    first = write("a.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Okafor\nN:Okafor;Ada;;;\nEMAIL:ada@work.example\n"
                           "EMAIL:ada@home.example\nTEL:+1 617 555 0100\nEND:VCARD\n")
    ok("import", str(first))
    # another source knows her by her second address only, and gives a new number
    second = write("b.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:A. Okafor\nN:Okafor;A.;;;\nEMAIL:ada@home.example\n"
                            "TEL:+1 617 555 0199\nEND:VCARD\n")
    done = ok("import", str(second))

    assert "0 added, 1 updated" in done.stderr
    ada = contacts(cli)["Ada Okafor"]
    assert ada["emails"] == ["ada@work.example", "ada@home.example"]
    assert ada["phones"] == ["+1 617 555 0100", "+1 617 555 0199"]
    again = ok("import", str(second))
    assert "0 added, 0 updated" in again.stderr  # nothing new the second time


def test_every_email_and_phone_goes_out_in_the_vcard_and_comes_back(cli, ok, write, tmp_path):
    ok("import", str(write("a.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Okafor\nN:Okafor;Ada;;;\n"
                                    "EMAIL:ada@work.example\nEMAIL:ada@home.example\nTEL:+1 617 555 0100\n"
                                    "TEL:+1 617 555 0199\nEND:VCARD\n")))
    card = tmp_path / "out.vcf"
    ok("export", "--format", "vcard", "--output", str(card))

    other = tmp_path / "other.db"
    done = cli("--db", str(other), "import", str(card))
    assert done.exit_code == 0, done.stderr
    shown = cli("--db", str(other), "contacts", "show", "Ada", "--json").json()
    assert shown["emails"] == ["ada@work.example", "ada@home.example"]
    assert shown["phones"] == ["+1 617 555 0100", "+1 617 555 0199"]
