"""Mentoring roles: the shipped ones and those the user names (domain.md, "Roles")."""

import re
from typing import TYPE_CHECKING

from mentornet.errors import BadInput, Duplicate
from mentornet.store import reads
from mentornet.text import clean
from mentornet.vocabulary import Family

if TYPE_CHECKING:  # role checks serve the lean read path too, so SQLModel loads only to write
    from sqlmodel import Session

    from mentornet.store.schema import Role

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
    session: "Session",
    key: str,
    *,
    label: str | None = None,
    description: str | None = None,
    family: Family = Family.career,
    cadence_days: int | None = None,
    target: int = 0,
) -> "Role":
    from mentornet.store.schema import Role
    from mentornet.store.writes import raw_connection

    normalised = normalise_key(key)
    if not _KEY.match(normalised):
        raise BadInput(f"bad role key {key!r}; use letters, digits and dashes, like `leadership` or `role-model`")
    if session.get(Role, normalised) is not None:
        raise Duplicate(f"role {normalised!r} already exists; change its target with `mentornet roles target {normalised} N`")
    position = raw_connection(session).execute("SELECT coalesce(max(position), -1) + 1 FROM role").fetchone()[0]
    role = Role(
        key=normalised,
        label=clean(label) or normalised.replace("-", " ").capitalize(),
        description=clean(description),
        family=str(family),
        cadence_days=cadence_days,
        target=target,
        position=position,
    )
    session.add(role)
    return role


def set_target(session: "Session", key: str, target: int) -> "Role":
    from mentornet.store.schema import Role
    from mentornet.store.writes import raw_connection

    [normalised] = check_roles(reads.role_keys(raw_connection(session)), [key])
    role = session.get(Role, normalised)
    role.target = target
    session.add(role)
    return role
