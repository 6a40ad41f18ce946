"""The planner while other programs change its files: reloading what changed on disk
(a hand edit, a pull, a second planner), edits and undo onto changed files, and
syncing with git from the planner (ctrl+s)."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from planner_support import Notes, activity, grid_lines, grid_text, make_app
from textual.widgets import Input, Static

from git_support import isolate_git
from weekplan.app.planner import PlannerApp
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.search_screen import SearchScreen
from weekplan.model import Activity
from weekplan.record import replace
from weekplan.store import Store
from weekplan.sync import init, sync
from weekplan.weeks import IsoWeek

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from textual.pilot import Pilot

W48 = IsoWeek(2026, 48)
MARKERS = (
    "<<<<<<< HEAD\n"
    '[activities.gym1]\ndate = 2026-11-23\nstart = "09:00"\nend = "10:30"\ntitle = "gym"\n'
    "=======\n"
    '[activities.gym1]\ndate = 2026-11-23\nstart = "09:00"\nend = "11:00"\ntitle = "gym"\n'
    ">>>>>>> origin/main\n"
)


def on_disk(root: Path, week: IsoWeek = W48) -> dict[str, Activity]:
    """What another program (a fresh store) finds in the file."""
    return Store(root).week(week).items


def elsewhere(root: Path) -> Store:
    """Another planner or `weekplan add` on the same data directory."""
    return Store(root)


async def test_a_hand_edit_of_the_shown_week_appears_within_the_poll_with_the_cursor_kept(seeded: Store) -> None:
    app = make_app(seeded)
    app.DISK_POLL_SECONDS = 0.05
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.reveal(on_disk(seeded.root)["climb1"])
        grid = app.grid
        where = (grid.cursor_date, grid.cursor_minute)
        path = seeded.week_path(W48)
        path.write_text(path.read_text("utf-8").replace('"climbing"', '"boulder"'), "utf-8")
        other = elsewhere(seeded.root)
        other.put_activity(activity("new1", "2026-11-24", "12:00", "13:00", "kiln", "hobby"))

        await pilot.pause(0.3)  # a few turns of the poll's timer

        text = grid_text(app)
        assert "boulder" in text and "climbing" not in text
        assert "kiln" in text
        assert (grid.cursor_date, grid.cursor_minute) == where
        assert grid.selected is not None and grid.selected.id == "climb1" and grid.selected.title == "boulder"
        reloads = [m for m in notes.messages if m.startswith("Reloaded")]
        assert reloads == ["Reloaded 2026-W48.toml (changed on disk)"]

        # Saved again and again by someone else: reloaded each time, named once.
        for title in ("wall", "crag"):  # short titles: a block wraps long ones
            other.put_activity(replace(other.week(W48).items["climb1"], title=title))
            await pilot.pause(0.2)
            assert title in grid_text(app)
        assert len([m for m in notes.messages if m.startswith("Reloaded")]) == 1


async def test_settings_changed_on_disk_are_used_at_once_with_the_cursor_kept(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.reveal(on_disk(seeded.root)["climb1"])  # Friday 27 Nov, 19:00
        assert grid_lines(app)[0].split("│")[1].strip() == "Mon 23 Nov"
        assert app.keys_for(next(b for b in type(app.main).BINDINGS if b.id == "search")) == "/"
        other = elsewhere(seeded.root)
        other.save_config(  # as a sync from the other machine would leave it
            replace(other.config, first_weekday=6, day_start=8 * 60, day_end=20 * 60, keys={"search": "f"})
        )

        assert app.check_disk() == [seeded.config_path]

        assert app.config.first_weekday == 6 and app.grid.config is app.config
        assert grid_lines(app)[0].split("│")[1].strip() == "Sun 22 Nov"
        assert app.grid.week is not None and app.grid.week.config.day_start == 8 * 60
        in_day = [row.minute for row in app.grid.week.rows if not row.offhours]
        assert (in_day[0], in_day[-1]) == (8 * 60, 19 * 60 + 30)  # the day is 08:00–20:00 now
        grid = app.grid
        assert (grid.cursor_date, grid.cursor_minute) == (date(2026, 11, 27), 19 * 60)
        assert grid.selected is not None and grid.selected.id == "climb1"
        assert notes.last == "Settings reloaded from config.toml (changed on disk)"
        await pilot.press("f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")

        # A config.toml that cannot be read: the settings in use stay, the banner says why.
        seeded.config_path.write_text('first_weekday = "funday"\n', "utf-8")
        app.check_disk()
        assert app.config.first_weekday == 6
        assert "funday" in str(app.main.query_one("#problems", Static).render())


async def test_a_new_entry_in_the_same_cell_does_not_take_the_cursor_away(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)):
        app.reveal(on_disk(seeded.root)["call1"])  # 09:30, beside the gym at 09:00
        grid = app.grid
        assert grid.selected is not None and grid.selected.id == "call1"
        lane = grid.lane
        elsewhere(seeded.root).put_activity(activity("aaa1", "2026-11-23", "09:00", "10:00", "stretch", "rest"))

        assert app.check_disk() == [seeded.week_path(W48)]

        assert grid.selected is not None and grid.selected.id == "call1"
        assert grid.lane != lane  # the new entry sits before it in the cell
        assert app.check_disk() == []  # nothing more to reload


async def test_a_file_replaced_with_conflict_markers_goes_read_only_and_is_never_written(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "space")  # gym done: something to undo later
        assert on_disk(seeded.root)["gym1"].done
        path = seeded.week_path(W48)
        path.write_text(MARKERS, "utf-8")  # a pull gone wrong

        app.check_disk()

        banner = app.main.query_one("#problems", Static)
        assert banner.display and f"{path}:1:" in str(banner.render()) and "read-only" in str(banner.render())
        assert "read-only" in app.main.query_one("#header").render_line(0).text
        assert "cannot be read" in notes.last
        assert "gym" not in grid_text(app)  # nothing from the broken file is shown as if it were fine

        await pilot.press("a")
        assert app.screen is app.main
        await pilot.press("u")
        assert "could not be read" in notes.last
        app.go_to(date(2026, 11, 19), 7 * 60)  # last week's swim cannot move into it either
        await pilot.press("shift+right")
        assert "could not be read" in notes.last
    assert path.read_text("utf-8") == MARKERS


async def test_an_edit_on_a_stale_file_is_merged_or_refused_with_a_message(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k")
        assert app.grid.selected is not None and app.grid.selected.id == "gym1"
        other = elsewhere(seeded.root)
        other.put_activity(replace(other.week(W48).items["gym1"], title="gym with Sam"))

        await pilot.press("space")  # before the poll has seen the other machine's title

        gym = on_disk(seeded.root)["gym1"]
        assert gym.done and gym.title == "gym with Sam"
        assert app.grid.selected is not None and app.grid.selected.title == "gym with Sam"

        other = elsewhere(seeded.root)
        other.put_activity(replace(other.week(W48).items["gym1"], end=12 * 60))
        await pilot.press("shift+down")  # moves the end to 11:00: the same field, two ways

        assert "changed meanwhile" in notes.last and "please make the change again" in notes.last
        gym = on_disk(seeded.root)["gym1"]
        assert (gym.start, gym.end) == (9 * 60, 12 * 60)
        assert app.grid.selected is not None and app.grid.selected.end == 12 * 60  # the view shows theirs


async def test_undo_after_a_reload_keeps_what_the_other_program_changed(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "space")
        other = elsewhere(seeded.root)
        other.put_activity(replace(other.week(W48).items["gym1"], title="gym with Sam"))
        app.check_disk()  # the planner now shows (and its store holds) the new title

        await pilot.press("u")

        gym = on_disk(seeded.root)["gym1"]
        assert not gym.done and gym.title == "gym with Sam"
        await pilot.press("ctrl+r")
        gym = on_disk(seeded.root)["gym1"]
        assert gym.done and gym.title == "gym with Sam"

        # Undoing a move of an entry whose time was changed meanwhile: refused, theirs kept.
        await pilot.press("shift+down")
        other = elsewhere(seeded.root)
        other.put_activity(replace(other.week(W48).items["gym1"], start=8 * 60))
        app.check_disk()
        await pilot.press("u")
        assert "changed meanwhile" in notes.last
        gym = on_disk(seeded.root)["gym1"]
        assert (gym.start, gym.end) == (8 * 60, 11 * 60)


async def test_undo_of_an_add_after_the_item_was_edited_elsewhere_is_refused(seeded: Store) -> None:
    app = make_app(seeded)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "y", "l", "p")  # the gym, pasted on Tuesday
        pasted = app.grid.selected
        assert pasted is not None and pasted.id != "gym1"
        other = elsewhere(seeded.root)
        other.put_activity(replace(other.week(W48).items[pasted.id], title="gym, longer"))
        app.check_disk()

        await pilot.press("u")

        assert "changed meanwhile" in notes.last
        assert on_disk(seeded.root)[pasted.id].title == "gym, longer"


async def add_in_form(app: PlannerApp, pilot: object, title: str, category: str) -> None:
    await pilot.press("a")  # type: ignore[attr-defined]
    form = app.screen
    assert isinstance(form, ActivityForm)
    await pilot.press(*title)  # type: ignore[attr-defined]
    form.query_one("#field-category", Input).focus()
    await pilot.press(*category, "ctrl+s")  # type: ignore[attr-defined]
    assert app.screen is app.main


async def test_two_planners_on_one_data_dir_each_add_and_both_survive(seeded: Store) -> None:
    # Each planner runs in its own task: Textual finds "the app" through the task's context.
    both_open, first_added, second_added = asyncio.Event(), asyncio.Event(), asyncio.Event()
    shown: dict[str, str] = {}

    async def planner(name: str, day: date, title: str, category: str, mine: asyncio.Event) -> None:
        app = make_app(Store(seeded.root))
        async with app.run_test(size=(120, 40)) as pilot:
            app.go_to(day, 12 * 60)
            opened.append(name)
            if len(opened) == 2:
                both_open.set()
            await both_open.wait()
            if name == "second":
                await first_added.wait()  # saves on top of a file it read before the first's save
            await add_in_form(app, pilot, title, category)
            mine.set()
            await first_added.wait()
            await second_added.wait()
            app.check_disk()
            shown[name] = grid_text(app)

    opened: list[str] = []
    await asyncio.gather(
        planner("first", date(2026, 11, 26), "piano", "hob", first_added),
        planner("second", date(2026, 11, 27), "chess", "fri", second_added),
    )
    titles = {a.title for a in on_disk(seeded.root).values()}
    assert {"piano", "chess", "gym", "climbing"} <= titles
    assert "piano" in shown["first"] and "chess" in shown["first"]
    assert "piano" in shown["second"] and "chess" in shown["second"]


async def test_a_form_open_during_a_reload_keeps_what_was_typed(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("k", "e")
        form = app.screen
        assert isinstance(form, ActivityForm)
        title = form.query_one("#field-title", Input)
        title.value = "gym, heavy day"
        other = elsewhere(seeded.root)
        other.put_activity(replace(other.week(W48).items["gym1"], category="rest", end=11 * 60))

        app.check_disk()

        assert app.screen is form and title.value == "gym, heavy day"
        await pilot.press("ctrl+s")
        gym = on_disk(seeded.root)["gym1"]
        # The form still showed the old category and end: those were not this edit's.
        assert (gym.title, gym.category, gym.end) == ("gym, heavy day", "rest", 11 * 60)


# -- syncing from the planner ---------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def machines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A laptop and a desktop data directory syncing through a bare remote."""
    isolate_git(monkeypatch, tmp_path)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    roots = []
    for name in ("laptop", "desktop"):
        root = tmp_path / name
        root.mkdir()
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", f"Person on {name}")
        git(root, "config", "user.email", f"{name}@example.org")
        init(root, str(remote))
        roots.append(root)
    return roots[0], roots[1]


async def synced(app: PlannerApp, pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_sync_key_pulls_in_the_other_machine_and_shows_the_outcome(machines: tuple[Path, Path]) -> None:
    laptop, desktop = machines
    Store.open(laptop).put_activity(activity("lap1", "2026-11-25", "18:00", "19:00", "choir", "hobby"))
    sync(laptop)
    app = make_app(Store.open(desktop))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")
        await add_in_form(app, pilot, "piano", "hob")
        where = (app.grid.cursor_date, app.grid.cursor_minute)

        await pilot.press("ctrl+s")
        await synced(app, pilot)

        outcome = notes.last
        assert "committed: 1 activity added in 2026-W48" in outcome
        assert "received: 1 activity added in 2026-W48" in outcome and "pushed to origin" in outcome
        assert "choir" in grid_text(app) and "piano" in grid_text(app)
        assert (app.grid.cursor_date, app.grid.cursor_minute) == where
    sync(laptop)
    assert {a.title for a in on_disk(laptop).values()} == {"choir", "piano"}


async def test_a_sync_with_conflicts_says_what_to_do(machines: tuple[Path, Path]) -> None:
    laptop, desktop = machines
    Store.open(laptop).put_activity(activity("both1", "2026-11-25", "18:00", "19:00", "choir", "hobby"))
    sync(laptop)
    sync(desktop)
    Store.open(laptop).put_activity(activity("both1", "2026-11-25", "18:00", "19:00", "choir, alto", "hobby"))
    sync(laptop)
    app = make_app(Store.open(desktop))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.reveal(on_disk(desktop)["both1"])
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ActivityForm)
        form.query_one("#field-title", Input).value = "choir, tenor"
        await pilot.press("ctrl+s")

        await pilot.press("ctrl+s")
        await synced(app, pilot)

        assert "1 conflict kept both values" in notes.last and "(other machine)" in notes.last
        assert "Delete the one you do not want" in notes.last
        shown = {a.title for a in app.week_activities}  # both long titles wrap in the grid
        assert {"choir, tenor", "choir, alto (other machine)"} <= shown


async def test_edits_made_while_the_sync_runs_are_kept(
    machines: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import weekplan.sync as sync_module

    laptop, desktop = machines
    fetching, go_on = threading.Event(), threading.Event()
    real_fetch = sync_module.fetch_branch

    def slow_fetch(*args: object, **kwargs: object) -> bool:
        fetching.set()
        assert go_on.wait(30)
        return real_fetch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "fetch_branch", slow_fetch)
    app = make_app(Store.open(desktop))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        assert fetching.wait(30)
        await pilot.press("ctrl+s")
        assert "already running" in notes.last
        await add_in_form(app, pilot, "piano", "hob")  # the screen is live meanwhile
        go_on.set()
        await synced(app, pilot)
        assert "pushed to origin" in notes.last
    assert git(desktop, "status", "--porcelain") == ""
    sync(laptop)
    assert [a.title for a in on_disk(laptop).values()] == ["piano"]


async def test_sync_without_a_repository_says_how_to_start(store: Store) -> None:
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await synced(app, pilot)
        assert "not a git repository yet" in notes.last and "weekplan sync --init" in notes.last
        await pilot.press("ctrl+s")  # and it can be tried again
        await synced(app, pilot)
        assert "already running" not in notes.last


async def test_sync_is_in_help_and_the_palette(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)):
        assert ("^s", "Sync with git", "everywhere") in app.help_rows()
        assert "Sync with git" in [name for name, _help, _run in app.palette_commands()]


@contextlib.asynccontextmanager
async def selected_elsewhere(
    store: Store, day: date, minute: int, item_id: str
) -> AsyncIterator[tuple[Pilot[None], Notes, Store, Activity]]:
    """The planner with its cursor on the entry `item_id` (at `day`, `minute`), and that
    entry as another planner on the same data directory reads it, before the poll has
    seen anything that planner does."""
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(day, minute)
        assert app.grid.selected is not None and app.grid.selected.id == item_id
        other = elsewhere(store.root)
        yield pilot, notes, other, other.week(W48).items[item_id]


async def test_a_move_of_an_entry_another_planner_moved_to_another_week_is_refused(seeded: Store) -> None:
    async with selected_elsewhere(seeded, date(2026, 11, 29), 20 * 60, "read1") as (pilot, notes, other, reading):
        other.put(replace(reading, date=date(2026, 11, 30)), replacing=reading)  # on to Monday

        await pilot.press("shift+left")  # before the poll has seen it: Saturday, as this planner sees it

        assert "changed meanwhile" in notes.last and "2026-W49.toml" in notes.last
        assert "read1" not in on_disk(seeded.root)
        assert on_disk(seeded.root, IsoWeek(2026, 49))["read1"].date == date(2026, 11, 30)


async def test_a_mark_of_an_entry_found_in_two_other_weeks_names_both_and_brings_nothing_back(
    seeded: Store,
) -> None:
    async with selected_elsewhere(seeded, date(2026, 11, 27), 19 * 60, "climb1") as (pilot, notes, other, climbing):
        other.put(replace(climbing, date=date(2026, 12, 4)), replacing=climbing)
        elsewhere(seeded.root).put_activity(replace(climbing, date=date(2026, 12, 11)))

        await pilot.press("space")  # before the poll has seen the move

        assert "2026-W49.toml and 2026-W50.toml" in notes.last and "could not be read" not in notes.last
        assert "deleted meanwhile" not in notes.last
        assert "climb1" not in on_disk(seeded.root)
        assert not on_disk(seeded.root, IsoWeek(2026, 49))["climb1"].done
        assert not on_disk(seeded.root, IsoWeek(2026, 50))["climb1"].done


async def test_an_edit_of_an_entry_another_planner_deleted_brings_it_back_and_says_so(seeded: Store) -> None:
    async with selected_elsewhere(seeded, date(2026, 11, 27), 19 * 60, "climb1") as (pilot, notes, other, climbing):
        other.remove_activity(climbing)

        await pilot.press("space")  # before the poll has seen the deletion

        assert on_disk(seeded.root)["climb1"].done
        assert "deleted meanwhile" in notes.last and "“climbing”" in notes.last
        notes.messages.clear()
        await pilot.press("u")  # the undo brings back nothing: no word of it
        assert not on_disk(seeded.root)["climb1"].done
        assert not any("deleted meanwhile" in message for message in notes.messages)
