"""A write error while saving a form (a full disk, a read-only file) keeps the form
open with what was typed and the reason; the same save works once the cause is gone.
And odd files in the data directory never stop the planner."""

from __future__ import annotations

import contextlib
import errno
import os
from datetime import date
from pathlib import Path

import pytest
from planner_support import make_app
from textual.widgets import Input, Static

from small_disk import small_tmpfs
from weekplan.app.screens.activity_form import ActivityForm
from weekplan.app.screens.date_form import DateForm
from weekplan.atomic_files import atomic_write as real_atomic_write
from weekplan.model import Activity
from weekplan.store import Store
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)


def on_disk(root: Path) -> dict[str, str]:
    return {a.id: a.title for a in Store(root).week(W48).items.values()}


async def type_activity(pilot, app, title: str) -> ActivityForm:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    form = app.screen
    assert isinstance(form, ActivityForm)
    await pilot.press(*title)
    form.query_one("#field-category", Input).focus()
    await pilot.press(*"hob")
    return form


class FullDisk:
    """The store's writes fail as on a full disk (ENOSPC) until `full` is set False."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = True
        monkeypatch.setattr("weekplan.store.atomic_write", self.write)

    def write(self, path: Path, data: bytes) -> None:
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_atomic_write(path, data)


def status(form: ActivityForm | DateForm) -> str:
    return str(form.query_one("#form-status", Static).content)


async def test_a_full_disk_keeps_the_form_open_and_the_same_save_works_later(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk is full (ENOSPC from the write, simulated: see the tmpfs test below
    for a real one)."""
    disk = FullDisk(monkeypatch)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await type_activity(pilot, app, "pottery class")
        await pilot.press("ctrl+s")
        assert app.screen is form  # still open
        assert form.query_one("#field-title", Input).value == "pottery class"
        assert form.query_one("#field-category", Input).value == "hob"
        assert "Not saved: No space left on device" in status(form)
        assert "What you typed is kept" in status(form)
        assert on_disk(store.root) == {}
        disk.full = False
        await pilot.press("ctrl+s")
        assert app.screen is app.main
        assert list(on_disk(store.root).values()) == ["pottery class"]
        assert app.grid.selected is not None and app.grid.selected.title == "pottery class"
        await pilot.press("u")  # one change in the history, undone as one
        assert on_disk(store.root) == {}


async def test_a_read_only_week_file_is_respected_and_the_form_says_so(store: Store) -> None:
    store.put_activity(Activity("keep00000001", W48.monday, 8 * 60, 9 * 60, "kept", "rest"))
    week_file = store.week_path(W48)
    week_file.chmod(0o444)
    before = week_file.read_bytes()
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await type_activity(pilot, app, "piano")
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert f"{week_file} is read-only (mode 0444)" in status(form)
        assert week_file.read_bytes() == before and (week_file.stat().st_mode & 0o777) == 0o444
        week_file.chmod(0o600)
        await pilot.press("ctrl+s")
        assert app.screen is app.main
        assert sorted(on_disk(store.root).values()) == ["kept", "piano"]
        assert week_file.stat().st_mode & 0o777 == 0o600


async def test_a_date_form_keeps_its_text_on_a_write_error_too(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def write(path: Path, data: bytes) -> None:
        raise PermissionError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr("weekplan.store.atomic_write", write)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        form = app.screen
        assert isinstance(form, DateForm)
        form.query_one("#field-title", Input).focus()
        await pilot.press(*"stargazing", "ctrl+s")
        assert app.screen is form
        assert form.query_one("#field-title", Input).value == "stargazing"
        assert "Not saved: Read-only file system" in status(form)


async def test_a_really_full_disk_on_a_small_tmpfs(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small") as disk:
        store = Store.open(disk / "data")
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"x" * 4096)
                handle.flush()
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            form = await type_activity(pilot, app, "climbing")
            await pilot.press("ctrl+s")
            assert app.screen is form
            assert "No space left on device" in status(form)
            assert not list((disk / "data").rglob(".*.tmp"))  # the half-written file is gone
            filler.unlink()
            await pilot.press("ctrl+s")
            assert app.screen is app.main
            assert list(on_disk(store.root).values()) == ["climbing"]


async def test_the_planner_starts_with_odd_files_and_names_them(store: Store) -> None:
    store.dates_dir.mkdir()
    os.mkfifo(store.dates_path(2026))
    (store.root / "weeks").write_text("a file where the weeks folder belongs")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        banner = str(app.main.query_one("#problems", Static).content)
        assert f"{store.dates_path(2026)}:1:1: a FIFO (named pipe), not a file" in banner
        assert f"{store.root / 'weeks'}:1:1: is not a folder" in banner
        await pilot.press("a")  # the week cannot be written: said at once, no form to lose
        assert app.screen is app.main


async def test_the_planner_names_a_move_it_could_not_finish(store: Store) -> None:
    from weekplan.journal import Move, write_journal

    moved = Activity("climb0000001", W48.monday, 19 * 60, 20 * 60, "climbing", "friends")
    store.put_activity(moved)
    write_journal(store.root, [Move(moved.id, f"weeks/{W48}.toml", moved.id, f"weeks/{W48.shift(-1)}.toml")])
    store.week_path(W48.shift(-1)).write_text("[broken\n")
    app = make_app(Store.open(store.root))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        banner = str(app.main.query_one("#problems", Static).content)
        assert "an interrupted move could not be finished yet" in banner


@pytest.mark.parametrize("form_kind", ["idea", "routine", "goals"])
async def test_the_other_forms_stay_open_on_a_write_error_too(
    store: Store, monkeypatch: pytest.MonkeyPatch, form_kind: str
) -> None:
    from weekplan.app.screens.routine_form import RoutineForm
    from weekplan.app.together.goals_form import GoalsForm
    from weekplan.app.together.idea_form import IdeaForm

    disk = FullDisk(monkeypatch)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        if form_kind == "idea":
            app.action_add_idea()
            await pilot.pause()
            form = app.screen
            assert isinstance(form, IdeaForm)
            form.query_one("#field-title", Input).value = "night kayaking"
        elif form_kind == "routine":
            await pilot.press("R")
            form = app.screen
            assert isinstance(form, RoutineForm)
            form.query_one("#field-title", Input).value = "choir"
            form.query_one("#field-days", Input).value = "mon wed"
            form.query_one("#field-category", Input).value = "hob"
        else:
            await pilot.press("G")
            form = app.screen
            assert isinstance(form, GoalsForm)
            first = form.query(Input).first()
            first.value = "3x"
        await pilot.pause()  # the fields take what was set
        typed = {i.id: i.value for i in form.query(Input)}
        await pilot.press("ctrl+s")
        assert app.screen is form, form_kind
        assert "Not saved: No space left on device" in status(form)
        assert {i.id: i.value for i in form.query(Input)} == typed
        disk.full = False
        await pilot.press("ctrl+s")
        assert app.screen is app.main
        fresh = Store(store.root)
        saved = {"idea": fresh.ideas, "routine": fresh.routines, "goals": fresh.goals}[form_kind]().items
        assert len(saved) == 1


async def test_a_move_across_weeks_on_a_full_disk_names_the_data_folder_and_keeps_the_entry(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The move's intent (weekplan.journal) is the first thing written; with no room
    for it, the person hears of a full disk in the data folder, not of the journal's
    hidden name, and the entry stays where it was."""
    from planner_support import Notes, activity

    store.put_activity(activity("run1", "2026-11-29", "10:00", "11:00", "long run"))
    store.forget()

    def no_room(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("weekplan.journal.atomic_write", no_room)
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to(date(2026, 11, 29), 10 * 60)
        await pilot.press("shift+right")
        assert "No space left on device" in notes.last and str(store.root) in notes.last
        assert "journal" not in notes.last and "Errno" not in notes.last
    fresh = Store(store.root)
    assert list(fresh.week(IsoWeek(2026, 48)).items) == ["run1"] and fresh.week(IsoWeek(2026, 49)).items == {}
