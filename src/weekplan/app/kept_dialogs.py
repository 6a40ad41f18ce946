"""Dialogs built once and opened again.

Building a dialog — composing its widgets, styling and mounting each of them — and
taking it apart when it closes cost several times what showing it does, and a person
opens the same few dialogs (add, help, search, the review, suggest) over and over.
So such a dialog is built on its first opening and installed, which keeps its widgets
when it closes; each later opening hands the same screen its new contents and shows
it again (docs/benchmarks.md has the figures).

A dialog that can be kept has a `reopen` that brings it to the state a new one would
be in, and says False when it cannot (a setting it was built with has changed): a new
one is built then, and kept instead.  Its class takes `RestyledWhenNeeded` first among
its bases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.css.model import RuleSet
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

S = TypeVar("S", bound=Screen[Any])


class KeptDialogs:
    """The dialogs an app keeps between openings, one per name."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._kept: dict[str, Screen[Any]] = {}

    def get(self, name: str, kind: type[S], build: Callable[[], S], reopen: Callable[[S], bool]) -> S:
        """The dialog `name` to push: the kept one given its new contents by `reopen`, or
        a new one from `build` (kept from now on, unless the kept one is still open)."""
        kept = self._kept.get(name)
        if isinstance(kept, kind) and not self._open(kept) and reopen(kept):
            return kept
        screen = build()
        if kept is not None and self._open(kept):
            return screen  # opened from inside itself: this one is built for the moment
        if kept is not None:
            self.app.uninstall_screen(kept)
            kept.remove()
        self.app.install_screen(screen, f"kept-dialog-{name}")
        self._kept[name] = screen
        return screen

    def _open(self, screen: Screen[Any]) -> bool:
        return screen in self.app.screen_stack


class RestyledWhenNeeded:
    """A screen shown again keeps the styles it was given, unless the app's rules have
    changed since (a new theme, the styles of a widget or screen seen for the first
    time): Textual would otherwise style every widget of it again on each opening."""

    _styled_with: list[RuleSet] | None = None

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which restyles when refresh_styles is set.
        assert isinstance(self, Screen)
        rules = self.app.stylesheet.rules  # a new list whenever the rules are parsed again
        if rules is self._styled_with:
            event.refresh_styles = False
        self._styled_with = rules


def show_text(label: Static, text: str) -> None:
    """Give `label` this text unless it shows it already: an update, even to the same
    text, paints the label anew and lays the whole dialog out again."""
    shown = label.content
    if not (isinstance(shown, str) and shown == text):  # Content compares its text alone, not its looks
        label.update(text)


def show_title(widget: Widget, title: str) -> None:
    """Give `widget` this border title unless it has it already (setting one repaints)."""
    if widget.border_title != title:
        widget.border_title = title


class SteadyOptionList(OptionList):
    """An OptionList for a kept dialog: given the options it shows already (the dialog
    opened again on the same data), it keeps them rather than measure every line anew."""

    _shown: list[tuple[str | None, bool, Any] | None] | None = None

    def show_options(self, options: list[Option | None]) -> None:
        shown = [None if option is None else (option.id, option.disabled, option.prompt) for option in options]
        if shown != self._shown:
            self.set_options(options)
            self._shown = shown
