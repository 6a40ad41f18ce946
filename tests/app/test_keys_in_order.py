"""Keys answered one at a time, in the order they were typed (weekplan.app.keys_in_order):
a key typed at once after the Escape that closes a dialog reaches the planner, not the
dialog that is closing."""

from __future__ import annotations

from time import monotonic

import pytest
from planner_support import make_app
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from weekplan.app.keys_in_order import NOTE_PATIENCE, KeyAnswered, KeysInOrder
from weekplan.app.planner import PlannerApp, PlannerScreen
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.help_screen import HelpScreen
from weekplan.app.together.review_screen import ReviewScreen
from weekplan.app.together.suggest_screen import SuggestScreen
from weekplan.store import Store

CHARACTERS = {"escape": "\x1b", "question_mark": "?", "space": " "}


async def type_at_once(pilot: Pilot[object], *keys: str) -> None:
    """Hand the app every key in one go, as a terminal read or a paste does: no key
    waits for the one before it to be answered (Pilot.press waits between keys)."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


def title_field(app: PlannerApp) -> Input:
    return app.screen.query_one("#field-title", Input)


@pytest.mark.parametrize(
    ("key", "dialog"),
    [("a", ActivityForm), ("question_mark", HelpScreen), ("S", SuggestScreen), ("r", ReviewScreen)],
)
async def test_a_dialog_closed_and_opened_again_in_one_go_is_open(seeded: Store, key: str, dialog: type) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        first = app.screen
        assert isinstance(first, dialog)
        for _ in range(5):
            await type_at_once(pilot, "escape", key)
            assert isinstance(app.screen, dialog)
            assert app.screen_stack[:-1] == [app.main]  # opened once, over the week
        if isinstance(first, ActivityForm):
            # The letter did not go into the form that was closing either.
            assert first.query_one("#field-title", Input).value == ""
        await pilot.press("escape")
        assert isinstance(app.screen, PlannerScreen)


async def test_letters_typed_after_help_closes_all_reach_the_new_form(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await type_at_once(pilot, "escape", "a", "w", "a", "l", "k", "space", "h", "o", "m", "e")
        assert isinstance(app.screen, ActivityForm)
        assert title_field(app).value == "walk home"


async def test_letters_typed_with_the_key_that_opens_the_form_reach_its_field(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_at_once(pilot, "a", "s", "w", "i", "m")
        assert isinstance(app.screen, ActivityForm)
        assert title_field(app).value == "swim"
        # Closed and opened again at once: the kept form starts empty, and takes the letters.
        await type_at_once(pilot, "escape", "a", "r", "u", "n")
        assert isinstance(app.screen, ActivityForm)
        assert title_field(app).value == "run"


async def test_a_paste_right_behind_the_key_that_opens_the_form_reaches_its_field(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        driver = app._driver
        assert driver is not None
        for event in (events.Key("a", "a"), events.Paste("swim"), events.Key("x", "x")):
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ActivityForm)
        assert title_field(app).value == "swimx"


async def test_cursor_keys_in_one_go_move_as_far_as_pressed_one_by_one(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l", "j", "j", "j")
        one_by_one = (app.grid.cursor_day, app.grid.cursor_row)
        await pilot.press("h", "h", "k", "k", "k")
        await type_at_once(pilot, "l", "l", "j", "j", "j")
        assert (app.grid.cursor_day, app.grid.cursor_row) == one_by_one


class NoteLoser(Widget, can_focus=True):
    """Hands the focus on at its first key and stops the note sent behind that key, as
    a widget removed under it would."""

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.app.query_one(Counting).focus()

    def on_key_answered(self, note: KeyAnswered) -> None:
        note.stop()


class Counting(Widget, can_focus=True):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def on_key(self, event: events.Key) -> None:
        self.keys.append(event.key)


class NoteLosingHost(KeysInOrder, App[None]):
    def compose(self) -> ComposeResult:
        yield NoteLoser()
        yield Counting()


async def test_keys_go_on_after_a_key_whose_note_was_lost() -> None:
    app = NoteLosingHost()
    async with app.run_test() as pilot:
        app.query_one(NoteLoser).focus()
        await pilot.pause()
        counting = app.query_one(Counting)
        started = monotonic()
        await type_at_once(pilot, "x", "y", "z")
        if monotonic() - started < NOTE_PATIENCE:  # a busy machine may take longer to hand them over
            assert counting.keys == []  # held while the first key's note is awaited
        # Routed once the patience runs out, never before; how long after depends on
        # the machine's load, so the wait is long enough for any load (a stuck key never comes).
        while counting.keys != ["y", "z"] and monotonic() - started < 20 * NOTE_PATIENCE:
            await pilot.pause(0.05)
        waited = monotonic() - started
        assert counting.keys == ["y", "z"]  # then routed, in order
        assert waited >= NOTE_PATIENCE


async def test_a_note_or_a_held_key_that_comes_after_the_app_closed_is_let_go(seeded: Store) -> None:
    """A note can come back, and a held key be routed, after the app has taken its
    screens down (a test's end, or quitting with keys still held): neither may raise."""
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
    assert app.screen_stack == []
    serial = app._serial
    await app.on_key_answered(KeyAnswered(serial, through_screen=False))
    assert not app.answering_keys
    app._answering = True
    app.held_keys.append(events.Key("b", "b"))
    await app.on_key_answered(KeyAnswered(serial, through_screen=True))
    assert not app.held_keys  # let go, not kept for a screen that will not come
    assert not app.answering_keys
