"""`contacts merge FROM INTO`: a way out of a duplicate."""


from tests.checks import assert_error, open_database
from tests.cli.helpers import add, contacts, meetings, show


def _network(cli, ok):
    """Tom (the duplicate, with history) and Dr. Thomas Brennan (to keep), and people around them."""
    ada = add(cli, "Ada Okafor", on="2026-08-01")
    keep = add(cli, "Dr. Thomas Brennan", "--email", "tb@example.org", "--title", "Chief", "--role", "research",
               "--tag", "cardio", on="2026-09-01")
    dup = add(cli, "Tom Brennan", "--title", "Professor", "--institution", "Mercy", "--role", "career",
              "--tag", "cardio", "--tag", "trials", "--referred-by", "Ada Okafor", "--note", "met at AHA",
              "--supervisor", on="2026-08-15")
    ok("outreach", "log", str(dup), "--on", "2026-09-02")
    ok("meeting", "log", str(dup), "--on", "2026-09-10", "--action", "send aims", "--referral", "Mei Chen",
       "--notes", "talked trials")
    ok("touch", str(dup), "--on", "2026-10-01")
    ok("meeting", "log", "Ada", "--on", "2026-10-02", "--referral", "Tom Brennan")
    goal = int(ok("goals", "add", "K award", "--mentor", str(dup)).stdout)
    ok("ask", str(dup), "Which K award fits?")
    return ada, keep, dup, goal


def test_merge_moves_every_record_and_removes_the_duplicate(cli, ok, db_path):
    ada, keep, dup, goal = _network(cli, ok)
    ok("contacts", "merge", str(dup), str(keep), "--yes")
    assert contacts(ok) == ["Ada Okafor", "Dr. Thomas Brennan", "Mei Chen"]
    kept = show(ok, str(keep))
    assert kept["email"] == "tb@example.org"
    assert kept["title"] == "Chief"  # INTO's value stays...
    assert kept["institution"] == "Mercy"  # ...its empty fields fill
    assert kept["supervisor"] is True
    assert kept["referred_by"] == "Ada Okafor"
    assert kept["roles"] == ["research", "career"]
    assert kept["tags"] == ["cardio", "trials"]
    assert kept["added_on"] == "2026-08-15"  # known since the earlier
    assert kept["last_contact"] == "2026-10-01"
    assert kept["stage"] == "exploring"  # as its merged meeting would have made it
    assert kept["notes"] == ("met at AHA\nmerged from Tom Brennan: name: Tom Brennan\n"
                             "merged from Tom Brennan: title: Professor")
    kinds = [event["kind"] for event in kept["timeline"]]
    assert kinds.count("outreach") == 1 and kinds.count("meeting") == 1 and kinds.count("touch") == 1
    assert [m["contact"] for m in meetings(ok)] == ["Dr. Thomas Brennan", "Ada Okafor"]
    assert meetings(ok)[1]["referrals"] == ["Dr. Thomas Brennan"]
    assert show(ok, "Mei Chen")["referred_by"] == "Dr. Thomas Brennan"
    assert [a["contact"] for a in ok("actions", "list", "--json").json()] == ["Dr. Thomas Brennan"]
    assert ok("goals", "list", "--json").json()[0]["mentors"] == ["Dr. Thomas Brennan"]
    assert [q["contact"] for q in ok("ask", "list", "--json").json()] == ["Dr. Thomas Brennan"]  # not lost
    conn = open_database(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM stage_change WHERE contact_id = ?", (dup,)).fetchone()[0] == 0
        if not getattr(conn, "on_server", False):  # PostgreSQL enforces every reference on each write
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_dry_run_shows_what_would_move_and_changes_nothing(cli, ok):
    _ada, keep, dup, _goal = _network(cli, ok)
    before = show(ok, str(keep))
    done = ok("contacts", "merge", "Tom Brennan", "Dr. Thomas Brennan", "--dry-run")
    assert "Would merge Tom Brennan" in done.stdout
    assert "moves 1 meetings" in done.stdout and "fills institution: Mercy" in done.stdout
    plan = ok("contacts", "merge", str(dup), str(keep), "--dry-run", "--json").json()
    assert plan["moved"]["touches"] == 1 and plan["dry_run"] is True
    assert show(ok, str(keep)) == before
    assert "Tom Brennan" in contacts(ok)


def test_merge_refuses_off_a_terminal_without_yes(cli, ok):
    _ada, keep, dup, _goal = _network(cli, ok)
    assert_error(cli("contacts", "merge", str(dup), str(keep)), 1, "--yes")
    assert "Tom Brennan" in contacts(ok)


def test_merge_into_itself_or_an_unknown_contact(cli, ok):
    keep = add(cli, "Dr. Thomas Brennan")
    assert_error(cli("contacts", "merge", str(keep), "Thomas Brennan", "--yes"), 2, "same contact")
    assert_error(cli("contacts", "merge", "Nobody", str(keep), "--yes"), 1, "no contact matches")
