"""Every rule of "What is due" (domain.md) through real databases built with the CLI.

The network is built with `mentornet` commands (`--on` for the dates things happened) and read
back with `outreach due --json --as-of DATE`, so the rules' SQL in services/due.py, and the
cadence and last-contact fallbacks it is built from, are exercised against a real SQLite file.
"""

import pytest

from tests.checks import assert_error

KEYS = {"contact_id", "contact", "kind", "due", "days_overdue", "detail"}


def add(cli, name: str, *options: str, on: str = "2026-09-01") -> int:
    """Add a contact as if on `on` (its added date), returning its id."""
    result = cli("add-contact", name, *options, env={"MENTORNET_TODAY": on})
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


def due(ok, as_of: str, *options: str) -> list[dict]:
    result = ok("outreach", "due", "--json", "--as-of", as_of, *options)
    assert result.stderr == ""
    return result.json()


def kinds(items: list[dict]) -> list[tuple[str, str]]:
    return [(item["contact"], item["kind"]) for item in items]


def item(contact_id: int, contact: str, kind: str, due_on: str, days: int, detail: str, **extra) -> dict:
    return {"contact_id": contact_id, "contact": contact, "kind": kind, "due": due_on, "days_overdue": days,
            "detail": detail, **extra}


# --- follow-up: an approach still pending 7 days after it was sent ------------------------------

def test_follow_up_falls_due_on_day_seven_not_day_six(cli, ok):
    ada = add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-11-01", "--ask", "20 minutes about a QI project?")
    assert due(ok, "2026-11-07") == []
    expected = item(ada, "Ada Okafor", "follow-up", "2026-11-08", 0,
                    "approached 2026-11-01 by email: 20 minutes about a QI project?")
    assert due(ok, "2026-11-08") == [expected]
    assert due(ok, "2026-11-11") == [{**expected, "days_overdue": 3}]


def test_follow_up_detail_names_the_channel_without_an_ask(cli, ok):
    ada = add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-11-01", "--channel", "in-person")
    assert due(ok, "2026-11-08") == [
        item(ada, "Ada Okafor", "follow-up", "2026-11-08", 0, "approached 2026-11-01 by in-person")
    ]


@pytest.mark.parametrize(
    "clearing, left",
    [
        (("outreach", "reply", "Ada", "--on", "2026-11-03"), [("Ada Okafor", "schedule")]),  # due 11-10
        (("outreach", "reply", "Ada", "--on", "2026-11-03", "--declined"), []),
        (("outreach", "follow-up", "Ada", "--on", "2026-11-03"), []),  # its give-up is due 11-17
        (("touch", "Ada", "--on", "2026-11-03", "--via", "hallway"), []),
        (("meeting", "log", "Ada", "--on", "2026-11-03"), [("Ada Okafor", "thank-you")]),
    ],
    ids=["reply", "declined", "follow-up", "touch", "meeting"],
)
def test_follow_up_is_cleared_by_a_later_event(cli, ok, clearing, left):
    add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-11-01")
    assert kinds(due(ok, "2026-11-08")) == [("Ada Okafor", "follow-up")]
    ok(*clearing)
    assert kinds(due(ok, "2026-11-10")) == left


def test_a_touch_before_the_approach_does_not_clear_the_follow_up(cli, ok):
    add(cli, "Ada Okafor")
    ok("touch", "Ada", "--on", "2026-10-25")
    ok("outreach", "log", "Ada", "--on", "2026-11-01")
    assert kinds(due(ok, "2026-11-08")) == [("Ada Okafor", "follow-up")]


# --- give-up: a follow-up still pending 14 days after it was sent --------------------------------

def test_give_up_falls_due_fourteen_days_after_the_follow_up(cli, ok):
    ada = add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-10-20")
    ok("outreach", "follow-up", "Ada", "--on", "2026-11-01")
    assert due(ok, "2026-11-14") == []
    expected = item(ada, "Ada Okafor", "give-up", "2026-11-15", 0,
                    "no reply since the follow-up of 2026-11-01; mark it and leave them alone")
    assert due(ok, "2026-11-15") == [expected]
    assert due(ok, "2026-11-22") == [{**expected, "days_overdue": 7}]


@pytest.mark.parametrize(
    "clearing",
    [("outreach", "reply", "Ada", "--on", "2026-11-16"), ("outreach", "give-up", "Ada", "--on", "2026-11-16")],
    ids=["reply", "give-up"],
)
def test_give_up_is_cleared_by_a_reply_or_by_giving_up(cli, ok, clearing):
    add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-10-20")
    ok("outreach", "follow-up", "Ada", "--on", "2026-11-01")
    assert kinds(due(ok, "2026-11-16")) == [("Ada Okafor", "give-up")]
    ok(*clearing)
    assert due(ok, "2026-11-20") == []


# --- thank-you: the day after a meeting with a pipeline or exploring contact ---------------------

@pytest.mark.parametrize("stage", ["prospect", "contacted", "responded", "exploring"])
def test_thank_you_is_due_the_day_after_meeting_a_forming_contact(cli, ok, stage):
    ada = add(cli, "Ada Okafor", "--stage", stage)
    ok("meeting", "log", "Ada", "--on", "2026-11-10")
    assert due(ok, "2026-11-10") == []
    assert due(ok, "2026-11-11") == [
        item(ada, "Ada Okafor", "thank-you", "2026-11-11", 0, "met 2026-11-10; send a thank-you")
    ]


@pytest.mark.parametrize("stage", ["initiation", "cultivation", "separation", "redefined"])
def test_no_thank_you_is_due_for_a_committed_contact(cli, ok, stage):
    add(cli, "Ada Okafor", "--stage", stage)
    ok("meeting", "log", "Ada", "--on", "2026-11-10")
    assert due(ok, "2026-11-20") == []


def test_thank_you_is_cleared_by_meeting_thanked(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-10")
    assert kinds(due(ok, "2026-11-12")) == [("Ada Okafor", "thank-you")]
    ok("meeting", "thanked", "Ada", "--on", "2026-11-12")
    assert due(ok, "2026-11-12") == []


def test_no_thank_you_is_due_after_meeting_log_thanked(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--thanked")
    assert due(ok, "2026-11-20") == []


def test_first_meeting_from_add_contact_met_on_wants_a_thank_you(cli, ok):
    ada = add(cli, "Ada Okafor", "--met-on", "2026-11-10", on="2026-11-10")
    assert due(ok, "2026-11-11") == [
        item(ada, "Ada Okafor", "thank-you", "2026-11-11", 0, "met 2026-11-10; send a thank-you")
    ]


def test_a_thank_you_is_listed_for_fourteen_days_after_the_meeting_then_dropped(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research")
    ok("meeting", "log", "Ada", "--on", "2026-11-01")
    expected = item(ada, "Ada Okafor", "thank-you", "2026-11-02", 13, "met 2026-11-01; send a thank-you")
    assert [i for i in due(ok, "2026-11-15") if i["kind"] == "thank-you"] == [expected]
    assert [i for i in due(ok, "2026-11-16") if i["kind"] == "thank-you"] == []


def test_adding_someone_met_two_months_ago_wants_no_thank_you(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--met-on", "2026-09-22", on="2026-11-22")
    assert [i["kind"] for i in due(ok, "2026-11-22")] == ["check-in"]
    assert ok("contacts", "list", "--json").json()[0]["next_due"] == "2026-10-22"  # the check-in, not the thank-you


def test_no_thank_you_for_people_you_mentor(cli, ok):
    add(cli, "Tomás Herrera", "--i-mentor", "--met-on", "2026-11-20", on="2026-11-20")
    assert due(ok, "2026-11-22") == []


# --- check-in: an active contact, last contact plus cadence ---------------------------------------

def test_check_in_is_due_on_last_contact_plus_cadence_not_the_day_before(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")  # research: every 30 days
    ok("touch", "Ada", "--on", "2026-10-01")
    assert due(ok, "2026-10-30") == []
    assert due(ok, "2026-10-31") == [
        item(ada, "Ada Okafor", "check-in", "2026-10-31", 0, "last contact 2026-10-01, every 30 days",
             severity="due")
    ]


@pytest.mark.parametrize(
    "as_of, days_overdue, severity",
    [
        ("2026-10-31", 0, "due"),         # 30 days: 1x the cadence
        ("2026-11-14", 14, "due"),        # 44 days: just under 1.5x
        ("2026-11-15", 15, "late"),       # 45 days: 1.5x
        ("2026-11-29", 29, "late"),       # 59 days: just under 2x
        ("2026-11-30", 30, "going cold"),  # 60 days: 2x
        ("2027-03-01", 121, "going cold"),
    ],
)
def test_check_in_severity_by_days_since_contact_over_cadence(cli, ok, as_of, days_overdue, severity):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("touch", "Ada", "--on", "2026-10-01")
    assert due(ok, as_of) == [
        item(ada, "Ada Okafor", "check-in", "2026-10-31", days_overdue, "last contact 2026-10-01, every 30 days",
             severity=severity)
    ]


@pytest.mark.parametrize("stage", ["exploring", "initiation", "cultivation", "separation", "redefined"])
def test_every_active_stage_gets_check_ins(cli, ok, stage):
    add(cli, "Ada Okafor", "--role", "research", "--stage", stage)
    assert kinds(due(ok, "2026-10-01")) == [("Ada Okafor", "check-in")]


@pytest.mark.parametrize("stage", ["prospect", "contacted", "responded", "declined", "no-response", "ended"])
def test_contacts_not_active_get_no_check_in(cli, ok, stage):
    add(cli, "Ada Okafor", "--role", "research", "--stage", stage)
    assert [kind for _, kind in kinds(due(ok, "2027-09-01"))] == (["approach"] if stage == "prospect" else [])


def test_a_paused_contact_gets_no_check_in(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    assert kinds(due(ok, "2026-10-01")) == [("Ada Okafor", "check-in")]
    ok("contacts", "edit", "Ada", "--paused")
    assert due(ok, "2027-09-01") == []
    ok("contacts", "edit", "Ada", "--active")
    assert kinds(due(ok, "2026-10-01")) == [("Ada Okafor", "check-in")]


def test_a_contact_with_no_roles_and_no_cadence_gets_no_check_in(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    assert due(ok, "2030-01-01") == []


def test_own_cadence_wins_over_role_cadence(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "career", "--stage", "cultivation", "--cadence", "2w")
    assert due(ok, "2026-09-15") == [
        item(ada, "Ada Okafor", "check-in", "2026-09-15", 0, "last contact 2026-09-01, every 14 days",
             severity="due")
    ]


def test_cadence_is_the_shortest_of_the_roles(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "career", "--role", "research", "--stage", "cultivation")
    assert due(ok, "2026-10-01") == [
        item(ada, "Ada Okafor", "check-in", "2026-10-01", 0, "last contact 2026-09-01, every 30 days",
             severity="due")
    ]


def test_check_in_counts_from_the_added_date_when_there_is_no_event(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation", on="2026-09-01")
    assert due(ok, "2026-09-30") == []
    assert due(ok, "2026-10-01") == [
        item(ada, "Ada Okafor", "check-in", "2026-10-01", 0, "last contact 2026-09-01, every 30 days",
             severity="due")
    ]


def test_last_contact_is_when_it_happened_not_when_it_was_logged(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("touch", "Ada", "--on", "2026-10-15")  # logged today (2026-11-22)
    ok("touch", "Ada", "--on", "2026-10-01")  # logged after it, but happened before it
    assert due(ok, "2026-11-22") == [
        item(ada, "Ada Okafor", "check-in", "2026-11-14", 8, "last contact 2026-10-15, every 30 days",
             severity="due")
    ]


@pytest.mark.parametrize(
    "event",
    [
        ("meeting", "log", "Ada", "--on", "2026-11-20"),
        ("touch", "Ada", "--on", "2026-11-20"),
        ("outreach", "log", "Ada", "--on", "2026-11-20"),  # its own follow-up is due 11-27
    ],
    ids=["meeting", "touch", "outreach"],
)
def test_a_later_contact_clears_the_check_in(cli, ok, event):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("touch", "Ada", "--on", "2026-10-01")
    assert kinds(due(ok, "2026-11-22")) == [("Ada Okafor", "check-in")]
    ok(*event)
    assert due(ok, "2026-11-22") == []


def test_the_reply_date_counts_as_contact(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("outreach", "log", "Ada", "--on", "2026-10-01")
    ok("outreach", "reply", "Ada", "--on", "2026-10-20")
    assert due(ok, "2026-11-19") == [
        item(ada, "Ada Okafor", "check-in", "2026-11-19", 0, "last contact 2026-10-20, every 30 days",
             severity="due")
    ]


# --- next meeting: the date agreed at the latest meeting ------------------------------------------

def test_next_meeting_is_due_on_the_agreed_date(cli, ok):
    ada = add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--next", "2026-11-01")
    assert due(ok, "2026-10-31") == []
    assert due(ok, "2026-11-03") == [
        item(ada, "Ada Okafor", "next-meeting", "2026-11-01", 2, "agreed at the meeting of 2026-10-01")
    ]


def test_next_meeting_is_cleared_by_a_later_meeting(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--next", "2026-11-01")
    ok("meeting", "log", "Ada", "--on", "2026-10-28")
    assert due(ok, "2026-11-22") == []


def test_the_latest_meetings_agreement_is_the_one_due(cli, ok):
    ada = add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--next", "2026-11-01")
    ok("meeting", "log", "Ada", "--on", "2026-10-28", "--next", "2026-11-20")
    assert due(ok, "2026-11-22") == [
        item(ada, "Ada Okafor", "next-meeting", "2026-11-20", 2, "agreed at the meeting of 2026-10-28")
    ]


@pytest.mark.parametrize(
    "letting_go",
    [("contacts", "stage", "Ada", "ended", "--on", "2026-11-05"),
     ("contacts", "stage", "Ada", "declined", "--on", "2026-11-05"),
     ("contacts", "stage", "Ada", "no-response", "--on", "2026-11-05"),
     ("contacts", "edit", "Ada", "--paused"),
     ("touch", "Ada", "--on", "2026-11-02")],
    ids=["ended", "declined", "no-response", "paused", "touch-after-the-date"],
)
def test_letting_go_clears_the_next_meeting_and_check_in_but_not_my_actions(cli, ok, letting_go):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--next", "2026-11-01", "--action", "send aims by 2026-11-10")
    assert {kind for _, kind in kinds(due(ok, "2026-11-22"))} == {"next-meeting", "check-in", "action"}
    ok(*letting_go)
    # the touch of 11-02 is after the agreed date: it clears that, and the cadence counts from it again
    assert due(ok, "2026-11-22") == [item(ada, "Ada Okafor", "action", "2026-11-10", 12, "#1 send aims")]


def test_an_agreed_next_meeting_stands_in_for_the_check_in_until_its_date(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--next", "2026-11-20")
    # the cadence (30 days) ran out on 10-31, but the meeting agreed for 11-20 is ahead: nothing due
    assert due(ok, "2026-11-19") == []
    assert due(ok, "2026-11-22") == [
        item(ada, "Ada Okafor", "check-in", "2026-11-20", 2, "last contact 2026-10-01, every 30 days",
             severity="late"),
        item(ada, "Ada Okafor", "next-meeting", "2026-11-20", 2, "agreed at the meeting of 2026-10-01"),
    ]
    ok("meeting", "log", "Ada", "--on", "2026-11-21")
    assert due(ok, "2026-11-22") == []


# --- action: my open action items with a due date ------------------------------------------------

def test_my_dated_open_action_is_due_and_theirs_and_undated_are_not(cli, ok):
    ada = add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--action", "send aims page by 2026-10-10",
       "--action", "think about sabbaticals", "--their-action", "read my draft by 2026-10-05")
    [mine] = [a for a in ok("actions", "list", "--json").json() if a["text"] == "send aims page"]
    assert due(ok, "2026-10-09") == []
    assert due(ok, "2026-10-10") == [
        item(ada, "Ada Okafor", "action", "2026-10-10", 0, f"#{mine['id']} send aims page")
    ]
    ok("actions", "done", str(mine["id"]), "--on", "2026-10-11")
    assert due(ok, "2026-11-22") == []


# --- referral: someone suggested, not contacted 14 days later -------------------------------------

def test_referral_is_due_fourteen_days_later_for_the_person_referred(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--referral", "Mei Chen")
    mei = ok("contacts", "show", "Mei Chen", "--json").json()["id"]
    assert due(ok, "2026-11-14") == []
    assert due(ok, "2026-11-15") == [
        item(mei, "Mei Chen", "referral", "2026-11-15", 0, "referred by Ada Okafor on 2026-11-01")
    ]


def test_referral_to_an_existing_contact_is_due_too(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    mei = add(cli, "Mei Chen")
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--referral", "mei chen")
    assert due(ok, "2026-11-15") == [
        item(mei, "Mei Chen", "referral", "2026-11-15", 0, "referred by Ada Okafor on 2026-11-01")
    ]


@pytest.mark.parametrize(
    "contact",
    [
        ("outreach", "log", "Mei Chen", "--on", "2026-11-10"),  # its follow-up falls due 11-17
        ("touch", "Mei Chen", "--on", "2026-11-10"),
        ("meeting", "log", "Mei Chen", "--on", "2026-11-10", "--thanked"),
    ],
    ids=["outreach", "touch", "meeting"],
)
def test_referral_is_cleared_by_contacting_the_person(cli, ok, contact):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--referral", "Mei Chen")
    assert kinds(due(ok, "2026-11-16")) == [("Mei Chen", "referral")]
    ok(*contact)
    assert due(ok, "2026-11-16") == []


# --- ordering, the look-ahead window, shape, empty, bad input --------------------------------------

def test_most_overdue_first(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Ben Hale", "--role", "research", "--stage", "cultivation")
    add(cli, "Cy Dunn", "--stage", "cultivation")
    add(cli, "Dee Park")
    ok("outreach", "log", "Ada", "--on", "2026-11-10")      # follow-up due 11-17
    ok("touch", "Ben", "--on", "2026-10-01")                # check-in due 10-31
    ok("meeting", "log", "Cy", "--on", "2026-10-20", "--action", "send CV by 2026-11-20")
    ok("meeting", "log", "Dee", "--on", "2026-11-09")       # thank-you due 11-10
    items = due(ok, "2026-11-22")
    assert [(i["contact"], i["kind"], i["due"], i["days_overdue"]) for i in items] == [
        ("Ben Hale", "check-in", "2026-10-31", 22),
        ("Dee Park", "thank-you", "2026-11-10", 12),
        ("Ada Okafor", "follow-up", "2026-11-17", 5),
        ("Cy Dunn", "action", "2026-11-20", 2),
    ]


def test_within_adds_what_falls_due_in_the_window_and_no_further(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Ben Hale")
    add(cli, "Cy Dunn", "--stage", "cultivation")
    ok("outreach", "log", "Ada", "--on", "2026-10-20")  # follow-up due 10-27
    ok("outreach", "log", "Ben", "--on", "2026-10-29")  # follow-up due 11-05
    ok("meeting", "log", "Cy", "--on", "2026-10-15", "--action", "send aims by 2026-11-08",
       "--action", "send budget by 2026-11-09")
    assert kinds(due(ok, "2026-11-01")) == [("Ada Okafor", "follow-up")]
    ahead = due(ok, "2026-11-01", "--within", "7d")
    assert [(i["contact"], i["kind"], i["due"], i["days_overdue"]) for i in ahead] == [
        ("Ada Okafor", "follow-up", "2026-10-27", 5),
        ("Ben Hale", "follow-up", "2026-11-05", -4),
        ("Cy Dunn", "action", "2026-11-08", -7),  # the window's last day is in; 11-09 is not
    ]
    assert due(ok, "2026-11-01", "--within", "1w") == ahead
    assert [i["detail"] for i in due(ok, "2026-11-01", "--within", "8d")][-1].endswith("send budget")


def test_json_keys_and_severity_only_on_check_ins(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "exploring", "--cadence", "1w")
    ok("meeting", "log", "Ada", "--on", "2026-11-10")
    items = due(ok, "2026-11-22")
    assert {i["kind"]: set(i) for i in items} == {
        "thank-you": KEYS,
        "check-in": KEYS | {"severity"},
    }
    assert [i["severity"] for i in items if i["kind"] == "check-in"] == ["late"]  # 12 days, every 7


def test_nothing_due_is_an_empty_list_with_json(cli):
    result = cli("outreach", "due", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "[]\n"
    assert result.stderr == ""


def test_nothing_due_is_a_message_without_json(cli):
    result = cli("outreach", "due", "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Nothing due as of 2026-11-01" in result.stderr


def test_table_lists_what_is_due_on_stdout(cli, ok):
    add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-11-01")
    result = cli("outreach", "due", "--as-of", "2026-11-10")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["contact", "what", "due", "late", "detail"]
    assert lines[1].split()[:5] == ["Ada", "Okafor", "follow-up", "2026-11-08", "2d"]
    assert result.stderr == ""



def test_table_says_how_late_or_how_soon(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Ben Hale")
    add(cli, "Cy Dunn")
    ok("outreach", "log", "Ada", "--on", "2026-10-20")  # due 10-27
    ok("outreach", "log", "Ben", "--on", "2026-10-25")  # due 11-01
    ok("outreach", "log", "Cy", "--on", "2026-10-29")   # due 11-05
    result = cli("outreach", "due", "--as-of", "2026-11-01", "--within", "7d")
    assert result.exit_code == 0, result.stderr
    rows = [line.split()[:5] for line in result.stdout.splitlines()[1:]]
    assert rows == [
        ["Ada", "Okafor", "follow-up", "2026-10-27", "5d"],
        ["Ben", "Hale", "follow-up", "2026-11-01", "today"],
        ["Cy", "Dunn", "follow-up", "2026-11-05", "in"],
    ]
    assert result.stdout.splitlines()[3].split()[5] == "4d"

@pytest.mark.parametrize(
    "options",
    [
        ("--as-of", "someday"),
        ("--as-of", "2026-02-30"),
        ("--within", "soon"),
        ("--within", "-3d"),
        ("--within", "7x"),
    ],
)
def test_bad_as_of_or_within_is_bad_usage(cli, options):
    assert_error(cli("outreach", "due", *options), 2, options[0])


# --- approach: a prospect with a role and no outreach, 14 days after being added -----------------

def test_approach_falls_due_fourteen_days_after_a_prospect_with_a_role_is_added(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--role", "clinical", on="2026-11-01")
    add(cli, "Ben Liu", on="2026-11-01")  # no role: only a name on the list
    add(cli, "Mia Mentee", "--role", "research", "--stage", "ended", on="2026-11-01")
    assert due(ok, "2026-11-14") == []
    assert due(ok, "2026-11-15") == [
        item(ada, "Ada Okafor", "approach", "2026-11-15", 0,
             "added 2026-11-01 for clinical, research; reach out with a specific ask")
    ]
    ok("outreach", "log", "Ada", "--on", "2026-11-16")
    assert kinds(due(ok, "2026-11-16")) == []


def test_a_referred_prospect_gets_the_referral_item_not_an_approach(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation", on="2026-10-01")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--referral", "Mei Chen")
    ok("contacts", "edit", "Mei", "--add-role", "research")
    assert kinds(due(ok, "2026-11-22")) == [("Mei Chen", "referral")]


# --- schedule: someone who replied, with no meeting 7 days later ---------------------------------

def test_schedule_falls_due_seven_days_after_a_reply_with_no_meeting(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", on="2026-10-01")
    ok("outreach", "log", "Ada", "--on", "2026-11-01")
    ok("outreach", "reply", "Ada", "--on", "2026-11-03")
    assert due(ok, "2026-11-09") == []
    assert due(ok, "2026-11-10") == [
        item(ada, "Ada Okafor", "schedule", "2026-11-10", 0, "replied 2026-11-03; propose a time to meet")
    ]
    ok("meeting", "log", "Ada", "--on", "2026-11-12", "--thanked")
    assert "schedule" not in {kind for _, kind in kinds(due(ok, "2026-11-22"))}


def test_a_decline_gives_no_schedule_item(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", on="2026-10-01")
    ok("outreach", "log", "Ada", "--on", "2026-11-01")
    ok("outreach", "reply", "Ada", "--on", "2026-11-03", "--declined")
    assert due(ok, "2026-12-22") == []
