"""The dialogs' modules and styles loaded once the first screen is up (weekplan.app.warm_up):
after the first frame, one step at a time, with keys answered in between, and the
dialogs opening exactly as they would without it."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from time import monotonic
from typing import Any

import pytest
from planner_support import NOW, TODAY, make_app
from screens_host import screen_text
from test_keys_in_order import type_at_once
from textual.css.stylesheet import StylesheetParseError
from textual.pilot import Pilot
from textual.widgets import Input

from weekplan.app import warm_up
from weekplan.app.dimmed_backdrop import DimmedBackdrop
from weekplan.app.keys_in_order import NOTE_PATIENCE
from weekplan.app.planner import PlannerApp
from weekplan.app.screens import SCREENS_CSS
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.search_index import SearchIndex
from weekplan.store import Store


def warming_app(store: Store) -> PlannerApp:
    return PlannerApp(store, today=TODAY, now=lambda: NOW, warm_up=True)


async def until_warm(pilot: Pilot[object], app: PlannerApp) -> None:
    for _ in range(400):  # some tests space the steps out
        if app.warm_up is not None and app.warm_up.finished:
            return
        await pilot.pause(0.02)
    raise AssertionError("the warm-up never finished")


# A fresh interpreter starts the planner as a person's is started (with its warm-up)
# and prints the weekplan modules loaded at the first screen and once the warm-up is
# over, and whether the dialogs' style sheet was read by then.
MODULES_BEFORE_AND_AFTER = """
import json, sys
from datetime import date
from pathlib import Path
from weekplan.app import warm_up
from weekplan.app.planner import PlannerApp
from weekplan.store import Store

found = {}

def weekplan_modules():
    return sorted(m for m in sys.modules if m.startswith("weekplan"))

def at_first_screen(app):
    found["first"] = weekplan_modules()
    found["warming"] = app.warm_up is not None
    app.set_interval(0.02, lambda: until_warm(app))

def until_warm(app):
    if app.warm_up is not None and app.warm_up.finished:
        found["after"] = weekplan_modules()
        found["styles"] = [app.stylesheet.has_source(str(path), "") for path in warm_up.DIALOG_STYLES]
        app.exit()

PlannerApp._read_the_rest = at_first_screen
app = PlannerApp(Store.open(Path(sys.argv[1])), today=date(2026, 11, 23), warm_up=True)
app.run(headless=True, size=(120, 40))
print(json.dumps(found))
"""


def test_the_warm_up_starts_after_the_first_screen_and_loads_every_dialog(seeded: Store) -> None:
    run = subprocess.run(
        [sys.executable, "-c", MODULES_BEFORE_AND_AFTER, str(seeded.root)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    # The first screen loads no dialog (as test_first_screen_reads checks without it).
    assert not found["warming"]
    assert not set(warm_up.WARMED_MODULES) & set(found["first"])
    # Then every dialog's module is loaded, and the dialogs' style sheets read (the
    # Together dialogs' too).
    assert set(warm_up.WARMED_MODULES) <= set(found["after"])
    assert found["styles"] == [True, True]


async def test_an_app_under_test_warms_nothing_unless_asked(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.1)
        assert app.warm_up is None
        assert not app.stylesheet.has_source(str(SCREENS_CSS), "")


async def dialog_state(pilot: Pilot[Any], app: PlannerApp) -> tuple[str, str | None, str]:
    """The dialog open, what has the focus in it, and what the whole screen shows, its
    text cursor steady: a blinking one is drawn or not by the moment of the picture."""
    for field in app.screen.query("Input, TextArea"):
        field.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()
    focused = app.screen.focused
    return type(app.screen).__name__, None if focused is None else focused.id, app.export_screenshot()


@pytest.mark.parametrize("key", ["a", "question_mark", "slash", "S", "r", "m"])
async def test_a_dialog_opens_after_the_warm_up_as_it_does_without(seeded: Store, key: str) -> None:
    shown: list[tuple[str, str | None, str]] = []
    for app in (make_app(seeded), warming_app(seeded)):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            if app._warm_up_wanted:
                await until_warm(pilot, app)
            await pilot.press(key)
            await pilot.pause()
            shown.append(await dialog_state(pilot, app))
    without, warmed = shown
    assert without[0] != "PlannerScreen"
    assert warmed[:2] == without[:2]
    assert warmed[2] == without[2]


async def test_keys_pressed_during_the_warm_up_are_answered_in_order(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Steps far apart, so that the keys surely come in the middle of the warm-up.
    monkeypatch.setattr(warm_up, "BETWEEN_STEPS_SECONDS", 0.2)
    answered: list[tuple[object, ...]] = []
    for app in (make_app(seeded), warming_app(seeded)):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("right", "right", "down")
            await type_at_once(pilot, "a", "G", "y", "m")
            if app._warm_up_wanted:
                assert app.warm_up is not None and not app.warm_up.finished
            assert isinstance(app.screen, ActivityForm)
            title = app.screen.query_one("#field-title", Input)
            assert title.has_focus
            fields = (title.value, app.screen.query_one("#field-date", Input).value)
            fields += (app.screen.query_one("#field-start", Input).value,)
            await pilot.press("escape")
            answered.append((*fields, app.grid.cursor_date, app.grid.cursor_minute))
            if app._warm_up_wanted:
                await until_warm(pilot, app)
                assert app.stylesheet.has_source(str(SCREENS_CSS), "")
    without, warming = answered
    assert without[0] == "Gym" and without[3] > TODAY
    assert warming == without


async def test_a_dialog_style_sheet_that_does_not_parse_is_still_reported_at_the_first_push(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.tcss"
    broken.write_text("ActivityForm { width: eighty-eight; }\n", "utf-8")
    monkeypatch.setattr(warm_up, "DIALOG_STYLES", (broken,))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with pytest.raises(StylesheetParseError):
            warm_up.read_dialog_styles(app)
        # Taken out again: the dialog that uses it reads it itself and says what is wrong,
        # rather than opening without its styles.
        assert not app.stylesheet.has_source(str(broken), "")


async def test_a_key_whose_note_was_lost_does_not_hold_the_warm_up_back(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm_up, "BETWEEN_STEPS_SECONDS", 0.1)  # still under way below
    app = warming_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.warm_up is not None and not app.warm_up.finished
        # A key routed long ago whose note never came back (its widget went on the way),
        # and no key after it to notice: the warm-up waits no longer than a key would.
        app._answering = True
        app._routed_at = monotonic() - 2 * NOTE_PATIENCE
        await until_warm(pilot, app)


# -- the kept dialogs built ahead ---------------------------------------------------


DIALOG_KEYS = {
    "activity": "a",
    "help": "question_mark",
    "search": "slash",
    "suggest": "S",
    "review": "r",
    "overview": "m",
}


async def test_the_warm_up_builds_lays_out_and_paints_each_kept_dialog_off_screen(seeded: Store) -> None:
    app = warming_app(seeded)
    shown: list[object] = []
    display = app._display

    def counted_display(screen: Any, renderable: Any) -> None:
        shown.append(screen)
        display(screen, renderable)

    app._display = counted_display  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await until_warm(pilot, app)
        await pilot.pause()
        for name in DIALOG_KEYS:
            dialog = app.kept_dialogs._kept[name]
            assert dialog.is_mounted and dialog not in app.screen_stack
            assert dialog.size == app.size  # laid out for the terminal as it is
            assert dialog._styled_with is app.stylesheet.rules  # styled with the rules as they are
            # The week behind it tinted already (search and the overview hide it: opaque).
            assert dialog._backdrop_lines if isinstance(dialog, DimmedBackdrop) else name in ("search", "overview")
        # Nothing of it reached the terminal: every frame was the week's.
        assert shown and all(screen is app.main for screen in shown)


@pytest.mark.parametrize("name", list(DIALOG_KEYS))
async def test_the_first_opening_shows_the_dialog_built_ahead_without_building_or_styling_it(
    seeded: Store, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = warming_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await until_warm(pilot, app)
        built = app.kept_dialogs._kept[name]
        widgets = list(built.walk_children())
        restyled: list[object] = []
        update = app.stylesheet.update_nodes

        def counted_update(nodes: Any, **options: Any) -> None:
            restyled.append(nodes)
            update(nodes, **options)

        monkeypatch.setattr(app.stylesheet, "update_nodes", counted_update)
        await pilot.press(DIALOG_KEYS[name])
        await pilot.pause()
        assert app.screen is built
        assert list(built.walk_children()) == widgets  # the same widgets, none composed anew
        assert not restyled  # as a later opening: no widget of it styled again


# The overview reads its weeks as it opens (read ahead, they could be stale by then), so
# its first opening lays out what they bring: only the dialogs shown as built count.
@pytest.mark.parametrize("name", [name for name in DIALOG_KEYS if name != "overview"])
async def test_the_first_opening_lays_out_nothing_that_was_laid_out_ahead(seeded: Store, name: str) -> None:
    app = warming_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await until_warm(pilot, app)
        app.go_to(app.today, app.config.day_start)  # where the form was built: the same messages
        await pilot.pause()
        built = app.kept_dialogs._kept[name]
        layouts: list[object] = []
        lay_out = built._refresh_layout

        def counted_layout(*args: Any, **options: Any) -> None:
            layouts.append(args)
            lay_out(*args, **options)

        built._refresh_layout = counted_layout  # type: ignore[method-assign]
        await pilot.press(DIALOG_KEYS[name])
        await pilot.pause()
        assert app.screen is built
        assert layouts == []  # every widget's ask for a layout was answered off screen
        await pilot.press("escape")
        await pilot.pause()
        app.go_to(app.today, app.config.day_start + 60)
        await pilot.press(DIALOG_KEYS[name])
        await pilot.pause()
        # What the dialog shows anew is still laid out as it opens: the add form's end
        # note is another time's.
        assert len(layouts) == (1 if name == "activity" else 0)


async def test_search_built_ahead_loads_its_index_only_once_it_is_opened(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[SearchIndex] = []
    load = SearchIndex._load

    def counted_load(index: SearchIndex) -> None:
        loads.append(index)
        load(index)

    monkeypatch.setattr(SearchIndex, "_load", counted_load)
    app = warming_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await until_warm(pilot, app)
        await pilot.pause(0.2)
        assert app.kept_dialogs._kept["search"].is_mounted
        assert loads == []  # built ahead, with nothing read for it
        await pilot.press("slash", *"climbing")
        for _ in range(100):
            await pilot.pause(0.02)
            if "1 found for 'climbing'" in screen_text(app):
                break
        assert "1 found for 'climbing'" in screen_text(app)
        assert len(loads) == 1


async def test_a_dialog_opens_at_a_new_terminal_size_and_theme_after_the_warm_up_as_without(seeded: Store) -> None:
    shown = []
    for app in (make_app(seeded), warming_app(seeded)):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            if app._warm_up_wanted:
                await until_warm(pilot, app)
            await pilot.resize_terminal(100, 32)
            app.theme = "textual-light"
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            shown.append(await dialog_state(pilot, app))
    without, warmed = shown
    assert without[0] == "ActivityForm"
    assert warmed == without


async def test_a_dialog_asked_for_while_it_is_built_ahead_is_built_for_the_moment(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        ahead = app.activity_form(TODAY, 8 * 60, None)
        building = asyncio.ensure_future(app.kept_dialogs.build_ahead(ahead))
        await asyncio.sleep(0)
        assert not ahead.is_mounted  # its widgets are still being composed
        app.action_add_activity()
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, ActivityForm) and opened is not ahead
        assert opened.query_one("#field-title", Input).has_focus
        await pilot.press("escape")
        await building
        await pilot.press("a")
        assert app.screen is ahead  # kept from then on
        assert ahead.query_one("#field-title", Input).has_focus
