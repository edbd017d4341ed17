"""`actions list|done`, and the actions a meeting records (cli.md, "Outreach, meetings, touches")."""



from tests.checks import assert_error
from tests.cli.helpers import actions, add, meetings, show

MEETING_KEYS = ["id", "contact", "on", "mode", "agenda", "notes", "rating", "next", "thanked_on", "referrals"]
ACTION_KEYS = ["id", "contact", "contact_id", "text", "owner", "due", "done_on"]



# --- actions from a meeting --------------------------------------------------------------------

def test_actions_by_date_count_from_the_meetings_day(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-10",  # a Tuesday, twelve days before today
       "--action", "send aims page by friday",
       "--action", "draft the budget by 2w",
       "--action", "book the room by tomorrow",
       "--action", "review chapter by Smith by 2026-12-01",
       "--action", "walk by the lake",
       "--their-action", "read my draft by monday")
    assert actions(ok) == [
        {"id": 3, "contact": "Ada Okafor", "contact_id": 1, "text": "book the room", "owner": "me", "due": "2026-11-11",
         "done_on": None},
        {"id": 1, "contact": "Ada Okafor", "contact_id": 1, "text": "send aims page", "owner": "me", "due": "2026-11-13",
         "done_on": None},
        {"id": 6, "contact": "Ada Okafor", "contact_id": 1, "text": "read my draft", "owner": "them", "due": "2026-11-16",
         "done_on": None},
        {"id": 2, "contact": "Ada Okafor", "contact_id": 1, "text": "draft the budget", "owner": "me", "due": "2026-11-24",
         "done_on": None},
        {"id": 4, "contact": "Ada Okafor", "contact_id": 1, "text": "review chapter by Smith", "owner": "me", "due": "2026-12-01",
         "done_on": None},
        {"id": 5, "contact": "Ada Okafor", "contact_id": 1, "text": "walk by the lake", "owner": "me", "due": None, "done_on": None},
    ]


def test_an_empty_action_is_bad_usage(cli, ok):
    add(cli, "Ada Okafor")
    assert_error(cli("meeting", "log", "Ada", "--action", "   "), 2, "--action")
    assert meetings(ok) == []


def test_actions_list_open_and_done(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Ben Hale")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--action", "send aims page by 2026-11-20")
    ok("meeting", "log", "Ben", "--on", "2026-11-11", "--their-action", "intro to Mei")
    done = cli("actions", "done", "1", "--on", "2026-11-15")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == "Done: send aims page\n"
    every = actions(ok)
    assert [list(row) for row in every] == [ACTION_KEYS] * 2
    assert every == [
        {"id": 2, "contact": "Ben Hale", "contact_id": 2, "text": "intro to Mei", "owner": "them", "due": None, "done_on": None},
        {"id": 1, "contact": "Ada Okafor", "contact_id": 1, "text": "send aims page", "owner": "me", "due": "2026-11-20",
         "done_on": "2026-11-15"},
    ]
    assert actions(ok, "--open") == [every[0]]
    assert show(ok, "Ada")["open_actions"] == []


def test_actions_done_twice_or_unknown_fails(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--action", "send aims page")
    ok("actions", "done", "1", "--on", "2026-11-15")
    assert_error(cli("actions", "done", "1"), 1, "2026-11-15")
    assert_error(cli("actions", "done", "99"), 1, "99")
    assert_error(cli("actions", "done", "first"), 2)
    assert actions(ok)[0]["done_on"] == "2026-11-15"


def test_actions_list_empty(cli):
    as_json = cli("actions", "list", "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert as_json.stdout == "[]\n"
    assert as_json.stderr == ""
    table = cli("actions", "list", "--open")
    assert table.exit_code == 0, table.stderr
    assert table.stdout == ""
    assert "No open action items" in table.stderr


def test_actions_table(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--action", "send [bold]aims[/bold] by 2026-11-20")
    result = cli("actions", "list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "contact", "owner", "due", "done", "action"]
    assert lines[1].split() == ["1", "Ada", "Okafor", "me", "2026-11-20", "send", "[bold]aims[/bold]"]
