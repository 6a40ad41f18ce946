"""What the planner's forms accept: the text of each field turned into an Activity,
a SpecialDate or a day to go to, with a message per field for whatever is wrong.

Plain Python, no Textual: the forms only show what these functions say, so every
rule can be tested without a screen.  Messages are short because they sit next to
their field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Generic, TypeVar

from weekplan import clock, timewords
from weekplan.display import reading_language
from weekplan.model import DATE_STATUSES, MAX_PREP_DAYS, Activity, Category, Config, SpecialDate, title_problem
from weekplan.people import memory_by, named_ratings, rating_by, ratings_of, with_say_of
from weekplan.record import Record, field, replace
from weekplan.weeks import MINUTES_PER_DAY, format_time

T = TypeVar("T")

ACTIVITY_MINUTES = 60  # a new activity's length when only its start is known
DATE_MINUTES = 120  # a new special date's length when only its start is known

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


def _field_error(exc: timewords.TimeWordError) -> FieldError:
    message = str(exc)
    return FieldError(message[:1].upper() + message[1:])


def read_day(text: str, today: date | None = None, first_weekday: int = 0, language: str = "") -> date:
    """A date in any of the words of weekplan.timewords: "fri", "24 dec", "2026-12-24";
    "this fri" in the week that starts on `first_weekday`; month and day names in the
    `language` the planner shows them in, too."""
    day = clock.today() if today is None else today
    try:
        return timewords.read_date(text, day, first_weekday=first_weekday, language=language)
    except timewords.TimeWordError as exc:
        raise _field_error(exc) from None


def read_time(text: str, *, allow_24: bool = False) -> int:
    """A time of day: "19:30", "7pm", "7:30pm", "noon" (also "1930"); 24:00 only as an end."""
    try:
        return timewords.read_time(text, end=allow_24)
    except timewords.TimeWordError as exc:
        raise _field_error(exc) from None


def read_end(text: str, start: int | None, *, wrap: bool = False) -> int:
    """An end time ("21:00", "9pm") or a length from the start ("1h30", "90m")."""
    try:
        end = timewords.read_end(text, start, wrap=wrap)
    except timewords.TimeWordError as exc:
        raise _field_error(exc) from None
    if not wrap and start is not None and end <= start:
        raise FieldError(f"Must end after {format_time(start)}")
    return end


def describe_day(day: date) -> str:
    """ "Fri 27 Nov 2026 · week 48": the day the words were read as, to catch a slip."""
    return f"{day:%a %-d %b %Y} · week {day.isocalendar().week}"


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


def read_category(config: Config, text: str, *, keep: str = "", suggested: str = "") -> str:
    """The id of the category meant by an id, a name or a unique prefix; empty is
    `suggested` (the category of an earlier entry with the same title), else none.

    `keep` is the category the item already has: it stays acceptable even when
    config.toml no longer lists it, so editing an old item never forces a change.
    """
    if keep and text.strip() == keep:
        return keep
    if not text.strip():
        return suggested
    matches = category_matches(config, text)
    if len(matches) == 1:
        return matches[0].id
    if matches:
        raise FieldError(f"Could be {' or '.join(c.id for c in matches)}")
    raise FieldError(f"No category {text.strip()!r}")


def category_note(config: Config, typed: str, category: str) -> str:
    """What the category field means: its name, the suggestion taken, or none."""
    if not category:
        return "none: your own time, in a neutral colour"
    known = config.category(category)
    name = known.name if known else "not in config.toml"
    return name if typed.strip() else f"{category}, as before with this title"


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
    fields: Mapping[str, str],
    config: Config,
    *,
    item_id: str,
    done: bool,
    base: Activity | None = None,
    today: date | None = None,
    earlier: Callable[[str], str | None] | None = None,
) -> Checked[Activity]:
    """The activity the form describes; `base` is the one being edited (its id, its
    skipped flag and any fields this version does not know are kept).  An empty
    category takes the one `earlier` gives for the title (shown as a suggestion)."""
    r = FieldReader(fields)
    title = r.read("title", read_title)
    day = r.read("date", read_day, today, config.first_weekday, reading_language(config))
    start = r.read("start", read_time)
    end = r.read("end", read_end, start)
    keep = base.category if base else ""
    # Only a new activity takes a suggestion: an edited one keeps having none.
    suggested = suggested_category(config, title, earlier) if base is None else ""
    category = r.read("category", lambda text: read_category(config, text, keep=keep, suggested=suggested))
    if day is not None:
        r.notes["date"] = describe_day(day)
    if start is not None and end is not None:
        r.notes["end"] = f"{format_time(end)} · {length_words(end - start)}"
    if category is not None:
        r.notes["category"] = category_note(config, r.text("category"), category)
    if r.errors:
        return Checked(None, r.errors, r.notes)
    assert title is not None and day is not None and start is not None and end is not None and category is not None
    notes = r.text("notes").strip()
    if base is None:
        return Checked(Activity(item_id, day, start, end, title, category, done, notes=notes), {}, r.notes)
    changed = replace(base, date=day, start=start, end=end, title=title, category=category, done=done, notes=notes)
    return Checked(changed, {}, r.notes)


def suggested_category(config: Config, title: str | None, earlier: Callable[[str], str | None] | None) -> str:
    """The category of an earlier entry with this title, when config.toml still has it."""
    found = earlier(title) if earlier is not None and title else None
    return found if found and config.category(found) is not None else ""


def length_words(minutes: int) -> str:
    """ "1 h 30 min": a length as a person says it."""
    hours, rest = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if part)


def special_fields(special: SpecialDate, me: str = "") -> dict[str, str]:
    """The text each field of the date form starts with; while sharing (`me` names this
    person) the rating and memory are this person's own."""
    rating = rating_by(special, me) if me else special.rating
    return {
        "title": special.title,
        "date": special.date.isoformat(),
        "start": "" if special.start is None else format_time(special.start),
        "end": "" if special.end is None else format_time(special.end),
        "place": special.place,
        "prep": special.prep,
        "prep_days": "" if special.prep_days is None else str(special.prep_days),
        "notes": special.notes,
        "rating": "" if rating is None else str(rating),
        "memory": memory_by(special, me) if me else special.memory,
    }


def read_special(
    fields: Mapping[str, str],
    *,
    item_id: str,
    idea: str,
    status: str,
    prep_done: bool = False,
    base: SpecialDate | None = None,
    today: date | None = None,
    first_weekday: int = 0,
    me: str = "",
    language: str = "",
) -> Checked[SpecialDate]:
    """The special date the form describes.  Its times are optional, and a date may
    cross midnight: an end at or before the start is on the next day.  Preparation
    can be ticked off only while there is something to prepare."""
    r = FieldReader(fields)
    title = r.read("title", read_title)
    day = r.read("date", read_day, today, first_weekday, language)
    start = r.read("start", read_time) if r.text("start").strip() else None
    end = r.read("end", read_end, start, wrap=True) if r.text("end").strip() else None
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
    if me:  # this person's own rating and memory; the partner's stay as they are
        others = named_ratings(pair for pair in ratings_of(base) if pair[0] != me) if base else ""
        if others:
            r.notes["rating"] = f"{r.notes['rating']} · {others}" if "rating" in r.notes else others
        rating, memory = values.pop("rating"), values.pop("memory")
        special = SpecialDate(item_id, **values) if base is None else replace(base, **values)
        return Checked(with_say_of(special, me, rating, memory), {}, r.notes)
    if base is None:
        return Checked(SpecialDate(item_id, **values), {}, r.notes)
    return Checked(replace(base, **values), {}, r.notes)
