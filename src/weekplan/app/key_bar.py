"""The footer line: the keys that apply where the focus is.

One widget painting one line of segments, rather than Textual's Footer (a widget per
key, all rebuilt on every focus change): the planner's first screen and every focus
switch stay quick.  A click on a key runs it, as it would in the Footer.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # (first column, last column + 1, node, action) of each key shown, for clicks.
        self._spots: list[tuple[int, int, Any, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if screen is self.screen:
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y > 0:
            return Strip.blank(width, self.rich_style)
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        segments: list[Segment] = []
        self._spots = []
        seen: set[str] = set()
        column = 0
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            key = f" {self.app.get_key_display(binding)} "
            description = f"{binding.description} "
            end = column + cell_len(key) + cell_len(description.rstrip())
            if end > width:
                break  # a key without its description, or half of one, would only puzzle
            segments += [Segment(key, key_style), Segment(description, description_style)]
            self._spots.append((column, end, node, binding.action))
            column = end + 1
        return Strip(segments).crop_extend(0, width, Style(bgcolor=self.rich_style.bgcolor))

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, action in self._spots:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)
                return
