"""The processor time the planner spends until its first full frame, in a terminal,
next to the empty Textual app: the first paint's figure that the machine's load moves
least (a busy machine delays a process; it does not make it do more work).

    python bench/first_paint_cpu.py [--data bench/data] [--data-100y bench/data-100y]
                                    [--runs 15] [--other SRC]

Each app starts in a fresh interpreter on a pseudo-terminal of 120x40, the planner
the way the `weekplan` command starts it (its command line, no arguments, the data
directory from WEEKPLAN_DATA_DIR), the baseline as bench/empty_textual_app.py.  The
processor time of the process (interpreter start included) is noted when Textual's
compositor has made the first full frame, and the process is then stopped.  The apps
run in turns; medians and the ratio to the empty app are printed as a table.  --other
SRC adds another version of weekplan (its src/ folder, e.g. main's from `git archive
main src | tar -x -C /tmp/main`) to the same rounds.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from cli_speed import ensure_data, environment

BENCH = Path(__file__).resolve().parent
COLUMNS, ROWS = 120, 40

# Run in the child: note the processor time once the first full frame is made.
HOOK = """
import os, time
from textual._compositor import Compositor
_full = Compositor.render_full_update
def _noted(self, *args, **kwargs):
    update = _full(self, *args, **kwargs)
    if not os.path.exists(os.environ["FIRST_FRAME_NOTE"]):
        with open(os.environ["FIRST_FRAME_NOTE"], "w") as note:
            note.write(repr(time.process_time()))
    return update
Compositor.render_full_update = _noted
"""
PLANNER = HOOK + "from weekplan.cli import entry_point\nentry_point()\n"
EMPTY = HOOK + "import runpy, sys\nrunpy.run_path(sys.argv[1], run_name='__main__')\n"


def first_frame_cpu(code: str, env: dict[str, str], *args: str) -> float:
    """Processor seconds until the first full frame of the app `code` starts."""
    with tempfile.TemporaryDirectory(prefix="first-frame-") as folder:
        note = Path(folder) / "cpu"
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        child_env = dict(env, FIRST_FRAME_NOTE=str(note), TERM="xterm-256color", COLUMNS="", LINES="")
        child = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=child_env,
            start_new_session=True,
        )
        os.close(slave)
        started = time.monotonic()
        try:
            while not note.exists() or not note.read_text():
                if time.monotonic() - started > 30 or child.poll() is not None:
                    sys.exit(f"no first frame from {code.splitlines()[-1]!r} (exit status {child.poll()})")
                # Keep reading what the app writes, so that it never waits on a full terminal.
                if select.select([master], [], [], 0.01)[0]:
                    os.read(master, 65536)
            return float(note.read_text())
        finally:
            child.kill()
            child.wait()
            os.close(master)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--data-100y", default=str(BENCH / "data-100y"), help="a hundred years of data ('' skips)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--other", help="src/ of another weekplan version, timed in the same rounds")
    args = parser.parse_args(argv)
    env = environment()
    data_sets = [("ten years", args.data)]
    if args.data_100y:
        data_sets.append(("a hundred years", Path(args.data_100y)))
    for _years, data in data_sets:
        ensure_data(data, years=100 if data != args.data else 10)
    versions = [("this checkout", str(BENCH.parent / "src"))]
    if args.other:
        versions.append(("other", args.other))
    # (row name, code, environment, arguments)
    apps = [("empty Textual app", EMPTY, env, (str(BENCH / "empty_textual_app.py"),))]
    for version, src in versions:
        for years, data in data_sets:
            planner_env = dict(env, PYTHONPATH=src, WEEKPLAN_DATA_DIR=str(data))
            apps.append((f"weekplan, {version}, {years}", PLANNER, planner_env, ()))
    for _name, code, app_env, app_args in apps:  # warm-up: compiled modules, the parse cache
        first_frame_cpu(code, app_env, *app_args)
    found: dict[str, list[float]] = {name: [] for name, *_ in apps}
    for _ in range(args.runs):
        for name, code, app_env, app_args in apps:
            found[name].append(first_frame_cpu(code, app_env, *app_args) * 1000)
    load = os.getloadavg()
    print(f"# processor time to the first full frame, {COLUMNS}x{ROWS}, medians of {args.runs} runs in turns")
    print(f"# load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    empty = statistics.median(found["empty Textual app"])
    print("| app | median ms | p25–p75 ms | against the empty app |\n|---|---|---|---|")
    for name, times in found.items():
        quartiles = statistics.quantiles(times, n=4)
        median = statistics.median(times)
        print(f"| {name} | {median:.1f} | {quartiles[0]:.1f}–{quartiles[2]:.1f} | {median / empty:.3f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
