"""ISO weeks and clock times: the calendar arithmetic everything else leans on."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from weekplan.record import Record

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MINUTES_PER_DAY = 24 * 60

_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


# The years weekplan plans in: a planner has no use for more, and keeping dates well
# away from date.min and date.max means a week or a year of arithmetic never overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2999
YEARS_HELP = f"a year from {FIRST_YEAR} to {LAST_YEAR}"


def plannable(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always lies in the year's last ISO week."""
    return date(year, 12, 28).isocalendar().week


class IsoWeek(Record, order=True):
    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9998:
            raise ValueError(f"year {self.year} is out of range")
        last = weeks_in_year(self.year)
        if not 1 <= self.week <= last:
            raise ValueError(f"{self.year} has weeks 1 to {last}, not week {self.week}")

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read "2026-W48" (also "2026W48", any case)."""
        match = _WEEK_RE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a week like 2026-W48")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def days(self) -> list[date]:
        start = self.monday
        return [start + timedelta(days=i) for i in range(7)]

    def contains(self, day: date) -> bool:
        # Compared as numbers: every activity read is checked, and a week made for each costs more.
        year, week, _ = day.isocalendar()
        return year == self.year and week == self.week

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"


def weeks_between(first: date, last: date) -> list[IsoWeek]:
    """Every ISO week touched by the days first..last, in order."""
    weeks: list[IsoWeek] = []
    week = IsoWeek.of(first)
    end = IsoWeek.of(last)
    while week <= end:
        weeks.append(week)
        week = week.shift(1)
    return weeks


def view_start(day: date, first_weekday: int) -> date:
    """The first day of the 7-day view containing `day` (first_weekday: 0 = Monday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def coming_weekday(day: date, weekday: int) -> date:
    """The next day that is `weekday` (0 = Monday), `day` itself included: what "fri"
    names, and where a routine on that weekday begins."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def view_week(first_day: date) -> IsoWeek:
    """The ISO week a 7-day view is named after: the one its Monday belongs to."""
    return IsoWeek.of(first_day + timedelta(days=(7 - first_day.weekday()) % 7))


def parse_time(text: str, *, allow_24: bool = False) -> int:
    """ "HH:MM" to minutes since midnight; "24:00" only where an end time may be."""
    match = _TIME_RE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time like 19:30")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise ValueError(f"{text!r} is not a time of day")
    return hours * 60 + minutes


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_month(day: date) -> str:
    return f"{day:%-d %b}"


def days_span(first: date, last: date, day_month: Callable[[date], str] = _day_month) -> str:
    """ "23–29 Nov 2026", "30 Nov – 6 Dec 2026": the days from `first` to `last`, naming
    months and years only where they change; `day_month` names a day of a month ("23 Nov")."""
    if first.year != last.year:
        return f"{day_month(first)} {first.year} – {day_month(last)} {last.year}"
    if first.month != last.month:
        return f"{day_month(first)} – {day_month(last)} {last.year}"
    return f"{first.day}–{day_month(last)} {last.year}"


def week_label(first_day: date, span: Callable[[date, date], str] = days_span) -> str:
    """ "Week 48 · 23–29 Nov 2026"; `span` writes the week's days (see days_span) in the
    person's language."""
    span_text = span(first_day, first_day + timedelta(days=6))
    week = view_week(first_day)
    return f"Week {week.week} · {span_text}"
