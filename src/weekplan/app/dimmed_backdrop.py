"""The dimmed week behind a dialog, tinted a line at a time and only where it changed.

A dialog's screen is translucent: Textual paints the screen below it, tinted, as the
dialog's own background — every line of it blended anew each time the dialog is shown
or asks for a repaint of the whole of itself, though the week behind has not changed
since the last time (or only the line with the cursor has).  `DimmedBackdrop` keeps
the tinted lines of the last paint, keyed on the lines they were made from, and tints
only the lines not seen then.  The tint itself is Textual's (`BackgroundScreen`), and
each line goes through the same steps as a whole screen would (`RichVisual`), so the
picture is the same (the snapshot tests hold it to that).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual.color import Color
from textual.css.styles import RulesMap
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.strip import Strip, StripRenderable
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual

LineKey = tuple[Segment, ...]


class _Tinted:
    """Some lines of the screen below, tinted as Textual tints a background screen."""

    def __init__(self, lines: list[Strip], color: Color) -> None:
        self.lines = lines
        self.color = color

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return BackgroundScreen.process_segments(console.render(StripRenderable(self.lines), options), self.color)


class _TintedLines(Visual):
    """What Textual's BackgroundScreen draws, from the lines of the last paint where the
    screen below shows the same line."""

    def __init__(self, dialog: DimmedBackdrop, below: Screen[Any], color: Color) -> None:
        self.dialog = dialog
        self.below = below
        self.color = color

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        lines = self.below._compositor.render_strips()[:height]
        setting = (width, self.color, style)
        known = self.dialog._backdrop_lines if setting == self.dialog._backdrop_setting else {}
        keys = [tuple(line) for line in lines]
        tinted = [known.get(key) for key in keys]
        missing = {key: line for key, line, done in zip(keys, lines, tinted, strict=True) if done is None}
        if missing:
            drawn = RichVisual(self.dialog, _Tinted(list(missing.values()), self.color))
            made = dict(zip(missing, drawn.render_strips(width, len(missing), style, options), strict=True))
            tinted = [made[key] if done is None else done for key, done in zip(keys, tinted, strict=True)]
        self.dialog._backdrop_setting = setting
        # Only the lines of this paint are kept: the next one mostly shows the same.
        self.dialog._backdrop_lines = dict(zip(keys, tinted, strict=True))
        return tinted  # type: ignore[return-value]  (every line found or made)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.below.size.height


class DimmedBackdrop:
    """A translucent screen (a dialog) whose dimmed view of the screen below is tinted
    again only where that screen changed since the last paint."""

    _backdrop_setting: tuple[int, Color, Style] | None = None
    _backdrop_lines: dict[LineKey, Strip] = {}  # replaced by each paint, never changed in place

    def render(self) -> Any:
        assert isinstance(self, Screen)
        drawn = super().render()  # type: ignore[misc]
        if isinstance(drawn, BackgroundScreen):
            return _TintedLines(self, drawn.screen, drawn.color)
        return drawn

    def tint(self, below: Screen[Any]) -> None:
        """Tint the lines `below` shows now, as painting this dialog over it would (a
        dialog built ahead: see weekplan.app.off_screen)."""
        assert isinstance(self, Screen)
        color = self.styles.background
        if color.a < 1:  # see-through, as Screen.render asks for a tinted screen below
            width, height = self.size
            Visual.to_strips(self, _TintedLines(self, below, color), width, height, self.visual_style)
