"""`me` (who you are) and `ask` (questions for the next meeting)."""

from tests.checks import assert_error
from tests.cli.helpers import add


def test_me_alone_before_a_profile(ok):
    assert ok("me", "--json").json() is None
    result = ok("me")
    assert result.stdout == "" and "No profile yet" in result.stderr


def test_me_keeps_one_row_and_given_fields_replace(ok):
    ok("me", "--name", "Sam Lee", "--training", "PGY-2", "--interest", "QI", "--interest", "sepsis")
    ok("me", "--story", "From nursing to medicine.", "--email", "sam@example.org")
    assert ok("me", "--json").json() == {
        "name": "Sam Lee", "training": "PGY-2", "institution": None, "email": "sam@example.org", "phone": None,
        "story": "From nursing to medicine.", "interests": ["QI", "sepsis"]}
    ok("me", "--training", "", "--interest", "education")
    data = ok("me", "--json").json()
    assert data["training"] is None and data["interests"] == ["education"] and data["name"] == "Sam Lee"
    shown = ok("me").stdout
    assert "name:        Sam Lee\n" in shown and "story:       From nursing to medicine.\n" in shown


def test_ask_queues_lists_and_closes(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Mei Chen")
    assert ok("ask", "Ada", "Which K award fits?").stdout == "1\n"
    ok("ask", "Mei", "Stepped wedge or cluster?")
    listed = ok("ask", "list", "--json").json()
    assert [(q["id"], q["contact"], q["text"], q["asked_on"], q["done_on"]) for q in listed] == [
        (1, "Ada Okafor", "Which K award fits?", "2026-11-22", None),
        (2, "Mei Chen", "Stepped wedge or cluster?", "2026-11-22", None)]
    assert [q["id"] for q in ok("ask", "list", "Mei", "--json").json()] == [2]
    ok("ask", "done", "1")
    assert [q["id"] for q in ok("ask", "list", "--json").json()] == [2]
    assert [q["done_on"] for q in ok("ask", "list", "--all", "--json").json()] == ["2026-11-22", None]
    assert "Stepped wedge" in ok("ask", "list").stdout


def test_ask_list_empty(ok):
    assert ok("ask", "list", "--json").json() == []
    assert "No open questions" in ok("ask", "list").stderr


def test_meeting_covered_closes_only_that_contacts_questions(cli, ok):
    add(cli, "Ada Okafor")
    add(cli, "Mei Chen")
    ok("ask", "Ada", "Which K award fits?")
    ok("ask", "Mei", "Stepped wedge?")
    assert_error(cli("meeting", "log", "Ada", "--covered", "2"), 2, "Mei Chen")
    assert ok("meeting", "list", "--json").json() == []  # nothing of the meeting was kept
    ok("meeting", "log", "Ada", "--covered", "1")
    closed = ok("ask", "list", "--all", "--json").json()[0]
    assert closed["done_on"] == "2026-11-22" and closed["meeting_id"] == 1


def test_ask_bad_input(cli):
    add(cli, "Ada Okafor")
    assert_error(cli("ask", "Nobody", "a question"), 1, "Nobody")
    assert_error(cli("ask", "Ada", "   "), 2, "text")
    assert_error(cli("ask", "done", "abc"), 2, "not a question id")
    assert_error(cli("ask", "done", "99"), 1, "no question with id 99")
    assert_error(cli("ask", "list", "Nobody"), 1, "Nobody")


def test_prep_shows_the_open_questions(cli, ok):
    add(cli, "Ada Okafor")
    ok("ask", "Ada", "Which K award fits?")
    closed = ok("ask", "Ada", "Already answered?").stdout.strip()
    ok("ask", "done", closed)
    assert ok("prep", "Ada", "--json").json()["questions"] == ["Which K award fits?"]
    assert "Your questions\n  - Which K award fits?\n" in ok("prep", "Ada").stdout
