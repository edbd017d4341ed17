"""The lean read path: plain SQL over the standard sqlite3 module, aggregation in SQL.

These functions take any sqlite3 connection: one from `connection.open_current` for the
read-only commands, or a write transaction's (`writes.unit_of_work`), so the lookups are
written once. The SQL names the tables and columns of `schema.py`; the tests in
tests/services exercise every query against a real database so a schema change breaks them.
"""

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from mentornet.errors import Ambiguous, NotFound
from mentornet.text import search_key

_ROLES_OF = """(SELECT group_concat(role_key, ',') FROM
  (SELECT cr.role_key FROM contact_role cr JOIN role r ON r.key = cr.role_key
   WHERE cr.contact_id = c.id ORDER BY r.position, r.key))"""

# Tags are free text and may hold commas: joined with the unit separator, which nobody types.
TAG_SEPARATOR = "\x1f"
_TAGS_OF = """(SELECT group_concat(tag, char(31)) FROM
  (SELECT tag FROM contact_tag WHERE contact_id = c.id ORDER BY tag))"""

# A contact's own cadence, else the shortest default cadence of its roles.
CADENCE_SQL = """coalesce(c.cadence_days, (SELECT min(r.cadence_days) FROM contact_role cr
  JOIN role r ON r.key = cr.role_key WHERE cr.contact_id = c.id))"""


@dataclass(slots=True)  # not frozen: a frozen dataclass costs ~3x to build, and gaps builds 10,000
class ContactSummary:
    """What the list, gaps and due computations need of a contact."""

    id: int
    name: str
    stage: str
    paused: bool
    direction: str
    seniority: str | None
    locality: str | None
    institution: str | None
    supervisor: bool
    email: str | None
    cadence_days: int | None
    added_on: date
    last_event: date | None
    roles: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def last_contact(self) -> date:
        """The latest contact; the date the contact was added when there is none."""
        return self.last_event or self.added_on


@dataclass(frozen=True)
class RoleRow:
    key: str
    label: str
    description: str | None
    family: str
    cadence_days: int | None
    target: int
    contacts: int


def _fold_function(conn: sqlite3.Connection) -> None:
    """fold(a, b, ...): the search key of the non-empty arguments joined by spaces."""
    conn.create_function("fold", -1, lambda *values: search_key(" ".join(v for v in values if v)), deterministic=True)


def roles(conn: sqlite3.Connection) -> list[RoleRow]:
    rows = conn.execute(
        """SELECT r.key, r.label, r.description, r.family, r.cadence_days, r.target,
                  (SELECT count(*) FROM contact_role cr WHERE cr.role_key = r.key) AS contacts
           FROM role r ORDER BY r.position, r.key"""
    ).fetchall()
    return [RoleRow(*row) for row in rows]


def role_keys(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT key FROM role ORDER BY position, key")]


def _roles_held(conn: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    """Each contact's roles in display order, from one grouped scan: cheaper than a correlated
    subquery per contact, and the order is set here (group_concat promises none)."""
    order = {key: position for position, key in enumerate(role_keys(conn))}
    return {contact: tuple(sorted(keys.split(","), key=order.__getitem__)) if "," in keys else (keys,)
            for contact, keys in conn.execute("SELECT contact_id, group_concat(role_key) FROM contact_role GROUP BY contact_id")}


def contact_summaries(
    conn: sqlite3.Connection, *, stages: Collection[str] | None = None, with_tags: bool = True
) -> list[ContactSummary]:
    """Every contact (or those at `stages`), with roles, cadence and last contact."""
    where: list[str] = []
    params: list[object] = []
    if stages is not None:
        where.append(f"c.stage IN ({', '.join('?' for _ in stages)})")
        params.extend(stages)
    tags = _TAGS_OF if with_tags else "NULL"
    # `+c.name_key`: scan the table and sort, rather than visit the rows in the index's order,
    # one lookup each (12 ms against 19 ms for 10,000 contacts)
    sql = f"""SELECT c.id, c.name, c.stage, c.paused, c.direction, c.seniority, c.locality,
                     c.institution, c.supervisor, c.email, c.cadence_days, c.added_on, c.last_contact_on, {tags}
              FROM contact c {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY +c.name_key, c.id"""
    # a contact's cadence defaulting to its roles' shortest, in Python: cheaper than another
    # correlated subquery per contact
    cadences = dict(conn.execute("SELECT key, cadence_days FROM role"))
    held_by = _roles_held(conn)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row costs more than it gives here
    summaries = []
    for (id_, name, stage_, paused, direction, seniority, locality, institution, supervisor, email,
         cadence, added_on, last_event, tags_csv) in cursor.execute(sql, params):
        held = held_by.get(id_, ())
        if cadence is None and held:
            cadence = min((cadences[r] for r in held if cadences[r]), default=None)
        summaries.append(ContactSummary(
            id_, name, stage_, bool(paused), direction, seniority, locality, institution, bool(supervisor), email,
            cadence, date.fromisoformat(added_on), date.fromisoformat(last_event) if last_event else None,
            held, tuple(tags_csv.split(TAG_SEPARATOR)) if tags_csv else (),
        ))
    return summaries


def contact_listing(
    conn: sqlite3.Connection,
    *,
    role: str | None = None,
    stage: str | None = None,
    tag: str | None = None,
    search: str | None = None,
) -> list[dict]:
    """What `contacts list` shows of each contact (or those matching the filters): id, name, roles
    in display order, stage, email, institution, last contact (ISO; the added date when none).

    Lighter than `contact_summaries` (no cadence, flags or tags, dates left as text): listing
    10,000 contacts takes a few tens of milliseconds, within a read command's budget.
    """
    where: list[str] = []
    params: list[object] = []
    if role:
        where.append("EXISTS (SELECT 1 FROM contact_role WHERE contact_id = c.id AND role_key = ?)")
        params.append(role)
    if stage:
        where.append("c.stage = ?")
        params.append(stage)
    if tag:
        where.append("EXISTS (SELECT 1 FROM contact_tag WHERE contact_id = c.id AND fold(tag) = ?)")
        params.append(search_key(tag))
    if search:
        where.append(
            """instr(fold(c.name, c.email, c.title, c.institution, c.specialty, c.city,
                 c.met_at, c.notes, (SELECT group_concat(tag, ' ') FROM contact_tag WHERE contact_id = c.id)), ?) > 0"""
        )
        params.append(search_key(search))
    if tag or search:
        _fold_function(conn)
    held = _roles_held(conn)
    sql = f"""SELECT c.id, c.name, c.stage, c.email, c.institution, coalesce(c.last_contact_on, c.added_on)
              FROM contact c {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY +c.name_key, c.id"""  # a sort, as in contact_summaries
    cursor = conn.cursor()
    cursor.row_factory = None
    return [
        {"id": id_, "name": name, "roles": list(held.get(id_, ())), "stage": stage_, "email": email,
         "institution": institution, "last_contact": last_contact}
        for id_, name, stage_, email, institution, last_contact in cursor.execute(sql, params)
    ]


def find_contact(conn: sqlite3.Connection, ref: str) -> int:
    """Resolve CONTACT (cli.md): an id, an exact name, or a part of one name.

    Names compare casefolded and accent-stripped; an exact full name wins over a partial one;
    several matches are an error that lists them with their ids.
    """
    text = str(ref).strip()
    if text.isascii() and text.isdigit() and len(text) < 19:  # beyond that, not an SQLite id
        row = conn.execute("SELECT id FROM contact WHERE id = ?", (int(text),)).fetchone()
        if row:
            return row[0]
    key = search_key(text)
    if not key:
        raise NotFound("no contact given; name one by id or name (see `mentornet contacts list`)")
    exact = conn.execute("SELECT id, name FROM contact WHERE name_key = ? ORDER BY id", (key,)).fetchall()
    matches = exact or conn.execute(
        "SELECT id, name FROM contact WHERE instr(name_key, ?) > 0 ORDER BY name_key, id LIMIT 11", (key,)
    ).fetchall()
    if len(matches) == 1:
        return matches[0][0]
    if not matches:
        raise NotFound(f"no contact matches {text!r}; see `mentornet contacts list` or add one with `mentornet add-contact`")
    listed = ", ".join(f"{name} (id {id_})" for id_, name in matches[:10])
    more = " and more" if len(matches) > 10 else ""
    raise Ambiguous(f"{text!r} matches several contacts: {listed}{more}; use the id or more of the name")


def duplicates_of(conn: sqlite3.Connection, name: str, email: str | None, *, except_id: int | None = None) -> list[tuple[int, str]]:
    """Contacts with the same name (folded) or the same email (case-insensitive)."""
    rows = conn.execute(
        """SELECT id, name FROM contact
           WHERE (name_key = ? OR (? IS NOT NULL AND lower(email) = lower(?))) AND id IS NOT ?
           ORDER BY id""",
        (search_key(name), email, email, except_id),
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def contact_record(conn: sqlite3.Connection, contact_id: int) -> dict:
    """Every stored field of one contact, plus roles, tags and the referrer's name."""
    row = conn.execute(
        f"""SELECT c.*, {_ROLES_OF} AS roles, {_TAGS_OF} AS tags, {CADENCE_SQL} AS effective_cadence,
                   c.last_contact_on AS last_event, ref.name AS referred_by
            FROM contact c LEFT JOIN contact ref ON ref.id = c.referred_by_id WHERE c.id = ?""",
        (contact_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}; see `mentornet contacts list`")
    record = dict(row)
    record["roles"] = record["roles"].split(",") if record["roles"] else []
    record["tags"] = record["tags"].split(TAG_SEPARATOR) if record["tags"] else []
    record["paused"] = bool(record["paused"])
    record["supervisor"] = bool(record["supervisor"])
    return record


def stage_changes(conn: sqlite3.Connection, contact_id: int) -> list[dict]:
    rows = conn.execute(
        """SELECT on_date, from_stage, to_stage, note FROM stage_change
           WHERE contact_id = ? ORDER BY on_date, id""",
        (contact_id,),
    ).fetchall()
    return [dict(row) for row in rows]


def open_actions(conn: sqlite3.Connection, contact_id: int) -> list[dict]:
    rows = conn.execute(
        """SELECT id, text, owner, due_on, done_on FROM action_item
           WHERE contact_id = ? AND done_on IS NULL ORDER BY due_on IS NULL, due_on, id""",
        (contact_id,),
    ).fetchall()
    return [dict(row) for row in rows]


def outreach_rows(conn: sqlite3.Connection, *, open_only: bool = False, contact_id: int | None = None) -> list[dict]:
    where: list[str] = []
    params: list[object] = []
    if open_only:
        where.append("o.outcome = 'pending'")
    if contact_id is not None:
        where.append("o.contact_id = ?")
        params.append(contact_id)
    sql = f"""SELECT o.id, c.name AS contact, o.contact_id, o.attempt, o.on_date AS "on", o.channel, o.ask,
                     o.for_role, o.outcome, o.outcome_on, o.note
              FROM outreach o JOIN contact c ON c.id = o.contact_id
              {"WHERE " + " AND ".join(where) if where else ""} ORDER BY o.on_date, o.id"""
    return [dict(row) for row in conn.execute(sql, params)]


def meeting_rows(conn: sqlite3.Connection, *, contact_id: int | None = None) -> list[dict]:
    sql = f"""SELECT m.id, c.name AS contact, m.contact_id, m.on_date AS "on", m.mode, m.agenda, m.notes, m.rating,
                     m.next_on AS "next", m.thanked_on,
                     (SELECT json_group_array(t.name) FROM referral r JOIN contact t ON t.id = r.to_contact_id
                      WHERE r.meeting_id = m.id) AS referrals
              FROM meeting m JOIN contact c ON c.id = m.contact_id
              {"WHERE m.contact_id = ?" if contact_id is not None else ""} ORDER BY m.on_date, m.id"""
    params = [contact_id] if contact_id is not None else []
    rows = []
    for row in conn.execute(sql, params):
        record = dict(row)
        record["referrals"] = json.loads(record["referrals"])
        rows.append(record)
    return rows


def touch_rows(conn: sqlite3.Connection, contact_id: int) -> list[dict]:
    rows = conn.execute(
        """SELECT id, on_date AS "on", channel, note FROM touch WHERE contact_id = ? ORDER BY on_date, id""",
        (contact_id,),
    )
    return [dict(row) for row in rows]


def action_rows(conn: sqlite3.Connection, *, open_only: bool = False) -> list[dict]:
    sql = f"""SELECT a.id, c.name AS contact, a.contact_id, a.text, a.owner, a.due_on AS due, a.done_on
              FROM action_item a JOIN contact c ON c.id = a.contact_id
              {"WHERE a.done_on IS NULL" if open_only else ""}
              ORDER BY a.done_on IS NOT NULL, a.due_on IS NULL, a.due_on, a.id"""
    return [dict(row) for row in conn.execute(sql)]


def numbers_game(conn: sqlite3.Connection, since: date, until: date) -> dict:
    """Counts over [since, until] for `stats`: attempts, answers, first meetings, commitments."""
    window = (since.isoformat(), until.isoformat())
    one = lambda sql: conn.execute(sql, window).fetchone()[0]  # noqa: E731
    return {
        "approaches": one("SELECT count(*) FROM outreach WHERE attempt = 1 AND on_date BETWEEN ? AND ?"),
        "follow_ups": one("SELECT count(*) FROM outreach WHERE attempt >= 2 AND on_date BETWEEN ? AND ?"),
        "people_approached": one(
            "SELECT count(DISTINCT contact_id) FROM outreach WHERE on_date BETWEEN ? AND ?"),
        "people_replied": one(
            """SELECT count(DISTINCT contact_id) FROM outreach WHERE outcome IN ('replied', 'declined')
               AND outcome_on BETWEEN ? AND ?"""),
        "declined": one(
            "SELECT count(DISTINCT contact_id) FROM outreach WHERE outcome = 'declined' AND outcome_on BETWEEN ? AND ?"),
        "first_meetings": one(
            # a contact's earliest meeting, held before any commitment (not a long-standing mentor's)
            """SELECT count(*) FROM meeting m WHERE m.on_date BETWEEN ? AND ?
               AND coalesce(m.stage_at_meeting, '') NOT IN ('initiation', 'cultivation', 'separation', 'redefined')
               AND NOT EXISTS (SELECT 1 FROM meeting e WHERE e.contact_id = m.contact_id
                               AND (e.on_date < m.on_date OR (e.on_date = m.on_date AND e.id < m.id)))"""),
        "meetings": one("SELECT count(*) FROM meeting WHERE on_date BETWEEN ? AND ?"),
        "newly_committed": one(
            """SELECT count(DISTINCT contact_id) FROM stage_change
               WHERE to_stage IN ('initiation', 'cultivation', 'separation', 'redefined')
                 AND from_stage NOT IN ('initiation', 'cultivation', 'separation', 'redefined')
                 AND on_date BETWEEN ? AND ?"""),
        "new_contacts": one("SELECT count(*) FROM contact WHERE added_on BETWEEN ? AND ?"),
        "committed_now": conn.execute(
            """SELECT count(*) FROM contact WHERE stage IN ('initiation', 'cultivation', 'separation', 'redefined')
               AND direction != 'i-mentor'""").fetchone()[0],
    }
