"""`goals edit|remove`: a goal changes with its plans, and one given up goes."""

from tests.checks import assert_error


def goals(ok) -> list[dict]:
    return ok("goals", "list", "--all", "--json").json()


def _goal(ok) -> int:
    ok("add-contact", "Dr. Ada Okafor", "--role", "research")
    ok("add-contact", "Mei Chen", "--role", "peer")
    return int(ok("goals", "add", "Submit a K award", "--by", "2027-06-01", "--role", "research",
                  "--mentor", "Ada").stdout)


def test_edit_replaces_what_is_given(ok):
    goal = _goal(ok)
    ok("goals", "edit", str(goal), "--text", "Submit a K23", "--by", "2027-09-01", "--horizon", "long",
       "--role", "peer", "--role", "research", "--mentor", "Mei", "--mentor", "Ada")
    assert goals(ok) == [{"id": goal, "text": "Submit a K23", "horizon": "long", "by": "2027-09-01",
                          "roles": ["research", "peer"], "mentors": ["Dr. Ada Okafor", "Mei Chen"], "done_on": None}]


def test_edit_keeps_what_is_not_given_and_empty_clears(ok):
    goal = _goal(ok)
    ok("goals", "edit", str(goal), "--by", "")
    ok("goals", "edit", str(goal), "--mentor", "")
    assert goals(ok)[0] == {"id": goal, "text": "Submit a K award", "horizon": "short", "by": None,
                             "roles": ["research"], "mentors": [], "done_on": None}


def test_edit_bad_input_changes_nothing(cli, ok):
    goal = _goal(ok)
    before = goals(ok)
    assert_error(cli("goals", "edit", str(goal), "--role", "nope"), 2, "unknown role")
    assert_error(cli("goals", "edit", str(goal), "--mentor", "Nobody"), 1, "no contact matches")
    assert_error(cli("goals", "edit", str(goal), "--by", "someday"), 2, "--by")
    assert_error(cli("goals", "edit", str(goal), "--text", " "), 2, "empty")
    assert_error(cli("goals", "edit", "99", "--text", "x"), 1, "no goal with id 99")
    assert goals(ok) == before


def test_remove(cli, ok):
    goal = _goal(ok)
    assert_error(cli("goals", "remove", str(goal)), 1, "--yes")
    assert len(goals(ok)) == 1
    done = ok("goals", "remove", str(goal), "--yes")
    assert "Removed goal 1: Submit a K award" in done.stderr
    assert goals(ok) == []
    assert_error(cli("goals", "remove", str(goal), "--yes"), 1, "no goal with id")
