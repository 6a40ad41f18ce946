"""The dialogs' footer keeps its keys' widgets while the keys stay the same, and shows
a change of them as Textual's Footer does."""

from __future__ import annotations

from typing import Any

from planner_support import make_app
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from weekplan.app.steady_footer import SteadyFooter
from weekplan.store import Store


async def test_the_footer_keys_are_built_once_for_a_dialog_opened_again(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        footer = app.screen.query_one(SteadyFooter)
        keys = list(footer.query(FooterKey))
        assert {key.description for key in keys} >= {"Save", "Cancel"}
        await pilot.press("tab", "tab", "escape", "a")  # focus moves, the form closes and opens again
        await pilot.pause()
        assert list(footer.query(FooterKey)) == keys


class Switchable(Screen[None]):
    BINDINGS = [Binding("f2", "go", "Go", id="go")]
    allowed = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True if action != "go" or self.allowed else None  # None: shown, greyed out

    def compose(self) -> ComposeResult:
        yield Input()
        yield SteadyFooter()


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Switchable())


async def test_a_key_that_changes_is_shown_changed() -> None:
    app = Host()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        screen: Any = app.screen

        def go_key() -> FooterKey:
            return next(key for key in screen.query(FooterKey) if key.description == "Go")

        shown = go_key()
        assert not shown.has_class("-disabled")
        screen.refresh_bindings()  # nothing changed
        await pilot.pause()
        assert go_key() is shown
        screen.allowed = False
        screen.refresh_bindings()
        await pilot.pause()
        assert go_key().has_class("-disabled")
