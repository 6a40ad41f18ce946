"""Every key of the planner, pressed through Pilot, checked on screen and on disk."""

from __future__ import annotations

from datetime import date, datetime

from planner_support import TODAY, Notes, activity, grid_text, make_app
from textual.pilot import Pilot
from textual.widgets import Input

from weekplan.app.planner import PlannerApp
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.date_form import DateForm
from weekplan.app.screens.goto_date import GoToDate
from weekplan.app.screens.help_screen import HelpScreen
from weekplan.app.screens.search_screen import SearchScreen
from weekplan.app.together.review_screen import ReviewScreen
from weekplan.app.together_panel import GoalsView
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import IsoWeek


def on_disk(store: Store, week: str) -> dict[str, Activity]:
    return Store(store.root).week(IsoWeek.parse(week)).items


def dates_on_disk(store: Store) -> dict[str, SpecialDate]:
    return Store(store.root).dates().items


async def test_starts_on_this_week_with_the_cursor_on_today_and_now(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)):
        grid = app.grid
        assert app.first_day == TODAY
        assert grid.cursor_date == TODAY
        assert grid.cursor_minute == 9 * 60 + 30  # the slot holding 09:40
        assert grid.has_focus
        text = grid_text(app)
        # Monday (two entries overlap there) is widened for the cursor; the others are
        # narrower, and every heading takes the form they have room for: a weekday
        # that names one day only ("T" would be Tuesday and Thursday) before the month.
        assert "Mon 23 " in text and "Thu 26 " in text and "Sun 29 " in text and "Mon 23 Nov" not in text
        assert "climbing" in text and "06:00" in text  # the run before the day is shown


async def test_cursor_keys_move_by_day_and_slot(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        grid = app.grid
        await pilot.press("k", "l", "l", "right")  # 09:00, where only one entry is
        assert grid.cursor_date == date(2026, 11, 26)
        await pilot.press("h", "left")
        assert grid.cursor_date == date(2026, 11, 24)
        await pilot.press("j", "down")
        assert grid.cursor_minute == 10 * 60
        await pilot.press("k", "up", "up")
        assert grid.cursor_minute == 8 * 60 + 30
        for _ in range(10):
            await pilot.press("h")
        assert grid.cursor_date == TODAY  # stops at the first day
        for _ in range(60):
            await pilot.press("j")
        assert grid.cursor_minute == 22 * 60 + 30  # and at the last slot


async def test_left_and_right_step_through_overlapping_entries(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        grid = app.grid
        assert grid.selected is not None and grid.selected.id == "gym1"
        await pilot.press("l")
        assert grid.selected.id == "call1" and grid.cursor_date == TODAY
        await pilot.press("l")
        assert grid.cursor_date == date(2026, 11, 24) and grid.selected is None
        await pilot.press("h")
        assert grid.cursor_date == TODAY


async def test_week_keys_today_and_go_to(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        assert app.first_day == date(2026, 11, 30)
        assert "Week 49" in app.main.query_one("#header").render_line(0).text
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.first_day == date(2026, 11, 16)
        assert "pottery" in grid_text(app)
        await pilot.press("t")
        assert app.first_day == TODAY and app.grid.cursor_date == TODAY
        await pilot.press("g")
        assert isinstance(app.screen, GoToDate)
        await pilot.press(*"2026-12-25", "enter")
        assert app.first_day == date(2026, 12, 21)
        assert app.grid.cursor_date == date(2026, 12, 25)


async def test_add_opens_the_form_filled_with_the_cursor_and_saves(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "l", "j", "j", "j", "a")  # Tue 24, 10:30
        form = app.screen
        assert isinstance(form, ActivityForm)
        assert form.query_one("#field-date", Input).value == "2026-11-24"
        assert form.query_one("#field-start", Input).value == "10:30"
        await pilot.press(*"piano")
        form.query_one("#field-category", Input).focus()
        await pilot.press(*"hob", "ctrl+s")
        assert app.screen is app.main
        saved = [a for a in on_disk(seeded, "2026-W48").values() if a.title == "piano"]
        assert len(saved) == 1 and saved[0].category == "hobby" and saved[0].start == 10 * 60 + 30
        assert app.grid.selected is not None and app.grid.selected.title == "piano"
        assert "piano" in grid_text(app)


async def test_s_plans_a_special_date_at_the_cursor(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "l", "l", "s")
        assert isinstance(app.screen, DateForm)
        app.screen.query_one("#field-title", Input).focus()
        await pilot.press(*"stargazing", "ctrl+s")
        found = [d for d in dates_on_disk(seeded).values() if d.title == "stargazing"]
        assert len(found) == 1 and found[0].date == date(2026, 11, 25)
        assert "♥ starga" in grid_text(app)  # cut to the column


async def test_enter_and_e_edit_what_is_under_the_cursor(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, ActivityForm) and form.activity is not None and form.activity.id == "gym1"
        title = form.query_one("#field-title", Input)
        title.value = "gym and sauna"
        await pilot.press("ctrl+s")
        assert on_disk(seeded, "2026-W48")["gym1"].title == "gym and sauna"
        # e on a special date opens the date form with it.
        app.go_to(date(2026, 11, 28), 19 * 60)
        await pilot.press("e")
        assert isinstance(app.screen, DateForm) and app.screen.special.id == "dinner1"
        await pilot.press("escape")
        # Enter on an empty cell adds there.
        await pilot.press("l", "enter")
        assert isinstance(app.screen, ActivityForm) and app.screen.activity is None


async def test_delete_undo_redo(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert "gym1" not in on_disk(seeded, "2026-W48")
        assert "u brings it back" in notes.last
        await pilot.press("u")
        assert on_disk(seeded, "2026-W48")["gym1"].title == "gym"
        assert app.grid.selected.id == "gym1"
        await pilot.press("ctrl+r")
        assert "gym1" not in on_disk(seeded, "2026-W48")
        app.go_to(date(2026, 11, 27), 19 * 60)
        await pilot.press("delete")
        assert "climb1" not in on_disk(seeded, "2026-W48")


async def test_undo_redo_chain_over_many_kinds_of_edit(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        original = on_disk(seeded, "2026-W48")["gym1"]
        await pilot.press("space", "shift+down", "greater_than_sign", "shift+right")
        changed = on_disk(seeded, "2026-W48")["gym1"]
        assert (changed.done, changed.date, changed.start, changed.end) == (True, date(2026, 11, 24), 570, 690)
        await pilot.press("u", "u", "u", "u")
        assert on_disk(seeded, "2026-W48")["gym1"] == original
        await pilot.press("u")  # nothing more to undo: nothing changes
        assert on_disk(seeded, "2026-W48")["gym1"] == original
        await pilot.press("ctrl+r", "ctrl+r")
        redone = on_disk(seeded, "2026-W48")["gym1"]
        assert (redone.done, redone.start, redone.end) == (True, 570, 660)


async def test_space_marks_done_and_a_date_as_done(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        assert on_disk(seeded, "2026-W48")["gym1"].done
        assert "›✓ gym" in grid_text(app)  # the cursor marks its block, next to the title
        await pilot.press("j")
        assert "✓ gym" in grid_text(app)
        await pilot.press("k", "space")
        assert not on_disk(seeded, "2026-W48")["gym1"].done
        app.go_to(date(2026, 11, 28), 19 * 60)
        await pilot.press("space")
        assert dates_on_disk(seeded)["dinner1"].status == "done"


async def test_shift_arrows_move_by_slot_and_day(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("shift+up")
        moved = on_disk(seeded, "2026-W48")["gym1"]
        assert (moved.start, moved.end) == (8 * 60 + 30, 10 * 60)
        await pilot.press("shift+right", "shift+right")
        assert on_disk(seeded, "2026-W48")["gym1"].date == date(2026, 11, 25)
        assert app.grid.selected.id == "gym1" and app.grid.cursor_date == date(2026, 11, 25)
        await pilot.press("shift+left")
        assert on_disk(seeded, "2026-W48")["gym1"].date == date(2026, 11, 24)


async def test_moving_across_the_week_boundary_and_undoing_it(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 29), 20 * 60)
        assert app.grid.selected.id == "read1"
        await pilot.press("shift+right")
        assert "read1" not in on_disk(seeded, "2026-W48")
        assert on_disk(seeded, "2026-W49")["read1"].date == date(2026, 11, 30)
        assert app.first_day == date(2026, 11, 30)  # the view follows the entry
        assert app.grid.selected.id == "read1"
        await pilot.press("u")
        assert on_disk(seeded, "2026-W48")["read1"].date == date(2026, 11, 29)
        assert "read1" not in on_disk(seeded, "2026-W49")
        assert app.first_day == TODAY
        # Back across the other edge: Monday to the Sunday before.
        app.go_to(TODAY, 9 * 60)
        await pilot.press("shift+left")
        assert on_disk(seeded, "2026-W47")["gym1"].date == date(2026, 11, 22)


async def test_shorten_and_lengthen_stop_at_sensible_ends(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("less_than_sign")
        assert on_disk(seeded, "2026-W48")["gym1"].end == 10 * 60
        await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
        assert on_disk(seeded, "2026-W48")["gym1"].end == 9 * 60 + 30  # never shorter than a slot
        await pilot.press("greater_than_sign")
        assert on_disk(seeded, "2026-W48")["gym1"].end == 10 * 60


async def test_copy_and_paste_into_another_week_gets_a_new_id(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("y", "right_square_bracket", "k", "l", "l", "j", "j", "j", "p")
        week49 = on_disk(seeded, "2026-W49")
        assert len(week49) == 1
        (pasted,) = week49.values()
        assert pasted.id != "gym1" and pasted.title == "gym"
        assert (pasted.date, pasted.start, pasted.end) == (date(2026, 12, 2), 10 * 60 + 30, 12 * 60)
        assert "gym1" in on_disk(seeded, "2026-W48")  # the original stays
        await pilot.press("u")
        assert on_disk(seeded, "2026-W49") == {}


async def test_paste_with_nothing_copied_says_so(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        assert "Nothing copied" in notes.last
        assert len(on_disk(seeded, "2026-W48")) == 5


async def test_search_then_next_and_previous_match(seeded: Store) -> None:
    seeded.put_activity(Activity("climb2", date(2026, 12, 9), 18 * 60, 20 * 60, "climbing wall", "friends"))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"climb")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen is app.main
        assert app.grid.selected.id == "climb1"
        await pilot.press("n")
        assert app.first_day == date(2026, 12, 7) and app.grid.selected.id == "climb2"
        await pilot.press("n")  # wraps around
        assert app.grid.selected.id == "climb1"
        await pilot.press("N")
        assert app.grid.selected.id == "climb2"


async def test_next_match_says_when_it_goes_round_to_the_first(seeded: Store) -> None:
    seeded.put_activity(Activity("climb2", date(2026, 12, 9), 18 * 60, 20 * 60, "climbing wall", "friends"))
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_for(pilot, "climb")
        await pilot.press("enter", "n")
        assert app.grid.selected.id == "climb2"
        assert not any("round" in message for message in notes.messages)  # one step on, no wrap
        await pilot.press("n")  # past the last match, back in an earlier week
        assert app.grid.selected.id == "climb1"
        assert "first" in notes.last and "round" in notes.last, notes.messages
        await pilot.press("N")  # before the first, on to a later week
        assert app.grid.selected.id == "climb2"
        assert "last" in notes.last and "round" in notes.last, notes.messages


async def _search_for(pilot: Pilot[None], text: str) -> SearchScreen:
    """Open search, type `text` and wait for its answer; the search dialog."""
    await pilot.press("slash")
    await pilot.press(*text)
    await pilot.app.screen.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_search_opened_again_starts_from_the_last_query_and_sees_new_data(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _search_for(pilot, "climb")
        await pilot.press("enter")
        assert app.screen is app.main and app.last_query == "climb"
        # Meanwhile another program adds a match.
        Store(seeded.root).put_activity(Activity("climb3", date(2027, 1, 6), 18 * 60, 20 * 60, "climbing", "friends"))
        await pilot.press("slash")
        assert app.screen is first  # the same dialog, shown again
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#search-input", Input).value == "climb"
        assert [m.id for m in first.matches] == ["climb1", "climb3"]
        assert str(first.query_one("#search-status").visual) == "2 found for 'climb'"
        await pilot.press("escape")
        assert app.screen is app.main
        await pilot.press("slash")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*" wall")
        await pilot.pause()
        assert first.matches == [] and "Nothing found for 'climb wall'" in str(first.query_one("#search-status").visual)


async def test_tab_moves_focus_and_the_panel_folds_at_narrow_widths(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.panel.display and app.panel_visible
        await pilot.press("tab")
        assert app.panel.has_focus
        await pilot.press("tab")
        assert app.grid.has_focus
        await pilot.press("T")
        assert not app.panel_visible and app.grid.has_focus
        await pilot.press("T")
        assert app.panel_visible and app.panel.has_focus
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.panel_visible and app.grid.display
        await pilot.press("T")  # asked for: it takes the width instead of squeezing the grid
        assert app.panel_visible and app.panel.has_focus
        assert app.main.query_one("#together-box").outer_size.width == 80 and not app.grid.display
        await pilot.press("tab")
        assert app.grid.has_focus and app.grid.display and not app.panel_visible


async def test_tab_back_to_the_grid_on_a_narrow_screen_does_not_hide_the_panel_for_good(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab")  # a look at the panel, and back to the grid
        assert app.grid.has_focus and not app.panel_visible
        await pilot.resize_terminal(140, 40)  # room for both again
        await pilot.pause()
        assert app.panel_visible and app.grid.has_focus
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T", "T")  # hidden on purpose: it stays hidden
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert not app.panel_visible


async def test_going_to_a_day_from_the_panel_lands_on_the_grid(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "g", *"2026-12-09", "enter")
        assert app.grid.cursor_date == date(2026, 12, 9) and app.grid.has_focus
        await pilot.press("tab", "m", "right", "enter")  # the overview's next day
        assert app.grid.cursor_date == date(2026, 12, 10) and app.grid.has_focus
        await pilot.press("tab")
        await _search_for(pilot, "climb")
        await pilot.press("enter")
        assert app.grid.selected.id == "climb1" and app.grid.has_focus
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "g", *"2026-12-09", "enter")  # from the panel in the grid's place
        assert app.grid.cursor_date == date(2026, 12, 9) and app.grid.has_focus and app.grid.display


async def test_panel_shows_dates_ideas_goals_and_opens_a_date(seeded: Store) -> None:
    from weekplan.model import Goal, Idea

    seeded.put_idea(Idea("i1", "pottery class"))
    seeded.put_goal(Goal("fitness", count=3))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        text = panel.text
        assert "dinner at Lumen" in text and "in 5 days" in text
        assert "book a table — due in 3 days" in text
        assert "pottery class" in text and "new" in text
        goals = app.main.query_one("#goals", GoalsView).text
        assert "Fitness 0/3× +2 planned" in goals  # two planned, none done yet
        await pilot.press("right_square_bracket")  # the goals follow the shown week
        next_week = app.main.query_one("#goals", GoalsView).text
        assert "Fitness 0/3×" in next_week and "planned" not in next_week
        await pilot.press("left_square_bracket")
        await pilot.press("tab")
        panel.highlight(panel.row_index("date:dinner1"))
        await pilot.press("enter")
        assert isinstance(app.screen, DateForm) and app.screen.special.id == "dinner1"
        await pilot.press("escape")
        panel.highlight(panel.row_index("idea:i1"))
        await pilot.press("enter")
        assert isinstance(app.screen, DateForm)
        assert app.screen.query_one("#field-title", Input).value == "pottery class"


async def test_review_lists_last_week_done_and_not_done(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        text = str(screen.query_one("#review-summary").render())
        assert "1 done · 0 skipped · 1 still open" in text
        await pilot.press("escape")
        assert app.screen is app.main


async def test_privacy_hides_date_titles_in_grid_and_panel(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        # Saturday is narrowed while the cursor's Monday is widened: "♥ dinn…".
        assert "♥ dinn" in grid_text(app)
        await pilot.press("P")
        assert "dinner" not in grid_text(app) and "♥ •••" in grid_text(app)
        panel = app.panel
        text = panel.text
        assert "dinner" not in text and "Lumen" not in text and "book a table" not in text
        assert "climbing" in grid_text(app)  # your own activities stay readable
        await pilot.press("P")
        assert "♥ dinn" in grid_text(app)


async def test_help_lists_every_key_where_it_applies(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.help_rows()
        described = {what for _, what, _ in rows}
        assert {"Add", "Undo", "Redo", "Search", "Move a day on", "Copy", "Paste", "Quit"} <= described
        assert ("[", "Prev week", "everywhere") in rows
        assert ("a", "Add", "week grid") in rows
        await pilot.press("escape")
        assert app.screen is app.main


async def test_command_palette_runs_planner_actions(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        names = [name for name, _, _ in app.palette_commands()]
        for wanted in ("Add", "Next week", "Undo", "Search", "Privacy", "Review", "Shorten", "Show file problems"):
            assert wanted in names
        await pilot.press("ctrl+p")
        await pilot.press(*"Next week")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.first_day == date(2026, 11, 30)


async def test_the_palette_finds_the_overview_by_its_name(seeded: Store) -> None:
    from weekplan.app.screens.overview_screen import OverviewScreen

    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"overview")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_q_quits(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_in_a_dialog_does_not_quit(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "q")
        assert app.is_running and isinstance(app.screen, ActivityForm)
        assert app.screen.query_one("#field-title", Input).value == "q"


async def test_keys_remapped_in_config(store: Store) -> None:
    from weekplan.record import replace

    store.save_config(replace(store.config, keys={"next_week": "ctrl+n", "undo": "z"}))
    store.forget()
    app = PlannerApp(Store.open(store.root), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        assert app.first_day == TODAY
        await pilot.press("ctrl+n")
        assert app.first_day == date(2026, 11, 30)
        rows = app.help_rows()
        assert ("z", "Undo", "everywhere") in rows


async def test_unknown_key_ids_are_reported(store: Store) -> None:
    from weekplan.record import replace

    store.save_config(replace(store.config, keys={"fly_away": "f"}))
    store.forget()
    app = make_app(Store.open(store.root))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)):
        assert any("fly_away" in m for m in notes.messages)


async def test_a_key_given_to_quit_and_another_action_still_quits_and_is_said_once(store: Store) -> None:
    # add_activity = "q" once made q add an activity while the grid had the focus:
    # the planner could no longer be left with its own key, and nothing said why.
    from weekplan.record import replace

    store.save_config(replace(store.config, keys={"add_activity": "q", "next_week": "ctrl+n"}))
    store.forget()
    app = make_app(Store.open(store.root))
    async with app.run_test(size=(120, 40)) as pilot:
        said = [n.message for n in app._notifications if "add_activity" in n.message]
        assert len(said) == 1 and "q is also the key of 'quit'" in said[0]
        assert said[0].startswith(f"{store.config_path}:")
        await pilot.press("ctrl+n")  # the override that clashes with nothing is kept
        assert app.first_day == date(2026, 11, 30)
        await pilot.press("a")  # add_activity keeps its own key
        assert isinstance(app.screen, ActivityForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_an_alt_key_in_config_is_named_and_the_other_keys_kept(store: Store) -> None:
    # A terminal sends Alt+s as Escape then s: the planner reads those two keys, so an
    # alt+ key would leave the action with no key that works.
    from weekplan.record import replace

    store.save_config(replace(store.config, keys={"search": "alt+s,f", "help": "alt+h"}))
    store.forget()
    app = make_app(Store.open(store.root))
    async with app.run_test(size=(120, 40)) as pilot:
        said = "\n".join(n.message for n in app._notifications)
        for binding in ("help", "search"):
            assert f"key binding '{binding}': alt+ keys cannot be told from Escape" in said
        assert f"{store.config_path}:" in said
        await pilot.press("question_mark")  # help keeps its own key
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "f")
        assert isinstance(app.screen, SearchScreen)


async def test_keys_written_as_people_write_them_work(store: Store) -> None:
    # "F1" and "Ctrl+F" are how menus and manuals spell keys; the terminal's names are
    # f1 and ctrl+f, and the keys once did nothing, with no word said.

    from weekplan.record import replace

    store.save_config(replace(store.config, keys={"help": "F1", "search": "Ctrl+F", "undo": "[red]x,U"}))
    store.forget()
    fresh = Store.open(store.root)
    assert fresh.config.keymap() == {"help": "f1", "search": "ctrl+f", "undo": "U"}
    app = make_app(fresh)
    async with app.run_test(size=(120, 40)) as pilot:
        said = "\n".join(n.message for n in app._notifications)
        assert "key binding 'undo': '[red]x' is not a key like" in said
        assert "'help'" not in said and "'search'" not in said
        assert not app.main.query("#problems")  # no file is unreadable: no banner
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+f")
        assert isinstance(app.screen, SearchScreen)


async def test_keys_written_under_other_names_fire(store: Store) -> None:
    # "Ins", "PgDn" and "esc" passed as keys once, and never fired: the terminal
    # calls them insert, pagedown and escape.
    from weekplan.record import replace

    store.save_config(replace(store.config, keys={"next_week": "ctrl+n"}))
    config = store.config_path.read_text()
    store.config_path.write_text(config.replace('next_week = "ctrl+n"', 'next_week = "Ins"'))
    fresh = Store.open(store.root)
    assert fresh.config.keymap() == {"next_week": "insert"} and not fresh.config_errors
    app = PlannerApp(fresh, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("insert")
        assert app.first_day == date(2026, 11, 30)


async def test_theme_is_remembered_in_config(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert Store(store.root).config.theme == "nord"
    again = make_app(Store(store.root))
    async with again.run_test(size=(120, 40)):
        assert again.theme == "nord"


async def test_theme_from_the_palette(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"Theme: gruvbox")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "gruvbox"
    assert Store(store.root).config.theme == "gruvbox"


async def test_a_day_to_midnight_says_why_an_entry_cannot_pass_it(seeded: Store) -> None:
    from weekplan.record import replace

    seeded.save_config(replace(seeded.config, day_start=0, day_end=24 * 60))
    seeded.put_activity(activity("late1", "2026-11-26", "23:00", "24:00", "late film", "hobby"))
    seeded.put_activity(activity("early1", "2026-11-27", "00:00", "00:30", "night owl", "rest"))
    seeded.forget()
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 26), 23 * 60)
        for key, verb in (("shift+down", "moved"), ("greater_than_sign", "lengthened")):
            notes.messages.clear()
            await pilot.press(key)
            assert (on_disk(seeded, "2026-W48")["late1"].start, on_disk(seeded, "2026-W48")["late1"].end) == (
                23 * 60,
                24 * 60,
            )
            assert f"Not {verb}" in notes.last and "midnight" in notes.last, notes.messages
        app.go_to(date(2026, 11, 27), 0)
        for key, verb in (("shift+up", "moved"), ("less_than_sign", "shortened")):
            notes.messages.clear()
            await pilot.press(key)
            assert (on_disk(seeded, "2026-W48")["early1"].start, on_disk(seeded, "2026-W48")["early1"].end) == (0, 30)
            assert f"Not {verb}" in notes.last, notes.messages


async def test_a_key_held_at_an_edge_rings_each_time_and_says_why_once(seeded: Store) -> None:
    from weekplan.record import replace

    seeded.save_config(replace(seeded.config, day_start=0, day_end=24 * 60))
    seeded.put_activity(activity("late1", "2026-11-26", "23:00", "24:00", "late film", "hobby"))
    seeded.forget()
    app = make_app(seeded)
    notes = Notes(app)
    bells: list[None] = []
    app.bell = lambda: bells.append(None)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 26), 23 * 60)
        await pilot.press("shift+down", "shift+down", "shift+down", "shift+down")
        assert len(bells) == 4
        assert len(notes.messages) == 1 and "Not moved" in notes.last, notes.messages
        shown = [n.message for n in app._notifications if "Not moved" in n.message]
        assert len(shown) == 1, shown
        # Another refusal has its own words, and says them.
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert len(bells) == 6
        assert len(notes.messages) == 2 and "Not lengthened" in notes.last, notes.messages
        # Once the notice is gone, the same refusal says why again.
        app._refusal_shown = (app._refusal_shown[0], app._refusal_shown[1] - app.NOTIFICATION_TIMEOUT)
        await pilot.press("greater_than_sign")
        assert len(notes.messages) == 3 and "Not lengthened" in notes.last, notes.messages


async def test_lengthening_or_moving_past_the_day_is_refused_with_a_reason(seeded: Store) -> None:
    seeded.put_activity(activity("late1", "2026-11-26", "22:00", "23:00", "late film", "hobby"))
    seeded.forget()
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = len(app.grid.week.rows)
        app.go_to(date(2026, 11, 26), 22 * 60)
        await pilot.press("greater_than_sign")
        assert on_disk(seeded, "2026-W48")["late1"].end == 23 * 60  # unchanged
        assert "Not lengthened" in notes.last and "23:00" in notes.last
        await pilot.press("shift+down", "shift+down")
        assert (on_disk(seeded, "2026-W48")["late1"].start, on_disk(seeded, "2026-W48")["late1"].end) == (
            22 * 60,
            23 * 60,
        )
        assert "Not moved" in notes.last
        assert len(app.grid.week.rows) == rows  # the grid never grew for it
        # Inside the day the same keys still work.
        await pilot.press("less_than_sign", "greater_than_sign", "shift+up")
        moved = on_disk(seeded, "2026-W48")["late1"]
        assert (moved.start, moved.end) == (21 * 60 + 30, 22 * 60 + 30)
        # The gym starts at 09:00, inside the day: moving it before 07:00 is refused too.
        app.go_to(TODAY, 9 * 60)
        await pilot.press(*["shift+up"] * 5)
        assert on_disk(seeded, "2026-W48")["gym1"].start == 7 * 60
        assert "Not moved" in notes.last and "07:00" in notes.last


async def test_search_results_stay_under_the_command_palette(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        search = await _search_for(pilot, "climb")
        listed = list(search.matches)
        assert listed
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen is not search
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is search and search.matches == listed
        assert len(search.query_one("#search-results").rows) == len(listed)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main and search.matches == []  # closed: what it listed is let go


async def test_a_setting_left_unused_is_said_once_and_the_theme_picked_is_still_saved(store: Store) -> None:
    store.config_path.write_text('theme = "Nord"\n\n[keys]\nsearch = "pgdwn"\n', "utf-8")
    store.forget()
    app = make_app(Store.open(store.root))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "nord"  # named in another case, still the theme
        app.theme = "gruvbox"
        await pilot.pause()
        app.use_config(Store(store.root).config)  # as the disk watcher does on a change
        await pilot.pause()
        said = [n.message for n in app._notifications if "'pgdwn'" in n.message]
        assert len(said) == 1 and said[0].startswith(f"{store.config_path}:4:10: key binding 'search'")
    saved = Store(store.root)
    assert saved.config.theme == "gruvbox" and saved.config.keys == {"search": "pgdwn"}


async def test_a_key_for_an_entry_on_an_empty_slot_says_there_is_none(seeded: Store) -> None:
    # x, space, y, shift+arrows and < > on an empty slot used to ring and nothing more:
    # a new user, the bell muted, saw no sign the key was heard.
    before = on_disk(seeded, "2026-W48")
    app = make_app(seeded)
    notes = Notes(app)
    bells: list[None] = []
    app.bell = lambda: bells.append(None)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 24), 12 * 60)
        await pilot.pause()
        assert app.grid.selected is None
        keys = {
            "x": "delete",
            "space": "mark done",
            "y": "copy",
            "shift+right": "move",
            "greater_than_sign": "shorten or lengthen",
        }
        for number, (key, verb) in enumerate(keys.items(), start=1):
            await pilot.press(key)
            assert len(bells) == number
            assert notes.last.startswith(f"Nothing here to {verb}:") and "a adds" in notes.last, notes.messages
        await pilot.press("greater_than_sign")  # the same words again while they show: only the bell
        assert len(bells) == len(keys) + 1 and len(notes.messages) == len(keys)
    assert on_disk(seeded, "2026-W48") == before  # and nothing was changed


async def test_an_empty_slot_names_the_add_key_the_user_has(seeded: Store) -> None:
    # The words said "a adds an activity" even with the key remapped in config.toml.
    seeded.config_path.write_text('[keys]\nadd_activity = "A"\n', "utf-8")
    seeded.forget()
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 24), 12 * 60)
        await pilot.pause()
        await pilot.press("x")
        assert "(A adds an activity)" in notes.last, notes.messages


async def test_go_to_this_sat_stays_in_the_week_that_starts_on_sunday(store: Store) -> None:
    """On a Sunday, with the planner's week starting on Sunday, "this sat" is the last
    day of the week on screen, not yesterday (the Saturday of the Monday week)."""
    store.save_config(replace(store.config, first_weekday=6))
    sunday = date(2026, 12, 6)
    app = PlannerApp(Store.open(store.root), today=sunday, now=lambda: datetime(2026, 12, 6, 9, 40))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.first_day == sunday
        await pilot.press("g", *"this sat", "enter")
        assert app.first_day == sunday
        assert app.grid.cursor_date == date(2026, 12, 12)
        await pilot.press("g", *"next mon", "enter")
        assert app.first_day == date(2026, 12, 13)
        assert app.grid.cursor_date == date(2026, 12, 14)


async def test_a_pasted_date_is_a_new_one_its_preparation_still_to_do(seeded: Store) -> None:
    """The copy keeps what to prepare ("book a table"), not that it was done: the panel
    must count the new date's preparation down from nothing done."""
    dinner = dates_on_disk(seeded)["dinner1"]
    seeded.put_date(replace(dinner, status="done", rating=5, memory="the view", prep_done=True, prep_by="Sam"))
    seeded.forget()
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 28), 19 * 60)
        await pilot.press("y", "right_square_bracket", "p")
        (pasted,) = [d for d in dates_on_disk(seeded).values() if d.id != "dinner1"]
        assert (pasted.date, pasted.start, pasted.end) == (date(2026, 12, 5), 19 * 60, 22 * 60)
        assert (pasted.status, pasted.rating, pasted.memory) == ("planned", None, "")
        assert (pasted.prep, pasted.prep_days, pasted.prep_done, pasted.prep_by) == ("book a table", 2, False, "")
        assert dates_on_disk(seeded)["dinner1"].prep_done  # the original keeps its own
