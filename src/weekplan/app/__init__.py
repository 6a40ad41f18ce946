"""The full-screen planner (Textual). Only this package imports Textual."""

from __future__ import annotations

from datetime import date

from weekplan.store import Store


def run_planner(store: Store, *, today: date) -> int:
    from weekplan.app import collection_pause

    collection_pause.hold()  # the app releases it once the first screen is up
    try:
        from weekplan.app.planner import PlannerApp

        PlannerApp(store, today=today).run()
    finally:
        collection_pause.release()
    return 0
