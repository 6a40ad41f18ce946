"""Two people on one list, in the planner: names on what this person adds while the
Together half is shared, and nothing of it for a person planning alone."""

from __future__ import annotations

from datetime import date

from planner_support import make_app
from screens_host import screen_text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from together_support import TogetherHost

from weekplan.app.planner import PlannerApp
from weekplan.app.screens.date_form import DateForm
from weekplan.app.together.idea_form import IdeaForm
from weekplan.app.together.ideas_screen import IdeasScreen
from weekplan.model import PartnerSettings
from weekplan.record import replace
from weekplan.sample import SampleData, sample_id
from weekplan.store import Store

TODAY = date(2026, 11, 23)
BOARD_GAMES = sample_id("idea:board-games")  # never tried


def share_with_partner(store: Store, me: str = "Alex") -> None:
    store.save_config(replace(store.config, partner=PartnerSettings(me=me, remote="/srv/together.git")))


def fresh(store: Store) -> Store:
    return Store(store.root)


async def add_idea_in_backlog(store: Store, title: str) -> list[str]:
    """Add an idea with `a` in the backlog; the column headings shown after."""
    app = TogetherHost(store, lambda save: IdeasScreen(store, store.config, TODAY, save=save))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, IdeaForm)
        await pilot.press(*title)
        await pilot.press("ctrl+s")
        await pilot.pause()
        table = app.screen.query_one("#ideas-table", DataTable)
        return [str(column.label) for column in table.columns.values()]


async def test_an_idea_added_while_sharing_carries_my_name_and_the_list_shows_it(
    store: Store, sample: SampleData
) -> None:
    share_with_partner(store)
    columns = await add_idea_in_backlog(store, "Pottery class")
    [added] = [i for i in fresh(store).ideas().items.values() if i.title == "Pottery class"]
    assert added.added_by == "Alex"
    assert "Added by" in columns


async def test_alone_an_idea_carries_no_name_and_the_list_has_no_such_column(store: Store, sample: SampleData) -> None:
    columns = await add_idea_in_backlog(store, "Pottery class")
    [added] = [i for i in fresh(store).ideas().items.values() if i.title == "Pottery class"]
    assert added.added_by == ""
    assert "Added by" not in columns
    assert "added_by" not in store.ideas_path.read_text()


async def test_a_date_planned_from_an_idea_carries_my_name_and_its_form_says_who(
    store: Store, sample: SampleData
) -> None:
    share_with_partner(store, me="Sam")
    app = make_app(fresh(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")
        for _ in range(len(app.panel.rows)):
            if app.panel.highlighted_row is not None and app.panel.highlighted_row.id == f"idea:{BOARD_GAMES}":
                break
            await pilot.press("down")
        await pilot.press("enter")
        assert isinstance(app.screen, DateForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [planned] = [d for d in fresh(store).dates().items.values() if d.idea == BOARD_GAMES]
        assert planned.added_by == "Sam"
        app.edit(planned)
        await pilot.pause()
        assert isinstance(app.screen, DateForm)
        assert "added by Sam" in screen_text(app)
        assert app.screen.query_one("#field-title", Input).value == "Board-game café"


# -- each one's rating and memory ----------------------------------------------------------

MUSEUM = sample_id("date:museum")  # last Friday's date, not rated
BOWLING_LAST = sample_id("date:bowling-1")  # the last time bowling was done
STARS = sample_id("date:stars")  # the only time stargazing was done, among the panel's ideas


async def test_the_review_rates_under_my_name_and_shows_both_partners(store: Store, sample: SampleData) -> None:
    from test_together_review import go_to_row

    from weekplan.app.together.review_screen import ReviewScreen

    share_with_partner(store)
    museum = store.dates().items[MUSEUM]
    store.put_date(replace(museum, ratings=(("Sam", 5),), memories=(("Sam", "the whale skeleton"),)), replacing=museum)
    app = TogetherHost(store, lambda save: ReviewScreen(store, store.config, TODAY, save=save))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "not rated by you yet: 1–5" in screen_text(app)
        await go_to_row(pilot, f"date:{MUSEUM}")
        await pilot.press("4")
        await pilot.press("m", *"torchlight", "enter")
        text = screen_text(app)
    rated = fresh(store).dates().items[MUSEUM]
    assert rated.ratings == (("Alex", 4), ("Sam", 5))
    assert rated.memories == (("Alex", "torchlight"), ("Sam", "the whale skeleton"))
    assert (rated.rating, rated.memory, rated.status) == (None, "", "done")
    assert "★★★★☆ Alex  ★★★★★ Sam" in text
    assert "Alex: torchlight" in text and "Sam: the whale skeleton" in text


async def test_the_panel_shows_love_marks_and_both_ratings_of_the_last_time(store: Store, sample: SampleData) -> None:
    last = store.dates().items[STARS]
    store.put_date(replace(last, rating=None, ratings=(("Alex", 4), ("Sam", 5))), replacing=last)
    stars_idea = store.ideas().items[sample_id("idea:stars")]
    store.put_idea(replace(stars_idea, loves=("Alex", "Sam")))
    app = make_app(fresh(store))
    async with app.run_test(size=(120, 40)):
        alone = "\n".join(row.content.plain for row in app.panel.rows)
    share_with_partner(store)
    app = make_app(fresh(store))
    async with app.run_test(size=(120, 40)):
        shared = "\n".join(row.content.plain for row in app.panel.rows)
    assert "Stargazing by the lake ♥♥  1×, last 10 Oct 2026\n  ★4 Alex · ★5 Sam" in shared
    assert "★" not in alone and "♥♥" not in alone


async def test_the_date_form_edits_my_own_rating_and_keeps_the_partners(store: Store, sample: SampleData) -> None:
    share_with_partner(store, me="Sam")
    last = store.dates().items[BOWLING_LAST]
    store.put_date(replace(last, rating=None, memory="", ratings=(("Alex", 4),)), replacing=last)
    app = make_app(fresh(store))
    async with app.run_test(size=(120, 40)) as pilot:
        app.edit(fresh(store).dates().items[BOWLING_LAST])
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DateForm)
        assert form.query_one("#field-rating", Input).value == ""  # Alex's 4 is not mine
        assert "Your rating" in screen_text(app)
        assert "★4 Alex" in screen_text(app)  # the partner's, beside my own
        form.query_one("#field-rating", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert fresh(store).dates().items[BOWLING_LAST].ratings == (("Alex", 4), ("Sam", 2))


# -- love marks ----------------------------------------------------------------------------


async def test_l_marks_an_idea_loved_and_again_takes_the_mark_away(store: Store, sample: SampleData) -> None:
    from test_together_ideas import go_to_idea, row_ids, rows

    share_with_partner(store)
    idea = store.ideas().items[BOARD_GAMES]
    store.put_idea(replace(idea, loves=("Sam",)))
    app = TogetherHost(store, lambda save: IdeasScreen(store, store.config, TODAY, save=save))
    async with app.run_test(size=(140, 40)) as pilot:
        await go_to_idea(pilot, app, BOARD_GAMES)
        assert dict(zip(row_ids(app), rows(app), strict=True))[BOARD_GAMES][2] == "♥"
        await pilot.press("l")
        assert fresh(store).ideas().items[BOARD_GAMES].loves == ("Alex", "Sam")
        assert dict(zip(row_ids(app), rows(app), strict=True))[BOARD_GAMES][2] == "♥♥"
        assert "l love" in screen_text(app)
        await pilot.press("l")
        assert fresh(store).ideas().items[BOARD_GAMES].loves == ("Sam",)
        app.history.undo(store)
        assert fresh(store).ideas().items[BOARD_GAMES].loves == ("Alex", "Sam")


async def test_alone_l_does_nothing_and_no_love_is_offered(store: Store, sample: SampleData) -> None:
    from test_together_ideas import go_to_idea

    app = TogetherHost(store, lambda save: IdeasScreen(store, store.config, TODAY, save=save))
    async with app.run_test(size=(140, 40)) as pilot:
        await go_to_idea(pilot, app, BOARD_GAMES)
        await pilot.press("l")
        text = screen_text(app)
    assert fresh(store).ideas().items[BOARD_GAMES].loves == ()
    assert "love" not in text.lower() and app.saved == []


# -- a preparation taken by one ------------------------------------------------------------

ROOFTOP = sample_id("date:rooftop")  # a table to book, due in the coming days


async def highlight_date(pilot: Pilot[None], app: PlannerApp, date_id: str) -> None:
    await pilot.press("tab")
    for _ in range(len(app.panel.rows)):
        if app.panel.highlighted_row is not None and app.panel.highlighted_row.id == f"date:{date_id}":
            return
        await pilot.press("down")
    raise AssertionError(f"{date_id} is not in the panel")


def panel_text(app: PlannerApp) -> str:
    return "\n".join(row.content.plain for row in app.panel.rows)


async def test_o_takes_on_a_preparation_and_gives_it_back(store: Store, sample: SampleData) -> None:
    share_with_partner(store, me="Sam")
    app = make_app(fresh(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight_date(pilot, app, ROOFTOP)
        assert "Take prep" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert fresh(store).dates().items[ROOFTOP].prep_by == "Sam"
        assert "book a table — due in 4 days · taken by you" in panel_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert fresh(store).dates().items[ROOFTOP].prep_by == ""
        assert "taken by" not in panel_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert fresh(store).dates().items[ROOFTOP].prep_by == "Sam"


async def test_the_partners_preparation_shows_their_name_and_alone_o_does_nothing(
    store: Store, sample: SampleData
) -> None:
    rooftop = store.dates().items[ROOFTOP]
    store.put_date(replace(rooftop, prep_by="Alex"), replacing=rooftop)
    share_with_partner(store, me="Sam")
    app = make_app(fresh(store))
    async with app.run_test(size=(120, 40)):
        assert "book a table — due in 4 days · taken by Alex" in panel_text(app)
    store.save_config(replace(store.config, partner=PartnerSettings()))
    app = make_app(fresh(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight_date(pilot, app, ROOFTOP)
        await pilot.press("o")
        await pilot.pause()
        assert "taken by" not in panel_text(app) and "give back" not in screen_text(app)
    assert fresh(store).dates().items[ROOFTOP].prep_by == "Alex"


def _help_rows(app: PlannerApp) -> list[tuple[str, str, str]]:
    table = app.screen.query_one("#help-table", DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]  # type: ignore[misc]


async def test_help_lists_take_prep_only_with_a_partner_and_follows_the_setting(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        alone = _help_rows(app)
        assert ("p", "Preparation done", "Together panel") in alone  # the panel's other keys are there
        assert not [row for row in alone if row[1] == "Take prep"]
        await pilot.press("escape")
        app.use_config(replace(app.config, partner=PartnerSettings(me="Sam", remote="/srv/together.git")))
        await pilot.press("question_mark")
        await pilot.pause()
        assert ("o", "Take prep", "Together panel") in _help_rows(app)  # the kept help filled again
        await pilot.press("escape")
        app.use_config(replace(app.config, partner=PartnerSettings()))
        await pilot.press("question_mark")
        await pilot.pause()
        assert _help_rows(app) == alone


async def test_the_backlog_footer_has_love_only_with_a_partner(store: Store, sample: SampleData) -> None:
    for me, shown in (("", False), ("Sam", True)):
        store.save_config(replace(store.config, partner=PartnerSettings(me=me)))
        app = TogetherHost(store, lambda save: IdeasScreen(store, store.config, TODAY, save=save))
        async with app.run_test(size=(140, 40)) as pilot:
            footer = await footer_once_drawn(pilot, app)
            assert ("Love" in footer) is shown, me


async def footer_once_drawn(pilot: Pilot[object], app: TogetherHost) -> str:
    """The backlog's footer line once it shows the list's keys (Sort is one, always
    there): under load one pause may come before the footer has drawn them, when it
    shows only the screen's own (Close, Tags)."""
    for _ in range(100):
        footer = screen_text(app).splitlines()[-1]
        if "Sort" in footer:
            return footer
        await pilot.pause(0.02)
    raise AssertionError(f"the footer never showed its keys: {footer!r}")
