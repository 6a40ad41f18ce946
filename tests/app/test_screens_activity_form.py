"""The activity form: typing, checking as you type, refusing to save, keeping text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from screens_host import ScreenHost, screen_text
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Select, Static

from weekplan.app.screens import ActivityForm
from weekplan.app.screens.form_base import REFUSED
from weekplan.model import Activity, Config, PartnerSettings
from weekplan.store import Store

FRIDAY = date(2026, 11, 27)


def _new_form() -> ActivityForm:
    return ActivityForm(Config(), day=FRIDAY, start=19 * 60)


async def _replace(pilot: Pilot[None], name: str, text: str) -> None:
    """Go to a field and type over what is in it, as a person would."""
    field = pilot.app.screen.query_one(f"#field-{name}", Input)
    field.focus()
    await pilot.pause()
    await pilot.press("home", "ctrl+k", *text)


def _message(pilot: Pilot[None], name: str) -> Static:
    return pilot.app.screen.query_one(f"#message-{name}", Static)


def _values(pilot: Pilot[None]) -> dict[str, str]:
    return {field.id or "": field.value for field in pilot.app.screen.query(Input)}


async def test_typing_a_new_activity_returns_it() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        form = app.screen
        assert isinstance(form, ActivityForm)
        await pilot.press(*"Climbing")
        await pilot.press("tab", "tab", "tab", "tab")  # date, start, end (filled in) to category
        await pilot.press(*"fri")
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert app.results == [Activity(form.item_id, FRIDAY, 19 * 60, 20 * 60, "Climbing", "friends")]
    assert re.fullmatch(r"[0-9a-f]{12}", form.item_id)


async def test_a_new_form_starts_on_the_cursor_with_an_hour_that_stays_in_the_day() -> None:
    app = ScreenHost(ActivityForm(Config(), day=FRIDAY, start=23 * 60 + 30))
    async with app.run_test(size=(120, 40)) as pilot:
        values = _values(pilot)
        assert (values["field-date"], values["field-start"], values["field-end"]) == ("2026-11-27", "23:30", "24:00")
        assert isinstance(app.screen.focused, Input) and app.screen.focused.id == "field-title"


async def test_enter_saves_a_valid_form_at_once() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Run", "enter")  # a title is all a new activity needs
        await pilot.pause()
    assert [(a.title, a.date, a.start, a.end, a.category) for a in app.results] == [
        ("Run", FRIDAY, 19 * 60, 20 * 60, "")
    ]


async def test_enter_in_any_field_saves_when_valid_and_says_why_not_otherwise() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # nothing typed yet: refused, and said at once
        await pilot.pause()
        assert isinstance(app.screen, ActivityForm)
        assert str(_message(pilot, "title").visual) == "Give it a title"
        assert str(app.screen.query_one("#form-status", Static).visual) == REFUSED
        await pilot.press(*"Run")
        await _replace(pilot, "date", "31 feb")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert app.screen.focused is app.screen.query_one("#field-date")
        assert str(_message(pilot, "date").visual) == "'31 feb' is not a date in the calendar"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", *"next fri")
        await _replace(pilot, "end", "1h30")
        await pilot.press("enter")
        await pilot.pause()
    saved = app.results[0]
    assert (saved.title, saved.date, saved.start, saved.end) == ("Run", date(2026, 12, 4), 19 * 60, 20 * 60 + 30)


async def test_focusing_a_field_does_not_select_its_text() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "x")  # one key press in the date field must not wipe it
        assert _values(pilot)["field-date"] == "2026-11-27x"
        await pilot.press("shift+tab", "tab", "backspace")
        assert _values(pilot)["field-date"] == "2026-11-27"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("date", "2026-02-30", "'2026-02-30' is not a date in the calendar"),
        ("date", "next blursday", "'next blursday' is not a date I can read (like 24 dec or 2026-12-24)"),
        ("start", "25:00", "'25:00' is not a time of day (00:00 to 24:00)"),
        ("start", "24:00", "'24:00' is not a time of day to start at (00:00 to 23:59)"),
        ("start", "7", "'7' is not a time I can read (like 19:30 or 7:30pm)"),
        ("end", "18:30", "Must end after 19:00"),
        ("end", "19:00", "Must end after 19:00"),
        ("category", "f", "Could be fitness or friends"),
        ("category", "zzz", "No category 'zzz'"),
    ],
)
async def test_each_problem_shows_beside_its_field_as_you_type_and_blocks_saving(
    name: str, text: str, message: str
) -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Climbing")
        await _replace(pilot, "category", "hobby")
        assert str(_message(pilot, "category").visual) == "Hobby"
        assert not app.screen.query_one("#form-save", Button).disabled

        await _replace(pilot, name, text)

        shown = _message(pilot, name)
        assert str(shown.visual) == message
        assert shown.has_class("-error")
        assert app.screen.query_one("#form-save", Button).disabled
        typed = _values(pilot)

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActivityForm)
        assert app.results == []
        assert str(app.screen.query_one("#form-status", Static).visual) == REFUSED
        assert _values(pilot) == typed  # nothing typed is lost
        assert _values(pilot)[f"field-{name}"] == text
        assert app.screen.focused is app.screen.query_one(f"#field-{name}")


async def test_an_empty_title_is_flagged_once_touched_or_on_save() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        assert str(_message(pilot, "title").visual) == ""  # a fresh form does not scold
        assert app.screen.query_one("#form-save", Button).disabled
        await pilot.press("x", "backspace")
        assert str(_message(pilot, "title").visual) == "Give it a title"

    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(_message(pilot, "title").visual) == "Give it a title"
        category = _message(pilot, "category")
        assert str(category.visual) == "none: your own time, in a neutral colour"  # not a problem
        assert not category.has_class("-error")
        assert app.results == []


async def test_fixing_the_problem_lets_it_save_with_everything_typed() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Sketching")
        await _replace(pilot, "end", "18:00")
        await _replace(pilot, "category", "hob")
        await _replace(pilot, "notes", "bring pencils")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        await _replace(pilot, "end", "21:15")
        assert str(_message(pilot, "end").visual) == "21:15 · 2 h 15 min"
        await pilot.press("ctrl+s")
        await pilot.pause()

    saved = app.results[0]
    assert (saved.title, saved.end, saved.category, saved.notes) == (
        "Sketching",
        21 * 60 + 15,
        "hobby",
        "bring pencils",
    )


async def test_escape_returns_nothing_even_with_text_typed() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Half typed", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_editing_keeps_the_id_and_what_the_form_does_not_show() -> None:
    old = Activity("abc123", FRIDAY, 600, 660, "Run", "fitness", skipped=True, notes="n", extra={"mood": "ok"})
    app = ScreenHost(ActivityForm(Config(), day=date(2030, 1, 1), start=0, activity=old))
    async with app.run_test(size=(120, 40)) as pilot:
        values = _values(pilot)
        assert (values["field-title"], values["field-start"], values["field-category"]) == ("Run", "10:00", "fitness")
        await pilot.press(*" long")  # the title is not selected on focus: typing adds to it
        await _replace(pilot, "date", "2026-12-01")
        app.screen.query_one("#field-done", Checkbox).focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()

    saved = app.results[0]
    assert (saved.id, saved.title, saved.date, saved.done, saved.skipped) == (
        "abc123",
        "Run long",
        date(2026, 12, 1),
        True,
        True,
    )
    assert saved.extra == {"mood": "ok"}


def stressed(choices: Static) -> list[str]:
    """The category ids the list under the field stresses."""
    content = choices.visual
    assert isinstance(content, Content)
    return [content.plain[span.start : span.end] for span in content.spans if "reverse" in str(span.style)]


async def test_the_category_choices_are_listed_and_the_match_named() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)) as pilot:
        choices = app.screen.query_one("#category-choices", Static)
        assert "fitness · friends · hobby · career · learning · new · rest · together" in str(choices.visual)
        assert stressed(choices) == []
        await _replace(pilot, "category", "Something")
        assert str(_message(pilot, "category").visual) == "Something new"
        assert stressed(choices) == ["new"]  # the list follows what is typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []  # still no title


@pytest.mark.parametrize("title", ["[red]x[/]", "[@click=app.quit]go", "[b]bold[/b] 日本語 🎉"])
async def test_user_text_is_shown_and_returned_literally(title: str) -> None:
    old = Activity("m1", FRIDAY, 600, 660, title, "fitness", notes=f"notes {title}")
    app = ScreenHost(ActivityForm(Config(), day=FRIDAY, start=600, activity=old))
    async with app.run_test(size=(120, 40)) as pilot:
        shown = screen_text(app)
        assert title in shown
        assert f"notes {title}" in shown
        typed = "[i]zz[/i] [@click=app.quit]"
        await _replace(pilot, "category", typed)
        assert str(_message(pilot, "category").visual) == f"No category {typed!r}"
        assert f"No category {typed!r}" in screen_text(app)
        await _replace(pilot, "category", "rest")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results[0].title == title


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_field_and_the_save_button_fit_on_screen(size: tuple[int, int]) -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        for widget in [*screen.query(".field"), screen.query_one("#form-save")]:
            region = widget.region
            assert region.width > 0 and region.height > 0, widget.id
            assert region.right <= size[0] and region.bottom <= size[1] - 1, widget.id  # above the footer


async def test_tiny_terminal_still_works_from_the_keyboard() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press(*"Nap", "tab", "tab", "tab", "tab", *"rest", "ctrl+s")
        await pilot.pause()
    assert app.results[0].title == "Nap" and app.results[0].category == "rest"


async def test_the_category_of_an_earlier_activity_with_the_title_is_suggested(store: Store) -> None:
    store.put_activity(Activity("old", date(2026, 11, 16), 19 * 60, 20 * 60, "Climbing", "friends"))
    app = ScreenHost(_new_form())
    app.store = store  # type: ignore[attr-defined]  # where the planner keeps it
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"climbing")
        category = app.screen.query_one("#field-category", Input)
        assert category.value == "" and category.placeholder == "friends (as before)"
        assert str(_message(pilot, "category").visual) == "friends, as before with this title"
        await pilot.press(*"x")  # another title: no suggestion
        assert category.placeholder != "friends (as before)"
        await pilot.press("backspace", "enter")
        await pilot.pause()
    assert [(a.title, a.category) for a in app.results] == [("climbing", "friends")]


async def test_editing_an_activity_without_a_category_suggests_none(store: Store) -> None:
    store.put_activity(Activity("old", date(2026, 11, 16), 19 * 60, 20 * 60, "Climbing", "friends"))
    plain = Activity("new", FRIDAY, 19 * 60, 20 * 60, "climbing", "")
    app = ScreenHost(ActivityForm(Config(), day=FRIDAY, start=0, activity=plain))
    app.store = store  # type: ignore[attr-defined]
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.query_one("#field-category", Input).placeholder == "none, or an id or name"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [plain]  # saved as it was: no category chosen for it


PARTNERED = Config(partner=PartnerSettings("Alex", "/srv/together.git"))


async def test_without_a_partner_there_is_no_share_field() -> None:
    app = ScreenHost(_new_form())
    async with app.run_test(size=(120, 40)):
        assert not app.screen.query("#field-share")
        assert "Partner" not in screen_text(app)


async def test_with_a_partner_the_form_says_how_much_the_partner_sees() -> None:
    old = Activity("abc123", FRIDAY, 600, 660, "Choir", "hobby", share="title")
    app = ScreenHost(ActivityForm(PARTNERED, day=FRIDAY, start=0, activity=old))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Partner     sees the title too" in screen_text(app)
        choice = app.screen.query_one("#field-share", Select)
        assert choice.value == "title"
        choice.focus()
        await pilot.press("enter", "down", "enter")  # open the list, one down: nothing
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results[0].share == "none"
    assert app.results[0].title == "Choir"


async def test_a_new_activity_is_busy_only_unless_changed() -> None:
    app = ScreenHost(ActivityForm(PARTNERED, day=FRIDAY, start=19 * 60))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Climbing", "ctrl+s")
        await pilot.pause()
    assert app.results[0].share == "busy"


async def test_the_routine_form_sets_the_routines_share_and_keeps_the_rest() -> None:
    from weekplan.app.screens.routine_form import RoutineForm
    from weekplan.routines import Routine

    old = Routine("gym", "Gym", "fitness", (0,), 420, 480, FRIDAY, notes="n", uid="cal-1")
    app = ScreenHost(RoutineForm(PARTNERED, day=FRIDAY, start=0, routine=old))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Partner     sees you are busy" in screen_text(app)
        app.screen.query_one("#field-share", Select).focus()
        await pilot.press("enter", "down", "enter", "ctrl+s")
        await pilot.pause()
    saved = app.results[0]
    assert (saved.share, saved.uid, saved.notes, saved.title) == ("title", "cal-1", "n", "Gym")
