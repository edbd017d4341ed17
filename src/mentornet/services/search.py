"""`search`: full-text search over contacts, meetings, touches and outreach (store/search.py).

The user's words are quoted before they reach FTS5, so nothing they type is query syntax (`AND`,
`-`, `"`, `*`, `NEAR(`...): each word must appear, as a word or the start of one (`cardio` finds
`cardiology`), in any case and with or without accents. Best matches first (bm25; a match in a
contact's name counts more than one in a note).
"""

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentornet.errors import BadInput
from mentornet.store import search as index
from mentornet.text import clean

MARK = ("**", "**")  # around the matched words in a snippet


@dataclass(frozen=True)
class Hit:
    contact_id: int
    contact: str
    kind: str  # contact, meeting, touch, outreach
    date: date | None  # when it happened; None for a contact's own fields
    snippet: str

    def as_json(self) -> dict:
        return {"contact": self.contact, "kind": self.kind, "date": self.date, "snippet": self.snippet}


def expression(query: str) -> str:
    """The FTS5 MATCH expression for what the user typed: every word quoted, as a prefix."""
    words = [word for word in (clean(query) or "").split() if any(ch.isalnum() for ch in word)]
    if not words:
        raise BadInput(f"nothing to search for in {query!r}; give a word or a name, like `mentornet search grant`")
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def search(conn: sqlite3.Connection, query: str, *, limit: int = 50) -> list[Hit]:
    match = expression(query)
    index.catch_up_now(conn)
    return [
        Hit(row["contact_id"], row["contact"], row["kind"],
            date.fromisoformat(row["on_date"]) if row["on_date"] else None, row["snippet"])
        for row in index.matches(conn, match, limit, mark=MARK)
    ]
