"""What weekplan reads out of one iCalendar event: its UID, local times, title,
category and flags, and the activities or special date it becomes.  Shared by the
import's planning (weekplan.ics_import) and its expansion of repeats
(weekplan.ics_expand).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from weekplan.ics import (
    DATE_BY_PERSON,
    DATE_FIELDS,
    DATE_NUMBERS,
    DEFAULT_CATEGORY,
    MAX_SPAN_DAYS,
    OWN_ALARM,
    PREP_DONE,
    RECURRENCE_FIELD,
    REMIND,
    SHARE,
    UID_FIELD,
    own_id,
)
from weekplan.model import (
    MAX_PREP_DAYS,
    SHARE_CHOICES,
    TITLE_MAX_LENGTH,
    Activity,
    Config,
    SpecialDate,
    fitted_title,
    new_id,
    reminds,
)
from weekplan.record import Record
from weekplan.weeks import MINUTES_PER_DAY

if TYPE_CHECKING:
    from icalendar import Event


class Options(Record):
    zone: ZoneInfo
    config: Config
    category: str | None
    all_day: bool
    today: date


# The parser keeps property names upper-case in the component's own dict, so a name
# weekplan asks for (always upper-case) is read from it directly: the library's
# case-insensitive lookup, made on every read, was a good share of an import's
# planning (docs/benchmarks.md).
prop = dict.get


def uid_of(event: Event) -> str:
    uid = str(prop(event, "UID", "")).strip()
    if uid:
        return uid
    # No UID (older calcurse exports): one made from what the event says, so that
    # importing the same file again still finds it.
    fields = "|".join(str(prop(event, name, "")) for name in ("SUMMARY", "DTSTART", "DTEND", "DURATION", "RRULE"))
    return "sha1-" + hashlib.sha1(fields.encode()).hexdigest()[:20] + "@imported"


def local_time(value: datetime, zone: ZoneInfo) -> datetime:
    """A naive local time.  Zoned times are converted to the local zone, floating ones
    read as local.  Both go through UTC, so a wall time that does not exist (02:30 on
    the night the clocks go forward) comes out as the time it really is (03:30), as
    khal reads it."""
    zoned = value if value.tzinfo is not None else value.replace(tzinfo=zone)
    return zoned.astimezone(UTC).astimezone(zone).replace(tzinfo=None)


def _missing_wall_time(value: datetime, zone: ZoneInfo) -> bool:
    zoned = value if value.tzinfo is not None else value.replace(tzinfo=zone)
    tz = zoned.tzinfo
    assert tz is not None
    return zoned.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != zoned.replace(tzinfo=None)


def gap_notes(event: Event, options: Options) -> list[str]:
    """What the person should hear about times that do not exist in their zone."""
    notes = []
    for name in ("DTSTART", "DTEND"):
        value = prop(event, name)
        when = getattr(value, "dt", None)
        if isinstance(when, datetime) and _missing_wall_time(when, options.zone):
            zone = getattr(when.tzinfo, "key", None) or options.zone.key
            shifted = local_time(when, options.zone)
            notes.append(
                f"{title_of(event)!r}: {name} {when:%Y-%m-%d %H:%M} does not exist in {zone} (the clocks go "
                f"forward that night); read as {shifted:%H:%M}"
            )
    return notes


def title_of(event: Event) -> str:
    return str(prop(event, "SUMMARY", "")).strip() or "(untitled)"


def title_and_notes(event: Event) -> tuple[str, str]:
    """SUMMARY as an item's title (one line, at most TITLE_MAX_LENGTH characters) and
    DESCRIPTION as its notes, with the whole SUMMARY on top when it did not fit."""
    title, notes, _cut = fitted_title(str(prop(event, "SUMMARY", "")), text_of(event, "DESCRIPTION"))
    return title or "(untitled)", notes


def fitted_title_note(event: Event, options: Options) -> str | None:
    """What the import says about an event whose title had to be made to fit, or None."""
    summary = str(prop(event, "SUMMARY", "")).strip()
    _title, _notes, cut = fitted_title(summary, "")
    if cut:
        return (
            f"{label(event, options)}: a title longer than {TITLE_MAX_LENGTH} characters was cut; "
            "the whole of it is in the notes"
        )
    if len(summary.splitlines()) > 1:
        return f"{label(event, options)}: a title of several lines; its first is the title, all are in the notes"
    return None


def label(event: Event, options: Options) -> str:
    title = title_of(event)
    if len(title) > 60:
        title = title[:59] + "…"  # enough to know the event by
    try:
        start = event.start
    except Exception:  # an event without a usable start is still named
        return repr(title)
    if isinstance(start, datetime):
        # 9999-12-31 23:00 UTC is in the year 10000 east of Greenwich: named as written.
        with contextlib.suppress(OverflowError):
            start = local_time(start, options.zone)
        return f"{title!r} {start:%Y-%m-%d %H:%M}"
    return f"{title!r} {start.isoformat()}" if isinstance(start, date) else repr(title)


def recurrence_text(value: date | datetime, options: Options) -> str:
    """How an occurrence is named in the data: its planned local start."""
    if isinstance(value, datetime):
        return local_time(value, options.zone).strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def recurrence_key(event: Event, options: Options) -> str:
    return recurrence_text(event.decoded("RECURRENCE-ID"), options)


def category_of(event: Event, options: Options) -> str:
    for name in texts(prop(event, "CATEGORIES")):
        wanted = name.strip().lower()
        for category in options.config.categories:
            if wanted in (category.id.lower(), category.name.lower()):
                return category.id
    return options.category or DEFAULT_CATEGORY


def texts(value: Any) -> list[str]:
    """CATEGORIES may come once or several times, each with one or more values."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in values:
        cats = getattr(item, "cats", None)
        found += [str(c) for c in cats] if cats is not None else [str(item)]
    return found


def flag(event: Event, name: str) -> bool:
    return str(prop(event, name, "")).strip().upper() == "TRUE"


_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")


def escaped_text_of(event: Event, name: str) -> str:
    """A TEXT value of a property icalendar does not know (weekplan's X- fields), with
    RFC 5545's escapes read back: the export writes a line break as \\n."""
    return unescaped(text_of(event, name))


def unescaped(text: str) -> str:
    """A TEXT value as written (RFC 5545's escapes) read back."""
    return _TEXT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


RATINGS = ("1", "2", "3", "4", "5")
_TEXT_ITEM = re.compile(r"(?:[^\\,]|\\.)*")  # one value of a TEXT list: up to a comma not escaped


def by_person_of(event: Event, name: str) -> dict[str, str]:
    """What a property written once per person (DATE_BY_PERSON: "Kim,4") says, by name,
    escapes read back; a line without a name and a value is left out, and a name given
    twice counts once, the first time."""
    values = prop(event, name, [])
    found: dict[str, str] = {}
    for value in values if isinstance(values, list) else [values]:
        text, items, at = str(value).strip(), [], 0
        while True:
            item = _TEXT_ITEM.match(text, at)
            assert item is not None  # it matches the empty text too
            items.append(unescaped(item.group()))
            at = item.end() + 1
            if at > len(text):
                break
        if len(items) == 2 and items[0].strip() and items[1]:
            found.setdefault(items[0], items[1])
    return found


def text_of(event: Event, name: str) -> str:
    value = prop(event, name, "")
    if isinstance(value, list):  # a property given twice: the first counts
        value = value[0] if value else ""
    return str(value).strip()


def span_of(
    event: Event, options: Options, start: datetime | None = None, end: datetime | None = None
) -> tuple[datetime, datetime, bool]:
    """Local start and end, and whether a missing end was made up (`start`, `end`: the
    event's, when the caller has them already: the library works them out anew on every
    asking)."""
    start = local_time(event.start if start is None else start, options.zone)
    end = local_time(event.end if end is None else end, options.zone)
    if end <= start:
        return start, start + timedelta(hours=1), "DTEND" not in event and "DURATION" not in event
    return start, end, False


def activity_from(
    event: Event, item_id: str, day: date, start: int, end: int, options: Options, extra: dict[str, Any] | None = None
) -> Activity:
    title, notes = title_and_notes(event)
    return Activity(
        item_id,
        day,
        start,
        end,
        title,
        category_of(event, options),
        flag(event, "X-WEEKPLAN-DONE"),
        flag(event, "X-WEEKPLAN-SKIPPED"),
        notes,
        share_of(event),
        {} if extra is None else extra,
    )


def share_of(event: Event, default: str = "busy") -> str:
    """How much of the event a partner sees, as weekplan's export wrote it; anything else
    (absent, or a value this version does not know) is `default`."""
    value = text_of(event, SHARE).lower()
    return value if value in SHARE_CHOICES else default


def cut_at_midnight(start: datetime, end: datetime) -> list[tuple[date, int, int]]:
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


def remind_of(event: Event) -> dict[str, Any]:
    """The item's own reminder as weekplan wrote it (ics.REMIND), as its `remind`."""
    value = text_of(event, REMIND)
    minutes = int(value) if value.isascii() and value.isdigit() else None
    return {"remind": minutes} if reminds(minutes) else {}


def source_extra(uid: str, recurrence: str) -> dict[str, Any]:
    return {UID_FIELD: uid} | ({RECURRENCE_FIELD: recurrence} if recurrence else {})


# What weekplan reads into its own fields, or writes itself, or tracks (weekplan.ics_changes),
# of every event it takes in; a date's place and status are fields of its own too.
_READ_HERE = {
    "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "CATEGORIES",
    "RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID", "SEQUENCE", "LAST-MODIFIED",
}  # fmt: skip
_READ_FOR_DATES = _READ_HERE | {"LOCATION", "STATUS"}
# What a phone writes beside a field as another form of it (the place as a map's pin,
# the notes as HTML): weekplan's with that field, so that it never stands stale beside it.
_FORMS_OF = {"LOCATION": {"X-APPLE-STRUCTURED-LOCATION"}, "DESCRIPTION": {"X-ALT-DESC"}}
_OWNED_BY_ACTIVITIES = frozenset(_READ_HERE.union(*(_FORMS_OF.get(name, ()) for name in _READ_HERE)))
_OWNED_BY_DATES = frozenset(_READ_FOR_DATES.union(*(_FORMS_OF.get(name, ()) for name in _READ_FOR_DATES)))


def weekplans_own(name: str, *, special: bool) -> bool:
    """Whether weekplan owns an event's property of that name (upper-case): makes it
    from its own data, so that neither an import keeps it beside the item nor a
    two-way folder's rewrite keeps the file's (weekplan.ics_carry); everything else
    of an event is kept.  `special`: a date's event, whose place is a field of the
    date's; an activity's place is kept as it came (an activity has none of its own)."""
    return name in (_OWNED_BY_DATES if special else _OWNED_BY_ACTIVITIES) or name.startswith("X-WEEKPLAN-")


def kept_properties(event: Event, options: Options, *, special: bool = False) -> dict[str, Any]:
    """What weekplan does not show of an event, kept so that the export writes it back
    and a round trip through weekplan never strips a calendar: LOCATION (for
    activities), CATEGORIES beyond the one weekplan uses, and every other property
    and subcomponent (URL, ATTENDEE, X- properties, VALARM …) as content lines."""
    kept: dict[str, Any] = {}
    location = text_of(event, "LOCATION")
    if location and not special:
        kept["location"] = location
    listed = texts(prop(event, "CATEGORIES"))
    if listed:  # (most events name none)
        mine = category_of(event, options)
        names = {c.id.lower() for c in options.config.categories if c.id == mine}
        names |= {c.name.lower() for c in options.config.categories if c.id == mine}
        others = [c for c in listed if c.strip() and c.strip().lower() not in names]
        if others:
            kept["categories"] = others
    # (the names as the parser keeps them, upper-case: see `prop`; an activity's place
    # is kept above, as its text)
    if not event.subcomponents and all(_taken(name, special) for name in event):
        return kept  # nothing else to keep (most events): no need to write any of it out
    from icalendar import Event as IcsEvent

    rest = IcsEvent()
    for name in event:
        if not _taken(name.upper(), special):
            rest[name] = event[name]
    for component in event.subcomponents:
        if OWN_ALARM not in component:  # weekplan's own is made again from the item
            rest.add_component(component)
    lines = [line for line in rest.content_lines() if line][1:-1]  # without BEGIN:VEVENT and END:VEVENT
    if lines:
        kept["ics"] = lines
    return kept


def _taken(name: str, special: bool) -> bool:
    """Whether an import takes the property into the item, not into its kept lines."""
    return weekplans_own(name, special=special) or (name == "LOCATION" and not special)


def timed_activities(
    event: Event,
    uid: str,
    recurrence: str,
    start: datetime,
    end: datetime,
    options: Options,
    *,
    own: str | None,
    kept: dict[str, Any] | None = None,
) -> list[Activity]:
    """`kept`: the event's kept_properties when the caller has them already (every
    occurrence of a repeat has its master's)."""
    pieces = cut_at_midnight(start, end)
    if kept is None:
        kept = kept_properties(event, options)
    extra = ({} if own else source_extra(uid, recurrence) | kept) | remind_of(event)
    return [
        activity_from(event, own if own and len(pieces) == 1 else new_id(), day, lo, hi, options, extra)
        for day, lo, hi in pieces
    ]


def all_day_activities(
    event: Event, uid: str, recurrence: str, first: date, options: Options, kept: dict[str, Any] | None = None
) -> list[Activity]:
    """An all-day event as the planner's whole day, on each day it covers."""
    end = event.end
    days = max(1, (end - event.start).days) if not isinstance(end, datetime) else 1
    if kept is None:
        kept = kept_properties(event, options)
    extra = source_extra(uid, recurrence) | {"all_day": True} | kept
    config = options.config
    return [
        activity_from(event, new_id(), first + timedelta(days=i), config.day_start, config.day_end, options, extra)
        for i in range(min(days, MAX_SPAN_DAYS))
    ]


def special_date(event: Event, item_id: str, options: Options, uid: str) -> SpecialDate:
    start = event.start
    timed = isinstance(start, datetime)
    local_start = local_time(start, options.zone) if timed else None
    has_end = timed and ("DTEND" in event or "DURATION" in event)
    local_end = local_time(event.end, options.zone) if has_end else None
    numbers = {}
    for name, prop in DATE_NUMBERS.items():
        value = text_of(event, prop)
        numbers[name] = int(value) if value.isascii() and value.isdigit() else None
    status = text_of(event, "X-WEEKPLAN-STATUS")
    title, notes = title_and_notes(event)
    return SpecialDate(
        item_id,
        local_start.date() if local_start else start,
        title,
        None if local_start is None else local_start.hour * 60 + local_start.minute,
        None if local_end is None else (local_end.hour * 60 + local_end.minute) or MINUTES_PER_DAY,
        text_of(event, "LOCATION"),
        escaped_text_of(event, DATE_FIELDS["idea"]),
        status if status in ("planned", "done", "cancelled") else "planned",
        escaped_text_of(event, DATE_FIELDS["prep"]),
        numbers["prep_days"] if (numbers["prep_days"] or 0) <= MAX_PREP_DAYS else None,
        notes,
        numbers["rating"] if numbers["rating"] in (1, 2, 3, 4, 5) else None,
        escaped_text_of(event, DATE_FIELDS["memory"]),
        prep_done=flag(event, PREP_DONE),
        added_by=escaped_text_of(event, DATE_FIELDS["added_by"]),
        prep_by=escaped_text_of(event, DATE_FIELDS["prep_by"]),
        ratings=tuple(
            sorted((n, int(v)) for n, v in by_person_of(event, DATE_BY_PERSON["ratings"]).items() if v in RATINGS)
        ),
        memories=tuple(sorted(by_person_of(event, DATE_BY_PERSON["memories"]).items())),
        extra=({} if own_id(uid) == item_id else {UID_FIELD: uid} | kept_properties(event, options, special=True))
        | remind_of(event),
    )
