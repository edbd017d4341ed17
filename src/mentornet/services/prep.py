"""The brief to read before meeting someone (`prep`): so a busy mentor's time is well spent.

Who they are to you (roles, stage and for how long), how long since you were in touch, what the
last meeting said, what is open both ways, the goals they help with, the people they referred you
to and whether you followed up, and a suggested agenda built from all of that.
"""

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date

from mentornet.services.actions import ActionItem, action_items
from mentornet.services.cadence import severity
from mentornet.services.contacts import contact_record
from mentornet.services.goals import HelpedGoal, goals_of_contact
from mentornet.services.meetings import GivenReferral, LastMeeting, latest_meeting, meeting_count, referrals_from
from mentornet.vocabulary import PIPELINE, UNCOMMITTED, Direction, Owner, Stage, is_active


@dataclass(frozen=True)
class Brief:
    as_of: date
    contact: str
    id: int
    title: str | None
    institution: str | None
    roles: list[str]
    direction: str
    stage: str
    stage_since: date
    days_in_stage: int
    last_contact: date
    days_since_contact: int
    cadence_days: int | None  # the cadence that applies (services/cadence.py)
    check_in: str | None  # its severity when a check-in is due
    meetings: int
    last_meeting: LastMeeting | None
    open_actions: list[ActionItem]
    goals: list[HelpedGoal]
    referrals: list[GivenReferral]
    agenda: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)  # open questions kept for them (`mentornet ask`)

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["last_meeting"] = self.last_meeting.as_json() if self.last_meeting else None
        for name in ("open_actions", "goals", "referrals"):
            data[name] = [item.as_json() for item in data[name]]
        return data


def stage_since(conn: sqlite3.Connection, contact_id: int, stage: str) -> date | None:
    """The day a contact last moved into the stage it is in (None when no move is recorded)."""
    row = conn.execute(
        """SELECT on_date FROM stage_change WHERE contact_id = ? AND to_stage = ?
           ORDER BY on_date DESC, id DESC LIMIT 1""",
        (contact_id, stage),
    ).fetchone()
    return date.fromisoformat(row[0]) if row else None


def span(days: int) -> str:
    """A rough, readable length of time: `3 days`, `2 weeks`, `5 months`, `2 years`."""
    def unit(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if days < 14:
        return unit(days, "day")
    if days < 61:
        return unit(days // 7, "week")
    if days < 730:
        return unit(days // 30, "month")
    return unit(days // 365, "year")


def brief(conn: sqlite3.Connection, contact_id: int, as_of: date) -> Brief:
    """Everything `prep` shows."""
    from mentornet.services.mosaic import network

    record = contact_record(conn, contact_id)
    stage = record.stage
    since = stage_since(conn, contact_id, stage) or record.added_on
    days_since = (as_of - record.last_contact).days
    mosaic = network(conn, as_of)
    thin = any(w.code == "thin" for w in mosaic.warnings)
    gaps = [r.role for r in mosaic.roles if r.status == "gap"]
    cadence = record.effective_cadence_days
    result = Brief(
        as_of=as_of,
        contact=record.name,
        id=record.id,
        title=record.title,
        institution=record.institution,
        roles=record.roles,
        direction=record.direction,
        stage=stage,
        stage_since=since,
        days_in_stage=(as_of - since).days,
        last_contact=record.last_contact,
        days_since_contact=days_since,
        cadence_days=cadence,
        check_in=severity(days_since, cadence) if is_active(stage, record.paused) else None,
        meetings=meeting_count(conn, contact_id),
        last_meeting=latest_meeting(conn, contact_id),
        open_actions=action_items(conn, open_only=True, contact_id=contact_id),
        goals=goals_of_contact(conn, contact_id),
        referrals=referrals_from(conn, contact_id),
    )
    from mentornet.services.questions import questions

    return replace(result, agenda=agenda(result, as_of, thin=thin, gaps=gaps),
                   questions=[q.text for q in questions(conn, contact_id=contact_id)])


def agenda(brief: Brief, as_of: date, *, thin: bool, gaps: list[str]) -> list[str]:
    """Suggested agenda items, most pressing first."""
    stage = brief.stage
    if stage in PIPELINE or (stage in UNCOMMITTED and brief.meetings == 0):
        return first_meeting_agenda(brief)
    items = []
    for action in brief.open_actions:
        if action.owner == Owner.me:
            late = action.due is not None and action.due < as_of
            when = f" (due {action.due}{', overdue' if late else ''})" if action.due else ""
            items.append(f"Report back on your action: {action.text}{when}")
    for action in brief.open_actions:
        if action.owner == Owner.them:
            items.append(f"Ask how their action is going: {action.text}")
    for goal in brief.goals:
        by = f" (by {goal.by})" if goal.by else ""
        items.append(f"Progress on your goal: {goal.text}{by}")
    for referral in brief.referrals:
        if referral.followed_up:
            items.append(f"Tell them how it went with {referral.name}, whom they suggested")
        else:
            items.append(f"You haven't contacted {referral.name} yet (suggested {referral.on}): "
                         "say when you will, or ask for an introduction")
    if stage == Stage.exploring:
        items.append("Decide together whether to go on: what you each expect, and how often to meet")
    elif stage == Stage.separation:
        items.append("Talk about what the relationship becomes next")
    if (thin or gaps) and brief.direction != Direction.i_mentor:  # ask your mentors, not your mentees
        about = f", especially for {', '.join(gaps)}" if gaps else ""
        items.append(f"Ask who else you should talk to{about}")
    if stage != Stage.ended:
        items.append("Agree when you will meet next")
    return items


def first_meeting_agenda(brief: Brief) -> list[str]:
    """A first meeting, with someone not yet committed (never a long-standing mentor with no meeting
    logged): the advice for first meetings. Your short story, their path, your ask near the end,
    who else to talk to, thanks."""
    items = ["Tell your story in two minutes: where you are, and what you hope to learn from them",
             "Ask about their path: how they got where they are, and what they would do again"]
    for goal in brief.goals:
        by = f" (by {goal.by})" if goal.by else ""
        items.append(f"Mention your goal where it fits: {goal.text}{by}")
    items.append("Near the end, make your one specific ask")
    if brief.direction != Direction.i_mentor:
        items.append("Ask who else you should talk to")
    items.append("Thank them, and send a thank-you the next day")
    return items
