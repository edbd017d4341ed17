"""`contacts show`: the timeline of everything that happened with a contact, in date order."""



from tests.cli.helpers import add, show

MEETING_KEYS = ["id", "contact", "on", "mode", "agenda", "notes", "rating", "next", "thanked_on", "referrals"]
ACTION_KEYS = ["id", "contact", "contact_id", "text", "owner", "due", "done_on"]



# --- the timeline -------------------------------------------------------------------------------------

def test_timeline_has_every_kind_of_event_in_date_order(cli, ok):
    add(cli, "Ada Okafor")
    ok("touch", "Ada", "--on", "2026-10-20", "--via", "email", "--note", "sent aims")  # logged first
    ok("outreach", "log", "Ada", "--on", "2026-10-01", "--ask", "coffee?", "--for-role", "research")
    ok("outreach", "reply", "Ada", "--on", "2026-10-03", "--note", "yes")
    ok("meeting", "log", "Ada", "--on", "2026-10-10", "--agenda", "K award", "--notes", "K award timeline",
       "--rating", "4", "--next", "2027-01-10")
    ok("meeting", "thanked", "Ada", "--on", "2026-10-11")
    ok("contacts", "stage", "Ada", "initiation", "--on", "2026-10-25", "--note", "agreed monthly")
    timeline = show(ok, "Ada")["timeline"]
    assert timeline == [
        {"date": "2026-09-01", "kind": "stage", "summary": "added as prospect"},
        {"date": "2026-10-01", "kind": "stage", "summary": "stage prospect -> contacted (approached)"},
        {"date": "2026-10-01", "kind": "outreach", "summary": "approach by email for research: coffee?"},
        {"date": "2026-10-03", "kind": "stage", "summary": "stage contacted -> responded (replied)"},
        {"date": "2026-10-03", "kind": "reply", "summary": "replied: yes"},
        {"date": "2026-10-10", "kind": "stage", "summary": "stage responded -> exploring (met)"},
        {"date": "2026-10-10", "kind": "meeting",
         "summary": "meeting; agenda: K award; notes: K award timeline; rating 4/5; next meeting 2027-01-10; "
                    "thanked 2026-10-11"},
        {"date": "2026-10-20", "kind": "touch", "summary": "touch by email: sent aims"},
        {"date": "2026-10-25", "kind": "stage", "summary": "stage exploring -> initiation (agreed monthly)"},
    ]
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)


def test_one_reply_to_a_followed_up_approach_is_one_timeline_event(cli, ok):
    add(cli, "Ada Okafor")
    ok("outreach", "log", "Ada", "--on", "2026-10-01")
    ok("outreach", "follow-up", "Ada", "--on", "2026-10-08")
    ok("outreach", "reply", "Ada", "--on", "2026-10-10", "--note", "sorry for the delay")
    events = [(e["date"], e["kind"], e["summary"]) for e in show(ok, "Ada")["timeline"] if e["kind"] != "stage"]
    assert events == [
        ("2026-10-01", "outreach", "approach by email"),
        ("2026-10-08", "outreach", "follow-up (attempt 2) by email"),
        ("2026-10-10", "reply", "replied: sorry for the delay"),
    ]


def test_contacts_show_prints_the_history_table(cli, ok):
    add(cli, "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-10-10", "--notes", "K award timeline", "--thanked")
    result = cli("contacts", "show", "Ada")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("History")
    assert lines[start + 1].split() == ["date", "what", "summary"]
    assert lines[start + 2].split() == ["2026-09-01", "stage", "added", "as", "prospect"]
    assert lines[start + 4].split()[:2] == ["2026-10-10", "meeting"]
    assert "notes: K award timeline" in lines[start + 4]
