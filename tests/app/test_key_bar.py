"""The footer line: the keys where the focus is, whole keys only, and a click on a
key runs it."""

from __future__ import annotations

from planner_support import make_app

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
        assert " a Add " not in panel_keys  # the grid's keys go with the grid's focus
        assert " [ Prev week " in panel_keys  # keys that apply everywhere stay


async def test_a_key_that_does_not_fit_is_left_out_whole(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        roomy = bar_text(app).rstrip()
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narrow = bar_text(app)
        assert len(narrow) == 80
        shown = narrow.rstrip()
        assert len(roomy) > 80 and roomy.startswith(shown)  # the same keys, as many as fit
        # It stops at the end of a description: what comes next in the roomy line is a
        # whole key that did not fit, never half a word or a key without its description.
        rest = roomy[len(shown) :]
        assert rest.startswith("  ")
        next_pair = rest.split("  ")[1]
        assert len(shown) + 2 + len(next_pair) > 80


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
