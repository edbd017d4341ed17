"""Drafts of the emails the advice asks for, built from what the network knows, and checked
against that advice (150-250 words, one specific ask, name who referred you, a way to decline).

Templates are `string.Template` text (the standard library): named `${placeholder}`s and nothing
else, so a template file in the data folder can't run code, read attributes or loop. The built-in
ones are in `mentornet/templates/drafts/`; a `templates/KIND.txt` beside the database replaces one.
A template's first line `Subject: ...` is the subject; the rest is the body.
"""

import re
import sqlite3
import string
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from mentornet.errors import MentornetError
from mentornet.services.cadence import CADENCE_SQL
from mentornet.services.contacts import find_contact
from mentornet.services.me import Profile, profile
from mentornet.services.questions import questions
from mentornet.vocabulary import Outcome, Owner

BUILT_IN = Path(__file__).resolve().parents[1] / "templates" / "drafts"

APPROACH_WORDS = (150, 250)
VAGUE = ("any advice", "what advice do you have", "pick your brain", "general advice", "any tips", "any thoughts",
         "anything you can share", "any guidance", "your advice")


class Kind(StrEnum):
    approach = "approach"
    follow_up = "follow-up"
    thank_you = "thank-you"
    ask_to_mentor = "ask-to-mentor"
    agenda = "agenda"
    check_in = "check-in"


# name -> what it holds; `draft --placeholders` lists these, and a template may use only these
PLACEHOLDERS: dict[str, str] = {
    "their_name": "their name as stored",
    "their_title": "their title", "their_institution": "their institution", "their_specialty": "their specialty",
    "my_name": "your name (`mentornet me --name`)", "my_training": "your training", "my_institution": "your institution",
    "my_email": "your email", "my_phone": "your phone", "my_story": "your two-minute story",
    "my_intro": "a sentence: who you are",
    "my_interests": "a sentence: your interests",
    "signature": "your name, training, institution, email and phone, one a line",
    "referrer": "who referred you to them (empty when nobody did)",
    "referral_subject": "'REFERRER suggested I write: ' when referred, else empty",
    "how_found": "a sentence: who referred you, else where you met",
    "why_them": "a sentence: their work (specialty, title, institution)",
    "their_work": "your latest note about them, in [brackets] for you to rewrite",
    "ask": "the ask (--ask, else the pending outreach's)", "ask_subject": "the ask, short, for a subject line",
    "ask_paragraph": "the ask as a paragraph, small and time-bounded",
    "checkin_ask": "the ask as a paragraph, else an offer to catch up",
    "decline": "a sentence: an easy way to say no",
    "approach_date": "the date of your approach", "approach_ask": "the ask of your approach",
    "meeting_date": "the latest meeting's date", "meeting_point": "a sentence from the latest meeting's notes, in [brackets] for you to rewrite",
    "my_actions": "a sentence: what you agreed to do at the latest meeting",
    "referrals_line": "a sentence: the people they suggested you talk to",
    "mentor_phrase": "'one of my research advisors' (from their roles)",
    "cadence_line": "a sentence: how often to meet (their cadence)",
    "next_meeting_on": "' on DATE' when a next meeting is agreed",
    "last_meeting_on": "' on DATE' of the latest meeting",
    "questions": "your open questions for them (`mentornet ask`), one '- ' line each",
    "done_since": "your actions done since the latest meeting, one '- ' line each",
    "done_since_sentence": "a sentence: what you did since you last met",
    "needs": "what you need from them: their open actions and the ask, one '- ' line each",
    "since_last": "how long since you last spoke ('6 weeks')",
}


@dataclass(frozen=True)
class Warning:
    code: str
    message: str

    def as_json(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Draft:
    kind: str
    contact: str
    contact_id: int
    to: str | None  # their email
    subject: str
    body: str
    warnings: tuple[Warning, ...]
    ask: str | None  # what --log records with an approach

    @property
    def words(self) -> int:
        return len(self.body.split())

    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}\n"

    def as_json(self) -> dict:
        return {"kind": self.kind, "contact": self.contact, "to": self.to, "subject": self.subject, "body": self.body,
                "words": self.words, "warnings": [w.as_json() for w in self.warnings]}


class TemplateProblem(MentornetError):
    """A template file that can't be used: exit 1, naming the file and the placeholder."""


# --- the facts a draft is built from ---


def _sentence(text: str | None) -> str:
    """The first sentence of a note, with its full stop."""
    if not text:
        return ""
    first = re.split(r"(?<=[.!?;])\s+|\n", text.strip(), maxsplit=1)[0].rstrip(";").strip()
    return first if first.endswith((".", "!", "?")) else first + "."


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _bullets(items: list[str], empty: str) -> str:
    return "\n".join(f"- {item}" for item in items) if items else f"- {empty}"


def _span(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{days // 7} weeks"
    return f"{round(days / 30.4)} months"


def _every(days: int | None) -> str:
    if not days:
        return ""
    spans = {7: "week", 14: "two weeks", 21: "three weeks", 30: "month", 60: "two months", 90: "three months",
             180: "six months"}
    every = spans.get(days) or f"{_span(days)}"
    return (f"Would meeting every {every} or so, for half an hour, work for you? I'd keep to whatever rhythm suits you "
            "and bring an agenda each time.")


def _ask_q(ask: str) -> str:
    return ask if ask.endswith(("?", ".", "!")) else ask + "?"


def _signature(me: Profile | None) -> str:
    if me is None:
        return "[your name: set it with `mentornet me --name`]"
    lines = [me.name or "[your name]"]
    if me.training or me.institution:
        lines.append(", ".join(part for part in (me.training, me.institution) if part))
    lines += [part for part in (me.email, me.phone) if part]
    return "\n".join(lines)


def _intro(me: Profile | None) -> str:
    if me is None or not me.name:
        return "[Who you are: set it with `mentornet me --name N --training T --institution I`.]"
    where = " ".join(part for part in (me.training, me.institution and f"at {me.institution}") if part)
    return f"My name is {me.name}{'; I am ' + _article(where) if where else ''}."


def _article(text: str) -> str:
    return text if text.lower().startswith(("a ", "an ", "the ")) else ("an " if text[:1].lower() in "aeiou" else "a ") + text


def _facts(conn: sqlite3.Connection, contact_id: int, ask: str | None, today: date) -> dict:
    c = conn.execute(
        f"""SELECT c.*, ref.name AS referrer, {CADENCE_SQL} AS cadence, c.last_contact_on
            FROM contact c LEFT JOIN contact ref ON ref.id = c.referred_by_id WHERE c.id = ?""", (contact_id,)).fetchone()
    me = profile(conn)
    attempts = conn.execute("SELECT * FROM outreach WHERE contact_id = ? ORDER BY on_date, id", (contact_id,)).fetchall()
    approach = next((a for a in reversed(attempts) if a["attempt"] == 1), None)
    pending = [a for a in attempts if a["outcome"] == Outcome.pending]
    ask = ask or (pending[-1]["ask"] if pending else None) or None
    meeting = conn.execute("SELECT * FROM meeting WHERE contact_id = ? ORDER BY on_date DESC, id DESC LIMIT 1",
                           (contact_id,)).fetchone()
    mine = conn.execute("SELECT text, due_on FROM action_item WHERE meeting_id = ? AND owner = ? ORDER BY id",
                        (meeting["id"], Owner.me)).fetchall() if meeting else []
    referred = [row[0] for row in conn.execute(
        "SELECT t.name FROM referral r JOIN contact t ON t.id = r.to_contact_id WHERE r.meeting_id = ? ORDER BY r.id",
        (meeting["id"],))] if meeting else []
    done_since = [row[0] for row in conn.execute(
        "SELECT text FROM action_item WHERE contact_id = ? AND owner = ? AND done_on IS NOT NULL AND done_on >= ? "
        "ORDER BY done_on, id", (contact_id, Owner.me, meeting["on_date"] if meeting else "0000"))]
    theirs = [row[0] for row in conn.execute(
        "SELECT text FROM action_item WHERE contact_id = ? AND owner = ? AND done_on IS NULL ORDER BY id",
        (contact_id, Owner.them))]
    roles = [row[0].lower() for row in conn.execute(
        "SELECT r.label FROM contact_role cr JOIN role r ON r.key = cr.role_key WHERE cr.contact_id = ? "
        "ORDER BY r.position", (contact_id,))]
    open_questions = [q.text for q in questions(conn, contact_id=contact_id)]

    work = [part for part in (c["specialty"] and f"in {c['specialty'].lower()}", c["title"] and f"as {_article(c['title'])}",
                              c["institution"] and f"at {c['institution']}") if part]
    note = (c["notes"] or "").strip().splitlines()[-1].strip() if (c["notes"] or "").strip() else ""
    if c["referrer"]:
        how = f"{c['referrer']} suggested I get in touch with you."
    elif c["met_at"]:
        how = f"We met at {c['met_at']}{' on ' + c['met_on'] if c['met_on'] else ''}, and I've wanted to follow up since."
    else:
        how = ""
    last = date.fromisoformat(c["last_contact_on"]) if c["last_contact_on"] else date.fromisoformat(c["added_on"])
    needs = [*theirs, *([_ask_q(ask)] if ask else [])]
    facts = {
        "their_name": c["name"], "their_title": c["title"] or "", "their_institution": c["institution"] or "",
        "their_specialty": c["specialty"] or "",
        "my_name": (me and me.name) or "", "my_training": (me and me.training) or "",
        "my_institution": (me and me.institution) or "", "my_email": (me and me.email) or "",
        "my_phone": (me and me.phone) or "", "my_story": (me and me.story) or "",
        "my_intro": _intro(me),
        "my_interests": (f"I'm especially interested in {_joined(me.interests)}, and I'm trying to learn from people "
                         "who have built a career around this kind of work." if me and me.interests else ""),
        "signature": _signature(me),
        "referrer": c["referrer"] or "",
        "referral_subject": f"{c['referrer']} suggested I write: " if c["referrer"] else "",
        "how_found": how,
        "why_them": f"I'm writing to you because of your work {' '.join(work)}." if work else "",
        "their_work": (f"[From your notes: \u201c{note}\u201d Say in a sentence what about their work draws you, "
                       "then delete this bracket.]") if note else "",
        "ask": ask or "", "ask_subject": (ask or "a short question").rstrip("?.! "),
        "ask_paragraph": (f"I have one small, specific request: {_ask_q(ask)} I would keep it short and fit around "
                          "your schedule, in person, by phone or by video, whichever is easiest for you."
                          if ask else "[Your ask: one small, time-bounded request, like 20 minutes on a call. "
                          "Give it with --ask.]"),
        "checkin_ask": (f"I have one specific question, if you have a moment: {_ask_q(ask)}" if ask else
                        "Would you have half an hour for a catch-up in the coming weeks? I'd bring a short agenda."),
        "decline": ("If now isn't a good time, or this isn't something you can take on, please don't feel any need "
                    "to reply; I'll completely understand."),
        "approach_date": approach["on_date"] if approach else "[the date of your approach]",
        "approach_ask": _ask_q(approach["ask"]) if approach and approach["ask"] else (_ask_q(ask) if ask else "[your ask]"),
        "meeting_date": meeting["on_date"] if meeting else "[the meeting's date: log it with `mentornet meeting log`]",
        # notes are private: shown to you in a bracket to rewrite, never put in the email's own words
        "meeting_point": (f"[From your notes: \u201c{_sentence(meeting['notes'])}\u201d Say in a sentence what you took "
                          "from the meeting, then delete this bracket.]" if meeting and meeting["notes"] else ""),
        "my_actions": (f"As we agreed, I will {_joined([row['text'] + (' by ' + row['due_on'] if row['due_on'] else '') for row in mine])}."
                       if mine else ""),
        "referrals_line": (f"Thank you also for suggesting I talk to {_joined(referred)}; I'll reach out."
                           if referred else ""),
        "mentor_phrase": f"one of my {_joined(roles)} advisors" if roles else "one of my mentors",
        "cadence_line": _every(c["cadence"]),
        "next_meeting_on": f" on {meeting['next_on']}" if meeting and meeting["next_on"] else "",
        "last_meeting_on": f" on {meeting['on_date']}" if meeting else "",
        "questions": _bullets(open_questions, "(none queued: add one with `mentornet ask`)"),
        "done_since": _bullets(done_since, "(nothing marked done yet)"),
        "done_since_sentence": (f"Since we last met I have done what we agreed: {_joined(done_since)}."
                                if done_since else ""),
        "needs": _bullets(needs, "Your view on the questions above."),
        "since_last": _span(max((today - last).days, 0)),
    }
    return {"facts": facts, "contact": c, "me": me, "ask": ask, "note": note or None,
            "attempts": attempts, "approach": approach, "work": work}


# --- templates ---


def template_text(kind: Kind, folder: Path | None) -> tuple[str, Path]:
    """The template for `kind`: the user's file in `folder` if there is one, else the built-in one."""
    if folder is not None:
        own = folder / f"{kind.value}.txt"
        if own.is_file():
            try:
                return own.read_text(encoding="utf-8"), own
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateProblem(f"template {own} can't be read: {exc}") from None
    built_in = BUILT_IN / f"{kind.value}.txt"
    return built_in.read_text(encoding="utf-8"), built_in


def render(text: str, where: Path, facts: dict[str, str]) -> tuple[str | None, str]:
    """Fill a template: (the subject from a first `Subject:` line or None, the body)."""
    template = string.Template(text)
    if not template.is_valid():
        broken = next(m for m in template.pattern.finditer(text) if m.group("invalid") is not None)
        line = text.count("\n", 0, broken.start("invalid")) + 1
        snippet = text[broken.start("invalid"):broken.start("invalid") + 12].split("\n")[0]
        raise TemplateProblem(f"template {where}, line {line}: {snippet!r} is not a placeholder; write ${{name}} "
                              "(see `mentornet draft --placeholders`) or $$ for a dollar sign")
    unknown = [name for name in template.get_identifiers() if name not in PLACEHOLDERS]
    if unknown:
        raise TemplateProblem(f"template {where}: unknown placeholder ${{{unknown[0]}}}; "
                              "see `mentornet draft --placeholders`")
    filled = template.substitute(facts)
    subject = None
    first, _, rest = filled.partition("\n")
    if first.lower().startswith("subject:"):
        subject, filled = first[len("subject:"):].strip(), rest
    return subject, tidy(filled)


def tidy(text: str) -> str:
    """Trailing spaces gone, runs of blank lines (from empty placeholders) one blank line."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- checks ---


def checks(kind: Kind, body: str, known: dict) -> list[Warning]:
    """The advice, as warnings: what the draft (as built, or as you edited it) gets wrong."""
    found: list[Warning] = []
    words = len(body.split())
    ask = known["ask"]
    if kind is Kind.approach:
        low, high = APPROACH_WORDS
        if words > high:
            found.append(Warning("too-long", f"{words} words; an approach reads best at {low}-{high}: cut to one ask"))
        elif words < low:
            found.append(Warning("too-short", f"{words} words; an approach needs {low}-{high}: who you are, how "
                                              "you found them, why them, one ask"))
        if not known["note"] and not known["work"]:
            found.append(Warning("nothing-personal", f"nothing is known about {known['contact']['name']}'s work; add "
                                                    "their specialty or a note (`contacts edit --note`) and say why them"))
    if kind in (Kind.approach, Kind.follow_up) and not ask and not (known["approach"] and known["approach"]["ask"]):
        found.append(Warning("no-ask", "no specific ask: give one with --ask, small and time-bounded "
                                       "(20 minutes, a call, a clinic to shadow)"))
    folded = " ".join(f"{ask or ''} {body}".casefold().split())
    vague = next((phrase for phrase in VAGUE if phrase in folded), None)
    if vague:
        found.append(Warning("vague-ask", f"\u201c{vague}\u201d is vague; ask one specific question they can answer"))
    referrer = known["contact"]["referrer"]
    if referrer and kind in (Kind.approach, Kind.follow_up) and referrer.casefold() not in body.casefold():
        found.append(Warning("no-referrer", f"{referrer} referred you: name them, it is why they will read on"))
    if known["me"] is None:
        found.append(Warning("no-profile", "no profile yet: say who you are with `mentornet me --name N --training T`"))
    if kind is Kind.follow_up:
        since_answer: list[sqlite3.Row] = []
        for attempt in known["attempts"]:
            since_answer = [] if attempt["outcome"] in (Outcome.replied, Outcome.declined) else [*since_answer, attempt]
        if len(since_answer) >= 2:
            found.append(Warning("already-followed-up", f"you followed up on {since_answer[-1]['on_date']} already; "
                                                        "leave them alone now"))
    return found


# --- the draft ---


def draft(conn: sqlite3.Connection, kind: Kind, ref: str, *, ask: str | None, today: date,
          folder: Path | None) -> Draft:
    """Build the draft of `kind` for a contact, with the advice's warnings."""
    contact_id = find_contact(conn, ref)
    known = _facts(conn, contact_id, ask.strip() if ask else None, today)
    text, where = template_text(kind, folder)
    subject, body = render(text, where, known["facts"])
    if subject is None:  # the user's template has no Subject line: the built-in one's
        subject, _ = render(template_text(kind, None)[0], BUILT_IN / f"{kind.value}.txt", known["facts"])
    return Draft(kind.value, known["contact"]["name"], contact_id, known["contact"]["email"], subject or "", body,
                 tuple(checks(kind, body, known)), known["ask"])


def recheck(conn: sqlite3.Connection, made: Draft, edited: str, *, today: date) -> Draft:
    """The draft as you edited it (a `Subject:` line first, then the body), checked again."""
    subject, body = made.subject, edited
    first, _, rest = edited.lstrip("\n").partition("\n")
    if first.lower().startswith("subject:"):
        subject, body = first[len("subject:"):].strip(), rest
    body = tidy(body)
    known = _facts(conn, made.contact_id, made.ask, today)
    return Draft(made.kind, made.contact, made.contact_id, made.to, subject, body,
                 tuple(checks(Kind(made.kind), body, known)), made.ask)
