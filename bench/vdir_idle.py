"""What a two-way folder's pass costs when nothing changed on either side.

    python bench/vdir_idle.py [--items 1000] [--runs 3] [--other /path/to/other/src]

A data dir with `--items` activities, each with a reminder, written to a two-way
folder; then passes with nothing to do, each reading every file's UID and hash.
Processor time, the median of 5 passes in each of `--runs` fresh processes.  With
`--other` (another checkout's `src`, main's say), the same in turns with that code:
the baseline, in the same run, and the ratio.  Budget: within 1.5x of the baseline.
Exit status: 0 within it (or with no baseline), 1 over it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RATIO_BUDGET = 1.5
OWN_SRC = str(Path(__file__).resolve().parent.parent / "src")

# Run in a process of its own with the code under test first on the path.
CHILD = """
import os, sys, time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo
from weekplan.model import Activity
from weekplan.record import replace
from weekplan.store import Store
from weekplan.vdir import sync_vdir

items, tmp = int(sys.argv[1]), Path(sys.argv[2])
today = date(2026, 11, 23)
root, folder = tmp / "data", tmp / "phone"
store = Store.open(root)
for n in range(items):
    day = today + timedelta(days=n % 120)
    activity = Activity(f"a{n:05d}", day, 600 + n % 8 * 60, 660 + n % 8 * 60, f"item {n}", "hobby")
    store.put_activity(replace(activity, extra={"remind": 15}))
zone = ZoneInfo("Europe/Berlin")
sync_vdir(Store(root), folder, "calendars.phone", today, zone=zone)
times = []
for _ in range(5):
    began = time.process_time()
    sync_vdir(Store(root), folder, "calendars.phone", today, zone=zone)
    times.append(time.process_time() - began)
print(sorted(times)[2])
"""


def one_run(src: str, items: int) -> float:
    """Processor seconds of a pass with nothing to do, with the code at `src`."""
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "PYTHONPATH": src,
            "WEEKPLAN_CACHE_DIR": str(Path(tmp) / "cache"),  # its own: nothing written outside the run
            "WEEKPLAN_DATA_DIR": str(Path(tmp) / "data"),
            "XDG_DATA_HOME": str(Path(tmp) / "xdg"),
            "XDG_STATE_HOME": str(Path(tmp) / "xdg-state"),
            "WEEKPLAN_STATE_DIR": str(Path(tmp) / "state"),
        }
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(items), tmp], env=env, capture_output=True, text=True, check=True
        )
        return float(out.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--other", help="another checkout's src directory, the baseline")
    args = parser.parse_args()
    sources = [OWN_SRC] + ([args.other] if args.other else [])
    times: dict[str, list[float]] = {src: [] for src in sources}
    for _ in range(args.runs):
        for src in sources:  # in turns, so a load that comes and goes meets both
            times[src].append(one_run(src, args.items))
    here = statistics.median(times[OWN_SRC])
    print(f"{args.items} files, a pass with nothing to do, {args.runs} runs (medians of processor time)")
    print(f"  this code: {here * 1000:.0f} ms")
    if not args.other:
        return 0
    base = statistics.median(times[args.other])
    print(f"  {args.other}: {base * 1000:.0f} ms  (this code {here / base:.2f}x)")
    return 0 if here / base <= RATIO_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
