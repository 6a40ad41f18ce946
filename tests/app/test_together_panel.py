"""The Together panel as a list: the keys and the mouse move the highlight over the
dates and ideas only (never a heading, a rule or "and N more"), the highlight stays on
its row when the data changes, and the highlighted row is always on screen."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import make_app
from rich.cells import cell_len
from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.style import Style

from weekplan.app.planner import PlannerApp
from weekplan.app.row_list import lay_out, paint
from weekplan.app.screens.date_form import DateForm
from weekplan.app.together.idea_form import IdeaForm
from weekplan.app.together_panel import GoalsView, TogetherPanel
from weekplan.model import Idea, SpecialDate
from weekplan.sample import SampleData, sample_id, write_sample
from weekplan.store import Store

TODAY = date(2026, 11, 23)
ROOFTOP = sample_id("date:rooftop")  # the second date coming up, four lines high


@pytest.fixture
def sample(store: Store) -> SampleData:
    data = write_sample(store, TODAY)
    store.forget()
    return data


def highlighted(panel: TogetherPanel) -> str | None:
    row = panel.highlighted_row
    return None if row is None else row.id


def stops(panel: TogetherPanel) -> list[str]:
    """The rows the cursor stops on, top to bottom."""
    return [row.id for row in panel.rows if row.selectable]


def shown(panel: TogetherPanel) -> list[str]:
    """The panel's lines as they are on screen now."""
    return [panel.render_line(y).text.rstrip() for y in range(panel.size.height)]


def on_screen(panel: TogetherPanel, row_id: str) -> bool:
    """Every line of the row is on screen (the row is drawn wrapped at the panel's width)."""
    index = panel.row_index(row_id)
    assert index is not None
    first, count = panel.row_lines(index)
    top = panel.scroll_offset.y
    return top <= first and first + count <= top + panel.size.height


async def test_arrows_home_and_end_stop_on_dates_and_ideas_only(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        panel = app.panel
        order = stops(panel)
        assert [i.split(":")[0] for i in order] == ["date"] * 2 + ["idea"] * 8
        assert {"h:coming", "h:ideas", "i:more"} <= {row.id for row in panel.rows}
        assert highlighted(panel) == order[0]  # the first date, not the heading above it
        visited = [highlighted(panel)]
        for _ in order[1:]:
            await pilot.press("down")
            visited.append(highlighted(panel))
        assert visited == order  # from the last date over the rule and "Ideas" to the first idea
        await pilot.press("down")
        assert highlighted(panel) == order[0]  # round the end, as before
        await pilot.press("up")
        assert highlighted(panel) == order[-1]  # not "and 4 more"
        await pilot.press("home")
        assert highlighted(panel) == order[0]
        await pilot.press("end")
        assert highlighted(panel) == order[-1]


async def test_page_keys_move_a_screen_and_keep_the_highlight_at_the_ends(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    # Tall enough for a page of several rows above the goals, short enough to scroll.
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.press("tab")
        panel = app.panel
        order = stops(panel)
        assert panel.size.height < len(panel.text.splitlines())  # the list scrolls here
        await pilot.press("pagedown")
        paged = order.index(highlighted(panel))
        assert paged >= 3  # further than one step, onto a row the cursor stops on
        assert on_screen(panel, order[paged])
        for _ in range(5):
            await pilot.press("pagedown")
        # At the end the last idea keeps the highlight ("and 4 more" below it cannot have it).
        assert highlighted(panel) == order[-1] and on_screen(panel, order[-1])
        await pilot.press("pageup")
        assert order.index(highlighted(panel)) < len(order) - 1
        for _ in range(5):
            await pilot.press("pageup")
        assert highlighted(panel) == order[0] and on_screen(panel, order[0])


async def test_the_highlighted_row_is_scrolled_into_view_in_a_short_terminal(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 16)) as pilot:
        await pilot.press("tab")
        panel = app.panel
        order = stops(panel)
        assert "Coming up" in shown(panel)
        for row_id in [*order[1:], order[0]]:
            await pilot.press("down")
            assert highlighted(panel) == row_id and on_screen(panel, row_id), row_id
        await pilot.press("end")
        assert on_screen(panel, order[-1]) and "Coming up" not in shown(panel)
        last_title = sample_title(app, order[-1])
        assert any(line.startswith(last_title) for line in shown(panel))
        await pilot.press("home")
        assert on_screen(panel, order[0])


def sample_title(app: PlannerApp, row_id: str) -> str:
    item = app.panel.items[row_id]
    return item.title


async def test_the_wheel_scrolls_without_moving_the_highlight(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 16)) as pilot:
        await pilot.press("tab")
        panel = app.panel
        before = highlighted(panel)
        panel.post_message(events.MouseScrollDown(panel, 1, 1, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert panel.scroll_offset.y > 0 and "Coming up" not in shown(panel)
        assert highlighted(panel) == before
        panel.post_message(events.MouseScrollUp(panel, 1, 1, 0, -1, 0, False, False, False))
        await pilot.pause()
        assert panel.scroll_offset.y == 0 and "Coming up" in shown(panel)


async def test_a_click_highlights_the_row_and_opens_it_but_not_a_heading(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        lines = shown(panel)
        ideas_heading = lines.index("Ideas")
        assert await pilot.click(TogetherPanel, offset=(2, ideas_heading))
        assert app.screen is app.main and highlighted(panel) == stops(panel)[0]
        first, count = panel.row_lines(panel.row_index(f"date:{ROOFTOP}"))
        assert count == 5  # the title wraps; the place, the preparation and the rule below
        assert await pilot.click(TogetherPanel, offset=(4, first + 2))  # on the place line
        assert isinstance(app.screen, DateForm) and app.screen.special.id == ROOFTOP
        await pilot.press("escape")
        assert highlighted(panel) == f"date:{ROOFTOP}"


async def test_the_highlight_stays_on_its_row_when_the_list_changes(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        panel = app.panel
        while not panel.highlighted_row.content.plain.startswith("Sunrise hike"):  # the last never-tried idea
            await pilot.press("down")
        kept, index = highlighted(panel), panel.highlighted
        # A new idea is never tried and comes first among those: the rows below it move down.
        await pilot.press("a")
        assert isinstance(app.screen, IdeaForm)
        await pilot.press(*"Aardvark walk", "ctrl+s")
        await pilot.pause()
        assert panel.rows[panel.row_index(kept) - 5].content.plain.startswith("Aardvark walk")
        assert highlighted(panel) == kept and panel.highlighted == index + 1
        await pilot.press("home")
        first = highlighted(panel)
        await pilot.press("down")
        second = highlighted(panel)
        await pilot.press("x")  # the row under the highlight goes: the highlight goes to the top
        await pilot.pause()
        assert second not in stops(panel) and highlighted(panel) == first


async def test_switching_weeks_repaints_only_the_goals(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        goals = app.main.query_one("#goals", GoalsView)
        rows, this_week = panel.rows, goals.text
        await pilot.press("right_square_bracket")
        assert panel.rows is rows  # not rebuilt, not measured again
        assert goals.text != this_week and goals.text.startswith("Goals this week")


async def test_the_row_under_the_mouse_is_marked_until_the_mouse_leaves(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel

        def background(y: int) -> object:
            return next(iter(panel.render_line(y))).style.bgcolor

        lines = shown(panel)
        hovered, other = (next(y for y, line in enumerate(lines) if line.startswith(t)) for t in ("Escape", "Salsa"))
        assert background(hovered) == background(other)
        await pilot.hover(TogetherPanel, offset=(3, hovered))
        assert background(hovered) != background(other)
        assert highlighted(panel) == stops(panel)[0]  # pointing is not choosing
        await pilot.hover("#grid", offset=(3, 3))
        assert background(hovered) == background(other)


async def test_a_goal_too_long_for_the_panel_ends_in_an_ellipsis() -> None:
    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield GoalsView(id="goals")

    app = Host()
    async with app.run_test(size=(20, 5)) as pilot:
        goals = app.query_one(GoalsView)
        goals.show([Content("Goals this week"), Content("· Learning Portuguese 1/3×"), Content("· Rest 2/2×")])
        await pilot.pause()
        assert [goals.render_line(y).text.rstrip() for y in range(3)] == [
            "Goals this week",
            "· Learning Portugue…",
            "· Rest 2/2×",
        ]
        assert goals.size.height == 3  # one line a goal: none pushed out of sight


async def test_the_heading_never_scrolls_away_over_empty_rows(store: Store) -> None:
    # A short list, then many ideas and dates (the list grows past the panel), then the
    # dates gone again: at each step the list is scrolled no further than its rows reach,
    # and once everything fits its heading is back on top.
    store.put_idea(Idea("i0", "first idea"))
    store.forget()
    app = make_app(store)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.press("tab")
        panel = app.panel

        def check() -> None:
            lines = panel.virtual_size.height
            height = panel.scrollable_content_region.height
            assert panel.scroll_offset.y <= max(0, lines - height)
            if lines <= height:
                assert panel.scroll_offset.y == 0 and panel.render_line(0).text.startswith("Coming up")

        for i in range(1, 12):
            store.put_idea(Idea(f"i{i}", f"idea number {i}"))
        dates = [
            SpecialDate(f"d{i}", date(2026, 11, 24 + i), f"date {i}", 19 * 60, 21 * 60, prep="book", prep_days=3)
            for i in range(6)
        ]
        for special in dates:
            store.put_date(special)
        app.data_version += 1
        app.refresh_panel()
        await pilot.press("end")  # the last idea: the list scrolls down to it
        await pilot.pause()
        assert panel.scroll_offset.y > 0
        check()
        for special in dates:
            store.remove_date(special)
        app.data_version += 1
        app.refresh_panel()
        await pilot.pause()
        await pilot.pause()
        check()
        assert panel.render_line(0).text.startswith("Coming up")


async def test_a_list_that_grows_under_a_kept_highlight_keeps_its_heading(store: Store) -> None:
    # The highlight is on the one idea; planning dates puts many rows above it.  The
    # list grows to hold them all, so nothing needs scrolling: the heading stays on top
    # (it used to be scrolled away for the list's old, short height, rows empty below).
    store.put_idea(Idea("i0", "first idea"))
    store.forget()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        panel = app.panel
        assert panel.highlighted_row.id == "idea:i0"
        for i in range(6):
            store.put_date(SpecialDate(f"d{i}", date(2026, 11, 24 + i), f"date {i}", 19 * 60, 21 * 60, place="x"))
        app.data_version += 1
        app.refresh_panel()
        await pilot.pause()
        await pilot.pause()
        assert panel.highlighted_row.id == "idea:i0"
        assert panel.virtual_size.height <= panel.scrollable_content_region.height  # it all fits
        assert panel.scroll_offset.y == 0
        assert panel.render_line(0).text.startswith("Coming up")


# Titles that test the layout: long, wide (CJK, emoji) and right-to-left.
AWKWARD_TITLES = (
    "Dinner on the roof terrace with a view over the whole old harbour at sunset",
    "屋上テラスで夜景を見ながらのディナー",
    "🎉👩‍❤️‍👨 Surprise party with 🎂🎈🎁 and friends",
    "ארוחת ערב על הגג עם נוף לנמל",
)


# The panel in place of the grid, and the panel beside it (as wide from 100 columns up); lay_out's own
# widths are tested below.
@pytest.mark.parametrize("width", [80, 120])
async def test_a_date_a_countdown_and_a_last_time_are_never_split(store: Store, width: int) -> None:
    # Each entry is its title, then when (the day and the countdown): the parts wrap whole.  They used to be wrapped
    # at words like a sentence ("Fri 25" / "Dec · in 19 days", "last 17" / "Oct 2026").
    write_sample(store, TODAY)
    for number, title in enumerate(AWKWARD_TITLES):
        store.put_date(SpecialDate(f"awkward{number}", date(2026, 11, 26 + number), title, 19 * 60, 21 * 60))
    store.forget()
    app = make_app(store)
    async with app.run_test(size=(width, 70)) as pilot:
        if width < 100:
            await pilot.press("T")  # a narrow screen shows the panel in place of the grid
        panel = app.panel
        lines = shown(panel)
        room = panel.scrollable_content_region.width
        assert "and 4 more" in "\n".join(lines)  # every row is on screen
        assert all(cell_len(line) <= room for line in lines)
        whole = (
            *("Thu 26 Nov · in 3 days", "Fri 27 Nov · in 4 days", "Sat 28 Nov · in 5 days", "Sun 29 Nov · in 6 days"),
            *("Fri 11 Dec · in 18 days", "book a table — due in 4 days"),
            *("1×, last 12 Sep 2026", "1×, last 10 Oct 2026", "1×, last 25 Oct 2026"),
        )
        for text in whole:
            assert any(text in line for line in lines), text
        for title in AWKWARD_TITLES:
            # A title is whole, or as much of it as fills the line, then "…".
            first = next(line for line in lines if line.startswith(f"♥ {title[:4]}"))
            if cell_len(f"♥ {title}") <= room:
                assert first.startswith(f"♥ {title}"), title
            else:
                # The "…" follows the last glyph that fits: a wide one that does not leaves a cell after it,
                # never a space before it ("♥ 屋上テラスで夜景を見 …").
                full = f"♥ {title}"
                assert first.endswith("…") and first[-2] != " " and full.startswith(first[:-1]), title
                following = len(first) - 1  # the next glyph after what is kept, spaces skipped: it did not fit
                while full[following].isspace():
                    following += 1
                assert cell_len(full[: following + 1]) + 1 > room, title


def style_at(line: Content, index: int) -> Style:
    """The style of the character at `index`, as the panel paints it."""
    return sum((span.style for span in line.spans if span.start <= index < span.end), Style())


async def test_a_preparation_row_keeps_its_separators_at_every_width(store: Store, sample: SampleData) -> None:
    # A part that goes to the next line is indented past its line's start and keeps its separator: it used to
    # start at the same two spaces as the line above, the " — " or " · " dropped, and read as an item of its own.
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        row = app.panel.rows[app.panel.row_index(f"date:{ROOFTOP}")]
    prep = next(line for line in row.parts if "book a table" in "".join(p.plain for _, p in line))
    for width in range(12, 41):
        lines = lay_out((prep,), width)
        assert all(line.cell_length <= width for line in lines), width
        assert lines[0].plain.startswith("  book a table"[: width - 1]), width
        for line in lines[1:]:
            assert line.plain.startswith("    — ") or line.plain.startswith("    · "), (width, line.plain)
        if width >= cell_len("  book a table — due in 4 days"):
            assert lines[0].plain.startswith("  book a table — due in 4 days"), width


async def test_a_separator_has_the_style_of_the_words_around_it(store: Store, sample: SampleData) -> None:
    # " — " was unstyled between italic (or dim, once done) words: a bright dash, and a run of its own that the
    # screenshots' SVG drew without its leading space ("book a table—  due").
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        row = app.panel.rows[app.panel.row_index(f"date:{ROOFTOP}")]
    prep = next(line for line in row.parts if "book a table" in "".join(p.plain for _, p in line))
    (line,) = lay_out((prep,), 200)
    dash = line.plain.index(" — ")
    assert style_at(line, dash - 1).italic  # the test would be empty if the words lost their style
    for index in range(dash, dash + 3):
        assert style_at(line, index) == style_at(line, dash - 1) == style_at(line, dash + 3), index
    # Painted as one run with its words, so a screenshot draws its spaces.
    assert "book a table — due in 4 days" in [segment.text for segment in paint(line, Style())]


@pytest.mark.parametrize("focus_panel", [False, True])
async def test_with_no_dates_the_panel_names_a_key_that_suggests_one_wherever_the_focus_is(
    store: Store, focus_panel: bool
) -> None:
    from weekplan.app.together.suggest_screen import SuggestScreen
    from weekplan.record import replace

    store.save_config(replace(store.config, keys={"suggest": "ctrl+g"}))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "nothing planned yet — ^g suggests one" in app.panel.text
        if focus_panel:
            await pilot.press("tab")
        await pilot.press("ctrl+g")  # the key it names does what it says, from the grid or the panel
        assert isinstance(app.screen, SuggestScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_panels_key_bar_says_the_way_back_to_the_grid(store: Store, size: tuple[int, int]) -> None:
    """At 80 columns the panel stands in the grid's place: its footer keeps the way back."""
    from weekplan.app.key_bar import KeyBar

    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("tab")
        assert app.focused is app.panel
        assert "esc Week grid" in app.screen.query_one(KeyBar).render_line(0).text
        await pilot.press("escape")
        assert app.focused is app.grid and app.grid.display
