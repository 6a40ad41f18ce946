"""Import other projects' test calendars one by one and compare each, day by day, with
the reference expansion (recurring-ical-events).

    python bench/calendar_sweep.py [FOLDER ...]

With no folder it sweeps the test calendars the installed `icalendar` and
`recurring-ical-events` packages ship (tests/unit/test_ics_corpus.py checks those
on every run).  Give folders of .ics files to sweep more, for example the test
calendars of khal (tests/ics in pimutils/khal) or of other calendar programs; they
stay where they are, and nothing is copied into this repository.

For each file it counts: a traceback (any exception but a file-level message),
a file that is not a calendar (one message, nothing imported), and a day-by-day
difference from the reference: an entry weekplan shows that the reference does not
("invented"), or one the reference shows that weekplan left out without saying why
("silently missing").  Exit status 0 when there is neither a traceback nor a
difference.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import traceback
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from weekplan.ics_events import local_time
from weekplan.ics_import import IcsError, ImportPlan, plan_import
from weekplan.store import Store
from weekplan.weeks import plannable

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
HORIZON = TODAY + timedelta(days=366)
Entries = Counter[tuple[date, int | None, str]]


def installed_corpus() -> list[Path]:
    files: list[Path] = []
    for package, folder in (("icalendar", "tests"), ("recurring_ical_events", "test")):
        spec = importlib.util.find_spec(package)
        if spec and spec.origin and (Path(spec.origin).parent / folder).is_dir():
            files += sorted((Path(spec.origin).parent / folder).rglob("*.ics"))
    return files


def reference(data: bytes) -> Entries:
    import recurring_ical_events
    from icalendar import Calendar

    found: Entries = Counter()
    for cal in Calendar.from_ical(data.decode("utf-8-sig"), multiple=True):
        for event in recurring_ical_events.of(cal, skip_bad_series=True).between(
            datetime(1900, 1, 1), datetime.combine(HORIZON, time())
        ):
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            title = str(event.get("SUMMARY", "")).strip() or "(untitled)"
            start = event.start
            if isinstance(start, datetime):
                when = local_time(start, BERLIN)
                found[(when.date(), when.hour * 60 + when.minute, title)] += 1
            else:
                end = event.end if isinstance(event.end, date) and event.end > start else start + timedelta(days=1)
                for offset in range((end - start).days):
                    found[(start + timedelta(days=offset), None, title)] += 1
    return Counter({k: v for k, v in found.items() if plannable(k[0]) and k[0] < HORIZON})


def imported(plan: ImportPlan) -> Entries:
    found: Entries = Counter()
    firsts: set[tuple[str, str]] = set()
    for activity in sorted(plan.activities, key=lambda a: (a.date, a.start)):
        uid, recurrence = activity.extra.get("uid"), str(activity.extra.get("recurrence_id", ""))
        if activity.extra.get("all_day"):
            found[(activity.date, None, activity.title)] += 1
            continue
        if uid:
            if (uid, recurrence) in firsts:
                continue
            firsts.add((uid, recurrence))
        found[(activity.date, activity.start, activity.title)] += 1
    for routine in plan.routines:
        for day in routine.planned_dates(routine.first, HORIZON - timedelta(days=1)):
            occurrence = routine.occurrence(day)
            if occurrence is not None:
                found[(occurrence.date, occurrence.start, occurrence.title)] += 1
    return Counter({k: v for k, v in found.items() if k[0] < HORIZON})


def sweep(files: list[Path]) -> int:
    counts = Counter[str]()
    with tempfile.TemporaryDirectory(prefix="weekplan-sweep-") as tmp:
        store = Store.open(Path(tmp) / "data")
        for path in files:
            data = path.read_bytes()
            try:
                plan = plan_import([(path, data)], store, zone=BERLIN, today=TODAY, all_day=True)
            except IcsError:
                counts["not a calendar (one message)"] += 1
                continue
            except Exception:
                counts["TRACEBACK"] += 1
                print(f"{path}: traceback\n{traceback.format_exc()}")
                continue
            try:
                expected = reference(data)
            except Exception:
                counts["the reference cannot read it"] += 1
                continue
            ours = imported(plan)
            if ours - expected:
                counts["DIFFERS: invented"] += 1
                print(f"{path}: not in the reference: {sorted(ours - expected)[:3]}")
            elif not plan.skipped and expected - ours:
                counts["DIFFERS: silently missing"] += 1
                print(f"{path}: left out without a word: {sorted(expected - ours)[:3]}")
            elif plan.skipped:
                counts["agrees, some events reported and left out"] += 1
            else:
                counts["agrees day by day"] += 1
    print(f"{len(files)} files")
    for name, count in sorted(counts.items()):
        print(f"  {name}: {count}")
    return 1 if counts["TRACEBACK"] or counts["DIFFERS: invented"] or counts["DIFFERS: silently missing"] else 0


def main() -> int:
    folders = [Path(a) for a in sys.argv[1:]]
    files = [f for folder in folders for f in sorted(folder.rglob("*.ics"))] if folders else installed_corpus()
    return sweep(files)


if __name__ == "__main__":
    sys.exit(main())
