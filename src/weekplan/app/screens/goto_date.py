"""Go to a date or a week, typed in a few letters."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from weekplan.app import keymap
from weekplan.timewords import EXAMPLES_GOTO, TimeWordError, read_goto
from weekplan.weeks import IsoWeek


class GoToDate(ModalScreen[date | None]):
    """Returns the day to show, or None."""

    BINDINGS = keymap.GO_TO_DATE

    def __init__(self, today: date, first_weekday: int = 0, language: str = "") -> None:
        super().__init__()
        self.today = today
        self.first_weekday = first_weekday  # the planner's week, that "this fri" names
        self.language = language  # the one the planner shows its names in, read too

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Go to"
            yield Input(placeholder="a date, a week or a day", id="goto-input", compact=True)
            yield Static("", id="goto-result")
            yield Static(f"e.g. {EXAMPLES_GOTO}", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#goto-input", Input).focus()

    def _read(self, text: str) -> date | str:
        try:
            return read_goto(text, self.today, first_weekday=self.first_weekday, language=self.language)
        except TimeWordError as exc:
            message = str(exc)
            return message[:1].upper() + message[1:]

    @on(Input.Changed, "#goto-input")
    def _changed(self, event: Input.Changed) -> None:
        # While typing, a half-typed word is not an error yet: say it quietly.
        found = self._read(event.value)
        result = self.query_one("#goto-result", Static)
        result.remove_class("-error")
        if isinstance(found, date):
            result.update(Content(f"→ {found:%A %-d %B %Y} · {IsoWeek.of(found)}"))
        else:
            result.update(Content("" if not event.value.strip() else found))

    @on(Input.Submitted, "#goto-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = self._read(event.value)
        if isinstance(found, date):
            self.dismiss(found)
            return
        result = self.query_one("#goto-result", Static)
        result.update(Content(found))
        result.add_class("-error")
        self.app.bell()

    def action_cancel(self) -> None:
        self.dismiss(None)
