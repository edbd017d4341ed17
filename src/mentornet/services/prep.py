"""The brief to read before meeting someone (`prep`): so a busy mentor's time is well spent.

Who they are to you (roles, stage and for how long), how long since you were in touch, what the
last meeting said, what is open both ways, the goals they help with, the people they referred you
to and whether you followed up, and a suggested agenda built from all of that.
"""

import sqlite3
from datetime import date

from mentornet.services.cadence import severity
from mentornet.store import planning, reads
from mentornet.vocabulary import PIPELINE, Direction, Stage, is_active


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


def brief(conn: sqlite3.Connection, contact_id: int, as_of: date) -> dict:
    """Everything `prep` shows, JSON-ready (dates as `date`)."""
    from mentornet.services.mosaic import MOSAIC_STAGES, mosaic

    record = reads.contact_record(conn, contact_id)
    stage = record["stage"]
    since = date.fromisoformat(planning.stage_since(conn, contact_id, stage) or record["added_on"])
    last_contact = date.fromisoformat(record["last_event"] or record["added_on"])
    days_since = (as_of - last_contact).days
    meeting = planning.latest_meeting(conn, contact_id)
    if meeting:
        for key in ("on", "next", "thanked_on"):
            meeting[key] = date.fromisoformat(meeting[key]) if meeting[key] else None
    actions = [
        {"id": a["id"], "owner": a["owner"], "text": a["text"],
         "due": date.fromisoformat(a["due_on"]) if a["due_on"] else None}
        for a in reads.open_actions(conn, contact_id)
    ]
    goals = [
        {"id": g["id"], "text": g["text"], "horizon": g["horizon"],
         "by": date.fromisoformat(g["by"]) if g["by"] else None, "mentor": g["mentor"], "roles": g["shared_roles"]}
        for g in planning.goals_of_contact(conn, contact_id)
    ]
    referrals = [
        {"name": r["name"], "on": date.fromisoformat(r["on"]), "followed_up": r["last_contact"] is not None,
         "stage": r["stage"], "last_contact": date.fromisoformat(r["last_contact"]) if r["last_contact"] else None}
        for r in planning.referrals_from(conn, contact_id)
    ]
    network = mosaic(reads.roles(conn), reads.contact_summaries(conn, stages=MOSAIC_STAGES, with_tags=False), as_of)
    thin = any(w.code == "thin" for w in network.warnings)
    gaps = [r.role for r in network.roles if r.status == "gap"]
    cadence = record["effective_cadence"]
    check_in = severity(days_since, cadence) if is_active(stage, record["paused"]) else None
    result = {
        "as_of": as_of,
        "contact": record["name"],
        "id": record["id"],
        "title": record["title"],
        "institution": record["institution"],
        "roles": record["roles"],
        "direction": record["direction"],
        "stage": stage,
        "stage_since": since,
        "days_in_stage": (as_of - since).days,
        "last_contact": last_contact,
        "days_since_contact": days_since,
        "cadence_days": cadence,
        "check_in": check_in,
        "meetings": planning.meeting_count(conn, contact_id),
        "last_meeting": meeting,
        "open_actions": actions,
        "goals": goals,
        "referrals": referrals,
    }
    result["agenda"] = agenda(result, as_of, thin=thin, gaps=gaps)
    return result


def agenda(brief: dict, as_of: date, *, thin: bool, gaps: list[str]) -> list[str]:
    """Suggested agenda items, most pressing first."""
    items = []
    stage = brief["stage"]
    if stage in PIPELINE or brief["meetings"] == 0:
        items.append("Say what you hope to learn from them, and make one specific ask")
    for action in brief["open_actions"]:
        if action["owner"] == "me":
            late = action["due"] is not None and action["due"] < as_of
            when = f" (due {action['due']}{', overdue' if late else ''})" if action["due"] else ""
            items.append(f"Report back on your action: {action['text']}{when}")
    for action in brief["open_actions"]:
        if action["owner"] == "them":
            items.append(f"Ask how their action is going: {action['text']}")
    for goal in brief["goals"]:
        by = f" (by {goal['by']})" if goal["by"] else ""
        items.append(f"Progress on your goal: {goal['text']}{by}")
    for referral in brief["referrals"]:
        if referral["followed_up"]:
            items.append(f"Tell them how it went with {referral['name']}, whom they suggested")
        else:
            items.append(f"You haven't contacted {referral['name']} yet (suggested {referral['on']}): "
                         "say when you will, or ask for an introduction")
    if stage == Stage.exploring:
        items.append("Decide together whether to go on: what you each expect, and how often to meet")
    elif stage == Stage.separation:
        items.append("Talk about what the relationship becomes next")
    if (thin or gaps) and brief["direction"] != Direction.i_mentor:  # ask your mentors, not your mentees
        about = f", especially for {', '.join(gaps)}" if gaps else ""
        items.append(f"Ask who else you should talk to{about}")
    if stage != Stage.ended:
        items.append("Agree when you will meet next")
    return items
