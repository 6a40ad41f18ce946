"""Ask for a file's path (for exporting or importing a calendar)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from weekplan.app import keymap


class PathPrompt(ModalScreen[str | None]):
    """Returns the path as typed (stripped), or None on escape."""

    BINDINGS = keymap.PATH_PROMPT

    def __init__(self, title: str, hint: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self.title_text
            yield Input(self.value, placeholder="~/calendar.ics", id="path-input", compact=True)
            yield Static(Content(self.hint), id="path-hint")
            yield Static("", id="path-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path-input", Input).focus()

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path:
            self.query_one("#path-message", Static).update("Type a path, or esc to leave")
            self.app.bell()
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
