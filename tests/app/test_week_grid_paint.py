"""The week grid keeps what it works out for painting (each cell's lanes, each block's
lines and style) between paints: these check that every change that should show does
show, and that the length a painted line claims is the length it has."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import activity, grid_lines, grid_text, make_app
from rich.cells import cell_len
from textual.strip import Strip

from weekplan.app.grid_text import day_labels, wrap_cells
from weekplan.display import display_for
from weekplan.model import Config, SpecialDate
from weekplan.record import replace
from weekplan.store import Store


def line_of(app, minute: int) -> str:
    grid = app.grid
    return grid_lines(app)[1 + (grid.week.row_of(minute) - grid.top) * grid.lines_per_row]


@pytest.mark.parametrize("size", [(24, 12), (44, 14), (60, 20), (97, 30), (120, 40), (300, 60)])
async def test_each_line_claims_the_length_it_has(seeded: Store, size) -> None:
    seeded.put_activity(activity("w1", "2026-11-24", "09:00", "10:00", "日本語のタイトル", "hobby"))
    seeded.put_activity(activity("w2", "2026-11-24", "09:00", "10:00", "🧗🧗🧗 climb", "friends"))
    seeded.put_activity(activity("w3", "2026-11-24", "09:00", "10:00", "ok", "rest"))
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "l")
        grid = app.grid
        for y in range(grid.size.height):
            strip = grid.render_line(y)
            assert strip.cell_length == Strip(list(strip)).cell_length == grid.size.width


async def test_a_moved_entry_is_painted_where_it_went(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "right_square_bracket", "left_square_bracket")  # 09:00, the gym
        assert app.grid.selected.id == "gym1"
        assert "ym" in line_of(app, 9 * 60)  # "›ym": the cursor mark takes the first cell
        await pilot.press("shift+down", "shift+down")  # to 10:00
        assert app.grid.selected.id == "gym1"  # what is under the cursor comes from the new layout too
        assert "ym" not in line_of(app, 9 * 60)
        assert "ym" in line_of(app, 10 * 60)


async def test_privacy_hides_and_shows_date_titles_again(seeded: Store) -> None:
    seeded.put_date(SpecialDate("cin1", date(2026, 11, 25), "cinema night", 18 * 60, 20 * 60))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "cinema" in line_of(app, 18 * 60)
        await pilot.press("P")
        assert "cinema" not in line_of(app, 18 * 60) and "•••" in line_of(app, 18 * 60)
        await pilot.press("P")
        assert "cinema" in line_of(app, 18 * 60)


async def test_blocks_are_laid_out_again_for_a_new_width(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        wide = line_of(app, 19 * 60)
        assert "climbing" in wide
        await pilot.resize_terminal(60, 40)
        await pilot.pause()
        narrow = line_of(app, 19 * 60)
        assert "climbing" not in narrow and "clim" in narrow
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert line_of(app, 19 * 60) == wide


async def test_the_now_line_follows_the_minute(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l")  # the cursor off today, so the line is not covered by it
        grid = app.grid
        grid.set_now(12 * 60 + 10)
        await pilot.pause()
        assert "─" in line_of(app, 12 * 60) and "▸" in line_of(app, 12 * 60)
        grid.set_now(14 * 60)
        await pilot.pause()
        assert "─" not in line_of(app, 12 * 60) and "▸" not in line_of(app, 12 * 60)
        assert "─" in line_of(app, 14 * 60)


async def test_the_cursor_mark_and_highlight_follow_the_cursor(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        grid = app.grid
        await pilot.press("k")  # 09:00 on Monday: the gym
        gym_line = 1 + grid.week.row_of(9 * 60) - grid.top
        selected = grid.render_line(gym_line + 1)  # the gym's second line, highlighted as selected
        # Down past the gym's end (the same day, so the columns stay as they are): the gym
        # is no longer selected.
        await pilot.press("j", "j", "j")
        assert "›" not in line_of(app, 9 * 60).split("│")[1]
        assert "›" in line_of(app, 10 * 60 + 30).split("│")[1]
        unselected = grid.render_line(gym_line + 1)
        assert selected.text == unselected.text
        assert list(selected) != list(unselected)  # the same text in another style


async def test_a_new_category_colour_is_painted_at_once(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l")  # off the gym, so it is painted in its plain colour
        grid = app.grid
        gym_line = 1 + grid.week.row_of(9 * 60) - grid.top

        def gym_background() -> str:
            segment = next(s for s in grid.render_line(gym_line) if "gym" in s.text)
            return segment.style.bgcolor.get_truecolor().hex

        assert gym_background() == "#2e9d5b"
        categories = [replace(c, color="#123456") if c.id == "fitness" else c for c in app.config.categories]
        app.use_config(replace(app.config, categories=categories))
        await pilot.pause()
        assert gym_background() == "#123456"


def day_cell(app, minute: int, day_index: int) -> str:
    """One day's cell of the line at `minute` (the gutter is cell 0)."""
    return line_of(app, minute).split("│")[day_index + 1]


@pytest.fixture
def clash(seeded: Store) -> Store:
    """Two entries at the same time on Tuesday: what a sync conflict leaves."""
    seeded.put_activity(activity("py1", "2026-11-24", "19:00", "21:00", "Python reading", "learning"))
    seeded.put_activity(activity("py2", "2026-11-24", "19:00", "20:00", "Python next", "career"))
    seeded.forget()
    return seeded


async def test_overlapping_titles_are_readable_on_the_cursors_day(clash: Store) -> None:
    app = make_app(clash)
    async with app.run_test(size=(120, 40)) as pilot:
        grid = app.grid
        # Elsewhere Tuesday is too narrow for two readable lanes: one shows, "+1" stands
        # for the other, and no title is chopped into lane-sized pieces.
        tuesday = day_cell(app, 19 * 60, 1)
        assert "+1" in tuesday and "Pyth" in tuesday and "PytPyt" not in tuesday.replace(" ", "")
        grid.move_to(grid.week.days[1], 19 * 60)
        await pilot.pause()
        tuesday = day_cell(app, 19 * 60, 1)
        # The cursor's day widens: both whole titles side by side, no "+1".
        assert "Python" in tuesday.split("Python", 1)[1]
        assert "+1" not in tuesday
        assert "reading" in day_cell(app, 19 * 60 + 30, 1)
        # The mark is in the lead cell of the lane under the cursor, never over a letter.
        assert f"›{grid.selected.title.split()[0]}" in tuesday
        first = grid.selected
        await pilot.press("l")  # to the other lane
        assert grid.selected is not first and grid.cursor_day == 1
        tuesday = day_cell(app, 19 * 60, 1)
        assert tuesday.count("›") == 1
        before, after = tuesday.split("›")
        assert after.startswith(grid.selected.title.split()[0]) and "Python" in before


async def test_narrow_lanes_swap_in_the_selected_entry(clash: Store) -> None:
    # Seven entries at once: even the widened day cannot show them all, so the lane
    # under the cursor takes the last shown place and the rest are counted.
    for i in range(5):
        clash.put_activity(activity(f"more{i}", "2026-11-24", "19:00", "20:00", f"extra{i}", "rest"))
    clash.forget()
    app = make_app(clash)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.grid
        grid.move_to(grid.week.days[1], 19 * 60)
        await pilot.press(*"llllll")  # the seventh lane
        await pilot.pause()
        tuesday = day_cell(app, 19 * 60, 1)
        assert grid.selected.title == "extra4"
        assert "›extr" in tuesday
        shown = tuesday.count("Pyth") + tuesday.count("extr")
        assert f"+{7 - shown}" in tuesday


@pytest.mark.parametrize(
    ("title", "width", "lines", "expected"),
    [
        ("Portfolio: write a case study", 12, None, ["Portfolio:", "write a case", "study"]),
        ("Portfolio: write a case study", 9, None, ["Portfoli…", "write a", "case", "study"]),
        ("Portfolio: write a case study", 12, 2, ["Portfolio:", "write a…"]),
        ("Python reading", 7, 1, ["Python…"]),
        ("Supercalifragilistic", 6, 3, ["Super…"]),
        ("日本語のタイトル ok", 6, 3, ["日本…", "ok"]),
        ("", 5, None, [""]),
        # A hyphenated word too long for a line breaks after a hyphen, not anywhere.
        ("Board-game café", 8, None, ["Board-", "game", "café"]),
        ("Board-game café", 12, None, ["Board-game", "café"]),
        ("well-known-long-compound x", 6, 3, ["well-", "known-", "long-…"]),
    ],
)
def test_titles_wrap_between_words_and_cut_with_an_ellipsis(title, width, lines, expected) -> None:
    assert wrap_cells(title, width, max_lines=lines) == expected
    assert all(cell_len(line) <= width for line in expected)


async def test_no_word_is_split_over_two_lines_at_120x40(store: Store) -> None:
    store.put_activity(activity("pf1", "2026-11-26", "08:00", "10:00", "Portfolio: write a case study", "career"))
    store.forget()
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        cells = [day_cell(app, 8 * 60 + 30 * i, 3).strip() for i in range(4)]
        words = set(["Portfolio:", "write", "a", "case", "study"])
        for cell in cells[:-1]:
            for word in cell.split():
                assert word in words or word.endswith("…"), cells
        assert cells[-1] == "08:00"


@pytest.mark.parametrize(("size", "lines"), [((80, 24), 1), ((120, 40), 1), ((200, 60), 2)])
async def test_rows_fill_the_height_and_keep_the_cursor_in_view(seeded: Store, size, lines) -> None:
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        grid = app.grid
        assert grid.lines_per_row == lines
        shown = grid_lines(app)
        blank = sum(1 for line in shown if not line.strip())
        assert blank <= grid.size.height // 6  # no third of the screen left empty
        await pilot.press(*["j"] * 30)  # down into the evening
        assert grid.cursor_minute == 23 * 60 - 30
        cursor_line = 1 + (grid.cursor_row - grid.top) * grid.lines_per_row
        assert "›" in grid_lines(app)[cursor_line]


@pytest.mark.parametrize(("size", "clock", "end"), [((120, 40), "24h", "23:00"), ((200, 60), "12h", "11pm")])
async def test_a_day_shorter_than_the_screen_ends_with_its_end_time(seeded: Store, size, clock, end) -> None:
    # Under the day's last slot: the time it ends and a rule across the columns, then
    # off hours; never lines that look like a grid with its rows gone.
    seeded.save_config(replace(seeded.config, clock=clock))
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        grid = app.grid
        await pilot.press(*["j"] * 31)  # the last slot: the whole end of the day in view
        lines = grid_lines(app)
        closing = next(y for y, line in enumerate(lines) if line.startswith(end))
        cursor_line = 1 + (grid.cursor_row - grid.top) * grid.lines_per_row
        assert cursor_line < closing and "›" in lines[cursor_line]
        assert closing == 1 + (len(grid.week.rows) - grid.top) * grid.lines_per_row  # right under the day
        assert set(lines[closing][len(end) :].strip()) == {"┴", "─"}
        assert lines[closing].index("┴") == lines[cursor_line].index("│")
        below = [grid.render_line(y) for y in range(closing + 1, grid.size.height)]
        assert all(not strip.text.strip() for strip in below)
        offhours = grid.get_component_rich_style("week-grid--offhours").bgcolor
        assert offhours != grid.rich_style.bgcolor
        assert all(segment.style.bgcolor == offhours for strip in below for segment in strip)


async def test_the_end_under_the_grid_has_the_time_column_s_short_form(seeded: Store) -> None:
    # "10:30pm" does not fit the time column: it is said as the column says its times ("10:30p"), not cut.
    seeded.save_config(replace(seeded.config, clock="12h", day_end=22 * 60 + 30))
    app = make_app(seeded)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press(*["j"] * 31)  # the last slot: the end of the day in view
        lines = grid_lines(app)
        closing = next(line for line in lines if "┴" in line)
        assert closing.startswith("10:30p") and set(closing[6:].strip()) == {"┴", "─"}


async def test_plus_and_minus_zoom_the_rows_around_the_cursor(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        grid = app.grid
        app.go_to(date(2026, 11, 27), 20 * 60 + 30)
        await pilot.press("plus", "plus")
        assert grid.lines_per_row == 3
        assert grid.cursor_minute == 20 * 60 + 30
        cursor_line = 1 + (grid.cursor_row - grid.top) * 3
        assert 1 <= cursor_line < grid.size.height - 2  # the cursor's hour is still on screen
        # The 19:00 climbing block now has three lines a slot: its title, then its time;
        # each time label shows once, on its slot's first line.
        lines = grid_lines(app)
        title = next(i for i, line in enumerate(lines) if "climbing" in line)
        assert lines[title].startswith("19:00") and "19:00" in lines[title + 1].split("│")[5]
        assert sum(line.startswith("20:00") for line in lines) == 1
        assert "climbing" not in grid_text(app).split("climbing", 1)[1]
        await pilot.press("minus", "minus", "minus")
        assert grid.lines_per_row == 1


async def test_the_now_line_sits_at_its_minute_inside_a_tall_row(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 25), 12 * 60)  # the cursor off today, near noon
        grid = app.grid
        await pilot.press("plus", "plus")  # three lines a 30-minute slot: ten minutes a line
        grid.set_now(12 * 60 + 20)
        await pilot.pause()
        lines = grid_lines(app)
        first = 1 + (grid.week.row_of(12 * 60) - grid.top) * 3
        assert "─" not in lines[first] and "─" not in lines[first + 1]
        assert "─" in lines[first + 2] and lines[first + 2].startswith("12:20▸")


async def test_the_now_line_crosses_todays_blocks_over_their_blank_cells(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(200, 60)) as pilot:
        app.go_to(date(2026, 11, 25), 12 * 60)  # the cursor off today
        await pilot.pause()
        monday = line_of(app, 9 * 60 + 30).split("│")[1]  # 09:40: the gym and the call
        assert "─" in monday and "call mum" in monday  # across the blocks, never over a title
        assert "─" not in line_of(app, 9 * 60 + 30).split("│")[2]  # today's column only


WEEK = [date(2026, 11, 23 + offset) for offset in range(7)]


@pytest.mark.parametrize(
    ("language", "width", "first", "tuesday", "thursday"),
    [
        ("en", 10, "Mon 23 Nov", "Tue 24 Nov", "Thu 26 Nov"),
        ("en", 9, "Mo 23 Nov", "Tu 24 Nov", "Th 26 Nov"),
        ("en", 8, "Mon 23", "Tue 24", "Thu 26"),
        ("en", 5, "Mo 23", "Tu 24", "Th 26"),
        ("en", 4, "Mo23", "Tu24", "Th26"),
        ("en", 3, "M23", "T24", "T26"),
        ("en", 2, "23", "24", "26"),
        # Another language's longer forms in its own order, never "月 23 11月".
        ("de", 13, "Mo., 23. Nov.", "Di., 24. Nov.", "Do., 26. Nov."),
        ("de", 8, "Mo., 23.", "Di., 24.", "Do., 26."),
        ("de", 7, "Mo 23", "Di 24", "Do 26"),
        ("ja", 12, "11月23日(月)", "11月24日(火)", "11月26日(木)"),
        ("ja", 10, "23日(月)", "24日(火)", "26日(木)"),
        ("ja", 5, "月 23", "火 24", "木 26"),  # 月 takes two cells
        ("ja", 4, "月23", "火24", "木26"),
    ],
)
def test_day_headings_keep_a_weekday_of_one_day_before_the_month(
    language: str, width: int, first: str, tuesday: str, thursday: str
) -> None:
    labels = day_labels(WEEK, [width] * 7, display_for(replace(Config(), language=language)))
    assert (labels[0], labels[1], labels[3]) == (first, tuesday, thursday)
    assert all(cell_len(label) <= width for label in labels)


def test_day_headings_take_the_form_the_narrowest_column_has_room_for() -> None:
    labels = day_labels(WEEK, [12, 12, 5, 12, 12, 12, 12], display_for(Config()))
    assert labels == ["Mo 23", "Tu 24", "We 25", "Th 26", "Fr 27", "Sa 28", "Su 29"]
