"""Pictures of the Together half with the sample data, today fixed at Mon 23 Nov 2026
and the clock at 09:40: the panel beside the week, and the weekly review.

Update them on purpose with `pytest tests/app/test_together_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import make_app

from weekplan.sample import write_sample
from weekplan.store import Store

TODAY = date(2026, 11, 23)


@pytest.fixture
def sample_store(store: Store) -> Store:
    write_sample(store, TODAY)
    store.forget()
    return store


def test_together_panel_120x40(sample_store: Store, snap_compare) -> None:
    assert snap_compare(make_app(sample_store), press=["tab"], terminal_size=(120, 40))


def test_together_panel_private_120x40(sample_store: Store, snap_compare) -> None:
    assert snap_compare(make_app(sample_store), press=["P", "tab"], terminal_size=(120, 40))


def test_weekly_review_120x40(sample_store: Store, snap_compare) -> None:
    assert snap_compare(make_app(sample_store), press=["r"], terminal_size=(120, 40))


def test_suggest_120x40(sample_store: Store, snap_compare) -> None:
    assert snap_compare(make_app(sample_store), press=["S"], terminal_size=(120, 40))
