"""The processor time the planner spends opening each dialog, on the ten-year data set,
next to a cursor move and a week change: the part of bench/dialog_speed.py's figures
that is weekplan's own, and that stays the same however busy the machine is.

    python bench/dialog_cpu.py [--data bench/data] [--presses 15]

The planner runs headless (Textual's Pilot, 120x40, the start-up objects frozen as a
person's planner does).  For each key, pressed in turns with the key that undoes it:
the processor time from the press to the first frame the screen hands to the terminal,
and until everything the press set going is done (the dialog's later frames, its
footer).  Closing is timed too: what a key pressed right after Escape waits for.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from cli_speed import ensure_data, environment

from weekplan.app.planner import HERE, PlannerApp
from weekplan.store import Store

BENCH = Path(__file__).resolve().parent
TODAY = date.fromisoformat(environment()["WEEKPLAN_TODAY"])
# (name, key, the key that undoes it)
KEYS = [
    ("cursor move (l)", "l", "h"),
    ("week change (])", "right_square_bracket", "left_square_bracket"),
    ("add form (a)", "a", "escape"),
    ("help (?)", "question_mark", "escape"),
    ("suggest (S)", "S", "escape"),
    ("review (r)", "r", "escape"),
]


class TimedPlanner(PlannerApp):
    """The planner, noting the processor time of each frame it hands to the terminal."""

    CSS_PATH = str(HERE / "planner.tcss")  # a relative one would be read next to this file
    frames: list[float]

    def _display(self, screen: Any, renderable: Any) -> None:
        if renderable is not None:
            self.frames.append(time.process_time())
        super()._display(screen, renderable)


def _ms(seconds: float) -> float:
    return seconds * 1000


async def measure(data: Path, presses: int) -> list[tuple[str, list[float], list[float], list[float]]]:
    app = TimedPlanner(Store(data), today=TODAY)
    app.frames = []
    rows = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        gc.collect()
        gc.freeze()  # as collection_pause does once the first screen is up
        for name, key, undo in KEYS:
            await pilot.press(key, undo)  # the first opening builds the dialog: not timed
            await pilot.pause(0.05)
            first, done, close = [], [], []
            for _ in range(presses):
                app.frames.clear()
                start = time.process_time()
                await pilot.press(key)
                await pilot.pause(0.05)
                done.append(_ms(time.process_time() - start))
                first.append(_ms(app.frames[0] - start) if app.frames else float("nan"))
                start = time.process_time()
                await pilot.press(undo)
                await pilot.pause(0.05)
                close.append(_ms(time.process_time() - start))
            rows.append((name, first, done, close))
    gc.unfreeze()
    return rows


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--presses", type=int, default=15)
    args = parser.parse_args(argv)
    ensure_data(args.data)
    rows = asyncio.run(measure(args.data, args.presses))
    print(f"# processor time (ms) on {args.data}, 120x40, medians of {args.presses} presses (p95 for the first frame)")
    print(f"{'key':<18}{'first frame':>12}{'p95':>7}{'all done':>10}{'closing':>9}{'first / cursor':>16}")
    cursor = statistics.median(rows[0][1])
    for name, first, done, close in rows:
        frame = statistics.median(first)
        print(
            f"{name:<18}{frame:>12.1f}{p95(first):>7.1f}{statistics.median(done):>10.1f}"
            f"{statistics.median(close):>9.1f}{frame / cursor:>15.1f}×"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
