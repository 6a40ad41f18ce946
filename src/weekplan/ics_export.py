"""iCalendar (RFC 5545) export.

Stored activities, special dates and routines (as RRULE with EXDATE for removed
occurrences and RECURRENCE-ID overrides for changed ones) are written in local time
with the TZID of the system zone.  Every event's UID comes from the item's id
("<id>@weekplan"), or is the UID it was imported with, so exporting again updates
the events in another calendar instead of adding them twice.

The calendar is written as it is read, a few weeks at a time, so exporting a hundred
years needs the memory of a few weeks (weekplan.ics_write writes the text; the
`icalendar` library, imported only when needed, makes the VTIMEZONE (kept between
runs: weekplan.ics_zones) and what an imported event kept).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain, pairwise
from operator import attrgetter
from zoneinfo import ZoneInfo

from weekplan.clock import today
from weekplan.ics import (
    DATE_BY_PERSON,
    DATE_FIELDS,
    DATE_NUMBERS,
    EVENT_KEY,
    IMPORTED_FIELD,
    KIND,
    OWN_ALARM,
    PREP_DONE,
    PRODID,
    RECURRENCE_FIELD,
    REMIND,
    SEQUENCE_FIELD,
    SHARE,
    UID_FIELD,
    WEEKDAY_CODES,
    own_uid,
)
from weekplan.ics_write import CALENDAR_ORDER, EVENT_ORDER, Component, duration, moment_value, weekly_rule
from weekplan.ics_zones import save_answers, tzid_of, vtimezone
from weekplan.item_file import item_place
from weekplan.local_zone import local_zone
from weekplan.model import Activity, SpecialDate, fitted_title, reminds
from weekplan.record import Record, replace
from weekplan.remind import date_alarm, lead_minutes
from weekplan.sent_ids import SentIds
from weekplan.store import Store
from weekplan.tomlfile import DataError
from weekplan.weeks import MINUTES_PER_DAY, IsoWeek

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from weekplan.item_file import Collection
    from weekplan.routines import Routine

MIDNIGHT = time()
# A VTIMEZONE covers a year either side of what the calendar holds.
ZONE_MARGIN = timedelta(days=366)


class ExportGroup(Record):
    """What one item becomes in a calendar: its UID, its components (a repeat's master
    with its overrides, or an event and its preparation) and the days they cover."""

    uid: str
    components: list[Any]
    first: date
    last: date
    items: list[Any]


def export_calendar(
    store: Store, first: date | None = None, last: date | None = None, *, zone: ZoneInfo | None = None
) -> tuple[bytes, int]:
    """The iCalendar bytes for the items on first..last (everything when not given), and
    how many events it holds."""
    out = io.BytesIO()
    count = write_calendar(store, out.write, first, last, zone=zone)
    return out.getvalue(), count


def write_calendar(
    store: Store,
    write: Callable[[bytes], object],
    first: date | None = None,
    last: date | None = None,
    *,
    zone: ZoneInfo | None = None,
    problems: list[DataError] | None = None,
) -> int:
    """Write the calendar of the items on first..last, a few weeks at a time; returns
    how many events it holds.  Activities come first in time order, then special dates,
    then routines, as in a calendar made whole.  What is wrong in the week and date
    files passed goes into `problems` (see calendar_files.left_out_of_export for the
    rest)."""
    zone = zone or local_zone()
    stamp = _stamp(datetime.now(UTC).replace(microsecond=0))
    day_start, day_end = store.config.day_start, store.config.day_end
    specials, dates_span = _dates_passing(store, first, last, problems)
    routines = _routine_groups(store, first, last, zone, stamp)
    span = dates_span + [(g.first, g.last) for g in routines] + _activity_span(store, first, last)
    lo, hi = (min(f for f, _ in span), max(la for _, la in span)) if span else (date.min, date.max)
    write(_calendar_head(zone).encode())
    zones: set[str] = {"UTC"}
    if span and tzid_of(zone.key) != "UTC":
        # What the events use is known only once they are written; the local zone is
        # what weekplan's own times are in, so it goes first, where readers look for it.
        write(_vtimezone(tzid_of(zone.key), lo, hi))
        zones.add(tzid_of(zone.key))
    count = 0
    used: set[str] = set()
    for window in _activity_windows(store, first, last, day_start, day_end, problems):
        texts = []  # a week's events (or a few weeks') go out in one write, not one an event
        for pieces in window:
            event = _activity_event(pieces, zone, stamp, day_start, day_end)
            used |= event.zones
            texts.append(event.to_text())
        if texts:
            write("".join(texts).encode())
            count += len(texts)
    # A date's components are made as it is written (chained, never gathered: a hundred
    # years of dates are thousands of components), a routine's were made for its span.
    later = chain((_date_components(d, zone, stamp, day_start) for d in specials), (g.components for g in routines))
    for components in later:
        for component in components:
            used |= component.zones
            write(component.to_text().encode())
            count += component.name == "VEVENT"
    if span:
        for key in sorted(used - zones):
            write(_vtimezone(key, lo, hi))  # a zone only a kept property names: at the end, known by now
    write(b"END:VCALENDAR\r\n")
    save_answers()
    return count


def calendar_of(groups: list[ExportGroup], zone: ZoneInfo) -> bytes:
    """One calendar holding the groups, with the VTIMEZONEs their times need."""
    components = [component for group in groups for component in group.components]
    texts = [component.to_text() for component in components]
    parts = [_calendar_head(zone)]
    used = sorted({key for component in components for key in component.zones} - {"UTC"})
    if groups and used:
        lo, hi = min(g.first for g in groups), max(g.last for g in groups)
        parts += [_vtimezone(key, lo, hi).decode() for key in used]
    return "".join([*parts, *texts, "END:VCALENDAR\r\n"]).encode()


def _calendar_head(zone: ZoneInfo) -> str:
    head = Component("VCALENDAR", CALENDAR_ORDER)
    head.text("PRODID", PRODID)
    head.text("VERSION", "2.0")
    head.text("CALSCALE", "GREGORIAN")
    head.text("X-WR-CALNAME", "weekplan")
    head.text("X-WR-TIMEZONE", zone.key)
    return head.head()


def _vtimezone(key: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of a zone for the days first..last, with a year either side; nothing
    for a zone the library does not know."""
    return vtimezone(key, first - ZONE_MARGIN, last + ZONE_MARGIN)


def export_groups(
    store: Store, first: date | None, last: date | None, zone: ZoneInfo, stamp: datetime
) -> list[ExportGroup]:
    """Every item on first..last as the components it becomes, in a stable order."""
    groups: list[ExportGroup] = []
    stamp_value = _stamp(stamp)
    day_start, day_end = store.config.day_start, store.config.day_end
    windows = _activity_windows(store, first, last, day_start, day_end)
    for pieces in chain.from_iterable(windows):
        event = _activity_event(pieces, zone, stamp_value, day_start, day_end)
        uid = _item_uid(pieces[0].id, pieces[0].extra)
        groups.append(ExportGroup(uid, [event], pieces[0].date, pieces[-1].date, list(pieces)))
    dates = _date_groups(store, first, last, zone, stamp_value)
    return groups + dates + _routine_groups(store, first, last, zone, stamp_value)


def _weeks(
    store: Store, first: date | None, last: date | None, *, backwards: bool = False
) -> Iterator[tuple[IsoWeek, Path]]:
    """The weeks that may hold activities on first..last, with their files, in order
    (from the last, `backwards`), listed as they are reached: none of them is held (a
    hundred years are 5,200 weeks)."""
    for week, path in store.week_files(backwards=backwards):
        before = first is not None and week.sunday < first
        after = last is not None and week.monday > last
        if before if backwards else after:
            return  # the weeks still to come are further out of the range
        if not (before or after):
            yield week, path


def _activities_of(
    store: Store, week_file: tuple[IsoWeek, Path], first: date | None, last: date | None
) -> list[Activity]:
    week, path = week_file
    return [a for a in store.week_in_passing(week, path).items.values() if _in(a.date, first, last)]


def _activity_span(store: Store, first: date | None, last: date | None) -> list[tuple[date, date]]:
    """The first and the last day with an activity, read from the ends of the weeks."""
    ends = [_weeks(store, first, last), _weeks(store, first, last, backwards=True)]
    earliest, latest = (
        next((found for w in weeks if (found := _activities_of(store, w, first, last))), []) for weeks in ends
    )
    if not earliest:
        return []
    return [(min(a.date for a in earliest), max(a.date for a in latest))]


def _activity_windows(
    store: Store,
    first: date | None,
    last: date | None,
    day_start: int,
    day_end: int,
    problems: list[DataError] | None = None,
) -> Iterator[list[list[Activity]]]:
    """The activities as the events they become (see _events_of), in time order, read a
    week at a time (what is wrong in a week file goes into `problems`), a week's
    events together.  Weeks are held together only while an imported event may go on
    from one into the next (a piece on a Sunday)."""
    window: list[Activity] = []
    written: set[tuple[str, str]] = set()
    gone_out = SentIds()  # the ids gone out so far: one id goes out once
    for week, path in _weeks(store, first, last):
        collection = store.week_in_passing(week, path)
        kept, copies = _once_each(store, week, collection, gone_out, first, last)
        if problems is not None:
            problems += [_left_out_copy(e) if _names_one_of(e, copies) else e for e in collection.errors]
            problems += _left_out_filed_copies(collection, copies)
        window += kept
        sunday = week.sunday
        if any(a.date == sunday and _uid_key(a)[0] for a in window):
            continue
        yield _events_of(window, day_start, day_end, written)
        window = []
    yield _events_of(window, day_start, day_end, written)


def _once_each(
    store: Store,
    week: IsoWeek,
    collection: Collection[Activity],
    gone_out: SentIds,
    first: date | None,
    last: date | None,
) -> tuple[list[Activity], set[str]]:
    """The week's activities on first..last that go out, and the ids of the copies
    that do not.  An id goes out once (two events with one UID are one event to a
    reader): a copy filed in another week than its date's (a stale one, say) gives
    way to the copy in its own week, and goes out only when that week has none; any
    copy of an id gone out already, whichever week held it, stays back (`gone_out`:
    the ids gone out so far, kept up to date)."""
    items = collection.items
    if gone_out.isdisjoint(items) and not any(error.misfiled for error in collection.errors):
        # The store's reading checked every date against the week (item_file.week_errors)
        # and found none filed elsewhere; no id of the week has gone out: all go.
        kept = list(items.values()) if first is None and last is None else _in_range(items, first, last)
        gone_out.update(a.id for a in kept)
        return kept, set()
    kept, copies = [], set()
    for activity in items.values():
        if not _in(activity.date, first, last):
            continue
        if activity.id in gone_out:
            copies.add(activity.id)
            continue
        # The week's own test first, not a week made for each; then the copy in its own
        # week, which goes out (before this one or after it) in its place.
        if not week.contains(activity.date) and activity.id in store.week_in_passing(IsoWeek.of(activity.date)).items:
            copies.add(activity.id)
            continue
        gone_out.add(activity.id)
        kept.append(activity)
    return kept, copies


def _in_range(items: dict[str, Activity], first: date | None, last: date | None) -> list[Activity]:
    return [a for a in items.values() if _in(a.date, first, last)]


def _names_one_of(error: DataError, ids: set[str]) -> bool:
    """Whether the error is a misfiled item's (see item_file.week_errors) of `ids`."""
    return error.misfiled and error.item in ids


_LEFT_OUT_COPY = "another copy of it went out instead"


def _left_out_copy(error: DataError) -> DataError:
    """A misfiled item's problem, for a copy left out of the export (see _once_each)."""
    return replace(error, message=f"{error.message}; {_LEFT_OUT_COPY}", misfiled=False)


def _left_out_filed_copies(collection: Collection[Activity], copies: set[str]) -> list[DataError]:
    """The copies left out of the export (see _once_each) that are filed in their own
    week: the week's file holds an id that went out from another week's file."""
    misfiled = {ident for ident in copies if any(_names_one_of(e, {ident}) for e in collection.errors)}
    return [
        DataError(collection.path, *item_place(collection, ident), f"activities.{ident}: {_LEFT_OUT_COPY}", item=ident)
        for ident in sorted(copies - misfiled)
    ]


def _dates_in(store: Store, first: date | None, last: date | None) -> list[SpecialDate]:
    return _in_order(store.dates().items.values(), first, last)


def _in_order(dates: Iterable[SpecialDate], first: date | None, last: date | None) -> list[SpecialDate]:
    return sorted((d for d in dates if _in(d.date, first, last)), key=lambda d: (d.date, d.id))


def _dates_passing(
    store: Store, first: date | None, last: date | None, problems: list[DataError] | None
) -> tuple[Iterator[SpecialDate], list[tuple[date, date]]]:
    """The dates on first..last in time order, read a year at a time as they are
    written (a hundred years of dates need the memory of one), and the first and the
    last day among them (from the years at either end).  What cannot be read of a
    file goes into `problems`.  A ranged export reads only its years' files, as the
    planner's weeks do, so a date filed in another year's file (which `check` reports)
    goes out only when its file's year is in the range, in its file's place; one kept
    in two years' files goes out once."""
    if store.single_dates_left():  # a dates.toml that could not be moved: every date together
        every = store.dates()
        if problems is not None:
            problems += every.errors
        together = _in_order(every.items.values(), first, last)
        return iter(together), [(d.date, d.date) for d in together[:1] + together[-1:]]
    since, until = (first.year if first else None), (last.year if last else None)
    if first is not None and last is not None:
        # A range: only its years' files, read once, and its dates held (a range's
        # dates are few) so that the span comes from them without a second read.
        gathered = list(_dates_by_year(store, first, last, problems, since, until))
        return iter(gathered), [(d.date, d.date) for d in gathered[:1] + gathered[-1:]]
    # Open at one end or both: as many years as the data holds, so streamed, the two
    # ends found first among the years of the range.
    ends = [
        next(
            (
                found
                for c in store.date_years(since, until, keep=False, backwards=backwards)
                if (found := _in_order(c.items.values(), first, last))
            ),
            [],
        )
        for backwards in (False, True)
    ]
    span = [(ends[0][0].date, ends[1][-1].date)] if ends[0] else []
    return _dates_by_year(store, first, last, problems, since, until), span


def _dates_by_year(
    store: Store,
    first: date | None,
    last: date | None,
    problems: list[DataError] | None,
    since: int | None = None,
    until: int | None = None,
) -> Iterator[SpecialDate]:
    written: set[str] = set()
    for collection in store.date_years(since, until, keep=False):
        if problems is not None:
            problems += collection.errors
        for special in _in_order(collection.items.values(), first, last):
            if special.id not in written:
                written.add(special.id)
                yield special


def _date_components(special: SpecialDate, zone: ZoneInfo, stamp: str, day_start: int) -> list[Component]:
    """A date's event, and the to-do of its preparation when it has one."""
    event = _date_event(special, zone, stamp, day_start)
    todo = _prep_todo(special, stamp, day_start)
    return [event] if todo is None else [event, todo]


def _date_groups(store: Store, first: date | None, last: date | None, zone: ZoneInfo, stamp: str) -> list[ExportGroup]:
    groups = []
    for special in _dates_in(store, first, last):
        components = _date_components(special, zone, stamp, store.config.day_start)
        uid = _item_uid(special.id, special.extra)
        groups.append(ExportGroup(uid, components, special.date, special.date, [special]))
    return groups


def _routine_groups(
    store: Store, first: date | None, last: date | None, zone: ZoneInfo, stamp: str
) -> list[ExportGroup]:
    groups = []
    for routine in sorted(store.routines().items.values(), key=lambda r: r.id):
        clipped = _clip(routine, first, last)
        if clipped is not None:
            events = _routine_events(clipped, zone, stamp)
            until = clipped.last or _open_end(clipped.first)
            uid = clipped.uid or own_uid(clipped.id)
            groups.append(ExportGroup(uid, events, clipped.first, until, [routine]))
    return groups


def _open_end(first: date) -> date:
    """The days a routine without an end is taken to cover: ten years on from today, to
    the end of that year, so that exports on the days of one year ask for the same
    VTIMEZONE (kept between runs: weekplan.ics_zones)."""
    return date(max(first, today()).year + 10, 12, 31)


def _in(day: date, first: date | None, last: date | None) -> bool:
    return (first is None or day >= first) and (last is None or day <= last)


def _clip(routine: Routine, first: date | None, last: date | None) -> Routine | None:
    """The part of the routine inside first..last, starting on a date it really happens
    (RFC 5545 wants DTSTART to be an occurrence)."""
    lo = max(routine.first, first) if first else routine.first
    hi = min(routine.last, last) if routine.last and last else (routine.last or last)
    start = next(routine.planned_dates(lo, lo + timedelta(weeks=routine.interval)), None)
    if start is None or (hi is not None and start > hi):
        return None
    kept = {d: c for d, c in routine.exceptions.items() if start <= d and (hi is None or d <= hi)}
    return replace(routine, first=start, last=hi, exceptions=kept)


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    # Aware arithmetic in Python is wall-clock arithmetic: 07:00 stays 07:00 across DST,
    # and 24:00 becomes the next day's midnight.
    return datetime.combine(day, MIDNIGHT, tzinfo=zone) + timedelta(minutes=minutes)


def _stamp(moment: datetime) -> str:
    """DTSTAMP's value: the same on every component of a calendar, so formatted once."""
    return moment_value(moment)[1]


def _base_event(uid: str, kind: str, title: str, notes: str, stamp: str) -> Component:
    """The event with its SUMMARY and DESCRIPTION.  A title is one line: one edited by
    hand over several lines (or past the longest) goes out as an import takes such a
    SUMMARY in (fitted_title), so that the file imported and exported again is the same."""
    summary, description, _cut = fitted_title(title, notes)
    event = Component("VEVENT", EVENT_ORDER)
    event.text("UID", uid)
    event.value("DTSTAMP", stamp)
    event.text("SUMMARY", summary)
    if description:
        event.text("DESCRIPTION", description)
    event.value(KIND, kind)  # one of weekplan's own words: nothing to escape
    return event


def _item_uid(item_id: str, extra: dict[str, Any]) -> str:
    """The UID an item was imported with (so the other calendar updates its own event),
    unless it was one occurrence of a repeat; otherwise one made from the id."""
    uid = extra.get(UID_FIELD)
    if isinstance(uid, str) and uid and not occurrence_of_a_repeat(extra):
        return uid
    return own_uid(item_id)


def occurrence_of_a_repeat(extra: dict[str, Any]) -> bool:
    """Whether an item came in as one occurrence of another calendar's repeat (a monthly
    one, say, taken in as an activity a month): it goes out as an event of its own, since
    weekplan holds no repeat to put it in."""
    return bool(extra.get(RECURRENCE_FIELD))


def _uid_key(activity: Activity) -> tuple[str, str]:
    uid = activity.extra.get(UID_FIELD)
    if isinstance(uid, str) and uid:
        return uid, str(activity.extra.get(RECURRENCE_FIELD, ""))
    return "", activity.id


def _events_of(
    activities: list[Activity], day_start: int, day_end: int, written: set[tuple[str, str]]
) -> list[list[Activity]]:
    """The activities grouped into what each is one event of: an event imported as one
    (past midnight, or all day over several days) and cut into days goes out as one
    event again, under its one UID, as long as its pieces still join up.  A piece
    edited apart from the others (or one whose UID an earlier part of the file went
    out under: `written`, kept up to date) goes out on its own, under its own UID, so
    that no two events in the file share one (RFC 5545) and importing the file loses
    nothing."""
    ordered = sorted(activities, key=_time_order)
    if not any(a.extra for a in ordered):
        # None came from another calendar (most weeks): only an imported event has a
        # UID to share, and one week's file holds each id once, so each is its own event.
        return [[a] for a in ordered]
    groups: dict[tuple[str, str], list[Activity]] = {}
    for activity in ordered:
        groups.setdefault(_uid_key(activity), []).append(activity)
    events: list[list[Activity]] = []
    cut = False  # whether a group went out as several events, after the others' places
    for key, pieces in groups.items():
        if key in written:
            events += [[replace(p, extra=_without_uid(p.extra))] for p in pieces]
            cut = cut or len(pieces) > 1
            continue
        if key[0]:
            written.add(key)
        if len(pieces) == 1 or _joined(pieces, day_start, day_end):
            events.append(pieces)
        else:
            events.append(pieces[:1])
            events += [[replace(p, extra=_without_uid(p.extra))] for p in pieces[1:]]
            cut = True
    # Each group is where its first piece is in time order: only cut ones need a sort.
    return sorted(events, key=lambda e: _time_order(e[0])) if cut else events


# An activity's place in time order: its day, its start, its id (a getter made in C,
# not a Python call for each activity sorted).
_time_order = attrgetter("date", "start", "id")


def _without_uid(extra: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in extra.items() if k not in EVENT_KEY}


def _same_but_time(a: Activity, b: Activity) -> bool:
    return (a.title, a.category, a.notes, a.done, a.skipped) == (b.title, b.category, b.notes, b.done, b.skipped)


def _all_day(activity: Activity, day_start: int, day_end: int) -> bool:
    """An activity that came from an all-day event and still covers the planner's day."""
    return activity.extra.get("all_day") is True and (activity.start, activity.end) == (day_start, day_end)


def _joined(pieces: list[Activity], day_start: int, day_end: int) -> bool:
    all_day = all(_all_day(p, day_start, day_end) for p in pieces)
    for before, after in pairwise(pieces):
        if after.date != before.date + timedelta(days=1) or not _same_but_time(before, after):
            return False
        if not all_day and (before.end, after.start) != (MINUTES_PER_DAY, 0):
            return False
    return True


def _activity_event(pieces: list[Activity], zone: ZoneInfo, stamp: str, day_start: int, day_end: int) -> Component:
    """One event for an activity, or for the joined pieces of one imported event."""
    first, last = pieces[0], pieces[-1]
    event = _base_event(_item_uid(first.id, first.extra), "activity", first.title, first.notes, stamp)
    # Being all day, kept lines and a reminder are read from `extra` alone (_all_day,
    # add_kept, _add_remind, lead_minutes): an activity made here has none, and skips them.
    all_day = first.extra and _all_day(first, day_start, day_end)
    if all_day and all(_all_day(p, day_start, day_end) for p in pieces[1:]):
        # All day it came in, all day it goes out: calcurse and phones show a date, not 07:00-23:00.
        event.when("DTSTART", first.date)
        event.when("DTEND", last.date + timedelta(days=1))
    else:
        event.at("DTSTART", first.date, first.start, zone)
        event.at("DTEND", last.date, last.end, zone)
    _add_activity_fields(event, first.category, first.done, first.skipped, first.extra, first.share)
    if first.extra:  # see above: the fields beyond weekplan's own
        add_kept(event, first)
        _add_remind(event, first)
        _add_alarm(event, own_alarm(first, day_start))
    return event


def _add_remind(event: Component, item: Activity | SpecialDate) -> None:
    """The item's own `remind`, so that it comes back (see ics.REMIND)."""
    value = item.extra.get("remind")
    if reminds(value):
        event.text(REMIND, str(value))


def own_alarm(item: Activity | SpecialDate, day_start: int) -> Component | None:
    """The alarm weekplan makes for an item's event: a date's usual one (or its own
    `remind`), an activity's `remind`; None when it makes none.  The one maker of it,
    also asked what weekplan wrote for an event before it marked its alarms
    (weekplan.ics_carry)."""
    summary = fitted_title(item.title, item.notes)[0]  # the event's SUMMARY (_base_event)
    if isinstance(item, SpecialDate):
        alarm = date_alarm(item, day_start)
        if alarm is None:
            return None
        start = datetime.combine(item.date, time()) + timedelta(minutes=item.start or 0)
        return _alarm(summary, alarm - start)
    lead = lead_minutes(item, None) if item.extra else None  # see _activity_event
    return None if lead is None else _alarm(summary, -timedelta(minutes=lead))


def _alarm(text: str, trigger: timedelta, related: str = "") -> Component:
    """A display alarm, relative to the start (or to `related`), marked as weekplan's
    (ics.OWN_ALARM)."""
    alarm = Component("VALARM")
    alarm.text("ACTION", "DISPLAY")
    alarm.text("DESCRIPTION", text)
    alarm.value("TRIGGER", duration(trigger), f";RELATED={related}" if related else "")
    alarm.value(OWN_ALARM, "TRUE")  # a word of weekplan's own: nothing to escape
    return alarm


def _add_alarm(event: Component, alarm: Component | None) -> None:
    """weekplan's alarm on the event, unless the event came with its own."""
    if alarm is not None and not any(name == "VALARM" for name, _ in event.components):
        event.add(alarm)


def _prep_todo(special: SpecialDate, stamp: str, day_start: int) -> Component | None:
    """A date's preparation as a to-do due on its day, with an alarm at the start of
    the planner's day, so a phone reminds of it."""
    if not special.prep or special.status != "planned":
        return None
    todo = Component("VTODO")
    todo.text("UID", own_uid(f"{special.id}-prep"))
    todo.value("DTSTAMP", stamp)
    todo.text("SUMMARY", special.prep)
    todo.when("DUE", special.date - timedelta(days=special.prep_days or 0))
    todo.text("RELATED-TO", _item_uid(special.id, special.extra))
    todo.text("DESCRIPTION", f"for {fitted_title(special.title, '')[0]} on {special.date.isoformat()}")
    todo.text("STATUS", "COMPLETED" if special.prep_done else "NEEDS-ACTION")
    todo.text(KIND, "prep")
    if not special.prep_done:
        # the due day's start, plus day_start
        _add_alarm(todo, _alarm(special.prep, timedelta(minutes=day_start), "END"))
    return todo


def add_kept(event: Component, item: Activity | SpecialDate | Routine) -> None:
    """What an imported event held that weekplan does not show, written back as it came
    (see weekplan.ics_events.kept_properties), and its version: an item edited here
    goes out one SEQUENCE later, so the other calendar takes the change."""
    extra = item.extra
    if not extra:
        return  # made here, not imported (most items): nothing kept
    location = extra.get("location")
    if isinstance(location, str) and location and "LOCATION" not in event:
        event.text("LOCATION", location)
    lines = extra.get("ics")
    if isinstance(lines, list) and all(isinstance(line, str) for line in lines) and lines:
        from icalendar import Event as IcsEvent  # only for the events that kept something

        try:
            kept = IcsEvent.from_ical("\r\n".join(["BEGIN:VEVENT", *lines, "END:VEVENT", ""]))
        except ValueError:
            kept = None  # lines edited by hand into something unreadable: left out, the event still goes
        if kept is not None:
            for name in kept:
                if name not in event:
                    values = kept[name]
                    for value in values if isinstance(values, list) else [values]:
                        event.line(name, str(kept.content_line(name, value)))
            for component in kept.subcomponents:
                event.add_text(component.name, component.to_ical().decode())
    sequence = extra.get(SEQUENCE_FIELD)
    if isinstance(sequence, int) or IMPORTED_FIELD in extra:
        from weekplan.ics_changes import edited_here  # only for what came from another calendar

        edited = 1 if edited_here(item) else 0
        event.value("SEQUENCE", str((sequence if isinstance(sequence, int) else 0) + edited))


def _add_activity_fields(
    event: Component,
    category: str,
    done: bool,
    skipped: bool,
    extra: dict[str, Any] | None = None,
    share: str = "busy",
) -> None:
    others = extra.get("categories") if extra else None
    if isinstance(others, list) and (others := [c for c in others if isinstance(c, str)]):
        event.texts("CATEGORIES", [category, *others])
    elif category:  # an activity without a category exports without one
        event.text("CATEGORIES", category)  # a list of one: the same line
    if done:
        event.value("X-WEEKPLAN-DONE", "TRUE")  # a word of weekplan's own: nothing to escape
    if skipped:
        event.value("X-WEEKPLAN-SKIPPED", "TRUE")
    if share != "busy":
        event.text(SHARE, share.upper())


def _date_event(special: SpecialDate, zone: ZoneInfo, stamp: str, day_start: int) -> Component:
    event = _base_event(_item_uid(special.id, special.extra), "date", special.title, special.notes, stamp)
    if special.start is None:
        event.when("DTSTART", special.date)
        event.when("DTEND", special.date + timedelta(days=1))
    else:
        event.at("DTSTART", special.date, special.start, zone)
        if special.end is not None:
            # A date that ends at or before its start runs past midnight into the next day.
            end_day = special.date + timedelta(days=1) if special.end <= special.start else special.date
            event.at("DTEND", end_day, special.end, zone)
    event.texts("CATEGORIES", ["together"])
    event.text("STATUS", "CANCELLED" if special.status == "cancelled" else "CONFIRMED")
    event.text("X-WEEKPLAN-STATUS", special.status)
    if special.place:
        event.text("LOCATION", special.place)
    for name, prop in DATE_FIELDS.items():
        if getattr(special, name):
            # As text, so a line break in a memory or a preparation is escaped, not a new line.
            event.text(prop, getattr(special, name))
    for name, prop in DATE_NUMBERS.items():
        if getattr(special, name) is not None:
            event.text(prop, str(getattr(special, name)))
    for name, prop in DATE_BY_PERSON.items():
        for person, value in getattr(special, name):
            event.texts(prop, [person, str(value)])
    if special.prep_done:
        event.text(PREP_DONE, "TRUE")
    add_kept(event, special)
    _add_remind(event, special)
    _add_alarm(event, own_alarm(special, day_start))
    return event


def _routine_events(routine: Routine, zone: ZoneInfo, stamp: str) -> list[Component]:
    uid = routine.uid or own_uid(routine.id)
    master = _base_event(uid, "routine", routine.title, routine.notes, stamp)
    master.at("DTSTART", routine.first, routine.start, zone)
    master.at("DTEND", routine.first, routine.end, zone)
    # With a TZID on DTSTART, UNTIL must be in UTC; the end of the last day covers it.
    until = None if routine.last is None else datetime.combine(routine.last, time(23, 59, 59), tzinfo=zone)
    days = [WEEKDAY_CODES[d] for d in routine.days]
    master.value("RRULE", weekly_rule(days, routine.interval, until, WEEKDAY_CODES[routine.week_start]))
    _add_activity_fields(master, routine.category, False, False, routine.extra, routine.share)
    add_kept(master, routine)
    removed = [d for d, c in sorted(routine.exceptions.items()) if c.removed and routine.occurs_on(d)]
    if removed:
        master.whens("EXDATE", [_at(d, routine.start, zone) for d in removed])
    events = [master]
    for day, change in sorted(routine.exceptions.items()):
        occurrence = routine.occurrence(day)
        if change.removed or occurrence is None:
            continue
        override = _base_event(uid, "routine", occurrence.title, occurrence.notes, stamp)
        override.at("RECURRENCE-ID", day, routine.start, zone)
        override.at("DTSTART", occurrence.date, occurrence.start, zone)
        override.at("DTEND", occurrence.date, occurrence.end, zone)
        _add_activity_fields(
            override,
            occurrence.category,
            occurrence.done,
            occurrence.skipped,
            share=occurrence.share,
        )
        events.append(override)
    return events
