"""How long a calendar's refresh keeps the data directory's lock, which the planner's
saves (space, x, shift+arrows) wait for on its main thread.

    python bench/refresh_lock.py [--runs 5] [--other ../main/src]

A year of the generated data set (bench/generate_data.py) subscribes to a calendar of
2,000 timed events, refreshed once to bring them in; each turn copies that data
directory, moves a tenth of the events by a day, and refreshes in a fresh process
while a thread of it takes and lets go of the lock every 5 ms: the longest it waited
is how long a save would have.  With --other SRC, the weekplan in that src/ folder
does the same in the same turns, alternating, so a noisy machine weighs on both.
Prints the medians and their ratio; exit status 0.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVENTS = 2000

CHILD = """
import fcntl, os, sys, threading, time
from datetime import date
from pathlib import Path
from weekplan.store import Store
from weekplan.subscriptions import refresh

root = Path(sys.argv[1])
store = Store.open(root)
store.all_activities()
done = []
def probe():
    fd = os.open(root, os.O_RDONLY)
    longest = 0.0
    while not done:
        start = time.monotonic()
        fcntl.flock(fd, fcntl.LOCK_EX)
        longest = max(longest, time.monotonic() - start)
        fcntl.flock(fd, fcntl.LOCK_UN)
        time.sleep(0.005)
    os.close(fd)
    done.append(longest)
thread = threading.Thread(target=probe)
thread.start()
start = time.monotonic()
lines = refresh(store, date(2026, 12, 6))
took = time.monotonic() - start
done.append(0.0)
thread.join()
print(done[-1], took, lines[0])
"""


def calendar(shift_every: int | None) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    base = datetime(2026, 6, 1, 9, 0)
    for n in range(EVENTS):
        start = base + timedelta(hours=n * 5)
        if shift_every and n % shift_every == 0:
            start += timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:ev{n}@bench",
            "DTSTAMP:20261101T000000Z",
            f"SEQUENCE:{1 if shift_every and n % shift_every == 0 else 0}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"DTEND:{start + timedelta(hours=1):%Y%m%dT%H%M%S}",
            f"SUMMARY:meeting {n}",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n"


def prepare(folder: Path, src: Path) -> Path:
    root = folder / "data"
    subprocess.run(
        [sys.executable, str(HERE / "generate_data.py"), str(root), "--years", "1"],
        check=True,
        capture_output=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
    )
    ics = folder / "work.ics"
    ics.write_text(calendar(None))
    config = root / "config.toml"
    config.write_text(config.read_text() + f'\n[calendars.work]\nsource = "{ics}"\ncategory = "career"\n')
    subprocess.run([sys.executable, "-c", CHILD, str(root)], check=True, capture_output=True, env=_env(src))
    ics.write_text(calendar(10))
    return root


def _env(src: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "WEEKPLAN_CACHE_DIR": "", "LANG": "C.UTF-8"}


def turn(prepared: Path, src: Path, scratch: Path) -> tuple[float, float, str]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(prepared, scratch)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(scratch)], check=True, capture_output=True, text=True, env=_env(src)
    )
    wait, took, line = out.stdout.split(" ", 2)
    return float(wait), float(took), line.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--other", type=Path, help="another weekplan's src/ folder, run in the same turns")
    args = parser.parse_args(argv)
    versions = {"this": HERE.parent / "src"}
    if args.other:
        versions["other"] = args.other.resolve()
    with tempfile.TemporaryDirectory(prefix="weekplan-refresh-lock-") as tmp:
        folder = Path(tmp)
        prepared = {name: prepare(folder / name, src) for name, src in versions.items()}
        waits: dict[str, list[float]] = {name: [] for name in versions}
        tooks: dict[str, list[float]] = {name: [] for name in versions}
        for _ in range(args.runs):
            for name, src in versions.items():
                wait, took, line = turn(prepared[name], src, folder / f"{name}-turn")
                waits[name].append(wait)
                tooks[name].append(took)
        print(f"{date.today()}: {args.runs} turns; the refresh said: {line}")
        for name in versions:
            wait, took = statistics.median(waits[name]), statistics.median(tooks[name])
            print(f"{name}: longest wait for the lock, median {wait:.3f} s; refresh {took:.3f} s")
        if args.other:
            ratio = statistics.median(waits["this"]) / max(statistics.median(waits["other"]), 1e-9)
            print(f"this/other, longest wait: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
