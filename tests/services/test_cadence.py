"""The cadence rule (services/cadence.py) has two spellings, SQL for the due rules and Python for
rows already read: they must agree, whatever the contact's own cadence and its roles'."""

import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.services.cadence import CADENCE_SQL, cadence_of
from mentornet.services.database import prepare

ROLES = ["clinical", "research", "career", "personal", "sponsor", "peer"]
cadences = st.none() | st.integers(min_value=1, max_value=400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(role_cadences=st.fixed_dictionaries({key: cadences for key in ROLES}),
       contacts=st.lists(st.tuples(cadences, st.sets(st.sampled_from(ROLES))), min_size=1, max_size=6))
def test_sql_and_python_agree(tmp_path_factory, role_cadences, contacts):
    path = tmp_path_factory.mktemp("cadence") / "m.db"
    prepare(path)
    conn = sqlite3.connect(path)
    try:
        for key, days in role_cadences.items():
            conn.execute("UPDATE role SET cadence_days = ? WHERE key = ?", (days, key))
        for number, (own, held) in enumerate(contacts):
            cursor = conn.execute(
                "INSERT INTO contact (name, name_key, supervisor, direction, stage, cadence_days, paused, added_on, "
                "created_at) VALUES (?, ?, 0, 'mentors-me', 'cultivation', ?, 0, '2026-01-01', '')",
                (f"P{number}", f"p{number}", own))
            conn.executemany("INSERT INTO contact_role (contact_id, role_key) VALUES (?, ?)",
                             [(cursor.lastrowid, key) for key in held])
        in_sql = [row[0] for row in conn.execute(f"SELECT {CADENCE_SQL} FROM contact c ORDER BY c.id")]
    finally:
        conn.close()
    in_python = [cadence_of(own, held, role_cadences) for own, held in contacts]
    assert in_sql == in_python
