"""`draft KIND CONTACT`: drafts built from the network, the advice's warnings, templates, --log."""

import pytest

from tests.checks import assert_error
from tests.cli.helpers import add

ME = ("me", "--name", "Sam Lee", "--training", "PGY-2 internal medicine resident", "--institution", "Mercy General",
      "--email", "sam@example.org", "--interest", "quality improvement", "--interest", "sepsis outcomes")
ASK = "20 minutes on a call about my stats plan?"
KINDS = ["approach", "follow-up", "thank-you", "ask-to-mentor", "agenda", "check-in"]


def codes(result) -> list[str]:
    return [w["code"] for w in result.json()["warnings"]]


@pytest.fixture
def network(cli, ok):
    """Ada (met, noted), Mei (referred by Ada, a biostatistician), Lee (nothing known)."""
    add(cli, "Dr. Ada Okafor", "--role", "research", "--specialty", "Cardiology", "--institution", "Mercy General",
        "--met-at", "Research day", "--note", "Runs the heart failure QI program.", "--email", "ada@example.org")
    add(cli, "Mei Chen", "--role", "research", "--title", "Biostatistician", "--institution", "State University",
        "--referred-by", "Ada", "--note", "Designs stepped-wedge trials.")
    add(cli, "Lee Park")
    return ok


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["Ada", "Mei", "Lee"])
@pytest.mark.parametrize("with_profile", [True, False])
def test_every_kind_drafts_for_every_contact(network, kind, who, with_profile):
    ok = network
    if with_profile:
        ok(*ME)
    result = ok("draft", kind, who, "--json")
    data = result.json()
    assert set(data) == {"kind", "contact", "to", "subject", "body", "words", "warnings"}
    assert data["kind"] == kind and data["subject"] and data["body"].startswith("Dear ")
    assert data["words"] == len(data["body"].split())
    assert ("no-profile" in codes(result)) is not with_profile
    assert ("Sam Lee" in data["body"]) is with_profile
    if who == "Mei" and kind in ("approach", "follow-up"):
        assert "Dr. Ada Okafor" in data["body"] and "no-referrer" not in codes(result)
    plain = ok("draft", kind, who)
    assert plain.stdout == f"Subject: {data['subject']}\n\n{data['body']}\n"


def test_approach_for_a_referred_contact_names_the_referrer_and_the_ask(network):
    ok = network
    ok(*ME)
    result = ok("draft", "approach", "Mei", "--ask", ASK, "--json")
    data = result.json()
    assert data["subject"] == "Dr. Ada Okafor suggested I write: 20 minutes on a call about my stats plan"
    body = data["body"]
    assert "Dr. Ada Okafor suggested I get in touch with you." in body
    assert "My name is Sam Lee; I am a PGY-2 internal medicine resident at Mercy General." in body
    assert "as a Biostatistician at State University" in body and "Designs stepped-wedge trials." in body
    assert ASK in body and "please don't feel any need to reply" in body
    assert 150 <= data["words"] <= 250 and codes(result) == []


def test_approach_without_a_referrer_says_where_you_met(network):
    ok = network
    ok(*ME)
    body = ok("draft", "approach", "Ada", "--ask", ASK, "--json").json()["body"]
    assert "We met at Research day, and I've wanted to follow up since." in body
    assert "your work in cardiology at Mercy General" in body


def test_warnings_no_ask_and_nothing_personal(network):
    ok = network
    ok(*ME)
    assert {"no-ask", "nothing-personal"} <= set(codes(ok("draft", "approach", "Lee", "--json")))
    assert not {"no-ask", "nothing-personal"} & set(codes(ok("draft", "approach", "Ada", "--ask", ASK, "--json")))


@pytest.mark.parametrize("ask", ["Any advice?", "Could I pick your brain sometime?", "What advice do you have for me?"])
def test_a_vague_ask_is_flagged(network, ask):
    ok = network
    ok(*ME)
    assert "vague-ask" in codes(ok("draft", "approach", "Ada", "--ask", ask, "--json"))
    assert "vague-ask" not in codes(ok("draft", "approach", "Ada", "--ask", ASK, "--json"))


def test_the_ask_defaults_to_the_pending_outreach(network):
    ok = network
    ok(*ME)
    ok("outreach", "log", "Mei", "--on", "9 days ago", "--ask", ASK)
    result = ok("draft", "follow-up", "Mei", "--json")
    body = result.json()["body"]
    assert f"I wrote to you on 2026-11-13 to ask: {ASK}" in body
    assert "no-ask" not in codes(result) and "already-followed-up" not in codes(result)
    ok("outreach", "follow-up", "Mei", "--on", "2 days ago")
    assert "already-followed-up" in codes(ok("draft", "follow-up", "Mei", "--json"))


def _template(db_path, kind: str, text: str) -> None:
    folder = db_path.parent / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{kind}.txt").write_text(text, encoding="utf-8")


WORDS_120 = " ".join(["word"] * 110)
WORDS_300 = " ".join(["word"] * 290)


@pytest.mark.parametrize(("filler", "code"), [(WORDS_120, "too-short"), (WORDS_300, "too-long")])
def test_word_count_outside_150_to_250_is_flagged(network, db_path, filler, code):
    ok = network
    ok(*ME)
    _template(db_path, "approach", "Subject: Hello\n\nDear ${their_name}, ${referrer} ${ask}\n" + filler + "\n")
    result = ok("draft", "approach", "Mei", "--ask", ASK, "--json")
    assert code in codes(result) and result.json()["subject"] == "Hello"
    assert {"too-long", "too-short"} - {code} - set(codes(result)) == {"too-long", "too-short"} - {code}


def test_built_in_approach_is_within_range(network):
    ok = network
    ok(*ME)
    result = ok("draft", "approach", "Mei", "--ask", ASK, "--json")
    assert not {"too-long", "too-short"} & set(codes(result))


def test_a_template_that_drops_the_referrer_is_flagged(network, db_path):
    ok = network
    ok(*ME)
    _template(db_path, "approach", "Subject: Hi\n\nDear ${their_name}, ${ask}\n")
    assert "no-referrer" in codes(ok("draft", "approach", "Mei", "--ask", ASK, "--json"))


def test_a_template_override_replaces_the_built_in_text(network, db_path):
    ok = network
    ok(*ME)
    _template(db_path, "thank-you", "Subject: Thanks, ${their_name}\n\nThanks from ${my_name}; it cost $$0.\n")
    result = ok("draft", "thank-you", "Ada")
    assert result.stdout == "Subject: Thanks, Dr. Ada Okafor\n\nThanks from Sam Lee; it cost $0.\n"
    assert "We met at Research day" in ok("draft", "approach", "Ada").stdout  # the others stay built in


def test_an_unknown_placeholder_names_the_file_and_placeholder(cli, network, db_path):
    _template(db_path, "approach", "Subject: x\n\nDear ${their_name} ${__class__}\n")
    assert_error(cli("draft", "approach", "Ada"), 1, "approach.txt", "${__class__}", "--placeholders")


def test_a_broken_template_is_one_clear_line(cli, network, db_path):
    _template(db_path, "agenda", "Subject: x\n\nDear ${their_name\n")
    assert_error(cli("draft", "agenda", "Ada"), 1, "agenda.txt", "line 3")


def test_placeholders_are_listed(ok):
    listed = ok("draft", "--placeholders").stdout
    assert "${their_name}" in listed and "${referrer}" in listed and "${questions}" in listed


def test_log_with_yes_records_exactly_one_outreach(network):
    ok = network
    ok(*ME)
    ok("draft", "approach", "Mei", "--ask", ASK, "--log", "--yes")
    listed = ok("outreach", "list", "--json").json()
    assert [(o["contact"], o["attempt"], o["ask"]) for o in listed] == [("Mei Chen", 1, ASK)]


def test_log_off_a_terminal_without_yes_logs_nothing(cli, network):
    assert_error(cli("draft", "approach", "Mei", "--ask", ASK, "--log"), 1, "--yes")
    assert network("outreach", "list", "--json").json() == []


def test_no_log_without_log(network):
    network("draft", "approach", "Mei", "--ask", ASK)
    assert network("outreach", "list", "--json").json() == []


def test_thank_you_names_the_meeting_its_notes_and_actions_and_logs_the_thanks(network):
    ok = network
    ok(*ME)
    ok("meeting", "log", "Ada", "--on", "2026-11-20", "--notes", "K award timeline; aims first.",
       "--action", "send the aims page by 2026-12-01", "--referral", "Mei Chen")
    body = ok("draft", "thank-you", "Ada", "--json").json()["body"]
    assert "Thank you for meeting with me on 2026-11-20." in body
    # the notes are private: offered in a bracket to rewrite, never as the email's own words
    assert "[From your notes: \u201cK award timeline.\u201d Say in a sentence what you took" in body
    assert "I will send the aims page by 2026-12-01." in body
    assert "suggesting I talk to Mei Chen" in body
    ok("draft", "thank-you", "Ada", "--log", "--yes")
    assert ok("meeting", "list", "Ada", "--json").json()[0]["thanked_on"] == "2026-11-22"


def test_ask_to_mentor_asks_directly_with_a_cadence(network):
    ok = network
    ok(*ME)
    ok("meeting", "log", "Ada", "--on", "2026-11-20")
    body = ok("draft", "ask-to-mentor", "Ada", "--json").json()["body"]
    assert "would you be willing to be one of my research advisors?" in body
    assert "every month or so" in body and "please don't feel any need to reply" in body


def test_the_queue_goes_through_the_agenda_draft(network):
    ok = network
    ok(*ME)
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--action", "draft the aims page", "--their-action",
       "introduce me to the QI office", "--next", "2026-11-25")
    ok("actions", "done", "1", "--on", "2026-10-20")
    first = ok("ask", "Ada", "Which K award fits a QI project?").stdout.strip()
    ok("ask", "Ada", "Should I present at the spring meeting?")
    body = ok("draft", "agenda", "Ada", "--ask", "Feedback on my aims page", "--json").json()["body"]
    assert "Ahead of our meeting on 2026-11-25" in body
    assert "- Which K award fits a QI project?\n- Should I present at the spring meeting?" in body
    assert "What I've done since we last met on 2026-10-01:\n- draft the aims page" in body
    assert "- introduce me to the QI office\n- Feedback on my aims page?" in body
    ok("meeting", "log", "Ada", "--on", "2026-11-22", "--covered", first)
    body = ok("draft", "agenda", "Ada", "--json").json()["body"]
    assert "Which K award" not in body and "- Should I present at the spring meeting?" in body


def test_edit_rechecks_what_you_wrote(network, tmp_path, monkeypatch):
    ok = network
    ok(*ME)
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf "Subject: Short\\n\\nDear Mei, any advice?\\n" > "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    result = ok("draft", "approach", "Mei", "--ask", ASK, "--edit", "--json")
    data = result.json()
    assert data["subject"] == "Short" and data["body"] == "Dear Mei, any advice?"
    assert {"too-short", "vague-ask", "no-referrer"} <= set(codes(result))


def test_edit_without_an_editor_says_how_to_set_one(cli, network, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    assert_error(cli("draft", "approach", "Mei", "--edit"), 2, "export EDITOR=")


def test_bad_input(cli, network):
    assert_error(cli("draft", "nope", "Ada"), 2, "approach")
    assert_error(cli("draft", "approach", "Nobody"), 1, "Nobody")
    assert_error(cli("draft"), 2, "KIND")


def test_warnings_go_to_stderr_and_the_draft_still_prints(network):
    result = network("draft", "approach", "Lee")
    assert result.stdout.startswith("Subject: ")
    assert "warning (no-profile)" in result.stderr and "warning (no-ask)" in result.stderr


@pytest.mark.parametrize("editor", ["no-such-editor-anywhere", "vim 'unclosed"])
def test_draft_edit_with_an_editor_that_cannot_start_is_one_line(cli, ok, monkeypatch, editor):
    ok("add-contact", "Ada Okafor")
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    assert_error(cli("draft", "approach", "Ada", "--edit"), 2, "editor")
