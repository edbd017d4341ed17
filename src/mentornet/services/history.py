"""A relationship's history, oldest first: outreach, replies, meetings, touches, stage changes."""

import sqlite3

from mentornet.store import reads


def timeline(conn: sqlite3.Connection, contact_id: int) -> list[dict]:
    events: list[tuple[str, int, dict]] = []

    def add(day: str, order: int, kind: str, summary: str) -> None:
        events.append((day, order, {"date": day, "kind": kind, "summary": summary}))

    for change in reads.stage_changes(conn, contact_id):
        if change["from_stage"] is None:
            summary = f"added as {change['to_stage']}"
        else:
            summary = f"stage {change['from_stage']} -> {change['to_stage']}"
        if change["note"] and change["note"] != "added":
            summary += f" ({change['note']})"
        add(change["on_date"], 0, "stage", summary)
    answers = set()  # one answer closes every attempt it replies to: show it once
    for row in reads.outreach_rows(conn, contact_id=contact_id):
        what = "approach" if row["attempt"] == 1 else f"follow-up (attempt {row['attempt']})"
        detail = f" for {row['for_role']}" if row["for_role"] else ""
        detail += f": {row['ask']}" if row["ask"] else ""
        add(row["on"], 1, "outreach", f"{what} by {row['channel']}{detail}")
        answer = (row["outcome"], row["outcome_on"], row["note"])
        if row["outcome_on"] and row["outcome"] != "pending" and answer not in answers:
            answers.add(answer)
            note = f": {row['note']}" if row["note"] else ""
            add(row["outcome_on"], 2, "reply" if row["outcome"] != "no-response" else "outreach",
                f"{row['outcome']}{note}")
    for row in reads.meeting_rows(conn, contact_id=contact_id):
        parts = [f"meeting{' (' + row['mode'] + ')' if row['mode'] else ''}"]
        if row["agenda"]:
            parts.append(f"agenda: {row['agenda']}")
        if row["notes"]:
            parts.append(f"notes: {row['notes']}")
        if row["rating"]:
            parts.append(f"rating {row['rating']}/5")
        if row["next"]:
            parts.append(f"next meeting {row['next']}")
        if row["referrals"]:
            parts.append("referred " + ", ".join(row["referrals"]))
        if row["thanked_on"]:
            parts.append(f"thanked {row['thanked_on']}")
        add(row["on"], 3, "meeting", "; ".join(parts))
    for row in reads.touch_rows(conn, contact_id):
        via = f" by {row['channel']}" if row["channel"] else ""
        add(row["on"], 4, "touch", f"touch{via}" + (f": {row['note']}" if row["note"] else ""))
    return [event for _, _, event in sorted(events, key=lambda e: (e[0], e[1]))]
