"""Edits that land on a busy time are made, with a warning toast: a date planned over
an activity, an entry pasted onto another, an entry made twice."""

from __future__ import annotations

from datetime import date

from planner_support import Notes, make_app
from textual.widgets import Input

from weekplan.app.screens.date_form import DateForm
from weekplan.store import Store
from weekplan.weeks import IsoWeek


def titles_on(store: Store, day: date) -> list[str]:
    week = Store(store.root).week(IsoWeek.of(day)).items.values()
    return sorted(a.title for a in week if a.date == day)


async def test_planning_a_date_over_an_activity_warns_and_plans_it(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 27), 19 * 60 + 30)  # Friday, during climbing
        await pilot.press("s")
        assert isinstance(app.screen, DateForm)
        app.screen.query_one("#field-title", Input).focus()
        await pilot.press(*"cinema", "ctrl+s")
        await pilot.pause()
        planned = [d for d in Store(seeded.root).dates().items.values() if d.title == "cinema"]
        assert len(planned) == 1  # a warning, not a block
        assert "overlaps “climbing”" in notes.last and "Fri 27 Nov" in notes.last


async def test_pasting_onto_a_busy_slot_warns_and_pasting_twice_says_so(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 27), 19 * 60)
        await pilot.press("y")  # climbing
        app.go_to(date(2026, 11, 29), 20 * 60)  # Sunday, on reading
        await pilot.press("p")
        assert titles_on(seeded, date(2026, 11, 29)) == ["climbing", "reading"]
        assert "“climbing” overlaps “reading”" in notes.last
        app.go_to(date(2026, 11, 27), 19 * 60)  # back onto the climbing it came from
        await pilot.press("p")
        assert titles_on(seeded, date(2026, 11, 27)) == ["climbing", "climbing"]
        assert "twice" in notes.last and "u undoes" in notes.last
        await pilot.press("u")
        assert titles_on(seeded, date(2026, 11, 27)) == ["climbing"]


async def test_a_free_slot_or_an_edit_in_place_says_nothing(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 27), 19 * 60)
        await pilot.press("y")
        app.go_to(date(2026, 11, 26), 12 * 60)
        await pilot.press("p")
        assert "climbing" in titles_on(seeded, date(2026, 11, 26))
        assert "overlaps" not in notes.last and "twice" not in notes.last
        # The gym and the call overlapped before: marking the gym done is no news.
        app.go_to(date(2026, 11, 23), 9 * 60)
        before = len(notes.messages)
        await pilot.press("space")
        assert not any("overlaps" in m for m in notes.messages[before:])
        # Moving the call within the gym's time still overlaps it: that is said.
        app.go_to(date(2026, 11, 23), 9 * 60 + 30)
        await pilot.press("l")  # the call's lane
        assert app.grid.selected.id == "call1"
        await pilot.press("shift+down")
        assert "“call mum” overlaps “gym”" in notes.last
