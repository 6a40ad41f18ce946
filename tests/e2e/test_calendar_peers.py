"""Round trips through the calendar programs people keep beside weekplan: weekplan's
export read by calcurse (a Debian package) and by khal (from PyPI), and what they
write back read by weekplan, with the same entries on the same days."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekplan.ics_export import export_calendar
from weekplan.ics_import import apply_import, plan_import
from weekplan.model import Activity, SpecialDate
from weekplan.routines import OccurrenceChange, Routine
from weekplan.store import Store
from weekplan.weeks import parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
SPAN = (date(2026, 11, 23), date(2026, 12, 20))
BIN = Path(sys.executable).parent
ENV = os.environ | {"TZ": "Europe/Berlin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

AWAY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//phone//EN
BEGIN:VEVENT
UID:away@phone
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261204
DTEND;VALUE=DATE:20261207
SUMMARY:weekend away
END:VEVENT
BEGIN:VEVENT
UID:train@phone
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261211T220000
DTEND;TZID=Europe/Berlin:20261212T063000
SUMMARY:night train
URL:https://example.org/ticket
ATTENDEE;CN=Sam:mailto:sam@example.org
END:VEVENT
END:VCALENDAR
"""


def t(text: str) -> int:
    return parse_time(text, allow_24=True)


def filled(store: Store) -> Store:
    store.put_activity(Activity("a1", date(2026, 11, 24), t("19:00"), t("21:00"), "climbing", "friends"))
    store.put_activity(Activity("a2", date(2026, 11, 28), t("22:00"), t("24:00"), "late film", "rest"))
    store.put_date(SpecialDate("d1", date(2026, 11, 27), "dinner by the river", t("19:30"), t("22:00")))
    gym = Routine("r1", "gym", "fitness", (0, 2), t("07:00"), t("08:00"), date(2026, 11, 23), date(2026, 12, 20))
    store.put_routine(gym.with_exception(date(2026, 11, 30), OccurrenceChange(removed=True)))
    plan = plan_import([(Path("away.ics"), AWAY.encode())], store, zone=BERLIN, today=TODAY, all_day=True)
    apply_import(plan, store)
    return store


def entries(store: Store) -> Counter[tuple[object, ...]]:
    fresh = Store(store.root)
    found: Counter[tuple[object, ...]] = Counter(
        (a.date, a.start, a.end, a.title) for a in fresh.activities_between(*SPAN)
    )
    found.update((d.date, d.start, d.end, d.title) for d in fresh.dates_between(*SPAN))
    return found


def import_into(store: Store, sources: list[tuple[Path, bytes]]) -> None:
    plan = plan_import(sources, store, zone=BERLIN, today=TODAY, all_day=True)
    assert not [s for s in plan.skipped if "left out" in s], plan.skipped
    apply_import(plan, store)


def as_activities(found: Counter[tuple[object, ...]]) -> Counter[tuple[object, ...]]:
    return found


@pytest.mark.skipif(shutil.which("calcurse") is None, reason="calcurse not installed (apt-get install calcurse)")
def test_calcurse_reads_the_export_and_its_export_comes_back_the_same(store: Store, tmp_path: Path) -> None:
    filled(store)
    out = tmp_path / "weekplan.ics"
    out.write_bytes(export_calendar(store, zone=BERLIN)[0])
    data_dir = tmp_path / "calcurse"
    data_dir.mkdir()
    subprocess.run(["calcurse", "-D", str(data_dir), "-i", str(out)], env=ENV, check=True, capture_output=True)
    back = subprocess.run(["calcurse", "-D", str(data_dir), "-xical"], env=ENV, check=True, capture_output=True)
    assert b"DTSTART;VALUE=DATE:20261204" in back.stdout  # all day stays all day, not 07:00-23:00
    fresh = Store.open(tmp_path / "fresh")
    import_into(fresh, [(tmp_path / "calcurse.ics", back.stdout)])
    # calcurse keeps no special dates apart: the dinner comes back as an activity.
    assert entries(fresh) == entries(store)


@pytest.mark.skipif(not (BIN / "khal").exists() and shutil.which("khal") is None, reason="khal not installed")
def test_khal_imports_the_export_and_weekplan_reads_khals_vdir_back_the_same(store: Store, tmp_path: Path) -> None:
    filled(store)
    out = tmp_path / "weekplan.ics"
    out.write_bytes(export_calendar(store, zone=BERLIN)[0])
    vdir = tmp_path / "khal" / "personal"
    vdir.mkdir(parents=True)
    conf = tmp_path / "khal.conf"
    conf.write_text(
        f"[calendars]\n[[personal]]\npath = {vdir}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n"
    )
    khal = str(BIN / "khal") if (BIN / "khal").exists() else "khal"
    subprocess.run(
        [khal, "-c", str(conf), "import", "--batch", "-a", "personal", str(out)],
        env=ENV,
        check=True,
        capture_output=True,
        timeout=120,
    )
    files = sorted(vdir.glob("*.ics"))
    assert len(files) >= 6
    assert any("URL:https://example.org/ticket" in f.read_text() for f in files)  # khal kept what weekplan kept
    fresh = Store.open(tmp_path / "fresh")
    import_into(fresh, [(f, f.read_bytes()) for f in files])
    assert entries(fresh) == entries(store)
