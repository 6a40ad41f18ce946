"""How quickly the planner paints and answers keys, on the ten-year data set, in a real
terminal (tmux), measured with termbench.py from the shared folder next to the
repository (../shared/bench/termbench.py from the repository root; --termbench PATH
to use another).

    python bench/planner_speed.py [--data bench/data] [--data-100y bench/data-100y]
                                  [--runs 9] [--presses 60]

1. First full screen: the planner against an empty Textual app (Header, Static,
   Footer, bench/empty_textual_app.py), started in turns in the same terminal size;
   the median ratio is what counts.  Budget: within 1.0x on ten years of data and
   1.05x on a hundred (bench/data-100y, generated on first use; --data-100y "" skips it).
2. Memory after start: the resident size of each app once its first screen is up
   (the planner on both data sets), started in turns (reported, no budget).
3. Keystroke to repainted screen, p95: cursor moves ("l h") under 15 ms and week
   changes ("] [") under 25 ms, pressed once the planner has settled after its first
   screen (bench/settled_keys.py: it builds its dialogs ahead for a second or more).
4. With --routines, the same keys again on a copy of the data set with a dozen
   routines (bench/data-routines, made on first use), to show what routines cost.

The data set is generated into bench/data/ on the first run (generate_data.py).
Exit status: 0 within every budget, 1 over one of them.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from cli_speed import ensure_data, environment
from import_speed import add_routines
from settled_keys import TERMBENCH, time_settled_presses

BENCH = Path(__file__).resolve().parent
WEEK_LABEL = "Week 48 · 23–29 Nov 2026"
PAINT_BUDGET = 1.0
PAINT_BUDGET_100Y = 1.05
MOVE_BUDGET_MS = 15.0
WEEK_BUDGET_MS = 25.0
# The tmux server passes on the environment it was started in; where that sets
# PYTHONDONTWRITEBYTECODE, no compiled module would ever be kept and every start would
# compile Textual and weekplan again (400 ms more for both apps, which hides the gap).
KEEP_BYTECODE = "-u PYTHONDONTWRITEBYTECODE"


def planner_command(data: Path) -> str:
    script = shutil.which("weekplan") or str(Path(sys.executable).parent / "weekplan")
    env = environment()
    # PYTHONPATH too (when set, e.g. to a checkout's src/): a tmux server started earlier
    # would otherwise run the planner with its own environment, not this one.
    pinned = " ".join(
        f"{name}={shlex.quote(env[name])}"
        for name in ("PYTHONPATH", "PYTHONPYCACHEPREFIX", "WEEKPLAN_CACHE_DIR", "WEEKPLAN_TODAY")
        if name in env
    )
    # Unset, it is unset for the planner too: a tmux server another program started with
    # PYTHONPATH in its environment would otherwise run the planner from that checkout.
    unset = "" if "PYTHONPATH" in env else "-u PYTHONPATH"
    return f"env {KEEP_BYTECODE} {unset} {pinned} WEEKPLAN_DATA_DIR={shlex.quote(str(data))} {shlex.quote(script)}"


def baseline_command() -> str:
    env = environment()
    return (
        f"env {KEEP_BYTECODE} PYTHONPYCACHEPREFIX={shlex.quote(env['PYTHONPYCACHEPREFIX'])} "
        f"{shlex.quote(sys.executable)} {shlex.quote(str(BENCH / 'empty_textual_app.py'))}"
    )


def termbench(termbench_path: Path, *args: str) -> str:
    result = subprocess.run([sys.executable, str(termbench_path), *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"termbench failed:\n{result.stdout}\n{result.stderr}")
    print(result.stdout.rstrip())
    return result.stdout


def resident_after_start(command: str, ready: str, size: str) -> float:
    """The resident size (MB) of the program a tmux pane runs, once `ready` is on its
    screen and it has had a moment to settle."""
    session = f"planner-memory-{uuid.uuid4().hex[:10]}"
    cols, rows = size.split("x")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", cols, "-y", rows, command], check=True)
    try:
        started = time.perf_counter()
        while ready not in pane(session, "capture-pane", "-p"):
            if time.perf_counter() - started > 20:
                sys.exit(f"never saw {ready!r} from {command!r}")
            time.sleep(0.01)
        time.sleep(0.5)
        pid = pane(session, "display-message", "-p", "#{pane_pid}").strip()
        status = Path(f"/proc/{pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def pane(session: str, *command: str) -> str:
    return subprocess.run(["tmux", command[0], "-t", session, *command[1:]], capture_output=True, text=True).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--data-100y", default=str(BENCH / "data-100y"), help="a hundred years of data ('' skips)")
    parser.add_argument("--runs", type=int, default=9, help="paints of each app (default 9)")
    parser.add_argument("--presses", type=int, default=60, help="key presses per key test (default 60; 0 skips them)")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--routines", action="store_true", help="also time the keys with a dozen routines")
    parser.add_argument("--termbench", type=Path, default=TERMBENCH, help=f"path to termbench.py (default {TERMBENCH})")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed: apt-get install tmux")
    if not args.termbench.is_file():
        sys.exit(
            f"termbench.py is not at {args.termbench}: it lives in the shared folder next to the repository "
            "(../shared/bench/termbench.py from the repository root); give its path with --termbench PATH"
        )
    ensure_data(args.data)
    if args.data_100y:
        ensure_data(Path(args.data_100y), years=100)
    # A session that outlives every measured one keeps the tmux server up between runs;
    # otherwise a new session can race the server shutting down after the last one.
    keepalive = f"planner-bench-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keepalive, "sleep 3600"], check=True)
    try:
        return measure(args)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keepalive], capture_output=True)


def measure(args: argparse.Namespace) -> int:
    planner = planner_command(args.data)
    size = ["--size", args.size]

    checks: list[tuple[str, bool]] = []
    data_sets = [(args.data, "ten years", PAINT_BUDGET)]
    if args.data_100y:
        data_sets.append((Path(args.data_100y), "a hundred years", PAINT_BUDGET_100Y))
    for data, years, budget in data_sets:
        print(f"# first full screen, {args.size}: A = weekplan on {data}, B = empty Textual app")
        pair = ("pair", planner_command(data), WEEK_LABEL, baseline_command(), "empty app ready")
        out = termbench(args.termbench, *size, *pair, "--runs", str(args.runs))
        ratio = float(re.search(r"ratio A/B median ([\d.]+)", out).group(1))
        checks.append((f"first paint ratio {ratio:.2f}, {years} (budget {budget})", ratio <= budget))

    print(f"# memory after start, {args.size}: resident size once the first screen is up, medians")
    apps = {"empty Textual app": (baseline_command(), "empty app ready")}
    for data, years, _budget in data_sets:
        apps[f"weekplan, {years}"] = (planner_command(data), WEEK_LABEL)
    memory: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(max(3, args.runs // 2)):
        for name, (command, ready) in apps.items():
            memory[name].append(resident_after_start(command, ready, args.size))
    empty_mb = statistics.median(memory["empty Textual app"])
    print("| app | resident MB | against the empty app |\n|---|---|---|")
    for name in apps:
        mb = statistics.median(memory[name])
        print(f"| {name} | {mb:.1f} | {mb / empty_mb:.2f}x |")
    if args.presses <= 0:  # first paint and memory only
        return report(checks)

    move_p95 = settled_keys(args, planner, "cursor moves", "l h")
    week_p95 = settled_keys(args, planner, "week changes", "] [")

    checks += [
        (f"cursor move p95 {move_p95:.1f} ms (budget {MOVE_BUDGET_MS:.0f})", move_p95 < MOVE_BUDGET_MS),
        (f"week change p95 {week_p95:.1f} ms (budget {WEEK_BUDGET_MS:.0f})", week_p95 < WEEK_BUDGET_MS),
    ]
    if args.routines:
        with_routines = args.data.with_name(f"{args.data.name}-routines")
        if not with_routines.exists():
            shutil.copytree(args.data, with_routines)
            add_routines(with_routines)
        routines_planner = planner_command(with_routines)
        for what, keys, p95, budget in (
            ("cursor moves", "l h", move_p95, MOVE_BUDGET_MS),
            ("week changes", "] [", week_p95, WEEK_BUDGET_MS),
        ):
            with_p95 = settled_keys(args, routines_planner, f"{what}, with 12 routines", keys)
            text = f"{what} p95 with 12 routines {with_p95:.1f} ms, without {p95:.1f} ms (budget {budget:.0f})"
            checks.append((text, with_p95 < budget))
    return report(checks)


def settled_keys(args: argparse.Namespace, planner: str, what: str, keys: str) -> float:
    """The p95 (ms) of `keys` pressed in turn once the planner has settled; printed with its p50."""
    print(f"# keystroke to repainted screen: {what}")
    timing = time_settled_presses(args.termbench, planner, WEEK_LABEL, keys, args.presses, args.size)
    print(
        f"p50 {timing.p50:.1f} ms  p95 {timing.p95:.1f} ms  "
        f"(settled {timing.settled_after:.1f} s after the first screen)"
    )
    return timing.p95


def report(checks: list[tuple[str, bool]]) -> int:
    for text, ok in checks:
        print(("ok    " if ok else "OVER  ") + text)
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
