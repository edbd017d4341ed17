"""`agree CONTACT ...` and `agree show CONTACT [--json] [--markdown]` (issue 17, item 1)."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks import assert_error
from tests.cli.helpers import add, show

FULL = ("--every", "1m", "--format", "30 minutes, video", "--channel", "email", "--they", "reads my drafts",
        "--they", "introduces me at ACC", "--me", "send an agenda two days before", "--goal", "1",
        "--review-every", "3m", "--until", "2027-11-01", "--on", "2026-11-01")


def agreed(ok, ref: str = "Ada") -> dict:
    result = ok("agree", "show", ref, "--json")
    assert result.stderr == ""
    return result.json()


def test_agree_records_every_term_and_prints_the_id(cli, ok):
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("goals", "add", "Submit the K award", "--by", "2027-06-01", "--mentor", "Ada")
    result = ok("agree", "Ada", *FULL)
    assert result.stdout == "1\n"
    assert "Agreed with Ada Okafor; you meet every 30 days (about monthly); review on 2027-02-01." in result.stderr
    assert agreed(ok) == {
        "contact": "Ada Okafor", "contact_id": ada, "stage": "cultivation", "review_on": "2027-02-01",
        "current": {
            "id": 1, "on": "2026-11-01", "every_days": 30, "format": "30 minutes, video", "channel": "email",
            "they_do": ["reads my drafts", "introduces me at ACC"], "i_do": ["send an agenda two days before"],
            "goals": [{"id": 1, "text": "Submit the K award", "by": "2027-06-01", "done_on": None}],
            "review_every_days": 92, "until": "2027-11-01",
        },
        "history": [agreed(ok)["current"]],
    }


def test_every_becomes_the_contacts_cadence_and_the_review_defaults_to_six_months(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "initiation")  # research: every 30 days
    ok("agree", "Ada", "--every", "2w", "--on", "2026-11-01")
    record = show(ok, "Ada")
    assert (record["cadence_days"], record["effective_cadence_days"]) == (14, 14)
    data = agreed(ok)
    assert (data["current"]["review_every_days"], data["review_on"]) == (182, "2027-05-02")


def test_an_agreement_without_every_leaves_the_cadence_alone(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "initiation", "--cadence", "3w")
    ok("agree", "Ada", "--they", "reads drafts")
    assert show(ok, "Ada")["cadence_days"] == 21


def test_a_new_agreement_supersedes_the_old_which_stays_in_the_history(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("agree", "Ada", "--every", "1m", "--on", "2026-06-01")
    second = ok("agree", "Ada", "--every", "2m", "--me", "bring the draft", "--on", "2026-11-01")
    assert "(it supersedes agreement 1)" in second.stderr
    data = agreed(ok)
    assert data["current"]["id"] == 2 and data["current"]["every_days"] == 61
    assert [a["id"] for a in data["history"]] == [2, 1]
    text = ok("agree", "show", "Ada").stdout
    assert "Agreement with Ada Okafor (#2)" in text and "Earlier agreements" in text
    assert show(ok, "Ada")["cadence_days"] == 61


def test_an_agreement_past_its_until_is_not_current(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("agree", "Ada", "--every", "1m", "--until", "2026-11-10", "--on", "2026-06-01")
    data = agreed(ok)
    assert data["current"] is None and len(data["history"]) == 1
    result = ok("agree", "show", "Ada")
    assert result.stdout == ""
    assert "No current agreement with Ada Okafor (the last one ran until 2026-11-10)" in result.stderr
    assert show(ok, "Ada")["agreement"] is None


def test_show_prints_the_terms(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("goals", "add", "Submit the K award", "--by", "2027-06-01")
    ok("agree", "Ada", *FULL)
    lines = ok("agree", "show", "Ada").stdout.splitlines()
    assert lines == [
        "Agreement with Ada Okafor (#1)",
        "  agreed:     2026-11-01, until 2027-11-01",
        "  meet every: 30 days (about monthly)",
        "  format:     30 minutes, video",
        "  channel:    email",
        "  they do:    reads my drafts",
        "  they do:    introduces me at ACC",
        "  you do:     send an agenda two days before",
        "  goal:       #1 Submit the K award (by 2027-06-01)",
        "  review:     2027-02-01, then every 92 days (about every three months)",
    ]


def test_markdown_is_a_note_to_send_with_your_name(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("me", "--name", "Sam Rivera")
    ok("goals", "add", "Submit the K award", "--by", "2027-06-01")
    ok("agree", "Ada", *FULL)
    note = ok("agree", "show", "Ada", "--markdown").stdout
    assert note.startswith("# Our mentoring agreement: Ada Okafor and Sam Rivera\n\nAgreed on 2026-11-01. "
                           "It runs until 2027-11-01.\n")
    for part in ("## How we meet\n\n- Every 30 days (about monthly)\n- Format: 30 minutes, video\n"
                 "- Between meetings: email\n",
                 "## What you offered to do\n\n- reads my drafts\n- introduces me at ACC\n",
                 "## What I will do\n\n- send an agenda two days before\n",
                 "## The goals it serves\n\n- Submit the K award (by 2027-06-01)\n",
                 "We'll look at how this is working around 2027-02-01"):
        assert part in note, part


def test_contacts_show_has_the_current_agreement(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    ok("agree", "Ada", "--every", "1m", "--they", "reads my drafts", "--on", "2026-11-01")
    assert show(ok, "Ada")["agreement"] == {
        "id": 1, "on": "2026-11-01", "every_days": 30, "format": None, "channel": None,
        "they_do": ["reads my drafts"], "i_do": [], "goals": [], "review_every_days": 182, "until": None,
        "review_on": "2027-05-02",
    }
    text = ok("contacts", "show", "Ada").stdout
    assert "Agreement\n  agreed:     2026-11-01\n  meet every: 30 days (about monthly)\n" in text
    assert "  they do:    reads my drafts\n" in text


def test_an_exploring_contact_is_told_how_to_record_the_start(cli, ok):
    add(cli, "Ada Okafor", "--met-on", "2026-11-01", on="2026-11-01")
    result = ok("agree", "Ada", "--every", "1m")
    assert "Ada Okafor is still exploring: `mentornet contacts stage 1 initiation`" in result.stderr
    committed = add(cli, "Ben Liu", "--stage", "cultivation")
    assert "is still" not in ok("agree", str(committed), "--every", "1m").stderr


def test_an_ended_contact_is_refused_with_a_hint(cli, ok):
    add(cli, "Ada Okafor", "--stage", "ended")
    assert_error(cli("agree", "Ada", "--every", "1m"), 1, "Ada Okafor is ended", "move the stage first",
                 "mentornet contacts stage 1 initiation")
    assert agreed(ok)["history"] == []


def test_no_agreement_yet(cli, ok):
    add(cli, "Ada Okafor")
    result = ok("agree", "show", "Ada")
    assert result.stdout == ""
    assert "No current agreement with Ada Okafor; record one with `mentornet agree 1" in result.stderr
    assert agreed(ok) == {"contact": "Ada Okafor", "contact_id": 1, "stage": "prospect", "current": None,
                          "review_on": None, "history": []}


def test_bad_input(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    assert_error(cli("agree", "Nobody", "--every", "1m"), 1, "no contact matches 'Nobody'")
    assert_error(cli("agree", "show", "Nobody"), 1, "no contact matches 'Nobody'")
    assert_error(cli("agree", "Ada", "--every", "often"), 2, "--every")
    assert_error(cli("agree", "Ada", "--review-every", "0d"), 2, "--review-every")
    assert_error(cli("agree", "Ada", "--goal", "9"), 1, "no goal with id 9")
    assert_error(cli("agree", "Ada", "--goal", "x"), 2, "--goal")
    assert_error(cli("agree", "Ada", "--on", "2026-11-01", "--until", "2026-10-01"), 2, "--until")
    assert_error(cli("agree", "Ada", "--on", "2027-01-01"), 2, "--on", "after today")
    assert_error(cli("agree", "show", "Ada", "--json", "--markdown"), 2, "--markdown")
    assert agreed(ok)["history"] == []


_TEXT = st.text(alphabet=string.printable + "éøü—[]", max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(format_=_TEXT, they=st.lists(_TEXT, max_size=3), every=st.sampled_from(["1d", "2w", "3m", "1y", "0d", "x"]))
def test_any_terms_either_work_and_read_back_or_give_one_clean_error(cli, ok, format_, they, every):
    cli("add-contact", "Ada Okafor", "--stage", "cultivation")
    args = ["agree", "Ada", "--every", every, "--format", format_]
    for text in they:
        args += ["--they", text]
    result = cli(*args)
    if result.exit_code != 0:
        assert_error(result, (1, 2))
        return
    from mentornet.text import clean

    current = agreed(ok)["current"]
    assert current["id"] == int(result.stdout)
    assert current["format"] == (clean(format_) or None)
    assert current["they_do"] == [clean(text) for text in they if clean(text)]


def test_merging_a_duplicate_keeps_its_agreements_and_reviews(cli, ok):
    keep = add(cli, "Dr. Ada Okafor", "--stage", "cultivation")
    dup = add(cli, "Ada O.", "--stage", "cultivation", "--allow-duplicate")
    ok("agree", str(dup), "--every", "1m", "--they", "reads my drafts", "--on", "2026-06-01")
    ok("review", str(dup), "--working", "yes", "--outcome", "continue", "--on", "2026-10-01")
    plan = ok("contacts", "merge", str(dup), str(keep), "--dry-run", "--json").json()
    assert (plan["moved"]["agreements"], plan["moved"]["reviews"]) == (1, 1)
    ok("contacts", "merge", str(dup), str(keep), "--yes")
    assert agreed(ok, str(keep))["current"]["they_do"] == ["reads my drafts"]
    assert [r["contact_id"] for r in ok("review", "list", "--json").json()] == [keep]


def test_the_development_plan_lists_the_current_agreements(cli, ok):
    add(cli, "Ada Okafor", "--stage", "cultivation")
    add(cli, "Ben Liu", "--stage", "cultivation")
    assert "### Agreements\n\n- _none recorded: `mentornet agree CONTACT --every 1m`_\n" in \
        ok("export", "--format", "idp").stdout
    ok("agree", "Ada", "--every", "1m", "--on", "2026-11-01")
    ok("agree", "Ben", "--until", "2026-11-10", "--on", "2026-06-01")  # ran out: not current
    plan = ok("export", "--format", "idp").stdout
    assert "### Agreements\n\n- Ada Okafor, agreed 2026-11-01: every 30 days; review 2027-05-02\n\n" in plan
    assert "Ben Liu, agreed" not in plan
