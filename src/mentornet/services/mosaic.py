"""The mosaic: which roles are filled, forming, cold or a gap, and what the network lacks.

domain.md ("Gaps") holds the rules: pure functions over `ContactSummary` rows, and `network`,
which reads them.
"""

import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from mentornet.services.cadence import is_going_cold
from mentornet.services.contacts import ContactSummary, contact_summaries
from mentornet.services.roles import Role, roles
from mentornet.services.sponsorship import SPONSOR_ROLE, recent_sponsors
from mentornet.text import search_key
from mentornet.vocabulary import ACTIVE_STAGES, COMMITTED, FORMING, Direction, Stage, is_active

# Only these stages can make a mentor, a forming contact or an active one: gaps reads no others.
MOSAIC_STAGES = tuple(sorted(COMMITTED | FORMING | ACTIVE_STAGES | {Stage.prospect}))


@dataclass(frozen=True)
class RoleStatus:
    role: str
    label: str
    target: int
    status: str
    mentors: list[str]
    forming: list[str]
    cold: list[str] = field(default_factory=list)
    mentor_ids: list[int] = field(default_factory=list)
    prospects: list[str] = field(default_factory=list)  # named for it, not yet approached


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass(frozen=True)
class Mosaic:
    as_of: date
    roles: list[RoleStatus]
    warnings: list[Warning]

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of,
            "roles": [{"role": r.role, "target": r.target, "status": r.status, "mentors": r.mentors,
                       "forming": r.forming} for r in self.roles],
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


def is_mentor(contact: ContactSummary) -> bool:
    """A committed relationship in which the contact mentors the user (or both ways)."""
    return contact.stage in COMMITTED and contact.direction != Direction.i_mentor


def is_forming(contact: ContactSummary) -> bool:
    return contact.stage in FORMING and contact.direction != Direction.i_mentor


def is_prospect(contact: ContactSummary) -> bool:
    return contact.stage == Stage.prospect and contact.direction != Direction.i_mentor and not contact.paused


def going_cold(contact: ContactSummary, as_of: date) -> bool:
    return is_going_cold((as_of - contact.last_contact).days, contact.cadence_days)


def network(conn: sqlite3.Connection, as_of: date) -> Mosaic:
    """The mosaic of the network in the database: `gaps`, the dashboard, `prep`."""
    return mosaic(roles(conn), contact_summaries(conn, stages=MOSAIC_STAGES, with_tags=False), as_of,
                  recent_sponsors(conn, as_of))


def mosaic(known: list[Role], contacts: list[ContactSummary], as_of: date,
           sponsors: Mapping[int, str] | None = None) -> Mosaic:
    """`sponsors` (id -> name): who acted for you lately (services/sponsorship.py); they fill the
    `sponsor` role whatever their role links and stage, and an act that recent is not going cold."""
    mentors = [c for c in contacts if is_mentor(c)]
    holders: dict[str, list[ContactSummary]] = {role.key: [] for role in known if role.target > 0}
    for contact in contacts:
        for key in contact.roles:
            if key in holders:
                holders[key].append(contact)
    statuses = [_role_status(role, holders[role.key], as_of, (sponsors or {}) if role.key == SPONSOR_ROLE else {})
                for role in known if role.target > 0]
    return Mosaic(as_of=as_of, roles=statuses, warnings=_warnings(statuses, mentors, contacts))


def _role_status(role: Role, holders: list[ContactSummary], as_of: date, acted: Mapping[int, str]) -> RoleStatus:
    linked = [c for c in holders if is_mentor(c)]
    forming = [c for c in holders if is_forming(c) and c.id not in acted]
    cold = [c for c in linked if going_cold(c, as_of) and c.id not in acted]
    ids = [c.id for c in linked] + [id_ for id_ in acted if id_ not in {c.id for c in linked}]
    names = [c.name for c in linked] + [acted[id_] for id_ in ids[len(linked):]]
    warm = len(ids) - len(cold)
    if warm >= role.target:
        status = "filled"
    elif ids and len(cold) == len(ids):
        status = "cold"
    elif forming:
        status = "forming"
    else:
        status = "gap"
    return RoleStatus(
        role=role.key, label=role.label, target=role.target, status=status,
        mentors=names, forming=[c.name for c in forming], cold=[c.name for c in cold],
        mentor_ids=ids, prospects=[c.name for c in holders if is_prospect(c) and c.id not in acted],
    )


def _warnings(statuses: list[RoleStatus], mentors: list[ContactSummary], contacts: list[ContactSummary]) -> list[Warning]:
    found: list[Warning] = []
    if len(mentors) < 3:
        found.append(Warning("thin", (
            f"You have {_count(len(mentors), 'committed mentor')}; aim for at least three, "
            "so no single relationship carries your whole career."
        )))

    sole = Counter(s.mentor_ids[0] for s in statuses if len(s.mentor_ids) == 1)  # people, not names
    for mentor_id, count in sole.items():
        if count >= 2:
            held = [s for s in statuses if s.mentor_ids == [mentor_id]]
            roles = ", ".join(s.role for s in held)
            found.append(Warning("concentrated", (
                f"{held[0].mentors[0]} is your only mentor for {roles}; if that relationship ends, all of them open at once."
            )))

    active = [c for c in contacts if is_active(c.stage, c.paused)]
    known_seniority = [c for c in active if c.seniority]
    if known_seniority and not any(c.seniority in ("peer", "near-peer") for c in known_seniority):
        found.append(Warning("no-peer", (
            "No peer or near-peer among your active contacts; peers give community and accountability."
        )))

    mentor_seniority = [c for c in mentors if c.seniority]
    if mentor_seniority and not any(c.seniority == "senior" for c in mentor_seniority):
        found.append(Warning("no-senior", (
            "No senior among your committed mentors; someone senior can open doors and sponsor you."
        )))

    located = [c for c in mentors if c.locality]
    if located and all(c.locality == "remote" for c in located):
        found.append(Warning("no-local", (
            "All your committed mentors are remote; a local mentor can sponsor you where you work."
        )))

    placed = [c for c in mentors if c.institution]
    institutions = {search_key(c.institution) for c in placed if c.institution}
    if len(placed) >= 2 and len(institutions) == 1:
        found.append(Warning("one-institution", (
            f"All your committed mentors are at {placed[0].institution}; "
            "a mentor elsewhere gives an outside view and a way out."
        )))

    career = [c for c in mentors if "career" in c.roles]
    if len(career) == 1 and career[0].supervisor:
        found.append(Warning("supervisor-career", (
            f"Your only career mentor, {career[0].name}, is your supervisor; "
            "find career advice from someone who doesn't also judge your work."
        )))
    return found


def _count(n: int, noun: str) -> str:
    return f"{'no' if n == 0 else n} {noun}{'' if n == 1 else 's'}"
