"""The fixed words of the domain (domain.md): stages, seniority, direction, families.

Plain string enums from the standard library so the CLI can offer them as choices
without importing the database layer.
"""

from collections.abc import Iterable
from enum import StrEnum


class Stage(StrEnum):
    prospect = "prospect"
    contacted = "contacted"
    responded = "responded"
    declined = "declined"
    no_response = "no-response"
    exploring = "exploring"
    initiation = "initiation"
    cultivation = "cultivation"
    separation = "separation"
    redefined = "redefined"
    ended = "ended"


PIPELINE = frozenset({Stage.prospect, Stage.contacted, Stage.responded})
COMMITTED = frozenset({Stage.initiation, Stage.cultivation, Stage.separation, Stage.redefined})
FORMING = PIPELINE | {Stage.exploring}
ACTIVE_STAGES = COMMITTED | {Stage.exploring}


class Seniority(StrEnum):
    senior = "senior"
    near_peer = "near-peer"
    peer = "peer"
    junior = "junior"


class Locality(StrEnum):
    local = "local"
    remote = "remote"


class Direction(StrEnum):
    mentors_me = "mentors-me"
    i_mentor = "i-mentor"
    mutual = "mutual"


class Family(StrEnum):
    career = "career"
    psychosocial = "psychosocial"


def is_active(stage: str, paused: bool) -> bool:
    """Active = exploring or committed, and not paused."""
    return stage in ACTIVE_STAGES and not paused


class Channel(StrEnum):
    email = "email"
    phone = "phone"
    in_person = "in-person"
    intro = "intro"
    message = "message"


class Outcome(StrEnum):
    pending = "pending"
    replied = "replied"
    declined = "declined"
    no_response = "no-response"


class Owner(StrEnum):
    me = "me"
    them = "them"


class Horizon(StrEnum):
    short = "short"  # 1-5 years
    long = "long"  # 5-10 years


def sql_list(values: Iterable[str]) -> str:
    """Words of this vocabulary as an SQL list, `('a', 'b')`, in a stable order: how a rule written
    in SQL names a set of stages (the words hold no quote, so they need no escaping)."""
    return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"
