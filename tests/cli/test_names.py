"""Names (domain.md, "Names"): honorifics and post-nominals don't defeat matching; typos get help."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.checks import assert_error
from tests.cli.helpers import add, contacts, show


@pytest.mark.parametrize(("written", "key"), [
    ("Dr. Thomas Brennan", "thomas brennan"),
    ("Priyanka Desai, MD, MPH", "priyanka desai"),
    ("Prof. Zoë Núñez PhD, FRCPC", "zoe nunez"),
    ("Mx Sam Lee, PA-C", "sam lee"),
    ("John Smith Jr.", "john smith"),
    ("Linh Do", "linh do"),  # a surname, not a degree
    ("Jane Roe DO", "jane roe"),
    ("Dr. Sr.", "sr."),  # nothing but such words: the last one stays
])
def test_match_key_drops_titles_and_credentials(written, key):
    from mentornet.text import match_key

    assert match_key(written) == key


def test_a_titled_name_is_a_duplicate_of_the_bare_one(cli):
    add(cli, "Dr. Thomas Brennan")
    assert_error(cli("add-contact", "Thomas Brennan"), 1, "Dr. Thomas Brennan", "--allow-duplicate")
    assert_error(cli("add-contact", "Thomas Brennan, MD"), 1, "Dr. Thomas Brennan")


def test_the_stored_name_keeps_its_credentials(cli, ok):
    add(cli, "Priyanka Desai, MD, MPH")
    assert contacts(ok) == ["Priyanka Desai, MD, MPH"]


@pytest.mark.parametrize("ref", ["Priyanka Desai", "Dr. Priyanka Desai", "priyanka desai, md"])
def test_lookup_ignores_titles_and_credentials(cli, ok, ref):
    add(cli, "Priyanka Desai, MD, MPH")
    add(cli, "Priyanka Desaiová")  # contains the bare name: the same person wins over a partial match
    ok("touch", ref)
    assert [e["kind"] for e in show(ok, "Priyanka Desai, MD, MPH")["timeline"]][-1] == "touch"


def test_the_name_as_written_wins_over_a_titled_twin(cli, ok):
    bare = add(cli, "Thomas Brennan")
    add(cli, "Dr. Thomas Brennan", "--allow-duplicate")
    assert show(ok, "Thomas Brennan")["id"] == bare
    assert_error(cli("touch", "Thomas Brennan, MD"), 1, "several contacts")


def test_a_referral_names_the_titled_contact(cli, ok):
    add(cli, "Ada Okafor")
    mei = add(cli, "Dr. Mei Chen")
    ok("meeting", "log", "Ada", "--referral", "Mei Chen")
    assert contacts(ok) == ["Ada Okafor", "Dr. Mei Chen"]
    assert show(ok, str(mei))["referred_by"] is None  # an existing contact keeps their own


def test_import_matches_a_titled_name(cli, ok, tmp_path):
    add(cli, "Dr. Grace Kim", "--institution", "Mercy")
    path = tmp_path / "people.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Kim MD\r\nN:Kim;Grace;;;MD\r\n"
                    "EMAIL:grace@example.org\r\nEND:VCARD\r\n", encoding="utf-8")
    ok("import", str(path))
    assert contacts(ok) == ["Dr. Grace Kim"]
    assert show(ok, "Grace Kim")["email"] == "grace@example.org"


# --- typos get help ---


def test_an_unknown_name_suggests_the_closest(cli):
    add(cli, "Dr. Grace Kim")
    add(cli, "Ada Okafor")
    assert_error(cli("touch", "Grace Km"), 1, "no contact matches 'Grace Km'; did you mean Dr. Grace Kim?")


def test_an_unknown_name_with_nothing_close_says_how_to_look(cli):
    add(cli, "Ada Okafor")
    assert_error(cli("touch", "Zebulon"), 1, "contacts list")


def test_an_unquoted_name_says_to_quote_it(cli):
    add(cli, "Only One")
    assert_error(cli("touch", "Only", "One"), 2, "quotes", '"Only One"')


def test_db_after_the_command(cli, ok, tmp_path):
    other = tmp_path / "other.db"
    ok("--db", str(other), "add-contact", "Ada Okafor")
    listed = ok("contacts", "list", "--json", "--db", str(other)).json()
    assert [c["name"] for c in listed] == ["Ada Okafor"]
    assert ok("contacts", "list", "--json").json() == []  # the default database was never written
    assert [c["name"] for c in ok("contacts", "list", f"--db={other}", "--json").json()] == ["Ada Okafor"]


@given(st.text(max_size=60))
def test_any_name_has_a_match_key_within_its_search_key(name):
    """The lookup narrows stored names by a word of the match key: it must be inside the search key."""
    from mentornet.text import match_key, search_key

    key = match_key(name)
    assert all(word in search_key(name) for word in key.split())
    assert match_key(key) == key or not key
