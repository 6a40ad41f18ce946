"""A yes-or-no question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from weekplan.app import keymap
from weekplan.display_text import visible


class ConfirmScreen(ModalScreen[bool]):
    """Returns True for yes; no, escape and n return False."""

    BINDINGS = keymap.CONFIRM

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", *, default_yes: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(visible(self.question)), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                # The buttons' words vary; the keys do not: say which key is which.
                yield Static(
                    Content.assemble(("y", "bold"), " ", self.yes, "   ", ("n", "bold"), " ", self.no),
                    id="confirm-keys",
                )
                yield Button(Content(self.yes), id="confirm-yes", variant="primary", compact=True)
                yield Button(Content(self.no), id="confirm-no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self.default_yes else "#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
