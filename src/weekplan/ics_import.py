"""iCalendar import: calcurse, khal/vdir and phone exports into weekplan.

Timed events become activities, weekly repeats become routines (weekplan.ics_expand),
other repeats are expanded up to a year ahead, all-day events are skipped or imported
as asked.  It plans everything first and writes only when every file could be read,
so a file that is not a calendar adds nothing; an event that cannot be used is
reported with its file and line and left out, and the rest of its file comes in, as
other calendar programs read it.  What came from where is remembered (the UID on each
item), so importing the same file twice adds nothing the second time.

`icalendar` and `recurring-ical-events` are imported inside the functions.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from weekplan.ics import EXPAND_DAYS_AHEAD, KIND, MAX_EXPANDED, own_id
from weekplan.ics_events import (
    Options,
    all_day_activities,
    gap_notes,
    label,
    recurrence_key,
    recurrence_text,
    span_of,
    special_date,
    text_of,
    timed_activities,
    uid_of,
)
from weekplan.ics_expand import TooManyOccurrences, as_routine, occurrences, real_rules
from weekplan.ics_read import IcsError, one_line, read_calendars
from weekplan.local_zone import local_zone
from weekplan.model import Activity, SpecialDate, new_id
from weekplan.record import Record, field
from weekplan.routines import Routine
from weekplan.store import ReadOnlyError, Store
from weekplan.weeks import YEARS_HELP, IsoWeek, plannable

if TYPE_CHECKING:
    from icalendar import Calendar, Component, Event


class ImportPlan(Record, frozen=False):
    """What an import would add, and an account of everything else."""

    events: int = 0
    activities: list[Activity] = field(default_factory=list)
    routines: list[Routine] = field(default_factory=list)
    dates: list[SpecialDate] = field(default_factory=list)
    expanded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    already: int = 0

    @property
    def empty(self) -> bool:
        return not (self.activities or self.routines or self.dates)

    def summary(self) -> list[str]:
        lines = [f"read {self.events} event{_s(self.events)}"]
        if self.activities:
            weeks = sorted({IsoWeek.of(a.date) for a in self.activities})
            span = f"{weeks[0]}" if len(weeks) == 1 else f"{weeks[0]} … {weeks[-1]}"
            lines.append(f"activities: {len(self.activities)} in {len(weeks)} week{_s(len(weeks))} ({span})")
        for routine in self.routines:
            lines.append(f"routine: {routine.describe()}")
        if self.dates:
            lines.append(f"special dates: {len(self.dates)}")
        lines += [f"expanded: {line}" for line in self.expanded]
        if self.already:
            lines.append(f"already here from an earlier import, not added again: {self.already}")
        lines += [f"skipped: {line}" for line in self.skipped]
        lines += [f"note: {line}" for line in self.notes]
        if self.empty:
            lines.append("nothing new to add")
        return lines


def _s(count: int) -> str:
    return "" if count == 1 else "s"


class _Known:
    """Ids and imported UIDs already in the data, plus what this import adds."""

    def __init__(self, store: Store) -> None:
        self.ids: set[str] = set()
        self.keys: set[tuple[str, str]] = set()
        items: list[Activity | SpecialDate | Routine] = [*store.all_activities(), *store.dates().items.values()]
        items += store.routines().items.values()
        for item in items:
            self.ids.add(item.id)
            uid = item.uid if isinstance(item, Routine) else item.extra.get("uid")
            if isinstance(uid, str) and uid:
                recurrence = "" if isinstance(item, Routine) else str(item.extra.get("recurrence_id", ""))
                self.keys.add((uid, recurrence))

    def has(self, uid: str, recurrence: str = "") -> bool:
        own = own_id(uid)
        return (uid, recurrence) in self.keys or (not recurrence and own is not None and own in self.ids)

    def add(self, uid: str, recurrence: str = "") -> None:
        self.keys.add((uid, recurrence))
        own = own_id(uid)
        if own and not recurrence:
            self.ids.add(own)


def plan_import(
    sources: Iterable[tuple[Path, bytes]],
    store: Store,
    *,
    zone: ZoneInfo | None = None,
    category: str | None = None,
    all_day: bool = False,
    today: date | None = None,
) -> ImportPlan:
    """Read the files and work out what to add; raises IcsError (adding nothing) when a
    file is not iCalendar at all.  `category` is an id already checked against the config."""
    # What the libraries warn about (a zone guessed from a vendor's TZID, say) is told
    # in the summary, not printed as a Python warning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = _plan(sources, store, zone, category, all_day, today)
    told = set()
    for warning in caught:
        message = one_line(warning.message)
        if message not in told:
            told.add(message)
            plan.notes.append(message)
    return plan


def _plan(
    sources: Iterable[tuple[Path, bytes]],
    store: Store,
    zone: ZoneInfo | None,
    category: str | None,
    all_day: bool,
    today: date | None,
) -> ImportPlan:
    options = Options(zone or local_zone(), store.config, category, all_day, today or date.today())
    calendars: list[Calendar] = []
    problems: list[str] = []
    plan = ImportPlan()
    for path, data in sources:
        try:
            read = read_calendars(path, data)
        except IcsError as exc:
            problems += exc.problems
            continue
        calendars += [_standard(cal, plan) for cal in read.calendars]
        plan.skipped += read.skipped
        plan.notes += read.notes
    if problems:
        raise IcsError(problems)
    known = _Known(store)
    groups: dict[str, list[Event]] = {}
    zones: dict[str, list[Component]] = {}
    ignored = 0
    for cal in calendars:
        timezones = cal.walk("VTIMEZONE")
        for component in cal.subcomponents:
            if component.name == "VEVENT":
                uid = uid_of(component)
                groups.setdefault(uid, []).append(component)
                zones.setdefault(uid, timezones)
            elif component.name in ("VTODO", "VJOURNAL"):
                ignored += 1
    if ignored:
        plan.notes.append(
            f"{ignored} to-do or journal entr{'y' if ignored == 1 else 'ies'} left out: only events come in"
        )
    for uid, events in groups.items():
        masters = _newest_first([e for e in events if "RECURRENCE-ID" not in e])
        overrides = _newest_per_recurrence([e for e in events if "RECURRENCE-ID" in e])
        plan.events += 1 if masters else len(overrides)
        for older in masters[1:]:
            plan.notes.append(f"{label(older, options)}: an older version of an event in the file; the newest counts")
        try:
            _plan_group(masters[0] if masters else None, overrides, uid, zones[uid], plan, known, options)
        except Exception as exc:  # one event the libraries cannot make sense of costs that event only
            first = masters[0] if masters else overrides[0]
            plan.skipped.append(f"{label(first, options)}: cannot be read ({one_line(exc)}); left out")
    return plan


def _version(event: Event) -> tuple[int, str]:
    """How new a version of an event is: its SEQUENCE, then its LAST-MODIFIED."""
    try:
        sequence = int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        sequence = 0
    modified = event.get("LAST-MODIFIED")
    return sequence, modified.to_ical().decode() if hasattr(modified, "to_ical") else ""


def _newest_first(events: list[Event]) -> list[Event]:
    """Versions of one event, the newest first; among equals the one later in the file."""
    return [e for _, e in sorted(enumerate(events), key=lambda pair: (_version(pair[1]), pair[0]), reverse=True)]


def _newest_per_recurrence(overrides: list[Event]) -> list[Event]:
    newest: dict[str, Event] = {}
    for override in reversed(_newest_first(overrides)):
        newest[override["RECURRENCE-ID"].to_ical().decode()] = override
    return list(newest.values())


def _standard(calendar: Calendar, plan: ImportPlan) -> Calendar:
    """The calendar with floating times read in its X-WR-TIMEZONE, as Google Calendar
    means them and the reference expansion reads them."""
    if "X-WR-TIMEZONE" not in calendar:
        return calendar
    import x_wr_timezone

    try:
        return x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # an X-WR-TIMEZONE that names no zone: times stay floating
        plan.notes.append(f"X-WR-TIMEZONE {str(calendar['X-WR-TIMEZONE'])!r} not used ({one_line(exc)})")
        return calendar


def _plan_group(
    master: Event | None,
    overrides: list[Event],
    uid: str,
    timezones: list[Component],
    plan: ImportPlan,
    known: _Known,
    options: Options,
) -> None:
    if master is not None and not overrides and not real_rules(master) and "RDATE" not in master:
        if "RRULE" in master:
            plan.notes.append(f"{label(master, options)}: its RRULE is empty; it came in once")
        _plan_single(master, uid, "", plan, known, options)
        return
    if master is None:
        for override in overrides:
            _plan_single(override, uid, recurrence_key(override, options), plan, known, options)
        return
    if known.has(uid):
        plan.already += 1
        return
    if _outside_the_years(master, plan, options):
        return
    if text_of(master, "STATUS").upper() == "CANCELLED":
        plan.skipped.append(f"{label(master, options)}: cancelled")
        return
    if not isinstance(master.start, datetime) and not options.all_day:
        plan.skipped.append(f"{label(master, options)}: repeating all-day event (--all-day import brings these in)")
        return
    routine = as_routine(master, uid, overrides, options)
    if routine is not None:
        plan.notes += gap_notes(master, options)
        plan.routines.append(routine)
        known.add(uid)
        return
    _expand(master, overrides, uid, timezones, plan, known, options)


def _outside_the_years(event: Event, plan: ImportPlan, options: Options) -> bool:
    start = event.start
    day = start.date() if isinstance(start, datetime) else start
    if isinstance(day, date) and not plannable(day):
        plan.skipped.append(f"{label(event, options)}: not in {YEARS_HELP}")
        return True
    return False


def _plan_single(event: Event, uid: str, recurrence: str, plan: ImportPlan, known: _Known, options: Options) -> None:
    if known.has(uid, recurrence):
        plan.already += 1
        return
    if _outside_the_years(event, plan, options):
        return
    kind = text_of(event, KIND)
    if text_of(event, "STATUS").upper() == "CANCELLED" and kind != "date":
        plan.skipped.append(f"{label(event, options)}: cancelled")
        return
    own = own_id(uid) if not recurrence else None
    if kind == "date":
        plan.dates.append(special_date(event, own or new_id(), options, uid))
    elif not isinstance(event.start, datetime):
        if not options.all_day and kind != "activity":  # weekplan's own come back as they went
            plan.skipped.append(f"{label(event, options)}: all day (--all-day import brings these in)")
            return
        plan.activities += all_day_activities(event, uid, recurrence, event.start, options)
    else:
        start, end, made_up = span_of(event, options)
        if made_up:
            plan.notes.append(f"{label(event, options)} has no end; it was given an hour")
        plan.notes += gap_notes(event, options)
        pieces = timed_activities(event, uid, recurrence, start, end, options, own=own)
        if len(pieces) > 1:
            plan.notes.append(f"{label(event, options)} runs past midnight; it came in as {len(pieces)} days")
        plan.activities += pieces
    known.add(uid, recurrence)


def _expand(
    master: Event,
    overrides: list[Event],
    uid: str,
    timezones: list[Component],
    plan: ImportPlan,
    known: _Known,
    options: Options,
) -> None:
    """A repeat no routine can say: its occurrences up to a year from today, as activities."""
    horizon = date.fromordinal(options.today.toordinal() + EXPAND_DAYS_AHEAD)
    try:
        found = list(occurrences(master, overrides, timezones, horizon, MAX_EXPANDED))
    except TooManyOccurrences:
        plan.skipped.append(
            f"{label(master, options)}: repeats more than {MAX_EXPANDED} times up to {horizon}; left out "
            "(a routine or a shorter repeat says it better)"
        )
        return
    rules = "; ".join(r.to_ical().decode() for r in real_rules(master)) or "RDATE"
    added = 0
    gaps: list[str] = []
    used: set[str] = set()
    for occurrence in found:
        planned = occurrence.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in occurrence else occurrence.start
        recurrence = recurrence_text(planned, options)
        if recurrence in used:  # the later ones a RANGE=THISANDFUTURE override moved carry its RECURRENCE-ID
            recurrence = recurrence_text(occurrence.start, options)
        used.add(recurrence)
        if known.has(uid, recurrence) or _outside_the_years(occurrence, plan, options):
            continue
        if text_of(occurrence, "STATUS").upper() == "CANCELLED":
            continue
        if isinstance(occurrence.start, datetime):
            start, end, _ = span_of(occurrence, options)
            gaps += gap_notes(occurrence, options)
            new = timed_activities(occurrence, uid, recurrence, start, end, options, own=None)
        else:
            new = all_day_activities(occurrence, uid, recurrence, occurrence.start, options)
        plan.activities += new
        known.add(uid, recurrence)
        added += 1
    plan.notes += gaps[:3] + ([f"… and {len(gaps) - 3} more times that do not exist"] if len(gaps) > 3 else [])
    if not found:
        plan.skipped.append(f"{label(master, options)}: its repeat ({rules}) has no occurrence up to {horizon}")
        return
    window = f"{_day(found[0])} … {_day(found[-1])}, up to a year ahead"
    if added:
        plan.expanded.append(f"{label(master, options)} repeats as {rules}: {added} occurrence{_s(added)} ({window})")
    else:
        plan.already += 1


def _day(event: Event) -> date:
    start = event.start
    return start.date() if isinstance(start, datetime) else start


def apply_import(plan: ImportPlan, store: Store) -> None:
    """Write what the plan adds, after making sure every file it touches can be written."""
    weeks = {IsoWeek.of(a.date) for a in plan.activities}
    files = [store.week(w) for w in sorted(weeks)]
    if plan.routines:
        files.append(store.routines())
    if plan.dates:
        files.append(store.dates())
    for collection in files:
        if collection.readonly:
            raise ReadOnlyError(collection.path, collection.errors)
    if plan.routines:
        store.put_routines(plan.routines)
    if plan.dates:
        store.put_dates(plan.dates)
    store.add_activities(plan.activities)
