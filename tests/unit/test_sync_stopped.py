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
