"""A search of one big week file whose ids weekplan did not make (another program, a hand
edit): the index keeps such a file's ids as text, and a search must unpack them once,
not once for each row it lists.

    python bench/search_text_ids.py [--items 1000 3000] [--runs 5] [--other SRC]

Each run writes one week file of N activities titled "Meeting <n>" with ids "ev-<n>" in
a temporary data directory, then, in a fresh interpreter, searches "meeting" once to
index it and times `find(..., nearest=True)` listing the first 200 and listing all.
Medians and ranges in milliseconds.  With --other SRC (another version's src/ folder)
both run in turns.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from cli_speed import environment

MONDAY = date(2026, 11, 23)

# Run in a fresh interpreter: prints the two timings as JSON.
TIMED = r"""
import json, sys, time
from pathlib import Path
from weekplan.search import find
from weekplan.store import Store

store = Store.open(Path(sys.argv[1]))
find(store, "meeting")
times = {}
for limit in (200, None):
    start = time.perf_counter()
    find(store, "meeting", limit=limit, nearest=True, check_files=False)
    times["all" if limit is None else f"first {limit}"] = (time.perf_counter() - start) * 1000
print(json.dumps(times))
"""


def week_file(items: int) -> str:
    return "\n".join(
        f"[activities.ev-{n:06d}]\ndate = {MONDAY + timedelta(days=n % 7)}\n"
        f'start = "{7 + n % 14:02d}:00"\nend = "{8 + n % 14:02d}:00"\ntitle = "Meeting {n}"\n'
        for n in range(items)
    )


def timed(src: Path | None, folder: Path, items: int) -> dict[str, float]:
    data = folder / "data"
    (data / "weeks").mkdir(parents=True)
    (data / "weeks" / "2026-W48.toml").write_text(week_file(items), "utf-8")
    env = dict(environment(), WEEKPLAN_CACHE_DIR=str(folder / "cache"))
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    done = subprocess.run([sys.executable, "-c", TIMED, str(data)], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 3000], help="items in the file")
    parser.add_argument("--runs", type=int, default=5, help="runs of each, in turns (default 5)")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also the weekplan in this src/ folder")
    args = parser.parse_args(argv)
    versions: dict[str, Path | None] = {"this checkout": None}
    if args.other:
        versions["the other"] = args.other
    for items in args.items:
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
        for _ in range(args.runs):
            for name, src in versions.items():
                with tempfile.TemporaryDirectory(prefix="weekplan-text-ids-") as folder:
                    runs[name].append(timed(src, Path(folder), items))
        for name, done in runs.items():
            parts = []
            for what in done[0]:
                values = [run[what] for run in done]
                parts.append(f"{what} {statistics.median(values):.1f} ms ({min(values):.1f}–{max(values):.1f})")
            print(f"{items} items, {name:14} " + ";  ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
