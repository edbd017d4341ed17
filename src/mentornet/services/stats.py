"""The numbers game (domain.md): outreach in, meetings and mentors out, against rules of thumb.

Reach out to three to five people for each first meeting; meet one new professional contact a week.
New contacts count by the day a person entered the network (`added_on`: `add-contact --added-on`,
the day you met, an import's own dates), not the day they were typed in.
"""

import sqlite3
from dataclasses import dataclass, fields
from datetime import date

from mentornet.vocabulary import COMMITTED, Direction, Outcome, sql_list

OUTREACH_PER_MEETING = (3, 5)
NEW_CONTACTS_PER_WEEK = 1.0

_COMMITTED = sql_list(COMMITTED)
_ANSWERED = sql_list({Outcome.replied, Outcome.declined})
_FIRST_MEETING = "SELECT e.id FROM meeting e WHERE e.contact_id = c.id ORDER BY e.on_date, e.id LIMIT 1"

# Each count over the window [since, until] (its two parameters), by name
_COUNTS = {
    "approaches": "SELECT count(*) FROM outreach WHERE attempt = 1 AND on_date BETWEEN ? AND ?",
    "follow_ups": "SELECT count(*) FROM outreach WHERE attempt >= 2 AND on_date BETWEEN ? AND ?",
    "people_approached": "SELECT count(DISTINCT contact_id) FROM outreach WHERE on_date BETWEEN ? AND ?",
    "people_replied": f"""SELECT count(DISTINCT contact_id) FROM outreach WHERE outcome IN {_ANSWERED}
                          AND outcome_on BETWEEN ? AND ?""",
    "declined": f"""SELECT count(DISTINCT contact_id) FROM outreach WHERE outcome = '{Outcome.declined}'
                    AND outcome_on BETWEEN ? AND ?""",
    # a contact's earliest meeting, held before any commitment (not a long-standing mentor's): one
    # seek a contact into its meetings by date (ix_meeting_contact_on, whose entries end in the id),
    # rather than a look for an earlier one from each meeting of the window
    "first_meetings": f"""SELECT count(*) FROM contact c JOIN meeting m ON m.id = ({_FIRST_MEETING})
                          WHERE m.on_date BETWEEN ? AND ? AND coalesce(m.stage_at_meeting, '') NOT IN {_COMMITTED}""",
    # of those, the ones with someone you had approached by then: what outreach per meeting measures
    "first_meetings_from_outreach": f"""SELECT count(*) FROM contact c JOIN meeting m ON m.id = ({_FIRST_MEETING})
                          WHERE m.on_date BETWEEN ? AND ? AND coalesce(m.stage_at_meeting, '') NOT IN {_COMMITTED}
                            AND EXISTS (SELECT 1 FROM outreach o WHERE o.contact_id = m.contact_id
                                AND o.on_date <= m.on_date)""",
    "meetings": "SELECT count(*) FROM meeting WHERE on_date BETWEEN ? AND ?",
    "newly_committed": f"""SELECT count(DISTINCT contact_id) FROM stage_change
                           WHERE to_stage IN {_COMMITTED} AND from_stage NOT IN {_COMMITTED}
                             AND on_date BETWEEN ? AND ?""",
    "new_contacts": "SELECT count(*) FROM contact WHERE added_on BETWEEN ? AND ?",
}
# Not windowed: the committed mentors as of now
_COMMITTED_NOW = f"""SELECT count(*) FROM contact WHERE stage IN {_COMMITTED}
                     AND direction != '{Direction.i_mentor}'"""


@dataclass(frozen=True)
class Numbers:
    """What `stats` shows: the counts over the window, then the ratios and the verdicts."""

    since: date
    until: date
    approaches: int
    follow_ups: int
    people_approached: int
    people_replied: int
    declined: int
    first_meetings: int
    first_meetings_from_outreach: int
    meetings: int
    newly_committed: int
    new_contacts: int
    committed_now: int
    reply_rate: float | None
    outreach_per_first_meeting: float | None
    outreach_rule_of_thumb: list[int]
    outreach_verdict: str
    new_contacts_per_week: float
    new_contacts_goal_per_week: float
    new_contacts_verdict: str

    def as_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def numbers(conn: sqlite3.Connection, since: date, until: date) -> Numbers:
    window = (since.isoformat(), until.isoformat())
    counts = {name: conn.execute(sql, window).fetchone()[0] for name, sql in _COUNTS.items()}
    counts["committed_now"] = conn.execute(_COMMITTED_NOW).fetchone()[0]
    weeks = max((until - since).days + 1, 1) / 7
    reply_rate = counts["people_replied"] / counts["people_approached"] if counts["people_approached"] else None
    # people approached against first meetings with people approached: a meeting with someone you
    # met by chance (added with --met-on) says nothing of how well outreach works
    met = counts["first_meetings_from_outreach"]
    per_meeting = counts["people_approached"] / met if met else None
    per_week = counts["new_contacts"] / weeks
    low, high = OUTREACH_PER_MEETING
    if per_meeting is None:
        outreach_verdict = "no first meeting from outreach yet" if counts["people_approached"] else "no outreach yet"
    elif per_meeting < low:
        outreach_verdict = f"better than the {low}-{high} rule of thumb"
    elif per_meeting <= high:
        outreach_verdict = f"within the {low}-{high} rule of thumb"
    else:
        outreach_verdict = f"more than the {low}-{high} rule of thumb: sharpen the ask, or ask for introductions"
    return Numbers(
        since=since, until=until, **counts,
        reply_rate=round(reply_rate, 3) if reply_rate is not None else None,
        outreach_per_first_meeting=round(per_meeting, 2) if per_meeting is not None else None,
        outreach_rule_of_thumb=list(OUTREACH_PER_MEETING),
        outreach_verdict=outreach_verdict,
        new_contacts_per_week=round(per_week, 2),
        new_contacts_goal_per_week=NEW_CONTACTS_PER_WEEK,
        new_contacts_verdict="on pace" if per_week >= NEW_CONTACTS_PER_WEEK else "below one a week",
    )
