"""Importing vCards: a phone's multi-card 3.0 file, a 4.0 card, a 2.1 card; broken cards fail cleanly."""

from tests.io.conftest import contacts

# What an iPhone writes when several contacts are shared at once: groups (item1.), TYPE lists,
# escaped commas/semicolons/newlines, ORG with units, lines folded at 75 octets, CRLF endings.
PHONE_CARDS = """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.4.1//EN
N:Okafor;Ada;;Dr.;
FN:Dr. Ada Okafor
ORG:Mercy General Hospital;Department of Epidemiology;
TITLE:Associate Professor
item1.EMAIL;type=INTERNET;type=pref:ada.okafor@example.org
item2.EMAIL;type=INTERNET:ada@home.example
TEL;type=CELL;type=VOICE;type=pref:+1 (555) 010-2233
NOTE:Met at research day.\\nAsked about K award timelines\\, the aims page\\;
  and stats help. This line is long enough that the phone folded it into sev
 eral physical lines.
CATEGORIES:Research,Mentors
item3.URL;type=pref:https://example.org/~okafor
item3.X-ABLabel:_$!<HomePage>!$_
item4.ADR;type=WORK;type=pref:;;1 Main St;Boston;MA;02115;United States
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Núñez;Zoë;;;
FN:Zoë Núñez
ORG:Hôpital Saint-Louis
EMAIL;type=INTERNET:zoe@example.fr
CATEGORIES:peer,nights\\, ICU
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Lee;Sam;;;
TEL;type=CELL:+44 7700 900123
END:VCARD
"""

CARD_4 = """BEGIN:VCARD
VERSION:4.0
KIND:individual
FN:Priya Raman
N:Raman;Priya;;;
EMAIL;TYPE=work;PREF=1:priya.raman@example.org
EMAIL;TYPE=home:priya@example.net
TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-555-0100
ORG:State University;School of Medicine;Psychiatry
TITLE:Chief Resident
CATEGORIES:personal,wellbeing
NOTE:Boundaries\\, burnout;\\nmeets monthly
URL:https://example.org/priya
END:VCARD
"""

CARD_21 = """BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4D=C3=BC=6C=6C=65=72;Hans;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Hans=20=4D=C3=BC=6C=6C=65=72
TEL;CELL:+4930123456
END:VCARD
"""


def test_a_phones_multi_card_file(cli, ok, write, dump):
    path = write("contacts.vcf", PHONE_CARDS, "\r\n")

    done = ok("import", str(path))

    assert "3 added, 0 updated, 0 skipped" in done.stderr
    people = contacts(cli)
    ada = people["Dr. Ada Okafor"]
    assert ada["email"] == "ada.okafor@example.org"  # the preferred one
    assert ada["phone"] == "+1 (555) 010-2233"
    assert ada["institution"] == "Mercy General Hospital"
    assert ada["specialty"] == "Department of Epidemiology"
    assert ada["title"] == "Associate Professor"
    assert ada["city"] == "Boston"
    assert ada["profile_url"] == "https://example.org/~okafor"
    assert ada["notes"] == ("Met at research day.\nAsked about K award timelines, the aims page; and stats help. "
                            "This line is long enough that the phone folded it into several physical lines.")
    assert ada["roles"] == ["research"]  # "Research" names a role
    assert ada["tags"] == ["Mentors"]
    zoe = people["Zoë Núñez"]
    assert zoe["roles"] == ["peer"]
    # one tag with a comma in it (read from the table: `contacts show` splits tags at commas)
    assert (zoe["id"], "nights, ICU") in dump()["contact_tag"]
    assert zoe["institution"] == "Hôpital Saint-Louis" and zoe["specialty"] is None
    assert people["Sam Lee"]["phone"] == "+44 7700 900123"  # a card with N but no FN


def test_a_vcard_4(cli, ok, write):
    ok("import", str(write("priya.vcf", CARD_4)))

    priya = contacts(cli)["Priya Raman"]
    assert priya["email"] == "priya.raman@example.org"
    assert priya["phone"] == "+1-555-555-0100"
    assert priya["institution"] == "State University"
    assert priya["specialty"] == "School of Medicine, Psychiatry"
    assert priya["notes"] == "Boundaries, burnout;\nmeets monthly"
    assert priya["roles"] == ["personal"] and priya["tags"] == ["wellbeing"]


def test_an_old_phones_2_1_card_with_quoted_printable(cli, ok, write):
    ok("import", str(write("old.vcf", CARD_21, "\r\n")))

    assert contacts(cli)["Hans Müller"]["phone"] == "+4930123456"


def test_reimport_changes_nothing_and_matches_by_email_first(cli, ok, write, dump):
    ok("add-contact", "Ada O.", "--email", "ADA.OKAFOR@example.org", "--title", "My research mentor")
    path = write("contacts.vcf", PHONE_CARDS, "\r\n")
    first = ok("import", str(path))
    assert "2 added, 1 updated" in first.stderr
    before = dump()

    again = ok("import", str(path))

    assert "0 added, 0 updated, 3 skipped" in again.stderr
    assert dump() == before
    ada = contacts(cli)["Ada O."]
    assert ada["title"] == "My research mentor" and ada["institution"] == "Mercy General Hospital"


def test_a_card_that_never_ends_fails_naming_its_line(cli, write, dump):
    path = write("cut.vcf", PHONE_CARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\n")

    done = cli("import", str(path))

    assert done.exit_code == 1
    assert f"line {PHONE_CARDS.count(chr(10)) + 1}: the card starting here never ends" in done.stderr
    assert dump() is None


def test_a_card_without_a_name_is_skipped_naming_its_line(cli, ok, write):
    path = write("noname.vcf", CARD_4 + "BEGIN:VCARD\nVERSION:3.0\nEMAIL:x@example.org\nEND:VCARD\n")

    done = ok("import", str(path))

    assert "1 added, 0 updated, 1 skipped" in done.stderr
    assert f"x@example.org: line {CARD_4.count(chr(10)) + 1}: no name (only an email or phone)" in done.stderr
    assert [c["name"] for c in cli("contacts", "list", "--json").json()] == ["Priya Raman"]


def test_a_bad_mentornet_date_fails_naming_the_card(cli, write):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:A B\nX-MENTORNET-MET-ON:2024-13-01\nEND:VCARD\n"

    done = cli("import", str(write("bad.vcf", CARD_4 + card)))

    assert done.exit_code == 1
    assert f"line {CARD_4.count(chr(10)) + 1}: bad date '2024-13-01'" in done.stderr
