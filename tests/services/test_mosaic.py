"""The mosaic (domain.md, "Gaps"): role statuses and network warnings, through a real database.

Networks are built with the CLI (`ok`), and read back with `gaps --json`; a few tests call the
services' reads directly on the same file.
"""

from datetime import date

import pytest

from mentornet.services import contacts as contact_service
from mentornet.services.contacts import contact_summaries
from mentornet.services.database import reading, writing
from mentornet.services.mosaic import mosaic
from mentornet.services.roles import roles
from mentornet.vocabulary import Stage

TODAY = date(2026, 11, 22)


def add(ok, name: str, *options: str) -> int:
    return int(ok("add-contact", name, *options).stdout)


def mentor(ok, name: str, *options: str) -> int:
    """A committed mentor (stage cultivation)."""
    return add(ok, name, "--stage", "cultivation", *options)


def gaps(ok, *options: str) -> dict:
    return ok("gaps", "--json", *options).json()


def roles_of(data: dict) -> dict:
    return {r["role"]: r for r in data["roles"]}


def codes(data: dict) -> list[str]:
    return [w["code"] for w in data["warnings"]]


def row(role: str, status: str, mentors=(), forming=(), target: int = 1) -> dict:
    return {"role": role, "target": target, "status": status, "mentors": list(mentors), "forming": list(forming)}


# --- statuses ---------------------------------------------------------------------------------

def test_empty_network_is_all_gaps_and_thin(ok):
    assert gaps(ok) == {
        "as_of": "2026-11-22",
        "roles": [row("clinical", "gap"), row("research", "gap"), row("career", "gap"), row("personal", "gap")],
        "warnings": [{
            "code": "thin",
            "message": "You have no committed mentors; aim for at least three, "
                       "so no single relationship carries your whole career.",
        }],
    }


def test_a_committed_mentor_fills_a_role(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    data = gaps(ok)
    assert data["roles"] == [
        row("clinical", "gap"), row("research", "filled", mentors=["Ada Okafor"]),
        row("career", "gap"), row("personal", "gap"),
    ]


@pytest.mark.parametrize("stage", ["initiation", "cultivation", "separation", "redefined"])
def test_every_committed_stage_counts_as_a_mentor(ok, stage):
    add(ok, "Ada Okafor", "--role", "research", "--stage", stage)
    assert roles_of(gaps(ok))["research"] == row("research", "filled", mentors=["Ada Okafor"])


@pytest.mark.parametrize("stage", ["contacted", "responded", "exploring"])
def test_someone_forming_makes_a_role_forming(ok, stage):
    add(ok, "Ada Okafor", "--role", "research", "--stage", stage)
    assert roles_of(gaps(ok))["research"] == row("research", "forming", forming=["Ada Okafor"])


def test_a_prospect_alone_leaves_the_role_a_gap_until_approached(ok):
    add(ok, "Ada Okafor", "--role", "research")
    assert roles_of(gaps(ok))["research"] == row("research", "gap")
    ok("outreach", "log", "Ada", "--on", "2026-11-20")
    assert roles_of(gaps(ok))["research"] == row("research", "forming", forming=["Ada Okafor"])


@pytest.mark.parametrize("stage", ["declined", "no-response", "ended"])
def test_closed_stages_are_neither_mentors_nor_forming(ok, stage):
    add(ok, "Ada Okafor", "--role", "research", "--stage", stage)
    assert roles_of(gaps(ok))["research"] == row("research", "gap")


def test_a_first_meeting_makes_someone_forming(ok):
    add(ok, "Ada Okafor", "--role", "clinical", "--met-on", "yesterday")
    assert roles_of(gaps(ok))["clinical"] == row("clinical", "forming", forming=["Ada Okafor"])


def test_a_mentor_left_alone_goes_cold(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    data = gaps(ok, "--as-of", "2027-06-01")
    assert data["as_of"] == "2027-06-01"
    assert roles_of(data)["research"] == row("research", "cold", mentors=["Ada Okafor"])


def test_going_cold_starts_at_twice_the_cadence(ok):
    # research: 30 days; added today and never contacted since
    mentor(ok, "Ada Okafor", "--role", "research")
    assert roles_of(gaps(ok, "--as-of", "2027-01-20"))["research"]["status"] == "filled"  # 59 days
    assert roles_of(gaps(ok, "--as-of", "2027-01-21"))["research"]["status"] == "cold"  # 60 days


def test_going_cold_counts_from_the_last_contact(ok):
    mentor(ok, "Ada Okafor", "--role", "research", "--met-on", "2026-10-01")  # 52 days ago
    assert roles_of(gaps(ok))["research"]["status"] == "filled"
    assert roles_of(gaps(ok, "--as-of", "2026-11-30"))["research"]["status"] == "cold"  # 60 days


def test_a_contacts_own_cadence_sets_when_they_go_cold(ok):
    mentor(ok, "Ada Okafor", "--role", "career", "--cadence", "10d")  # career's default is 90 days
    assert roles_of(gaps(ok, "--as-of", "2026-12-11"))["career"]["status"] == "filled"  # 19 days
    assert roles_of(gaps(ok, "--as-of", "2026-12-12"))["career"]["status"] == "cold"  # 20 days


def test_as_of_bare_duration_looks_ahead(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    data = gaps(ok, "--as-of", "60d")
    assert data["as_of"] == "2027-01-21"
    assert roles_of(data)["research"]["status"] == "cold"


def test_cold_comes_before_forming(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    add(ok, "Ben Hale", "--role", "research", "--stage", "contacted")
    assert roles_of(gaps(ok, "--as-of", "2027-06-01"))["research"] == row(
        "research", "cold", mentors=["Ada Okafor"], forming=["Ben Hale"]
    )


def test_target_above_one_counts_warm_mentors(ok):
    ok("roles", "target", "research", "2")
    mentor(ok, "Ada Okafor", "--role", "research")
    assert roles_of(gaps(ok))["research"] == row("research", "gap", mentors=["Ada Okafor"], target=2)

    add(ok, "Ben Hale", "--role", "research", "--stage", "exploring")
    assert roles_of(gaps(ok))["research"] == row(
        "research", "forming", mentors=["Ada Okafor"], forming=["Ben Hale"], target=2
    )

    ok("contacts", "stage", "Ben Hale", "initiation")
    assert roles_of(gaps(ok))["research"] == row(
        "research", "filled", mentors=["Ada Okafor", "Ben Hale"], target=2
    )
    # both left alone: every mentor is going cold
    assert roles_of(gaps(ok, "--as-of", "2027-06-01"))["research"]["status"] == "cold"


def test_target_above_one_with_one_cold_mentor_is_short_not_cold(ok):
    ok("roles", "target", "research", "2")
    mentor(ok, "Ada Okafor", "--role", "research", "--met-on", "2026-09-01")  # cold on 2026-10-31
    mentor(ok, "Ben Hale", "--role", "research")
    data = roles_of(gaps(ok))["research"]
    assert data == row("research", "gap", mentors=["Ada Okafor", "Ben Hale"], target=2)


def test_a_role_with_target_zero_is_not_shown(ok):
    mentor(ok, "Ada Okafor", "--role", "sponsor")
    add(ok, "Ben Hale", "--role", "peer")
    assert [r["role"] for r in gaps(ok)["roles"]] == ["clinical", "research", "career", "personal"]

    ok("roles", "target", "research", "0")
    ok("roles", "target", "sponsor", "1")
    data = gaps(ok)
    assert [r["role"] for r in data["roles"]] == ["clinical", "career", "personal", "sponsor"]
    assert roles_of(data)["sponsor"] == row("sponsor", "filled", mentors=["Ada Okafor"])


def test_i_mentor_contacts_are_not_mentors(ok):
    mentor(ok, "Mia Mentee", "--role", "research", "--i-mentor")
    add(ok, "Max Mentee", "--role", "clinical", "--stage", "exploring", "--i-mentor")
    data = gaps(ok)
    assert roles_of(data)["research"] == row("research", "gap")
    assert roles_of(data)["clinical"] == row("clinical", "gap")
    assert "thin" in codes(data)
    assert "no committed mentors" in data["warnings"][0]["message"]


def test_mutual_contacts_are_mentors(ok):
    mentor(ok, "Pat Peer", "--role", "research", "--mutual")
    assert roles_of(gaps(ok))["research"] == row("research", "filled", mentors=["Pat Peer"])


def test_gaps_through_the_services(db_path):
    """The same rules, calling the services and the read path directly on the file."""
    with writing(db_path) as conn:
        ada = contact_service.add_contact(conn, "Ada Okafor", contact_service.ContactFields(),
                                          today=TODAY, roles=["research", "clinical"])
        contact_service.add_contact(conn, "Ben Hale", contact_service.ContactFields(seniority="peer"),
                                    today=TODAY, roles=["career"], stage=Stage.exploring)
    with writing(db_path) as conn:
        contact_service.set_stage(conn, str(ada), Stage.cultivation, on=TODAY)
    with reading(db_path) as conn:
        role_rows, summaries = roles(conn), contact_summaries(conn)

    now = mosaic(role_rows, summaries, TODAY)
    assert [(r.role, r.status, r.mentors, r.forming, r.cold) for r in now.roles] == [
        ("clinical", "filled", ["Ada Okafor"], [], []),
        ("research", "filled", ["Ada Okafor"], [], []),
        ("career", "forming", [], ["Ben Hale"], []),
        ("personal", "gap", [], [], []),
    ]
    assert [w.code for w in now.warnings] == ["thin", "concentrated"]

    later = mosaic(role_rows, summaries, date(2027, 6, 1))
    assert [(r.role, r.status, r.cold) for r in later.roles[:2]] == [
        ("clinical", "cold", ["Ada Okafor"]),
        ("research", "cold", ["Ada Okafor"]),
    ]


# --- warnings ---------------------------------------------------------------------------------

def test_a_balanced_network_with_unknown_attributes_has_no_warnings(ok):
    for name, role in [("Ada Okafor", "clinical"), ("Ben Hale", "research"), ("Cy Dunn", "career"),
                       ("Di Moss", "personal")]:
        mentor(ok, name, "--role", role)
    add(ok, "Eve Stone", "--role", "research", "--stage", "exploring")
    data = gaps(ok)
    assert [r["status"] for r in data["roles"]] == ["filled"] * 4
    assert data["warnings"] == []


def test_thin_below_three_mentors(ok):
    mentor(ok, "Ada Okafor", "--role", "clinical")
    mentor(ok, "Ben Hale", "--role", "research")
    data = gaps(ok)
    assert codes(data) == ["thin"]
    assert data["warnings"][0]["message"].startswith("You have 2 committed mentors;")

    mentor(ok, "Cy Dunn", "--role", "career")
    assert "thin" not in codes(gaps(ok))


def test_thin_counts_mentors_without_roles(ok):
    for name in ("Ada Okafor", "Ben Hale", "Cy Dunn"):
        mentor(ok, name)
    assert "thin" not in codes(gaps(ok))


def test_concentrated_when_one_person_is_the_only_mentor_of_two_roles(ok):
    for name, role in [("Cy Dunn", "career"), ("Di Moss", "personal")]:
        mentor(ok, name, "--role", role)
    mentor(ok, "Ada Okafor", "--role", "clinical", "--role", "research")
    data = gaps(ok)
    assert codes(data) == ["concentrated"]
    message = data["warnings"][0]["message"]
    assert "Ada Okafor" in message and "clinical, research" in message

    mentor(ok, "Ben Hale", "--role", "research")  # Ada is now the only mentor of clinical alone
    assert "concentrated" not in codes(gaps(ok))


def test_concentrated_ignores_untracked_roles(ok):
    for name, role in [("Ben Hale", "research"), ("Cy Dunn", "career"), ("Di Moss", "personal")]:
        mentor(ok, name, "--role", role)
    mentor(ok, "Ada Okafor", "--role", "clinical", "--role", "sponsor")  # sponsor has target 0
    assert "concentrated" not in codes(gaps(ok))


def test_concentrated_counts_people_not_names(ok):
    """Two different people who share a name are not one person with two roles."""
    for name, role in [("Cy Dunn", "career"), ("Di Moss", "personal")]:
        mentor(ok, name, "--role", role)
    mentor(ok, "Ada Okafor", "--role", "clinical")
    mentor(ok, "Ada Okafor", "--role", "research", "--allow-duplicate")
    assert "concentrated" not in codes(gaps(ok))


def test_no_peer_when_no_active_contact_is_a_peer(ok):
    mentor(ok, "Ada Okafor", "--role", "research", "--seniority", "senior")
    add(ok, "Pat Peer", "--role", "peer", "--seniority", "peer")  # a prospect: not active
    assert "no-peer" in codes(gaps(ok))


@pytest.mark.parametrize("seniority", ["peer", "near-peer"])
def test_no_peer_silent_with_an_active_peer(ok, seniority):
    mentor(ok, "Ada Okafor", "--role", "research", "--seniority", "senior")
    add(ok, "Pat Peer", "--role", "peer", "--seniority", seniority, "--stage", "exploring")
    assert "no-peer" not in codes(gaps(ok))


def test_no_peer_ignores_paused_peers(ok):
    mentor(ok, "Ada Okafor", "--role", "research", "--seniority", "senior")
    add(ok, "Pat Peer", "--role", "peer", "--seniority", "peer", "--stage", "exploring")
    ok("contacts", "edit", "Pat Peer", "--paused")
    assert "no-peer" in codes(gaps(ok))


def test_no_peer_silent_when_seniority_unknown(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    add(ok, "Ben Hale", "--role", "clinical", "--stage", "exploring")
    assert "no-peer" not in codes(gaps(ok))


def test_no_senior_when_no_committed_mentor_is_senior(ok):
    mentor(ok, "Pat Peer", "--role", "research", "--seniority", "peer")
    mentor(ok, "Ben Hale", "--role", "clinical")  # unknown: not looked at
    add(ok, "Sam Senior", "--role", "career", "--seniority", "senior", "--stage", "exploring")  # not committed
    assert "no-senior" in codes(gaps(ok))

    ok("contacts", "stage", "Sam Senior", "initiation")
    assert "no-senior" not in codes(gaps(ok))


def test_no_senior_silent_when_seniority_unknown(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    add(ok, "Sam Senior", "--role", "career", "--seniority", "junior")  # a prospect: not a mentor
    assert "no-senior" not in codes(gaps(ok))


def test_no_local_when_every_known_mentor_is_remote(ok):
    mentor(ok, "Ada Okafor", "--role", "research", "--remote")
    mentor(ok, "Ben Hale", "--role", "clinical")  # unknown: not looked at
    add(ok, "Lou Local", "--role", "career", "--local")  # a prospect: not a mentor
    data = gaps(ok)
    assert "no-local" in codes(data)

    ok("contacts", "edit", "Ben Hale", "--local")
    assert "no-local" not in codes(gaps(ok))


def test_no_local_silent_when_locality_unknown(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    mentor(ok, "Ben Hale", "--role", "clinical")
    assert "no-local" not in codes(gaps(ok))


def test_one_institution_when_all_mentors_share_one(ok):
    mentor(ok, "Ada Okafor", "--role", "research", "--institution", "Mercy Hospital")
    mentor(ok, "Ben Hale", "--role", "clinical", "--institution", "mercy hospital")
    data = gaps(ok)
    assert "one-institution" in codes(data)
    [warning] = [w for w in data["warnings"] if w["code"] == "one-institution"]
    assert "Mercy Hospital" in warning["message"]

    ok("contacts", "edit", "Ben Hale", "--institution", "St. Elsewhere")
    assert "one-institution" not in codes(gaps(ok))


def test_one_institution_needs_two_mentors(ok):
    mentor(ok, "Ada Okafor", "--role", "research", "--institution", "Mercy Hospital")
    add(ok, "Ben Hale", "--role", "clinical", "--institution", "Mercy Hospital", "--stage", "exploring")
    assert "one-institution" not in codes(gaps(ok))


def test_one_institution_silent_when_institution_unknown(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    mentor(ok, "Ben Hale", "--role", "clinical")
    assert "one-institution" not in codes(gaps(ok))


def test_supervisor_career_when_the_only_career_mentor_supervises(ok):
    mentor(ok, "Sue Boss", "--role", "career", "--supervisor")
    data = gaps(ok)
    assert "supervisor-career" in codes(data)
    [warning] = [w for w in data["warnings"] if w["code"] == "supervisor-career"]
    assert "Sue Boss" in warning["message"]

    mentor(ok, "Zed Adler", "--role", "career")  # listed after the supervisor
    assert "supervisor-career" not in codes(gaps(ok))


def test_supervisor_career_silent_when_career_mentor_is_not_the_supervisor(ok):
    mentor(ok, "Ada Okafor", "--role", "career")
    mentor(ok, "Sue Boss", "--role", "research", "--supervisor")
    add(ok, "Sam Super", "--role", "career", "--supervisor")  # a prospect: not a mentor
    assert "supervisor-career" not in codes(gaps(ok))


def test_warnings_in_plain_gaps_output(ok):
    mentor(ok, "Sue Boss", "--role", "career", "--supervisor", "--remote")
    result = ok("gaps")
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Your mosaic on 2026-11-22"
    assert lines[1].split() == ["role", "target", "status", "mentors", "forming"]
    assert lines[3].split() == ["research", "1", "gap", "-", "-"]
    assert lines[4].split() == ["career", "1", "filled", "Sue", "Boss", "-"]
    warnings = lines[lines.index("Warnings:") + 1:]
    assert [w.split()[0] for w in warnings] == ["[thin]", "[no-local]", "[supervisor-career]"]


def test_plain_gaps_marks_mentors_going_cold(ok):
    mentor(ok, "Ada Okafor", "--role", "research")
    result = ok("gaps", "--as-of", "2027-06-01")
    research = next(line for line in result.stdout.splitlines() if line.startswith("research"))
    assert research.split() == ["research", "1", "cold", "Ada", "Okafor", "(going", "cold)", "-"]
