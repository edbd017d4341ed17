"""How often to be in touch, and how late a contact is (domain.md: check-ins, going cold)."""

from collections.abc import Iterable, Mapping

# A contact's cadence: its own, else the shortest default cadence of its roles (none without
# either). The rule in SQL, for the due rules (correlated on the contact row `c`) ...
CADENCE_SQL = """coalesce(c.cadence_days, (SELECT min(r.cadence_days) FROM contact_role cr
  JOIN role r ON r.key = cr.role_key WHERE cr.contact_id = c.id))"""


def cadence_of(own: int | None, held: Iterable[str], role_cadences: Mapping[str, int | None]) -> int | None:
    """... and the same rule in Python, for reads that already hold each contact's roles: cheaper
    than the correlated subquery once per contact."""
    if own is not None:
        return own
    return min((days for days in map(role_cadences.__getitem__, held) if days is not None), default=None)


LATE_RATIO = 1.5
COLD_RATIO = 2.0


def severity(days_since: int, cadence_days: int | None) -> str | None:
    """`due`, `late` or `going cold` by days since contact over cadence; None when not due."""
    if not cadence_days:
        return None
    ratio = days_since / cadence_days
    if ratio >= COLD_RATIO:
        return "going cold"
    if ratio >= LATE_RATIO:
        return "late"
    if ratio >= 1:
        return "due"
    return None


def is_going_cold(days_since: int, cadence_days: int | None) -> bool:
    """At least twice the cadence since the last contact; never without a cadence."""
    return cadence_days is not None and cadence_days > 0 and days_since >= COLD_RATIO * cadence_days
