"""What a two-way folder's file holds that weekplan does not own, kept when weekplan
writes the file again (weekplan.vdir).

A phone may add to an event weekplan made: a place, a link, its own alarm, an X-
property, a higher SEQUENCE.  weekplan takes in what it shows and nothing more, so
the file it makes for the item's next change would drop the rest.  Before a file is
written over, each event of the new file (matched by UID and RECURRENCE-ID) is made
of what weekplan owns, written from its own data, and everything else of the same
event in the file as it is, byte for byte: properties weekplan does not read
(weekplan.ics_events.READ_HERE says which it does), their folds and parameters, and
every component that is not weekplan's own alarm.  Its SEQUENCE is one higher than
the file's, so the phone takes the change.

weekplan's own alarm is told by its mark (ics.OWN_ALARM).  An alarm written before
the mark existed is told by being what weekplan wrote: a display alarm with nothing
but its action, text and trigger, the trigger weekplan's and the text the event's
title; one such alarm at most an event, and none in an event that has a marked one.

A file whose lines cannot be read (not UTF-8, components that do not nest) is not
written over: IcsError names it at its line.  Plain Python, no icalendar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from weekplan.ics import KIND, OWN_ALARM
from weekplan.ics_events import READ_FOR_DATES, READ_HERE
from weekplan.ics_lines import Line, NestingError, Part, content_lines, line_starts, name_and_value, nested, raw_text
from weekplan.ics_read import IcsError, file_text

if TYPE_CHECKING:
    from pathlib import Path

# What weekplan owns of an activity's or a routine's event: what it reads, but the
# place, which it keeps as it came (an activity has none of its own).
_OWNED_BY_ACTIVITIES = READ_HERE - {"LOCATION"}
_LEGACY_ALARM = frozenset({"ACTION", "DESCRIPTION", "TRIGGER"})


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


def carried_over(path: Path, now: bytes, made: bytes) -> bytes:
    """`made` (the file weekplan makes for an item) with what `now` (the file at `path`
    in the folder) holds of the same events that weekplan does not own, and each such
    event's SEQUENCE one higher than the file's.  IcsError when `now` cannot be read."""
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
        out.append(_event(ours, event, there, found))
        end_line = made_lines[event.end][1]
        done = ours.starts[end_line] if end_line < len(ours.starts) else len(made_text)
    if not out:
        return made
    out.append(made_text[done:])
    return "".join(out).encode("utf-8")


def _event(ours: _Text, event: Part, there: _Text, found: Part) -> str:
    """The event as weekplan makes it, with what the file's event holds that weekplan
    does not own; properties first, then components (RFC 5545 puts them so)."""
    owned = READ_FOR_DATES if (ours.value(event, KIND) or "").strip() == "date" else _OWNED_BY_ACTIVITIES
    sequence = max(_sequence(ours, event), _sequence(there, found) + 1)
    pieces = [ours.raw(event.begin)]
    for index in event.properties:
        name = ours.name(index)
        if name != "SEQUENCE" and _owned(name, owned):
            pieces.append(ours.raw(index))
    pieces.append(f"SEQUENCE:{sequence}\r\n")
    pieces += [there.raw(index) for index in found.properties if not _owned(there.name(index), owned)]
    pieces += [ours.raw(part.begin, part.end) for part in event.parts if _marked(ours, part)]
    legacy = _legacy_alarm(ours, event, there, found)
    pieces += [
        _ended(there.raw(part.begin, part.end))
        for part in found.parts
        if part is not legacy and not _marked(there, part)
    ]
    pieces.append(ours.raw(event.end))
    return "".join(_ended(piece) for piece in pieces)


def _owned(name: str, owned: set[str] | frozenset[str]) -> bool:
    return name in owned or name.startswith("X-WEEKPLAN-")


def _ended(raw: str) -> str:
    """A piece that ends the file without a line break, given one: what follows it
    must start on a line of its own."""
    return raw if raw.endswith("\n") else raw + "\r\n"


def _marked(text: _Text, part: Part) -> bool:
    return part.name == "VALARM" and any(text.name(index) == OWN_ALARM for index in part.properties)


def _legacy_alarm(ours: _Text, event: Part, there: _Text, found: Part) -> Part | None:
    """The alarm of the file's event that weekplan wrote before it marked its own (see
    the module's account), or None."""
    if any(_marked(there, part) for part in found.parts):
        return None  # written since the mark: every other alarm is someone else's
    made = next((part for part in event.parts if _marked(ours, part)), None)
    if made is None:
        return None
    trigger = ours.line(made, "TRIGGER")
    texts = {ours.value(made, "DESCRIPTION"), there.value(found, "SUMMARY")}
    for part in found.parts:
        if part.name != "VALARM" or part.parts:
            continue
        names = [there.name(index) for index in part.properties]
        if len(names) != len(_LEGACY_ALARM) or set(names) != _LEGACY_ALARM:
            continue
        action = (there.value(part, "ACTION") or "").strip().upper()
        if action == "DISPLAY" and there.line(part, "TRIGGER") == trigger and there.value(part, "DESCRIPTION") in texts:
            return part
    return None


def _sequence(text: _Text, event: Part) -> int:
    value = (text.value(event, "SEQUENCE") or "").strip()
    # (a number of thousands of digits is no version: Python would refuse to read it)
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 4000 else 0
