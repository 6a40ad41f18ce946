"""The Python calls the planner makes from the key that opens the kept add form again
to the first frame the screen hands to the terminal, and for the first key typed in
its title (which makes the form whole, so that it is checked as one that can be
saved) until the press is handled: a figure of the work an opening
does that the machine's load does not move at all, where processor time
(bench/dialog_cpu.py) moves by more than a small change.

    python bench/dialog_calls.py [--data bench/data] [--openings 5]

The planner runs headless as in dialog_cpu.py; the form is opened once first (that
opening builds it) and then opened and closed again, then opened, typed in and closed.  For each opening, every Python
call (sys.setprofile's "call" events, Pilot's own included, the same in every
version) is counted, and those made within the form's reopen(), refresh_messages() and
check().
Run it with another version's src/ first on PYTHONPATH to compare: the counts are
exact, so one run of each says it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from cli_speed import ensure_data
from dialog_cpu import TODAY, TimedPlanner

from weekplan.store import Store

BENCH = Path(__file__).resolve().parent
WITHIN = ("reopen", "refresh_messages", "check")


class CountedPlanner(TimedPlanner):
    """The planner, ending the count at the first frame it hands to the terminal."""

    to_first_frame = True

    def _display(self, screen: Any, renderable: Any) -> None:
        if renderable is not None and self.to_first_frame:
            sys.setprofile(None)
        super()._display(screen, renderable)


def counting() -> tuple[dict[str, int], Any]:
    counts = dict.fromkeys(("all", *WITHIN), 0)
    inside = dict.fromkeys(WITHIN, 0)

    def profile(frame: FrameType, event: str, _arg: object) -> None:
        name = frame.f_code.co_name
        if event == "call":
            counts["all"] += 1
            for outer in WITHIN:
                counts[outer] += inside[outer] > 0
            if name in inside and "screens" in frame.f_code.co_filename:
                inside[name] += 1
        elif event == "return" and name in inside and "screens" in frame.f_code.co_filename:
            inside[name] -= 1

    return counts, profile


async def counted_press(pilot: Any, key: str) -> dict[str, int]:
    counts, profile = counting()
    sys.setprofile(profile)
    await pilot.press(key)
    sys.setprofile(None)
    await pilot.pause(0.05)
    return counts


async def measure(data: Path, openings: int) -> dict[str, list[dict[str, int]]]:
    app = CountedPlanner(Store(data), today=TODAY)
    app.frames = []
    found: dict[str, list[dict[str, int]]] = {"the key a": [], "a key in the title": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a", "escape")  # the first opening builds the form: not counted
        await pilot.pause(0.05)
        for _ in range(openings):
            found["the key a"].append(await counted_press(pilot, "a"))
            await pilot.press("escape")
            await pilot.pause(0.05)
        app.to_first_frame = False
        for _ in range(openings):
            await pilot.press("a")
            await pilot.pause(0.05)
            found["a key in the title"].append(await counted_press(pilot, "x"))
            await pilot.press("escape")
            await pilot.pause(0.05)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--openings", type=int, default=5)
    args = parser.parse_args(argv)
    ensure_data(args.data)
    found = asyncio.run(measure(args.data, args.openings))
    import weekplan

    print(f"# Python calls, {args.openings} openings, {weekplan.__file__}")
    for key, counted in found.items():
        for part in ("all", *WITHIN):
            median = statistics.median(c[part] for c in counted)
            print(f"{key}, {part}: median {median:.0f}, all {[c[part] for c in counted]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
