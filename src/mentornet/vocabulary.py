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
# Forming: approached and not yet committed; a prospect is only a name on your list
FORMING = frozenset({Stage.contacted, Stage.responded, Stage.exploring})
# Before any commitment (the thank-you rule): the pipeline, prospects included, and exploring
UNCOMMITTED = PIPELINE | {Stage.exploring}
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


class Working(StrEnum):
    """A review's answer to "is this working?"."""

    yes = "yes"
    partly = "partly"
    no = "no"


class ReviewOutcome(StrEnum):
    continue_ = "continue"
    adjust = "adjust"  # a new agreement
    redefine = "redefine"  # an advisory relationship: stage redefined, a longer cadence
    close = "close"  # separation, then ended, with a thank-you


class Flag(StrEnum):
    """The failure factors of Straus et al. (2013), as a review names them."""

    poor_communication = "poor-communication"
    lack_of_commitment = "lack-of-commitment"
    personality = "personality"
    competition = "competition"
    conflict_of_interest = "conflict-of-interest"
    inexperience = "inexperience"


class SponsorKind(StrEnum):
    nomination = "nomination"
    letter = "letter"
    introduction = "introduction"
    speaking = "speaking"
    award = "award"
    other = "other"


class SponsorOutcome(StrEnum):
    won = "won"
    lost = "lost"
    done = "done"


def sql_list(values: Iterable[str]) -> str:
    """Words of this vocabulary as an SQL list, `('a', 'b')`, in a stable order: how a rule written
    in SQL names a set of stages (the words hold no quote, so they need no escaping)."""
    return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"


# The columns that hold a word of this vocabulary, and the numbers the commands accept: what every
# writer keeps to (the commands through their options, a JSON import through `problem`).
CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("contact", "stage"): Stage, ("contact", "direction"): Direction, ("contact", "seniority"): Seniority,
    ("contact", "locality"): Locality, ("stage_change", "from_stage"): Stage, ("stage_change", "to_stage"): Stage,
    ("meeting", "stage_at_meeting"): Stage, ("outreach", "channel"): Channel, ("outreach", "outcome"): Outcome,
    ("action_item", "owner"): Owner, ("goal", "horizon"): Horizon, ("role", "family"): Family,
    ("review", "working"): Working, ("review", "outcome"): ReviewOutcome, ("review_flag", "code"): Flag,
    ("sponsorship", "kind"): SponsorKind, ("sponsorship", "outcome"): SponsorOutcome,
}
RATING = (1, 5)
RANGES: dict[tuple[str, str], tuple[int, int | None]] = {
    ("meeting", "rating"): RATING, ("contact", "cadence_days"): (1, None), ("role", "cadence_days"): (1, None),
    ("role", "target"): (0, None), ("outreach", "attempt"): (1, None),
    ("agreement", "every_days"): (1, None), ("agreement", "review_every_days"): (1, None),
}


def problem(table: str, column: str, value: object) -> str | None:
    """Why `value` can't stand in `table.column` (a word not in its list, a number out of range)."""
    if value is None:
        return None
    choices = CHOICES.get((table, column))
    if choices is not None and value not in {word.value for word in choices}:
        return f"{column} {value!r} is not one of {', '.join(word.value for word in choices)}"
    low, high = RANGES.get((table, column), (None, None))
    if isinstance(value, int) and ((low is not None and value < low) or (high is not None and value > high)):
        return f"{column} {value} is out of range ({low} to {high})" if high is not None else \
            f"{column} {value} must be at least {low}"
    return None
