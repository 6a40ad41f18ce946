"""A sync with nothing new: git says what changed, and only that is read; the remote's
head is compared with this one, and the sync stops there."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, git_status, remote, two_machines

from git_support import isolate_git
from weekplan import item_file
from weekplan.model import Activity, new_id
from weekplan.sync import SyncError, sync
from weekplan.sync_git import Git
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

# What a sync with nothing new runs, and nothing else: one status (the repository, its
# head, its branch, what changed, and that the head is the remote's as last fetched),
# the settings listed once, and the fetch, which says nothing when it updates nothing.
W48 = IsoWeek(2026, 48)
NOTHING_NEW = ["status", "config", "fetch"]


def activity(title: str, day: int = 25) -> Activity:
    return Activity(new_id(), date(2026, 11, day), 19 * 60, 20 * 60, title, "friends")


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[tuple[str, ...]], list[Path]]]:
    """The git programs sync starts and the data files it reads, from now on."""
    commands: list[tuple[str, ...]] = []
    read: list[Path] = []
    popen, read_collection = subprocess.Popen, item_file.read_collection

    def noted_popen(argv: list[str], *args: object, **kwargs: object) -> object:
        if argv[0] == "git":
            commands.append(tuple(argv[argv.index("-C") + 2 :]))
        return popen(argv, *args, **kwargs)  # type: ignore[call-overload]

    def noted_read(path: Path, kind: object) -> object:
        read.append(path)
        return read_collection(path, kind)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess, "Popen", noted_popen)
    monkeypatch.setattr(item_file, "read_collection", noted_read)
    monkeypatch.setattr("weekplan.store.read_collection", noted_read)
    yield commands, read


def settled(laptop: Machine, desktop: Machine) -> None:
    for week in (48, 49):
        laptop.store().put_activity(activity(f"climbing {week}", day=23 + 7 * (week - 48)))
    laptop.sync()
    desktop.sync()
    laptop.sync()


def test_nothing_new_reads_no_file_and_stops_after_the_fetch(
    two_machines: tuple[Machine, Machine], watched: tuple[list[tuple[str, ...]], list[Path]]
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    head = git(laptop.root, "rev-parse", "HEAD")
    commands, read = watched
    commands.clear()
    read.clear()

    result = laptop.sync()

    assert result.committed is None and not result.received and not result.pushed
    assert read == []
    assert [args[0] for args in commands] == NOTHING_NEW, commands
    assert commands[-1][0] == "fetch" and commands[-1][-1] == "+refs/heads/main:refs/remotes/origin/main"
    assert git(laptop.root, "rev-parse", "HEAD") == head


def test_a_change_reads_only_the_changed_file(
    two_machines: tuple[Machine, Machine], watched: tuple[list[tuple[str, ...]], list[Path]]
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    laptop.store().put_activity(activity("swim", day=24))
    _commands, read = watched
    read.clear()

    result = laptop.sync()

    assert result.committed and result.pushed
    assert [path.name for path in read if path.parent.name == "weeks"] == ["2026-W48.toml"]
    desktop.sync()
    assert any(a.title == "swim" for a in desktop.store().week(W48).items.values())


def test_a_file_broken_by_a_commit_by_hand_is_still_refused(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    path = laptop.store().week_path(W48)
    path.write_bytes(path.read_bytes() + b"\n[activities.broken\n")
    git(laptop.root, "commit", "-qam", "by hand")  # past weekplan's checks: HEAD is new to it
    head = git(laptop.root, "rev-parse", "HEAD")

    with pytest.raises(SyncError, match=r"2026-W48\.toml:\d+:\d+") as refused:
        laptop.sync()
    assert refused.value.refused
    assert git(laptop.root, "rev-parse", "HEAD") == head


def test_a_file_broken_after_a_sync_is_refused_and_nothing_is_pushed(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    path = laptop.store().week_path(W48)
    path.write_bytes(path.read_bytes().replace(b'title = "climbing 48"', b"title = climbing"))
    remote_head = git(laptop.root, "rev-parse", "origin/main").strip()

    with pytest.raises(SyncError, match=r"2026-W48\.toml:\d+:\d+"):
        laptop.sync()
    assert git(laptop.root, "ls-remote", "origin", "refs/heads/main").split()[0] == remote_head


def test_settings_are_read_as_git_reads_them(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "branch.Feature.x.remote", "first")
    git(root, "config", "--add", "branch.Feature.x.remote", "second")  # --get answers the last
    git(root, "config", "user.name", "Ada\nLovelace")
    repo = Git(root)
    assert repo.run("config", "--get", "Branch.Feature.x.REMOTE", check=False).stdout == "second\n"
    assert repo.run("config", "--get", "branch.feature.x.remote", check=False).returncode == 1  # names differ
    assert repo.run("config", "--get", "user.name", check=False).stdout == "Ada\nLovelace\n"
    repo.run("config", "user.name", "Grace")  # a change: the settings are listed again
    assert repo.run("config", "--get", "user.name", check=False).stdout == "Grace\n"


def test_files_named_once_as_not_synced_ask_for_no_staging(
    two_machines: tuple[Machine, Machine], watched: tuple[list[tuple[str, ...]], list[Path]]
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    (laptop.root / "notes.txt").write_text("an editor's scratch file\n")
    (laptop.root / "weeks" / ".2026-W48.toml.a1b2.tmp").write_text("half a save\n")
    assert "not synced: notes.txt" in laptop.sync().summary
    commands, _read = watched
    commands.clear()

    result = laptop.sync()

    assert "notes.txt" not in result.summary  # named once, not at every sync
    assert [args[0] for args in commands] == NOTHING_NEW, commands
    (laptop.root / "more-notes.txt").write_text("another\n")
    assert "not synced: more-notes.txt" in laptop.sync().summary  # a new one is named


def test_a_file_whose_name_is_not_utf8_is_named_once_not_a_crash(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    (laptop.root / "x.txt").write_text("")
    (laptop.root / "x.txt").rename(laptop.root.joinpath(b"notes-\xff.txt".decode("utf-8", "surrogateescape")))

    assert "not synced: notes-" in laptop.sync().summary
    assert "notes-" not in laptop.sync().summary  # named once: the record kept its bytes


def test_a_save_made_after_sync_looked_is_committed_and_pushed_by_that_sync(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    import weekplan.sync

    laptop, desktop = two_machines
    settled(laptop, desktop)
    set_identity = weekplan.sync.set_identity

    def and_a_save_meanwhile(git: Git) -> None:
        # A planner saves after sync's status and before it commits: nothing new says
        # that status, and the fetch brings nothing either.
        laptop.store().put_activity(activity("saved meanwhile"))
        set_identity(git)

    monkeypatch.setattr(weekplan.sync, "set_identity", and_a_save_meanwhile)
    laptop.sync()
    monkeypatch.undo()

    desktop.sync()
    assert "saved meanwhile" in {a.title for a in desktop.store().week(W48).items.values()}


def test_a_broken_git_folder_inside_another_repository_is_never_taken_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch, tmp_path)
    outer = tmp_path / "outer"
    root = outer / "data"
    (root / ".git").mkdir(parents=True)  # not a repository: git would look further up
    git(outer, "init", "-q")
    (outer / "something.txt").write_text("someone else's\n")

    with pytest.raises(SyncError, match="is inside the repository at") as refused:
        sync(root)
    assert refused.value.refused
    assert git(outer, "ls-files") == ""  # nothing staged or committed there
    assert git_status(outer, "rev-parse", "-q", "--verify", "HEAD") != 0


def test_files_left_in_conflict_are_refused(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    path = laptop.store().week_path(W48)
    blob = git(laptop.root, "hash-object", "-w", str(path)).strip()
    # What a merge by hand leaves: the file's three versions in the index, not one.
    lines = [f"0 {'0' * 40}\tweeks/2026-W48.toml"]
    lines += [f"100644 {blob} {stage}\tweeks/2026-W48.toml" for stage in (1, 2, 3)]
    git_input = "".join(f"{line}\n" for line in lines)
    subprocess.run(
        ["git", "-C", str(laptop.root), "update-index", "--index-info"], input=git_input, text=True, check=True
    )

    with pytest.raises(SyncError, match=r"unresolved git conflicts: weeks/2026-W48\.toml") as refused:
        laptop.sync()
    assert refused.value.refused


def fetch_is_stopped_within_its_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    """A `git fetch` that runs `command` instead is stopped and said to be, soon after its
    0.3 second timeout."""
    repo = Git(tmp_path)
    monkeypatch.setattr(Git, "command", lambda self, *args: command)
    began = time.monotonic()
    with pytest.raises(SyncError, match=r"'git fetch' did not finish within 0\.3 seconds and was stopped"):
        repo.run("fetch", timeout=0.3)
    assert time.monotonic() - began < 5


def test_a_git_that_does_not_finish_is_stopped_with_what_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = tmp_path / "child.pid"
    # A git that starts a program of its own and then hangs, as one waiting on a network would.
    hanging = ["sh", "-c", f'sleep 30 & echo $! > "{started}"; wait']
    fetch_is_stopped_within_its_timeout(tmp_path, monkeypatch, hanging)
    child = int(started.read_text())
    deadline = time.monotonic() + 5
    while Path(f"/proc/{child}").exists() and b"Z" not in Path(f"/proc/{child}/stat").read_bytes().split()[2]:
        assert time.monotonic() < deadline, "the program git started is still running"
        time.sleep(0.05)


def test_a_git_that_exits_while_what_it_started_holds_its_output_is_stopped_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # git gone, but a program it started (a network helper) keeps its output open.
    leaving = ["sh", "-c", "sleep 30 & exit 0"]
    fetch_is_stopped_within_its_timeout(tmp_path, monkeypatch, leaving)


def test_a_git_that_finishes_is_answered_at_once(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    began = time.monotonic()
    assert Git(tmp_path).run("rev-parse", "--is-inside-work-tree", timeout=30).stdout == "true\n"
    assert time.monotonic() - began < 5  # the timer never waits out its time


def test_set_up_files_written_again_are_committed_by_the_same_sync(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    (laptop.root / ".gitattributes").write_text("# item by item? not here\n")
    git(laptop.root, "commit", "-qam", "by hand")
    git(laptop.root, "push", "-q", "origin", "main")  # the work tree is as committed, and pushed

    result = laptop.sync()

    assert result.committed and result.pushed  # the driver's line, written back, is committed
    assert git(laptop.root, "status", "--porcelain") == ""
    assert "merge=weekplan" in git(laptop.root, "show", "origin/main:.gitattributes")


def test_remotes_are_read_from_the_settings_as_git_lists_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path)
    git(tmp_path, "init", "-q")
    for name, url in (("origin", "/srv/a.git"), ("backup", "/srv/b.git"), ("my.Fork", "/srv/c.git")):
        git(tmp_path, "remote", "add", name, url)
    repo = Git(tmp_path)

    assert repo.remotes() == git(tmp_path, "remote").split() == ["backup", "my.Fork", "origin"]
