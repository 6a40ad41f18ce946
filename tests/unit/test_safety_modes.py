"""Who may read your plans: the data directory is private (0700) and stays so, files
weekplan creates are private whatever the umask (git's files too), and a file made
read-only is respected."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from weekplan.atomic_files import WriteProtectedError
from weekplan.cli import main
from weekplan.model import Activity
from weekplan.store import Store
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)
CLIMBING = Activity("climb0000001", date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_existing_data_dir_open_to_others_is_made_private(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private_data_dir.mkdir(mode=0o755)
    private_data_dir.chmod(0o755)
    assert main(["check"]) == 0
    assert mode(private_data_dir) == 0o700
    assert f"note: {private_data_dir} was mode 0755; made private (0700)" in capsys.readouterr().out
    assert main(["check"]) == 0
    assert "note:" not in capsys.readouterr().out  # said once, when it was done


def test_a_data_dir_of_weekplan_files_alone_is_made_private(private_data_dir: Path) -> None:
    Store.open(private_data_dir).put_activity(CLIMBING)
    (private_data_dir / ".git").mkdir()
    # What may sit beside them in weekplan's own folder (a cloned repository's README,
    # an editor's backups) does not make it someone else's.
    for name in ("README.md", "config.toml~", "#ideas.toml#"):
        (private_data_dir / name).touch()
    private_data_dir.chmod(0o755)
    assert Store.open(private_data_dir).notes == [
        f"{private_data_dir} was mode 0755; made private (0700), as the data directory always is"
    ]
    assert mode(private_data_dir) == 0o700


@pytest.mark.parametrize(("folder_mode", "other"), [(0o1777, ""), (0o755, "notes.txt"), (0o750, "src")])
def test_a_folder_that_is_not_weekplan_s_own_keeps_its_mode(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str], folder_mode: int, other: str
) -> None:
    """--data-dir /tmp (shared by everyone: the sticky bit), ~ or a project's folder by
    mistake once had its mode changed to 0700, which breaks every other user of /tmp."""
    private_data_dir.mkdir()
    if other:
        (private_data_dir / other).touch()
    private_data_dir.chmod(folder_mode)
    assert main(["check"]) == 0
    assert mode(private_data_dir) == folder_mode
    said = capsys.readouterr().out
    why = "it is shared (sticky)" if folder_mode & stat.S_ISVTX else f"it holds {other!r}, which is not weekplan's"
    expected = (
        f"note: {private_data_dir} is mode {folder_mode:04o} and left so, as {why}: others can read your plans "
        "there; give weekplan a folder of its own"
    )
    assert expected in said, said


def test_a_data_dir_that_cannot_be_made_private_is_warned_about(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private_data_dir.mkdir(mode=0o755)
    private_data_dir.chmod(0o755)

    def refuse(path: object, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    store = Store.open(private_data_dir)
    assert store.notes == [f"{private_data_dir} is mode 0755 and could not be made private: Operation not permitted"]


def test_a_read_only_file_is_refused_with_its_mode_and_left_as_it_is(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    week_file = store.week_path(W48)
    week_file.chmod(0o444)
    before = week_file.read_bytes()
    with pytest.raises(WriteProtectedError, match=r"is read-only \(mode 0444\); weekplan does not write over it"):
        Store.open(private_data_dir).remove_activity(CLIMBING)
    assert main(["add", "fri 08:00 run #fitness"]) == 1
    assert "is read-only (mode 0444)" in capsys.readouterr().err
    assert week_file.read_bytes() == before
    assert mode(week_file) == 0o444


def test_a_file_keeps_its_own_mode_but_never_others_write_permission(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    week_file = store.week_path(W48)
    week_file.chmod(0o640)
    store.put_activity(Activity("run000000001", date(2026, 11, 24), 8 * 60, 9 * 60, "run", "fitness"))
    assert mode(week_file) == 0o640
    week_file.chmod(0o666)
    store.remove_activity(CLIMBING)
    assert mode(week_file) == 0o644


def _run_with_umask_000(*args: str, data_dir: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, WEEKPLAN_DATA_DIR=str(data_dir), WEEKPLAN_CACHE_DIR=str(cache))
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t")
    env.update(GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(data_dir.parent))
    return subprocess.run(
        [sys.executable, "-m", "weekplan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(0),  # the point of the test
    )


def test_with_umask_000_everything_weekplan_creates_is_private(tmp_path: Path) -> None:
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    assert _run_with_umask_000("add", "fri 19:00 climbing #friends", data_dir=data_dir, cache=cache).returncode == 0
    assert _run_with_umask_000("show", data_dir=data_dir, cache=cache).returncode == 0
    if shutil.which("git") is not None:
        synced = _run_with_umask_000("sync", "--init", data_dir=data_dir, cache=cache)
        assert synced.returncode == 0, synced.stderr
        assert (data_dir / ".git" / "objects").is_dir()
    created = [p for root in (data_dir, cache) for p in (root, *root.rglob("*"))]
    assert len(created) > 5
    assert [(str(p), oct(mode(p))) for p in created if mode(p) & 0o077] == []


def test_a_data_file_that_is_a_symbolic_link_stays_one(private_data_dir: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    week_file = store.week_path(W48)
    kept = dotfiles / "week.toml"
    week_file.rename(kept)
    week_file.symlink_to(kept)
    Store.open(private_data_dir).put_activity(Activity("run000000001", date(2026, 11, 24), 480, 540, "run", "fitness"))
    assert week_file.is_symlink() and week_file.resolve() == kept
    assert len(Store(private_data_dir).week(W48).items) == 2
    assert not list(private_data_dir.rglob(".*.tmp")) and not list(dotfiles.glob(".*.tmp"))


def _as_a_person(args: list[str], data_dir: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """Run weekplan with file permissions applying (root, which passes them, runs it
    without the capabilities that let it)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions would not apply")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(data_dir), "WEEKPLAN_CACHE_DIR": str(cache)}
    return subprocess.run([*prefix, sys.executable, "-m", "weekplan", *args], capture_output=True, text=True, env=env)


def test_a_folder_that_takes_no_new_file_is_named_not_the_temporary_file(tmp_path: Path) -> None:
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    assert _as_a_person(["add", "mon 07:00 run #fitness"], data_dir, cache).returncode == 0
    weeks = data_dir / "weeks"
    weeks.chmod(0o500)
    try:
        refused = _as_a_person(["add", "tue 07:00 swim #fitness"], data_dir, cache)
    finally:
        weeks.chmod(0o700)
    assert refused.returncode == 1
    assert refused.stderr == f"weekplan: Permission denied ({weeks})\n"
    assert [p.name for p in weeks.iterdir()] == ["2026-W48.toml"]
