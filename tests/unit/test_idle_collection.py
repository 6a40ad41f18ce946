"""Full garbage collections wait for a quiet moment (weekplan.app.idle_collection)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from weekplan import idle_collection
from weekplan.idle_collection import DUE_AFTER, NEVER, IdleCollection


@pytest.fixture
def collector() -> Iterator[IdleCollection]:
    thresholds = gc.get_threshold()
    collector = IdleCollection()
    yield collector
    collector.stop()
    gc.set_threshold(*thresholds)


def _make_due() -> None:
    """Enough collections of the younger generations for a full one to be due."""
    while gc.get_count()[2] < DUE_AFTER:
        gc.collect(1)


def test_python_makes_no_full_collection_of_its_own_until_stopped(collector: IdleCollection) -> None:
    young, middle, full = gc.get_threshold()
    collector.start()
    assert gc.get_threshold() == (young, middle, NEVER)
    collector.stop()
    assert gc.get_threshold() == (young, middle, full)


def test_a_due_collection_waits_for_a_quiet_second(collector: IdleCollection, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(idle_collection.time, "monotonic", lambda: clock[0])
    collector.start()
    collector.key_pressed()
    _make_due()
    clock[0] += 0.5
    assert not collector.collect_if_quiet()  # a key half a second ago
    assert gc.get_count()[2] >= DUE_AFTER
    clock[0] += 0.6
    assert collector.collect_if_quiet()
    assert gc.get_count()[2] == 0  # the full collection ran


def test_nothing_runs_when_none_is_due_or_before_start(
    collector: IdleCollection, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [100.0]
    monkeypatch.setattr(idle_collection.time, "monotonic", lambda: clock[0])
    _make_due()
    clock[0] += 5
    assert not collector.collect_if_quiet()  # not started: Python's own rule is in force
    collector.start()
    gc.collect()  # nothing left to walk
    assert not collector.collect_if_quiet()
