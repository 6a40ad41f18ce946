"""The planner application (placeholder screen until the week grid lands)."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from weekplan.store import Store
from weekplan.weeks import view_start, week_label


class PlannerApp(App[None]):
    TITLE = "weekplan"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, store: Store, *, today: date) -> None:
        super().__init__()
        self.store = store
        self.today = today

    def compose(self) -> ComposeResult:
        yield Header()
        first = view_start(self.today, self.store.config.first_weekday)
        yield Static(week_label(first), id="week-label")
        yield Footer()
