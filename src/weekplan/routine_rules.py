"""What the planner's routine form accepts: its fields' text turned into a Routine,
with a message per field for whatever is wrong (the rules style of form_rules.py).

Plain Python, no Textual: the form only shows what this module says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from weekplan.form_rules import (
    Checked,
    FieldError,
    FieldReader,
    describe_day,
    read_category,
    read_day,
    read_time,
    read_title,
)
from weekplan.model import Config
from weekplan.record import replace
from weekplan.routines import MAX_INTERVAL, Routine, parse_days
from weekplan.weeks import MINUTES_PER_DAY, WEEKDAY_NAMES, format_time

_SEPARATORS = re.compile(r"[\s,/+;&]+")
_LENGTH = re.compile(r"^(?:(\d{1,2})\s*h(?:ours?|rs?)?\s*(?:(\d{1,2})\s*m?(?:in|ins)?)?|(\d{1,4})\s*m?(?:in|ins)?)$")
_TIME_LIKE = re.compile(r"^\d{1,2}:\d{2}$")
DAYS_HELP = "mon,wed,fri · mon wed fri · weekdays · daily"


def read_days(text: str) -> tuple[int, ...]:
    """ "mon,wed,fri", "mon wed fri", "weekdays", "daily" to weekday numbers (0 = Monday)."""
    words = [w for w in _SEPARATORS.split(text.strip().lower()) if w and w != "and"]
    if not words:
        raise FieldError("Which days? Like mon,wed,fri or weekdays")
    try:
        return parse_days(",".join(words))
    except ValueError as exc:
        word = str(exc).split("'")[1] if "'" in str(exc) else text
        raise FieldError(f"{word!r} is not a day like mon, weekdays or daily") from None


def read_end(text: str, start: int | None) -> int:
    """An end time ("08:00") or a length ("1h", "1h30", "90m", "45"), as the end in minutes."""
    text = text.strip().lower()
    if not text:
        raise FieldError("An end like 08:00, or a length like 1h30")
    if _TIME_LIKE.match(text):
        end = read_time(text, allow_24=True)
        if start is not None and end <= start:
            raise FieldError(f"Must end after {format_time(start)}")
        return end
    match = _LENGTH.match(text)
    if not match:
        raise FieldError("Not a time like 08:00 or a length like 1h30")
    hours, minutes, only_minutes = match.groups()
    length = int(only_minutes) if only_minutes else int(hours) * 60 + int(minutes or 0)
    if length <= 0:
        raise FieldError("It needs to last a while")
    if start is None:
        raise FieldError("Give the start first")
    if start + length > MINUTES_PER_DAY:
        raise FieldError("Would run past midnight")
    return start + length


def read_interval(text: str) -> int:
    text = text.strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_INTERVAL:
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


def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if part)


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


def read_routine(fields: Mapping[str, str], config: Config, *, item_id: str) -> Checked[Routine]:
    """The routine the form describes, starting on its first real day from `first` on."""
    r = FieldReader(fields)
    title = r.read("title", read_title)
    days = r.read("days", read_days)
    start = r.read("start", read_time)
    end = r.read("end", read_end, start)
    category = r.read("category", lambda text: read_category(config, text))
    first = r.read("first", read_day)
    last = r.read("last", read_day) if r.text("last").strip() else None
    interval = r.read("interval", read_interval)
    if days is not None:
        r.notes["days"] = days_note(days)
    if start is not None and end is not None:
        r.notes["end"] = f"{format_time(end)} · {_length(end - start)}"
    if category is not None:
        known = config.category(category)
        r.notes["category"] = known.name if known else ""
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
    assert title and days and start is not None and end is not None and category and first and interval
    routine = Routine(item_id, title, category, days, start, end, first, last, interval, r.text("notes").strip())
    begins = routine.first_date()
    if begins is None or (last is not None and begins > last):
        r.errors["last" if last is not None else "days"] = "It would never happen between the first and last date"
        return Checked(None, r.errors, r.notes)
    r.notes["first"] = f"first on {begins:%a} {begins.day} {begins:%b}"
    return Checked(replace(routine, first=begins), {}, r.notes)
