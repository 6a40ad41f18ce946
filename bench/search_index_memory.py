"""What the search index costs in memory once taken up from its kept copy, on ten and a
hundred years of data, in a fresh interpreter each time, next to another version.

    python bench/search_index_memory.py [--years 10 100] [--runs 3] [--other SRC]

Each run opens the data set's store and reads its settings (what the planner has done
before any search), then takes up the kept search index (weekplan.search.index_of and
one refresh, which reads no file when the kept copy is current), then searches once.
It reports the process's resident size (VmRSS) added by each step, the processor
time of taking it up (the median of the runs), and, in a second run with tracemalloc
on, the memory the index holds (traced).  The difference is what
taking it up leaves in the process besides the index itself.

Each version keeps its index in its own cache folder (a temporary one): two versions
with different kept formats sharing one would each find the other's unusable.  The
first run of each is untimed: it reads every file and keeps the index.  With --other
SRC (another version's src/ folder, e.g. main's from `git archive`) both run in turns.
The search dialog, Textual and the planner are not part of this: `search_speed.py`
measures the planner's memory after a search, of which the index is one part.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from cli_speed import environment

BENCH = Path(__file__).resolve().parent
QUERY = "pottery studio"

# Run in a fresh interpreter: prints the resident sizes and the traced index as JSON.
TAKE_UP = r"""
import gc, json, os, sys, time, tracemalloc
from pathlib import Path

def resident():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")

data, query, traced, keep = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "traced", sys.argv[4] == "keep"
from weekplan.search import index_of, search
from weekplan.store import Store

store = Store.open(data)
store.config
index = index_of(store)
gc.collect()
before = resident()
if traced:
    tracemalloc.start()
started = time.process_time()
index.refresh()
spent = time.process_time() - started
gc.collect()
held = tracemalloc.get_traced_memory()[0] / 1024 / 1024 if traced else None
taken = resident()
found = len(search(store, query))
gc.collect()
searched = resident()
if keep:
    index.save()
figures = {"index": taken - before, "search": searched - taken, "traced": held, "found": found}
print(json.dumps(dict(figures, cpu=spent * 1000)))
"""


def data_dir(years: int) -> Path:
    path = BENCH / ("data" if years == 10 else f"data-{years}y")
    if not (path / "weeks").is_dir():
        sys.exit(f"{path} is missing: run bench/search_speed.py once to generate it")
    return path


def take_up(src: Path | None, cache: Path, data: Path, *, traced: bool = False, keep: bool = False) -> dict:
    env = dict(environment(), WEEKPLAN_CACHE_DIR=str(cache))
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    done = subprocess.run(
        [sys.executable, "-c", TAKE_UP, str(data), QUERY, "traced" if traced else "-", "keep" if keep else "-"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, nargs="+", default=[10, 100], help="data sets (default 10 100)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, in turns (default 3)")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also the weekplan in this src/ folder")
    args = parser.parse_args(argv)
    versions: dict[str, Path | None] = {"this checkout": None}
    if args.other:
        versions["the other"] = args.other
    heads = f"{'index, resident':>16} {'index, traced':>14} {'a search after':>15} {'found':>6}"
    print(f"{'':28} {heads} {'take-up, processor':>19}")
    with tempfile.TemporaryDirectory(prefix="weekplan-index-memory-") as folder:
        for years in args.years:
            data = data_dir(years)
            caches = {name: Path(folder) / f"{name.replace(' ', '-')}-{years}" for name in versions}
            for name, src in versions.items():
                take_up(src, caches[name], data, keep=True)  # reads every file, keeps the index
            runs: dict[str, list[dict]] = {name: [] for name in versions}
            for _ in range(args.runs):
                for name, src in versions.items():
                    runs[name].append(take_up(src, caches[name], data))
            for name, src in versions.items():
                traced = take_up(src, caches[name], data, traced=True)["traced"]
                resident = statistics.median(run["index"] for run in runs[name])
                searched = statistics.median(run["search"] for run in runs[name])
                found = runs[name][0]["found"]
                cpu = statistics.median(run["cpu"] for run in runs[name])
                print(
                    f"{f'{years} years, {name}':28} {resident:13.2f} MB {traced:11.2f} MB {searched:12.2f} MB {found:6}"
                    f" {cpu:16.1f} ms"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
