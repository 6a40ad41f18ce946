"""How long importing ten years of calendar takes, and what a dozen routines cost the
week view.

    python bench/import_speed.py [--runs 3] [--show-runs 30]
    python bench/import_speed.py --runs 5 --parse-only [--other ../main/src]

0. Writes an .ics of 5,000 events (the mix below) and, in turns, imports it into a
   fresh data dir with `weekplan import`, imports it again into that dir (nothing
   new), and parses it with the icalendar library alone (`Calendar.from_ical` in a
   fresh interpreter, the floor any import built on it stands on); after the first
   import, `weekplan show --json` of one week (the next read, which an import that
   kept nothing in the parse cache would make slower).  With --other SRC, the
   weekplan in that src/ folder (main, say) does the same in the same turns, and both
   run as `python -m weekplan`; each version has a parse cache of its own, fresh for
   the run.  Budget: the median import within 1.5x of the parse.
1. Writes an .ics of ten years (about 11,000 events: single timed events, weekly
   repeats that become routines, monthly repeats that are expanded, all-day events,
   in Europe/Berlin with a VTIMEZONE) and runs `weekplan import` on it into a fresh
   data dir, `--runs` times; then once more into the filled dir (nothing new).
   Budget: the median import well under a minute (30 s).
2. Times `weekplan show --json` on one week of a data dir without routines and the
   same dir with twelve routines, interleaved in shuffled order; and, inside one
   process, `Store.activities_between` for a week (what the planner calls when the
   week changes) with a warm cache.  Budget: show within 1.5x of the run without
   routines, and a week's lookup far inside a keystroke (under 5 ms).
Exit status: 0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

IMPORT_BUDGET_S = 30.0
PARSE_RATIO_BUDGET = 1.5
PARSE_EVENTS = 5_000
SHOW_RATIO_BUDGET = 1.5
WEEK_LOOKUP_BUDGET_MS = 5.0
YEARS = 10
FIRST = date(2016, 11, 28)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _vtimezone() -> str:
    return (
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19810329T020000\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nTZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )


def generate_ics(path: Path, seed: int = 7, singles: int = 10_800) -> int:
    """Ten years of someone's calendar; returns the number of VEVENTs written."""
    rng = random.Random(seed)
    titles = ["dentist", "lunch with Kim", "team call", "haircut", "concert", "run", "piano", "book club", "yoga"]
    out = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//import//EN\r\n", _vtimezone()]
    count = 0

    def event(lines: list[str]) -> None:
        nonlocal count
        count += 1
        out.append("BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n")

    days = YEARS * 365
    for n in range(singles):
        day = FIRST + timedelta(days=rng.randrange(days))
        start = datetime(day.year, day.month, day.day, rng.randrange(7, 21), rng.choice((0, 15, 30, 45)))
        end = start + timedelta(minutes=rng.choice((30, 45, 60, 90, 120)))
        event(
            [
                f"UID:single-{n}@bench",
                "DTSTAMP:20261101T120000Z",
                f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}",
                f"SUMMARY:{rng.choice(titles)} {n}",
            ]
        )
    for n in range(40):  # weekly: these become routines
        first = FIRST + timedelta(days=rng.randrange(days - 400))
        byday = ",".join(sorted(set(rng.sample(WEEKDAYS, rng.randrange(1, 4))), key=WEEKDAYS.index))
        until = first + timedelta(days=rng.randrange(60, 700))
        event(
            [
                f"UID:weekly-{n}@bench",
                "DTSTAMP:20261101T120000Z",
                f"DTSTART;TZID=Europe/Berlin:{first:%Y%m%d}T070000",
                f"DTEND;TZID=Europe/Berlin:{first:%Y%m%d}T080000",
                f"RRULE:FREQ=WEEKLY;INTERVAL={rng.choice((1, 1, 2))};BYDAY={byday};UNTIL={until:%Y%m%d}T235959Z",
                f"SUMMARY:training {n}",
            ]
        )
    for n in range(10):  # monthly: expanded
        first = FIRST + timedelta(days=rng.randrange(days))
        event(
            [
                f"UID:monthly-{n}@bench",
                "DTSTAMP:20261101T120000Z",
                f"DTSTART;TZID=Europe/Berlin:{first:%Y%m%d}T190000",
                f"DTEND;TZID=Europe/Berlin:{first:%Y%m%d}T210000",
                "RRULE:FREQ=MONTHLY;COUNT=24",
                f"SUMMARY:monthly {n}",
            ]
        )
    for n in range(150):  # all-day: reported and skipped
        day = FIRST + timedelta(days=rng.randrange(days))
        event(
            [
                f"UID:allday-{n}@bench",
                "DTSTAMP:20261101T120000Z",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:holiday {n}",
            ]
        )
    out.append("END:VCALENDAR\r\n")
    path.write_text("".join(out), "utf-8")
    return count


def weekplan() -> str:
    return shutil.which("weekplan") or str(Path(sys.executable).parent / "weekplan")


def environment() -> dict[str, str]:
    """The commands' environment.  Installed with pip, weekplan's modules are compiled
    once; so that a shell with PYTHONDONTWRITEBYTECODE does not time compiling them on
    every run (a source tree from `git archive` has no compiled modules at all), every
    command here, the parse too, keeps its compiled modules in bench/results/pycache,
    as cli_speed.py and export_speed.py do (step 0's first turn, not counted, fills it)."""
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(__file__).resolve().parent / "results" / "pycache")
    env["WEEKPLAN_TODAY"] = "2026-11-23"
    env["TZ"] = "Europe/Berlin"
    return env


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return time.perf_counter() - start


def bench_import(work: Path, runs: int) -> tuple[int, list[float], float, int]:
    ics = work / "ten-years.ics"
    events = generate_ics(ics)
    env = environment()
    times = []
    for run in range(runs):
        data = work / f"import-{run}"
        times.append(timed([weekplan(), "--data-dir", str(data), "import", str(ics)], env))
    again = timed([weekplan(), "--data-dir", str(work / "import-0"), "import", str(ics)], env)
    files = sum(1 for _ in (work / "import-0" / "weeks").glob("*.toml"))
    return events, times, again, files


PARSE_ONLY = "import sys; from icalendar import Calendar; Calendar.from_ical(open(sys.argv[1], 'rb').read())"


def timed_with_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and processor seconds (user and system) of one command.  On a shared
    machine the wall clock swings with the load; the processor time much less.  A first
    word PYTHONPATH=... sets that for the command."""
    if argv[0].startswith("PYTHONPATH="):
        env = env | {"PYTHONPATH": argv[0].split("=", 1)[1]}
        argv = argv[1:]
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def bench_against_parse(
    work: Path, runs: int, other: Path | None = None
) -> tuple[int, dict[str, list[tuple[float, float]]]]:
    """(wall, processor) seconds of each of: a first import, the same import again,
    the next `show`, the library's parse alone (and the same for `other`); in turns,
    `runs` times."""
    ics = work / "five-thousand.ics"
    events = generate_ics(ics, singles=PARSE_EVENTS - 200)
    versions = {"": (_this_version(other), _cached_env(work / "cache"))}
    if other is not None:
        versions["main "] = (_other_version(other), _cached_env(work / "cache-other"))
    samples: dict[str, list[tuple[float, float]]] = {"icalendar parse": []}
    for run in range(runs + 1):  # the first turn warms the disk cache and compiled modules
        found = {"icalendar parse": timed_with_cpu([sys.executable, "-c", PARSE_ONLY, str(ics)], environment())}
        turns = list(versions.items()) if run % 2 else list(reversed(versions.items()))
        for name, (command, env) in turns:
            data = ["--data-dir", str(work / f"parse-{name.strip() or 'this'}-{run}")]
            found[f"{name}import"] = timed_with_cpu([*command, *data, "import", str(ics)], env)
            found[f"{name}import again"] = timed_with_cpu([*command, *data, "import", str(ics)], env)
            found[f"{name}show after"] = timed_with_cpu([*command, *data, "show", "2026-W48", "--json"], env)
        if run:
            for name, seconds in found.items():
                samples.setdefault(name, []).append(seconds)
    return events, samples


def _this_version(other: Path | None) -> list[str]:
    """This weekplan; run as the other is (python -m) when there is one to compare with."""
    if other is None:
        return [weekplan()]
    return [f"PYTHONPATH={Path(__file__).resolve().parent.parent / 'src'}", sys.executable, "-m", "weekplan"]


def _other_version(src: Path) -> list[str]:
    return [f"PYTHONPATH={src.resolve()}", sys.executable, "-m", "weekplan"]


def _cached_env(cache: Path) -> dict[str, str]:
    """The environment with a parse cache of the run's own: the machine's may be full
    of other data directories' files, which makes one run unlike the next."""
    return environment() | {"WEEKPLAN_CACHE_DIR": str(cache)}


def make_show_dirs(work: Path) -> tuple[Path, Path]:
    env = environment()
    plain, routines = work / "show-plain", work / "show-routines"
    for data in (plain, routines):
        for n, text in enumerate(
            ["mon 09:00 standup #career", "tue 19:00-21:00 climbing #friends", "wed 18:00 guitar #hobby"] * 4
        ):
            subprocess.run(
                [weekplan(), "--data-dir", str(data), "add", f"{text} {n}"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
    add_routines(routines)
    return plain, routines


TWELVE_ROUTINES = (
    "gym mon,wed,fri 07:00 1h #fitness",
    "class thu 18:00-20:00 #learning",
    "run tue,sat 06:30 45m #fitness",
    "reading daily 22:00 30m #rest",
    "piano weekdays 17:00 30m #hobby",
    "call home sun 11:00 1h #friends",
    "language tue,thu 20:00 1h #learning",
    "yoga weekends 09:00 1h #fitness",
    "review fri 16:00 30m #career",
    "swim wed 12:00 45m #fitness",
    "walk daily 13:00 20m #rest",
    "sketching sat 15:00 2h #hobby",
)


def add_routines(data: Path) -> None:
    """A dozen routines from January 2026 on, every third one every other week."""
    env = environment()
    for n, spec in enumerate(TWELVE_ROUTINES):
        argv = [weekplan(), "--data-dir", str(data), "routine", "add", spec, "--from", "2026-01-05"]
        if n % 3 == 2:
            argv += ["--every", "2"]
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)


def bench_show(plain: Path, routines: Path, runs: int) -> dict[str, float]:
    env = environment()
    commands = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        "show --json, no routines": [weekplan(), "--data-dir", str(plain), "show", "2026-W48", "--json"],
        "show --json, 12 routines": [weekplan(), "--data-dir", str(routines), "show", "2026-W48", "--json"],
    }
    for argv in commands.values():
        timed(argv, env)  # warm-up: compiled modules, disk cache
    samples: dict[str, list[float]] = {name: [] for name in commands}
    rng = random.Random(3)
    for _ in range(runs):
        order = list(commands)
        rng.shuffle(order)
        for name in order:
            samples[name].append(timed(commands[name], env))
    return {name: statistics.median(values) for name, values in samples.items()}


def bench_week_lookup(plain: Path, routines: Path) -> dict[str, float]:
    """Median milliseconds for one week's activities with a warm store, as the planner has."""
    from weekplan.store import Store

    found = {}
    for name, data in (("no routines", plain), ("12 routines", routines)):
        store = Store(data)
        weeks = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(52)]
        for monday in weeks:
            store.activities_between(monday, monday + timedelta(days=6))
        samples = []
        for monday in weeks * 5:
            start = time.perf_counter()
            store.activities_between(monday, monday + timedelta(days=6))
            samples.append((time.perf_counter() - start) * 1000)
        found[name] = statistics.median(samples)
    return found


def report_against_parse(events: int, parse: dict[str, list[tuple[float, float]]]) -> bool:
    """Print step 0's figures; whether the import is within its budget (by the wall
    clock, as a person waits)."""
    wall = {name: statistics.median(w for w, _ in values) for name, values in parse.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in parse.items()}
    print(f"{events} events, {len(parse['import'])} turns (wall clock; processor time); {_load()}:")
    for name in parse:
        runs = ", ".join(f"{w:.2f}" for w, _ in parse[name])
        print(f"  {name:21} median {wall[name]:6.3f} s; {cpu[name]:6.3f} s (wall runs {runs})")
    for name in parse:
        if name != "icalendar parse" and "show" not in name:
            ratio, cpu_ratio = wall[name] / wall["icalendar parse"], cpu[name] / cpu["icalendar parse"]
            print(f"  {name} / icalendar parse: {ratio:.2f}x; processor time {cpu_ratio:.2f}x")
    print(f"  (budget {PARSE_RATIO_BUDGET}x)")
    return wall["import"] / wall["icalendar parse"] <= PARSE_RATIO_BUDGET


def _load() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="imports into a fresh data dir")
    parser.add_argument("--show-runs", type=int, default=30, help="rounds of the show commands")
    parser.add_argument("--parse-only", action="store_true", help="only step 0: the import against the parse")
    parser.add_argument("--other", type=Path, metavar="SRC", help="step 0 also for the weekplan in this src/ folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="weekplan-import-bench-") as tmp:
        work = Path(tmp)
        parse_events, parse = bench_against_parse(work, args.runs, args.other)
        if args.parse_only:
            return 0 if report_against_parse(parse_events, parse) else 1
        events, times, again, files = bench_import(work, args.runs)
        plain, routines = make_show_dirs(work)
        show = bench_show(plain, routines, args.show_runs)
        lookup = bench_week_lookup(plain, routines)

    median = statistics.median(times)
    parse_ok = report_against_parse(parse_events, parse)
    ratio = show["show --json, 12 routines"] / show["show --json, no routines"]
    print(f"import of {events} events (10 years) into a fresh dir: median {median:.2f} s of {len(times)} runs")
    print(f"  runs: {', '.join(f'{t:.2f}' for t in times)} s; {files} week files written")
    print(f"the same file again (nothing new): {again:.2f} s")
    for name, value in show.items():
        print(f"{name:28} median {value * 1000:7.1f} ms")
    print(f"show with 12 routines / without: {ratio:.2f}x")
    for name, value in lookup.items():
        print(f"one week's activities in a warm store, {name:12} median {value:.3f} ms")
    ok = (
        parse_ok
        and median < IMPORT_BUDGET_S
        and ratio < SHOW_RATIO_BUDGET
        and lookup["12 routines"] < WEEK_LOOKUP_BUDGET_MS
    )
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
