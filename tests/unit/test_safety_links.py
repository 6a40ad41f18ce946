"""Symbolic links in the data directory: one to a file that is there is followed (data
kept with one's dotfiles), one that leads nowhere is never followed to create a file
(it may point anywhere, outside the data directory too), nor is one to a folder or a
loop of links: each is named by `check`, and the rest of the data stays usable."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from weekplan.atomic_files import LinkedAwayError, atomic_write
from weekplan.cli import main
from weekplan.model import Activity
from weekplan.store import ReadOnlyError, Store
from weekplan.weeks import IsoWeek

W49 = IsoWeek(2026, 49)
IN_W49 = Activity("climb0000001", date(2026, 12, 1), 10 * 60, 11 * 60, "climbing", "friends")
IN_W50 = Activity("run000000001", date(2026, 12, 8), 8 * 60, 9 * 60, "run", "fitness")


def _dangling(store: Store, outside: Path) -> Path:
    store.weeks_dir.mkdir(exist_ok=True)
    link = store.week_path(W49)
    link.symlink_to(outside / "elsewhere" / "week.toml")
    return link


def test_a_week_file_linked_to_nothing_is_never_created_through_the_link(store: Store, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    link = _dangling(store, outside)
    with pytest.raises(ReadOnlyError):
        store.put_activity(IN_W49)
    assert not outside.exists()  # neither the file nor its folder
    assert link.is_symlink()
    store.put_activity(IN_W50)  # the other weeks stay usable
    assert IN_W50.id in Store(store.root).week(IsoWeek(2026, 50)).items


def test_check_names_a_link_to_nothing_and_where_it_points(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = _dangling(store, tmp_path / "outside")
    assert main(["check"]) == 1
    out = capsys.readouterr().err
    target = tmp_path / "outside" / "elsewhere" / "week.toml"
    assert f"{link}:1:1: a symbolic link to {target}, which does not exist" in out


def test_quick_add_into_a_week_linked_to_nothing_is_refused(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    link = _dangling(store, outside)
    assert main(["add", "2026-12-01 10:00-11:00 climbing"]) != 0
    assert str(link) in capsys.readouterr().err
    assert not outside.exists()


def test_an_atomic_write_through_a_link_to_nothing_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "config.toml"
    link.symlink_to(tmp_path / "missing" / "config.toml")
    with pytest.raises(LinkedAwayError, match="does not exist"):
        atomic_write(link, b"x = 1\n")
    assert not (tmp_path / "missing").exists()
    assert link.is_symlink()


def test_a_config_linked_to_nothing_is_not_created_on_first_start(private_data_dir: Path, tmp_path: Path) -> None:
    private_data_dir.mkdir(mode=0o700)
    config = private_data_dir / "config.toml"
    config.symlink_to(tmp_path / "dotfiles" / "weekplan.toml")
    store = Store.open(private_data_dir)
    assert not (tmp_path / "dotfiles").exists()
    assert [e.path for e in store.config_errors] == [config]
    assert "does not exist" in store.config_errors[0].message


@pytest.mark.parametrize("made", ["a folder", "a loop"])
def test_a_week_file_linked_to_a_folder_or_a_loop_is_named_and_left_alone(
    store: Store, tmp_path: Path, made: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store.weeks_dir.mkdir(exist_ok=True)
    link = store.week_path(W49)
    if made == "a folder":
        (tmp_path / "folder").mkdir()
        link.symlink_to(tmp_path / "folder")
    else:
        loop = tmp_path / "loop.toml"
        loop.symlink_to(link)
        link.symlink_to(loop)
    with pytest.raises(ReadOnlyError):
        store.put_activity(IN_W49)
    with pytest.raises(OSError):
        atomic_write(link, b"x = 1\n")
    assert link.is_symlink()
    assert made != "a folder" or os.listdir(tmp_path / "folder") == []
    assert main(["check"]) == 1
    assert f"{link}:1:1:" in capsys.readouterr().err


def test_a_weeks_folder_linked_to_nothing_is_named_and_not_created(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.weeks_dir.symlink_to(tmp_path / "outside" / "weeks")
    with pytest.raises(OSError, match="does not exist"):
        store.put_activity(IN_W49)
    assert not (tmp_path / "outside").exists()
    assert main(["check"]) == 1
    assert f"{store.weeks_dir}:1:1: a symbolic link to" in capsys.readouterr().err


def test_a_data_directory_linked_to_nothing_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "plans"
    link.symlink_to(tmp_path / "synced" / "plans")
    assert main(["--data-dir", str(link), "show"]) == 2
    target = tmp_path / "synced" / "plans"
    assert f"{link} is a symbolic link to {target}, which does not exist" in capsys.readouterr().err
    assert not (tmp_path / "synced").exists()


def test_a_data_directory_that_is_a_file_is_named_as_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plans").write_text("notes\n")
    assert main(["--data-dir", str(tmp_path / "plans"), "add", "fri 19:00 climbing"]) == 2
    assert f"cannot use the data directory {tmp_path / 'plans'}: it is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "plans").read_text() == "notes\n"


@pytest.mark.parametrize("empty", ["", "  ", "\t"])
@pytest.mark.parametrize("given_by", ["--data-dir", "WEEKPLAN_DATA_DIR"])
def test_an_empty_data_dir_is_refused_never_read_as_the_usual_one(
    tmp_path: Path, empty: str, given_by: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("WEEKPLAN_DATA_DIR")  # the usual one is then under XDG_DATA_HOME (conftest)
    monkeypatch.chdir(tmp_path)  # where a folder named by the blanks would be made
    before = sorted(tmp_path.iterdir())
    if given_by == "WEEKPLAN_DATA_DIR":
        monkeypatch.setenv("WEEKPLAN_DATA_DIR", empty)
    option = ["--data-dir", empty] if given_by == "--data-dir" else []
    assert main([*option, "add", "fri 19:00 climbing"]) == 2
    assert f"weekplan: an empty {given_by} names no folder; leave it out for the usual one" in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == before


def test_routines_linked_to_nothing_are_named_not_taken_for_none(store: Store, tmp_path: Path) -> None:
    store.routines_path.symlink_to(tmp_path / "dotfiles" / "routines.toml")
    routines = Store(store.root).routines()
    assert routines.readonly
    assert [(e.path, e.line, e.col) for e in routines.errors] == [(store.routines_path, 1, 1)]
    assert "which does not exist" in routines.errors[0].message


@pytest.mark.parametrize("name", [".gitattributes", ".gitignore"])
def test_sync_init_creates_no_set_up_file_through_a_link_to_nothing(
    store: Store, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from git_support import isolate_git

    isolate_git(monkeypatch, tmp_path)
    outside = tmp_path / "outside" / name
    (store.root / name).symlink_to(outside)
    assert main(["--data-dir", str(store.root), "sync", "--init"]) == 1
    said = capsys.readouterr().err
    assert f"{store.root / name} is a symbolic link to {outside}, which does not exist" in said
    assert not (tmp_path / "outside").exists()


@pytest.mark.parametrize("command", [["check"], ["show"], ["dates"]])
def test_a_dates_folder_linked_to_nothing_beside_an_old_dates_file_is_named(
    store: Store, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    old = b'[dates.a1]\ndate = 2026-12-05\ntitle = "jazz night"\n'
    store.single_dates_path.write_bytes(old)
    store.dates_dir.symlink_to(tmp_path / "outside" / "dates")
    status = main(["--data-dir", str(store.root), *command])
    said = capsys.readouterr()
    assert "File exists" not in said.err and "Traceback" not in said.err
    if command == ["dates"]:
        assert status == 0 and "jazz night" in said.out  # still read from dates.toml
    else:
        assert status == 1
        assert f"{store.dates_dir}:1:1: a symbolic link to {tmp_path / 'outside' / 'dates'}" in said.err
    assert store.single_dates_path.read_bytes() == old
    assert not (tmp_path / "outside").exists()


def test_a_data_directory_under_a_link_to_nothing_names_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "plans"
    link.symlink_to(tmp_path / "synced")
    assert main(["--data-dir", str(link / "sub"), "check"]) == 2
    said = capsys.readouterr().err
    assert f"{link} is a symbolic link to {tmp_path / 'synced'}, which does not exist" in said
    assert not (tmp_path / "synced").exists()
