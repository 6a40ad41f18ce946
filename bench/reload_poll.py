"""What the planner's check for files changed on disk costs, on a ten-year data set.

    python bench/reload_poll.py [--runs 2000] [--data bench/data]

The planner calls `store.changed_files()` once a second (weekplan/app/disk_sync.py):
one stat per file the store has read.  Measured twice: after showing one week (what
the planner has read at start) and after reading every week (the most a session
could read; a search reads them into its own index, not into the store).  Beside
them, in the same run, a single os.stat of one file, so that the figures read as
"so many stats".  Medians of many calls.  Budget: one check after reading every week
within 2 ms.  Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from generate_data import generate

from weekplan.store import Store

BENCH = Path(__file__).resolve().parent
BUDGET_MS = 2.0
TODAY = date(2026, 11, 23)


def median_ms(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    args = parser.parse_args(argv)
    if not (args.data / "weeks").is_dir():
        generate(args.data)

    store = Store.open(args.data)
    store.activities_between(TODAY, TODAY.replace(day=29))
    for read in (store.dates, store.ideas, store.goals, store.routines):
        read()
    _ = store.config
    one_stat = median_ms(lambda: os.stat(store.config_path), args.runs)
    week_files = len(store._signatures)
    one_week = median_ms(store.changed_files, args.runs)
    for _week in store.all_activities():
        pass
    all_files = len(store._signatures)
    all_weeks = median_ms(store.changed_files, args.runs // 4)

    rows = [
        ("os.stat of one file", one_stat),
        (f"check, one week shown ({week_files} files)", one_week),
        (f"check, every week read ({all_files} files)", all_weeks),
    ]
    for name, ms in rows:
        print(f"{name:<38} {ms * 1000:8.1f} µs  ({ms / one_stat:5.0f} stats)")
    print(f"budget: {BUDGET_MS:g} ms for the second")
    return 0 if all_weeks <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
