"""How long reading and checking each file of the ten-year data set takes, in the process.

    python bench/store_read_speed.py [--data bench/data] [--number 20]

What the planner reads before its first screen (PlannerApp.start -> refresh_view):
the settings, the week's activities, the special dates, the ideas and the goals,
each from a new Store (so read from disk again, as a start does), and all of them
together.  The parsed-file cache is bench/results/parsed, as for cli_speed.py, and
is filled before timing, as a second start would find it.  Figures are the best of
7 rounds of `--number` reads: what the code costs, warm, not a first start.
"""

from __future__ import annotations

import argparse
import os
import sys
import timeit
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--number", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ["WEEKPLAN_CACHE_DIR"] = str(BENCH / "results" / "parsed")
    from cli_speed import ensure_data

    from weekplan.store import Store
    from weekplan.weeks import IsoWeek

    ensure_data(args.data)
    week = IsoWeek.of(TODAY)
    first, last = week.monday, week.sunday

    def start() -> None:
        store = Store.open(args.data)
        _ = store.config, store.config_errors
        store.activities_between(first, last)
        store.dates_between(first, last)
        _ = store.week(week).errors, store.dates().errors, store.ideas().errors, store.goals().errors

    reads = {
        "config.toml": lambda: Store(args.data).config,
        f"weeks/{week}.toml": lambda: Store(args.data).week(week),
        f"dates/{first.year}.toml": lambda: Store(args.data).dates_of(first.year),
        "dates/ (every year)": lambda: Store(args.data).dates(),
        "ideas.toml": lambda: Store(args.data).ideas(),
        "goals.toml": lambda: Store(args.data).goals(),
        "all that a start reads": start,
    }
    start()  # fills the cache
    print(f"# ms a read, best of 7 rounds of {args.number}, {args.data}")
    for name, read in reads.items():
        best = min(timeit.repeat(read, number=args.number, repeat=7)) / args.number
        print(f"{name:24} {best * 1000:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
