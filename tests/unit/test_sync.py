"""`weekplan sync` with real git: two clones of one bare remote, both editing."""

from __future__ import annotations

import shlex
import stat
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from test_sync_support import Machine, git, git_status, make_machine, no_conflict_markers, remote, two_machines

from weekplan.cli import main
from weekplan.item_merge import CONFLICT_OF, OTHER_MACHINE_SUFFIX
from weekplan.model import Activity, Idea, SpecialDate, new_id
from weekplan.record import replace
from weekplan.store import Store
from weekplan.sync import SyncError, conflicts_left, describe_changes, driver_command, init, sync
from weekplan.sync_git import REPOSITORY_VARIABLES
from weekplan.sync_setup import remote_location
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

W48 = IsoWeek(2026, 48)


def activity(title: str, day: int = 27, start: int = 19 * 60, **changes: object) -> Activity:
    return Activity(new_id(), date(2026, 11, day), start, start + 60, title, "friends", **changes)  # type: ignore[arg-type]


def sync_both(first: Machine, second: Machine) -> None:
    """The first pushes, the second merges and pushes, the first catches up."""
    first.sync()
    second.sync()
    first.sync()


def on_both(first: Machine, second: Machine, *activities: Activity) -> tuple[Activity, ...]:
    """The activities saved on the first machine and synced to both."""
    store = first.store()
    for each in activities:
        store.put_activity(each)
    sync_both(first, second)
    return activities


def push_a_week_with_an_unreadable_start(laptop: Machine, desktop: Machine) -> bytes:
    """Both machines hold "climbing" in W48; the desktop pushes the week with its start
    made one weekplan cannot read ("25:00"), by hand.  The readable week is returned."""
    laptop.store().put_activity(activity("climbing"))
    sync_both(laptop, desktop)
    path = desktop.store().week_path(W48)
    readable = path.read_bytes()
    path.write_bytes(readable.replace(b'start = "19:00"', b'start = "25:00"'))
    git(desktop.root, "commit", "-qam", "by hand")
    git(desktop.root, "push", "-q")
    return readable


def assert_healthy(*machines: Machine) -> None:
    for machine in machines:
        assert no_conflict_markers(machine)
        assert machine.check() == 0
    contents = [m.files() for m in machines]
    assert all(c == contents[0] for c in contents), "the machines did not end up with the same files"


def test_init_sets_up_the_repository_and_a_plain_sync_explains_how_to_start(tmp_path: Path, remote: Path) -> None:
    root = tmp_path / "data"
    with pytest.raises(SyncError, match="sync --init") as refused:
        sync(root)
    assert refused.value.refused
    Store.open(root)
    with pytest.raises(SyncError, match="not a git repository yet"):
        sync(root)
    assert main(["--data-dir", str(root), "sync"]) == 1

    result = init(root, str(remote))
    assert "made" in result.summary and "merge driver" in result.summary
    assert (root / ".gitattributes").read_text().splitlines()[-1] == "*.toml merge=weekplan"
    assert git(root, "config", "merge.weekplan.driver").strip() == driver_command()
    assert git(root, "status", "--porcelain") == ""
    assert result.pushed
    assert git(remote, "log", "--format=%s", "main").strip()
    # Doing it again changes nothing and says so.
    again = init(root, str(remote))
    assert again.committed is None and not again.pushed


def test_init_takes_a_relative_remote_path_from_where_it_was_typed(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git reads a remote's path from the data directory, not from the shell's folder:
    the path typed is kept as the folder it names there."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "data"
    Store.open(root).put_activity(activity("climbing"))
    assert main(["--data-dir", "data", "sync", "--init", remote.name]) == 0
    assert git(root, "remote", "get-url", "origin").strip() == str(remote)
    assert "1 activity added" in git(remote, "log", "--format=%s", "main")
    # Typed again the same way, it is the remote already in use, not another one.
    assert main(["--data-dir", "data", "sync", "--init", remote.name]) == 0
    for url in ("git@example.org:me/data.git", "ssh://example.org/data.git", "file:///srv/data.git"):
        assert remote_location(url) == url


def test_driver_runs_from_this_interpreter_without_path() -> None:
    """git runs the driver through a shell, so the interpreter's path is quoted."""
    assert shlex.split(driver_command()) == [sys.executable, "-m", "weekplan", "merge-driver", "%O", "%A", "%B", "%P"]


def test_both_machines_add_to_the_same_week(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    mine = [activity("climbing"), activity("run", 28, 10 * 60)]
    theirs = [activity("guitar", 25), activity("swim", 27, 7 * 60), activity("call mum", 29, 18 * 60)]
    for a in mine:
        laptop.store().put_activity(a)
    for a in theirs:
        desktop.store().put_activity(a)

    first = laptop.sync()
    assert first.committed == "2 activities added in 2026-W48"
    second = desktop.sync()
    assert second.committed == "3 activities added in 2026-W48"
    assert second.received == ["2 activities added in 2026-W48"]
    assert second.conflicts == []
    third = laptop.sync()
    assert third.received == ["3 activities added in 2026-W48"]
    assert [p.name for p in third.changed_paths] == ["2026-W48.toml"]

    for machine in (laptop, desktop):
        week = machine.store().week(W48)
        assert sorted(a.title for a in week.items.values()) == sorted(a.title for a in mine + theirs)
        assert len(week.items) == 5
    assert_healthy(laptop, desktop)


def test_both_edit_different_fields_of_one_activity(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    climbing = activity("climbing")
    laptop.store().put_activity(climbing)
    sync_both(laptop, desktop)

    laptop.store().put_activity(replace(climbing, title="bouldering"))
    desktop.store().put_activity(replace(climbing, done=True, notes="bring chalk"))
    sync_both(laptop, desktop)

    for machine in (laptop, desktop):
        items = machine.store().week(W48).items
        assert len(items) == 1
        merged = items[climbing.id]
        assert (merged.title, merged.done, merged.notes) == ("bouldering", True, "bring chalk")
    assert_healthy(laptop, desktop)


def test_one_deletes_what_the_other_edits(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    climbing, run = on_both(laptop, desktop, activity("climbing"), activity("run", 28))

    laptop.store().remove_activity(climbing)
    laptop.store().remove_activity(run)
    desktop.store().put_activity(replace(climbing, title="climbing with Sam"))
    sync_both(laptop, desktop)

    for machine in (laptop, desktop):
        items = machine.store().week(W48).items
        # The edited one survives the delete, with its edit; the untouched one is gone.
        assert [a.title for a in items.values()] == ["climbing with Sam"]
    assert_healthy(laptop, desktop)


def test_both_rate_the_same_date_differently(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    picnic = SpecialDate(new_id(), date(2026, 11, 21), "picnic in the park", status="done")
    laptop.store().put_date(picnic)
    sync_both(laptop, desktop)

    laptop.store().put_date(replace(picnic, rating=5))
    desktop.store().put_date(replace(picnic, rating=3, memory="the rain!"))
    first = laptop.sync()
    assert first.committed == "1 date rated"
    second = desktop.sync()
    assert len(second.conflicts) == 1
    assert "picnic in the park" in second.summary and "both versions are kept" in second.summary
    third = laptop.sync()
    assert len(third.conflicts) == 1  # told on this machine too, when the merge arrives

    for machine in (laptop, desktop):
        dates = machine.store().dates().items
        assert len(dates) == 2
        kept = dates[picnic.id]
        (other,) = [d for d in dates.values() if d.id != picnic.id]
        # The desktop merged, so its rating is on the original; the laptop's is the copy.
        assert (kept.rating, kept.memory) == (3, "the rain!")
        assert (other.rating, other.memory) == (5, "the rain!")
        assert other.title == "picnic in the park" + OTHER_MACHINE_SUFFIX
        assert other.extra[CONFLICT_OF] == picnic.id
        assert len(conflicts_left(machine.root)) == 1
    assert_healthy(laptop, desktop)

    # Settling it: the person deletes the version they do not want, and it syncs like any edit.
    laptop.store().remove_date(other)
    sync_both(laptop, desktop)
    assert conflicts_left(desktop.root) == []
    assert [d.rating for d in desktop.store().dates().items.values()] == [3]


def test_a_hand_edit_and_a_planner_edit_of_the_same_file(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    climbing, _run = on_both(laptop, desktop, activity("climbing"), activity("run", 28))

    # On the laptop, someone edits the file in a text editor: a title, and a new entry
    # written the way a person would, not the way the store writes.
    path = laptop.store().week_path(W48)
    text = path.read_text().replace('title = "run"', 'title = "long run"   # further this time')
    text += (
        '\n[activities.handwritten1]\ntitle = "yoga"\ncategory = "rest"\n'
        'date = 2026-11-29\nstart = "08:00"\nend = "09:00"\n'
    )
    path.write_text(text)
    # On the desktop, the planner marks climbing done and adds an entry.
    desktop_store = desktop.store()
    desktop_store.put_activity(replace(climbing, done=True))
    desktop_store.put_activity(activity("guitar", 25))
    sync_both(laptop, desktop)

    for machine in (laptop, desktop):
        items = machine.store().week(W48).items
        assert sorted(a.title for a in items.values()) == ["climbing", "guitar", "long run", "yoga"]
        assert items[climbing.id].done
    # The merged file is in the store's own form: writing it again changes no byte.
    store = desktop.store()
    before = store.week_path(W48).read_bytes()
    store.put_activity(store.week(W48).items[climbing.id])
    assert store.week_path(W48).read_bytes() == before
    assert_healthy(laptop, desktop)


def test_ideas_and_a_new_week_file_on_both_sides(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    laptop.store().put_idea(Idea(new_id(), "night market", "place"))
    desktop.store().put_idea(Idea(new_id(), "pottery class"))
    # Both machines create next week's file for the first time.
    laptop.store().put_activity(activity("climbing").moved(date=date(2026, 12, 1)))
    desktop.store().put_activity(activity("run").moved(date=date(2026, 12, 2)))
    sync_both(laptop, desktop)
    for machine in (laptop, desktop):
        assert len(machine.store().ideas().items) == 2
        assert len(machine.store().week(IsoWeek(2026, 49)).items) == 2
    assert_healthy(laptop, desktop)


def test_no_remote_commits_here_and_says_so(tmp_path: Path, remote: Path) -> None:
    alone = make_machine(tmp_path, "alone", None)
    alone.store().put_activity(activity("climbing"))
    result = alone.sync()
    assert result.remote is None and not result.pushed
    assert result.committed == "1 activity added in 2026-W48"
    assert "no remote" in result.summary
    assert git(alone.root, "log", "-1", "--format=%s").strip() == "1 activity added in 2026-W48"
    assert git(alone.root, "status", "--porcelain") == ""


HOOKS = ("pre-commit", "post-commit", "post-merge", "pre-merge-commit", "pre-push", "reference-transaction")


def test_the_data_repositorys_hooks_never_run(two_machines: tuple[Machine, Machine], tmp_path: Path) -> None:
    # A hook is a program that came with the folder; an unattended sync must not run it.
    laptop, desktop = two_machines
    ran = tmp_path / "hooks-ran"
    for machine in (laptop, desktop):
        for name in HOOKS:
            hook = machine.root / ".git" / "hooks" / name
            hook.write_text(f'#!/bin/sh\necho "{machine.name} {name}" >> "{ran}"\nexit 1\n')
            hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    # The hooks are live for git run by hand: the test would prove nothing otherwise.
    assert git_status(laptop.root, "commit", "-q", "--allow-empty", "-m", "by hand") != 0
    assert ran.read_text().startswith("laptop pre-commit")
    ran.unlink()

    desktop.store().put_activity(activity("guitar", 25))
    desktop.sync()
    laptop.store().put_activity(activity("climbing"))
    result = laptop.sync()  # commit, a real merge, push
    assert result.pushed and "1 activity added in 2026-W48" in result.received
    assert git_status(laptop.root, "rev-parse", "-q", "--verify", "HEAD^2") == 0  # a merge commit was made
    assert desktop.sync().received
    assert not ran.exists(), ran.read_text()


def test_refuses_mid_rebase(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    laptop.sync()
    (laptop.root / "notes.txt").write_text("laptop\n")
    (desktop.root / "notes.txt").write_text("desktop\n")
    git(laptop.root, "add", "notes.txt")
    git(laptop.root, "commit", "-qm", "notes")
    git(laptop.root, "push", "-q", "origin", "main")
    git(desktop.root, "add", "notes.txt")
    git(desktop.root, "commit", "-qm", "notes")
    git(desktop.root, "fetch", "-q")
    assert git_status(desktop.root, "rebase", "origin/main") != 0
    with pytest.raises(SyncError, match="middle of a rebase") as refused:
        desktop.sync()
    assert "rebase --abort" in str(refused.value)
    assert main(["--data-dir", str(desktop.root), "sync"]) == 1


def test_refuses_a_detached_head(two_machines: tuple[Machine, Machine]) -> None:
    laptop, _desktop = two_machines
    git(laptop.root, "checkout", "-q", "--detach")
    with pytest.raises(SyncError, match="detached HEAD"):
        laptop.sync()


def test_refuses_unreadable_files_and_changes_nothing(two_machines: tuple[Machine, Machine]) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    path = laptop.store().week_path(W48)
    path.write_text(path.read_text() + "\n[activities.broken\n")
    head = git(laptop.root, "rev-parse", "HEAD")
    with pytest.raises(SyncError, match=r"2026-W48\.toml:\d+:\d+") as refused:
        laptop.sync()
    assert refused.value.refused
    assert git(laptop.root, "rev-parse", "HEAD") == head


def test_settings_an_older_version_knew_neither_stop_a_sync_nor_a_save(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop = two_machines
    written = 'theme = "textual-drak"\nevening_start = "late"\n\n[keys]\nsearch = "pgdwn"\n'
    laptop.store().config_path.write_text(written, "utf-8")
    assert laptop.sync().ok and laptop.store().config_errors == []
    desktop.sync()
    assert desktop.store().config_path.read_text("utf-8") == written

    store = desktop.store()
    store.save_config(replace(store.config, theme="nord"))
    saved = tomllib.loads(store.config_path.read_text("utf-8"))
    assert (saved["theme"], saved["evening_start"], saved["keys"]) == ("nord", "late", {"search": "pgdwn"})
    still = [w.message.split(" ")[0] for w in Store.open(desktop.root).config_warnings]
    assert still == ["'late'", "key"]  # the theme chosen is known now; the rest is still unused
    assert desktop.sync().ok
    capsys.readouterr()
    assert laptop.check() == 1  # check names what the planner leaves unused
    said = capsys.readouterr().err
    assert f"{laptop.store().config_path}:1:9: 'theme' must be a theme" in said


def test_unreadable_file_from_the_other_machine_is_refused_until_fixed_there(
    two_machines: tuple[Machine, Machine],
) -> None:
    """Taken, a file that is not TOML would leave nothing of its week readable here: it is
    refused on its way in, also when nothing here changed (git would only move forward
    to it), and the fix made where it broke arrives."""
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    sync_both(laptop, desktop)
    readable = laptop.store().week_path(W48).read_bytes()
    # The desktop commits a broken file with plain git, past weekplan's checks.
    path = desktop.store().week_path(W48)
    broken = path.read_bytes().replace(b'title = "climbing"', b"title = climbing")
    path.write_bytes(broken)
    git(desktop.root, "commit", "-qam", "by hand")
    git(desktop.root, "push", "-q")
    head_before = git(laptop.root, "rev-parse", "HEAD")

    with pytest.raises(SyncError, match="brings files that cannot be read") as refused:
        laptop.sync()
    assert "weeks/2026-W48.toml:5:9: not valid TOML" in str(refused.value)
    assert "or on the git host if they were edited there" in str(refused.value)  # one machine has a way out
    assert laptop.store().week_path(W48).read_bytes() == readable
    assert git(laptop.root, "rev-parse", "HEAD") == head_before
    assert laptop.check() == 0
    assert main(["--data-dir", str(laptop.root), "sync"]) == 1

    # Fixed where it was broken, it arrives with the rest.
    path.write_bytes(broken.replace(b"title = climbing", b'title = "climbing wall"'))
    git(desktop.root, "commit", "-qam", "fixed by hand")
    git(desktop.root, "push", "-q")
    assert laptop.sync().ok
    assert {a.title for a in laptop.store().week(W48).items.values()} == {"climbing wall"}
    desktop.sync()
    assert_healthy(laptop, desktop)


def test_an_activity_that_cannot_be_read_arrives_said_and_its_fix_arrives_too(
    two_machines: tuple[Machine, Machine],
) -> None:
    """A week that is TOML but holds an activity weekplan cannot read arrives (its file
    is read-only here, and said): the syncs after it still run, since the file is as
    the remote has it, so other changes travel and the fix made where it broke arrives."""
    laptop, desktop = two_machines
    readable = push_a_week_with_an_unreadable_start(laptop, desktop)

    arrived = laptop.sync()
    assert not arrived.ok and "'25:00' is not a time of day" in str(arrived.problems)
    laptop.store().put_activity(activity("run", day=30))  # another week, W49
    again = laptop.sync()
    assert again.committed == "1 activity added in 2026-W49" and again.pushed
    assert not again.ok and "'25:00' is not a time of day" in str(again.problems)
    assert main(["--data-dir", str(laptop.root), "sync"]) == 1  # still said, as long as it lasts

    desktop.sync()
    assert {a.title for a in desktop.store().week(IsoWeek(2026, 49)).items.values()} == {"run"}
    desktop.store().week_path(W48).write_bytes(readable.replace(b'start = "19:00"', b'start = "18:00"'))
    git(desktop.root, "commit", "-qam", "fixed by hand")
    desktop.sync()
    fixed = laptop.sync()
    assert fixed.ok and [a.start for a in laptop.store().week(W48).items.values()] == [18 * 60]
    desktop.sync()
    assert_healthy(laptop, desktop)


def test_a_file_broken_here_by_hand_still_stops_the_sync(two_machines: tuple[Machine, Machine]) -> None:
    """Only a file exactly as the remote has it lets the sync go on: one broken here is
    never committed or pushed."""
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    sync_both(laptop, desktop)
    path = laptop.store().week_path(W48)
    path.write_bytes(path.read_bytes().replace(b'start = "19:00"', b'start = "25:00"'))
    with pytest.raises(SyncError, match="some files cannot be read"):
        laptop.sync()
    git(laptop.root, "commit", "-qam", "committed by hand")
    with pytest.raises(SyncError, match="some files cannot be read"):
        laptop.sync()
    assert "25:00" not in git(laptop.root.parent / "remote.git", "show", "main:weeks/2026-W48.toml")


def test_a_file_the_driver_could_not_merge_is_refused_before_the_merge(two_machines: tuple[Machine, Machine]) -> None:
    laptop, desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    sync_both(laptop, desktop)
    path = desktop.store().week_path(W48)
    path.write_bytes(path.read_bytes() + b"\n[activities.broken\n")
    git(desktop.root, "commit", "-qam", "by hand")
    git(desktop.root, "push", "-q")
    laptop.store().put_activity(activity("run", 28))
    head_before = git(laptop.root, "rev-parse", "HEAD")

    with pytest.raises(SyncError, match="brings files that cannot be read") as failed:
        laptop.sync()
    assert "weeks/2026-W48.toml:9:19: not valid TOML" in str(failed.value)
    # The local commit stays, nothing is half-merged, and the planner can still read everything.
    assert git(laptop.root, "rev-parse", "HEAD") != head_before
    assert git(laptop.root, "status", "--porcelain") == ""
    assert laptop.check() == 0
    assert {a.title for a in laptop.store().week(W48).items.values()} == {"climbing", "run"}


def test_second_machine_joins_existing_data(tmp_path: Path, remote: Path) -> None:
    laptop = make_machine(tmp_path, "laptop", remote)
    store = laptop.store()
    store.save_config(replace(store.config, slot_minutes=15))
    store.put_activity(activity("climbing"))
    laptop.sync()
    # A fresh data directory, never used: its default settings must not argue with the real ones.
    fresh = tmp_path / "fresh"
    Store.open(fresh)
    result = init(fresh, str(remote))
    assert result.conflicts == []
    joined = Store.open(fresh)
    assert joined.config.slot_minutes == 15
    assert [a.title for a in joined.week(W48).items.values()] == ["climbing"]


@pytest.mark.parametrize("name", [".gitignore", ".gitattributes"])
def test_a_machine_joins_a_remote_whose_set_up_file_has_lines_of_ones_own(
    tmp_path: Path, remote: Path, name: str
) -> None:
    """The remote's .gitignore (or .gitattributes) has a line the person added by hand;
    a new machine writes its own before it merges the remote's: both are kept, and the
    machine joins."""
    laptop = make_machine(tmp_path, "laptop", remote)
    laptop.store().put_activity(activity("climbing"))
    own_line = "*.txt -text" if name == ".gitattributes" else "notes/"
    with (laptop.root / name).open("a", encoding="utf-8") as added_by_hand:
        added_by_hand.write(f"{own_line}\n")
    git(laptop.root, "add", name)
    git(laptop.root, "commit", "-qm", f"my own line in {name}")
    laptop.sync()
    fresh = tmp_path / "fresh"
    Store.open(fresh)

    init(fresh, str(remote))

    assert [a.title for a in Store.open(fresh).week(W48).items.values()] == ["climbing"]
    lines = (fresh / name).read_text("utf-8").splitlines()
    assert own_line in lines and not any(line.startswith(("<<<<<<<", ">>>>>>>")) for line in lines)
    assert git(fresh, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
    laptop.store().put_activity(activity("pottery", 28))
    laptop.sync()
    sync(fresh)
    assert {a.title for a in Store.open(fresh).week(W48).items.values()} == {"climbing", "pottery"}


def test_git_settings_of_another_repository_in_the_environment_are_not_followed(
    two_machines: tuple[Machine, Machine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a git hook or a git alias elsewhere, weekplan inherits variables that
    point git at that repository (its GIT_DIR, GIT_COMMON_DIR, a shallow file, its
    replace refs): every git weekplan runs leaves them out, as git itself does when it
    moves to another repository, so the sync is the data directory's own."""
    laptop, desktop = two_machines
    elsewhere = tmp_path / "elsewhere"
    git(tmp_path, "init", "-q", "-b", "main", str(elsewhere))
    git(
        elsewhere,
        "-c",
        "user.name=Else",
        "-c",
        "user.email=else@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "else",
    )
    before = git(elsewhere, "for-each-ref")
    for name in ("GIT_DIR", "GIT_COMMON_DIR"):
        monkeypatch.setenv(name, str(elsewhere / ".git"))
    monkeypatch.setenv("GIT_SHALLOW_FILE", str(tmp_path / "shallow"))
    monkeypatch.setenv("GIT_REPLACE_REF_BASE", "refs/elsewhere/")
    monkeypatch.setenv("GIT_PREFIX", "sub/")
    laptop.store().put_activity(activity("climbing"))

    result = laptop.sync()

    assert result.pushed
    for name in ("GIT_DIR", "GIT_COMMON_DIR", "GIT_SHALLOW_FILE", "GIT_REPLACE_REF_BASE", "GIT_PREFIX"):
        monkeypatch.delenv(name)
    assert git(elsewhere, "for-each-ref") == before
    desktop.sync()
    assert [a.title for a in desktop.store().week(W48).items.values()] == ["climbing"]


def test_a_git_config_file_named_in_the_environment_is_not_written(
    two_machines: tuple[Machine, Machine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_CONFIG names the one file git reads and writes its settings in: followed, the
    merge driver would be registered there, outside the data directory, and the remote
    in .git/config would not be seen."""
    laptop, desktop = two_machines
    elsewhere = tmp_path / "elsewhere.cfg"
    monkeypatch.setenv("GIT_CONFIG", str(elsewhere))
    laptop.store().put_activity(activity("climbing"))

    result = laptop.sync()

    assert result.pushed
    assert not elsewhere.exists()
    monkeypatch.delenv("GIT_CONFIG")
    desktop.sync()
    assert [a.title for a in desktop.store().week(W48).items.values()] == ["climbing"]


def test_every_variable_that_points_git_at_a_repository_is_cleared() -> None:
    """The list weekplan clears is git's own, but for the settings given in the
    environment, which are kept on purpose: a git that knows more variables fails here."""
    listed = subprocess.run(
        ["git", "rev-parse", "--local-env-vars"], capture_output=True, text=True, check=True
    ).stdout.split()
    kept = {"GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"}
    assert "GIT_DIR" in listed
    assert set(listed) - kept <= set(REPOSITORY_VARIABLES)
    assert not kept & set(REPOSITORY_VARIABLES)


def test_commit_messages_say_what_changed() -> None:
    week = "weeks/2026-W48.toml"
    old = {
        week: b'[activities.a]\ndate = 2026-11-27\nstart = "19:00"\nend = "20:00"\ntitle = "x"\ncategory = "rest"\n'
        b"done = false\n",
        "dates.toml": b'[dates.d]\ndate = 2026-11-21\ntitle = "picnic"\nstatus = "done"\n',
    }
    new = {
        week: old[week].replace(b"done = false", b"done = true"),
        "weeks/2026-W49.toml": b'[activities.b]\ndate = 2026-12-01\nstart = "19:00"\nend = "20:00"\ntitle = "y"\n'
        b'category = "rest"\ndone = false\n',
        "dates.toml": old["dates.toml"] + b"rating = 4\n",
    }
    phrases = describe_changes(sorted(old.keys() | new.keys()), old.get, new.get)
    assert phrases == ["1 date rated", "1 activity marked done in 2026-W48", "1 activity added in 2026-W49"]


def test_commit_messages_name_a_file_that_does_not_read_without_failing() -> None:
    # What a remote pushes may be anything: nested past what the TOML reader survives,
    # not UTF-8, or half a merge.  The message says the file changed and sync goes on.
    week = "weeks/2026-W48.toml"
    old = {week: b'[activities.a]\ndate = 2026-11-27\nstart = "19:00"\nend = "20:00"\ntitle = "x"\n'}
    for spoiled in (b"deep = " + b"[" * 10_000 + b"]" * 10_000 + b"\n", b'title = "\xe9"\n', b"<<<<<<< HEAD\n"):
        phrases = describe_changes([week], old.get, {week: spoiled}.get)
        assert phrases == [f"{week} changed"], phrases


def test_push_rejected_because_the_other_machine_pushed_after_the_fetch(
    two_machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    import weekplan.sync as sync_module

    laptop, desktop = two_machines
    real_fetch = sync_module.fetch_branch
    calls: list[int] = []

    def fetch_then_the_desktop_pushes(*args: object, **kwargs: object) -> bool:
        found = real_fetch(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1:
            desktop.store().put_activity(activity("guitar", 25))
            assert desktop.sync().pushed
        return found

    monkeypatch.setattr(sync_module, "fetch_branch", fetch_then_the_desktop_pushes)
    laptop.store().put_activity(activity("climbing"))
    result = laptop.sync()
    assert len(calls) == 3  # the laptop's fetch, the desktop's own sync, the laptop's second pull
    assert result.pushed and "1 activity added in 2026-W48" in result.received
    monkeypatch.undo()
    desktop.sync()
    assert {a.title for a in desktop.store().week(W48).items.values()} == {"guitar", "climbing"}


def test_sync_waits_while_a_planner_saves(two_machines: tuple[Machine, Machine]) -> None:
    import threading

    from weekplan.store import data_dir_lock

    laptop, _desktop = two_machines
    laptop.store().put_activity(activity("climbing"))
    head = git(laptop.root, "rev-parse", "HEAD")
    results: list[object] = []
    with data_dir_lock(laptop.root):  # what a store holds while it checks and writes a file
        worker = threading.Thread(target=lambda: results.append(laptop.sync()))
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive(), "sync went ahead while a save was in progress"
        assert git(laptop.root, "rev-parse", "HEAD") == head
    worker.join(timeout=60)
    assert len(results) == 1 and results[0].pushed  # type: ignore[attr-defined]


def test_sync_modules_load_without_textual() -> None:
    import subprocess

    code = (
        "import sys, weekplan.sync, weekplan.merge, weekplan.cli_sync;"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_sync_on_the_command_line_prints_the_summary(
    two_machines: tuple[Machine, Machine], capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, _desktop = two_machines
    laptop.store().put_date(SpecialDate(new_id(), date(2026, 11, 28), "concert"))
    assert main(["--data-dir", str(laptop.root), "sync"]) == 0
    out = capsys.readouterr().out
    assert "committed: 1 date added" in out and "pushed to origin" in out


def test_commits_are_signed_for_this_machine_when_git_has_no_name(tmp_path: Path, remote: Path) -> None:
    root = tmp_path / "nameless"
    init(root, None)
    author = git(root, "log", "-1", "--format=%an <%ae>").strip()
    assert author.startswith("weekplan on ") and "<weekplan@" in author
