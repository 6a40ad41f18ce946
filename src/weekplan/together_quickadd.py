"""Quick add for the Together half: one line of text to an idea or to a special date
(`weekplan ideas add`, `weekplan dates add`).

The words are read by weekplan.timewords, as quick add reads an activity's:

  idea   "Pottery class #cheap #indoor": the title, and tags after '#'; no day or
         time (an idea is for some day), so a word of time is an error: quote the
         title ('"Dinner at 8"') to keep such words in it
  date   "sat 19:00 Dinner @ Rooftop bar": a day (default: today), optionally a start
         or a range or a start and a length (default as the date form's), which may
         run past midnight ("22:00-01:00", "23:00 3h"), a title, and after a lone '@'
         the place
Anything that cannot be read is an error, and nothing is added.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from weekplan.form_rules import DATE_MINUTES
from weekplan.idea_tags import join_tags
from weekplan.model import Idea, SpecialDate, new_id, title_problem
from weekplan.quickadd import QuickAddError, title_key
from weekplan.timewords import Reading, TimeWordError, end_of, quote_title, read_phrase
from weekplan.weeks import MINUTES_PER_DAY, format_time

PLACE_MARK = "@"


def _reading(text: str, today: date, first_weekday: int = 0, language: str = "") -> Reading:
    try:
        return read_phrase(text, today, first_weekday=first_weekday, language=language)
    except TimeWordError as exc:
        raise QuickAddError(str(exc)) from None


def _checked_title(words: list[str], what: str) -> str:
    title = " ".join(words).strip()
    if not title:
        raise QuickAddError(f"no title: say what the {what} is")
    if (problem := title_problem(title)) is not None:
        raise QuickAddError(problem)
    return title


def parse_idea(text: str, today: date, *, kind: str = "activity") -> Idea:
    """A new idea (not yet saved) from "TITLE #tag …"."""
    reading = _reading(text, today)
    timely = [words for words, *_ in (*reading.days, *reading.times, *reading.lengths, *reading.day_sets)]
    timely += [words for words, _ in reading.weeks]
    if timely:
        raise QuickAddError(
            f"{timely[0]!r} is a day or a time, and an idea is for some day: quote the title to keep it"
            " in, or plan a date with 'weekplan dates add'"
        )
    title = _checked_title(reading.title, "idea")
    return Idea(new_id(), title, kind, join_tags({}, reading.categories))


def parse_date(
    text: str,
    today: date,
    ideas: Iterable[Idea] = (),
    *,
    first_weekday: int = 0,
    language: str = "",
) -> SpecialDate:
    """A new planned date (not yet saved) from "DAY [TIME] TITLE [@ PLACE]".  A date
    whose title is that of exactly one idea is planned from that idea; "this sat" is
    in the week that starts on `first_weekday`."""
    reading = _reading(text, today, first_weekday, language)
    if reading.categories:
        raise QuickAddError(f"#{reading.categories[0]}: a date has no category or tags (an idea has tags)")
    if reading.day_sets or reading.weeks:
        words = (reading.day_sets or reading.weeks)[0][0]
        raise QuickAddError(f"{words!r} is not one day: a date is on one day, like sat or 24 dec")
    try:
        day = reading.one_day() or today
        start, end = _date_times(reading)
    except TimeWordError as exc:
        raise QuickAddError(str(exc)) from None
    words = list(reading.title)
    place: list[str] = []
    for index, word in enumerate(words):
        if word.startswith(PLACE_MARK):
            place = [word[len(PLACE_MARK) :], *words[index + 1 :]]
            words = words[:index]
            break
    title = _checked_title(words, "date")
    where = " ".join(place).strip()
    same = [idea for idea in ideas if title_key(idea.title) == title_key(title)]
    idea = same[0] if len(same) == 1 else None
    if idea is not None and idea.kind == "place" and not where:
        where = idea.title
    return SpecialDate(new_id(), day, title, start, end, place=where, idea=idea.id if idea else "")


def _date_times(reading: Reading) -> tuple[int | None, int | None]:
    """Start and end; a range whose end comes before its start, or a start and a length
    that go past midnight, run into the next day, as a date may (the date form reads
    them so too)."""
    times, lengths = reading.times, reading.lengths
    if len(times) == 2 and not lengths and end_of(times[0][1], times[1][1]) < times[0][1] and times[0][2] != "end":
        return times[0][1], times[1][1]
    if len(times) == 1 and len(lengths) <= 1 and times[0][2] != "end":
        start = times[0][1]
        length = lengths[0][1] if lengths else DATE_MINUTES
        if start < MINUTES_PER_DAY < start + length < start + MINUTES_PER_DAY:
            return start, start + length - MINUTES_PER_DAY
    found = reading.start_end(DATE_MINUTES)
    return (None, None) if found is None else found


def describe_date(special: SpecialDate) -> str:
    """The date in words that `weekplan dates add` reads back to it."""
    times = ""
    if special.start is not None:
        times = f" {format_time(special.start)}"
        if special.end is not None:
            times += f"-{format_time(special.end)}"
    place = f" @ {special.place}" if special.place else ""
    return f"{special.date:%a}".lower() + f" {special.date.isoformat()}{times} {quote_title(special.title)}{place}"


def describe_idea(idea: Idea) -> str:
    """The idea in words that `weekplan ideas add` reads back to it."""
    tags = "".join(f" #{tag}" for tag in idea.tags)
    return f"{quote_title(idea.title)}{tags}"
