"""What the planner's routine form accepts: its fields' text turned into a Routine,
with a message per field for whatever is wrong (the rules style of form_rules.py).

Plain Python, no Textual: the form only shows what this module says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from weekplan import timewords
from weekplan.display import reading_language
from weekplan.form_rules import (
    Checked,
    FieldError,
    FieldReader,
    category_note,
    describe_day,
    length_words,
    read_category,
    read_day,
    read_end,
    read_time,
    read_title,
    suggested_category,
)
from weekplan.model import Config
from weekplan.record import replace
from weekplan.routines import MAX_INTERVAL, Routine, first_to_come
from weekplan.timewords import DaySet
from weekplan.weeks import MINUTES_PER_DAY, WEEKDAY_NAMES, format_time

DAYS_HELP = timewords.EXAMPLES_DAYS


def read_days(text: str) -> DaySet:
    """ "mon,wed,fri", "Mon/Wed/Fri", "tue and thu", "weekdays", "daily", "every other mon"."""
    try:
        return timewords.read_day_set(text)
    except timewords.TimeWordError as exc:
        message = str(exc)
        raise FieldError(message[:1].upper() + message[1:]) from None


def read_interval(text: str) -> int:
    text = text.strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > 2 or not 1 <= int(text) <= MAX_INTERVAL:
        raise FieldError(f"Every 1 to {MAX_INTERVAL} weeks")
    return int(text)


def days_note(days: tuple[int, ...]) -> str:
    """ "Wednesday", "Mon · Wed · Fri", "Mon–Fri": the days as read, to catch a typo."""
    named = {tuple(range(7)): "every day", tuple(range(5)): "Mon–Fri", (5, 6): "Sat · Sun"}
    if days in named:
        return named[days]
    if len(days) == 1:
        return WEEKDAY_NAMES[days[0]].capitalize()
    return " · ".join(WEEKDAY_NAMES[d][:3].capitalize() for d in days)


def new_routine_fields(day: date, start: int) -> dict[str, str]:
    """The text each field of a new routine's form starts with: the cursor's weekday and time."""
    return {
        "title": "",
        "days": WEEKDAY_NAMES[day.weekday()][:3],
        "start": format_time(start),
        "end": format_time(min(start + 60, MINUTES_PER_DAY)),
        "category": "",
        "first": day.isoformat(),
        "last": "",
        "interval": "1",
        "notes": "",
    }


def read_routine(
    fields: Mapping[str, str],
    config: Config,
    *,
    item_id: str,
    today: date | None = None,
    earlier: Callable[[str], str | None] | None = None,
    new: bool = False,
) -> Checked[Routine]:
    """The routine the form describes, starting on its first real day from `first` on.
    A `new` one counts its weeks from that day, as `routine add` does; an edited one
    keeps the weeks it had (its first date is already one of its days)."""
    r = FieldReader(fields)
    title = r.read("title", read_title)
    day_set = r.read("days", read_days)
    start = r.read("start", read_time)
    end = r.read("end", read_end, start)
    suggested = suggested_category(config, title, earlier)
    category = r.read("category", lambda text: read_category(config, text, suggested=suggested))
    language = reading_language(config)
    first = r.read("first", read_day, today, config.first_weekday, language)
    last = r.read("last", read_day, today, config.first_weekday, language) if r.text("last").strip() else None
    interval = r.read("interval", read_interval)
    if day_set is not None:
        r.notes["days"] = days_note(day_set.days)
        if day_set.interval != 1 and interval is not None:
            if interval not in (1, day_set.interval):
                r.errors["interval"] = f"The days say every {day_set.interval} weeks"
            interval = day_set.interval
    if start is not None and end is not None:
        r.notes["end"] = f"{format_time(end)} · {length_words(end - start)}"
    if category is not None:
        r.notes["category"] = category_note(config, r.text("category"), category)
    if interval is not None:
        r.notes["interval"] = "every week" if interval == 1 else f"every {interval} weeks"
    if last is not None:
        r.notes["last"] = describe_day(last)
        if first is not None and last < first:
            r.errors["last"] = "Before the first date"
    if r.errors:
        if first is not None:
            r.notes["first"] = describe_day(first)
        return Checked(None, r.errors, r.notes)
    assert title and day_set and start is not None and end is not None and category is not None and first
    assert interval
    notes = r.text("notes").strip()
    if new:
        first = first_to_come(first, day_set.days)
    routine = Routine(
        item_id,
        title,
        category,
        day_set.days,
        start,
        end,
        first,
        last,
        interval,
        notes,
        week_start=config.first_weekday,
    )
    begins = routine.first_date()
    if begins is None or (last is not None and begins > last):
        r.errors["last" if last is not None else "days"] = "It would never happen between the first and last date"
        return Checked(None, r.errors, r.notes)
    r.notes["first"] = f"first on {begins:%a} {begins.day} {begins:%b}"
    return Checked(replace(routine, first=begins), {}, r.notes)
