"""Shared fixtures. No test may touch the real data directory, so every test runs
with WEEKPLAN_DATA_DIR pointing into its own temporary folder and a fixed today."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from weekplan.model import SpecialDate
from weekplan.store import Store

TODAY = date(2026, 11, 23)  # a Monday, ISO week 2026-W48


def _absolute_python_path() -> None:
    """git runs the merge driver as `python -m weekplan` in a repository's folder: a
    relative PYTHONPATH (src) would name another folder there, or another checkout's
    code, and the driver's tests would pass on code that is not this one."""
    entries = os.environ.get("PYTHONPATH")
    if entries:
        os.environ["PYTHONPATH"] = os.pathsep.join(str(Path(e).absolute()) for e in entries.split(os.pathsep))


_absolute_python_path()


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data_dir = tmp_path / "data"
    monkeypatch.setenv("WEEKPLAN_DATA_DIR", str(data_dir))
    monkeypatch.setenv("WEEKPLAN_TODAY", TODAY.isoformat())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    # Parsed big files are kept in a cache folder; tests keep theirs private too.
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    # What `weekplan remind --notify` has shown is kept per machine, in the state folder.
    monkeypatch.setenv("WEEKPLAN_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    # Times and names follow the locale where config.toml says nothing (weekplan.display):
    # every test sees the same one, whatever the machine's.
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    return data_dir


@pytest.fixture
def store(private_data_dir: Path) -> Store:
    return Store.open(private_data_dir)


@pytest.fixture
def left_over_dates(store: Store) -> Callable[..., None]:
    """Writes a dates.toml of an older version that cannot be moved into year files: it
    is given a date of 2027, and 2027's file cannot be read."""
    from weekplan.store import DATES, Collection, render_collection

    def write(*dates: SpecialDate) -> None:
        store.dates_dir.mkdir(exist_ok=True)
        store.dates_path(2027).write_text("[dates.x\n", encoding="utf-8")
        collection = Collection(store.single_dates_path, {d.id: d for d in dates}, {})
        store.single_dates_path.write_bytes(render_collection(collection, DATES))
        store.forget()

    return write
