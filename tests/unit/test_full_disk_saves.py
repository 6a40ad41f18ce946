"""A save that runs out of room (a full disk, a quota, a size limit) leaves the file as
it was, leaves no half-written file behind, and says which file was not saved.

`weekplan add` runs with a limit on the size of the files it writes (RLIMIT_FSIZE;
Python ignores the signal that would end it, so the write fails, as on a full disk)."""

from __future__ import annotations

import resource
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from weekplan.model import Activity, new_id
from weekplan.store import Store
from weekplan.weeks import IsoWeek

LIMIT = 4096


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_an_add_that_runs_out_of_room_changes_nothing_and_names_the_file(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    monday = date(2026, 11, 23)
    week_file = store.week_path(IsoWeek(2026, 48))
    n = 0
    while not week_file.exists() or week_file.stat().st_size < LIMIT - 150:  # the add's 190 bytes go past it
        store.put_activity(Activity(new_id(), monday + timedelta(days=n % 7), 7 * 60, 8 * 60, f"item {n}", "hobby"))
        n += 1
    before = week_file.read_bytes()
    assert len(before) < LIMIT

    done = subprocess.run(
        [sys.executable, "-m", "weekplan", "add", "fri 19:00 a title long enough to go past the size limit #friends"],
        capture_output=True,
        text=True,
        preexec_fn=limited,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert str(week_file) in done.stderr  # which save failed, not only why
    assert week_file.read_bytes() == before
    assert sorted(p.name for p in week_file.parent.iterdir()) == [week_file.name]
