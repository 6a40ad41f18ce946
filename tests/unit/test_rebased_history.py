"""Undo and redo after the planner reloaded a file another program changed: the
edit is merged into the item as it is now, never written back whole."""

from __future__ import annotations

from datetime import date

import pytest

from weekplan.history import Batch, Change, RoutineChange
from weekplan.model import Activity, Goal, Idea, SpecialDate, WeekNote
from weekplan.rebased_history import RebasedHistory
from weekplan.record import replace
from weekplan.routines import Routine
from weekplan.store import ReadOnlyError, SeveralCopiesError, StaleEditError, Store
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
    ideas.do(store, Change("notes", idea, replace(idea, notes="by the lake")))
    goals.do(store, Change("goal", goal, replace(goal, count=4)))
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


def test_undo_of_a_tag_keeps_the_tags_added_elsewhere(store: Store) -> None:
    idea = Idea("i1", "picnic", "activity", tags=("cheap",))
    store.put_idea(idea)
    history = RebasedHistory()
    history.do(store, Change("tags", idea, replace(idea, tags=("cheap", "outdoor"))))
    other = Store(store.root)  # a sync brings a tag added on another machine
    other.put_idea(replace(other.ideas().items["i1"], tags=("cheap", "outdoor", "summer")))
    reloaded(store)

    history.undo(store)  # takes back "outdoor" alone: tags are a set

    assert sorted(Store(store.root).ideas().items["i1"].tags) == ["cheap", "summer"]
    history.redo(store)
    assert sorted(Store(store.root).ideas().items["i1"].tags) == ["cheap", "outdoor", "summer"]


def test_undo_of_a_week_note_changed_elsewhere_is_refused(store: Store) -> None:
    history = RebasedHistory()
    history.do(store, Change("note", WeekNote(W48, ""), WeekNote(W48, "good week")))
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


# -- routines -------------------------------------------------------------------------


def _gym() -> Routine:
    return Routine("9a1c2b7d4e3f", "gym", "fitness", (0, 2, 4), 9 * 60, 10 * 60, date(2026, 11, 2))


def test_undo_of_one_occurrence_edit_keeps_what_another_program_changed_in_it(store: Store) -> None:
    store.put_routine(_gym())
    wed = _gym().occurrence(date(2026, 11, 25))
    assert wed is not None
    history = RebasedHistory()
    history.do(store, Change("retitle", wed, replace(wed, title="swim")))
    other = Store(store.root)
    moved = replace(other.routine_of(wed).occurrence(wed.date), start=18 * 60, end=19 * 60)  # type: ignore[union-attr]
    other.put_activity(moved)
    reloaded(store)

    history.undo(store)

    now = Store(store.root).routine(_gym().id).occurrence(wed.date)  # type: ignore[union-attr]
    assert now is not None and (now.title, now.start, now.end) == ("gym", 18 * 60, 19 * 60)


def test_a_routine_change_refuses_when_the_routine_was_changed_or_removed_elsewhere(store: Store) -> None:
    history = RebasedHistory()
    history.do(store, RoutineChange("add", (), (_gym(),)))
    other = Store(store.root)
    other.put_routine(replace(_gym(), title="gym, heavy"))
    reloaded(store)

    with pytest.raises(StaleEditError):
        history.undo(store)  # removing it would take their change away with it
    assert Store(store.root).routine(_gym().id).title == "gym, heavy"  # type: ignore[union-attr]
    assert history.can_undo and not history.can_redo

    Store(store.root).remove_routine(_gym())
    heavy = replace(_gym(), title="gym, heavy")
    with pytest.raises(LookupError, match=r"no longer in routines\.toml"):
        history.do(store, RoutineChange("end", (heavy,), (replace(heavy, last=date(2026, 11, 24)),)))
    assert Store(store.root).routines().items == {}  # not brought back half-way
    history.do(store, RoutineChange("delete all", (heavy,), ()))  # already gone: nothing to refuse


def test_a_routine_change_applies_when_nothing_changed_underneath(store: Store) -> None:
    history = RebasedHistory()
    ended = replace(_gym(), last=date(2026, 11, 24))
    carried = replace(_gym(), id="0b1c2d3e4f5a", title="swim", first=date(2026, 11, 25))
    history.do(store, RoutineChange("add", (), (_gym(),)))
    history.do(store, RoutineChange("split", (_gym(),), (ended, carried)))
    assert Store(store.root).routines().items == {_gym().id: ended, carried.id: carried}
    history.undo(store)
    assert Store(store.root).routines().items == {_gym().id: _gym()}
    history.undo(store)
    assert Store(store.root).routines().items == {}


def test_undoing_a_routine_change_on_an_unreadable_routines_file_says_so_and_writes_nothing(store: Store) -> None:
    history = RebasedHistory()
    history.do(store, RoutineChange("add", (), (_gym(),)))
    broken = "<<<<<<< HEAD\n[routines]\n=======\n>>>>>>> theirs\n"
    store.routines_path.write_text(broken, "utf-8")
    reloaded(store)

    with pytest.raises(ReadOnlyError):  # not "removed elsewhere": the file cannot be read
        history.undo(store)
    assert store.routines_path.read_text("utf-8") == broken
    assert history.can_undo


def _copies(store: Store, ident: str) -> list[tuple[str, date]]:
    """Every copy of an activity on disk, with the week file it is in."""
    fresh = Store(store.root)
    return [
        (path.stem, a.date)
        for week, path in fresh.week_files()
        for a in fresh.week(week).items.values()
        if a.id == ident
    ]


def test_two_planners_moving_one_activity_to_two_weeks_keep_one_copy(store: Store) -> None:
    """The first planner moves it to the next week; the second, whose copy of the
    week is older, moves it within the week: that would put it in two week files."""
    sunday = Activity("x1", date(2026, 11, 29), 600, 660, "swim", "fitness")
    store.put_activity(sunday)
    first, second = Store(store.root), Store(store.root)
    first.week(W48), second.week(W48)

    RebasedHistory().do(first, Change("move", sunday, replace(sunday, date=date(2026, 11, 30))))
    later = RebasedHistory()
    with pytest.raises(StaleEditError) as refused:
        later.do(second, Change("move", sunday, replace(sunday, date=date(2026, 11, 28))))

    assert "2026-W49.toml" in str(refused.value)
    assert _copies(store, "x1") == [("2026-W49", date(2026, 11, 30))]
    assert not later.can_undo


def test_an_undo_after_another_program_moved_the_activity_to_another_week_is_refused(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    history = RebasedHistory()
    history.do(store, Change("move", gym, replace(gym, date=date(2026, 11, 24))))
    other = Store(store.root)
    moved = other.week(W48).items["g1"]
    other.put(replace(moved, date=date(2026, 12, 9)), replacing=moved)  # a sync brings it to W50
    reloaded(store)

    with pytest.raises(StaleEditError):
        history.undo(store)
    assert _copies(store, "g1") == [("2026-W50", date(2026, 12, 9))]
    assert history.can_undo and not history.can_redo  # the history is as it was


def test_an_edit_of_another_field_follows_the_activity_to_its_new_week(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    store.week(W48)
    other = Store(store.root)
    other.put(replace(gym, date=date(2026, 12, 1)), replacing=gym)

    RebasedHistory().do(store, Change("rename", gym, replace(gym, title="gym, legs")))

    assert _copies(store, "g1") == [("2026-W49", date(2026, 12, 1))]
    assert Store(store.root).week(W49).items["g1"].title == "gym, legs"


def test_a_delete_of_an_activity_moved_elsewhere_meanwhile_is_refused(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    store.week(W48)
    other = Store(store.root)
    other.put(replace(gym, date=date(2026, 12, 1)), replacing=gym)

    with pytest.raises(StaleEditError):
        RebasedHistory().do(store, Change("delete", gym, None))
    assert _copies(store, "g1") == [("2026-W49", date(2026, 12, 1))]


def test_a_date_moved_to_another_year_meanwhile_is_not_put_back_in_the_old_year(store: Store) -> None:
    eve = SpecialDate("d1", date(2026, 12, 31), "fireworks", 22 * 60, 23 * 60)
    store.put_date(eve)
    store.dates_of(2026)
    other = Store(store.root)
    other.put(replace(eve, date=date(2027, 1, 1)), replacing=eve)

    with pytest.raises(StaleEditError):
        RebasedHistory().do(
            store, Change("move", eve, replace(eve, start=21 * 60, end=22 * 60, date=date(2026, 12, 30)))
        )
    fresh = Store(store.root)
    assert "d1" not in fresh.dates_of(2026).items and fresh.dates_of(2027).items["d1"].date == date(2027, 1, 1)


def test_an_edit_undo_or_redo_that_puts_back_an_item_deleted_elsewhere_names_it(store: Store) -> None:
    idea = Idea("i1", "picnic", "activity")
    store.put_idea(idea)
    history = RebasedHistory()
    history.do(store, Change("notes", idea, replace(idea, notes="by the lake")))
    assert history.brought_back == ()
    Store(store.root).remove(idea)
    reloaded(store)

    history.undo(store)

    assert history.brought_back == ("picnic",)
    assert Store(store.root).ideas().items["i1"].notes == ""
    history.redo(store)
    assert history.brought_back == ()  # it was there again
    pasted = Idea("i2", "museum", "place")
    history.do(store, Change("add", None, pasted))  # a new item is no item brought back
    assert history.brought_back == ()


def _moved_by_another_planner(store: Store, gym: Activity, day: date) -> None:
    other = Store(store.root)
    other.put(replace(gym, date=day), replacing=gym)


def test_an_activity_moved_into_an_unreadable_week_is_refused_and_not_brought_back(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    store.week(W48)
    _moved_by_another_planner(store, gym, date(2026, 12, 9))
    w50 = store.week_path(IsoWeek(2026, 50))
    conflicted = "<<<<<<< HEAD\n" + w50.read_text("utf-8") + "=======\n>>>>>>> theirs\n"
    w50.write_text(conflicted, "utf-8")
    history = RebasedHistory()

    with pytest.raises(ReadOnlyError) as refused:
        history.do(store, Change("rename", gym, replace(gym, title="gym, legs")))

    assert "2026-W50.toml" in str(refused.value) and "conflict" in str(refused.value)
    assert history.brought_back == () and not history.can_undo
    assert "g1" not in Store(store.root).week(W48).items
    assert w50.read_text("utf-8") == conflicted


def test_a_date_moved_into_an_unreadable_year_is_refused(store: Store) -> None:
    eve = SpecialDate("d1", date(2026, 12, 31), "fireworks", 22 * 60, 23 * 60)
    store.put_date(eve)
    store.dates_of(2026)
    Store(store.root).put(replace(eve, date=date(2027, 1, 1)), replacing=eve)
    year = store.dates_path(2027)
    year.write_bytes(year.read_bytes() + b"title = \xff\n")

    with pytest.raises(ReadOnlyError) as refused:
        RebasedHistory().do(store, Change("rename", eve, replace(eve, title="sparklers")))

    assert "2027.toml" in str(refused.value)
    assert "d1" not in Store(store.root).dates_of(2026).items


def test_a_copy_filed_by_hand_in_another_weeks_file_is_refused_naming_it(store: Store) -> None:
    """An editor cut the activity out of its week and pasted it, date unchanged, into
    another week's file: the edit must neither follow it there nor put it back."""
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    store.put_activity(Activity("z9", date(2026, 12, 8), 600, 660, "other", "fitness"))
    store.week(W48)
    w48, w50 = store.week_path(W48), store.week_path(IsoWeek(2026, 50))
    text = w48.read_text("utf-8")
    cut = text.index("[activities.g1]")
    w48.write_text(text[:cut], "utf-8")
    w50.write_text(w50.read_text("utf-8") + "\n" + text[cut:], "utf-8")
    pasted = w50.read_text("utf-8")

    with pytest.raises(ReadOnlyError) as refused:
        RebasedHistory().do(store, Change("rename", gym, replace(gym, title="gym, legs")))

    assert "2026-W50.toml" in str(refused.value) and "is not in 2026-W50" in str(refused.value)
    assert _copies(store, "g1") == [("2026-W50", date(2026, 11, 23))]
    assert w50.read_text("utf-8") == pasted


def test_an_activity_in_two_other_weeks_is_refused_naming_both(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    store.week(W48)
    _moved_by_another_planner(store, gym, date(2026, 12, 9))
    Store(store.root).put_activity(replace(gym, date=date(2026, 12, 2)))

    with pytest.raises(SeveralCopiesError) as refused:
        RebasedHistory().do(store, Change("rename", gym, replace(gym, title="gym, legs")))

    assert "2026-W49.toml" in str(refused.value) and "2026-W50.toml" in str(refused.value)
    assert _copies(store, "g1") == [("2026-W49", date(2026, 12, 2)), ("2026-W50", date(2026, 12, 9))]
    assert all(a.title == "gym" for w, p in store.week_files() for a in Store(store.root).week(w).items.values())


def test_looking_elsewhere_leaves_other_changed_files_to_the_disk_poll(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    run = Activity("r1", date(2026, 12, 8), 600, 660, "run", "fitness")
    store.put_activity(gym)
    store.put_activity(run)
    store.week(W48), store.week(IsoWeek(2026, 50))
    other = Store(store.root)
    other.put_activity(replace(run, title="run, 10k"))
    other.remove_activity(gym)

    RebasedHistory().do(store, Change("mark", gym, replace(gym, done=True)))

    assert store.changed_files() == [store.week_path(IsoWeek(2026, 50))]
    assert store.week(IsoWeek(2026, 50)).items["r1"].title == "run"  # as last read, until the poll reloads it


def test_looking_elsewhere_parses_only_the_files_holding_the_id_and_keeps_none(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    for week in range(1, 40):
        day = IsoWeek(2026, week).monday
        store.put_activity(Activity(f"w{week}", day, 600, 660, "walk", "fitness"))
    store.week(W48)
    _moved_by_another_planner(store, gym, date(2026, 12, 1))
    store.forget()
    store.week(W48)
    parsed: list[str] = []
    read = Store._read

    def counted(self: Store, path: object, *args: object) -> object:
        parsed.append(path.name)  # type: ignore[attr-defined]
        return read(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_read", counted)

    RebasedHistory().do(store, Change("rename", gym, replace(gym, title="gym, legs")))

    assert "2026-W49.toml" in parsed and set(parsed) <= {"2026-W48.toml", "2026-W49.toml"}
    assert [path.name for path in store._cache] == ["2026-W48.toml", "2026-W49.toml"]
    assert Store(store.root).week(W49).items["g1"].title == "gym, legs"


def _hand_edited_week(store: Store, week: IsoWeek, text: str) -> str:
    """A week's file as a person left it in an editor: written as it is."""
    path = store.week_path(week)
    path.write_text(text, "utf-8")
    return text


def test_an_error_on_another_item_of_a_week_does_not_stop_the_edit_following_its_move(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    store.week(W48)
    _moved_by_another_planner(store, gym, date(2026, 12, 1))
    # W50 may hold g1 as far as its bytes tell (an escape), and has errors on other lines
    w50 = _hand_edited_week(
        store,
        IsoWeek(2026, 50),
        '[review]\nnote = 5\n\n[activities.c2]\ndate = 2026-12-09\nstart = "25:99"\nend = "11:00"\n'
        'title = "caf\\u00e9"\ncategory = "friends"\n',
    )
    assert Store(store.root).week(IsoWeek(2026, 50)).readonly

    RebasedHistory().do(store, Change("rename", gym, replace(gym, title="gym, legs")))

    assert _copies(store, "g1") == [("2026-W49", date(2026, 12, 1))]
    assert Store(store.root).week(W49).items["g1"].title == "gym, legs"
    assert store.week_path(IsoWeek(2026, 50)).read_text("utf-8") == w50


def test_an_error_in_the_moved_item_itself_refuses_naming_its_file_and_line(store: Store) -> None:
    gym = Activity("g1", date(2026, 11, 23), 600, 660, "gym", "fitness")
    store.put_activity(gym)
    store.week(W48)
    _moved_by_another_planner(store, gym, date(2026, 12, 1))
    w49 = store.week_path(W49)
    broken = _hand_edited_week(store, W49, w49.read_text("utf-8").replace('start = "10:00"', 'start = "25:99"'))
    assert "25:99" in broken

    with pytest.raises(ReadOnlyError) as refused:
        RebasedHistory().do(store, Change("rename", gym, replace(gym, title="gym, legs")))

    assert "2026-W49.toml:" in str(refused.value) and "activities.g1" in str(refused.value)
    assert "g1" not in Store(store.root).week(W48).items  # not put back where it was
    assert w49.read_text("utf-8") == broken
