"""Textual's Footer, rebuilt only when the keys it shows change.

The Footer is a widget per key, and Textual builds them all anew whenever the screen's
bindings may have changed: on every focus move and every time a dialog opens or
closes, even when the keys it shows are the very same.  Building them is a good part
of what opening a dialog costs (docs/benchmarks.md), so this one compares what it
would show with what it shows and keeps its widgets when nothing changed.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    _shown_keys: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        """What the footer shows: every shown binding with its key, words and state."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, self.app.get_key_display(binding))
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        self._shown_keys = self._keys() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._shown_keys is not None and screen is self.screen and self._keys() == self._shown_keys:
            return
        super().bindings_changed(screen)
