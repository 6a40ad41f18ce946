"""iCalendar (RFC 5545) export and import, through the `icalendar` library.

Export writes stored activities, special dates and routines (as RRULE with EXDATE
for removed occurrences and RECURRENCE-ID overrides for changed ones) in local time
with the TZID of the system zone.  Every event's UID comes from the item's id
("<id>@weekplan"), or is the UID it was imported with, so exporting again updates
the events in another calendar instead of adding them twice.

Import reads calcurse, khal/vdir and phone exports.  Timed events become
activities, weekly repeats become routines, other repeats are expanded for a
bounded window, all-day events are skipped or imported as asked.  It plans
everything first and writes only when the whole file made sense, so a malformed
file adds nothing.  What came from where is remembered (the UID on each item),
so importing the same file twice adds nothing the second time.

`icalendar` and `dateutil` are imported inside the functions: the command line
must stay quick for everything else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from weekplan.model import ID_RE, Activity, Config, SpecialDate, new_id
from weekplan.record import Record, field, replace
from weekplan.routines import OccurrenceChange, Routine, occurrence_id
from weekplan.store import ReadOnlyError, Store
from weekplan.weeks import MINUTES_PER_DAY, YEARS_HELP, IsoWeek, plannable, weeks_between

if TYPE_CHECKING:
    from icalendar import Calendar, Event

UID_SUFFIX = "@weekplan"
PRODID = "-//weekplan//weekplan//EN"
KIND = "X-WEEKPLAN-KIND"
DEFAULT_CATEGORY = "hobby"
EXPAND_DAYS_AHEAD = 366  # repeats that are not weekly are expanded up to a year from today
MAX_EXPANDED = 1000  # occurrences per expanded repeat, the latest ones kept
MAX_SPAN_DAYS = 31  # days one event may cover before the rest is left out
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ROUTINE_RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}


# -- the local zone ----------------------------------------------------------------------


def local_zone() -> ZoneInfo:
    """The system's zone by IANA name: $TZ when it names one, else /etc/localtime's
    target, else /etc/timezone, else UTC."""
    candidates: list[str] = []
    tz_var = os.environ.get("TZ", "").lstrip(":")
    if tz_var:
        candidates.append(tz_var.split("zoneinfo/", 1)[-1])
    with contextlib.suppress(IndexError):
        candidates.append(os.path.realpath("/etc/localtime").split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text("utf-8").strip())
    for name in candidates:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def own_uid(item_id: str) -> str:
    return f"{item_id}{UID_SUFFIX}"


def _own_id(uid: str) -> str | None:
    """The weekplan id inside a UID this program wrote; None for anyone else's."""
    if uid.endswith(UID_SUFFIX) and ID_RE.match(uid[: -len(UID_SUFFIX)]):
        return uid[: -len(UID_SUFFIX)]
    return None


# -- export --------------------------------------------------------------------------------


def export_calendar(
    store: Store, first: date | None = None, last: date | None = None, *, zone: ZoneInfo | None = None
) -> tuple[bytes, int]:
    """The iCalendar bytes for the items on first..last (everything when not given), and
    how many events it holds."""
    from icalendar import Calendar

    zone = zone or local_zone()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "weekplan")
    cal.add("x-wr-timezone", zone.key)
    stamp = datetime.now(UTC).replace(microsecond=0)
    seen: list[date] = []

    if first is None or last is None:
        activities = [a for a in store.all_activities() if _in(a.date, first, last)]
    else:
        activities = [
            a for w in weeks_between(first, last) for a in store.week(w).items.values() if _in(a.date, first, last)
        ]
    for activity in sorted(activities, key=lambda a: (a.date, a.start, a.id)):
        cal.add_component(_activity_event(activity, zone, stamp))
        seen.append(activity.date)
    for special in sorted(store.dates().items.values(), key=lambda d: (d.date, d.id)):
        if _in(special.date, first, last):
            cal.add_component(_date_event(special, zone, stamp))
            seen.append(special.date)
    for routine in sorted(store.routines().items.values(), key=lambda r: r.id):
        clipped = _clip(routine, first, last)
        if clipped is not None:
            for event in _routine_events(clipped, zone, stamp):
                cal.add_component(event)
            seen.append(clipped.first)
            seen.append(clipped.last or max(clipped.first, date.today()) + timedelta(days=3650))
    if seen and zone.key != "UTC":
        cal.add_missing_timezones(first_date=min(seen) - timedelta(days=366), last_date=max(seen) + timedelta(days=366))
    return cal.to_ical(), len(cal.events)


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
    return datetime.combine(day, time(), tzinfo=zone) + timedelta(minutes=minutes)


def _base_event(uid: str, kind: str, title: str, stamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add(KIND, kind)
    return event


def _item_uid(item_id: str, extra: dict[str, Any]) -> str:
    """The UID an item was imported with (so the other calendar updates its own event),
    unless it was one occurrence of a repeat; otherwise one made from the id."""
    uid = extra.get("uid")
    if isinstance(uid, str) and uid and not extra.get("recurrence_id"):
        return uid
    return own_uid(item_id)


def _activity_event(activity: Activity, zone: ZoneInfo, stamp: datetime) -> Event:
    event = _base_event(_item_uid(activity.id, activity.extra), "activity", activity.title, stamp)
    event.add("dtstart", _at(activity.date, activity.start, zone))
    event.add("dtend", _at(activity.date, activity.end, zone))
    _add_activity_fields(event, activity.category, activity.notes, activity.done, activity.skipped)
    return event


def _add_activity_fields(event: Event, category: str, notes: str, done: bool, skipped: bool) -> None:
    event.add("categories", [category])
    if notes:
        event.add("description", notes)
    if done:
        event.add("x-weekplan-done", "TRUE")
    if skipped:
        event.add("x-weekplan-skipped", "TRUE")


_DATE_FIELDS = {"idea": "X-WEEKPLAN-IDEA", "prep": "X-WEEKPLAN-PREP", "memory": "X-WEEKPLAN-MEMORY"}
_DATE_NUMBERS = {"prep_days": "X-WEEKPLAN-PREP-DAYS", "rating": "X-WEEKPLAN-RATING"}
PREP_DONE = "X-WEEKPLAN-PREP-DONE"


def _date_event(special: SpecialDate, zone: ZoneInfo, stamp: datetime) -> Event:
    event = _base_event(_item_uid(special.id, special.extra), "date", special.title, stamp)
    if special.start is None:
        event.add("dtstart", special.date)
        event.add("dtend", special.date + timedelta(days=1))
    else:
        event.add("dtstart", _at(special.date, special.start, zone))
        if special.end is not None:
            # A date that ends at or before its start runs past midnight into the next day.
            end_day = special.date + timedelta(days=1) if special.end <= special.start else special.date
            event.add("dtend", _at(end_day, special.end, zone))
    event.add("categories", ["together"])
    event.add("status", "CANCELLED" if special.status == "cancelled" else "CONFIRMED")
    event.add("x-weekplan-status", special.status)
    if special.place:
        event.add("location", special.place)
    if special.notes:
        event.add("description", special.notes)
    for name, prop in _DATE_FIELDS.items():
        if getattr(special, name):
            event.add(prop, getattr(special, name))
    for name, prop in _DATE_NUMBERS.items():
        if getattr(special, name) is not None:
            event.add(prop, str(getattr(special, name)))
    if special.prep_done:
        event.add(PREP_DONE, "TRUE")
    return event


def _routine_events(routine: Routine, zone: ZoneInfo, stamp: datetime) -> list[Event]:
    uid = routine.uid or own_uid(routine.id)
    master = _base_event(uid, "routine", routine.title, stamp)
    master.add("dtstart", _at(routine.first, routine.start, zone))
    master.add("dtend", _at(routine.first, routine.end, zone))
    rule: dict[str, Any] = {"freq": "weekly"}
    if routine.interval != 1:
        rule["interval"] = routine.interval
    rule["byday"] = [_WEEKDAY_CODES[d] for d in routine.days]
    rule["wkst"] = "MO"  # weeks counted from Monday, as routines count them
    if routine.last is not None:
        # With a TZID on DTSTART, UNTIL must be in UTC; the end of the last day covers it.
        rule["until"] = datetime.combine(routine.last, time(23, 59, 59), tzinfo=zone).astimezone(UTC)
    master.add("rrule", rule)
    _add_activity_fields(master, routine.category, routine.notes, False, False)
    removed = [d for d, c in sorted(routine.exceptions.items()) if c.removed and routine.occurs_on(d)]
    if removed:
        master.add("exdate", [_at(d, routine.start, zone) for d in removed])
    events = [master]
    for day, change in sorted(routine.exceptions.items()):
        occurrence = routine.occurrence(day)
        if change.removed or occurrence is None:
            continue
        override = _base_event(uid, "routine", occurrence.title, stamp)
        override.add("recurrence-id", _at(day, routine.start, zone))
        override.add("dtstart", _at(occurrence.date, occurrence.start, zone))
        override.add("dtend", _at(occurrence.date, occurrence.end, zone))
        _add_activity_fields(override, occurrence.category, occurrence.notes, occurrence.done, occurrence.skipped)
        events.append(override)
    return events


# -- import: reading the file ----------------------------------------------------------


class IcsError(Exception):
    """A file that is not usable iCalendar; `problems` are path:line:col lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _unfolded_lines(text: str) -> list[tuple[int, str]]:
    """(line number, logical line) pairs, with RFC 5545 folded lines joined."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        else:
            lines.append((number, line))
    return lines


def _property_line(lines: list[tuple[int, str]], event_index: int, name: str) -> int:
    """Where property `name` of the n-th VEVENT is, for pointing at a problem."""
    seen = -1
    begin = 1
    for number, line in lines:
        upper = line.upper()
        if upper.startswith("BEGIN:VEVENT"):
            seen += 1
            begin = number
        elif seen == event_index and re.match(rf"^{re.escape(name.upper())}[;:]", upper):
            return number
        elif seen == event_index and upper.startswith("END:VEVENT"):
            return begin
    return begin


def read_calendars(path: Path, data: bytes) -> list[Calendar]:
    """Every VCALENDAR in the file; IcsError says what is wrong and where."""
    from icalendar import Calendar

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IcsError([f"{path}:1:1: not UTF-8 text (byte 0x{data[exc.start]:02x} at {exc.start})"]) from None
    if "BEGIN:VCALENDAR" not in text.upper():
        raise IcsError([f"{path}:1:1: not an iCalendar file: no BEGIN:VCALENDAR"])
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise IcsError([f"{path}:1:1: not valid iCalendar: {_one_line(exc)}"]) from None
    lines = _unfolded_lines(text)
    begins = [number for number, line in lines if line.strip().upper() == "BEGIN:VCALENDAR"]
    ends = [number for number, line in lines if line.strip().upper() == "END:VCALENDAR"]
    if len(calendars) != len(begins) or len(ends) != len(begins):
        # The parser quietly drops a calendar that is cut short; a cut file must not half-import.
        where = begins[len(calendars)] if len(calendars) < len(begins) else lines[-1][0]
        raise IcsError([f"{path}:{where}:1: not valid iCalendar: a BEGIN:VCALENDAR without its END:VCALENDAR"])
    problems = []
    index = 0
    for cal in calendars:
        for event in cal.walk("VEVENT"):
            for name, message in event.errors:
                problems.append(f"{path}:{_property_line(lines, index, name)}:1: {name}: {_one_line(message)}")
            if not event.errors:
                problems.extend(
                    f"{path}:{_property_line(lines, index, 'BEGIN')}:1: {p}" for p in _event_problems(event)
                )
            index += 1
    if problems:
        raise IcsError(problems)
    return calendars


def _event_problems(event: Event) -> list[str]:
    if "DTSTART" not in event:
        return [f"event {str(event.get('SUMMARY', '')) or '(untitled)'!r} has no DTSTART"]
    try:
        start = event.start
        end = event.end
    except Exception as exc:  # icalendar raises several kinds for inconsistent events
        return [f"event {str(event.get('SUMMARY', ''))!r}: {_one_line(exc)}"]
    if isinstance(start, datetime) != isinstance(end, datetime):
        return [f"event {str(event.get('SUMMARY', ''))!r}: DTSTART and DTEND must both be dates or both times"]
    if end < start:
        return [f"event {str(event.get('SUMMARY', ''))!r} ends before it starts"]
    return []


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:200]


# -- import: planning ---------------------------------------------------------------------


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


class _Options(Record):
    zone: ZoneInfo
    config: Config
    category: str | None
    all_day: bool
    today: date


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
        own = _own_id(uid)
        return (uid, recurrence) in self.keys or (not recurrence and own is not None and own in self.ids)

    def add(self, uid: str, recurrence: str = "") -> None:
        self.keys.add((uid, recurrence))
        own = _own_id(uid)
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
    file is malformed.  `category` is an id already checked against the config."""
    options = _Options(zone or local_zone(), store.config, category, all_day, today or date.today())
    calendars: list[Calendar] = []
    problems: list[str] = []
    for path, data in sources:
        try:
            calendars += read_calendars(path, data)
        except IcsError as exc:
            problems += exc.problems
    if problems:
        raise IcsError(problems)
    plan = ImportPlan()
    known = _Known(store)
    groups: dict[str, list[Event]] = {}
    ignored = 0
    for cal in calendars:
        for component in cal.subcomponents:
            if component.name == "VEVENT":
                groups.setdefault(_uid(component), []).append(component)
            elif component.name in ("VTODO", "VJOURNAL"):
                ignored += 1
    if ignored:
        plan.notes.append(
            f"{ignored} to-do or journal entr{'y' if ignored == 1 else 'ies'} left out: only events come in"
        )
    for uid, events in groups.items():
        masters = [e for e in events if "RECURRENCE-ID" not in e]
        overrides = [e for e in events if "RECURRENCE-ID" in e]
        plan.events += len(masters) or len(overrides)
        if masters:
            for extra in masters[1:]:
                plan.skipped.append(f"{_label(extra, options)}: a second event with the same UID as another")
            _plan_master(masters[0], overrides, uid, plan, known, options)
        else:
            for override in overrides:
                _plan_single(override, uid, _recurrence_key(override, options), plan, known, options)
    return plan


def _uid(event: Event) -> str:
    uid = str(event.get("UID", "")).strip()
    if uid:
        return uid
    # No UID (older calcurse exports): one made from what the event says, so that
    # importing the same file again still finds it.
    fields = "|".join(str(event.get(name, "")) for name in ("SUMMARY", "DTSTART", "DTEND", "DURATION", "RRULE"))
    return "sha1-" + hashlib.sha1(fields.encode()).hexdigest()[:20] + "@imported"


def _local(value: datetime, zone: ZoneInfo) -> datetime:
    """A naive local time: zoned times converted to the local zone, floating ones as they are."""
    return value if value.tzinfo is None else value.astimezone(zone).replace(tzinfo=None)


def _label(event: Event, options: _Options) -> str:
    title = str(event.get("SUMMARY", "")).strip() or "(untitled)"
    try:
        start = event.start
    except Exception:
        return repr(title)
    when = start.isoformat() if not isinstance(start, datetime) else f"{_local(start, options.zone):%Y-%m-%d %H:%M}"
    return f"{title!r} {when}"


def _recurrence_key(event: Event, options: _Options) -> str:
    value = event.decoded("RECURRENCE-ID")
    if isinstance(value, datetime):
        return _local(value, options.zone).strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _category(event: Event, options: _Options) -> str:
    for name in _texts(event.get("CATEGORIES")):
        wanted = name.strip().lower()
        for category in options.config.categories:
            if wanted in (category.id.lower(), category.name.lower()):
                return category.id
    return options.category or DEFAULT_CATEGORY


def _texts(value: Any) -> list[str]:
    """CATEGORIES may come once or several times, each with one or more values."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in values:
        cats = getattr(item, "cats", None)
        found += [str(c) for c in cats] if cats is not None else [str(item)]
    return found


def _flag(event: Event, name: str) -> bool:
    return str(event.get(name, "")).strip().upper() == "TRUE"


def _text(event: Event, name: str) -> str:
    return str(event.get(name, "")).strip()


def _span(event: Event, options: _Options) -> tuple[datetime, datetime, bool]:
    """Local start and end, and whether a missing end was made up."""
    start = _local(event.start, options.zone)
    end = _local(event.end, options.zone)
    if end <= start:
        return start, start + timedelta(hours=1), "DTEND" not in event and "DURATION" not in event
    return start, end, False


def _activity_from(event: Event, item_id: str, day: date, start: int, end: int, options: _Options) -> Activity:
    return Activity(
        item_id,
        day,
        start,
        end,
        _text(event, "SUMMARY") or "(untitled)",
        _category(event, options),
        _flag(event, "X-WEEKPLAN-DONE"),
        _flag(event, "X-WEEKPLAN-SKIPPED"),
        _text(event, "DESCRIPTION"),
    )


def _pieces(start: datetime, end: datetime) -> list[tuple[date, int, int]]:
    """The event cut at midnights: one (day, start, end) per day it touches."""
    pieces = []
    day = start.date()
    while day <= end.date() and len(pieces) < MAX_SPAN_DAYS:
        lo = start.hour * 60 + start.minute if day == start.date() else 0
        hi = end.hour * 60 + end.minute if day == end.date() else MINUTES_PER_DAY
        if hi > lo:
            pieces.append((day, lo, hi))
        day += timedelta(days=1)
    return pieces


def _timed_activities(
    event: Event, uid: str, recurrence: str, start: datetime, end: datetime, options: _Options, *, own: str | None
) -> list[Activity]:
    pieces = _pieces(start, end)
    extra = {} if own else {"uid": uid} | ({"recurrence_id": recurrence} if recurrence else {})
    return [
        replace(_activity_from(event, own if own and len(pieces) == 1 else new_id(), day, lo, hi, options), extra=extra)
        for day, lo, hi in pieces
    ]


def _all_day_activities(event: Event, uid: str, recurrence: str, first: date, options: _Options) -> list[Activity]:
    """An all-day event as the planner's whole day, on each day it covers."""
    end = event.end
    days = max(1, (end - event.start).days) if not isinstance(end, datetime) else 1
    extra = {"uid": uid} | ({"recurrence_id": recurrence} if recurrence else {})
    config = options.config
    return [
        replace(
            _activity_from(event, new_id(), first + timedelta(days=i), config.day_start, config.day_end, options),
            extra=extra,
        )
        for i in range(min(days, MAX_SPAN_DAYS))
    ]


def _outside_the_years(event: Event, plan: ImportPlan, options: _Options) -> bool:
    start = event.start
    day = start.date() if isinstance(start, datetime) else start
    if isinstance(day, date) and not plannable(day):
        plan.skipped.append(f"{_label(event, options)}: not in {YEARS_HELP}")
        return True
    return False


def _plan_single(event: Event, uid: str, recurrence: str, plan: ImportPlan, known: _Known, options: _Options) -> None:
    if known.has(uid, recurrence):
        plan.already += 1
        return
    if _outside_the_years(event, plan, options):
        return
    if _text(event, "STATUS").upper() == "CANCELLED" and _text(event, KIND) != "date":
        plan.skipped.append(f"{_label(event, options)}: cancelled")
        return
    own = _own_id(uid) if not recurrence else None
    if _text(event, KIND) == "date":
        plan.dates.append(_special_date(event, own or new_id(), options, uid))
    elif not isinstance(event.start, datetime):
        if not options.all_day:
            plan.skipped.append(f"{_label(event, options)}: all day (--all-day import brings these in)")
            return
        plan.activities += _all_day_activities(event, uid, recurrence, event.start, options)
    else:
        start, end, made_up = _span(event, options)
        if made_up:
            plan.notes.append(f"{_label(event, options)} has no end; it was given an hour")
        pieces = _timed_activities(event, uid, recurrence, start, end, options, own=own)
        if len(pieces) > 1:
            plan.notes.append(f"{_label(event, options)} runs past midnight; it came in as {len(pieces)} days")
        plan.activities += pieces
    known.add(uid, recurrence)


def _special_date(event: Event, item_id: str, options: _Options, uid: str) -> SpecialDate:
    start = event.start
    timed = isinstance(start, datetime)
    local_start = _local(start, options.zone) if timed else None
    local_end = _local(event.end, options.zone) if timed and ("DTEND" in event or "DURATION" in event) else None
    numbers = {}
    for name, prop in _DATE_NUMBERS.items():
        text = _text(event, prop)
        numbers[name] = int(text) if text.isascii() and text.isdigit() else None
    status = _text(event, "X-WEEKPLAN-STATUS")
    return SpecialDate(
        item_id,
        local_start.date() if local_start else start,
        _text(event, "SUMMARY") or "(untitled)",
        None if local_start is None else local_start.hour * 60 + local_start.minute,
        None if local_end is None else (local_end.hour * 60 + local_end.minute) or MINUTES_PER_DAY,
        _text(event, "LOCATION"),
        _text(event, _DATE_FIELDS["idea"]),
        status if status in ("planned", "done", "cancelled") else "planned",
        _text(event, _DATE_FIELDS["prep"]),
        numbers["prep_days"],
        _text(event, "DESCRIPTION"),
        numbers["rating"] if numbers["rating"] in (1, 2, 3, 4, 5) else None,
        _text(event, _DATE_FIELDS["memory"]),
        prep_done=_flag(event, PREP_DONE),
        extra={} if _own_id(uid) == item_id else {"uid": uid},
    )


def _plan_master(
    event: Event, overrides: list[Event], uid: str, plan: ImportPlan, known: _Known, options: _Options
) -> None:
    rules = event.get("RRULE")
    if rules is None:
        _plan_single(event, uid, "", plan, known, options)
        for override in overrides:
            _plan_single(override, uid, _recurrence_key(override, options), plan, known, options)
        return
    if known.has(uid):
        plan.already += 1
        return
    if _outside_the_years(event, plan, options):
        return
    if _text(event, "STATUS").upper() == "CANCELLED":
        plan.skipped.append(f"{_label(event, options)}: cancelled")
        return
    rules = rules if isinstance(rules, list) else [rules]
    if not isinstance(event.start, datetime) and not options.all_day:
        plan.skipped.append(f"{_label(event, options)}: repeating all-day event (--all-day import brings these in)")
        return
    routine = _as_routine(event, rules, uid, overrides, options)
    if routine is not None:
        plan.routines.append(routine)
        known.add(uid)
        return
    _expand(event, rules, uid, overrides, plan, known, options)


def _as_routine(event: Event, rules: list[Any], uid: str, overrides: list[Event], options: _Options) -> Routine | None:
    """The event as a routine, when its repeat is one a routine can say exactly."""
    if len(rules) != 1 or "RDATE" in event or not isinstance(event.start, datetime):
        return None
    rule = rules[0]
    if not set(rule) <= _ROUTINE_RULE_PARTS:
        return None
    freq = rule["FREQ"][0]
    interval = int(rule.get("INTERVAL", [1])[0])
    byday = [str(d).upper() for d in rule.get("BYDAY", [])]
    wkst = str(rule.get("WKST", ["MO"])[0]).upper()
    if freq == "DAILY" and interval == 1 and not byday:
        byday = list(_WEEKDAY_CODES)
    elif freq != "WEEKLY" or not 1 <= interval <= 52 or (interval > 1 and wkst != "MO"):
        return None
    if any(d not in _WEEKDAY_CODES for d in byday):
        return None
    raw_start = event.start
    zone_key = getattr(raw_start.tzinfo, "key", None)
    if raw_start.tzinfo is not None and zone_key != options.zone.key:
        return None  # wall-clock times in another zone drift against ours across DST changes
    start, end, _made_up = _span(event, options)
    if end.date() != start.date() and end != datetime.combine(start.date() + timedelta(days=1), time()):
        return None
    days = tuple(sorted({_WEEKDAY_CODES.index(d) for d in byday} or {start.weekday()}))
    end_minutes = MINUTES_PER_DAY if end.date() != start.date() else end.hour * 60 + end.minute
    own = _own_id(uid)
    routine = Routine(
        own or new_id(),
        _text(event, "SUMMARY") or "(untitled)",
        _category(event, options),
        days,
        start.hour * 60 + start.minute,
        end_minutes,
        start.date(),
        interval=interval,
        notes=_text(event, "DESCRIPTION"),
        uid="" if own else uid,
    )
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        last = _local(until, options.zone).date() if isinstance(until, datetime) else until
        if last < routine.first:
            return None
        routine = replace(routine, last=last)
    elif "COUNT" in rule:
        count = int(rule["COUNT"][0])
        dates = routine.planned_dates(routine.first, routine.first + timedelta(weeks=interval * (count + 1)))
        planned = [d for _, d in zip(range(count), dates, strict=False)]
        if not planned:
            return None
        routine = replace(routine, last=planned[-1])
    for excluded in _exdates(event, options):
        if routine.occurs_on(excluded.date()):
            routine = routine.with_exception(excluded.date(), OccurrenceChange(removed=True))
    for override in overrides:
        recurrence = override.decoded("RECURRENCE-ID")
        day = _local(recurrence, options.zone).date() if isinstance(recurrence, datetime) else recurrence
        if not routine.occurs_on(day):
            return None
        if _text(override, "STATUS").upper() == "CANCELLED":
            routine = routine.with_exception(day, OccurrenceChange(removed=True))
            continue
        if not isinstance(override.start, datetime):
            return None
        o_start, o_end, _ = _span(override, options)
        pieces = _pieces(o_start, o_end)
        if len(pieces) != 1:
            return None
        moved_day, lo, hi = pieces[0]
        changed = _activity_from(override, occurrence_id(routine.id, day), moved_day, lo, hi, options)
        if _category(override, options) != routine.category and not override.get("CATEGORIES"):
            changed = replace(changed, category=routine.category)
        routine = routine.with_exception(day, routine.change_for(changed))
    return routine


def _exdates(event: Event, options: _Options) -> list[datetime]:
    found = []
    for value in event.exdates:
        found.append(_local(value, options.zone) if isinstance(value, datetime) else datetime.combine(value, time()))
    return found


def _expand(
    event: Event, rules: list[Any], uid: str, overrides: list[Event], plan: ImportPlan, known: _Known, options: _Options
) -> None:
    """A repeat no routine can say: its occurrences up to a year from today, as activities."""
    from dateutil.rrule import rruleset, rrulestr
    from icalendar import vRecur

    raw_start = event.start
    timed = isinstance(raw_start, datetime)
    event_zone = raw_start.tzinfo if timed else None
    # Repeat in the event's own wall-clock time (as RFC 5545 says), then convert.
    naive_start = raw_start.replace(tzinfo=None) if timed else datetime.combine(raw_start, time())

    def in_event_zone(value: date | datetime) -> datetime:
        if not isinstance(value, datetime):
            return datetime.combine(value, time())
        if value.tzinfo is not None and event_zone is not None:
            return value.astimezone(event_zone).replace(tzinfo=None)
        return value.replace(tzinfo=None)

    repeats = rruleset()
    try:
        for rule in rules:
            parts = dict(rule)
            if "UNTIL" in parts:
                until = parts["UNTIL"][0]
                # A date UNTIL includes its whole day, as it does for routines.
                end_of_day = datetime.combine(until, time(23, 59, 59)) if not isinstance(until, datetime) else None
                parts["UNTIL"] = [end_of_day or in_event_zone(until)]
            repeats.rrule(rrulestr(vRecur(parts).to_ical().decode(), dtstart=naive_start))
    except (ValueError, TypeError) as exc:
        plan.skipped.append(f"{_label(event, options)}: a repeat that cannot be read ({_one_line(exc)})")
        return
    for value in _dates_of(event.get("RDATE")):
        repeats.rdate(in_event_zone(value))
    for value in event.exdates:
        repeats.exdate(in_event_zone(value))
    horizon = datetime.combine(options.today + timedelta(days=EXPAND_DAYS_AHEAD), time())
    occurrences = list(repeats.between(datetime.min, horizon, inc=True))
    left_out = max(0, len(occurrences) - MAX_EXPANDED)
    occurrences = occurrences[left_out:]
    by_recurrence = {in_event_zone(o.decoded("RECURRENCE-ID")): o for o in overrides}
    length = event.end - event.start if timed else None
    if length is not None and length <= timedelta(0):
        length = timedelta(hours=1)  # as for single events without an end
    added = 0
    for when in occurrences:
        recurrence = _recurrence_text(when, event_zone, options, timed)
        if known.has(uid, recurrence):
            continue
        source = by_recurrence.get(when, event)
        if _text(source, "STATUS").upper() == "CANCELLED":
            continue
        if source is not event:
            if isinstance(source.start, datetime):
                start, end, _ = _span(source, options)
                new = _timed_activities(source, uid, recurrence, start, end, options, own=None)
            else:
                new = _all_day_activities(source, uid, recurrence, source.start, options)
        elif timed:
            zoned = when.replace(tzinfo=event_zone) if event_zone is not None else when
            start = _local(zoned, options.zone)
            assert length is not None
            new = _timed_activities(event, uid, recurrence, start, start + length, options, own=None)
        else:
            new = _all_day_activities(event, uid, recurrence, when.date(), options)
        plan.activities += new
        known.add(uid, recurrence)
        added += 1
    rule_text = "; ".join(r.to_ical().decode() for r in rules)
    window = f"up to {horizon.date()}"
    if occurrences:
        window = f"{occurrences[0].date()} … {occurrences[-1].date()}, up to a year ahead"
    message = f"{_label(event, options)} repeats as {rule_text}: {added} occurrence{_s(added)} ({window})"
    if left_out:
        message += f"; the {left_out} earliest were left out"
    if not occurrences:
        plan.skipped.append(
            f"{_label(event, options)}: its repeat ({rule_text}) has no occurrence up to {horizon.date()}"
        )
    elif added or left_out:
        plan.expanded.append(message)
    else:
        plan.already += 1


def _recurrence_text(when: datetime, event_zone: tzinfo | None, options: _Options, timed: bool) -> str:
    if not timed:
        return when.strftime("%Y%m%d")
    zoned = when.replace(tzinfo=event_zone) if event_zone is not None else when
    return _local(zoned, options.zone).strftime("%Y%m%dT%H%M%S")


def _dates_of(value: Any) -> list[date | datetime]:
    if value is None:
        return []
    found: list[date | datetime] = []
    for item in value if isinstance(value, list) else [value]:
        found += [entry.dt for entry in item.dts]
    return found


# -- import: writing -------------------------------------------------------------------------


def apply_import(plan: ImportPlan, store: Store) -> None:
    """Write what the plan adds, after making sure every file it touches can be written."""
    weeks = {IsoWeek.of(a.date) for a in plan.activities}
    files = [store.week(w) for w in sorted(weeks)]
    if plan.routines:
        files.append(store.routines())
    files += [store.dates_of(year) for year in sorted({d.date.year for d in plan.dates})]
    for collection in files:
        if collection.readonly:
            raise ReadOnlyError(collection.path, collection.errors)
    if plan.routines:
        store.put_routines(plan.routines)
    if plan.dates:
        store.put_dates(plan.dates)
    store.add_activities(plan.activities)
