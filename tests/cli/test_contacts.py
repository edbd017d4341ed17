"""add-contact and `contacts list|show|edit|stage|remove` (cli.md, "Contacts")."""

import unicodedata
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks import assert_error, open_database

EARLIER = {"MENTORNET_TODAY": "2026-11-01"}  # to add someone before the pinned today


def add(ok, name: str, *options: str) -> int:
    return int(ok("add-contact", name, *options).stdout)


def show(ok, ref: str) -> dict:
    return ok("contacts", "show", ref, "--json").json()


def listed(ok, *options: str) -> list[dict]:
    return ok("contacts", "list", "--json", *options).json()


def names(ok, *options: str) -> list[str]:
    return [c["name"] for c in listed(ok, *options)]


def count(db_path, table: str) -> int:
    conn = open_database(db_path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# --- add-contact --------------------------------------------------------------------------------

def test_add_contact_prints_the_new_id(cli):
    first = cli("add-contact", "Ada Okafor")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "1\n"
    assert first.stderr == ""
    second = cli("add-contact", "Ben Hale", "--role", "research")
    assert second.exit_code == 0, second.stderr
    assert second.stdout == "2\n"


def test_add_contact_defaults(ok):
    add(ok, "Ada Okafor")
    record = show(ok, "Ada Okafor")
    created_at = record.pop("created_at")
    assert created_at.startswith("20") and "T" in created_at
    assert record == {
        "id": 1, "name": "Ada Okafor", "email": None, "phone": None, "title": None, "institution": None,
        "specialty": None, "city": None, "seniority": None, "locality": None, "supervisor": False,
        "met_at": None, "met_on": None, "profile_url": None, "direction": "mentors-me", "stage": "prospect",
        "cadence_days": None, "effective_cadence_days": None, "paused": False, "notes": None,
        "added_on": "2026-11-22", "roles": [],
        "tags": [], "referred_by": None, "last_contact": "2026-11-22", "emails": [], "phones": [],
        "timeline": [{"date": "2026-11-22", "kind": "stage", "summary": "added as prospect"}],
        "open_actions": [], "agreement": None, "health": [],
    }


def test_add_contact_with_every_option(ok):
    add(ok, "Ben Hale")
    add(
        ok, "Zoë Núñez", "--role", "research", "--role", "clinical", "--email", "zoe@mercy.org",
        "--phone", "+1 555 0100", "--title", "Professor", "--institution", "Mercy Hospital",
        "--specialty", "Cardiology", "--city", "Lyon", "--seniority", "senior", "--remote", "--supervisor",
        "--met-at", "ACC 2026", "--met-on", "2026-11-19", "--referred-by", "ben", "--cadence", "2w",
        "--tag", "cardio", "--tag", "grants", "--tag", "cardio", "--note", "likes tea",
        "--profile-url", "https://example.org/zoe", "--mutual",
    )
    record = show(ok, "2")
    record.pop("created_at")
    timeline = record.pop("timeline")
    assert record == {
        "id": 2, "name": "Zoë Núñez", "email": "zoe@mercy.org", "phone": "+1 555 0100", "title": "Professor",
        "institution": "Mercy Hospital", "specialty": "Cardiology", "city": "Lyon", "seniority": "senior",
        "locality": "remote", "supervisor": True, "met_at": "ACC 2026", "met_on": "2026-11-19",
        "profile_url": "https://example.org/zoe", "direction": "mutual", "stage": "exploring",
        "cadence_days": 14, "effective_cadence_days": 14, "paused": False, "notes": "likes tea",
        "added_on": "2026-11-19",  # entered the network the day they met
        "roles": ["clinical", "research"], "tags": ["cardio", "grants"], "referred_by": "Ben Hale",
        "last_contact": "2026-11-19", "emails": ["zoe@mercy.org"], "phones": ["+1 555 0100"], "open_actions": [],
        "agreement": None, "health": [],
    }
    assert {"date": "2026-11-19", "kind": "stage", "summary": "added as exploring"} in timeline


def test_add_contact_local(ok):
    add(ok, "Ada Okafor", "--local")
    assert show(ok, "Ada")["locality"] == "local"


def test_met_on_records_a_first_meeting(ok):
    add(ok, "Ada Okafor", "--role", "research", "--met-on", "3d")  # a bare duration: that long ago
    record = show(ok, "Ada")
    assert record["stage"] == "exploring"
    assert record["met_on"] == "2026-11-19"
    assert record["last_contact"] == "2026-11-19"
    assert [c["next_due"] for c in listed(ok)] == ["2026-11-20"]  # a thank-you, the day after


def test_met_on_meeting_is_in_the_timeline(ok):
    # cli.md: the timeline holds outreach, meetings, touches and stage changes
    add(ok, "Ada Okafor", "--met-on", "2026-11-19")
    timeline = show(ok, "Ada")["timeline"]
    assert [e for e in timeline if e["kind"] == "meeting" and e["date"] == "2026-11-19"], timeline


def test_explicit_stage_wins_over_met_on(ok):
    add(ok, "Ada Okafor", "--met-on", "yesterday", "--stage", "cultivation")
    assert show(ok, "Ada")["stage"] == "cultivation"


@pytest.mark.parametrize(("option", "direction"), [("--i-mentor", "i-mentor"), ("--mutual", "mutual")])
def test_direction(ok, option, direction):
    add(ok, "Ada Okafor", option)
    assert show(ok, "Ada")["direction"] == direction


def test_i_mentor_and_mutual_together_are_bad_usage(cli, ok):
    assert_error(cli("add-contact", "Ada Okafor", "--i-mentor", "--mutual"))
    assert listed(ok) == []


def test_cadence_in_months_counts_calendar_days(ok):
    add(ok, "Ada Okafor", "--cadence", "3m")  # 2026-11-22 to 2027-02-22
    assert show(ok, "Ada")["cadence_days"] == 92


def test_referred_by_an_unknown_contact_adds_nobody(cli, ok):
    assert_error(cli("add-contact", "Ada Okafor", "--referred-by", "Nobody"), 1)
    assert listed(ok) == []


@pytest.mark.parametrize("again", ["Ada Okafor", "ada okafor", "  ADA   OKAFOR "])
def test_duplicate_name_refused(cli, ok, again):
    add(ok, "Ada Okafor")
    result = cli("add-contact", again)
    assert_error(result, 1)
    assert result.stderr.count("\n") == 1
    assert "(id 1)" in result.stderr and "--allow-duplicate" in result.stderr
    assert names(ok) == ["Ada Okafor"]


def test_duplicate_name_is_accent_insensitive(cli, ok):
    add(ok, "Zoë Núñez")
    result = cli("add-contact", "Zoe Nunez")
    assert result.exit_code == 1, result.stderr
    assert names(ok) == ["Zoë Núñez"]


def test_duplicate_email_refused(cli, ok):
    add(ok, "Ada Okafor", "--email", "ada@mercy.org")
    result = cli("add-contact", "A. Okafor", "--email", "ADA@Mercy.org")
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert "(id 1)" in result.stderr and "email" in result.stderr
    assert names(ok) == ["Ada Okafor"]


def test_allow_duplicate(ok):
    add(ok, "Ada Okafor", "--email", "ada@mercy.org")
    assert ok("add-contact", "Ada Okafor", "--allow-duplicate").stdout == "2\n"
    assert ok("add-contact", "A. Okafor", "--email", "ada@mercy.org", "--allow-duplicate").stdout == "3\n"
    assert [c["id"] for c in listed(ok)] == [3, 1, 2]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=40))
def test_any_name_is_stored_as_written_or_refused_cleanly(cli, tmp_path, name):
    db = str(tmp_path / f"{uuid.uuid4().hex}.db")
    result = cli("--db", db, "add-contact", "--", name)
    expected = unicodedata.normalize("NFC", name).strip()
    if not expected:
        assert_error(result)
        return
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    shown = cli("--db", db, "contacts", "list", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert [c["name"] for c in shown.json()] == [expected]


# --- contacts list ------------------------------------------------------------------------------

def _network(ok):
    add(ok, "Zoë Núñez", "--role", "research", "--email", "zoe@mercy.org", "--institution", "Mercy Hospital",
        "--met-on", "2026-11-19", "--tag", "Cardio", "--cadence", "2w")
    add(ok, "Ben Hale", "--role", "clinical", "--role", "career", "--stage", "cultivation", "--tag", "boss")
    add(ok, "Cy Dunn", "--role", "research", "--institution", "St. Elsewhere", "--note", "met at the Núñez lab")


def test_contacts_list_json(ok):
    _network(ok)
    assert listed(ok) == [
        {"id": 2, "name": "Ben Hale", "roles": ["clinical", "career"], "stage": "cultivation", "direction": "mentors-me", "email": None,
         "institution": None, "last_contact": "2026-11-22", "next_due": "2027-01-21"},
        {"id": 3, "name": "Cy Dunn", "roles": ["research"], "stage": "prospect", "direction": "mentors-me", "email": None,
         "institution": "St. Elsewhere", "last_contact": "2026-11-22", "next_due": "2026-12-06"},  # approach
        {"id": 1, "name": "Zoë Núñez", "roles": ["research"], "stage": "exploring", "direction": "mentors-me", "email": "zoe@mercy.org",
         "institution": "Mercy Hospital", "last_contact": "2026-11-19", "next_due": "2026-11-20"},  # thank-you
    ]


def test_contacts_list_filters(ok):
    _network(ok)
    assert names(ok, "--role", "research") == ["Cy Dunn", "Zoë Núñez"]
    assert names(ok, "--role", "career") == ["Ben Hale"]
    assert names(ok, "--stage", "exploring") == ["Zoë Núñez"]
    assert names(ok, "--stage", "prospect") == ["Cy Dunn"]
    assert names(ok, "--tag", "cardio") == ["Zoë Núñez"]
    assert names(ok, "--tag", "BOSS") == ["Ben Hale"]
    assert names(ok, "--search", "mercy") == ["Zoë Núñez"]
    assert names(ok, "--search", "nunez") == ["Cy Dunn", "Zoë Núñez"]  # a note and a name
    assert names(ok, "--role", "research", "--stage", "prospect") == ["Cy Dunn"]
    assert names(ok, "--role", "personal") == []


def test_contacts_list_plain_table(ok):
    _network(ok)
    result = ok("contacts", "list")
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "roles", "stage", "institution", "last", "contact", "next", "due"]
    assert lines[1].split() == ["2", "Ben", "Hale", "clinical,", "career", "cultivation", "2026-11-22", "2027-01-21"]
    assert lines[3].split()[:3] == ["1", "Zoë", "Núñez"]
    assert len(lines) == 4


def test_paused_contacts_have_no_next_check_in(ok):
    add(ok, "Ben Hale", "--role", "clinical", "--stage", "cultivation")
    ok("contacts", "edit", "Ben", "--paused")
    assert listed(ok)[0]["next_due"] is None


def test_contacts_list_empty(cli):
    as_json = cli("contacts", "list", "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert as_json.stdout == "[]\n"
    assert as_json.stderr == ""

    plain = cli("contacts", "list")
    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout == ""
    assert plain.stderr.strip() != ""


def test_contacts_list_no_match(cli, ok):
    add(ok, "Ada Okafor")
    as_json = cli("contacts", "list", "--stage", "cultivation", "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert as_json.stdout == "[]\n"
    plain = cli("contacts", "list", "--search", "zzz")
    assert plain.exit_code == 0, plain.stderr
    assert plain.stdout == ""
    assert plain.stderr.strip() != ""


# --- contacts show ------------------------------------------------------------------------------

def test_contacts_show_text(ok):
    add(ok, "Ben Hale")
    add(ok, "Zoë Núñez", "--role", "research", "--institution", "Mercy Hospital", "--referred-by", "Ben Hale",
        "--supervisor", "--tag", "cardio")
    result = ok("contacts", "show", "zoe")
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Zoë Núñez"
    fields = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip()
              for line in lines[1:] if line.startswith("  ") and ":" in line}
    assert fields["id"] == "2"
    assert fields["stage"] == "prospect"
    assert fields["roles"] == "research"
    assert fields["institution"] == "Mercy Hospital"
    assert fields["referred by"] == "Ben Hale"
    assert fields["supervisor"] == "yes"
    assert fields["tags"] == "cardio"
    assert "email" not in fields  # empty fields are left out
    history = lines[lines.index("History") + 1:]
    assert history[0].split() == ["date", "what", "summary"]
    assert history[1].split() == ["2026-11-22", "stage", "added", "as", "prospect"]


def test_contacts_show_paused_in_text(ok):
    add(ok, "Ada Okafor", "--stage", "cultivation")
    ok("contacts", "edit", "Ada", "--paused")
    assert "cultivation (paused)" in ok("contacts", "show", "Ada").stdout


def test_contacts_show_unknown(cli):
    result = cli("contacts", "show", "Nobody")
    assert_error(result, 1)
    result = cli("contacts", "show", "Nobody", "--json")
    assert_error(result, 1)


# --- lookup -------------------------------------------------------------------------------------

def test_lookup_by_id(ok):
    add(ok, "Ada Okafor")
    add(ok, "Ben Hale")
    assert show(ok, "2")["name"] == "Ben Hale"
    assert show(ok, " 1 ")["name"] == "Ada Okafor"


def test_lookup_unknown_id(cli, ok):
    add(ok, "Ada Okafor")
    assert_error(cli("contacts", "show", "99"), code=1)


def test_lookup_exact_name_wins_over_substring(ok):
    add(ok, "Ann Lee")
    add(ok, "Ann Leeds")
    assert show(ok, "ann lee")["id"] == 1
    assert show(ok, "ANN LEEDS")["id"] == 2
    assert show(ok, "leeds")["id"] == 2  # a unique substring


def test_lookup_ambiguous_lists_the_matches(cli, ok):
    add(ok, "Ann Lee")
    add(ok, "Ann Leeds")
    add(ok, "Ben Hale")
    result = cli("contacts", "show", "ann")
    assert_error(result, 1)
    assert "Ann Lee (id 1)" in result.stderr and "Ann Leeds (id 2)" in result.stderr
    assert "Ben Hale" not in result.stderr


def test_ambiguous_lookup_changes_nothing(cli, ok):
    add(ok, "Ann Lee")
    add(ok, "Ann Leeds")
    assert_error(cli("contacts", "stage", "ann", "initiation"), code=1)
    assert_error(cli("contacts", "remove", "ann", "--yes"), code=1)
    assert [c["stage"] for c in listed(ok)] == ["prospect", "prospect"]


@pytest.mark.parametrize("ref", ["zoe", "NUNEZ", "Zoë", "núñez", "zoe nunez", "Zoe\u0308", "  ZOË   NÚÑEZ "])
def test_lookup_is_case_and_accent_insensitive(ok, ref):
    add(ok, "Ben Hale")
    add(ok, "Zoë Núñez")
    assert show(ok, ref)["id"] == 2


def test_lookup_of_digits_that_are_not_an_id(cli, ok):
    add(ok, "Room 101")
    assert show(ok, "101")["name"] == "Room 101"  # no contact 101: the name matches
    result = cli("contacts", "show", "²")  # a digit to str.isdigit, not to int()
    assert_error(result, 1)


# --- contacts edit ------------------------------------------------------------------------------

def test_edit_replaces_given_fields_only(cli, ok):
    add(ok, "Ada Okafor", "--title", "Lecturer", "--institution", "Mercy", "--city", "Lyon")
    result = cli("contacts", "edit", "Ada", "--title", "Professor", "--seniority", "senior", "--cadence", "10d")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Ada Okafor (id 1)" in result.stderr
    record = show(ok, "Ada")
    assert (record["title"], record["institution"], record["city"]) == ("Professor", "Mercy", "Lyon")
    assert (record["seniority"], record["cadence_days"]) == ("senior", 10)


def test_edit_empty_value_clears(ok):
    add(ok, "Ada Okafor", "--email", "ada@mercy.org", "--institution", "Mercy", "--note", "x")
    ok("contacts", "edit", "Ada", "--email", "", "--institution", "", "--note", "")
    record = show(ok, "Ada")
    assert (record["email"], record["institution"], record["notes"]) == (None, None, None)


def test_edit_empty_referred_by_clears(ok):
    add(ok, "Ben Hale")
    add(ok, "Ada Okafor", "--referred-by", "Ben")
    ok("contacts", "edit", "Ada", "--referred-by", "")
    assert show(ok, "Ada")["referred_by"] is None


def test_edit_roles(ok):
    add(ok, "Ada Okafor", "--role", "research")
    ok("contacts", "edit", "Ada", "--add-role", "clinical", "--role", "personal")
    assert show(ok, "Ada")["roles"] == ["clinical", "research", "personal"]
    ok("contacts", "edit", "Ada", "--remove-role", "research", "--remove-role", "personal")
    assert show(ok, "Ada")["roles"] == ["clinical"]
    ok("contacts", "edit", "Ada", "--add-role", "clinical")  # already there: no error, no twin
    assert show(ok, "Ada")["roles"] == ["clinical"]


def test_edit_tags(ok):
    add(ok, "Ada Okafor", "--tag", "cardio", "--tag", "grants")
    ok("contacts", "edit", "Ada", "--tag", "writing", "--remove-tag", "cardio")
    assert show(ok, "Ada")["tags"] == ["grants", "writing"]


def test_edit_paused_and_active(ok):
    add(ok, "Ada Okafor", "--stage", "cultivation")
    ok("contacts", "edit", "Ada", "--paused")
    assert show(ok, "Ada")["paused"] is True
    ok("contacts", "edit", "Ada", "--active")
    assert show(ok, "Ada")["paused"] is False


def test_edit_direction(ok):
    add(ok, "Ada Okafor", "--i-mentor")
    ok("contacts", "edit", "Ada", "--mentors-me")
    assert show(ok, "Ada")["direction"] == "mentors-me"


def test_edit_rename(cli, ok):
    add(ok, "Ada Okafor")
    ok("contacts", "edit", "Ada", "--name", "Dr. Adaeze Okafor-Smith")
    assert show(ok, "okafor-smith")["name"] == "Dr. Adaeze Okafor-Smith"
    assert names(ok) == ["Dr. Adaeze Okafor-Smith"]
    ok("contacts", "edit", "1", "--name", "Adaeze Smith")
    assert show(ok, "adaeze smith")["id"] == 1
    assert_error(cli("contacts", "show", "Okafor"), code=1)  # the old name is gone


def test_edit_rename_to_an_existing_name_refused(cli, ok):
    add(ok, "Ada Okafor")
    add(ok, "Ben Hale")
    result = cli("contacts", "edit", "Ben", "--name", "ada okafor")
    assert_error(result, 1)
    assert names(ok) == ["Ada Okafor", "Ben Hale"]


def test_edit_email_to_an_existing_email_refused(cli, ok):
    add(ok, "Ada Okafor", "--email", "ada@mercy.org")
    add(ok, "Ben Hale")
    assert_error(cli("contacts", "edit", "Ben", "--email", "Ada@Mercy.org"), code=1)
    assert show(ok, "Ben")["email"] is None


def test_edit_stage_records_a_stage_change(ok):
    add(ok, "Ada Okafor")
    ok("contacts", "edit", "Ada", "--stage", "initiation")
    record = show(ok, "Ada")
    assert record["stage"] == "initiation"
    assert record["timeline"] == [
        {"date": "2026-11-22", "kind": "stage", "summary": "added as prospect"},
        {"date": "2026-11-22", "kind": "stage", "summary": "stage prospect -> initiation"},
    ]


def test_edit_is_all_or_nothing(cli, ok):
    add(ok, "Ada Okafor", "--title", "Lecturer")
    assert_error(cli("contacts", "edit", "Ada", "--title", "Professor", "--remove-role", "bogus"))
    assert show(ok, "Ada")["title"] == "Lecturer"


def test_edit_unknown_contact(cli):
    assert_error(cli("contacts", "edit", "Nobody", "--title", "X"), code=1)


def test_edit_self_referral_is_bad_usage(cli, ok):
    add(ok, "Ada Okafor")
    assert_error(cli("contacts", "edit", "Ada", "--referred-by", "Ada"))
    assert show(ok, "Ada")["referred_by"] is None


# --- contacts stage -----------------------------------------------------------------------------

def test_stage_records_history_with_date_and_note(cli, ok):
    ok_add = cli("add-contact", "Ada Okafor", env=EARLIER)
    assert ok_add.exit_code == 0, ok_add.stderr
    result = cli("contacts", "stage", "Ada", "initiation", "--on", "2026-11-20", "--note", "agreed to meet monthly")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Ada Okafor (id 1): prospect -> initiation" in result.stderr
    ok("contacts", "stage", "Ada", "cultivation", "--on", "yesterday")
    record = show(ok, "Ada")
    assert record["stage"] == "cultivation"
    timeline = record["timeline"]
    assert [(e["date"], e["kind"]) for e in timeline] == [
        ("2026-11-01", "stage"), ("2026-11-20", "stage"), ("2026-11-21", "stage"),
    ]
    assert timeline[0]["summary"] == "added as prospect"
    assert timeline[1]["summary"].startswith("stage prospect -> initiation")
    assert "agreed to meet monthly" in timeline[1]["summary"]
    assert timeline[2]["summary"] == "stage initiation -> cultivation"


def test_stage_on_defaults_to_today(ok):
    add(ok, "Ada Okafor")
    ok("contacts", "stage", "Ada", "exploring")
    assert show(ok, "Ada")["timeline"][-1] == {
        "date": "2026-11-22", "kind": "stage", "summary": "stage prospect -> exploring",
    }


def test_stage_to_the_same_stage_records_nothing_without_a_note(ok):
    add(ok, "Ada Okafor")
    result = ok("contacts", "stage", "Ada", "prospect")
    assert "already" in result.stderr
    assert len(show(ok, "Ada")["timeline"]) == 1


def test_stage_bad_input(cli, ok):
    add(ok, "Ada Okafor")
    assert_error(cli("contacts", "stage", "Ada", "friends"))
    assert_error(cli("contacts", "stage", "Ada", "initiation", "--on", "someday"))
    assert_error(cli("contacts", "stage", "Nobody", "initiation"), code=1)
    record = show(ok, "Ada")
    assert record["stage"] == "prospect"
    assert len(record["timeline"]) == 1


# --- contacts remove ----------------------------------------------------------------------------

def test_remove_refuses_off_a_terminal_without_yes(cli, ok):
    add(ok, "Ada Okafor")
    result = cli("contacts", "remove", "Ada")
    assert_error(result, 1)
    assert "--yes" in result.stderr
    assert names(ok) == ["Ada Okafor"]


def test_remove_with_yes_deletes_the_contact_and_their_records(cli, ok, db_path):
    add(ok, "Ben Hale")
    add(ok, "Ada Okafor", "--role", "research", "--tag", "x", "--met-on", "yesterday", "--referred-by", "Ben")
    add(ok, "Cy Dunn", "--referred-by", "Ada")
    assert count(db_path, "meeting") == 1
    result = cli("contacts", "remove", "Ada", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Ada Okafor (id 2)" in result.stderr
    assert names(ok) == ["Ben Hale", "Cy Dunn"]
    assert (count(db_path, "meeting"), count(db_path, "contact_role"), count(db_path, "contact_tag")) == (0, 0, 0)
    assert count(db_path, "stage_change") == 2  # Ben's and Cy's "added"
    assert show(ok, "Cy")["referred_by"] is None
    assert_error(cli("contacts", "show", "Ada"), code=1)


def test_remove_unknown(cli):
    assert_error(cli("contacts", "remove", "Nobody", "--yes"), code=1)


# --- markup-looking names -----------------------------------------------------------------------

MARKUP = "Dr. Lee [Cardiology]"


@pytest.mark.parametrize("terminal", [None, "1"])
def test_markup_looking_names_print_verbatim(cli, ok, terminal):
    add(ok, MARKUP, "--role", "research", "--stage", "cultivation")
    add(ok, "[bold]Eve[/bold]", "--role", "research", "--stage", "contacted")
    env = {"MENTORNET_TERMINAL": terminal} if terminal else None

    contacts = cli("contacts", "list", env=env)
    assert contacts.exit_code == 0, contacts.stderr
    assert MARKUP in contacts.stdout
    assert "[bold]Eve[/bold]" in contacts.stdout

    mosaic = cli("gaps", env=env)
    assert mosaic.exit_code == 0, mosaic.stderr
    assert MARKUP in mosaic.stdout
    assert "[bold]Eve[/bold]" in mosaic.stdout
    if terminal:
        assert "┃" in contacts.stdout or "│" in contacts.stdout  # the Rich table path was taken
        assert "\x1b[" not in contacts.stdout  # NO_COLOR

    shown = cli("contacts", "show", MARKUP, env=env)
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == MARKUP


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "args",
    [
        ("add-contact", "Ada", "--role", "astrology"),
        ("add-contact", "Ada", "--met-on", "someday"),
        ("add-contact", "Ada", "--met-on", "2026-02-30"),
        ("add-contact", "Ada", "--cadence", "often"),
        ("add-contact", "Ada", "--cadence", "0"),
        ("add-contact", "Ada", "--stage", "friends"),
        ("add-contact", "Ada", "--seniority", "boss"),
        ("add-contact", "Ada", "--colour", "blue"),
        ("add-contact", "   "),
        ("add-contact",),
        ("contacts", "list", "--role", "astrology"),
        ("contacts", "list", "--stage", "friends"),
        ("contacts", "list", "--as-of", "someday"),
        ("contacts", "list", "--colour"),
        ("contacts", "show", "Ada", "--colour"),
        ("contacts", "edit", "Ada", "--add-role", "astrology"),
        ("contacts", "edit", "Ada", "--cadence", "3x"),
        ("contacts", "edit", "Ada", "--met-on", "someday"),
        ("contacts", "edit", "Ada", "--seniority", "boss"),
        ("contacts", "edit", "Ada", "--stage", "friends"),
        ("contacts", "edit", "Ada", "--mentors-me", "--i-mentor"),
        ("contacts", "stage", "Ada", "friends"),
        ("contacts", "bogus"),
        ("gaps", "--as-of", "someday"),
    ],
)
def test_bad_input_is_exit_2_with_one_error_line(cli, ok, args):
    add(ok, "Ada Okafor")
    before = listed(ok)
    assert_error(cli(*args))
    assert listed(ok) == before


def test_a_tag_with_a_comma_stays_one_tag(ok):
    ok("add-contact", "Tess Night", "--tag", "nights, ICU", "--tag", "wards")
    assert ok("contacts", "show", "Tess", "--json").json()["tags"] == ["nights, ICU", "wards"]
    assert ok("contacts", "list", "--tag", "nights, icu", "--json").json()[0]["name"] == "Tess Night"
