"""The numbers game (domain.md): outreach in, meetings and mentors out, against rules of thumb.

Reach out to three to five people for each first meeting; meet one new professional contact a week.
"""

import sqlite3
from datetime import date

from mentornet.store import reads

OUTREACH_PER_MEETING = (3, 5)
NEW_CONTACTS_PER_WEEK = 1.0


def numbers(conn: sqlite3.Connection, since: date, until: date) -> dict:
    counts = reads.numbers_game(conn, since, until)
    weeks = max((until - since).days + 1, 1) / 7
    reply_rate = counts["people_replied"] / counts["people_approached"] if counts["people_approached"] else None
    per_meeting = counts["people_approached"] / counts["first_meetings"] if counts["first_meetings"] else None
    per_week = counts["new_contacts"] / weeks
    low, high = OUTREACH_PER_MEETING
    if per_meeting is None:
        outreach_verdict = "no first meetings yet" if counts["people_approached"] else "no outreach yet"
    elif per_meeting < low:
        outreach_verdict = f"better than the {low}-{high} rule of thumb"
    elif per_meeting <= high:
        outreach_verdict = f"within the {low}-{high} rule of thumb"
    else:
        outreach_verdict = f"more than the {low}-{high} rule of thumb: sharpen the ask, or ask for introductions"
    return {
        "since": since, "until": until, **counts,
        "reply_rate": round(reply_rate, 3) if reply_rate is not None else None,
        "outreach_per_first_meeting": round(per_meeting, 2) if per_meeting is not None else None,
        "outreach_rule_of_thumb": list(OUTREACH_PER_MEETING),
        "outreach_verdict": outreach_verdict,
        "new_contacts_per_week": round(per_week, 2),
        "new_contacts_goal_per_week": NEW_CONTACTS_PER_WEEK,
        "new_contacts_verdict": "on pace" if per_week >= NEW_CONTACTS_PER_WEEK else "below one a week",
    }
