"""The bare `mentornet` dashboard and `--version` (cli.md, "Everywhere")."""

import tomllib
from pathlib import Path

import mentornet
from tests.checks import assert_error, database_exists
from tests.cli.helpers import add

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def section(stdout: str, heading: str) -> list[str]:
    """The indented lines under `heading`, up to the next blank line."""
    lines = stdout.splitlines()
    start = lines.index(heading) + 1
    body = []
    for line in lines[start:]:
        if not line.strip():
            break
        body.append(line)
    return body


def test_dashboard_on_an_empty_database(cli, db_path):
    result = cli()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Your mosaic on 2026-11-22"
    assert lines[1].split() == ["role", "target", "status", "mentors", "forming"]
    assert [line.split() for line in lines[2:6]] == [
        [role, "1", "gap", "-", "-"] for role in ("clinical", "research", "career", "personal")
    ]
    assert [w.split()[0] for w in section(result.stdout, "Warnings:")] == ["[thin]"]
    assert "Nothing due today." in lines
    steps = section(result.stdout, "Next steps:")
    assert len(steps) == 4
    for step, role in zip(steps, ("clinical", "research", "career", "personal"), strict=False):
        assert step.startswith("  - ")
        assert f"--role {role}" in step and "add-contact" in step
    assert "mentornet gaps" in result.stderr  # the pointer to more is a message, not data
    assert "Traceback" not in result.stderr
    assert db_path.exists()  # created on first use


def test_dashboard_with_a_network(cli, ok):
    ok("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("add-contact", "Ben Hale", "--role", "clinical")
    ok("add-contact", "Cy Dunn", "--role", "career", "--stage", "cultivation", "--met-on", "2026-01-01")
    ok("add-contact", "Mia Mentee", "--role", "personal", "--stage", "cultivation", "--i-mentor",
       "--met-on", "2026-11-10")
    ok("add-contact", "Zoë Núñez", "--role", "sponsor", "--met-on", "3d")  # sponsor is not tracked
    result = cli()
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:6]}
    assert rows["clinical"].split() == ["clinical", "1", "gap", "-", "-"]  # a prospect, not yet approached
    assert rows["research"].split() == ["research", "1", "filled", "Ada", "Okafor", "-"]
    assert rows["career"].split() == ["career", "1", "cold", "Cy", "Dunn", "(going", "cold)", "-"]
    assert rows["personal"].split() == ["personal", "1", "gap", "-", "-"]

    # what is due: the mentor going cold and the thank-you after a first meeting, most overdue first
    due = [line.split() for line in section(result.stdout, "Due now")]
    assert due[0] == ["contact", "what", "due", "late", "detail"]
    assert [row[:2] for row in due[1:]] == [["Cy", "Dunn"], ["Zoë", "Núñez"]]
    assert due[1][2:6] == ["check-in", "(going", "cold)", "2026-04-01"]
    assert due[2][2:4] == ["thank-you", "2026-11-20"]
    # a mentee in the mosaic: never (their check-in is due only on 2027-01-09)
    assert "Mia Mentee" not in result.stdout

    steps = section(result.stdout, "Next steps:")
    assert len(steps) == 3
    [clinical] = [s for s in steps if "clinical" in s]
    assert "approach Ben Hale" in clinical and "add-contact" not in clinical
    [career] = [s for s in steps if "career" in s]
    assert "Cy Dunn" in career
    [personal] = [s for s in steps if "personal" in s]
    assert "--role personal" in personal
    assert not [s for s in steps if "research" in s]  # filled: nothing to do


def test_dashboard_with_every_role_filled_has_no_next_steps(cli, ok):
    for name, role in [("Ada Okafor", "clinical"), ("Ben Hale", "research"), ("Cy Dunn", "career"),
                       ("Di Moss", "personal")]:
        ok("add-contact", name, "--role", role, "--stage", "cultivation")
    result = cli()
    assert result.exit_code == 0, result.stderr
    assert "Next steps:" not in result.stdout
    assert "Warnings:" not in result.stdout
    assert [line.split()[2] for line in result.stdout.splitlines()[2:6]] == ["filled"] * 4


def test_dashboard_with_no_targets(cli, ok):
    for role in ("clinical", "research", "career", "personal"):
        ok("roles", "target", role, "0")
    result = cli()
    assert result.exit_code == 0, result.stderr
    assert "Your mosaic" not in result.stdout
    assert "roles target" in result.stderr


def test_dashboard_uses_the_db_option(cli, tmp_path, db_path):
    other = tmp_path / "elsewhere" / "other.db"
    assert cli("--db", str(other)).exit_code == 1  # only reads: a --db that doesn't exist is created by a write
    assert not other.parent.exists()
    assert cli("--db", str(other), "roles", "add", "leadership").exit_code == 0
    result = cli("--db", str(other))
    assert result.exit_code == 0, result.stderr
    assert other.exists()
    assert not database_exists(db_path)


def test_version(cli, db_path):
    result = cli("--version")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"mentornet {mentornet.__version__}\n"
    assert result.stderr == ""
    assert not database_exists(db_path)  # asking the version touches no database


def test_version_matches_the_package_metadata():
    with open(PYPROJECT, "rb") as handle:
        assert tomllib.load(handle)["project"]["version"] == mentornet.__version__


def test_unknown_command(cli):
    assert_error(cli("frobnicate"), 2, "frobnicate")


# --- the dashboard ------------------------------------------------------------------------------------

def test_dashboard_shows_a_due_now_table(cli, ok):
    add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-11-10")
    result = cli()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Due now")
    assert lines[start + 1].split() == ["contact", "what", "due", "late", "detail"]
    assert lines[start + 2].split() == ["Ada", "Okafor", "follow-up", "2026-11-17", "5d", "approached", "2026-11-10",
                                        "by", "email"]
    assert lines[start + 3] == ""


def test_dashboard_shows_the_top_five_of_more(cli, ok):
    for i, day in enumerate(["01", "02", "03", "04", "05", "06"]):
        add(cli, f"Person {i}")
        ok("outreach", "log", f"Person {i}", "--on", f"2026-11-{day}")
    result = cli()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Due now (top 5 of 6: `mentornet outreach due`)")
    rows = lines[start + 2:start + 7]
    assert [row.split()[:3] for row in rows] == [["Person", str(i), "follow-up"] for i in range(5)]
    assert lines[start + 7] == ""


def test_dashboard_with_nothing_due(cli):
    result = cli()
    assert result.exit_code == 0, result.stderr
    assert "Nothing due today." in result.stdout.splitlines()
    assert "Due now" not in result.stdout
