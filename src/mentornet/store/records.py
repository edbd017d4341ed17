"""Single rows written with plain SQL: what the daily write commands insert and update.

`schema.py` (SQLModel) stays the schema of record: it creates and upgrades the file, and drives
the imports and the JSON export. But importing SQLModel costs more than everything else a write
does on 10,000 contacts (`touch` took 438 ms with it, 92 ms without), so `add-contact`, `meeting
log`, `touch` and the other single writes go through here, on the standard sqlite3 module.

The columns' Python-side defaults are written once more below, for those inserts; a test holds
them equal to schema.py's.
"""

import sqlite3
from datetime import UTC, date, datetime
from enum import Enum


def utc_now() -> str:
    """An instant as the schema stores it: aware UTC, ISO text to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


_CREATED = {"created_at": utc_now}
_EMPTY_LIST = "[]"

# table -> column -> default value, or a callable that makes one (schema.py's defaults, not None)
DEFAULTS: dict[str, dict[str, object]] = {
    "role": {"family": "career", "target": 0, "position": 0},
    "contact": {"supervisor": False, "direction": "mentors-me", "stage": "prospect", "paused": False, **_CREATED},
    "stage_change": {**_CREATED},
    "outreach": {"attempt": 1, "channel": "email", "outcome": "pending", **_CREATED},
    "meeting": {**_CREATED},
    "touch": {**_CREATED},
    "action_item": {"owner": "me", **_CREATED},
    "referral": {**_CREATED},
    "goal": {"horizon": "short", **_CREATED},
    "assessment": {
        **{name: _EMPTY_LIST for name in ("goals", "long_term_goals", "personal_goals", "strengths", "challenges",
                                          "needs", "helps", "hinders", "colleague_values")},
        **_CREATED,
    },
}


def stored(value: object) -> object:
    """A Python value as the schema stores it: dates as ISO text, enums as their value, booleans 0/1."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def quoted(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def insert(conn: sqlite3.Connection, table: str, values: dict[str, object], *, defaults: bool = True) -> int:
    """Insert one row, the table's defaults filling what `values` leaves out; returns its rowid."""
    row = {name: default() if callable(default) else default
           for name, default in (DEFAULTS.get(table, {}) if defaults else {}).items()}
    row.update(values)
    names = ", ".join(quoted(name) for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO {quoted(table)} ({names}) VALUES ({marks})", [stored(v) for v in row.values()])
    return cursor.lastrowid


def update(conn: sqlite3.Connection, table: str, where: dict[str, object], values: dict[str, object]) -> None:
    """Set `values` on the rows whose columns equal `where` (a primary key, in practice)."""
    if not values:
        return
    sets = ", ".join(f"{quoted(name)} = ?" for name in values)
    condition = " AND ".join(f"{quoted(name)} = ?" for name in where)
    conn.execute(f"UPDATE {quoted(table)} SET {sets} WHERE {condition}",
                 [stored(v) for v in (*values.values(), *where.values())])
