"""How often to be in touch, and how late a contact is (domain.md: check-ins, going cold)."""

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
