"""The calendar files other calendar projects keep for their own tests, imported one by
one: never a traceback, and what comes in agrees day by day with the reference
expansion (recurring-ical-events) of the same file.

The files are read where the installed `icalendar` (BSD-2-Clause) and
`recurring-ical-events` (LGPL-3.0-or-later) packages ship them; none is copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reference_sweep import SWEEP
from weekplan.ics_import import IcsError, plan_import
from weekplan.store import Store

FILES = SWEEP.installed_corpus()


@pytest.mark.skipif(not FILES, reason="the icalendar and recurring-ical-events test calendars are not installed")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_other_projects_calendars_import_as_the_reference_reads_them(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    store = Store.open(tmp_path / "data")
    try:
        plan = plan_import([(path, data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY, all_day=True)
    except IcsError as exc:
        assert all(p.startswith(f"{path}:") for p in exc.problems)  # a file-level message, not a traceback
        return
    ours = SWEEP.imported(plan)
    try:
        expected = SWEEP.reference(data)
    except Exception:  # the reference cannot read it: there is nothing to agree with
        return
    invented = ours - expected
    assert not invented, f"not in the reference: {sorted(invented)[:5]}"
    if not plan.skipped:
        missing = expected - ours
        assert not missing, f"left out without a word: {sorted(missing)[:5]}"
