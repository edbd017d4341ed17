"""The duplicate check (services/contacts.same_name_by_key) reads ranges of the name_key index and
finds what the whole-table `same_name` finds, for names written the usual ways."""

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from mentornet.services.contacts import same_name, same_name_by_key
from mentornet.store import rows, schema
from mentornet.text import search_key

HONORIFICS = ["Dr.", "Dr", "Prof.", "Professor", "Mx", "Mrs.", "Sir", "dr,", "Rev."]
CREDENTIALS = ["MD", "PhD", "MD, MPH", "Jr.", "FRCPC", "DO"]
GIVEN = ["Thomas", "Ada", "Zoë", "Priyanka", "Linh", "Sam"]
FAMILY = ["Brennan", "Okafor", "Núñez", "Do", "Desai", "Lee"]


def names() -> st.SearchStrategy[str]:
    return st.builds(
        lambda titles, first, last, credential: " ".join([*titles, first, last]) + (f", {credential}" if credential else ""),
        st.lists(st.sampled_from(HONORIFICS), max_size=2), st.sampled_from(GIVEN), st.sampled_from(FAMILY),
        st.sampled_from([None, *CREDENTIALS]))


def _network(stored: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("BEGIN")
    schema.create(conn)
    for name in stored:
        rows.insert(conn, "contact", {"name": name, "name_key": search_key(name), "stage": "prospect",
                                      "added_on": "2026-11-01"})
    return conn


@settings(max_examples=200, deadline=None)
@given(st.lists(names(), max_size=12), names())
def test_the_indexed_check_finds_what_the_whole_table_finds(stored, new):
    conn = _network(stored)
    assert same_name_by_key(conn, new) == same_name(conn, new)


def test_the_indexed_check_reads_the_name_index_not_the_table():
    conn = _network(["Dr. Thomas Brennan", "Prof. Dr. Thomas Brennan, MD", "Thomas Brennan", "Thomasina Brennan",
                     "Ada Okafor"])
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    assert [name for _, name in same_name_by_key(conn, "Thomas Brennan PhD")] == [
        "Dr. Thomas Brennan", "Prof. Dr. Thomas Brennan, MD", "Thomas Brennan"]
    for statement in statements:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
        assert not [step for step in plan if step.startswith("SCAN c")], (statement, plan)
