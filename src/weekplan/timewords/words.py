"""The vocabulary of the words of time: day and month names, day sets, and the
record of what a line of text says (see weekplan.timewords for the grammar)."""

from __future__ import annotations

from datetime import date

from weekplan.record import Record, field
from weekplan.weeks import MINUTES_PER_DAY, WEEKDAY_NAMES

MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(WEEKDAY_NAMES):
    WEEKDAYS[_name] = WEEKDAYS[_name[:3]] = _number
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
PLURAL_WEEKDAYS = {f"{name}s": number for number, name in enumerate(WEEKDAY_NAMES)}

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTHS[_name] = MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "daily": tuple(range(7)),
    "everyday": tuple(range(7)),
    "weekdays": tuple(range(5)),
    "weekends": (5, 6),
    "weekend": (5, 6),
}

# Words no name of another language's month or weekday may be, as an English title
# holds them: the words of time read here, and short words common in a title ("night
# out", "tennis set", "Mars rover", "dinner 7 pm").  A name among them is not read.
# fmt: off
ENGLISH_WORDS = frozenset({
    *MONTHS, *WEEKDAYS, *PLURAL_WEEKDAYS, *DAY_GROUPS,
    # the words of time
    "a", "am", "an", "and", "after", "ago", "at", "before", "coming", "day", "days", "end", "every", "for",
    "from", "h", "half", "hour", "hours", "hr", "hrs", "in", "last", "m", "midday", "midnight", "min",
    "mins", "minute", "minutes", "next", "noon", "of", "on", "other", "p", "pm", "this", "till", "til",
    "to", "today", "tomorrow", "tonight", "tmr", "tmrw", "until", "week", "weeks", "wk", "wks",
    "yesterday",
    # words of titles
    "all", "also", "art", "as", "bar", "be", "box", "but", "by", "can", "did", "do", "go", "gym", "he",
    "i", "if", "is", "it", "its", "man", "mar", "mars", "me", "my", "no", "not", "or", "our", "out",
    "pub", "run", "sad", "sale", "set", "she", "so", "son", "sun", "team", "ten", "the", "up", "us",
    "was", "we", "will", "yes", "you",
})
# fmt: on

MAX_WEEKS_APART = 52

EXAMPLES_DAYS = "mon,wed,fri · Mon/Wed/Fri · weekdays · daily · every other mon"
EXAMPLES_GOTO = "24 dec · 2026-11-27 · 2026-W48 · w48 · next fri · today · +2w · in 3 days"


def end_of(start: int | None, end: int) -> int:
    """The one rule of midnight as an end: an end at the day's first minute ("00:00",
    "midnight", "12am" however written) after a later start, or with no start known
    yet, is the day's end, 24:00.  After a start at midnight it stays 00:00, so that
    00:00-00:00 is refused as an end that is not after its start."""
    return MINUTES_PER_DAY if end == 0 and start != 0 else end


class TimeWordError(ValueError):
    """Words that look like a date, a time or a length but cannot be read (or that
    contradict each other); the message names them."""


class DaySet(Record):
    """Weekdays (0 = Monday) repeated every `interval` weeks."""

    days: tuple[int, ...]
    interval: int = 1


class Reading(Record):
    """What a line of text says, word kind by word kind, before anyone decides what to
    make of it (an activity wants one day; a routine wants a day set)."""

    days: list[tuple[str, date]] = field(default_factory=list)  # (words, day) for every day named
    weekdays: list[tuple[str, int, int]] = field(
        default_factory=list
    )  # bare weekday words: (words, weekday, index in days)
    times: list[tuple[str, int, str]] = field(default_factory=list)  # (words, minutes, "start"/"end"/"")
    lengths: list[tuple[str, int]] = field(default_factory=list)
    day_sets: list[tuple[str, DaySet]] = field(default_factory=list)
    weeks: list[tuple[str, date]] = field(default_factory=list)  # (words, the week's Monday)
    categories: list[str] = field(default_factory=list)  # the words after '#'
    title: list[str] = field(default_factory=list)

    @property
    def title_text(self) -> str:
        return " ".join(self.title).strip()

    def start_end(self, default_minutes: int) -> tuple[int, int] | None:
        """The start and end the words give: a range, two times, or a start and a
        length (default `default_minutes`), on one day; None when no time is named."""
        times, lengths = self.times, self.lengths
        if len(lengths) > 1:
            raise TimeWordError(f"two lengths ({lengths[0][0]!r} and {lengths[1][0]!r}): give one")
        if not times:
            if lengths:
                raise TimeWordError(f"{lengths[0][0]!r} needs a start time, like 19:00 or 7pm")
            return None
        if len(times) > 2:
            said = ", ".join(repr(words) for words, _minutes, _role in times)
            raise TimeWordError(f"more than two times ({said}): give a start and an end")
        if times[0][2] == "end":
            raise TimeWordError(f"{times[0][0]!r} is an end: give the start too, like 19:00-21:00")
        start = times[0][1]
        if start >= MINUTES_PER_DAY:
            raise TimeWordError(f"{times[0][0]!r} is not a time of day to start at (00:00 to 23:59)")
        if len(times) == 2:
            if lengths:
                raise TimeWordError("both an end time and a length: give one of them")
            end = end_of(start, times[1][1])
            if end <= start:
                words = times[0][0] if times[0][0] == times[1][0] else f"{times[0][0]} … {times[1][0]}"
                raise TimeWordError(f"{words}: the end is not after the start (one day at a time)")
            return start, end
        end = start + (lengths[0][1] if lengths else default_minutes)
        if end > MINUTES_PER_DAY:
            raise TimeWordError(
                f"{times[0][0]!r} for {end - start} minutes would end after midnight; one day at a time"
            )
        return start, end

    def one_day(self) -> date | None:
        """The one day the words name (None: no day named).  A weekday beside a date
        must be that date's weekday ("fri 27 nov"); anything else naming two days is
        an error."""
        bare = {index for _words, _weekday, index in self.weekdays}
        explicit = [(words, day) for index, (words, day) in enumerate(self.days) if index not in bare]
        named = explicit or [(words, day) for index, (words, day) in enumerate(self.days) if index in bare]
        if len({day for _words, day in named}) > 1:
            said = " and ".join(repr(words) for words, _day in named)
            raise TimeWordError(f"two different days ({said}): give one")
        if not named:
            return None
        words, day = named[0]
        for weekday_words, weekday, _index in self.weekdays:
            if weekday != day.weekday():
                raise TimeWordError(f"two different days ({weekday_words!r}, but {words!r} is a {day:%A}): give one")
        return day
