"""Dialogs built once and opened again.

Building a dialog — composing its widgets, styling and mounting each of them — and
taking it apart when it closes cost several times what showing it does, and a person
opens the same few dialogs (add, help, search, the review, suggest, the overview) over
and over.  So such a dialog is built on its first opening and installed, which keeps
its widgets when it closes; each later opening hands the same screen its new contents
and shows it again (docs/benchmarks.md has the figures).

A dialog that can be kept has a `reopen` that brings it to the state a new one would
be in, and says False when it cannot (a setting it was built with has changed): a new
one is built then, and kept instead.  Its class takes `RestyledWhenNeeded` first among
its bases.

The planner a person runs builds these dialogs ahead, styles them and paints them
once off screen while it waits for keys (weekplan.app.warm_up, weekplan.app.off_screen):
so even the first opening only shows the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.css.model import RuleSet
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from . import off_screen

S = TypeVar("S", bound=Screen[Any])


class KeptDialogs:
    """The dialogs an app keeps between openings, one per name."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._kept: dict[str, Screen[Any]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._kept

    def get(self, name: str, kind: type[S], build: Callable[[], S], reopen: Callable[[S], bool]) -> S:
        """The dialog `name` to push: the kept one given its new contents by `reopen`, or
        a new one from `build` (kept from now on, unless the kept one is open or still
        being built ahead)."""
        kept = self._kept.get(name)
        if isinstance(kept, kind) and self._ready(kept) and reopen(kept):
            show_cursor(kept)
            return kept
        screen = build()
        if kept is not None and not self._ready(kept):
            # Opened from inside itself, or asked for before its building ahead is done:
            # this one is built for the moment.
            return screen
        if kept is not None:
            self.app.uninstall_screen(kept)
            kept.remove()
        self.app.install_screen(screen, f"kept-dialog-{name}")
        self._kept[name] = screen
        return screen

    async def build_ahead(self, screen: Screen[Any]) -> None:
        """Compose and mount a kept dialog now, off screen, as its first push would."""
        if screen.is_running or screen not in self._kept.values():
            return  # shown already, or built for the moment only
        await off_screen.compose(self.app, screen)

    def style_ahead(self, name: str) -> None:
        """Style kept dialog `name` (built ahead) with the app's rules as they are now,
        as showing it would: the rules change as each dialog's widgets are first seen."""
        screen = self._kept.get(name)
        if isinstance(screen, RestyledWhenNeeded) and self._ready(screen):
            screen.style_now()

    def lay_out_ahead(self, name: str) -> None:
        """Lay kept dialog `name` (built and styled ahead) out at the app's size."""
        screen = self._kept.get(name)
        if screen is not None and self._ready(screen):
            off_screen.lay_out(self.app, screen)

    async def paint_ahead(self, name: str) -> None:
        """Paint kept dialog `name` (laid out ahead) once off screen, over the main screen
        it opens on: its first showing then repaints only what changed, as later ones do.
        A layout a widget asked for since, before or while it is painted, is done here
        too (off_screen.settle), so that showing it lays nothing out."""
        screen = self._kept.get(name)
        below = self.app.screen

        def still_wanted() -> bool:  # not opened, resized or covering another screen meanwhile
            return self._ready(screen) and screen.size == self.app.size and self.app.screen is below

        if screen is not None and below is self.app.screen_stack[0] and still_wanted():
            off_screen.settle(self.app, screen)
            await off_screen.paint(screen, below, still_wanted)
            if still_wanted():
                off_screen.settle(self.app, screen)

    def _open(self, screen: Screen[Any]) -> bool:
        return screen in self.app.screen_stack

    def _ready(self, screen: Screen[Any]) -> bool:
        """Built (all of it mounted) and not on screen: it can be given new contents."""
        return screen.is_mounted and not self._open(screen)


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

    def style_now(self) -> None:
        """Style every widget of this screen as showing it would, unless the app's rules
        are those it was styled with: showing it next restyles nothing then."""
        assert isinstance(self, Screen)
        rules = self.app.stylesheet.rules
        if rules is not self._styled_with:
            self.update_node_styles(animate=False)  # what Screen does as it resumes
            self._styled_with = rules


def show_text(label: Static, text: str) -> None:
    """Give `label` this text unless it shows it already: an update, even to the same
    text, paints the label anew and lays the whole dialog out again."""
    shown = label.content
    if not (isinstance(shown, str) and shown == text):  # Content compares its text alone, not its looks
        label.update(text)


def show_focus(widget: Widget) -> None:
    """Give `widget` the focus unless it has it already (kept from the last opening):
    asking for the focus repaints every line of the widget, even one focused."""
    if widget.screen.focused is not widget:
        widget.focus()


def show_cursor(screen: Screen[Any]) -> None:
    """Show the cursor of the field a kept dialog opens on, as a new dialog's field shows
    it: the field's blinking went on while the dialog was hidden (or built ahead), and
    keeping the focus it had brings no Focus event to start the blink over.  Input has
    no public call for it; without one the cursor shows within half a second."""
    field = screen.focused
    restart_blink = getattr(field, "_restart_blink", None)
    if isinstance(field, Input) and callable(restart_blink):
        restart_blink()


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
