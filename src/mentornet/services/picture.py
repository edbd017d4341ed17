"""The network as a picture (issue 18): what the map, the HTML report and the development plan
show, gathered once as plain data, as of a day.

The rules come from the services that own them (`mosaic` for gaps and warnings, `due` for what is
due, `stats` for the numbers game); the few reads of my own below (who referred whom, contacts per
month, goals, the latest self-assessment, the year's meetings) are small SQL queries. Nothing here
renders: `io/mapfile.py`, `io/htmlreport.py` and `io/idp.py` do. Everything is capped, so a
10,000-contact network gives a summary with "and N more", not a directory.
"""

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentornet.services.assessment import Assessment, latest_assessment
from mentornet.services.contacts import contact_summaries
from mentornet.services.due import DueItem, due_items
from mentornet.services.goals import Goal, goals
from mentornet.services.health import Signal, signals
from mentornet.services.mosaic import MOSAIC_STAGES, Mosaic, Warning, going_cold, is_forming, is_mentor, mosaic
from mentornet.services.roles import roles as roles_of_network
from mentornet.services.sponsorship import Sponsorship, sponsorships
from mentornet.services.stats import numbers
from mentornet.vocabulary import COMMITTED

PEOPLE_PER_ROLE = 12  # on the map, per role; the rest are "and N more"
REFERRALS_PER_PERSON = 6
TIMELINES = 24  # committed relationships with a timeline in the report
DUE_LISTED = 60
HEALTH_LISTED = 24  # a large network's signals, summarised: "and N more"
MEETINGS_LISTED = 200  # the IDP's year of meetings
MONTHS = 12


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    stage: str
    status: str  # "mentor", "forming" or "referred": how the person sits on the map
    cold: bool = False
    referred: tuple["Person", ...] = ()  # people this person introduced you to (capped)
    more_referred: int = 0


@dataclass(frozen=True)
class RolePlace:
    key: str
    label: str
    target: int
    status: str  # filled, cold, forming, gap; "untracked" for a role with no target
    people: tuple[Person, ...]
    more: int = 0  # people left off the map


@dataclass(frozen=True)
class Month:
    key: str  # "2026-03"
    label: str  # "Mar 2026"
    first: date
    last: date


@dataclass(frozen=True)
class Timeline:
    contact_id: int
    name: str
    stage: str
    roles: tuple[str, ...]
    meetings: tuple[int, ...]  # per month, oldest first
    other: tuple[int, ...]  # touches, outreach and replies per month

    @property
    def total(self) -> int:
        return sum(self.meetings) + sum(self.other)


@dataclass(frozen=True)
class MeetingLine:
    on: str
    contact: str
    line: str  # one line: the agenda or the first line of the notes


@dataclass(frozen=True)
class Map:
    as_of: date
    roles: tuple[RolePlace, ...]
    warnings: tuple[Warning, ...]
    edges: tuple[tuple[int, int], ...]  # (referrer id, referred id), both on the map

    def people(self) -> dict[int, Person]:
        """Everyone on the map once, with the people they referred."""
        found: dict[int, Person] = {}

        def visit(person: Person) -> None:
            found.setdefault(person.id, person)
            for other in person.referred:
                visit(other)

        for place in self.roles:
            for person in place.people:
                visit(person)
        return found


@dataclass
class Picture:
    """What the report and the IDP show; `map` is what the map command draws."""

    as_of: date
    map: Map
    mosaic: Mosaic
    due: list[DueItem]
    due_total: int
    months: list[Month]
    timelines: list[Timeline]
    committed_total: int
    numbers: list[dict]  # per month: approaches, people_replied, first_meetings, new_contacts, ...
    goals: list[Goal]
    assessment: Assessment | None
    meetings: list[MeetingLine] = field(default_factory=list)
    meetings_total: int = 0
    team: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)  # (role, label, [(name, stage)])
    contacts_total: int = 0
    year: dict | None = None  # the numbers game over the 12 months, with its verdicts
    health: list[Signal] = field(default_factory=list)  # worst first, at most HEALTH_LISTED
    health_total: int = 0
    sponsorships: list[Sponsorship] = field(default_factory=list)  # newest first
    agreements: list = field(default_factory=list)  # (Agreement, review date): services/agreements.py


def _mosaic_inputs(conn: sqlite3.Connection):
    return roles_of_network(conn), contact_summaries(conn, stages=MOSAIC_STAGES, with_tags=False)


def _referrals(conn: sqlite3.Connection) -> dict[int, list[tuple[int, str, str]]]:
    """Who introduced whom: the referral records and each contact's `referred_by`, as
    referrer id -> [(id, name, stage)], each person once, in name order."""
    rows = conn.execute(
        """SELECT f, t.id, t.name, t.stage FROM (
               SELECT from_contact_id AS f, to_contact_id AS t FROM referral
               UNION SELECT referred_by_id, id FROM contact WHERE referred_by_id IS NOT NULL) r
           JOIN contact t ON t.id = r.t WHERE r.f != r.t ORDER BY t.name_key, t.id""")
    found: dict[int, list[tuple[int, str, str]]] = {}
    for referrer, id_, name, stage in rows:
        found.setdefault(referrer, []).append((id_, name, stage))
    return found


def build_map(conn: sqlite3.Connection, as_of: date) -> tuple[Map, Mosaic, list]:
    """The mosaic as a map: each targeted role with its mentors and forming contacts, roles without
    a target that someone fills, and who referred whom among (and from) the people shown."""
    from mentornet.services.sponsorship import recent_sponsors

    roles, contacts = _mosaic_inputs(conn)
    result = mosaic(roles, contacts, as_of, recent_sponsors(conn, as_of))
    status_of = {status.role: status.status for status in result.roles}
    by_role: dict[str, list] = {role.key: [] for role in roles}
    for contact in contacts:
        if is_mentor(contact) or is_forming(contact):
            for key in contact.roles:
                by_role.setdefault(key, []).append(contact)
    referrals = _referrals(conn)
    edges: list[tuple[int, int]] = []

    def person(contact) -> Person:
        mentor = is_mentor(contact)
        referred = referrals.get(contact.id, [])
        shown = tuple(Person(id_, name, stage, "referred") for id_, name, stage in referred[:REFERRALS_PER_PERSON])
        edges.extend((contact.id, other.id) for other in shown)
        return Person(contact.id, contact.name, contact.stage, "mentor" if mentor else "forming",
                      cold=mentor and going_cold(contact, as_of), referred=shown,
                      more_referred=max(len(referred) - REFERRALS_PER_PERSON, 0))

    places = []
    for role in roles:
        holders = sorted(by_role.get(role.key, []), key=lambda c: (not is_mentor(c), c.name.casefold(), c.id))
        if role.target == 0 and not holders:
            continue
        shown = holders[:PEOPLE_PER_ROLE]
        places.append(RolePlace(role.key, role.label, role.target, status_of.get(role.key, "untracked"),
                                tuple(person(c) for c in shown), max(len(holders) - len(shown), 0)))
    # targeted roles first (as `gaps` lists them), then the others
    places.sort(key=lambda place: place.status == "untracked")
    return Map(as_of, tuple(places), tuple(result.warnings), tuple(dict.fromkeys(edges))), result, contacts


def months_before(as_of: date, count: int = MONTHS) -> list[Month]:
    """The `count` calendar months ending with as_of's month, oldest first."""
    found = []
    year, month = as_of.year, as_of.month
    for _ in range(count):
        if year < date.min.year:  # the calendar starts in year 1: fewer months there
            break
        first = date(year, month, 1)
        last = date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1)
        found.append(Month(f"{year:04d}-{month:02d}", first.strftime("%b %Y"), first, last))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def _contact_months(conn: sqlite3.Connection, ids: list[int], since: date, until: date) -> dict[int, dict]:
    """Per contact and month: meetings, and other contacts (touches, outreach, replies)."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    window = [since.isoformat(), until.isoformat()]
    sql = f"""SELECT contact_id, substr(on_date, 1, 7), sum(CASE WHEN kind = 'm' THEN 1 ELSE 0 END),
                  sum(CASE WHEN kind = 'm' THEN 0 ELSE 1 END) FROM (
                  SELECT contact_id, on_date, 'm' AS kind FROM meeting WHERE contact_id IN ({marks})
                  UNION ALL SELECT contact_id, on_date, 't' FROM touch WHERE contact_id IN ({marks})
                  UNION ALL SELECT contact_id, on_date, 'o' FROM outreach WHERE contact_id IN ({marks})
                  UNION ALL SELECT contact_id, outcome_on, 'r' FROM outreach
                            WHERE contact_id IN ({marks}) AND outcome IN ('replied', 'declined')) AS dated
              WHERE on_date BETWEEN ? AND ? GROUP BY 1, 2"""
    found: dict[int, dict] = {}
    for contact_id, month, met, other in conn.execute(sql, [*ids, *ids, *ids, *ids, *window]):
        found.setdefault(contact_id, {})[month] = (met, other)
    return found


def _timelines(conn: sqlite3.Connection, contacts: list, months: list[Month]) -> tuple[list[Timeline], int]:
    """The committed relationships' contacts per month; the busiest `TIMELINES` of them."""
    committed = [c for c in contacts if c.stage in COMMITTED]
    counts = _contact_months(conn, [c.id for c in committed], months[0].first, months[-1].last)
    timelines = []
    for contact in committed:
        per = counts.get(contact.id, {})
        timelines.append(Timeline(
            contact.id, contact.name, contact.stage, tuple(contact.roles),
            tuple(per.get(m.key, (0, 0))[0] for m in months), tuple(per.get(m.key, (0, 0))[1] for m in months)))
    timelines.sort(key=lambda t: (-t.total, t.name.casefold(), t.contact_id))
    return timelines[:TIMELINES], len(timelines)


# The numbers game month by month, as `stats` counts them (services/stats.py) but in one grouped
# pass per measure rather than twelve calls of `numbers`, each a scan of the network.
# tests/cli/test_report.py checks that each month equals `numbers` for it.
_MONTHLY = {
    "approaches": """SELECT substr(on_date, 1, 7), count(*) FROM outreach
                     WHERE attempt = 1 AND on_date BETWEEN :since AND :until GROUP BY 1""",
    "people_replied": """SELECT substr(outcome_on, 1, 7), count(DISTINCT contact_id) FROM outreach
                         WHERE outcome IN ('replied', 'declined') AND outcome_on BETWEEN :since AND :until GROUP BY 1""",
    "first_meetings": f"""SELECT substr(m.on_date, 1, 7), count(*) FROM meeting m
                          WHERE m.on_date BETWEEN :since AND :until
                            AND coalesce(m.stage_at_meeting, '') NOT IN ({", ".join(repr(str(s)) for s in sorted(COMMITTED))})
                            AND NOT EXISTS (SELECT 1 FROM meeting e WHERE e.contact_id = m.contact_id
                                 AND (e.on_date < m.on_date OR (e.on_date = m.on_date AND e.id < m.id)))
                          GROUP BY 1""",
    "new_contacts": """SELECT substr(added_on, 1, 7), count(*) FROM contact
                       WHERE added_on BETWEEN :since AND :until GROUP BY 1""",
}


def monthly_numbers(conn: sqlite3.Connection, months: list[Month], as_of: date) -> list[dict]:
    """Per month (up to as_of): approaches, people who replied, first meetings, new contacts."""
    window = {"since": months[0].first.isoformat(), "until": min(months[-1].last, as_of).isoformat()}
    counts = {name: dict(conn.execute(sql, window).fetchall()) for name, sql in _MONTHLY.items()}
    return [{"month": m.key, "label": m.label, **{name: counts[name].get(m.key, 0) for name in _MONTHLY}}
            for m in months]


def year_numbers(conn: sqlite3.Connection, months: list[Month], as_of: date) -> dict:
    """The numbers game over the whole window, with its verdicts (services/stats.py)."""
    return numbers(conn, months[0].first, min(months[-1].last, as_of)).as_json()


def _one_line(*texts: str | None, width: int = 140) -> str:
    for text in texts:
        if text and text.strip():
            line = " ".join(text.split())
            return line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return ""


def year_of_meetings(conn: sqlite3.Connection, since: date, until: date) -> tuple[list[MeetingLine], int]:
    """Meetings in [since, until], newest first, one line each (the agenda, else the notes)."""
    window = (since.isoformat(), until.isoformat())
    total = conn.execute("SELECT count(*) FROM meeting WHERE on_date BETWEEN ? AND ?", window).fetchone()[0]
    rows = conn.execute(
        f"""SELECT m.on_date, c.name, m.agenda, m.notes FROM meeting m JOIN contact c ON c.id = m.contact_id
            WHERE m.on_date BETWEEN ? AND ? ORDER BY m.on_date DESC, m.id DESC LIMIT {MEETINGS_LISTED}""", window)
    return [MeetingLine(on, name, _one_line(agenda, notes)) for on, name, agenda, notes in rows], total


def team(the_map: Map) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The mentoring team by role: each role's committed mentors with their stage."""
    return [(place.key, place.label, [(p.name, p.stage) for p in place.people if p.status == "mentor"])
            for place in the_map.roles]


def gather(conn: sqlite3.Connection, as_of: date, *, with_charts: bool = True) -> Picture:
    """Everything the report (and the IDP) shows, as of a day."""
    the_map, result, contacts = build_map(conn, as_of)
    every_due = due_items(conn, as_of)
    months = months_before(as_of)
    timelines, committed = _timelines(conn, contacts, months) if with_charts else ([], 0)
    per_month = monthly_numbers(conn, months, as_of) if with_charts else []
    meetings, meetings_total = year_of_meetings(conn, months[0].first, as_of)
    health = signals(conn, as_of)
    return Picture(
        as_of=as_of, map=the_map, mosaic=result, due=every_due[:DUE_LISTED], due_total=len(every_due),
        months=months, timelines=timelines, committed_total=committed, numbers=per_month, goals=goals(conn, include_done=True),
        assessment=latest_assessment(conn), meetings=meetings, meetings_total=meetings_total,
        team=team(the_map), year=year_numbers(conn, months, as_of) if with_charts else None, contacts_total=conn.execute("SELECT count(*) FROM contact").fetchone()[0],
        health=health[:HEALTH_LISTED], health_total=len(health), sponsorships=sponsorships(conn),
        agreements=_agreements(conn, as_of),
    )


def _agreements(conn: sqlite3.Connection, as_of: date) -> list:
    from mentornet.services.agreements import current_agreements

    return current_agreements(conn, as_of)
