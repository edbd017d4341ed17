"""The `review` due rule (services/due.py) and what agreements and reviews do to the other rules:
an agreement's cadence drives the check-in, and a closed relationship leaves no reminders.

Built with `mentornet` commands and read back with `outreach due --json --as-of DATE`, as
tests/services/test_due.py does for the older rules."""

import pytest

from tests.services.test_due import add, due, item, kinds


def reviews_due(ok, as_of: str) -> list[dict]:
    return [entry for entry in due(ok, as_of) if entry["kind"] == "review"]


@pytest.fixture
def ada(cli, ok) -> int:
    ada = add(cli, "Ada Okafor", "--stage", "cultivation", on="2026-01-01")
    ok("agree", "Ada", "--on", "2026-03-01")
    return ada


def test_the_review_falls_due_six_months_after_the_agreement_not_the_day_before(ok, ada):
    assert reviews_due(ok, "2026-08-29") == []
    expected = item(ada, "Ada Okafor", "review", "2026-08-30", 0,
                    "agreed 2026-03-01, review every 182 days: is it working?")
    assert reviews_due(ok, "2026-08-30") == [expected]
    assert reviews_due(ok, "2026-09-02") == [{**expected, "days_overdue": 3}]


def test_review_every_sets_the_period(cli, ok):
    ben = add(cli, "Ben Liu", "--stage", "initiation", on="2026-01-01")
    ok("agree", "Ben", "--review-every", "30d", "--on", "2026-03-01")
    assert reviews_due(ok, "2026-03-31") == [item(ben, "Ben Liu", "review", "2026-03-31", 0,
                                                  "agreed 2026-03-01, review every 30 days: is it working?")]


def test_a_review_clears_the_item_and_the_next_falls_due_a_period_after_it(ok, ada):
    ok("review", "Ada", "--outcome", "continue", "--on", "2026-09-05")
    assert reviews_due(ok, "2026-09-05") == []
    assert reviews_due(ok, "2027-03-05") == []
    assert reviews_due(ok, "2027-03-06") == [item(ada, "Ada Okafor", "review", "2027-03-06", 0,
                                                  "reviewed 2026-09-05, review every 182 days: is it working?")]


def test_a_review_before_the_agreement_does_not_count(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation", on="2026-01-01")
    ok("review", "Ada", "--outcome", "continue", "--on", "2026-02-01")
    ok("agree", "Ada", "--on", "2026-03-01")
    assert [entry["due"] for entry in reviews_due(ok, "2026-12-01")] == ["2026-08-30"]


def test_a_new_agreement_moves_the_review(ok, ada):
    ok("agree", "Ada", "--review-every", "3m", "--on", "2026-08-01")  # 3m from 2026-11-22: 92 days
    assert [entry["due"] for entry in reviews_due(ok, "2026-12-31")] == ["2026-11-01"]
    assert "agreed 2026-08-01" in reviews_due(ok, "2026-12-31")[0]["detail"]


def test_an_agreement_that_runs_out_first_is_reviewed_when_it_ends(cli, ok):
    ben = add(cli, "Ben Liu", "--stage", "initiation", on="2026-01-01")
    ok("agree", "Ben", "--until", "2026-06-30", "--on", "2026-03-01")
    assert reviews_due(ok, "2026-07-01") == [item(
        ben, "Ben Liu", "review", "2026-06-30", 1,
        "agreed 2026-03-01, review every 182 days; it runs until 2026-06-30: is it working?")]


@pytest.mark.parametrize("letting_go", [("contacts", "edit", "Ada", "--paused"),
                                        ("contacts", "stage", "Ada", "ended"),
                                        ("contacts", "stage", "Ada", "no-response")])
def test_a_paused_or_ended_relationship_has_no_review(ok, ada, letting_go):
    ok(*letting_go)
    assert reviews_due(ok, "2027-01-01") == []


def test_an_agreements_cadence_drives_the_check_in(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation", on="2026-01-01")  # research: 30d
    ok("meeting", "log", "Ada", "--on", "2026-11-01")
    assert "check-in" not in [entry["kind"] for entry in due(ok, "2026-11-20")]
    ok("agree", "Ada", "--every", "2w", "--on", "2026-11-01")
    [check_in] = [entry for entry in due(ok, "2026-11-20") if entry["kind"] == "check-in"]
    assert check_in == item(ada, "Ada Okafor", "check-in", "2026-11-15", 5, "last contact 2026-11-01, every 14 days",
                            severity="due")
    ok("agree", "Ada", "--every", "3m", "--on", "2026-11-02")  # a later agreement, a slower rhythm
    assert [entry["due"] for entry in due(ok, "2027-03-01") if entry["kind"] == "check-in"] == ["2027-02-01"]


def test_a_closed_relationship_leaves_no_reminders(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation", on="2025-01-01")
    ok("agree", "Ada", "--every", "1m", "--on", "2025-02-01")
    ok("meeting", "log", "Ada", "--on", "2025-03-01", "--next", "2025-04-01")
    far = "2027-12-31"
    assert sorted(kind for _, kind in kinds(due(ok, far))) == ["check-in", "next-meeting", "review"]
    ok("review", "Ada", "--working", "no", "--outcome", "close", "--on", "2026-11-20")
    assert due(ok, far) == []
    assert ok("outreach", "due", "--within", "400d").stdout == ""


def test_the_review_reaches_the_calendar_and_the_csv(cli, ok):
    import csv
    import io

    import vobject

    add(cli, "Ada Okafor", "--stage", "cultivation", on="2026-01-01")
    ok("agree", "Ada", "--on", "2026-03-01")
    events = vobject.readOne(ok("export", "--format", "ics").stdout).vevent_list
    [event] = [event for event in events if event.categories.value == ["review"]]
    assert event.summary.value.startswith("Review how it is working with Ada Okafor")
    [row] = csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout))
    assert row["next_due"] == "2026-08-30"
