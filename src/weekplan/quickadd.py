"""Quick add: one line of text, like "fri 19:00-21:00 climbing #friends", to an activity.

Grammar (words in any order; the first of each kind counts):
  day       mon … sunday, today, tomorrow, or an ISO date 2026-11-27 (default: today);
            a weekday means the next such day, today included
  time      19:00 or 19:00-21:00 (also 7:30)
  duration  90m, 45min, 2h, 1h30 (with a start time only; default one hour)
  category  #friends, or a unique prefix like #fri
  title     everything else, in order
Anything it cannot understand is an error, and nothing is added.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from weekplan.model import Activity, Config, new_id, title_problem
from weekplan.record import Record, replace
from weekplan.weeks import MINUTES_PER_DAY, WEEKDAY_NAMES, YEARS_HELP, parse_time, plannable

DEFAULT_MINUTES = 60

_DAY_WORDS = {name[:3]: i for i, name in enumerate(WEEKDAY_NAMES)}
_DAY_WORDS.update({name: i for i, name in enumerate(WEEKDAY_NAMES)})
_DAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_RANGE = re.compile(r"^(\d{1,2}:\d{2})[-–](\d{1,2}:\d{2})$")
_DURATION = re.compile(r"^(?:(\d+)h(?:(\d+)m?)?|(\d+)(?:m|min|mins))$")


class QuickAddError(ValueError):
    """The text could not be understood; the message says which part and why."""


class _Parsed(Record):
    day: date | None = None
    start: int | None = None
    end: int | None = None
    duration: int | None = None
    category: str | None = None


def parse_quick_add(text: str, config: Config, today: date) -> Activity:
    """Turn the text into a new activity (not yet saved)."""
    parsed = _Parsed()
    title_words: list[str] = []
    for word in text.split():
        lower = word.lower()
        if word.startswith("#"):
            if parsed.category is not None:
                raise QuickAddError(f"two categories ({parsed.category} and {word}); give one")
            if len(word) == 1:
                raise QuickAddError("a lone '#': write the category right after it, like #friends")
            try:
                parsed = replace(parsed, category=config.find_category(word[1:]).id)
            except ValueError as exc:
                raise QuickAddError(str(exc)) from None
        elif parsed.day is None and (day := _day(lower, today)) is not None:
            parsed = replace(parsed, day=day)
        elif parsed.start is None and (_TIME.match(word) or _RANGE.match(word)):
            parsed = _times(word, parsed)
        elif parsed.duration is None and (match := _DURATION.match(lower)):
            parsed = replace(parsed, duration=_minutes(word, match))
        else:
            title_words.append(word)
    return _build(parsed, " ".join(title_words), config, today)


def _day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word in ("tomorrow", "tmrw"):
        return today + timedelta(days=1)
    if word in _DAY_WORDS:
        return today + timedelta(days=(_DAY_WORDS[word] - today.weekday()) % 7)
    if _ISO_DATE.match(word):
        try:
            found = date.fromisoformat(word)
        except ValueError:
            raise QuickAddError(f"{word} is not a date in the calendar") from None
        if not plannable(found):
            raise QuickAddError(f"{word}: give {YEARS_HELP}")
        return found
    return None


def _times(word: str, parsed: _Parsed) -> _Parsed:
    match = _RANGE.match(word)
    try:
        if match:
            start = parse_time(match.group(1))
            end = parse_time(match.group(2), allow_24=True)
            if end <= start:
                raise QuickAddError(f"{word}: the end is not after the start (one day at a time)")
            return replace(parsed, start=start, end=end)
        return replace(parsed, start=parse_time(word))
    except ValueError as exc:
        if isinstance(exc, QuickAddError):
            raise
        raise QuickAddError(f"{word}: {exc}") from None


def _minutes(word: str, match: re.Match[str]) -> int:
    hours, minutes, only_minutes = match.groups()
    total = int(only_minutes) if only_minutes else int(hours) * 60 + int(minutes or 0)
    if not 0 < total <= MINUTES_PER_DAY:
        raise QuickAddError(f"{word}: a duration between 1 minute and 24 hours, please")
    return total


def _build(parsed: _Parsed, title: str, config: Config, today: date) -> Activity:
    if parsed.start is None:
        hint = " (a duration needs a start time)" if parsed.duration else ""
        raise QuickAddError(f"no time: add a start like 19:00 or a range like 19:00-21:00{hint}")
    if parsed.end is not None and parsed.duration is not None:
        raise QuickAddError("both an end time and a duration: give one of them")
    if parsed.category is None:
        own = ", ".join(f"#{c.id}" for c in config.categories)
        raise QuickAddError(f"no category: add one of {own}")
    if not title.strip():
        raise QuickAddError("no title: say what the activity is, like 'climbing'")
    if (problem := title_problem(title.strip())) is not None:
        raise QuickAddError(problem)
    end = parsed.end if parsed.end is not None else parsed.start + (parsed.duration or DEFAULT_MINUTES)
    if end > MINUTES_PER_DAY:
        raise QuickAddError("it would end after midnight; one day at a time")
    return Activity(new_id(), parsed.day or today, parsed.start, end, title.strip(), parsed.category)
