"""Helpers for driving the planner with Pilot: a fixed today (from tests/conftest.py)
and a fixed clock, seeded data, and the grid's painted lines as text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from weekplan.app.planner import PlannerApp
from weekplan.model import Activity
from weekplan.store import Store
from weekplan.weeks import parse_time

TODAY = date(2026, 11, 23)  # Monday of 2026-W48
NOW = datetime(2026, 11, 23, 9, 40)


def make_app(store: Store) -> PlannerApp:
    return PlannerApp(store, today=TODAY, now=lambda: NOW)


def activity(ident: str, day: str, start: str, end: str, title: str, category: str = "fitness", **kw: Any) -> Activity:
    return Activity(
        ident, date.fromisoformat(day), parse_time(start), parse_time(end, allow_24=True), title, category, **kw
    )


def grid_lines(app: PlannerApp) -> list[str]:
    """What the grid shows, one string per screen line."""
    grid = app.grid
    return [grid.render_line(y).text for y in range(grid.size.height)]


def grid_text(app: PlannerApp) -> str:
    return "\n".join(grid_lines(app))


class Notes:
    """Every notification the app raised, as plain text."""

    def __init__(self, app: PlannerApp) -> None:
        self.messages: list[str] = []
        original = app.notify

        def record(message: str, **kw: Any) -> None:
            self.messages.append(message)
            original(message, **kw)

        app.notify = record  # type: ignore[method-assign]

    @property
    def last(self) -> str:
        return self.messages[-1] if self.messages else ""
