"""`health [CONTACT]`, and the signals in `contacts show` and among the dashboard's warnings."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.checks import assert_error
from tests.cli.helpers import add


def troubled(cli, ok) -> int:
    """A committed mentor with a poor first meeting and a promise of theirs long late."""
    ada = add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation", on="2026-06-01")
    ok("meeting", "log", "Ada", "--on", "2026-11-01", "--rating", "1", "--agenda", "aims",
       "--their-action", "send the dataset by 2026-11-02")
    return ada


def test_json_is_a_list_of_exact_signals(cli, ok):
    ada = troubled(cli, ok)
    assert ok("health", "--json").json() == [
        {"contact": "Ada Okafor", "contact_id": ada, "code": "low-rating", "since": "2026-11-01",
         "detail": "your only meeting so far was rated 1: the chemistry may not be there"},
        {"contact": "Ada Okafor", "contact_id": ada, "code": "their-actions-late", "since": "2026-11-17",
         "detail": "#1 send the dataset, which they promised by 2026-11-02, is 20 days late"},
    ]
    assert ok("health", "Ada", "--json").json() == ok("health", "--json").json()
    table = ok("health").stdout.splitlines()
    assert table[0].split() == ["contact", "signal", "since", "detail"]
    assert "low-rating" in table[1] and "their-actions-late" in table[2]


def test_as_of_moves_the_day(cli, ok):
    troubled(cli, ok)
    assert [s["code"] for s in ok("health", "--json", "--as-of", "2026-11-10").json()] == ["low-rating"]


def test_nothing_to_say_says_so(cli, ok):
    assert ok("health", "--json").json() == []
    empty = ok("health")
    assert empty.stdout == "" and "No health signals" in empty.stderr
    add(cli, "Ben Liu", "--role", "career")
    assert "No health signals for them" in ok("health", "Ben").stderr


def test_unknown_contact_and_bad_date(cli):
    assert_error(cli("health", "Nobody"), 1, "Nobody")
    assert_error(cli("health", "--as-of", "someday"), 2, "--as-of")


def test_contacts_show_has_a_health_section(cli, ok):
    troubled(cli, ok)
    shown = ok("contacts", "show", "Ada", "--json").json()
    assert [s["code"] for s in shown["health"]] == ["low-rating", "their-actions-late"]
    text = ok("contacts", "show", "Ada").stdout
    assert "Health" in text and "the chemistry may not be there" in text
    add(cli, "Ben Liu", "--role", "career")
    assert ok("contacts", "show", "Ben", "--json").json()["health"] == []
    assert "Health" not in ok("contacts", "show", "Ben").stdout


def test_the_dashboard_shows_the_worst_among_its_warnings(cli, ok):
    troubled(cli, ok)
    for name in ("Ben Liu", "Cy Park"):
        add(cli, name, "--role", "career", "--stage", "cultivation", on="2026-06-01")
        ok("meeting", "log", name, "--on", "2026-10-01", "--rating", "2", "--agenda", "x")
    warnings = ok().stdout.split("Warnings:\n")[1].split("\n\n")[0]
    lines = [line.strip() for line in warnings.strip().splitlines()]
    assert lines[-4:] == [
        "[low-rating] Ben Liu: your only meeting so far was rated 2: the chemistry may not be there",
        "[low-rating] Cy Park: your only meeting so far was rated 2: the chemistry may not be there",
        "[low-rating] Ada Okafor: your only meeting so far was rated 1: the chemistry may not be there",
        "(3 of 4 health signals shown: `mentornet health` lists them all)",
    ]


def test_the_dashboard_leaves_going_cold_to_the_mosaic_and_the_due_list(cli, ok):
    add(cli, "Ada Okafor", "--role", "research", "--stage", "cultivation", on="2026-06-01")
    assert [s["code"] for s in ok("health", "--json").json()] == ["going-cold"]
    dashboard = ok().stdout
    assert "[going-cold]" not in dashboard and "(going cold)" in dashboard


def test_the_installed_command_prints_json(tmp_path):
    env = {**os.environ, "MENTORNET_DB": str(tmp_path / "h.db")}
    mentornet = Path(sys.executable).with_name("mentornet")
    for args in (["add-contact", "Ada", "--role", "research", "--stage", "initiation", "--added-on", "2025-06-01"],):
        subprocess.run([str(mentornet), *args], env=env, check=True, capture_output=True, timeout=60)
    done = subprocess.run([str(mentornet), "health", "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert {s["code"] for s in json.loads(done.stdout)} == {"going-cold", "stalled"}
