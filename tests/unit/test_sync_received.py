"""A file that arrived unreadable, exactly as the remote has it: it does not stop the
syncs after it, and it never goes back to a remote that holds another version now."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_sync import W48, activity, assert_healthy, push_a_week_with_an_unreadable_start
from test_sync_support import Machine, git, remote, two_machines

from weekplan.cli import main
from weekplan.sync import SyncError, init

__all__ = ["remote", "two_machines"]  # fixtures, used by name


def received_broken(laptop: Machine, desktop: Machine) -> bytes:
    """The desktop pushes a week whose activity has a start weekplan cannot read, and
    the laptop receives it; the readable week as it was is returned."""
    readable = push_a_week_with_an_unreadable_start(laptop, desktop)
    arrived = laptop.sync()
    assert "'25:00' is not a time of day" in str(arrived.problems)
    return readable


@pytest.mark.parametrize("fetched_first", [False, True], ids=["fetched-in-the-sync", "fetched-before"])
@pytest.mark.parametrize("fixed_by", ["reset", "amend"])
def test_a_broken_file_never_goes_back_to_a_remote_fixed_by_a_forced_push(
    two_machines: tuple[Machine, Machine], remote: Path, fixed_by: str, fetched_first: bool
) -> None:
    """The remote was fixed by rewriting its history (a reset, or the fix amended into
    the broken commit, pushed by force): the laptop's next sync takes the remote's
    version, pushes nothing broken, and makes no copy of the broken activity.  Also
    when the remote's new tip was fetched before the sync looks at the files, as the
    sync's own fetch, started early, may have done by then."""
    laptop, desktop = two_machines
    readable = received_broken(laptop, desktop)
    if fixed_by == "reset":
        git(desktop.root, "reset", "-q", "--hard", "HEAD~1")
    else:
        desktop.store().week_path(W48).write_bytes(readable.replace(b'start = "19:00"', b'start = "18:00"'))
        git(desktop.root, "commit", "-q", "--amend", "-am", "fixed by hand")
    git(desktop.root, "push", "-qf")
    remote_version = git(remote, "show", "main:weeks/2026-W48.toml")
    if fetched_first:
        git(laptop.root, "fetch", "-q", "origin")

    synced = laptop.sync()
    assert synced.ok
    assert git(remote, "show", "main:weeks/2026-W48.toml") == remote_version
    assert laptop.store().week_path(W48).read_text("utf-8") == remote_version
    assert [a.title for a in laptop.store().week(W48).items.values()] == ["climbing"]
    assert laptop.sync().ok
    desktop.sync()
    assert_healthy(laptop, desktop)


def test_git_is_asked_once_for_every_unreadable_file_received(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether unreadable files arrived as the remote has them is asked of git in one
    process, however many files and activities cannot be read."""
    laptop, desktop = two_machines
    received_broken(laptop, desktop)

    def gits_of_a_sync() -> list[str]:
        commands: list[str] = []
        popen = subprocess.Popen

        def noted_popen(argv: list[str], *args: object, **kwargs: object) -> object:
            if argv[0] == "git":
                commands.append(argv[argv.index("-C") + 2])
            return popen(argv, *args, **kwargs)  # type: ignore[call-overload]

        with monkeypatch.context() as patched:
            patched.setattr(subprocess, "Popen", noted_popen)
            assert not laptop.sync().ok
        return commands

    one_file = gits_of_a_sync()
    for hour in range(8, 22):  # another week, with many activities that cannot be read
        desktop.store().put_activity(activity(f"climbing {hour}", day=30, start=hour * 60))
    desktop.sync()
    for path in desktop.store().weeks_dir.glob("2026-W*.toml"):
        path.write_bytes(path.read_bytes().replace(b':00"', b':61"'))
    git(desktop.root, "commit", "-qam", "by hand")
    git(desktop.root, "push", "-q")
    assert laptop.sync().problems
    many_files = gits_of_a_sync()
    assert len(laptop.sync().problems) > 20
    assert many_files == one_file


def test_init_again_goes_on_as_sync_does_after_a_broken_file_arrived(
    two_machines: tuple[Machine, Machine], remote: Path
) -> None:
    """`sync --init` with the same remote is harmless to repeat: a file received
    unreadable, as the remote has it, stops it no more than it stops `sync`."""
    laptop, desktop = two_machines
    received_broken(laptop, desktop)
    laptop.store().put_activity(activity("run", day=30))  # another week, W49
    repeated = init(laptop.root, str(remote))
    assert "'25:00' is not a time of day" in str(repeated.problems)
    assert repeated.pushed
    assert "run" in git(remote, "show", "main:weeks/2026-W49.toml")
    assert main(["--data-dir", str(laptop.root), "sync", "--init", str(remote)]) == 1  # said, not refused


def test_an_unreadable_activity_is_not_merged_with_a_change_made_here(
    two_machines: tuple[Machine, Machine], remote: Path
) -> None:
    """When this machine changed the same week, the week with an activity that cannot be
    read is refused before the merge: merged, it would be pushed in a file neither side
    wrote.  Once fixed where it broke, both changes meet."""
    laptop, desktop = two_machines
    readable = push_a_week_with_an_unreadable_start(laptop, desktop)
    laptop.store().put_activity(activity("run", day=28))  # the same week, W48

    with pytest.raises(SyncError, match="brings files that cannot be read") as refused:
        laptop.sync()
    assert "weeks/2026-W48.toml:3:9" in str(refused.value) and "'25:00' is not a time of day" in str(refused.value)
    assert {a.title for a in laptop.store().week(W48).items.values()} == {"climbing", "run"}
    assert "run" not in git(remote, "show", "main:weeks/2026-W48.toml")

    desktop.store().week_path(W48).write_bytes(readable.replace(b'start = "19:00"', b'start = "18:00"'))
    git(desktop.root, "commit", "-qam", "fixed by hand")
    git(desktop.root, "push", "-q")
    assert laptop.sync().ok
    starts = {a.title: a.start for a in laptop.store().week(W48).items.values()}
    assert starts == {"climbing": 18 * 60, "run": 19 * 60}
    desktop.sync()
    assert_healthy(laptop, desktop)


def test_two_notes_too_long_together_say_to_make_the_week_smaller_and_then_sync_on(
    two_machines: tuple[Machine, Machine], remote: Path
) -> None:
    """Each machine's review note of a week is readable, but both together (one kept,
    both under [conflicts]) would be past what weekplan reads: the sync says to make
    that week smaller, not to wait for a file to be made readable, and goes on once
    one machine shortened its note."""
    from weekplan.weeks import IsoWeek

    laptop, desktop = two_machines
    week = IsoWeek(2026, 50)
    laptop.store().set_week_note(week, "L" * 700_000)
    desktop.store().set_week_note(week, "D" * 700_000)
    laptop.sync()
    pushed = git(remote, "rev-parse", "main")

    with pytest.raises(SyncError) as refused:
        desktop.sync()

    said = str(refused.value)
    assert "merged, it would be" in said
    assert "readable again" not in said
    assert "make weeks/2026-W50.toml smaller on either machine" in said
    assert "shorten its review note" in said
    assert git(remote, "rev-parse", "main") == pushed
    assert desktop.store().week_note(week) == "D" * 700_000
    desktop.store().set_week_note(week, "the short of it")
    desktop.sync()
    laptop.sync()
    assert laptop.store().week_note(week) == desktop.store().week_note(week)
    assert git(remote, "rev-parse", "main") == git(laptop.root, "rev-parse", "HEAD")
