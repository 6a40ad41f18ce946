"""The special date form: from an idea or new, optional times across midnight,
preparation, rating and memory."""

from __future__ import annotations

from datetime import date

import pytest
from screens_host import ScreenHost, screen_text
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from weekplan.app.screens import DateForm
from weekplan.model import Config, Idea, SpecialDate

DAY = date(2026, 12, 4)
HARBOUR = Idea("i-harbour", "Harbour Kitchen", "place", ("cheap",))
POTTERY = Idea("i-pottery", "Pottery class", "activity", ("indoor",))
IDEAS = [POTTERY, HARBOUR]


async def _replace(pilot: Pilot[None], name: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#field-{name}", Input)
    field.focus()
    await pilot.pause()
    await pilot.press("home", "ctrl+k", *text)


def _value(pilot: Pilot[None], name: str) -> str:
    return pilot.app.screen.query_one(f"#field-{name}", Input).value


def _message(pilot: Pilot[None], name: str) -> str:
    return str(pilot.app.screen.query_one(f"#message-{name}", Static).visual)


async def test_planning_from_an_idea_fills_title_and_place_and_links_the_idea() -> None:
    form = DateForm(Config(), IDEAS, day=DAY, start=19 * 60, idea=HARBOUR)
    app = ScreenHost(form)
    async with app.run_test(size=(120, 40)) as pilot:
        assert (_value(pilot, "title"), _value(pilot, "place")) == ("Harbour Kitchen", "Harbour Kitchen")
        assert app.screen.query_one("#field-idea", Select).value == "i-harbour"
        assert _message(pilot, "idea") == "place · cheap"
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert app.results == [
        SpecialDate(form.item_id, DAY, "Harbour Kitchen", 19 * 60, 21 * 60, "Harbour Kitchen", "i-harbour")
    ]


async def test_picking_an_idea_with_the_keyboard_fills_only_empty_fields() -> None:
    app = ScreenHost(DateForm(Config(), IDEAS, day=DAY, start=None))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.focused is app.screen.query_one("#field-idea")  # a new date starts at the idea
        await _replace(pilot, "place", "by the river")
        app.screen.query_one("#field-idea").focus()
        await pilot.press("enter", *"harb", "enter")
        await pilot.pause()
        assert app.screen.query_one("#field-idea", Select).value == "i-harbour"
        assert (_value(pilot, "title"), _value(pilot, "place")) == ("Harbour Kitchen", "by the river")
        await pilot.press("ctrl+s")
        await pilot.pause()

    saved = app.results[0]
    assert (saved.title, saved.place, saved.idea, saved.start, saved.end) == (
        "Harbour Kitchen",
        "by the river",
        "i-harbour",
        None,
        None,
    )


async def test_a_new_date_without_an_idea() -> None:
    app = ScreenHost(DateForm(Config(), IDEAS, day=DAY, start=20 * 60))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", *"Stargazing", "ctrl+s")
        await pilot.pause()
    saved = app.results[0]
    assert (saved.title, saved.idea, saved.status, saved.start, saved.end) == ("Stargazing", "", "planned", 1200, 1320)


async def test_typing_at_the_idea_picker_goes_to_the_title() -> None:
    app = ScreenHost(DateForm(Config(), IDEAS, day=DAY, start=20 * 60))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.focused is app.screen.query_one("#field-idea")
        await pilot.press(*"Stargazing")
        await pilot.pause()
        assert _value(pilot, "title") == "Stargazing"
        assert app.screen.focused is app.screen.query_one("#field-title")
        assert app.screen.query_one("#field-idea", Select).value is Select.NULL
        app.screen.query_one("#field-idea").focus()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert _value(pilot, "title") == "Stargazing!"  # added to, not typed over


async def test_with_no_ideas_yet_a_new_date_starts_at_its_title() -> None:
    app = ScreenHost(DateForm(Config(), [], day=DAY, start=20 * 60))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.focused is app.screen.query_one("#field-title")
        await pilot.press(*"Picnic", "ctrl+s")
        await pilot.pause()
    assert app.results[0].title == "Picnic"


async def test_a_date_may_cross_midnight() -> None:
    app = ScreenHost(DateForm(Config(), [], day=DAY, start=22 * 60))
    async with app.run_test(size=(120, 40)) as pilot:
        await _replace(pilot, "title", "Late show")
        await _replace(pilot, "end", "01:30")
        assert _message(pilot, "end") == "ends the next day"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (app.results[0].start, app.results[0].end) == (22 * 60, 90)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "", "end": "23:00"}, "start", "Give a start for the end time"),
        ({"end": "20:00"}, "end", "Same as the start; change it or leave it empty"),
        ({"date": "2026-11-31"}, "date", "'2026-11-31' is not a date in the calendar"),
        ({"prep": "book the table"}, "prep_days", "How many days before?"),
        ({"prep_days": "3"}, "prep", "Say what to prepare"),
        ({"rating": "6"}, "rating", "A rating from 1 to 5"),
        ({"title": ""}, "title", "Give it a title"),
    ],
)
async def test_problems_are_shown_and_saving_is_refused(changes: dict[str, str], field: str, message: str) -> None:
    app = ScreenHost(DateForm(Config(), [], day=DAY, start=20 * 60))
    async with app.run_test(size=(120, 40)) as pilot:
        await _replace(pilot, "title", "Dinner")
        for name, text in changes.items():
            await _replace(pilot, name, text)
        assert _message(pilot, field) == message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, DateForm)
        for name, text in changes.items():
            assert _value(pilot, name) == text


async def test_rating_memory_status_and_preparation_are_saved() -> None:
    past = SpecialDate("d1", date(2026, 11, 14), "Concert", 20 * 60, 23 * 60, idea="gone-idea", extra={"x": 1})
    app = ScreenHost(DateForm(Config(), IDEAS, day=DAY, start=None, special=past))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.focused is app.screen.query_one("#field-title")
        app.screen.query_one("#field-status").focus()
        await pilot.press("enter", "down", "enter")  # planned -> done
        await _replace(pilot, "rating", "5")
        assert _message(pilot, "rating") == "★★★★★"
        await _replace(pilot, "memory", "the encore in the rain")
        await _replace(pilot, "prep", "buy tickets")
        await _replace(pilot, "prep_days", "30")
        await pilot.press("ctrl+s")
        await pilot.pause()

    saved = app.results[0]
    assert (saved.id, saved.status, saved.rating, saved.memory, saved.prep, saved.prep_days) == (
        "d1",
        "done",
        5,
        "the encore in the rain",
        "buy tickets",
        30,
    )
    assert saved.idea == "gone-idea"  # an idea no longer in the backlog stays linked
    assert saved.extra == {"x": 1}


async def test_escape_returns_nothing() -> None:
    app = ScreenHost(DateForm(Config(), IDEAS, day=DAY, start=None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", *"Picnic", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_idea_titles_and_date_text_are_shown_literally() -> None:
    tricky = Idea("i-x", "[@click=app.quit]Spot", "place")
    other = Idea("i-y", "[red]Walk[/]", "activity")
    special = SpecialDate("d2", DAY, "[b]Surprise[/b]", place="[link=x]here", notes="[@click=app.quit]", idea="i-x")
    app = ScreenHost(DateForm(Config(), [tricky, other], day=DAY, start=None, special=special))
    async with app.run_test(size=(120, 40)) as pilot:
        shown = screen_text(app)
        for text in ("[@click=app.quit]Spot", "[b]Surprise[/b]", "[link=x]here", "[@click=app.quit]"):
            assert text in shown
        app.screen.query_one("#field-idea").focus()
        await pilot.press("enter")  # the list of ideas
        await pilot.pause()
        assert "[red]Walk[/]" in screen_text(app)
        await pilot.press("escape")  # closes the list, not the form
        await pilot.pause()
        assert isinstance(app.screen, DateForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results[0] == special


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_field_fits_on_screen(size: tuple[int, int]) -> None:
    app = ScreenHost(DateForm(Config(), IDEAS, day=DAY, start=19 * 60))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for widget in [*app.screen.query(".field"), app.screen.query_one("#form-save")]:
            assert widget.region.height > 0 and widget.region.bottom <= size[1] - 1, widget.id


async def test_tiny_terminal_scrolls_to_the_focused_field() -> None:
    app = ScreenHost(DateForm(Config(), IDEAS, day=DAY, start=19 * 60))
    async with app.run_test(size=(40, 12)) as pilot:
        await _replace(pilot, "title", "Walk")
        await _replace(pilot, "memory", "windy")
        await pilot.pause()
        memory = app.screen.query_one("#field-memory")
        assert 0 <= memory.region.y < 12 and memory.region.height == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results[0].memory == "windy"
