"""Where the planner's first paint goes, phase by phase, next to the empty Textual app.

    python bench/first_paint_phases.py [--data bench/data] [--runs 11] [--other SRC]

planner_speed.py says how long the first full screen takes in a real terminal; this
says why.  Each app starts in a fresh interpreter, headless at 120x40, and notes the
time (ms since its first line ran) at each step:

    imported   Textual and the app's modules loaded
    created    the App object made (the planner: the store opened too)
    composed   the main screen's widgets made
    mounted    the widgets mounted (the planner: about to read and show the week)
    shown      the planner's data read and handed to its widgets
    rendered   the compositor started on the first full frame
    painted    the first full frame made (what the terminal is sent next)

and, for the first frame, the milliseconds each kind of widget took to render its
lines.  The runs alternate between the apps; medians are printed as a table.  --other
SRC adds another version of weekplan (its src/ folder, e.g. main's from `git archive
main src | tar -x -C /tmp/main`) to the same rounds.  The planner starts the way
`weekplan` starts it, garbage collection held (app/collection_pause.py), its src/
found where an installed weekplan is (planner_src.py); no app gets PYTHONPATH.

This hooks into Textual's compositor (Compositor.render_full_update and
Widget.render_lines), so it is a diagnosis, not a budget: the budget is
planner_speed.py's, measured in a terminal.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

STARTED = time.perf_counter()

BENCH = Path(__file__).resolve().parent
SIZE = (120, 40)
TODAY = "2026-11-23"


class Marks:
    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.widgets: dict[str, float] = defaultdict(float)
        self.first_frame_done = False

    def mark(self, name: str) -> None:
        self.at.setdefault(name, (time.perf_counter() - STARTED) * 1000)

    def hook_textual(self) -> None:
        from textual._compositor import Compositor
        from textual.widget import Widget

        render_full_update = Compositor.render_full_update
        render_lines = Widget.render_lines
        marks = self

        def timed_full_update(compositor: Compositor, *args: object, **kwargs: object) -> object:
            marks.mark("rendered")
            update = render_full_update(compositor, *args, **kwargs)
            marks.mark("painted")
            marks.first_frame_done = True
            return update

        def timed_render_lines(widget: Widget, crop: object) -> object:
            begun = time.perf_counter()
            try:
                return render_lines(widget, crop)  # type: ignore[arg-type]
            finally:
                if not marks.first_frame_done:
                    marks.widgets[type(widget).__name__] += (time.perf_counter() - begun) * 1000

        Compositor.render_full_update = timed_full_update  # type: ignore[method-assign]
        Widget.render_lines = timed_render_lines  # type: ignore[method-assign]

    def report(self) -> None:
        print(json.dumps({"at": self.at, "widgets": self.widgets}))


def run_planner(data: Path, marks: Marks) -> None:
    import os
    from datetime import date

    os.environ["WEEKPLAN_DATA_DIR"] = str(data)
    from weekplan.app import collection_pause
    from weekplan.store import Store

    collection_pause.hold()
    from weekplan.app.planner import PlannerApp, PlannerScreen

    marks.mark("imported")
    marks.hook_textual()
    compose, start = PlannerScreen.compose, PlannerApp.start

    def noted_compose(screen: PlannerScreen) -> object:
        marks.mark("composed")
        return compose(screen)

    def noted_start(app: PlannerApp) -> None:
        marks.mark("mounted")
        start(app)
        marks.mark("shown")
        app.call_after_refresh(app.exit)

    PlannerScreen.compose = noted_compose  # type: ignore[method-assign]
    PlannerApp.start = noted_start  # type: ignore[method-assign]
    app = PlannerApp(Store.open(data), today=date.fromisoformat(TODAY))
    marks.mark("created")
    try:
        app.run(headless=True, size=SIZE)
    finally:
        collection_pause.release()


def run_empty(marks: Marks) -> None:
    sys.path.insert(0, str(BENCH))
    from empty_textual_app import EmptyApp

    marks.mark("imported")
    marks.hook_textual()

    class NotedEmptyApp(EmptyApp):
        def compose(self):  # type: ignore[no-untyped-def]
            marks.mark("composed")
            yield from super().compose()

        def on_mount(self) -> None:
            marks.mark("mounted")
            self.call_after_refresh(self.exit)

    app = NotedEmptyApp()
    marks.mark("created")
    app.run(headless=True, size=SIZE)


def child(which: str, data: Path, src: str) -> None:
    from planner_src import find_planner_in

    marks = Marks()
    if which == "planner":
        find_planner_in(src)
        run_planner(data, marks)
    else:
        run_empty(marks)
    marks.report()


def run_child(which: str, data: Path, src: str) -> dict[str, dict[str, float]]:
    from cli_speed import environment

    env = environment()
    env.pop("PYTHONPATH", None)  # every app finds its modules as installed (planner_src.py)
    result = subprocess.run(
        [sys.executable, __file__, "--child", which, "--data", str(data), "--src", src],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def medians(runs: list[dict[str, dict[str, float]]], part: str) -> dict[str, float]:
    names = dict.fromkeys(name for run in runs for name in run[part])
    return {name: statistics.median(run[part].get(name, 0.0) for run in runs) for name in names}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--other", help="src/ of another weekplan version, timed in the same rounds")
    parser.add_argument("--child", choices=("planner", "empty"), help=argparse.SUPPRESS)
    parser.add_argument("--src", default=str(BENCH.parent / "src"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.data, args.src)
        return 0
    from cli_speed import ensure_data

    ensure_data(args.data)
    # (column name, which app, the planner's src folder)
    apps = [("planner", "planner", args.src), ("empty", "empty", args.src)]
    if args.other:
        apps.insert(1, ("other", "planner", args.other))
    runs: dict[str, list[dict[str, dict[str, float]]]] = {name: [] for name, _, _ in apps}
    for _name, which, src in apps:  # warm-up: compiled modules, the parse cache
        run_child(which, args.data, src)
    for _ in range(args.runs):
        for name, which, src in apps:
            runs[name].append(run_child(which, args.data, src))
    print(f"# ms since each interpreter's first line, medians of {args.runs} runs, {SIZE[0]}x{SIZE[1]} headless")
    at = {name: medians(found, "at") for name, found in runs.items()}
    steps = sorted(dict.fromkeys(step for marks in at.values() for step in marks), key=lambda step: at["planner"][step])
    print("| step | " + " | ".join(runs) + " |")
    print("|---|" + "---|" * len(runs))
    for step in steps:
        print(f"| {step} | " + " | ".join(f"{at[name][step]:.1f}" if step in at[name] else "—" for name in runs) + " |")
    for which, found in runs.items():
        widgets = medians(found, "widgets")
        shown = "  ".join(f"{name} {ms:.1f}" for name, ms in sorted(widgets.items(), key=lambda kv: -kv[1]))
        print(f"# first frame, render_lines by widget, {which}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
