"""Special dates live in a file per year (dates/2026.toml), so reading this week's
dates never reads ten years of them; the single dates.toml of older versions is
moved into those files safely, whatever point a kill stops the move at."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from weekplan.cli import main
from weekplan.data_places import own_file_patterns
from weekplan.history import Change, History
from weekplan.merge import kind_for
from weekplan.model import SpecialDate
from weekplan.record import replace
from weekplan.store import DATES, Collection, ReadOnlyError, Store, render_collection
from weekplan.sync_paths import is_own_path

DINNER = SpecialDate("d1", date(2026, 11, 28), "dinner", place="Lumen")
PICNIC = SpecialDate("d2", date(2025, 6, 14), "picnic")
CONCERT = SpecialDate("d3", date(2027, 1, 9), "concert")


def single_file(root: Path, *dates: SpecialDate, other: dict[str, object] | None = None) -> Path:
    """A dates.toml as older versions wrote it: every year's dates in one file."""
    path = root / "dates.toml"
    collection = Collection(path, {d.id: d for d in dates}, dict(other or {}))
    path.write_bytes(render_collection(collection, DATES))
    return path


def test_each_date_is_written_to_its_years_file(store: Store) -> None:
    for special in (DINNER, PICNIC, CONCERT):
        store.put(special)
    assert sorted(p.name for p in store.dates_dir.iterdir()) == ["2025.toml", "2026.toml", "2027.toml"]
    assert "dinner" in store.dates_path(2026).read_text("utf-8")
    assert not (store.root / "dates.toml").exists()
    assert Store(store.root).dates().items == {"d1": DINNER, "d2": PICNIC, "d3": CONCERT}


def test_a_weeks_dates_read_only_that_years_file(store: Store) -> None:
    for special in (DINNER, PICNIC, CONCERT):
        store.put(special)
    store.dates_path(2025).write_text("not = [toml", "utf-8")  # would be reported if it were read
    fresh = Store(store.root)
    assert fresh.dates_between(date(2026, 11, 23), date(2026, 11, 29)) == [DINNER]
    assert fresh.dates_path(2025) not in fresh._cache and fresh.dates_path(2027) not in fresh._cache
    # A week across new year reads both years.
    assert fresh.dates_between(date(2026, 12, 28), date(2027, 1, 10)) == [CONCERT]


def test_a_weeks_dates_come_from_a_left_over_dates_file_too(
    store: Store, left_over_dates: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    # dates.toml could not be moved (2027's file is broken): its dates are of any year,
    # so the week of 20 Nov 2026 finds its date there, as novelty and suggest do.
    bowling = SpecialDate("b1", date(2026, 11, 20), "Bowling", idea="bowl", status="done")
    left_over_dates(bowling, CONCERT)
    store.put(DINNER)
    assert store.single_dates_left()
    assert Store(store.root).dates_between(date(2026, 11, 16), date(2026, 11, 22)) == [bowling]
    assert Store(store.root).dates_between(date(2026, 11, 16), date(2026, 11, 29)) == [bowling, DINNER]
    assert main(["show", "2026-11-20", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [d["title"] for d in shown["dates"]] == ["Bowling"]


def test_the_files_in_dates_are_listed_in_order_and_dates_since_reads_only_those_years(store: Store) -> None:
    assert list(store.date_files()) == []  # no dates/ yet
    for special in (CONCERT, DINNER, PICNIC):
        store.put(special)
    (store.dates_dir / "notes.toml").write_text("", "utf-8")
    (store.dates_dir / "2024.toml.bak").write_text("", "utf-8")  # not a .toml file
    store.dates_path(2025).write_text("not = [toml", "utf-8")  # would be reported if it were read
    fresh = Store(store.root)
    listed = [(year, path.name) for year, path in fresh.date_files()]
    assert listed == [(2025, "2025.toml"), (2026, "2026.toml"), (2027, "2027.toml"), (None, "notes.toml")]
    since = fresh.dates(since=2026)
    assert since.items == {"d1": DINNER, "d3": CONCERT} and since.errors == []
    assert fresh.dates_path(2025) not in fresh._cache


def test_moving_a_date_to_another_year_moves_it_between_files_and_undo_moves_it_back(store: Store) -> None:
    store.put(DINNER)
    history = History()
    moved = replace(DINNER, date=date(2027, 1, 2))
    history.do(store, Change("move", DINNER, moved))
    fresh = Store(store.root)
    assert fresh.dates_of(2026).items == {} and fresh.dates_of(2027).items == {"d1": moved}
    history.undo(store)
    fresh = Store(store.root)
    assert fresh.dates_of(2026).items == {"d1": DINNER} and fresh.dates_of(2027).items == {}


def test_a_move_to_another_year_is_refused_whole_when_either_file_cannot_be_read(store: Store) -> None:
    store.put(DINNER)
    store.dates_dir.joinpath("2027.toml").write_text("not = [toml", "utf-8")
    with pytest.raises(ReadOnlyError):
        store.put(replace(DINNER, date=date(2027, 1, 2)), replacing=DINNER)
    assert Store(store.root).dates_of(2026).items == {"d1": DINNER}
    assert store.dates_path(2027).read_text("utf-8") == "not = [toml"


def test_a_date_in_the_wrong_years_file_is_reported_and_the_file_kept(store: Store) -> None:
    store.dates_dir.mkdir()
    path = store.dates_path(2025)
    path.write_text('[dates.d1]\ndate = 2026-11-28\ntitle = "dinner"\n', "utf-8")
    errors = Store(store.root).check()
    assert [str(e) for e in errors] == [
        f"{path}:2:8: dates.d1: 2026-11-28 is not in 2025, the year this file is named after"
    ]
    with pytest.raises(Exception, match="cannot be changed"):
        Store(store.root).put(replace(PICNIC, id="d9"))
    assert path.read_text("utf-8").startswith("[dates.d1]")


def test_a_file_in_dates_not_named_after_a_year_is_reported(store: Store) -> None:
    store.dates_dir.mkdir()
    (store.dates_dir / "old.toml").write_text("", "utf-8")
    assert any("not a year like 2026.toml" in str(e) for e in Store(store.root).check())


# -- the single dates.toml of older versions ---------------------------------------------


def test_a_single_dates_file_is_moved_into_year_files_on_start(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    single_file(root, DINNER, PICNIC, CONCERT, other={"note": {"by": "hand"}})
    store = Store.open(root)
    assert store.dates().items == {"d1": DINNER, "d2": PICNIC, "d3": CONCERT}
    assert not (root / "dates.toml").exists()
    assert sorted(p.name for p in (root / "dates").iterdir()) == ["2025.toml", "2026.toml", "2027.toml"]
    assert Store(root).dates_of(2025).other == {"note": {"by": "hand"}}  # kept, with the first year
    assert Store(root).check() == []


def test_a_start_that_finds_both_finishes_the_move_and_keeps_the_newer_dates(tmp_path: Path) -> None:
    # As a kill after writing 2026.toml, and an edit of it since, would leave it.
    root = tmp_path / "data"
    store = Store.open(root)
    store.put(replace(DINNER, place="Lumen, upstairs"))
    single_file(root, DINNER, PICNIC)
    fresh = Store(root)
    assert fresh.dates().items == {"d1": replace(DINNER, place="Lumen, upstairs"), "d2": PICNIC}
    assert not (root / "dates.toml").exists()


def test_an_unreadable_single_dates_file_is_reported_and_never_touched(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = Store.open(root)
    path = root / "dates.toml"
    path.write_text('[dates.d1]\ndate = 2026-11-28\ntitle = "dinner"\n<<<<<<< ours\n', "utf-8")
    before = path.read_bytes()
    errors = store.dates().errors
    assert errors and str(errors[0]).startswith(f"{path}:4:")
    store.put(CONCERT)  # other years' files still take edits
    assert path.read_bytes() == before
    assert Store(root).dates_of(2027).items == {"d3": CONCERT}


def test_a_single_file_whose_year_file_is_unreadable_stays_and_its_dates_still_show(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = Store.open(root)
    store.dates_dir.mkdir()
    store.dates_path(2026).write_text("not = [toml", "utf-8")
    path = single_file(root, DINNER, PICNIC)
    before = path.read_bytes()
    fresh = Store(root)
    assert set(fresh.dates().items) == {"d1", "d2"}
    assert path.read_bytes() == before and not fresh.dates_path(2025).exists()  # nothing half moved


KILL_AFTER_FIRST_YEAR = """
import os, sys
from pathlib import Path
from weekplan import store as store_module
real = store_module.Store._edit
def edit_then_die(self, path, kind, change):
    result = real(self, path, kind, change)
    if path.parent.name == "dates":
        os._exit(9)  # as kill -9 right after the first year file is written
    return result
store_module.Store._edit = edit_then_die
store_module.Store.open(Path(sys.argv[1])).dates()
"""


def test_a_move_killed_halfway_loses_nothing_and_the_next_start_finishes_it(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    single_file(root, DINNER, PICNIC, CONCERT)
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_YEAR, str(root)], timeout=60)
    assert killed.returncode == 9
    assert (root / "dates.toml").exists()  # removed last, so still there
    assert [p.name for p in (root / "dates").iterdir()] == ["2025.toml"]
    store = Store.open(root)
    assert store.dates().items == {"d1": DINNER, "d2": PICNIC, "d3": CONCERT}
    assert not (root / "dates.toml").exists() and store.check() == []


def test_show_after_an_older_version_reads_the_moved_dates(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    single_file(root, DINNER, PICNIC)
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(root), "WEEKPLAN_CACHE_DIR": ""}
    shown = subprocess.run(
        [sys.executable, "-m", "weekplan", "show", "2026-W48", "--json"], capture_output=True, text=True, env=env
    )
    assert shown.returncode == 0, shown.stderr
    assert '"dinner"' in shown.stdout and "picnic" not in shown.stdout


def test_sync_and_the_merge_driver_know_the_year_files() -> None:
    assert kind_for("dates/2026.toml") is DATES
    assert kind_for("dates.toml") is DATES  # until an older version's file is moved
    assert kind_for("dates/notes.toml") is None
    patterns = own_file_patterns()
    assert "dates/[0-9][0-9][0-9][0-9].toml" in patterns and "weeks/[0-9][0-9][0-9][0-9]-W[0-5][0-9].toml" in patterns
    assert is_own_path("weeks/2026-W49.toml") and not is_own_path("weeks/2026w49.toml")
    assert is_own_path("dates/2026.toml")  # carried by sync, and taken from a remote
    # Only plain names, one level down (a file in dates/ not named for a year is synced,
    # like any of weekplan's names, and `weekplan check` reports it).
    for outside in ("dates/2026.toml/x", "dates/sub/2026.toml", "dates/../2026.toml", "dates/.2026.toml"):
        assert not is_own_path(outside), outside


def test_a_dates_folder_that_cannot_be_listed_gives_no_dates_not_a_crash(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.put(DINNER)
    fresh = Store(store.root)

    def refused(path: object) -> list[str]:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "listdir", refused)
    assert list(fresh.date_files()) == []
    assert fresh.dates(since=2026).items == {}


def test_a_year_read_in_passing_reports_a_date_of_another_year_once(store: Store) -> None:
    store.dates_dir.mkdir()
    path = store.dates_path(2025)
    path.write_text('[dates.d1]\ndate = 2026-11-28\ntitle = "dinner"\n', "utf-8")
    expected = [f"{path}:2:8: dates.d1: 2026-11-28 is not in 2025, the year this file is named after"]
    fresh = Store(store.root)
    assert [str(e) for e in fresh.dates_in_passing(2025).errors] == expected
    assert path not in fresh._cache  # read, not kept
    held = fresh.dates_of(2025)
    assert fresh.dates_in_passing(2025, held=True) is held
    assert [str(e) for e in held.errors] == expected
    assert fresh.dates_in_passing(2025) is not held  # from the disk again
