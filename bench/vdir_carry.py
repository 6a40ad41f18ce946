"""What keeping a phone's additions costs the two-way folder's pass that writes files.

    python bench/vdir_carry.py [--items 200] [--runs 5]

A data dir with `--items` activities, each with a reminder, in a two-way folder; a
phone adds a place, a link with a parameter, a folded note, an alarm of its own and a
SEQUENCE to every file, and the pass takes them in; every activity is then edited
here and the pass that writes them all out is timed.  In turns, that pass with the
additions kept (weekplan.ics_carry) and with weekplan's file written as made (what
the pass did before): the baseline, in the same run.  Prints the medians and their
ratio.  Budget: within 1.5x of the baseline.  Exit status: 0 within it, 1 over it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ["WEEKPLAN_CACHE_DIR"] = ""  # no cache: nothing written outside the run's own folders

from weekplan import ics_carry
from weekplan.model import Activity
from weekplan.record import replace
from weekplan.store import Store
from weekplan.vdir import sync_vdir

RATIO_BUDGET = 1.5
ZONE = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
ADDITIONS = (
    b"LOCATION:Hauptstr. 5\r\n"
    b'URL;VALUE=URI;X-LABEL="a;b":https://example.org/x?a=1;b=2\r\n'
    b"X-PHONE-NOTE:a note the phone keeps for itself, longer than a line may be, so\r\n"
    b"  it is folded over two lines\r\n"
    b"SEQUENCE:2\r\n"
    b"BEGIN:VALARM\r\nACTION:AUDIO\r\nTRIGGER:-PT1H\r\nX-WR-ALARMUID:7C1E\r\nEND:VALARM\r\n"
)


def one_pass(items: int, keep: bool) -> float:
    """Seconds of the pass that writes every edited activity out."""
    with tempfile.TemporaryDirectory() as tmp:
        root, folder = Path(tmp) / "data", Path(tmp) / "phone"
        store = Store.open(root)
        for n in range(items):
            day = TODAY + timedelta(days=n % 60)
            activity = Activity(f"a{n:05d}", day, 600 + n % 8 * 60, 660 + n % 8 * 60, f"item {n}", "hobby")
            store.put_activity(replace(activity, extra={"remind": 15}))
        sync_vdir(Store(root), folder, "calendars.phone", TODAY, zone=ZONE)
        for path in folder.glob("*.ics"):
            path.write_bytes(path.read_bytes().replace(b"END:VEVENT\r\n", ADDITIONS + b"END:VEVENT\r\n"))
        sync_vdir(Store(root), folder, "calendars.phone", TODAY, zone=ZONE)
        fresh = Store(root)
        for activity in list(fresh.all_activities()):
            fresh.put_activity(replace(activity, title=activity.title + " (moved)"))
        kept = ics_carry.carried_over
        if not keep:
            ics_carry.carried_over = lambda _path, _now, made, _day_start: made
        try:
            began = time.perf_counter()
            sync_vdir(Store(root), folder, "calendars.phone", TODAY, zone=ZONE)
            return time.perf_counter() - began
        finally:
            ics_carry.carried_over = kept


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.runs):
        for keep in (False, True):  # in turns, so a load that comes and goes meets both
            times[keep].append(one_pass(args.items, keep))
    base, kept = statistics.median(times[False]), statistics.median(times[True])
    ratio = kept / base
    print(f"{args.items} files written over, {args.runs} runs each (medians)")
    print(f"  as made (baseline): {base * 1000:.0f} ms")
    print(f"  additions kept:     {kept * 1000:.0f} ms  ({ratio:.2f}x)")
    return 0 if ratio <= RATIO_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
