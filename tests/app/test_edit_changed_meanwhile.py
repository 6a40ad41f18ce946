"""An entry's form saved after another program (a second planner on the same folder,
a sync, an editor) changed the same field meanwhile: the form stays open with what was
typed and says why; saving again puts the form's changes over the new version, and
keeps what the other program changed in the fields the form left alone."""

from __future__ import annotations

from datetime import date

from planner_support import Notes, activity, make_app
from textual.widgets import Input, Static

from weekplan.app.screens.activity_form import ActivityForm
from weekplan.model import Activity
from weekplan.rebased_history import changes_over
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)
RUN = activity("run1", "2026-11-25", "10:00", "11:00", "long run")


def stored(store: Store) -> list[Activity]:
    return list(Store(store.root).week(W48).items.values())


async def test_a_form_saved_over_a_change_made_meanwhile_keeps_what_was_typed(store: Store) -> None:
    store.put_activity(RUN)
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(RUN.date, RUN.start)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ActivityForm)
        form.query_one("#field-title", Input).value = "long run by the river"
        await pilot.pause()  # as if typed: the form has checked it
        # Another planner renames it and moves it an hour later, meanwhile.
        Store(store.root).put_activity(replace(RUN, title="long run, 15 km", start=11 * 60, end=12 * 60))

        await pilot.press("ctrl+s")
        assert app.screen is form  # still open, with what was typed
        assert form.query_one("#field-title", Input).value == "long run by the river"
        status = str(form.query_one("#form-status", Static).content)
        assert "'long run, 15 km' was changed meanwhile by another program" in status
        assert "Save again to put your changes over its new version" in status
        assert [a.title for a in stored(store)] == ["long run, 15 km"]
        assert not any("please make the change again" in m for m in notes.messages)

        await pilot.press("ctrl+s")
        assert app.screen is app.main
        # The title typed here; the time the other planner chose, which the form left alone.
        assert stored(store) == [replace(RUN, title="long run by the river", start=11 * 60, end=12 * 60)]
        await pilot.press("u")  # undo goes back to the other planner's version
        assert stored(store) == [replace(RUN, title="long run, 15 km", start=11 * 60, end=12 * 60)]


async def test_escape_after_such_a_refusal_keeps_the_other_programs_version(store: Store) -> None:
    store.put_activity(RUN)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(RUN.date, RUN.start)
        await pilot.press("e")
        form = app.screen
        form.query_one("#field-title", Input).value = "long run by the river"
        await pilot.pause()  # as if typed: the form has checked it
        Store(store.root).put_activity(replace(RUN, title="long run, 15 km"))
        await pilot.press("ctrl+s")
        assert app.screen is form
        await pilot.press("escape")
        assert app.screen is app.main
    assert [a.title for a in stored(store)] == ["long run, 15 km"]


def test_changes_over_takes_the_fields_changed_here_and_keeps_the_others() -> None:
    theirs = replace(RUN, title="long run, 15 km", notes="bring water", start=11 * 60, end=12 * 60)
    mine = replace(RUN, title="long run by the river", done=True)
    assert changes_over(RUN, mine, theirs) == replace(theirs, title="long run by the river", done=True)
    # Fields that do not go together (this start after their end): this edit's times whole.
    later = replace(RUN, start=12 * 60 + 30, end=13 * 60)
    assert changes_over(RUN, later, replace(RUN, end=10 * 60 + 30)) == later
    assert changes_over(RUN, RUN, theirs) == theirs


async def test_a_form_saved_after_the_entry_was_moved_and_edited_elsewhere_lands_once(store: Store) -> None:
    """The other planner moved it to the next week and renamed it: saving again puts
    the typed title on it there, with no second copy left in this week."""
    store.put_activity(RUN)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(RUN.date, RUN.start)
        await pilot.press("e")
        form = app.screen
        form.query_one("#field-title", Input).value = "long run by the river"
        await pilot.pause()  # as if typed: the form has checked it
        moved = replace(RUN, title="long run, 15 km", date=date(2026, 12, 2))
        Store(store.root).put_activity(moved, replacing=RUN)
        await pilot.press("ctrl+s")
        assert app.screen is form
        await pilot.press("ctrl+s")
        assert app.screen is app.main
    fresh = Store(store.root)
    assert fresh.week(W48).items == {}
    assert list(fresh.week(IsoWeek(2026, 49)).items.values()) == [replace(moved, title="long run by the river")]
