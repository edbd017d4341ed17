"""`stats`: the numbers game, against the rules of thumb."""

import pytest

from tests.checks import assert_error
from tests.cli.helpers import add

# --- stats: the numbers game ---------------------------------------------------------------------------

def scripted_network(cli, ok) -> None:
    """Six new contacts since September; five approached, three answered, two first meetings."""
    add(cli, "Old Mentor", "--role", "research", "--stage", "cultivation", on="2026-01-01")
    add(cli, "Zed Early", on="2026-01-01")
    ok("outreach", "log", "Zed", "--on", "2026-01-05")       # before any window used below
    ok("outreach", "reply", "Zed", "--on", "2026-01-10")
    ok("meeting", "log", "Old Mentor", "--on", "2026-10-01")  # a mentor's meeting, not a first meeting
    for name in ("Ada A", "Ben B", "Cy C"):
        add(cli, name, on="2026-09-01")
        ok("outreach", "log", name, "--on", "2026-09-02")
    ok("outreach", "reply", "Ada A", "--on", "2026-09-05")
    ok("meeting", "log", "Ada A", "--on", "2026-09-20")
    ok("contacts", "stage", "Ada A", "initiation", "--on", "2026-10-15")
    ok("outreach", "follow-up", "Ben B", "--on", "2026-09-10")
    ok("outreach", "reply", "Ben B", "--on", "2026-09-12", "--declined")
    ok("outreach", "follow-up", "Cy C", "--on", "2026-09-10")
    ok("outreach", "give-up", "Cy C", "--on", "2026-09-25")
    for name in ("Dee D", "Eve E"):
        add(cli, name, on="2026-10-01")
        ok("outreach", "log", name, "--on", "2026-10-02")
    ok("outreach", "reply", "Eve E", "--on", "2026-10-05")
    add(cli, "Hal H", "--met-on", "2026-11-01", on="2026-11-01")  # met first, never approached


def test_stats_numbers_over_the_default_window(cli, ok):
    scripted_network(cli, ok)
    result = cli("stats", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.json() == {
        "since": "2026-08-24", "until": "2026-11-22",  # 90 days back: 91 days, 13 weeks
        "approaches": 5, "follow_ups": 2, "people_approached": 5, "people_replied": 3, "declined": 1,
        "first_meetings": 2, "first_meetings_from_outreach": 1, "meetings": 3, "newly_committed": 1,
        "new_contacts": 6, "committed_now": 2,
        "reply_rate": 0.6,
        "outreach_per_first_meeting": 5.0,  # Hal, met without outreach, doesn't count
        "outreach_rule_of_thumb": [3, 5],
        "outreach_verdict": "within the 3-5 rule of thumb",
        "new_contacts_per_week": 0.46,  # 6 / 13
        "new_contacts_goal_per_week": 1.0,
        "new_contacts_verdict": "below one a week",
    }


def test_stats_since_narrows_the_window(cli, ok):
    scripted_network(cli, ok)
    result = cli("stats", "--since", "2026-10-01", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == {
        "since": "2026-10-01", "until": "2026-11-22",  # 53 days
        "approaches": 2, "follow_ups": 0, "people_approached": 2, "people_replied": 1, "declined": 0,
        "first_meetings": 1, "first_meetings_from_outreach": 0, "meetings": 2, "newly_committed": 1,
        "new_contacts": 3, "committed_now": 2,
        "reply_rate": 0.5,
        "outreach_per_first_meeting": None,  # the one first meeting (Hal's) came without outreach
        "outreach_rule_of_thumb": [3, 5],
        "outreach_verdict": "no first meeting from outreach yet",
        "new_contacts_per_week": 0.4,  # 3 / (53 / 7)
        "new_contacts_goal_per_week": 1.0,
        "new_contacts_verdict": "below one a week",
    }


def test_stats_verdicts_against_the_rules_of_thumb(cli, ok):
    for i in range(8):  # eight new people in one week, four approached, one met
        add(cli, f"Person {i}", on="2026-11-20")
    for i in range(4):
        ok("outreach", "log", f"Person {i}", "--on", "2026-11-20")
    ok("meeting", "log", "Person 0", "--on", "2026-11-21")
    result = cli("stats", "--since", "2026-11-16", "--json")
    assert result.exit_code == 0, result.stderr
    numbers = result.json()
    assert (numbers["outreach_per_first_meeting"], numbers["outreach_verdict"]) == (
        4.0, "within the 3-5 rule of thumb")
    assert (numbers["new_contacts_per_week"], numbers["new_contacts_verdict"]) == (8.0, "on pace")


def test_new_contacts_count_by_the_day_they_entered_the_network(cli, ok):
    ok("add-contact", "Ada Okafor", "--added-on", "2026-01-15")  # typed in today, known since January
    ok("add-contact", "Ben Liu", "--met-on", "2026-03-02")
    ok("add-contact", "Cy Park")
    numbers = ok("stats", "--json").json()
    assert numbers["new_contacts"] == 1
    assert ok("stats", "--since", "2026-01-01", "--json").json()["new_contacts"] == 3


def test_stats_on_an_empty_network(cli):
    result = cli("stats", "--json")
    assert result.exit_code == 0, result.stderr
    numbers = result.json()
    assert {k: numbers[k] for k in ("approaches", "people_replied", "first_meetings", "new_contacts", "reply_rate",
                                   "outreach_per_first_meeting", "outreach_verdict", "new_contacts_per_week")} == {
        "approaches": 0, "people_replied": 0, "first_meetings": 0, "new_contacts": 0, "reply_rate": None,
        "outreach_per_first_meeting": None, "outreach_verdict": "no outreach yet", "new_contacts_per_week": 0.0,
    }


def test_stats_prints_lines_without_json(cli, ok):
    scripted_network(cli, ok)
    result = cli("stats")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "From 2026-08-24 to 2026-11-22:"
    assert lines[1].split() == ["people", "approached", "5", "(5", "approaches,", "2", "follow-ups)"]
    assert "reply rate 60%" in lines[2]
    assert result.stderr == ""


@pytest.mark.parametrize("since", ["last harvest", "2026-13-01", "in 2 weeks", "2027-01-01"])
def test_stats_bad_since_is_bad_usage(cli, since):
    assert_error(cli("stats", "--since", since), 2, "--since")
