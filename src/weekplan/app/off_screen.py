"""A screen composed, laid out and painted while it is not shown, so that showing it
does only what a later showing does.

The first time Textual shows a screen it composes and mounts its widgets, lays them
out and renders every one of them; each of those first steps costs several times what
it costs once done (caches filled, sizes known).  Textual takes the first two only
while pushing and showing a screen: in Textual 8.2.8 no public call composes a screen
that is not pushed (`App.install_screen` only names it; `App.get_screen` does not
start it) or lays out one that is not on top.  This module is the one place in
weekplan that calls the private steps behind them, the same ones `App.push_screen`
and a screen's resume call; painting goes through public calls.  Should Textual
rename a method, a step fails, the warm-up that uses them (weekplan.app.warm_up) passes
over the failure, and the dialog is built as it is opened, as it was before.  The
screen's own mark that a layout is asked for (`_layout_required`) is read and cleared
as Textual does once it has laid a screen out; renamed, the mark here would be a new
unused attribute and the first opening would lay out again, which
test_the_first_opening_lays_out_nothing_that_was_laid_out_ahead would say.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

from .dimmed_backdrop import DimmedBackdrop


async def compose(app: App[Any], screen: Screen[Any]) -> None:
    """Compose and mount `screen` and all its widgets, as its first push would; done
    once its own Mount is handled (after its children's)."""
    # App._get_screen does this at a push, and then lays out the screen shown, which
    # nothing here changes: so the registration alone.
    app._register(app, screen)
    await screen._mounted_event.wait()


def lay_out(app: App[Any], screen: Screen[Any]) -> None:
    """Lay `screen` out at the app's size, as showing it would (its widgets are told
    their sizes); it is not current, so nothing is shown.  What asked for the layout is
    then answered, as Textual marks a screen on top once it has laid it out: showing
    it lays it out again only if a widget asks meanwhile."""
    screen._refresh_layout(app.size)
    screen._layout_required = False


def settle(app: App[Any], screen: Screen[Any]) -> None:
    """Lay `screen` (laid out) out again if a widget asked for it since: a widget's ask
    reaches the screen after the widget's own messages, some of them after the last
    layout (a list finding its lines as it is first shown), which showing it would
    otherwise answer with a layout of every widget."""
    if screen._layout_required:
        lay_out(app, screen)


async def paint(screen: Screen[Any], below: Screen[Any], still_wanted: Callable[[], bool]) -> None:
    """Render every widget of `screen` (laid out) once, as showing it would, a widget at
    a time with keys answered in between, and the frames thrown away: showing it then
    repaints only what changed since.  A translucent dialog tints `below` too, which it
    shows dimmed.  Stops once `still_wanted` says no (the screen was shown meanwhile)."""
    if isinstance(screen, DimmedBackdrop):
        screen.tint(below)
    for widget in screen.walk_children(Widget):
        await asyncio.sleep(0)
        if not still_wanted():
            return
        width, height = widget.region.size  # empty for a widget not laid out (not shown)
        if width and height:
            widget.render_lines(Region(0, 0, width, height))
