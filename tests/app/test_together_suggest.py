"""Suggest: the order of ideas, the free evening, tags, the novelty hint, and enter
planning a date in one key."""

from __future__ import annotations

from datetime import date, timedelta

from screens_host import ScreenHost, screen_text
from textual.pilot import Pilot
from textual.widgets import OptionList
from together_support import TogetherHost

from weekplan.app.key_bar import KeyBar
from weekplan.app.together.suggest_screen import SuggestScreen
from weekplan.model import Activity, SpecialDate
from weekplan.sample import sample_id, write_sample
from weekplan.store import Store
from weekplan.together import free_evenings, suggestion_order

TODAY = date(2026, 11, 23)


def suggest_host(store: Store, *, privacy: bool = False, first_day: date = TODAY) -> ScreenHost:
    return TogetherHost(store, lambda _save: SuggestScreen(store, store.config, TODAY, first_day, privacy=privacy))


def shown_ids(app: ScreenHost) -> list[str]:
    listing = app.screen.query_one("#suggest-list", OptionList)
    return [o.id for o in listing.options if o.id is not None]


async def highlight(pilot: Pilot[None], idea_id: str) -> None:
    listing = pilot.app.screen.query_one("#suggest-list", OptionList)
    for _ in range(len(listing.options)):
        if listing.highlighted_option is not None and listing.highlighted_option.id == idea_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{idea_id} is not on the list")


async def test_never_tried_ideas_come_first_then_the_least_recently_done(store: Store) -> None:
    data = write_sample(store, TODAY)
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)):
        ids = shown_ids(app)
        text = screen_text(app)
    stats = {s.idea.id: s for s in suggestion_order(data.ideas, data.dates, TODAY)}
    assert ids == list(stats)  # the order weekplan.together decides, all of it
    tried = [i for i in ids if not stats[i].never_tried and stats[i].next_planned is None]
    first_tried = ids.index(tried[0])
    assert all(stats[i].never_tried for i in ids[:first_tried])
    last_done = [stats[i].last_done for i in tried]
    assert last_done == sorted(last_done)  # oldest first
    assert "✦ never tried" in text and "2×, last 2 weeks ago" in text  # bowling, twice


async def test_enter_plans_the_first_idea_on_the_first_free_evening(store: Store) -> None:
    data = write_sample(store, TODAY)
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        first = shown_ids(app)[0]
        await pilot.press("enter")
    evening = free_evenings(TODAY, data.activities_shown, data.dates, store.config, TODAY)[0]
    [planned] = app.results
    assert isinstance(planned, SpecialDate)
    idea = store.ideas().items[first]
    assert (planned.idea, planned.title, planned.status) == (first, idea.title, "planned")
    assert (planned.date, planned.start, planned.end) == (evening.day, evening.start, evening.end)
    assert planned.id not in store.dates().items  # the screen never saves: the app does


async def test_arrows_offer_another_free_evening(store: Store) -> None:
    data = write_sample(store, TODAY)
    evenings = free_evenings(TODAY, data.activities_shown, data.dates, store.config, TODAY)
    assert len(evenings) >= 2  # the sample leaves more than one evening free
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert f"Free evening: {evenings[0].describe()}" in screen_text(app)
        await pilot.press("right")
        assert f"Free evening: {evenings[1].describe()}" in screen_text(app)
        await pilot.press("enter")
    assert app.results[0].date == evenings[1].day


async def test_tags_narrow_the_list_as_they_are_typed(store: Store) -> None:
    write_sample(store, TODAY)
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        everything = shown_ids(app)
        await pilot.press("slash", *"outdoor free")
        narrowed = shown_ids(app)
        await pilot.press("enter")  # back to the list
        assert app.screen.query_one("#suggest-list", OptionList).has_focus
        await pilot.press("enter")
    ideas = store.ideas().items
    assert narrowed and len(narrowed) < len(everything)
    assert all({"outdoor", "free"} <= set(ideas[i].tags) for i in narrowed)
    assert [i for i in everything if {"outdoor", "free"} <= set(ideas[i].tags)] == narrowed
    assert app.results[0].idea == narrowed[0]


async def test_no_idea_with_those_tags_says_so_and_enter_plans_nothing(store: Store) -> None:
    write_sample(store, TODAY)
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"underwater", "enter", "enter")
        assert "No idea has the tags underwater" in screen_text(app)
        assert isinstance(app.screen, SuggestScreen)


async def test_a_recently_done_idea_shows_the_novelty_hint(store: Store) -> None:
    write_sample(store, TODAY)
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "⚠" not in screen_text(app)  # the first suggestion is new
        await highlight(pilot, sample_id("idea:museum"))  # done last Friday
        assert "⚠ You did this 3 days ago — maybe something new?" in screen_text(app)


async def test_a_week_without_a_free_evening_plans_nothing(store: Store) -> None:
    write_sample(store, TODAY)
    for offset in range(7):
        day = date(2026, 11, 23 + offset)
        store.put_activity(Activity(f"busy{offset}", day, 17 * 60, 23 * 60, "Evening shift", "career"))
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "No free evening from today on in this week" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, SuggestScreen)
        await pilot.press("escape")
    assert app.results == [None]


def footer_text(app: ScreenHost) -> str:
    return app.screen.query_one(KeyBar).render_line(0).text


async def test_without_another_evening_the_arrows_are_not_offered(store: Store) -> None:
    write_sample(store, TODAY)
    for offset in range(7):
        day = date(2026, 11, 23 + offset)
        store.put_activity(Activity(f"busy{offset}", day, 17 * 60, 23 * 60, "Evening shift", "career"))
    app = suggest_host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        hint = str(app.screen.query_one("#suggest-hint").content)
        assert "←/→" not in hint and "enter plans" not in hint
        assert "esc close" in hint
        footer = footer_text(app)
        assert "Close" in footer and "←" not in footer and "→" not in footer
        await pilot.press("right")  # not there: nothing happens
        assert [n.message for n in app._notifications] == []
        assert isinstance(app.screen, SuggestScreen)


async def test_with_free_evenings_the_hint_and_the_footer_offer_the_arrows(store: Store) -> None:
    write_sample(store, TODAY)
    app = suggest_host(store)
    async with app.run_test(size=(80, 24)):
        hint = str(app.screen.query_one("#suggest-hint").content)
        assert hint.startswith("enter plans it on that evening · ←/→ another evening")
        footer = footer_text(app)
        assert " ← Earlier evening " in footer and " → Later evening " in footer


async def test_the_arrows_come_and_go_with_the_evenings_of_the_week_shown_again(store: Store) -> None:
    write_sample(store, TODAY)
    for offset in range(7):
        day = date(2026, 11, 30) + timedelta(days=offset)  # the next week: every evening taken
        store.put_activity(Activity(f"busy{offset}", day, 17 * 60, 23 * 60, "Evening shift", "career"))
    app = suggest_host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, SuggestScreen)
        assert "Earlier evening" in screen_text(app).splitlines()[-1]  # the footer as painted
        assert screen.reopen(store, store.config, TODAY, date(2026, 11, 30))
        await pilot.pause()
        assert "Earlier evening" not in screen_text(app).splitlines()[-1]
        assert "←/→" not in str(screen.query_one("#suggest-hint").content)


async def test_privacy_hides_every_idea_title(store: Store) -> None:
    data = write_sample(store, TODAY)
    app = suggest_host(store, privacy=True)
    async with app.run_test(size=(120, 40)):
        text = screen_text(app)
    assert "•••" in text
    for idea in data.ideas:
        assert idea.title not in text


async def test_suggest_plans_on_an_evening_free_for_both(store: Store) -> None:
    from weekplan.model import PartnerSettings
    from weekplan.record import replace

    data = write_sample(store, TODAY)
    mine = free_evenings(TODAY, data.activities_shown, data.dates, store.config, TODAY)
    store.save_config(replace(store.config, partner=PartnerSettings("Alex", "/srv/together.git")))
    store = Store.open(store.root)
    busy = store.shared_dir / "busy"
    busy.mkdir(parents=True)
    taken = mine[0].day
    (busy / "Sam.toml").write_text(f'name = "Sam"\nbusy = [{{ date = {taken}, start = "20:00", end = "23:00" }}]\n')
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert f"Free evening for both: {mine[1].describe()}" in screen_text(app)
        await pilot.press("enter")
    [planned] = app.results
    assert planned.date == mine[1].day != taken


async def test_the_hint_names_the_keys_config_toml_gives_as_the_footer_does(store: Store) -> None:
    write_sample(store, TODAY)
    app = suggest_host(store)
    app.set_keymap({"suggest.earlier": "b", "suggest.later": "ctrl+n", "suggest.filter": "t", "suggest.close": "x"})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        hint = str(screen.query_one("#suggest-hint").content)
        assert hint == "enter plans it on that evening · b/^n another evening · t tags · x close"
        footer = footer_text(app)
        for key, description in (("b", "Earlier evening"), ("^n", "Later evening"), ("t", "Tags"), ("x", "Close")):
            assert f" {key} {description} " in footer
        evening = str(screen.query_one("#suggest-evening").content)
        assert "more free: b/^n)" in evening and "←" not in evening
        await pilot.press("ctrl+n")  # the key the hint names does what it says
        assert str(screen.query_one("#suggest-evening").content) != evening


async def test_with_no_ideas_enter_is_not_offered_and_the_list_says_how_to_add_some(store: Store) -> None:
    app = suggest_host(store)
    app.set_keymap({"suggest.close": "x", "ideas": "b"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        hint = str(screen.query_one("#suggest-hint").content)
        assert "enter" not in hint and hint.endswith("x close")
        assert "No ideas yet: x closes this, then b opens the idea backlog to add some" in screen_text(app)
        await pilot.press("enter")  # nothing to plan: nothing planned, the dialog stays
        assert isinstance(app.screen, SuggestScreen) and app.results == []


async def test_enter_comes_and_goes_with_the_ideas_the_tags_leave(store: Store) -> None:
    write_sample(store, TODAY)
    app = suggest_host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        hint = app.screen.query_one("#suggest-hint")
        assert str(hint.content).startswith("enter plans it")
        await pilot.press("slash", *"zzz-no-such-tag")
        await pilot.pause()
        assert "No idea has the tags zzz-no-such-tag" in screen_text(app)
        assert "enter" not in str(hint.content)
