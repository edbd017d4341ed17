"""`mentees`: the people you mentor; and what the due rules and the mosaic do with them."""

import pytest

from tests.checks import assert_error
from tests.cli.helpers import add


def kinds(ok, *options: str) -> dict[str, list[str]]:
    """contact -> the kinds of its due items, looking far ahead."""
    found: dict[str, list[str]] = {}
    for item in ok("outreach", "due", "--json", "--within", "400d", *options).json():
        found.setdefault(item["contact"], []).append(item["kind"])
    return found


def test_lists_mentees_with_last_contact_goals_and_what_is_owed(cli, ok):
    tomas = add(cli, "Tomás Herrera", "--i-mentor", "--stage", "initiation", "--cadence", "30d", on="2026-09-01")
    sam = add(cli, "Sam Kowalski", "--mutual", "--role", "peer", "--stage", "cultivation", on="2026-11-20")
    add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")  # mentors you: not listed
    gone = add(cli, "Old Mentee", "--i-mentor", "--stage", "initiation")
    ok("contacts", "stage", str(gone), "ended")
    ok("goals", "add", "Tomás matches in internal medicine", "--by", "2027-03-01", "--mentor", "Tomás")
    ok("meeting", "log", "Tomás", "--on", "2026-10-01", "--action", "send ERAS notes by 2026-10-10")
    listed = ok("mentees", "--json").json()
    assert listed == [
        {"contact": "Sam Kowalski", "contact_id": sam, "direction": "mutual", "stage": "cultivation", "paused": False,
         "last_contact": "2026-11-20", "cadence_days": 30, "check_in": "2026-12-20", "goals": [], "owed": []},
        {"contact": "Tomás Herrera", "contact_id": tomas, "direction": "i-mentor", "stage": "initiation",
         "paused": False, "last_contact": "2026-10-01", "cadence_days": 30, "check_in": "2026-10-31",
         "goals": [{"id": 1, "text": "Tomás matches in internal medicine", "by": "2027-03-01"}],
         "owed": [
             {"contact_id": tomas, "contact": "Tomás Herrera", "kind": "action", "due": "2026-10-10",
              "days_overdue": 43, "detail": "#1 send ERAS notes"},
             {"contact_id": tomas, "contact": "Tomás Herrera", "kind": "check-in", "due": "2026-10-31",
              "days_overdue": 22, "detail": "last contact 2026-10-01, every 30 days", "severity": "late"}]},
    ]
    table = ok("mentees").stdout
    assert "2026-10-31 (22d late)" in table and "#1 Tomás matches in internal medicine (by 2027-03-01)" in table
    assert "check-in (late)" in table and "Old Mentee" not in table and "Ada" not in table


def test_a_check_in_clears_from_the_list(cli, ok):
    add(cli, "Tomás Herrera", "--i-mentor", "--stage", "initiation", "--cadence", "30d", on="2026-09-01")
    assert ok("mentees", "--json").json()[0]["owed"][0]["kind"] == "check-in"
    ok("touch", "Tomás")
    [mentee] = ok("mentees", "--json").json()
    assert (mentee["owed"], mentee["check_in"]) == ([], "2026-12-22")


def test_nobody_says_so(ok, cli):
    assert ok("mentees", "--json").json() == []
    assert "Nobody you mentor yet" in ok("mentees").stderr
    assert_error(cli("mentees", "--as-of", "never"), 2, "--as-of")


@pytest.mark.parametrize("direction, gets_them", [("--i-mentor", False), ("--mutual", True), (None, True)])
def test_only_people_who_mentor_you_get_the_items_of_finding_a_mentor(cli, ok, direction, gets_them):
    """follow-up, give-up, thank-you, approach and schedule are for finding mentors: never for a mentee;
    a mutual peer mentors you too, so gets them like anyone who mentors you."""
    extra = [direction] if direction else []
    add(cli, "Pat Prospect", "--role", "research", *extra, on="2026-10-01")  # approach after 14 days
    add(cli, "Fay Follow", *extra, on="2026-10-01")
    ok("outreach", "log", "Fay", "--on", "2026-11-01")  # follow-up on the 8th
    add(cli, "Gil Giveup", *extra, on="2026-10-01")
    ok("outreach", "log", "Gil", "--on", "2026-10-01")
    ok("outreach", "follow-up", "Gil", "--on", "2026-10-08")  # give-up on the 22nd
    add(cli, "Rae Replied", *extra, on="2026-10-01")
    ok("outreach", "log", "Rae", "--on", "2026-10-01")
    ok("outreach", "reply", "Rae", "--on", "2026-10-02")  # schedule on the 9th
    add(cli, "Tim Thanks", *extra, on="2026-11-20")
    ok("meeting", "log", "Tim", "--on", "2026-11-21")  # thank-you on the 22nd
    found = kinds(ok)
    expected = {"Pat Prospect": "approach", "Fay Follow": "follow-up", "Gil Giveup": "give-up",
                "Rae Replied": "schedule", "Tim Thanks": "thank-you"}
    for name, kind in expected.items():
        assert (kind in found.get(name, [])) is gets_them, (name, found.get(name))


def test_mentees_keep_check_ins_next_meetings_and_actions(cli, ok):
    add(cli, "Tomás Herrera", "--i-mentor", "--stage", "initiation", "--cadence", "30d", on="2026-09-01")
    ok("meeting", "log", "Tomás", "--on", "2026-10-01", "--next", "2026-11-15", "--action", "send notes by 2026-10-05")
    assert sorted(kinds(ok)["Tomás Herrera"]) == ["action", "check-in", "next-meeting"]


def test_gaps_counts_only_people_who_mentor_you(cli, ok):
    add(cli, "Tomás Herrera", "--i-mentor", "--role", "research", "--stage", "cultivation")
    add(cli, "Sam Kowalski", "--mutual", "--role", "career", "--stage", "cultivation")
    add(cli, "Mia Mentee", "--i-mentor", "--role", "clinical", "--stage", "exploring")
    roles = {r["role"]: r for r in ok("gaps", "--json").json()["roles"]}
    assert (roles["research"]["status"], roles["research"]["mentors"]) == ("gap", [])
    assert (roles["career"]["status"], roles["career"]["mentors"]) == ("filled", ["Sam Kowalski"])
    assert (roles["clinical"]["status"], roles["clinical"]["forming"]) == ("gap", [])
