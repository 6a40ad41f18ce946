"""The content lines of an iCalendar file and how its components nest, read as the
`icalendar` parser reads them: the one reader of a file's lines, for finding where a
problem is (weekplan.ics_read) and for rewriting a file while keeping what weekplan
does not own (weekplan.ics_carry).

A content line is one physical line, or several when it is folded (RFC 5545 3.1): a
line break followed by a space or a tab goes on with the line before.  Lines end at
a line feed, with or without a carriage return before it, and at nothing else (not
at a form feed, U+2028 or NEL, which `str.splitlines` would cut at): a note that
holds one of those is one line, as the parser reads it.  Empty lines are no lines,
and a fold may come after them, as the parser allows.

Plain Python: no icalendar, no Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from weekplan.ics import printable
from weekplan.record import Record, field

if TYPE_CHECKING:
    from collections.abc import Iterator

# A content line: the file's line it starts on and the one it ends on (counted from 1,
# its folds included) and its text unfolded.  Plain tuples: a calendar of a hundred
# thousand events has millions of them.
Line = tuple[int, int, str]
# How deep components may nest.  iCalendar's go three deep (an alarm in an event in a
# calendar); this leaves room for any a program may add, and stops a file that nests
# thousands deep before anything walks it.
MAX_DEPTH = 32


def content_lines(text: str) -> list[Line]:
    """Each content line of the text, in order (see the module's account)."""
    if "\n " not in text and "\n\t" not in text:
        # No folds (most files): each physical line that is not empty is a content line.
        return [(number, number, line) for number, line in enumerate(_physical_lines(text), start=1) if line]
    return list(each_content_line(text))


def each_content_line(text: str) -> Iterator[Line]:
    """content_lines one by one, for a reader that stops early."""
    line_text = ""  # the line being read: its first physical line, or all of them once folded
    folds: list[str] | None = None  # its physical lines, when it has folds
    first = last = 0
    for number, line in enumerate(_physical_lines(text), start=1):
        if not line:
            continue
        if line[0] in " \t":
            if first:
                if folds is None:
                    folds = [line_text]
                folds.append(line[1:])
                last = number
                continue
            if number > 1:  # a fold after nothing but blank lines, which the parser takes away
                line = line[1:]
                if not line:
                    continue
        if first:
            yield first, last, line_text if folds is None else "".join(folds)
        line_text = line
        folds = None
        first = last = number
    if first:
        yield first, last, line_text if folds is None else "".join(folds)


def _physical_lines(text: str) -> list[str]:
    # One carriage return before each line feed is part of the line break; any other is text.
    return text.replace("\r\n", "\n").split("\n")


def name_and_value(line: str) -> tuple[str, str]:
    """A content line's property name, upper-case, and its value: what follows the
    first colon that is not inside a quoted parameter value (`ALTREP="http://…"`)."""
    colon = line.find(":")
    semicolon = line.find(";")
    if colon < 0:
        return line[: semicolon if semicolon >= 0 else len(line)].strip().upper(), ""
    if semicolon < 0 or colon < semicolon:
        return line[:colon].strip().upper(), line[colon + 1 :]
    name = line[:semicolon].strip().upper()
    if '"' not in line[semicolon:colon]:
        return name, line[colon + 1 :]
    quoted = False
    for at in range(semicolon, len(line)):
        char = line[at]
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return name, line[at + 1 :]
    return name, ""


def named(line: str, name: str) -> bool:
    """Whether the content line is a property of that name (upper-case), as
    name_and_value reads it; split only when it starts with the name (few lines do:
    a content line starts with its name, but the file's first, which may start with
    a space no program writes)."""
    return line[: len(name)].upper() == name and name_and_value(line)[0] == name


class Part(Record, frozen=False):
    """A component as where its lines are: its name (upper-case), the index of its
    BEGIN and its END among the content lines, the indexes of its own properties, and
    the components inside it."""

    name: str
    begin: int
    end: int = -1
    properties: list[int] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


class NestingError(Exception):
    """Components that do not nest: `number` is the file's line, `why` in a person's
    words, `parts` the components read up to there (one still open has no `end`)."""

    def __init__(self, number: int, why: str, parts: list[Part]) -> None:
        super().__init__(f"{number}: {why}")
        self.number = number
        self.why = why
        self.parts = parts


def nested(lines: list[Line]) -> list[Part]:
    """The components of the file, outermost first, with what is inside each.  An END
    of a component that is not the one open, a BEGIN never ended and components
    nested more than MAX_DEPTH deep raise NestingError at their line.  A line outside
    every component belongs to none (the parser decides what it makes of it)."""
    top: list[Part] = []
    open_: list[Part] = []
    for index, (number, _last, text) in enumerate(lines):
        # Most lines are properties: only a line that starts like BEGIN or END is split.
        head = text[:3].upper()
        if head != "BEG" and head != "END":
            if open_:
                open_[-1].properties.append(index)
            continue
        name, value = name_and_value(text)
        if name == "BEGIN":
            if len(open_) >= MAX_DEPTH:
                raise NestingError(number, f"components nested more than {MAX_DEPTH} deep", top)
            part = Part(value.strip().upper(), index)
            (open_[-1].parts if open_ else top).append(part)
            open_.append(part)
        elif name == "END":
            ended = value.strip().upper()
            if not open_ or open_[-1].name != ended:
                inside = open_[-1] if open_ else None
                opened = (
                    f"the {_shown(inside.name)} begun at line {lines[inside.begin][0]} is still open"
                    if inside
                    else "none is open"
                )
                raise NestingError(number, f"an END:{_shown(ended)} where {opened}", top)
            open_.pop().end = index
        elif open_:
            open_[-1].properties.append(index)
    if open_:
        name = _shown(open_[-1].name)
        number = lines[open_[-1].begin][0]
        raise NestingError(number, f"a BEGIN:{name} without its END:{name} (the file is cut short)", top)
    return top


def _shown(name: str) -> str:
    return printable(name)[:40]


def raw_text(text: str, starts: list[int], lines: list[Line], first: int, last: int) -> str:
    """The content lines first..last (indexes, both included) as the file has them:
    their folds, line ends and all, from the start of the first to the line end of
    the last.  `text` is the whole file's text the lines were read from, `starts`
    its line_starts."""
    begin = starts[lines[first][0] - 1]
    end_line = lines[last][1]
    end = starts[end_line] if end_line < len(starts) else len(text)
    return text[begin:end]


def line_starts(text: str) -> list[int]:
    """Where each physical line of the text starts."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts
