"""Text with joined emoji (a family, a skin tone, a red heart, a rainbow flag) is saved
as it was written: the form that shows a title, a paste, and a date planned from an idea
give back every joiner, emoji selector and skin tone it holds."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import activity, make_app
from screens_host import ScreenHost
from textual import events
from textual.widgets import Input, Select

from weekplan.app.screens import DateForm
from weekplan.model import Config, Idea
from weekplan.store import Store
from weekplan.weeks import IsoWeek

FAMILY = "👨\u200d👩\u200d👧"  # man, woman, girl, joined
THUMB = "👍🏽"  # a thumb and a skin tone
HEART = "❤\ufe0f"  # a heart asked to be drawn as an emoji
FLAG = "🏳\ufe0f\u200d🌈"  # white flag, selector, joiner, rainbow
JOINED = [FAMILY, THUMB, HEART, FLAG]


def titles_on_disk(store: Store) -> set[str]:
    return {item.title for item in Store(store.root).week(IsoWeek(2026, 48)).items.values()}


@pytest.mark.parametrize("emoji", JOINED)
async def test_editing_one_character_of_a_title_keeps_its_joined_emoji(store: Store, emoji: str) -> None:
    title = f"{emoji} dinner {emoji}"
    store.put_activity(activity("a1", "2026-11-23", "09:00", "10:00", title))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 23), 9 * 60)
        await pilot.press("e")
        field = app.screen.query_one("#field-title", Input)
        assert field.value == title
        field.focus()
        field.cursor_position = len(field.value)
        await pilot.press("exclamation_mark", "enter")
        await pilot.pause()
    assert titles_on_disk(store) == {title + "!"}


async def test_pasted_text_keeps_its_joined_emoji(store: Store) -> None:
    pasted = " ".join(JOINED) + " cook"
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 23), 9 * 60)
        await pilot.press("a")
        field = app.screen.query_one("#field-title", Input)
        field.focus()
        await pilot.pause()
        app.post_message(events.Paste(pasted))
        await pilot.pause()
        assert field.value == pasted
        await pilot.press("enter")
        await pilot.pause()
    assert titles_on_disk(store) == {pasted}


async def test_a_date_planned_from_an_idea_takes_its_title_as_written() -> None:
    idea = Idea("i-parade", f"{FLAG} parade with {FAMILY} {THUMB} {HEART}", "activity", ())
    app = ScreenHost(DateForm(Config(), [idea], day=date(2026, 12, 4), start=None))
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#field-idea").focus()
        await pilot.press("enter", *"par", "enter")
        await pilot.pause()
        assert app.screen.query_one("#field-idea", Select).value == "i-parade"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results[0].title == idea.title
