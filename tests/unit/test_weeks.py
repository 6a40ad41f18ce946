"""ISO week arithmetic: the edges where %Y-W%W and naive year maths go wrong."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from weekplan.weeks import (
    IsoWeek,
    format_time,
    parse_time,
    view_start,
    view_week,
    week_label,
    weeks_between,
    weeks_in_year,
)


@pytest.mark.parametrize(("year", "weeks"), [(2020, 53), (2021, 52), (2025, 52), (2026, 53), (2027, 52), (2032, 53)])
def test_weeks_in_year(year: int, weeks: int) -> None:
    assert weeks_in_year(year) == weeks


@pytest.mark.parametrize("text", ["2020-W53", "2026-W53"])
def test_week_53_exists_in_long_years(text: str) -> None:
    week = IsoWeek.parse(text)
    assert week.week == 53
    assert str(week) == text
    assert IsoWeek.of(week.monday) == week


def test_week_53_of_a_short_year_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="2021 has weeks 1 to 52, not week 53"):
        IsoWeek.parse("2021-W53")


@pytest.mark.parametrize("text", ["2026-W00", "2026-W54", "2026-48", "W48", "2026-W", "", "9999-W01", "0000-W01"])
def test_not_a_week(text: str) -> None:
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


@pytest.mark.parametrize("text", ["2026-W48", "2026W48", "2026-w48", " 2026-W48 "])
def test_week_spellings(text: str) -> None:
    assert IsoWeek.parse(text) == IsoWeek(2026, 48)


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2025, 12, 29), IsoWeek(2026, 1)),  # a Monday in December, already next year's week 1
        (date(2025, 12, 31), IsoWeek(2026, 1)),
        (date(2026, 1, 1), IsoWeek(2026, 1)),
        (date(2027, 1, 1), IsoWeek(2026, 53)),  # a Friday in January, still last year's week 53
        (date(2027, 1, 3), IsoWeek(2026, 53)),
        (date(2027, 1, 4), IsoWeek(2027, 1)),
        (date(2021, 1, 3), IsoWeek(2020, 53)),
        (date(2024, 12, 30), IsoWeek(2025, 1)),
        (date(2026, 11, 23), IsoWeek(2026, 48)),
    ],
)
def test_week_of_a_day(day: date, week: IsoWeek) -> None:
    assert IsoWeek.of(day) == week
    assert week.contains(day)
    assert day in week.days()
    # neither the weeks beside it nor the same week number in the years beside it
    assert not week.shift(1).contains(day) and not week.shift(-1).contains(day)
    assert not IsoWeek(week.year + 1, min(week.week, 52)).contains(day)
    assert not IsoWeek(week.year - 1, min(week.week, 52)).contains(day)


def test_days_run_monday_to_sunday() -> None:
    week = IsoWeek(2026, 53)
    days = week.days()
    assert days[0] == week.monday == date(2026, 12, 28)
    assert days[-1] == week.sunday == date(2027, 1, 3)
    assert [d.weekday() for d in days] == list(range(7))


@pytest.mark.parametrize(
    ("week", "weeks", "expected"),
    [
        (IsoWeek(2026, 52), 1, IsoWeek(2026, 53)),
        (IsoWeek(2026, 53), 1, IsoWeek(2027, 1)),
        (IsoWeek(2027, 1), -1, IsoWeek(2026, 53)),
        (IsoWeek(2021, 52), 1, IsoWeek(2022, 1)),
        (IsoWeek(2021, 1), -1, IsoWeek(2020, 53)),
        (IsoWeek(2026, 48), 0, IsoWeek(2026, 48)),
    ],
)
def test_shift_crosses_years(week: IsoWeek, weeks: int, expected: IsoWeek) -> None:
    assert week.shift(weeks) == expected


def test_weeks_are_ordered_across_years() -> None:
    assert IsoWeek(2026, 53) < IsoWeek(2027, 1) < IsoWeek(2027, 2)


def test_weeks_between_a_year_boundary() -> None:
    assert weeks_between(date(2026, 12, 31), date(2027, 1, 5)) == [IsoWeek(2026, 53), IsoWeek(2027, 1)]
    assert weeks_between(date(2026, 11, 23), date(2026, 11, 29)) == [IsoWeek(2026, 48)]


@pytest.mark.parametrize("first_weekday", range(7))
def test_view_start_is_on_the_first_weekday_and_holds_the_day(first_weekday: int) -> None:
    day = date(2026, 11, 25)
    start = view_start(day, first_weekday)
    assert start.weekday() == first_weekday
    assert start <= day < start + timedelta(days=7)


def test_a_sunday_first_view_is_named_after_the_week_of_its_monday() -> None:
    start = view_start(date(2026, 12, 30), 6)  # Sunday 27 Dec 2026
    assert start == date(2026, 12, 27)
    assert view_week(start) == IsoWeek(2026, 53)


@pytest.mark.parametrize(
    ("first_day", "label"),
    [
        (date(2026, 11, 23), "Week 48 · 23–29 Nov 2026"),
        (date(2026, 11, 30), "Week 49 · 30 Nov – 6 Dec 2026"),
        (date(2026, 12, 28), "Week 53 · 28 Dec 2026 – 3 Jan 2027"),
    ],
)
def test_week_label(first_day: date, label: str) -> None:
    assert week_label(first_day) == label


@pytest.mark.parametrize(("text", "minutes"), [("00:00", 0), ("7:30", 450), ("19:05", 1145), ("23:59", 1439)])
def test_parse_time(text: str, minutes: int) -> None:
    assert parse_time(text) == minutes


def test_midnight_as_an_end_only_where_allowed() -> None:
    assert parse_time("24:00", allow_24=True) == 24 * 60
    with pytest.raises(ValueError):
        parse_time("24:00")
    with pytest.raises(ValueError):
        parse_time("24:30", allow_24=True)


@pytest.mark.parametrize("text", ["19:60", "25:00", "1900", "19.00", "7pm", "", "-1:00"])
def test_not_a_time(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


@pytest.mark.parametrize("minutes", [0, 59, 60, 450, 1439, 1440])
def test_format_time_round_trips(minutes: int) -> None:
    assert parse_time(format_time(minutes), allow_24=True) == minutes
