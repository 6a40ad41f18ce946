"""The full-screen planner (Textual). Only this package imports Textual."""

from __future__ import annotations

from datetime import date

from weekplan.store import Store


def run_planner(store: Store, *, today: date) -> int:
    from weekplan.app import collection_pause

    collection_pause.hold()  # the app releases it once the first screen is up
    try:
        from weekplan.app.escape_then_key import read_escape_then_key
        from weekplan.app.planner import PlannerApp
        from weekplan.app.undecodable_input import read_undecodable_bytes_as_marks

        read_escape_then_key()
        read_undecodable_bytes_as_marks()
        app = PlannerApp(store, today=today, collect_when_idle=True, warm_up=True)
        try:
            app.run()
        finally:
            if app.idle_collection is not None:
                app.idle_collection.stop()
    finally:
        collection_pause.release()
    return 0
