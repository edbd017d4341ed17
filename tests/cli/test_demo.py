"""examples/demo.py: dated from the day it is made, or from `--today` for a fixed picture."""

import json
import os
import subprocess
import sys

from tests.cli.conftest import ROOT, mentornet


def make_demo(db, *options: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "MENTORNET_TODAY"}
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "demo.py"), "--db", str(db), *options],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr


def test_a_fresh_demo_has_a_few_things_due_and_none_long_forgotten(tmp_path):
    db = tmp_path / "demo.db"
    make_demo(db, "--today", "2031-03-10")
    due = mentornet(db, "outreach", "due", "--json", env={"MENTORNET_TODAY": "2031-03-10"})
    assert due.returncode == 0, due.stderr
    items = json.loads(due.stdout)
    kinds = {item["kind"] for item in items}
    assert {"approach", "schedule", "thank-you", "check-in", "action", "referral"} <= kinds
    assert max(item["days_overdue"] for item in items) < 60
    assert min(item["due"] for item in items) >= "2031-01-01"  # dated from --today, not from the clock


def test_the_demo_has_a_sponsor_to_tell_and_a_mentee_to_check_in_with(tmp_path):
    db = tmp_path / "demo.db"
    make_demo(db, "--today", "2026-11-22")
    env = {"MENTORNET_TODAY": "2026-11-22"}
    [act] = json.loads(mentornet(db, "sponsor", "list", "--json", env=env).stdout)
    assert (act["contact"], act["outcome"], act["told_on"]) == ("Dr. James Whitfield", "won", None)
    due = json.loads(mentornet(db, "outreach", "due", "--json", env=env).stdout)
    assert any(item["kind"] == "sponsor-update" and item["contact"] == "Dr. James Whitfield" for item in due)
    mentees = {m["contact"]: m for m in json.loads(mentornet(db, "mentees", "--json", env=env).stdout)}
    assert mentees["Tomás Herrera"]["direction"] == "i-mentor"
    assert [item["kind"] for item in mentees["Tomás Herrera"]["owed"]] == ["check-in"]
