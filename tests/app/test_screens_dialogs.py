"""Help, confirm and error dialogs: what they show (literally) and how they close."""

from __future__ import annotations

import pytest
from screens_host import ScreenHost, screen_text

from weekplan.app.screens import ConfirmScreen, ErrorScreen, HelpScreen

ROWS = [
    ("[ ]", "previous / next week", "week grid"),
    ("a", "add an [b]activity[/b]", "week grid"),
    ("?", "this help", "everywhere"),
]


@pytest.mark.parametrize("key", ["escape", "question_mark", "q"])
async def test_help_lists_every_row_literally_and_closes(key: str) -> None:
    app = ScreenHost(HelpScreen(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = screen_text(app)
        for keys, what, where in ROWS:
            line = next(line for line in shown.splitlines() if what in line)
            assert keys in line and where in line
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) is False
    assert app.results == [None]


async def test_help_scrolls_when_the_rows_do_not_fit() -> None:
    rows = [(f"k{i}", f"action number {i}", "grid") for i in range(60)]
    app = ScreenHost(HelpScreen(rows))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "action number 59" not in screen_text(app)
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert "action number 59" in screen_text(app)


@pytest.mark.parametrize(
    ("keys", "answer"),
    [(["y"], True), (["n"], False), (["escape"], False), (["enter"], False), (["left", "enter"], True)],
)
async def test_confirm_answers(keys: list[str], answer: bool) -> None:
    app = ScreenHost(ConfirmScreen("Delete it?"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    assert app.results == [answer]


async def test_confirm_can_lean_to_yes() -> None:
    app = ScreenHost(ConfirmScreen("Plan it anyway?", "Plan it", "Not now", default_yes=True))
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Plan it" in screen_text(app) and "Not now" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [True]


async def test_confirm_shows_question_and_labels_literally() -> None:
    app = ScreenHost(ConfirmScreen("Delete “[red]x[/]” [@click=app.quit]go?", "[b]Yes[/b]", "[i]No"))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = screen_text(app)
        assert "Delete “[red]x[/]” [@click=app.quit]go?" in shown
        assert "[b]Yes[/b]" in shown and "[i]No" in shown
        await pilot.press("n")
        await pilot.pause()
    assert app.results == [False]


@pytest.mark.parametrize("key", ["escape", "enter", "q"])
async def test_error_lines_are_literal_and_it_closes(key: str) -> None:
    lines = [
        "/data/weeks/2026-W48.toml:3:7: expected '=' after [red]key[/]",
        "/data/dates.toml:12:1: dates.x: 'title' must not be empty [@click=app.quit]",
    ]
    app = ScreenHost(ErrorScreen("2 files could not be read [b]!", lines))
    async with app.run_test(size=(120, 40)) as pilot:
        shown = screen_text(app)
        assert "2 files could not be read [b]!" in shown
        for line in lines:
            assert line in shown
        await pilot.press(key)
        await pilot.pause()
    assert app.results == [None]


async def test_many_error_lines_fit_a_small_terminal() -> None:
    lines = [f"/data/weeks/2026-W{i:02d}.toml:1:1: broken" for i in range(1, 40)]
    app = ScreenHost(ErrorScreen("Many files could not be read", lines))
    async with app.run_test(size=(80, 24)) as pilot:
        close = app.screen.query_one("#error-close")
        assert close.region.height > 0 and close.region.bottom <= 23
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_planners_help_fits_its_columns_at_every_size(store, size) -> None:  # type: ignore[no-untyped-def]
    from planner_support import make_app

    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-table")
        # Nothing scrolls sideways: every column is inside the dialog.
        assert table.max_scroll_x == 0
        seen: set[str] = set()
        for _ in range(12):  # page through every row
            seen |= set(screen_text(app).splitlines())
            await pilot.press("pagedown")
        shown = "\n".join(seen)
        # Every place name is whole ("everywher" was the bug), every key description too.
        assert "everywhere" in shown and "everywher " not in shown.replace("everywhere", "")
        assert "Together panel" in shown and "week grid" in shown
        for _keys, what, _where in app.help_rows():
            if len(what) < 30:  # long descriptions wrap onto a second line
                assert what in shown, what


def words_whole_or_folded(app: ScreenHost, rows: list[tuple[str, str, str]]) -> list[str]:
    """Every word the help table shows, once checked to be a word of its rows (or of the
    column titles) whole, or a piece of one too long for any column, folded onto the
    next line; a word broken across two lines that its column could hold ("every" /
    "where") is neither, and nothing is cut with "…"."""
    from textual.widgets import DataTable

    table = app.screen.query_one("#help-table", DataTable)
    assert table.max_scroll_x == 0  # nothing cut off at the side either
    widths = [column.width for column in table.columns.values()]
    known = {word for row in rows for text in row for word in text.split()} | {"Keys", "What", "it", "does", "Where"}
    shown = [word for y in range(table.size.height) for word in table.render_line(y).text.split()]
    for word in shown:
        folded = "…" not in word and any(word in whole and len(whole) > min(widths) for whole in known)
        assert word in known or folded, f"{word!r} is cut, or a piece of a word"
    return shown


@pytest.mark.parametrize("width", [40, 80])
async def test_help_wraps_between_words_and_folds_only_a_word_longer_than_its_column(width: int) -> None:
    rows = [
        *ROWS,
        ("E", "Edit the whole routine", "week grid"),
        ("k", "Supercalifragilisticexpialidocious ideas", "Together panel"),
    ]
    app = ScreenHost(HelpScreen(rows))
    async with app.run_test(size=(width, 24)):
        shown = words_whole_or_folded(app, rows)
    assert "everywhere" in shown and "routine" in shown
    if width == 40:  # a word longer than its column: folded, every letter of it shown
        assert "Supercalifragilisticexpialidocious" not in shown
        pieces = [word for word in shown if word in "Supercalifragilisticexpialidocious" and len(word) > 2]
        assert "".join(pieces) == "Supercalifragilisticexpialidocious"
    else:
        assert "Supercalifragilisticexpialidocious" in shown


def test_help_columns_of_no_rows_are_the_titles() -> None:
    from weekplan.app.screens.help_screen import KEYS_TITLE, column_widths

    keys, what, where = column_widths(80, [])
    assert keys == KEYS_TITLE and where == 0 and what > 0


async def help_words_shown(app, width: int) -> tuple[list[str], list[tuple[str, str, str]]]:  # type: ignore[no-untyped-def]
    """Every word the planner's help shows at `width` columns, paged through, and its rows."""
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown: list[str] = []
        for _ in range(30):  # page through every row
            shown += words_whole_or_folded(app, app.help_rows())
            await pilot.press("pagedown")
        return shown, app.help_rows()


@pytest.mark.parametrize("width", [32, 36, 40])
async def test_the_planners_help_shows_every_key_name_whole_when_narrow(store, width: int) -> None:  # type: ignore[no-untyped-def]
    from planner_support import make_app

    shown, rows = await help_words_shown(make_app(store), width)
    names = {name for keys, _, _ in rows for name in keys.replace(",", " ").split()}
    assert names and names <= {word.rstrip(",") for word in shown}


async def test_the_planners_help_at_40_columns_breaks_no_word(store) -> None:  # type: ignore[no-untyped-def]
    from planner_support import make_app

    shown, _rows = await help_words_shown(make_app(store), 40)
    assert "everywhere" in shown and "Together" in shown and "panel" in shown


@pytest.mark.parametrize("width", [36, 40, 80])
async def test_the_planners_help_keeps_each_place_whole_as_a_column_or_a_heading(store, width: int) -> None:  # type: ignore[no-untyped-def]
    """Where a column of places would fold "everywhere" mid-word, the places are headings
    above their keys instead, each once; wider, they are a column beside every key."""
    from planner_support import make_app
    from textual.widgets import DataTable

    app = make_app(store)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-table", DataTable)
        cells = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        rows = app.help_rows()
    places = list(dict.fromkeys(where for _, _, where in rows))
    if width == 36:
        assert len(table.columns) == 2
        assert [what for keys, what in cells if not keys] == places  # each place once, whole
        under: list[tuple[str, str, str]] = []
        for keys, what in cells:
            if not keys:
                place = what
            else:
                under.append((keys, what, place))
        assert sorted(under) == sorted(rows)  # every key, under the place it applies in
    else:
        assert len(table.columns) == 3 and [tuple(row) for row in cells] == rows
    shown, _rows = await help_words_shown(make_app(store), width)
    assert {word for place in places for word in place.split()} <= set(shown)
    assert "everywhe" not in shown
