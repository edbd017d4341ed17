"""The lean write path (store/records.py) writes what the SQLModel schema would.

records.py repeats schema.py's Python-side defaults for its inserts and converts values itself, so
the daily writes never import SQLModel. These tests hold the two equal: the defaults column by
column, and whole rows written both ways from the same values.
"""

import sqlite3
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.io import tables
from mentornet.store import records
from mentornet.vocabulary import Channel, Direction, Outcome, Stage

SKIPPED = {"id", "created_at"}  # assigned on insert: differ between any two rows


def test_defaults_are_the_schemas():
    for spec in tables.schema():
        expected = {}
        for column in spec.columns:
            if column.default is not None and column.default() is not None:
                expected[column.name] = column.default()
        found = records.DEFAULTS.get(spec.name, {})
        assert set(found) == set(expected), spec.name
        for name, value in expected.items():
            mine = found[name]
            if callable(mine):  # created_at: the same kind of instant, written the same way
                assert mine is records.utc_now
                assert len(mine()) == len(value) and datetime.fromisoformat(value).tzinfo is not None
            else:
                assert mine == value, (spec.name, name)


def test_defaults_are_filled_and_values_stored_as_the_schema_says(tmp_path):
    from mentornet.store.migrations import prepare

    path = tmp_path / "m.db"
    prepare(path)
    conn = sqlite3.connect(path)
    try:
        contact_id = records.insert(conn, "contact", {"name": "Ada", "name_key": "ada", "added_on": datetime(2026, 1, 2).date(),
                                                      "supervisor": True, "stage": Stage.no_response})
        row = conn.execute("SELECT direction, stage, paused, supervisor, added_on, created_at FROM contact WHERE id = ?",
                           (contact_id,)).fetchone()
    finally:
        conn.close()
    assert row[:5] == ("mentors-me", "no-response", 0, 1, "2026-01-02")
    assert datetime.fromisoformat(row[5]).utcoffset().total_seconds() == 0


texts = st.none() | st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
days = st.dates()
maybe_days = st.none() | days

CONTACTS = st.fixed_dictionaries(
    {"name": st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40), "name_key": st.just("k"),
     "added_on": days},
    optional={"email": texts, "met_on": maybe_days, "supervisor": st.booleans(), "paused": st.booleans(),
              "stage": st.sampled_from(list(Stage)), "direction": st.sampled_from(list(Direction)),
              "cadence_days": st.none() | st.integers(1, 10_000), "notes": texts},
)
MEETINGS = st.fixed_dictionaries(
    {"on_date": days},
    optional={"notes": texts, "rating": st.none() | st.integers(1, 5), "next_on": maybe_days,
              "thanked_on": maybe_days, "stage_at_meeting": st.none() | st.sampled_from(list(Stage))},
)
OUTREACH = st.fixed_dictionaries(
    {"on_date": days},
    optional={"attempt": st.integers(1, 3), "channel": st.sampled_from(list(Channel)), "ask": texts,
              "outcome": st.sampled_from(list(Outcome)), "outcome_on": maybe_days},
)


def _row(conn: sqlite3.Connection, table: str, row_id: int) -> dict:
    conn.row_factory = sqlite3.Row
    found = dict(conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone())
    return {name: value for name, value in found.items() if name not in SKIPPED}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contact=CONTACTS, meeting=MEETINGS, outreach=OUTREACH)
def test_rows_written_on_the_lean_path_equal_the_orms(contact, meeting, outreach):
    from sqlmodel import Session

    from mentornet.store.migrations import make_engine, prepare
    from mentornet.store.schema import Contact, Meeting, Outreach

    with TemporaryDirectory() as folder:
        path = Path(folder) / "m.db"
        prepare(path)
        engine = make_engine(path)
        try:
            with Session(engine) as session:
                orm = [Contact(**contact)]
                session.add(orm[0])
                session.flush()
                orm += [Meeting(contact_id=orm[0].id, **meeting), Outreach(contact_id=orm[0].id, **outreach)]
                session.add_all(orm[1:])
                session.commit()
                orm_ids = [record.id for record in orm]
        finally:
            engine.dispose()
        conn = sqlite3.connect(path)
        try:
            lean_contact = records.insert(conn, "contact", contact)
            lean_ids = [lean_contact, records.insert(conn, "meeting", {"contact_id": lean_contact, **meeting}),
                        records.insert(conn, "outreach", {"contact_id": lean_contact, **outreach})]
            conn.commit()
            for table, orm_id, lean_id in zip(("contact", "meeting", "outreach"), orm_ids, lean_ids, strict=False):
                orm_row, lean_row = _row(conn, table, orm_id), _row(conn, table, lean_id)
                if table != "contact":
                    assert orm_row.pop("contact_id") == orm_ids[0] and lean_row.pop("contact_id") == lean_ids[0]
                else:  # kept by triggers from each contact's own meetings and outreach
                    for name in ("latest_meeting_id", "latest_outreach_id"):
                        orm_row.pop(name), lean_row.pop(name)
                assert lean_row == orm_row, table
        finally:
            conn.close()
