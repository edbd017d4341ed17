"""Dates of things that happened can't be after today; planning dates can (cli/_params.py `when`)."""

import pytest

from tests.checks import assert_error


@pytest.mark.parametrize("args", [
    ("meeting", "log", "Ada", "--on", "next tuesday"),
    ("meeting", "log", "Ada", "--on", "2026-11-23"),
    ("outreach", "log", "Ada", "--on", "tomorrow"),
    ("touch", "Ada", "--on", "in 2 days"),
    ("touch", "Ada", "--on", "9999-12-31"),
    ("contacts", "stage", "Ada", "initiation", "--on", "tomorrow"),
    ("add-contact", "Ben Liu", "--met-on", "tomorrow"),
    ("add-contact", "Ben Liu", "--added-on", "tomorrow"),
])
def test_a_date_of_something_that_happened_cant_be_after_today(cli, ok, args):
    ok("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation")
    option = next(word for word in args if word.startswith("--"))
    assert_error(cli(*args), 2, option, "after today (2026-11-22)")
    assert ok("contacts", "show", "Ada", "--json").json()["last_contact"] == "2026-11-22"


def test_planning_dates_may_be_ahead(cli, ok):
    ok("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "today", "--next", "next tuesday", "--action", "send aims by friday")
    ok("outreach", "due", "--as-of", "tomorrow")
    ok("goals", "add", "Submit a K award", "--by", "2027-06-01")


def test_a_day_that_does_not_exist_says_so(cli, ok):
    ok("add-contact", "Ada Okafor")
    assert_error(cli("touch", "Ada", "--on", "2026-09-31"), 2, "--on", "2026-09-31 doesn't exist")


def test_the_last_day_of_the_calendar_gives_a_due_date_not_a_crash(cli, ok):
    env = {"MENTORNET_TODAY": "9999-12-31"}
    assert cli("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation", env=env).exit_code == 0
    done = cli("touch", "Ada", "--on", "9999-12-31", env=env)
    assert done.exit_code == 0, done.stderr
    outreach = cli("outreach", "log", "Ada", "--on", "9999-12-30", env=env)
    assert outreach.exit_code == 0, outreach.stderr
    due = cli("outreach", "due", "--json", "--as-of", "9999-12-31", env=env)
    assert due.exit_code == 0, due.stderr
    assert {(item["kind"], item["due"]) for item in due.json()} == {("check-in", "9999-12-31")}  # the follow-up: cleared by the touch after it
