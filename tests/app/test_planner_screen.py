"""The planner's screen under stress: unreadable files, markup-like and wide text,
the mouse, and every terminal size from 40×12 to 300×100."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import TODAY, Notes, activity, grid_lines, grid_text, make_app
from rich.cells import cell_len
from textual import events
from textual.widgets import Static

from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.error_screen import ErrorScreen
from weekplan.app.week_grid import WeekGrid
from weekplan.grid_layout import GUTTER_WIDTH
from weekplan.model import SpecialDate
from weekplan.store import Store
from weekplan.weeks import IsoWeek

BROKEN = '[activities.a1]\ndate = 2026-11-24\nstart = "09:00"\nend = "10:00"\ntitle = "oops\n'


def break_week(store: Store, week: str = "2026-W48") -> bytes:
    path = store.week_path(IsoWeek.parse(week))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BROKEN, "utf-8")
    store.forget()
    return path.read_bytes()


# -- files that cannot be read ---------------------------------------------------------


async def test_an_unreadable_week_is_shown_as_an_error_and_is_read_only(store: Store) -> None:
    store.put_activity(activity("sun1", "2026-11-22", "10:00", "11:00", "brunch", "friends"))
    before = break_week(store)
    path = store.week_path(IsoWeek.parse("2026-W48"))
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        banner = app.main.query_one("#problems", Static)
        assert banner.display
        shown = str(banner.render())
        assert f"{path}:5:" in shown and "read-only" in shown
        assert "read-only" in app.main.query_one("#header").render_line(0).text

        await pilot.press("a")
        assert app.screen is app.main  # no form for an edit that could not be saved
        assert "could not be read" in notes.last

        # Moving an entry from last week into the broken week is refused too.
        app.go_to(date(2026, 11, 22), 10 * 60)
        assert app.grid.selected.id == "sun1"
        await pilot.press("shift+right")
        assert "could not be read" in notes.last
        assert Store(store.root).week(IsoWeek.parse("2026-W47")).items["sun1"].date == date(2026, 11, 22)
        # Pasting into it: refused.
        await pilot.press("y", "right_square_bracket", "p")
        assert "could not be read" in notes.last
    assert path.read_bytes() == before


async def test_an_unreadable_routines_file_is_named_in_the_banner(store: Store) -> None:
    # Its occurrences are left out of the grid: once without a word, as if there were none.
    store.routines_path.write_text(
        '[routines.r1]\ntitle = "gym"\ndays = ["monday"]\nstart = "07:00"\nend = "08:00"\n'
        'first = 2026-11-02\ninterval = "weekly"\n',
        "utf-8",
    )
    store.forget()
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        banner = app.main.query_one("#problems", Static)
        assert banner.display
        assert f"{store.routines_path}:7:12:" in str(banner.render())


async def test_clicking_the_banner_lists_every_problem(store: Store) -> None:
    break_week(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#problems")
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("escape")
        assert app.screen is app.main


async def test_undo_into_a_file_that_broke_meanwhile_is_refused(store: Store) -> None:
    store.put_activity(activity("gym1", "2026-11-23", "09:00", "10:00", "gym"))
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "x")
        assert "gym1" not in Store(store.root).week(IsoWeek.parse("2026-W48")).items
        path = store.week_path(IsoWeek.parse("2026-W48"))
        path.write_text(BROKEN, "utf-8")
        await pilot.press("u")
        assert "could not be read" in notes.last
        assert path.read_text("utf-8") == BROKEN
        # The change stays undoable once the file is fixed.
        path.write_text("", "utf-8")
        store.forget()
        await pilot.press("u")
        assert "gym1" in Store(store.root).week(IsoWeek.parse("2026-W48")).items


async def test_an_unreadable_config_is_never_written_by_a_theme_change(store: Store) -> None:
    store.config_path.write_text('theme = "nord"\nslot_minutes = "many"\n', "utf-8")
    before = store.config_path.read_bytes()
    store.forget()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.main.query_one("#problems", Static).display
        app.theme = "gruvbox"
        await pilot.pause()
    assert store.config_path.read_bytes() == before


# -- text shown as typed ------------------------------------------------------------------


async def test_markup_in_titles_is_shown_literally_and_does_nothing(store: Store) -> None:
    store.put_activity(activity("m1", "2026-11-23", "09:00", "11:00", "[red]x[/]", "hobby"))
    store.put_activity(activity("m2", "2026-11-24", "09:00", "11:00", "[@click=app.quit]go", "hobby"))
    store.put_date(SpecialDate("d1", date(2026, 11, 25), "[b]we[/b]", 19 * 60, 21 * 60, place="[i]x"))
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(200, 50)) as pilot:
        text = grid_text(app)
        assert "[red]x[/]" in text and "[@click=app.q" in text and "♥ [b]we[/b]" in text
        prompts = app.panel.text
        assert "[b]we[/b]" in prompts and "@ [i]x" in prompts
        grid = app.main.query_one(WeekGrid)
        x = grid.region.x + 6 + (grid.size.width - 6) // 7 + 3
        y = grid.region.y + 1 + app.grid.week.row_of(9 * 60) - app.grid.top
        await pilot.click(offset=(x, y))
        assert app.is_running and app.grid.selected.id == "m2"
        await pilot.press("x")
        assert "[@click=app.quit]go" in notes.last


async def test_wide_characters_keep_every_line_the_grid_width(store: Store) -> None:
    store.put_activity(activity("w1", "2026-11-23", "09:00", "10:00", "日本語のタイトル", "hobby"))
    store.put_activity(activity("w2", "2026-11-23", "09:00", "10:00", "🧗🧗🧗 climb", "friends"))
    store.put_activity(activity("w3", "2026-11-23", "09:00", "10:00", "ok", "rest"))
    app = make_app(store)
    async with app.run_test(size=(97, 30)):
        for line in grid_lines(app):
            assert cell_len(line) == app.grid.size.width
        assert "日" in grid_text(app)


# -- the mouse -----------------------------------------------------------------------------


def cell_offset(app, day_index: int, minute: int) -> tuple[int, int]:
    from weekplan.grid_layout import column_spans

    grid = app.grid
    x, _ = column_spans(grid.size.width)[day_index]
    row = grid.week.row_of(minute)
    return x + 2, 1 + row - grid.top


async def test_click_moves_the_cursor_and_double_click_edits(store: Store) -> None:
    store.put_activity(activity("c1", "2026-11-26", "12:00", "13:00", "lunch", "friends"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click(WeekGrid, offset=cell_offset(app, 2, 14 * 60))
        assert app.grid.cursor_date == date(2026, 11, 25) and app.grid.cursor_minute == 14 * 60
        await pilot.double_click(WeekGrid, offset=cell_offset(app, 3, 12 * 60))
        await pilot.pause()
        assert isinstance(app.screen, ActivityForm) and app.screen.activity.id == "c1"


async def test_scrolling_moves_through_the_day(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()  # the first settled size places the view
        grid = app.grid
        top = grid.top
        grid.post_message(events.MouseScrollDown(grid, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert grid.top == top + 3
        assert grid.top <= grid.cursor_row < grid.top + grid.size.height - 1  # the cursor stays in view
        assert "▲" in grid_lines(app)[0]  # rows above are hidden: a sign says so
        grid.post_message(events.MouseScrollUp(grid, 5, 5, 0, -1, 0, False, False, False))
        await pilot.pause()
        assert grid.top == top


# -- every size --------------------------------------------------------------------------------

SIZES = [(40, 12), (44, 14), (60, 20), (80, 24), (99, 30), (100, 30), (120, 40), (160, 50), (240, 80), (300, 100)]


@pytest.mark.parametrize("size", SIZES)
async def test_any_size_paints_whole_lines_and_keeps_the_cursor_in_view(seeded: Store, size) -> None:
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "j", "l", "right_square_bracket", "left_square_bracket")
        grid = app.grid
        box = app.main.query_one("#together-box")
        assert grid.size.width == (size[0] - box.outer_size.width if app.panel_visible else size[0])
        lines = grid_lines(app)
        assert all(cell_len(line) == grid.size.width for line in lines)
        rows_shown = max(1, (grid.size.height - 1) // grid.lines_per_row)
        assert grid.top <= grid.cursor_row < grid.top + rows_shown
        header = app.main.query_one("#header").render_line(0).text
        assert cell_len(header) == size[0]
        assert "Week 48 · 23–29 Nov 2026" in header  # the week shown is named at every size
        hidden_below = (len(grid.week.rows) - grid.top) * grid.lines_per_row > grid.size.height - 1
        assert ("▼" in lines[-1]) == hidden_below
        assert app.panel_visible == (size[0] >= 100)


async def test_resizing_through_the_range_never_breaks(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        for width, height in [*SIZES, *reversed(SIZES), (41, 100), (300, 12)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            grid = app.grid
            if grid.display:
                assert all(cell_len(line) == grid.size.width for line in grid_lines(app))
                rows_shown = max(1, (grid.size.height - 1) // grid.lines_per_row)
                assert grid.top <= grid.cursor_row < grid.top + rows_shown
        assert app.grid.cursor_date == TODAY


async def test_shrinking_the_terminal_keeps_a_late_cursor_in_view(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(TODAY, 22 * 60)
        for width, height in [(80, 24), (40, 12), (120, 40), (60, 14)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            grid = app.grid
            assert grid.cursor_minute == 22 * 60
            assert grid.top <= grid.cursor_row < grid.top + grid.size.height - 1
            assert any(line.startswith("22:00") or "›" in line for line in grid_lines(app)[1:])


def computed_styles(app) -> list[tuple[str, str]]:
    """Every widget's and component class's style on the main screen."""
    found = []
    for node in app.main.walk_children(with_self=True):
        found.append((f"{type(node).__name__}#{node.id}", node.styles.css))
        for name in sorted(node.COMPONENT_CLASSES):
            found.append((f"{type(node).__name__}.{name}", str(node.get_component_rich_style(name, partial=False))))
    return found


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@pytest.mark.parametrize("theme", [None, "nord"])
async def test_the_first_screen_is_styled_as_a_full_restyle_would_style_it(store: Store, size, theme) -> None:
    # The first resume skips Textual's whole-screen restyle (PlannerScreen.on_screen_resume).
    if theme:
        store.config_path.write_text(f'theme = "{theme}"\n', "utf-8")
        store.forget()
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.theme == (theme or app.theme)
        at_start = computed_styles(app)
        app.update_styles(app.main)
        assert computed_styles(app) == at_start


async def test_the_grid_is_styled_once_as_focused_and_follows_the_focus_after(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The grid starts styled as focused (PlannerScreen.compose), so the focus given in
    # start does not style it and its component classes a second time.
    from textual.css.stylesheet import Stylesheet

    styled: list[str] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: object, **kwargs: object) -> None:
        if isinstance(node, WeekGrid):
            styled.append(node.id or "")
        apply(self, node, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        grid = app.grid
        assert styled == ["grid"]
        assert app.focused is grid and grid.has_focus
        focused_cursor = grid.get_component_rich_style("week-grid--cursor", partial=False)
        await pilot.press("tab")  # to the Together panel: the grid's cursor shows it lost the focus
        assert app.focused is app.panel and not grid.has_focus
        assert grid.get_component_rich_style("week-grid--cursor", partial=False) != focused_cursor
        await pilot.press("tab")
        assert app.focused is grid
        assert grid.get_component_rich_style("week-grid--cursor", partial=False) == focused_cursor


@pytest.mark.parametrize("height", [24, 34])
async def test_every_goal_stays_in_sight_under_a_long_panel(store: Store, height: int) -> None:
    from weekplan.model import Goal, Idea

    for n in range(6):  # dates coming up, each with its place and preparation: three lines
        day = date(2026, 11, 28 + 3 * n) if n < 1 else date(2026, 12, 3 * n)
        store.put_date(SpecialDate(f"d{n}", day, f"date {n}", place="somewhere", prep="book a table", prep_days=3))
    for n in range(30):
        store.put_idea(Idea(f"i{n}", f"idea number {n}"))
    categories = ("fitness", "friends", "hobby", "career", "learning", "rest")
    for category in categories:
        store.put_goal(Goal(category, count=2))
    app = make_app(store)
    async with app.run_test(size=(120, height)) as pilot:
        box, goals = app.main.query_one("#together-box"), app.main.query_one("#goals")
        panel = app.panel
        assert panel.virtual_size.height > panel.size.height  # more than the box has room for
        assert goals.size.height == len(categories) + 1  # the heading and a line a goal
        assert goals.region.y > panel.region.bottom  # under the list, never over it
        assert goals.region.bottom <= box.content_region.bottom  # none cut off below
        shown = "\n".join(goals.render_line(y).text for y in range(goals.size.height))
        assert all(category.capitalize() in shown for category in categories)
        # The list scrolls instead: its last row can be brought into view.
        await pilot.press("tab", "end")
        first, count = panel.row_lines(panel.highlighted)
        assert panel.scroll_offset.y > 0
        assert panel.scroll_offset.y <= first and first + count <= panel.scroll_offset.y + panel.size.height


# -- what is painted under the widgets ----------------------------------------------------


def uncovered_cells(app) -> list[tuple[int, int]]:
    """The cells of the main screen no widget but the screen itself paints."""
    screen = app.main
    width, height = screen.size
    covered = [[False] * width for _ in range(height)]
    for widget, (region, clip) in screen._compositor.visible_widgets.items():
        if widget is screen:
            continue
        shown = region.intersection(clip)
        for y in range(shown.y, shown.bottom):
            for x in range(shown.x, shown.right):
                covered[y][x] = True
    return [(x, y) for y in range(height) for x in range(width) if not covered[y][x]]


@pytest.mark.parametrize("size", SIZES)
async def test_the_screen_itself_never_shows_so_it_is_painted_blank(seeded: Store, size) -> None:
    # PlannerScreen.BLANK: its lines are not worked out (nor passed through the app's
    # colour filters), which is right only while the widgets it holds cover every
    # cell: the panel shown, hidden or alone, with a banner, the focus moved, resized.
    break_week(seeded, "2026-W49")
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert uncovered_cells(app) == []
        await pilot.press("right_square_bracket")  # the unreadable week: the banner shows
        await pilot.pause()
        assert app.main.query_one("#problems").display
        assert uncovered_cells(app) == []
        await pilot.press("T")  # the panel toggled: alone on a narrow screen, hidden on a wide one
        await pilot.pause()
        assert uncovered_cells(app) == []
        await pilot.press("tab")  # the focus moved: the panel folds in or out on a narrow screen
        await pilot.pause()
        assert uncovered_cells(app) == []
        for width, height in ((size[0] // 2, size[1]), (size[0] * 2, size[1] // 2), size):
            await pilot.resize_terminal(width, height)  # resized after the toggles
            await pilot.pause()
            assert uncovered_cells(app) == [], (width, height)


def painted(strips) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@pytest.mark.parametrize("focus_on_panel", [False, True])
async def test_the_together_box_is_painted_as_textual_paints_it(seeded: Store, focus_on_panel: bool) -> None:
    # TogetherBox paints one line and repeats it: the same lines as Textual's own
    # painting, whose border takes another colour while the panel has the focus.
    from textual.geometry import Region
    from textual.widget import Widget

    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        if focus_on_panel:
            await pilot.press("tab")
        await pilot.pause()
        box = app.main.query_one("#together-box")
        whole = Region(0, 0, box.size.width, box.size.height)
        repeated = painted(box.render_lines(whole))
        box._styles_cache.clear()
        assert repeated == painted(Widget.render_lines(box, whole))
        assert len(repeated) == box.size.height
        part = Region(0, 5, box.size.width, 7)
        box._styles_cache.clear()
        assert painted(box.render_lines(part)) == painted(Widget.render_lines(box, part))


@pytest.mark.parametrize("rule", ["border-top: solid red", "outline: round red", "keyline: thin red"])
async def test_a_together_box_with_lines_of_its_own_is_painted_line_by_line(seeded: Store, rule: str) -> None:
    # Lines unlike the others (a border or an outline above, keylines around the panel
    # and the goals): the box paints every line as Textual does.
    from textual.geometry import Region
    from textual.widget import Widget

    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.stylesheet.add_source(f"#together-box {{ {rule}; }}", read_from=("test", "box"))
        app.stylesheet.reparse()
        app.stylesheet.update(app.main)
        await pilot.pause()
        box = app.main.query_one("#together-box")
        whole = Region(0, 0, box.size.width, box.size.height)
        lines = painted(box.render_lines(whole))
        box._styles_cache.clear()
        assert lines == painted(Widget.render_lines(box, whole))
        assert len({tuple(line) for line in lines}) > 1


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24), (100, 30), (120, 40)])
async def test_the_day_headings_share_one_form_and_keep_the_weekday(seeded: Store, size) -> None:
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        await pilot.press("t")
        heading = grid_lines(app)[0][GUTTER_WIDTH:]
        labels = [label.replace("♥", "").split() for label in heading.split("│") if label.strip()]
        assert len(labels) == 7, heading
        weekdays = [words[0].rstrip("0123456789") for words in labels]
        assert all(weekdays), heading  # each day says which it is
        assert len({len(w) for w in weekdays}) == 1, heading  # "Mon" beside "Fr" would read as a slip
        assert len({len(words) for words in labels}) == 1, heading  # a month on all of them or none
        if size[0] >= 80:  # room for two letters: no two days share a weekday's name
            assert len(set(weekdays)) == 7, heading
