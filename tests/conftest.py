"""Shared fixtures. No test may touch the real data directory, so every test runs
with WEEKPLAN_DATA_DIR pointing into its own temporary folder and a fixed today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from weekplan.store import Store

TODAY = date(2026, 11, 23)  # a Monday, ISO week 2026-W48


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data_dir = tmp_path / "data"
    monkeypatch.setenv("WEEKPLAN_DATA_DIR", str(data_dir))
    monkeypatch.setenv("WEEKPLAN_TODAY", TODAY.isoformat())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return data_dir


@pytest.fixture
def store(private_data_dir: Path) -> Store:
    return Store.open(private_data_dir)
