"""The mentoring self-evaluation (Carey & Weissman 2010, Fig. 1): know your mission, how you define
success, your goals, strengths and challenges, and the mentoring needs that follow from them.

Each assessment is dated and kept. Needs name roles: an existing role (by key or label), or a new
one, created. With `apply_targets`, each needed role without a target gets a target of 1, so the
mosaic (`gaps`) starts tracking it.
"""

import json
import sqlite3
from dataclasses import dataclass, field, fields
from datetime import date

from mentornet.errors import BadInput
from mentornet.services.roles import Role, add_role, normalise_key, roles
from mentornet.store import rows
from mentornet.text import clean, search_key

# The answers stored as JSON lists, by column
LIST_ANSWERS = ("goals", "long_term_goals", "personal_goals", "strengths", "challenges", "needs", "helps",
                "hinders", "colleague_values")


@dataclass(frozen=True)
class Question:
    field: str  # the Answers field it fills
    text: str
    hint: str  # examples, as the self-evaluation tool gives them
    many: bool = True  # a list of answers, one a line


QUESTIONS = [
    Question("mission", "What is your mission?",
             "e.g. to improve care for older adults with heart failure through research and teaching", many=False),
    Question("success", "How do you define success?",
             "e.g. funded independent research; a balance of clinic and teaching; time for family", many=False),
    Question("goals", "What are your short-term goals (1-5 years)?",
             "e.g. a first-author paper a year; a K award; a national presentation"),
    Question("long_term_goals", "What are your long-term goals (5-10 years)?",
             "e.g. an R01; leading a clinic or a program; promotion to associate professor"),
    Question("personal_goals", "What are your personal goals, and how do they meet your professional ones?",
             "e.g. evenings with family, which means protected writing time during the day"),
    Question("strengths", "What are your strengths?",
             "e.g. clinical reasoning; writing; getting a team to work together"),
    Question("challenges", "What are your challenges?",
             "e.g. saying no; statistics; finishing manuscripts"),
    Question("needs", "What are your mentoring needs? Name a role for each",
             "e.g. research, career, personal; or a new one such as grant-writing or leadership"),
    Question("helps", "What helps you work?",
             "e.g. quiet mornings; deadlines; writing with a colleague"),
    Question("hinders", "What makes work harder?",
             "e.g. interruptions; unclear expectations; too many committees"),
    Question("colleague_values", "What do you value in colleagues?",
             "e.g. honesty; generosity with time; a sense of humour"),
]


@dataclass
class Answers:
    mission: str | None = None
    success: str | None = None
    goals: list[str] = field(default_factory=list)
    long_term_goals: list[str] = field(default_factory=list)
    personal_goals: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    helps: list[str] = field(default_factory=list)
    hinders: list[str] = field(default_factory=list)
    colleague_values: list[str] = field(default_factory=list)

    def cleaned(self) -> "Answers":
        """NFC, stripped, empty answers dropped, repeats within a list dropped."""
        values: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):
                values[f.name] = list(dict.fromkeys(text for text in map(clean, value) if text))
            else:
                values[f.name] = clean(value)
        return Answers(**values)  # type: ignore[arg-type]  # each field keeps its own type

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Need:
    text: str  # as the user wrote it
    key: str  # the role it names
    exists: bool


def map_needs(known: list[Role], needs: list[str]) -> list[Need]:
    """Each need -> the role it names: a key or a label of an existing role, else a new key."""
    by_key = {role.key: role for role in known}
    by_label = {search_key(role.label): role.key for role in known}
    mapped: dict[str, Need] = {}
    for text in needs:
        key = normalise_key(text)
        if key in by_key:
            need = Need(text, key, True)
        elif search_key(text) in by_label:
            need = Need(text, by_label[search_key(text)], True)
        else:
            _not_a_typo(text, key, known)
            need = Need(text, key, False)
        mapped.setdefault(need.key, need)
    return list(mapped.values())


def _not_a_typo(text: str, key: str, known: list[Role]) -> None:
    """A new role's name that is close to an existing role's is taken for a typo: `reserch` is
    research. To make the new role anyway, add it with `roles add` first."""
    from difflib import get_close_matches

    close = get_close_matches(key, [role.key for role in known], n=1, cutoff=0.8)
    if close:
        raise BadInput(f"the need {text!r} names no role; did you mean {close[0]}? (to make a new role "
                       f"{key!r}, run `mentornet roles add {key}` first)")


def untargeted(known: list[Role], needs: list[Need]) -> list[str]:
    """The needed roles that have no target (new roles have none)."""
    targets = {role.key: role.target for role in known}
    return [need.key for need in needs if targets.get(need.key, 0) == 0]


@dataclass(frozen=True)
class Saved:
    id: int
    on: date
    needs: list[str]  # role keys
    created: list[str]  # roles made for needs that named none
    targeted: list[str]  # roles given a target of 1
    untargeted: list[str]  # needed roles still without a target


def save(conn: sqlite3.Connection, answers: Answers, *, on: date, apply_targets: bool = False) -> Saved:
    """Record a dated self-assessment; create the roles its needs name; set targets if asked."""
    answers = answers.cleaned()
    if answers.is_empty():
        raise BadInput("an assessment needs at least one answer, like --mission TEXT or --need research")
    known = roles(conn)
    needs = map_needs(known, answers.needs)
    created = []
    for need in needs:
        if not need.exists:
            label = need.text if need.text != need.key else None
            try:
                add_role(conn, need.key, label=label and label[0].upper() + label[1:])
            except BadInput:
                raise BadInput(f"the need {need.text!r} names no role and can't be one; use a short name like "
                               "grant-writing, or an existing role (see `mentornet roles list`)") from None
            created.append(need.key)
    lacking = untargeted(known, needs)
    targeted = []
    if apply_targets:
        for key in lacking:
            rows.update(conn, "role", {"key": key}, {"target": 1})
            targeted.append(key)
    values = {name: json.dumps(getattr(answers, name), ensure_ascii=False) for name in LIST_ANSWERS}
    values["needs"] = json.dumps([need.key for need in needs], ensure_ascii=False)
    assessment_id = rows.insert(conn, "assessment",
                                   {"on_date": on, "mission": answers.mission, "success": answers.success, **values})
    return Saved(assessment_id, on, [need.key for need in needs], created, targeted,
                 [key for key in lacking if key not in targeted])



@dataclass(frozen=True)
class Assessment:
    """A dated self-assessment as `assess show` prints it (`values`: what you value in colleagues)."""

    id: int
    date: date
    mission: str | None
    success: str | None
    goals: list[str]
    long_term_goals: list[str]
    personal_goals: list[str]
    strengths: list[str]
    challenges: list[str]
    needs: list[str]
    helps: list[str]
    hinders: list[str]
    values: list[str]

    def as_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_ASSESSMENT = """SELECT id, on_date AS date, mission, success, goals, long_term_goals, personal_goals, strengths,
                        challenges, needs, helps, hinders, colleague_values AS "values" FROM assessment"""


def _assessment(row: sqlite3.Row) -> Assessment:
    id_, on, mission, success, *lists = row
    return Assessment(id_, date.fromisoformat(on), mission, success,
                      *(json.loads(answers) if answers else [] for answers in lists))


def assessments(conn: sqlite3.Connection) -> list[Assessment]:
    """Every self-assessment, oldest first."""
    return [_assessment(row) for row in conn.execute(f"{_ASSESSMENT} ORDER BY on_date, id")]


def latest_assessment(conn: sqlite3.Connection) -> Assessment | None:
    row = conn.execute(f"{_ASSESSMENT} ORDER BY on_date DESC, id DESC LIMIT 1").fetchone()
    return _assessment(row) if row else None
