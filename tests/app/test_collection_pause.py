"""Garbage collection is held while the planner starts and goes on once the first
screen is up: never left off for the rest of a session."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from planner_support import make_app

from weekplan.app import collection_pause
from weekplan.store import Store


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does to the collector, the next test gets it back running and
    with nothing frozen."""
    yield
    collection_pause.release()
    gc.unfreeze()
    gc.enable()


def test_hold_stops_collection_and_release_freezes_and_restarts_it(collector: None) -> None:
    collection_pause.hold()
    assert not gc.isenabled()
    kept = [object() for _ in range(10)]
    collection_pause.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what start-up made is passed by from now on
    assert kept


def test_release_without_hold_changes_nothing(collector: None) -> None:
    gc.unfreeze()
    collection_pause.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # an app started by tests freezes nothing


def test_collection_left_off_by_someone_else_is_not_switched_on(collector: None) -> None:
    gc.disable()
    collection_pause.hold()
    collection_pause.release()
    assert not gc.isenabled()


async def test_the_planner_releases_collection_once_its_first_screen_is_up(store: Store, collector: None) -> None:
    collection_pause.hold()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.grid.size.height > 0
        assert gc.isenabled()
