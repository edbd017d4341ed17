"""What is due (domain.md, "What is due"): follow-ups, give-ups, thank-yous, check-ins, agreed
next meetings, actions and referrals, computed from the dates things happened, as of a day.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentornet.services.cadence import severity
from mentornet.store import due_items as stored
from mentornet.store.due_items import FOLLOW_UP_AFTER  # noqa: F401 (the CLI's hint after an approach)


@dataclass(frozen=True)
class DueItem:
    contact_id: int
    contact: str
    kind: str
    due: date
    detail: str
    severity: str | None = None  # check-ins only

    def days_overdue(self, as_of: date) -> int:
        return (as_of - self.due).days

    def as_json(self, as_of: date) -> dict:
        data = {"contact_id": self.contact_id, "contact": self.contact, "kind": self.kind, "due": self.due,
                "days_overdue": self.days_overdue(as_of), "detail": self.detail}
        if self.kind == "check-in":
            data["severity"] = self.severity
        return data


def _detail(kind: str, on_date: str | None, text: str | None, ask: str | None, number: int | None) -> str:
    if kind == "follow-up":
        return f"approached {on_date} by {text}" + (f": {ask}" if ask else "")
    if kind == "give-up":
        return f"no reply since the follow-up of {on_date}; mark it and leave them alone"
    if kind == "thank-you":
        return f"met {on_date}; send a thank-you"
    if kind == "check-in":
        return f"last contact {on_date}, every {number} days"
    if kind == "next-meeting":
        return f"agreed at the meeting of {on_date}"
    if kind == "referral":
        return f"referred by {text} on {on_date}"
    return text or ""


def _item(row: tuple, as_of: date) -> DueItem:
    kind, contact_id, contact, due, ref_id, on_date, text, ask, number = row
    detail = f"#{ref_id} {text}" if kind == "action" else _detail(kind, on_date, text, ask, number)
    grade = None
    if kind == "check-in":
        grade = severity((as_of - date.fromisoformat(on_date)).days, number) or "due"
    return DueItem(contact_id, contact, kind, date.fromisoformat(due), detail, grade)


def due_items(conn: sqlite3.Connection, as_of: date, within_until: date | None = None) -> list[DueItem]:
    """Items due on or before `as_of` (or `within_until`, to look ahead), most overdue first."""
    horizon = max(as_of, within_until or as_of)
    rows, _ = stored.due_rows(conn, horizon)
    return [_item(row, as_of) for row in rows]


def top_due_items(conn: sqlite3.Connection, as_of: date, limit: int) -> tuple[list[DueItem], int]:
    """The `limit` most overdue items and how many are due in all (the dashboard)."""
    rows, total = stored.due_rows(conn, as_of, limit)
    return [_item(row, as_of) for row in rows], total


def all_items(conn: sqlite3.Connection, as_of: date) -> list[DueItem]:
    """Every open item whatever its date (for calendars), most overdue first."""
    rows, _ = stored.due_rows(conn)
    return [_item(row, as_of) for row in rows]


def next_due_by_contact(conn: sqlite3.Connection) -> dict[int, date]:
    """The earliest open item of each contact, as dates: the CSV export's `next_due` (`contacts
    list` takes the ISO text of `due_items.next_due_dates` as it is)."""
    return {contact_id: date.fromisoformat(due) for contact_id, due in stored.next_due_dates(conn).items()}


# --- Goals (`outreach due --goals`): the user's own deadlines, listed only when asked for, so
# the default list stays about people. ---

@dataclass(frozen=True)
class GoalDueItem(DueItem):
    """An open goal past its target date: about no one contact (`contact_id` None, `contact` empty)."""

    goal_id: int | None = None
    mentors: tuple[str, ...] = ()

    def as_json(self, as_of: date) -> dict:
        data = super().as_json(as_of)
        data["contact"] = None
        data["goal_id"] = self.goal_id
        data["mentors"] = list(self.mentors)
        return data


def goal_items(conn: sqlite3.Connection, as_of: date, within_until: date | None = None) -> list[GoalDueItem]:
    from mentornet.store.planning import overdue_goals

    horizon = max(as_of, within_until or as_of)
    items = []
    for row in overdue_goals(conn, horizon):
        helped = f"; with {', '.join(row['mentors'])}" if row["mentors"] else ""
        items.append(GoalDueItem(None, "", "goal", date.fromisoformat(row["by"]),
                                 f"#{row['id']} {row['text']} ({row['horizon']}-term goal{helped})",
                                 goal_id=row["id"], mentors=tuple(row["mentors"])))
    return items


def with_goals(items: list[DueItem], conn: sqlite3.Connection, as_of: date,
               within_until: date | None = None) -> list[DueItem]:
    """`items` and the goals due in the same window, most overdue first."""
    merged = items + goal_items(conn, as_of, within_until)
    return sorted(merged, key=lambda item: (item.due, item.contact.casefold(), item.kind))
