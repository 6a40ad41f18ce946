"""How quickly each dialog opens on the ten-year data set, next to a cursor move timed
in the same run, in a real terminal (tmux), measured with termbench.py from the shared
folder next to the repository (../shared/bench/termbench.py from the repository root;
--termbench PATH to use another).

    python bench/dialog_speed.py [--data bench/data] [--presses 40] [--only a,?]

Each dialog is opened with its key and closed with Escape, in turns; only the opening
is timed: from the key press to the first change of the screen, which is the dialog
painted over the week.  The pressing starts once the planner has settled after its
first screen (bench/settled_keys.py), so the warm-up's building is not timed.  The
cursor move ("l h") is the baseline: a dialog should answer about as quickly as the
cheapest key.  Budget: every dialog within 30 ms at the 95th percentile.

The data set is generated into bench/data/ on the first run (generate_data.py).
Exit status: 0 within every budget, 1 over one of them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from cli_speed import ensure_data
from planner_speed import TERMBENCH, WEEK_LABEL, planner_command
from settled_keys import time_settled_presses

BENCH = Path(__file__).resolve().parent
DIALOG_BUDGET_MS = 30.0


class Press(NamedTuple):
    """A key to time, and the keys pressed after it to set the stage for the next one."""

    name: str
    key: str  # as tmux names it
    keys: str  # the whole cycle given to termbench


CURSOR = Press("cursor move (l)", "l", "l h")
DIALOGS = {
    "a": Press("add form (a)", "a", "a Escape"),
    "?": Press("help (?)", "?", "? Escape"),
    "S": Press("suggest (S)", "S", "S Escape"),
    "r": Press("review (r)", "r", "r Escape"),
    "m": Press("month overview (m)", "m", "m Escape"),
    "M": Press("several weeks (M)", "M", "M Escape"),
}


class Timing(NamedTuple):
    p50: float
    p95: float
    stuck: int  # presses that changed nothing on screen within two seconds


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def check_tools(termbench_path: Path) -> None:
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed: apt-get install tmux")
    if not termbench_path.is_file():
        sys.exit(
            f"termbench.py is not at {termbench_path}: it lives in the shared folder next to the repository "
            "(../shared/bench/termbench.py from the repository root); give its path with --termbench PATH"
        )


@contextmanager
def tmux_server() -> Iterator[None]:
    # A session that outlives every measured one keeps the tmux server up between runs;
    # otherwise a new session can race the server shutting down after the last one.
    keepalive = f"dialog-bench-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keepalive, "sleep 3600"], check=True)
    try:
        yield
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keepalive], capture_output=True)


def time_press(
    termbench_path: Path, command: str, press: Press, presses: int, size: str, ready: str = WEEK_LABEL
) -> Timing:
    """Start `command` (the planner) once and, once it has settled after its first screen
    (its warm-up builds the dialogs ahead), time `presses` presses of the cycle, the key
    alone."""
    timing = time_settled_presses(termbench_path, command, ready, press.keys, presses, size, only=press.key)
    return Timing(timing.p50, timing.p95, timing.stuck)


def print_table(rows: list[tuple[Press, Timing]], baseline: Timing) -> None:
    print(f"{'key':<22}{'p50 ms':>9}{'p95 ms':>9}{'p50 / cursor':>14}{'p95 / cursor':>14}")
    for press, timing in rows:
        print(
            f"{press.name:<22}{timing.p50:>9.1f}{timing.p95:>9.1f}"
            f"{timing.p50 / baseline.p50:>13.1f}×{timing.p95 / baseline.p95:>13.1f}×"
            + (f"  {timing.stuck} presses changed nothing" if timing.stuck else "")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--presses", type=int, default=40, help="presses of each key, Escape not counted")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--only", default=",".join(DIALOGS), help="the dialogs' keys, comma-separated")
    parser.add_argument("--termbench", type=Path, default=TERMBENCH, help=f"path to termbench.py (default {TERMBENCH})")
    args = parser.parse_args(argv)
    check_tools(args.termbench)
    unknown = [key for key in args.only.split(",") if key not in DIALOGS]
    if unknown:
        sys.exit(f"no dialog opens with {', '.join(unknown)}; these do: {', '.join(DIALOGS)}")
    ensure_data(args.data)
    planner = planner_command(args.data)
    print(f"# opening each dialog on {args.data}, {args.size}, load average {load_average()} at the start")
    with tmux_server():
        # Each press cycle is two keys, the timed one and the one that undoes it.
        baseline = time_press(args.termbench, planner, CURSOR, args.presses * 2, args.size)
        rows = [(CURSOR, baseline)]
        for key in args.only.split(","):
            rows.append((DIALOGS[key], time_press(args.termbench, planner, DIALOGS[key], args.presses * 2, args.size)))
    print(f"# load average {load_average()} at the end")
    print_table(rows, baseline)
    over = [press.name for press, timing in rows[1:] if timing.p95 > DIALOG_BUDGET_MS]
    for press, timing in rows[1:]:
        verdict = "OVER  " if press.name in over else "ok    "
        print(f"{verdict}{press.name} p95 {timing.p95:.1f} ms (budget {DIALOG_BUDGET_MS:.0f})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
