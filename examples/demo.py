"""Load a demo mentoring network, so a newcomer can explore before entering their own people.

    python examples/demo.py --db demo.db
    python examples/demo.py --db demo.db --today 2026-11-22    # the same picture whatever the day
    mentornet --db demo.db

It drives the real command line, so the demo is exactly what the commands would have recorded.
Dates are relative to the day it is made (today, or `--today`): a fresh demo shows a few things
due, none long forgotten, and open it later to see them grow late.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

from mentornet.cli import app

STEPS = [
    # A clinical mentor: senior, local, met this autumn, now a committed relationship.
    ["add-contact", "Dr. María Santos", "--role", "clinical", "--title", "Attending, Internal Medicine",
     "--institution", "Mercy General", "--specialty", "Hospital medicine", "--seniority", "senior", "--local",
     "--met-at", "Morning report", "--met-on", "10 weeks ago", "--tag", "wards",
     "--note", "Generous with feedback on presentations; prefers short emails."],
    ["contacts", "stage", "María Santos", "initiation", "--on", "9 weeks ago", "--note", "agreed to meet monthly"],
    ["contacts", "stage", "María Santos", "cultivation", "--on", "3 weeks ago"],
    # What you agreed with her, and a first review that says it works (issue 17).
    ["agree", "María Santos", "--every", "1m", "--format", "45 minutes after morning report", "--channel", "short emails",
     "--they", "feedback on one case presentation a month", "--me", "send the case the day before",
     "--on", "9 weeks ago"],
    ["review", "María Santos", "--working", "yes", "--note", "Specific, kind feedback; keep going",
     "--outcome", "continue", "--on", "3 weeks ago"],
    # A research mentor who has gone quiet: the last contact is two months old.
    ["add-contact", "Dr. Ada Okafor", "--role", "research", "--title", "Associate Professor of Epidemiology",
     "--institution", "Mercy General", "--seniority", "senior", "--remote", "--met-on", "5 months ago",
     "--met-at", "Research day poster session", "--email", "ada.okafor@example.org",
     "--note", "K award timeline; suggested talking to a biostatistician."],
    ["contacts", "stage", "Ada Okafor", "initiation", "--on", "4 months ago", "--note", "monthly project meetings"],
    # Her agreement is up for review: it has gone quiet since.
    ["agree", "Ada Okafor", "--every", "1m", "--format", "30 minutes, video", "--they", "reads my specific aims",
     "--me", "bring one question about the K award", "--review-every", "3m", "--on", "4 months ago"],
    # The career mentor is also the program director: the supervisor-career warning.
    ["add-contact", "Dr. James Whitfield", "--role", "career", "--role", "sponsor", "--title", "Program Director",
     "--institution", "Mercy General", "--seniority", "senior", "--local", "--supervisor",
     "--met-on", "2 years ago", "--stage", "cultivation"],
    # Someone forming for the personal role.
    ["add-contact", "Priya Raman", "--role", "personal", "--title", "Chief Resident", "--seniority", "near-peer",
     "--local", "--met-on", "3 weeks ago", "--met-at", "Wellness retreat", "--tag", "wellbeing"],
    # A peer, and a prospect someone referred.
    ["add-contact", "Sam Kowalski", "--role", "peer", "--seniority", "peer", "--mutual", "--met-on", "4 months ago",
     "--stage", "cultivation", "--cadence", "3w", "--note", "Writing accountability group, Thursdays."],
    ["add-contact", "Mei Chen", "--role", "research", "--title", "Biostatistician", "--institution", "State University",
     "--referred-by", "Ada Okafor", "--note", "Ada suggested her for the stats plan."],
    # A mentee: the user mentors them; they fill none of the user's roles.
    ["add-contact", "Tomás Herrera", "--i-mentor", "--seniority", "junior", "--title", "MS3", "--met-on", "2 months ago",
     "--stage", "initiation", "--cadence", "1m"],
    # The follow-up engine's history: approaches, a reply, meetings with notes and actions, touches.
    ["meeting", "log", "María Santos", "--on", "3 weeks ago", "--rating", "5", "--thanked",
     "--notes", "Reviewed my sepsis cases; work on concise assessments. Suggested the chief's teaching rounds.",
     "--action", "present a case at teaching rounds by +2w", "--next", "in 9 weeks"],
    ["meeting", "log", "Priya Raman", "--on", "4 days ago", "--notes", "Burnout, boundaries; she offered to meet monthly.",
     "--their-action", "send the peer support group link"],
    ["touch", "James Whitfield", "--on", "3 months ago", "--via", "email", "--note", "Fellowship application timeline"],
    ["touch", "Sam Kowalski", "--on", "1 week ago", "--via", "in person", "--note", "Thursday writing group"],
    ["meeting", "log", "Ada Okafor", "--on", "9 weeks ago", "--notes", "K award timeline; ask Dr. Chen about stats",
     "--action", "send specific aims page by +2w", "--referral", "Mei Chen"],
    ["add-contact", "Dr. Kofi Mensah", "--role", "personal", "--title", "Palliative care attending",
     "--institution", "Riverside Hospital", "--seniority", "senior"],
    ["outreach", "log", "Kofi Mensah", "--on", "16 days ago", "--ask", "Coffee to talk about work-life balance?",
     "--for-role", "personal"],
    ["outreach", "follow-up", "Kofi Mensah", "--on", "2 days ago"],
    ["add-contact", "Dr. Hana Sato", "--role", "clinical", "--title", "Hospitalist", "--institution", "State University"],
    ["outreach", "log", "Hana Sato", "--on", "12 days ago", "--channel", "intro", "--ask", "Shadow a night shift?",
     "--for-role", "clinical"],
    ["outreach", "reply", "Hana Sato", "--on", "8 days ago", "--note", "Happy to; pick a night"],
    # A role of the user's own, with a target and nobody in it yet: a gap.
    ["roles", "add", "education", "--label", "Medical education", "--family", "career", "--cadence", "2m",
     "--target", "1", "--description", "Teaching skills, curriculum work, education scholarship"],
    # Someone to approach for it, on the list for three weeks: an `approach` item.
    ["add-contact", "Dr. Lena Fischer", "--role", "education", "--title", "Clerkship Director",
     "--institution", "Mercy General", "--seniority", "senior", "--added-on", "3 weeks ago"],
    # A sponsor at work: the career mentor nominated you, you thanked him, and you won: tell him (sponsor-update).
    ["sponsor", "log", "James Whitfield", "--kind", "nomination", "--for", "Resident Teaching Award",
     "--on", "6 weeks ago", "--thanked"],
    ["sponsor", "outcome", "1", "--won", "--on", "3 days ago"],
    # The mentee's last meeting, five weeks back: a check-in you owe them (`mentornet mentees`).
    ["meeting", "log", "Tomás Herrera", "--on", "5 weeks ago", "--agenda", "Residency applications",
     "--notes", "Personal statement: lead with the patient story."],
]


def run(db: Path | str, today: date | None = None) -> None:
    import os

    from mentornet.cli._params import TODAY_ENV

    if today is not None:  # the commands read "today" from here, as the tests pin it
        os.environ[TODAY_ENV] = today.isoformat()
    for step in STEPS:
        try:
            app(args=["--db", str(db), *step], prog_name="mentornet")
        except SystemExit as exit_:
            if exit_.code not in (0, None):
                sys.exit(f"demo step failed: mentornet {' '.join(step)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True,
                        help="a new database file (or an empty postgresql:// database) for the demo")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="make the demo as of this day (default: today), for a fixed picture")
    args = parser.parse_args()
    from mentornet.paths import Server, database_path
    from mentornet.services.database import exists

    where = database_path(args.db)
    if isinstance(where, Server) and exists(where):
        sys.exit(f"{where} holds a network; the demo loads into an empty database")
    if isinstance(where, Path) and where.exists():
        sys.exit(f"{args.db} exists; the demo loads into a new file")
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run(args.db, args.today)
    print(f"Demo network loaded into {where}. Try: mentornet --db {where}", file=sys.stderr)


if __name__ == "__main__":
    main()
