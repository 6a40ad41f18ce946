"""A data file is never written past the size weekplan reads (tomlfile.MAX_FILE_BYTES):
a write that would make it grow past that is refused before anything is written, with
words that say what to do, and a move that meets the refusal is never left half-done
(the item in both weeks, a journal that can never be finished).

The limit is made small here so that the files stay small."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from weekplan import tomlfile
from weekplan.app.form_saving import write_error_text
from weekplan.history import Change, History
from weekplan.journal import JOURNAL_NAME, Move, write_journal
from weekplan.model import Activity
from weekplan.record import replace
from weekplan.store import Store
from weekplan.tomlfile import TooLargeToWrite
from weekplan.weeks import IsoWeek

W48, W49, W50 = IsoWeek(2026, 48), IsoWeek(2026, 49), IsoWeek(2026, 50)
LIMIT = 20_000
CLIMBING = Activity("climb0000001", date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends")
MOVED = replace(CLIMBING, date=date(2026, 12, 4))
RUN = Activity("run000000001", date(2026, 12, 1), 7 * 60, 8 * 60, "run", "fitness")


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlfile, "MAX_FILE_BYTES", LIMIT)


def _compact(day: date, count: int) -> str:
    """Activities as a person may write them by hand: one inline table a line, which
    weekplan's own layout (a table each, a field a line) makes larger."""
    lines = [
        f'f{n:04d} = {{title = "t{n}", date = {day.isoformat()}, start = "10:00", end = "11:00", category = "work"}}'
        for n in range(count)
    ]
    return "[activities]\n" + "\n".join(lines) + "\n"


def _fill_by_hand(store: Store, week: IsoWeek, day: date, *, keep: Activity | None = None) -> Path:
    """The week's file written compactly by hand, as full as weekplan still reads, and
    larger than that once weekplan writes it its own way."""
    path = store.week_path(week)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 1
    while len(_compact(day, count + 1).encode()) < LIMIT - 400:
        count += 1
    text = _compact(day, count)
    if keep is not None:
        text += f'{keep.id} = {{title = "{keep.title}", date = {keep.date.isoformat()}, start = "19:00", '
        text += f'end = "21:00", category = "{keep.category}"}}\n'
    path.write_text(text)
    assert len(path.read_bytes()) <= LIMIT
    return path


def _fill_as_weekplan_writes(store: Store, day: date, room: int) -> Path:
    """The week's file as weekplan writes it, within `room` bytes of the limit."""
    path = store.week_path(IsoWeek.of(day))
    n = 0
    while not path.exists() or len(path.read_bytes()) < LIMIT - room:
        step = 20 if not path.exists() or len(path.read_bytes()) < LIMIT - 3000 else 1
        store.add_activities([replace(RUN, id=f"pad{n + k:05d}", date=day, title=f"t{n + k}") for k in range(step)])
        n += step
    assert len(path.read_bytes()) <= LIMIT
    return path


def test_an_added_activity_that_would_grow_a_week_past_the_limit_is_refused_with_what_to_do(store: Store) -> None:
    path = _fill_as_weekplan_writes(store, RUN.date, 150)
    before = path.read_bytes()

    with pytest.raises(TooLargeToWrite) as refused:
        store.put_activity(replace(RUN, title="one more, with a long title " * 4))

    said = str(refused.value)
    assert said.startswith(f"{path}: would be ")
    assert "MB weekplan reads" in said
    assert "move some activities to another week" in said
    assert "Errno" not in said
    assert path.read_bytes() == before


def test_a_removal_from_a_full_week_as_weekplan_writes_it_is_written(store: Store) -> None:
    path = _fill_as_weekplan_writes(store, RUN.date, 150)
    some = next(iter(Store(store.root).week(IsoWeek.of(RUN.date)).items.values()))

    store.remove_activity(some)

    assert some.id not in Store(store.root).week(IsoWeek.of(RUN.date)).items
    assert len(path.read_bytes()) <= LIMIT


def test_a_week_written_compactly_by_hand_that_grows_on_any_rewrite_is_left_as_it_is(store: Store) -> None:
    path = _fill_by_hand(store, W49, RUN.date)
    before = path.read_bytes()
    week = Store(store.root).week(W49)
    assert not week.readonly  # weekplan reads it
    some = next(iter(week.items.values()))

    with pytest.raises(TooLargeToWrite) as refused:
        store.remove_activity(some)

    said = str(refused.value)
    assert "written more compactly by hand than weekplan writes it" in said
    assert said.endswith("move some of its activities to another week's file in an editor)")
    assert "Errno" not in said
    assert path.read_bytes() == before


def test_a_move_out_of_a_week_that_cannot_be_rewritten_changes_nothing_and_leaves_no_journal(
    store: Store, private_data_dir: Path
) -> None:
    old_path = _fill_by_hand(store, W48, CLIMBING.date, keep=CLIMBING)
    before = old_path.read_bytes()
    held = Store(store.root).week(W48).items[CLIMBING.id]

    with pytest.raises(TooLargeToWrite):
        store.put_activity(replace(held, date=MOVED.date), replacing=held)
    with pytest.raises(TooLargeToWrite):
        store.replace_activities([held], [replace(held, date=MOVED.date)])  # as an import does

    assert old_path.read_bytes() == before
    assert CLIMBING.id not in Store(store.root).week(W49).items
    assert not (private_data_dir / JOURNAL_NAME).exists()
    # Nothing waits to be finished: other moves go on as before.
    other = Store.open(private_data_dir)
    other.put_activity(RUN)
    other.put_activity(replace(RUN, date=date(2026, 12, 9)), replacing=RUN)
    assert RUN.id in Store(store.root).week(W50).items
    assert RUN.id not in Store(store.root).week(W49).items


def test_a_journal_whose_old_week_cannot_be_rewritten_undoes_the_move_at_once(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    old_path = _fill_by_hand(store, W48, CLIMBING.date, keep=CLIMBING)
    before = old_path.read_bytes()
    store.put_activity(MOVED)  # what a kill between the two writes leaves: both copies, and the intent
    write_journal(private_data_dir, [Move(MOVED.id, f"weeks/{W49}.toml", CLIMBING.id, f"weeks/{W48}.toml")])

    reopened = Store.open(private_data_dir)

    assert not reopened.journal_errors
    assert not (private_data_dir / JOURNAL_NAME).exists()
    assert old_path.read_bytes() == before
    assert CLIMBING.id in reopened.week(W48).items
    assert MOVED.id not in reopened.week(W49).items
    expected = f"kept 'climbing' in weeks/{W48}.toml; its move to weeks/{W49}.toml was undone: "
    assert any(note.startswith(expected) and "written more compactly by hand" in note for note in reopened.notes)
    reopened.put_activity(RUN)  # and the next edit is not refused for a move left waiting
    assert RUN.id in Store(private_data_dir).week(W49).items


def test_an_undo_that_would_grow_a_week_past_the_limit_is_refused_and_changes_nothing(
    store: Store, private_data_dir: Path
) -> None:
    history = History()
    store.put_activity(CLIMBING)
    history.do(store, Change("move", CLIMBING, MOVED))
    old_path = _fill_by_hand(store, W48, CLIMBING.date)  # the old week filled by hand meanwhile
    before = old_path.read_bytes()

    with pytest.raises(TooLargeToWrite):
        history.undo(store)

    assert old_path.read_bytes() == before
    assert Store(store.root).week(W49).items[MOVED.id] == MOVED
    assert not (private_data_dir / JOURNAL_NAME).exists()


def test_a_form_refused_for_size_says_what_to_do_not_to_save_again() -> None:
    refused = TooLargeToWrite(27, "would be 2.2 MB, more than the 2 MB weekplan reads (move some", "weeks/x.toml")

    said = write_error_text(refused)

    assert "move some" in said and "weeks/x.toml" in said
    assert "save again once that is fixed" not in said
    assert "Errno" not in said
