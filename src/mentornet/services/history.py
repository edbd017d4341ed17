"""A relationship's history, oldest first: outreach, replies, meetings, touches, stage changes."""

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentornet.vocabulary import Outcome


@dataclass(frozen=True)
class Event:
    date: date
    kind: str  # stage, outreach, reply, meeting, touch
    summary: str

    def as_json(self) -> dict:
        return {"date": self.date, "kind": self.kind, "summary": self.summary}


@dataclass(frozen=True)
class StageChange:
    on: date
    from_stage: str | None  # None: the contact was added
    to_stage: str
    note: str | None


def stage_changes(conn: sqlite3.Connection, contact_id: int) -> list[StageChange]:
    found = conn.execute(
        """SELECT on_date AS "on", from_stage, to_stage, note FROM stage_change
           WHERE contact_id = ? ORDER BY on_date, id""",
        (contact_id,),
    )
    return [StageChange(date.fromisoformat(on), from_stage, to_stage, note) for on, from_stage, to_stage, note in found]


def timeline(conn: sqlite3.Connection, contact_id: int) -> list[Event]:
    from mentornet.services.meetings import meetings
    from mentornet.services.outreach import attempts
    from mentornet.services.touches import touches

    events: list[tuple[date, int, Event]] = []

    def add(day: date, order: int, kind: str, summary: str) -> None:
        events.append((day, order, Event(day, kind, summary)))

    for change in stage_changes(conn, contact_id):
        if change.from_stage is None:
            summary = f"added as {change.to_stage}"
        else:
            summary = f"stage {change.from_stage} -> {change.to_stage}"
        if change.note and change.note != "added":
            summary += f" ({change.note})"
        add(change.on, 0, "stage", summary)
    answers = set()  # one answer closes every attempt it replies to: show it once
    for attempt in attempts(conn, contact_id=contact_id):
        what = "approach" if attempt.attempt == 1 else f"follow-up (attempt {attempt.attempt})"
        detail = f" for {attempt.for_role}" if attempt.for_role else ""
        detail += f": {attempt.ask}" if attempt.ask else ""
        add(attempt.on, 1, "outreach", f"{what} by {attempt.channel}{detail}")
        answer = (attempt.outcome, attempt.outcome_on, attempt.note)
        if attempt.outcome_on and attempt.outcome != Outcome.pending and answer not in answers:
            answers.add(answer)
            note = f": {attempt.note}" if attempt.note else ""
            add(attempt.outcome_on, 2, "reply" if attempt.outcome != Outcome.no_response else "outreach",
                f"{attempt.outcome}{note}")
    for meeting in meetings(conn, contact_id=contact_id):
        parts = [f"meeting{' (' + meeting.mode + ')' if meeting.mode else ''}"]
        if meeting.agenda:
            parts.append(f"agenda: {meeting.agenda}")
        if meeting.notes:
            parts.append(f"notes: {meeting.notes}")
        if meeting.rating:
            parts.append(f"rating {meeting.rating}/5")
        if meeting.next:
            parts.append(f"next meeting {meeting.next}")
        if meeting.referrals:
            parts.append("referred " + ", ".join(meeting.referrals))
        if meeting.thanked_on:
            parts.append(f"thanked {meeting.thanked_on}")
        add(meeting.on, 3, "meeting", "; ".join(parts))
    for touch in touches(conn, contact_id):
        via = f" by {touch.channel}" if touch.channel else ""
        add(touch.on, 4, "touch", f"touch{via}" + (f": {touch.note}" if touch.note else ""))
    return [event for _, _, event in sorted(events, key=lambda e: (e[0], e[1]))]
