"""What the planner's forms accept: the text of each field turned into an Activity,
a SpecialDate or a day to go to, with a message per field for whatever is wrong.

Plain Python, no Textual: the forms only show what these functions say, so every
rule can be tested without a screen.  Messages are short because they sit next to
their field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from weekplan.model import DATE_STATUSES, Activity, Category, Config, SpecialDate, title_problem
from weekplan.record import Record, field, replace
from weekplan.weeks import MINUTES_PER_DAY, WEEKDAY_NAMES, YEARS_HELP, IsoWeek, format_time, plannable

T = TypeVar("T")

ACTIVITY_MINUTES = 60  # a new activity's length when only its start is known
DATE_MINUTES = 120  # a new special date's length when only its start is known
MAX_PREP_DAYS = 365

_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_TIME = re.compile(r"^(\d{1,2}):?(\d{2})$")
_NUMBER = re.compile(r"^\d+$")


class Checked(Record, Generic[T]):
    """The result of reading a form: the value when every field is fine, the problems
    by field name otherwise, and friendly notes (not problems) by field name."""

    value: T | None
    errors: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class FieldError(ValueError):
    """One field's text is not acceptable; the message says why."""


# -- single fields -----------------------------------------------------------------


def read_title(text: str) -> str:
    title = text.strip()
    if not title:
        raise FieldError("Give it a title")
    problem = title_problem(title)
    if problem is not None:
        raise FieldError(problem[0].upper() + problem[1:])
    return title


def read_day(text: str) -> date:
    text = text.strip()
    if not text:
        raise FieldError("Give a date like 2026-11-27")
    if not _ISO_DATE.match(text):
        raise FieldError("Not a date like 2026-11-27")
    year, month, day = (int(part) for part in text.split("-"))
    try:
        found = date(year, month, day)
    except ValueError:
        raise FieldError(f"{text} is not in the calendar") from None
    if not plannable(found):
        raise FieldError(f"Give {YEARS_HELP}")
    return found


def read_time(text: str, *, allow_24: bool = False) -> int:
    """ "19:30" (also "1930" and "7:30") to minutes since midnight."""
    match = _TIME.match(text.strip())
    if not match:
        raise FieldError("Not a time like 19:30")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise FieldError("Not a time of day (00:00–24:00)")
    if hours == 24 and not allow_24:
        raise FieldError("Starts by 23:59 at the latest")
    return hours * 60 + minutes


def describe_day(day: date) -> str:
    """ "Friday · week 48": enough to notice a typo in the date."""
    return f"{day:%A} · week {day.isocalendar().week}"


def read_number(text: str, low: int, high: int, message: str) -> int | None:
    """An optional whole number between low and high; empty is None."""
    text = text.strip()
    if not text:
        return None
    if not _NUMBER.match(text) or not low <= int(text) <= high:
        raise FieldError(message)
    return int(text)


def category_matches(config: Config, text: str) -> list[Category]:
    """The categories the text could mean: the exact one, or all that it starts."""
    wanted = text.strip().lower().lstrip("#")
    if not wanted:
        return []
    exact = [c for c in config.categories if wanted in (c.id.lower(), c.name.lower())]
    if exact:
        return exact[:1]
    return [c for c in config.categories if c.id.lower().startswith(wanted) or c.name.lower().startswith(wanted)]


def read_category(config: Config, text: str, *, keep: str = "") -> str:
    """The id of the category meant by an id, a name or a unique prefix.

    `keep` is the category the item already has: it stays acceptable even when
    config.toml no longer lists it, so editing an old item never forces a change.
    """
    if keep and text.strip() == keep:
        return keep
    if not text.strip():
        raise FieldError("Pick a category")
    matches = category_matches(config, text)
    if len(matches) == 1:
        return matches[0].id
    if matches:
        raise FieldError(f"Could be {' or '.join(c.id for c in matches)}")
    raise FieldError(f"No category {text.strip()!r}")


# -- whole forms -------------------------------------------------------------------


class FieldReader:
    """Reads fields one by one, keeping every problem instead of stopping at the first."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = fields
        self.errors: dict[str, str] = {}
        self.notes: dict[str, str] = {}

    def text(self, name: str) -> str:
        return self.fields.get(name, "")

    def read(self, name: str, reader: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return reader(self.text(name), *args, **kwargs)
        except FieldError as exc:
            self.errors[name] = str(exc)
            return None


def default_end(start: int, minutes: int) -> int:
    """The end for a new item that starts at `start`, kept on the same day."""
    return min(start + minutes, MINUTES_PER_DAY)


def activity_fields(activity: Activity) -> dict[str, str]:
    """The text each field of the activity form starts with."""
    return {
        "title": activity.title,
        "date": activity.date.isoformat(),
        "start": format_time(activity.start),
        "end": format_time(activity.end),
        "category": activity.category,
        "notes": activity.notes,
    }


def read_activity(
    fields: Mapping[str, str], config: Config, *, item_id: str, done: bool, base: Activity | None = None
) -> Checked[Activity]:
    """The activity the form describes; `base` is the one being edited (its id, its
    skipped flag and any fields this version does not know are kept)."""
    r = FieldReader(fields)
    title = r.read("title", read_title)
    day = r.read("date", read_day)
    start = r.read("start", read_time)
    end = r.read("end", read_time, allow_24=True)
    keep = base.category if base else ""
    category = r.read("category", lambda text: read_category(config, text, keep=keep))
    if day is not None:
        r.notes["date"] = describe_day(day)
    if start is not None and end is not None and end <= start:
        r.errors["end"] = f"Must end after {format_time(start)}"
    if category is not None:
        known = config.category(category)
        r.notes["category"] = known.name if known else "not in config.toml"
    if r.errors:
        return Checked(None, r.errors, r.notes)
    assert title is not None and day is not None and start is not None and end is not None and category
    notes = r.text("notes").strip()
    if base is None:
        return Checked(Activity(item_id, day, start, end, title, category, done, notes=notes), {}, r.notes)
    changed = replace(base, date=day, start=start, end=end, title=title, category=category, done=done, notes=notes)
    return Checked(changed, {}, r.notes)


def special_fields(special: SpecialDate) -> dict[str, str]:
    """The text each field of the date form starts with."""
    return {
        "title": special.title,
        "date": special.date.isoformat(),
        "start": "" if special.start is None else format_time(special.start),
        "end": "" if special.end is None else format_time(special.end),
        "place": special.place,
        "prep": special.prep,
        "prep_days": "" if special.prep_days is None else str(special.prep_days),
        "notes": special.notes,
        "rating": "" if special.rating is None else str(special.rating),
        "memory": special.memory,
    }


def read_special(
    fields: Mapping[str, str],
    *,
    item_id: str,
    idea: str,
    status: str,
    prep_done: bool = False,
    base: SpecialDate | None = None,
) -> Checked[SpecialDate]:
    """The special date the form describes.  Its times are optional, and a date may
    cross midnight: an end at or before the start is on the next day.  Preparation
    can be ticked off only while there is something to prepare."""
    r = FieldReader(fields)
    title = r.read("title", read_title)
    day = r.read("date", read_day)
    start = r.read("start", read_time) if r.text("start").strip() else None
    end = r.read("end", read_time, allow_24=True) if r.text("end").strip() else None
    if day is not None:
        r.notes["date"] = describe_day(day)
    if end is not None and start is None and "start" not in r.errors:
        r.errors["start"] = "Give a start for the end time"
    if start is not None and end is not None:
        if end == start:
            r.errors["end"] = "Same as the start; change it or leave it empty"
        elif end < start:
            r.notes["end"] = "ends the next day"
    prep = r.text("prep").strip()
    prep_days = r.read("prep_days", read_number, 0, MAX_PREP_DAYS, f"Days before: 0 to {MAX_PREP_DAYS}")
    if prep and prep_days is None and "prep_days" not in r.errors:
        r.errors["prep_days"] = "How many days before?"
    if prep_days is not None and not prep:
        r.errors["prep"] = "Say what to prepare"
    rating = r.read("rating", read_number, 1, 5, "A rating from 1 to 5")
    if rating is not None:
        r.notes["rating"] = "★" * rating + "☆" * (5 - rating)
    if status not in DATE_STATUSES:
        r.errors["status"] = f"One of {', '.join(DATE_STATUSES)}"
    if r.errors:
        return Checked(None, r.errors, r.notes)
    assert title is not None and day is not None
    values: dict[str, Any] = {
        "date": day,
        "title": title,
        "start": start,
        "end": end,
        "place": r.text("place").strip(),
        "idea": idea,
        "status": status,
        "prep": prep,
        "prep_days": prep_days,
        "prep_done": prep_done and bool(prep),
        "notes": r.text("notes").strip(),
        "rating": rating,
        "memory": r.text("memory").strip(),
    }
    if base is None:
        return Checked(SpecialDate(item_id, **values), {}, r.notes)
    return Checked(replace(base, **values), {}, r.notes)


# -- go to date --------------------------------------------------------------------

_WEEKDAYS = {name: i for i, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAYS.update({name[:3]: i for i, name in enumerate(WEEKDAY_NAMES)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_SHIFT = re.compile(r"^([+-])\s*(\d{1,4})\s*(w|wk|wks|weeks?|d|days?)?$")
_WEEK_ONLY = re.compile(r"^w(?:eek)?\s*(\d{1,2})$")

GOTO_HELP = "2026-11-27 · 2026-W48 · w48 · fri · today · tomorrow · +2w · -1w · +3d"


def parse_goto(text: str, today: date) -> date:
    """The day meant by what a person typed in "go to":

    2026-11-27   that day            2026-W48, w48   that week's Monday (w48: this year)
    fri, friday  the next Friday, today included (as in quick add)
    today, tomorrow, yesterday       +2w, -1w, +2    weeks from today; +3d days
    """
    word = text.strip().lower()
    if not word:
        raise FieldError("Type a date, a week or a day")
    if word == "today":
        return today
    if word in ("tomorrow", "tmrw"):
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    if word in _WEEKDAYS:
        return today + timedelta(days=(_WEEKDAYS[word] - today.weekday()) % 7)
    if match := _SHIFT.match(word):
        sign, count, unit = match.groups()
        days = int(count) * (1 if (unit or "w").startswith("d") else 7)
        try:
            return today + timedelta(days=days if sign == "+" else -days)
        except OverflowError:
            raise FieldError("That is beyond the calendar") from None
    if "w" in word:
        return _parse_week(word, today)
    try:
        return read_day(word)
    except FieldError:
        raise FieldError(_not_understood(text)) from None


def _not_understood(text: str) -> str:
    return f"{text.strip()!r} is not a date, a week or a day I know"


def _parse_week(word: str, today: date) -> date:
    match = _WEEK_ONLY.match(word)
    try:
        if match:
            return IsoWeek(IsoWeek.of(today).year, int(match.group(1))).monday
        return IsoWeek.parse(word).monday
    except ValueError as exc:
        message = str(exc)
        if "is not a week like" in message:
            raise FieldError(_not_understood(word)) from None
        raise FieldError(message[:1].upper() + message[1:]) from None
