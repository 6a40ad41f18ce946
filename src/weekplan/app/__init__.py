"""The full-screen planner (Textual). Only this package imports Textual."""

from __future__ import annotations

from datetime import date

from weekplan.store import Store


def run_planner(store: Store, *, today: date) -> int:
    from weekplan.app.planner import PlannerApp

    PlannerApp(store, today=today).run()
    return 0
