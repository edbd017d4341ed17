"""`goals add|list|done` and the `goal` kind of `outreach due --goals` (cli.md, "Self-assessment,
goals, preparation, search"). Today is pinned to 2026-11-22 (conftest)."""


from tests.checks import assert_error, open_database

GOAL_KEYS = ["id", "text", "horizon", "by", "roles", "mentors", "done_on"]


def goals(ok, *options: str) -> list[dict]:
    result = ok("goals", "list", "--json", *options)
    assert result.stderr == ""
    return result.json()


def test_add_prints_the_id_and_list_shows_every_field(ok):
    ok("add-contact", "Dr. Ada Okafor", "--role", "research")
    ok("add-contact", "Zoë Çelik", "--role", "peer")
    first = ok("goals", "add", "Submit a K award", "--by", "2027-06-01", "--role", "research", "--role", "Peer",
               "--mentor", "ada", "--mentor", "zoe", "--mentor", "Okafor")
    second = ok("goals", "add", "  Become a program director ", "--horizon", "long", "--by", "in 5 years")
    assert (first.stdout, second.stdout) == ("1\n", "2\n")
    listed = goals(ok)
    assert [list(goal) for goal in listed] == [GOAL_KEYS, GOAL_KEYS]
    assert listed == [
        {"id": 1, "text": "Submit a K award", "horizon": "short", "by": "2027-06-01", "roles": ["research", "peer"],
         "mentors": ["Dr. Ada Okafor", "Zoë Çelik"], "done_on": None},
        {"id": 2, "text": "Become a program director", "horizon": "long", "by": "2031-11-22", "roles": [],
         "mentors": [], "done_on": None},
    ]


def test_list_is_soonest_first_and_undated_goals_last(ok):
    ok("goals", "add", "Someday")
    ok("goals", "add", "Later", "--by", "2028-01-01")
    ok("goals", "add", "Sooner", "--by", "2027-01-01")
    assert [g["text"] for g in goals(ok)] == ["Sooner", "Later", "Someday"]


def test_a_bare_duration_for_by_is_ahead(ok):
    ok("goals", "add", "Write the review", "--by", "3m")
    assert goals(ok)[0]["by"] == "2027-02-22"


def test_done_hides_a_goal_unless_all(ok):
    ok("goals", "add", "First paper", "--by", "2026-12-01")
    ok("goals", "add", "Second paper")
    done = ok("goals", "done", "1", "--on", "yesterday")
    assert done.stderr == "Done: First paper\n"
    assert [g["text"] for g in goals(ok)] == ["Second paper"]
    every = goals(ok, "--all")
    assert [(g["text"], g["done_on"]) for g in every] == [("Second paper", None), ("First paper", "2026-11-21")]


def test_done_twice_or_unknown_is_refused(cli, ok):
    ok("goals", "add", "First paper")
    ok("goals", "done", "1")
    again = cli("goals", "done", "1")
    assert again.exit_code == 1, again.stderr
    assert again.stdout == ""
    assert again.stderr == "Error: goal 1 was already done on 2026-11-22\n"
    result = cli("goals", "done", "2")
    assert result.exit_code == 1, result.stderr
    assert "no goal with id" in result.stderr
    huge = cli("goals", "done", "99999999999999999999999")  # not an id SQLite can hold: a bad number
    assert_error(huge, 2)


def test_text_table_and_empty_results(cli, ok):
    empty = ok("goals", "list")
    assert empty.stdout == ""
    assert "No open goals" in empty.stderr
    assert ok("goals", "list", "--json").stdout == "[]\n"
    ok("add-contact", "Dr. Lee [Cardiology]")
    ok("goals", "add", "[bold]Board exam[/bold]", "--by", "2026-11-01", "--mentor", "Lee")
    table = ok("goals", "list").stdout.splitlines()
    assert table[0].split() == ["id", "goal", "horizon", "by", "roles", "mentors", "done"]
    assert "[bold]Board exam[/bold]" in table[1] and "Dr. Lee [Cardiology]" in table[1]


def test_bad_input_exits_2_unknown_mentor_exits_1_and_nothing_is_added(cli, ok, db_path):
    ok("add-contact", "Ada Okafor")
    for args, code, words in [
        (("goals", "add", "X", "--role", "astronomy"), 2, "unknown role 'astronomy'"),
        (("goals", "add", "X", "--by", "someday"), 2, "--by"),
        (("goals", "add", "X", "--horizon", "medium"), 2, "--horizon"),
        (("goals", "add", "   "), 2, "a goal needs some text"),
        (("goals", "add", "X", "--mentor", "Nobody"), 1, "no contact matches 'Nobody'"),
        (("goals", "done", "one"), 2, "ID"),
    ]:
        result = cli(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert result.stdout == ""
        assert words in result.stderr, (args, result.stderr)
    assert goals(ok, "--all") == []


def test_removing_a_mentor_or_a_role_unlinks_the_goal(ok, db_path):
    ok("add-contact", "Ada Okafor")
    ok("roles", "add", "writing")
    ok("goals", "add", "Finish the thesis", "--mentor", "Ada", "--role", "writing", "--role", "research")
    ok("contacts", "remove", "Ada", "--yes")
    conn = open_database(db_path)
    if not getattr(conn, "on_server", False):  # PostgreSQL always enforces them
        conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("DELETE FROM role WHERE key = 'writing'")
    conn.commit()
    conn.close()
    assert goals(ok) == [{"id": 1, "text": "Finish the thesis", "horizon": "short", "by": None,
                          "roles": ["research"], "mentors": [], "done_on": None}]


# --- outreach due --goals ---------------------------------------------------------------------

def test_overdue_goals_are_due_only_with_goals(ok):
    ok("add-contact", "Ada Okafor", "--role", "research")
    ok("add-contact", "Zoë Çelik")
    ok("goals", "add", "Submit the K award", "--by", "2026-11-20", "--mentor", "Ada", "--mentor", "Zoë")
    ok("goals", "add", "Later", "--by", "2026-11-25", "--horizon", "long")
    ok("goals", "add", "Done already", "--by", "2026-10-01")
    ok("goals", "done", "3")
    ok("goals", "add", "No date")

    plain = ok("outreach", "due", "--json", "--as-of", "2026-11-22").json()
    assert [item["kind"] for item in plain] == []  # the default list stays about people
    with_goals = ok("outreach", "due", "--json", "--as-of", "2026-11-22", "--goals").json()
    assert with_goals == [{
        "contact_id": None, "contact": None, "kind": "goal", "due": "2026-11-20", "days_overdue": 2,
        "detail": "#1 Submit the K award (short-term goal; with Ada Okafor, Zoë Çelik)", "goal_id": 1,
        "mentors": ["Ada Okafor", "Zoë Çelik"],
    }]
    ahead = ok("outreach", "due", "--json", "--as-of", "2026-11-22", "--goals", "--within", "7d").json()
    assert [(i["kind"], i["goal_id"], i["days_overdue"]) for i in ahead] == [("goal", 1, 2), ("goal", 2, -3)]


def test_goals_sort_among_people_by_due_date(ok):
    ok("add-contact", "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-11-10")  # follow-up due 11-17
    ok("goals", "add", "Aims page", "--by", "2026-11-15")
    items = ok("outreach", "due", "--json", "--goals").json()
    assert [(i["kind"], i["due"]) for i in items] == [("goal", "2026-11-15"), ("follow-up", "2026-11-17")]
    table = ok("outreach", "due", "--goals").stdout
    assert "goal" in table and "#1 Aims page (short-term goal)" in table


def test_goals_and_assessments_travel_in_a_json_export(ok, tmp_path):
    ok("add-contact", "Ada Okafor")
    ok("goals", "add", "K award", "--by", "2027-06-01", "--role", "research", "--mentor", "Ada")
    ok("goals", "add", "Done one")
    ok("goals", "done", "2")
    ok("assess", "--mission", "Heal", "--need", "research", "--need", "writing", "--strength", "writing")
    exported = tmp_path / "network.json"
    ok("export", "--output", str(exported))
    other = tmp_path / "other" / "mentornet.db"
    ok("--db", str(other), "import", str(exported))
    for command in (("goals", "list", "--all", "--json"), ("assess", "history", "--json"), ("roles", "list", "--json")):
        assert ok("--db", str(other), *command).json() == ok(*command).json(), command
