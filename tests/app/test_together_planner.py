"""The Together half inside the planner, with the sample data and today fixed at Mon
23 Nov 2026: planning from an idea, the novelty warning, suggest-and-accept, the
review with carry-over, goals and the panel's keys, and privacy everywhere."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import Notes, make_app
from screens_host import screen_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from weekplan.app.planner import PlannerApp
from weekplan.app.screens.date_form import DateForm
from weekplan.app.screens.search_screen import SearchScreen
from weekplan.app.together.goals_form import GoalsForm
from weekplan.app.together.idea_form import IdeaForm
from weekplan.app.together.ideas_screen import IdeasScreen
from weekplan.app.together.novelty_screen import NoveltyWarningScreen
from weekplan.app.together.review_screen import ReviewScreen
from weekplan.app.together.suggest_screen import SuggestScreen
from weekplan.app.together_panel import GoalsView
from weekplan.model import Idea, SpecialDate
from weekplan.sample import SampleData, sample_id, write_sample
from weekplan.store import Store
from weekplan.together import free_evening
from weekplan.weeks import IsoWeek

TODAY = date(2026, 11, 23)
BOWLING = sample_id("idea:bowling")  # done two weeks ago
BOARD_GAMES = sample_id("idea:board-games")  # never tried


@pytest.fixture
def sample(store: Store) -> SampleData:
    data = write_sample(store, TODAY)
    store.forget()
    return data


def goals_text(app: PlannerApp) -> str:
    """This week's goals as the panel shows them."""
    return app.main.query_one("#goals", GoalsView).text


async def plan_from_backlog(pilot: Pilot[None], app: PlannerApp, idea_id: str) -> None:
    """Open the idea backlog (I), arrow down to the idea and press enter: the date form."""
    await pilot.press("I")
    table = app.screen.query_one("#ideas-table", DataTable)
    for _ in range(table.row_count):
        if table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value == idea_id:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def dates_on_disk(store: Store) -> dict[str, SpecialDate]:
    return Store(store.root).dates().items


async def highlight_in_panel(pilot: Pilot[None], app: PlannerApp, row_id: str) -> None:
    """Tab to the panel and arrow down to the row, as a person would."""
    if not app.panel.has_focus:
        await pilot.press("tab")
    panel = app.panel
    for _ in range(len(panel.rows)):
        if panel.highlighted_row is not None and panel.highlighted_row.id == row_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{row_id} is not in the panel")


async def test_enter_on_a_new_idea_plans_a_date_from_it_without_a_warning(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight_in_panel(pilot, app, f"idea:{BOARD_GAMES}")
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, DateForm)
        assert form.query_one("#field-title", Input).value == "Board-game café"
        assert form.query_one("#field-place", Input).value == "Board-game café"  # a place idea names the place
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
    [planned] = [d for d in dates_on_disk(store).values() if d.idea == BOARD_GAMES]
    assert planned.title == "Board-game café" and planned.status == "planned"


async def test_a_date_from_an_idea_done_lately_warns_and_go_back_keeps_what_was_typed(
    store: Store, sample: SampleData
) -> None:
    app = make_app(store)
    before = set(dates_on_disk(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_from_backlog(pilot, app, BOWLING)
        assert isinstance(app.screen, DateForm)
        await pilot.press("end", *" rematch", "ctrl+s")
        await pilot.pause()
        warning = app.screen
        assert isinstance(warning, NoveltyWarningScreen)
        assert "You did this 2 weeks ago — maybe something new?" in screen_text(app)
        assert set(dates_on_disk(store)) == before  # nothing saved while asking
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DateForm)
        assert form.query_one("#field-title", Input).value == "Bowling rematch"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoveltyWarningScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is app.main
        [new] = [d for d in dates_on_disk(store).values() if d.id not in before]
        assert (new.title, new.idea) == ("Bowling rematch", BOWLING)
        await pilot.press("u")
        assert set(dates_on_disk(store)) == before


async def test_escape_on_the_warning_goes_back_too_and_saves_nothing(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    before = dict(dates_on_disk(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await plan_from_backlog(pilot, app, BOWLING)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DateForm)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
    assert dates_on_disk(store) == before


async def test_suggest_and_accept_plans_the_first_idea_on_a_free_evening(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    evening = free_evening(TODAY, sample.activities_shown, sample.dates, store.config, TODAY)
    assert evening is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, SuggestScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
        [new] = [d for d in dates_on_disk(store).values() if d.id not in {s.id for s in sample.dates}]
        assert (new.date, new.start, new.end) == (evening.day, evening.start, evening.end)
        assert store.ideas().items[new.idea].title == new.title
        assert app.grid.selected == new  # the grid shows it, cursor on it
        await pilot.press("u")
        assert new.id not in dates_on_disk(store)


async def test_suggest_from_the_panel_and_the_palette(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "s")
        assert isinstance(app.screen, SuggestScreen)
        await pilot.press("escape")
        names = {name for name, _help, _run in app.palette_commands()}
        assert {"Suggest a date", "Idea backlog", "Weekly goals", "Review"} <= names


async def test_accepting_a_recent_idea_in_suggest_warns_and_going_back_returns_to_suggest(
    store: Store, sample: SampleData
) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S", "slash", *"cheap indoor", "enter")
        suggest = app.screen
        assert isinstance(suggest, SuggestScreen)
        listing = suggest.query_one("#suggest-list")
        for _ in range(10):
            if listing.highlighted_option.id == BOWLING:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoveltyWarningScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SuggestScreen)
    assert len(dates_on_disk(store)) == len(sample.dates)


async def test_review_marks_and_carries_through_the_planner_and_u_undoes_each(store: Store, sample: SampleData) -> None:
    # The sample repeats its week; without this week's copies the open ones can be carried.
    this_week = store.week(IsoWeek(2026, 48)).items
    for key in ("portfolio", "gym-fri"):
        store.remove_activity(this_week[sample_id(f"activity:0:{key}")])
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        count = len(store.week(IsoWeek(2026, 48)).items)
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("c")
        assert len(Store(store.root).week(IsoWeek(2026, 48)).items) == count + 2
        await pilot.press("escape")
        assert app.screen is app.main
        shown = [a.title for a in app.week_activities]  # the shown week was read again
        assert shown.count("Portfolio: write a case study") == 1 and shown.count("Gym: upper body") == 1
        await pilot.press("u")
        assert len(Store(store.root).week(IsoWeek(2026, 48)).items) == count


async def test_g_sets_goals_and_the_progress_shown_follows(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Fitness 3/3×" in goals_text(app)
        await pilot.press("G")
        form = app.screen
        assert isinstance(form, GoalsForm)
        await pilot.press("home", "ctrl+k", "5", "ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
        assert Store(store.root).goals().items["fitness"].count == 5
        assert "Fitness 3/5×" in goals_text(app)
        await pilot.press("u")
        assert Store(store.root).goals().items["fitness"].count == 3
        assert "Fitness 3/3×" in goals_text(app)
        await pilot.press("tab", "G")  # from the panel too
        assert isinstance(app.screen, GoalsForm)


async def test_panel_keys_add_edit_and_delete_ideas(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "a")
        assert isinstance(app.screen, IdeaForm)
        await pilot.press(*"Pottery evening", "ctrl+s")
        await pilot.pause()
        [added] = [i for i in Store(store.root).ideas().items.values() if i.title == "Pottery evening"]
        await highlight_in_panel(pilot, app, f"idea:{added.id}")
        await pilot.press("e", "end", *" for two", "ctrl+s")
        await pilot.pause()
        assert Store(store.root).ideas().items[added.id].title == "Pottery evening for two"
        await pilot.press("x")
        assert added.id not in Store(store.root).ideas().items
        await pilot.press("u")
        assert Store(store.root).ideas().items[added.id].title == "Pottery evening for two"
        await pilot.press("i")
        assert isinstance(app.screen, IdeasScreen)


async def test_p_in_the_panel_ticks_off_a_dates_preparation_and_u_unticks_it(store: Store, sample: SampleData) -> None:
    rooftop = sample_id("date:rooftop")  # "book a table", due in four days
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight_in_panel(pilot, app, f"date:{rooftop}")
        assert "book a table — due in 4 days" in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert dates_on_disk(store)[rooftop].prep_done
        assert "✓ book a table — done" in screen_text(app)
        assert "due in 4 days" not in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert not dates_on_disk(store)[rooftop].prep_done
        assert "book a table — due in 4 days" in screen_text(app)
        # A date with nothing to prepare is left as it is, and says why.
        night_market = sample_id("date:night-market")
        path = store.dates_path(store.dates().items[night_market].date.year)
        before = path.read_bytes()
        await highlight_in_panel(pilot, app, f"date:{night_market}")
        notes = Notes(app)
        await pilot.press("p")
        await pilot.pause()
        assert "something to prepare" in notes.last
        assert path.read_bytes() == before


def private_strings(data: SampleData) -> set[str]:
    texts = {t for d in data.dates for t in (d.title, d.place, d.notes, d.memory, d.prep)}
    texts |= {t for i in data.ideas for t in (i.title, i.notes)}
    return {t for t in texts if t}


def assert_nothing_private(app: PlannerApp, secrets: set[str], where: str) -> None:
    text = screen_text(app)
    shown = [s for s in secrets if s in text]
    assert not shown, f"{where} shows {shown}"


async def test_privacy_hides_every_date_and_idea_text_on_every_screen(store: Store, sample: SampleData) -> None:
    secrets = private_strings(sample)
    app = make_app(store)
    notes = Notes(app)
    # Toasts are drawn too (run_test leaves them out unless asked): they quote titles.
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("right_square_bracket", "left_square_bracket")  # a week with dates in the grid
        assert any(s in screen_text(app) for s in secrets)  # without privacy, they are there
        await pilot.press("P")
        assert_nothing_private(app, secrets, "the main screen")
        await pilot.press("tab")
        assert_nothing_private(app, secrets, "the focused panel")
        await pilot.press("s")
        assert_nothing_private(app, secrets, "suggest")
        await pilot.press("escape", "i")
        assert_nothing_private(app, secrets, "the idea backlog")
        await pilot.press("e")
        assert isinstance(app.screen, IdeaForm)
        assert_nothing_private(app, secrets, "the idea form")
        await pilot.press("escape", "escape", "r")
        assert_nothing_private(app, secrets, "the review")
        await pilot.press("escape", "G")
        assert_nothing_private(app, secrets, "the goals form")
        await pilot.press("escape")
        # A date form shows titles as typed: it waits until privacy is off.
        await highlight_in_panel(pilot, app, f"idea:{BOARD_GAMES}")
        await pilot.press("enter")
        assert app.screen is app.main and "Privacy is on" in notes.last
        await pilot.press("slash")
        assert not isinstance(app.screen, SearchScreen)
        # Messages that quote a title hide it too.
        await highlight_in_panel(pilot, app, f"date:{sample_id('date:night-market')}")
        await pilot.press("x")
        await pilot.pause()
        assert_nothing_private(app, secrets, "the delete message")
        assert "Deleted “•••”" in screen_text(app)  # the message is on screen, veiled
        await pilot.press("u")
        await pilot.pause()
        assert_nothing_private(app, secrets, "the undo message")
        await pilot.press("P")
        assert any(s in screen_text(app) for s in secrets)


async def test_an_idea_form_under_privacy_masks_what_is_typed(store: Store, sample: SampleData) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("P", "tab", "a", *"Surprise picnic")
        assert "Surprise picnic" not in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert any(i.title == "Surprise picnic" for i in Store(store.root).ideas().items.values())


def test_sample_ideas_in_the_tests_still_mean_what_they_say(sample: SampleData) -> None:
    ideas: dict[str, Idea] = {i.id: i for i in sample.ideas}
    assert ideas[BOWLING].title == "Bowling" and ideas[BOARD_GAMES].title == "Board-game café"
