"""Who you are (one row): what the drafts say when they introduce you, and your two-minute story."""

import json
import sqlite3
from dataclasses import dataclass, field

from mentornet.store import rows
from mentornet.text import clean

PROFILE_ID = 1  # there is one user per database, so one profile row


@dataclass(frozen=True)
class Profile:
    name: str | None = None
    training: str | None = None
    institution: str | None = None
    email: str | None = None
    phone: str | None = None
    story: str | None = None
    interests: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"name": self.name, "training": self.training, "institution": self.institution, "email": self.email,
                "phone": self.phone, "story": self.story, "interests": list(self.interests)}


_TEXT = ("name", "training", "institution", "email", "phone", "story")


def profile(conn: sqlite3.Connection) -> Profile | None:
    """Your profile, or None before `mentornet me` has been given anything."""
    row = conn.execute(f"SELECT {', '.join(_TEXT)}, interests FROM profile WHERE id = ?", (PROFILE_ID,)).fetchone()
    if row is None:
        return None
    values = {name: row[name] for name in _TEXT}
    return Profile(**values, interests=json.loads(row["interests"] or "[]"))


def update(conn: sqlite3.Connection, given: dict[str, str | None], interests: list[str]) -> Profile:
    """Set the given fields (an empty string clears one); interests, when given, replace the list."""
    changes: dict[str, object] = {name: clean(value) or None for name, value in given.items()
                                  if name in _TEXT and value is not None}
    if interests:
        changes["interests"] = json.dumps([text for text in map(clean, interests) if text], ensure_ascii=False)
    if conn.execute("SELECT 1 FROM profile WHERE id = ?", (PROFILE_ID,)).fetchone() is None:
        rows.insert(conn, "profile", {"id": PROFILE_ID, **changes})
    elif changes:
        rows.update(conn, "profile", {"id": PROFILE_ID}, changes)
    found = profile(conn)
    assert found is not None
    return found
