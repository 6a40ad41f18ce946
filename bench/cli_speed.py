"""How long `weekplan show --json` takes on a ten-year data set, next to calcurse
answering the same query (`calcurse -Q` for the same seven days) on the same data,
and the bare interpreter (`python3 -c pass`), measured in the same run.

    python bench/cli_speed.py [--runs 40] [--data bench/data] [--week 2026-W48] [--other SRC]

The data set is generated into bench/data/ on the first run (see generate_data.py)
and reused after that; its activities and special dates are written once into a
calcurse directory (bench/results/calcurse-<data set>, as appointments and, for the
dates without a time, events).  The commands run interleaved, in a shuffled order
each round, so that a busy moment on the machine slows them all alike; the figures
are medians; each row also gives its median processor time (user and system, with
what the command started), which a busy machine moves much less than the wall time.
A row "python, the same stdlib" is the floor of any Python program
answering the query: the interpreter importing the standard modules the command
cannot do without (argparse, datetime, json, pathlib, pickle).  Budget: `weekplan
show --json` within 0.7x calcurse's query.  With --other SRC, another version of
weekplan (its src/ folder, e.g. an older commit's from `git archive`) runs in the same
rounds, on PYTHONPATH.

Installed with pip, weekplan's modules are compiled once; so that an environment
with PYTHONDONTWRITEBYTECODE does not time compiling on every run, the commands
here keep their compiled modules in bench/results/pycache (outside the source tree).
weekplan keeps the files it reads parsed in its cache directory; here that is
bench/results/parsed, filled by the warm-up runs, as a second run of a user's would.
Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from generate_data import generate

BENCH = Path(__file__).resolve().parent
BUDGET = 0.7  # of calcurse's time for the same query
BASELINE = "calcurse -Q"


def command_line(data: Path, week: str) -> dict[str, list[str]]:
    script = shutil.which("weekplan") or str(Path(sys.executable).parent / "weekplan")
    show = ["--data-dir", str(data), "show", week, "--json"]
    commands = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        # The floor of any Python program answering the query: the interpreter with the
        # standard modules `show --json` cannot do without (its arguments, paths, dates,
        # the parsed files kept by pickle, JSON out), and nothing else.
        "python, the same stdlib": [sys.executable, "-c", "import argparse, datetime, json, pathlib, pickle"],
        "weekplan show --json": [script, *show],
        "python -m weekplan show --json": [sys.executable, "-m", "weekplan", *show],
    }
    if shutil.which("calcurse"):
        monday = date.fromisocalendar(*(int(part.lstrip("W")) for part in week.split("-")), 1)
        query = ["--from", f"{monday:%m/%d/%Y}", "--days", "7"]
        commands[BASELINE] = ["calcurse", "-D", str(calcurse_dir(data)), "-Q", *query]
    return commands


def calcurse_dir(data: Path) -> Path:
    """The data set's activities and special dates in a calcurse directory, written once:
    each timed item an appointment, each date without a time an event."""
    home = BENCH / "results" / f"calcurse-{data.resolve().name}"
    apts = home / "apts"
    if apts.exists():
        return home
    from weekplan.store import Store

    store = Store(data)
    timed: list[tuple[date, int, str]] = []  # in time order, as calcurse saves its own
    for activity in store.all_activities():
        timed.append(
            (activity.date, activity.start, _appointment(activity.date, activity.start, activity.end, activity.title))
        )
    for special in store.dates().items.values():
        if special.start is None:
            timed.append((special.date, -1, f"{special.date:%m/%d/%Y} [1] {special.title}"))
        else:
            end = special.end if special.end is not None else special.start
            timed.append((special.date, special.start, _appointment(special.date, special.start, end, special.title)))
    lines = [line for _day, _start, line in sorted(timed)]
    home.mkdir(parents=True, exist_ok=True)
    (home / "apts.tmp").write_text("\n".join(lines) + "\n")
    (home / "apts.tmp").replace(apts)
    print(f"wrote {len(lines)} appointments and events to {home}")
    return home


def _appointment(day: date, start: int, end: int, title: str) -> str:
    begin = f"{day:%m/%d/%Y} @ {start // 60:02d}:{start % 60:02d}"
    last = day + timedelta(days=end // (24 * 60))  # an end at 24:00 is the next midnight
    minutes = end % (24 * 60)
    return f"{begin} -> {last:%m/%d/%Y} @ {minutes // 60:02d}:{minutes % 60:02d} |{title}"


def environment() -> dict[str, str]:
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BENCH / "results" / "pycache")
    env["WEEKPLAN_CACHE_DIR"] = str(BENCH / "results" / "parsed")  # weekplan's own cache of big files
    env["WEEKPLAN_TODAY"] = "2026-11-23"
    return env


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The wall time of one run, and its processor time (user and system, with whatever
    it started): on a busy machine the second moves much less."""
    if argv[0].startswith("PYTHONPATH="):  # another version of weekplan
        env = dict(env, PYTHONPATH=argv[0].partition("=")[2])
        argv = argv[1:]
    before = processor_time()
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, processor_time() - before


def processor_time() -> float:
    """User and system time of the children waited for so far (and theirs)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def ensure_data(data: Path, years: int = 10) -> None:
    if (data / "weeks").is_dir() and any((data / "weeks").iterdir()):
        return
    summary = generate(data, years=years)
    print(
        f"generated {data}: {summary.activities} activities in {summary.weeks} week files, "
        f"{summary.dates} dates, {summary.ideas} ideas"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="timed runs of each command (default 40)")
    parser.add_argument("--data", type=Path, default=BENCH / "data", help="data set directory (default bench/data)")
    parser.add_argument("--week", default="2026-W48", help="the week to show (default 2026-W48)")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also time the weekplan in this src/ folder")
    args = parser.parse_args(argv)

    ensure_data(args.data)
    env = environment()
    commands = command_line(args.data, args.week)
    if args.other:
        show = commands["python -m weekplan show --json"]
        commands["the other, python -m weekplan"] = [f"PYTHONPATH={args.other.resolve()}", *show]

    # Warm up (and fill the compiled-module cache); also prove the output is real.
    for argv_ in commands.values():
        for _ in range(3):
            run_once(argv_, env)
    shown = subprocess.run(commands["weekplan show --json"], env=env, capture_output=True, text=True, check=True)
    payload = json.loads(shown.stdout)
    print(f"{payload['week']}: {len(payload['activities'])} activities, {len(payload['dates'])} dates shown")
    where = [sys.executable, "-c", "import weekplan; print(weekplan.__path__[0])"]
    print(f"timing the weekplan in {subprocess.run(where, env=env, capture_output=True, text=True).stdout.strip()}")

    times: dict[str, list[float]] = {name: [] for name in commands}
    processor: dict[str, list[float]] = {name: [] for name in commands}
    order = list(commands)
    rng = random.Random(1)
    for _ in range(args.runs):
        rng.shuffle(order)
        for name in order:
            wall, used = run_once(commands[name], env)
            times[name].append(wall)
            processor[name].append(used)

    interpreter = statistics.median(times["python3 -c pass"])
    baseline = statistics.median(times[BASELINE]) if BASELINE in times else None
    against = f"/{BASELINE}" if baseline else ""
    used_baseline = statistics.median(processor[BASELINE]) if BASELINE in times else None
    print(
        f"\n{'command':34} {'median':>9} {'min':>9} {'/python':>8} {against:>13} {'processor':>10} {against:>13}"
        f"   ({args.runs} runs, interleaved)"
    )
    for name, samples in times.items():
        median = statistics.median(samples)
        used = statistics.median(processor[name])
        ratio = f"{median / baseline:12.2f}x" if baseline else ""
        used_ratio = f"{used / used_baseline:12.2f}x" if used_baseline else ""
        print(
            f"{name:34} {median * 1000:7.1f}ms {min(samples) * 1000:7.1f}ms {median / interpreter:7.2f}x {ratio}"
            f" {used * 1000:8.1f}ms {used_ratio}"
        )
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs, load average {load:.2f}")
    if baseline is None:
        print("\ncalcurse is not installed: no ratio to budget (apt-get install calcurse)")
        return 1
    worst = max(statistics.median(times[name]) for name in ("weekplan show --json", "python -m weekplan show --json"))
    verdict = "within" if worst / baseline <= BUDGET else "OVER"
    print(f"\nbudget: {BUDGET:g}x calcurse's query; the slower weekplan is {worst / baseline:.2f}x: {verdict} budget")
    return 0 if worst / baseline <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
