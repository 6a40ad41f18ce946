"""What the first opening of a dialog loads, loaded while the planner waits for keys.

The first screen loads only what it shows (start-up stays quick), so the first time a
person presses `a`, `?`, `/`, `S` or `r`, the dialog's modules are imported and the
dialogs' style sheet is read, and Textual then parses every rule of the app again and
restyles the whole screen.  Once the first screen is up the planner does that work
itself, one step at a time, each from a timer of its own: a step runs whenever the
event loop is free, so a key pressed meanwhile waits for at most the one step under
way, and a step due while a key is still being answered waits for the next tick
(docs/benchmarks.md has the figures).  The opening itself still builds its dialog.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from typing import Any

from textual.app import App

from .screens import SCREENS_CSS
from .together import TOGETHER_CSS

# What the dialogs' first openings import, the most used first.
WARMED_MODULES = (
    "weekplan.app.kept_dialogs",
    "weekplan.app.screens.activity_form",
    "weekplan.app.screens.help_screen",
    "weekplan.app.screens.search_screen",
    "weekplan.app.together.suggest_screen",
    "weekplan.app.together.review_screen",
)

# A pause between steps, so that what the terminal sent meanwhile comes first.
BETWEEN_STEPS_SECONDS = 0.01


# The dialogs' style sheets, in the order the Together dialogs build on.
DIALOG_STYLES = (SCREENS_CSS, TOGETHER_CSS)


def read_dialog_styles(app: App[Any]) -> None:
    """The dialogs' style sheets, read and the rules parsed as pushing the first dialog
    would (Textual's App._load_screen_css), so that the first push finds them read.
    A sheet that does not parse is taken out again: the first push then reads it
    itself and reports the error, as it would without the warm-up."""
    stylesheet = app.stylesheet
    unread = [path for path in DIALOG_STYLES if not stylesheet.has_source(str(path), "")]
    if not unread:
        return
    try:
        for path in unread:
            stylesheet.read(path)
        stylesheet.reparse()
        stylesheet.update(app)
    except Exception:
        for path in unread:
            stylesheet.source.pop((str(path), ""), None)
        raise


class WarmUp:
    """The steps, run one per timer in the app's message loop."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.steps: list[Callable[[], None]] = [
            *(lambda name=name: importlib.import_module(name) and None for name in WARMED_MODULES),
            lambda: read_dialog_styles(app),
        ]
        self.done = 0

    @property
    def finished(self) -> bool:
        return self.done >= len(self.steps)

    def start(self) -> None:
        self.app.set_timer(BETWEEN_STEPS_SECONDS, self._step)

    def _step(self) -> None:
        if self.finished:
            return
        if getattr(self.app, "answering_keys", False):
            self.app.set_timer(BETWEEN_STEPS_SECONDS, self._step)
            return
        step = self.steps[self.done]
        self.done += 1
        # A dialog that cannot load says so when it is opened, not now.
        with contextlib.suppress(Exception):
            step()
        if not self.finished:
            self.app.set_timer(BETWEEN_STEPS_SECONDS, self._step)
