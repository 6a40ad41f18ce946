"""ComponentStyles gives the week grid the very styles Textual would: in both themes,
with the grid focused and not."""

from __future__ import annotations

import pytest
from planner_support import make_app

from weekplan.app.component_styles import ComponentStyles
from weekplan.app.week_grid import WeekGrid
from weekplan.store import Store


def assert_same_as_textual(grid: WeekGrid) -> None:
    found = ComponentStyles(grid)
    assert found.base == grid.rich_style
    for name in sorted(WeekGrid.COMPONENT_CLASSES):
        assert found.component(name) == grid.get_component_rich_style(name), name
    # and the grid paints with the styles as they are now: the empty cell under the cursor
    cursor_line = grid.render_line(1 + grid.cursor_row - grid.top)
    cursor_cell = next(segment for segment in cursor_line if segment.text.startswith("›"))
    assert cursor_cell.style == grid.get_component_rich_style("week-grid--cursor")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "monokai"])
async def test_every_grid_style_is_textuals_own(seeded: Store, theme: str) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        await pilot.pause()
        grid = app.grid
        await pilot.press("l", "l")  # onto an empty cell
        assert grid.selected is None and grid.has_focus
        assert_same_as_textual(grid)
        await pilot.press("tab")  # focus to the Together panel: the cursor's colour changes
        await pilot.pause()
        assert not grid.has_focus
        assert_same_as_textual(grid)
