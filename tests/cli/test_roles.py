"""`roles list|add|target` (cli.md, "Roles and the mosaic"; domain.md, "Roles shipped by default")."""

import pytest

from tests.checks import assert_error

DEFAULT_ROLES = [
    {"key": "clinical", "label": "Clinical", "description": "Clinical judgement, procedures, practice",
     "family": "career", "cadence_days": 60, "target": 1, "contacts": 0},
    {"key": "research", "label": "Research", "description": "Projects, methods, grants, papers",
     "family": "career", "cadence_days": 30, "target": 1, "contacts": 0},
    {"key": "career", "label": "Career",
     "description": "Promotion, jobs, navigating the institution (ideally not the supervisor)",
     "family": "career", "cadence_days": 90, "target": 1, "contacts": 0},
    {"key": "personal", "label": "Personal", "description": "Work-life, wellbeing, confidence; the confidant",
     "family": "psychosocial", "cadence_days": 60, "target": 1, "contacts": 0},
    {"key": "sponsor", "label": "Sponsor", "description": "Advocates for you when you are not in the room",
     "family": "career", "cadence_days": 180, "target": 0, "contacts": 0},
    {"key": "peer", "label": "Peer", "description": "Same or near stage; community, accountability",
     "family": "psychosocial", "cadence_days": 30, "target": 0, "contacts": 0},
]


def roles_json(ok) -> list[dict]:
    return ok("roles", "list", "--json").json()


def by_key(ok) -> dict:
    return {r["key"]: r for r in roles_json(ok)}


# --- roles list ---------------------------------------------------------------------------------

def test_roles_list_json_is_the_shipped_roles(cli):
    result = cli("roles", "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.json() == DEFAULT_ROLES


def test_roles_list_counts_contacts(ok):
    ok("add-contact", "Ada Okafor", "--role", "research", "--role", "clinical")
    ok("add-contact", "Ben Hale", "--role", "research")
    counts = {key: r["contacts"] for key, r in by_key(ok).items()}
    assert counts == {"clinical": 1, "research": 2, "career": 0, "personal": 0, "sponsor": 0, "peer": 0}


def test_roles_list_text(cli):
    result = cli("roles", "list")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["role", "label", "family", "cadence", "target", "contacts", "description"]
    assert [line.split()[0] for line in lines[1:]] == ["clinical", "research", "career", "personal", "sponsor", "peer"]
    assert lines[2].split()[:6] == ["research", "Research", "career", "30d", "1", "0"]
    assert lines[5].split()[:6] == ["sponsor", "Sponsor", "career", "180d", "0", "0"]


def test_roles_list_bad_option(cli):
    assert_error(cli("roles", "list", "--colour"))


# --- roles add ----------------------------------------------------------------------------------

def test_roles_add_with_every_option(cli, ok):
    result = cli("roles", "add", "leadership", "--label", "Leadership", "--description", "Running things",
                 "--family", "psychosocial", "--cadence", "2m", "--target", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "leadership" in result.stderr
    assert roles_json(ok) == DEFAULT_ROLES + [{
        "key": "leadership", "label": "Leadership", "description": "Running things", "family": "psychosocial",
        "cadence_days": 61, "target": 1, "contacts": 0,  # 2026-11-22 + 2 months = 2027-01-22
    }]


def test_roles_add_defaults(ok):
    ok("roles", "add", "Role Model")
    assert roles_json(ok)[-1] == {
        "key": "role-model", "label": "Role model", "description": None, "family": "career",
        "cadence_days": None, "target": 0, "contacts": 0,
    }


def test_roles_add_keeps_the_order_added(ok):
    ok("roles", "add", "teaching")
    ok("roles", "add", "education")
    assert [r["key"] for r in roles_json(ok)][-2:] == ["teaching", "education"]


@pytest.mark.parametrize("key", ["research", "Research", " RESEARCH "])
def test_roles_add_duplicate(cli, ok, key):
    result = cli("roles", "add", key, "--target", "3")
    assert_error(result, 1)
    assert by_key(ok)["research"]["target"] == 1
    assert len(roles_json(ok)) == 6


@pytest.mark.parametrize("key", ["", "   ", "!!", "re$earch", "-lead", "a" * 41])
def test_roles_add_bad_key(cli, ok, key):
    assert_error(cli("roles", "add", "--", key))
    assert len(roles_json(ok)) == 6


@pytest.mark.parametrize(
    "options",
    [
        ("--family", "spiritual"),
        ("--cadence", "often"),
        ("--cadence", "0"),
        ("--target", "-1"),
        ("--target", "two"),
        ("--colour", "blue"),
    ],
)
def test_roles_add_bad_options(cli, ok, options):
    assert_error(cli("roles", "add", "leadership", *options))
    assert "leadership" not in by_key(ok)


def test_a_new_role_can_be_given_to_contacts(ok):
    ok("roles", "add", "leadership")
    ok("add-contact", "Ada Okafor", "--role", "leadership")
    assert ok("contacts", "show", "Ada", "--json").json()["roles"] == ["leadership"]
    assert by_key(ok)["leadership"]["contacts"] == 1


# --- roles target -------------------------------------------------------------------------------

def test_roles_target_sets_the_target(cli, ok):
    result = cli("roles", "target", "sponsor", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "sponsor" in result.stderr and "2" in result.stderr
    assert by_key(ok)["sponsor"]["target"] == 2
    ok("roles", "target", "Research", "0")  # keys are normalised
    assert by_key(ok)["research"]["target"] == 0


def test_roles_target_unknown_role(cli, ok):
    result = cli("roles", "target", "astrology", "1")
    assert_error(result)
    assert "astrology" in result.stderr
    assert "astrology" not in by_key(ok)


@pytest.mark.parametrize("args", [("research", "-1"), ("research", "--", "-1"), ("research", "one"), ("research",)])
def test_roles_target_bad_number(cli, ok, args):
    assert_error(cli("roles", "target", *args))
    assert by_key(ok)["research"]["target"] == 1


# --- roles in the mosaic ------------------------------------------------------------------------

def test_a_new_role_with_a_target_appears_in_gaps(ok):
    ok("roles", "add", "leadership", "--target", "1")
    ok("roles", "add", "writing")  # no target: not tracked
    data = ok("gaps", "--json").json()
    assert [r["role"] for r in data["roles"]] == ["clinical", "research", "career", "personal", "leadership"]
    assert data["roles"][-1] == {"role": "leadership", "target": 1, "status": "gap", "mentors": [], "forming": []}

    ok("add-contact", "Ada Okafor", "--role", "leadership", "--stage", "cultivation")
    assert ok("gaps", "--json").json()["roles"][-1] == {
        "role": "leadership", "target": 1, "status": "filled", "mentors": ["Ada Okafor"], "forming": [],
    }


def test_a_new_roles_cadence_decides_when_its_mentors_go_cold(ok):
    ok("roles", "add", "leadership", "--target", "1", "--cadence", "10d")
    ok("add-contact", "Ada Okafor", "--role", "leadership", "--stage", "cultivation")
    leadership = ok("gaps", "--json", "--as-of", "2026-12-12").json()["roles"][-1]
    assert leadership["status"] == "cold"  # 20 days: twice the role's cadence


def test_roles_target_moves_a_role_in_and_out_of_gaps(ok):
    ok("roles", "target", "sponsor", "1")
    ok("roles", "target", "clinical", "0")
    assert [r["role"] for r in ok("gaps", "--json").json()["roles"]] == ["research", "career", "personal", "sponsor"]
