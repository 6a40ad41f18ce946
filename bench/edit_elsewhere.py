"""How long the planner's edit of an entry takes when another program took the entry
out of its week meanwhile, against the same edit of an entry still where it was.

    python bench/edit_elsewhere.py [--data bench/data-100y] [--years 100] [--runs 5] [--other SRC]

The planner applies an edit to the entry as it is stored now (weekplan.rebased_history).
An entry gone from the week file it was in may have been moved to another week by
another planner or a sync, so the other week files are looked through for it: that
look is what this measures, by default on a hundred years of bench/generate_data.py
(made in --data when it is not there yet; some 5,200 week files).

Each turn is a fresh interpreter on a fresh copy of the data, with weekplan's parse
cache empty: a planner just started, the week shown read and nothing else.  Another
program then deletes one entry of that week and moves another to two weeks later, and
the turn times an edit of a title through the undo history of:

- baseline: an entry still in its week;
- then one of: the deleted entry (looked for everywhere, found nowhere, put back with
  the edit), or the moved entry (found in its new week, edited there).

The peak resident size the edit added is noted too.  --other SRC times another version
of weekplan (its src/ folder, e.g. from `git archive <commit> src | tar -x -C /tmp/x`)
in the same turns.  Prints the medians and their ratios; exit status 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from cli_speed import ensure_data

BENCH = Path(__file__).resolve().parent

ONE_TURN = r"""
import json, resource, sys, time
from datetime import timedelta
from pathlib import Path
from weekplan.history import Change
from weekplan.rebased_history import RebasedHistory
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import IsoWeek

root, case = Path(sys.argv[1]), sys.argv[2]
store = Store(root)
week = IsoWeek(2026, 48)
kept, gone, moved = sorted(store.week(week).items.values(), key=lambda a: a.id)[:3]
other = Store(root)
other.remove_activity(gone)
other.put(replace(moved, date=moved.date + timedelta(days=14)), replacing=moved)

def timed(entry):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    RebasedHistory().do(store, Change("rename", entry, replace(entry, title=entry.title + "!")))
    elapsed = time.perf_counter() - started
    return elapsed, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024

baseline, _ = timed(kept)
elsewhere, grown = timed(gone if case == "gone" else moved)
print(json.dumps([baseline, elsewhere, grown]))
"""

CASES = {"gone": "the entry deleted elsewhere", "moved": "the entry moved to another week"}


def one_turn(src: str, data: Path, case: str) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(data, root)
        env = dict(os.environ, PYTHONPATH=src, WEEKPLAN_CACHE_DIR=str(Path(tmp) / "parsed"))
        run = subprocess.run(
            [sys.executable, "-c", ONE_TURN, str(root), case], env=env, capture_output=True, text=True, timeout=600
        )
    if run.returncode:
        raise SystemExit(f"the turn with {src} failed:\n{run.stderr}")
    baseline, elsewhere, grown = json.loads(run.stdout.strip().splitlines()[-1])
    return float(baseline), float(elsewhere), float(grown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data-100y")
    parser.add_argument("--years", type=int, default=100, help="years of data made when --data is empty")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--other", help="src/ of another weekplan version, timed in the same turns")
    args = parser.parse_args(argv)
    ensure_data(args.data, years=args.years)
    versions = [("this checkout", str(BENCH.parent / "src"))]
    if args.other:
        versions.append(("other", args.other))
    found: dict[tuple[str, str], list[tuple[float, float, float]]] = {(v, c): [] for v, _ in versions for c in CASES}
    load_before = os.getloadavg()
    for _ in range(args.runs):
        for case in CASES:
            for version, src in versions:
                found[(version, case)].append(one_turn(src, args.data, case))
    load = os.getloadavg()
    weeks = len(os.listdir(args.data / "weeks"))
    print(f"# {weeks} week files, medians of {args.runs} turns, each a planner just started")
    print(f"# load average {load_before[0]:.2f} before, {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} after")
    print("| version | case | baseline ms | the edit ms | ratio | peak MB added |")
    print("|---|---|---|---|---|---|")
    for version, _src in versions:
        for case, label in CASES.items():
            turns = found[(version, case)]
            base = statistics.median(t[0] for t in turns) * 1000
            slow = statistics.median(t[1] for t in turns) * 1000
            grown = statistics.median(t[2] for t in turns)
            print(f"| {version} | {label} | {base:.1f} | {slow:.1f} | {slow / base:.1f} | {grown:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
