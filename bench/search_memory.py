"""What searching adds to the planner's memory, headless, once its warm-up is over, on
ten and a hundred years of data, next to another version in turns.

    python bench/search_memory.py [--years 10 100] [--runs 3] [--other SRC]

Each run starts the planner headless (Textual's Pilot, 120x40) with its warm-up, as a
person's planner has it, waits until the warm-up has built every dialog, collects, and
reads the process's resident size (VmRSS); then opens the search dialog, types the
query a letter at a time and closes it, three times, collects and reads it again.
The difference is what the searches added, against the 0.1x of the empty Textual app
(33.4 MB in docs/benchmarks.md) that the budget allows.  search_speed.py reads the
same in a terminal, but its first reading comes one second after the first screen,
while the warm-up may still be building: there the searches' share moved by
megabytes between runs of the same code.

Each version keeps its index in a cache folder of its own (a temporary one), and the
first run of each is not counted: it reads every file and keeps the index, as the
first search after an upgrade does.  With --other SRC (another version's src/ folder,
e.g. from `git archive`) both run in turns, each in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from cli_speed import environment
from search_speed import data_dir

BENCH = Path(__file__).resolve().parent
QUERY = "pottery studio"
EMPTY_APP_MB = 33.4  # docs/benchmarks.md: the empty Textual app, resident
BUDGET = 0.1  # of the empty app: what a search may add
WARM_UP_WAIT = 15.0  # seconds at most


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def measure(data: Path, query: str) -> dict[str, float]:
    from weekplan.app.planner import HERE, PlannerApp
    from weekplan.store import Store

    class Planner(PlannerApp):
        CSS_PATH = str(HERE / "planner.tcss")

    today = date.fromisoformat(environment()["WEEKPLAN_TODAY"])
    app = Planner(Store(data), today=today, collect_when_idle=True, warm_up=True)
    async with app.run_test(size=(120, 40)) as pilot:
        waited = 0.0
        while app.warm_up is None or not app.warm_up.finished:
            await pilot.pause(0.1)
            waited += 0.1
            if waited > WARM_UP_WAIT:
                raise SystemExit("the warm-up did not finish")
        await pilot.pause(0.5)
        gc.collect()
        before = resident_mb()
        for round_ in range(3):
            await pilot.press("slash")
            await pilot.pause(1.0 if round_ == 0 else 0.3)  # the files checked, in the search's thread
            for letter in query:
                await pilot.press(letter if letter != " " else "space")
                await pilot.pause(0.03)
            await pilot.press("escape")
            await pilot.pause(0.3)
        await pilot.pause(1.0)
        gc.collect()
        after = resident_mb()
    return {"before": before, "after": after}


def run(src: str | None, cache: Path, data: Path) -> dict[str, float]:
    env = dict(environment(), WEEKPLAN_CACHE_DIR=str(cache))
    if src is not None:
        env["PYTHONPATH"] = src
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--json", str(data)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, nargs="+", default=[10, 100], help="data sets (default 10 100)")
    parser.add_argument("--runs", type=int, default=3, help="counted runs of each, in turns (default 3)")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also the weekplan in this src/ folder")
    parser.add_argument("--json", type=Path, metavar="DATA", help=argparse.SUPPRESS)  # one run, for main
    args = parser.parse_args(argv)
    if args.json is not None:
        print(json.dumps(asyncio.run(measure(args.json, QUERY))))
        return 0
    versions: dict[str, str | None] = {"this checkout": os.environ.get("PYTHONPATH")}
    if args.other:
        versions["the other"] = str(args.other.resolve())
    over = False
    with tempfile.TemporaryDirectory(prefix="weekplan-search-memory-") as folder:
        for years in args.years:
            data = data_dir(years)
            caches = {name: Path(folder) / f"{name.replace(' ', '-')}-{years}" for name in versions}
            for name, src in versions.items():
                run(src, caches[name], data)  # reads every file, keeps the index
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
            for _ in range(args.runs):
                for name, src in versions.items():
                    runs[name].append(run(src, caches[name], data))
            for name, got in runs.items():
                added = [one["after"] - one["before"] for one in got]
                share = statistics.median(added) / EMPTY_APP_MB
                over |= name == "this checkout" and share > BUDGET
                print(
                    f"{years} years, {name}: warmed up {statistics.median(one['before'] for one in got):.1f} MB, "
                    f"after the searches {statistics.median(one['after'] for one in got):.1f} MB; added "
                    + ", ".join(f"{mb:.2f}" for mb in added)
                    + f" MB: median {share:.3f}x the empty app (budget {BUDGET}x)"
                )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
