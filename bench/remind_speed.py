"""What keeping the record of reminders shown costs `weekplan remind`: a look (no
record), a run with `--once` (the record read, the look back, the record written under
its lock), and `weekplan show --json` and the bare interpreter beside them, on the
ten-year data set, interleaved in the same rounds.

    python bench/remind_speed.py [--runs 30] [--data bench/data] [--other SRC]

The record is kept in bench/results/state.  With --other SRC, another version's look
(its src/ folder) runs in the same rounds.  Figures are medians of wall and processor
time (see cli_speed.py, whose way of running them this shares).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from cli_speed import BENCH, ensure_data, environment, processor_time

AT = "2026-11-25T17:00"


def commands(data: Path, other: Path | None) -> dict[str, list[str]]:
    script = shutil.which("weekplan") or str(Path(sys.executable).parent / "weekplan")
    remind = [script, "--data-dir", str(data), "remind", "--at", AT, "--within", "5"]
    found = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        "weekplan show --json": [script, "--data-dir", str(data), "show", "2026-W48", "--json"],
        "weekplan remind (a look)": remind,
        "weekplan remind --once": [*remind, "--once"],
    }
    if other is not None:
        look = [sys.executable, "-m", "weekplan", *remind[1:]]
        found["the other's remind (a look)"] = [f"PYTHONPATH={other.resolve()}", *look]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command (default 30)")
    parser.add_argument("--data", type=Path, default=BENCH / "data", help="data set directory (default bench/data)")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also time the look of the weekplan in this src/")
    args = parser.parse_args(argv)

    ensure_data(args.data)
    env = environment() | {"WEEKPLAN_STATE_DIR": str(BENCH / "results" / "state")}
    timed = commands(args.data, args.other)
    for argv_ in timed.values():  # warm up: compiled modules, the parse cache, the record
        for _ in range(3):
            _timed(argv_, env)

    times: dict[str, list[float]] = {name: [] for name in timed}
    processor: dict[str, list[float]] = {name: [] for name in timed}
    order = list(timed)
    rng = random.Random(1)
    for _ in range(args.runs):
        rng.shuffle(order)
        for name in order:
            wall, used = _timed(timed[name], env)
            times[name].append(wall)
            processor[name].append(used)

    look = statistics.median(times["weekplan remind (a look)"])
    show = statistics.median(times["weekplan show --json"])
    print(
        f"\n{'command':30} {'median':>9} {'/look':>7} {'/show':>7} {'processor':>10}   ({args.runs} runs, interleaved)"
    )
    for name, samples in times.items():
        median = statistics.median(samples)
        used = statistics.median(processor[name])
        print(f"{name:30} {median * 1000:7.1f}ms {median / look:6.2f}x {median / show:6.2f}x {used * 1000:8.1f}ms")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    return 0


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """As cli_speed.run_once, for a command whose exit status 1 says "nothing due"."""
    if argv[0].startswith("PYTHONPATH="):
        env = dict(env, PYTHONPATH=argv[0].partition("=")[2])
        argv = argv[1:]
    before = processor_time()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv}: exit status {done.returncode}: {done.stderr.decode()}")
    return wall, processor_time() - before


if __name__ == "__main__":
    sys.exit(main())
