"""The planner moving an entry to another week on a really full disk (a small tmpfs):
when the move can be neither finished nor taken back, it is made, and the planner says
so, and where, rather than that it was refused (weekplan.journal_edits)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner_support import Notes, activity, make_app

from small_disk import Filler, small_tmpfs
from weekplan.journal import JOURNAL_NAME
from weekplan.store import Store
from weekplan.weeks import IsoWeek

W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)


def held(data_dir: Path) -> dict[IsoWeek, list[date]]:
    """The weeks holding the entry, as a fresh start reads them."""
    store = Store.open(data_dir)
    found = {week: [a.date for a in store.week(week).items.values()] for week in (W48, W49)}
    return {week: days for week, days in found.items() if days}


async def test_a_move_left_to_finish_on_a_full_disk_is_said_to_be_made_and_where(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small") as disk:
        store = Store.open(disk / "data")
        store.put_activity(activity("run1", "2026-11-29", "10:00", "11:00", "long run"))
        filler = Filler(disk)
        app = make_app(store)
        notes = Notes(app)
        async with app.run_test(size=(120, 40)) as pilot:
            app.go_to(date(2026, 11, 29), 10 * 60)
            filler.leave(2)  # room for the intent and the new week, no more
            await pilot.press("shift+right")
            assert not any("Not changed" in m or "Could not save" in m for m in notes.messages)
            said = notes.last
            assert said.startswith(f"Moved “long run” to weeks/{W49}.toml; its old copy could not be removed from")
            assert "No space left on device" in said and "next save or start with room" in said
            # The screen is where the entry now is, with the cursor on it.
            assert app.first_day == W49.monday
            assert app.grid.selected is not None and app.grid.selected.date == date(2026, 11, 30)

            # Still no room: undo waits for the move to be finished, and says why in words.
            await pilot.press("u")
            assert "an earlier move must be finished first" in notes.last
            assert "could not be read" not in notes.last and "Errno" not in notes.last

            filler.free_all()
            await pilot.press("u")  # finishes the move, then takes it back
            assert notes.last.startswith("Undone: move")
        assert held(disk / "data") == {W48: [date(2026, 11, 29)]}
        assert not (disk / "data" / JOURNAL_NAME).exists()


async def test_a_move_left_to_finish_is_found_once_at_the_next_start(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small") as disk:
        store = Store.open(disk / "data")
        store.put_activity(activity("run1", "2026-11-29", "10:00", "11:00", "long run"))
        filler = Filler(disk)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            app.go_to(date(2026, 11, 29), 10 * 60)
            filler.leave(2)
            await pilot.press("shift+right")
        filler.free_all()
        assert held(disk / "data") == {W49: [date(2026, 11, 30)]}
        assert not (disk / "data" / JOURNAL_NAME).exists()


async def test_with_sunday_first_both_copies_in_view_the_cursor_is_on_the_moved_one(tmp_path: Path) -> None:
    """A week shown from Sunday holds Sunday 29 November (week 48) and Monday 30 (week
    49): while the move waits, both copies are in view, and the cursor is on the new."""
    from weekplan.record import replace

    with small_tmpfs(tmp_path / "small") as disk:
        store = Store.open(disk / "data")
        store.save_config(replace(store.config, first_weekday=6))
        store.put_activity(activity("run1", "2026-11-29", "10:00", "11:00", "long run"))
        filler = Filler(disk)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            app.go_to(date(2026, 11, 29), 10 * 60)
            filler.leave(2)
            await pilot.press("shift+right")
            assert app.first_day == date(2026, 11, 29)
            assert app.grid.selected is not None and app.grid.selected.date == date(2026, 11, 30)
        filler.free_all()
        assert held(disk / "data") == {W49: [date(2026, 11, 30)]}
        assert not (disk / "data" / JOURNAL_NAME).exists()


async def test_a_date_moved_into_the_next_year_on_a_full_disk_is_said_where_and_shown_there(tmp_path: Path) -> None:
    """Thursday 31 December and Friday 1 January share a week on screen and not a year's
    file: while the move waits both copies are in view, and the cursor is on the new."""
    from weekplan.model import SpecialDate

    with small_tmpfs(tmp_path / "small") as disk:
        store = Store.open(disk / "data")
        store.put_date(SpecialDate("nye000000001", date(2026, 12, 31), "fireworks on the hill"))
        filler = Filler(disk)
        app = make_app(store)
        notes = Notes(app)
        async with app.run_test(size=(120, 40)) as pilot:
            app.go_to(date(2026, 12, 31))
            assert app.grid.select("date", "nye000000001")
            filler.leave(2)
            await pilot.press("shift+right")
            assert notes.last.startswith("Moved “fireworks on the hill” to dates/2027.toml; its old copy")
            assert app.grid.selected is not None and app.grid.selected.date == date(2027, 1, 1)
        filler.free_all()
        fresh = Store.open(disk / "data")
        assert [d.date for d in fresh.dates_of(2026).items.values()] == []
        assert [d.date for d in fresh.dates_of(2027).items.values()] == [date(2027, 1, 1)]


async def test_deleting_a_date_whose_move_waits_is_refused_and_it_stays_where_it_went(tmp_path: Path) -> None:
    """A page is freed after the move is left waiting: room to rewrite the new year's
    small file, not the old year's bigger one.  Deleting the moved date is refused with
    the reason, since finishing the move later would bring it back on 31 December."""
    from weekplan.model import SpecialDate

    with small_tmpfs(tmp_path / "small") as disk:
        store = Store.open(disk / "data")
        for n in range(60):
            store.put_date(SpecialDate(f"date{n:08d}", date(2026, 1 + n % 12, 1 + n % 27), f"an earlier date {n}"))
        store.put_date(SpecialDate("nye000000001", date(2026, 12, 31), "fireworks on the hill"))
        filler = Filler(disk)
        app = make_app(store)
        notes = Notes(app)
        async with app.run_test(size=(120, 40)) as pilot:
            app.go_to(date(2026, 12, 31))
            assert app.grid.select("date", "nye000000001")
            filler.leave(2)
            await pilot.press("shift+right")
            assert notes.last.startswith("Moved “fireworks on the hill” to dates/2027.toml")
            filler.pages.pop().unlink()
            await pilot.press("x")
            await pilot.pause()
            assert "an earlier move must be finished first" in notes.last
            assert "No space left on device" in notes.last and "Errno" not in notes.last
            assert app.grid.selected is not None and app.grid.selected.date == date(2027, 1, 1)
        filler.free_all()
        fresh = Store.open(disk / "data")
        assert [d.date for d in fresh.dates().items.values() if d.id == "nye000000001"] == [date(2027, 1, 1)]
        assert "nye000000001" not in fresh.dates_of(2026).items
