"""bench/calendar_sweep.py loaded as a module: its reference reading of a calendar
(recurring-ical-events) and the import's reading of the same, as the calendar tests
compare them.

Shared by tests/unit/test_ics_corpus.py and tests/unit/test_ics_start_apart.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _sweep() -> ModuleType:
    spec = importlib.util.spec_from_file_location("calendar_sweep", ROOT / "bench" / "calendar_sweep.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SWEEP = _sweep()
