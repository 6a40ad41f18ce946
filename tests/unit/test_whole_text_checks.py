"""Checks of ids, colours, languages and file names take the whole text: `$` also
matches before a final line break, which must not slip through."""

from __future__ import annotations

import re

import pytest

from weekplan.display import locale_language
from weekplan.model import ID_RE, Config, color_pattern, language_pattern
from weekplan.sync_paths import is_own_path
from weekplan.vdir import file_name


@pytest.mark.parametrize(
    ("pattern", "good"), [(ID_RE, "a-1_b"), (color_pattern(), "#3a7bd5"), (language_pattern(), "pt_BR")]
)
def test_a_check_takes_the_text_and_nothing_after_it(pattern: re.Pattern[str], good: str) -> None:
    assert pattern.match(good)
    for bad in (f"{good}\n", f"{good}\r", f"{good} ", f"\n{good}"):
        assert not pattern.match(bad), repr(bad)


def test_a_colour_or_category_id_with_a_line_break_is_refused() -> None:
    config, problems, _warnings = Config.from_toml(
        {"categories": {"work\n": {"name": "Work"}, "fitness": {"color": "#3a7bd5\n"}}}
    )
    fitness = config.category("fitness")
    assert fitness is not None and fitness.color == "#2e9d5b"  # the default kept
    messages = sorted(message for _, _, message in problems)
    assert messages == [
        "'color' must look like #3a7bd5, not '#3a7bd5\\n'",
        "category id 'work\\n' may only use letters, digits, - and _",
    ]


def test_a_locale_whose_language_ends_in_a_line_break_is_none() -> None:
    assert locale_language({"LANG": "de_DE.UTF-8"}) == "de_DE"
    assert locale_language({"LANG": "de_DE\n"}) == ""


def test_a_file_name_with_a_line_break_is_not_one_of_ours() -> None:
    assert is_own_path("weeks/2026-W01.toml") and not is_own_path("weeks/2026-W01.toml\n")
    assert is_own_path("dates/2026.toml", together=True)
    assert not is_own_path("dates/2026.toml\n", together=True)
    assert file_name("abc") == "abc.ics"
    assert "\n" not in file_name("abc\n") and file_name("abc\n").endswith(".ics")
