"""What interrupted runs leave behind is cleaned when provably stale, the parse cache
stays bounded, and files far bigger than anyone writes by hand are refused at once."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from weekplan import atomic_files, parse_cache
from weekplan.atomic_files import STALE_AFTER_SECONDS
from weekplan.cli import main
from weekplan.model import Activity
from weekplan.parse_cache import cache_dir
from weekplan.store import Store
from weekplan.tomlfile import MAX_FILE_BYTES, parse_toml
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)
CLIMBING = Activity("climb0000001", date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends")


def leftover(folder: Path, name: str, age_seconds: float) -> Path:
    path = folder / name
    path.write_bytes(b"half a file")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_stale_temporary_files_are_removed_and_young_ones_mentioned(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    weeks = store.weeks_dir
    old_week = leftover(weeks, ".2026-W48.toml.k2j4h1x9.tmp", STALE_AFTER_SECONDS + 60)
    old_dates = leftover(private_data_dir, ".dates.toml.a_b1c2d3.tmp", 3 * 24 * 3600)
    young = leftover(weeks, ".2026-W48.toml.zzzz0000.tmp", 30)
    store.dates_dir.mkdir()
    old_year = leftover(store.dates_dir, ".2026.toml.q1w2e3r4.tmp", STALE_AFTER_SECONDS * 2)
    not_ours = [
        leftover(private_data_dir, "notes.tmp", 10 * 24 * 3600),  # no weekplan save is called that
        leftover(private_data_dir, ".notes.tmp", 10 * 24 * 3600),
    ]
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "note: removed 3 temporary file(s) left by interrupted saves" in out
    assert f"note: {young} is left by a save that is running or was interrupted within the hour" in out
    assert not old_week.exists() and not old_dates.exists() and not old_year.exists()
    assert young.exists() and all(p.exists() for p in not_ours)
    assert Store(private_data_dir).week(W48).items == {CLIMBING.id: CLIMBING}  # the real file is untouched


def test_the_edit_journal_is_not_taken_for_a_left_over(private_data_dir: Path) -> None:
    from weekplan.journal import JOURNAL_NAME

    Store.open(private_data_dir)
    assert not atomic_files._LEFTOVER.match(JOURNAL_NAME)


def test_the_parse_cache_keeps_to_its_bounds(private_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "MAX_CACHE_ENTRIES", 5)
    folder = cache_dir()
    assert folder is not None
    paths = []
    for number in range(12):
        path = private_data_dir / f"file{number}.toml"
        data = f'title = "file {number}"\n'.encode()
        parse_toml(path, data, cache=True)
        paths.append((path, data))
        entries = list(folder.glob("*.pickle"))
        assert len(entries) <= 5
        time.sleep(0.01)  # newer means a later modification time
    # The newest are the ones kept: the last file is found without parsing.
    last_path, last_data = paths[-1]
    assert parse_cache.cached(last_path, last_data) == {"title": "file 11"}
    assert parse_cache.cached(*paths[0]) is None

    monkeypatch.setattr(parse_cache, "MAX_CACHE_BYTES", 1)  # one entry is always kept: the one just made
    parse_toml(private_data_dir / "big.toml", b'title = "big"\n', cache=True)
    kept = parse_cache._cache_file(private_data_dir / "big.toml")
    assert kept is not None and list(folder.glob("*.pickle")) == [Path(kept[0])]


def test_a_full_parse_cache_is_pruned_once_in_many_writes(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pruning sorts every entry, so it makes room for many at once: an import into a
    full cache once sorted it for every week file it wrote."""
    monkeypatch.setattr(parse_cache, "MAX_CACHE_ENTRIES", 16)
    folder = cache_dir()
    assert folder is not None
    counts = []
    for number in range(20):
        parse_toml(private_data_dir / f"file{number}.toml", f'title = "file {number}"\n'.encode(), cache=True)
        counts.append(len(list(folder.glob("*.pickle"))))
        time.sleep(0.01)  # newer means a later modification time
    assert counts == [*range(1, 17), 14, 15, 16, 14]  # down to 7/8 of the bound when it is passed
    assert parse_cache.cached(private_data_dir / "file19.toml", b'title = "file 19"\n') == {"title": "file 19"}


def test_the_parse_cache_holds_every_week_of_a_decade(private_data_dir: Path) -> None:
    """A pass over all the weeks (an export) finds them all again the next time."""
    folder = cache_dir()
    assert folder is not None
    weeks = [(private_data_dir / f"2017-W{n:03d}.toml", f'note = "week {n}"\n'.encode()) for n in range(530)]
    for path, data in weeks:
        parse_toml(path, data, cache=True)
    assert len(list(folder.glob("*.pickle"))) == len(weeks)
    assert all(parse_cache.cached(path, data) is not None for path, data in weeks)


def test_stale_temporary_files_in_the_cache_are_removed(private_data_dir: Path) -> None:
    folder = cache_dir()
    assert folder is not None
    folder.mkdir(parents=True)
    stale = leftover(folder, "tmpabc123.tmp", STALE_AFTER_SECONDS + 1)
    young = leftover(folder, "tmpdef456.tmp", 1)
    parse_toml(private_data_dir / "a.toml", b'a = "b"\n', cache=True)
    assert not stale.exists() and young.exists()


def big_toml(path: Path, size: int) -> None:
    line = b"# a comment line that tomllib would have to read, over and over ...\n"
    with path.open("wb") as handle:
        handle.write(line * (size // len(line) + 1))


def test_a_huge_data_file_is_refused_at_once_with_a_clear_message(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    dates_file = store.dates_path(2026)
    dates_file.parent.mkdir()
    big_toml(dates_file, 20 * 1024 * 1024)
    started = time.perf_counter()
    assert main(["show", "--json"]) == 1
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err
    assert f"{dates_file}:1:1: file is 20.0 MB, more than the 2 MB weekplan reads" in err
    assert elapsed < 2.0  # refused by its size, before reading
    folder = cache_dir()
    assert folder is None or sum(p.stat().st_size for p in folder.glob("*")) < 1024 * 1024  # nothing big kept
    # The week is still shown and can still be added to; the big file is never written over.
    assert main(["add", "sat 10:00 run #fitness"]) == 0
    assert dates_file.stat().st_size > 20 * 1024 * 1024


def test_a_huge_week_file_makes_add_refuse_quickly(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(private_data_dir)
    store.weeks_dir.mkdir()
    big_toml(store.week_path(W48), 50 * 1024 * 1024)
    started = time.perf_counter()
    assert main(["add", "fri 19:00 climbing #friends"]) == 1
    assert time.perf_counter() - started < 2.0
    assert "more than the 2 MB weekplan reads" in capsys.readouterr().err
    assert main(["check"]) == 1


def test_a_file_just_under_the_limit_is_still_read(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    path = store.week_path(W48)
    text = path.read_bytes()
    path.write_bytes(text + b"#" * (MAX_FILE_BYTES - len(text) - 1) + b"\n")
    assert Store(private_data_dir).week(W48).items == {CLIMBING.id: CLIMBING}


def test_nothing_is_tidied_while_another_weekplan_holds_the_lock(private_data_dir: Path) -> None:
    from weekplan.store import data_dir_lock

    Store.open(private_data_dir)
    stale = leftover(private_data_dir, ".dates.toml.a_b1c2d3.tmp", 3 * 24 * 3600)
    started = time.perf_counter()
    with data_dir_lock(private_data_dir):  # a sync or a save in another process, as far as flock knows
        Store.open(private_data_dir)
    assert time.perf_counter() - started < 2.0  # did not wait for it
    assert stale.exists()
    Store.open(private_data_dir)
    assert not stale.exists()
