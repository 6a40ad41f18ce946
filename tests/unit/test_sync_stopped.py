"""A sync stopped while git's merge rewrote a file of the work tree: the next sync puts
the file back as it was committed here, and nothing saved on this machine is lost."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_sync_support import Machine, remote, two_machines

import weekplan.sync_git as sync_git
import weekplan.sync_stopped as stopped
from weekplan.cli import main
from weekplan.concurrent_edit import SyncStoppedError
from weekplan.data_places import REWRITING_RECORD
from weekplan.model import Activity, new_id
from weekplan.record import replace
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

WEEK = IsoWeek.parse("2026-W48")


class Stopped(BaseException):
    """The sync's process ending where it stands, as a kill would end it."""


def activity(title: str) -> Activity:
    return Activity(new_id(), date(2026, 11, 27), 19 * 60, 20 * 60, title, "friends")


def held(machine: Machine, item: Activity) -> dict[str, Any]:
    """The item as every data file of the machine holds it, by where it is."""
    return {where: fields for where, fields in machine.items().items() if where.endswith(f".{item.id}")}


@pytest.mark.parametrize("left", ["missing", "empty"])
def test_a_merge_stopped_half_way_through_a_file_loses_nothing(
    two_machines: tuple[Machine, Machine],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    left: str,
) -> None:
    laptop, desktop = two_machines
    shared = activity("dinner")
    laptop.store().put_activity(shared)
    laptop.sync()
    desktop.sync()
    laptop.store().put_activity(replace(shared, title="dinner out"))
    laptop.sync()  # the laptop changed the week the desktop is about to save into
    pottery = activity("pottery")
    desktop.store().put_activity(pottery)
    week_file = desktop.store().week_path(WEEK)

    # git removes a file it rewrites and then creates it again: the desktop's sync is
    # stopped in between, with git's index lock left behind and no MERGE_HEAD yet.
    real_run = sync_git.Git.run

    def stopped_in_the_merge(git: sync_git.Git, *args: str, **kwargs: Any) -> Any:
        if args[:2] == ("merge", "--no-commit"):
            if left == "missing":
                week_file.unlink()
            else:
                week_file.write_bytes(b"")
            (git.root / ".git" / "index.lock").write_bytes(b"")
            raise Stopped
        return real_run(git, *args, **kwargs)

    monkeypatch.setattr(sync_git.Git, "run", stopped_in_the_merge)
    with pytest.raises(Stopped):
        desktop.sync()
    monkeypatch.setattr(sync_git.Git, "run", real_run)
    assert (desktop.root / ".git" / REWRITING_RECORD).exists()
    assert pottery.id in sync_git.Git(desktop.root).out("show", f"HEAD:weeks/{week_file.name}")  # committed, unpushed
    # Meanwhile nothing is saved: an edit written into the missing week would make
    # its absence the truth.
    late = activity("late swim")
    with pytest.raises(SyncStoppedError, match="stopped while git rewrote its files"):
        desktop.store().put_activity(late)
    assert week_file.exists() == (left == "empty")

    # What a killed save left makes the store tidy up as it opens: that waits too, and
    # the sync the command line runs still puts the files back.
    leftover = desktop.root / ".config.toml.a1B2c3D4.tmp"
    leftover.write_bytes(b"")
    os.utime(leftover, (0, 0))
    capsys.readouterr()
    assert main(["--data-dir", str(desktop.root), "sync"]) == 0
    said = capsys.readouterr().out
    assert (
        "put back as committed here what a merge stopped half-way had left missing, empty or half-written: "
        f"weeks/{week_file.name}" in said
    )
    assert not (desktop.root / ".git" / REWRITING_RECORD).exists()
    desktop.store().put_activity(late)  # once put back, saved as ever
    desktop.sync()
    laptop.sync()
    for machine in (laptop, desktop):
        assert [f["title"] for f in held(machine, pottery).values()] == ["pottery"], machine.name
        assert [f["title"] for f in held(machine, shared).values()] == ["dinner out"], machine.name
        assert [f["title"] for f in held(machine, late).values()] == ["late swim"], machine.name
    assert laptop.files() == desktop.files()


def test_a_merge_that_returned_leaves_no_record(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    desktop.store().put_activity(activity("choir"))
    said = desktop.sync()
    assert said.received and not (desktop.root / ".git" / REWRITING_RECORD).exists()
    assert not any("put back" in action for action in said.actions)


def test_while_the_record_is_there_reading_works_and_nothing_is_written(tmp_path: Path) -> None:
    from weekplan.model import SpecialDate
    from weekplan.store import Store

    root = tmp_path / "data"
    Store.open(root)
    (root / ".git").mkdir()
    (root / ".git" / REWRITING_RECORD).write_bytes(b"")
    # The single dates.toml of older versions is moved into a file a year as a store
    # opens: not now, and its dates are read where they are.
    (root / "dates.toml").write_text('[dates.d1]\ndate = 2026-11-28\ntitle = "dinner"\n', "utf-8")
    store = Store.open(root)
    assert [d.title for d in store.dates().items.values()] == ["dinner"]
    assert (root / "dates.toml").exists() and not (root / "dates").exists()
    with pytest.raises(SyncStoppedError):
        store.put_date(SpecialDate("d2", date(2026, 12, 5), "picnic"))
    (root / ".git" / REWRITING_RECORD).unlink()
    store = Store.open(root)
    store.put_date(SpecialDate("d2", date(2026, 12, 5), "picnic"))
    assert sorted(d.title for d in Store.open(root).dates().items.values()) == ["dinner", "picnic"]
    assert not (root / "dates.toml").exists()


# -- undoing a merge: one piece for a merge git could not make and one stopped half-way ------


def merging(root: Path) -> sync_git.Git:
    """A repository in the middle of a merge with a conflict (MERGE_HEAD there)."""
    git = sync_git.Git(root)
    root.mkdir()
    git.run("init", "-q", "-b", "main")
    git.run("config", "user.email", "t@example.org")
    git.run("config", "user.name", "t")
    (root / "config.toml").write_text("a = 1\n")
    git.run("add", "config.toml")
    git.run("commit", "-q", "-m", "base")
    git.run("switch", "-q", "-c", "other")
    (root / "config.toml").write_text("a = 2\n")
    git.run("commit", "-q", "-am", "other")
    git.run("switch", "-q", "main")
    (root / "config.toml").write_text("a = 3\n")
    git.run("commit", "-q", "-am", "here")
    git.run("merge", "--no-commit", "other", check=False)
    assert git.git_path("MERGE_HEAD").exists()
    return git


@pytest.mark.parametrize("refusals", [1, 2])
def test_an_undo_git_refuses_once_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusals: int
) -> None:
    git = merging(tmp_path / "data")
    real_run = sync_git.Git.run
    aborts: list[int] = []

    def refusing_to_abort(self: sync_git.Git, *args: str, **kwargs: Any) -> Any:
        if args == ("merge", "--abort"):
            aborts.append(1)
            if len(aborts) <= refusals:  # as git does on a full disk: nothing undone
                return real_run(self, "merge", "--no-such-option", check=False)
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(sync_git.Git, "run", refusing_to_abort)
    with stopped.rewriting_work_tree(git, ["config.toml"]):
        hurt, left = stopped.undo_merge(git)
    assert len(aborts) == 2  # never more: a git that cannot undo it is reported
    assert git.git_path("MERGE_HEAD").exists() == (refusals == 2)
    assert (hurt, left) == (["config.toml"], [])  # the conflict git wrote is found once, then put back
    assert (git.root / "config.toml").read_text() == "a = 3\n"  # as committed here


def test_a_merge_stopped_half_way_that_git_will_not_undo_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git = merging(tmp_path / "data")
    git.git_path(REWRITING_RECORD).write_bytes(b"=config.toml\0")  # a sync killed in the merge
    real_run = sync_git.Git.run

    def never_aborting(self: sync_git.Git, *args: str, **kwargs: Any) -> Any:
        if args == ("merge", "--abort"):
            return real_run(self, "merge", "--no-such-option", check=False)
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(sync_git.Git, "run", never_aborting)
    with pytest.raises(sync_git.SyncError, match="could not be undone"):
        stopped.put_back_half_rewritten(git)
    assert git.git_path(REWRITING_RECORD).exists()  # the next sync tries again
