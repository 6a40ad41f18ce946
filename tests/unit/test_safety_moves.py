"""An edit that touches two files survives `kill -9` at any instant: the item is found
exactly once afterwards, as it was or as it was being made, once the next start (or
`weekplan check`) has finished what the kill interrupted.

The kills are real: a child process changes the data directory and sends itself
SIGKILL just before or just after its n-th change to the filesystem (a rename or an
unlink), for every n, so each step of the edit is interrupted once."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from weekplan.cli import main
from weekplan.journal import JOURNAL_NAME, Move, version_of, write_journal
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.routines import Routine
from weekplan.store import MoveWaitingError, ReadOnlyError, Store
from weekplan.weeks import IsoWeek

W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)
CLIMBING = Activity("climb0000001", date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends")
MOVED = replace(CLIMBING, date=date(2026, 12, 4), notes="moved to next week")
GYM = Routine("gym000000001", "gym", "fitness", (0, 2), 7 * 60, 8 * 60, date(2026, 11, 2))
GYM_DAY = date(2026, 11, 25)
OCCURRENCE = GYM.occurrence(GYM_DAY)
assert OCCURRENCE is not None
FREED = replace(OCCURRENCE, id="gymfree00001", date=date(2026, 12, 2), title="gym, once on its own")

# Runs in the child: SIGKILL itself around the n-th rename/unlink, then do the edit.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path

    kill_at, when, edit = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    steps = 0

    def killing(real):
        def step(*args, **kwargs):
            global steps
            steps += 1
            if steps == kill_at and when == "before":
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args, **kwargs)
            if steps == kill_at and when == "after":
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return step

    os.replace, os.unlink = killing(os.replace), killing(os.unlink)

    import test_safety_moves as t
    from weekplan.store import Store

    store = Store.open(Path(os.environ["WEEKPLAN_DATA_DIR"]))
    t.EDITS[edit](store)
    print("steps", steps)
    """
)


def _move_across_weeks(store: Store) -> None:
    store.put_activity(MOVED, replacing=CLIMBING)


def _move_back(store: Store) -> None:
    store.put_activity(CLIMBING, replacing=MOVED)


def _occurrence_to_own(store: Store) -> None:
    store.put_activity(FREED, replacing=OCCURRENCE)


def _own_to_occurrence(store: Store) -> None:
    store.put_activity(OCCURRENCE, replacing=FREED)


ICS_EVENTS = (
    "".join(
        f"BEGIN:VEVENT\r\nUID:event-{n}@example.org\r\nDTSTART:202611{day:02d}T180000\r\nDURATION:PT1H\r\n"
        f"SUMMARY:event {n}\r\nEND:VEVENT\r\n"
        for n, day in enumerate((2, 9, 16, 23, 30, 3, 10), start=1)
    )
    .replace("20261103", "20261203")
    .replace("20261110", "20261210")
)
ICS = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{ICS_EVENTS}END:VCALENDAR\r\n"


def _import(store: Store) -> None:
    ics = store.root.parent / "events.ics"
    assert main(["--data-dir", str(store.root), "import", str(ics)]) == 0


NYE = SpecialDate("nye000000001", date(2026, 12, 31), "fireworks on the hill", 22 * 60, 24 * 60)
NEW_YEAR = replace(NYE, date=date(2027, 1, 2), place="the hill")


def _date_to_next_year(store: Store) -> None:
    store.put_date(NEW_YEAR, replacing=NYE)


def _add(store: Store) -> None:
    store.put_activity(CLIMBING)


REFRESH_DAY = date(2026, 11, 23)


def _calendar(event: str) -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{event}END:VCALENDAR\r\n"


def _event(when: str, sequence: int, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:moving@example.org\r\nDTSTAMP:20261101T000000Z\r\nSEQUENCE:{sequence}\r\n"
        f"DTSTART:{when}T100000\r\nDTEND:{when}T110000\r\nSUMMARY:moving\r\n{extra}END:VEVENT\r\n"
    )


# A calendar's event moved from Sunday of one week to Monday of the next, and a date of
# the calendar from the last day of a year to the first of the next: two files each.
CALENDAR_MOVES = {
    "refresh across weeks": (_event("20261129", 0), _event("20261130", 1)),
    "refresh across years": (
        _event("20261231", 0, "X-WEEKPLAN-KIND:date\r\n"),
        _event("20270101", 1, "X-WEEKPLAN-KIND:date\r\n"),
    ),
}
# The same moves made on a phone and brought in by a two-way sync of a vdir folder.
CALENDAR_MOVES |= {
    "two-way sync across weeks": CALENDAR_MOVES["refresh across weeks"],
    "two-way sync across years": CALENDAR_MOVES["refresh across years"],
}


def _refresh(store: Store) -> None:
    from weekplan.subscriptions import refresh

    refresh(store, REFRESH_DAY)


def _set_up_calendar_move(data_dir: Path, edit: str) -> Activity | SpecialDate:
    """A subscribed calendar refreshed once, its item marked here (done, or rated),
    and the calendar then moved to its new day: the refresh to come moves the item."""
    before, after = CALENDAR_MOVES[edit]
    two_way = edit.startswith("two-way")
    if two_way:  # a vdir folder, its event in a file of its own
        (data_dir.parent / "phone").mkdir(parents=True, exist_ok=True)
        calendar = data_dir.parent / "phone" / "moving.ics"
    else:
        calendar = data_dir.parent / "work.ics"
        data_dir.parent.mkdir(parents=True, exist_ok=True)
    calendar.write_text(_calendar(before))
    store = Store.open(data_dir)
    source = calendar.parent if two_way else calendar
    store.config_path.write_text(
        store.config_path.read_text() + f'\n[calendars.work]\nsource = "{source}"\ntwo_way = {str(two_way).lower()}\n'
    )
    _refresh(Store.open(data_dir))
    store = Store.open(data_dir)
    marked: Activity | SpecialDate
    if edit.endswith("across weeks"):
        (activity,) = store.activities_between(W48.monday, W49.sunday)
        marked = replace(activity, done=True)
        store.put_activity(marked)
    else:
        (special,) = store.dates_between(date(2026, 1, 1), date(2027, 12, 31))
        marked = replace(special, rating=5, status="done")
        store.put_date(marked)
    if two_way:
        _refresh(Store.open(data_dir))  # the mark goes out; the phone's move keeps it
        after = calendar.read_text().replace("\r\n", "\n").replace("\n", "\r\n")
        after = after.replace("DTSTART:20261129", "DTSTART:20261130").replace("DTEND:20261129", "DTEND:20261130")
        after = after.replace("DTSTART:20261231", "DTSTART:20270101").replace("DTEND:20261231", "DTEND:20270101")
        calendar.write_text(after, newline="")
        return marked
    calendar.write_text(_calendar(after))
    return marked


def _held_after_calendar_move(data_dir: Path, edit: str) -> list[tuple[str, date, object]]:
    store = Store.open(data_dir)
    if edit.endswith("across weeks"):
        return [(a.id, a.date, a.done) for a in store.activities_between(W48.monday, W49.sunday)]
    return [(d.id, d.date, d.rating) for d in store.dates_between(date(2026, 1, 1), date(2027, 12, 31))]


EDITS = {
    "refresh across weeks": _refresh,
    "refresh across years": _refresh,
    "two-way sync across weeks": _refresh,
    "two-way sync across years": _refresh,
    "date to next year": _date_to_next_year,
    "add": _add,
    "import": _import,
    "move": _move_across_weeks,
    "move back": _move_back,
    "occurrence to own": _occurrence_to_own,
    "own to occurrence": _own_to_occurrence,
}


def _run_child(data_dir: Path, kill_at: int, when: str, edit: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, WEEKPLAN_DATA_DIR=str(data_dir), WEEKPLAN_CACHE_DIR="")
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), *sys.path])
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(kill_at), when, edit], env=env, capture_output=True, text=True, timeout=60
    )


def _setup(data_dir: Path, edit: str) -> None:
    store = Store.open(data_dir)
    store.put_routine(GYM)
    if edit == "move":
        store.put_activity(CLIMBING)
    elif edit == "move back":
        store.put_activity(MOVED)
    elif edit == "own to occurrence":
        store.put_activity(FREED, replacing=OCCURRENCE)


def _copies(data_dir: Path) -> dict[str, list[Activity]]:
    """Every activity the planner would show in the two weeks, by id, after a start."""
    store = Store.open(data_dir)
    found: dict[str, list[Activity]] = {}
    for activity in store.activities_between(W48.monday, W49.sunday):
        found.setdefault(activity.id, []).append(activity)
    return found


@pytest.mark.parametrize(
    ("edit", "old", "new"),
    [
        ("move", CLIMBING, MOVED),
        ("move back", MOVED, CLIMBING),
        ("occurrence to own", OCCURRENCE, FREED),
        ("own to occurrence", FREED, OCCURRENCE),
    ],
)
def test_a_kill_at_every_step_of_a_two_file_edit_leaves_exactly_one_copy(
    tmp_path: Path, edit: str, old: Activity, new: Activity
) -> None:
    # How many steps the edit takes when nothing stops it.
    probe = tmp_path / "probe"
    _setup(probe, edit)
    done = _run_child(probe, 0, "never", edit)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout.split()[-1])
    assert steps >= 4  # the journal, the new place, the old place, the journal's removal
    outcomes = set()
    for kill_at in range(1, steps + 1):
        for when in ("before", "after"):
            data_dir = tmp_path / f"{kill_at}-{when}"
            _setup(data_dir, edit)
            killed = _run_child(data_dir, kill_at, when, edit)
            assert killed.returncode == -signal.SIGKILL, killed.stderr
            copies = _copies(data_dir)
            found = copies.get(old.id, []) + (copies.get(new.id, []) if new.id != old.id else [])
            assert found in ([old], [new]), f"killed {when} step {kill_at}: {found}"
            outcomes.add(found[0].id if old.id != new.id else found[0].date)
            assert not (data_dir / JOURNAL_NAME).exists()
            assert Store.open(data_dir).check() == []
    # Some kills came before the edit took effect and some after: both ends were seen.
    assert len(outcomes) == 2


def test_the_next_start_says_it_finished_an_interrupted_move(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    # What a kill between the two writes leaves: the item in both weeks, and the intent.
    store.put_activity(MOVED)
    write_journal(private_data_dir, [Move(MOVED.id, f"weeks/{W49}.toml", CLIMBING.id, f"weeks/{W48}.toml")])
    assert CLIMBING.id in Store(private_data_dir).week(W48).items

    reopened = Store.open(private_data_dir)
    assert CLIMBING.id not in reopened.week(W48).items
    assert reopened.week(W49).items[MOVED.id] == MOVED
    assert f"finished moving 'climbing' from weeks/{W48}.toml to weeks/{W49}.toml" in reopened.notes


def test_check_reports_a_move_that_cannot_be_finished_and_keeps_both_copies(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    store.put_activity(MOVED)
    write_journal(private_data_dir, [Move(MOVED.id, f"weeks/{W49}.toml", CLIMBING.id, f"weeks/{W48}.toml")])
    old_week = private_data_dir / "weeks" / f"{W48}.toml"
    old_week.write_text(old_week.read_text() + "\n[broken\n")  # a hand edit gone wrong meanwhile

    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"{private_data_dir / JOURNAL_NAME}:1:1: an interrupted move could not be finished yet" in err
    assert (private_data_dir / JOURNAL_NAME).exists()  # kept until it can be finished
    # Nothing was dropped: the new copy is there and the old file is untouched.
    assert MOVED.id in Store(private_data_dir).week(W49).items
    assert "[broken" in old_week.read_text()
    # A further move would write over the intent: refused until the first is finished.
    with pytest.raises(ReadOnlyError):
        Store.open(private_data_dir).put_activity(replace(MOVED, date=date(2026, 12, 11)), replacing=MOVED)

    old_week.write_text(old_week.read_text().replace("\n[broken\n", ""))
    assert main(["check"]) == 0
    assert not (private_data_dir / JOURNAL_NAME).exists()
    assert CLIMBING.id not in Store(private_data_dir).week(W48).items


def test_an_edit_made_while_a_move_waited_is_kept_and_the_new_copy_dropped(private_data_dir: Path) -> None:
    """A move that could not be finished (its new week had a conflict marker): weekplan
    refuses to change either copy until it is, but a hand edit of the old copy in an
    editor is not asked; finishing the move then would drop that edit."""
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    store.put_activity(MOVED)
    move = Move(MOVED.id, f"weeks/{W49}.toml", CLIMBING.id, f"weeks/{W48}.toml", version_of(CLIMBING))
    write_journal(private_data_dir, [move])
    new_week = private_data_dir / "weeks" / f"{W49}.toml"
    good = new_week.read_text()
    new_week.write_text(good + "\n<<<<<<< conflict\n")
    waiting = Store.open(private_data_dir)
    assert waiting.journal_errors  # not finished yet
    edited = replace(CLIMBING, title="climbing, bring the rope")
    with pytest.raises(MoveWaitingError, match="an earlier move must be finished first"):
        waiting.put_activity(edited)
    old_week = private_data_dir / "weeks" / f"{W48}.toml"
    old_week.write_text(old_week.read_text().replace('"climbing"', '"climbing, bring the rope"'))
    new_week.write_text(good)

    reopened = Store.open(private_data_dir)
    assert reopened.week(W48).items[CLIMBING.id] == edited
    assert MOVED.id not in reopened.week(W49).items
    assert not (private_data_dir / JOURNAL_NAME).exists()
    expected = f"kept 'climbing, bring the rope' in weeks/{W48}.toml as edited there; its move to weeks/{W49}.toml"
    assert any(note.startswith(expected) for note in reopened.notes)


def test_a_move_whose_old_copy_was_left_as_it_was_is_finished(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    store.put_activity(MOVED)
    move = Move(MOVED.id, f"weeks/{W49}.toml", CLIMBING.id, f"weeks/{W48}.toml", version_of(CLIMBING))
    write_journal(private_data_dir, [move])

    reopened = Store.open(private_data_dir)
    assert CLIMBING.id not in reopened.week(W48).items
    assert reopened.week(W49).items[MOVED.id] == MOVED


def test_a_field_of_a_newer_version_edited_after_a_kill_keeps_the_old_copy(tmp_path: Path) -> None:
    """A kill between the two writes of a move leaves both copies and the intent.  An
    edit to the old copy before the next start, made only to a field this version
    does not know (a newer version's, kept in `extra`), is an edit all the same: the
    fingerprint once missed it, and finishing the move dropped it."""
    data_dir = tmp_path / "data"
    _setup(data_dir, "move")
    # The steps: the journal, the new week, the old week, the journal's removal.
    killed = _run_child(data_dir, 2, "after", "move")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (data_dir / JOURNAL_NAME).exists()
    old_week = data_dir / "weeks" / f"{W48}.toml"
    new_week = data_dir / "weeks" / f"{W49}.toml"
    assert CLIMBING.id in old_week.read_text() and MOVED.id in new_week.read_text()
    # The newer version (or a hand) adds a field to the copy still in the old week.
    text = old_week.read_text()
    old_week.write_text(text.replace('title = "climbing"\n', 'title = "climbing"\nmood = "bring the rope"\n'))

    reopened = Store.open(data_dir)
    kept = reopened.week(W48).items[CLIMBING.id]
    assert kept.extra == {"mood": "bring the rope"}
    assert MOVED.id not in reopened.week(W49).items
    assert not (data_dir / JOURNAL_NAME).exists()
    assert any(note.startswith("kept 'climbing'") for note in reopened.notes)
    assert 'mood = "bring the rope"' in old_week.read_text()


def test_the_fingerprint_sees_every_field_written_and_nothing_else() -> None:
    assert version_of(CLIMBING) == version_of(replace(CLIMBING))
    assert version_of(CLIMBING) != version_of(replace(CLIMBING, extra={"mood": "x"}))
    assert version_of(CLIMBING) != version_of(replace(CLIMBING, notes="bring the rope"))
    assert version_of(OCCURRENCE) != version_of(replace(OCCURRENCE, done=True))


def test_a_move_written_down_keeps_a_fingerprint_of_the_old_copy(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weekplan.journal import read_journal

    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    written: list[list[Move]] = []
    write_prepared = Store._write_prepared

    def look_at_the_journal(self: Store, prepared: list[Any]) -> list[Any]:
        written.append(read_journal(private_data_dir))  # at each of the move's two writes
        return write_prepared(self, prepared)

    monkeypatch.setattr(Store, "_write_prepared", look_at_the_journal)
    store.put_activity(MOVED, replacing=CLIMBING)
    assert [[move.old_version for move in moves] for moves in written] == [[version_of(CLIMBING)]] * 2


def _older_journal(data_dir: Path, fingerprint: str) -> None:
    """A journal as the version before version_form wrote it: no form beside the
    fingerprint, which was taken from the item's repr."""
    (data_dir / JOURNAL_NAME).write_text(
        "[[moves]]\n"
        f'id = "{MOVED.id}"\nto = "weeks/{W49}.toml"\nold_id = "{CLIMBING.id}"\nfrom = "weeks/{W48}.toml"\n'
        f'old_version = "{fingerprint}"\n'
    )


def test_an_older_versions_journal_of_an_unedited_copy_is_finished(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    store.put_activity(MOVED)
    _older_journal(private_data_dir, hashlib.sha256(repr(CLIMBING).encode()).hexdigest()[:32])

    reopened = Store.open(private_data_dir)
    assert CLIMBING.id not in reopened.week(W48).items
    assert reopened.week(W49).items[MOVED.id] == MOVED
    assert any(note.startswith("finished moving 'climbing'") for note in reopened.notes)


def test_an_older_versions_journal_of_an_edited_copy_keeps_the_edit(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(replace(CLIMBING, title="climbing, bring the rope"))
    store.put_activity(MOVED)
    _older_journal(private_data_dir, hashlib.sha256(repr(CLIMBING).encode()).hexdigest()[:32])

    reopened = Store.open(private_data_dir)
    assert reopened.week(W48).items[CLIMBING.id].title == "climbing, bring the rope"
    assert MOVED.id not in reopened.week(W49).items
    assert any(note.startswith("kept 'climbing, bring the rope'") for note in reopened.notes)


def test_a_journal_fingerprinted_in_a_form_not_known_keeps_the_old_copy_without_calling_it_edited(
    private_data_dir: Path,
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    store.put_activity(MOVED)
    move = Move(MOVED.id, f"weeks/{W49}.toml", CLIMBING.id, f"weeks/{W48}.toml", version_of(CLIMBING), "newer")
    write_journal(private_data_dir, [move])

    reopened = Store.open(private_data_dir)
    assert reopened.week(W48).items[CLIMBING.id] == CLIMBING
    assert MOVED.id not in reopened.week(W49).items
    [note] = reopened.notes
    assert "as edited there" not in note and note.startswith(f"kept {CLIMBING.title!r} in weeks/{W48}.toml as it is")


def test_a_journal_that_weekplan_did_not_write_is_reported_and_not_obeyed(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    (private_data_dir / JOURNAL_NAME).write_text(
        '[[moves]]\nid = "x"\nto = "../../etc/passwd"\nold_id = "climb0000001"\nfrom = "weeks/2026-W48.toml"\n'
    )
    assert main(["check"]) == 1
    assert "not an edit journal weekplan wrote" in capsys.readouterr().err
    assert CLIMBING.id in Store(private_data_dir).week(W48).items


def test_a_failed_removal_from_the_old_week_puts_the_new_week_back(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    old_week = store.week_path(W48)
    real_write = Store._write

    def full_disk_for_old_week(self: Store, path: Path, data: bytes) -> None:
        if path == old_week:
            raise OSError(28, "No space left on device")
        real_write(self, path, data)

    monkeypatch.setattr(Store, "_write", full_disk_for_old_week)
    with pytest.raises(OSError):
        store.put_activity(MOVED, replacing=CLIMBING)
    monkeypatch.undo()
    fresh = Store.open(private_data_dir)
    assert fresh.week(W48).items == {CLIMBING.id: CLIMBING}
    assert MOVED.id not in fresh.week(W49).items
    assert not (private_data_dir / JOURNAL_NAME).exists()


@pytest.mark.slow
def test_kill_9_at_random_moments_while_moving_back_and_forth_never_loses_or_duplicates(
    private_data_dir: Path,
) -> None:
    """The real command line process, killed from outside at random moments: a
    shorter run of bench/kill_trials.py."""
    rng = random.Random(15)
    script = textwrap.dedent(
        """
        import os, sys
        from pathlib import Path
        sys.path.insert(0, sys.argv[1])
        import test_safety_moves as t
        from weekplan.store import Store
        store = Store.open(Path(os.environ["WEEKPLAN_DATA_DIR"]))
        print("ready", flush=True)
        while True:
            t._move_across_weeks(store)
            t._move_back(store)
        """
    )
    Store.open(private_data_dir).put_activity(CLIMBING)
    env = dict(os.environ, WEEKPLAN_CACHE_DIR="")
    for _trial in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", script, str(Path(__file__).parent)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        copies = _copies(private_data_dir)
        assert len(copies.get(CLIMBING.id, [])) == 1, copies
        assert copies[CLIMBING.id][0] in (CLIMBING, MOVED)
        assert Store.open(private_data_dir).check() == []


def _imported_titles(data_dir: Path) -> list[str]:
    store = Store.open(data_dir)
    return sorted(a.title for week, _path in store.week_files() for a in store.week(week).items.values())


def test_an_import_killed_at_any_step_is_completed_by_importing_again_with_nothing_twice(tmp_path: Path) -> None:
    """An import writes one week file after another; each write is atomic and every
    imported event keeps its UID, so importing the file again adds what is missing."""
    expected = sorted(f"event {n}" for n in range(1, 8))
    probe = tmp_path / "probe" / "data"
    Store.open(probe)
    (probe.parent / "events.ics").write_text(ICS)
    done = _run_child(probe, 0, "never", "import")
    assert done.returncode == 0, done.stderr
    assert _imported_titles(probe) == expected
    steps = int(done.stdout.split()[-1])
    assert steps >= 6  # a file for each of the six weeks, at least
    for kill_at in range(1, steps + 1):
        data_dir = tmp_path / str(kill_at) / "data"
        Store.open(data_dir)
        (data_dir.parent / "events.ics").write_text(ICS)
        killed = _run_child(data_dir, kill_at, "after", "import")
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        partial = _imported_titles(data_dir)
        assert len(partial) == len(set(partial)) and set(partial) <= set(expected)
        again = _run_child(data_dir, 0, "never", "import")
        assert again.returncode == 0, again.stderr
        assert _imported_titles(data_dir) == expected


def test_a_one_file_save_killed_at_any_step_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    """The atomic write: a temporary file, fsync, rename.  Killed at any step, the
    week file is whole (the old one or the new one), never a mix or empty."""
    run_before = Activity("run000000001", date(2026, 11, 24), 7 * 60, 8 * 60, "run", "fitness")
    outcomes = set()
    for kill_at, when in [(1, "before"), (1, "after")]:
        data_dir = tmp_path / when
        Store.open(data_dir).put_activity(run_before)
        old_bytes = (data_dir / "weeks" / f"{W48}.toml").read_bytes()
        killed = _run_child(data_dir, kill_at, when, "add")
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        store = Store.open(data_dir)
        assert store.check() == []
        items = store.week(W48).items
        assert items in ({run_before.id: run_before}, {run_before.id: run_before, CLIMBING.id: CLIMBING})
        if len(items) == 1:
            assert (data_dir / "weeks" / f"{W48}.toml").read_bytes() == old_bytes
        outcomes.add(len(items))
    assert outcomes == {1, 2}


def test_a_fifo_in_place_of_the_journal_is_reported_not_opened(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(private_data_dir).put_activity(CLIMBING)
    os.mkfifo(private_data_dir / JOURNAL_NAME)
    assert main(["check"]) == 1  # returns: the FIFO is never opened for reading
    assert "a FIFO (named pipe), not a file" in capsys.readouterr().err


def test_an_occurrence_made_its_own_activity_and_back_is_there_once(private_data_dir: Path) -> None:
    """Undoing the change put the occurrence back and left the activity too: two."""
    store = Store.open(private_data_dir)
    store.put_routine(GYM)
    store.put_activity(FREED, replacing=OCCURRENCE)
    shown = [a.id for a in store.activities_between(W48.monday, W49.sunday)]
    assert FREED.id in shown and OCCURRENCE.id not in shown
    store.put_activity(OCCURRENCE, replacing=FREED)
    shown = [a.id for a in Store.open(private_data_dir).activities_between(W48.monday, W49.sunday)]
    assert OCCURRENCE.id in shown and FREED.id not in shown


@pytest.mark.slow
def test_the_kill_trials_bench_finds_nothing_lost_or_doubled_in_a_short_run(tmp_path: Path) -> None:
    """bench/kill_trials.py, shortened: the command line's add, the planner's edits and
    the real planner in a terminal, each killed with SIGKILL at random moments."""
    bench = Path(__file__).resolve().parents[2] / "bench" / "kill_trials.py"
    env = dict(os.environ)
    env.pop("WEEKPLAN_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, str(bench), "--trials", "6", "--planner", "3", "--seed", "15", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "planner: check 0, doubled 0, lost 0" in result.stdout
    assert "move: check 0, doubled 0, lost 0, trials 3" in result.stdout


def test_a_date_moved_to_another_year_survives_a_kill_at_every_step(tmp_path: Path) -> None:
    """Dates are kept a file per year: a new year is a move between two files."""
    outcomes = set()
    probe = tmp_path / "probe"
    Store.open(probe).put_date(NYE)
    done = _run_child(probe, 0, "never", "date to next year")
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout.split()[-1])
    assert steps >= 4
    for kill_at in range(1, steps + 1):
        for when in ("before", "after"):
            data_dir = tmp_path / f"{kill_at}-{when}"
            Store.open(data_dir).put_date(NYE)
            killed = _run_child(data_dir, kill_at, when, "date to next year")
            assert killed.returncode == -signal.SIGKILL, killed.stderr
            store = Store.open(data_dir)
            found = store.dates_between(date(2026, 1, 1), date(2027, 12, 31))
            assert found in ([NYE], [NEW_YEAR]), f"killed {when} step {kill_at}: {found}"
            outcomes.add(found[0].date)
            assert store.check() == []
    assert outcomes == {NYE.date, NEW_YEAR.date}


@pytest.mark.parametrize("edit", sorted(CALENDAR_MOVES))
def test_a_calendar_refresh_moving_an_item_to_another_file_survives_a_kill_at_every_step(
    tmp_path: Path, edit: str
) -> None:
    """The refresh moves the item as a move by hand does (weekplan.journal): killed
    anywhere, the item is there once, with its id and its mark, before and after the
    next refresh."""
    probe = tmp_path / "probe" / "data"
    marked = _set_up_calendar_move(probe, edit)
    done = _run_child(probe, 0, "never", edit)
    assert done.returncode == 0, done.stderr
    mark = marked.done if isinstance(marked, Activity) else marked.rating
    moved_to = date(2026, 11, 30) if edit.endswith("across weeks") else date(2027, 1, 1)
    assert _held_after_calendar_move(probe, edit) == [(marked.id, moved_to, mark)]
    steps = int(done.stdout.split()[-1])
    outcomes = set()
    for kill_at in range(1, steps + 1):
        for when in ("before", "after"):
            data_dir = tmp_path / f"{kill_at}-{when}" / "data"
            marked = _set_up_calendar_move(data_dir, edit)  # a new id each time
            killed = _run_child(data_dir, kill_at, when, edit)
            assert killed.returncode == -signal.SIGKILL, killed.stderr
            (held,) = _held_after_calendar_move(data_dir, edit)
            assert held in ((marked.id, marked.date, mark), (marked.id, moved_to, mark)), f"{when} {kill_at}"
            outcomes.add(held[1])
            assert not (data_dir / JOURNAL_NAME).exists()
            _refresh(Store.open(data_dir))
            assert _held_after_calendar_move(data_dir, edit) == [(marked.id, moved_to, mark)], f"{when} {kill_at}"
    assert outcomes == {marked.date, moved_to}
