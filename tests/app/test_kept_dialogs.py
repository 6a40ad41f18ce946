"""Dialogs built once and opened again (weekplan.app.kept_dialogs): the second
opening is the same screen, and it shows what a new one would."""

from __future__ import annotations

from datetime import date

import pytest
from planner_support import activity, make_app
from screens_host import screen_text
from textual.app import App
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, OptionList, Static

from weekplan.app.kept_dialogs import KeptDialogs, show_text
from weekplan.app.planner import PlannerApp
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.help_screen import HelpScreen
from weekplan.app.together.review_screen import ReviewScreen
from weekplan.app.together.suggest_screen import SuggestScreen
from weekplan.model import Idea
from weekplan.privacy import PRIVATE
from weekplan.record import replace
from weekplan.sample import sample_id, write_sample
from weekplan.store import Store
from weekplan.together import date_from_idea
from weekplan.weeks import IsoWeek


async def test_help_opens_again_as_it_was_built_from_the_top(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        first = app.screen
        assert isinstance(first, HelpScreen)
        await pilot.press("down", "down", "down")
        assert first.query_one(DataTable).cursor_row == 3
        await pilot.press("escape")
        assert app.screen is app.main
        await pilot.press("question_mark")
        assert app.screen is first  # not built again
        assert first.query_one(DataTable).cursor_row == 0
        assert "Prev week" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.main


async def test_help_shows_the_keys_as_they_are_when_it_opens_again(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark", "escape")
        rows = app.help_rows()
        app.help_rows = lambda: [("F9", "A key added since", "everywhere"), *rows]  # type: ignore[method-assign]
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "A key added since" in shown and "Prev week" in shown


def _fields(app: PlannerApp) -> dict[str, str]:
    return {(field.id or "").removeprefix("field-"): field.value for field in app.screen.query(Input)}


async def test_the_add_form_opens_again_as_new_at_the_cursor(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        first = app.screen
        assert isinstance(first, ActivityForm)
        built = _fields(app)
        messages_built = [str(m.visual) for m in first.query(".field-message").results(Static)]
        save_built = first.query_one("#form-save", Button).disabled
        await pilot.press(*"Chess", "tab", "ctrl+u", *"32 nov")  # a date that is wrong
        assert first.query_one("#message-date", Static).has_class("-error")
        assert first.query_one("#form-save", Button).disabled
        await pilot.press("escape")
        app.go_to(date(2026, 11, 24), 8 * 60)
        await pilot.press("a")
        assert app.screen is first  # not built again
        assert _fields(app) == {**built, "date": "2026-11-24", "start": "08:00", "end": "09:00"}
        assert first.focused is first.query_one("#field-title", Input)
        assert not first.query(".-error")
        assert first.query_one(".form-dialog").border_title == "New activity"
        messages = [str(m.visual) for m in first.query(".field-message").results(Static)]
        assert messages_built[0] == "" and messages_built[1] == "Mon 23 Nov 2026 · week 48"
        assert messages == ["", "Tue 24 Nov 2026 · week 48", "", "09:00 · 1 h", *messages_built[4:]]
        assert first.query_one("#form-save", Button).disabled == save_built
        await pilot.press(*"Chess", "ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
    chess = [a for a in seeded.activities_between(date(2026, 11, 23), date(2026, 11, 29)) if a.title == "Chess"]
    assert [(a.date, a.start, a.end) for a in chess] == [(date(2026, 11, 24), 8 * 60, 9 * 60)]


def _stressed(choices: Static) -> list[str]:
    content = choices.visual
    assert isinstance(content, Content)
    return [content.plain[span.start : span.end] for span in content.spans if "reverse" in str(span.style)]


async def test_the_kept_form_lists_the_categories_for_the_text_it_opens_with(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "tab", "tab", "tab", "tab", *"fit")
        form = app.screen
        choices = form.query_one("#category-choices", Static)
        assert _stressed(choices) == ["fitness"]
        await pilot.press("escape")
        app.go_to(date(2026, 11, 27), 19 * 60)  # climbing, 19:00-21:00 with friends
        await pilot.press("e")
        assert app.screen is form
        assert _stressed(choices) == ["friends"]
        await pilot.press("escape", "j", "j", "a")
        assert app.screen is form
        assert _stressed(choices) == []


async def test_the_kept_form_is_checked_once_as_it_opens_elsewhere(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ActivityForm)
        await pilot.press("escape")
        checks: list[int] = []
        check = form.check
        form.check = lambda: checks.append(1) or check()  # type: ignore[method-assign]
        app.go_to(date(2026, 11, 27), 7 * 60)  # another day and time: three fields change
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is form
        assert _fields(app)["date"] == "2026-11-27" and _fields(app)["start"] == "07:00"
        assert len(checks) == 1
        await pilot.press("x")  # a typed letter is checked as before
        assert len(checks) == 2


async def test_the_kept_form_edits_an_entry_after_adding_one(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Chess", "ctrl+s")
        app.go_to(date(2026, 11, 27), 19 * 60)  # climbing, 19:00-21:00 with friends
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ActivityForm)
        assert form.query_one(".form-dialog").border_title == "Edit activity"
        fields = _fields(app)
        assert (fields["title"], fields["start"], fields["end"], fields["category"]) == (
            "climbing",
            "19:00",
            "21:00",
            "friends",
        )
        await pilot.press("end", *" wall", "ctrl+s")
        await pilot.pause()
    week = seeded.activities_between(date(2026, 11, 23), date(2026, 11, 29))
    assert [a.title for a in week if a.id == "climb1"] == ["climbing wall"]
    assert sum(a.title == "Chess" for a in week) == 1


async def test_the_kept_form_shows_an_entry_done_then_a_new_one_not_done(seeded: Store) -> None:
    seeded.put_activity(activity("swim2", "2026-11-24", "07:00", "08:00", "swim", "fitness", done=True))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 24), 7 * 60)
        await pilot.press("e")
        assert app.screen.query_one("#field-done", Checkbox).value
        await pilot.press("escape", "j", "j", "a")
        assert not app.screen.query_one("#field-done", Checkbox).value


async def test_the_kept_form_suggests_categories_from_what_was_saved_since(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"chess")  # nothing earlier with this title
        assert app.screen.query_one("#field-category", Input).placeholder == "none, or an id or name"
        await pilot.press("tab", "tab", "tab", "tab", *"learning", "ctrl+s")
        await pilot.press("j", "j", "a", *"chess")
        assert app.screen.query_one("#field-category", Input).placeholder == "learning (as before)"


async def test_new_settings_build_the_form_again(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "escape")
        first = app.screen_stack  # only the planner now
        assert len(first) == 1
        await pilot.press("a")
        kept = app.screen
        await pilot.press("escape")
        app.config = replace(app.config, categories=app.config.categories[:2])
        await pilot.press("a")
        assert isinstance(app.screen, ActivityForm) and app.screen is not kept
        assert kept.parent is None  # the one kept before is taken down
        assert app.screen.config is app.config


def _review_and_list(app: PlannerApp) -> tuple[ReviewScreen, OptionList]:
    review = app.screen
    assert isinstance(review, ReviewScreen)
    return review, review.query_one("#review-list", OptionList)


async def test_the_review_opens_again_on_the_data_as_it_is_now(store: Store) -> None:
    write_sample(store, date(2026, 11, 23))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        review, listing = _review_and_list(app)
        assert "7 done · 1 skipped · 2 still open" in screen_text(app)
        first_row = listing.highlighted
        await pilot.press("down", "down", "down", "w", *"a good week")  # the note, left unsaved
        await pilot.press("escape", "escape")  # leaves the note field, then the review (saving the note)
        assert app.screen is app.main
        portfolio = store.week(IsoWeek(2026, 47)).items[sample_id("activity:-1:portfolio")]
        store.put_activity(replace(portfolio, done=True))
        await pilot.press("P", "r")  # privacy on
        assert app.screen is review  # not built again
        text = screen_text(app)
        assert "8 done · 1 skipped · 1 still open" in text
        assert "Museum late opening" not in text and "•••" in text
        assert listing.highlighted == first_row
        assert review.focused is listing
        assert review.query_one("#review-note", Input).value == "a good week"
        assert not review.query_one("#review-memory-row").display


async def test_the_review_opened_from_the_overview_shows_the_week_asked_for(store: Store) -> None:
    write_sample(store, date(2026, 11, 23))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "escape")
        app.action_review(date(2026, 11, 2))
        await pilot.pause()
        assert "Weekly review · Week 45 · 2–8 Nov 2026" in screen_text(app)


async def test_suggest_opens_again_on_the_week_shown_with_no_tags(store: Store) -> None:
    data = write_sample(store, date(2026, 11, 23))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S")
        suggest = app.screen
        assert isinstance(suggest, SuggestScreen)
        listing = suggest.query_one("#suggest-list", OptionList)
        every_idea = [o.id for o in listing.options]
        assert len(every_idea) == len(data.ideas)
        await pilot.press("slash", *"zzz")  # no idea has it
        assert [o.id for o in listing.options] == [None]
        await pilot.press("escape", "escape", "right_square_bracket", "S")
        assert app.screen is suggest  # not built again
        assert "Suggest a date · Week 49 · 30 Nov – 6 Dec 2026" in screen_text(app)
        assert suggest.query_one("#suggest-tags", Input).value == ""
        assert [o.id for o in listing.options] == every_idea
        assert listing.highlighted == 0 and suggest.focused is listing
        first_option = listing.options[0]
        await pilot.press("down", "escape", "S")  # the same data: the same options, from the top
        assert listing.options[0] is first_option and listing.highlighted == 0
        store.put_idea(Idea("kayak", "Kayak at dawn", tags=("outdoors",)))
        await pilot.press("escape", "S")
        assert "Kayak at dawn" in screen_text(app) and len(listing.options) == len(data.ideas) + 1


async def test_suggest_opened_again_makes_its_lines_anew_for_privacy_and_new_dates(store: Store) -> None:
    write_sample(store, date(2026, 11, 23))
    store.put_idea(Idea("kayak", "Kayak at dawn", tags=("outdoors",)))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("S", "escape", "P", "S")
        await pilot.pause()
        assert "Kayak at dawn" not in screen_text(app) and PRIVATE in screen_text(app)
        await pilot.press("escape", "P", "S")
        await pilot.pause()
        assert "Kayak at dawn  ✦ never tried" in screen_text(app)
        await pilot.press("escape")
        store.put_date(date_from_idea(store.ideas().items["kayak"], date(2026, 11, 30), 18 * 60, 20 * 60))
        await pilot.press("S")
        await pilot.pause()
        assert "Kayak at dawn  planned for Mon 30 Nov" in screen_text(app)


@pytest.mark.parametrize(("key", "list_id"), [("S", "#suggest-list"), ("r", "#review-list")])
async def test_a_list_opened_again_on_the_same_data_is_not_painted_anew(store: Store, key: str, list_id: str) -> None:
    write_sample(store, date(2026, 11, 23))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key, "escape", key, "escape")  # the second opening restyles: the rules grew at the first
        await pilot.pause()
        listing = app.get_screen(f"kept-dialog-{'suggest' if key == 'S' else 'review'}").query_one(list_id, OptionList)
        repaints: list[object] = []
        painted = listing.refresh

        def refresh(*regions: object, **options: object) -> object:
            repaints.append(regions)
            return painted(*regions, **options)

        listing.refresh = refresh  # type: ignore[method-assign]
        await pilot.press(key)
        await pilot.pause()
        # It kept the focus it had: asking for it again would repaint every line.
        first_row = next(number for number, option in enumerate(listing.options) if not option.disabled)
        assert app.screen.focused is listing and listing.highlighted == first_row
        assert repaints == []
        app.screen.query_one(Input).focus()  # closed with the focus elsewhere
        await pilot.pause()
        app.screen.dismiss(None)
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert app.screen.focused is listing and repaints  # given the focus, and painted with it


class Dialog(ModalScreen[None]):
    pass


async def test_a_dialog_asked_for_while_it_is_open_is_built_for_the_moment() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        kept = KeptDialogs(app)
        first = kept.get("dialog", Dialog, Dialog, lambda screen: True)
        await app.push_screen(first)
        inner = kept.get("dialog", Dialog, Dialog, lambda screen: True)
        assert inner is not first
        await app.push_screen(inner)
        app.pop_screen()
        app.pop_screen()
        await pilot.pause()
        assert kept.get("dialog", Dialog, Dialog, lambda screen: True) is first  # still the kept one
        assert inner.parent is None  # the one for the moment was taken down on close


async def test_a_kept_dialog_takes_the_theme_chosen_while_it_was_closed(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        dark = help_screen.query_one(".dialog").styles.background
        await pilot.press("escape")
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("question_mark")
        assert app.screen is help_screen
        assert help_screen.query_one(".dialog").styles.background != dark


async def test_show_text_leaves_a_label_alone_only_when_it_shows_that_very_text() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        label = Static("3 done")
        await app.mount(label)
        await pilot.pause()
        layouts = label._layout_updates
        show_text(label, "3 done")
        assert label._layout_updates == layouts  # the same text: no layout
        show_text(label, "4 done")
        assert label.content == "4 done" and label._layout_updates == layouts + 1
        label.update(Content.styled("4 done", "bold"))
        show_text(label, "4 done")  # the same letters, but plain now
        assert label.content == "4 done" and isinstance(label.content, str)


async def test_the_review_opened_again_makes_its_lines_anew_for_changes_and_privacy(store: Store) -> None:
    write_sample(store, date(2026, 11, 23))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        review, listing = _review_and_list(app)

        def line(option_id: str) -> str:
            return str(listing.get_option(option_id).prompt)

        portfolio = store.week(IsoWeek(2026, 47)).items[sample_id("activity:-1:portfolio")]
        assert line(f"activity:{portfolio.id}").endswith("open")
        to_rate = next(o.id for o in listing.options if o is not None and (o.id or "").startswith("date:"))
        title = store.dates().items[to_rate.removeprefix("date:")].title
        assert title in line(to_rate)
        await pilot.press("escape")
        store.put_activity(replace(portfolio, done=True))
        await pilot.press("r")
        assert app.screen is review
        assert line(f"activity:{portfolio.id}").endswith("done")
        await pilot.press("escape", "P", "r")
        assert title not in line(to_rate) and PRIVATE in line(to_rate)
