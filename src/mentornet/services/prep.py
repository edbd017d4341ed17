"""The brief to read before meeting someone (`prep`): so a busy mentor's time is well spent.

Who they are to you (roles, stage and for how long), how long since you were in touch, what the
last meeting said, what is open both ways, the goals they help with, the people they referred you
to and whether you followed up, and a suggested agenda built from all of that. For an established
relationship (a committed stage) it leads with what you delivered since the last meeting, your
open questions, their open actions, the goals, the current agreement and the next date (issue 16).

It costs one record: everything is read by the contact's id through its indexes, and the two facts
the agenda takes from the whole network (fewer than three mentors; roles with nobody at all) are
asked of SQL with LIMITs, not read off the whole mosaic (`network_hints`; a test holds it equal to
services/mosaic.py).
"""

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from mentornet.services.actions import ActionItem, action_items
from mentornet.services.cadence import CADENCE_SQL, COLD_RATIO, severity
from mentornet.services.contacts import contact_record
from mentornet.services.goals import HelpedGoal, goals_of_contact
from mentornet.services.last_contact import LAST_CONTACT_SQL
from mentornet.services.meetings import GivenReferral, LastMeeting, latest_meeting, meeting_count, referrals_from
from mentornet.vocabulary import COMMITTED, FORMING, PIPELINE, UNCOMMITTED, Direction, Owner, Stage, is_active, sql_list


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
    delivered: list[ActionItem] = field(default_factory=list)  # your actions done since the last meeting
    agreement: dict | None = None  # the current agreement and its review date (services/agreements.py)
    next: "NextDate | None" = None

    @property
    def established(self) -> bool:
        """A committed relationship: the brief leads with what happened since the last meeting."""
        return self.stage in COMMITTED

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["last_meeting"] = self.last_meeting.as_json() if self.last_meeting else None
        for name in ("open_actions", "goals", "referrals", "delivered"):
            data[name] = [item.as_json() for item in data[name]]
        data["next"] = self.next.as_json() if self.next else None
        return data


@dataclass(frozen=True)
class NextDate:
    """When you are next to meet or be in touch: the meeting agreed, else the check-in."""

    on: date
    why: str  # "agreed at the meeting of 2026-10-01", "check-in, every 30 days"

    def as_json(self) -> dict:
        return {"on": self.on, "why": self.why}


def next_date(last_meeting: LastMeeting | None, last_contact: date, cadence_days: int | None,
              as_of: date) -> NextDate | None:
    """The next meeting agreed, while it is ahead; else last contact plus the cadence (maybe past)."""
    if last_meeting is not None and last_meeting.next is not None and last_meeting.next >= as_of:
        return NextDate(last_meeting.next, f"agreed at the meeting of {last_meeting.on}")
    if cadence_days:
        try:
            return NextDate(last_contact + timedelta(days=cadence_days), f"check-in, every {cadence_days} days")
        except OverflowError:
            return None
    return None


def network_hints(conn: sqlite3.Connection, as_of: date) -> tuple[bool, list[str]]:
    """Whether the network is `thin` (fewer than three committed mentors) and which targeted roles
    are a `gap` (short of target with nobody forming, and not all-cold), as services/mosaic.py
    decides them, in SQL that stops early: a large network answers as fast as a small one."""
    mentor = f"c.stage IN {sql_list(COMMITTED)} AND c.direction != '{Direction.i_mentor}'"
    forming = f"c.stage IN {sql_list(FORMING)} AND c.direction != '{Direction.i_mentor}'"
    thin = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM contact c WHERE {mentor} LIMIT 3) AS mentors").fetchone()[0] < 3
    holders = "FROM contact_role cr JOIN contact c ON c.id = cr.contact_id WHERE cr.role_key = :role"
    cold = (f"(julianday(:day) - julianday({LAST_CONTACT_SQL})) >= {COLD_RATIO} * ({CADENCE_SQL}) "
            f"AND ({CADENCE_SQL}) > 0")
    gaps = []
    for key, target in conn.execute("SELECT key, target FROM role WHERE target > 0 ORDER BY position, key").fetchall():
        params = {"role": key, "day": as_of.isoformat()}
        if conn.execute(f"SELECT EXISTS (SELECT 1 {holders} AND {forming})", params).fetchone()[0]:
            continue  # forming, or better
        warm = conn.execute(f"SELECT count(*) FROM (SELECT 1 {holders} AND {mentor} AND NOT coalesce({cold}, FALSE) "
                            f"LIMIT :target) AS warm", {**params, "target": target}).fetchone()[0]
        if warm >= target:
            continue  # filled
        if warm == 0 and conn.execute(f"SELECT EXISTS (SELECT 1 {holders} AND {mentor})", params).fetchone()[0]:
            continue  # mentors, every one going cold: cold
        gaps.append(key)
    return thin, gaps


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
    from mentornet.services.agreements import agreements_of

    record = contact_record(conn, contact_id)
    stage = record.stage
    since = stage_since(conn, contact_id, stage) or record.added_on
    days_since = (as_of - record.last_contact).days
    thin, gaps = network_hints(conn, as_of)
    cadence = record.effective_cadence_days
    last_meeting = latest_meeting(conn, contact_id)
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
        last_meeting=last_meeting,
        open_actions=action_items(conn, open_only=True, contact_id=contact_id),
        goals=goals_of_contact(conn, contact_id),
        referrals=referrals_from(conn, contact_id),
        delivered=delivered_since(conn, contact_id, last_meeting.on) if last_meeting else [],
        agreement=agreements_of(conn, contact_id, as_of).current_json(),
        next=next_date(last_meeting, record.last_contact, cadence, as_of) if stage not in _LET_GO else None,
    )
    from mentornet.services.questions import questions

    return replace(result, agenda=agenda(result, as_of, thin=thin, gaps=gaps),
                   questions=[q.text for q in questions(conn, contact_id=contact_id)])


_LET_GO = frozenset({Stage.declined, Stage.no_response, Stage.ended})


def delivered_since(conn: sqlite3.Connection, contact_id: int, day: date) -> list[ActionItem]:
    """Your actions for this contact marked done on or after `day`, in the order you did them."""
    done = [item for item in action_items(conn, contact_id=contact_id)
            if item.owner == Owner.me and item.done_on is not None and item.done_on >= day]
    return sorted(done, key=lambda item: (item.done_on, item.id))


def agenda(brief: Brief, as_of: date, *, thin: bool, gaps: list[str]) -> list[str]:
    """Suggested agenda items, most pressing first."""
    stage = brief.stage
    if stage in PIPELINE or (stage in UNCOMMITTED and brief.meetings == 0):
        return first_meeting_agenda(brief)
    items = []
    if brief.delivered:
        items.append("Tell them what you did since last time: " + "; ".join(item.text for item in brief.delivered))
    review_on = brief.agreement["review_on"] if brief.agreement else None
    if review_on is not None and review_on <= as_of:
        items.append(f"Look together at how it is working (review due {review_on}), then `mentornet review`")
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
