"""The novelty warning: when it is due, and the dialog that asks before saving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from screens_host import screen_text
from together_support import TogetherHost

from weekplan.app.together.novelty_screen import NoveltyWarningScreen, dates_near, warning_for
from weekplan.model import Config, SpecialDate
from weekplan.record import replace
from weekplan.sample import sample_data, sample_id
from weekplan.store import Store
from weekplan.together import date_from_idea

TODAY = date(2026, 11, 23)
DATA = sample_data(TODAY)
IDEAS = {i.id: i for i in DATA.ideas}
BOWLING = IDEAS[sample_id("idea:bowling")]  # done on Sat 7 Nov, two weeks before today
BOARD_GAMES = IDEAS[sample_id("idea:board-games")]  # never tried


def test_a_date_from_an_idea_done_within_the_window_warns() -> None:
    planned = date_from_idea(BOWLING, date(2026, 11, 27), 19 * 60, 21 * 60)
    warning = warning_for(None, planned, DATA.dates, Config(), TODAY)
    assert warning is not None and warning.other.idea == BOWLING.id
    assert warning.message == "You did this 2 weeks ago — maybe something new?"


def test_never_tried_no_idea_cancelled_and_a_short_window_do_not_warn() -> None:
    day = date(2026, 11, 27)
    assert warning_for(None, date_from_idea(BOARD_GAMES, day), DATA.dates, Config(), TODAY) is None
    planned = date_from_idea(BOWLING, day)
    assert warning_for(None, replace(planned, idea=""), DATA.dates, Config(), TODAY) is None
    assert warning_for(None, replace(planned, status="cancelled"), DATA.dates, Config(), TODAY) is None
    assert warning_for(None, planned, DATA.dates, Config(novelty_weeks=1), TODAY) is None
    assert warning_for(None, planned, DATA.dates, Config(novelty_weeks=0), TODAY) is None


def test_editing_warns_only_when_the_idea_or_the_day_changes() -> None:
    planned = date_from_idea(BOWLING, date(2026, 11, 27))
    rated = replace(planned, notes="lane 4")
    assert warning_for(planned, rated, DATA.dates, Config(), TODAY) is None
    moved = replace(planned, date=date(2026, 11, 28))
    assert warning_for(planned, moved, DATA.dates, Config(), TODAY) is not None
    from_board_games = replace(planned, idea=BOARD_GAMES.id)
    assert warning_for(from_board_games, planned, DATA.dates, Config(), TODAY) is not None


async def _answer(keys: tuple[str, ...], *, privacy: bool = False) -> tuple[list[object], str]:
    planned = date_from_idea(BOWLING, date(2026, 11, 27))
    warning = warning_for(None, planned, DATA.dates, Config(), TODAY)
    assert warning is not None
    app = TogetherHost(None, lambda _save: NoveltyWarningScreen(warning, BOWLING.title, privacy=privacy))  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        await pilot.press(*keys)
        await pilot.pause()
    return app.results, text


async def test_the_warning_says_why_and_y_plans_it_anyway() -> None:
    results, text = await _answer(("y",))
    assert results == [True]
    assert "Bowling" in text and "You did this 2 weeks ago — maybe something new?" in text
    assert "Plan it anyway" in text and "Go back" in text


async def test_n_escape_and_enter_on_the_default_button_go_back() -> None:
    for keys in (("n",), ("escape",), ("enter",)):
        results, _ = await _answer(keys)
        assert results == [False], keys


async def test_privacy_keeps_the_idea_title_out_of_the_warning() -> None:
    _, text = await _answer(("n",), privacy=True)
    assert "Bowling" not in text and "•••" in text


def test_a_left_over_dates_file_still_warns_when_a_years_file_is_broken(
    store: Store, left_over_dates: Callable[..., None]
) -> None:
    # An older version's dates.toml stays while 2027's file cannot be read; what it holds
    # is still what was done.
    left_over_dates(
        SpecialDate("b1", date(2026, 11, 20), "Bowling", idea="bowl", status="done"),
        SpecialDate("c1", date(2027, 1, 9), "Opera", idea="oper"),
    )
    planned = SpecialDate("new", TODAY, "Bowling", idea="bowl")
    warning = warning_for(None, planned, dates_near(store, planned, Config()), Config(), TODAY)
    assert warning is not None and warning.other.id == "b1"
    assert warning.message.startswith("You did this 3 days ago")
