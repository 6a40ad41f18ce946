"""iCalendar (RFC 5545) export, through the `icalendar` library.

Stored activities, special dates and routines (as RRULE with EXDATE for removed
occurrences and RECURRENCE-ID overrides for changed ones) are written in local time
with the TZID of the system zone.  Every event's UID comes from the item's id
("<id>@weekplan"), or is the UID it was imported with, so exporting again updates
the events in another calendar instead of adding them twice.

`icalendar` is imported inside the functions: the command line must stay quick for
everything else.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from weekplan.ics import (
    DATE_FIELDS,
    DATE_NUMBERS,
    KIND,
    PREP_DONE,
    PRODID,
    SHARE,
    WEEKDAY_CODES,
    own_uid,
)
from weekplan.ics_changes import edited_here
from weekplan.local_zone import local_zone
from weekplan.model import Activity, SpecialDate
from weekplan.record import Record, replace
from weekplan.remind import date_alarm, lead_minutes
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import MINUTES_PER_DAY, weeks_between

if TYPE_CHECKING:
    from icalendar import Calendar, Component, Event


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
    zone = zone or local_zone()
    stamp = datetime.now(UTC).replace(microsecond=0)
    groups = export_groups(store, first, last, zone, stamp)
    cal = calendar_of(groups, zone)
    return cal.to_ical(), len(cal.events)


def calendar_of(groups: list[ExportGroup], zone: ZoneInfo) -> Calendar:
    """One VCALENDAR holding the groups, with the VTIMEZONE their times need."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "weekplan")
    cal.add("x-wr-timezone", zone.key)
    for group in groups:
        for component in group.components:
            cal.add_component(component)
    if groups and zone.key != "UTC":
        first = min(g.first for g in groups) - timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=max(g.last for g in groups) + timedelta(days=366))
    return cal


def export_groups(
    store: Store, first: date | None, last: date | None, zone: ZoneInfo, stamp: datetime
) -> list[ExportGroup]:
    """Every item on first..last as the components it becomes, in a stable order."""
    if first is None or last is None:
        activities = [a for a in store.all_activities() if _in(a.date, first, last)]
    else:
        activities = [
            a for w in weeks_between(first, last) for a in store.week(w).items.values() if _in(a.date, first, last)
        ]
    groups: list[ExportGroup] = []
    day_start, day_end = store.config.day_start, store.config.day_end
    for pieces in _events_of(activities, day_start, day_end):
        event = _activity_event(pieces, zone, stamp, day_start, day_end)
        groups.append(ExportGroup(str(event["UID"]), [event], pieces[0].date, pieces[-1].date, list(pieces)))
    for special in sorted(store.dates().items.values(), key=lambda d: (d.date, d.id)):
        if _in(special.date, first, last):
            event = _date_event(special, zone, stamp, day_start)
            todo = _prep_todo(special, stamp, day_start)
            components = [event] if todo is None else [event, todo]
            groups.append(ExportGroup(str(event["UID"]), components, special.date, special.date, [special]))
    for routine in sorted(store.routines().items.values(), key=lambda r: r.id):
        clipped = _clip(routine, first, last)
        if clipped is not None:
            events = _routine_events(clipped, zone, stamp)
            until = clipped.last or max(clipped.first, date.today()) + timedelta(days=3650)
            groups.append(ExportGroup(str(events[0]["UID"]), events, clipped.first, until, [routine]))
    return groups


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


def _events_of(activities: list[Activity], day_start: int, day_end: int) -> list[list[Activity]]:
    """The activities grouped into what each is one event of: an event imported as one
    (past midnight, or all day over several days) and cut into days goes out as one
    event again, under its one UID, as long as its pieces still join up.  A piece
    edited apart from the others goes out on its own, under its own UID, so that no
    two events in the file share one (RFC 5545) and importing the file loses nothing."""
    groups: dict[tuple[str, str], list[Activity]] = {}
    for activity in sorted(activities, key=lambda a: (a.date, a.start, a.id)):
        uid = activity.extra.get("uid")
        key = (uid, str(activity.extra.get("recurrence_id", ""))) if isinstance(uid, str) and uid else ("", activity.id)
        groups.setdefault(key, []).append(activity)
    events: list[list[Activity]] = []
    for pieces in groups.values():
        if len(pieces) == 1 or _joined(pieces, day_start, day_end):
            events.append(pieces)
        else:
            events.append(pieces[:1])
            events += [[replace(p, extra=_without_uid(p.extra))] for p in pieces[1:]]
    return sorted(events, key=lambda e: (e[0].date, e[0].start, e[0].id))


def _without_uid(extra: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in extra.items() if k not in ("uid", "recurrence_id")}


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


def _activity_event(pieces: list[Activity], zone: ZoneInfo, stamp: datetime, day_start: int, day_end: int) -> Event:
    """One event for an activity, or for the joined pieces of one imported event."""
    first, last = pieces[0], pieces[-1]
    event = _base_event(_item_uid(first.id, first.extra), "activity", first.title, stamp)
    if all(_all_day(p, day_start, day_end) for p in pieces):
        # All day it came in, all day it goes out: calcurse and phones show a date, not 07:00-23:00.
        event.add("dtstart", first.date)
        event.add("dtend", last.date + timedelta(days=1))
    else:
        event.add("dtstart", _at(first.date, first.start, zone))
        event.add("dtend", _at(last.date, last.end, zone))
    _add_activity_fields(event, first.category, first.notes, first.done, first.skipped, first.extra, first.share)
    add_kept(event, first)
    lead = lead_minutes(first, None)
    if lead is not None:
        _add_alarm(event, first.title, -timedelta(minutes=lead))
    return event


def _add_alarm(event: Event, text: str, trigger: timedelta) -> None:
    """A display alarm, relative to the start, unless the event came with its own."""
    from icalendar import Alarm

    if any(c.name == "VALARM" for c in event.subcomponents):
        return
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    event.add_component(alarm)


def _prep_todo(special: SpecialDate, stamp: datetime, day_start: int) -> Component | None:
    """A date's preparation as a to-do due on its day, with an alarm at the start of
    the planner's day, so a phone reminds of it."""
    from icalendar import Todo

    if not special.prep or special.status != "planned":
        return None
    todo = Todo()
    todo.add("uid", own_uid(f"{special.id}-prep"))
    todo.add("dtstamp", stamp)
    todo.add("summary", special.prep)
    todo.add("due", special.date - timedelta(days=special.prep_days or 0))
    todo.add("related-to", _item_uid(special.id, special.extra))
    todo.add("description", f"for {special.title} on {special.date.isoformat()}")
    todo.add("status", "COMPLETED" if special.prep_done else "NEEDS-ACTION")
    todo.add(KIND, "prep")
    if not special.prep_done:
        _add_alarm(todo, special.prep, timedelta(minutes=day_start))
        todo.subcomponents[-1]["TRIGGER"].params["RELATED"] = "END"  # the due day's start, plus day_start
    return todo


def add_kept(event: Event, item: Activity | SpecialDate | Routine) -> None:
    """What an imported event held that weekplan does not show, written back as it came
    (see weekplan.ics_events.kept_properties), and its version: an item edited here
    goes out one SEQUENCE later, so the other calendar takes the change."""
    from icalendar import Event as IcsEvent

    extra = item.extra
    location = extra.get("location")
    if isinstance(location, str) and location and "LOCATION" not in event:
        event.add("location", location)
    lines = extra.get("ics")
    if isinstance(lines, list) and all(isinstance(line, str) for line in lines) and lines:
        try:
            kept = IcsEvent.from_ical("\r\n".join(["BEGIN:VEVENT", *lines, "END:VEVENT", ""]))
        except ValueError:
            kept = None  # lines edited by hand into something unreadable: left out, the event still goes
        if kept is not None:
            for name in kept:
                if name not in event:
                    event[name] = kept[name]
            for component in kept.subcomponents:
                event.add_component(component)
    sequence = extra.get("sequence")
    if isinstance(sequence, int) or "imported" in extra:
        edited = 1 if edited_here(item) else 0
        event.add("sequence", (sequence if isinstance(sequence, int) else 0) + edited)


def _add_activity_fields(
    event: Event,
    category: str,
    notes: str,
    done: bool,
    skipped: bool,
    extra: dict[str, Any] | None = None,
    share: str = "busy",
) -> None:
    others = (extra or {}).get("categories")
    others = [c for c in others if isinstance(c, str)] if isinstance(others, list) else []
    if category or others:  # an activity without a category exports without one
        event.add("categories", [category, *others])
    if notes:
        event.add("description", notes)
    if done:
        event.add("x-weekplan-done", "TRUE")
    if skipped:
        event.add("x-weekplan-skipped", "TRUE")
    if share != "busy":
        event.add(SHARE, share.upper())


def _date_event(special: SpecialDate, zone: ZoneInfo, stamp: datetime, day_start: int) -> Event:
    from icalendar import vText

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
    for name, prop in DATE_FIELDS.items():
        if getattr(special, name):
            # As text, so a line break in a memory or a preparation is escaped, not a new line.
            event.add(prop, vText(getattr(special, name)))
    for name, prop in DATE_NUMBERS.items():
        if getattr(special, name) is not None:
            event.add(prop, str(getattr(special, name)))
    if special.prep_done:
        event.add(PREP_DONE, "TRUE")
    add_kept(event, special)
    alarm = date_alarm(special, day_start)
    if alarm is not None:
        start = datetime.combine(special.date, time()) + timedelta(minutes=special.start or 0)
        _add_alarm(event, special.title, alarm - start)
    return event


def _routine_events(routine: Routine, zone: ZoneInfo, stamp: datetime) -> list[Event]:
    uid = routine.uid or own_uid(routine.id)
    master = _base_event(uid, "routine", routine.title, stamp)
    master.add("dtstart", _at(routine.first, routine.start, zone))
    master.add("dtend", _at(routine.first, routine.end, zone))
    rule: dict[str, Any] = {"freq": "weekly"}
    if routine.interval != 1:
        rule["interval"] = routine.interval
    rule["byday"] = [WEEKDAY_CODES[d] for d in routine.days]
    rule["wkst"] = "MO"  # weeks counted from Monday, as routines count them
    if routine.last is not None:
        # With a TZID on DTSTART, UNTIL must be in UTC; the end of the last day covers it.
        rule["until"] = datetime.combine(routine.last, time(23, 59, 59), tzinfo=zone).astimezone(UTC)
    master.add("rrule", rule)
    _add_activity_fields(master, routine.category, routine.notes, False, False, routine.extra, routine.share)
    add_kept(master, routine)
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
        _add_activity_fields(
            override,
            occurrence.category,
            occurrence.notes,
            occurrence.done,
            occurrence.skipped,
            share=occurrence.share,
        )
        events.append(override)
    return events
