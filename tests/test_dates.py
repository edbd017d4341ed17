"""Dates and durations as people type them (cli.md, "DATE" and "DURATION")."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentornet.dates import Duration, parse_date, parse_duration
from mentornet.errors import BadInput

TODAY = date(2026, 11, 22)  # a Sunday


def test_today_is_a_sunday():
    # the weekday cases below rely on it
    assert TODAY.weekday() == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-21", date(2026, 11, 21)),
        ("2024-02-29", date(2024, 2, 29)),
        ("  2026-01-05 ", date(2026, 1, 5)),
        ("today", TODAY),
        ("TODAY", TODAY),
        ("yesterday", date(2026, 11, 21)),
        ("tomorrow", date(2026, 11, 23)),
        ("3 days ago", date(2026, 11, 19)),
        ("1 day ago", date(2026, 11, 21)),
        ("2 weeks ago", date(2026, 11, 8)),
        ("1 month ago", date(2026, 10, 22)),
        ("1 year ago", date(2025, 11, 22)),
        ("-3d", date(2026, 11, 19)),
        ("- 3d", date(2026, 11, 19)),
        ("+3d", date(2026, 11, 25)),
        ("in 2 weeks", date(2026, 12, 6)),
        ("in  2   weeks", date(2026, 12, 6)),
        ("in 3d", date(2026, 11, 25)),
        ("+2w", date(2026, 12, 6)),
        ("-2w", date(2026, 11, 8)),
        ("+1m", date(2026, 12, 22)),
        ("+1y", date(2027, 11, 22)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text, TODAY) == expected
    # explicit directions don't depend on `ahead`
    assert parse_date(text, TODAY, ahead=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last friday", date(2026, 11, 20)),
        ("last saturday", date(2026, 11, 21)),
        ("last sunday", date(2026, 11, 15)),  # today is Sunday: last one is a week ago
        ("last monday", date(2026, 11, 16)),
        ("next monday", date(2026, 11, 23)),
        ("next friday", date(2026, 11, 27)),
        ("next sunday", date(2026, 11, 29)),  # today is Sunday: next one is in a week
        ("Last Fri", date(2026, 11, 20)),
    ],
)
def test_parse_last_and_next_weekday(text, expected):
    assert parse_date(text, TODAY) == expected
    assert parse_date(text, TODAY, ahead=True) == expected


def test_bare_weekday_points_the_way_of_the_option():
    assert parse_date("friday", TODAY) == date(2026, 11, 20)
    assert parse_date("friday", TODAY, ahead=True) == date(2026, 11, 27)
    assert parse_date("sunday", TODAY) == TODAY
    assert parse_date("sunday", TODAY, ahead=True) == TODAY


@pytest.mark.parametrize(
    ("text", "back", "ahead"),
    [
        ("3d", date(2026, 11, 19), date(2026, 11, 25)),
        ("2w", date(2026, 11, 8), date(2026, 12, 6)),
        ("1m", date(2026, 10, 22), date(2026, 12, 22)),
        ("1y", date(2025, 11, 22), date(2027, 11, 22)),
        ("10 days", date(2026, 11, 12), date(2026, 12, 2)),
    ],
)
def test_bare_duration_points_back_unless_ahead(text, back, ahead):
    assert parse_date(text, TODAY) == back
    assert parse_date(text, TODAY, ahead=True) == ahead


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "1 month ago", date(2026, 2, 28)),
        (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
        (date(2026, 5, 31), "in 1 month", date(2026, 6, 30)),
        (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
        (date(2026, 12, 31), "+2m", date(2027, 2, 28)),
    ],
)
def test_months_clip_to_the_end_of_the_month(today, text, expected):
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "never",
        "2026/11/21",
        "21-11-2026",
        "3 parsecs ago",
        "in 3",
        "3x",
        "+3",
        "last",
        "next",
        "last blursday",
        "next t",  # "t" is both tuesday and thursday (and too short)
        "tu",
        "in 2 weeks ago",
        "999999999d",
        "+100001d",
        "1000000 days ago",
    ],
)
def test_bad_dates_raise_bad_input(text):
    with pytest.raises(BadInput) as caught:
        parse_date(text, TODAY)
    assert caught.value.exit_code == 2
    assert repr(text) in str(caught.value)


def test_a_date_out_of_range_is_bad_input():
    with pytest.raises(BadInput):
        parse_date("+100000y", TODAY)
    with pytest.raises(BadInput):
        parse_date("-1d", date(1, 1, 1))
    with pytest.raises(BadInput):
        parse_date("+1d", date.max)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10d", Duration(days=10)),
        ("10", Duration(days=10)),
        (" 45 ", Duration(days=45)),
        ("2w", Duration(days=14)),
        ("2 weeks", Duration(days=14)),
        ("1 day", Duration(days=1)),
        ("3m", Duration(months=3)),
        ("3 months", Duration(months=3)),
        ("1y", Duration(months=12)),
        ("2 YEARS", Duration(months=24)),
        ("0", Duration(days=0)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text", ["", "d", "abc", "3x", "-3d", "+3d", "1.5d", "3 days ago", "in 3d", "2w3d", "100001", "100001d"]
)
def test_bad_durations_raise_bad_input(text):
    with pytest.raises(BadInput) as caught:
        parse_duration(text)
    assert caught.value.exit_code == 2


def test_duration_in_days_counts_calendar_months():
    assert parse_duration("3m").in_days(date(2026, 11, 30)) == 90  # to 28 February
    assert parse_duration("1m").in_days(date(2026, 1, 15)) == 31
    assert parse_duration("1y").in_days(date(2027, 3, 1)) == 366  # across 29 February 2028
    assert parse_duration("2w").in_days(TODAY) == 14


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=30))
def test_any_text_parses_to_a_date_or_raises_bad_input(text):
    for ahead in (False, True):
        try:
            result = parse_date(text, TODAY, ahead=ahead)
        except BadInput:
            continue
        assert isinstance(result, date)


_DATE_WORDS = st.sampled_from(
    ["", " ", "+", "-", "in", "ago", "last", "next", "this", "today", "d", "w", "m", "y", "days", "weeks",
     "months", "years", "mon", "friday", "sun", "2026", "-11-", "0", "3", "99999", "100000", "１２", "٣"]
)


@settings(max_examples=50, deadline=None)
@given(st.lists(_DATE_WORDS, max_size=4).map(" ".join), st.dates())
def test_date_like_text_parses_or_raises_bad_input(text, today):
    try:
        result = parse_date(text, today)
    except BadInput:
        return
    assert isinstance(result, date)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=20))
def test_any_text_parses_to_a_duration_or_raises_bad_input(text):
    try:
        result = parse_duration(text)
    except BadInput:
        return
    assert isinstance(result, Duration)
    assert result.days >= 0 and result.months >= 0


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=100_000), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_signed_days_round_trip(n, today):
    later = parse_date(f"+{n}d", today)
    earlier = parse_date(f"-{n}d", today)
    assert later == today + timedelta(days=n)
    assert earlier == today - timedelta(days=n)
    assert parse_date(f"-{n}d", later) == today
    assert parse_date(f"+{n}d", earlier) == today
    assert parse_date(f"in {n} days", today) == later
    assert parse_date(f"{n} days ago", today) == earlier
    assert parse_date(f"{n}d", today, ahead=True) == later
    assert parse_date(f"{n}d", today) == earlier


@pytest.mark.parametrize("text, message", [
    ("2026-09-31", "2026-09-31 doesn't exist: September 2026 has 30 days"),
    ("2027-02-29", "2027-02-29 doesn't exist: February 2027 has 28 days"),
    ("2026-13-01", "2026-13-01 doesn't exist: there is no month 13"),
])
def test_a_day_that_does_not_exist_is_named(text, message):
    with pytest.raises(BadInput) as raised:
        parse_date(text, TODAY)
    assert str(raised.value) == message
