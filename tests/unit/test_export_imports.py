"""What `weekplan export` loads: of an export of items made here (the usual one), not
the calendar library once its zone answers are kept (weekplan.ics_zones), nor the code
of imports, routines, time words or desktop notices (docs/benchmarks.md has the
figures)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from weekplan.model import Activity, SpecialDate
from weekplan.store import Store
from weekplan.weeks import parse_time

LOADED = "import sys; from weekplan.cli import main; rc = main(sys.argv[1:]); print(*sorted(sys.modules)); sys.exit(rc)"


def loaded_by(*argv: str) -> set[str]:
    """The modules a fresh interpreter holds after `weekplan ARGV`."""
    env = os.environ | {"TZ": "Europe/Berlin"}
    done = subprocess.run([sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines()[-1].split())


def test_an_export_of_items_made_here_loads_only_what_it_writes(store: Store, tmp_path: Path) -> None:
    swim = Activity("a1", date(2026, 7, 1), parse_time("09:00"), parse_time("10:00"), "swim", "fitness")
    dentist = Activity(
        "a2", date(2026, 7, 2), parse_time("08:00"), parse_time("09:00"), "dentist", "", extra={"remind": 30}
    )
    store.add_activities([swim, dentist])
    store.put_date(SpecialDate("d1", date(2026, 7, 4), "dinner", start=parse_time("19:00"), prep="book a table"))
    out = tmp_path / "week.ics"
    assert "icalendar" in loaded_by("export", "-o", str(out))  # a zone not seen before: the library says

    loaded = loaded_by("export", "-o", str(out))

    text = out.read_text()
    assert text.count("BEGIN:VALARM") == 3 and "TRIGGER:-PT30M" in text  # alarms, written without the library
    assert "BEGIN:VTIMEZONE" in text and "DTSTART;TZID=Europe/Berlin:20260701T090000" in text
    unused = {
        "icalendar",
        "weekplan.ics_changes",  # nothing came from another calendar
        "weekplan.ics_import",
        "weekplan.routines",  # no routines
        "weekplan.timewords",
        "subprocess",  # no desktop notice
        "hashlib",
        "weekplan.cli_together",  # the calendar's commands are found before Together's
        "weekplan.together",
        "typing",
    }
    assert not unused & loaded
