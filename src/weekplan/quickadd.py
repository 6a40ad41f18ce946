"""Quick add: one line of text, like "fri 19:00-21:00 climbing #friends", to an activity.

The words of time are read by weekplan.timewords (the grammar is written there);
this module decides what they make together:

  day       one day (default: today); a weekday and a date may both be given if they agree
  time      a start, or a start and an end (a range, or two times); or a start and a length
            (default one hour)
  category  #friends, or a unique prefix like #fri; optional: without one, the category
            of an earlier activity with the same title, else none
  title     every other word, in order; text in double quotes is taken literally
Anything that looks like time but cannot be read is an error, and nothing is added.
`describe` writes an activity back in words this reads to the same activity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from weekplan.display import reading_language
from weekplan.model import Activity, Config, new_id, title_problem
from weekplan.timewords import Reading, TimeWordError, quote_title, read_phrase
from weekplan.weeks import format_time

DEFAULT_MINUTES = 60


class QuickAddError(ValueError):
    """The text could not be understood; the message says which part and why."""


def parse_quick_add(
    text: str, config: Config, today: date, *, earlier: Callable[[str], str | None] | None = None
) -> Activity:
    """Turn the text into a new activity (not yet saved).  `earlier` gives the category
    of an earlier activity with a title, used when the text names none."""
    try:
        reading = read_phrase(text, today, first_weekday=config.first_weekday, language=reading_language(config))
    except TimeWordError as exc:
        raise QuickAddError(str(exc)) from None
    return _activity(reading, config, today, earlier)


def _activity(reading: Reading, config: Config, today: date, earlier: Callable[[str], str | None] | None) -> Activity:
    day = _one_day(reading, today)
    start, end = _times(reading)
    title = reading.title_text
    if not title:
        said = [words for words, _day in reading.days] or [words for words, _minutes, _role in reading.times]
        quoted = f' (a title of words of time goes in quotes: "{said[0]}")' if said else ""
        raise QuickAddError(f"no title: say what the activity is, like 'climbing'{quoted}")
    if (problem := title_problem(title)) is not None:
        raise QuickAddError(problem)
    category = _category(reading, config, title, earlier)
    return Activity(new_id(), day, start, end, title, category)


def _one_day(reading: Reading, today: date) -> date:
    if reading.day_sets:
        words = reading.day_sets[0][0]
        raise QuickAddError(f"{words!r} repeats: quick add is for one day; use 'weekplan routine add'")
    if reading.weeks:
        raise QuickAddError(f"{reading.weeks[0][0]!r} is a week, not a day: give a day like fri or 24 dec")
    try:
        day = reading.one_day()
    except TimeWordError as exc:
        raise QuickAddError(str(exc)) from None
    return today if day is None else day


def _times(reading: Reading) -> tuple[int, int]:
    try:
        found = reading.start_end(DEFAULT_MINUTES)
    except TimeWordError as exc:
        raise QuickAddError(str(exc)) from None
    if found is None:
        raise QuickAddError("no time: add a start like 19:00 or 7pm, or a range like 19:00-21:00")
    return found


def _category(reading: Reading, config: Config, title: str, earlier: Callable[[str], str | None] | None) -> str:
    if len(reading.categories) > 1:
        raise QuickAddError(f"two categories (#{reading.categories[0]} and #{reading.categories[1]}); give one")
    if reading.categories:
        try:
            return config.find_category(reading.categories[0]).id
        except ValueError as exc:
            raise QuickAddError(str(exc)) from None
    found = earlier(title) if earlier is not None else None
    return found if found and config.category(found) is not None else ""


def describe(activity: Activity) -> str:
    """The activity in words that quick add reads back to it: 'fri 2026-11-27 19:00-21:00
    "climbing" #friends' (the title always quoted, so none of its words is read as time)."""
    category = f" #{activity.category}" if activity.category else ""
    times = f"{format_time(activity.start)}-{format_time(activity.end)}"
    return (
        f"{activity.date:%a}".lower() + f" {activity.date.isoformat()} {times} {quote_title(activity.title)}{category}"
    )


def title_key(title: str) -> str:
    return " ".join(title.casefold().split())
