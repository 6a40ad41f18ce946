"""The footer line: the keys that apply where the focus is, the most important ones
when not all of them fit (? and q always).

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
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

from weekplan.keymap_data import ALWAYS_SHOWN

# After the focused part's own keys, the keys that apply everywhere in this order; the
# rest as they come.
IMPORTANT = ("undo", "search", "previous_week", "next_week")


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # (first column, last column + 1, node, action) of each key shown, for clicks.
        self._spots: list[tuple[int, int, Any, str]] = []
        self._drawn: list[tuple[Any, str, str, str]] | None = None  # what the line shows, for _bindings_changed

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        # The signal comes on every focus change and every dialog opened or closed over
        # the screen, mostly with the same keys: a repaint then (and, under a dialog, the
        # dimmed line behind it) would change nothing.  Before the line is first drawn
        # (the focus arriving as the planner starts) there is nothing to compare: that
        # first drawing works out the keys that apply then.
        if self._drawn is None or screen is not self.screen:
            return
        if self._keys(self._fitting(self.size.width)) != self._drawn:
            self.refresh()

    @staticmethod
    def _keys(fitting: list[tuple[Any, Binding, str, str]]) -> list[tuple[Any, str, str, str]]:
        return [(node, binding.action, key, description) for node, binding, key, description in fitting]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y > 0:
            return Strip.blank(width, self.rich_style)
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        segments: list[Segment] = []
        self._spots = []
        column = 0
        fitting = self._fitting(width)
        self._drawn = self._keys(fitting)
        for node, binding, key, description in fitting:
            end = column + cell_len(key) + cell_len(description.rstrip())
            segments += [Segment(key, key_style), Segment(description, description_style)]
            self._spots.append((column, end, node, binding.action))
            column = end + 1
        return Strip(segments).crop_extend(0, width, Style(bgcolor=self.rich_style.bgcolor))

    def _fitting(self, width: int) -> list[tuple[Any, Binding, str, str]]:
        """The keys to show, in their own order: help and quit always, then the others by
        importance (the focused part's keys come first) as long as they fit whole; a key
        without its description, or half of one, would only puzzle."""
        shown: list[tuple[Any, Binding, str, str]] = []
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown.append((node, binding, f" {self.app.get_key_display(binding)} ", f"{binding.description} "))

        def cells(entry: tuple[Any, Binding, str, str]) -> int:
            return cell_len(entry[2]) + cell_len(entry[3])  # the description's space parts two keys

        focused = self.screen.focused

        def importance(index: int) -> tuple[int, int, int]:
            node, binding = shown[index][0], shown[index][1]
            rank = IMPORTANT.index(binding.id) if binding.id in IMPORTANT else len(IMPORTANT)
            return (binding.id not in ALWAYS_SHOWN, node is not focused, rank * len(shown) + index)

        kept: set[int] = set()
        used = 0
        for index in sorted(range(len(shown)), key=importance):
            entry = shown[index]
            if entry[1].id in ALWAYS_SHOWN:
                kept.add(index)
                used += cells(entry)
                continue
            if used + cells(entry) > width + 1:  # the last key needs no space after it
                break
            kept.add(index)
            used += cells(entry)
        return [entry for index, entry in enumerate(shown) if index in kept]

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, action in self._spots:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)
                return
