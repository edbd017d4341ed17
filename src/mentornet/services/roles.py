"""Mentoring roles: the shipped ones and those the user names (domain.md, "Roles")."""

import re
import sqlite3

from mentornet.errors import BadInput, Duplicate
from mentornet.store import reads, rows
from mentornet.text import clean
from mentornet.vocabulary import Family

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


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
    if normalised in reads.role_keys(conn):
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
    [normalised] = check_roles(reads.role_keys(conn), [key])
    rows.update(conn, "role", {"key": normalised}, {"target": target})
    return normalised
