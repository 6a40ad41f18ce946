"""The mouse on the week grid: dragging an entry moves it, dragging its bottom edge
changes its length; each drag is one edit, and one `u` takes it back."""

from __future__ import annotations

from datetime import date

from planner_support import Notes, make_app

from weekplan.app.planner import PlannerApp
from weekplan.app.week_grid import WeekGrid
from weekplan.model import Activity
from weekplan.store import Store
from weekplan.weeks import IsoWeek


def cell(app: PlannerApp, day_index: int, minute: int) -> tuple[int, int]:
    """Where on the grid (x, y) the day's slot at `minute` is painted."""
    grid = app.grid
    assert grid.week is not None
    x, _ = grid.column_spans()[day_index]  # as painted now: the cursor's day may be wider
    return x + 3, (grid.week.row_of(minute) - grid.top) * grid.lines_per_row + 1


def on_disk(store: Store) -> dict[str, Activity]:
    return dict(Store(store.root).week(IsoWeek(2026, 48)).items)


async def test_dragging_an_entry_moves_it_by_days_and_slots_as_one_edit(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = Notes(app)
        await pilot.mouse_down(WeekGrid, offset=cell(app, 0, 9 * 60))  # gym, Mon 09:00–10:30
        await pilot.hover(WeekGrid, offset=cell(app, 1, 9 * 60 + 30))
        await pilot.hover(WeekGrid, offset=cell(app, 2, 11 * 60))
        # Shown where it would land, saved nowhere while the button is held.
        assert app.grid.selected is not None and app.grid.selected.id == "gym1"
        assert app.grid.cursor_date == date(2026, 11, 25)
        assert on_disk(seeded)["gym1"].date == date(2026, 11, 23)
        await pilot.mouse_up(WeekGrid, offset=cell(app, 2, 11 * 60))
        await pilot.pause()
        gym = on_disk(seeded)["gym1"]
        assert (gym.date, gym.start, gym.end) == (date(2026, 11, 25), 11 * 60, 12 * 60 + 30)
        assert app.grid.selected is not None and app.grid.selected.id == "gym1"
        await pilot.press("u")
        gym = on_disk(seeded)["gym1"]
        assert (gym.date, gym.start, gym.end) == (date(2026, 11, 23), 9 * 60, 10 * 60 + 30)
        await pilot.press("u")  # the drag was one step: nothing older to undo
        assert notes.last == "Nothing to undo"


async def test_dragging_the_bottom_edge_resizes_and_keeps_the_start(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        # gym runs 09:00–10:30: its last line is the 10:00 slot, its bottom edge.
        await pilot.mouse_down(WeekGrid, offset=cell(app, 0, 10 * 60))
        await pilot.hover(WeekGrid, offset=cell(app, 0, 11 * 60))
        await pilot.hover(WeekGrid, offset=cell(app, 0, 11 * 60 + 30))
        await pilot.mouse_up(WeekGrid, offset=cell(app, 0, 11 * 60 + 30))
        await pilot.pause()
        gym = on_disk(seeded)["gym1"]
        assert (gym.date, gym.start, gym.end) == (date(2026, 11, 23), 9 * 60, 12 * 60)
        # Dragged above its start it keeps one slot, never ending before it begins.
        await pilot.mouse_down(WeekGrid, offset=cell(app, 0, 11 * 60 + 30))
        await pilot.hover(WeekGrid, offset=cell(app, 0, 8 * 60))
        await pilot.mouse_up(WeekGrid, offset=cell(app, 0, 8 * 60))
        await pilot.pause()
        gym = on_disk(seeded)["gym1"]
        assert (gym.start, gym.end) == (9 * 60, 9 * 60 + 30)
        await pilot.press("u")
        assert on_disk(seeded)["gym1"].end == 12 * 60
        await pilot.press("u")
        assert on_disk(seeded)["gym1"].end == 10 * 60 + 30


async def test_escape_calls_a_drag_off_and_letting_go_in_place_changes_nothing(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = Notes(app)
        before = on_disk(seeded)
        await pilot.mouse_down(WeekGrid, offset=cell(app, 4, 19 * 60))  # climbing, Fri 19:00–21:00
        await pilot.hover(WeekGrid, offset=cell(app, 5, 20 * 60))
        await pilot.press("escape")
        await pilot.mouse_up(WeekGrid, offset=cell(app, 5, 20 * 60))
        await pilot.pause()
        assert on_disk(seeded) == before
        await pilot.mouse_down(WeekGrid, offset=cell(app, 4, 19 * 60))
        await pilot.hover(WeekGrid, offset=cell(app, 5, 20 * 60))
        await pilot.hover(WeekGrid, offset=cell(app, 4, 19 * 60))  # back where it started
        await pilot.mouse_up(WeekGrid, offset=cell(app, 4, 19 * 60))
        await pilot.pause()
        assert on_disk(seeded) == before
        # The grid shows the week as it is: climbing still on Friday.
        assert app.grid.week is not None and app.grid.week.find("activity", "climb1")[0] == 4
        await pilot.press("u")
        assert notes.last == "Nothing to undo"  # neither drag made an edit


async def test_a_click_moves_the_cursor_and_a_double_click_edits(seeded: Store) -> None:
    from weekplan.app.screens.activity_form import ActivityForm

    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click(WeekGrid, offset=cell(app, 4, 20 * 60))
        assert (app.grid.cursor_date, app.grid.cursor_minute) == (date(2026, 11, 27), 20 * 60)
        await pilot.click(WeekGrid, offset=cell(app, 4, 20 * 60), times=2)
        assert isinstance(app.screen, ActivityForm)


async def test_clicking_panel_items_opens_them(seeded: Store) -> None:
    from weekplan.app.screens.date_form import DateForm
    from weekplan.app.together.goals_form import GoalsForm
    from weekplan.app.together_panel import GoalsView, TogetherPanel

    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        row = panel.row_index("date:dinner1")
        assert row is not None
        y = next(i for i, line in enumerate(panel.text.splitlines()) if "dinner at Lumen" in line)
        await pilot.click(TogetherPanel, offset=(4, y))
        assert isinstance(app.screen, DateForm) and app.screen.special is not None
        assert app.screen.special.id == "dinner1"
        await pilot.press("escape")
        await pilot.click(GoalsView, offset=(2, 0))
        assert isinstance(app.screen, GoalsForm)


async def test_dragging_a_date_and_a_routine_occurrence(seeded: Store) -> None:
    from weekplan.routines import Routine, occurrence_id

    seeded.put_routine(Routine("r1", "yoga", "fitness", (1,), 7 * 60, 8 * 60, date(2026, 11, 3)))
    seeded.forget()
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        # The dinner (Sat 19:00–22:00) an hour earlier, on Friday.
        await pilot.mouse_down(WeekGrid, offset=cell(app, 5, 19 * 60))
        await pilot.hover(WeekGrid, offset=cell(app, 4, 18 * 60))
        await pilot.mouse_up(WeekGrid, offset=cell(app, 4, 18 * 60))
        await pilot.pause()
        dinner = Store(seeded.root).dates().items["dinner1"]
        assert (dinner.date, dinner.start, dinner.end) == (date(2026, 11, 27), 18 * 60, 21 * 60)
        # Tuesday's yoga to Wednesday: that occurrence only, as shift+arrows do.
        app.go_to(date(2026, 11, 24), 7 * 60)
        await pilot.pause()
        await pilot.mouse_down(WeekGrid, offset=cell(app, 1, 7 * 60))
        await pilot.hover(WeekGrid, offset=cell(app, 2, 7 * 60))
        await pilot.mouse_up(WeekGrid, offset=cell(app, 2, 7 * 60))
        await pilot.pause()
        routine = Store(seeded.root).routines().items["r1"]
        assert routine.days == (1,)
        moved = routine.occurrence(date(2026, 11, 24))
        assert moved is not None and moved.date == date(2026, 11, 25)
        assert moved.id == occurrence_id("r1", date(2026, 11, 24))
        await pilot.press("u")
        assert Store(seeded.root).routines().items["r1"].exceptions == {}


async def test_an_all_day_date_drags_to_another_day(seeded: Store) -> None:
    from weekplan.model import SpecialDate

    seeded.put_date(SpecialDate("picnic1", date(2026, 11, 26), "picnic"))
    seeded.forget()
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.grid.move_cursor(row=0)  # the all-day row, scrolled into view
        await pilot.pause()
        assert app.grid.top == 0
        x_thu, _ = app.grid.column_spans()[3]
        x_sun, _ = app.grid.column_spans()[6]
        await pilot.mouse_down(WeekGrid, offset=(x_thu + 3, 1))
        await pilot.hover(WeekGrid, offset=(x_sun + 3, 5))  # any row: it keeps to its day
        await pilot.mouse_up(WeekGrid, offset=(x_sun + 3, 5))
        await pilot.pause()
        picnic = Store(seeded.root).dates().items["picnic1"]
        assert (picnic.date, picnic.start, picnic.end) == (date(2026, 11, 29), None, None)
        await pilot.press("u")
        assert Store(seeded.root).dates().items["picnic1"].date == date(2026, 11, 26)
