"""How long the planner's edit of an entry takes when another program took the entry
out of its week meanwhile, against the same edit of an entry still where it was.

    python bench/edit_elsewhere.py [--runs 7]

The planner applies an edit to the entry as it is stored now (weekplan.rebased_history).
An entry gone from the week file it was in may have been moved to another week by
another planner or a sync, so every week file is looked through for it: that look is
what this measures, on the ten-year data set of bench/generate_data.py (some 520 week
files, each read once before, as the planner's search reads them; weekplan's parse
cache keeps the newest 256 files parsed, so the rest are parsed again).

Each turn opens the data afresh in one process, as the planner holds it (the week
shown read), and times two edits of a title through the undo history:

- baseline: an entry still in its week;
- gone: an entry another program deleted meanwhile (looked for in every week, found
  nowhere, put back with the edit).

Prints the medians and their ratio; exit status 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from weekplan.history import Change  # noqa: E402
from weekplan.rebased_history import RebasedHistory  # noqa: E402
from weekplan.record import replace  # noqa: E402
from weekplan.store import Store  # noqa: E402
from weekplan.weeks import IsoWeek  # noqa: E402


def one_turn(root: Path) -> tuple[float, float]:
    store = Store(root)
    week = IsoWeek(2026, 48)
    kept, gone = list(store.week(week).items.values())[:2]
    Store(root).remove(gone)  # another program deletes it; this store has not looked yet

    started = time.perf_counter()
    RebasedHistory().do(store, Change("rename", kept, replace(kept, title=kept.title + "!")))
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    RebasedHistory().do(store, Change("rename", gone, replace(gone, title=gone.title + "!")))
    return baseline, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WEEKPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")  # never the user's cache
        made, root = Path(tmp) / "made", Path(tmp) / "data"
        subprocess.run([sys.executable, str(HERE / "generate_data.py"), str(made)], check=True, capture_output=True)
        baselines, gones = [], []
        for _turn in range(args.runs):
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(made, root)
            for _ in Store(root).all_activities():  # every week read once, as a search does
                pass
            baseline, gone = one_turn(root)
            baselines.append(baseline)
            gones.append(gone)
    base, slow = statistics.median(baselines), statistics.median(gones)
    print(f"edit of an entry in its week:          median {base * 1000:7.1f} ms over {args.runs} runs")
    print(f"edit of an entry gone from its week:   median {slow * 1000:7.1f} ms")
    print(f"ratio: {slow / base:.1f}")


if __name__ == "__main__":
    main()
