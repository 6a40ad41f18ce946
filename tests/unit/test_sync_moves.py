"""Merging by item identity across files (a move on one machine, an edit on the other),
and the decisions a merge makes being named in the report, with real git."""

from __future__ import annotations

from datetime import date

import pytest
from test_sync_support import Machine, git, no_conflict_markers, remote, two_machines

from weekplan.item_merge import CONFLICT_OF
from weekplan.model import Activity, SpecialDate, new_id
from weekplan.record import replace
from weekplan.sync import conflicts_left
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

W48, W49, W50 = IsoWeek(2026, 48), IsoWeek(2026, 49), IsoWeek(2026, 50)


def everywhere(machine: Machine, item_id: str) -> list[tuple[IsoWeek, Activity]]:
    store = machine.store()
    return [(week, a) for week in (W48, W49, W50) for a in store.week(week).items.values() if a.id == item_id]


def shared(laptop: Machine, desktop: Machine, item: Activity) -> None:
    laptop.store().put_activity(item)
    laptop.sync()
    desktop.sync()


def test_moved_here_and_edited_there_is_one_item_moved_with_the_edit(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    climbing = Activity(new_id(), date(2026, 11, 27), 19 * 60, 20 * 60, "climbing", "friends")
    shared(laptop, desktop, climbing)

    moved = replace(climbing, date=date(2026, 12, 3))  # into 2026-W49
    laptop.store().put_activity(moved, replacing=climbing)
    desktop.store().put_activity(replace(climbing, notes="bring chalk", done=True), replacing=climbing)
    laptop.sync()
    result = desktop.sync()  # the desktop merges: it edited, the laptop moved
    laptop.sync()

    for machine in (laptop, desktop):
        found = everywhere(machine, climbing.id)
        assert len(found) == 1, found
        week, item = found[0]
        assert week == W49
        assert (item.date, item.notes, item.done, item.title) == (date(2026, 12, 3), "bring chalk", True, "climbing")
        assert machine.check() == 0 and no_conflict_markers(machine)
    assert not result.conflicts and conflicts_left(desktop.root) == []
    assert "merged: activity 'climbing' was moved on one machine and changed on the other: kept once, in 2026-W49" in (
        result.summary
    )
    assert laptop.files() == desktop.files()
    assert git(desktop.root, "status", "--porcelain") == ""


def test_edited_here_and_moved_there_merges_the_same_way(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    run = Activity(new_id(), date(2026, 12, 1), 7 * 60, 8 * 60, "run", "fitness")
    shared(laptop, desktop, run)
    laptop.store().put_activity(replace(run, title="long run"), replacing=run)
    desktop.store().put_activity(replace(run, date=date(2026, 11, 25)), replacing=run)  # back into 2026-W48
    desktop.sync()
    laptop.sync()  # now the laptop merges: it edited, the desktop moved
    desktop.sync()
    for machine in (laptop, desktop):
        assert [(w, a.title, a.date) for w, a in everywhere(machine, run.id)] == [(W48, "long run", date(2026, 11, 25))]


def test_moved_to_two_different_weeks_keeps_both_for_a_person(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    swim = Activity(new_id(), date(2026, 11, 27), 19 * 60, 20 * 60, "swim", "fitness")
    shared(laptop, desktop, swim)
    laptop.store().put_activity(replace(swim, date=date(2026, 12, 2)), replacing=swim)
    desktop.store().put_activity(replace(swim, date=date(2026, 12, 9)), replacing=swim)
    laptop.sync()
    result = desktop.sync()
    laptop.sync()
    found = everywhere(desktop, swim.id)
    assert [(w, a.date) for w, a in found] == [(W50, date(2026, 12, 9))]  # this machine's version, under its id
    copies = [
        (w, a)
        for w in (W48, W49, W50)
        for a in desktop.store().week(w).items.values()
        if a.to_toml().get(CONFLICT_OF) == swim.id
    ]
    assert [(w, a.date, a.title) for w, a in copies] == [(W49, date(2026, 12, 2), "swim (other machine)")]
    assert any(CONFLICT_OF in line for line in result.decisions)
    assert len(result.conflicts) == 1
    assert laptop.files() == desktop.files()


def test_a_delete_undone_by_an_edit_elsewhere_is_named_both_ways(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    chess = Activity(new_id(), date(2026, 11, 26), 18 * 60, 19 * 60, "chess club", "hobby")
    picnic = SpecialDate(new_id(), date(2026, 11, 28), "picnic")
    laptop.store().put_activity(chess)
    laptop.store().put_date(picnic)
    laptop.sync()
    desktop.sync()

    laptop.store().remove_activity(chess)
    laptop.store().put_date(replace(picnic, rating=5))
    desktop.store().put_activity(replace(chess, notes="bring the board"), replacing=chess)
    desktop.store().remove_date(picnic)
    laptop.sync()
    result = desktop.sync()

    assert "merged: kept activity 'chess club': deleted on the other machine, but changed here meanwhile" in (
        result.summary
    )
    assert "merged: kept date 'picnic': deleted here, but changed on the other machine meanwhile" in result.summary
    laptop_view = laptop.sync()
    assert laptop_view.ok
    for machine in (laptop, desktop):
        assert [a.notes for a in machine.store().week(W48).items.values()] == ["bring the board"]
        assert [d.rating for d in machine.store().dates().items.values()] == [5]


def test_a_delete_of_an_untouched_item_needs_no_word(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    chess = Activity(new_id(), date(2026, 11, 26), 18 * 60, 19 * 60, "chess club", "hobby")
    shared(laptop, desktop, chess)
    laptop.store().remove_activity(chess)
    desktop.store().put_activity(Activity(new_id(), date(2026, 11, 27), 9 * 60, 10 * 60, "read", "learning"))
    laptop.sync()
    result = desktop.sync()
    assert result.decisions == []
    assert [a.title for a in desktop.store().week(W48).items.values()] == ["read"]


def test_a_sync_stopped_while_settling_a_move_is_finished_without_loss(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    import weekplan.sync_settle as settle_module

    laptop, desktop = two_machines
    climbing = Activity(new_id(), date(2026, 11, 27), 19 * 60, 20 * 60, "climbing", "friends")
    shared(laptop, desktop, climbing)
    laptop.store().put_activity(replace(climbing, date=date(2026, 12, 3)), replacing=climbing)
    desktop.store().put_activity(replace(climbing, notes="bring chalk"), replacing=climbing)
    laptop.sync()

    real_write = settle_module.atomic_write
    written: list[str] = []

    def write_one_then_die(path: object, data: bytes) -> None:
        real_write(path, data)  # type: ignore[arg-type]
        written.append(str(path))
        raise KeyboardInterrupt  # as if the process died after its first file

    monkeypatch.setattr(settle_module, "atomic_write", write_one_then_die)
    with pytest.raises(KeyboardInterrupt):
        desktop.sync()
    monkeypatch.undo()
    assert written and written[0].endswith("2026-W49.toml")  # the item's new home is written first
    assert len(everywhere(desktop, climbing.id)) == 2  # twice for a moment, never nowhere

    result = desktop.sync()
    assert "finished a merge that a stopped sync had left half-done" in result.actions
    laptop.sync()
    for machine in (laptop, desktop):
        assert [(w, a.notes) for w, a in everywhere(machine, climbing.id)] == [(W49, "bring chalk")]
    assert git(desktop.root, "status", "--porcelain") == ""


def test_moved_into_the_same_week_on_both_and_retitled_on_one_is_no_conflict(
    two_machines: tuple[Machine, Machine],
) -> None:
    # In the new week's file the item looks added on both sides, so a merge of that
    # file alone would see the title as a clash; by identity it is one edit.
    laptop, desktop = two_machines
    pottery = Activity(new_id(), date(2026, 11, 27), 17 * 60, 18 * 60, "pottery", "hobby")
    shared(laptop, desktop, pottery)
    laptop.store().put_activity(replace(pottery, date=date(2026, 12, 1), title="pottery 5"), replacing=pottery)
    desktop.store().put_activity(replace(pottery, date=date(2026, 12, 1), done=True), replacing=pottery)
    laptop.sync()
    result = desktop.sync()
    laptop.sync()
    assert not result.conflicts and conflicts_left(desktop.root) == []
    for machine in (laptop, desktop):
        assert [(w, a.title, a.done) for w, a in everywhere(machine, pottery.id)] == [(W49, "pottery 5", True)]
        assert len(machine.store().week(W49).items) == 1


def test_a_date_moved_into_next_year_here_and_rated_there_is_one_date(two_machines: tuple[Machine, Machine]) -> None:
    # Dates live in one file a year, so a move across New Year crosses files too.
    laptop, desktop = two_machines
    concert = SpecialDate(new_id(), date(2026, 12, 30), "concert")
    laptop.store().put_date(concert)
    laptop.sync()
    desktop.sync()
    laptop.store().put_date(replace(concert, date=date(2027, 1, 2)))
    desktop.store().put_date(replace(concert, rating=4, memory="the encore"))
    laptop.sync()
    result = desktop.sync()
    laptop.sync()
    assert not result.conflicts
    assert "was moved on one machine and changed on the other: kept once, in 2027" in result.summary
    for machine in (laptop, desktop):
        found = [d for d in machine.store().dates().items.values() if d.id == concert.id]
        assert [(d.date, d.rating, d.memory) for d in found] == [(date(2027, 1, 2), 4, "the encore")]
        assert machine.check() == 0
    assert laptop.files() == desktop.files()
    assert "dates/2027.toml" in git(desktop.root, "ls-files")


def test_a_move_settled_into_a_week_too_large_to_read_writes_no_file_and_loses_nothing(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settling a move writes by the store's size rule: a week file it would grow past
    what weekplan reads is not written, so no week is put out of reach, and the item
    stays where each file's merge put it, with the move and the edit."""
    from weekplan import tomlfile

    laptop, desktop = two_machines
    climbing = Activity(new_id(), date(2026, 11, 27), 19 * 60, 20 * 60, "climbing", "friends")
    notes = "a long plan for the evening " * 20
    shared(laptop, desktop, Activity(new_id(), date(2026, 12, 1), 7 * 60, 8 * 60, "run", "fitness", notes=notes))
    shared(laptop, desktop, climbing)
    laptop.store().put_activity(replace(climbing, date=date(2026, 12, 3)), replacing=climbing)  # into 2026-W49
    laptop.sync()
    week_49 = laptop.store().week_path(W49)
    # The week as the laptop moved the item there is readable; with the desktop's edit, it would not be.
    monkeypatch.setattr(tomlfile, "MAX_FILE_BYTES", len(week_49.read_bytes()) + 8)
    edited = replace(climbing, notes="bring chalk and the blue rope", done=True)
    desktop.store().put_activity(edited, replacing=climbing)
    result = desktop.sync()

    assert "would be" in result.summary and "more than the" in result.summary and "weekplan reads" in result.summary
    assert "'weekplan check' names them" in result.summary
    desktop_49 = desktop.store().week_path(W49)
    assert len(desktop_49.read_bytes()) <= tomlfile.MAX_FILE_BYTES
    found = {(week, a.date, a.notes, a.done) for week, a in everywhere(desktop, climbing.id)}
    assert found == {
        (W48, date(2026, 11, 27), "bring chalk and the blue rope", True),
        (W49, date(2026, 12, 3), "", False),
    }
    assert desktop.check() != 0  # the item in two weeks' files is named
    assert git(desktop.root, "status", "--porcelain") == ""
