"""Adding, editing, moving and removing contacts (domain.md, "Contact" and "Stages").

Every change of stage is recorded as a stage_change row, so a relationship's history survives.
Plain SQL on the write transaction's connection (store/rows.py says why).
"""

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentornet.errors import BadInput, Duplicate
from mentornet.services.roles import check_roles
from mentornet.store import reads, rows
from mentornet.text import clean, search_key
from mentornet.vocabulary import Stage

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
    clashes = reads.duplicates_of(conn, name, email, except_id=except_id)
    if clashes:
        id_, other = clashes[0]
        what = "name" if search_key(other) == search_key(name) else "email"
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
        referrer = reads.find_contact(conn, given.referred_by) if given.referred_by.strip() else None
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
) -> int:
    """Add a contact and return its id. `met_on` records that first meeting."""
    cleaned = clean(name)
    if not cleaned:
        raise BadInput("a contact needs a name, like `mentornet add-contact \"Dr. Ada Okafor\"`")
    role_keys = check_roles(reads.role_keys(conn), list(roles))
    if not allow_duplicate:
        _check_unique(conn, cleaned, clean(given.email), None)
    first_stage = Stage(stage) if stage else (Stage.exploring if given.met_on else Stage.prospect)
    values = {"name": cleaned, "name_key": search_key(cleaned), "stage": first_stage, "paused": paused,
              "added_on": today, **_changes(conn, given, None)}
    contact_id = rows.insert(conn, "contact", values)
    _add_roles(conn, contact_id, role_keys)
    _add_tags(conn, contact_id, tags)
    rows.insert(conn, "stage_change", {"contact_id": contact_id, "from_stage": None, "to_stage": first_stage,
                                          "on_date": given.met_on or today, "note": "added"})
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
    return _contact(conn, reads.find_contact(conn, ref))


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
    known = reads.role_keys(conn)
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
