"""Dates and durations as people type them (cli.md): ISO, today, last friday, 3 days ago, +2w.

Calendar dates are `datetime.date`; "today" is always passed in, never read here, so that
tests can pin it. Month and year steps are calendar steps (dateutil's relativedelta clips
31 January + 1 month to 28/29 February).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from mentornet.errors import BadInput

DATE_HELP = "use YYYY-MM-DD, today, yesterday, tomorrow, 'last friday', '3 days ago', '-3d' or 'in 2 weeks'"
DURATION_HELP = "use a number of days or 10d, 2w, 3m (months), 1y (years)"

_MAX_AMOUNT = 100_000  # far beyond any real date arithmetic; keeps results inside date's range

_UNITS = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "mon": "m", "month": "m", "months": "m",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_AMOUNT = r"(?P<n>\d{1,6})\s*(?P<unit>[a-z]+)"
_AGO = re.compile(rf"^{_AMOUNT}\s+ago$")
_IN = re.compile(rf"^in\s+{_AMOUNT}$")
_SIGNED = re.compile(rf"^(?P<sign>[+-])\s*{_AMOUNT}$")
_BARE = re.compile(rf"^{_AMOUNT}$")
_WEEKDAY = re.compile(r"^(?:(?P<which>last|next|this)\s+)?(?P<day>[a-z]+)$")


@dataclass(frozen=True)
class Duration:
    """A span of days and calendar months (weeks are days, years are twelve months)."""

    days: int = 0
    months: int = 0

    def after(self, day: date) -> date:
        return _shift(day, self, +1)

    def before(self, day: date) -> date:
        return _shift(day, self, -1)

    def in_days(self, anchor: date) -> int:
        """Length in days when counted forward from `anchor` (3m from 30 Nov is 90 days)."""
        return (self.after(anchor) - anchor).days


def _shift(day: date, span: Duration, sign: int) -> date:
    from dateutil.relativedelta import relativedelta

    try:
        return day + sign * relativedelta(months=span.months, days=span.days)
    except (OverflowError, ValueError) as exc:
        raise BadInput(f"date out of range: {day.isoformat()} {'+' if sign > 0 else '-'} {span}") from exc


def _duration(amount: str, unit: str) -> Duration | None:
    n = int(amount)
    if n > _MAX_AMOUNT:
        return None
    kind = _UNITS.get(unit)
    if kind == "d":
        return Duration(days=n)
    if kind == "w":
        return Duration(days=7 * n)
    if kind == "m":
        return Duration(months=n)
    if kind == "y":
        return Duration(months=12 * n)
    return None


def parse_duration(text: str) -> Duration:
    """`10d`, `2w`, `3m`, `1y`, `2 weeks` or a bare number of days."""
    cleaned = " ".join(str(text).strip().lower().split())
    if re.fullmatch(r"\d{1,6}", cleaned) and int(cleaned) <= _MAX_AMOUNT:
        return Duration(days=int(cleaned))
    match = _BARE.match(cleaned)
    span = _duration(match["n"], match["unit"]) if match else None
    if span is None:
        raise BadInput(f"bad duration {text!r}: {DURATION_HELP}")
    return span


def parse_date(text: str, today: date, *, ahead: bool = False) -> date:
    """Parse a date relative to `today`.

    `ahead` says which way a bare duration (`3d`) or bare weekday points: back for options
    that say when something happened (`--on`), forward for options that plan (`--next`).
    """
    cleaned = " ".join(str(text).strip().lower().split())
    try:
        parsed = _parse(cleaned, today, ahead)
    except BadInput:
        raise
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise BadInput(f"bad date {text!r}: {DATE_HELP}")
    return parsed


def _parse(text: str, today: date, ahead: bool) -> date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            _no_such_day(text)
            raise
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if text in named:
        return today + timedelta(days=named[text])
    for pattern, sign in ((_AGO, -1), (_IN, +1), (_BARE, +1 if ahead else -1)):
        match = pattern.match(text)
        if match:
            return _step(today, match, sign)
    match = _SIGNED.match(text)
    if match:
        return _step(today, match, +1 if match["sign"] == "+" else -1)
    match = _WEEKDAY.match(text)
    if match:
        return _weekday(today, match["day"], match["which"], ahead)
    return None


def _no_such_day(text: str) -> None:
    """A well-formed ISO date of a day that doesn't exist (2026-09-31, 2027-02-29): say so."""
    import calendar

    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        raise BadInput(f"{text} doesn't exist: there is no month {month}")
    if year >= 1 and day >= 1:
        last = calendar.monthrange(year, month)[1]
        raise BadInput(f"{text} doesn't exist: {calendar.month_name[month]} {year} has {last} days")


def _step(today: date, match: re.Match, sign: int) -> date | None:
    span = _duration(match["n"], match["unit"])
    if span is None:
        return None
    return span.after(today) if sign > 0 else span.before(today)


def _weekday(today: date, name: str, which: str | None, ahead: bool) -> date | None:
    matches = [i for i, day in enumerate(_WEEKDAYS) if len(name) >= 3 and day.startswith(name)]
    if len(matches) != 1:
        return None
    target = matches[0]
    forward = (target - today.weekday()) % 7
    backward = (today.weekday() - target) % 7
    if which == "next":
        return today + timedelta(days=forward or 7)
    if which == "last":
        return today - timedelta(days=backward or 7)
    # a bare weekday or "this friday": today if it is that day, else the nearest in the option's direction
    if which == "this" or ahead:
        return today + timedelta(days=forward)
    return today - timedelta(days=backward)
