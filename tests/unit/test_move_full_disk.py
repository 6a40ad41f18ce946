"""A move across weeks on a really full disk (a small tmpfs, filled a page at a time):
whichever write runs out of room, the entry is found exactly once once there is room
again, and what the person was told is what happened.

The move writes the intent (weekplan.journal), then the new week, then the old week,
then removes the intent; when the old week cannot be written, the new week is put
back.  Each test leaves room for the writes up to one of these steps and no more."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from small_disk import PAGE, Filler, small_tmpfs
from weekplan.history import Change
from weekplan.journal import JOURNAL_NAME
from weekplan.model import Activity, SpecialDate
from weekplan.rebased_history import RebasedHistory
from weekplan.record import replace
from weekplan.store import MoveWaitingError, Store
from weekplan.weeks import IsoWeek

W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)
CLIMBING = Activity("climb0000001", date(2026, 11, 29), 19 * 60, 21 * 60, "climbing", "friends")
MOVED = replace(CLIMBING, date=date(2026, 11, 30))  # Sunday to Monday: the next week's file


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_tmpfs(tmp_path / "small") as mounted:
        yield mounted


def copies(data_dir: Path) -> dict[IsoWeek, list[Activity]]:
    """Every week's copies of the entry, as a fresh start reads them (and finishes the
    move left waiting, if it can)."""
    store = Store.open(data_dir)
    found = {week: [a for a in store.week(week).items.values() if a.id == CLIMBING.id] for week in (W48, W49)}
    return {week: held for week, held in found.items() if held}


def set_up(data_dir: Path, *, big_old_week: bool = False, next_week_there: bool = False) -> Store:
    store = Store.open(data_dir)
    store.put_activity(CLIMBING)
    if big_old_week:  # more than a page: its rewrite needs more room than the new week's
        for n in range(40):
            day = W48.monday + timedelta(days=n % 6)
            store.put_activity(Activity(f"other{n:07d}", day, 7 * 60, 8 * 60, f"other entry {n}", "hobby"))
        assert store.week_path(W48).stat().st_size > PAGE
    if next_week_there:
        store.put_activity(Activity("monday000001", W49.monday, 7 * 60, 8 * 60, "swim", "fitness"))
    return store


@pytest.mark.parametrize(("pages", "step"), [(0, "the intent"), (1, "the new week")])
def test_no_room_before_the_new_week_is_written_refuses_the_move_and_keeps_the_entry(
    disk: Path, pages: int, step: str
) -> None:
    data_dir = disk / "data"
    store = set_up(data_dir)
    filler = Filler(disk)
    filler.leave(pages)
    with pytest.raises(OSError, match="No space left on device"):
        store.put_activity(MOVED, replacing=CLIMBING)
    assert not (data_dir / JOURNAL_NAME).exists(), step
    assert store.moves_waiting == []
    filler.free_all()
    assert copies(data_dir) == {W48: [CLIMBING]}, step


def test_no_room_for_the_old_week_puts_the_new_week_back_and_refuses_the_move(disk: Path) -> None:
    """The old week takes two pages to write, the new week's put-back one: the room for
    the one is there, not for the other."""
    data_dir = disk / "data"
    store = set_up(data_dir, big_old_week=True, next_week_there=True)
    next_week = store.week_path(W49).read_bytes()
    filler = Filler(disk)
    filler.leave(2)
    with pytest.raises(OSError, match="No space left on device"):
        store.put_activity(MOVED, replacing=CLIMBING)
    assert not (data_dir / JOURNAL_NAME).exists()
    assert store.moves_waiting == []
    assert store.week_path(W49).read_bytes() == next_week  # put back as it was
    filler.free_all()
    assert copies(data_dir) == {W48: [CLIMBING]}


def test_no_room_to_put_the_new_week_back_makes_the_move_and_says_it_is_finished_later(disk: Path) -> None:
    """The old week cannot be written, nor the new one put back: the intent stays and
    the move is finished by the first save or start with room.  So it is not said to be
    refused; it is said to be made, with where the entry is and what is left."""
    data_dir = disk / "data"
    store = set_up(data_dir)
    filler = Filler(disk)
    filler.leave(2)  # the intent and the new week, nothing more
    store.put_activity(MOVED, replacing=CLIMBING)  # not refused
    (said,) = store.moves_waiting
    assert said == (
        f"moved “climbing” to weeks/{W49}.toml; its old copy could not be removed from weeks/{W48}.toml"
        " (No space left on device) and is removed at the next save or start with room to write"
    )
    assert [error.message for error in store.journal_errors] == [said]  # the banner and check say it too

    # Still full at the next start: both copies are kept, and the intent waits.
    waiting = Store.open(data_dir)
    assert "could not be finished yet: No space left on device (" in waiting.journal_errors[0].message
    assert "Errno" not in waiting.journal_errors[0].message
    assert CLIMBING.id in waiting.week(W48).items and CLIMBING.id in waiting.week(W49).items
    with pytest.raises(MoveWaitingError, match="an earlier move must be finished first"):
        waiting.put_activity(replace(MOVED, date=date(2026, 12, 7)), replacing=MOVED)

    filler.free_all()
    reopened = Store.open(data_dir)
    assert f"finished moving 'climbing' from weeks/{W48}.toml to weeks/{W49}.toml" in reopened.notes
    assert copies(data_dir) == {W49: [MOVED]}
    assert not (data_dir / JOURNAL_NAME).exists()


def test_the_first_save_with_room_finishes_the_move_before_its_own_edit(disk: Path) -> None:
    """The same planner goes on: its next save, once there is room, finishes the move
    first, so an undo of it then moves the entry back, once."""
    data_dir = disk / "data"
    store = set_up(data_dir)
    filler = Filler(disk)
    filler.leave(2)
    store.put_activity(MOVED, replacing=CLIMBING)
    filler.free_all()
    store.put_activity(CLIMBING, replacing=MOVED)  # the undo
    assert copies(data_dir) == {W48: [CLIMBING]}
    assert not (data_dir / JOURNAL_NAME).exists()


CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import test_move_full_disk as t
    from weekplan.store import Store

    store = Store.open(Path(sys.argv[1]))
    store.put_activity(t.MOVED, replacing=t.CLIMBING)
    print(store.moves_waiting[0], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_kill_after_a_move_left_to_finish_then_room_then_a_start_leaves_one_copy(disk: Path) -> None:
    data_dir = disk / "data"
    set_up(data_dir)
    filler = Filler(disk)
    filler.leave(2)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]))
    killed = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir)], capture_output=True, text=True, env=env, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert f"to weeks/{W49}.toml" in killed.stdout
    assert (data_dir / JOURNAL_NAME).exists()
    filler.free_all()
    assert copies(data_dir) == {W49: [MOVED]}
    assert Store.open(data_dir).check() == []


def test_a_move_finished_by_another_weekplan_is_no_longer_said_to_wait(disk: Path) -> None:
    """The planner that made the move is told; another weekplan (`weekplan check` from a
    timer, a second planner) finishes it once there is room.  The first then stops
    saying it waits, at its next save, rather than until it is restarted."""
    data_dir = disk / "data"
    store = set_up(data_dir)
    filler = Filler(disk)
    filler.leave(2)
    store.put_activity(MOVED, replacing=CLIMBING)
    assert store.journal_errors
    filler.free_all()
    assert copies(data_dir) == {W49: [MOVED]}  # another start finished it
    store.set_week_note(W49, "a good week")
    assert store.journal_errors == []
    assert store.odd_files() == []


def test_an_edit_of_the_old_copy_shown_while_the_move_waited_lands_on_the_moved_one(disk: Path) -> None:
    """Until there is room the old copy is still in its week, and the planner shows it.
    An edit of it made once there is room finishes the move first, and then applies to
    the entry where it now is: never to a copy put back in the old week."""
    data_dir = disk / "data"
    store = set_up(data_dir)
    filler = Filler(disk)
    filler.leave(2)
    history = RebasedHistory()
    history.do(store, Change("move", CLIMBING, MOVED))
    filler.free_all()
    shown = store.week(W48).items[CLIMBING.id]  # the old copy, as the planner still has it
    history.do(store, Change("edit", shown, replace(shown, title="climbing, bring the rope")))
    assert copies(data_dir) == {W49: [replace(MOVED, title="climbing, bring the rope")]}


def test_a_date_whose_move_waits_is_read_where_it_goes(disk: Path) -> None:
    """Of a date in two years' files the earlier year's copy is read; while a move to
    the next year waits, the moved copy is, since that is where the date is going: by
    the planner that made the move, and by a start while the disk is still full, which
    reads the move from its intent on disk."""
    nye = SpecialDate("nye000000001", date(2026, 12, 31), "fireworks on the hill")
    new_year = replace(nye, date=date(2027, 1, 1))
    data_dir = disk / "data"
    store = Store.open(data_dir)
    store.put_date(nye)
    filler = Filler(disk)
    filler.leave(2)
    store.put_date(new_year, replacing=nye)
    assert store.moves_waiting and store.dates().items[nye.id] == new_year
    assert store.dates_between(date(2026, 12, 28), date(2027, 1, 3)) == [new_year]
    restarted = Store.open(data_dir)
    assert restarted.journal_errors  # still full: not finished, both copies on disk
    assert nye.id in restarted.dates_of(2026).items and nye.id in restarted.dates_of(2027).items
    assert restarted.dates().items[nye.id] == new_year
    assert restarted.dates_between(date(2026, 12, 28), date(2027, 1, 3)) == [new_year]
    filler.free_all()
    fresh = Store.open(data_dir)
    assert list(fresh.dates().items.values()) == [new_year] and fresh.dates_of(2026).items == {}


NYE = SpecialDate("nye000000001", date(2026, 12, 31), "fireworks on the hill")
NEW_YEAR = replace(NYE, date=date(2027, 1, 1))


def _date_move_left_waiting(disk: Path) -> tuple[Store, Filler, RebasedHistory]:
    """31 December moved to 1 January, made and left waiting; then a page is freed: room
    to rewrite the new year's small file, not the old year's bigger one, so the move
    still cannot be finished."""
    data_dir = disk / "data"
    store = Store.open(data_dir)
    for n in range(60):
        store.put_date(SpecialDate(f"date{n:08d}", date(2026, 1 + n % 12, 1 + n % 27), f"an earlier date {n}"))
    store.put_date(NYE)
    assert store.dates_path(2026).stat().st_size > PAGE
    filler = Filler(disk)
    filler.leave(2)
    history = RebasedHistory()
    history.do(store, Change("move", NYE, NEW_YEAR))
    assert store.moves_waiting
    filler.pages.pop().unlink()
    return store, filler, history


@pytest.mark.parametrize(
    "change",
    [
        "delete the moved copy",
        "edit the moved copy",
        "delete the old copy",
        "edit the old copy",
        "undo the move",
    ],
)
def test_a_change_of_an_entry_whose_move_waits_is_refused_and_it_stays_where_it_went(disk: Path, change: str) -> None:
    """Finishing a move later reads its new copy gone as a move that never got that far,
    and keeps the old copy: an entry deleted or edited while its move waited would come
    back at its old place.  So both copies are left alone until it is finished."""
    store, filler, history = _date_move_left_waiting(disk)
    data_dir = disk / "data"
    steps = {
        "delete the moved copy": lambda: history.do(store, Change("delete", NEW_YEAR, None)),
        "edit the moved copy": lambda: history.do(store, Change("edit", NEW_YEAR, replace(NEW_YEAR, title="x"))),
        "delete the old copy": lambda: history.do(store, Change("delete", NYE, None)),
        "edit the old copy": lambda: history.do(store, Change("edit", NYE, replace(NYE, title="x"))),
        "undo the move": lambda: history.undo(store),
    }
    refused = "an earlier move must be finished first: .* could not be finished yet: No space left on device"
    with pytest.raises(MoveWaitingError, match=refused):
        steps[change]()
    assert (data_dir / JOURNAL_NAME).exists()
    filler.free_all()
    fresh = Store.open(data_dir)
    assert [d for d in fresh.dates().items.values() if d.id == NYE.id] == [NEW_YEAR]
    assert NYE.id not in fresh.dates_of(2026).items
    assert not (data_dir / JOURNAL_NAME).exists()


def test_other_entries_are_edited_while_a_move_waits(disk: Path) -> None:
    store, filler, history = _date_move_left_waiting(disk)
    other = SpecialDate("jan000000002", date(2027, 1, 2), "a walk")
    history.do(store, Change("add", None, other))
    filler.free_all()
    fresh = Store.open(disk / "data")
    assert fresh.dates_of(2027).items == {NEW_YEAR.id: NEW_YEAR, other.id: other}
