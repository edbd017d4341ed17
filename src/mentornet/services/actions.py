"""Action items from meetings: yours and theirs."""

import sqlite3
from datetime import date

from mentornet.services.completion import mark_done_once


def mark_done(conn: sqlite3.Connection, action_id: int, *, on: date) -> str:
    """Mark an action item done; returns its text."""
    return mark_done_once(conn, "action_item", action_id, on=on, noun="action", hint="mentornet actions list --open")
