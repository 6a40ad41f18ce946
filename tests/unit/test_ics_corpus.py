"""The calendar files other calendar projects keep for their own tests, imported one by
one: never a traceback, and what comes in agrees day by day with the reference
expansion (recurring-ical-events) of the same file.

The files are read where the installed `icalendar` (BSD-2-Clause) and
`recurring-ical-events` (LGPL-3.0-or-later) packages ship them; none is copied here.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekplan.ics_events import local_time
from weekplan.ics_import import IcsError, ImportPlan, plan_import
from weekplan.store import Store
from weekplan.weeks import plannable

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
HORIZON = TODAY + timedelta(days=366)


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    return Path(spec.origin).parent if spec and spec.origin else None


def corpus() -> list[Path]:
    files: list[Path] = []
    for package, folder in (("icalendar", "tests"), ("recurring_ical_events", "test")):
        root = _package_dir(package)
        if root is not None and (root / folder).is_dir():
            files += sorted((root / folder).rglob("*.ics"))
    return files


FILES = corpus()


def reference(data: bytes) -> Counter[tuple[date, int | None, str]]:
    """(day, local start or None for all day, title) of every occurrence the reference shows."""
    import recurring_ical_events
    from icalendar import Calendar

    found: Counter[tuple[date, int | None, str]] = Counter()
    for cal in Calendar.from_ical(data.decode("utf-8-sig"), multiple=True):
        query = recurring_ical_events.of(cal, skip_bad_series=True)
        for event in query.between(datetime(1900, 1, 1), datetime.combine(HORIZON, time())):
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue  # weekplan leaves cancelled occurrences out of the week
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


def imported(plan: ImportPlan) -> Counter[tuple[date, int | None, str]]:
    """The same, of what the import would put in the planner: the first day of each
    event, and each occurrence of each routine."""
    found: Counter[tuple[date, int | None, str]] = Counter()
    firsts: set[tuple[str, str]] = set()
    for activity in sorted(plan.activities, key=lambda a: (a.date, a.start)):
        uid, recurrence = activity.extra.get("uid"), str(activity.extra.get("recurrence_id", ""))
        if activity.extra.get("all_day"):
            found[(activity.date, None, activity.title)] += 1
            continue
        if uid:
            if (uid, recurrence) in firsts:
                continue  # the rest of an event cut at midnight
            firsts.add((uid, recurrence))
        found[(activity.date, activity.start, activity.title)] += 1
    for routine in plan.routines:
        for day in routine.planned_dates(routine.first, HORIZON - timedelta(days=1)):
            occurrence = routine.occurrence(day)
            if occurrence is not None:
                found[(occurrence.date, occurrence.start, occurrence.title)] += 1
    return Counter({k: v for k, v in found.items() if k[0] < HORIZON})


@pytest.mark.skipif(not FILES, reason="the icalendar and recurring-ical-events test calendars are not installed")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_other_projects_calendars_import_as_the_reference_reads_them(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    store = Store.open(tmp_path / "data")
    try:
        plan = plan_import([(path, data)], store, zone=BERLIN, today=TODAY, all_day=True)
    except IcsError as exc:
        assert all(p.startswith(f"{path}:") for p in exc.problems)  # a file-level message, not a traceback
        return
    ours = imported(plan)
    try:
        expected = reference(data)
    except Exception:  # the reference cannot read it: there is nothing to agree with
        return
    invented = ours - expected
    assert not invented, f"not in the reference: {sorted(invented)[:5]}"
    if not plan.skipped:
        missing = expected - ours
        assert not missing, f"left out without a word: {sorted(missing)[:5]}"
