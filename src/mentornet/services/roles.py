"""Mentoring roles: the shipped ones and those the user names (domain.md, "Roles")."""

import re
import sqlite3
from dataclasses import asdict, dataclass

from mentornet.errors import BadInput, Duplicate, Refused
from mentornet.store import rows
from mentornet.text import clean
from mentornet.vocabulary import Family

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Role:
    """A role as `roles list` shows it, with how many contacts fill it."""

    key: str
    label: str
    description: str | None
    family: str
    cadence_days: int | None
    target: int
    contacts: int

    def as_json(self) -> dict:
        return asdict(self)


def roles(conn: sqlite3.Connection) -> list[Role]:
    """Every role, in display order."""
    rows_ = conn.execute(
        """SELECT r.key, r.label, r.description, r.family, r.cadence_days, r.target,
                  (SELECT count(*) FROM contact_role cr WHERE cr.role_key = r.key) AS contacts
           FROM role r ORDER BY r.position, r.key"""
    ).fetchall()
    return [Role(*row) for row in rows_]


def role_keys(conn: sqlite3.Connection) -> list[str]:
    """Every role's key, in display order."""
    return [row[0] for row in conn.execute("SELECT key FROM role ORDER BY position, key")]


def roles_held(conn: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    """Each contact's roles in display order, from one grouped scan: cheaper than a correlated
    subquery per contact, and the order is set here (group_concat promises none)."""
    order = {key: position for position, key in enumerate(role_keys(conn))}
    return {contact: tuple(sorted(keys.split(","), key=order.__getitem__)) if "," in keys else (keys,)
            for contact, keys in conn.execute("SELECT contact_id, group_concat(role_key) FROM contact_role GROUP BY contact_id")}


def normalise_key(text: str) -> str:
    """`Role Model` -> `role-model`: keys are what people type, so keep them simple."""
    return "-".join((clean(text) or "").lower().split())


def check_roles(known: list[str], wanted: list[str]) -> list[str]:
    """The wanted role keys, normalised, each one known; unknown ones are bad usage (exit 2)."""
    keys = []
    for text in wanted:
        key = normalise_key(text)
        if key not in known:
            raise BadInput(
                f"unknown role {text!r}; known roles: {', '.join(known)} (add one with `mentornet roles add {key or 'KEY'}`)"
            )
        if key not in keys:
            keys.append(key)
    return keys


def add_role(
    conn: sqlite3.Connection,
    key: str,
    *,
    label: str | None = None,
    description: str | None = None,
    family: Family = Family.career,
    cadence_days: int | None = None,
    target: int = 0,
) -> str:
    """Add a role after the others; returns its key."""
    normalised = normalise_key(key)
    if not _KEY.match(normalised):
        raise BadInput(f"bad role key {key!r}; use letters, digits and dashes, like `leadership` or `role-model`")
    if normalised in role_keys(conn):
        raise Duplicate(f"role {normalised!r} already exists; change its target with `mentornet roles target {normalised} N`")
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM role").fetchone()[0]
    rows.insert(conn, "role", {
        "key": normalised,
        "label": clean(label) or normalised.replace("-", " ").capitalize(),
        "description": clean(description),
        "family": Family(family),
        "cadence_days": cadence_days,
        "target": target,
        "position": position,
    })
    return normalised


def set_target(conn: sqlite3.Connection, key: str, target: int) -> str:
    """Set how many mentors a role wants; returns its key."""
    [normalised] = check_roles(role_keys(conn), [key])
    rows.update(conn, "role", {"key": normalised}, {"target": target})
    return normalised


def edit_role(
    conn: sqlite3.Connection,
    key: str,
    *,
    label: str | None = None,
    description: str | None = None,
    cadence_days: int | None = None,
    clear_cadence: bool = False,
    target: int | None = None,
) -> str:
    """Change a role: given values replace (an empty description clears it); returns its key."""
    [normalised] = check_roles(role_keys(conn), [key])
    values: dict[str, object] = {}
    if label is not None:
        cleaned = clean(label)
        if not cleaned:
            raise BadInput("a role's label can't be empty; give --label some text")
        values["label"] = cleaned
    if description is not None:
        values["description"] = clean(description)
    if cadence_days is not None or clear_cadence:
        values["cadence_days"] = cadence_days
    if target is not None:
        values["target"] = target
    if values:
        rows.update(conn, "role", {"key": normalised}, values)
    return normalised


def remove_role(conn: sqlite3.Connection, key: str, *, force: bool = False) -> tuple[str, int]:
    """Remove a role; returns its key and how many contacts held it. Refused while contacts hold
    it, unless `force`, which unlinks them (their other roles, and the contacts, stay)."""
    [normalised] = check_roles(role_keys(conn), [key])
    holders = conn.execute("SELECT count(*) FROM contact_role WHERE role_key = ?", (normalised,)).fetchone()[0]
    if holders and not force:
        raise Refused(f"{holders} contact{'s' if holders != 1 else ''} hold{'s' if holders == 1 else ''} the role "
                      f"{normalised}; move them with `mentornet contacts edit CONTACT --remove-role {normalised}`, "
                      "or add --force to unlink them")
    conn.execute("DELETE FROM role WHERE key = ?", (normalised,))  # contact_role, goal_role: ON DELETE CASCADE
    return normalised, holders
