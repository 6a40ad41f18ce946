"""The Together edits kept in the undo history, goals as typed, and idea tags split
for the form: plain Python, no screen."""

from __future__ import annotations

from datetime import date

import pytest

from weekplan.form_rules import FieldError
from weekplan.goal_text import goal_text, read_goal
from weekplan.history import Batch, Change, History, added
from weekplan.idea_tags import join_tags, read_other_tags, split_tags
from weekplan.model import Activity, Goal, Idea, WeekNote
from weekplan.store import ReadOnlyError, Store
from weekplan.weeks import IsoWeek


def on_disk(store: Store) -> Store:
    return Store(store.root)


def test_idea_goal_and_note_changes_undo_and_redo(store: Store) -> None:
    history = History()
    idea = Idea("i1", "Salsa lesson", "activity", ("active",))
    week = IsoWeek(2026, 47)
    history.do(store, Change("add", None, idea))
    history.do(store, Change("set", None, Goal("fitness", count=3)))
    history.do(store, Change("note", WeekNote(week, ""), WeekNote(week, "A good week")))
    assert on_disk(store).ideas().items == {"i1": idea}
    assert on_disk(store).week_note(week) == "A good week"
    history.undo(store)
    history.undo(store)
    assert on_disk(store).week_note(week) == "" and on_disk(store).goals().items == {}
    history.undo(store)
    assert on_disk(store).ideas().items == {}
    history.redo(store)
    assert on_disk(store).ideas().items == {"i1": idea}


def test_a_batch_refused_halfway_takes_back_what_it_made(store: Store) -> None:
    ok = Activity("a1", date(2026, 11, 24), 600, 660, "Swim", "fitness")
    blocked = Activity("a2", date(2026, 12, 1), 600, 660, "Swim", "fitness")
    store.week_path(IsoWeek(2026, 49)).parent.mkdir(parents=True, exist_ok=True)
    store.week_path(IsoWeek(2026, 49)).write_text("not = [toml", "utf-8")
    edit = added("carry 2", [ok, blocked])
    assert isinstance(edit, Batch)
    history = History()
    with pytest.raises(ReadOnlyError):
        history.do(store, edit)
    assert "a1" not in on_disk(store).week(IsoWeek(2026, 48)).items
    assert not history.can_undo
    assert store.week_path(IsoWeek(2026, 49)).read_text("utf-8") == "not = [toml"


def test_a_batch_shows_its_first_item_and_one_edit_is_no_batch() -> None:
    first = Activity("a1", date(2026, 11, 24), 600, 660, "Swim", "fitness")
    second = Activity("a2", date(2026, 11, 25), 600, 660, "Run", "fitness")
    batch = added("carry 2", [first, second])
    assert batch is not None and (batch.shown_after, batch.shown_before) == (first, None)
    assert batch.inverse().shown_after is None and batch.inverse().shown_before in (first, second)
    single = added("carry 1", [first])
    assert not isinstance(single, Batch) and single is not None and single.shown_after == first
    assert added("nothing", []) is None


@pytest.mark.parametrize(
    ("text", "count", "hours"),
    [
        ("3", 3, None),
        ("3x", 3, None),
        ("3 ×", 3, None),
        ("2 times", 2, None),
        ("4 h", None, 4.0),
        ("1,5h", None, 1.5),
        ("90 min", None, 1.5),
        ("2 hours", None, 2.0),
        ("2h30", None, 2.5),  # the lengths quick add reads
        ("30 hours", None, 30.0),  # a week's goal may be more than a day
    ],
)
def test_goals_read_as_typed(text: str, count: int | None, hours: float | None) -> None:
    goal = read_goal("fitness", text)
    assert goal is not None and (goal.count, goal.hours) == (count, hours)
    assert read_goal("fitness", goal_text(goal)) == goal  # what the form shows reads back the same


@pytest.mark.parametrize("text", ["0", "101", "lots", "10 min", "200 h", "3 days"])
def test_goals_out_of_range_or_unreadable_are_refused(text: str) -> None:
    with pytest.raises(FieldError):
        read_goal("fitness", text)


def test_an_empty_goal_is_none() -> None:
    assert read_goal("fitness", "  ") is None and goal_text(None) == ""


def test_tags_split_for_the_form_and_join_back_without_loss() -> None:
    tags = ("Summer", "cheap", "winter", "near the sea", "outdoor")
    chosen, other = split_tags(tags)
    assert chosen == {"season": "summer", "cost": "cheap", "setting": "outdoor"}
    assert other == ["winter", "near the sea"]
    joined = join_tags(chosen, other)
    assert {t.lower() for t in joined} == {t.lower() for t in tags}
    assert read_other_tags(" rainy day, , messy ,") == ["rainy day", "messy"]
    assert join_tags({"cost": "cheap"}, ["Cheap", "messy"]) == ("cheap", "messy")
