"""Nothing two machines did is decided silently: every conflict a merge makes is in
the summary of the sync that made it, and of the sync that brings it to the other
machine, even where an earlier conflict on the same field was never settled."""

from __future__ import annotations

import subprocess
import tomllib
from datetime import date, timedelta

import pytest
import tomli_w
from test_sync_support import Machine, remote, two_machines

from weekplan.cli import main
from weekplan.model import Activity, Category, Config, new_id
from weekplan.record import replace
from weekplan.sync import SyncResult
from weekplan.sync_conflicts import conflicts_left
from weekplan.sync_git import FILES_A_BATCH
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

W48 = IsoWeek(2026, 48)


def notes_on_both(laptop: Machine, desktop: Machine, round_number: int) -> None:
    laptop.store().set_week_note(W48, f"laptop note {round_number}")
    desktop.store().set_week_note(W48, f"desktop note {round_number}")


def noted_both_ways(laptop: Machine, desktop: Machine) -> SyncResult:
    """Both machines write the week's review note after agreeing on one: the laptop's
    sync, which merges the two, is returned."""
    laptop.store().set_week_note(W48, "a quiet week")
    laptop.sync()
    desktop.sync()
    notes_on_both(laptop, desktop, 1)
    desktop.sync()
    return laptop.sync()


def test_a_note_kept_aside_is_settled_the_way_the_message_says(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    (message,) = [n.message for n in noted_both_ways(laptop, desktop).conflicts]
    path = laptop.root / "weeks" / "2026-W48.toml"
    assert message.endswith("""put the value you want in use, then delete [conflicts."review.note"] from the file""")
    assert '[conflicts."review.note"]' in path.read_text("utf-8")  # the entry is written as it is named

    laptop.store().set_week_note(W48, "laptop note 1, and what the desktop said")
    doc = tomllib.loads(path.read_text("utf-8"))
    del doc["conflicts"]["review.note"]
    path.write_bytes(tomli_w.dumps(doc).encode())

    assert conflicts_left(laptop.root) == []
    laptop.sync()
    desktop.sync()
    assert desktop.store().week_note(W48) == "laptop note 1, and what the desktop said"
    assert conflicts_left(desktop.root) == []


def test_a_second_conflict_on_a_field_still_listed_is_reported_on_both_machines(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    first = noted_both_ways(laptop, desktop)
    assert [n.where for n in first.conflicts] == ["review.note"]
    desktop.sync()

    # Nobody settled the first conflict; the same field is changed both ways again.
    notes_on_both(laptop, desktop, 2)
    desktop.sync()
    second = laptop.sync()
    brought = desktop.sync()

    for result in (second, brought):
        messages = [n.message for n in result.conflicts]
        assert len(messages) == 1, messages
        # Worded the same on both machines: which value is in use, which one is kept aside.
        assert "'laptop note 2' is in use" in messages[0] and "'desktop note 2' is kept" in messages[0]
    # What the desktop wrote is not in use on either machine, but it is kept.
    assert "desktop note 2" in (desktop.root / "weeks" / "2026-W48.toml").read_text("utf-8")


def test_what_arrives_in_many_weeks_is_said_in_one_short_line(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    """Another machine imported a calendar of a year: the summary (a notification in the
    planner) names a few of the changes and counts the rest, not one phrase per week."""
    laptop, desktop = two_machines
    first_monday = date(2026, 1, 5)
    desktop.store().add_activities(
        [
            Activity(new_id(), first_monday + timedelta(weeks=n), 19 * 60, 20 * 60, f"class {n}", "learning")
            for n in range(40)
        ]
    )
    desktop.sync()
    capsys.readouterr()
    assert main(["--data-dir", str(laptop.root), "sync"]) == 0
    received = [line for line in capsys.readouterr().out.splitlines() if line.startswith("received:")]
    assert received == [
        "received: 1 activity added in 2026-W02, 1 activity added in 2026-W03, 1 activity added in 2026-W04, "
        "1 activity added in 2026-W05, 1 activity added in 2026-W06 and 35 more"
    ]
    assert len(laptop.store().activities_between(first_monday, first_monday + timedelta(weeks=40))) == 40


def test_years_of_weeks_are_described_through_a_few_git_processes(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second machine set up from years of weeks once started two git processes for
    each week to say what arrived: the better part of a minute at ten years."""
    laptop, desktop = two_machines
    weeks = 2 * FILES_A_BATCH + 50
    first_monday = date(2026, 1, 5)
    desktop.store().add_activities(
        [
            Activity(new_id(), first_monday + timedelta(weeks=n), 19 * 60, 20 * 60, f"class {n}", "learning")
            for n in range(weeks)
        ]
    )
    reads: list[list[str]] = []
    run = subprocess.run

    def counting(argv: list[str], *args: object, **kwargs: object) -> object:
        if "cat-file" in argv:
            reads.append(argv)
        return run(argv, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    committed = desktop.sync().committed
    read_to_commit = len(reads)
    received = laptop.sync().received

    assert committed is not None and committed.startswith("1 activity added in 2026-W02")
    assert len(received) == weeks and received[0] == "1 activity added in 2026-W02"
    # A few batches, not a process a week: committing reads each batch of weeks up to
    # twice (before and after); receiving three times (looked at before the merge, then
    # before and after it, to describe it).
    batches = -(-weeks // FILES_A_BATCH)
    assert read_to_commit <= 2 * batches + 2 and len(reads) - read_to_commit <= 3 * batches


def test_a_setting_deleted_on_one_machine_and_changed_on_the_other_is_kept_and_said(
    two_machines: tuple[Machine, Machine],
) -> None:
    laptop, desktop = two_machines
    config = laptop.store().config
    laptop.store().save_config(replace(config, keys={"quit": "ctrl+x"}))
    laptop.sync()
    desktop.sync()

    config = laptop.store().config
    laptop.store().save_config(replace(config, categories=without_new(config), keys={}))
    config = desktop.store().config
    recoloured = tuple(replace(c, color="#00aa00") if c.id == "new" else c for c in config.categories)
    desktop.store().save_config(replace(config, categories=recoloured, keys={"quit": "ctrl+y"}))
    laptop.sync()
    merged = desktop.sync()

    assert merged.decisions == [
        "kept category 'new' in the settings: deleted on the other machine, but changed here meanwhile",
        "kept key binding 'quit' in the settings: deleted on the other machine, but changed here meanwhile",
    ]
    laptop.sync()
    for machine in (laptop, desktop):
        config = machine.store().config
        assert config.category("new") is not None and config.category("new").color == "#00aa00"
        assert config.keys == {"quit": "ctrl+y"}


def without_new(config: Config) -> tuple[Category, ...]:
    return tuple(c for c in config.categories if c.id != "new")


def test_check_lists_the_conflicts_still_waiting_for_a_choice(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    """A sync run from a timer says its conflicts to nobody: `weekplan check` lists every
    one still in the files, until the person has chosen."""
    laptop, desktop = two_machines
    noted_both_ways(laptop, desktop)

    capsys.readouterr()
    assert laptop.check() == 0  # a conflict is a choice to make, not a file that cannot be read
    said = capsys.readouterr().out
    assert "1 conflict waits for a choice:" in said
    assert "weeks/2026-W48.toml: review.note was changed on both machines" in said

    # The person chose, and deleted the entry, as docs/sync.md says.
    week_file = laptop.root / "weeks" / "2026-W48.toml"
    chosen = tomllib.loads(week_file.read_text("utf-8"))
    del chosen["conflicts"]
    week_file.write_text(tomli_w.dumps(chosen), "utf-8")
    capsys.readouterr()
    assert laptop.check() == 0
    assert "for a choice" not in capsys.readouterr().out


def test_a_setting_changed_both_ways_is_a_choice_to_make_not_an_unknown_table(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    """The [conflicts] table a merge writes into config.toml is weekplan's own: the planner
    and `weekplan check` list what it holds, and never call it a table they do not know."""
    laptop, desktop = two_machines
    config = laptop.store().config
    laptop.store().save_config(replace(config, first_weekday=6))
    desktop.store().save_config(replace(config, first_weekday=5))
    laptop.sync()
    assert [c.message.split(":")[0] for c in desktop.sync().conflicts] == ["first_weekday was changed on both machines"]
    laptop.sync()

    for machine in (laptop, desktop):
        assert machine.store().config.first_weekday == 5
        assert machine.store().config_warnings == []
        capsys.readouterr()
        assert machine.check() == 0
        said = capsys.readouterr()
        assert "config.toml: first_weekday was changed on both machines" in said.out
        assert said.err == ""


def renamed_on_both(laptop: Machine, desktop: Machine) -> Activity:
    """An activity both machines have, renamed on each, the laptop's rename synced:
    the desktop's next sync makes the conflict."""
    climbing = Activity(new_id(), date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends")
    laptop.store().put_activity(climbing)
    laptop.sync()
    desktop.sync()
    laptop.store().put_activity(replace(climbing, title="bouldering"))
    desktop.store().put_activity(replace(climbing, title="climbing gym"))
    laptop.sync()
    return climbing


def test_a_kept_copy_edited_later_is_not_reported_again(two_machines: tuple[Machine, Machine]) -> None:
    """A conflict is known by the item it left, not by its words: renaming the other
    machine's version (or the kept one) is the person working on it, not a new conflict."""
    laptop, desktop = two_machines
    climbing = renamed_on_both(laptop, desktop)
    made = desktop.sync()
    assert len(made.conflicts) == 1
    assert len(laptop.sync().conflicts) == 1  # brought to the laptop, said there once

    copies = [a for a in desktop.store().week(W48).items.values() if a.id != climbing.id]
    (copy,) = copies
    desktop.store().put_activity(replace(copy, title="climbing gym with Sam"))
    desktop.store().put_activity(replace(climbing, title="bouldering at noon"))
    desktop.sync()
    brought = laptop.sync()
    assert brought.received  # the renames did arrive
    assert brought.conflicts == []
    # Still waiting for a choice: check lists it, under its new title.
    from weekplan.sync import conflicts_left

    (left,) = conflicts_left(laptop.root)
    assert "climbing gym with Sam" in left.message


def test_deleting_the_original_and_keeping_the_copy_settles_the_conflict(
    two_machines: tuple[Machine, Machine],
) -> None:
    from weekplan.sync import conflicts_left

    laptop, desktop = two_machines
    climbing = renamed_on_both(laptop, desktop)
    desktop.sync()
    assert len(conflicts_left(desktop.root)) == 1

    store = desktop.store()
    store.remove_activity(store.week(W48).items[climbing.id])  # keeps the laptop's version, kept as a copy here
    desktop.sync()
    laptop.sync()
    for machine in (laptop, desktop):
        assert conflicts_left(machine.root) == []
        assert [a.title for a in machine.store().week(W48).items.values()] == ["bouldering (other machine)"]


def test_what_sync_and_check_say_of_long_texts_stays_short(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    """A review note of 400 000 characters written both ways, and an activity of a long
    title deleted on one machine and changed on the other: each line names them in
    a few hundred characters, not the whole text (which a planner's notification, a
    terminal or a timer's log would be flooded with); the values are still kept whole."""
    laptop, desktop = two_machines
    long_title = "climbing " + "c" * 50_000
    climbing = Activity(new_id(), date(2026, 11, 24), 18 * 60, 19 * 60, long_title, "hobby")
    laptop.store().put_activity(climbing)
    laptop.store().set_week_note(W48, "a quiet week")
    laptop.sync()
    desktop.sync()
    laptop.store().set_week_note(W48, "L" * 400_000)
    desktop.store().set_week_note(W48, "D" * 400_000)
    laptop.store().remove_activity(climbing)
    desktop.store().put_activity(replace(climbing, done=True))
    desktop.sync()

    merged = laptop.sync()

    assert merged.conflicts and merged.decisions
    for line in merged.summary.splitlines():
        assert len(line) < 1000, line[:300]
    capsys.readouterr()
    assert laptop.check() == 0
    said = capsys.readouterr().out
    assert "review.note was changed on both machines" in said
    assert all(len(line) < 1000 for line in said.splitlines())
    assert laptop.store().week_note(W48) == "L" * 400_000
    entry = tomllib.loads((laptop.root / "weeks" / "2026-W48.toml").read_text("utf-8"))["conflicts"]["review.note"]
    assert entry == {"kept": "L" * 400_000, "other": "D" * 400_000}
    assert [a.title for a in laptop.store().week(W48).items.values()] == [long_title]
