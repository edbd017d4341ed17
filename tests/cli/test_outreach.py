"""`outreach log|follow-up|reply|give-up|list` (cli.md, "Outreach, meetings, touches")."""

import pytest

from tests.checks import assert_error
from tests.cli.helpers import add, show

OUTREACH_KEYS = ["id", "contact", "attempt", "on", "channel", "ask", "for_role", "outcome", "outcome_on"]


def stage_events(ok, ref: str) -> list[tuple[str, str]]:
    return [(e["date"], e["summary"]) for e in show(ok, ref)["timeline"] if e["kind"] == "stage"]


def attempts(ok) -> list[dict]:
    return ok("outreach", "list", "--json").json()


# --- log, follow-up, reply, give-up, list ------------------------------------------------------------

def test_outreach_log_records_an_approach(cli, ok):
    add(cli, "Priya Raman")
    result = cli("outreach", "log", "Priya", "--on", "2026-11-01", "--channel", "intro",
                 "--ask", "20 minutes about a QI project?", "--for-role", "research")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "2026-11-08" in result.stderr  # when to follow up
    assert attempts(ok) == [{
        "id": 1, "contact": "Priya Raman", "attempt": 1, "on": "2026-11-01", "channel": "intro",
        "ask": "20 minutes about a QI project?", "for_role": "research", "outcome": "pending", "outcome_on": None,
    }]


def test_outreach_log_defaults_to_email_today_without_ask_or_role(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya")
    assert attempts(ok) == [{
        "id": 1, "contact": "Priya Raman", "attempt": 1, "on": "2026-11-22", "channel": "email",
        "ask": None, "for_role": None, "outcome": "pending", "outcome_on": None,
    }]


def test_follow_up_reply_and_list(cli, ok):
    add(cli, "Priya Raman")
    add(cli, "Sam Ortiz")
    ok("outreach", "log", "Priya", "--on", "2026-11-01", "--ask", "coffee?", "--for-role", "career")
    ok("outreach", "log", "Sam", "--on", "2026-11-02", "--channel", "phone")
    followed = cli("outreach", "follow-up", "Priya", "--on", "2026-11-09")
    assert followed.exit_code == 0, followed.stderr
    assert followed.stdout == ""
    assert "attempt 2" in followed.stderr
    replied = cli("outreach", "reply", "Priya", "--on", "2026-11-12", "--note", "happy to meet")
    assert replied.exit_code == 0, replied.stderr
    assert replied.stdout == ""
    assert replied.stderr == "Priya Raman: replied.\n"
    rows = attempts(ok)
    assert [list(row) for row in rows] == [OUTREACH_KEYS] * 3
    assert rows == [
        {"id": 1, "contact": "Priya Raman", "attempt": 1, "on": "2026-11-01", "channel": "email", "ask": "coffee?",
         "for_role": "career", "outcome": "replied", "outcome_on": "2026-11-12"},
        {"id": 2, "contact": "Sam Ortiz", "attempt": 1, "on": "2026-11-02", "channel": "phone", "ask": None,
         "for_role": None, "outcome": "pending", "outcome_on": None},
        {"id": 3, "contact": "Priya Raman", "attempt": 2, "on": "2026-11-09", "channel": "email", "ask": "coffee?",
         "for_role": "career", "outcome": "replied", "outcome_on": "2026-11-12"},
    ]
    assert [row["id"] for row in ok("outreach", "list", "--open", "--json").json()] == [2]


def test_give_up_marks_no_response(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-10-20")
    ok("outreach", "follow-up", "Priya", "--on", "2026-11-01")
    result = cli("outreach", "give-up", "Priya", "--on", "2026-11-16")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Priya Raman: no response" in result.stderr
    assert [(r["attempt"], r["outcome"], r["outcome_on"]) for r in attempts(ok)] == [
        (1, "no-response", "2026-11-16"), (2, "no-response", "2026-11-16"),
    ]
    assert show(ok, "Priya")["stage"] == "no-response"
    assert ok("outreach", "list", "--open", "--json").json() == []


def test_outreach_list_table_and_empty(cli, ok):
    empty = cli("outreach", "list")
    assert empty.exit_code == 0, empty.stderr
    assert empty.stdout == ""
    assert "No outreach yet" in empty.stderr
    as_json = cli("outreach", "list", "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert as_json.stdout == "[]\n"
    assert as_json.stderr == ""
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01", "--for-role", "research")
    table = cli("outreach", "list")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["id", "contact", "attempt", "on", "channel", "for", "ask", "outcome"]
    assert lines[1].split() == ["1", "Priya", "Raman", "1", "2026-11-01", "email", "research", "pending"]


# --- automatic stage moves, each recorded ---------------------------------------------------------------

def test_approach_moves_a_prospect_to_contacted(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    assert show(ok, "Priya")["stage"] == "contacted"
    assert stage_events(ok, "Priya") == [
        ("2026-09-01", "added as prospect"),
        ("2026-11-01", "stage prospect -> contacted (approached)"),
    ]


def test_reply_moves_contacted_to_responded(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    ok("outreach", "reply", "Priya", "--on", "2026-11-03")
    assert show(ok, "Priya")["stage"] == "responded"
    assert stage_events(ok, "Priya")[1:] == [
        ("2026-11-01", "stage prospect -> contacted (approached)"),
        ("2026-11-03", "stage contacted -> responded (replied)"),
    ]


def test_declined_reply_moves_contacted_to_declined(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    result = cli("outreach", "reply", "Priya", "--on", "2026-11-03", "--declined", "--note", "too busy this year")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Priya Raman: declined.\n"
    assert show(ok, "Priya")["stage"] == "declined"
    assert stage_events(ok, "Priya")[-1] == ("2026-11-03", "stage contacted -> declined (declined)")
    assert [(r["outcome"], r["outcome_on"]) for r in attempts(ok)] == [("declined", "2026-11-03")]


@pytest.mark.parametrize("stage", ["prospect", "contacted", "responded"])
def test_meeting_moves_a_pipeline_contact_to_exploring(cli, ok, stage):
    add(cli, "Priya Raman", "--stage", stage)
    ok("meeting", "log", "Priya", "--on", "2026-11-05")
    assert show(ok, "Priya")["stage"] == "exploring"
    assert stage_events(ok, "Priya") == [
        ("2026-09-01", f"added as {stage}"),
        ("2026-11-05", f"stage {stage} -> exploring (met)"),
    ]


def test_the_whole_pipeline_is_recorded_in_order(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    ok("outreach", "reply", "Priya", "--on", "2026-11-03")
    ok("meeting", "log", "Priya", "--on", "2026-11-10")
    assert show(ok, "Priya")["stage"] == "exploring"
    assert stage_events(ok, "Priya") == [
        ("2026-09-01", "added as prospect"),
        ("2026-11-01", "stage prospect -> contacted (approached)"),
        ("2026-11-03", "stage contacted -> responded (replied)"),
        ("2026-11-10", "stage responded -> exploring (met)"),
    ]


@pytest.mark.parametrize("stage", ["exploring", "initiation", "cultivation", "separation", "redefined"])
def test_a_relationship_stage_is_never_moved_automatically(cli, ok, stage):
    add(cli, "Priya Raman", "--stage", stage)
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    ok("outreach", "follow-up", "Priya", "--on", "2026-11-08")
    ok("outreach", "reply", "Priya", "--on", "2026-11-09", "--declined")
    ok("meeting", "log", "Priya", "--on", "2026-11-10")
    ok("outreach", "log", "Priya", "--on", "2026-11-12")
    ok("outreach", "follow-up", "Priya", "--on", "2026-11-19")
    ok("outreach", "give-up", "Priya", "--on", "2026-11-21")
    assert show(ok, "Priya")["stage"] == stage
    assert stage_events(ok, "Priya") == [("2026-09-01", f"added as {stage}")]


# --- a third attempt ----------------------------------------------------------------------------------

def test_a_third_attempt_is_refused_without_force(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    ok("outreach", "follow-up", "Priya", "--on", "2026-11-08")
    assert_error(cli("outreach", "follow-up", "Priya", "--on", "2026-11-20"), 1, "--force")
    assert_error(cli("outreach", "log", "Priya", "--on", "2026-11-20"), 1, "--force")
    assert len(attempts(ok)) == 2


def test_a_third_attempt_is_refused_after_giving_up(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-10-01")
    ok("outreach", "follow-up", "Priya", "--on", "2026-10-08")
    ok("outreach", "give-up", "Priya", "--on", "2026-10-22")
    assert_error(cli("outreach", "follow-up", "Priya", "--on", "2026-11-20"), 1, "--force")
    assert_error(cli("outreach", "log", "Priya", "--on", "2026-11-20"), 1, "--force")
    assert len(attempts(ok)) == 2


def test_a_third_attempt_is_allowed_with_force(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    ok("outreach", "follow-up", "Priya", "--on", "2026-11-08")
    result = cli("outreach", "follow-up", "Priya", "--on", "2026-11-20", "--force")
    assert result.exit_code == 0, result.stderr
    assert "attempt 3" in result.stderr
    assert [(r["attempt"], r["on"], r["outcome"]) for r in attempts(ok)] == [
        (1, "2026-11-01", "pending"), (2, "2026-11-08", "pending"), (3, "2026-11-20", "pending"),
    ]


def test_a_second_approach_while_one_is_pending_points_to_follow_up(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-11-01")
    assert_error(cli("outreach", "log", "Priya", "--on", "2026-11-05"), 1, "follow-up")
    assert len(attempts(ok)) == 1


def test_after_a_reply_a_new_approach_starts_a_new_run(cli, ok):
    add(cli, "Priya Raman")
    ok("outreach", "log", "Priya", "--on", "2026-10-01")
    ok("outreach", "follow-up", "Priya", "--on", "2026-10-08")
    ok("outreach", "reply", "Priya", "--on", "2026-10-09")
    ok("outreach", "log", "Priya", "--on", "2026-11-10", "--ask", "a second project?")
    assert [(r["attempt"], r["outcome"]) for r in attempts(ok)] == [(1, "replied"), (2, "replied"), (1, "pending")]


# --- refusals and bad input -------------------------------------------------------------------------

def test_follow_up_without_an_approach_fails(cli, ok):
    add(cli, "Priya Raman")
    assert_error(cli("outreach", "follow-up", "Priya"), 1, "Priya Raman", "outreach log")
    assert attempts(ok) == []


def test_reply_or_give_up_without_outreach_fails(cli, ok):
    add(cli, "Priya Raman")
    assert_error(cli("outreach", "reply", "Priya"), 1, "Priya Raman")
    assert_error(cli("outreach", "give-up", "Priya"), 1, "Priya Raman")
    assert show(ok, "Priya")["stage"] == "prospect"


@pytest.mark.parametrize("command", ["log", "follow-up", "reply", "give-up"])
def test_unknown_contact_fails(cli, ok, command):
    add(cli, "Priya Raman")
    assert_error(cli("outreach", command, "Nobody Atall"), 1, "Nobody Atall")
    assert attempts(ok) == []


def test_unknown_for_role_is_bad_usage(cli, ok):
    add(cli, "Priya Raman")
    assert_error(cli("outreach", "log", "Priya", "--for-role", "astrology"), 2, "astrology")
    assert attempts(ok) == []
    assert show(ok, "Priya")["stage"] == "prospect"


def test_bad_channel_is_bad_usage(cli, ok):
    add(cli, "Priya Raman")
    result = cli("outreach", "log", "Priya", "--channel", "carrier-pigeon")
    assert_error(result, 2, "--channel")
    assert attempts(ok) == []


@pytest.mark.parametrize("command", ["log", "follow-up", "reply", "give-up"])
def test_bad_on_date_is_bad_usage(cli, ok, command):
    add(cli, "Priya Raman")
    assert_error(cli("outreach", command, "Priya", "--on", "the other day"), 2, "--on")
