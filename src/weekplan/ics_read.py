"""Reading iCalendar files for import: text, folding, and every problem a person must
fix, as path:line:col lines.  Where a problem is comes from the one reader of a file's
lines and how its parts nest (weekplan.ics_lines).

`icalendar` is imported inside the functions.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from weekplan.ics import printable
from weekplan.ics_events import prop, uid_of
from weekplan.ics_lines import Line, NestingError, Part, content_lines, nested
from weekplan.record import Record, field

if TYPE_CHECKING:
    from icalendar import Calendar, Event


class IcsError(Exception):
    """A file that is not usable iCalendar; `problems` are path:line:col lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _event_begins(lines: list[Line]) -> list[int]:
    """The index in `lines` of each BEGIN:VEVENT, in order."""
    return [at for at, (_, _, line) in enumerate(lines) if line.upper().startswith("BEGIN:VEVENT")]


def _has_uid_line(lines: list[Line], begins: list[int], event_index: int) -> bool:
    """Whether the n-th VEVENT has a UID line of its own (one of its alarms' does not
    count), read or not; `begins`: _event_begins of the lines."""
    if event_index >= len(begins):
        return True  # where it is cannot be told: it may have one
    depth = 0
    for _, _, line in lines[begins[event_index] + 1 :]:
        upper = line.strip().upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and re.match(r"UID[;:]", upper):
            return True
    return False


def _property_line(lines: list[Line], begins: list[int], event_index: int, name: str | None, message: str = "") -> int:
    """Where property `name` of the n-th VEVENT is (its BEGIN line when not found), for
    pointing at a problem; a line the parser could not split into a property (name
    None) is found by the text it quotes.  `begins`: _event_begins of the lines, so
    each event is looked for where it starts, not from the top of the file."""
    if event_index >= len(begins):
        return 1
    quoted = re.search(r"'([^']*)'", message)
    start = begins[event_index]
    begin = lines[start][0]
    for number, _last, line in lines[start + 1 :]:
        upper = line.upper()
        if upper.startswith("END:VEVENT"):
            break
        if name is None:
            if quoted is not None and line.strip() == quoted.group(1).strip():
                return number
        elif re.match(rf"^{re.escape(name.upper())}[;:]", upper):
            return number
    return begin


# A fold, then octets that go on a character (see _decoded_unfolding_characters).
_FOLD_INSIDE_A_CHARACTER = re.compile(rb"(\r?\n[ \t])([\x80-\xbf]+)")
# calcurse writes alarm triggers like "TRIGGER:-P300S", which RFC 5545 spells -PT300S;
# the parser refuses the whole file for it.
_TIME_WITHOUT_T = re.compile(
    r"^((?:TRIGGER|DURATION)(?:;[^:\r\n]*)?:[+-]?P)(\d+[HMS])\s*$", re.MULTILINE | re.IGNORECASE
)


def _repair_durations(text: str) -> tuple[str, int]:
    return _TIME_WITHOUT_T.subn(r"\1T\2", text)


# Each event's start and end as the check read them (the library works them out anew,
# with its validation, on every asking), by the event's identity; the event itself is
# held with them, so that an id cannot come back as another event's.
CheckedTimes = dict[int, tuple["Event", Any, Any]]


def checked_times(times: CheckedTimes, event: Event) -> tuple[Any, Any]:
    """The event's start and end: as the check read them, or (an event made since, by
    X-WR-TIMEZONE or an expansion) asked of the library."""
    known = times.get(id(event))
    if known is not None and known[0] is event:
        return known[1], known[2]
    return event.start, event.end


class CalendarFile(Record, frozen=False):
    """The calendars of one file, with the events that cannot be used taken out and
    said why (`skipped`), and what was read in a way the person should know (`notes`)."""

    calendars: list[Calendar]
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread_uids: set[str] = field(default_factory=set)  # of the events left out: not gone, just unread
    # Left out with no UID that could be read: what they brought before cannot be told
    # from what is gone, so nothing of their calendar may count as gone.
    unread_without_uid: list[str] = field(default_factory=list)
    times: CheckedTimes = field(default_factory=dict)


def _decoded_unfolding_characters(path: Path, data: bytes) -> str:
    """The text of a file that did not decode as it is.  RFC 5545 lets a simple writer
    fold a line between the octets of one character: each such fold is moved to just
    after the character (the octets that go on a character, which none starts with,
    are put back beside it), so that every line stays where it was and a problem
    named later at its line is still right.  What still does not decode is named at
    its line and column in the file as it is (IcsError), not as it was repaired."""
    moved = list(_FOLD_INSIDE_A_CHARACTER.finditer(data))
    repaired = _FOLD_INSIDE_A_CHARACTER.sub(rb"\2\1", data)
    try:
        return repaired.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = _offset_before_repair(exc.start, moved)
        line = data.count(b"\n", 0, offset) + 1
        col = offset - data.rfind(b"\n", 0, offset)  # in octets: the line is not text
        raise IcsError([f"{path}:{line}:{col}: not UTF-8 text (byte 0x{data[offset]:02x})"]) from None


def _offset_before_repair(offset: int, moved: list[re.Match[bytes]]) -> int:
    """Where an octet of the repaired file was in the file as it is: each repair swaps
    a fold and the octets after it, so only the octets of a swap have moved."""
    for match in moved:
        fold, octets = len(match.group(1)), len(match.group(2))
        if match.start() <= offset < match.start() + octets:
            return offset + fold
        if match.start() + octets <= offset < match.end():
            return offset - octets
    return offset


def file_text(path: Path, data: bytes) -> str:
    """The text of a calendar file; IcsError names where it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decoded_unfolding_characters(path, data)


def read_calendars(path: Path, data: bytes) -> CalendarFile:
    """Every VCALENDAR in the file.  A file that is not iCalendar at all raises IcsError;
    an event that cannot be used is taken out and reported (path:line:col), and the rest
    of the file still counts, as other calendar programs read it."""
    from icalendar import Calendar

    text = file_text(path, data)
    if "BEGIN:VCALENDAR" not in text.upper():
        raise IcsError([f"{path}:1:1: not an iCalendar file: no BEGIN:VCALENDAR"])
    text, repaired = _repair_durations(text)
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # the parser raises many kinds; a file it cannot read is one message
        where, why = _misplaced_component(content_lines(text)) or (1, one_line(exc))
        raise IcsError([f"{path}:{where}:1: not valid iCalendar: {why}"]) from None
    lines = content_lines(text)
    begins = [number for number, _, line in lines if line.strip().upper() == "BEGIN:VCALENDAR"]
    ends = [number for number, _, line in lines if line.strip().upper() == "END:VCALENDAR"]
    if len(calendars) != len(begins) or len(ends) != len(begins):
        # The parser quietly drops a calendar that is cut short; a cut file must not half-import.
        where = begins[len(calendars)] if len(calendars) < len(begins) else lines[-1][0]
        raise IcsError([f"{path}:{where}:1: not valid iCalendar: a BEGIN:VCALENDAR without its END:VCALENDAR"])
    result = CalendarFile(calendars)
    if repaired:
        result.notes.append(
            f"{path}: {repaired} alarm or duration time{'s' if repaired != 1 else ''} like -P300S read as -PT300S"
        )
    index = 0
    begins: list[int] = []  # found when the first problem needs them: most files have none
    for cal in calendars:
        for event in list(cal.walk("VEVENT")):
            if event.errors and not begins:
                begins = _event_begins(lines)
            problems = [
                f"{path}:{_property_line(lines, begins, index, name, str(message))}:1: "
                f"{name or 'line'}: {one_line(message)}"
                for name, message in event.errors
            ]
            if not problems:
                problems, notes = _event_problems(event, result.times), _zone_notes(event)
                if problems or notes:  # where the event is, looked up only for the few that need it
                    begins = begins or _event_begins(lines)
                    where = f"{path}:{_property_line(lines, begins, index, 'BEGIN')}:1: "
                    problems = [where + p for p in problems]
                    result.notes += [where + n for n in notes]
            if problems:
                _take_out(cal, event)
                left_out = [f"{p}; that event was left out" for p in problems]
                begins = begins or _event_begins(lines)
                if str(prop(event, "UID", "")).strip() or not _has_uid_line(lines, begins, index):
                    # An event with no UID line at all (a calcurse export) is known by
                    # the UID made from what it says, as the import knows it.
                    result.unread_uids.add(uid_of(event))
                else:
                    result.unread_without_uid += left_out
                result.skipped += left_out
            index += 1
    return result


# Where RFC 5545 puts each component: in which other one (None: nowhere else).  An
# X- or IANA component of another name may stand anywhere, as the parser lets it.
_PLACE_OF = {
    "VCALENDAR": frozenset({None}),
    **dict.fromkeys(("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE"), frozenset({"VCALENDAR"})),
    "STANDARD": frozenset({"VTIMEZONE"}),
    "DAYLIGHT": frozenset({"VTIMEZONE"}),
    "VALARM": frozenset({"VEVENT", "VTODO"}),
}
_WHERE_IT_BELONGS = {
    "VCALENDAR": "a calendar stands on its own in the file",
    "VTIMEZONE": "a time zone belongs in the VCALENDAR itself",
    "STANDARD": "standard time belongs in a VTIMEZONE",
    "DAYLIGHT": "summer time belongs in a VTIMEZONE",
    "VALARM": "an alarm belongs in an event or a to-do",
}


def _misplaced_component(lines: list[Line]) -> tuple[int, str] | None:
    """The line of the first BEGIN or END that leaves the file's components out of
    the shape iCalendar gives them (a VTIMEZONE inside another, an END of a component
    that is not open, a time zone with no time in it), and why in a person's words;
    None when their shape is right.  Asked only of a file the parser refused, so a
    file other programs read is never refused for its shape."""
    try:
        return _first_misplaced(nested(lines), None, lines)
    except NestingError as exc:
        # What was read before the END or BEGIN that does not nest comes first in the file.
        return _first_misplaced(exc.parts, None, lines) or (exc.number, exc.why)


def _first_misplaced(parts: list[Part], inside: str | None, lines: list[Line]) -> tuple[int, str] | None:
    """The first of `parts` (in file order, those inside each one included) that
    stands where iCalendar puts none of its kind, or is a time zone without a time."""
    for part in parts:
        places = _PLACE_OF.get(part.name)
        if places is not None and inside not in places:
            where = f"inside a {inside}" if inside else "outside any VCALENDAR"
            belongs = _WHERE_IT_BELONGS.get(part.name, "it belongs in the VCALENDAR itself")
            return lines[part.begin][0], f"a {printable(part.name)[:40]} {where} ({belongs})"
        found = _first_misplaced(part.parts, part.name, lines)
        if found:
            return found
        if (
            part.name == "VTIMEZONE"
            and part.end >= 0
            and not any(p.name in ("STANDARD", "DAYLIGHT") for p in part.parts)
        ):
            return lines[part.end][0], "a VTIMEZONE with neither a STANDARD nor a DAYLIGHT time in it"
    return None


def _take_out(calendar: Calendar, event: Event) -> None:
    for component in calendar.walk():
        if event in component.subcomponents:
            component.subcomponents.remove(event)
            return


def _title(event: Event) -> str:
    return repr(str(prop(event, "SUMMARY", "")).strip() or "(untitled)")


def _event_problems(event: Event, times: CheckedTimes) -> list[str]:
    """Why the event cannot be used; an empty list when it can, and its start and end
    are in `times` (it is made consistent where other readers do the same: a DTSTART
    without a zone beside a DTEND with one is read in that zone)."""
    if "DTSTART" not in event:
        return [f"event {_title(event)} has no DTSTART"]
    if "DTEND" in event and "DURATION" in event:
        del event["DURATION"]  # RFC 5545 allows one; other readers take DTEND
    try:
        start = event.start
        end = event.end
    except Exception as exc:  # icalendar raises several kinds for inconsistent events
        return [f"event {_title(event)}: {one_line(exc)}"]
    if isinstance(start, datetime) != isinstance(end, datetime):
        return [f"event {_title(event)}: DTSTART and DTEND must both be dates or both times"]
    if isinstance(start, datetime) and isinstance(end, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        zone = start.tzinfo or end.tzinfo
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            value = prop(event, name)
            if value is not None and isinstance(value.dt, datetime) and value.dt.tzinfo is None:
                del event[name]
                event.add(name, value.dt.replace(tzinfo=zone))
        start, end = event.start, event.end
    if end < start:
        return [f"event {_title(event)} ends before it starts"]
    times[id(event)] = (event, start, end)
    return []


def _zone_notes(event: Event) -> list[str]:
    """A TZID that names no zone weekplan knows (and no VTIMEZONE in the file): the
    parser reads such a time as floating, so it is read as local time, and said so."""
    notes = []
    for name in ("DTSTART", "DTEND"):
        value = prop(event, name)
        tzid = value.params.get("TZID") if value is not None and hasattr(value, "params") else None
        if tzid and isinstance(value.dt, datetime) and value.dt.tzinfo is None:
            notes.append(f"{name} of {_title(event)}: time zone {str(tzid)!r} is unknown; read as local time")
    return notes


def one_line(exc: object) -> str:
    return " ".join(printable(str(exc)).split())[:200]
