"""Marking a record done, once: shared by action items and goals."""

import sqlite3
from datetime import date

from mentornet.errors import NotFound, Refused
from mentornet.store import rows

MAX_ID = 2**63 - 1  # SQLite's integer ids are 64-bit


def mark_done_once(conn: sqlite3.Connection, table: str, record_id: int, *, on: date, noun: str, hint: str) -> str:
    """Set `done_on` on the row of `table` with `record_id` and return its text; unknown or already
    done is an error."""
    record = (conn.execute(f"SELECT text, done_on FROM {table} WHERE id = ?", (record_id,)).fetchone()
              if 0 < record_id <= MAX_ID else None)
    if record is None:
        raise NotFound(f"no {noun} with id {record_id}; see `{hint}`")
    if record["done_on"] is not None:
        raise Refused(f"{noun} {record_id} was already done on {record['done_on']}")
    rows.update(conn, table, {"id": record_id}, {"done_on": on})
    return record["text"]
