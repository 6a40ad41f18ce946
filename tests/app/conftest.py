"""Fixtures for the planner's Pilot tests (helpers are in planner_support.py)."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import activity

from weekplan.model import SpecialDate
from weekplan.sample import SampleData, write_sample
from weekplan.store import Store

# The tests' today, as tests/conftest.py pins it.  Named here too: a test module that
# imports it from "conftest" may get this file, whichever conftest pytest loaded last.
TODAY = date(2026, 11, 23)


@pytest.fixture
def seeded(store: Store) -> Store:
    """A week with a few things in it, one of them before the day starts, and a date."""
    store.put_activity(activity("gym1", "2026-11-23", "09:00", "10:30", "gym", "fitness"))
    store.put_activity(activity("call1", "2026-11-23", "09:30", "10:00", "call mum", "friends"))
    store.put_activity(activity("run1", "2026-11-25", "06:00", "07:00", "run", "fitness"))
    store.put_activity(activity("climb1", "2026-11-27", "19:00", "21:00", "climbing", "friends"))
    store.put_activity(activity("read1", "2026-11-29", "20:00", "21:00", "reading", "hobby"))
    store.put_activity(activity("last1", "2026-11-17", "18:00", "19:00", "pottery", "hobby", done=True))
    store.put_activity(activity("last2", "2026-11-19", "07:00", "08:00", "swim", "fitness"))
    store.put_date(
        SpecialDate(
            "dinner1",
            date(2026, 11, 28),
            "dinner at Lumen",
            19 * 60,
            22 * 60,
            place="Lumen",
            prep="book a table",
            prep_days=2,
        )
    )
    store.forget()
    return store


@pytest.fixture
def sample(store: Store) -> SampleData:
    """The demo's sample data around the tests' today, read afresh."""
    data = write_sample(store, TODAY)
    store.forget()
    return data
