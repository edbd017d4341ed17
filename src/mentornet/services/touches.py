"""Touches: any other contact that counts (an email exchange, a hallway chat)."""

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentornet.services.contacts import resolve
from mentornet.store import rows
from mentornet.text import clean


def log_touch(conn: sqlite3.Connection, ref: str, *, on: date, via: str | None = None, note: str | None = None) -> int:
    """Record a touch and return its id."""
    contact = resolve(conn, ref)
    return rows.insert(conn, "touch", {"contact_id": contact["id"], "on_date": on, "channel": clean(via),
                                          "note": clean(note)})


@dataclass(frozen=True)
class Touch:
    id: int
    on: date
    channel: str | None
    note: str | None


def touches(conn: sqlite3.Connection, contact_id: int) -> list[Touch]:
    """A contact's touches, oldest first."""
    found = conn.execute(
        """SELECT id, on_date AS "on", channel, note FROM touch WHERE contact_id = ? ORDER BY on_date, id""",
        (contact_id,),
    )
    return [Touch(id_, date.fromisoformat(on), channel, note) for id_, on, channel, note in found]
