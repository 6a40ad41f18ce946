"""How the planner shows times and names: a 12- or 24-hour clock, and weekday and month
names in the person's language (config.toml's `clock` and `language`; by default the
locale's, from LC_ALL, LC_TIME or LANG).

Only what is shown changes: files keep "19:30" and ISO dates, and what a person types
is read as before.  Names in other languages come from babel's copy of the Unicode
CLDR data: Python's own locale module can only name what the operating system has
installed (often nothing but C), and it switches the whole process's locale.  babel is
imported only when a language other than English is asked for, so an English planner
and the command line never load it.

No Textual here: the command line may use it too.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from functools import lru_cache

from weekplan.language_names import is_english, locale_of, shown_in_english
from weekplan.model import language_pattern
from weekplan.weeks import MINUTES_PER_DAY, days_span, week_label

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

CLOCKS = ("12h", "24h")

# Weekdays, wide weekdays, months, wide months, and whether the clock has 12 hours.
Names = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]

_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAYS_WIDE_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_WIDE_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Where no locale says otherwise, these English-speaking places read a 12-hour clock.
_TWELVE_HOUR_EN = frozenset({"US", "CA", "AU", "NZ", "PH", "IN"})


def locale_language(environ: Any = None) -> str:
    """The language of the person's locale, like "de_DE" ("" for C, POSIX or none)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = env.get(name, "")
        if value:
            tag = value.split(".")[0].split("@")[0]
            if tag in ("C", "POSIX") or not language_pattern().match(tag):
                return ""
            return tag
    return ""


def wanted_language(language: str, environ: Any = None) -> str:
    """The language names are asked in: config.toml's `language`, else the locale's
    ("" for none, which is English)."""
    return language or locale_language(environ)


@lru_cache(maxsize=8)
def _babel_names(language: str) -> Names | None:
    """(weekdays, wide weekdays, months, wide months, 12-hour?) of a language, from CLDR;
    None when babel does not know the language."""
    loc = locale_of(language)
    if loc is None:
        return None
    days = loc.days["stand-alone"]
    months = loc.months["stand-alone"]
    pattern = loc.time_formats["short"].pattern
    return (
        tuple(days["abbreviated"][i] for i in range(7)),
        tuple(days["wide"][i] for i in range(7)),
        tuple(months["abbreviated"][i] for i in range(1, 13)),
        tuple(months["wide"][i] for i in range(1, 13)),
        "h" in pattern or "K" in pattern,
    )


@lru_cache(maxsize=256)
def _in_pattern(language: str, skeleton: str, day: date) -> str:
    """A date as a language babel knows writes it ("30. Nov.", "11月30日", "2026年12月"):
    CLDR's pattern for the skeleton (MMMd: a day of a month; yMMMM: a month and its
    year ...), which puts each part, and any word between, in its place."""
    from babel.dates import format_skeleton

    return format_skeleton(skeleton, day, locale=locale_of(language))


# A span of days in the forms a place too narrow for one takes the next of: months named
# with the year, months in numbers with the year, then both without the year.
_SPAN_SKELETONS = ("yMMMd", "yMd", "MMMd", "Md")


@lru_cache(maxsize=64)
def _spans_in_patterns(language: str, first: date, last: date) -> tuple[str, ...]:
    """The days from `first` to `last` as a language babel knows writes them, in each
    form of _SPAN_SKELETONS ("30. Nov. – 6. Dez. 2026", "30.11. – 06.12.2026", ...):
    CLDR's intervals, which name months and years only where they change."""
    from babel.dates import format_interval

    spans = (format_interval(first, last, skeleton, locale=locale_of(language)) for skeleton in _SPAN_SKELETONS)
    return tuple(dict.fromkeys(spans))


class Display:
    """Times and names as this person reads them.  Build one with `display_for`."""

    def __init__(self, clock: str = "", language: str = "", *, environ: Any = None) -> None:
        wanted = wanted_language(language, environ)
        names = None if shown_in_english(wanted) else _babel_names(wanted)
        # English names and dates for English or a language the planner cannot show; else
        # every name and date is written by CLDR's data and patterns for the language.
        self.english = names is None
        if names is None:
            parts = wanted.replace("-", "_").split("_")
            region = parts[1].upper() if len(parts) > 1 else ""
            # CLDR's plain "en" is American English; no locale at all (C) keeps 24 hours.
            twelve = is_english(wanted) and (region in _TWELVE_HOUR_EN or (bool(wanted) and not region))
            names = (_WEEKDAYS_EN, _WEEKDAYS_WIDE_EN, _MONTHS_EN, _MONTHS_WIDE_EN, twelve)
        self.language = wanted or "en"
        self.weekdays, self.weekdays_wide, self.months, self.months_wide, twelve = names
        self.twelve_hour = clock == "12h" if clock in CLOCKS else twelve

    # -- times ---------------------------------------------------------------------

    def time(self, minutes: int) -> str:
        """ "19:30", or "7:30pm" on a 12-hour clock; 24:00 (an end) is "24:00" or "12am"."""
        minutes = max(0, min(minutes, MINUTES_PER_DAY))
        hour, minute = divmod(minutes, 60)
        if not self.twelve_hour:
            return f"{hour:02d}:{minute:02d}"
        suffix = "am" if hour % 24 < 12 else "pm"
        return f"{(hour % 12) or 12}:{minute:02d}{suffix}"

    def hour(self, minutes: int) -> str:
        """A time on the hour as short as it reads: "19:00", or "7pm"."""
        if not self.twelve_hour or minutes % 60:
            return self.time(minutes)
        hour = minutes // 60
        return f"{(hour % 12) or 12}{'am' if hour % 24 < 12 else 'pm'}"

    def short_time(self, minutes: int) -> str:
        """Where room is tight (the grid's time column): "07:30", or "7:30p"."""
        text = self.time(minutes)
        return text[:-1] if self.twelve_hour else text

    def time_range(self, start: int, end: int) -> str:
        """ "19:00–21:00"; on a 12-hour clock "7:00–9:00pm", the am/pm said once where it can."""
        first, last = self.time(start), self.time(end)
        if self.twelve_hour and first[-2:] == last[-2:]:
            first = first[:-2]
        return f"{first}–{last}"

    # -- names ---------------------------------------------------------------------

    def weekday_wide(self, day: date) -> str:
        return self.weekdays_wide[day.weekday()]

    def weekday(self, day: date) -> str:
        return self.weekdays[day.weekday()]

    def month(self, day: date) -> str:
        return self.months[day.month - 1]

    def day_month(self, day: date) -> str:
        """ "23 Nov"; "23. Nov.", "11月23日" in the language's own order."""
        return f"{day.day} {self.month(day)}" if self.english else _in_pattern(self.language, "MMMd", day)

    def weekday_day_month(self, day: date) -> str:
        """ "Mon 23 Nov"; "Mo., 23. Nov.", "11月23日(月)" in the language's own order."""
        if self.english:
            return f"{self.weekday(day)} {day.day} {self.month(day)}"
        return _in_pattern(self.language, "MMMEd", day)

    def weekday_day(self, day: date) -> str:
        """ "Mon 23"; "Mo., 23.", "23日(月)" in the language's own order."""
        return f"{self.weekday(day)} {day.day}" if self.english else _in_pattern(self.language, "Ed", day)

    def day_month_year(self, day: date) -> str:
        """ "23 Nov 2026"; "23. Nov. 2026", "2026年11月23日" in the language's own order."""
        if self.english:
            return f"{day.day} {self.month(day)} {day.year}"
        return _in_pattern(self.language, "yMMMd", day)

    def month_year(self, day: date) -> str:
        """ "November 2026"; "2026年11月" in the order and words of this person's language."""
        if self.english:
            return f"{self.months_wide[day.month - 1]} {day.year}"
        return _in_pattern(self.language, "yMMMM", day.replace(day=1))

    def days_span(self, first: date, last: date) -> str:
        """ "23–29 Nov 2026", "30 Nov – 6 Dec 2026"; "2026年11月23日～29日" in the
        language's own order: months and years named only where they change."""
        return self.days_spans(first, last)[0]

    def days_spans(self, first: date, last: date) -> tuple[str, ...]:
        """The span of days (see days_span) in every form this language has, the one
        preferred first, for a place to take the first that fits (the year is given up
        last)."""
        if self.english:
            return (days_span(first, last, self.day_month),)
        return _spans_in_patterns(self.language, first, last)

    def week_label(self, first_day: date) -> str:
        """ "Week 48 · 23–29 Nov 2026", with this person's dates."""
        return self.week_labels(first_day)[0]

    def week_labels(self, first_day: date) -> tuple[str, ...]:
        """The week's label with each form of its days (see days_spans), preferred first:
        "Week 49 · 30. marraskuuta – 6. joulukuuta 2026", "Week 49 · 30.11.–6.12.2026"."""
        spans = self.days_spans(first_day, first_day + timedelta(days=6))
        return tuple(week_label(first_day, lambda _first, _last, span=span: span) for span in spans)

    def form_notes(self, day: date | None, start: int | None, end: int | None) -> dict[str, str]:
        """What a form says beside its date and time fields, in this person's words: the
        fields themselves keep 19:30 and ISO dates, which is what they read."""
        notes: dict[str, str] = {}
        if day is not None and not self.english:
            notes["date"] = f"{self.weekday_wide(day)} · week {day.isocalendar().week}"
        if self.twelve_hour:
            if start is not None:
                notes["start"] = self.time(start)
            if end is not None:
                notes["end"] = self.time(end)
        return notes


@lru_cache(maxsize=16)
def _display(clock: str, wanted: str) -> Display:
    return Display(clock, wanted, environ={})  # the language is decided: no locale asked again


# The config asked about last, the language it wants, and its Display once one is made.
_last: tuple[Any, str, Display | None] | None = None


def _asked(config: Any) -> tuple[Any, str, Display | None]:
    """The language a config wants (its `language`, else the locale's), decided once a
    config, with its Display if one is made: the same config object (a config is
    replaced, never changed) gets one answer for its Display and for the words it
    reads, whatever the environment does meanwhile."""
    global _last
    if _last is None or _last[0] is not config:
        _last = (config, wanted_language(getattr(config, "language", "")), None)
    return _last


def reading_language(config: Any) -> str:
    """The language typed words of time are read in besides English: the one the
    planner shows its names in (`_asked`; "" for English).  Asked without making a
    Display, whose names of another language load babel's data: reading a week like
    2026-W48 needs none of it."""
    return _asked(config)[1]


def display_for(config: Any) -> Display:
    """The Display a config asks for (its `clock`, and the language `_asked` decides).

    Painting asks for every line of the grid; the same config object gets its answer
    without reading the environment again."""
    global _last
    _, wanted, found = _asked(config)
    if found is None:
        found = _display(getattr(config, "clock", ""), wanted)
        _last = (config, wanted, found)
    return found
