"""Repeating events: the ones a routine can say exactly, and the occurrences of all
the others.

A weekly (or daily) repeat in local or floating time, whose every part a routine has
(days, interval, an end by date or count, removed and changed occurrences), becomes
a routine; a start on a day its rule does not name, which RFC 5545 counts as an
occurrence, becomes an activity beside it.  Everything else is expanded by
`recurring-ical-events`, the reference reading of RFC 5545 repeats (RRULE, RDATE as
dates or periods, EXDATE, overrides by RECURRENCE-ID with RANGE=THISANDFUTURE,
X-WR-TIMEZONE): weekplan agrees with it by using it, instead of keeping a second
reading of the rules in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from weekplan.ics import ROUTINE_RULE_PARTS, WEEKDAY_CODES, own_id
from weekplan.ics_events import (
    Options,
    activity_from,
    category_of,
    cut_at_midnight,
    kept_properties,
    local_time,
    share_of,
    span_of,
    text_of,
    title_and_notes,
)
from weekplan.model import new_id
from weekplan.record import replace
from weekplan.routines import OccurrenceChange, Routine, occurrence_id
from weekplan.weeks import FIRST_YEAR, LAST_YEAR, MINUTES_PER_DAY

if TYPE_CHECKING:
    from icalendar import Component, Event


class TooManyOccurrences(Exception):
    """More occurrences than an import takes from one repeat."""


def real_rules(event: Event) -> list[Any]:
    """The event's RRULEs, without empty ones (`RRULE:` alone repeats nothing; other
    readers treat the event as a single one, and so does weekplan)."""
    rules = event.get("RRULE")
    if rules is None:
        return []
    return [r for r in (rules if isinstance(rules, list) else [rules]) if len(r)]


# How far one query of the reference expansion looks: a year at a time, less for
# repeats within a day, so that no single query makes far more than an import takes.
_STEP_BY_FREQ = {"SECONDLY": timedelta(hours=1), "MINUTELY": timedelta(days=1), "HOURLY": timedelta(days=30)}
_STEP = timedelta(days=366)


def occurrences(
    master: Event | None, overrides: list[Event], timezones: list[Component], horizon: date, limit: int
) -> Iterator[Event]:
    """Every occurrence starting before `horizon`, in order, each an event with its
    own DTSTART, DTEND and RECURRENCE-ID; TooManyOccurrences past `limit`."""
    import recurring_ical_events
    from icalendar import Calendar

    events = [master, *overrides] if master is not None else overrides
    calendar = Calendar()
    for zone in timezones:
        calendar.add_component(zone)
    for event in events:
        calendar.add_component(event)
    query = recurring_ical_events.of(calendar)
    freqs = {str(f).upper() for e in events for r in real_rules(e) for f in r.get("FREQ", [])}
    step = min([_STEP_BY_FREQ.get(f, _STEP) for f in freqs] or [_STEP])
    stop = datetime.combine(horizon, time())
    lo = datetime.combine(_earliest(events), time())
    seen: set[tuple[str, str]] = set()
    count = 0
    while lo < stop:
        hi = min(lo + step, stop)
        found = []
        for occurrence in query.between(lo, hi):
            start = occurrence.start
            naive = start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, time())
            key = (str(start), str(occurrence.get("RECURRENCE-ID", "")))
            # Each window also gives what overlaps it from before; each occurrence counts once.
            if naive < stop and key not in seen:
                seen.add(key)
                found.append((naive, occurrence))
        count += len(found)
        if count > limit:
            raise TooManyOccurrences
        found.sort(key=lambda pair: pair[0])
        yield from (occurrence for _, occurrence in found)
        lo = hi


def _earliest(events: list[Event]) -> date:
    """A day before any occurrence: the query walks forward from it, and a walk from
    the first plannable year through empty centuries is slow."""
    days = [date(LAST_YEAR, 12, 31)]
    for event in events:
        values = [event.start] + [rdate for rdates in _listed(event.get("RDATE")) for rdate in _rdate_starts(rdates)]
        days += [v.date() if isinstance(v, datetime) else v for v in values if isinstance(v, date)]
    earliest = min(days)
    return max(date(FIRST_YEAR, 1, 1), date.fromordinal(earliest.toordinal() - 1))


def _listed(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _rdate_starts(rdates: Any) -> list[Any]:
    starts = []
    for entry in getattr(rdates, "dts", []):
        value = entry.dt
        starts.append(value[0] if isinstance(value, tuple) else value)
    return starts


def as_routine(event: Event, uid: str, overrides: list[Event], options: Options) -> tuple[Routine, bool] | None:
    """The event as a routine, when its repeat is one a routine can say exactly; None
    when it is not (it is expanded instead).  With it, whether the event's own start is
    an occurrence apart from the routine: RFC 5545 counts DTSTART as one even on a day
    the rule does not name (a routine from Tuesday on Mondays and Wednesdays), and the
    caller brings that one in as an activity of its own."""
    rules = real_rules(event)
    if len(rules) != 1 or "RDATE" in event or not isinstance(event.start, datetime):
        return None
    rule = rules[0]
    if not set(rule) <= ROUTINE_RULE_PARTS or "FREQ" not in rule:
        return None
    try:
        freq = str(rule["FREQ"][0]).upper()
        interval = int(rule.get("INTERVAL", [1])[0])
        count = int(rule["COUNT"][0]) if "COUNT" in rule else None
    except (ValueError, TypeError, IndexError):
        return None
    byday = [str(d).upper() for d in rule.get("BYDAY", [])]
    wkst = str(rule.get("WKST", ["MO"])[0]).upper()
    if freq == "DAILY" and interval == 1 and not byday:
        byday = list(WEEKDAY_CODES)
    elif freq != "WEEKLY" or not 1 <= interval <= 52 or wkst not in WEEKDAY_CODES:
        return None
    if any(d not in WEEKDAY_CODES for d in byday):
        return None
    raw_start = event.start
    zone_key = getattr(raw_start.tzinfo, "key", None)
    if raw_start.tzinfo is not None and zone_key != options.zone.key:
        return None  # wall-clock times in another zone drift against ours across DST changes
    if any(str(o["RECURRENCE-ID"].params.get("RANGE", "")).upper() == "THISANDFUTURE" for o in overrides):
        return None  # it changes a whole tail of the series: the expansion says that exactly
    start, end, _made_up = span_of(event, options)
    if local_time(raw_start, options.zone) != raw_start.replace(tzinfo=None):
        return None  # a start that does not exist on its first day: the expansion says how each one lands
    raw_end = event.end
    if isinstance(raw_end, datetime) and local_time(raw_end, options.zone) != raw_end.replace(tzinfo=None):
        return None  # so with an end: a routine would move every week's end as the gap moves the first one
    if end.date() != start.date() and end != datetime.combine(start.date() + timedelta(days=1), time()):
        return None
    days = tuple(sorted({WEEKDAY_CODES.index(d) for d in byday} or {start.weekday()}))
    start_apart = start.weekday() not in days  # (not one of a COUNT, as the reference reads it)
    end_minutes = MINUTES_PER_DAY if end.date() != start.date() else end.hour * 60 + end.minute
    own = own_id(uid)
    title, notes = title_and_notes(event)
    routine = Routine(
        own or new_id(),
        title,
        category_of(event, options),
        days,
        start.hour * 60 + start.minute,
        end_minutes,
        start.date(),
        interval=interval,
        notes=notes,
        uid="" if own else uid,
        share=share_of(event),
        extra={} if own else kept_properties(event, options),
        # the week WKST starts, which decides which weeks "every other" takes
        week_start=WEEKDAY_CODES.index(wkst) if interval > 1 else 0,
    )
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if isinstance(until, datetime):
            last_time = local_time(until, options.zone)
            # An UNTIL before the start time of its day ends the repeat the day before.
            last = last_time.date() - timedelta(days=1 if last_time.time() < start.time() else 0)
        else:
            last = until
        if last < routine.first:
            return None
        # Past the planner's last year it never ends as far as the planner goes (and a
        # last day of 9999 could not be kept in routines.toml).
        routine = replace(routine, last=last if last.year <= LAST_YEAR else None)
    elif count is not None:
        horizon = date(LAST_YEAR, 12, 31)
        if (horizon - routine.first).days // 7 > interval * (count + 1):
            horizon = routine.first + timedelta(weeks=interval * (count + 1))
        planned = [d for _, d in zip(range(count), routine.planned_dates(routine.first, horizon), strict=False)]
        if not planned:
            return None
        routine = replace(routine, last=planned[-1] if len(planned) == count else None)  # (None: beyond 2999)
    for excluded in event.exdates:
        day = _excluded_day(excluded, start, options)
        if day is not None and routine.occurs_on(day):
            routine = routine.with_exception(day, OccurrenceChange(removed=True))
        elif day == start.date():
            start_apart = False  # the start apart is taken out
    if routine.first_date() is None:
        return None  # no day of its own, only its start: the expansion says that
    for override in overrides:
        changed_routine = _with_override(routine, override, options)
        if changed_routine is None:
            return None
        routine = changed_routine
    return routine, start_apart


def _excluded_day(excluded: date | datetime, start: datetime, options: Options) -> date | None:
    """The day an EXDATE takes out, or None when it names a time no occurrence has."""
    if not isinstance(excluded, datetime):
        return excluded
    when = local_time(excluded, options.zone)
    return when.date() if when.time() == start.time() else None


def _with_override(routine: Routine, override: Event, options: Options) -> Routine | None:
    recurrence = override.decoded("RECURRENCE-ID")
    day = local_time(recurrence, options.zone).date() if isinstance(recurrence, datetime) else recurrence
    if not routine.occurs_on(day):
        return None  # it names no occurrence: the expansion keeps it as an extra one
    if text_of(override, "STATUS").upper() == "CANCELLED":
        return routine.with_exception(day, OccurrenceChange(removed=True))
    if not isinstance(override.start, datetime):
        return None
    o_start, o_end, _ = span_of(override, options)
    pieces = cut_at_midnight(o_start, o_end)
    if len(pieces) != 1:
        return None
    moved_day, lo, hi = pieces[0]
    changed = activity_from(override, occurrence_id(routine.id, day), moved_day, lo, hi, options)
    if category_of(override, options) != routine.category and not override.get("CATEGORIES"):
        changed = replace(changed, category=routine.category)
    changed = replace(changed, share=share_of(override, routine.share))
    return routine.with_exception(day, routine.change_for(changed))
