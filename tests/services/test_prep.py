"""`prep` reads one record: the two facts it takes from the whole network (`thin`, the roles that are
a `gap`) come from SQL that stops early (services/prep.network_hints), and must say what the
mosaic (services/mosaic.py, `gaps`) says, whatever the network."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.services.database import reading, writing
from mentornet.services.mosaic import network
from mentornet.services.prep import network_hints
from mentornet.store import rows
from mentornet.vocabulary import Direction, Stage

AS_OF = date(2026, 11, 22)
ROLES = ["clinical", "research", "career", "personal", "sponsor", "peer"]

_contact = st.fixed_dictionaries({
    "stage": st.sampled_from(list(Stage)),
    "direction": st.sampled_from(list(Direction)),
    "roles": st.sets(st.sampled_from(ROLES), max_size=3),
    "cadence_days": st.one_of(st.none(), st.sampled_from([14, 30, 45, 60]), st.integers(1, 120)),
    "days_ago": st.one_of(st.sampled_from([28, 30, 60, 90, 120, 180]), st.integers(0, 400)),  # on the boundaries too
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contacts=st.lists(_contact, max_size=12),
       targets=st.lists(st.integers(0, 3), min_size=len(ROLES), max_size=len(ROLES)),
       role_cadences=st.lists(st.one_of(st.none(), st.sampled_from([15, 30, 45, 60, 90]), st.integers(1, 90)), min_size=len(ROLES), max_size=len(ROLES)))
def test_network_hints_say_what_the_mosaic_says(tmp_path_factory, contacts, targets, role_cadences):
    path = tmp_path_factory.mktemp("hints") / "mentornet.db"
    with writing(path) as conn:
        for key, target, days in zip(ROLES, targets, role_cadences, strict=True):
            rows.update(conn, "role", {"key": key}, {"target": target, "cadence_days": days})
        for number, contact in enumerate(contacts):
            added = AS_OF - timedelta(days=contact["days_ago"])
            contact_id = rows.insert(conn, "contact", {
                "name": f"Person {number}", "name_key": f"person {number}", "stage": contact["stage"],
                "direction": contact["direction"], "cadence_days": contact["cadence_days"], "added_on": added})
            conn.executemany("INSERT INTO contact_role (contact_id, role_key) VALUES (?, ?)",
                             [(contact_id, key) for key in sorted(contact["roles"])])
    with reading(path) as conn:
        mosaic = network(conn, AS_OF)
        thin, gaps = network_hints(conn, AS_OF)
    assert thin == any(warning.code == "thin" for warning in mosaic.warnings)
    assert gaps == [status.role for status in mosaic.roles if status.status == "gap"]


def _one_mentor(path, days_ago: int, target: int = 1) -> tuple[bool, list[str]]:
    with writing(path) as conn:
        rows.update(conn, "role", {"key": "research"}, {"target": target, "cadence_days": 30})
        contact_id = rows.insert(conn, "contact", {"name": "Ada", "name_key": "ada", "stage": Stage.cultivation,
                                                   "added_on": AS_OF - timedelta(days=days_ago)})
        conn.execute("INSERT INTO contact_role (contact_id, role_key) VALUES (?, 'research')", (contact_id,))
    with reading(path) as conn:
        statuses = {status.role: status.status for status in network(conn, AS_OF).roles}
        hints = network_hints(conn, AS_OF)
    assert ("research" in hints[1]) == (statuses["research"] == "gap")
    return hints


def test_a_mentor_going_cold_on_the_day_makes_the_role_cold_not_a_gap(tmp_path):
    # one mentor of the two wanted, nobody forming: a gap while warm, cold from twice the cadence
    assert "research" in _one_mentor(tmp_path / "a.db", 59, target=2)[1]
    assert "research" not in _one_mentor(tmp_path / "b.db", 60, target=2)[1]
    assert "research" not in _one_mentor(tmp_path / "c.db", 59)[1]  # filled
