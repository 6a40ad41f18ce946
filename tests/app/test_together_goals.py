"""The goals form: one line per category, checked as typed, saved as one undoable edit."""

from __future__ import annotations

from datetime import date

from screens_host import screen_text
from textual.pilot import Pilot
from textual.widgets import Button, Input
from together_support import TogetherHost

from weekplan.app.together.goals_form import GoalsForm, goal_edit
from weekplan.model import Goal
from weekplan.sample import write_sample
from weekplan.store import Store

TODAY = date(2026, 11, 23)


def field_of(form: GoalsForm, category: str) -> Input:
    name = next(field for field, cid, _ in form.lines if cid == category)
    return form.query_one(f"#field-{name}", Input)


async def retype(pilot: Pilot[None], field: Input, text: str) -> None:
    field.focus()
    await pilot.pause()
    await pilot.press("home", "ctrl+k", *text)


def goals_on_disk(store: Store) -> dict[str, Goal]:
    return dict(Store(store.root).goals().items)


async def test_changed_goals_save_as_one_edit_and_undo_as_one(store: Store) -> None:
    write_sample(store, TODAY)
    before = goals_on_disk(store)
    app = TogetherHost(store, lambda _save: GoalsForm(store.config, store.goals().items.values()))
    async with app.run_test(size=(120, 40)) as pilot:
        form = app.screen
        assert isinstance(form, GoalsForm)
        assert field_of(form, "fitness").value == "3×" and field_of(form, "hobby").value == "4 h"
        await retype(pilot, field_of(form, "fitness"), "4x")
        await retype(pilot, field_of(form, "career"), "90 min")
        await retype(pilot, field_of(form, "learning"), "")
        assert "1.5 hours a week" in screen_text(app)
        assert "4 times a week" in screen_text(app)
        await retype(pilot, field_of(form, "friends"), "1")
        assert "1 time a week" in screen_text(app)
        await retype(pilot, field_of(form, "friends"), "2")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [result] = app.results
    edit = goal_edit(store.config, store.goals().items, result)
    assert edit is not None
    assert app.save(edit)
    after = goals_on_disk(store)
    assert after["fitness"].count == 4 and after["career"].hours == 1.5
    assert "learning" not in after
    assert after["hobby"] == before["hobby"] and after["friends"] == before["friends"]
    app.history.undo(store)
    assert goals_on_disk(store) == before


async def test_a_goal_that_is_not_one_is_refused_and_kept(store: Store) -> None:
    app = TogetherHost(store, lambda _save: GoalsForm(store.config, []))
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.screen
        await retype(pilot, field_of(form, "rest"), "lots")
        await retype(pilot, field_of(form, "fitness"), "500")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert app.screen is form and form.query_one("#form-save", Button).disabled
        assert "Like 3× or 4 h" in text and "From 1 to 100 times a week" in text
        assert field_of(form, "rest").value == "lots"
    assert app.results == []


async def test_unchanged_goals_are_no_edit_and_unknown_categories_keep_theirs(store: Store) -> None:
    store.put_goal(Goal("fitness", count=3))
    store.put_goal(Goal("knitting", hours=2))  # no longer in config.toml
    app = TogetherHost(store, lambda _save: GoalsForm(store.config, store.goals().items.values()))
    async with app.run_test(size=(120, 40)) as pilot:
        assert field_of(app.screen, "knitting").value == "2 h"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert goal_edit(store.config, store.goals().items, app.results[0]) is None
