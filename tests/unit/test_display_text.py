"""weekplan.display_text: every control character made visible, nothing else changed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hostile_text import HOSTILE, unsafe_in
from weekplan.display_text import CUT_MARK, LINE_BREAK_MARK, ONE_LINE_LIMIT, one_line, quoted, safe_json, visible


def test_plain_text_is_returned_unchanged() -> None:
    for text in ("climbing", "Café ♥ 寿司 🍣", "שלום עולם", "[red]x[/]", ""):
        assert visible(text) is text
        assert one_line(text) == text
    assert visible("two\nlines\n") == "two\nlines\n"  # a printed line's own newline stays


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1bb", "a␛b"),
        ("\x00\x07\x08", "␀␇␈"),
        ("\x1f", "␟"),
        ("\x7f", "␡"),
        ("\x9b2J", "<U+009B>2J"),
        ("\x80\x9f", "<U+0080><U+009F>"),
        ("\u202eabc\u202c", "<U+202E>abc<U+202C>"),
        ("\u2066x\u2069", "<U+2066>x<U+2069>"),
        ("a\tb", "a b"),
        ("bad \udcff byte", "bad <U+DCFF> byte"),
    ],
)
def test_each_kind_of_control_has_its_visible_form(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert one_line(raw) == shown


def test_marks_and_right_to_left_text_stay() -> None:
    # LRM/RLM cannot reorder a line by themselves; real RTL text needs no control.
    assert visible("abc\u200fdef \u200e") == "abc\u200fdef \u200e"
    assert one_line("مرحبا") == "مرحبا"


def test_line_breaks_kept_by_visible_and_marked_by_one_line() -> None:
    text = "one\r\ntwo\rthree\nfour\u2028five"
    assert visible(text) == "one\ntwo\nthree\nfour\nfive"
    assert one_line(text) == LINE_BREAK_MARK.join(["one", "two", "three", "four", "five"])


def test_one_line_cuts_long_text() -> None:
    text = "x" * (ONE_LINE_LIMIT + 50)
    cut = one_line(text)
    assert len(cut) == ONE_LINE_LIMIT and cut.endswith(CUT_MARK)
    assert one_line(text, limit=None) == text
    assert one_line("x" * ONE_LINE_LIMIT) == "x" * ONE_LINE_LIMIT


def test_quoted_names_an_item_on_one_line() -> None:
    assert quoted("Gym") == "“Gym”"
    assert quoted("two\nlines\x1b[2J") == f"“two{LINE_BREAK_MARK}lines␛[2J”"
    long = quoted("x" * (ONE_LINE_LIMIT + 5))
    assert long == f"“{'x' * (ONE_LINE_LIMIT - 1)}{CUT_MARK}”"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_titles_come_out_harmless(name: str) -> None:
    text = HOSTILE[name]
    assert unsafe_in(visible(text).replace("\n", " ")) == []
    shown = one_line(text, limit=None)
    assert unsafe_in(shown) == [] and "\n" not in shown
    # Nothing is dropped: every character is still there, in some visible form.
    assert len(shown) >= len(text.replace("\r\n", "\n"))


@given(st.text())
def test_any_text_has_no_control_left(text: str) -> None:
    assert unsafe_in(visible(text).replace("\n", " ")) == []
    assert unsafe_in(one_line(text, limit=None)) == []
    assert "\n" not in one_line(text)
    # Idempotent: showing what is shown changes nothing.
    assert visible(visible(text)) == visible(text)
    assert one_line(one_line(text, limit=None), limit=None) == one_line(text, limit=None)


JSON_VALUES = st.recursive(
    st.text() | st.integers() | st.none(), lambda inner: st.one_of(st.lists(inner), st.dictionaries(st.text(), inner))
)


@given(JSON_VALUES)
def test_json_escapes_every_control_and_reads_back_the_same(payload: object) -> None:
    text = safe_json({"value": payload})
    assert unsafe_in(text) == []  # the indent's newlines are the only line breaks
    assert json.loads(text) == {"value": payload}


def test_json_escapes_c1_that_json_dumps_leaves_raw() -> None:
    raw = json.dumps({"t": "\x9b2J\x7f\u202e\udcff"}, ensure_ascii=False)
    assert "\x9b" in raw  # what the standard library does
    safe = safe_json({"t": "\x9b2J\x7f\u202e\udcff"}, indent=None)
    assert safe == '{"t": "\\u009b2J\\u007f\\u202e\\udcff"}'
    safe.encode()  # a lone surrogate left raw could not even be written out
