"""`sponsor log|outcome|thanked|told|list`, the two due kinds it makes (sponsor-thanks, sponsor-update)
everywhere due items go, and the sponsor role in `gaps`."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks import assert_error
from tests.cli.helpers import add


def due(ok, *options: str, on: str | None = None) -> list[dict]:
    args = ["outreach", "due", "--json", *options] + (["--as-of", on] if on else [])
    return [item for item in ok(*args).json() if item["kind"].startswith("sponsor-")]


@pytest.fixture
def whitfield(cli):
    return add(cli, "Dr. James Whitfield", "--role", "career", "--stage", "cultivation")


def test_log_prints_the_id_and_list_shows_it_exactly(ok, whitfield):
    logged = ok("sponsor", "log", "Whitfield", "--kind", "nomination", "--for", "Early Career Award",
                "--on", "2026-11-20", "--expect", "2027-01-15")
    assert logged.stdout == "1\n"
    assert "sponsor thanked 1" in logged.stderr
    assert ok("sponsor", "list", "--json").json() == [{
        "id": 1, "contact": "Dr. James Whitfield", "contact_id": whitfield, "kind": "nomination",
        "for": "Early Career Award", "on": "2026-11-20", "expect": "2027-01-15", "outcome": None,
        "outcome_on": None, "thanked_on": None, "told_on": None}]
    table = ok("sponsor", "list").stdout
    assert "Dr. James Whitfield" in table and "Early Career Award" in table and "nomination" in table


def test_an_empty_list_says_so(ok):
    listed = ok("sponsor", "list")
    assert listed.stdout == "" and "No sponsorship yet" in listed.stderr
    assert ok("sponsor", "list", "--json").json() == []


def test_bad_input_is_one_clean_line(cli, whitfield):
    assert_error(cli("sponsor", "log", "Whitfield", "--kind", "bribe", "--for", "x"), 2, "nomination", "letter")
    assert_error(cli("sponsor", "log", "Nobody", "--kind", "letter", "--for", "x"), 1, "Nobody")
    assert_error(cli("sponsor", "log", "Whitfield", "--kind", "letter", "--for", "  "), 2, "--for")
    assert_error(cli("sponsor", "log", "Whitfield", "--kind", "letter"), 2, "--for")
    assert_error(cli("sponsor", "log", "Whitfield", "--kind", "letter", "--for", "x", "--on", "tomorrow"), 2, "--on")
    assert_error(cli("sponsor", "log", "Whitfield", "--kind", "letter", "--for", "x", "--on", "2026-11-10",
                     "--expect", "2026-11-01"), 2, "--expect")
    assert_error(cli("sponsor", "outcome", "7", "--won"), 1, "no sponsorship with id 7")
    assert_error(cli("sponsor", "thanked", "0"), 2)
    assert cli("sponsor", "list", "--json").stdout == "[]\n"  # nothing written by any of them


def test_an_outcome_is_recorded_once(cli, ok, whitfield):
    ok("sponsor", "log", "Whitfield", "--kind", "letter", "--for", "Fellowship", "--on", "2026-11-01")
    assert_error(cli("sponsor", "outcome", "1"), 2, "--won")
    assert_error(cli("sponsor", "outcome", "1", "--won", "--lost"), 2, "--won")
    assert_error(cli("sponsor", "outcome", "1", "--won", "--on", "2026-10-01"), 2, "before")
    ok("sponsor", "outcome", "1", "--won", "--on", "2026-11-15")
    again = cli("sponsor", "outcome", "1", "--lost")
    assert_error(again, 1, "already has its outcome", "won")
    assert ok("sponsor", "list", "--json").json()[0]["outcome"] == "won"


def test_told_needs_an_outcome_and_each_record_is_once(cli, ok, whitfield):
    ok("sponsor", "log", "Whitfield", "--kind", "speaking", "--for", "Grand rounds", "--on", "2026-11-01")
    assert_error(cli("sponsor", "told", "1"), 1, "no outcome yet")
    ok("sponsor", "thanked", "1")
    assert_error(cli("sponsor", "thanked", "1"), 1, "already thanked")
    ok("sponsor", "outcome", "1", "--done")
    ok("sponsor", "told", "1", "--on", "2026-11-21")
    assert_error(cli("sponsor", "told", "1"), 1, "already told")
    row = ok("sponsor", "list", "--json").json()[0]
    assert (row["thanked_on"], row["told_on"]) == ("2026-11-22", "2026-11-21")


def test_sponsor_thanks_falls_due_the_day_after_and_clears_when_thanked(ok, whitfield):
    ok("sponsor", "log", "Whitfield", "--kind", "nomination", "--for", "Early Career Award", "--on", "2026-11-22")
    assert due(ok) == []  # not on the day itself
    items = due(ok, on="2026-11-23")
    assert items == [{"contact_id": whitfield, "contact": "Dr. James Whitfield", "kind": "sponsor-thanks",
                      "due": "2026-11-23", "days_overdue": 0,
                      "detail": "#1 nomination for Early Career Award on 2026-11-22; thank them "
                                "(`mentornet sponsor thanked 1`)"}]
    assert due(ok, on="2027-06-01")  # still owed months later: not dropped like a meeting's thank-you
    ok("touch", "Whitfield", "--note", "thanks!")  # a touch is not the record of a thank-you
    assert [i["kind"] for i in due(ok, on="2026-11-23")] == ["sponsor-thanks"]
    ok("sponsor", "thanked", "1")
    assert due(ok, on="2026-11-23") == []


def test_logging_it_thanked_makes_no_item(ok, whitfield):
    ok("sponsor", "log", "Whitfield", "--kind", "letter", "--for", "Promotion", "--on", "2026-11-01", "--thanked")
    assert due(ok) == []


def test_sponsor_update_falls_due_the_day_after_the_outcome_and_clears_when_told(ok, whitfield):
    ok("sponsor", "log", "Whitfield", "--kind", "nomination", "--for", "Award", "--on", "2026-11-01", "--thanked")
    ok("sponsor", "outcome", "1", "--lost", "--on", "2026-11-22")
    assert due(ok) == []
    assert due(ok, on="2026-11-24") == [{
        "contact_id": whitfield, "contact": "Dr. James Whitfield", "kind": "sponsor-update", "due": "2026-11-23",
        "days_overdue": 1, "detail": "#1 Award: lost on 2026-11-22; tell them how it went (`mentornet sponsor told 1`)"}]
    ok("sponsor", "told", "1")
    assert due(ok, on="2026-11-24") == []


def test_an_outcome_logged_as_told_makes_no_update(ok, whitfield):
    ok("sponsor", "log", "Whitfield", "--kind", "introduction", "--for", "Dr. Chen", "--on", "2026-11-01", "--thanked")
    ok("sponsor", "outcome", "1", "--done", "--on", "2026-11-02", "--told")
    assert due(ok) == []


def test_the_new_kinds_reach_the_table_dashboard_csv_and_calendar(cli, ok, whitfield):
    import vobject

    add(cli, "Ben Liu")  # someone with nothing due
    ok("sponsor", "log", "Whitfield", "--kind", "nomination", "--for", "Early Career Award", "--on", "2026-11-10")
    ok("sponsor", "log", "Whitfield", "--kind", "letter", "--for", "Fellowship", "--on", "2026-11-12", "--thanked")
    ok("sponsor", "outcome", "2", "--won", "--on", "2026-11-15")
    table = ok("outreach", "due").stdout
    assert "sponsor-thanks" in table and "sponsor-update" in table
    dashboard = ok().stdout
    assert "sponsor-thanks" in dashboard and "sponsor-update" in dashboard
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout))}
    assert rows["Dr. James Whitfield"]["next_due"] == "2026-11-11"  # the thanks, the earlier of the two
    assert rows["Ben Liu"]["next_due"] == ""
    events = vobject.readOne(ok("export", "--format", "ics").stdout).vevent_list
    by_summary = {event.summary.value: event for event in events}
    thanks = by_summary["Thank Dr. James Whitfield for sponsoring you (11 days late)"]
    assert thanks.categories.value == ["sponsor-thanks"]
    update = by_summary["Tell Dr. James Whitfield how it went (6 days late)"]
    assert update.categories.value == ["sponsor-update"]
    assert thanks.uid.value != update.uid.value and "-1-" in thanks.uid.value and "-2-" in update.uid.value


def test_two_acts_of_one_sponsor_are_two_calendar_events(ok, whitfield):
    import vobject

    ok("sponsor", "log", "Whitfield", "--kind", "nomination", "--for", "A", "--on", "2026-11-10")
    ok("sponsor", "log", "Whitfield", "--kind", "letter", "--for", "B", "--on", "2026-11-10")
    uids = [e.uid.value for e in vobject.readOne(ok("export", "--format", "ics").stdout).vevent_list
            if e.categories.value == ["sponsor-thanks"]]
    assert len(uids) == 2 and len(set(uids)) == 2


def test_someone_who_acted_in_the_last_two_years_fills_the_sponsor_role(cli, ok):
    ok("roles", "target", "sponsor", "1")
    add(cli, "Ada Okafor", "--role", "research")  # a prospect, no sponsor link
    add(cli, "Tomás Herrera", "--i-mentor", "--stage", "initiation")
    sponsor = {r["role"]: r for r in ok("gaps", "--json").json()["roles"]}["sponsor"]
    assert (sponsor["status"], sponsor["mentors"]) == ("gap", [])
    ok("sponsor", "log", "Tomás", "--kind", "introduction", "--for", "a talk", "--on", "2026-11-01")
    sponsor = {r["role"]: r for r in ok("gaps", "--json").json()["roles"]}["sponsor"]
    assert sponsor["status"] == "gap"  # someone you mentor doesn't fill your mosaic
    ok("sponsor", "log", "Ada", "--kind", "nomination", "--for", "Award", "--on", "2025-01-10")
    sponsor = {r["role"]: r for r in ok("gaps", "--json").json()["roles"]}["sponsor"]
    assert (sponsor["status"], sponsor["mentors"]) == ("filled", ["Ada Okafor"])
    later = {r["role"]: r for r in ok("gaps", "--json", "--as-of", "2027-01-10").json()["roles"]}["sponsor"]
    assert (later["status"], later["mentors"]) == ("gap", [])  # two years on, no longer
    assert "Ada Okafor" in ok().stdout.split("Due now")[0]  # the dashboard shares the mosaic


def test_a_committed_sponsor_by_role_still_counts(cli, ok):
    ok("roles", "target", "sponsor", "1")
    add(cli, "Dr. James Whitfield", "--role", "sponsor", "--stage", "cultivation")
    sponsor = {r["role"]: r for r in ok("gaps", "--json").json()["roles"]}["sponsor"]
    assert (sponsor["status"], sponsor["mentors"]) == ("filled", ["Dr. James Whitfield"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(what=st.text(max_size=40))
def test_any_for_text_is_kept_or_refused_cleanly(cli, what):
    contact = add(cli, "Whit Field", "--allow-duplicate")
    result = cli("sponsor", "log", str(contact), "--kind", "other", "--for", what)
    if result.exit_code == 0:
        listed = cli("sponsor", "list", "--json").json()
        assert listed[0]["id"] == int(result.stdout) and listed[0]["for"].strip()
    else:
        assert_error(result, 2)


def test_a_merge_moves_the_sponsorships_to_the_contact_kept(cli, ok):
    kept = add(cli, "Ada Okafor", "--email", "ada@x.org")
    duplicate = add(cli, "Ada Okafor", "--allow-duplicate")
    ok("sponsor", "log", str(duplicate), "--kind", "letter", "--for", "Promotion", "--on", "2026-11-01")
    plan = ok("contacts", "merge", str(duplicate), str(kept), "--dry-run", "--json").json()
    assert plan["moved"]["sponsorships"] == 1
    ok("contacts", "merge", str(duplicate), str(kept), "--yes")
    assert [s["contact_id"] for s in ok("sponsor", "list", "--json").json()] == [kept]
    assert [i["contact_id"] for i in due(ok)] == [kept]
