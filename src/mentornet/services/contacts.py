"""Contacts (domain.md, "Contact" and "Stages"): finding them, what the commands show of them, and
adding, editing, moving and removing them.

Every change of stage is recorded as a stage_change row, so a relationship's history survives.
Plain SQL over the standard sqlite3 module, on a read-only command's connection or the write
transaction's (store/rows.py says why).
"""

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from mentornet.errors import Ambiguous, BadInput, Duplicate, NotFound
from mentornet.services.cadence import CADENCE_SQL, cadence_of
from mentornet.services.last_contact import LAST_CONTACT_SQL
from mentornet.services.roles import check_roles, role_keys, roles_held
from mentornet.store import rows
from mentornet.text import HONORIFICS, clean, match_key, search_key
from mentornet.vocabulary import Stage

if TYPE_CHECKING:
    from mentornet.services.actions import ActionItem
    from mentornet.services.agreements import Agreements
    from mentornet.services.history import Event

# --- finding a contact ---


def find_contact(conn: sqlite3.Connection, ref: str) -> int:
    """Resolve CONTACT (cli.md): an id, an exact name, or a part of one name.

    Names compare casefolded and accent-stripped, and without honorifics and post-nominals
    (`Thomas Brennan` is `Dr. Thomas Brennan`); an exact full name wins over a partial one;
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
    matches = [tuple(row) for row in exact] or same_name(conn, text)
    if not matches:
        core = match_key(text) or key
        matches = conn.execute(
            "SELECT id, name FROM contact WHERE instr(name_key, ?) > 0 ORDER BY name_key, id LIMIT 11", (core,)
        ).fetchall()
    if len(matches) == 1:
        return matches[0][0]
    if not matches:
        close = close_names(conn, text)
        if close:
            raise NotFound(f"no contact matches {text!r}; did you mean {' or '.join(close)}?")
        raise NotFound(f"no contact matches {text!r}; see `mentornet contacts list` or add one with `mentornet add-contact`")
    listed = ", ".join(f"{name} (id {id_})" for id_, name in matches[:10])
    more = " and more" if len(matches) > 10 else ""
    raise Ambiguous(f"{text!r} matches several contacts: {listed}{more}; use the id or more of the name")


def same_name(conn: sqlite3.Connection, name: str, *, except_id: int | None = None) -> list[tuple[int, str]]:
    """Contacts whose name is `name` up to case, accents, honorifics and post-nominals (text.match_key).

    `name_key` keeps the whole folded name (the order lists sort by), so the stored names are
    narrowed by the longest word of the match key, which each of them contains, and compared here.
    """
    core = match_key(name)
    if not core:
        return []
    word = max(core.split(), key=len)
    found = conn.execute("SELECT id, name FROM contact WHERE instr(name_key, ?) > 0 AND id IS NOT ? ORDER BY id",
                         (word, except_id))
    return [(id_, other) for id_, other in found if match_key(other) == core]


def close_names(conn: sqlite3.Connection, text: str, limit: int = 3) -> list[str]:
    """The stored names nearest `text` (a typo's suggestions), nearest first."""
    from difflib import get_close_matches

    core = match_key(text)
    by_key: dict[str, str] = {}
    for (name,) in conn.execute("SELECT name FROM contact ORDER BY name_key, id"):
        by_key.setdefault(match_key(name), name)
    return [by_key[key] for key in get_close_matches(core, list(by_key), n=limit, cutoff=0.75)]


def contact_names(conn: sqlite3.Connection) -> list[str]:
    """Every contact's name, by name."""
    return [row[0] for row in conn.execute("SELECT name FROM contact ORDER BY name_key")]


# How an honorific leads a stored name's key: `dr`, `dr.`, `dr,`, `dr.,` (text.match_key takes more,
# `d.r.` among them: the duplicate check doesn't look for those).
_HONORIFIC_WORDS = tuple(f"{word}{end}" for word in sorted(HONORIFICS) for end in ("", ".", ",", ".,"))
_PREFIXED = "c.name_key >= p.prefix AND c.name_key < p.prefix || char(1114111)"  # a range of the name_key index
_RANGE = "c.name_key >= ? AND c.name_key < ? || char(1114111)"  # the same, from a key given twice


def _prefixes(count: int) -> str:
    return f"WITH p(prefix) AS (VALUES {', '.join('(?)' for _ in range(count))})"


def same_name_by_key(conn: sqlite3.Connection, name: str, *, except_id: int | None = None) -> list[tuple[int, str]]:
    """`same_name` through ranges of the name_key index, so a network's size costs nothing: the
    stored keys that start with the match key, after any honorifics the stored keys begin with.
    Narrower than `same_name` only for names punctuated inside (`Thomas,Brennan`, `D.r. Ada`)."""
    core = match_key(name)
    if not core:
        return []
    heads, level = [""], [""]
    for _ in range(4):  # `Prof. Dr. ...`: each level asks only after the honorifics found before it
        asked = [f"{head}{word} " for head in level for word in _HONORIFIC_WORDS]
        level = [row[0] for row in conn.execute(
            f"{_prefixes(len(asked))} SELECT prefix FROM p WHERE EXISTS (SELECT 1 FROM contact c WHERE {_PREFIXED})",
            asked)]
        if not level:
            break
        heads += level
    # a SELECT per range rather than a join with a VALUES list: PostgreSQL can't tell how narrow a
    # range is whose bounds come from another table, and read all 10,000 contacts (7 ms, not 1)
    ranges = " UNION ALL ".join(f"SELECT c.id, c.name FROM contact c WHERE {_RANGE}" for _ in heads)
    keys = [f"{head}{core}" for head in heads]
    found = conn.execute(f"SELECT DISTINCT id, name FROM ({ranges}) AS found WHERE id IS NOT ? ORDER BY id",
                         [bound for key in keys for bound in (key, key)] + [except_id])
    return [(id_, other) for id_, other in found if match_key(other) == core]


def duplicates_of(conn: sqlite3.Connection, name: str, email: str | None, *, except_id: int | None = None) -> list[tuple[int, str]]:
    """Contacts with the same name (text.match_key) or the same email (case-insensitive)."""
    found = dict(same_name_by_key(conn, name, except_id=except_id))
    if email is not None:
        found.update(conn.execute("SELECT id, name FROM contact WHERE lower(email) = lower(?) AND id IS NOT ?",
                                  (email, except_id)).fetchall())
    return sorted(found.items())


# --- what the commands show of contacts ---

# Tags are free text and may hold commas: joined with the unit separator, which nobody types.
TAG_SEPARATOR = "\x1f"
_TAGS_OF = """(SELECT group_concat(tag, char(31)) FROM
  (SELECT tag FROM contact_tag WHERE contact_id = c.id ORDER BY tag) AS tags)"""
_ROLES_OF = """(SELECT group_concat(role_key, ',') FROM
  (SELECT cr.role_key FROM contact_role cr JOIN role r ON r.key = cr.role_key
   WHERE cr.contact_id = c.id ORDER BY r.position, r.key) AS held)"""


@dataclass(slots=True)  # not frozen: a frozen dataclass costs ~3x to build, and gaps builds 10,000
class ContactSummary:
    """What gaps, the CSV export and the mosaic need of a contact."""

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
    cadence_days: int | None  # its own, else its roles' shortest (services/cadence.py)
    added_on: date
    last_contact: date
    roles: tuple[str, ...]
    tags: tuple[str, ...]


def contact_summaries(
    conn: sqlite3.Connection, *, stages: Collection[str] | None = None, with_tags: bool = True
) -> list[ContactSummary]:
    """Every contact (or those at `stages`), with roles, cadence and last contact, by name."""
    where: list[str] = []
    params: list[object] = []
    if stages is not None:
        where.append(f"c.stage IN ({', '.join('?' for _ in stages)})")
        params.extend(stages)
    tags = _TAGS_OF if with_tags else "NULL"
    # `+c.name_key`: scan the table and sort, rather than visit the rows in the index's order,
    # one lookup each (about two thirds of the time on a large network)
    sql = f"""SELECT c.id, c.name, c.stage, c.paused, c.direction, c.seniority, c.locality,
                     c.institution, c.supervisor, c.email, c.cadence_days, c.added_on, {LAST_CONTACT_SQL}, {tags}
              FROM contact c {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY +c.name_key, c.id"""
    role_cadences = dict(conn.execute("SELECT key, cadence_days FROM role"))
    held_by = roles_held(conn)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row costs more than it gives here
    summaries = []
    for (id_, name, stage_, paused, direction, seniority, locality, institution, supervisor, email,
         cadence, added_on, last_contact, tags_csv) in cursor.execute(sql, params):
        held = held_by.get(id_, ())
        summaries.append(ContactSummary(
            id_, name, stage_, bool(paused), direction, seniority, locality, institution, bool(supervisor), email,
            cadence_of(cadence, held, role_cadences), date.fromisoformat(added_on), date.fromisoformat(last_contact),
            held, tuple(tags_csv.split(TAG_SEPARATOR)) if tags_csv else (),
        ))
    return summaries


@dataclass(slots=True)  # built 10,000 times by `contacts list --json`
class ListedContact:
    """A row of `contacts list`: dates stay ISO text, as stored, since they are only printed."""

    id: int
    name: str
    roles: tuple[str, ...]
    stage: str
    direction: str
    email: str | None
    institution: str | None
    last_contact: str
    next_due: str | None  # the contact's earliest open item (services/due.py)

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "roles": list(self.roles), "stage": self.stage,
                "direction": self.direction, "email": self.email, "institution": self.institution, "last_contact": self.last_contact,
                "next_due": self.next_due}


def _fold_function(conn: sqlite3.Connection) -> None:
    """fold(a, b, ...): the search key of the non-empty arguments joined by spaces."""
    conn.create_function("fold", -1, lambda *values: search_key(" ".join(v for v in values if v)), deterministic=True)


def contact_listing(
    conn: sqlite3.Connection,
    *,
    role: str | None = None,
    stage: str | None = None,
    tag: str | None = None,
    search: str | None = None,
    direction: str | None = None,
    as_of: date | None = None,
) -> list[ListedContact]:
    """What `contacts list` shows of each contact (or those matching the filters), by name.

    Lighter than `contact_summaries` (no cadence, flags or tags, dates left as text): it lists
    every contact of a large network within a read command's budget.
    """
    from mentornet.services.due import next_due_dates

    where: list[str] = []
    params: list[object] = []
    if role:
        where.append("EXISTS (SELECT 1 FROM contact_role WHERE contact_id = c.id AND role_key = ?)")
        params.append(role)
    if stage:
        where.append("c.stage = ?")
        params.append(stage)
    if direction:
        where.append("c.direction = ?")
        params.append(direction)
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
    held = roles_held(conn)
    next_due = next_due_dates(conn, as_of)
    sql = f"""SELECT c.id, c.name, c.stage, c.direction, c.email, c.institution, {LAST_CONTACT_SQL}
              FROM contact c {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY +c.name_key, c.id"""  # a sort, as in contact_summaries
    cursor = conn.cursor()
    cursor.row_factory = None
    return [
        ListedContact(id_, name, held.get(id_, ()), stage_, direction_, email, institution, last_contact,
                      next_due.get(id_))
        for id_, name, stage_, direction_, email, institution, last_contact in cursor.execute(sql, params)
    ]


@dataclass(frozen=True)
class ContactRecord:
    """Every stored field of one contact a person would recognise, with its roles, tags, the
    referrer's name, its last contact and the cadence that applies."""

    id: int
    name: str
    email: str | None
    phone: str | None
    title: str | None
    institution: str | None
    specialty: str | None
    city: str | None
    seniority: str | None
    locality: str | None
    supervisor: bool
    met_at: str | None
    met_on: date | None
    profile_url: str | None
    direction: str
    stage: str
    cadence_days: int | None  # what the user set
    paused: bool
    notes: str | None
    added_on: date
    created_at: str
    roles: list[str]
    tags: list[str]
    referred_by: str | None
    last_contact: date
    effective_cadence_days: int | None  # the cadence that applies (services/cadence.py)
    emails: list[str]  # every email, the primary (`email`) first
    phones: list[str]  # every phone number, the primary (`phone`) first

    def as_json(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


_DERIVED = ("roles", "tags", "referred_by", "last_contact", "effective_cadence_days", "emails", "phones")
_RECORD_COLUMNS = ", ".join(f"c.{name}" for name in ContactRecord.__dataclass_fields__ if name not in _DERIVED)


def contact_record(conn: sqlite3.Connection, contact_id: int) -> ContactRecord:
    row = conn.execute(
        f"""SELECT {_RECORD_COLUMNS}, {_ROLES_OF} AS roles, {_TAGS_OF} AS tags, ref.name AS referred_by,
                   {LAST_CONTACT_SQL} AS last_contact, {CADENCE_SQL} AS effective_cadence_days
            FROM contact c LEFT JOIN contact ref ON ref.id = c.referred_by_id WHERE c.id = ?""",
        (contact_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}; see `mentornet contacts list`")
    values = dict(row)
    values["roles"] = values["roles"].split(",") if values["roles"] else []
    values["tags"] = values["tags"].split(TAG_SEPARATOR) if values["tags"] else []
    values["paused"], values["supervisor"] = bool(values["paused"]), bool(values["supervisor"])
    for name in ("met_on", "added_on", "last_contact"):
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    for key in ("email", "phone"):  # the tables hold the ones beyond the primary
        more = [row[0] for row in conn.execute(
            f"SELECT {key} FROM contact_{key} WHERE contact_id = ? ORDER BY position, {key}", (contact_id,))]
        values[f"{key}s"] = ([values[key]] if values[key] else []) + more
    return ContactRecord(**values)


@dataclass(frozen=True)
class ContactProfile:
    """What `contacts show` shows: the record, its history, and the open action items."""

    record: ContactRecord
    timeline: list["Event"] = field(default_factory=list)
    open_actions: list["ActionItem"] = field(default_factory=list)
    agreement: "Agreements | None" = None  # the current agreement (services/agreements.py)

    def as_json(self) -> dict:
        return {**self.record.as_json(), "timeline": [event.as_json() for event in self.timeline],
                "open_actions": [action.as_json() for action in self.open_actions],
                "agreement": self.agreement.current_json() if self.agreement else None}


def profile(conn: sqlite3.Connection, contact_id: int, as_of: date | None = None) -> ContactProfile:
    """`contacts show`; the current agreement is the one in force as of `as_of` (none without a day)."""
    from mentornet.services.actions import action_items
    from mentornet.services.agreements import agreements_of
    from mentornet.services.history import timeline

    agreed = agreements_of(conn, contact_id, as_of) if as_of is not None else None
    return ContactProfile(contact_record(conn, contact_id), timeline(conn, contact_id),
                          action_items(conn, open_only=True, contact_id=contact_id),
                          agreed if agreed is not None and agreed.current is not None else None)


# --- adding and changing contacts ---

_TEXT_FIELDS = ("email", "phone", "title", "institution", "specialty", "city", "met_at", "notes", "profile_url")


@dataclass
class ContactFields:
    """The optional fields of add-contact and contacts edit; None means "not given".

    For text fields an empty string means "clear it" (on edit).
    """

    email: str | None = None
    phone: str | None = None
    title: str | None = None
    institution: str | None = None
    specialty: str | None = None
    city: str | None = None
    met_at: str | None = None
    notes: str | None = None
    profile_url: str | None = None
    seniority: str | None = None
    locality: str | None = None
    supervisor: bool | None = None
    met_on: date | None = None
    referred_by: str | None = None  # a CONTACT reference
    direction: str | None = None
    cadence_days: int | None = None


def _check_cadence(days: int | None) -> None:
    if days is not None and days < 1:
        raise BadInput("a cadence must be at least one day; use a duration like 30d, 2w or 3m")


def _check_unique(conn: sqlite3.Connection, name: str, email: str | None, except_id: int | None) -> None:
    clashes = duplicates_of(conn, name, email, except_id=except_id)
    if clashes:
        id_, other = clashes[0]
        what = "name" if match_key(other) == match_key(name) else "email"
        raise Duplicate(
            f"{other} (id {id_}) already has that {what}; use --allow-duplicate to add another anyway"
        )


def _changes(conn: sqlite3.Connection, given: ContactFields, contact_id: int | None) -> dict[str, object]:
    """The contact columns the given fields set."""
    values: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = getattr(given, name)
        if value is not None:
            values[name] = clean(value)
    for name in ("seniority", "locality", "direction"):
        value = getattr(given, name)
        if value is not None:
            values[name] = str(value)
    if given.supervisor is not None:
        values["supervisor"] = given.supervisor
    if given.met_on is not None:
        values["met_on"] = given.met_on
    if given.cadence_days is not None:
        _check_cadence(given.cadence_days)
        values["cadence_days"] = given.cadence_days
    if given.referred_by is not None:
        referrer = find_contact(conn, given.referred_by) if given.referred_by.strip() else None
        if referrer is not None and referrer == contact_id:
            raise BadInput("a contact can't be referred by themselves; name someone else with --referred-by")
        values["referred_by_id"] = referrer
    return values


def add_contact(
    conn: sqlite3.Connection,
    name: str,
    given: ContactFields,
    *,
    today: date,
    roles: Sequence[str] = (),
    tags: Sequence[str] = (),
    stage: Stage | None = None,
    paused: bool = False,
    allow_duplicate: bool = False,
    added_on: date | None = None,
) -> int:
    """Add a contact and return its id. `met_on` records that first meeting. The day they entered
    the network (what `stats` counts) is `added_on`, else the day you met, else `today`."""
    cleaned = clean(name)
    if not cleaned:
        raise BadInput("a contact needs a name, like `mentornet add-contact \"Dr. Ada Okafor\"`")
    keys = check_roles(role_keys(conn), list(roles))
    if not allow_duplicate:
        _check_unique(conn, cleaned, clean(given.email), None)
    first_stage = Stage(stage) if stage else (Stage.exploring if given.met_on else Stage.prospect)
    values = {"name": cleaned, "name_key": search_key(cleaned), "stage": first_stage, "paused": paused,
              "added_on": added_on or given.met_on or today, **_changes(conn, given, None)}
    contact_id = rows.insert(conn, "contact", values)
    _add_roles(conn, contact_id, keys)
    _add_tags(conn, contact_id, tags)
    rows.insert(conn, "stage_change", {"contact_id": contact_id, "from_stage": None, "to_stage": first_stage,
                                          "on_date": given.met_on or added_on or today, "note": "added"})
    if given.met_on:
        rows.insert(conn, "meeting", {"contact_id": contact_id, "on_date": given.met_on,
                                         "stage_at_meeting": first_stage, "agenda": clean(given.met_at)})
    return contact_id


def _add_roles(conn: sqlite3.Connection, contact_id: int, keys: list[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO contact_role (contact_id, role_key) VALUES (?, ?)",
                     [(contact_id, key) for key in keys])


def _add_tags(conn: sqlite3.Connection, contact_id: int, tags: Sequence[str]) -> None:
    cleaned = [tag for tag in (clean(text) for text in tags) if tag]
    conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag) VALUES (?, ?)",
                     [(contact_id, tag) for tag in dict.fromkeys(cleaned)])


def _contact(conn: sqlite3.Connection, contact_id: int) -> sqlite3.Row:
    return conn.execute("SELECT * FROM contact WHERE id = ?", (contact_id,)).fetchone()


def resolve(conn: sqlite3.Connection, ref: str) -> sqlite3.Row:
    """The contact row a CONTACT reference names (an id, or a name or part of one)."""
    return _contact(conn, find_contact(conn, ref))


def edit_contact(
    conn: sqlite3.Connection,
    ref: str,
    given: ContactFields,
    *,
    today: date,
    new_name: str | None = None,
    add_roles: Sequence[str] = (),
    remove_roles: Sequence[str] = (),
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    stage: Stage | None = None,
    paused: bool | None = None,
    allow_duplicate: bool = False,
) -> sqlite3.Row:
    """Given fields replace, roles and tags are added or removed; a new stage is recorded.

    Returns the contact as it is now."""
    contact = resolve(conn, ref)
    known = role_keys(conn)
    adding, removing = check_roles(known, list(add_roles)), check_roles(known, list(remove_roles))
    values: dict[str, object] = {}
    if new_name is not None:
        cleaned = clean(new_name)
        if not cleaned:
            raise BadInput("a contact's name can't be empty; give --name a name")
        values["name"], values["name_key"] = cleaned, search_key(cleaned)
    values.update(_changes(conn, given, contact["id"]))
    if not allow_duplicate and (new_name is not None or given.email):
        name, email = values.get("name", contact["name"]), values.get("email", contact["email"])
        _check_unique(conn, str(name), None if email is None else str(email), contact["id"])
    if paused is not None:
        values["paused"] = paused
    changed = {name: value for name, value in values.items() if rows.sql_value(value) != contact[name]}
    rows.update(conn, "contact", {"id": contact["id"]}, changed)  # unchanged columns wake no triggers
    _add_roles(conn, contact["id"], adding)
    _delete_links(conn, "contact_role", "role_key", contact["id"], removing)
    _add_tags(conn, contact["id"], list(add_tags))
    _delete_links(conn, "contact_tag", "tag", contact["id"], [text for text in map(clean, remove_tags) if text])
    if stage is not None:
        _move(conn, contact, Stage(stage), today, None)
    return _contact(conn, contact["id"])


def _delete_links(conn: sqlite3.Connection, table: str, column: str, contact_id: int, values: list[str]) -> None:
    conn.executemany(f"DELETE FROM {table} WHERE contact_id = ? AND {column} = ?", [(contact_id, v) for v in values])


def set_stage(conn: sqlite3.Connection, ref: str, stage: Stage, *, on: date,
              note: str | None = None) -> tuple[sqlite3.Row, str]:
    """Move a contact to `stage`, recording the change; returns the contact and its old stage."""
    contact = resolve(conn, ref)
    _move(conn, contact, Stage(stage), on, clean(note))
    return contact, contact["stage"]


def _move(conn: sqlite3.Connection, contact: sqlite3.Row, stage: Stage, on: date, note: str | None) -> None:
    if contact["stage"] == stage and note is None:
        return
    rows.insert(conn, "stage_change", {"contact_id": contact["id"], "from_stage": contact["stage"],
                                          "to_stage": stage, "on_date": on, "note": note})
    rows.update(conn, "contact", {"id": contact["id"]}, {"stage": stage})


def advance(conn: sqlite3.Connection, contact: sqlite3.Row, to: Stage, on: date, *, only_from: frozenset[str],
            note: str) -> None:
    """An automatic move (domain.md): only forward from the pipeline, never a relationship stage."""
    if contact["stage"] in only_from and contact["stage"] != to:
        _move(conn, contact, to, on, note)


def remove_contact(conn: sqlite3.Connection, ref: str) -> sqlite3.Row:
    """Remove a contact and, through ON DELETE CASCADE, everything recorded about them."""
    contact = resolve(conn, ref)
    conn.execute("DELETE FROM contact WHERE id = ?", (contact["id"],))
    return contact
