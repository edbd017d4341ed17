"""Action items from meetings: yours and theirs."""

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentornet.services.completion import mark_done_once


@dataclass(frozen=True)
class ActionItem:
    """One shape wherever an action item is shown: `actions list`, `contacts show`, `prep`."""

    id: int
    contact: str
    contact_id: int
    text: str
    owner: str
    due: date | None
    done_on: date | None

    def as_json(self) -> dict:
        return {"id": self.id, "contact": self.contact, "contact_id": self.contact_id, "text": self.text,
                "owner": self.owner, "due": self.due, "done_on": self.done_on}


def action_items(conn: sqlite3.Connection, *, open_only: bool = False, contact_id: int | None = None) -> list[ActionItem]:
    """Action items (open ones, a contact's), open first, soonest due first, undated last."""
    where = []
    params: list[object] = []
    if open_only:
        where.append("a.done_on IS NULL")
    if contact_id is not None:
        where.append("a.contact_id = ?")
        params.append(contact_id)
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        f"""SELECT a.id, c.name AS contact, a.contact_id, a.text, a.owner, a.due_on AS due, a.done_on
            FROM action_item a JOIN contact c ON c.id = a.contact_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY a.done_on IS NOT NULL, a.due_on IS NULL, a.due_on, a.id""",
        params,
    )
    return [ActionItem(id_, contact, contact_id_, text, owner, date.fromisoformat(due) if due else None,
                       date.fromisoformat(done_on) if done_on else None)
            for id_, contact, contact_id_, text, owner, due, done_on in rows]


def mark_done(conn: sqlite3.Connection, action_id: int, *, on: date) -> str:
    """Mark an action item done; returns its text."""
    return mark_done_once(conn, "action_item", action_id, on=on, noun="action", hint="mentornet actions list --open")
