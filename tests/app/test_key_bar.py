"""The footer line: the keys where the focus is, whole keys only, and a click on a
key runs it."""

from __future__ import annotations

from typing import Any

import pytest
from planner_support import make_app
from textual.binding import Binding
from textual.strip import Strip

from weekplan.app.key_bar import KeyBar
from weekplan.store import Store


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    return app.main.query_one(KeyBar).render_line(0).text


async def test_the_bar_shows_the_keys_of_the_focused_part(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        grid_keys = bar_text(app)
        assert " a Add " in grid_keys and " [ Prev week " in grid_keys and " q Quit" in grid_keys
        await pilot.press("tab")  # the Together panel
        await pilot.pause()
        panel_keys = bar_text(app)
        assert " ⏎ Open " in panel_keys
        # The panel's own keys, not only in ? (its p is "preparation done", not paste).
        for key in (" a Add idea ", " s Suggest ", " e Edit ", " x Delete ", " p Preparation done "):
            assert key in panel_keys
        assert " a Add  " not in panel_keys and " space Done " not in panel_keys  # the grid's keys go with its focus
        assert " [ Prev week " in panel_keys  # keys that apply everywhere stay


def pairs(text: str) -> list[str]:
    """The keys of a bar, each as "key Description"."""
    return [pair.strip() for pair in text.strip().split("  ") if pair.strip()]


async def test_a_key_that_does_not_fit_folds_away_whole_and_help_and_quit_stay(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        roomy = pairs(bar_text(app))
    for size in [(80, 24), (60, 20), (44, 14)]:
        app = make_app(seeded)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            narrow = bar_text(app)
            assert len(narrow) == size[0]
            shown = pairs(narrow)
            # Whole keys only, each as in the roomy bar and in the same order.
            assert shown == [pair for pair in roomy if pair in shown]
            assert len(shown) < len(roomy)
            assert shown[-2:] == ["? Help", "q Quit"]  # always there: the way to the rest, and out
            if size == (80, 24):
                # The grid's own keys first, then undo and search before paging weeks.
                assert shown[:5] == ["a Add", "s Date", "⏎ Edit", "x Delete", "space Done"]
                assert "u Undo" in shown and "/ Search" in shown


async def test_clicking_a_key_runs_it(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        before = app.first_day
        text = bar_text(app)
        column = text.index(" ] Next week") + 1
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert (app.first_day - before).days == 7


async def test_the_bar_is_painted_again_only_when_its_keys_change(seeded: Store) -> None:
    app = make_app(seeded)
    painted: list[str] = []
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        bar = app.main.query_one(KeyBar)
        grid_keys = bar_text(app)
        original = bar.render_line

        def counting(y: int) -> Strip:
            line = original(y)
            if y == 0:
                painted.append(line.text)
            return line

        bar.render_line = counting  # type: ignore[method-assign]
        await pilot.press("question_mark", "escape", "a", "escape")  # dialogs over it: the same keys
        await pilot.pause()
        assert painted == [] and original(0).text == grid_keys
        await pilot.press("tab")  # the Together panel: its own keys
        await pilot.pause()
        assert painted and " ⏎ Open " in painted[-1] and original(0).text != grid_keys


async def test_the_keys_are_worked_out_once_for_the_first_drawing(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The focus arrives as the planner starts, before the bar is first drawn: comparing
    # the keys then (with nothing drawn to compare with) was work the first frame did twice.
    worked_out: list[int] = []
    at_first_drawing: list[int] = []
    fitting, render_line = KeyBar._fitting, KeyBar.render_line

    def counted_fitting(bar: KeyBar, width: int) -> list[tuple[Any, Binding, str, str]]:
        worked_out.append(width)
        return fitting(bar, width)

    def noted_render_line(bar: KeyBar, y: int) -> Strip:
        if not at_first_drawing:
            at_first_drawing.append(len(worked_out))
        return render_line(bar, y)

    monkeypatch.setattr(KeyBar, "_fitting", counted_fitting)
    monkeypatch.setattr(KeyBar, "render_line", noted_render_line)
    app = make_app(seeded)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert at_first_drawing == [0]
        assert " a Add " in bar_text(app)  # the grid's keys: it had the focus when the bar was drawn
        await pilot.press("tab")  # later changes are still followed
        await pilot.pause()
        assert " ⏎ Open " in bar_text(app)
