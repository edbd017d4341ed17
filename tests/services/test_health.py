"""Each health signal (services/health.py): raised by the facts behind it, cleared by the event that
should clear it. Agreements and reviews are inserted as rows (their commands are another branch's)."""

from datetime import date

import pytest

from mentornet.services.database import reading, writing
from mentornet.services.health import CODES, signals
from mentornet.store import rows
from tests.checks import open_database
from tests.cli.helpers import add

TODAY = date(2026, 11, 22)


def insert(db_path, table: str, values: dict) -> int:
    """A row written as the commands write them: store.rows inside one unit of work."""
    with writing(db_path) as conn:
        return rows.insert(conn, table, values)


def agree(db_path, contact_id: int, on: str, every: int | None = 30, until: str | None = None) -> int:
    return insert(db_path, "agreement", {"contact_id": contact_id, "on_date": on, "every_days": every,
                                         "until_on": until})


def review(db_path, contact_id: int, on: str, *flags: str) -> int:
    review_id = insert(db_path, "review", {"contact_id": contact_id, "on_date": on})
    for flag in flags:
        with writing(db_path) as conn:
            conn.execute("INSERT INTO review_flag (review_id, code) VALUES (?, ?)", (review_id, flag))
    return review_id


def codes(db_path, contact_id: int | None = None, as_of: date = TODAY) -> dict[str, list]:
    """code -> [(contact_id, since, detail)]."""
    with reading(db_path) as conn:
        found: dict[str, list] = {}
        for s in signals(conn, as_of, contact_id):
            found.setdefault(s.code, []).append((s.contact_id, s.since.isoformat(), s.detail))
        return found


@pytest.fixture
def ada(cli):
    """A committed research mentor, added on 2026-06-01 (every 30 days, from the role)."""
    return add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation", on="2026-06-01")


def test_their_actions_late_after_14_days_cleared_when_done(ok, ada, db_path):
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--their-action", "send the dataset by 2026-11-08",
       "--agenda", "data")
    assert "their-actions-late" not in codes(db_path)  # 14 days late on the 22nd: not over
    [(contact, since, detail)] = codes(db_path, as_of=date(2026, 11, 23))["their-actions-late"]
    assert (contact, since) == (ada, "2026-11-23")
    assert detail == "#1 send the dataset, which they promised by 2026-11-08, is 15 days late"
    ok("actions", "done", "1")
    assert "their-actions-late" not in codes(db_path, as_of=date(2026, 11, 23))


def test_my_actions_late_counts_them_and_names_the_oldest(ok, ada, db_path):
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--action", "send aims by 2026-10-05",
       "--action", "draft budget by 2026-10-20", "--action", "read paper by 2026-11-20", "--agenda", "aims")
    [(_, since, detail)] = codes(db_path)["my-actions-late"]
    assert since == "2026-10-20"
    assert detail.startswith("2 things you promised are over 14 days late; the oldest, #1 send aims")
    ok("actions", "done", "1")
    ok("actions", "done", "2")
    assert "my-actions-late" not in codes(db_path)


def test_going_cold_is_the_due_lists_severity_and_clears_with_any_contact(ok, ada, db_path):
    ok("touch", "Ada", "--on", "2026-09-25")
    assert "going-cold" not in codes(db_path)  # 58 days, every 30: late, not yet cold
    [(_, since, detail)] = codes(db_path, as_of=date(2026, 11, 30))["going-cold"]
    assert since == "2026-11-24"
    assert detail == "66 days since the last contact (2026-09-25); every 30 days was the plan"
    due = ok("outreach", "due", "--json", "--as-of", "2026-11-30").json()
    assert [d["severity"] for d in due if d["kind"] == "check-in"] == ["going cold"]
    ok("touch", "Ada", "--on", "2026-11-21")
    assert "going-cold" not in codes(db_path, as_of=date(2026, 11, 30))


def test_no_agreement_after_two_meetings_cleared_by_an_agreement(ok, ada, db_path):
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--agenda", "a")
    assert "no-agreement" not in codes(db_path)
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--agenda", "b")
    [(_, since, detail)] = codes(db_path)["no-agreement"]
    assert (since, detail.split(" and ")[0]) == ("2026-11-01", "2 meetings")
    agree(db_path, ada, "2026-11-02")
    assert "no-agreement" not in codes(db_path)


def test_an_agreement_that_ran_out_counts_as_none(ok, ada, db_path):
    ok("meeting", "log", "Ada", "--on", "2026-01-10", "--agenda", "a")
    ok("meeting", "log", "Ada", "--on", "2026-02-10", "--agenda", "b")
    agree(db_path, ada, "2026-02-10", until="2026-11-01")
    [(_, since, detail)] = codes(db_path)["no-agreement"]
    assert since == "2026-11-02" and "ended on 2026-11-01" in detail
    assert "no-agreement" not in codes(db_path, as_of=date(2026, 11, 1))


def test_cadence_mismatch_when_contacts_run_over_half_again_the_cadence(ok, ada, db_path):
    agree(db_path, ada, "2026-06-01", every=30)
    ok("touch", "Ada", "--on", "2026-08-01")  # 61 days
    assert "cadence-mismatch" not in codes(db_path)  # one gap is not yet a pattern
    ok("touch", "Ada", "--on", "2026-10-01")  # 61 days: average 61 > 45
    [(_, since, detail)] = codes(db_path)["cadence-mismatch"]
    assert since == "2026-10-01"
    assert detail == "agreed on 2026-06-01 to be in touch every 30 days; since then, every 61 days on average (3 contacts)"
    agree(db_path, ada, "2026-10-01", every=60)  # a new agreement, honest about the pace: clears it
    assert "cadence-mismatch" not in codes(db_path)


def test_cadence_mismatch_clears_when_contacts_come_closer(ok, ada, db_path):
    agree(db_path, ada, "2026-06-01", every=30)
    ok("touch", "Ada", "--on", "2026-09-01")
    ok("touch", "Ada", "--on", "2026-10-01")  # 122 days over two gaps: 61 on average
    assert "cadence-mismatch" in codes(db_path)
    for day in ("2026-10-15", "2026-10-29", "2026-11-12"):
        ok("touch", "Ada", "--on", day)  # 164 days over five gaps: under 45
    assert "cadence-mismatch" not in codes(db_path)


def test_low_rating_on_a_first_meeting_and_on_the_last_two(ok, ada, db_path):
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--rating", "2", "--agenda", "x")
    [(_, since, detail)] = codes(db_path)["low-rating"]
    assert since == "2026-10-01" and "only meeting so far was rated 2" in detail
    ok("meeting", "log", "Ada", "--on", "2026-10-15", "--rating", "4", "--agenda", "x")
    assert "low-rating" not in codes(db_path)  # a better meeting clears it
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--rating", "1", "--agenda", "x")
    assert "low-rating" not in codes(db_path)  # one poor meeting after a good one: not yet
    ok("meeting", "log", "Ada", "--on", "2026-11-15", "--rating", "2", "--agenda", "x")
    [(_, since, detail)] = codes(db_path)["low-rating"]
    assert since == "2026-11-15" and detail == "the last two meetings (2026-11-01, then the latest) were rated 1 and 2"
    ok("meeting", "log", "Ada", "--on", "2026-11-20", "--rating", "3", "--agenda", "x")
    assert "low-rating" not in codes(db_path)


def test_no_agenda_for_three_meetings_cleared_by_one_with_an_agenda(ok, ada, db_path):
    for day in ("2026-09-01", "2026-10-01"):
        ok("meeting", "log", "Ada", "--on", day)
    assert "no-agenda" not in codes(db_path)
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--agenda", "   ")  # blank is none
    [(_, since, _detail)] = codes(db_path)["no-agenda"]
    assert since == "2026-11-01"
    ok("meeting", "log", "Ada", "--on", "2026-11-15", "--agenda", "K award aims")
    assert "no-agenda" not in codes(db_path)


def test_stalled_after_a_year_in_initiation_cleared_by_moving_on(ok, cli, db_path):
    ben = add(cli, "Ben Liu", "--role", "career", on="2025-01-01")
    ok("contacts", "stage", "Ben", "initiation", "--on", "2025-11-22")
    assert "stalled" not in codes(db_path)  # exactly a year: not over
    [(contact, since, detail)] = codes(db_path, as_of=date(2026, 11, 23))["stalled"]
    assert (contact, since) == (ben, "2026-11-23") and "since 2025-11-22" in detail
    ok("contacts", "stage", "Ben", "cultivation")
    assert "stalled" not in codes(db_path, as_of=date(2026, 11, 23))


def test_flagged_while_the_latest_review_has_flags(ok, ada, db_path):
    review(db_path, ada, "2026-10-01", "poor-communication", "lack-of-commitment")
    [(_, since, detail)] = codes(db_path)["flagged"]
    assert since == "2026-10-01" and detail == "your latest review flagged lack-of-commitment, poor-communication"
    review(db_path, ada, "2026-11-15")  # a later review with no flag: resolved
    assert "flagged" not in codes(db_path)
    review(db_path, ada, "2026-11-20", "competition")
    assert codes(db_path)["flagged"][0][2] == "your latest review flagged competition"


def test_only_committed_relationships_not_paused(ok, cli, db_path):
    add(cli, "Cy Park", "--role", "clinical", "--stage", "exploring", on="2025-01-01")
    dee = add(cli, "Dee Roy", "--role", "clinical", "--stage", "initiation", on="2025-01-01")
    ok("contacts", "edit", "Dee", "--paused")
    for name in ("Cy", "Dee"):
        ok("meeting", "log", name, "--on", "2026-10-01", "--rating", "1")
    assert codes(db_path) == {}  # exploring: not committed; paused: on hold
    ok("contacts", "edit", "Dee", "--active")
    found = codes(db_path)
    assert set(found) == {"low-rating", "stalled"}
    assert {contact for signals_ in found.values() for contact, _, _ in signals_} == {dee}


def test_one_contact_and_the_order_worst_first(ok, cli, ada, db_path):
    ben = add(cli, "Ben Liu", "--role", "career", "--stage", "cultivation", on="2026-06-01")
    ok("meeting", "log", "Ben", "--on", "2026-11-01", "--rating", "1", "--agenda", "x")
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--agenda", "x")
    ok("meeting", "log", "Ada", "--on", "2026-11-10", "--agenda", "y")
    with reading(db_path) as conn:
        every = signals(conn, TODAY)
        assert [s.code for s in every] == sorted((s.code for s in every), key=CODES.index)
        assert {s.contact_id for s in signals(conn, TODAY, ben)} == {ben}
        assert [s.code for s in signals(conn, TODAY, ada)] == ["no-agreement"]


def test_signals_read_plain_sql_writes_too(ok, ada, db_path):
    """Health reads tables, not a cache: a row written outside mentornet counts at once."""
    conn = open_database(db_path)
    conn.execute("INSERT INTO review (contact_id, on_date, created_at) VALUES (?, '2026-11-01', 'x')", (ada,))
    conn.execute("INSERT INTO review_flag (review_id, code) VALUES ((SELECT max(id) FROM review), 'personality')")
    conn.commit()
    conn.close()
    assert codes(db_path)["flagged"][0][2] == "your latest review flagged personality"
