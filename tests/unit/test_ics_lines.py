"""The one reader of an iCalendar file's lines (weekplan.ics_lines): it must see the
lines the parser sees, or a rewrite would cut a note where the parser does not, and a
problem would be named at a line the parser did not stop at."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser import Contentlines

from weekplan.ics_lines import (
    MAX_DEPTH,
    NestingError,
    content_lines,
    each_content_line,
    line_starts,
    name_and_value,
    named,
    nested,
    raw_text,
)

# Pieces a hostile or careless writer puts between line breaks: folds, blank lines,
# bare carriage returns, characters str.splitlines would cut at.
PIECES = st.sampled_from(
    ["\r\n", "\n", "\r\n ", "\n\t", "\r", " ", "A:1", "BEGIN:VEVENT", "END:VEVENT", "\x0c", "\u2028", "\x85", "é"]
)


@given(st.lists(PIECES, max_size=30))
def test_the_lines_are_the_parsers_lines(pieces: list[str]) -> None:
    text = "".join(pieces)
    parsers = [str(line) for line in Contentlines.from_ical(text)]
    assert parsers[-1] == ""  # the parser's mark of the end, no line of the file
    assert [line for _, _, line in content_lines(text)] == parsers[:-1]


@given(st.lists(PIECES, max_size=30))
def test_the_lines_read_one_by_one_are_the_same_lines_at_the_same_places(pieces: list[str]) -> None:
    # A text without folds is read by a shorter way than one with them: both give the same.
    text = "".join(pieces)
    assert list(each_content_line(text)) == content_lines(text)


@pytest.mark.parametrize(
    ("line", "name", "expected"),
    [
        ("X-WEEKPLAN-ALARM:TRUE", "X-WEEKPLAN-ALARM", True),
        ("x-weekplan-alarm;X-P=1:TRUE", "X-WEEKPLAN-ALARM", True),
        ("X-WEEKPLAN-ALARMS:TRUE", "X-WEEKPLAN-ALARM", False),
        ('DTSTAMPED;X="a:b":1', "DTSTAMP", False),
        ("DTSTAMP:20261123T000000Z", "DTSTAMP", True),
        ("DESCRIPTION:DTSTAMP:x", "DTSTAMP", False),
    ],
)
def test_a_line_is_named_as_its_name_is_read(line: str, name: str, expected: bool) -> None:
    assert named(line, name) is expected
    assert (name_and_value(line)[0] == name) is expected


@given(st.lists(PIECES, max_size=30))
def test_each_line_as_written_reads_back_as_that_line(pieces: list[str]) -> None:
    text = "".join(pieces)
    lines = content_lines(text)
    starts = line_starts(text)
    for index, (_, _, line) in enumerate(lines):
        raw = raw_text(text, starts, lines, index, index)
        if raw[:1] not in (" ", "\t"):  # (a fold after blank lines at the top is no line's start)
            assert [again for _, _, again in content_lines(raw)] == [line]
    if lines and text.lstrip("\r\n")[:1] not in (" ", "\t"):
        whole = raw_text(text, starts, lines, 0, len(lines) - 1)
        assert content_lines(whole) == [(n - lines[0][0] + 1, m - lines[0][0] + 1, t) for n, m, t in lines]


def test_a_folded_note_that_reads_like_structure_is_one_line() -> None:
    text = "BEGIN:VEVENT\r\nDESCRIPTION:shoes\r\n END:VEVENT and\r\n BEGIN:VALARM\r\nEND:VEVENT\r\n"
    lines = content_lines(text)
    assert lines[1] == (2, 4, "DESCRIPTION:shoesEND:VEVENT andBEGIN:VALARM")
    (event,) = nested(lines)
    assert (event.name, event.properties, event.parts, event.end) == ("VEVENT", [1], [], 2)


def test_a_colon_in_a_quoted_parameter_is_not_where_the_value_starts() -> None:
    assert name_and_value('url;altrep="http://x.org/a:b";x=1:https://y.org') == ("URL", "https://y.org")
    assert name_and_value("URL;VALUE=URI:https://example.org/a;b") == ("URL", "https://example.org/a;b")
    assert name_and_value("no colon") == ("NO COLON", "")


@pytest.mark.parametrize(
    ("text", "number", "why"),
    [
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nBEGIN:VALARM\nEND:VEVENT\nEND:VCALENDAR\n",
            4,
            "an END:VEVENT where the VALARM begun at line 3 is still open",
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\nBEGIN:VALARM\nX:1\n",
            4,
            "a BEGIN:VALARM without its END:VALARM (the file is cut short)",
        ),
        ("END:VCALENDAR\n", 1, "an END:VCALENDAR where none is open"),
        ("BEGIN:VCALENDAR\n" + "BEGIN:X\n" * 10_000, MAX_DEPTH + 1, f"components nested more than {MAX_DEPTH} deep"),
        (
            "BEGIN:VCALENDAR\nEND:\x1b]0;owned\x07\n",
            2,
            "an END:␛]0;OWNED␇ where the VCALENDAR begun at line 1 is still open",
        ),
    ],
    ids=["an END of another", "a BEGIN without END", "an END of none", "nested 10,000 deep", "an escape in a name"],
)
def test_components_that_do_not_nest_are_named_at_their_line(text: str, number: int, why: str) -> None:
    with pytest.raises(NestingError) as raised:
        nested(content_lines(text))
    assert (raised.value.number, raised.value.why) == (number, why)
