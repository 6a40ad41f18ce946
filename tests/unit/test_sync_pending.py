"""A merge git left unfinished (a plain `git pull` on a fresh clone without the merge
driver, or a sync stopped before its commit) is finished by `sync` itself, item by item."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, git_status, no_conflict_markers, remote, two_machines

from weekplan.cli import main
from weekplan.model import Activity, new_id
from weekplan.record import replace
from weekplan.sync import SyncError
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

W48 = IsoWeek(2026, 48)


def activity(title: str, day: int = 27) -> Activity:
    return Activity(new_id(), date(2026, 11, day), 19 * 60, 20 * 60, title, "friends")


def fresh_clone(tmp_path: Path, remote: Path) -> Machine:
    """A second machine set up with plain git: no merge driver in its .git/config."""
    root = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(remote), str(root)], check=True)
    git(root, "config", "user.name", "Person on clone")
    git(root, "config", "user.email", "clone@example.org")
    git(root, "config", "pull.rebase", "false")
    return Machine("clone", root)


def pull_with_markers(laptop: Machine, clone: Machine) -> Activity:
    """Each changes a different field of one activity; git's line merge sees two changes
    side by side and leaves conflict markers in the clone."""
    climbing = activity("climbing")
    laptop.store().put_activity(climbing)
    laptop.sync()
    git(clone.root, "pull", "-q")
    laptop.store().put_activity(replace(climbing, start=18 * 60), replacing=climbing)
    laptop.sync()
    clone.store().put_activity(replace(climbing, end=21 * 60), replacing=climbing)
    git(clone.root, "commit", "-qam", "later, by hand")
    assert git_status(clone.root, "pull", "-q") != 0
    assert not no_conflict_markers(clone)
    return climbing


def test_sync_finishes_a_plain_git_pull_item_by_item(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, _desktop = two_machines
    clone = fresh_clone(tmp_path, remote)
    climbing = pull_with_markers(laptop, clone)
    capsys.readouterr()
    assert clone.check() == 1
    assert "weekplan sync" in capsys.readouterr().err  # what check advises is what works

    assert main(["--data-dir", str(clone.root), "sync"]) == 0
    said = capsys.readouterr().out
    assert "found an unfinished merge (weeks/2026-W48.toml had git's conflict markers)" in said
    assert "merged the same commits again, item by item" in said
    assert git_status(clone.root, "rev-parse", "-q", "--verify", "MERGE_HEAD") != 0
    laptop.sync()
    for machine in (laptop, clone):
        assert [(a.id, a.start, a.end) for a in machine.store().week(W48).items.values()] == [
            (climbing.id, 18 * 60, 21 * 60)
        ]
        assert no_conflict_markers(machine) and machine.check() == 0
    assert git(clone.root, "status", "--porcelain") == ""


def test_a_merge_someone_is_resolving_by_hand_is_left_to_them_with_the_commands(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, _desktop = two_machines
    clone = fresh_clone(tmp_path, remote)
    pull_with_markers(laptop, clone)
    week = clone.root / "weeks" / "2026-W48.toml"
    kept = [line for line in week.read_text().splitlines(keepends=True) if not line.startswith(("<<<", "===", ">>>"))]
    week.write_text("".join(kept))  # halfway through resolving it by hand
    with pytest.raises(SyncError, match="started resolving by hand") as refused:
        clone.sync()
    assert refused.value.refused
    assert "merge --abort && weekplan sync" in str(refused.value) and " commit" in str(refused.value)
    assert week.read_text() == "".join(kept)
    assert git_status(clone.root, "rev-parse", "-q", "--verify", "MERGE_HEAD") == 0


def test_a_sync_stopped_between_its_merge_and_its_commit_is_finished(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    import weekplan.sync_settle as settle_module  # sync loads it when it merges

    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    desktop.store().put_activity(activity("guitar", 25))

    def stopped(*_args: object) -> None:
        raise KeyboardInterrupt  # as if the process died right after git's merge

    monkeypatch.setattr(settle_module, "settle_merge", stopped)
    with pytest.raises(KeyboardInterrupt):
        desktop.sync()
    assert git_status(desktop.root, "rev-parse", "-q", "--verify", "MERGE_HEAD") == 0
    monkeypatch.undo()

    result = desktop.sync()
    assert result.pushed
    assert "finished a merge that a stopped sync had left half-done" in result.actions
    laptop.sync()
    for machine in (laptop, desktop):
        assert {a.title for a in machine.store().week(W48).items.values()} == {"climbing", "guitar"}


@pytest.mark.parametrize("through", ["sync", "command line"])
def test_a_merge_pending_on_the_remotes_very_commit_is_finished_and_pushed_when_nothing_is_new(
    two_machines: tuple[Machine, Machine], through: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The status says the head is the remote's and the fetch (started early by every
    # caller) brings nothing: the pending merge is still finished and pushed.
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    desktop.sync()
    laptop.sync()  # both settled with the remote: their fetch starts early
    git(desktop.root, "checkout", "-q", "-b", "side")
    desktop.store().put_activity(activity("guitar", 25))
    git(desktop.root, "add", "-A")
    git(desktop.root, "commit", "-qm", "on a side branch")
    git(desktop.root, "checkout", "-q", "main")
    git(desktop.root, "merge", "-q", "--no-commit", "--no-ff", "side")
    (desktop.root / ".git" / "MERGE_MSG").write_text("Merge changes from origin\n")  # a sync's, stopped
    assert git(desktop.root, "rev-parse", "HEAD") == git(desktop.root, "rev-parse", "origin/main")

    if through == "sync":
        result = desktop.sync()
        assert result.pushed
        assert "finished a merge that a stopped sync had left half-done" in result.actions
    else:
        assert main(["--data-dir", str(desktop.root), "sync"]) == 0
        assert "finished a merge that a stopped sync had left half-done" in capsys.readouterr().out
    assert git_status(desktop.root, "rev-parse", "-q", "--verify", "MERGE_HEAD") != 0
    laptop.sync()
    assert {a.title for a in laptop.store().week(W48).items.values()} == {"climbing", "guitar"}
