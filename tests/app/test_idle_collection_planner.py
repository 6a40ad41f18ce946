"""The planner a person runs takes over Python's full collections and notes every key
(weekplan.idle_collection); an app under test leaves them to Python."""

from __future__ import annotations

import gc

from planner_support import NOW, TODAY, make_app

from weekplan.app.planner import PlannerApp
from weekplan.idle_collection import NEVER
from weekplan.store import Store


async def test_the_planner_notes_each_key_for_the_quiet_moments(seeded: Store) -> None:
    thresholds = gc.get_threshold()
    app = PlannerApp(seeded, today=TODAY, now=lambda: NOW, collect_when_idle=True)
    collector = app.idle_collection
    assert collector is not None
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.get_threshold()[2] == NEVER
            before = collector.last_key
            await pilot.press("l")
            assert collector.last_key > before
    finally:
        collector.stop()
    assert gc.get_threshold() == thresholds


async def test_an_app_under_test_leaves_collections_to_python(seeded: Store) -> None:
    thresholds = gc.get_threshold()
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        assert app.idle_collection is None and gc.get_threshold() == thresholds
