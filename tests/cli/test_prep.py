"""`prep CONTACT`: the brief before a meeting (cli.md, "Self-assessment, goals, preparation, search")."""

import pytest

from tests.checks import assert_error

KEYS = {"as_of", "contact", "id", "title", "institution", "roles", "direction", "stage", "stage_since", "days_in_stage",
        "last_contact", "days_since_contact", "cadence_days", "check_in", "meetings", "last_meeting",
        "open_actions", "goals", "referrals", "agenda", "questions", "delivered", "agreement", "next"}


def add(cli, name: str, *options: str, on: str = "2026-01-15") -> int:
    result = cli("add-contact", name, *options, env={"MENTORNET_TODAY": on})
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


@pytest.fixture
def network(cli, ok):
    """Ada: a research mentor since March, met in October; Ben, whom she referred and you wrote to;
    Mei, whom she referred and you haven't; goals, one hers, one through a role, one not."""
    add(cli, "Dr. Ada Okafor", "--role", "research", "--role", "sponsor", "--met-on", "2026-02-01",
        "--title", "Associate Professor", "--institution", "Mercy General", on="2026-02-01")
    ok("contacts", "stage", "Ada", "initiation", "--on", "2026-03-01")
    add(cli, "Ben Liu", "--role", "career")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--rating", "4", "--agenda", "K award aims",
       "--notes", "Tighten aim 2.\nAsk the biostat core about power.", "--action", "send aims page by 2026-10-15",
       "--their-action", "introduce me to the biostat core", "--referral", "Mei Chen", "--referral", "Ben Liu",
       "--next", "2026-12-01", "--thanked")
    ok("outreach", "log", "Ben", "--on", "2026-10-05")
    ok("goals", "add", "Submit the K award", "--by", "2027-06-01", "--mentor", "Ada")
    ok("goals", "add", "Publish the cohort paper", "--role", "research")
    ok("goals", "add", "Find a career mentor", "--role", "career")
    ok("goals", "add", "Old goal", "--mentor", "Ada")
    ok("goals", "done", "4")


def test_json_brief(ok, network):
    result = ok("prep", "Ada", "--as-of", "2026-11-22", "--json")
    assert result.stderr == ""
    brief = result.json()
    assert set(brief) == KEYS
    assert {k: brief[k] for k in ("contact", "roles", "stage", "stage_since", "days_in_stage", "last_contact",
                                  "days_since_contact", "cadence_days", "check_in", "meetings")} == {
        "contact": "Dr. Ada Okafor", "roles": ["research", "sponsor"], "stage": "initiation",
        "stage_since": "2026-03-01", "days_in_stage": 266, "last_contact": "2026-10-01", "days_since_contact": 52,
        "cadence_days": 30, "check_in": "late", "meetings": 2,
    }
    assert brief["last_meeting"] == {
        "id": 2, "on": "2026-10-01", "mode": None, "agenda": "K award aims",
        "notes": "Tighten aim 2.\nAsk the biostat core about power.", "rating": 4, "next": "2026-12-01",
        "thanked_on": "2026-10-01", "stage_at_meeting": "initiation",
    }
    assert brief["open_actions"] == [
        {"id": 1, "contact": "Dr. Ada Okafor", "contact_id": 1, "text": "send aims page", "owner": "me",
         "due": "2026-10-15", "done_on": None},
        {"id": 2, "contact": "Dr. Ada Okafor", "contact_id": 1, "text": "introduce me to the biostat core",
         "owner": "them", "due": None, "done_on": None},
    ]
    assert brief["goals"] == [
        {"id": 1, "text": "Submit the K award", "horizon": "short", "by": "2027-06-01", "mentor": True, "roles": []},
        {"id": 2, "text": "Publish the cohort paper", "horizon": "short", "by": None, "mentor": False,
         "roles": ["research"]},
    ]
    assert brief["referrals"] == [
        {"name": "Mei Chen", "on": "2026-10-01", "followed_up": False, "stage": "prospect", "last_contact": None},
        {"name": "Ben Liu", "on": "2026-10-01", "followed_up": True, "stage": "contacted",
         "last_contact": "2026-10-05"},
    ]
    assert brief["agenda"] == [
        "Report back on your action: send aims page (due 2026-10-15, overdue)",
        "Ask how their action is going: introduce me to the biostat core",
        "Progress on your goal: Submit the K award (by 2027-06-01)",
        "Progress on your goal: Publish the cohort paper",
        "You haven't contacted Mei Chen yet (suggested 2026-10-01): say when you will, or ask for an introduction",
        "Tell them how it went with Ben Liu, whom they suggested",
        "Ask who else you should talk to, especially for clinical, personal",
        "Agree when you will meet next",
    ]


def test_text_brief(ok, network):
    lines = ok("prep", "Okafor", "--as-of", "2026-11-22").stdout.splitlines()
    assert lines[0] == "Dr. Ada Okafor (Associate Professor, Mercy General): before you meet, 2026-11-22"
    text = "\n".join(lines)
    for part in ("roles:        research, sponsor", "stage:        initiation for 8 months (since 2026-03-01)",
                 "last contact: 2026-10-01, 7 weeks ago; every 30 days, late",
                 "Last meeting, 2026-10-01 (rated 4/5)", "  notes:  Tighten aim 2.\n          Ask the biostat core",
                 "Your open actions\n  #1 send aims page (due 2026-10-15)",
                 "Their open actions\n  #2 introduce me to the biostat core",
                 "Goals they help with\n  #1 Submit the K award (by 2027-06-01) [mentor]\n"
                 "  #2 Publish the cohort paper [research]",
                 "  Mei Chen (2026-10-01): not contacted yet",
                 "  Ben Liu (2026-10-01): followed up, last contact 2026-10-05, contacted",
                 "Suggested agenda\n  1. Report back on your action"):
        assert part in text, part


def test_an_established_mentor_starts_with_what_you_delivered_then_questions_actions_goals_agreement_next(
        cli, ok, network):
    ok("actions", "done", "1", "--on", "2026-10-20")  # send aims page: delivered since the meeting
    ok("meeting", "log", "Ada", "--on", "2026-09-01", "--action", "old thing")  # an earlier meeting's action ...
    ok("actions", "done", "3", "--on", "2026-09-15")  # ... done before the latest meeting: not delivered since
    ok("ask", "Ada", "Which study section fits?")
    ok("agree", "Ada", "--every", "1m", "--format", "30 minutes, video", "--they", "reads my aims",
       "--me", "send an agenda two days before", "--on", "2026-10-01")
    text = ok("prep", "Ada", "--as-of", "2026-11-22").stdout
    order = ["Delivered since 2026-10-01\n  #1 send aims page (done 2026-10-20)",
             "Your questions\n  - Which study section fits?",
             "Their open actions\n  #2 introduce me to the biostat core",
             "Goals they help with\n  #1 Submit the K award",
             "Agreement of 2026-10-01\n  meet every: 30 days (about monthly)\n  format:     30 minutes, video\n"
             "  they do:    reads my aims\n  you do:     send an agenda two days before\n  review:     2027-04-01",
             "Next: 2026-12-01, agreed at the meeting of 2026-10-01",
             "Last meeting, 2026-10-01", "Suggested agenda"]
    at = [text.find(part) for part in order]
    assert -1 not in at, [part for part, place in zip(order, at, strict=True) if place == -1]
    assert at == sorted(at)
    assert "old thing" not in text.split("Last meeting")[0]
    brief = ok("prep", "Ada", "--as-of", "2026-11-22", "--json").json()
    assert [item["id"] for item in brief["delivered"]] == [1]
    assert brief["agreement"]["id"] == 1 and brief["agreement"]["review_on"] == "2027-04-01"
    assert brief["next"] == {"on": "2026-12-01", "why": "agreed at the meeting of 2026-10-01"}
    assert brief["agenda"][0] == "Tell them what you did since last time: send aims page"


def test_the_next_date_is_the_check_in_once_the_agreed_meeting_has_passed(cli, ok, network):
    brief = ok("prep", "Ada", "--as-of", "2026-12-02", "--json").json()
    assert brief["next"] == {"on": "2026-10-31", "why": "check-in, every 30 days"}
    assert "Next: 2026-10-31 (past), check-in, every 30 days" in ok("prep", "Ada", "--as-of", "2026-12-02").stdout


def test_an_established_mentor_without_an_agreement_is_told_how_to_make_one(cli, ok, network):
    text = ok("prep", "Ada", "--as-of", "2026-11-22").stdout
    assert "No agreement yet: `mentornet agree 1 --every 1m`" in text
    assert "(nothing marked done since; `mentornet actions done ID` records it)" in text


def test_a_review_due_joins_the_agenda(cli, ok, network):
    ok("agree", "Ada", "--review-every", "30d", "--on", "2026-10-01")
    agenda = ok("prep", "Ada", "--as-of", "2026-11-22", "--json").json()["agenda"]
    assert "Look together at how it is working (review due 2026-10-31), then `mentornet review`" in agenda


def test_a_prospect_never_met(cli, ok):
    add(cli, "Priya Raman", "--role", "research", on="2026-11-01")
    brief = ok("prep", "Priya", "--json").json()
    assert (brief["stage"], brief["stage_since"], brief["days_in_stage"]) == ("prospect", "2026-11-01", 21)
    assert (brief["last_contact"], brief["days_since_contact"], brief["check_in"]) == ("2026-11-01", 21, None)
    assert brief["last_meeting"] is None
    assert (brief["open_actions"], brief["goals"], brief["referrals"]) == ([], [], [])
    assert brief["agenda"] == FIRST_MEETING
    assert "No meeting yet." in ok("prep", "Priya").stdout


FIRST_MEETING = [
    "Tell your story in two minutes: where you are, and what you hope to learn from them",
    "Ask about their path: how they got where they are, and what they would do again",
    "Near the end, make your one specific ask",
    "Ask who else you should talk to",
    "Thank them, and send a thank-you the next day",
]


def test_a_long_standing_mentor_with_no_meeting_logged_gets_no_first_meeting_agenda(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation", on="2026-11-01")
    agenda = ok("prep", "Ada", "--json").json()["agenda"]
    assert not any("your story" in item or "specific ask" in item for item in agenda)
    assert agenda[-1] == "Agree when you will meet next"


def test_someone_approached_but_not_yet_met_gets_the_first_meeting_agenda(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", on="2026-11-01")
    ok("outreach", "log", "Ada", "--on", "2026-11-02")
    ok("outreach", "reply", "Ada", "--on", "2026-11-03")
    assert ok("prep", "Ada", "--json").json()["agenda"] == FIRST_MEETING


def test_exploring_suggests_setting_expectations_and_a_full_network_doesnt_ask_for_more(cli, ok):
    for name, role in (("A One", "clinical"), ("B Two", "research"), ("C Three", "career"), ("D Four", "personal")):
        add(cli, name, "--role", role, "--stage", "cultivation", on="2026-11-20")
    add(cli, "E Five", "--role", "peer", "--met-on", "2026-11-20", on="2026-11-20")
    agenda = ok("prep", "E Five", "--json").json()["agenda"]
    assert "Decide together whether to go on: what you each expect, and how often to meet" in agenda
    assert not any("who else" in item for item in agenda)


def test_a_mentee_is_not_asked_who_else_to_talk_to(cli, ok):
    add(cli, "Tomás Herrera", "--i-mentor", "--met-on", "2026-10-01", "--stage", "initiation", on="2026-10-01")
    agenda = ok("prep", "Tomás", "--json").json()["agenda"]
    assert not any("who else" in item for item in agenda)
    assert agenda == ["Agree when you will meet next"]


def test_unknown_contact_and_bad_date(cli):
    missing = cli("prep", "Nobody")
    assert_error(missing, 1, "Error: no contact matches 'Nobody'")
    cli("add-contact", "Ada Okafor")
    cli("add-contact", "Ada Lovelace")
    ambiguous = cli("prep", "Ada")
    assert ambiguous.exit_code == 1
    assert "matches several contacts" in ambiguous.stderr
    bad = cli("prep", "Okafor", "--as-of", "the day after")
    assert bad.exit_code == 2
    assert bad.stdout == ""
    assert "--as-of" in bad.stderr



LEAN = [["prep", "Ada"], ["search", "grant"], ["goals", "list", "--json"], ["assess", "show"],
        ["assess", "history", "--json"], ["outreach", "due", "--goals"]]


@pytest.fixture(scope="module")
def lean_env(tmp_path_factory) -> dict:
    """A current database with a contact, a goal and an assessment, made once."""
    import os
    import subprocess
    import sys

    db = tmp_path_factory.mktemp("lean") / "mentornet.db"
    env = {**os.environ, "MENTORNET_DB": str(db), "MENTORNET_TODAY": "2026-11-22"}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    for setup in (["add-contact", "Ada Okafor", "--note", "grant"], ["goals", "add", "K award", "--mentor", "Ada"],
                  ["assess", "--mission", "Heal"]):
        subprocess.run([sys.executable, "-m", "mentornet", *setup], env=env, check=True, capture_output=True)
    return env


@pytest.mark.parametrize("command", LEAN, ids=" ".join)
def test_read_commands_import_neither_sqlalchemy_nor_rich(lean_env, command):
    """style.md: the read path is plain sqlite3 (tests/reliability/test_imports.py checks the older commands)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "mentornet", *command],
                          env=lean_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in done.stderr.splitlines()
               if line.startswith("import time:") and line.count("|") == 2}
    assert "mentornet" in modules
    assert not modules & {"sqlalchemy", "sqlmodel", "rich"}, sorted(modules & {"sqlalchemy", "sqlmodel", "rich"})
