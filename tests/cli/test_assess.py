"""`assess`, `assess show|history` (cli.md, "Self-assessment, goals, preparation, search").

The interview runs through CliRunner's input. CliRunner's stdin is not a terminal, so the
interview is reached two ways: `--interview` (which also lets a person pipe answers in), and, as
on a real terminal with no answers given, by patching `mentornet.cli.assess.at_terminal`, the one
place `assess` decides whether someone is there to ask.
"""

import pytest

import mentornet.cli.assess as assess_cli

SHOW_KEYS = ["id", "date", "mission", "success", "goals", "long_term_goals", "personal_goals", "strengths",
             "challenges", "needs", "helps", "hinders", "values"]


def roles(ok) -> dict[str, dict]:
    return {r["key"]: r for r in ok("roles", "list", "--json").json()}


def show(ok) -> dict | None:
    result = ok("assess", "show", "--json")
    assert result.stderr == ""
    return result.json()


def test_flags_record_every_answer(ok):
    done = ok("assess", "--mission", "Better heart-failure care through trials", "--success", "Funded, and home by six",
              "--goal", "K award", "--goal", "Three first-author papers", "--long-term-goal", "R01",
              "--personal-goal", "Coach my daughter's team", "--strength", "writing", "--challenge", "saying no",
              "--challenge", "statistics", "--need", "research", "--helps", "quiet mornings",
              "--hinders", "interruptions", "--value", "honesty", "--on", "2026-11-01")
    assert done.stdout == ""
    assert "Self-assessment of 2026-11-01 saved." in done.stderr
    data = show(ok)
    assert list(data) == SHOW_KEYS
    assert data == {
        "id": 1, "date": "2026-11-01", "mission": "Better heart-failure care through trials",
        "success": "Funded, and home by six", "goals": ["K award", "Three first-author papers"],
        "long_term_goals": ["R01"], "personal_goals": ["Coach my daughter's team"], "strengths": ["writing"],
        "challenges": ["saying no", "statistics"], "needs": ["research"], "helps": ["quiet mornings"],
        "hinders": ["interruptions"], "values": ["honesty"],
    }


def test_show_text_lists_the_answers(ok):
    ok("assess", "--mission", "[bold]Heal[/bold]", "--goal", "K award", "--need", "research")
    lines = ok("assess", "show").stdout.splitlines()
    assert lines == ["Self-assessment of 2026-11-22", "Mission: [bold]Heal[/bold]", "Short-term goals (1-5 years):",
                     "  - K award", "Mentoring needs (roles):", "  - research"]


def test_needs_map_to_roles_by_key_or_label_and_new_ones_are_created(ok):
    ok("roles", "add", "education", "--label", "Medical education")
    done = ok("assess", "--need", "Research", "--need", "medical education", "--need", "Grant writing",
              "--need", "grant-writing", "--need", "research")
    assert show(ok)["needs"] == ["research", "education", "grant-writing"]
    assert "New roles: grant-writing." in done.stderr
    known = roles(ok)
    assert known["grant-writing"]["label"] == "Grant writing"
    assert known["grant-writing"]["target"] == 0
    assert "No target yet for education, grant-writing" in done.stderr


def test_apply_targets_sets_one_only_where_there_is_none(ok):
    ok("roles", "target", "career", "2")
    ok("roles", "add", "education")
    done = ok("assess", "--need", "career", "--need", "education", "--need", "leadership", "--need", "sponsor",
              "--apply-targets")
    assert "Target of 1 mentor set for education, leadership, sponsor" in done.stderr
    targets = {key: role["target"] for key, role in roles(ok).items()}
    assert (targets["career"], targets["education"], targets["leadership"], targets["sponsor"]) == (2, 1, 1, 1)
    assert targets["peer"] == 0  # not a need
    assert [r["role"] for r in ok("gaps", "--json").json()["roles"]][-3:] == ["sponsor", "education", "leadership"]


def test_each_assessment_is_kept_and_show_is_the_latest(ok):
    ok("assess", "--mission", "First", "--on", "2025-01-10")
    ok("assess", "--mission", "Third", "--on", "2026-06-01")
    ok("assess", "--mission", "Second", "--on", "2025-09-01")  # backdated: not the latest
    assert show(ok)["mission"] == "Third"
    history = ok("assess", "history", "--json").json()
    assert [(a["date"], a["mission"]) for a in history] == [
        ("2025-01-10", "First"), ("2025-09-01", "Second"), ("2026-06-01", "Third")]
    assert list(history[0]) == SHOW_KEYS
    table = ok("assess", "history").stdout.splitlines()
    assert table[0].split() == ["date", "mission", "short-term", "goals", "needs"]
    assert table[1].startswith("2025-01-10  First")


def test_empty_show_and_history(ok):
    assert ok("assess", "show", "--json").stdout == "null\n"
    assert ok("assess", "history", "--json").stdout == "[]\n"
    for command in (("assess", "show"), ("assess", "history")):
        result = ok(*command)
        assert result.stdout == ""
        assert "No self-assessment yet" in result.stderr


@pytest.mark.parametrize("args, words", [
    ((), "assess needs answers"),  # off a terminal, nothing given: nothing to ask, nothing to save
    (("--need", "a need with far too many words to be a role key, surely"), "can't be one"),
    (("--need", "Führung & Co"), "can't be one"),
    (("--mission", "x", "--on", "whenever"), "--on"),
    (("--mission", "   ",), "at least one answer"),
    (("--mission", "x", "--interview"), "not both"),
    (("--mission", "x", "show"), "takes no answers"),
    (("show", "--mission", "x"), "No such option"),
])
def test_bad_usage_exits_2_and_saves_nothing(cli, ok, args, words):
    result = cli("assess", *args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert words in result.stderr
    assert ok("assess", "history", "--json").json() == []
    assert "fuhrung-&-co" not in roles(ok)


# --- the interview ----------------------------------------------------------------------------

ANSWERS = [
    "Better care for older adults with heart failure",  # mission
    "Funded research and time with family",  # success
    "K award", "First-author paper", "",  # short-term goals
    "R01", "",  # long-term goals
    "Family dinners", "",  # personal goals
    "writing", "clinical reasoning", "",  # strengths
    "saying no", "",  # challenges
    "research", "Leadership", "",  # needs: a role, and a new one
    "quiet mornings", "",  # helps
    "", # hinders: skipped
    "honesty", "generosity", "",  # values
]


def interview_input(*targets: str) -> str:
    return "\n".join(ANSWERS + list(targets)) + "\n"


def test_interview_asks_every_question_with_hints(cli, ok):
    result = cli("assess", "--interview", input=interview_input("y"))
    assert result.exit_code == 0, result.stderr
    # the questions go to stderr (CliRunner echoes the typed answers to stdout, as a terminal would show them)
    for question in ("What is your mission?", "How do you define success?", "short-term goals (1-5 years)",
                     "long-term goals (5-10 years)", "personal goals", "strengths?", "challenges?",
                     "mentoring needs?", "What helps you work?", "What makes work harder?",
                     "What do you value in colleagues?"):
        assert question in result.stderr
    assert "e.g. to improve care" in result.stderr  # the examples, as hints
    assert "Your roles: clinical, research, career, personal, sponsor, peer" in result.stderr
    assert "leadership (a new role)" in result.stderr
    assert "Set a target of 1 mentor for leadership" in result.stderr
    assert show(ok) == {
        "id": 1, "date": "2026-11-22", "mission": "Better care for older adults with heart failure",
        "success": "Funded research and time with family", "goals": ["K award", "First-author paper"],
        "long_term_goals": ["R01"], "personal_goals": ["Family dinners"],
        "strengths": ["writing", "clinical reasoning"], "challenges": ["saying no"],
        "needs": ["research", "leadership"], "helps": ["quiet mornings"], "hinders": [],
        "values": ["honesty", "generosity"],
    }
    assert roles(ok)["leadership"]["target"] == 1


def test_interview_no_to_targets_leaves_them(cli, ok):
    result = cli("assess", "--interview", input=interview_input("n"))
    assert result.exit_code == 0, result.stderr
    assert roles(ok)["leadership"]["target"] == 0
    assert "No target yet for leadership" in result.stderr


def test_interview_with_apply_targets_does_not_ask(cli, ok):
    result = cli("assess", "--interview", "--apply-targets", input=interview_input())
    assert result.exit_code == 0, result.stderr
    assert "Set a target" not in result.stderr
    assert roles(ok)["leadership"]["target"] == 1


def test_on_a_terminal_with_no_flags_the_interview_starts(cli, ok, monkeypatch):
    monkeypatch.setattr(assess_cli, "at_terminal", lambda: True)
    result = cli("assess", input=interview_input("y"))
    assert result.exit_code == 0, result.stderr
    assert "What is your mission?" in result.stderr
    assert show(ok)["needs"] == ["research", "leadership"]


def test_on_a_terminal_flags_skip_the_interview(cli, ok, monkeypatch):
    monkeypatch.setattr(assess_cli, "at_terminal", lambda: True)
    result = cli("assess", "--mission", "Heal")
    assert result.exit_code == 0, result.stderr
    assert "What is your mission?" not in result.stderr


def test_an_interview_cut_short_saves_nothing(cli, ok):
    result = cli("assess", "--interview", input="A mission\nSuccess\nK award\n")  # input ends mid-way
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: aborted\n")
    assert show(ok) is None


def test_an_empty_interview_saves_nothing(cli, ok):
    result = cli("assess", "--interview", input="\n" * 12)
    assert result.exit_code == 2
    assert "at least one answer" in result.stderr
    assert show(ok) is None
