"""The overview (m, M): a month or several weeks around the shown week, and back into a
week with enter or a double click.  Pictures at 80×24 and 120×40, in a 12-hour and a
German configuration (update on purpose with --snapshot-update)."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import activity, make_app
from rich.cells import cell_len
from textual import events
from textual.widgets import DataTable

from weekplan.app.key_bar import KeyBar
from weekplan.app.screens.overview_screen import OverviewGrid, OverviewScreen
from weekplan.model import Goal, SpecialDate
from weekplan.record import replace
from weekplan.store import Store


@pytest.fixture
def month(store: Store) -> Store:
    for item in [
        activity("a1", "2026-11-23", "07:00", "08:30", "gym", "fitness", done=True),
        activity("a2", "2026-11-23", "19:00", "20:00", "call mum", "friends"),
        activity("a3", "2026-11-24", "18:00", "20:00", "pottery class", "hobby"),
        activity("a4", "2026-11-25", "06:00", "07:00", "morning run", "fitness", done=True),
        activity("a5", "2026-11-26", "08:00", "12:00", "portfolio", "career"),
        activity("a6", "2026-11-17", "07:00", "08:00", "swim", "fitness", done=True),
        activity("a7", "2026-11-10", "19:00", "23:00", "[red]board games[/]", "friends"),
        activity("a8", "2026-12-02", "18:00", "19:30", "Spanish", "learning"),
    ]:
        store.put_activity(item)
    store.put_date(SpecialDate("d1", date(2026, 11, 28), "dinner at Lumen", 19 * 60, 22 * 60))
    store.put_date(SpecialDate("d2", date(2026, 11, 14), "picnic", status="done"))
    store.put_goal(Goal("fitness", count=2))
    store.put_goal(Goal("hobby", hours=2))
    store.forget()
    return store


def _lines(app: object) -> list[str]:
    grid = app.screen.query_one(OverviewGrid)  # type: ignore[attr-defined]
    return [grid.render_line(y).text for y in range(grid.size.height)]


async def test_m_shows_the_month_around_the_shown_week_and_enter_goes_to_a_day(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")  # week 50, in December
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        title = str(screen.query_one("#overview-title").render())
        assert "December 2026" in title
        lines = _lines(app)
        assert [line[:3] for line in lines if line.startswith("W")] == ["W49", "W50", "W51", "W52", "W53"]
        assert any("Spanish" in line for line in lines)
        await pilot.press("left_square_bracket")  # November
        assert "November 2026" in str(screen.query_one("#overview-title").render())
        lines = _lines(app)
        assert [line[:3] for line in lines if line.startswith("W")] == ["W44", "W45", "W46", "W47", "W48", "W49"]
        # The week of 23 Nov: fitness met (two runs done), hobby missed (planned, not done).
        w48 = next(line for line in lines if line.startswith("W48"))
        assert w48.rstrip().endswith("1/2")
        assert "♥" in w48  # the dinner on Saturday
        w49 = next(line for line in lines if line.startswith("W49"))
        assert w49.rstrip().endswith("-/2")  # to come: no verdict yet
        # The cursor kept its place in the month: 7 Dec became 7 Nov; down twice is 21 Nov.
        await pilot.press("down", "down", "enter")
        assert app.screen is app.main
        assert app.grid.cursor_date == date(2026, 11, 21)
        assert app.first_day == date(2026, 11, 16)
        await pilot.press("m", "right", "right", "down", "enter")  # from 21 Nov to 30 Nov
        assert app.grid.cursor_date == date(2026, 11, 30)
        assert app.first_day == date(2026, 11, 30)


async def test_escape_leaves_the_week_as_it_was_and_M_shows_eight_weeks(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("M")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        weeks = [line[:3] for line in _lines(app) if line.startswith("W")]
        assert weeks == ["W47", "W48", "W49", "W50", "W51", "W52", "W53", "W01"]
        await pilot.press("m")  # the month of the cursor's day
        assert "November 2026" in str(screen.query_one("#overview-title").render())
        await pilot.press("escape")
        assert app.screen is app.main and app.first_day == date(2026, 11, 23)


async def test_opened_again_it_is_the_same_screen_around_the_new_day_with_the_weeks_as_now(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("M")
        first = app.screen
        await pilot.press("down", "down", "down")  # the cursor moves on, the weeks scroll
        await pilot.press("escape", "right_square_bracket", "right_square_bracket")  # week 50
        month.put_activity(activity("k1", "2026-12-09", "10:00", "11:00", "kiln", "hobby"))
        await pilot.press("m")
        screen = app.screen
        assert screen is first  # kept, not built again
        grid = screen.query_one(OverviewGrid)
        assert grid.cursor == app.grid.cursor_date == date(2026, 12, 7)
        assert screen.focused is grid
        assert "December 2026" in str(screen.query_one("#overview-title").render())
        assert any("10:00 kiln" in line for line in _lines(app))
        await pilot.press("enter")
        assert app.screen is app.main and app.first_day == date(2026, 12, 7)


async def test_question_mark_shows_every_key_over_the_overview_and_comes_back(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "right")
        overview = app.screen
        assert "? Help" in overview.query_one(KeyBar).render_line(0).text  # however narrow
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        rows = app.screen.rows
        assert ("⏎", "Go to week", "the overview") in rows and ("←, h", "Day ←", "the overview") in rows
        assert not any(where != "the overview" for _, _, where in rows)  # not the week's keys
        keys = [keys for keys, _, _ in rows]
        assert "ctrl+p" in keys and "double click" in keys  # the palette and the mouse too
        await pilot.press("escape")
        assert app.screen is overview
        grid = overview.query_one(OverviewGrid)
        assert overview.focused is grid and grid.cursor == date(2026, 11, 24)


async def test_the_overviews_help_is_the_kept_one_and_says_where_once(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        week_help = app.screen
        assert [str(c.label) for c in week_help.query_one(DataTable).columns.values()][-1] == "Where"
        await pilot.press("escape", "m", "question_mark")
        assert app.screen is week_help  # the one help dialog, given the overview's rows
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["Keys", "What it does"]
        assert app.screen.query_one(".dialog").border_title == "Keys · the overview"
        await pilot.press("escape", "escape", "question_mark")
        assert app.screen is week_help and "Where" in [str(c.label) for c in table.columns.values()]


async def test_moving_past_the_last_week_turns_the_page(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        grid = app.screen.query_one(OverviewGrid)
        for _ in range(2):
            await pilot.press("down")
        assert grid.cursor == date(2026, 12, 7)
        assert "December 2026" in str(app.screen.query_one("#overview-title").render())


async def test_a_double_click_on_a_day_goes_to_its_week(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        grid = app.screen.query_one(OverviewGrid)
        x, width = grid._columns(grid.size.width)[3]  # Thursday
        band = grid._band()
        y = 1 + band * 2 + 1  # the third week (9–15 Nov), its bar line
        await pilot.click(OverviewGrid, offset=(x + width // 2, y))
        assert grid.cursor == date(2026, 11, 12)
        await pilot.click(OverviewGrid, offset=(x + width // 2, y), times=2)
        assert app.screen is app.main
        assert app.grid.cursor_date == date(2026, 11, 12)


def test_the_overview_120x40_in_12_hours(month: Store, snap_compare) -> None:
    month.save_config(replace(month.config, clock="12h", language="en"))
    assert snap_compare(make_app(month), press=["m"], terminal_size=(120, 40))


def test_the_overview_80x24_in_12_hours(month: Store, snap_compare) -> None:
    month.save_config(replace(month.config, clock="12h", language="en"))
    assert snap_compare(make_app(month), press=["m"], terminal_size=(80, 24))


def test_the_overview_120x40_in_german(month: Store, snap_compare) -> None:
    month.save_config(replace(month.config, language="de"))
    assert snap_compare(make_app(month), press=["m"], terminal_size=(120, 40))


def test_the_overview_80x24_in_german(month: Store, snap_compare) -> None:
    month.save_config(replace(month.config, language="de"))
    assert snap_compare(make_app(month), press=["m"], terminal_size=(80, 24))


@pytest.mark.parametrize(("language", "month_title"), [("ja", " 2026年11月 · "), ("hu", " 2026. november · ")])
async def test_the_overview_is_titled_as_its_language_writes_a_month(
    month: Store, language: str, month_title: str
) -> None:
    month.save_config(replace(month.config, language=language))
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        assert str(app.screen.query_one("#overview-title").render()).startswith(month_title)


@pytest.mark.parametrize(
    ("language", "title", "days"),
    [
        ("en", " 16 Nov 2026 – 10 Jan 2027 · ", ("16 Nov", "1 Dec", "1 Jan")),
        ("de", " 16. Nov. 2026\u2009–\u200910. Jan. 2027 · ", ("16. Nov.", "1. Dez.", "1. Jan.")),
        ("ja", " 2026年11月16日～2027年1月10日 · ", ("11月16日", "12月1日", "1月1日")),
        ("fr", " 16 nov. 2026\u2009–\u200910 janv. 2027 · ", ("16 nov.", "1 déc.", "1 janv.")),
    ],
)
async def test_eight_weeks_name_their_days_as_the_language_writes_a_day_of_a_month(
    month: Store, language: str, title: str, days: tuple[str, ...]
) -> None:
    month.save_config(replace(month.config, language=language))
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("M")
        assert str(app.screen.query_one("#overview-title").render()).startswith(title)
        cells = [cell.strip(" ›") for line in _lines(app) for cell in line.split("│")]
    for day in days:  # the view's first day and each month's first, whole
        assert day in cells
    assert not any(cell.startswith(("16 11", "1 12")) for cell in cells)  # the day before a Japanese month


async def test_privacy_hides_the_dates_titles_in_the_overview_too(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        assert any("dinner" in line for line in _lines(app))
        await pilot.press("escape", "P", "m")
        text = "\n".join(_lines(app))
        assert "dinner" not in text and "picnic" not in text and "♥•••" in text
        assert "pottery" in text  # your own week is not hidden


async def test_no_title_drives_the_terminal(month: Store) -> None:
    month.put_activity(activity("esc", "2026-11-24", "07:00", "08:00", "\x1b[2Jwiped\x07", "rest"))
    month.forget()
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        text = "\n".join(_lines(app))
        assert "\x1b" not in text and "\x07" not in text and "␛[2Jwip" in text  # as the week shows it


async def test_the_wheel_moves_a_week_at_a_time(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        grid = app.screen.query_one(OverviewGrid)
        # Pilot has no wheel of its own: the events it would send.
        await pilot._post_mouse_events([events.MouseScrollDown], OverviewGrid, offset=(10, 5))
        assert grid.cursor == date(2026, 11, 30)
        await pilot._post_mouse_events([events.MouseScrollUp], OverviewGrid, offset=(10, 5))
        await pilot._post_mouse_events([events.MouseScrollUp], OverviewGrid, offset=(10, 5))
        assert grid.cursor == date(2026, 11, 16)


async def test_r_reviews_the_cursors_week_and_the_overview_shows_what_it_changed(month: Store) -> None:
    from weekplan.app.together.review_screen import ReviewScreen

    app = make_app(month)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m", "up")  # 16 Nov, week 47
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.week.week == 47
        await pilot.press("escape", "down", "down", "r")  # week 49 is still to come
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("up", "r")  # this week, 23–29 Nov
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.week.week == 48
        w48 = next(line for line in _lines_of(app, OverviewScreen) if line.startswith("W48"))
        assert w48.rstrip().endswith("1/2")
        # The pottery class (hobby, 2 h) marked done in the review meets the hobby goal.
        listing = review.query_one("#review-list")
        listing.highlighted = next(i for i, o in enumerate(listing.options) if o.id == "activity:a3")
        await pilot.press("d", "escape")
        assert isinstance(app.screen, OverviewScreen)
        w48 = next(line for line in _lines(app) if line.startswith("W48"))
        assert w48.rstrip().endswith("2/2✓")


def _lines_of(app: object, screen_type: type) -> list[str]:
    screen = next(s for s in app.screen_stack if isinstance(s, screen_type))  # type: ignore[attr-defined]
    grid = screen.query_one(OverviewGrid)
    return [grid.render_line(y).text for y in range(grid.size.height)]


def _cells(app: object, line: str) -> list[str]:
    """The seven day cells of a line, each without its separator."""
    grid = app.screen.query_one(OverviewGrid)  # type: ignore[attr-defined]
    return [line[x : x + w].removeprefix("│") for x, w in grid._columns(grid.size.width)]


@pytest.mark.parametrize("size", [(80, 24), (70, 30)])
async def test_a_title_cut_to_its_cell_ends_in_an_ellipsis(month: Store, size: tuple[int, int]) -> None:
    titles = ["gym", "call mum", "pottery class", "morning run", "portfolio", "dinner at Lumen"]
    app = make_app(month)
    async with app.run_test(size=size) as pilot:
        await pilot.press("m")
        shown = [cell[1:].rstrip() for line in _lines(app) if not line.startswith("W") for cell in _cells(app, line)]
        texts = [text for text in shown if any(title[:3] in text for title in titles)]
        assert texts, shown
        for text in texts:
            assert any(text.endswith(title) for title in titles) or text.endswith("…"), text


@pytest.mark.parametrize("size", [(50, 16), (40, 14), (30, 16)])
async def test_a_narrow_month_keeps_each_day_number_whole(month: Store, size: tuple[int, int]) -> None:
    month.put_date(SpecialDate("d3", date(2026, 11, 12), "museum", 18 * 60, 20 * 60))
    month.forget()
    app = make_app(month)
    async with app.run_test(size=size) as pilot:
        await pilot.press("m")
        lines = _lines(app)
        week_lines = [line for line in lines if line.startswith("W")]
        first_days = [date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
        for line, first in zip(week_lines, first_days, strict=False):
            cells = [cell.replace("›", " ").replace("♥", " ").split() for cell in _cells(app, line)]
            numbers = [words[0] if words else "" for words in cells]
            assert numbers == [str(date.fromordinal(first.toordinal() + i).day) for i in range(7)], line
            # A month's name is there whole or not at all ("1 No" would read as a word).
            for words in cells:
                assert words[1:] in ([], ["Oct"], ["Nov"]), line
        # The heading's last day and "goals" stay apart.
        assert " goals" in lines[0] or "goals" not in lines[0], lines[0]


async def test_a_title_line_too_long_for_the_screen_ends_in_an_ellipsis(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(56, 20)) as pilot:
        await pilot.press("m")
        title = app.screen.query_one("#overview-title")
        shown = title.render_line(0).text.rstrip()
        full = str(title.render())
        assert cell_len(full) > 56  # the facts do not all fit
        assert shown.endswith("…") and full.startswith(shown[:-1]), shown


async def test_a_narrow_overview_shows_only_whole_keys_in_its_footer(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.press("m")
        line = app.screen.query_one(KeyBar).render_line(0).text
        descriptions = {"Back", "Go to week", "Earlier", "Later", "Today", "Month", "Weeks", "Review the week", "Help"}
        shown = [part.strip() for part in line.split("  ") if part.strip()]
        assert shown[0] == "esc Back", line
        for part in shown:
            assert part.split(" ", 1)[1] in descriptions, line


async def test_a_short_screen_keeps_the_cursors_week_in_view(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.press("right_square_bracket", "m")  # 30 Nov: the last of November's six weeks
        assert isinstance(app.screen, OverviewScreen)
        assert any("›30" in line for line in _lines(app)), _lines(app)
        await pilot.press("up", "up", "up", "up", "up")  # 26 Oct, the first week
        assert any("›26" in line for line in _lines(app)), _lines(app)
        # A click lands on the day drawn where it clicks, scrolled or not.
        grid = app.screen.query_one(OverviewGrid)
        first_week = next(y for y, line in enumerate(_lines(app)) if line.startswith("W44"))
        assert grid.day_at(grid._columns(80)[2][0] + 1, first_week) == date(2026, 10, 28)
        await pilot.press("down", "down", "down", "down", "down")
        lines = _lines(app)
        assert any("›30" in line for line in lines), lines
        y = next(y for y, line in enumerate(lines) if "›30" in line)
        assert grid.day_at(grid._columns(80)[0][0] + 1, y) == date(2026, 11, 30)


async def test_a_double_click_on_the_partly_drawn_last_week_chooses_the_day_clicked(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.press("m")  # November's six weeks, four whole and one line of a fifth
        await pilot.press("up", "up", "up", "up")  # 26 Oct: scrolled to the top
        grid = app.screen.query_one(OverviewGrid)
        lines = _lines(app)
        bottom = len(lines) - 1
        assert lines[bottom].startswith("W47"), lines  # the first line of 16 Nov's week
        x = grid._columns(80)[2][0] + 2
        assert grid.day_at(x, bottom) == date(2026, 11, 18)
        chosen: list[date | None] = []
        app.screen.dismiss = lambda day=None: chosen.append(day)  # what the double click chooses
        await pilot.click(OverviewGrid, offset=(x, bottom), times=2)
        await pilot.pause()
        assert grid.cursor == date(2026, 11, 18)
        assert chosen == [date(2026, 11, 18)]
        after = _lines(app)
        assert [line[:3] for line in after] == [line[:3] for line in lines]  # no week scrolled
        assert "›18" in after[bottom], after
        # Painting and asking what is where do not scroll; the next key does.
        assert grid.day_at(x, bottom) == date(2026, 11, 18)
        await pilot.press("right")
        assert any("›19" in line for line in _lines(app)[1:-1]), _lines(app)


async def test_a_new_month_is_drawn_from_its_first_week_when_the_cursors_fits(month: Store) -> None:
    app = make_app(month)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.press("right_square_bracket", "m")  # 30 Nov: November scrolled to its end
        assert not any(line.startswith("W44") for line in _lines(app)), _lines(app)
        await pilot.press("down")  # 7 Dec, December's second week
        lines = _lines(app)
        assert "December" in str(app.screen.query_one("#overview-title").render())
        assert lines[1].startswith("W49"), lines  # 30 Nov's week, first of December's
        assert any("›7" in line for line in lines), lines
