"""`export --format idp`: an individual development plan in Markdown, the shape training programmes
and myIDP use: self-assessment, goals, the mentoring team, the year's meetings, sponsorship, what
is due next. Plain text that reads well as it is and converts with pandoc.

User text is escaped for Markdown (a backslash before the characters that would start emphasis,
a link, code, a table cell or raw HTML), so a note holding `<script>` stays text in pandoc's HTML.
"""

import re
from datetime import date

from mentornet.services.picture import Picture

# emphasis, code, links, raw HTML and entities, table cells, pandoc's citations, sub/superscript, math
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|@~^$])")


def md(value: object) -> str:
    """One line of user text, safe in Markdown: whitespace collapsed, specials escaped."""
    text = " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", text) if text else ""


def _list(items: list[str], empty: str) -> list[str]:
    return [f"- {md(item)}" for item in items] or [f"- _{empty}_"]


def export(picture: Picture, *, written_on: date) -> str:
    a = picture.assessment
    lines = [f"# Individual development plan, {picture.as_of}", "",
             f"Written by mentornet on {written_on}. Private: it holds your notes about people.", ""]

    lines += ["## Self-assessment", ""]
    if a is None:
        lines += ["_No self-assessment yet: run `mentornet assess`._", ""]
    else:
        lines += [f"As of {a.date}.", "", "### Mission", "", md(a.mission or "") or "_not written_", ""]
        if a.success:
            lines += ["### How I define success", "", md(a.success), ""]
        lines += ["### Strengths", "", *_list(a.strengths, "none written"), ""]
        lines += ["### Challenges", "", *_list(a.challenges, "none written"), ""]
        lines += ["### Mentoring needs", "", *_list(a.needs, "none written"), ""]

    lines += ["## Goals", ""]
    for horizon, title in (("short", "Short term (1-5 years)"), ("long", "Long term (5-10 years)")):
        lines += [f"### {title}", ""]
        chosen = [g for g in picture.goals if g.horizon == horizon]
        for g in chosen:
            parts = [f"by {g.by}" if g.by else "no date"]
            if g.mentors:
                parts.append("with " + ", ".join(md(name) for name in g.mentors))
            if g.roles:
                parts.append("roles: " + ", ".join(md(role) for role in g.roles))
            if g.done_on:
                parts.append(f"done {g.done_on}")
            lines.append(f"- {md(g.text)} ({'; '.join(parts)})")
        if not chosen:
            lines.append("- _none yet: `mentornet goals add TEXT --horizon " + horizon + " --by DATE`_")
        lines.append("")
        # the self-assessment's own goals, when they are not goals with dates yet
        written = [] if a is None else a.goals if horizon == "short" else a.long_term_goals
        if written:
            lines += ["From the self-assessment:", "", *_list(written, ""), ""]

    lines += ["## Mentoring team", ""]
    for _key, label, mentors in picture.team:
        names = ", ".join(f"{md(name)} ({stage})" for name, stage in mentors) or "_nobody yet_"
        lines.append(f"- **{md(label)}**: {names}")
    if not picture.team:
        lines.append("- _no roles with a target or a mentor yet_")
    lines.append("")
    lines += ["### Agreements", ""]
    for agreement, review in picture.agreements:  # what you agreed with each (`mentornet agree`)
        every = f"every {agreement.every_days} days" if agreement.every_days else "no set rhythm"
        lines.append(f"- {md(agreement.contact)}, agreed {agreement.on}: {every}; review {review}")
    if not picture.agreements:
        lines.append("- _none recorded: `mentornet agree CONTACT --every 1m`_")
    lines.append("")

    lines += [f"## Meetings, {picture.months[0].label} to {picture.as_of}", ""]
    for meeting in picture.meetings:
        lines.append(f"- {meeting.on}, {md(meeting.contact)}" + (f": {md(meeting.line)}" if meeting.line else ""))
    if not picture.meetings:
        lines.append("- _no meetings logged in these months_")
    elif picture.meetings_total > len(picture.meetings):
        lines.append(f"- and {picture.meetings_total - len(picture.meetings)} earlier meetings")
    lines.append("")

    lines += ["## Sponsorship", ""]
    for s in picture.sponsorships:
        result = f"{s.outcome} on {s.outcome_on}" if s.outcome else \
            "pending" + (f", expected by {s.expect_on}" if s.expect_on else "")
        lines.append(f"- {s.on_date}, {md(s.contact)}: {s.kind} for {md(s.for_what)} ({result})")
    if not picture.sponsorships:
        lines.append("- _none recorded_ (`mentornet sponsor log CONTACT --kind nomination --for TEXT`)")
    lines.append("")

    lines += ["## What is due next", ""]
    for item in picture.due:
        late = item.days_overdue(picture.as_of)
        when = "today" if late == 0 else f"{late} days late" if late > 0 else f"in {-late} days"
        lines.append(f"- {item.due} ({when}): {item.kind}, {md(item.contact)}: {md(item.detail)}")
    if not picture.due:
        lines.append("- _nothing is due_")
    elif picture.due_total > len(picture.due):
        lines.append(f"- and {picture.due_total - len(picture.due)} more (`mentornet outreach due`)")
    return "\n".join(lines) + "\n"
