"""What a two-way folder's file holds that weekplan does not own, kept when weekplan
writes the file again (weekplan.vdir).

A phone may add to an event weekplan made: a place, a link, its own alarm, an X-
property, a higher SEQUENCE.  weekplan takes in what it shows and nothing more, so
the file it makes for the item's next change would drop the rest.  Before a file is
written over, each event of the new file (matched by UID and RECURRENCE-ID) is made
of what weekplan owns, written from its own data, and everything else of the same
event in the file as it is, byte for byte: properties weekplan does not own
(weekplan.ics_events.weekplans_own says which), their folds and parameters, and
every component that is not weekplan's own alarm.  Its SEQUENCE is one higher than
the file's, so the phone takes the change.

weekplan's own alarm is told by its mark (ics.OWN_ALARM).  An alarm written before
the mark existed is told by being, but for the mark, the one weekplan's alarm maker
(ics_export.own_alarm) makes for the event as the file has it (its kind, title,
`remind`, status and whether it is all day), whatever has changed here since; at the
planner's day start now or the one the alarm names, for an all-day date's alarm
rings at the start of the planner's day.  One such alarm at most an event, and none
in an event that has a marked one.

A file whose lines cannot be read (not UTF-8, components that do not nest) is not
written over: IcsError names it at its line.  Plain Python, no icalendar.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from weekplan.ics import KIND, OWN_ALARM, REMIND
from weekplan.ics_events import unescaped, weekplans_own
from weekplan.ics_export import own_alarm
from weekplan.ics_lines import (
    Line,
    NestingError,
    Part,
    content_lines,
    line_starts,
    name_and_value,
    named,
    nested,
    raw_text,
)
from weekplan.ics_read import IcsError, file_text
from weekplan.model import Activity, SpecialDate

if TYPE_CHECKING:
    from pathlib import Path


class _Text:
    """A calendar's text read as content lines and components."""

    def __init__(self, text: str, lines: list[Line], parts: list[Part]) -> None:
        self.text = text
        self.lines = lines
        self.parts = parts
        self.starts = line_starts(text)

    def raw(self, first: int, last: int | None = None) -> str:
        """Content lines first..last as written (see ics_lines.raw_text)."""
        return raw_text(self.text, self.starts, self.lines, first, first if last is None else last)

    def name(self, index: int) -> str:
        return name_and_value(self.lines[index][2])[0]

    def value(self, part: Part, name: str) -> str | None:
        """The value of the part's first property of that name, unfolded."""
        for index in part.properties:
            each, value = name_and_value(self.lines[index][2])
            if each == name:
                return value
        return None

    def line(self, part: Part, name: str) -> str | None:
        """The part's first property of that name as one unfolded line."""
        for index in part.properties:
            if self.name(index) == name:
                return self.lines[index][2]
        return None

    def events(self) -> list[Part]:
        return [
            part
            for calendar in self.parts
            if calendar.name == "VCALENDAR"
            for part in calendar.parts
            if part.name == "VEVENT"
        ]

    def key(self, event: Part) -> tuple[str, str]:
        return (self.value(event, "UID") or "").strip(), (self.value(event, "RECURRENCE-ID") or "").strip()


def carried_over(path: Path, now: bytes, made: bytes, day_start: int) -> bytes:
    """`made` (the file weekplan makes for an item) with what `now` (the file at `path`
    in the folder) holds of the same events that weekplan does not own, and each such
    event's SEQUENCE one higher than the file's.  `day_start`: the planner's (its
    config), for telling weekplan's alarm.  IcsError when `now` cannot be read."""
    text = file_text(path, now)
    lines = content_lines(text)
    try:
        parts = nested(lines)
    except NestingError as exc:
        raise IcsError([f"{path}:{exc.number}:1: not valid iCalendar: {exc.why}"]) from None
    if not any(part.name == "VCALENDAR" for part in parts):
        raise IcsError([f"{path}:1:1: not an iCalendar file: no BEGIN:VCALENDAR"])
    there = _Text(text, lines, parts)
    by_key = {there.key(event): event for event in there.events()}
    made_text = made.decode("utf-8")
    made_lines = content_lines(made_text)
    ours = _Text(made_text, made_lines, nested(made_lines))
    out: list[str] = []
    done = 0  # where in weekplan's text the part not yet copied begins
    for event in ours.events():
        found = by_key.get(ours.key(event))
        if found is None:
            continue  # new in weekplan (an occurrence changed here, say): as made
        begin = ours.starts[made_lines[event.begin][0] - 1]
        out.append(made_text[done:begin])
        out.append(_event(ours, event, there, found, day_start))
        end_line = made_lines[event.end][1]
        done = ours.starts[end_line] if end_line < len(ours.starts) else len(made_text)
    if not out:
        return made
    out.append(made_text[done:])
    return "".join(out).encode("utf-8")


def _event(ours: _Text, event: Part, there: _Text, found: Part, day_start: int) -> str:
    """The event as weekplan makes it, with what the file's event holds that weekplan
    does not own; properties first, then components (RFC 5545 puts them so)."""
    special = (ours.value(event, KIND) or "").strip() == "date"
    sequence = max(_sequence(ours, event), _sequence(there, found) + 1)
    pieces = [ours.raw(event.begin)]
    for index in event.properties:
        name = ours.name(index)
        if name != "SEQUENCE" and weekplans_own(name, special=special):
            pieces.append(ours.raw(index))
    pieces.append(f"SEQUENCE:{sequence}\r\n")
    pieces += [there.raw(index) for index in found.properties if not weekplans_own(there.name(index), special=special)]
    pieces += [ours.raw(part.begin, part.end) for part in event.parts if _marked(ours, part)]
    legacy = _legacy_alarm(there, found, day_start)
    pieces += [
        _ended(there.raw(part.begin, part.end))
        for part in found.parts
        if part is not legacy and not _marked(there, part)
    ]
    pieces.append(ours.raw(event.end))
    return "".join(_ended(piece) for piece in pieces)


def _ended(raw: str) -> str:
    """A piece that ends the file without a line break, given one: what follows it
    must start on a line of its own."""
    return raw if raw.endswith("\n") else raw + "\r\n"


def _marked(text: _Text, part: Part) -> bool:
    return part.name == "VALARM" and any(named(text.lines[index][2], OWN_ALARM) for index in part.properties)


def _legacy_alarm(there: _Text, found: Part, day_start: int) -> Part | None:
    """The alarm of the file's event that weekplan wrote before it marked its own (see
    the module's account), or None."""
    if any(_marked(there, part) for part in found.parts):
        return None  # written since the mark: every other alarm is someone else's
    alarms = [part for part in found.parts if part.name == "VALARM" and not part.parts]
    item = _item_as_filed(there, found) if alarms else None
    if item is None:
        return None
    for part in alarms:
        lines = sorted(there.lines[index][2] for index in part.properties)
        for start in _day_starts(there, part, item, day_start):
            made = own_alarm(item, start)
            if made is not None and _alarm_lines(made.to_text()) == lines:
                return part
    return None


def _item_as_filed(there: _Text, found: Part) -> Activity | SpecialDate | None:
    """What of the file's event weekplan's alarm is made from, as an item: its kind,
    title, `remind`, a date's status and whether it is all day, and its day and start;
    None for an event of no item that weekplan makes an alarm for."""
    kind = (there.value(found, KIND) or "").strip()
    start = (there.value(found, "DTSTART") or "").strip()
    digits = start[:8]
    if kind not in ("activity", "date") or not (digits.isascii() and digits.isdigit()):
        return None
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    clock = start[9:13] if start[8:9] == "T" else ""
    minutes = int(clock[:2]) * 60 + int(clock[2:]) if clock.isascii() and clock.isdigit() and len(clock) == 4 else None
    remind = (there.value(found, REMIND) or "").strip()
    extra = {"remind": int(remind)} if remind.isascii() and remind.isdigit() and len(remind) <= 6 else {}
    title = unescaped(there.value(found, "SUMMARY") or "")
    if kind == "date":
        status = (there.value(found, "X-WEEKPLAN-STATUS") or "planned").strip()
        return SpecialDate("", day, title, start=minutes, status=status, extra=extra)
    return Activity("", day, minutes or 0, minutes or 0, title, "", extra=extra)


def _day_starts(there: _Text, alarm: Part, item: Activity | SpecialDate, day_start: int) -> list[int]:
    """The day starts the alarm may have been made at: the planner's now and, for an
    all-day date (whose alarm rings at the day's start), the one its trigger names."""
    if not isinstance(item, SpecialDate) or item.start is not None:
        return [day_start]
    from icalendar.prop import vDuration

    try:
        trigger = vDuration.from_ical((there.value(alarm, "TRIGGER") or "").strip())
    except (ValueError, TypeError):
        return [day_start]
    if timedelta(0) <= trigger < timedelta(days=1) and not trigger.seconds % 60:
        return [day_start, trigger.seconds // 60]
    return [day_start]


def _alarm_lines(text: str) -> list[str]:
    """An alarm's properties as unfolded lines, sorted, but for weekplan's mark."""
    lines = content_lines(text)[1:-1]  # without its BEGIN and END
    return sorted(line for _, _, line in lines if name_and_value(line)[0] != OWN_ALARM)


def _sequence(text: _Text, event: Part) -> int:
    value = (text.value(event, "SEQUENCE") or "").strip()
    # (a number of thousands of digits is no version: Python would refuse to read it)
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 4000 else 0
