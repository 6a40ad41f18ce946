"""Routines: activities that repeat on some weekdays, every week or every few weeks.

A routine is stored once, in routines.toml, and never copied into the week files.
Each of its occurrences is shown as an ordinary `Activity` whose id is
"<routine id>@<YYYY-MM-DD>" (the date it was planned for, even after it is moved;
see weekplan.occurrence_ids):
'@' is not allowed in a stored id, so an occurrence can never be mistaken for a
stored activity.  Changing one occurrence stores only the difference, under its
date, in the routine's `exceptions` table:

    [routines.3f9a1c2b7d4e]
    title = "gym"
    category = "fitness"
    days = ["monday", "wednesday", "friday"]
    start = "07:00"
    end = "08:00"
    first = 2026-11-23
    interval = 1

    [routines.3f9a1c2b7d4e.exceptions.2026-11-25]
    start = "18:00"
    end = "19:00"

No Textual here: the command line loads this module and must stay fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from weekplan.fields import Fields, with_extra
from weekplan.model import ID_RE, SHARE_CHOICES, Activity, Config, new_id, title_problem
from weekplan.occurrence_ids import occurrence_id, parse_occurrence_id
from weekplan.record import Record, field, replace
from weekplan.timewords import DAY_GROUPS, WEEKDAYS, Reading, TimeWordError, days_of, read_length, read_phrase
from weekplan.weeks import MINUTES_PER_DAY, WEEKDAY_NAMES, coming_weekday, format_time

MAX_INTERVAL = 52


# -- occurrence ids -------------------------------------------------------------------


def describe_days(days: tuple[int, ...]) -> str:
    """ "daily", "weekdays", "weekends" or "mon,wed,fri": words the day-set reader takes back."""
    for word, group in DAY_GROUPS.items():
        if days == group:
            return word
    return ",".join(WEEKDAY_NAMES[d][:3] for d in days)


# -- one changed occurrence ---------------------------------------------------------


class OccurrenceChange(Record):
    """How one occurrence differs from its routine; None means "as the routine says"."""

    removed: bool = False
    date: date | None = None
    start: int | None = None
    end: int | None = None
    title: str | None = None
    category: str | None = None
    notes: str | None = None
    done: bool = False
    skipped: bool = False
    share: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.removed:
            data["removed"] = True
        if self.date is not None:
            data["date"] = self.date
        if self.start is not None:
            data["start"] = format_time(self.start)
        if self.end is not None:
            data["end"] = format_time(self.end)
        for name in ("title", "category", "notes", "share"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.done:
            data["done"] = True
        if self.skipped:
            data["skipped"] = True
        return with_extra(data, self.extra)

    @classmethod
    def from_toml(cls, raw: Any) -> tuple[OccurrenceChange, list[tuple[str | None, str]]]:
        f = Fields(raw)
        present = f.raw
        change = cls(
            removed=f.flag("removed"),
            date=f.day("date", required=False),
            start=f.time("start", required=False),
            end=f.time("end", required=False, allow_24=True),
            title=f.text("title", non_empty=True) if "title" in present else None,
            category=f.text("category", non_empty=True) if "category" in present else None,
            notes=f.text("notes") if "notes" in present else None,
            done=f.flag("done"),
            skipped=f.flag("skipped"),
            share=f.choice("share", SHARE_CHOICES, "busy") if "share" in present else None,
        )
        return replace(change, extra=f.extra()), f.problems


# -- the routine --------------------------------------------------------------------------


class Routine(Record):
    """An activity that repeats on `days` (0 = Monday) every `interval` weeks, counted
    from the week of `first`, up to and including `last` when there is one.  Its weeks
    start on `week_start` (0 = Monday): the planner's first weekday when it was made,
    kept with it when `interval` is more than 1, so that "every other sat,sun" on a planner whose weeks start on
    Sunday comes in the weeks it showed, and moves nowhere if that setting changes.
    An exported RRULE says it as WKST."""

    id: str
    title: str
    category: str
    days: tuple[int, ...]
    start: int
    end: int
    first: date
    last: date | None = None
    interval: int = 1
    notes: str = ""
    uid: str = ""  # the iCalendar UID it was imported from, so importing again adds nothing
    share: str = "busy"  # how much of it a partner sees (model.SHARE_CHOICES)
    exceptions: dict[date, OccurrenceChange] = field(default_factory=dict, hash=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False, hash=False)
    # The routine this one carries on "from now on" (split_at), so that a merge can bring
    # it what another machine changed meanwhile in that one (weekplan.routine_merge).
    split_from: str = ""
    week_start: int = 0

    def __post_init__(self) -> None:
        # Which weekday starts its weeks changes nothing for a weekly routine: it is
        # kept (and written) only for one every other week or more, so that a weekly
        # routine reads the same to a weekplan from before week_start.
        if self.interval == 1 and self.week_start:
            object.__setattr__(self, "week_start", 0)

    # -- which days ---------------------------------------------------------------------

    def occurs_on(self, day: date) -> bool:
        """Whether `day` is one of the planned dates (before any exception moves or removes it)."""
        if day < self.first or (self.last is not None and day > self.last) or day.weekday() not in self.days:
            return False
        weeks = (day - self.first).days + (self.first.weekday() - self.week_start) % 7
        return (weeks // 7) % self.interval == 0

    def planned_dates(self, first: date, last: date) -> Iterator[date]:
        """The planned dates in first..last, in order: cheap for a week, linear in days."""
        day = max(first, self.first)
        end = last if self.last is None else min(last, self.last)
        while day <= end:
            if self.occurs_on(day):
                yield day
            day += timedelta(days=1)

    def first_date(self) -> date | None:
        """The first planned date, which need not be `first` itself."""
        return next(self.planned_dates(self.first, self.first + timedelta(weeks=self.interval)), None)

    # -- occurrences as activities ----------------------------------------------------

    def planned(self, day: date) -> Activity:
        """The occurrence on a planned date as the routine alone describes it."""
        return Activity(
            occurrence_id(self.id, day),
            day,
            self.start,
            self.end,
            self.title,
            self.category,
            notes=self.notes,
            share=self.share,
        )

    def occurrence(self, day: date) -> Activity | None:
        """The occurrence planned for `day` with its exception applied; None when it was removed
        or `day` is not a planned date."""
        if not self.occurs_on(day):
            return None
        change = self.exceptions.get(day)
        base = self.planned(day)
        if change is None:
            return base
        if change.removed:
            return None
        return replace(
            base,
            date=change.date or base.date,
            start=base.start if change.start is None else change.start,
            end=base.end if change.end is None else change.end,
            title=base.title if change.title is None else change.title,
            category=base.category if change.category is None else change.category,
            notes=base.notes if change.notes is None else change.notes,
            share=base.share if change.share is None else change.share,
            done=change.done,
            skipped=change.skipped,
        )

    def occurrences_between(self, first: date, last: date) -> list[Activity]:
        """Occurrences that land on first..last, including ones moved there from outside."""
        found = []
        for day in self.planned_dates(first, last):
            activity = self.occurrence(day)
            if activity is not None and first <= activity.date <= last:
                found.append(activity)
        for day, change in self.exceptions.items():
            if change.date is not None and not first <= day <= last and first <= change.date <= last:
                activity = self.occurrence(day)
                if activity is not None:
                    found.append(activity)
        return found

    def change_for(self, activity: Activity) -> OccurrenceChange | None:
        """The exception that makes the occurrence look like `activity`; None when it is as planned."""
        parsed = parse_occurrence_id(activity.id)
        if parsed is None or parsed[0] != self.id:
            raise ValueError(f"{activity.id} is not an occurrence of routine {self.id}")
        base = self.planned(parsed[1])
        change = OccurrenceChange(
            date=None if activity.date == base.date else activity.date,
            start=None if activity.start == base.start else activity.start,
            end=None if activity.end == base.end else activity.end,
            title=None if activity.title == base.title else activity.title,
            category=None if activity.category == base.category else activity.category,
            notes=None if activity.notes == base.notes else activity.notes,
            share=None if activity.share == base.share else activity.share,
            done=activity.done,
            skipped=activity.skipped,
        )
        return None if change == OccurrenceChange() else change

    def with_exception(self, day: date, change: OccurrenceChange | None) -> Routine:
        exceptions = dict(self.exceptions)
        if change is None:
            exceptions.pop(day, None)
        else:
            exceptions[day] = change
        return replace(self, exceptions=exceptions)

    def ended_before(self, day: date) -> Routine | None:
        """This routine with its last date the day before `day`; None when nothing would be left.
        Exceptions from `day` on are dropped with the occurrences they belonged to."""
        last = day - timedelta(days=1)
        if self.last is not None and self.last <= last:
            return self
        ended = replace(self, last=last, exceptions={d: c for d, c in self.exceptions.items() if d <= last})
        return ended if ended.first_date() is not None else None

    def describe(self) -> str:
        every = "every week" if self.interval == 1 else f"every {self.interval} weeks"
        until = f" until {self.last}" if self.last else ""
        return (
            f"{describe_days(self.days)} {format_time(self.start)}–{format_time(self.end)} {self.title}"
            f"{f'  #{self.category}' if self.category else ''}  ({every} from {self.first}{until})"
        )

    # -- TOML ---------------------------------------------------------------------------

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title}
        if self.category:  # none: a neutral colour, counted as your own time
            data["category"] = self.category
        data |= {
            "days": [WEEKDAY_NAMES[d] for d in self.days],
            "start": format_time(self.start),
            "end": format_time(self.end),
            "first": self.first,
        }
        if self.last is not None:
            data["last"] = self.last
        data["interval"] = self.interval
        if self.notes:
            data["notes"] = self.notes
        if self.uid:
            data["uid"] = self.uid
        if self.share != "busy":
            data["share"] = self.share
        if self.split_from:
            data["split_from"] = self.split_from
        if self.week_start:
            data["week_start"] = WEEKDAY_NAMES[self.week_start]
        with_extra(data, self.extra)
        if self.exceptions:
            data["exceptions"] = {day.isoformat(): self.exceptions[day].to_toml() for day in sorted(self.exceptions)}
        return data

    @classmethod
    def from_toml(cls, item_id: str, raw: Any) -> Routine:
        f = Fields(raw)
        title = f.text("title", required=True, non_empty=True)
        category = f.text("category")
        days = _days_field(f)
        start = f.time("start")
        end = _end_field(f, start)
        first = f.day("first")
        last = f.day("last", required=False)
        interval = f.number("interval", 1, MAX_INTERVAL)
        notes = f.text("notes")
        uid = f.text("uid")
        share = f.choice("share", SHARE_CHOICES, "busy")
        split_from = f.text("split_from")
        week_start = WEEKDAY_NAMES.index(f.choice("week_start", WEEKDAY_NAMES, "monday"))
        if split_from and not ID_RE.match(split_from):
            f.problems.append(("split_from", f"'split_from' must be a routine's id, not {split_from!r}"))
        if first is not None and last is not None and last < first:
            f.problems.append(("last", f"'last' ({last}) is before 'first' ({first})"))
        exceptions = _exceptions_field(f)
        f.done()
        assert start is not None and end is not None and first is not None
        return cls(
            item_id,
            title,
            category,
            days,
            start,
            end,
            first,
            last,
            1 if interval is None else int(interval),
            notes,
            uid,
            share,
            exceptions,
            f.extra(),
            split_from,
            week_start,
        )


def _days_field(f: Fields) -> tuple[int, ...]:
    names = f.text_list("days")
    if "days" not in f.raw:
        f.problems.append(("days", '\'days\' is missing: a list like ["monday", "thursday"]'))
        return ()
    days: set[int] = set()
    for name in names:
        if name.lower() in WEEKDAYS:
            days.add(WEEKDAYS[name.lower()])
        else:
            f.problems.append(("days", f"{name!r} in 'days' is not a day name like monday"))
    if names and not days and not f.problems:
        f.problems.append(("days", "'days' names no day"))
    if not names and not f.problems:
        f.problems.append(("days", "'days' is empty: name at least one day"))
    return tuple(sorted(days))


def _end_field(f: Fields, start: int | None) -> int | None:
    """`end` as a time, or `duration` in minutes (or text like "1h30")."""
    if "end" in f.raw or "duration" not in f.raw:
        end = f.time("end", allow_24=True)
    else:
        f.used.add("duration")
        value = f.raw["duration"]
        minutes = None
        if isinstance(value, int) and not isinstance(value, bool):
            minutes = value
        elif isinstance(value, str):
            try:
                minutes = read_length(value)
            except TimeWordError:
                minutes = None
        if minutes is None or not 0 < minutes <= MINUTES_PER_DAY:
            f.problems.append(("duration", "'duration' must be minutes (like 90) or text like \"1h30\""))
            return None
        end = None if start is None else start + minutes
    if start is not None and end is not None and not start < end <= MINUTES_PER_DAY:
        f.problems.append(("end", f"must end after it starts at {format_time(start)} and by 24:00"))
    return end


def _exceptions_field(f: Fields) -> dict[date, OccurrenceChange]:
    f.used.add("exceptions")
    raw = f.raw.get("exceptions", {})
    if not isinstance(raw, dict):
        f.problems.append(("exceptions", "'exceptions' must be a table of dates"))
        return {}
    exceptions: dict[date, OccurrenceChange] = {}
    for key, value in raw.items():
        day: date | None = None
        if isinstance(key, str):
            try:
                day = date.fromisoformat(key)
            except ValueError:
                day = None
        # A problem of an exception is placed in the exception's own table: its key is
        # the path to that table and the field in it (weekplan.item_file.read_collection).
        if day is None:
            message = f"exception {key!r} is not named by a date like 2026-11-25"
            f.problems.append((("exceptions", str(key), None), message))
            continue
        change, problems = OccurrenceChange.from_toml(value)
        for name, message in problems:
            where = f"exceptions.{key}" + (f".{name}" if name else "")
            f.problems.append((("exceptions", key, name), f"{where}: {message}"))
        if not problems:
            exceptions[day] = change
    return exceptions


# -- editing "all from now on" --------------------------------------------------------------


def split_at(routine: Routine, edited: Activity) -> tuple[Routine | None, Routine]:
    """Apply an edited occurrence to it and all later ones: the old routine ends before it
    (None when nothing is left of it) and a new routine, with a new id, carries on.

    Moving the occurrence to another weekday in this edit moves that weekday of the
    routine (a move made earlier for this occurrence alone stays its own); its
    done/skipped marks stay on that one occurrence.  DayTakenError when the new
    weekday is already one of the routine's days: the two would merge into one.
    """
    parsed = parse_occurrence_id(edited.id)
    if parsed is None or parsed[0] != routine.id:
        raise ValueError(f"{edited.id} is not an occurrence of routine {routine.id}")
    planned = parsed[1]
    shown = routine.occurrence(planned)
    shown_date = shown.date if shown is not None else planned
    days = set(routine.days)
    carried_planned = planned  # the occurrence's planned date in the new routine
    if edited.date != shown_date and edited.date.weekday() != planned.weekday():
        if edited.date.weekday() in days:
            raise DayTakenError(
                f"{routine.title!r} already happens on {WEEKDAY_NAMES[edited.date.weekday()].capitalize()}s; "
                "move this one alone, or change the days of the routine"
            )
        days.discard(planned.weekday())
        days.add(edited.date.weekday())
        carried_planned = edited.date
    first = min(planned, edited.date)
    later = {d: c for d, c in routine.exceptions.items() if d >= first and d != planned}
    carried = replace(
        routine,
        id=new_id(),
        title=edited.title,
        category=edited.category,
        notes=edited.notes,
        days=tuple(sorted(days)),
        start=edited.start,
        end=edited.end,
        first=first,
        uid="",
        exceptions=later,
        split_from=routine.id,
    )
    # Done and skipped marks belong to this one occurrence, not to the routine.
    as_carried = replace(edited, id=occurrence_id(carried.id, carried_planned))
    carried = carried.with_exception(carried_planned, carried.change_for(as_carried))
    return routine.ended_before(first), carried


class DayTakenError(ValueError):
    """An edit for all occurrences from now on that would move one weekday onto another."""


# -- quick routine text ----------------------------------------------------------------


def first_to_come(day: date, weekdays: Iterable[int]) -> date:
    """The first of the weekdays from `day` on: where a new routine begins.  Its weeks
    are counted from there, not from `day`'s week, so "every other tue" begun on a
    Friday comes on the next Tuesday, not on the one after."""
    return min(coming_weekday(day, weekday) for weekday in weekdays)


class RoutineTextError(ValueError):
    """The routine text could not be understood; the message says which part and why."""


def parse_routine(
    text: str,
    config: Config,
    today: date,
    *,
    interval: int | None = None,
    last: date | None = None,
    earlier: Callable[[str], str | None] | None = None,
    language: str = "",
) -> Routine:
    """ "gym Mon/Wed/Fri 07:00 1h #fitness" to a new routine starting on its first date
    from today.  The words are read by weekplan.timewords, as quick add reads them, in
    English and `language` (weekplan.display.reading_language); `interval` (from
    --every) must agree with any "every other" in the text."""
    try:
        reading = read_phrase(text, today, first_weekday=config.first_weekday, language=language)
        days = days_of(reading)
        times = reading.start_end(60)
    except TimeWordError as exc:
        raise RoutineTextError(str(exc)) from None
    if reading.days and len(reading.days) != len(reading.weekdays):
        named = next(words for index, (words, _day) in enumerate(reading.days) if index not in _bare(reading))
        raise RoutineTextError(
            f"{named!r} is a date: a routine repeats on days like mon,wed,fri (--from sets its start)"
        )
    if days is None or not days.days:
        raise RoutineTextError("no days: add some like mon,wed,fri, Mon/Wed/Fri, weekdays, daily or every other mon")
    if times is None:
        raise RoutineTextError("no time: add a start like 07:00 or 7am, or a range like 07:00-08:00")
    if interval is not None and days.interval != 1 and interval != days.interval:
        raise RoutineTextError(f"every {days.interval} weeks in the text but --every {interval}: give one")
    every = interval if interval is not None and days.interval == 1 else days.interval
    if not 1 <= every <= MAX_INTERVAL:
        raise RoutineTextError(f"every 1 to {MAX_INTERVAL} weeks, please")
    title = reading.title_text
    if not title:
        raise RoutineTextError("no title: say what it is, like 'gym'")
    if (problem := title_problem(title)) is not None:
        raise RoutineTextError(problem)
    category = _category(reading.categories, config, title, earlier)
    start, end = times
    first = first_to_come(today, days.days)
    if last is not None and first > last:
        raise RoutineTextError("it would never happen between its first and last date")
    return Routine(
        new_id(), title, category, days.days, start, end, first, last, every, week_start=config.first_weekday
    )


def _bare(reading: Reading) -> set[int]:
    return {index for _words, _weekday, index in reading.weekdays}


def _category(words: list[str], config: Config, title: str, earlier: Callable[[str], str | None] | None) -> str:
    if len(words) > 1:
        raise RoutineTextError(f"two categories (#{words[0]} and #{words[1]}); give one")
    if words:
        try:
            return config.find_category(words[0]).id
        except ValueError as exc:
            raise RoutineTextError(str(exc)) from None
    found = earlier(title) if earlier is not None else None
    return found if found and config.category(found) is not None else ""


def expand(routines: Iterator[Routine] | list[Routine], first: date, last: date) -> list[Activity]:
    """All occurrences of these routines on first..last (unsorted)."""
    return [activity for routine in routines for activity in routine.occurrences_between(first, last)]
