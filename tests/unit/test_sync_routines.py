"""Routines edited on two machines: an occurrence removed on one and changed on the
other is kept with the change, and said; a routine changed "from now on" on one machine
(it ends, and a new routine carries on) while the other machine changed the routine
itself: the other machine's change reaches the part that was split off too, or both
versions are kept and said; it never stops at the split without a word."""

from __future__ import annotations

from datetime import date

import pytest
from test_sync_support import Machine, remote, two_machines

from weekplan.record import replace
from weekplan.routines import OccurrenceChange, Routine, expand
from weekplan.sync_report import SyncResult

__all__ = ["remote", "two_machines"]  # fixtures, used by name

GYM = Routine("rrrrrrrrrrrr", "gym", "fitness", (0, 2, 4), 7 * 60, 8 * 60, date(2026, 11, 2))
SPLIT_DAY = date(2026, 11, 25)  # a Wednesday


def shared_gym(laptop: Machine, desktop: Machine) -> None:
    laptop.store().put_routine(GYM)
    laptop.sync()
    desktop.sync()


def split_on(machine: Machine, **changes: object) -> Routine:
    """The gym from SPLIT_DAY on, changed as given ("all from now on"); the new routine."""
    occurrence = GYM.occurrence(SPLIT_DAY)
    assert occurrence is not None
    _before, after = machine.store().put_activity_from_now_on(replace(occurrence, **changes))
    return after


def routines_of(machine: Machine) -> dict[str, Routine]:
    routines = machine.store().routines()
    assert routines.errors == []
    return routines.items


def renamed_on_the_desktop_and_synced_both_ways(laptop: Machine, desktop: Machine) -> SyncResult:
    """The gym renamed on the desktop; the laptop syncs its own change first, the
    desktop merges both, the laptop takes the merge: what the desktop's sync made."""
    desktop.store().put_routine(replace(GYM, title="gym with Sam"))
    laptop.sync()
    merged = desktop.sync()
    laptop.sync()
    return merged


def test_a_rename_on_the_other_machine_reaches_the_part_split_off(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    after = split_on(laptop, start=18 * 60, end=19 * 60)
    merged = renamed_on_the_desktop_and_synced_both_ways(laptop, desktop)

    assert merged.conflicts == []
    for machine in (laptop, desktop):
        routines = routines_of(machine)
        assert sorted(routines) == sorted([GYM.id, after.id])
        before, later = routines[GYM.id], routines[after.id]
        assert (before.title, before.start, before.last) == ("gym with Sam", 7 * 60, date(2026, 11, 24))
        assert (later.title, later.start, later.first) == ("gym with Sam", 18 * 60, SPLIT_DAY)


def test_a_rename_merged_the_other_way_round_reaches_it_too(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    desktop.store().put_routine(replace(GYM, title="gym with Sam"))
    after = split_on(laptop, start=18 * 60, end=19 * 60)
    desktop.sync()
    merged = laptop.sync()  # the machine that split merges this time

    assert merged.conflicts == []
    later = routines_of(laptop)[after.id]
    assert (later.title, later.start) == ("gym with Sam", 18 * 60)


def test_an_occurrence_changed_after_the_split_day_follows_the_split(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    after = split_on(laptop, start=18 * 60, end=19 * 60)
    later_occurrence = GYM.occurrence(date(2026, 12, 2))
    assert later_occurrence is not None
    desktop.store().remove_activity(later_occurrence)  # one Wednesday off, on the other machine
    laptop.sync()
    desktop.sync()

    routines = routines_of(desktop)
    assert routines[after.id].occurrence(date(2026, 12, 2)) is None
    assert routines[after.id].occurrence(date(2026, 12, 4)) is not None


def test_the_same_field_changed_by_the_split_and_by_the_other_machine_keeps_both(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    after = split_on(laptop, title="swim")
    desktop.store().put_routine(replace(GYM, title="gym with Sam"))
    laptop.sync()
    merged = desktop.sync()

    assert len(merged.conflicts) == 1
    routines = routines_of(desktop)
    titles = sorted(r.title for r in routines.values() if r.first == SPLIT_DAY)
    assert titles == ["gym with Sam (other machine)", "swim"]
    assert routines[after.id].title == "swim"
    assert routines[GYM.id].title == "gym with Sam"


def test_a_later_occurrence_on_a_weekday_the_split_moved_away_is_kept_to_choose_from(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    split_on(laptop, date=date(2026, 11, 26))  # Wednesdays become Thursdays from now on
    later = GYM.occurrence(date(2026, 12, 2))
    assert later is not None
    desktop.store().put_activity(replace(later, title="gym, long session"))
    laptop.sync()
    merged = desktop.sync()

    (conflict,) = merged.conflicts
    assert "2026-12-02" in conflict.where and "gym, long session" in conflict.message
    assert desktop.check() == 0  # the file reads, and the choice waits in it
    assert "gym, long session" in (desktop.root / "routines.toml").read_text("utf-8")
    # The old routine ends before the split: the change is not left on a day it no longer has.
    assert routines_of(desktop)[GYM.id].exceptions == {}


def test_both_machines_split_on_different_days_lose_no_occurrence_change(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    noted = GYM.with_exception(date(2026, 12, 9), OccurrenceChange(notes="bring the new shoes"))
    laptop.store().put_routine(noted)
    laptop.sync()
    desktop.sync()
    occurrence = noted.occurrence(SPLIT_DAY)
    later = noted.occurrence(date(2026, 12, 2))
    assert occurrence is not None and later is not None
    _b, early = laptop.store().put_activity_from_now_on(replace(occurrence, start=18 * 60, end=19 * 60))
    _b, late = desktop.store().put_activity_from_now_on(replace(later, title="swim"))
    laptop.sync()
    merged = desktop.sync()

    # Two edits "from now on" of one routine: both kept, and each overlap said, so that
    # choosing one version of the old routine leaves no doubled occurrence unsaid.
    assert len(merged.conflicts) == 2 and f"routines.{early.id}" in [c.where for c in merged.conflicts]
    routines = routines_of(desktop)
    assert routines[early.id].extra.get("conflict_of") == late.id
    for split in (early, late):
        shown = routines[split.id].occurrence(date(2026, 12, 9))
        assert shown is not None and shown.notes == "bring the new shoes"


@pytest.mark.parametrize("removed_on", ["laptop", "desktop"])
def test_an_occurrence_removed_on_one_machine_and_changed_on_the_other_is_kept(
    two_machines: tuple[Machine, Machine], removed_on: str
) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    moved = GYM.with_exception(date(2026, 12, 2), OccurrenceChange(start=18 * 60, end=19 * 60))
    laptop.store().put_routine(moved)
    laptop.sync()
    desktop.sync()
    occurrence = moved.occurrence(date(2026, 12, 2))
    assert occurrence is not None
    remover, changer = (laptop, desktop) if removed_on == "laptop" else (desktop, laptop)
    remover.store().remove_activity(occurrence)
    changer.store().put_activity(replace(occurrence, title="gym with Sam"))
    remover.sync()
    merged = changer.sync()
    brought = remover.sync()

    for machine in (laptop, desktop):
        kept = routines_of(machine)[GYM.id].occurrence(date(2026, 12, 2))
        # The change, whole: the time it had been moved to stays with it.
        assert kept is not None and (kept.title, kept.start) == ("gym with Sam", 18 * 60)
    said = merged.decisions + brought.decisions
    assert any("removed on the other machine, but changed here" in line for line in merged.decisions), said
    assert "2026-12-02" in merged.decisions[0] and "'gym'" in merged.decisions[0]


def test_an_occurrence_changed_after_the_other_machine_ended_the_routine_is_kept(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    occurrence, later = GYM.occurrence(SPLIT_DAY), GYM.occurrence(date(2026, 12, 2))
    assert occurrence is not None and later is not None
    laptop.store().end_routine_before(occurrence)  # "delete all from now on"
    desktop.store().put_activity(replace(later, title="gym, last one with Sam"))
    laptop.sync()
    merged = desktop.sync()

    # The routine ends as the laptop said, and the change made on the desktop after that
    # day is neither lost nor left where it no longer shows: it waits to be chosen.
    assert routines_of(desktop)[GYM.id].last == date(2026, 11, 24)
    (conflict,) = merged.conflicts
    assert "2026-12-02" in conflict.where and "gym, last one with Sam" in conflict.message
    assert desktop.check() == 0


def test_a_split_and_a_change_that_make_no_routine_together_keep_both(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    after = split_on(laptop, end=7 * 60 + 30)  # shorter from now on: 07:00-07:30
    desktop.store().put_routine(replace(GYM, start=7 * 60 + 45))  # later on the other: 07:45-08:00
    laptop.sync()
    merged = desktop.sync()

    assert len(merged.conflicts) == 1
    routines = routines_of(desktop)  # every routine reads: none was written that cannot be
    from_split_day = sorted((r.start, r.end) for r in routines.values() if r.first == SPLIT_DAY)
    assert from_split_day == [(7 * 60, 7 * 60 + 30), (7 * 60 + 45, 8 * 60)]
    assert (routines[after.id].start, routines[after.id].end) == (7 * 60, 7 * 60 + 30)


def test_a_split_at_the_first_occurrence_and_a_rename_there_show_each_day_once(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    shared_gym(laptop, desktop)
    first = GYM.occurrence(GYM.first)
    assert first is not None
    before, after = laptop.store().put_activity_from_now_on(replace(first, start=18 * 60, end=19 * 60))
    assert before is None  # the old routine is gone on the laptop
    merged = renamed_on_the_desktop_and_synced_both_ways(laptop, desktop)

    assert merged.conflicts == []
    for machine in (laptop, desktop):
        routines = routines_of(machine)
        assert sorted(routines) == [after.id]
        week = expand(list(routines.values()), date(2026, 11, 30), date(2026, 12, 6))
        assert [(a.date.day, a.start, a.title) for a in week] == [(day, 18 * 60, "gym with Sam") for day in (30, 2, 4)]
