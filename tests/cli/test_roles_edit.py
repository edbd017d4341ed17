"""`roles edit|remove`, and a need that is a typo of a role."""

from tests.checks import assert_error


def role(ok, key: str) -> dict:
    return next(r for r in ok("roles", "list", "--json").json() if r["key"] == key)


def test_edit_changes_what_is_given(ok):
    ok("roles", "add", "leadership", "--cadence", "2m", "--description", "running things")
    ok("roles", "edit", "leadership", "--label", "Leading", "--cadence", "6w", "--target", "2")
    assert role(ok, "leadership") == {"key": "leadership", "label": "Leading", "description": "running things",
                                      "family": "career", "cadence_days": 42, "target": 2, "contacts": 0}
    ok("roles", "edit", "Leadership", "--cadence", "", "--description", "")
    assert (role(ok, "leadership")["cadence_days"], role(ok, "leadership")["description"]) == (None, None)


def test_edit_bad_input(cli, ok):
    assert_error(cli("roles", "edit", "nope", "--target", "1"), 2, "unknown role")
    assert_error(cli("roles", "edit", "research", "--cadence", "often"), 2, "--cadence")
    assert_error(cli("roles", "edit", "research", "--label", " "), 2, "label")


def test_remove_is_refused_while_contacts_hold_it_unless_forced(cli, ok):
    ok("roles", "add", "leadership")
    ok("add-contact", "Ada Okafor", "--role", "leadership", "--role", "research")
    ok("goals", "add", "Lead a clinic", "--role", "leadership")
    assert_error(cli("roles", "remove", "leadership"), 1, "1 contact holds", "--force")
    assert role(ok, "leadership")["contacts"] == 1
    assert "1 contact unlinked" in ok("roles", "remove", "leadership", "--force").stderr
    assert "leadership" not in [r["key"] for r in ok("roles", "list", "--json").json()]
    assert ok("contacts", "show", "Ada", "--json").json()["roles"] == ["research"]
    assert ok("goals", "list", "--json").json()[0]["roles"] == []
    assert_error(cli("roles", "remove", "leadership"), 2, "unknown role")


def test_remove_an_unheld_role(ok):
    ok("roles", "add", "leadership")
    assert "Removed role leadership." in ok("roles", "remove", "leadership").stderr


def test_a_need_close_to_a_role_is_taken_for_a_typo(cli, ok):
    before = ok("roles", "list", "--json").json()
    assert_error(cli("assess", "--need", "reserch", "--mission", "m"), 2, "did you mean research?")
    assert ok("roles", "list", "--json").json() == before
    assert ok("assess", "show", "--json").json() is None
    ok("assess", "--need", "grant-writing")  # far from every role: a new one
    assert "grant-writing" in [r["key"] for r in ok("roles", "list", "--json").json()]
