"""The words of time: the one reader of dates, times, lengths and day sets.

Quick add, `routine add`, every form field, go to and `show` read what a person
typed through this module, so the same text means the same thing everywhere.

    days      today, tonight, tomorrow, yesterday, mon … sunday (the next one, today
              included), this fri, next tue (next week's: the planner's week, which
              starts on config.toml's first_weekday), last fri, in 3 days,
              in 2 weeks, in two weeks, +2w, -1w, +3d, +2 days, next week,
              end of week, end of the month, end of year (only as the line's one
              day, ending the line or before a time: "end of year party" is a title)
    dates     31 dec, dec 31, 31st of december, dec 31, 2026, 31/12, 31/12/2026,
              25.10.2013, 25.01., 31-12-2026 (day first), 2026-12-31, 2017-1-1,
              2026/12/31; without a year: the next such day, today included; a
              weekday beside a date must agree with it ("fri 27 nov")
    times     19:00, 7pm, 7:30pm, 11:00 PM, 7.30pm, noon, midnight, at 19:00;
              24:00 only as an end; an end at midnight after a later start is 24:00;
              19h, 12h30 where no length can stand (no other time in the line)
    ranges    19:00-21:00, 7pm-9pm, 7-9pm, 11am-1pm, 19:00 - 21:00, 13:00 14:00,
              from 7pm to 9pm, 19:00 until 21:00, 19h-21h
    lengths   90m, 45 min, 2h, 1.5h, 1,5h, .5h, 1h30, 1h 30m, 2 hours, for two hours, an hour;
              "2h" and "1h30" beside a start time, after "for", or in a length field
    day sets  mon,wed,fri, Mon/Wed/Fri, mon wed fri, tue and thu, mon-fri,
              weekdays, weekends, daily, every day, every mon, mondays,
              every other mon (every second week)
    weeks     2026-W48, w48, week 48 (go to and show only)

Everything else is title, except that a word which looks like a date, a time or a
length but cannot be read is an error naming that word ("25:00", "31 feb", "13pm",
"12/31", "7-9"): a reader that guesses would put the entry on the wrong day with no
word said.  That is also why this is a small explicit grammar and not dateutil's
fuzzy parser: the fuzzy parser skips what it cannot read and fills the gaps from
defaults, so "11:00 PM" or "31 dec party" can come back as another hour or another
day without a warning, and it cannot say which word it did not understand.

Bare numbers are title ("meeting about 3 things", "5 a side"): a bare hour from 1
to 12 could be morning or evening, so "at 7" asks for 07:00 or 7pm (from 5 to 11
"tonight" in the line says it is the evening's).  Text in double
quotes is taken literally (the quotes removed; a backslash keeps a quote inside).
No Textual here: the command line uses it and must stay quick to load.

The package: `words` holds the names of days and months and the Reading record,
`scanner` reads a line word by word, and this module the readers callers use.
"""

from __future__ import annotations

import re
from datetime import date

from weekplan.timewords.scanner import Scanner, hour_clock, lone_hour_clock, quote_title
from weekplan.timewords.words import (
    DAY_GROUPS,
    EXAMPLES_DAYS,
    EXAMPLES_GOTO,
    MAX_WEEKS_APART,
    MONTHS,
    WEEKDAYS,
    DaySet,
    Reading,
    TimeWordError,
    end_of,
)
from weekplan.weeks import MINUTES_PER_DAY

__all__ = [
    "DAY_GROUPS",
    "EXAMPLES_DAYS",
    "EXAMPLES_GOTO",
    "MAX_WEEKS_APART",
    "MONTHS",
    "WEEKDAYS",
    "DaySet",
    "Reading",
    "TimeWordError",
    "days_of",
    "end_of",
    "quote_title",
    "read_date",
    "read_day_set",
    "read_end",
    "read_goto",
    "read_length",
    "read_phrase",
    "read_time",
    "typed_control_character",
]


# -- readers ------------------------------------------------------------------------------


def typed_control_character(text: str) -> bool:
    """Whether one line of typed words holds a control character: refused rather than
    stored, for a file, an export or a sync to carry raw.  A tab or a line break is
    only a space between words."""
    return _holds_control(text.replace("\t", " ").replace("\n", " "))


def _holds_control(text: str) -> bool:
    # Unicode's control characters (category Cc) are exactly C0, DEL and C1.
    return any(char < " " or "\x7f" <= char <= "\x9f" for char in text)


def _refuse_control(text: str) -> None:
    """The one check every reader makes of what was typed, before anything strips or
    splits it (str.split takes \\x1c to \\x1f for spaces, so "mon\\x1c" would read as mon)."""
    if typed_control_character(text):
        raise TimeWordError("the text holds a control character")


def read_phrase(text: str, today: date, *, first_weekday: int = 0, language: str = "") -> Reading:
    """Every word of a typed line that names an item (quick add, a routine, a date, an
    idea) sorted by kind; TimeWordError for a word that looks like time but cannot be
    read, or for a control character: such a line enters the planner here, so a title
    never holds one (a tab or a line break in quotes included) whichever command read
    it.  A field of one kind (a date, a time, days) is refused a stray word, named,
    by the readers below.  `first_weekday` (0 = Monday) starts the week that "this fri"
    and "next tue" name: the planner's week, as config.toml sets it; `language` the one
    the planner shows its names in, whose month and day names are read too."""
    _refuse_control(text)
    reading = Scanner(text, today, first_weekday=first_weekday, language=language).run()
    if any(_holds_control(word) for word in reading.title):
        raise TimeWordError("the title holds a control character")
    return reading


def _only(
    text: str,
    today: date,
    what: str,
    example: str,
    first_weekday: int = 0,
    language: str = "",
    *,
    hour_clocks: bool = True,
) -> Reading:
    _refuse_control(text)
    if not text.strip():
        raise TimeWordError(f"Give {what}, like {example}")
    reading = Scanner(
        text, today, first_weekday=first_weekday, language=language, hour_clocks=hour_clocks, titled=False
    ).run()
    if reading.title or reading.categories:
        words = " ".join(reading.title) or "#" + reading.categories[0]
        raise TimeWordError(f"{words!r} is not {what} I can read (like {example})")
    return reading


def read_time(text: str, *, end: bool = False) -> int:
    """One time of day: '19:30', '7pm', '7:30pm', 'noon'; also '1930' (a time field only).
    An `end` at midnight is the day's end (see end_of)."""
    minutes = _one_time(text)
    if end:
        return end_of(None, minutes)
    if minutes >= MINUTES_PER_DAY:
        raise TimeWordError(f"{text.strip()!r} is not a time of day to start at (00:00 to 23:59)")
    return minutes


def _one_time(text: str) -> int:
    """The minutes of one time of day as written: midnight is 0, 24:00 is a day's."""
    _refuse_control(text)  # before strip() takes the separators \x1c to \x1f for blanks
    stripped = text.strip().lower()
    if re.match(r"^\d{4}$", stripped):
        stripped = f"{stripped[:2]}:{stripped[2:]}"
    if (named := hour_clock(stripped)) is not None:
        return named  # a field for a time: "9h30" can be nothing else here
    reading = _only(stripped, date(2000, 1, 1), "a time", "19:30 or 7:30pm")
    times = [minutes for _words, minutes, _role in reading.times]
    if len(times) != 1 or reading.days or reading.lengths or reading.day_sets or reading.weeks:
        raise TimeWordError(f"{text.strip()!r} is not one time of day, like 19:30 or 7:30pm")
    return times[0]


def read_length(text: str, *, longest: int = MINUTES_PER_DAY) -> int:
    """One length in minutes: '90m', '1h30', '1h 30m', '2 hours', 'for 2 hours'; up to
    a day, or `longest` minutes (a weekly goal may be more)."""
    _refuse_control(text)
    if not text.strip():
        raise TimeWordError("Give a length, like 1h30 or 90m")
    reading = Scanner(text, date(2000, 1, 1), longest, hour_clocks=False).run()
    if reading.title or reading.categories:
        raise TimeWordError(f"{text.strip()!r} is not a length I can read (like 1h30 or 90m)")
    if len(reading.lengths) != 1 or reading.times or reading.days:
        raise TimeWordError(f"{text.strip()!r} is not one length, like 1h30 or 90m")
    return reading.lengths[0][1]


def read_end(text: str, start: int | None, *, wrap: bool = False) -> int:
    """An end time ('21:00', '9pm') or a length from `start` ('1h30', '90m').

    With `wrap` (a special date, which may cross midnight) a length past midnight
    comes round to the next day's time; otherwise it is an error.  "21h" is the time
    21:00 here as in a line (lone_hour_clock); "2h" and "10h30" are lengths."""
    _refuse_control(text)  # before strip() takes the separators \x1c to \x1f for blanks
    stripped = text.strip()
    # beside the start: "1h30" and "2h" are lengths here, as after a start in a line
    if (named := lone_hour_clock(stripped.lower())) is not None:
        return end_of(start, named)  # "21h": no length, as in a line
    reading = _only(stripped, date(2000, 1, 1), "an end time or a length", "21:00 or 1h30", hour_clocks=False)
    if len(reading.times) == 1 and not reading.lengths and not reading.days:
        return end_of(start, _one_time(stripped))
    if len(reading.lengths) == 1 and not reading.times and not reading.days:
        if start is None:
            raise TimeWordError("Give the start first")
        end = start + reading.lengths[0][1]
        if end > MINUTES_PER_DAY:
            if not wrap:
                raise TimeWordError("Would run past midnight")
            end -= MINUTES_PER_DAY
        return end
    raise TimeWordError(f"{stripped!r} is not an end time or a length, like 21:00 or 1h30")


def read_date(text: str, today: date, *, first_weekday: int = 0, language: str = "") -> date:
    """One day: 'fri', '24 dec', '2026-12-24', 'tomorrow', 'next tue', 'in 3 days'."""
    reading = _only(text, today, "a date", "24 dec or 2026-12-24", first_weekday, language)
    day = reading.one_day()
    if day is None or reading.times or reading.lengths or reading.day_sets or reading.weeks:
        raise TimeWordError(f"{text.strip()!r} is not one date, like 24 dec or 2026-12-24")
    return day


def read_day_set(text: str) -> DaySet:
    """Weekdays and how often: 'mon,wed,fri', 'Mon/Wed/Fri', 'tue and thu', 'weekdays',
    'daily', 'every other mon'."""
    _refuse_control(text)
    if not text.strip():
        raise TimeWordError(f"Which days? Like {EXAMPLES_DAYS}")
    reading = Scanner(text, date(2000, 1, 3)).run()
    if reading.title or reading.categories:
        word = reading.title[0] if reading.title else "#" + reading.categories[0]
        raise TimeWordError(f"{word!r} is not a day like mon, weekdays or daily")
    if reading.times or reading.lengths or reading.weeks or len(reading.weekdays) != len(reading.days):
        raise TimeWordError(f"{text.strip()!r}: only days here, like {EXAMPLES_DAYS}")
    return days_of(reading) or _no_days(text)


def _no_days(text: str) -> DaySet:
    raise TimeWordError(f"{text.strip()!r}: which days? Like {EXAMPLES_DAYS}")


def days_of(reading: Reading) -> DaySet | None:
    """The weekdays named by day sets and bare weekday words together, with the one
    interval they ask for; None when no day is named."""
    days = {weekday for _words, weekday, _index in reading.weekdays}
    intervals = set()
    for _words, day_set in reading.day_sets:
        days.update(day_set.days)
        intervals.add(day_set.interval)
    if len(intervals) > 1:
        raise TimeWordError("two different repeats: " + " and ".join(w for w, _s in reading.day_sets))
    if not days:
        return None
    return DaySet(tuple(sorted(days)), intervals.pop() if intervals else 1)


def read_goto(text: str, today: date, *, first_weekday: int = 0, language: str = "") -> date:
    """The day meant by a date or a week ('2026-W48', 'w48', 'week 48': its Monday)."""
    reading = _only(text, today, "a date, a week or a day", "24 dec, w48 or fri", first_weekday, language)
    day = reading.one_day()
    found = {monday for _words, monday in reading.weeks} | ({day} if day else set())
    if len(found) != 1 or reading.times or reading.lengths or reading.day_sets:
        raise TimeWordError(f"{text.strip()!r} is not one date, week or day, like 24 dec, w48 or fri")
    return found.pop()
