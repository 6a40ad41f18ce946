"""The processor time the planner spends until its first full frame, in a terminal,
next to the empty Textual app: the first paint's figure that the machine's load moves
least (a busy machine delays a process; it does not make it do more work).

    python bench/first_paint_cpu.py [--data bench/data] [--data-100y bench/data-100y]
                                    [--runs 15] [--other SRC]

Each app starts in a fresh interpreter on a pseudo-terminal of 120x40, the planner the
way the `weekplan` command starts it (its command line, no arguments, the data
directory from WEEKPLAN_DATA_DIR, its src/ found where an installed weekplan is: after
the standard library and site-packages, not ahead of them as PYTHONPATH would put it,
see planner_src.py), the baseline as bench/empty_textual_app.py.  The processor time
of the process (interpreter start included) is noted when Textual's compositor has
made the first full frame, and the process is then stopped.  The apps run in turns;
medians and the ratio to the empty app are printed as a table.  --other SRC adds
another version of weekplan (its src/ folder, e.g. main's from `git archive main src |
tar -x -C /tmp/main`) to the same rounds.  The last column is the median of each
round's ratio to the empty app in that round, which a load that drifts during the run
moves less than the ratio of the medians.

--phases also says where that processor time goes, as a second table of medians: when
the app object is made (everything imported by then), the planner's reading and showing
of the week (PlannerApp.start), the first frame begun and made, and the time spent in
parsing styles, styling nodes, laying out and painting each kind of widget up to the
first frame.  Its hooks cost a little time of their own, the same in every app.

--instructions counts instead the machine instructions each app runs until its first
frame (valgrind's cachegrind, one run of each, about twenty seconds apiece): a figure
the machine's load does not move at all, where processor time moves a few percent
with what else runs (caches, other processes' switches).  It says what a change does to
the work itself; the budget's ratio is still the processor time's.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import inspect
import json
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from cli_speed import ensure_data, environment
from planner_src import find_planner_in

BENCH = Path(__file__).resolve().parent
COLUMNS, ROWS = 120, 40

# Run in the child: note the processor time once the first full frame is made (as
# JSON: "first frame", and with FIRST_FRAME_PHASES set the phases of --phases).
HOOK = """
import json, os, time
from textual._compositor import Compositor
_full = Compositor.render_full_update
_noted_at = {}
def _noted(self, *args, **kwargs):
    _noted_at.setdefault("frame begun", time.process_time())
    update = _full(self, *args, **kwargs)
    if not os.path.exists(os.environ["FIRST_FRAME_NOTE"]):
        _noted_at["first frame"] = time.process_time()
        with open(os.environ["FIRST_FRAME_NOTE"], "w") as note:
            note.write(json.dumps(_noted_at))
    return update
Compositor.render_full_update = _noted
if os.environ.get("FIRST_FRAME_PHASES"):
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.widget import Widget

    def _summed(cls, name, label=None):
        # Time in cls.name until the first frame, calls within calls counted once.
        inner = getattr(cls, name)
        depth = [0]
        def summed(self, *args, **kwargs):
            if depth[0] or "first frame" in _noted_at:
                return inner(self, *args, **kwargs)
            depth[0] += 1
            begun = time.process_time()
            try:
                return inner(self, *args, **kwargs)
            finally:
                depth[0] -= 1
                key = "in " + (label or type(self).__name__ + " painting")
                _noted_at[key] = _noted_at.get(key, 0.0) + time.process_time() - begun
        setattr(cls, name, summed)

    for _cls, _name, _label in [
        (Stylesheet, "_parse_rules", "style sheets parsed"),
        (Stylesheet, "apply", "nodes styled"),
        (Compositor, "reflow", "layout"),
        (Widget, "render_lines", None),
    ]:
        _summed(_cls, _name, _label)
    _app_init = App.__init__
    def _made(self, *args, **kwargs):
        _noted_at.setdefault("app made (imports done)", time.process_time())
        if hasattr(type(self), "start") and "in start" not in _noted_at:
            _noted_at["in start"] = 0.0
            _summed(type(self), "start", "start")  # the planner reading and showing the week
        _app_init(self, *args, **kwargs)
    App.__init__ = _made
"""
# With --instructions, after HOOK: the app ends itself once the first frame is made,
# so that valgrind writes its counts.
EXIT_AFTER_FIRST_FRAME = """
_noting = Compositor.render_full_update
def _exit_after(self, *args, **kwargs):
    _noting(self, *args, **kwargs)
    os._exit(0)
Compositor.render_full_update = _exit_after
"""
# The planner's src/ (FIRST_FRAME_SRC) is found as planner_src.py says.
PLANNER = (
    HOOK
    + inspect.getsource(find_planner_in)
    + "find_planner_in(os.environ['FIRST_FRAME_SRC'])\n"
    + "from weekplan.cli import entry_point\nentry_point()\n"
)
EMPTY = HOOK + "import runpy, sys\nrunpy.run_path(sys.argv[1], run_name='__main__')\n"


def first_frame_instructions(code: str, env: dict[str, str], *args: str) -> int:
    """The instructions the app `code` starts runs until its first full frame."""
    with tempfile.TemporaryDirectory(prefix="first-frame-instructions-") as folder:
        counts = Path(folder) / "cachegrind.out"
        valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={counts}"]
        first_frame_cpu(code.replace(HOOK, HOOK + EXIT_AFTER_FIRST_FRAME), env, *args, wrapper=valgrind)
        summary = re.search(r"^summary: (\d+)", counts.read_text(), re.MULTILINE)
        if summary is None:
            sys.exit(f"valgrind counted nothing for {code.splitlines()[-1]!r}")
        return int(summary.group(1))


def first_frame_cpu(code: str, env: dict[str, str], *args: str, wrapper: list[str] | None = None) -> dict[str, float]:
    """Processor seconds until the first full frame of the app `code` starts ("first
    frame"), and the phases noted on the way (FIRST_FRAME_PHASES in `env`).  With
    `wrapper` (a command that runs the interpreter, as valgrind does) the app is let
    finish instead of stopped: `code` must end itself."""
    with tempfile.TemporaryDirectory(prefix="first-frame-") as folder:
        note = Path(folder) / "cpu"
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        child_env = dict(env, FIRST_FRAME_NOTE=str(note), TERM="xterm-256color", COLUMNS="", LINES="")
        child = subprocess.Popen(
            [*(wrapper or []), sys.executable, "-c", code, *args],
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
                if time.monotonic() - started > (300 if wrapper else 30) or child.poll() is not None:
                    sys.exit(f"no first frame from {code.splitlines()[-1]!r} (exit status {child.poll()})")
                # Keep reading what the app writes, so that it never waits on a full terminal.
                if select.select([master], [], [], 0.01)[0]:
                    os.read(master, 65536)
            return json.loads(note.read_text())
        finally:
            if wrapper:
                with contextlib.suppress(OSError):  # the terminal closes as the app ends
                    while child.poll() is None and time.monotonic() - started < 300:
                        if select.select([master], [], [], 0.01)[0]:
                            os.read(master, 65536)
            child.kill()
            child.wait()
            os.close(master)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--data-100y", default=str(BENCH / "data-100y"), help="a hundred years of data ('' skips)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--other", help="src/ of another weekplan version, timed in the same rounds")
    parser.add_argument("--phases", action="store_true", help="also say where the processor time goes")
    parser.add_argument("--instructions", action="store_true", help="count instructions instead (valgrind)")
    args = parser.parse_args(argv)
    if args.instructions and shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind: apt-get install valgrind")
    env = environment()
    env.pop("PYTHONPATH", None)  # each app finds its modules as installed (PLANNER)
    if args.phases:
        env["FIRST_FRAME_PHASES"] = "1"
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
            planner_env = dict(env, FIRST_FRAME_SRC=src, WEEKPLAN_DATA_DIR=str(data))
            apps.append((f"weekplan, {version}, {years}", PLANNER, planner_env, ()))
    for _name, code, app_env, app_args in apps:  # warm-up: compiled modules, the parse cache
        first_frame_cpu(code, app_env, *app_args)
    if args.instructions:
        return print_instructions({name: first_frame_instructions(code, e, *a) for name, code, e, a in apps})
    noted: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in apps}
    for _ in range(args.runs):
        for name, code, app_env, app_args in apps:
            noted[name].append(first_frame_cpu(code, app_env, *app_args))
    found = {name: [run["first frame"] * 1000 for run in runs] for name, runs in noted.items()}
    load = os.getloadavg()
    print(f"# processor time to the first full frame, {COLUMNS}x{ROWS}, medians of {args.runs} runs in turns")
    print(f"# load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    empty_times = found["empty Textual app"]
    empty = statistics.median(empty_times)
    print("| app | median ms | p25–p75 ms | against the empty app | the same, round by round |\n|---|---|---|---|---|")
    for name, times in found.items():
        quartiles = statistics.quantiles(times, n=4)
        median = statistics.median(times)
        # Each run against the empty app's in the same round, then the median: the
        # machine's load drifts over a run, and a round's apps share its moment.
        paired = statistics.median(time / empty_time for time, empty_time in zip(times, empty_times, strict=True))
        print(
            f"| {name} | {median:.1f} | {quartiles[0]:.1f}–{quartiles[2]:.1f} | {median / empty:.3f}x | {paired:.3f}x |"
        )
    if args.phases:
        print_phases(noted)
    return 0


def print_instructions(counted: dict[str, int]) -> int:
    empty = counted["empty Textual app"]
    print(f"# instructions run until the first full frame, {COLUMNS}x{ROWS} (valgrind, one run each)")
    print("| app | millions of instructions | against the empty app |\n|---|---|---|")
    for name, count in counted.items():
        print(f"| {name} | {count / 1e6:.1f} | {count / empty:.3f}x |")
    return 0


def print_phases(noted: dict[str, list[dict[str, float]]]) -> None:
    """Medians of each phase (ms of processor time), a column per app; a phase that is
    not noted in a run counts as 0 there."""
    phases = sorted({phase for runs in noted.values() for run in runs for phase in run if phase != "first frame"})
    moments = [phase for phase in phases if not phase.startswith("in ")] + ["first frame"]
    moments.sort(key=lambda phase: statistics.median(run.get(phase, 0.0) for run in noted["empty Textual app"]))
    print("\n# where it goes: processor time at each moment, and time spent in each part until the first frame")
    print("| ms | " + " | ".join(noted) + " |\n|---|" + "---|" * len(noted))
    for phase in moments + [phase for phase in phases if phase.startswith("in ")]:
        cells = [f"{statistics.median(run.get(phase, 0.0) for run in runs) * 1000:.1f}" for runs in noted.values()]
        print(f"| {phase} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
