"""The dimmed week behind a dialog (weekplan.app.dimmed_backdrop): tinted again only
where the week changed, and looking exactly as Textual's own tint; and a dialog pushed
over the week paints its whole frame once, not twice."""

from __future__ import annotations

import re
from typing import Any

from planner_support import NOW, TODAY, make_app
from rich.segment import Segment
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.visual import RichVisual, Visual

from weekplan.app.dimmed_backdrop import DimmedBackdrop
from weekplan.app.planner import HERE, PlannerApp
from weekplan.store import Store


def _picture(app: PlannerApp) -> str:
    """The screen as an SVG, without the ids that differ between two apps."""
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


def _textuals_tint(app: PlannerApp) -> list[list[Segment]]:
    """The dialog's background as Textual draws it for a translucent screen."""
    screen = app.screen
    drawn = RichVisual(screen, BackgroundScreen(app.main, screen.styles.background))
    width, height = screen.size
    return [list(strip) for strip in Visual.to_strips(screen, drawn, width, height, screen.visual_style)]


def _backdrop(app: PlannerApp) -> list[list[Segment]]:
    screen = app.screen
    assert isinstance(screen, DimmedBackdrop) and isinstance(screen, ModalScreen)
    app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)  # sets the screen below
    width, height = screen.size
    strips = Visual.to_strips(screen, screen.render(), width, height, screen.visual_style)
    return [list(strip) for strip in strips]


async def test_a_dialog_opened_again_over_a_changed_week_shows_that_week(seeded: Store) -> None:
    before = make_app(seeded)
    async with before.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "escape", "right_square_bracket", "l", "j", "P", "r")
        await pilot.pause()
        again = _picture(before)
    fresh = make_app(seeded)
    async with fresh.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket", "l", "j", "P", "r")
        await pilot.pause()
        first = _picture(fresh)
    assert again == first


async def test_the_backdrop_is_textuals_tint_line_for_line(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        for keys in (["a"], ["escape", "l", "l", "a"], ["escape", "right_square_bracket", "question_mark"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert _backdrop(app) == _textuals_tint(app)


async def test_the_backdrop_tints_only_the_lines_that_changed(seeded: Store) -> None:
    app = make_app(seeded)
    tinted: list[int] = []
    original = BackgroundScreen.process_segments

    def counting(segments: Any, color: Any) -> Any:
        lines = list(segments)
        tinted.append(sum(1 for segment in lines if segment.text == "\n"))
        return original(lines, color)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark", "escape")
        BackgroundScreen.process_segments = counting  # type: ignore[method-assign]
        try:
            await pilot.press("question_mark")
            await pilot.pause()
            assert sum(tinted) == 0  # the week behind is as it was
            await pilot.press("escape", "j", "question_mark")
            await pilot.pause()
            assert 0 < sum(tinted) <= 4  # the cursor's old and new rows, and the time on the header
        finally:
            BackgroundScreen.process_segments = original  # type: ignore[method-assign]


class CountedFrames(PlannerApp):
    """The planner, counting the whole frames it hands to the terminal."""

    CSS_PATH = str(HERE / "planner.tcss")  # a relative one would be read next to this file
    whole_frames = 0

    def _display(self, screen: Any, renderable: Any) -> None:
        if type(renderable).__name__ == "LayoutUpdate":
            self.whole_frames += 1
        super()._display(screen, renderable)


async def test_a_kept_dialog_opens_with_one_whole_frame(seeded: Store) -> None:
    app = CountedFrames(seeded, today=TODAY, now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("a", "question_mark", "S", "r"):
            await pilot.press(key, "escape")
            await pilot.pause()
            app.whole_frames = 0
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DimmedBackdrop), key
            assert app.whole_frames == 1, key
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.main


def test_a_strip_is_keyed_on_what_it_shows() -> None:
    # The backdrop keys its lines on their segments: two strips showing the same are one key.
    one = Strip([Segment("ab"), Segment("c")])
    other = Strip([Segment("ab"), Segment("c")])
    assert one is not other and tuple(one) == tuple(other)
