"""Problems the planner cannot fix by itself, such as a file it could not read."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from weekplan.app import keymap
from weekplan.display_text import visible


class ErrorScreen(ModalScreen[None]):
    """Shows a title and lines (like path:line:col: message), exactly as given."""

    BINDINGS = keymap.ERROR

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Problem"
            yield Static(Content(visible(self.title_text)), id="error-title")
            with Vertical(id="error-lines"):
                for line in self.lines:
                    # Lines quote file contents: always literal, never markup.
                    yield Static(Content(visible(line)), classes="error-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="error-close", variant="error", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#error-close", Button).focus()

    @on(Button.Pressed, "#error-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
