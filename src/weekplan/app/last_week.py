"""A small look back at last week: what was done and what was not.

Stands in for the weekly review (its own issue) and is meant to be replaced by it.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from weekplan.model import Activity
from weekplan.weeks import format_time, week_label


class LastWeekScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,r", "dismiss", "Close", id="close_review"),
    ]

    def __init__(self, first_day: date, activities: list[Activity]) -> None:
        super().__init__()
        self.first_day = first_day
        self.activities = activities

    def compose(self) -> ComposeResult:
        done = [a for a in self.activities if a.done]
        rest = [a for a in self.activities if not a.done]
        text = Text()
        text.append(f"Last week · {week_label(self.first_day)}\n", Style(bold=True))
        text.append(f"{len(done)} done, {len(rest)} not done\n\n", Style(dim=True))
        for title, items, mark in (("Done", done, "✓"), ("Not done", rest, "·")):
            text.append(f"{title}\n", Style(bold=True))
            if not items:
                text.append("  nothing\n", Style(dim=True))
            for a in items:
                skipped = "  (skipped)" if a.skipped else ""
                text.append(f"  {mark} {a.date:%a} {format_time(a.start)}–{format_time(a.end)}  ")
                text.append(a.title)
                text.append(f"  #{a.category}{skipped}\n", Style(dim=True))
            text.append("\n")
        text.append("escape closes", Style(dim=True))
        with VerticalScroll(id="last-week"):
            yield Static(text, id="last-week-text")

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=6)
