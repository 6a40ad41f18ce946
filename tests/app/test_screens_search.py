"""Search: typing finds activities and dates in every week; enter picks one."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import pytest
from screens_host import ScreenHost, screen_text
from textual.pilot import Pilot
from textual.widgets import Input, Static

from weekplan.app.row_list import RowList
from weekplan.app.screens import SearchResult, SearchScreen
from weekplan.model import Activity, SpecialDate
from weekplan.search import ACTIVITY, DATE, Match
from weekplan.store import Store


def _fill(store: Store) -> None:
    store.put_activity(Activity("a-old", date(2025, 3, 4), 18 * 60, 20 * 60, "Climbing gym", "fitness"))
    store.put_activity(Activity("a-now", date(2026, 11, 25), 19 * 60, 21 * 60, "Climbing with Sam", "friends"))
    store.put_activity(Activity("a-next", date(2027, 1, 8), 7 * 60, 8 * 60, "Morning run", "fitness"))
    store.put_date(SpecialDate("d-1", date(2026, 12, 4), "Climbing wall, then dinner", place="Harbour"))


async def _settle(pilot: Pilot[None]) -> None:
    """Let the search thread finish and its results reach the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _results(pilot: Pilot[None]) -> RowList:
    return pilot.app.screen.query_one("#search-results", RowList)


async def test_finds_across_weeks_and_dates_and_enter_picks_the_first_from_today_on(store: Store) -> None:
    _fill(store)
    app = ScreenHost(SearchScreen(Store(store.root)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"climb")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 3
        # The dialog makes its rows with every field by position (the quick way): each
        # field must still be the one meant, whatever the order Row declares them in.
        rows = _results(pilot).rows
        assert [(row.id, row.selectable, row.rule_after) for row in rows] == [
            ("0", True, False),
            ("1", True, True),  # the last from today on: the rule under it
            ("2", True, False),
        ]
        assert all("Climbing" in row.content.plain for row in rows)
        assert str(app.screen.query_one("#search-status", Static).visual) == "3 found for 'climb'"
        # The nearest today first: from today on by date, a rule, then the past.
        shown = [line.strip("│ ") for line in screen_text(app).splitlines()]
        lines = [line for line in shown if "Climbing" in line or line.startswith("───")]
        assert "Wed 25 Nov 2026" in lines[0] and "Climbing with Sam" in lines[0]
        assert "Fri 04 Dec 2026" in lines[1] and "all day" in lines[1] and "♥ date" in lines[1]
        assert "Climbing" not in lines[2]
        assert "Tue 04 Mar 2025" in lines[3] and "18:00–20:00" in lines[3] and "fitness" in lines[3]
        await pilot.press("enter")
        await pilot.pause()

    assert app.results == [
        SearchResult(
            "climb", Match(ACTIVITY, "a-now", date(2026, 11, 25), 19 * 60, "Climbing with Sam", 21 * 60, "friends")
        )
    ]


async def test_arrow_down_into_the_list_and_pick_a_date(store: Store) -> None:
    _fill(store)
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"climbing")
        await _settle(pilot)
        await pilot.press("down")  # from the input into the list, on the first result from today on
        assert app.screen.focused is _results(pilot)
        assert _results(pilot).highlighted == 0
        await pilot.press("down", "enter")
        await pilot.pause()

    result = app.results[0]
    assert (result.query, result.match.kind, result.match.id) == ("climbing", DATE, "d-1")


async def test_with_nothing_ahead_the_latest_match_is_first(store: Store) -> None:
    _fill(store)
    app = ScreenHost(SearchScreen(store, today=date(2030, 1, 1)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"climbing")
        await _settle(pilot)
        assert [row.rule_after for row in _results(pilot).rows] == [False, False, False]
        assert [m.id for m in app.screen.matches] == ["d-1", "a-now", "a-old"]
        assert _results(pilot).highlighted == 0
        await pilot.press("down", "down", "down", "up", "enter")
        await pilot.pause()
    assert app.results[0].match.id == "a-now"


async def test_a_place_and_a_category_are_searched_too(store: Store) -> None:
    _fill(store)
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"harbour")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 1
        await pilot.press("home", "ctrl+k", *"fitness")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 2


async def test_results_follow_the_text_as_it_changes(store: Store) -> None:
    _fill(store)
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"climbing sam")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 1
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 3
        await pilot.press("home", "ctrl+k")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 0
        assert str(app.screen.query_one("#search-status", Static).visual) == ""


async def test_nothing_found_is_said_and_enter_keeps_the_screen(store: Store) -> None:
    _fill(store)
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"[red]kayak[/]")
        await _settle(pilot)
        assert str(app.screen.query_one("#search-status", Static).visual) == "Nothing found for '[red]kayak[/]'"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input", Input).value == "[red]kayak[/]"
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_starts_with_a_query_already_searched(store: Store) -> None:
    _fill(store)
    app = ScreenHost(SearchScreen(store, "run"))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        assert app.screen.query_one("#search-input", Input).value == "run"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results[0].match.id == "a-next"


async def test_titles_that_look_like_markup_are_listed_literally(store: Store) -> None:
    store.put_activity(Activity("m1", date(2026, 11, 24), 600, 660, "[red]x[/] plan", "rest"))
    store.put_activity(Activity("m2", date(2026, 11, 24), 700, 760, "[@click=app.quit]go plan", "rest"))
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"plan")
        await _settle(pilot)
        shown = screen_text(app)
        assert "[red]x[/] plan" in shown
        assert "[@click=app.quit]go plan" in shown
        await pilot.click("#search-results", offset=(30, 1))  # a click on the second result picks it
        await pilot.pause()
    assert app.results[0].match.id == "m2"


async def test_many_results_are_capped_and_counted(store: Store) -> None:
    for day in range(1, 29):
        for slot in range(20):
            start = 8 * 60 + slot * 30
            store.put_activity(Activity(f"r{day}-{slot}", date(2026, 2, day), start, start + 15, "run", "fitness"))
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"run")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 200
        status = str(app.screen.query_one("#search-status", Static).visual)
        assert status.startswith("560 found for 'run'; the 200 nearest today are listed")
        # All in the past: the latest 200 (ten days of twenty), the latest first.
        listed = [m.id for m in app.screen.matches]
        assert listed == [f"r{day}-{slot}" for day in range(28, 18, -1) for slot in range(19, -1, -1)]


async def test_a_file_that_cannot_be_read_is_named_under_the_count(store: Store) -> None:
    _fill(store)
    (store.weeks_dir / "2026-W10.toml").write_text('[activities.x]\ntitle = "Climbing\n', "utf-8")
    app = ScreenHost(SearchScreen(Store(store.root)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"climb")
        await _settle(pilot)
        assert len(_results(pilot).rows) == 3  # the rest is still found
        problems = app.screen.query_one("#search-problems", Static)
        assert problems.display
        text = str(problems.visual)
        assert text.startswith("not searched: ") and "2026-W10.toml:2:18: " in text
        assert "2026-W10.toml:2:18: " in screen_text(app)
        # Once the file is put right, the line goes.
        (store.weeks_dir / "2026-W10.toml").unlink()
        await pilot.press("backspace")
        await _settle(pilot)
        assert not problems.display


async def test_a_long_query_scrolls_the_field_to_the_cursor(store: Store) -> None:
    # The field does not relayout the dialog as its text grows: it must still scroll.
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(80, 24)) as pilot:
        words = " ".join(f"word{n}" for n in range(20))
        await pilot.press(*words, "x", "y", "z")
        await _settle(pilot)
        field = app.screen.query_one("#search-input", Input)
        assert field.value.endswith("word19xyz")
        assert field.scroll_offset.x > 0
        assert "word19xyz" in screen_text(app)
        assert "Nothing found for" in str(app.screen.query_one("#search-status", Static).visual)


async def test_no_frame_shows_a_letter_without_its_answer(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The answer to a letter used to wait for the next frame after the one that showed
    # the letter (Textual caps its frame rate): every frame painted once the files are
    # checked must show the count for the text in the field.
    _fill(store)
    # Folders written a moment ago are checked file by file, in the thread, until they
    # settle (weekplan.item_file.settled): here they have.
    monkeypatch.setattr("weekplan.search_index.now", lambda: time.time() + 60)
    app = ScreenHost(SearchScreen(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await _settle(pilot)
        screen = app.screen
        field = screen.query_one("#search-input", Input)
        status = screen.query_one("#search-status", Static)
        frames: list[tuple[str, str]] = []
        paint_frame = screen._compositor_refresh

        def record_frame() -> None:
            frames.append((field.value, str(status.visual)))
            paint_frame()

        screen._compositor_refresh = record_frame  # type: ignore[method-assign]
        for letter in "limbing":
            await pilot.press(letter)
            await pilot.pause()
        await _settle(pilot)
    typed = [frame for frame in frames if frame[0] != "c"]
    assert {text for text, _ in typed} == {"c" + "limbing"[:n] for n in range(1, 8)}
    for text, shown in typed:
        assert shown.endswith(f"found for {text!r}"), (text, shown)


def test_a_category_with_control_characters_reaches_the_list_without_them() -> None:
    from weekplan.app.screens.search_screen import match_line

    hostile = Match(ACTIVITY, "a1", date(2026, 11, 25), 19 * 60, "Climb", 20 * 60, "wo\x1b[2Jrk")
    line = match_line(hostile).plain
    assert not any(ord(character) < 32 or ord(character) == 127 for character in line), repr(line)
    assert "Climb" in line


def test_a_title_with_control_characters_reaches_the_list_as_printable_text() -> None:
    from weekplan.app.screens.search_screen import match_line

    # Escapes, a C1 CSI, DEL, a backspace, line and page breaks, bidi overrides.
    title = "Cl\x1b]0;x\x07imb\x9b2J\x7f\x08 \r\n\x0c\u202egym\u2066\u2028"
    hostile = Match(ACTIVITY, "a1", date(2026, 11, 25), 19 * 60, title, 20 * 60, "fit\x1bness")
    line = match_line(hostile).plain
    assert line.isprintable(), repr(line)
    assert "Cl" in line and "gym" in line


@asynccontextmanager
async def _alpha_then_beta_listed(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[list[Match], SearchScreen, Pilot[None], Input]]:
    """A search screen open on as many "Alpha" and "Beta" activities as the list shows
    at most, every line it makes counted in the list given back, once "alpha" and then
    "beta" were typed: two lists of the most shown, none in both, and as many lines
    kept as the dialog keeps at most."""
    from weekplan.app.screens import search_screen

    for n in range(search_screen.SHOWN_AT_MOST):
        day = date(2026, 11, 23 + n % 7)
        store.put_activity(Activity(f"a{n}", day, 6 * 60 + n, 6 * 60 + n + 30, f"Alpha {n}", "fitness"))
        store.put_activity(Activity(f"b{n}", day, 6 * 60 + n, 6 * 60 + n + 30, f"Beta {n}", "fitness"))
    made: list[Match] = []

    def counted(match: Match) -> object:
        made.append(match)
        return search_screen.Content(match.title)

    monkeypatch.setattr(search_screen, "match_line", counted)
    screen = SearchScreen(store, today=date(2026, 11, 23))
    async with ScreenHost(screen).run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        field = pilot.app.screen.query_one("#search-input", Input)
        for query in ("alpha", "beta"):
            field.value = query
            await _settle(pilot)
        assert len(screen._lines) == search_screen.KEEP_LINES
        yield made, screen, pilot, field


async def test_a_line_listed_by_the_letter_before_is_not_made_again_and_few_are_kept(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weekplan.app.screens import search_screen

    shown = search_screen.SHOWN_AT_MOST
    async with _alpha_then_beta_listed(store, monkeypatch) as (made, screen, pilot, field):
        assert len(made) == 2 * shown
        made.clear()
        field.value = "beta "  # the same words: the same list
        await _settle(pilot)
        assert made == [] and len(_results(pilot).rows) == shown
        field.value = "alpha"
        await _settle(pilot)
        assert len(made) == shown and len(screen._lines) <= search_screen.KEEP_LINES
        assert all("Alpha" in row.content.plain for row in _results(pilot).rows)


async def test_lines_kept_for_a_list_shown_before_are_used_when_it_is_listed_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weekplan.app.screens import search_screen

    shown = search_screen.SHOWN_AT_MOST
    async with _alpha_then_beta_listed(store, monkeypatch) as (made, screen, pilot, field):
        made.clear()
        # The room made for "alpha" lets go of the lines "beta" listed, not of its own.
        field.value = "alpha"
        await _settle(pilot)
        assert made == [] and len(screen._lines) == shown
        assert all("Alpha" in row.content.plain for row in _results(pilot).rows)
