"""bench/calendar_sweep.py loaded as a module: its reference reading of a calendar
(recurring-ical-events) and the import's reading of the same, as the calendar tests
compare them.

Shared by tests/unit/test_ics_corpus.py and tests/unit/test_ics_start_apart.py.
"""

from __future__ import annotations

from script_module import load_script

SWEEP = load_script("bench/calendar_sweep.py")
