"""Reading iCalendar files for import: text, folding, and every problem a person must
fix, as path:line:col lines.

`icalendar` is imported inside the functions.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icalendar import Calendar, Event


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
        raise IcsError([f"{path}:1:1: not valid iCalendar: {one_line(exc)}"]) from None
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
                problems.append(f"{path}:{_property_line(lines, index, name)}:1: {name}: {one_line(message)}")
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
        return [f"event {str(event.get('SUMMARY', ''))!r}: {one_line(exc)}"]
    if isinstance(start, datetime) != isinstance(end, datetime):
        return [f"event {str(event.get('SUMMARY', ''))!r}: DTSTART and DTEND must both be dates or both times"]
    if end < start:
        return [f"event {str(event.get('SUMMARY', ''))!r} ends before it starts"]
    return []


def one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:200]
