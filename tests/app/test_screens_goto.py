"""Go to: a date, a week or a day in a few letters; what it cannot read stays typed."""

from __future__ import annotations

from datetime import date

import pytest
from screens_host import ScreenHost
from textual.widgets import Input, Static

from weekplan.app.screens import GoToDate

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("2026-W50", date(2026, 12, 7)),
        ("fri", date(2026, 11, 27)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 24)),
        ("+2w", date(2026, 12, 7)),
        ("-1w", date(2026, 11, 16)),
        ("24 dec", date(2026, 12, 24)),  # once refused
        ("next thu", date(2026, 12, 3)),
    ],
)
async def test_typed_day_is_returned(typed: str, expected: date) -> None:
    app = ScreenHost(GoToDate(TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*typed)
        preview = str(app.screen.query_one("#goto-result", Static).visual)
        assert preview.startswith(f"→ {expected:%A %-d %B %Y}")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [expected]


async def test_unreadable_text_says_why_and_stays() -> None:
    app = ScreenHost(GoToDate(TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"next blursday", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GoToDate)
        result = app.screen.query_one("#goto-result", Static)
        said = "'next blursday' is not a date, a week or a day I can read (like 24 dec, w48 or fri)"
        assert str(result.visual) == said
        assert result.has_class("-error")
        assert app.screen.query_one("#goto-input", Input).value == "next blursday"
        assert app.results == []

        await pilot.press("home", "ctrl+k", *"thu", "enter")
        await pilot.pause()
    assert app.results == [date(2026, 11, 26)]


async def test_a_week_that_does_not_exist_is_explained() -> None:
    app = ScreenHost(GoToDate(TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"2026-W54", "enter")
        await pilot.pause()
        said = "'2026-W54': 2026 has weeks 1 to 53, not week 54"
        assert str(app.screen.query_one("#goto-result", Static).visual) == said
        assert app.results == []


async def test_markup_looking_input_is_quoted_literally() -> None:
    app = ScreenHost(GoToDate(TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"[red]x[/]", "enter")
        await pilot.pause()
        assert str(app.screen.query_one("#goto-result", Static).visual).startswith("'[red]x[/]' is not")


async def test_escape_returns_nothing() -> None:
    app = ScreenHost(GoToDate(TODAY))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press(*"fri", "escape")
        await pilot.pause()
    assert app.results == [None]
