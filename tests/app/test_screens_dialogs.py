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


def words_cut_or_whole(app: ScreenHost, rows: list[tuple[str, str, str]]) -> list[str]:
    """Every word the help table shows, once checked to be a word of its rows (or of the
    column titles) whole, or the start of one cut with "…"; a word broken across two
    lines ("every" / "where") is neither."""
    from textual.widgets import DataTable

    table = app.screen.query_one("#help-table", DataTable)
    assert table.max_scroll_x == 0  # nothing cut off at the side either
    known = {word for row in rows for text in row for word in text.split()} | {"Keys", "What", "it", "does", "Where"}
    shown = [word for y in range(table.size.height) for word in table.render_line(y).text.split()]
    for word in shown:
        cut = word.endswith("…") and any(whole.startswith(word[:-1]) for whole in known)
        assert word in known or cut, f"{word!r} is a piece of a word"
    return shown


@pytest.mark.parametrize("width", [40, 80])
async def test_help_wraps_between_words_and_marks_a_word_cut(width: int) -> None:
    rows = [
        *ROWS,
        ("E", "Edit the whole routine", "week grid"),
        ("k", "Supercalifragilisticexpialidocious ideas", "Together panel"),
    ]
    app = ScreenHost(HelpScreen(rows))
    async with app.run_test(size=(width, 24)):
        shown = words_cut_or_whole(app, rows)
    assert "everywhere" in shown and "routine" in shown
    cut = [word for word in shown if word.endswith("…")]
    if width == 40:  # a word longer than its column: cut, and marked so
        assert "Supercalifragilisticexpialidocious" not in shown
        assert any(word.startswith("Supercali") for word in cut)
    else:
        assert "Supercalifragilisticexpialidocious" in shown and cut == []


async def test_the_planners_help_at_40_columns_breaks_no_word(store) -> None:  # type: ignore[no-untyped-def]
    from planner_support import make_app

    app = make_app(store)
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown: list[str] = []
        for _ in range(30):  # page through every row
            shown += words_cut_or_whole(app, app.help_rows())
            await pilot.press("pagedown")
    assert "everywhere" in shown and "Together" in shown and "panel" in shown
