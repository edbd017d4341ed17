"""Questions kept between meetings: asked now, covered at the next meeting (or marked done).

Searchable (its text) and due-relevant (open questions before a next meeting) in principle; neither
cache reads this table yet.
"""

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentornet.errors import BadInput, NotFound
from mentornet.services.contacts import resolve
from mentornet.store import rows
from mentornet.text import clean


@dataclass(frozen=True)
class Question:
    id: int
    contact: str
    contact_id: int
    text: str
    asked_on: date
    done_on: date | None
    meeting_id: int | None  # the meeting that covered it

    def as_json(self) -> dict:
        return {"id": self.id, "contact": self.contact, "text": self.text, "asked_on": self.asked_on,
                "done_on": self.done_on, "meeting_id": self.meeting_id}


def ask(conn: sqlite3.Connection, ref: str, text: str, *, on: date) -> tuple[int, str]:
    """Queue a question for the next meeting with a contact; returns its id and the contact's name."""
    cleaned = clean(text)
    if not cleaned:
        raise BadInput("a question needs some text, like: mentornet ask Ada \"Which K award fits a QI project?\"")
    contact = resolve(conn, ref)
    question_id = rows.insert(conn, "question", {"contact_id": contact["id"], "text": cleaned, "asked_on": on})
    return question_id, contact["name"]


def questions(conn: sqlite3.Connection, *, contact_id: int | None = None, open_only: bool = True) -> list[Question]:
    """Questions (a contact's; only open ones unless told), oldest first."""
    where, params = [], []
    if open_only:
        where.append("q.done_on IS NULL")
    if contact_id is not None:
        where.append("q.contact_id = ?")
        params.append(contact_id)
    cursor = conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(
        f"""SELECT q.id, c.name, q.contact_id, q.text, q.asked_on, q.done_on, q.meeting_id
            FROM question q JOIN contact c ON c.id = q.contact_id
            {"WHERE " + " AND ".join(where) if where else ""} ORDER BY q.asked_on, q.id""", params)
    return [Question(id_, name, contact_id_, text, date.fromisoformat(asked), date.fromisoformat(done) if done else None,
                     meeting_id)
            for id_, name, contact_id_, text, asked, done, meeting_id in found]


def _question_id(value: str) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) < 19):
        raise BadInput(f"{value!r} is not a question id; see `mentornet ask list`")
    return int(text)


def close(conn: sqlite3.Connection, ids: Sequence[str], *, on: date, contact_id: int | None = None,
          meeting_id: int | None = None) -> list[int]:
    """Mark questions done (covered at `meeting_id`, when given); a question of another contact is refused."""
    closed = []
    for value in ids:
        question_id = _question_id(value)
        row = conn.execute("SELECT q.id, q.contact_id, q.done_on, c.name FROM question q "
                           "JOIN contact c ON c.id = q.contact_id WHERE q.id = ?", (question_id,)).fetchone()
        if row is None:
            raise NotFound(f"no question with id {question_id}; see `mentornet ask list`")
        if contact_id is not None and row["contact_id"] != contact_id:
            raise BadInput(f"question {question_id} is for {row['name']}, not this meeting's contact")
        if row["done_on"] is None:
            rows.update(conn, "question", {"id": question_id}, {"done_on": on, "meeting_id": meeting_id})
        closed.append(question_id)
    return closed


def cover(conn: sqlite3.Connection, meeting_id: int, ids: Sequence[str]) -> list[int]:
    """Close the questions covered at a meeting (`meeting log --covered ID...`): they must be its contact's."""
    meeting = conn.execute("SELECT contact_id, on_date FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
    return close(conn, ids, on=date.fromisoformat(meeting["on_date"]), contact_id=meeting["contact_id"],
                 meeting_id=meeting_id)
