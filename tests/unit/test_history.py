"""Undo and redo over a session, applied through the real store."""

from __future__ import annotations

from datetime import date

import pytest

from weekplan.history import Change, History
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.store import ReadOnlyError, Store
from weekplan.weeks import IsoWeek

SUNDAY = date(2026, 11, 29)


def climbing(day: date = date(2026, 11, 27)) -> Activity:
    return Activity("c1", day, 19 * 60, 21 * 60, "climbing", "friends")


def on_disk(store: Store, week: str) -> dict[str, Activity]:
    return Store(store.root).week(IsoWeek.parse(week)).items


def test_add_edit_delete_undo_all_then_redo_all(store: Store) -> None:
    history = History()
    added = climbing()
    edited = replace(added, title="bouldering")
    history.do(store, Change("add", None, added))
    history.do(store, Change("edit", added, edited))
    history.do(store, Change("delete", edited, None))
    assert on_disk(store, "2026-W48") == {}

    assert history.undo(store).label == "delete"
    assert on_disk(store, "2026-W48")["c1"].title == "bouldering"
    history.undo(store)
    assert on_disk(store, "2026-W48")["c1"].title == "climbing"
    history.undo(store)
    assert on_disk(store, "2026-W48") == {}
    assert history.undo(store) is None

    history.redo(store)
    history.redo(store)
    assert on_disk(store, "2026-W48")["c1"].title == "bouldering"
    history.redo(store)
    assert on_disk(store, "2026-W48") == {}
    assert history.redo(store) is None


def test_a_new_edit_forgets_what_was_undone(store: Store) -> None:
    history = History()
    history.do(store, Change("add", None, climbing()))
    history.undo(store)
    assert history.can_redo
    history.do(store, Change("add", None, replace(climbing(), id="c2")))
    assert not history.can_redo


def test_undo_of_a_move_across_weeks_puts_it_back_in_its_file(store: Store) -> None:
    history = History()
    sunday = climbing(SUNDAY)
    history.do(store, Change("add", None, sunday))
    moved = replace(sunday, date=date(2026, 11, 30))
    history.do(store, Change("move", sunday, moved))
    assert on_disk(store, "2026-W48") == {}
    assert on_disk(store, "2026-W49")["c1"].date == date(2026, 11, 30)
    history.undo(store)
    assert on_disk(store, "2026-W48")["c1"].date == SUNDAY
    assert on_disk(store, "2026-W49") == {}


def test_special_dates_go_through_the_dates_file(store: Store) -> None:
    history = History()
    dinner = SpecialDate("d1", SUNDAY, "dinner")
    history.do(store, Change("plan", None, dinner))
    history.do(store, Change("done", dinner, replace(dinner, status="done")))
    assert Store(store.root).dates().items["d1"].status == "done"
    history.undo(store)
    assert Store(store.root).dates().items["d1"].status == "planned"
    history.undo(store)
    assert Store(store.root).dates().items == {}


def test_a_refused_change_leaves_the_history_as_it_was(store: Store) -> None:
    history = History()
    history.do(store, Change("add", None, climbing()))
    broken = store.week_path(IsoWeek.parse("2026-W49"))
    broken.write_text("this is not toml = = =\n", "utf-8")
    with pytest.raises(ReadOnlyError):
        history.do(store, Change("move", climbing(), climbing(date(2026, 12, 1))))
    assert len(history) == 1 and not history.can_redo
    assert broken.read_text("utf-8") == "this is not toml = = =\n"
    assert on_disk(store, "2026-W48")["c1"].date == date(2026, 11, 27)


def test_a_change_needs_an_item_and_keeps_its_kind() -> None:
    with pytest.raises(ValueError):
        Change("nothing", None, None)
    with pytest.raises(ValueError):
        Change("mixed", climbing(), SpecialDate("d1", SUNDAY, "dinner"))
