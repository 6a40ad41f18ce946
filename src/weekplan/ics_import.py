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

import gc
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from weekplan.ics import EXPAND_DAYS_AHEAD, KIND, MAX_EXPANDED, SOURCE_FIELD, own_id, printable
from weekplan.ics_changes import Item, Known, carried, change_of, edited_here, stamped, stored_version, version_of
from weekplan.ics_events import (
    Options,
    all_day_activities,
    fitted_title_note,
    gap_notes,
    kept_properties,
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
from weekplan.ics_read import CheckedTimes, IcsError, checked_times, one_line, read_calendars
from weekplan.local_zone import local_zone
from weekplan.model import Activity, SpecialDate, new_id
from weekplan.occurrence_ids import parse_occurrence_id
from weekplan.record import Record, field
from weekplan.routines import Routine
from weekplan.store import ReadOnlyError, Store
from weekplan.weeks import YEARS_HELP, IsoWeek, format_time, plannable

if TYPE_CHECKING:
    from collections.abc import Callable

    from icalendar import Calendar, Component, Event

    from weekplan.store import Look


class ImportPlan(Record, frozen=False):
    """What an import would add, change and remove, and an account of everything else."""

    events: int = 0
    activities: list[Activity] = field(default_factory=list)
    routines: list[Routine] = field(default_factory=list)
    dates: list[SpecialDate] = field(default_factory=list)
    updated: list[tuple[list[Item], list[Item]]] = field(default_factory=list)  # (stored, new version)
    removed: list[Item] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited here and changed or gone there
    edited_here: list[tuple[list[Item], list[Item]]] = field(default_factory=list)  # what `kept` names
    gone_but_edited: list[Item] = field(default_factory=list)
    expanded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    already: int = 0
    unread_files: list[Path] = field(default_factory=list)  # not iCalendar, left out (leave_unreadable)
    unread_problems: list[str] = field(default_factory=list)  # why, path:line:col, also in `skipped`
    # Events left out as they could not be read (path:line:col), also in `skipped`: what
    # they brought before stays.  One whose UID could not be read is in `unread_problems`
    # instead, as its calendar then removes nothing gone.
    unread_events: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.activities or self.routines or self.dates or self.updated or self.removed)

    def summary(self) -> list[str]:
        lines = [f"read {self.events} event{_plural_s(self.events)}"]
        if self.activities:
            weeks = sorted({IsoWeek.of(day) for day in {a.date for a in self.activities}})
            span = f"{weeks[0]}" if len(weeks) == 1 else f"{weeks[0]} … {weeks[-1]}"
            lines.append(f"activities: {len(self.activities)} in {len(weeks)} week{_plural_s(len(weeks))} ({span})")
        for routine in self.routines:
            lines.append(f"routine: {routine.describe()}")
        if self.dates:
            lines.append(f"special dates: {len(self.dates)}")
        lines += [f"expanded: {line}" for line in self.expanded]
        lines += _at_most([f"updated: {_describe(new)} (changed in the calendar)" for _, new in self.updated])
        lines += _at_most([f"removed: {_describe([item])} (gone from the calendar)" for item in self.removed])
        lines += [f"kept: {line}" for line in self.kept]
        if self.already:
            lines.append(f"already here from an earlier import, not added again: {self.already}")
        lines += [f"skipped: {line}" for line in self.skipped]
        lines += [f"note: {line}" for line in self.notes]
        if self.empty:
            lines.append("nothing new to add")
        return [printable(line) for line in lines]


def _at_most(lines: list[str], shown: int = 10) -> list[str]:
    """A long run of like lines (every occurrence of a changed repeat) cut short."""
    if len(lines) <= shown:
        return lines
    kind = lines[0].split(":", 1)[0]
    return [*lines[: shown - 1], f"{kind}: … and {len(lines) - shown + 1} more"]


def _describe(items: list[Item]) -> str:
    if not items:
        return "(nothing)"
    item = min(items, key=lambda i: i.first if isinstance(i, Routine) else i.date)
    if isinstance(item, Routine):
        return f"routine {item.describe()}"
    when = item.date.isoformat()
    if item.start is not None:
        when += f" {format_time(item.start)}"
    return f"{item.title!r} {when}"


def _plural_s(count: int) -> str:
    """The "s" an English noun takes after `count`."""
    return "" if count == 1 else "s"


class _Run(Record, frozen=False):
    """One import under way: its plan, what is known, and which events the files hold."""

    plan: ImportPlan
    known: Known
    options: Options
    seen: set[tuple[str, str]] = field(default_factory=set)
    source: str = ""
    times: CheckedTimes = field(default_factory=dict)
    elsewhere: frozenset[str] = frozenset()  # the other calendars kept in step (plan_import)


def plan_import(
    sources: Iterable[tuple[Path, bytes] | tuple[Path, bytes, str]],
    store: Store,
    *,
    zone: ZoneInfo | None = None,
    category: str | None = None,
    all_day: bool = False,
    today: date | None = None,
    remove_gone: bool = False,
    calendar_wins: bool = False,
    replacing: frozenset[str] = frozenset(),
    leave_unreadable: bool = False,
    unreadable: Iterable[tuple[Path, str, str]] = (),
    elsewhere: frozenset[str] = frozenset(),
) -> ImportPlan:
    """Read the files and work out what to add, update and remove; raises IcsError
    (adding nothing) when a file is not iCalendar at all, unless `leave_unreadable`
    (a folder, whose files are events of their own): then such a file is left out,
    named in `unread_files` and its problem in `unread_problems` and `skipped`, as are
    the `unreadable` files the caller could not read at all (path, problem, calendar).
    A calendar with a file left out removes nothing gone: what that file held is not
    known, and must not go with what is really gone; nor does one with an event left
    out whose UID could not be read.  An event left out with its UID keeps what it
    brought before (`unread_events`).  A source may name the
    calendar it belongs to (a vdir folder); by default it is the file itself.  With
    `remove_gone`, items an earlier import brought from one of these calendars that
    the calendar no longer holds are removed.  `category` is an id already checked
    against the config.  With `calendar_wins` (a read-only subscription) the
    calendar's version replaces an item edited here instead of keeping the edit.  The
    items of the UIDs in `replacing` count as not here (the caller removes them).  An
    item brought by one of the calendars in `elsewhere` (the other subscribed ones) is
    updated only to a newer version of its event: two calendars each holding their own
    copy of one meeting would otherwise take it from each other at every refresh."""
    # What the libraries warn about (a zone guessed from a vendor's TZID, say) is told
    # in the summary, not printed as a Python warning.
    with warnings.catch_warnings(record=True) as caught, _no_cycle_collection():
        warnings.simplefilter("always")
        options = Options(zone or local_zone(), store.config, category, all_day, today or date.today())
        plan = _plan(
            list(sources), store, options, remove_gone, replacing, leave_unreadable, list(unreadable), elsewhere
        )
        if calendar_wins:
            plan.updated += plan.edited_here
            plan.removed += plan.gone_but_edited
            plan.kept = []
        plan.edited_here, plan.gone_but_edited = [], []
    told = set()
    for warning in caught:
        message = one_line(warning.message)
        if message not in told:
            told.add(message)
            plan.notes.append(message)
    return plan


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: what an import makes (every parsed event, every
    planned item) lives until its plan is written, so the collector's passes over it,
    which grow with the file, free nothing."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _plan(
    sources: list[tuple[Path, bytes] | tuple[Path, bytes, str]],
    store: Store,
    options: Options,
    remove_gone: bool,
    replacing: frozenset[str],
    leave_unreadable: bool = False,
    unreadable: list[tuple[Path, str, str]] | None = None,
    elsewhere: frozenset[str] = frozenset(),
) -> ImportPlan:
    calendars: list[tuple[str, Calendar]] = []
    problems: list[str] = []
    unread: set[str] = set()
    times: CheckedTimes = {}
    plan = ImportPlan()
    unread_calendars: set[str] = set()

    def left_alone(path: Path, name: str, why: list[str]) -> None:
        plan.unread_files.append(path)
        plan.unread_problems += why
        plan.skipped += [f"{problem}; the file was left alone" for problem in why]
        unread_calendars.add(name)

    for path, problem, name in unreadable or []:
        left_alone(path, name, [problem])
    for source in sources:
        path, data = source[0], source[1]
        name = source[2] if len(source) > 2 else str(path)  # type: ignore[misc]
        try:
            read = read_calendars(path, data)
        except IcsError as exc:
            if leave_unreadable:
                left_alone(path, name, exc.problems)
            else:
                problems += exc.problems
            continue
        calendars += [(name, _standard(cal, plan)) for cal in read.calendars]
        plan.skipped += read.skipped
        if read.unread_without_uid:
            # What such an event brought before cannot be told from what is gone.
            unread_calendars.add(name)
            plan.unread_problems += read.unread_without_uid
            without_uid = set(read.unread_without_uid)
            plan.unread_events += [problem for problem in read.skipped if problem not in without_uid]
        else:
            plan.unread_events += read.skipped
        plan.notes += read.notes
        unread |= read.unread_uids
        times |= read.times
    if problems:
        raise IcsError(problems)
    run = _Run(plan, Known(store, replacing), options, times=times, elsewhere=elsewhere)
    # An event that could not be read this time is not gone: what it brought before stays.
    run.seen.update(key for key in run.known.stored if key[0] in unread)
    groups: dict[str, list[Event]] = {}
    zones: dict[str, list[Component]] = {}
    names: dict[str, str] = {}
    ignored = 0
    for name, cal in calendars:
        timezones = cal.walk("VTIMEZONE")
        for component in cal.subcomponents:
            if component.name == "VEVENT":
                uid = uid_of(component)
                groups.setdefault(uid, []).append(component)
                zones.setdefault(uid, timezones)
                names.setdefault(uid, name)
            elif component.name in ("VTODO", "VJOURNAL") and text_of(component, KIND) != "prep":
                ignored += 1  # (a date's preparation, weekplan's own, comes back with the date)
    if ignored:
        plan.notes.append(
            f"{ignored} to-do or journal entr{'y' if ignored == 1 else 'ies'} left out: only events come in"
        )
    for uid, events in groups.items():
        if len(events) == 1:  # (most events: one version, nothing to order)
            masters, overrides = ([], events) if "RECURRENCE-ID" in events[0] else (events, [])
        else:
            masters = _newest_first([e for e in events if "RECURRENCE-ID" not in e])
            overrides = _newest_per_recurrence([e for e in events if "RECURRENCE-ID" in e])
        plan.events += 1 if masters else len(overrides)
        for older in masters[1:]:
            plan.notes.append(
                f"{label(older, options)}: another version of the same event (same UID) in the file; "
                "the newest, or the first of equals, counts"
            )
        run.source = names[uid]
        planned = len(plan.activities) + len(plan.dates) + len(plan.routines)
        try:
            _plan_group(masters[0] if masters else None, overrides, uid, zones[uid], run)
        except Exception as exc:  # one event the libraries cannot make sense of costs that event only
            first = masters[0] if masters else overrides[0]
            problem = f"{label(first, options)}: cannot be read ({one_line(exc)}); left out"
            plan.skipped.append(problem)
            plan.unread_events.append(problem)
            run.seen.update(k for k in run.known.stored if k[0] == uid)  # what it brought before stays
        if len(plan.activities) + len(plan.dates) + len(plan.routines) > planned:
            note = fitted_title_note((masters or overrides)[0], options)
            if note is not None:
                plan.notes.append(note)
    if remove_gone:
        for name in sorted(set(names.values()) | {s[2] for s in sources if len(s) > 2}):  # type: ignore[misc]
            if name not in unread_calendars:
                _plan_removals(name, run)
    return plan


def _plan_removals(source: str, run: _Run) -> None:
    for key, items in sorted(run.known.from_source(source).items()):
        if key in run.seen:
            continue
        if any(edited_here(i) for i in items):
            run.plan.kept.append(f"{_describe(items)}: gone from {source}, but edited here; kept")
            run.plan.gone_but_edited += items
        else:
            run.plan.removed += items


def _newest_first(events: list[Event]) -> list[Event]:
    """Versions of one event, the newest first; among equals the first in the file, as
    the reference expansion takes it."""
    return [e for _, e in sorted(enumerate(events), key=lambda pair: (version_of(pair[1]), -pair[0]), reverse=True)]


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


def _plan_group(master: Event | None, overrides: list[Event], uid: str, timezones: list[Component], run: _Run) -> None:
    plan, options = run.plan, run.options
    if master is not None and not overrides and not real_rules(master) and "RDATE" not in master:
        if "RRULE" in master:
            plan.notes.append(f"{label(master, options)}: its RRULE is empty; it came in once")
        _plan_single(master, uid, "", run)
        return
    if master is None:
        for override in overrides:
            _plan_single(override, uid, recurrence_key(override, options), run)
        return
    if _outside_the_years(master, master.start, plan, options):
        return
    if text_of(master, "STATUS").upper() == "CANCELLED":
        plan.skipped.append(f"{label(master, options)}: cancelled")
        return
    if not isinstance(master.start, datetime) and not options.all_day:
        plan.skipped.append(f"{label(master, options)}: repeating all-day event (--all-day import brings these in)")
        return
    as_one = as_routine(master, uid, overrides, options)
    if as_one is not None:
        routine, start_apart = as_one
        plan.notes += gap_notes(master, options)
        new = routine if own_id(uid) else stamped(routine, master, run.source)  # as for single events
        already = plan.already
        if not _imported_before(uid, "", [new], master, run):
            plan.routines.append(new)  # type: ignore[arg-type]
        start_key = ""
        if start_apart:
            start_key = recurrence_text(checked_times(run.times, master)[0], options)
            _plan_single(master, uid, start_key, run)
            plan.already = min(plan.already, already + 1)  # "already here" counts events, not items
        _give_way_to_the_routine(uid, start_key, run)
        return
    if run.known.earlier(uid) and isinstance(run.known.earlier(uid)[0], Routine):
        # It was a routine and is now a repeat no routine can say: the occurrences replace it.
        old = run.known.earlier(uid)
        if any(edited_here(i) for i in old):
            plan.kept.append(f"{_describe(old)}: changed in the calendar, but edited here; kept")
            run.seen.add((uid, ""))
            return
        plan.removed += old
        run.known.stored.pop((uid, ""), None)
    elif run.known.has(uid) and not run.known.earlier(uid):
        plan.already += 1  # weekplan's own routine, exported and read back
        run.seen.add((uid, ""))
        return
    _expand(master, overrides, uid, timezones, run)


def _give_way_to_the_routine(uid: str, start_key: str, run: _Run) -> None:
    """Occurrences stored for a repeat that is a routine now (an earlier version expanded
    it) go, as the routine says them, whether or not gone ones are removed; one edited
    here stays.  The reverse of a routine giving way to occurrences (_plan_group)."""
    for recurrence in run.known.recurrences(uid):
        if recurrence == start_key:
            continue  # the start apart from the routine: brought in above
        key = (uid, recurrence)
        old = run.known.earlier(uid, recurrence)
        if any(edited_here(i) for i in old):
            run.plan.kept.append(f"{_describe(old)}: now part of a routine, but edited here; kept")
            run.plan.gone_but_edited += old
        else:
            run.plan.removed += old
        run.seen.add(key)


def _imported_before(uid: str, recurrence: str, new: list[Item], event: Event, run: _Run) -> bool:
    """Whether the event was here before, and what to do about it (nothing, update it,
    or keep the person's edit); False for an event that is new here."""
    run.seen.add((uid, recurrence))
    if not run.known.has(uid, recurrence):
        run.known.add(uid, recurrence)
        return False
    old = run.known.earlier(uid, recurrence)
    incoming = version_of(event)
    change = change_of(old, new, incoming)
    if change in ("same", "older", "untracked") or (
        incoming == stored_version(old) and any(o.extra.get(SOURCE_FIELD) in run.elsewhere for o in old)
    ):
        run.plan.already += 1
    elif change == "edited":
        run.plan.kept.append(f"{_describe(old)}: changed in the calendar, but edited here; kept")
        run.plan.edited_here.append((old, carried(old, new)))
    else:
        run.plan.updated.append((old, carried(old, new)))
    return True


def _outside_the_years(event: Event, start: date, plan: ImportPlan, options: Options) -> bool:
    day = start.date() if isinstance(start, datetime) else start
    if isinstance(day, date) and not plannable(day):
        plan.skipped.append(f"{label(event, options)}: not in {YEARS_HELP}")
        return True
    return False


def _cut_short(event: Event, options: Options, covered: int, came_in: int) -> list[str]:
    """What the summary says of an event over more days than one may bring (MAX_SPAN_DAYS)."""
    if covered <= came_in:
        return []
    return [
        f"{label(event, options)} runs {covered} days; its first {came_in} came in, "
        f"the {covered - came_in} after them were left out"
    ]


def _plan_single(event: Event, uid: str, recurrence: str, run: _Run) -> None:
    plan, options = run.plan, run.options
    start, end = checked_times(run.times, event)
    if _outside_the_years(event, start, plan, options):
        run.seen.add((uid, recurrence))
        return
    kind = text_of(event, KIND)
    if text_of(event, "STATUS").upper() == "CANCELLED" and kind != "date":
        if not run.known.has(uid, recurrence):
            plan.skipped.append(f"{label(event, options)}: cancelled")
        return  # one cancelled since it came in is gone from the calendar: not seen
    own = own_id(uid) if not recurrence else None
    new: list[Item]
    notes: list[str] = []
    if kind == "date":
        new = [special_date(event, own or new_id(), options, uid)]
    elif not isinstance(start, datetime):
        if not options.all_day and kind != "activity":  # weekplan's own come back as they went
            run.seen.add((uid, recurrence))
            plan.skipped.append(f"{label(event, options)}: all day (--all-day import brings these in)")
            return
        new = list(all_day_activities(event, uid, recurrence, start, options))
        covered = (end - start).days if isinstance(end, date) and not isinstance(end, datetime) else 1
        notes += _cut_short(event, options, covered, len(new))
    else:
        local_start, local_end, made_up = span_of(event, options, start, end)
        if made_up:
            notes.append(f"{label(event, options)} has no end; it was given an hour")
        notes += gap_notes(event, options)
        new = list(timed_activities(event, uid, recurrence, local_start, local_end, options, own=own))
        covered = (local_end - timedelta(microseconds=1)).date().toordinal() - local_start.date().toordinal() + 1
        if len(new) > 1 and covered <= len(new):
            notes.append(f"{label(event, options)} runs past midnight; it came in as {len(new)} days")
        notes += _cut_short(event, options, covered, len(new))
    if own is None:
        new = [stamped(item, event, run.source) for item in new]
    if _imported_before(uid, recurrence, new, event, run):
        return
    plan.notes += notes
    for item in new:
        if isinstance(item, SpecialDate):
            plan.dates.append(item)
        else:
            plan.activities.append(item)  # type: ignore[arg-type]


def _expand(master: Event, overrides: list[Event], uid: str, timezones: list[Component], run: _Run) -> None:
    """A repeat no routine can say: its occurrences up to a year from today, as activities."""
    plan, options = run.plan, run.options
    horizon = date.fromordinal(options.today.toordinal() + EXPAND_DAYS_AHEAD)
    try:
        found = list(occurrences(master, overrides, timezones, horizon, MAX_EXPANDED))
    except TooManyOccurrences:
        plan.skipped.append(
            f"{label(master, options)}: repeats more than {MAX_EXPANDED} times up to {horizon}; left out "
            "(a routine or a shorter repeat says it better)"
        )
        run.seen.update(k for k in run.known.stored if k[0] == uid)
        return
    rules = "; ".join(r.to_ical().decode() for r in real_rules(master)) or "RDATE"
    added = 0
    gaps: list[str] = []
    used: set[str] = set()
    already = plan.already
    overridden = {o["RECURRENCE-ID"].to_ical() for o in overrides}
    master_kept = kept_properties(master, options)
    for occurrence in found:
        start = occurrence.start
        planned = occurrence.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in occurrence else start
        recurrence = recurrence_text(planned, options)
        if recurrence in used:  # the later ones a RANGE=THISANDFUTURE override moved carry its RECURRENCE-ID
            recurrence = recurrence_text(start, options)
        used.add(recurrence)
        if _outside_the_years(occurrence, start, plan, options):
            run.seen.add((uid, recurrence))
            continue
        if text_of(occurrence, "STATUS").upper() == "CANCELLED":
            continue
        from_override = bool(overridden) and (
            "RECURRENCE-ID" in occurrence and occurrence["RECURRENCE-ID"].to_ical() in overridden
        )
        kept = None if from_override else master_kept
        if isinstance(start, datetime):
            local_start, local_end, _ = span_of(occurrence, options, start)
            occurrence_gaps = gap_notes(occurrence, options)
            new = timed_activities(occurrence, uid, recurrence, local_start, local_end, options, own=None, kept=kept)
        else:
            occurrence_gaps = []
            new = all_day_activities(occurrence, uid, recurrence, start, options, kept)
        stamped_new: list[Item] = [stamped(item, occurrence, run.source) for item in new]
        if _imported_before(uid, recurrence, stamped_new, occurrence, run):
            continue
        gaps += occurrence_gaps
        plan.activities += stamped_new  # type: ignore[arg-type]
        added += 1
    plan.already = min(plan.already, already + 1)  # "already here" counts events, not occurrences
    plan.notes += gaps[:3] + ([f"… and {len(gaps) - 3} more times that do not exist"] if len(gaps) > 3 else [])
    if not found:
        plan.skipped.append(f"{label(master, options)}: its repeat ({rules}) has no occurrence up to {horizon}")
        return
    window = f"{_day(found[0])} … {_day(found[-1])}, up to a year ahead"
    if added:
        how_many = f"{added} occurrence{_plural_s(added)}"
        plan.expanded.append(f"{label(master, options)} repeats as {rules}: {how_many} ({window})")


def _day(event: Event) -> date:
    start = event.start
    return start.date() if isinstance(start, datetime) else start


def apply_import(plan: ImportPlan, store: Store) -> None:
    """Write what the plan adds, changes and removes, after making sure every file it
    touches can be written."""
    with _no_cycle_collection():
        _apply(plan, store)


def apply_fresh(store: Store, look: Look, plan: ImportPlan, plan_again: Callable[[], ImportPlan]) -> ImportPlan:
    """Write a plan made without the data's lock (`look` taken before it was made),
    holding the lock only to check that nothing changed since and to write; when
    something did (a refresh or an import elsewhere, an edit in the planner), plan
    again under the lock and write that.  The plan written is returned."""
    with store.exclusive_since(look) as unchanged:
        if not unchanged:
            plan = plan_again()
        apply_import(plan, store)
    return plan


def _apply(plan: ImportPlan, store: Store) -> None:
    removed: list[Item] = [*plan.removed, *(item for old, _ in plan.updated for item in old)]
    put: list[Item] = [item for _, new in plan.updated for item in new]
    activities = [i for i in [*plan.activities, *removed, *put] if isinstance(i, Activity)]
    files = [store.week(w) for w in sorted({IsoWeek.of(day) for day in {a.date for a in activities}})]
    if plan.routines or any(isinstance(i, Routine) for i in [*removed, *put]):
        files.append(store.routines())
    dated = [i for i in [*plan.dates, *removed, *put] if isinstance(i, SpecialDate)]
    files += [store.dates_of(year) for year in sorted({d.date.year for d in dated})]
    for collection in files:
        if collection.readonly:
            raise ReadOnlyError(collection.path, collection.errors)
    # Each kind's old versions out and new ones in with one write of its files: a crash
    # between the two would leave an updated item gone, with what was kept of it here.
    old_routines = [i for i in removed if isinstance(i, Routine)]
    new_routines = [*plan.routines, *(i for i in put if isinstance(i, Routine))]
    if old_routines or new_routines:
        store.change_routines(old_routines, new_routines)
    old_dates = [i for i in removed if isinstance(i, SpecialDate)]
    new_dates = [*plan.dates, *(i for i in put if isinstance(i, SpecialDate))]
    if old_dates or new_dates:
        store.replace_dates(old_dates, new_dates)
    old_activities = [i for i in removed if isinstance(i, Activity)]
    occurrences = [a for a in old_activities if parse_occurrence_id(a.id) is not None]
    old_activities = [a for a in old_activities if parse_occurrence_id(a.id) is None]
    store.replace_activities(old_activities, [*plan.activities, *(i for i in put if isinstance(i, Activity))])
    # A routine's occurrence goes last (an exception in routines.toml), once what
    # replaces it is written: a kill in between leaves both, never neither.
    for occurrence in occurrences:
        store.remove_activity(occurrence)
