"""ESC and a character read together are Escape, then that key
(weekplan.app.escape_then_key)."""

from __future__ import annotations

import time

import pytest
from planner_support import TODAY
from textual import constants
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver

from weekplan.app import run_planner
from weekplan.app.escape_then_key import EscapeThenKeyParser
from weekplan.app.planner import PlannerApp
from weekplan.store import Store


def keys_read(parser: XTermParser, data: str) -> list[str]:
    """The keys `parser` makes of `data` written in one go, once the wait after an ESC is over."""
    keys = [event.key for event in parser.feed(data)]
    time.sleep(constants.ESCAPE_DELAY * 1.5)
    keys += [event.key for event in parser.tick()]
    return [key for key in keys if key]


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        ("\x1ba", ["escape", "a"]),
        ("\x1bS", ["escape", "S"]),
        ("\x1br", ["escape", "r"]),
        ("\x1b?", ["escape", "question_mark"]),
        ("\x1b]", ["escape", "right_square_bracket"]),
        ("\x1b ", ["escape", "space"]),
    ],
)
def test_escape_and_a_key_in_one_read_are_both_keys(data: str, keys: list[str]) -> None:
    assert keys_read(EscapeThenKeyParser(), data) == keys


def test_textual_alone_reads_them_as_one_alt_key_or_loses_the_escape() -> None:
    # Why the reader exists: these are what the planner got before.
    assert keys_read(XTermParser(), "\x1ba") == ["alt+a"]
    assert keys_read(XTermParser(), "\x1b?") == ["question_mark"]


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        ("\x1b", ["escape"]),  # Escape alone, after the wait
        ("\x1b[A", ["up"]),  # a known sequence
        ("\x1b[1;5C", ["ctrl+right"]),
        ("\x1bb", ["ctrl+left"]),  # Alt+Left as some terminals send it: a word move, as before
        ("\x1b\x1b", ["escape", "escape"]),  # Escape pressed twice
        ("ab", ["a", "b"]),
    ],
)
def test_other_input_reads_as_textual_reads_it(data: str, keys: list[str]) -> None:
    assert keys_read(EscapeThenKeyParser(), data) == keys_read(XTermParser(), data) == keys


def keys_read_in_parts(parser: XTermParser, *parts: str) -> list[str]:
    """The keys `parser` makes of `parts` arriving each after the wait following an ESC
    is over: a terminal sequence held up on its way (a slow link, a resent packet)."""
    keys: list[str] = []
    for part in parts:
        keys += [event.key for event in parser.feed(part)]
        time.sleep(constants.ESCAPE_DELAY * 1.5)
        keys += [event.key for event in parser.tick()]
    return [key for key in keys if key]


@pytest.mark.parametrize(
    "parts",
    [
        ("\x1b[", "A"),  # an arrow key
        ("\x1b[<0;10", ";5M"),  # a mouse report
        ("\x1bO", "A"),  # an arrow key in application mode
    ],
)
def test_a_sequence_held_up_on_its_way_sends_no_escape(parts: tuple[str, ...]) -> None:
    # An Escape here would close the open form and lose what was typed in it.
    read = keys_read_in_parts(EscapeThenKeyParser(), *parts)
    assert "escape" not in read
    assert read == keys_read_in_parts(XTermParser(), *parts)


def test_the_planner_a_person_runs_reads_keys_with_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linux_driver, "XTermParser", XTermParser)  # put back after the test
    readers: list[type] = []
    monkeypatch.setattr(PlannerApp, "run", lambda app: readers.append(linux_driver.XTermParser))
    run_planner(store, today=TODAY)
    assert readers == [EscapeThenKeyParser]
