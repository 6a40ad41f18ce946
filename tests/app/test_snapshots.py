"""Pictures of the main screen with fixed data, a fixed today (Mon 23 Nov 2026) and a
fixed clock (09:40): any change to how the planner looks shows up here.

Update them on purpose with `pytest tests/app/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import activity, make_app

from weekplan.model import Goal, Idea, SpecialDate
from weekplan.store import Store


@pytest.fixture
def week(store: Store) -> Store:
    for item in [
        activity("a1", "2026-11-23", "09:00", "10:30", "gym", "fitness", done=True),
        activity("a2", "2026-11-23", "09:30", "10:00", "call mum", "friends"),
        activity("a3", "2026-11-24", "18:00", "20:00", "pottery class", "hobby"),
        activity("a4", "2026-11-25", "06:00", "07:00", "morning run", "fitness"),
        activity("a5", "2026-11-25", "12:30", "13:30", "日本語 lesson", "learning"),
        activity("a6", "2026-11-26", "08:00", "12:00", "portfolio 🚀", "career"),
        activity("a7", "2026-11-27", "19:00", "21:00", "[red]climbing[/]", "friends"),
        activity("a8", "2026-11-29", "14:00", "16:00", "nap", "rest"),
        # Two at once on Tuesday evening, as a sync conflict leaves them, and a long title.
        activity("a9", "2026-11-24", "18:30", "20:30", "Python reading group", "learning"),
        activity("a10", "2026-11-26", "14:00", "16:00", "Portfolio: write a case study", "career"),
    ]:
        store.put_activity(item)
    store.put_date(
        SpecialDate("d1", date(2026, 11, 28), "dinner at Lumen", 19 * 60, 22 * 60, prep="book a table", prep_days=2)
    )
    store.put_date(SpecialDate("d2", date(2026, 12, 5), "picnic by the lake"))
    store.put_idea(Idea("i1", "salsa lesson"))
    store.put_idea(Idea("i2", "night market", kind="place"))
    store.put_goal(Goal("fitness", count=3))
    store.put_goal(Goal("hobby", hours=4))
    store.forget()
    return store


def test_main_screen_120x40(week: Store, snap_compare) -> None:
    assert snap_compare(make_app(week), terminal_size=(120, 40))


def test_main_screen_80x24(week: Store, snap_compare) -> None:
    assert snap_compare(make_app(week), terminal_size=(80, 24))


def test_main_screen_moved_and_private_120x40(week: Store, snap_compare) -> None:
    assert snap_compare(make_app(week), press=["l", "l", "l", "l", "l", "P", "tab"], terminal_size=(120, 40))


def test_main_screen_200x60(week: Store, snap_compare) -> None:
    # Two lines a slot; the cursor off today, so the now-line (09:40) shows across Monday.
    assert snap_compare(
        make_app(week), press=["right_square_bracket", "left_square_bracket", "l", "l", "l"], terminal_size=(200, 60)
    )


def test_overlap_under_the_cursor_120x40(week: Store, snap_compare) -> None:
    # Tuesday 19:00: the day widens, both titles whole, the cursor mark on the second lane.
    keys = ["l", "l", *["j"] * 19, "l"]
    assert snap_compare(make_app(week), press=keys, terminal_size=(120, 40))


def test_overlap_under_the_cursor_80x24(week: Store, snap_compare) -> None:
    keys = ["l", "l", *["j"] * 19]
    assert snap_compare(make_app(week), press=keys, terminal_size=(80, 24))


def test_together_panel_focused_120x40(week: Store, snap_compare) -> None:
    assert snap_compare(make_app(week), press=["tab", "down"], terminal_size=(120, 40))


def test_together_panel_focused_80x24(week: Store, snap_compare) -> None:
    assert snap_compare(make_app(week), press=["tab"], terminal_size=(80, 24))
