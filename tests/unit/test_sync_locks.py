"""git's lock files after a kill: cleared when no git holds them, waited for or explained
when one does."""

from __future__ import annotations

import subprocess
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, remote, two_machines

import weekplan.sync_git as sync_git
from weekplan.cli import main
from weekplan.model import Activity, new_id
from weekplan.sync import SyncError
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name


def activity(title: str) -> Activity:
    return Activity(new_id(), date(2026, 11, 27), 19 * 60, 20 * 60, title, "friends")


def git_waiting_in(root: Path) -> subprocess.Popen[bytes]:
    """A real git process working in `root` that runs until its stdin closes, returned
    once it works there (git moves into `root` a moment after it starts)."""
    process = subprocess.Popen(["git", "-C", str(root), "cat-file", "--batch"], stdin=subprocess.PIPE)
    cwd, deadline = Path(f"/proc/{process.pid}/cwd"), time.monotonic() + 5
    while cwd.exists() and cwd.resolve() != root.resolve() and time.monotonic() < deadline:
        time.sleep(0.005)
    return process


def test_locks_left_by_a_killed_git_are_cleared_and_said(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    # What a sync killed together with its git children leaves behind; git itself
    # refuses to work while they are there.
    for name in ("index.lock", "HEAD.lock", "refs/heads/main.lock"):
        (laptop.root / ".git" / name).write_text("")
    (laptop.root / ".merge_file_a1B2c3").write_text("[activities]\n")  # the driver's scratch copy
    # ...and the merged copy the driver was writing aside when it was stopped with git.
    (laptop.root / "..merge_file_a1B2c3.Xy12ab34.tmp").write_text("[activities]\n")
    assert subprocess.run(["git", "-C", str(laptop.root), "add", "-A"], capture_output=True).returncode != 0

    capsys.readouterr()
    assert main(["--data-dir", str(laptop.root), "sync"]) == 0
    said = capsys.readouterr().out
    cleared = "..merge_file_a1B2c3.Xy12ab34.tmp, .merge_file_a1B2c3, .git/HEAD.lock, .git/index.lock"
    assert f"cleared {cleared}, .git/refs/heads/main.lock" in said
    assert not (laptop.root / ".merge_file_a1B2c3").exists() and "not synced" not in said
    assert not (laptop.root / "..merge_file_a1B2c3.Xy12ab34.tmp").exists()
    assert "no git is using it now" in said
    assert not list((laptop.root / ".git").rglob("*.lock"))
    desktop.sync()
    assert [a.title for a in desktop.store().week(IsoWeek(2026, 48)).items.values()] == ["climbing"]


def test_a_lock_that_a_running_git_holds_is_waited_for(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _desktop = two_machines
    monkeypatch.setattr(sync_git, "HELD_LOCK_WAIT", 20.0)
    holder = git_waiting_in(laptop.root)
    lock = laptop.root / ".git" / "index.lock"
    lock.write_text("")

    def finish() -> None:
        time.sleep(1.0)
        lock.unlink()
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()

    finisher = threading.Thread(target=finish)
    finisher.start()
    started = time.monotonic()
    result = laptop.sync()
    finisher.join()
    assert time.monotonic() - started >= 0.9  # it waited for the running git
    assert not any("cleared" in line for line in result.actions)
    assert result.remote == "origin"


def test_a_lock_still_held_after_waiting_is_explained_and_kept(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _desktop = two_machines
    monkeypatch.setattr(sync_git, "HELD_LOCK_WAIT", 0.5)
    holder = git_waiting_in(laptop.root)
    lock = laptop.root / ".git" / "index.lock"
    lock.write_text("")
    head = git(laptop.root, "rev-parse", "HEAD")
    try:
        with pytest.raises(SyncError, match=f"git \\(process {holder.pid}\\) is working in") as refused:
            laptop.sync()
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    assert refused.value.refused
    assert ".git/index.lock" in str(refused.value)
    assert lock.exists(), "a lock that a running git holds is never taken away"
    assert git(laptop.root, "rev-parse", "HEAD") == head


def test_a_git_still_working_here_is_waited_for_briefly_even_without_a_lock(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sync stopped half-way can leave its git running (a fetch, a push); starting
    # another beside it makes the two trip over each other's refs.
    import weekplan.sync_look as look_module

    laptop, _desktop = two_machines
    monkeypatch.setattr(sync_git, "BUSY_GIT_WAIT", 5.0)
    moments: dict[str, float] = {}
    real_clear = look_module.clear_stale_locks

    def clear_and_note(*args: object, **kwargs: object) -> list[str]:
        cleared = real_clear(*args, **kwargs)  # type: ignore[arg-type]
        moments.setdefault("sync went on", time.monotonic())
        return cleared

    monkeypatch.setattr(look_module, "clear_stale_locks", clear_and_note)
    finishing = git_waiting_in(laptop.root)

    def finish() -> None:
        time.sleep(0.5)
        assert finishing.stdin is not None
        finishing.stdin.close()
        finishing.wait()
        moments["git finished"] = time.monotonic()

    finisher = threading.Thread(target=finish)
    finisher.start()
    laptop.sync()
    finisher.join()
    assert moments["sync went on"] >= moments["git finished"]

    monkeypatch.setattr(sync_git, "BUSY_GIT_WAIT", 0.6)
    lingering = git_waiting_in(laptop.root)  # someone's git that does not end soon
    try:
        started = time.monotonic()
        result = laptop.sync()
        assert 0.5 <= time.monotonic() - started < 5.0  # waited briefly, then went on
        assert result.remote == "origin"
    finally:
        assert lingering.stdin is not None
        lingering.stdin.close()
        lingering.wait()


def test_the_command_line_waits_for_a_held_lock_once_and_says_it(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import weekplan.sync_look as look_module

    laptop, _desktop = two_machines
    monkeypatch.setattr(sync_git, "HELD_LOCK_WAIT", 0.5)
    waits: list[Path] = []
    real_clear = look_module.clear_stale_locks

    def counted(git: sync_git.Git, **kwargs: float) -> list[str]:
        waits.append(git.root)
        return real_clear(git, **kwargs)

    monkeypatch.setattr(look_module, "clear_stale_locks", counted)
    holder = git_waiting_in(laptop.root)
    lock = laptop.root / ".git" / "index.lock"
    lock.write_text("")
    try:
        assert main(["--data-dir", str(laptop.root), "sync"]) == 1
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    assert f"git (process {holder.pid}) is working in" in capsys.readouterr().err
    assert waits == [laptop.root]  # the command line's early look waited; the sync did not again
    assert lock.exists()


def another_sync_running(root: Path, seconds: float) -> threading.Thread:
    """A thread that holds `root`'s sync, as another weekplan process syncing would, for
    `seconds`; returned once it holds it."""
    holding = threading.Event()

    def hold() -> None:
        with sync_git.one_sync_at_a_time(root):
            holding.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(5)
    return thread


def test_a_sync_waits_for_another_sync_of_the_same_data(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    """A timer's `weekplan sync` while the planner syncs once raced it for git's locks,
    and one of them stopped on git's "cannot lock ref"."""
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    other = another_sync_running(laptop.root, 1.0)
    started = time.monotonic()
    assert main(["--data-dir", str(laptop.root), "sync"]) == 0
    waited = time.monotonic() - started
    other.join()
    assert waited >= 0.9
    assert "pushed to origin" in capsys.readouterr().out
    desktop.sync()
    assert [a.title for a in desktop.store().week(IsoWeek(2026, 48)).items.values()] == ["climbing"]


def test_a_sync_that_waited_too_long_for_another_does_nothing_and_says_so(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _desktop = two_machines
    monkeypatch.setattr(sync_git, "OTHER_SYNC_WAIT", 0.3)
    laptop.store().put_activity(activity("climbing"))
    head = git(laptop.root, "rev-parse", "HEAD")
    other = another_sync_running(laptop.root, 1.5)
    try:
        assert main(["--data-dir", str(laptop.root), "sync"]) == 1
    finally:
        other.join()
    said = capsys.readouterr().err
    assert f"another weekplan sync of {laptop.root} is still running; this one did nothing" in said
    assert git(laptop.root, "rev-parse", "HEAD") == head
