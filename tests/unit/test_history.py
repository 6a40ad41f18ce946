"""Undo and redo over a session, applied through the real store."""

from __future__ import annotations

from datetime import date

import pytest

from weekplan.history import Change, History, added
from weekplan.model import Activity, Goal, Idea, SpecialDate, WeekNote
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


def test_the_store_files_each_kind_of_item_where_it_belongs(store: Store) -> None:
    idea = Idea("i1", "salsa lesson")
    goal = Goal("fitness", count=3)
    dinner = SpecialDate("d1", date(2026, 11, 28), "dinner")
    note = WeekNote(IsoWeek(2026, 48), "a good week")
    history = History()
    for item in (idea, goal, dinner, note, climbing()):
        history.do(store, Change("add", None, item))
    fresh = Store(store.root)
    assert fresh.ideas().items == {"i1": idea}
    assert fresh.goals().items == {"fitness": goal}
    assert fresh.dates().items == {"d1": dinner}
    assert fresh.week_note(IsoWeek(2026, 48)) == "a good week"
    assert fresh.week(IsoWeek(2026, 48)).items == {"c1": climbing()}
    for _ in range(5):
        history.undo(store)
    fresh = Store(store.root)
    assert (fresh.ideas().items, fresh.goals().items, fresh.dates().items) == ({}, {}, {})
    assert fresh.week_note(IsoWeek(2026, 48)) == ""
    assert fresh.week(IsoWeek(2026, 48)).items == {}


def test_history_lists_the_items_of_done_and_undone_steps(store: Store) -> None:
    history = History()
    idea = Idea("i1", "salsa lesson")
    carried = added("carry", [climbing(), replace(climbing(), id="c2")])
    assert carried is not None
    history.do(store, Change("add idea", None, idea))
    history.do(store, carried)
    history.do(store, Change("delete idea", idea, None))
    history.undo(store)  # an undone step still counts: redo would bring its items back
    assert sorted(item.id for item in history.items()) == ["c1", "c2", "i1", "i1"]
    assert history.next_redo is not None and history.next_redo.label == "delete idea"
    assert history.next_undo is carried


def test_a_step_shows_only_what_the_grid_can_show() -> None:
    note = Change("note", WeekNote(IsoWeek(2026, 48), ""), WeekNote(IsoWeek(2026, 48), "x"))
    assert (note.shown_before, note.shown_after) == (None, None)
    idea = Change("add idea", None, Idea("i1", "salsa"))
    assert idea.shown_after is None
    assert Change("add", None, climbing()).shown_after == climbing()


def test_a_change_cannot_turn_an_idea_into_a_goal() -> None:
    with pytest.raises(ValueError, match="one kind of item into another"):
        Change("odd", Idea("i1", "salsa"), Goal("fitness", count=1))  # type: ignore[arg-type]
