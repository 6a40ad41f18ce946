"""Which occurrences of a routine an edit or a deletion is for: this one only, or this
one and all that follow (as a phone calendar asks)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from weekplan.app import keymap
from weekplan.display_text import visible

ONE = "one"
ALL = "all"


class OccurrenceScope(ModalScreen[str | None]):
    """Returns ONE, ALL, or None (escape: nothing happens)."""

    BINDINGS = keymap.OCCURRENCE_SCOPE

    def __init__(self, question: str, *, all_label: str = "All from now on") -> None:
        super().__init__()
        self.question = question
        self.all_label = all_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(visible(self.question)), id="scope-question")
            yield Static(
                Content.assemble(("o", "bold"), " this one only   ", ("a", "bold"), " all from now on   ")
                + Content.assemble(("esc", "bold"), " cancel"),
                id="scope-keys",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("This one only", id="scope-one", variant="primary", compact=True)
                yield Button(Content(self.all_label), id="scope-all", compact=True)
                yield Button("Cancel", id="scope-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scope-one", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer((event.button.id or "").removeprefix("scope-"))

    def action_answer(self, scope: str) -> None:
        self.dismiss(scope if scope in (ONE, ALL) else None)
