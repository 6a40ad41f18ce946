"""Undo and redo after the planner reloaded a file another program changed: the
edit is merged into the item as it is now, never written back whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from weekplan.app.rebased_history import RebasedHistory
from weekplan.app.together.edits import Batch, GoalChange, IdeaChange, NoteChange
from weekplan.history import Change
from weekplan.model import Activity, Goal, Idea, SpecialDate
from weekplan.store import ReadOnlyError, StaleEditError, Store
from weekplan.weeks import IsoWeek

W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)


def reloaded(store: Store) -> None:
    """What the planner does when its poll finds changed files."""
    store.forget(store.changed_files())


def test_undo_of_a_date_edit_keeps_the_place_changed_elsewhere(store: Store) -> None:
    dinner = SpecialDate("d1", date(2026, 11, 28), "dinner", 19 * 60, 21 * 60)
    store.put_date(dinner)
    history = RebasedHistory()
    history.do(store, Change("move", dinner, replace(dinner, start=20 * 60, end=22 * 60)))
    other = Store(store.root)
    other.put_date(replace(other.dates().items["d1"], place="Lumen"))
    reloaded(store)

    history.undo(store)

    assert Store(store.root).dates().items["d1"] == replace(dinner, place="Lumen")
    history.redo(store)
    assert Store(store.root).dates().items["d1"] == replace(dinner, start=20 * 60, end=22 * 60, place="Lumen")


def test_undo_of_an_idea_merges_and_of_a_goal_refuses(store: Store) -> None:
    idea = Idea("i1", "picnic", "activity")
    goal = Goal("fitness", count=3)
    store.put_idea(idea)
    store.put_goal(goal)
    ideas, goals = RebasedHistory(), RebasedHistory()
    ideas.do(store, IdeaChange("notes", idea, replace(idea, notes="by the lake")))
    goals.do(store, GoalChange("goal", goal, replace(goal, count=4)))
    other = Store(store.root)
    other.put_idea(replace(other.ideas().items["i1"], title="picnic, big one", extra={"mood": "sunny"}))
    other.put_goal(replace(other.goals().items["fitness"], count=5))
    reloaded(store)

    with pytest.raises(StaleEditError):
        goals.undo(store)  # 4 here, 5 there: back to 3 would take theirs back
    assert Store(store.root).goals().items["fitness"].count == 5
    assert goals.can_undo and not goals.can_redo  # the history is as it was

    ideas.undo(store)
    back = Store(store.root).ideas().items["i1"]
    assert back == replace(idea, title="picnic, big one") and back.extra == {"mood": "sunny"}


def test_undo_of_a_week_note_changed_elsewhere_is_refused(store: Store) -> None:
    history = RebasedHistory()
    history.do(store, NoteChange("note", W48, "", "good week"))
    Store(store.root).set_week_note(W48, "good week, tired")
    reloaded(store)

    with pytest.raises(StaleEditError):
        history.undo(store)
    assert Store(store.root).week_note(W48) == "good week, tired"


def test_a_refused_batch_takes_back_its_first_steps(store: Store) -> None:
    first = Activity("a1", date(2026, 11, 24), 600, 660, "piano", "hobby")
    second = Activity("a2", date(2026, 11, 30), 600, 660, "piano", "hobby")
    path = store.week_path(W49)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not = [toml", "utf-8")

    with pytest.raises(ReadOnlyError):
        RebasedHistory().do(store, Batch("carry", (Change("add", None, first), Change("add", None, second))))

    assert Store(store.root).week(W48).items == {}
    assert path.read_text("utf-8") == "not = [toml"
