"""Writing iCalendar (RFC 5545) text: components as content lines, escaped, ordered
and folded the way the `icalendar` library writes them, so that an export can go out
event by event without building the library's objects for each one.

The library still makes what is rare and intricate (a VTIMEZONE, properties kept
from an imported event), and says which TZID a zone has
(weekplan.ics_zones): its text goes in here as whole lines or whole components.
Plain Python, no icalendar at import.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache, lru_cache
from operator import itemgetter

from weekplan.ics_zones import tzid_of
from weekplan.weeks import MINUTES_PER_DAY

# The properties a VEVENT and a VCALENDAR put first, in this order (the library's
# canonical orders); the rest follow in the order of their names.
EVENT_ORDER = (
    "SUMMARY",
    "DTSTART",
    "DTEND",
    "DURATION",
    "DTSTAMP",
    "UID",
    "RECURRENCE-ID",
    "SEQUENCE",
    "RRULE",
    "RDATE",
    "EXDATE",
)
CALENDAR_ORDER = ("VERSION", "PRODID", "CALSCALE", "METHOD", "DESCRIPTION", "X-WR-CALDESC", "NAME", "X-WR-CALNAME")
CRLF = "\r\n"
FOLD_AT = 75  # octets a line may reach, the line break not counted
TZID_PARAM = re.compile(r";TZID=([^;:,]+)")
DATE_TIME = "%04d%02d%02dT%02d%02d%02d"  # a DATE-TIME's digits, from its fields


class Component:
    """One component (VEVENT, VTODO, VALARM …) as its content lines, unfolded."""

    __slots__ = ("components", "lines", "name", "rank", "zones")

    def __init__(self, name: str, order: tuple[str, ...] = ()) -> None:
        self.name = name
        self.rank = _ranks(order)
        # Each line with the key that sorts it, looked up as it is added (see _Ranks).
        self.lines: list[tuple[str, str]] = []
        self.components: list[tuple[str, str]] = []  # (component name, its folded text)
        self.zones: set[str] = set()  # the TZIDs its times name, so a calendar knows which VTIMEZONEs it needs

    def __contains__(self, name: str) -> bool:
        key = self.rank.get(name)  # a name never added to any component has no key yet
        return key is not None and any(added == key for added, _ in self.lines)

    def line(self, name: str, line: str) -> None:
        """A whole content line made elsewhere."""
        self.zones.update(TZID_PARAM.findall(line))
        self.lines.append((self.rank[name], line))

    def text(self, name: str, value: str) -> None:
        """A TEXT property, escaped."""
        # Most values have nothing to escape: looked for here, the call is spared.  What
        # escaping changes, each looked for on its own (a character's search is quicker
        # than a pattern's at the lengths of titles and ids).
        plain = "\\" not in value and ";" not in value and "," not in value and "\n" not in value and "\r" not in value
        text = value if plain else escape(value)
        self.lines.append((self.rank[name], f"{name}:{text}"))

    def texts(self, name: str, values: list[str]) -> None:
        """A list of TEXT values on one line (CATEGORIES)."""
        self.lines.append((self.rank[name], f"{name}:{','.join(escape(v) for v in values)}"))

    def value(self, name: str, value: str, params: str = "") -> None:
        """A property whose value is written already; `params` as ";NAME=value"."""
        if params:
            self.zones.update(TZID_PARAM.findall(params))
        self.lines.append((self.rank[name], f"{name}{params}:{value}"))

    def when(self, name: str, moment: date) -> None:
        """A DATE, a DATE-TIME in UTC, or one in its zone with that zone's TZID."""
        self._moment(name, _moment_parts(moment))

    def at(self, name: str, day: date, minutes: int, zone: tzinfo) -> None:
        """The DATE-TIME `minutes` after the start of `day` on the wall clock of `zone`
        (24:00 is the next day's midnight), as `when` writes that moment."""
        self._moment(name, _wall_clock_parts(day, minutes, zone))

    def _moment(self, name: str, parts: tuple[str, str, str]) -> None:
        # The parts as one tuple, not spread into arguments: a call with * is a slower kind.
        params, tzid, value = parts
        if tzid:
            self.zones.add(tzid)
        self.lines.append((self.rank[name], f"{name}{params}:{value}"))

    def whens(self, name: str, moments: list[datetime]) -> None:
        """Several DATE-TIMEs of one zone on one line (EXDATE)."""
        params, _ = moment_value(moments[0])
        self.value(name, ",".join(moment_value(m)[1] for m in moments), params)

    def add(self, component: Component) -> None:
        self.zones |= component.zones
        self.components.append((component.name, component.to_text()))

    def add_text(self, name: str, text: str) -> None:
        """A whole component made elsewhere, as folded text ending in CRLF."""
        self.zones.update(TZID_PARAM.findall(text))
        self.components.append((name, text))

    def head(self) -> str:
        """BEGIN and the properties: what comes before the components."""
        # A stable sort on the keys alone: lines of one name stay in the order they came.
        ordered = sorted(self.lines, key=_sort_key)
        # Most lines are short and plain: those skip the call that would fold them.
        lines = [line if len(line) < FOLD_AT and line.isascii() else fold(line) for _, line in ordered]
        return f"BEGIN:{self.name}\r\n{CRLF.join(lines)}\r\n" if lines else f"BEGIN:{self.name}\r\n"

    def to_text(self) -> str:
        inner = "".join(text for _, text in self.components) if self.components else ""
        return f"{self.head()}{inner}END:{self.name}\r\n"


_sort_key = itemgetter(0)


class _Ranks(dict[str, str]):
    """Each property name's sort key: the names of an order first, in that order, then
    the others in the order of their names; a name's key is made once, when first seen.
    A key is one string, the name's place in the order as a character and then the
    name: it sorts as the pair (place, name) would, and two keys compare in one step
    where two pairs take several (an export sorts the lines of every component)."""

    def __init__(self, order: tuple[str, ...]) -> None:
        super().__init__((name, chr(n) + name) for n, name in enumerate(order))
        self.others = chr(len(order))

    def __missing__(self, name: str) -> str:
        key = self[name] = self.others + name
        return key


@cache
def _ranks(order: tuple[str, ...]) -> _Ranks:
    return _Ranks(order)


def escape(text: str) -> str:
    """TEXT escaping as the library does it (a written "\\N" is a line break, as in the
    standard; every line ending becomes one)."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def moment_value(moment: date) -> tuple[str, str]:
    """The parameters and the value of a DATE or DATE-TIME."""
    params, _, value = _moment_parts(moment)
    return params, value


def wall_clock_value(day: date, minutes: int, zone: tzinfo) -> tuple[str, str]:
    """The parameters and the value of the DATE-TIME `minutes` after the start of `day`
    on the wall clock of `zone`: what moment_value writes for that aware time, without
    making it (an export writes two for each of tens of thousands of events)."""
    params, _, value = _wall_clock_parts(day, minutes, zone)
    return params, value


def _moment_parts(moment: date) -> tuple[str, str, str]:
    """A DATE or DATE-TIME's parameters, the TZID they name (or none) and its value."""
    # Formatted from the fields, as strftime would: an export formats tens of thousands,
    # and %-formatting does it in a third of strftime's time (f-string specs in half).
    if not isinstance(moment, datetime):
        return ";VALUE=DATE", "", _day_digits(moment)
    params, tzid, suffix = _zone_form(moment.tzinfo)
    text = DATE_TIME % (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return params, tzid, text + suffix


def _wall_clock_parts(day: date, minutes: int, zone: tzinfo) -> tuple[str, str, str]:
    if minutes >= MINUTES_PER_DAY:
        day += timedelta(days=minutes // MINUTES_PER_DAY)
        minutes %= MINUTES_PER_DAY
    last = _last_form  # an export's times are all of one zone: its form is at hand
    params, tzid, suffix = last[1] if zone is last[0] else _zone_form(zone)
    return params, tzid, _day_digits(day) + _clock_digits(minutes) + suffix


@cache
def _clock_digits(minutes: int) -> str:
    """The digits of a minute of the day ("T093000"), for the times written from a day
    and minutes: an export writes two for each of tens of thousands of events, at only
    so many minutes of the day, so each is formatted once, when first written."""
    return "T%02d%02d00" % divmod(minutes, 60)  # noqa: UP031


@lru_cache(maxsize=1024)
def _day_digits(day: date) -> str:
    """A DATE's digits.  A day's events are written one after the other, so its digits
    are formatted once for all of their times, not twice for each event."""
    return "%04d%02d%02d" % (day.year, day.month, day.day)  # noqa: UP031


_FLOATING = ("", "", "")  # a DATE-TIME with no zone: no zone to name
_IN_UTC = ("", "", "Z")


def _zone_form(zone: tzinfo | None) -> tuple[str, str, str]:
    """How the DATE-TIMEs of a zone are written: their parameters, the TZID they name
    (for the calendar's VTIMEZONEs) and what follows their digits."""
    global _last_form  # one tuple, replaced whole: a thread reads the old one or the new
    if zone is UTC:
        return _IN_UTC
    key = getattr(zone, "key", None)
    form = _FLOATING if key is None else _zone_form_of(key)
    _last_form = (zone, form)
    return form


# The zone whose form was worked out last, with it: held by the object itself (not its
# key, not by equality, which takes UTC for any offset of 0), so it is that zone's form.
_last_form: tuple[tzinfo | None, tuple[str, str, str]] = (UTC, _IN_UTC)


def forget_zone_forms() -> None:
    """Forget every zone's form worked out so far, the last one's too: the next export
    asks the zone library again (after its answers may have changed)."""
    global _last_form
    _zone_form_of.cache_clear()
    _last_form = (UTC, _IN_UTC)


@cache
def _zone_form_of(key: str) -> tuple[str, str, str]:
    """A named zone's form, worked out once: its TZID parameter, or none for a zone
    that means UTC, whose times are written with a Z."""
    tzid = tzid_of(key)
    return _IN_UTC if tzid == "UTC" else (f";TZID={tzid}", tzid, "")


def duration(span: timedelta) -> str:
    """A DURATION value (an alarm's TRIGGER) as the library writes one: days, then the
    time part's hours, minutes and seconds, each only when needed ("-PT1H", "P1DT30M",
    "PT1H0M5S")."""
    sign = ""
    if span.days < 0:
        sign, span = "-", -span
    time_part = ""
    if span.seconds:
        hours, minutes, seconds = span.seconds // 3600, span.seconds % 3600 // 60, span.seconds % 60
        time_part = "T" + (f"{hours}H" if hours else "")
        time_part += f"{minutes}M" if minutes or (hours and seconds) else ""
        time_part += f"{seconds}S" if seconds else ""
    if span.days == 0 and time_part:
        return f"{sign}P{time_part}"
    return f"{sign}P{span.days}D{time_part}"


def weekly_rule(days: list[str], interval: int = 1, until: datetime | None = None, week_start: str = "MO") -> str:
    """A routine's RRULE value (its weeks starting on `week_start`, as the routine counts
    them) as the library writes one: its parts in RFC 5545's order, UNTIL in UTC, INTERVAL
    only when not 1 ("FREQ=WEEKLY;UNTIL=20270110T225959Z;INTERVAL=2;BYDAY=MO,WE;WKST=MO")."""
    parts = ["FREQ=WEEKLY"]
    if until is not None:
        parts.append("UNTIL=" + moment_value(until.astimezone(UTC))[1])
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    parts.append("BYDAY=" + ",".join(days))
    parts.append(f"WKST={week_start}")
    return ";".join(parts)


def fold(line: str) -> str:
    """A content line cut into lines of at most FOLD_AT octets, never inside a UTF-8
    character nor right after a backslash or caret (an escape stays whole), each
    further line starting with a space."""
    if len(line) < FOLD_AT and (line.isascii() or len(line.encode("utf-8")) < FOLD_AT):
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width >= FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], len(carried.encode("utf-8"))
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
