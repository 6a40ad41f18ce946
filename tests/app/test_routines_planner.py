"""Routines in the planner: "this one or all from now on" when an occurrence is edited
or deleted, undo and redo of each, and routines that vanished from the file meanwhile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner_support import Notes, make_app
from textual.widgets import Input, Static

from weekplan.app.planner import PlannerApp
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.confirm import ConfirmScreen
from weekplan.app.screens.occurrence_scope import OccurrenceScope
from weekplan.app.screens.routine_form import RoutineForm
from weekplan.routines import Routine, occurrence_id
from weekplan.store import Store
from weekplan.weeks import parse_time

GYM_ID = "9a1c2b7d4e3f"
MON, WED, FRI = date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 27)


def gym(**changes: object) -> Routine:
    routine = Routine(GYM_ID, "gym", "fitness", (0, 2, 4), parse_time("09:00"), parse_time("10:00"), date(2026, 11, 2))
    return routine if not changes else Routine(**{**routine.__dict__, **changes})  # type: ignore[arg-type]


def stored(root: Path) -> dict[str, Routine]:
    """routines.toml as another program reads it."""
    return dict(Store(root).routines().items)


def with_gym(store: Store) -> Store:
    store.put_routine(gym())
    store.forget()
    return store


async def select_occurrence(app: PlannerApp, pilot: object, day: date) -> None:
    app.go_to(day, parse_time("09:00"))
    app.grid.select("activity", occurrence_id(GYM_ID, day))
    assert app.grid.selected is not None and app.grid.selected.id == occurrence_id(GYM_ID, day)


async def retitle_in_form(app: PlannerApp, pilot: object, title: str) -> None:
    await pilot.press("e")  # type: ignore[attr-defined]
    assert isinstance(app.screen, ActivityForm)
    app.screen.query_one("#field-title", Input).value = title
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]


async def test_editing_one_occurrence_asks_and_stores_an_exception_for_that_day_only(store: Store) -> None:
    app = make_app(with_gym(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await retitle_in_form(app, pilot, "swim")
        assert isinstance(app.screen, OccurrenceScope)
        await pilot.press("o")
        assert not isinstance(app.screen, OccurrenceScope)

        routine = stored(store.root)[GYM_ID]
        assert routine.title == "gym"
        assert routine.exceptions[WED].title == "swim"
        assert routine.occurrence(FRI).title == "gym"  # type: ignore[union-attr]
        assert app.grid.selected is not None and app.grid.selected.title == "swim"

        await pilot.press("u")
        assert stored(store.root)[GYM_ID].exceptions == {}
        await pilot.press("ctrl+r")
        assert stored(store.root)[GYM_ID].exceptions[WED].title == "swim"


async def test_editing_all_from_now_on_ends_the_routine_and_starts_a_new_one_undoably(store: Store) -> None:
    app = make_app(with_gym(store))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await retitle_in_form(app, pilot, "swim")
        await pilot.press("a")

        routines = stored(store.root)
        assert routines[GYM_ID].last == date(2026, 11, 24)
        (carried,) = [r for r in routines.values() if r.id != GYM_ID]
        assert (carried.title, carried.first, carried.days) == ("swim", WED, (0, 2, 4))
        assert "from Wed 25 Nov on" in notes.last
        shown = {a.title for a in app.week_activities if a.date >= WED}
        assert shown == {"swim"}

        await pilot.press("u")
        assert stored(store.root) == {GYM_ID: gym()}
        assert {a.title for a in app.week_activities} == {"gym"}

        await pilot.press("ctrl+r")
        again = stored(store.root)
        assert set(again) == {GYM_ID, carried.id}  # the same new routine, not another copy
        assert again[carried.id].title == "swim"


async def test_all_from_now_on_onto_a_day_the_routine_has_is_refused_with_a_message(store: Store) -> None:
    app = make_app(with_gym(store))
    notes = Notes(app)
    before = store.routines_path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await pilot.press("e")
        assert isinstance(app.screen, ActivityForm)
        app.screen.query_one("#field-date", Input).value = FRI.isoformat()
        await pilot.press("ctrl+s")
        await pilot.press("a")
        assert "already happens on Fridays" in notes.last
    assert store.routines_path.read_bytes() == before


async def test_escape_at_the_question_goes_back_to_the_form_with_what_was_typed(store: Store) -> None:
    app = make_app(with_gym(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await retitle_in_form(app, pilot, "swim")
        await pilot.press("escape")
        assert isinstance(app.screen, ActivityForm)
        assert app.screen.query_one("#field-title", Input).value == "swim"
        await pilot.press("escape")
        assert stored(store.root) == {GYM_ID: gym()}


async def test_deleting_this_one_removes_that_day_only_and_undo_brings_it_back(store: Store) -> None:
    app = make_app(with_gym(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await pilot.press("x")
        assert isinstance(app.screen, OccurrenceScope)
        await pilot.press("o")

        routine = stored(store.root)[GYM_ID]
        assert routine.exceptions[WED].removed
        assert [a.date for a in app.week_activities] == [MON, FRI]

        await pilot.press("u")
        assert stored(store.root)[GYM_ID].exceptions == {}
        assert [a.date for a in app.week_activities] == [MON, WED, FRI]


async def test_deleting_all_from_now_on_asks_for_confirmation_and_is_undoable(store: Store) -> None:
    app = make_app(with_gym(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await pilot.press("x")
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # kept after all
        assert stored(store.root) == {GYM_ID: gym()}

        await pilot.press("x")
        await pilot.press("a")
        await pilot.press("y")
        assert stored(store.root)[GYM_ID].last == date(2026, 11, 24)
        assert [a.date for a in app.week_activities] == [MON]

        await pilot.press("u")
        assert stored(store.root) == {GYM_ID: gym()}
        await pilot.press("ctrl+r")
        assert stored(store.root)[GYM_ID].last == date(2026, 11, 24)


async def test_deleting_all_from_the_first_occurrence_removes_the_routine(store: Store) -> None:
    store.put_routine(gym(first=WED))
    store.forget()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await pilot.press("x", "a", "y")
        assert stored(store.root) == {}
        await pilot.press("u")
        assert stored(store.root) == {GYM_ID: gym(first=WED)}


async def test_keys_change_one_occurrence_without_asking(store: Store) -> None:
    app = make_app(with_gym(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await pilot.press("space", "shift+down", "shift+down", "greater_than_sign")
        assert not isinstance(app.screen, OccurrenceScope)
        change = stored(store.root)[GYM_ID].exceptions[WED]
        assert (change.done, change.start, change.end) == (True, parse_time("10:00"), parse_time("11:30"))
        assert stored(store.root)[GYM_ID].occurrence(FRI).start == parse_time("09:00")  # type: ignore[union-attr]


async def test_a_routine_removed_on_disk_is_a_message_not_a_traceback(store: Store) -> None:
    app = make_app(with_gym(store))
    # The edits below must meet the removal, not a reload that a slow run lets the
    # disk watcher do first (the watcher's reloads have their own tests).
    app.DISK_POLL_SECONDS = 3600
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await select_occurrence(app, pilot, WED)
        await pilot.press("x", "a", "y")
        Store(store.root).remove_routine(gym(last=date(2026, 11, 24)))  # another program removes it
        assert stored(store.root) == {}

        await pilot.press("u")
        assert "no longer in routines.toml" in notes.last
        assert stored(store.root) == {}  # nothing brought back half-way

        # And an occurrence edit when the routine is gone: the store's LookupError, shown.
        store.put_routine(gym())
        store.forget()
        app.refresh_view()
        await select_occurrence(app, pilot, WED)
        Store(store.root).remove_routine(gym())
        await pilot.press("space")
        assert "no longer part of a routine" in notes.last
        assert stored(store.root) == {}


async def test_R_opens_a_routine_form_on_the_cursor_day_and_saving_adds_it_undoably(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(WED, parse_time("18:00"))
        await pilot.press("R")
        form = app.screen
        assert isinstance(form, RoutineForm)
        assert form.query_one("#field-days", Input).value == "wed"
        assert form.query_one("#field-first", Input).value == "2026-11-25"
        assert form.query_one("#field-start", Input).value == "18:00"
        form.query_one("#field-title", Input).value = "choir"
        form.query_one("#field-days", Input).value = "mon wed"
        form.query_one("#field-end", Input).value = "1h30"
        form.query_one("#field-category", Input).value = "hob"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, RoutineForm)

        (routine,) = stored(store.root).values()
        assert (routine.title, routine.days, routine.category) == ("choir", (0, 2), "hobby")
        assert (routine.start, routine.end, routine.first) == (parse_time("18:00"), parse_time("19:30"), WED)
        assert [(a.date, a.title) for a in app.week_activities] == [(WED, "choir")]
        assert app.grid.selected is not None and app.grid.selected.title == "choir"

        await pilot.press("u")
        assert stored(store.root) == {}
        await pilot.press("ctrl+r")
        assert stored(store.root) == {routine.id: routine}


async def test_the_routine_form_says_what_is_wrong_and_keeps_what_was_typed(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")
        form = app.screen
        assert isinstance(form, RoutineForm)
        form.query_one("#field-title", Input).value = "choir"
        form.query_one("#field-days", Input).value = "mon funday"
        await pilot.pause()
        assert "'funday' is not a day" in str(form.query_one("#message-days", Static).content)
        await pilot.press("ctrl+s")
        assert app.screen is form  # not saved
        assert form.query_one("#field-title", Input).value == "choir"
        await pilot.press("escape")
        assert stored(store.root) == {}


async def test_new_routine_is_in_the_palette_and_the_help(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        names = [name for name, _help, _run in app.palette_commands()]
        assert "New routine…" in names
        assert ("R", "New routine…", "week grid") in app.help_rows()


async def test_search_finds_a_routine_and_n_jumps_to_its_next_occurrence(store: Store) -> None:
    app = make_app(with_gym(store))
    async with app.run_test(size=(120, 40)) as pilot:
        app.last_query = "gym"
        app.go_to(date(2026, 12, 14), parse_time("12:00"))
        await pilot.press("n")
        selected = app.grid.selected
        assert selected is not None and selected.id == occurrence_id(GYM_ID, MON)  # the next one from today
