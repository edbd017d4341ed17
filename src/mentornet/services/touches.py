"""Touches: any other contact that counts (an email exchange, a hallway chat)."""

import sqlite3
from datetime import date

from mentornet.services.contacts import resolve
from mentornet.store import rows
from mentornet.text import clean


def log_touch(conn: sqlite3.Connection, ref: str, *, on: date, via: str | None = None, note: str | None = None) -> int:
    """Record a touch and return its id."""
    contact = resolve(conn, ref)
    return rows.insert(conn, "touch", {"contact_id": contact["id"], "on_date": on, "channel": clean(via),
                                          "note": clean(note)})
