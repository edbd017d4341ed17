"""Importing a Google Contacts CSV: columns found by name, in whatever order Google wrote them."""

from tests.io.conftest import contacts

# The current Google CSV layout, columns shuffled (Google orders them by what the account uses),
# a multi-value email cell, Google's own "* myContacts" label, and a note spanning lines.
GOOGLE = (
    "Labels,E-mail 1 - Value,Notes,Last Name,Organization Title,First Name,Phone 1 - Value,Organization Name,"
    "E-mail 1 - Label,Middle Name,Organization Department,Address 1 - City,Website 1 - Value,Name Prefix\n"
    '* myContacts ::: Research ::: Mentors,kofi.mensah@example.org ::: kofi@home.example,"Palliative care;\n'
    'ask about work-life balance",Mensah,Attending,Kofi,+1 555 0101,Riverside Hospital,* Work,,Palliative Care,'
    "Accra,https://example.org/kofi,Dr.\n"
    "* myContacts ::: * starred,,,Sato,Hospitalist,Hana,,State University,,,,,,\n"
    ",tomas@example.edu,,Herrera,,Tomás,,,,Andrés,,,,\n"
)

# The older layout ("Google CSV" before 2021): Name, Given Name..., Group Membership.
GOOGLE_OLD = (
    "Name,Given Name,Additional Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\n"
    "Mei Chen,Mei,,Chen,* myContacts ::: Peer,* Work,mei.chen@example.edu,Mobile,+1 555 0199,,State University,"
    "Biostatistician\n"
)


def test_columns_are_mapped_by_name_not_position(cli, ok, write):
    done = ok("import", str(write("contacts.csv", GOOGLE)))

    assert "3 added, 0 updated, 0 skipped" in done.stderr
    people = contacts(cli)
    kofi = people["Dr. Kofi Mensah"]
    assert kofi["email"] == "kofi.mensah@example.org"
    assert kofi["phone"] == "+1 555 0101"
    assert kofi["institution"] == "Riverside Hospital"
    assert kofi["title"] == "Attending"
    assert kofi["specialty"] == "Palliative Care"
    assert kofi["city"] == "Accra"
    assert kofi["profile_url"] == "https://example.org/kofi"
    assert kofi["notes"] == "Palliative care;\nask about work-life balance"
    assert kofi["roles"] == ["research"] and kofi["tags"] == ["Mentors"]
    hana = people["Hana Sato"]
    assert hana["tags"] == [] and hana["institution"] == "State University"  # Google's own labels dropped
    assert people["Tomás Andrés Herrera"]["email"] == "tomas@example.edu"


def test_the_older_layout(cli, ok, write):
    ok("import", str(write("google.csv", GOOGLE_OLD)))

    mei = contacts(cli)["Mei Chen"]
    assert mei["email"] == "mei.chen@example.edu" and mei["phone"] == "+1 555 0199"
    assert mei["institution"] == "State University" and mei["title"] == "Biostatistician"
    assert mei["roles"] == ["peer"]


def test_reimport_is_a_no_op_and_fills_only_empty_fields(cli, ok, write, dump):
    ok("add-contact", "Hana Sato", "--title", "My clinical mentor")
    path = write("contacts.csv", GOOGLE)
    ok("import", str(path))
    before = dump()

    again = ok("import", str(path), "--format", "google-csv")

    assert "0 added, 0 updated, 3 skipped" in again.stderr
    assert dump() == before
    hana = contacts(cli)["Hana Sato"]
    assert hana["title"] == "My clinical mentor" and hana["institution"] == "State University"


def test_a_nameless_row_is_skipped_naming_its_line(cli, ok, write):
    path = write("contacts.csv", GOOGLE + ",nobody@example.org,,,,,,,,,,,,\n")

    done = ok("import", str(path))

    assert "3 added, 0 updated, 1 skipped" in done.stderr
    assert "skipped: no name (only an email or phone): 1" in done.stderr
    assert "skipped nobody@example.org: line 6: no name (only an email or phone)" in done.stderr
    assert "nobody@example.org" not in {c["name"] for c in cli("contacts", "list", "--json").json()}
