"""How long `weekplan export` takes and how much memory it needs, against calcurse's own
export of the same events, in one run.

    python bench/export_speed.py [--runs 7] [--years 1 10 30 100] [--data bench/data] [--other SRC]

For each size, a data set of that many years (bench/generate_data.py, written once
into `--data`/years-N and kept: the folder is git-ignored) is exported with
`weekplan export -o FILE`.  For the ten-year set the same events go into a calcurse
data directory (calcurse imports weekplan's own export, once per run), and
`calcurse -D DIR --export=ical` runs in turns with `weekplan export`, `--runs` times
each.  Every command is a fresh process; its peak memory is its own maximum
resident set as GNU time (`/usr/bin/time -f %M`) reports it, its time the wall clock
around it.  Not os.wait4's: a child started by this process (subprocess uses vfork)
inherits this process's own peak at its exec, so the figure was never below what the
script itself had held at its largest (the calendar of a hundred years, read to count
its events): calcurse "needed" 16.8 MB, and a thirty-year export after a hundred
years' file had been read, 52 MB.  `time` is a small program of its own, which forks
the command: the command's peak is its own.

A third command runs in the same turns: the interpreter importing what an export
imports (weekplan's command line and the exporter; icalendar too, when an export of
this data loads it) and nothing more, the floor under any export weekplan could write
in Python.  With --other SRC, another version of weekplan (its src/ folder, e.g. an
older commit's from `git archive`) exports the same data in the same turns, on
PYTHONPATH, and is put in the memory curve too; the two ten-year calendars must be
the same bytes, DTSTAMP aside (a change for speed changes no output).

Installed with pip, weekplan's modules are compiled once; so that an environment with
PYTHONDONTWRITEBYTECODE does not time compiling on every run, the commands here keep
their compiled modules in a folder of their own (a pycache prefix in the run's
temporary folder, filled by the warm-up runs).

Budget (issue 22): the median weekplan export of ten years at most 2x calcurse's, and
its peak memory flat in the size of the data (100 years within 1.25x of one year).
Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIME_RATIO_BUDGET = 2.0
MEMORY_GROWTH_BUDGET = 1.25
REFERENCE_YEARS = 10
ENV = os.environ | {"TZ": "Europe/Berlin", "WEEKPLAN_TODAY": "2026-11-23", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


GNU_TIME = "/usr/bin/time"  # reports the peak memory of the command it runs (kilobytes with -f %M)
FLOOR_IMPORTS = "import weekplan.cli, weekplan.cli_calendar, weekplan.ics_export"
FLOOR_ICALENDAR = ", icalendar"


def weekplan() -> str:
    return shutil.which("weekplan") or str(Path(sys.executable).parent / "weekplan")


def data_set(folder: Path, years: int) -> Path:
    """The generated data set of `years` years, written on first use."""
    path = folder / f"years-{years}"
    if not (path / "weeks").is_dir():
        subprocess.run(
            [sys.executable, str(Path(__file__).parent / "generate_data.py"), str(path), "--years", str(years)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def run(argv: list[str], env: dict[str, str], stdout: Path) -> tuple[float, float, float]:
    """Wall-clock seconds, peak resident megabytes and processor seconds (user and
    system: on a shared machine the wall clock swings with the load, this much less)
    of one command, its output into `stdout`."""
    peak = stdout.with_name(stdout.name + ".peak")
    with stdout.open("wb") as out:
        start = time.perf_counter()
        timed = [GNU_TIME, "-f", "%M", "-o", str(peak), *argv]
        child = subprocess.Popen(timed, env=env, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read() if child.stderr else b""
        if child.stderr:
            child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}): {errors.decode(errors='replace')}")
    # (the processor time of `time` itself, included, is a millisecond at most)
    return elapsed, int(peak.read_text().split()[-1]) / 1024, usage.ru_utime + usage.ru_stime


def calcurse_dir(ics: Path, work: Path) -> Path:
    """A calcurse data directory holding the events of `ics`."""
    folder = work / "calcurse"
    folder.mkdir()
    subprocess.run(["calcurse", "-D", str(folder), "-i", str(ics)], env=ENV, check=True, capture_output=True)
    return folder


def export_argv(data: Path, out: Path, other: Path | None = None) -> list[str]:
    if other is not None:  # another version: its modules first on the path
        return ["env", f"PYTHONPATH={other}", sys.executable, "-m", "weekplan", *export_argv(data, out)[1:]]
    return [weekplan(), "--data-dir", str(data), "export", "-o", str(out)]


def without_stamps(ics: Path) -> bytes:
    """The calendar's bytes without its DTSTAMP lines, the one thing two exports of the
    same data differ in (the moment each was written)."""
    return b"".join(line for line in ics.read_bytes().splitlines(keepends=True) if not line.startswith(b"DTSTAMP:"))


def loads_icalendar(env: dict[str, str], data: Path, out: Path) -> bool:
    """Whether an export of `data` imports the icalendar library (a zone to describe, a
    repeat rule, lines kept from an imported event)."""
    code = (
        "import sys, runpy; sys.argv = ['weekplan', '--data-dir', sys.argv[1], 'export', '-o', sys.argv[2]]\n"
        "try:\n    runpy.run_module('weekplan', run_name='__main__')\n"
        "finally:\n    print('icalendar' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(data), str(out)], env=env, capture_output=True, text=True)
    return done.stderr.strip().splitlines()[-1] == "True"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="turns of each command on ten years")
    parser.add_argument("--years", type=int, nargs="+", default=[1, 10, 30, 100], help="sizes for the memory curve")
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data", help="where data sets are kept")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also time the weekplan in this src/ folder")
    args = parser.parse_args()
    if shutil.which("calcurse") is None:
        print("calcurse is not installed (apt-get install calcurse)", file=sys.stderr)
        return 2
    if not os.access(GNU_TIME, os.X_OK):
        print(f"{GNU_TIME} is not installed (apt-get install time)", file=sys.stderr)
        return 2
    sizes = sorted(set(args.years) | {REFERENCE_YEARS})
    sets = {years: data_set(args.data, years) for years in sizes}
    with tempfile.TemporaryDirectory(prefix="weekplan-export-bench-") as tmp:
        work = Path(tmp)
        env = ENV | {"WEEKPLAN_CACHE_DIR": str(work / "cache"), "PYTHONPYCACHEPREFIX": str(work / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        other = args.other.resolve() if args.other else None
        ours = work / "weekplan.ics"
        run(export_argv(sets[REFERENCE_YEARS], ours), env, ours)  # warm-up, and the calendar calcurse reads
        events = ours.read_bytes().count(b"BEGIN:VEVENT")
        calcurse = calcurse_dir(ours, work)
        floor_code = FLOOR_IMPORTS + (FLOOR_ICALENDAR if loads_icalendar(env, sets[REFERENCE_YEARS], ours) else "")
        commands = {
            "weekplan export": export_argv(sets[REFERENCE_YEARS], ours),
            "calcurse --export=ical": ["calcurse", "-D", str(calcurse), "--export=ical"],
            "imports alone": [sys.executable, "-c", floor_code],
        }
        if other is not None:
            commands["the other, export"] = export_argv(sets[REFERENCE_YEARS], work / "other.ics", other)
        for name in commands:
            run(commands[name], env, work / f"{name.split()[0]}.ics")  # warm-up: compiled modules, the cache
        theirs = (work / "calcurse.ics").read_bytes().count(b"BEGIN:VEVENT")
        same = None if other is None else without_stamps(ours) == without_stamps(work / "other.ics")
        samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        for turn in range(args.runs):
            for name in commands if turn % 2 == 0 else reversed(commands):
                samples[name].append(run(commands[name], env, work / f"{name.split()[0]}.ics"))
        curve = {}
        versions = {"weekplan": None} | ({"the other": other} if other is not None else {})
        for years, data in sets.items():
            for version, src in versions.items():
                target = work / "curve.ics"
                run(export_argv(data, target, src), env, target)  # warm-up: the parse cache
                seconds, megabytes, _ = run(export_argv(data, target, src), env, target)
                curve[years, version] = (seconds, megabytes, target.read_bytes().count(b"BEGIN:VEVENT"))

    medians = {name: statistics.median(t for t, _, _ in values) for name, values in samples.items()}
    cpu = {name: statistics.median(c for _, _, c in values) for name, values in samples.items()}
    memory = {name: max(m for _, m, _ in values) for name, values in samples.items()}
    ratio = medians["weekplan export"] / medians["calcurse --export=ical"]
    cpu_ratio = cpu["weekplan export"] / cpu["calcurse --export=ical"]
    print(f"ten years: weekplan exports {events} events, calcurse {theirs}; {args.runs} turns each")
    print(f"imports alone: python -c {commands['imports alone'][-1]!r}")
    for name in commands:
        runs = ", ".join(f"{t:.3f}" for t, _, _ in samples[name])
        print(
            f"{name:24} median {medians[name]:7.3f} s, processor {cpu[name]:7.3f} s, "
            f"peak {memory[name]:6.1f} MB  (wall runs {runs})"
        )
    print(f"weekplan / calcurse: {ratio:.2f}x, processor time {cpu_ratio:.2f}x (budget {TIME_RATIO_BUDGET}x)")
    floor = medians["imports alone"] / medians["calcurse --export=ical"]
    cpu_floor = cpu["imports alone"] / cpu["calcurse --export=ical"]
    print(f"imports alone / calcurse: {floor:.2f}x, processor time {cpu_floor:.2f}x")
    beyond = (cpu["weekplan export"] - cpu["imports alone"]) / cpu["calcurse --export=ical"]
    print(f"processor time beyond the imports / calcurse: {beyond:.2f}x")
    if "the other, export" in commands:
        mine, theirs = medians["weekplan export"], medians["the other, export"]
        print(
            f"weekplan / the other: {mine / theirs:.2f}x, "
            f"processor time {cpu['weekplan export'] / cpu['the other, export']:.2f}x"
        )
        print(f"ten years, the same bytes as the other's (DTSTAMP aside): {'yes' if same else 'NO'}")
    print("memory curve (one run each after a warm-up):")
    for (years, version), (seconds, megabytes, count) in curve.items():
        print(f"  {version:10} {years:4} years  {count:7} events  {seconds:7.3f} s  peak {megabytes:6.1f} MB")
    smallest, largest = curve[min(sizes), "weekplan"][1], curve[max(sizes), "weekplan"][1]
    growth = largest / smallest
    print(f"peak memory, {max(sizes)} years / {min(sizes)} year{'s' if min(sizes) != 1 else ''}: {growth:.2f}x")
    ok = ratio <= TIME_RATIO_BUDGET and growth <= MEMORY_GROWTH_BUDGET and same is not False

    def verdict(met: bool) -> str:
        return "met" if met else "NOT met"

    print(f"time as stated (wall clock <= {TIME_RATIO_BUDGET}x calcurse): {verdict(ratio <= TIME_RATIO_BUDGET)}")
    print(
        f"time as restated (processor time beyond the imports <= {TIME_RATIO_BUDGET}x calcurse, "
        f"docs/benchmarks.md): {verdict(beyond <= TIME_RATIO_BUDGET)}"
    )
    print(f"memory flat (<= {MEMORY_GROWTH_BUDGET}x): {verdict(growth <= MEMORY_GROWTH_BUDGET)}")
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
