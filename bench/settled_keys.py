"""Key presses timed in a real terminal (tmux) once the program has settled: its first
screen is up and it has stopped working on its own.

termbench.py's `keys` starts pressing half a second after the first screen.  The
planner a person runs goes on working for a while after that: it imports the dialogs'
modules and builds the kept dialogs off screen (weekplan/app/warm_up.py), about a
second on a quiet machine and several on a busy one.  A press made then waits for
the step under way, so a run started at a fixed moment times the warm-up as much as
the key, and more of it the busier the machine.  Here the pressing starts once the
program's own processor time has stopped growing: over the last SETTLE_SECONDS it
used at most IDLE_SHARE of them (a checked signal, not a guessed delay).  A program
that never settles within SETTLE_TIMEOUT_SECONDS stops the run with what it shows.

    python bench/settled_keys.py "weekplan" "Week 48" "l h" [--only l] [--presses 40]

The presses are timed as termbench.py times them (from `tmux send-keys` to the first
change of the captured pane); the table gives p50, p95 and the seconds it took to
settle.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

BENCH = Path(__file__).resolve().parent
TERMBENCH = BENCH.parents[1] / "shared" / "bench" / "termbench.py"  # next to the repository
SETTLE_SECONDS = 1.0
IDLE_SHARE = 0.01  # of SETTLE_SECONDS: 10 ms of processor time a second at most
SETTLE_TIMEOUT_SECONDS = 60.0
SAMPLE_SECONDS = 0.05
PRESS_TIMEOUT_SECONDS = 2.0  # a press that changed nothing by then is counted "stuck"
BETWEEN_PRESSES_SECONDS = 0.05  # as termbench.py


class SettledTiming(NamedTuple):
    p50: float
    p95: float
    stuck: int  # presses that changed nothing on screen within PRESS_TIMEOUT_SECONDS
    settled_after: float  # seconds from the first screen until the program was idle


def load_termbench(path: Path) -> Any:
    """termbench.py (it lives outside the repository) as a module: its Terminal."""
    spec = importlib.util.spec_from_file_location("termbench", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def processor_seconds(pid: int) -> float | None:
    """The processor time of every thread of process `pid` (schedstat: nanoseconds,
    where /proc/PID/stat counts in ticks of 10 ms); None once it has gone."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as stats:
                total += int(stats.read().split()[0])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return total / 1e9


def wait_until_idle(pid: int, describe: Any) -> float:
    """Seconds until process `pid` has used at most IDLE_SHARE of the last SETTLE_SECONDS;
    `describe()` says what the program shows if it never gets there."""
    started = time.perf_counter()
    samples: list[tuple[float, float]] = []  # (wall clock, processor time)
    while True:
        now, used = time.perf_counter(), processor_seconds(pid)
        if used is None:
            sys.exit(f"the program stopped before it settled; it showed:\n{describe()}")
        samples.append((now, used))
        while len(samples) > 1 and now - samples[1][0] >= SETTLE_SECONDS:
            samples.pop(0)  # keep one sample at least SETTLE_SECONDS old
        oldest_at, oldest_used = samples[0]
        if now - oldest_at >= SETTLE_SECONDS and used - oldest_used <= IDLE_SHARE * (now - oldest_at):
            return now - started - SETTLE_SECONDS
        if now - started > SETTLE_TIMEOUT_SECONDS:
            sys.exit(f"the program kept working for {SETTLE_TIMEOUT_SECONDS:.0f} s after {describe()}")
        time.sleep(SAMPLE_SECONDS)


def time_settled_presses(
    termbench_path: Path, command: str, ready: str, keys: str, presses: int, size: str, only: str | None = None
) -> SettledTiming:
    """Start `command` in tmux, wait for `ready` on its screen and for it to settle, then
    press `keys` in turn `presses` times, timing each press (only those of `only`)."""
    termbench = load_termbench(termbench_path)
    columns, rows = (int(n) for n in size.split("x"))
    terminal = termbench.Terminal(command, columns, rows)
    capture = lambda: termbench._capture(terminal.session)  # noqa: E731
    try:
        if terminal.wait_for(ready) is None:
            sys.exit(f"never saw {ready!r}; the screen was:\n{capture()}")
        pane_pid = subprocess.run(
            ["tmux", "display-message", "-p", "-t", terminal.session, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        settled_after = wait_until_idle(int(pane_pid), capture)
        cycle = keys.split()
        latencies = []
        for index in range(presses):
            key = cycle[index % len(cycle)]
            before = capture()
            pressed = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", terminal.session, key])
            while capture() == before and time.perf_counter() - pressed < PRESS_TIMEOUT_SECONDS:
                pass
            if only is None or key == only:
                latencies.append((time.perf_counter() - pressed) * 1000)
            time.sleep(BETWEEN_PRESSES_SECONDS)
    finally:
        terminal.close()
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]  # as termbench.py
    stuck = sum(latency >= PRESS_TIMEOUT_SECONDS * 1000 for latency in latencies)
    return SettledTiming(statistics.median(latencies), p95, stuck, settled_after)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command")
    parser.add_argument("ready", help="text on the first screen")
    parser.add_argument("keys", help="tmux key names pressed in turn, e.g. 'l h'")
    parser.add_argument("--only", help="time only the presses of this key")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--termbench", type=Path, default=TERMBENCH, help=f"path to termbench.py (default {TERMBENCH})")
    args = parser.parse_args(argv)
    timing = time_settled_presses(
        args.termbench, args.command, args.ready, args.keys, args.presses, args.size, args.only
    )
    print("| p50 ms | p95 ms | settled after s | presses that changed nothing |\n|---|---|---|---|")
    print(f"| {timing.p50:.1f} | {timing.p95:.1f} | {timing.settled_after:.2f} | {timing.stuck} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
