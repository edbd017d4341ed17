"""`review CONTACT ...` and `review list [--json]` (issue 17, item 2).

CliRunner's stdin is not a terminal; the interactive review is reached as on a terminal with no
answers given, by patching `mentornet.cli.review.at_terminal`."""


import pytest

import mentornet.cli.review as review_cli
from tests.checks import assert_error, open_database, short_lock_wait
from tests.cli.helpers import add, show

FLAGS = "poor-communication, lack-of-commitment, personality, competition, conflict-of-interest, inexperience"


def reviews(ok) -> list[dict]:
    result = ok("review", "list", "--json")
    assert result.stderr == ""
    return result.json()


def stages(ok, ref: str) -> list[str]:
    return [event["summary"] for event in show(ok, ref)["timeline"] if event["kind"] == "stage"]


@pytest.fixture
def ada(cli, ok) -> int:
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("agree", "Ada", "--every", "1m", "--they", "reads my drafts", "--on", "2026-05-01")
    return ada


def test_review_records_the_answers_and_review_list_shows_them(ok, ada):
    result = ok("review", "Ada", "--working", "partly", "--flag", "lack-of-commitment", "--flag", "poor-communication",
                "--note", "meetings slip", "--outcome", "continue", "--on", "2026-11-20")
    assert result.stdout == "1\n"
    assert "Review of Ada Okafor saved (2026-11-20)." in result.stderr
    assert reviews(ok) == [{"id": 1, "contact": "Ada Okafor", "contact_id": ada, "on": "2026-11-20",
                            "working": "partly", "outcome": "continue",
                            "flags": ["poor-communication", "lack-of-commitment"], "note": "meetings slip"}]
    table = ok("review", "list").stdout.splitlines()
    assert table[0].split() == ["id", "date", "contact", "working", "flags", "outcome", "note"]
    assert "2026-11-20" in table[1] and "poor-communication, lack-of-commitment" in table[1]
    assert show(ok, "Ada")["stage"] == "cultivation"


def test_no_reviews_yet(cli):
    empty = cli("review", "list")
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert "No reviews yet" in empty.stderr
    assert cli("review", "list", "--json").stdout == "[]\n"


def test_adjust_prints_the_agree_command_to_start_from(ok, ada):
    ok("goals", "add", "K award")
    ok("agree", "Ada", "--every", "1m", "--format", "30 minutes, video", "--me", "send the agenda", "--goal", "1",
       "--on", "2026-06-01")
    result = ok("review", "Ada", "--working", "partly", "--outcome", "adjust")
    assert "Record the new agreement; starting from the current one:" in result.stderr
    assert ("  mentornet agree 1 --every 30d --format '30 minutes, video' --me 'send the agenda' --goal 1 "
            "--review-every 182d") in result.stderr
    assert show(ok, "Ada")["stage"] == "cultivation"


def test_adjust_without_an_agreement_prints_a_template(cli, ok):
    add(cli, "Ben Liu", "--stage", "initiation")
    result = ok("review", "Ben", "--outcome", "adjust")
    assert "  mentornet agree 1 --every 1m --they TEXT --me TEXT" in result.stderr


def test_redefine_moves_the_stage_and_lengthens_the_cadence(ok, ada):
    result = ok("review", "Ada", "--working", "yes", "--outcome", "redefine", "--on", "2026-11-20")
    assert "Ada Okafor: cultivation -> redefined." in result.stderr
    record = show(ok, "Ada")
    assert (record["stage"], record["cadence_days"]) == ("redefined", 90)  # twice 30, at least 90
    ok("contacts", "edit", "Ada", "--cadence", "2m")
    ok("review", "Ada", "--outcome", "redefine")
    assert show(ok, "Ada")["cadence_days"] == 122


def test_close_moves_to_separation_then_ended_and_offers_the_thank_you(ok, ada):
    result = ok("review", "Ada", "--working", "no", "--flag", "competition", "--outcome", "close", "--on", "2026-11-20")
    assert "Ada Okafor: cultivation -> separation." in result.stderr
    assert "Ada Okafor: separation -> ended." in result.stderr
    assert "`mentornet draft thank-you 1`" in result.stderr
    assert show(ok, "Ada")["stage"] == "ended"
    assert stages(ok, "Ada")[-2:] == ["stage cultivation -> separation (closed at a review)",
                                      "stage separation -> ended (closed at a review, on good terms)"]
    ok("draft", "thank-you", "Ada")  # the thank-you it offers can be drafted


def test_an_ended_contact_has_nothing_to_review(cli, ok):
    add(cli, "Ada Okafor", "--stage", "ended")
    assert_error(cli("review", "Ada", "--outcome", "continue"), 1, "Ada Okafor is ended", "move the stage")
    assert reviews(ok) == []


@pytest.mark.parametrize(("option", "value", "valid"), [
    ("--flag", "rudeness", FLAGS),
    ("--outcome", "pause", "continue, adjust, redefine, close"),
    ("--working", "maybe", "yes, partly, no"),
])
def test_a_word_outside_the_list_names_the_valid_ones(cli, ok, ada, option, value, valid):
    result = cli("review", "Ada", option, value)
    assert_error(result, 2, option, value)
    for word in valid.split(", "):
        assert repr(word) in result.stderr.splitlines()[0]
    assert reviews(ok) == []


def test_bad_input(cli, ok, ada):
    assert_error(cli("review", "Nobody", "--outcome", "continue"), 1, "no contact matches 'Nobody'")
    assert_error(cli("review", "Ada", "--on", "someday", "--outcome", "continue"), 2, "--on")
    assert_error(cli("review", "Ada"), 2, "review needs answers", "--working")
    assert reviews(ok) == []


# --- interactive -------------------------------------------------------------------------------

# reciprocity y, respect y, expectations n, connection (skip), values y; failure factors: communication n,
# commitment y, personality n, competition n, conflict (skip), inexperience n; working (suggested partly);
# a note; next: adjust
ANSWERS = "y\ny\nn\n\ny\n" "n\ny\nn\nn\n\nn\n" "\n" "Agree on an agenda\n" "adjust\n"


def test_the_interview_walks_the_factors_in_plain_words(cli, ok, ada, monkeypatch):
    monkeypatch.setattr(review_cli, "at_terminal", lambda: True)
    result = cli("review", "Ada", input=ANSWERS)
    assert result.exit_code == 0, result.stderr
    for question in ("Does it go both ways", "respect each other", "know what you expect of each other",
                     "personal connection", "share values", "messages go unanswered", "promises slip",
                     "personalities", "competition", "position pull against your interests",
                     "lack the experience", "is it working?", "Next?"):
        assert question in result.stderr, question
    [done] = reviews(ok)
    assert (done["working"], done["flags"], done["outcome"]) == ("partly", ["lack-of-commitment"], "adjust")
    assert done["note"] == ("Working: reciprocity, mutual respect, shared values. Missing: clear expectations. "
                            "Agree on an agenda")
    assert "mentornet agree 1 --every 30d" in result.stderr


def test_the_interview_asks_again_after_a_word_it_does_not_know(cli, ok, ada, monkeypatch):
    monkeypatch.setattr(review_cli, "at_terminal", lambda: True)
    result = cli("review", "Ada", input="perhaps\n" + "y\n" * 5 + "n\n" * 6 + "yes\n\ncontinue\n")
    assert result.exit_code == 0, result.stderr
    assert "One of y, n, please" in result.stderr
    assert reviews(ok)[0]["working"] == "yes"


def test_interview_answers_survive_a_failed_save(cli, ok, ada, db_path, monkeypatch):
    monkeypatch.setattr(review_cli, "at_terminal", lambda: True)
    short_lock_wait(monkeypatch)
    holder = open_database(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("review", "Ada", input=ANSWERS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1, result.stderr  # (CliRunner echoes the typed answers on stdout)
    assert result.stderr.count("Error: ") == 1 and "your answers are kept in" in result.stderr
    assert "Traceback" not in result.stderr
    [path] = (db_path.parent / "unsaved").iterdir()
    assert path.name.startswith("review-") and str(path) in result.stderr
    text = path.read_text(encoding="utf-8")
    assert "mentornet review 1 --working partly --flag lack-of-commitment" in text
    assert "'Working: reciprocity, mutual respect, shared values. Missing: clear expectations. Agree on an agenda'" \
        in text and "--outcome adjust --on 2026-11-22" in text
    assert reviews(ok) == []


def test_the_interview_is_not_started_for_an_ended_contact(cli, ok, monkeypatch):
    monkeypatch.setattr(review_cli, "at_terminal", lambda: True)
    add(cli, "Ada Okafor", "--stage", "ended")
    assert_error(cli("review", "Ada", input=""), 1, "is ended")
