"""What the first opening of a dialog does, done while the planner waits for keys.

The first screen loads only what it shows (start-up stays quick), so the first time a
person presses `a`, `?`, `/`, `S`, `r` or `m`, the dialog's modules are imported, the
dialogs' style sheet is read (and Textual then parses every rule of the app again and
restyles the whole screen), and the dialog is built: its widgets composed, styled and
mounted.  Once the first screen is up the planner does that work itself, one step at
a time, each from a timer of its own: the imports, the style sheets, then each kept
dialog built off screen (weekplan.app.kept_dialogs) and, once all are built, styled
with the rules as they are then, laid out and painted once.  A step runs whenever the
event loop is free, so a key pressed meanwhile waits for at most the one step under
way (building or painting a dialog is itself many small steps, keys answered between
them), and a step due while a key is still being answered waits for the next tick
(docs/benchmarks.md has the figures).  The first opening then only shows the dialog,
as every later one does.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App

from .screens import SCREENS_CSS
from .together import TOGETHER_CSS

# What the dialogs' first openings import, the most used first; then what the first
# entry moved, lengthened or added by a key or the mouse imports.
WARMED_MODULES = (
    "weekplan.app.kept_dialogs",
    "weekplan.app.screens.activity_form",
    "weekplan.app.screens.help_screen",
    "weekplan.app.screens.search_screen",
    "weekplan.app.together.suggest_screen",
    "weekplan.app.together.review_screen",
    "weekplan.app.screens.overview_screen",
    "weekplan.entry_moves",
    "weekplan.clashes",
)


def dialogs_built_ahead(app: Any) -> list[tuple[str, Callable[[], Any]]]:
    """The kept dialogs built ahead, the most used first: the name each is kept under,
    and how the planner gets it as its key would.  What they show is given anew when
    they are opened (their `reopen`), so the day and time here do not matter."""
    return [
        ("activity", lambda: app.activity_form(app.today, app.config.day_start, None)),
        ("help", app.help_dialog),
        ("search", app.search_dialog),
        ("suggest", app.suggest_dialog),
        ("review", app.review_dialog),
        ("overview", app.overview_dialog),
    ]


# A pause between steps, so that what the terminal sent meanwhile comes first.
BETWEEN_STEPS_SECONDS = 0.01


# The dialogs' style sheets, in the order the Together dialogs build on.
DIALOG_STYLES = (SCREENS_CSS, TOGETHER_CSS)


def dialog_styles_read(app: App[Any]) -> bool:
    """Whether the dialogs' style sheets are in the app's (read, and parsed without error)."""
    return all(app.stylesheet.has_source(str(path), "") for path in DIALOG_STYLES)


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


async def build_ahead(app: Any, name: str, get_dialog: Callable[[], Any]) -> None:
    """Build kept dialog `name` off screen, unless it is kept already (opened before the
    warm-up came to it) or the dialogs' style sheets could not be read: its first
    opening then reads them and reports what is wrong, as without the warm-up."""
    if name in app.kept_dialogs or not dialog_styles_read(app):
        return
    dialog = get_dialog()
    if dialog is not None:
        await app.kept_dialogs.build_ahead(dialog)


class WarmUp:
    """The steps, run one per timer in the app's message loop."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        planner: Any = app
        dialogs = dialogs_built_ahead(planner)
        self.steps: list[Callable[[], Awaitable[None] | None]] = [
            *(lambda name=name: importlib.import_module(name) and None for name in WARMED_MODULES),
            lambda: read_dialog_styles(app),
            *(lambda name=name, get=get: build_ahead(planner, name, get) for name, get in dialogs),
            *(lambda name=name: planner.kept_dialogs.style_ahead(name) for name, _get in dialogs),
            *(lambda name=name: planner.kept_dialogs.lay_out_ahead(name) for name, _get in dialogs),
            *(lambda name=name: planner.kept_dialogs.paint_ahead(name) for name, _get in dialogs),
        ]
        self.done = 0

    @property
    def finished(self) -> bool:
        return self.done >= len(self.steps)

    def start(self) -> None:
        self.app.set_timer(BETWEEN_STEPS_SECONDS, self._step)

    async def _step(self) -> None:
        if self.finished:
            return
        if getattr(self.app, "answering_keys", False):
            self.app.set_timer(BETWEEN_STEPS_SECONDS, self._step)
            return
        step = self.steps[self.done]
        # A dialog that cannot load says so when it is opened, not now.
        with contextlib.suppress(Exception):
            under_way = step()
            if inspect.isawaitable(under_way):
                await under_way  # keys are answered meanwhile: this runs in the timer's own task
        self.done += 1
        if not self.finished:
            self.app.set_timer(BETWEEN_STEPS_SECONDS, self._step)
