"""Dialogs built once and opened again (weekplan.app.kept_dialogs): the second
opening is the same screen, and it shows what a new one would."""

from __future__ import annotations

from planner_support import make_app
from screens_host import screen_text
from textual.widgets import DataTable

from weekplan.app.screens.help_screen import HelpScreen
from weekplan.store import Store


async def test_help_opens_again_as_it_was_built_from_the_top(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        first = app.screen
        assert isinstance(first, HelpScreen)
        await pilot.press("down", "down", "down")
        assert first.query_one(DataTable).cursor_row == 3
        await pilot.press("escape")
        assert app.screen is app.main
        await pilot.press("question_mark")
        assert app.screen is first  # not built again
        assert first.query_one(DataTable).cursor_row == 0
        assert "Prev week" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.main


async def test_help_shows_the_keys_as_they_are_when_it_opens_again(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark", "escape")
        rows = app.help_rows()
        app.help_rows = lambda: [("F9", "A key added since", "everywhere"), *rows]  # type: ignore[method-assign]
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "A key added since" in shown and "Prev week" in shown
