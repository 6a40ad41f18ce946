"""One branch for every machine, with real git: a master/main split is repaired, and a
history that has nothing in common with the remote's is explained, with a way out."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, git_status, make_machine, remote, two_machines

from weekplan.cli import main
from weekplan.model import Activity, new_id
from weekplan.sync import SyncError, init
from weekplan.sync_branch import valid_branch_name
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

W48 = IsoWeek(2026, 48)


def activity(title: str, day: int = 27) -> Activity:
    return Activity(new_id(), date(2026, 11, day), 19 * 60, 20 * 60, title, "friends")


def titles(machine: Machine) -> set[str]:
    return {a.title for a in machine.store().week(W48).items.values()}


def remote_branches(remote: Path) -> list[str]:
    return git(remote, "for-each-ref", "--format=%(refname:short)", "refs/heads").split()


def test_a_machine_syncing_on_master_joins_main_and_brings_what_it_pushed_there(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, _desktop = two_machines
    # An older set-up: this data directory was cloned, then synced on master, so its
    # commits went to origin/master where no other machine looks.
    old = Machine("old", tmp_path / "old")
    subprocess.run(["git", "clone", "-q", str(remote), str(old.root)], check=True)
    git(old.root, "config", "user.name", "Person on old")
    git(old.root, "config", "user.email", "old@example.org")
    git(old.root, "branch", "-q", "-m", "main", "master")
    git(old.root, "config", "--unset", "branch.master.merge")
    old.store().put_activity(activity("pottery"))
    git(old.root, "add", "-A")
    git(old.root, "commit", "-qm", "pottery")
    git(old.root, "push", "-q", "origin", "master")
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    assert titles(laptop) == {"climbing"}  # the split: the laptop never sees pottery

    result = old.sync()
    assert "renamed master to main" in result.summary
    assert "merged origin/master, where this machine pushed before, into main" in result.summary
    assert git(old.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert result.pushed
    laptop.sync()
    assert titles(laptop) == titles(old) == {"climbing", "pottery"}
    # Repaired for good: the next sync says nothing about branches and pushes to main.
    old.store().put_activity(activity("run", 28))
    again = old.sync()
    assert "renamed" not in again.summary and "origin/master" not in again.summary
    assert again.pushed
    assert "run" in git(remote, "show", "main:weeks/2026-W48.toml")
    assert git(old.root, "config", "weekplan.branchchecked").strip() == str(remote)


def test_a_new_machine_takes_the_remotes_default_branch(tmp_path: Path, remote: Path) -> None:
    bare = tmp_path / "on-master.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "master", str(bare)], check=True)
    first_root = tmp_path / "first"
    first_root.mkdir()
    git(first_root, "init", "-q", "-b", "master")
    git(first_root, "config", "user.name", "First")
    git(first_root, "config", "user.email", "first@example.org")
    init(first_root, str(bare))
    first = Machine("first", first_root)
    first.store().put_activity(activity("climbing"))
    first.sync()

    second = make_machine(tmp_path, "second", bare)  # its own repository starts on main
    assert git(second.root, "symbolic-ref", "--short", "HEAD").strip() == "master"
    assert titles(second) == {"climbing"}
    second.store().put_activity(activity("guitar"))
    second.sync()
    first.sync()
    assert titles(first) == {"climbing", "guitar"}
    assert remote_branches(bare) == ["master"]


def test_unrelated_histories_are_explained_and_merged_item_by_item_on_request(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    solo = make_machine(tmp_path, "solo", None)  # started on its own, no remote
    solo.store().put_activity(activity("pottery"))
    solo.sync()
    git(solo.root, "remote", "add", "origin", str(remote))
    head = git(solo.root, "rev-parse", "HEAD")
    remote_head = git(remote, "rev-parse", "main")

    with pytest.raises(SyncError, match="nothing in common") as refused:
        solo.sync()
    assert refused.value.refused
    assert "weekplan sync --merge-unrelated" in str(refused.value)
    assert git(solo.root, "rev-parse", "HEAD") == head and git(remote, "rev-parse", "main") == remote_head
    assert git_status(solo.root, "rev-parse", "-q", "--verify", "MERGE_HEAD") != 0

    capsys.readouterr()
    assert main(["--data-dir", str(solo.root), "sync", "--merge-unrelated"]) == 0
    assert "received: 1 activity added in 2026-W48" in capsys.readouterr().out
    laptop.sync()
    assert titles(laptop) == titles(solo) == {"climbing", "pottery"}
    assert solo.check() == 0


def test_a_branch_renamed_on_the_remote_is_followed_not_pushed_back(
    two_machines: tuple[Machine, Machine], remote: Path
) -> None:
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    desktop.sync()
    git(remote, "branch", "-m", "main", "trunk")  # renamed where the remote is kept; HEAD follows
    laptop.store().put_activity(activity("pottery", 28))  # not committed yet

    result = laptop.sync()

    said = "origin no longer has the branch main that this machine synced on (it was renamed or removed there)"
    assert said in result.summary and "renamed main to trunk here (its history is kept)" in result.summary
    assert result.pushed and remote_branches(remote) == ["trunk"]  # main is not pushed back
    assert git(laptop.root, "symbolic-ref", "--short", "HEAD").strip() == "trunk"
    assert "pottery" in git(remote, "show", "trunk:weeks/2026-W48.toml")
    assert git(laptop.root, "for-each-ref", "--format=%(refname)", "refs/remotes").split() == [
        "refs/remotes/origin/trunk"
    ]
    # The other machine, with a commit of its own that never reached main, follows too.
    desktop.store().put_activity(activity("choir", 29))
    git(desktop.root, "add", "-A")
    git(desktop.root, "commit", "-qm", "choir, committed by hand")
    followed = desktop.sync()
    assert "renamed main to trunk here" in followed.summary and followed.pushed
    assert titles(desktop) == {"climbing", "pottery", "choir"}
    again = laptop.sync()
    assert "renamed" not in again.summary
    assert titles(laptop) == {"climbing", "pottery", "choir"}
    assert remote_branches(remote) == ["trunk"]
    assert git(laptop.root, "status", "--porcelain") == git(desktop.root, "status", "--porcelain") == ""


def test_a_remote_emptied_gets_the_branch_back_without_a_rename(
    two_machines: tuple[Machine, Machine], remote: Path
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    git(remote, "update-ref", "-d", "refs/heads/main")  # nothing left there

    result = laptop.sync()

    assert result.pushed and "renamed" not in result.summary
    assert remote_branches(remote) == ["main"]
    assert "climbing" in git(remote, "show", "main:weeks/2026-W48.toml")


def test_a_default_branch_moved_beside_the_old_one_is_followed_by_sync_init(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    git(remote, "branch", "trunk", "main")
    git(remote, "symbolic-ref", "HEAD", "refs/heads/trunk")  # main is kept, trunk is the default now
    newcomer = make_machine(tmp_path, "newcomer", remote)
    assert git(newcomer.root, "symbolic-ref", "--short", "HEAD").strip() == "trunk"
    newcomer.store().put_activity(activity("guitar", 28))
    newcomer.sync()
    laptop.store().put_activity(activity("pottery", 29))
    laptop.sync()  # a usual sync does not ask the remote which branch it uses
    assert titles(laptop) == {"climbing", "pottery"}

    followed = init(laptop.root)

    assert "while origin uses trunk" in followed.summary and "renamed main to trunk" in followed.summary
    assert "merged origin/main, where this machine pushed before, into trunk" in followed.summary
    assert git(laptop.root, "symbolic-ref", "--short", "HEAD").strip() == "trunk"
    newcomer.sync()
    assert titles(laptop) == titles(newcomer) == {"climbing", "guitar", "pottery"}


@pytest.mark.parametrize("odd", ["--output=written", "HEAD"])
def test_a_remote_branch_git_would_not_take_as_a_name_is_never_followed(
    two_machines: tuple[Machine, Machine], remote: Path, odd: str
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    synced = git(remote, "rev-parse", "main").strip()
    git(remote, "update-ref", f"refs/heads/{odd}", "main")
    git(remote, "symbolic-ref", "HEAD", f"refs/heads/{odd}")
    git(remote, "update-ref", "-d", "refs/heads/main")
    laptop.store().put_activity(activity("pottery", 28))

    result = laptop.sync()

    assert result.pushed and "renamed" not in result.summary
    assert git(laptop.root, "for-each-ref", "--format=%(refname)").split() == [
        "refs/heads/main",
        "refs/remotes/origin/main",
    ]
    assert "pottery" in git(remote, "show", "main:weeks/2026-W48.toml")
    assert git(remote, "rev-parse", f"refs/heads/{odd}").strip() == synced  # nothing pushed to it


@pytest.mark.parametrize(
    "name",
    ["main", "trunk/2026", "HEAD", "-x", "a..b", "x@{1}", "x.lock", "a/.b", "a b", "a:b", "a~1", "a^", "a*", "a/"],
)
def test_a_branch_name_is_taken_as_git_takes_it(tmp_path: Path, name: str) -> None:
    checked = subprocess.run(["git", "check-ref-format", "--branch", name], capture_output=True, cwd=tmp_path)
    assert valid_branch_name(name) == (checked.returncode == 0)


def unrelated_branch(remote: Path, tmp_path: Path, name: str) -> None:
    """A branch with a history of its own (another project's), pushed to `remote`."""
    other = tmp_path / f"other-{name}"
    git(tmp_path, "init", "-q", "-b", name, str(other))
    git(other, "config", "user.name", "Someone else")
    git(other, "config", "user.email", "else@example.org")
    (other / "README").write_text("another project\n")
    git(other, "add", "README")
    git(other, "commit", "-qm", "another project")
    git(other, "push", "-q", str(remote), name)


def test_an_unrelated_branch_left_alone_on_the_remote_is_never_followed(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    synced = git(remote, "rev-parse", "main").strip()
    unrelated_branch(remote, tmp_path, "archive")
    git(remote, "symbolic-ref", "HEAD", "refs/heads/archive")
    git(remote, "update-ref", "-d", "refs/heads/main")
    laptop.store().put_activity(activity("pottery", 28))

    with pytest.raises(SyncError, match="its branch archive shares no history with this one") as refused:
        laptop.sync()

    assert refused.value.refused and "Your edits are committed here, on main" in str(refused.value)
    assert git(laptop.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(laptop.root, "rev-parse", "refs/remotes/origin/main").strip() == synced
    assert git(laptop.root, "status", "--porcelain") == ""
    assert remote_branches(remote) == ["archive"]


def test_several_branches_and_no_default_are_refused_until_the_old_one_is_back(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    git(remote, "branch", "older", "main")  # holds history, but not the last commit synced
    laptop.store().put_activity(activity("guitar", 26))
    laptop.sync()
    synced = git(remote, "rev-parse", "main").strip()
    unrelated_branch(remote, tmp_path, "archive")
    git(remote, "update-ref", "-d", "refs/heads/main")  # HEAD still names main: no default
    laptop.store().put_activity(activity("pottery", 28))

    with pytest.raises(SyncError, match=r"which of its branches \(archive, older\) took its place") as refused:
        laptop.sync()

    assert refused.value.refused and "git branch -m main <branch>" in str(refused.value)
    assert git(laptop.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(laptop.root, "rev-parse", "refs/remotes/origin/main").strip() == synced
    assert sorted(remote_branches(remote)) == ["archive", "older"]

    git(remote, "update-ref", "refs/heads/main", synced)  # put back where it was kept
    result = laptop.sync()

    assert result.pushed and "renamed" not in result.summary
    assert "pottery" in git(remote, "show", "main:weeks/2026-W48.toml")
    desktop.sync()
    assert titles(desktop) == {"climbing", "guitar", "pottery"}


def test_the_one_branch_holding_the_last_synced_commit_is_followed(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    unrelated_branch(remote, tmp_path, "archive")
    git(remote, "branch", "zzz", "main")
    git(remote, "update-ref", "-d", "refs/heads/main")  # HEAD still names main: no default
    laptop.store().put_activity(activity("pottery", 28))

    result = laptop.sync()

    assert "renamed main to zzz here (its history is kept)" in result.summary and result.pushed
    assert "pottery" in git(remote, "show", "zzz:weeks/2026-W48.toml")
    assert git(remote, "rev-parse", "archive^{tree}").strip() != git(remote, "rev-parse", "zzz^{tree}").strip()
    assert "README" not in git(remote, "ls-tree", "--name-only", "zzz")  # the stranger's history was not merged
    assert git(laptop.root, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes").split() == [
        "refs/heads/zzz",
        "refs/remotes/origin/zzz",
    ]


def test_a_branch_whose_upstream_lost_its_remote_gets_it_back(two_machines: tuple[Machine, Machine]) -> None:
    """The branch still names its remote branch but no longer the remote (a person's
    `git config --unset`): it is not taken as settled, and the sync sets its upstream
    again, as it does for a branch that never had one."""
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    git(laptop.root, "config", "--unset", "branch.main.remote")

    laptop.store().put_activity(activity("pottery", 28))
    assert laptop.sync().pushed

    assert git(laptop.root, "config", "--get", "branch.main.remote").strip() == "origin"
    desktop.sync()
    assert titles(desktop) == {"climbing", "pottery"}
