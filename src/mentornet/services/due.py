"""What is due (domain.md, "What is due"): follow-ups, give-ups, thank-yous, check-ins, agreed
next meetings, actions and referrals, computed from the dates things happened, as of a day.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from mentornet.services.cadence import severity
from mentornet.store import reads

FOLLOW_UP_AFTER = timedelta(days=7)
GIVE_UP_AFTER = timedelta(days=14)
THANK_YOU_AFTER = timedelta(days=1)
REFERRAL_AFTER = timedelta(days=14)


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


def _day(text: str) -> date:
    return date.fromisoformat(text)


def all_items(conn: sqlite3.Connection, as_of: date, until: date | None = None) -> list[DueItem]:
    """Open items due on or before `until` (None: whatever their date); `as_of` grades check-ins."""
    items: list[DueItem] = []
    for row in reads.unanswered_outreach(conn, FOLLOW_UP_AFTER.days, GIVE_UP_AFTER.days, until):
        sent = _day(row["on_date"])
        what = f"{row['channel']}" + (f": {row['ask']}" if row["ask"] else "")
        if row["attempt"] == 1:
            items.append(DueItem(row["contact_id"], row["contact"], "follow-up", sent + FOLLOW_UP_AFTER,
                                 f"approached {sent} by {what}"))
        else:
            items.append(DueItem(row["contact_id"], row["contact"], "give-up", sent + GIVE_UP_AFTER,
                                 f"no reply since the follow-up of {sent}; mark it and leave them alone"))
    for row in reads.unthanked_meetings(conn, THANK_YOU_AFTER.days, until):
        met = _day(row["on_date"])
        items.append(DueItem(row["contact_id"], row["contact"], "thank-you", met + THANK_YOU_AFTER,
                             f"met {met}; send a thank-you"))
    for row in reads.check_ins(conn, until):
        last = _day(row["last_contact"])
        grade = severity((as_of - last).days, row["cadence"]) or "due"
        items.append(DueItem(row["contact_id"], row["contact"], "check-in", _day(row["due"]),
                             f"last contact {last}, every {row['cadence']} days", grade))
    for row in reads.agreed_next_meetings(conn, until):
        items.append(DueItem(row["contact_id"], row["contact"], "next-meeting", _day(row["next_on"]),
                             f"agreed at the meeting of {row['on_date']}"))
    for row in reads.my_open_actions_with_dates(conn, until):
        items.append(DueItem(row["contact_id"], row["contact"], "action", _day(row["due_on"]),
                             f"#{row['id']} {row['text']}"))
    for row in reads.referrals_not_contacted(conn, REFERRAL_AFTER.days, until):
        given = _day(row["on_date"])
        items.append(DueItem(row["contact_id"], row["contact"], "referral", given + REFERRAL_AFTER,
                             f"referred by {row['referred_by']} on {given}"))
    return items


def due_items(conn: sqlite3.Connection, as_of: date, within_until: date | None = None) -> list[DueItem]:
    """Items due on or before `as_of` (or `within_until`, to look ahead), most overdue first."""
    horizon = max(as_of, within_until or as_of)
    return sorted(all_items(conn, as_of, horizon), key=lambda item: (item.due, item.contact.casefold(), item.kind))


def next_due_by_contact(conn: sqlite3.Connection, as_of: date) -> dict[int, date]:
    """The earliest open item of each contact: the `next_due` of `contacts list`."""
    earliest: dict[int, date] = {}
    for item in all_items(conn, as_of):
        if item.contact_id not in earliest or item.due < earliest[item.contact_id]:
            earliest[item.contact_id] = item.due
    return earliest
