"""The processor time of a letter typed in the planner's search dialog, headless, on ten
(or a hundred) years of data: the part of bench/search_speed.py's figures that is
weekplan's own, and that the machine's load moves far less than the wall clock.

    python bench/search_cpu.py [--years 10] [--rounds 10] [--query "pottery studio"]
    python bench/search_cpu.py --other /tmp/main/src        # another version, in turns
    python bench/search_cpu.py --profile                    # where a letter's time goes

The planner runs headless (Textual's Pilot, 120x40), with its full collections kept for
quiet moments and the start-up objects frozen, as a person's planner has them.  Each
round opens the dialog (`/`), types the query a letter at a time and closes it; for
each letter, the processor time (every thread of the process) from the key press to
the first frame handed to the terminal whose dialog says how many were found for that
text, and the processor time Python's garbage collector spent in between (gc.callbacks).  The
first round is not timed: it takes up the kept index.
With --other SRC both versions run in turns, each in a fresh interpreter.
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
import time
from datetime import date
from pathlib import Path
from typing import Any

from cli_speed import environment
from search_speed import data_dir

BENCH = Path(__file__).resolve().parent
TODAY = date.fromisoformat(environment()["WEEKPLAN_TODAY"])


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


async def measure(data: Path, query: str, rounds: int, profile: bool) -> dict[str, Any]:
    from textual.widgets import Static

    from weekplan.app.planner import HERE, PlannerApp
    from weekplan.store import Store

    class TimedPlanner(PlannerApp):
        CSS_PATH = str(HERE / "planner.tcss")
        frames: list[tuple[float, str]] = []

        def _display(self, screen: Any, renderable: Any) -> None:
            if renderable is not None:
                try:
                    status = str(screen.query_one("#search-status", Static).content)
                except Exception:
                    status = ""
                self.frames.append((time.process_time(), status))
            super()._display(screen, renderable)

    collecting: list[float] = []
    started_at: list[float] = []

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started_at.append(time.thread_time())
        elif started_at:
            collecting.append(time.thread_time() - started_at.pop())

    os.environ.update({k: v for k, v in environment().items() if k.startswith("WEEKPLAN_")})
    app = TimedPlanner(Store(data), today=TODAY, collect_when_idle=True)
    letters: list[float] = []
    collected: list[float] = []
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        gc.collect()
        gc.freeze()  # as collection_pause does once the first screen is up
        gc.callbacks.append(on_collection)
        for round_ in range(rounds + 1):
            await pilot.press("slash")
            await pilot.pause(0.3)  # the files checked against the index, in its thread
            for n in range(1, len(query) + 1):
                wanted = repr(query[:n].strip())
                app.frames.clear()
                collecting.clear()
                if profiler is not None and round_:
                    profiler.enable()
                start = time.process_time()
                await pilot.press(query[n - 1] if query[n - 1] != " " else "space")
                for _ in range(400):
                    if any(wanted in status for _, status in app.frames):
                        break
                    await pilot.pause(0.005)
                if profiler is not None:
                    profiler.disable()
                if round_:
                    at = next(t for t, status in app.frames if wanted in status)
                    letters.append((at - start) * 1000)
                    collected.append(sum(collecting) * 1000)
                await pilot.pause(0.02)
            await pilot.press("escape")
            await pilot.pause(0.3)
        gc.callbacks.remove(on_collection)
    gc.unfreeze()
    if profiler is not None:
        import pstats

        pstats.Stats(profiler, stream=sys.stderr).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)
    return {"letters": letters, "collected": collected}


def report(name: str, got: dict[str, Any], query: str) -> None:
    letters, collected = got["letters"], got["collected"]
    print(
        f"{name:<10} a letter: p50 {statistics.median(letters):.1f} ms  p95 {p95(letters):.1f}  "
        f"max {max(letters):.1f}  n {len(letters)};  collecting: {sum(1 for c in collected if c > 0.5)} letters "
        f"over 0.5 ms, max {max(collected):.1f} ms"
    )
    size = len(query)
    by_letter = [statistics.median(letters[n::size]) for n in range(size)]
    print("  median by letter  " + "  ".join(f"{query[n]!r} {ms:.1f}" for n, ms in enumerate(by_letter)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10, help="the data set (default 10)")
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds (default 10)")
    parser.add_argument("--turns", type=int, default=2, help="with --other: turns of each (default 2)")
    parser.add_argument("--query", default="pottery studio")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also time the weekplan in this src/ folder")
    parser.add_argument("--profile", action="store_true", help="print where the letters' time went (cProfile)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run, for --other
    args = parser.parse_args(argv)
    data = data_dir(args.years)
    if args.json:
        got = asyncio.run(measure(data, args.query, args.rounds, args.profile))
        print(json.dumps(got))
        return 0
    if args.other is None:
        got = asyncio.run(measure(data, args.query, args.rounds, args.profile))
        report("this", got, args.query)
        return 0
    versions = {"this": os.environ.get("PYTHONPATH", str(BENCH.parent / "src")), "other": str(args.other.resolve())}
    runs: dict[str, dict[str, list[float]]] = {name: {"letters": [], "collected": []} for name in versions}
    own = [str(Path(__file__).resolve()), "--json", "--years", str(args.years), "--rounds", str(args.rounds)]
    for _ in range(args.turns):
        for name, src in versions.items():
            env = dict(environment(), PYTHONPATH=src)
            out = subprocess.run([sys.executable, *own, "--query", args.query], env=env, capture_output=True, text=True)
            if out.returncode:
                sys.exit(out.stderr)
            got = json.loads(out.stdout.strip().splitlines()[-1])
            for key in runs[name]:
                runs[name][key] += got[key]
    for name, got in runs.items():
        report(name, got, args.query)
    ratio = p95(runs["this"]["letters"]) / p95(runs["other"]["letters"])
    print(f"p95 this / other: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
