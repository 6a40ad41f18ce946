"""config.toml's clock and language, seen on the planner: the grid, the header, the
panel, the forms' notes and the review, while the files keep 19:30 and ISO dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from planner_support import grid_lines, make_app
from textual.widgets import Input

from weekplan.app.planner import PlannerApp
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.date_form import DateForm
from weekplan.app.week_header import WeekHeader
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import IsoWeek


def _field_note(app: object, name: str) -> str:
    return str(app.screen.query_one(f"#message-{name}").render())  # type: ignore[attr-defined]


async def test_a_12_hour_clock_in_the_grid_and_the_forms(seeded: Store) -> None:
    seeded.save_config(replace(seeded.config, clock="12h"))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        lines = grid_lines(app)
        gutters = [line[:5].strip() for line in lines[1:]]
        assert "9am" in gutters and "12pm" in gutters and "7pm" in gutters
        assert not any(g.startswith(("09:", "13:", "19:")) for g in gutters)
        # climbing, Fri 19:00–21:00: its time, as long as the column allows.
        assert any("7:00pm" in line for line in lines) and not any("19:00" in line for line in lines)
        await pilot.press("t", "a")
        assert isinstance(app.screen, ActivityForm)
        assert _field_note(app, "start") == "9:30am"
        assert _field_note(app, "end") == "10:30am"
        # The field itself keeps the time as it is read and written.
        assert app.screen.values()["start"] == "09:30"


async def test_names_in_german_in_the_grid_header_panel_and_forms(seeded: Store) -> None:
    seeded.save_config(replace(seeded.config, language="de"))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        header = grid_lines(app)[0]
        # Too little room for the month: the weekday and day as German writes them.
        assert "Di., 24. " in header and "Do., 26. " in header and "Fr., 27. " in header
        assert app.main.query_one(WeekHeader).label == "Week 48 · 23.–29. Nov. 2026"  # as German writes it
        assert "Sa., 28. Nov." in app.panel.text  # the dinner, coming up
        gutters = [line[:5] for line in grid_lines(app)[1:]]
        assert "09:00" in gutters  # 24 hours, as in Germany
        await pilot.press("right_square_bracket")
        assert app.main.query_one(WeekHeader).label == "Week 49 · 30. Nov.\u2009–\u20096. Dez. 2026"
        await pilot.press("s")
        assert isinstance(app.screen, DateForm)
        assert _field_note(app, "date").startswith("Montag · week 49")


@pytest.mark.parametrize(
    ("language", "across_a_month", "across_a_year"),
    [
        ("fi", "Week 49 · 30.11.–6.12.2026", "Week 53 · 28.12.2026–3.1.2027"),
        (
            "pt_BR",
            "Week 49 · 30 de nov.\u2009–\u20096 de dez. de 2026",  # forty cells: the longest fits alone
            "Week 53 · 28/12/2026\u2009–\u200903/01/2027",
        ),
    ],
)  # where the months named are too long for 40 columns: the months in numbers, with the year
async def test_at_40_columns_the_header_shows_a_shorter_week_whole_with_its_year(
    store: Store, language: str, across_a_month: str, across_a_year: str
) -> None:
    store.save_config(replace(store.config, language=language))
    app = make_app(store)
    async with app.run_test(size=(40, 24)) as pilot:
        header = app.main.query_one(WeekHeader)
        await pilot.press("right_square_bracket")
        assert across_a_month in header.render_line(0).text
        for _ in range(4):
            await pilot.press("right_square_bracket")
        assert across_a_year in header.render_line(0).text


async def test_a_language_set_while_the_planner_is_open_is_used_at_once(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Sat 28 Nov" in app.panel.text
        app.use_config(replace(app.config, language="de", clock="12h"))
        await pilot.pause()
        assert "Sa., 28. Nov." in app.panel.text
        assert "Di., 24. " in grid_lines(app)[0]  # Dienstag: Tue in English


async def test_german_weekend_names_where_the_columns_have_room(seeded: Store) -> None:
    seeded.save_config(replace(seeded.config, language="de"))
    app = make_app(seeded)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        header = grid_lines(app)[0]
        assert "Sa., 28. Nov. " in header and "So., 29. Nov. " in header


async def test_the_date_note_names_the_day_the_form_saves_in_a_week_that_starts_on_sunday(store: Store) -> None:
    """On a Sunday, with the week starting on Sunday, "this sat" in either form is the
    last day of the week on screen: the note beside the field says that day (read from
    the planner's today, not the machine's clock), and saving stores it there."""
    store.save_config(replace(store.config, language="de", first_weekday=6))
    sunday = date(2026, 11, 15)  # "this sat": the 21st, ISO week 47 (the Monday week's is the 14th)
    app = PlannerApp(Store.open(store.root), today=sunday, now=lambda: datetime(2026, 11, 15, 9, 40))
    async with app.run_test(size=(120, 40)) as pilot:
        for key, form in (("s", DateForm), ("a", ActivityForm)):
            await pilot.press(key)
            assert isinstance(app.screen, form)
            app.screen.query_one("#field-title", Input).value = "swim"
            field = app.screen.query_one("#field-date", Input)
            field.focus()
            await pilot.pause()
            await pilot.press("home", "ctrl+k", *"this sat")
            assert _field_note(app, "date").startswith("Samstag · week 47"), _field_note(app, "date")
            await pilot.press("ctrl+s")
            assert not isinstance(app.screen, form)
    saved = Store(store.root)
    assert [a.date for a in saved.week(IsoWeek(2026, 47)).items.values()] == [date(2026, 11, 21)]
    assert [d.date for d in saved.dates().items.values()] == [date(2026, 11, 21)]


async def test_go_to_and_the_date_form_read_the_month_names_the_planner_shows(seeded: Store) -> None:
    from weekplan.app.screens.goto_date import GoToDate

    seeded.save_config(replace(seeded.config, language="de"))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, GoToDate)
        await pilot.press(*"24. Dez.", "enter")
        await pilot.pause()
        assert app.grid.cursor_date == date(2026, 12, 24)
        await pilot.press("s")
        assert isinstance(app.screen, DateForm)
        date_field = app.screen.query_one("#field-date", Input)
        date_field.value = "31. Dez."
        await pilot.pause()
        assert _field_note(app, "date").startswith("Donnerstag · week 53")


@pytest.mark.parametrize(("width", "days"), [(120, ("23日(月)", "28日(土)")), (160, ("11月23日(月)", "11月28日(土)"))])
async def test_japanese_day_headings_are_in_japanese_order(seeded: Store, width: int, days: tuple[str, ...]) -> None:
    """Not "月 23 11月": the day before the month's name read as a slip."""
    seeded.save_config(replace(seeded.config, language="ja"))
    app = make_app(seeded)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        header = grid_lines(app)[0]
    assert all(day in header for day in days), header
    assert "23 11月" not in header
