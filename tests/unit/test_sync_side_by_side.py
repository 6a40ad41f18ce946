"""git's calls side by side: a sync starts the status and the settings at once, and the
fetch as soon as they name the branch (weekplan.sync_look).  Each keeps its timeout,
a failing or hanging fetch is said as before, and a sync that stops early leaves no
git running and no lock behind."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, remote, two_machines

import weekplan.sync
import weekplan.sync_look
from weekplan.cli import main
from weekplan.model import Activity, new_id
from weekplan.sync import SyncError
from weekplan.sync_git import Git, lock_files
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

W48 = IsoWeek(2026, 48)


def activity(title: str) -> Activity:
    return Activity(new_id(), date(2026, 11, 25), 19 * 60, 20 * 60, title, "friends")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, ...]]]:
    """The git programs started from now on: the folder each works in, then its command."""
    commands: list[tuple[str, ...]] = []
    popen = subprocess.Popen

    def noted_popen(argv: list[str], *args: object, **kwargs: object) -> object:
        if argv[0] == "git" and "-C" in argv:
            commands.append(tuple(argv[argv.index("-C") + 1 :]))
        return popen(argv, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", noted_popen)
    yield commands


def settled(laptop: Machine, desktop: Machine) -> None:
    laptop.store().put_activity(activity("climbing"))
    laptop.sync()
    desktop.sync()
    laptop.sync()  # the branch is settled with the remote on both: the fetch starts early


def hanging_remote(machine: Machine, tmp_path: Path) -> Path:
    """The remote's end of a fetch (what git starts for it) hangs, as an unanswering
    server would; returns the file where that program writes its process id."""
    pid_file = tmp_path / f"{machine.name}-upload-pack.pid"
    script = tmp_path / f"{machine.name}-upload-pack"
    script.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 30\n')
    script.chmod(0o755)
    git(machine.root, "config", "remote.origin.uploadpack", str(script))
    return pid_file


def wait_for(path: Path) -> None:
    """Until the program that writes its process id into `path` has written all of it:
    the file exists as soon as the shell opens it, before `echo` writes, and a program
    stopped in between would leave it empty for good.  The limit only ends a run that
    went wrong; a loaded machine may take seconds to start a shell."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if path.read_text().endswith("\n"):
                return
        time.sleep(0.01)
    raise AssertionError(f"nothing wrote its process id into {path}")


def gone(pid_file: Path) -> bool:
    """Whether the program that wrote `pid_file` (it must have) has ended, or is only
    waiting to be reaped.  It returns as soon as it is; the limit only ends a run that
    went wrong."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            pid = int(pid_file.read_text())
        except (OSError, ValueError):
            time.sleep(0.02)
            continue
        stat = Path(f"/proc/{pid}/stat")
        try:
            if stat.read_bytes().split()[2] == b"Z":
                return True
        except OSError:
            return True
        time.sleep(0.02)
    return False


def test_the_fetch_runs_while_the_set_up_and_the_commit_are_done(
    two_machines: tuple[Machine, Machine], started: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    laptop.store().put_activity(activity("bouldering"))
    ensure_setup = weekplan.sync.ensure_setup
    seen_at_set_up: list[list[str]] = []

    def noted_set_up(repo: Git) -> list[str]:
        seen_at_set_up.append([command[1] for command in started])
        return ensure_setup(repo)

    monkeypatch.setattr(weekplan.sync, "ensure_setup", noted_set_up)
    started.clear()
    result = laptop.sync()

    # The fetch was on its way before the set-up was looked at and the change committed.
    assert seen_at_set_up == [["status", "config", "fetch"]]
    names = [command[1] for command in started]
    assert names[:3] == ["status", "config", "fetch"] and names.index("fetch") < names.index("commit")
    assert result.committed and result.pushed
    desktop.sync()
    assert "bouldering" in {a.title for a in desktop.store().week(W48).items.values()}


def test_a_fetch_that_fails_while_the_status_succeeds_is_said_and_the_change_stays_here(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    laptop.store().put_activity(activity("bouldering"))
    remote.rename(tmp_path / "moved.git")  # the same remote, out of reach

    with pytest.raises(SyncError, match="could not fetch from origin") as failed:
        laptop.sync()

    assert "Your changes are committed here" in str(failed.value)
    assert "bouldering" in git(laptop.root, "show", "HEAD:weeks/2026-W48.toml")
    assert git(laptop.root, "status", "--porcelain") == ""
    assert not lock_files(laptop.root / ".git")


def test_a_fetch_that_hangs_is_stopped_with_what_it_started_while_the_change_is_committed(
    two_machines: tuple[Machine, Machine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    pid_file = hanging_remote(laptop, tmp_path)
    monkeypatch.setattr(weekplan.sync_look, "NETWORK_TIMEOUT", 0.5)
    laptop.store().put_activity(activity("bouldering"))

    began = time.monotonic()
    with pytest.raises(SyncError, match=r"'git fetch' did not finish within 0\.5 seconds and was stopped"):
        laptop.sync()

    assert time.monotonic() - began < 10
    assert pid_file.exists() and gone(pid_file), "the remote's end of the fetch is still running"
    assert "bouldering" in git(laptop.root, "show", "HEAD:weeks/2026-W48.toml")


def test_a_sync_refused_while_its_fetch_runs_leaves_no_git_running_and_no_lock(
    two_machines: tuple[Machine, Machine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    pid_file = hanging_remote(laptop, tmp_path)  # the fetch would wait out its whole timeout
    head = git(laptop.root, "rev-parse", "HEAD")
    laptop.store().week_path(W48).write_text("[activities.x\n")  # cannot be read: refused
    ensure_setup = weekplan.sync.ensure_setup

    def once_the_fetch_reached_the_remote(repo: Git) -> list[str]:
        wait_for(pid_file)
        return ensure_setup(repo)

    monkeypatch.setattr(weekplan.sync, "ensure_setup", once_the_fetch_reached_the_remote)

    began = time.monotonic()
    with pytest.raises(SyncError, match="some files cannot be read") as refused:
        laptop.sync()

    assert refused.value.refused
    assert time.monotonic() - began < 10  # not the fetch's timeout
    assert pid_file.exists() and gone(pid_file), "the fetch of a refused sync is still running"
    assert not lock_files(laptop.root / ".git")
    assert git(laptop.root, "rev-parse", "HEAD") == head


def test_a_fetch_that_brings_a_commit_is_never_taken_for_nothing_new(
    two_machines: tuple[Machine, Machine], started: list[tuple[str, ...]]
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    desktop.store().put_activity(activity("from the desktop"))
    desktop.sync()
    started.clear()

    # Status finds the laptop on the remote's commit as last fetched; the fetch then
    # moves the remote's branch, and says so.
    result = laptop.sync()

    assert result.received
    assert ("rev-parse", "HEAD", "refs/remotes/origin/main") in [command[1:] for command in started]
    assert "from the desktop" in {a.title for a in laptop.store().week(W48).items.values()}
    assert git(laptop.root, "rev-parse", "HEAD") == git(desktop.root, "rev-parse", "HEAD")


def test_two_calls_side_by_side_each_keep_their_own_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(tmp_path, "init", "-q")
    pid_file = tmp_path / "hanging.pid"
    hanging = ["sh", "-c", f'sleep 30 & echo $! > "{pid_file}"; wait']
    command = Git.command
    monkeypatch.setattr(Git, "command", lambda self, *args: hanging if args[0] == "fetch" else command(self, *args))
    repo = Git(tmp_path)

    began = time.monotonic()
    fetching = repo.start("fetch", timeout=0.3)
    status = repo.start_state()
    assert status.result().returncode == 0  # answered while the other still hangs
    with pytest.raises(SyncError, match=r"'git fetch' did not finish within 0\.3 seconds and was stopped"):
        fetching.result()
    assert time.monotonic() - began < 5
    assert gone(pid_file), "what the stopped call started is still running"


def test_a_call_nobody_waits_for_is_stopped_when_abandoned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "hanging.pid"
    monkeypatch.setattr(Git, "command", lambda self, *args: ["sh", "-c", f'echo $$ > "{pid_file}"; exec sleep 30'])
    call = Git(tmp_path).start("fetch", timeout=600)
    wait_for(pid_file)

    call.abandon()

    # Stopped by abandon's SIGTERM, not by its timer (which sends SIGKILL), and waited
    # for: no zombie left behind.
    assert call.process.returncode == -signal.SIGTERM
    assert gone(pid_file)


def test_a_save_after_the_command_line_looked_is_committed_and_pushed(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import weekplan.cli_sync

    laptop, desktop = two_machines
    settled(laptop, desktop)

    def a_save_meanwhile(args: object) -> None:
        # A planner saves after the command line's first look, while the fetch runs.
        laptop.store().put_activity(activity("saved meanwhile"))

    monkeypatch.setattr(weekplan.cli_sync, "_refresh_calendars", a_save_meanwhile)
    assert main(["--data-dir", str(laptop.root), "sync"]) == 0
    assert "pushed to origin" in capsys.readouterr().out

    desktop.sync()
    assert "saved meanwhile" in {a.title for a in desktop.store().week(W48).items.values()}


def test_the_command_line_leaves_no_git_running_when_the_sync_is_refused(
    two_machines: tuple[Machine, Machine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    pid_file = hanging_remote(laptop, tmp_path)
    git(laptop.root, "checkout", "-q", "--detach")  # refused: not on a branch

    assert main(["--data-dir", str(laptop.root), "sync"]) == 1
    assert "detached HEAD" in capsys.readouterr().err
    # The first look saw the detached head, so nothing was fetched.
    assert not pid_file.exists()
    assert not lock_files(laptop.root / ".git")
    assert not [
        pid
        for pid in os.listdir("/proc")
        if pid.isdigit() and Path(f"/proc/{pid}/cmdline").exists() and str(laptop.root) in _cmdline(pid)
    ]


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def sharing_partners(tmp_path: Path) -> tuple[Path, Path]:
    """Alex's and Kim's data directories, sharing Together, each settled with its remotes."""
    from test_partner_share import bare, person

    from weekplan.partner_setup import connect
    from weekplan.partner_sync import sync_all

    shared = bare(tmp_path / "together.git")
    alex, kim = person(tmp_path, "alex"), person(tmp_path, "kim")
    connect(alex, str(shared), "Alex")
    connect(kim, str(shared), "Kim")
    for _ in range(2):
        sync_all(alex)
        sync_all(kim)
    return alex, kim


def test_the_shared_repository_is_looked_at_and_fetched_while_the_own_one_syncs(
    tmp_path: Path, remote: Path, started: list[tuple[str, ...]]
) -> None:
    from test_partner_share import add_idea, ideas

    from weekplan.partner_sync import sync_all

    alex, kim = sharing_partners(tmp_path)
    started.clear()

    result = sync_all(alex)

    own, together = str(alex), str(alex / "together")
    calls = [(command[0], command[1]) for command in started]
    assert result.together is not None and not result.received and not result.together.received
    assert sorted(calls) == sorted([(root, name) for root in (own, together) for name in ("status", "config", "fetch")])
    # The shared repository's fetch is on its way before the own repository fetches.
    assert calls.index((together, "fetch")) < calls.index((own, "fetch"))

    add_idea(kim, "night market")
    sync_all(kim)
    sync_all(alex)
    assert "night market" in ideas(alex)


def test_an_answer_taken_after_its_timeout_is_the_answer_of_a_git_that_finished(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    call = Git(tmp_path).start("rev-parse", "--is-inside-work-tree", timeout=0.3)
    time.sleep(1)  # the caller was busy elsewhere; git exited long before its timeout

    assert call.result().stdout == "true\n"


@pytest.mark.parametrize(
    "program",
    [
        'echo $$ > "{pid}"; exec sleep 30',  # git itself hangs
        'sleep 30 & echo $! > "{pid}"; exit 0',  # git exits in time; a program it started keeps its output
    ],
    ids=["git hangs", "a program git started holds its output"],
)
def test_an_answer_taken_after_its_timeout_still_stops_what_does_not_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, program: str
) -> None:
    pid_file = tmp_path / "running.pid"
    monkeypatch.setattr(Git, "command", lambda self, *args: ["sh", "-c", program.format(pid=pid_file)])
    call = Git(tmp_path).start("fetch", timeout=0.3)
    time.sleep(1)

    began = time.monotonic()
    with pytest.raises(SyncError, match=r"'git fetch' did not finish within 0\.3 seconds and was stopped"):
        call.result()
    assert time.monotonic() - began < 5
    assert gone(pid_file)


def test_the_shared_fetch_taken_after_a_long_own_sync_is_its_answer(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_partner_share import add_idea, ideas

    import weekplan.partner_sync
    from weekplan.partner_sync import sync_all

    alex, kim = sharing_partners(tmp_path)
    add_idea(kim, "night market")
    sync_all(kim)
    monkeypatch.setattr(weekplan.sync_look, "NETWORK_TIMEOUT", 1.0)
    own_sync = weekplan.partner_sync.sync

    def slow_own_sync(*args: object, **kwargs: object) -> object:
        done = own_sync(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(1.5)  # the own repository's sync takes longer than the shared fetch may
        return done

    monkeypatch.setattr(weekplan.partner_sync, "sync", slow_own_sync)
    result = sync_all(alex)

    assert result.together is not None and result.together.received
    assert "night market" in ideas(alex)


def test_the_fetch_uses_only_switches_older_gits_know_and_this_one_lists() -> None:
    args = weekplan.sync_look.fetch_args("origin", "main")
    switches = [arg for arg in args if arg.startswith("--")]
    listed = subprocess.run(["git", "fetch", "-h"], capture_output=True, text=True).stdout
    for switch in switches:
        name = switch.removeprefix("--").removeprefix("no-")
        assert f"--{name}" in listed or f"--[no-]{name}" in listed, switch
    # --no-auto-maintenance came with git 2.29: a git between 2.23 and that refused it.
    assert "--no-auto-maintenance" not in switches
    assert "--no-auto-gc" in switches


def test_the_status_walks_no_history_and_still_says_when_the_head_is_the_upstreams(
    two_machines: tuple[Machine, Machine],
) -> None:
    from weekplan.sync_git import RepoState

    laptop, desktop = two_machines
    settled(laptop, desktop)
    repo = Git(laptop.root)
    status = repo.start_state()
    assert "--no-ahead-behind" in status.args  # counting ahead and behind walks the history
    assert RepoState.answered(status).in_step_with == "origin/main"  # git says "+0 -0"

    git(laptop.root, "commit", "-q", "--allow-empty", "-m", "by hand")
    assert "# branch.ab +? -?" in git(laptop.root, *status.args).split("\0")
    assert RepoState.answered(repo.start_state()).in_step_with is None


def test_a_status_ahead_or_behind_without_counts_is_not_in_step() -> None:
    from weekplan.sync_git import RepoState

    def said(ab: str) -> RepoState:
        lines = ["# branch.oid " + "a" * 40, "# branch.head main", "# branch.upstream origin/main", ab, ""]
        return RepoState.read("\0".join(lines))

    assert said("# branch.ab +0 -0").in_step_with == "origin/main"
    assert said("# branch.ab +? -?").in_step_with is None
    assert said("# branch.ab +1 -0").in_step_with is None


def test_a_commit_made_by_hand_while_the_fetch_runs_is_pushed_by_that_very_sync(
    two_machines: tuple[Machine, Machine], remote: Path, tmp_path: Path
) -> None:
    laptop, desktop = two_machines
    settled(laptop, desktop)
    # The remote's end of the fetch makes the commit: after the status, before the
    # fetch answers (which then says nothing: the remote has nothing new).
    script = tmp_path / "upload-pack-meanwhile"
    script.write_text(
        "#!/bin/sh\n"
        f'git -C "{laptop.root}" commit -q --allow-empty -m "by hand" >/dev/null 2>&1\n'
        'exec git-upload-pack "$@"\n'
    )
    script.chmod(0o755)
    git(laptop.root, "config", "remote.origin.uploadpack", str(script))

    result = laptop.sync()

    assert git(laptop.root, "log", "-1", "--format=%s").strip() == "by hand"
    assert result.pushed
    assert git(remote, "rev-parse", "main") == git(laptop.root, "rev-parse", "HEAD")
