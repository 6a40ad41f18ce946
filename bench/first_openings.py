"""The processor time of the very first opening of each dialog, in a planner just
started, next to a cursor move: what a person waits for the first time they press a
dialog's key (bench/dialog_cpu.py times the openings after it, of a dialog kept).

    python bench/first_openings.py [--data bench/data] [--runs 5] [--other SRC]

Each press is timed in a fresh interpreter: the planner starts headless (120x40, the
start-up objects frozen as a person's planner does, its warm-up of the dialogs run
where the version has one: see weekplan.app.warm_up), the key is pressed once, and the
processor time from the press to the first frame handed to the terminal is noted.  The
keys and versions run in turns; medians and the slowest run are printed as a table,
with the longest stretch the event loop spent in one callback during the warm-up (what
a key pressed during it can wait for) and the resident size once the warm-up is over.
--other SRC adds another version of weekplan (its src/ folder, e.g. main's from `git
archive main src | tar -x -C /tmp/main`) to the same rounds.  --calls counts the Python
calls from the press to the first frame instead (sys.setprofile, this thread), a figure
the machine's load does not move.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from cli_speed import ensure_data, environment

BENCH = Path(__file__).resolve().parent
KEYS = [
    ("cursor move (l)", "l"),
    ("add form (a)", "a"),
    ("help (?)", "question_mark"),
    ("suggest (S)", "S"),
    ("review (r)", "r"),
    ("search (/)", "slash"),
    ("overview (m)", "m"),
]

# Run in the child: start the planner, press the key once, print the milliseconds.
ONE_PRESS = """
import asyncio, gc, inspect, json, sys, time
from datetime import date
from pathlib import Path
from weekplan.app.planner import HERE, PlannerApp
from weekplan.store import Store

# What a key pressed during the warm-up can wait for: the longest stretch the event
# loop spends in one callback meanwhile (a step, or a piece of a dialog being built).
stretches = []
run_callback = asyncio.events.Handle._run

def timed_run(handle):
    start = time.process_time()
    try:
        return run_callback(handle)
    finally:
        stretches.append((time.process_time() - start) * 1000)

class TimedPlanner(PlannerApp):
    CSS_PATH = str(HERE / "planner.tcss")
    frames = []

    def _start_warm_up(self):
        asyncio.events.Handle._run = timed_run
        super()._start_warm_up()

    def _display(self, screen, renderable):
        if renderable is not None:
            self.frames.append(time.process_time())
            sys.setprofile(None)  # counting calls ends at the first frame
        super()._display(screen, renderable)

calls = [0]

def count_calls(frame, event, arg):
    if event == "call":
        calls[0] += 1

async def main():
    # The warm-up a person's planner runs once its first screen is up, where this
    # version has one; the key is pressed once it is over.
    # Full collections wait for a quiet moment, as in a person's planner.
    warms = "warm_up" in inspect.signature(PlannerApp.__init__).parameters
    options = {"warm_up": True, "collect_when_idle": True} if warms else {}
    app = TimedPlanner(Store(Path(sys.argv[1])), today=date.fromisoformat(sys.argv[3]), **options)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        deadline = time.monotonic() + 30
        while warms and (app.warm_up is None or not app.warm_up.finished):
            if time.monotonic() > deadline:
                done = None if app.warm_up is None else app.warm_up.done
                sys.exit(f"the warm-up was not over after 30 s (steps done: {done})")
            await pilot.pause(0.02)
        asyncio.events.Handle._run = run_callback
        warm_up_stretches = list(stretches)  # not the collection below
        gc.collect()
        gc.freeze()
        await pilot.pause(0.05)
        status = open("/proc/self/status").read()
        resident = int(status.split("VmRSS:")[1].split()[0]) / 1024
        app.frames.clear()
        start = time.process_time()
        if sys.argv[4] == "calls":
            sys.setprofile(count_calls)
        await pilot.press(sys.argv[2])
        await pilot.pause(0.05)
        opening = (app.frames[0] - start) * 1000 if app.frames else None
        if sys.argv[4] == "calls":
            opening = calls[0] if app.frames else None
        print(json.dumps([opening, max(warm_up_stretches, default=0.0), resident]))

asyncio.run(main())
"""


def first_opening(src: str, data: Path, key: str, measure: str = "time") -> tuple[float, float, float]:
    """The first opening's milliseconds (`measure` "calls": its Python calls), the longest
    stretch in one callback during the warm-up before it, and the resident size (MB) once
    the warm-up was over."""
    env = dict(environment(), PYTHONPATH=src)
    run = subprocess.run(
        [sys.executable, "-c", ONE_PRESS, str(data), key, env["WEEKPLAN_TODAY"], measure],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode:
        raise SystemExit(f"pressing {key!r} with {src} failed:\n{run.stderr}")
    opening, longest_step, resident = json.loads(run.stdout.strip().splitlines()[-1])
    if opening is None:
        raise SystemExit(f"no frame came within 50 ms of pressing {key!r} with {src}")
    return float(opening), float(longest_step), float(resident)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--other", help="src/ of another weekplan version, timed in the same rounds")
    parser.add_argument("--calls", action="store_true", help="count the Python calls to the first frame instead")
    args = parser.parse_args(argv)
    ensure_data(args.data)
    versions = [("this checkout", str(BENCH.parent / "src"))]
    if args.other:
        versions.append(("other", args.other))
    found: dict[tuple[str, str], list[float]] = {(v, k): [] for v, _ in versions for k, _ in KEYS}
    steps: dict[str, list[float]] = {v: [] for v, _ in versions}
    resident: dict[str, list[float]] = {v: [] for v, _ in versions}
    load_before = os.getloadavg()
    for _ in range(args.runs):
        for name, key in KEYS:
            for version, src in versions:
                opening, longest_step, size = first_opening(src, args.data, key, "calls" if args.calls else "time")
                found[(version, name)].append(opening)
                steps[version].append(longest_step)
                resident[version].append(size)
    load = os.getloadavg()
    what = "Python calls" if args.calls else "processor time (ms)"
    print(f"# {what} of the first opening in a planner just started, medians of {args.runs} runs")
    print(f"# load average {load_before[0]:.2f} before, {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} after")
    print("| key | " + " | ".join(f"{version}: median / slowest" for version, _ in versions) + " |")
    print("|---|" + "---|" * len(versions))
    for name, _key in KEYS:
        digits = 0 if args.calls else 1
        figures = [(statistics.median(found[(v, name)]), max(found[(v, name)])) for v, _ in versions]
        cells = [f"{median:.{digits}f} / {slowest:.{digits}f}" for median, slowest in figures]
        print(f"| {name} | " + " | ".join(cells) + " |")
    cells = [f"{statistics.median(steps[v]):.1f} / {max(steps[v]):.1f}" for v, _ in versions]
    print("| longest stretch in one callback during the warm-up (0: none) | " + " | ".join(cells) + " |")
    cells = [f"{statistics.median(resident[v]):.1f} / {max(resident[v]):.1f}" for v, _ in versions]
    print("| resident MB once the warm-up is over (headless) | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
