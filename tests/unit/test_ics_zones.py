"""The library's answers about a zone, kept between runs (weekplan.ics_zones): an
export that asks what the last one asked needs no icalendar, and an answer is never
used once the zone's definition or the library changed."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone

from weekplan.ics_export import ZONE_MARGIN
from weekplan.ics_zones import CACHE_NAME, save_answers, tzid_of, vtimezone
from weekplan.model import Activity
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import parse_time

FIRST, LAST = date(2025, 1, 1), date(2027, 12, 31)

# An export in a fresh interpreter that says, last, whether it imported icalendar.
EXPORT = (
    "import sys, runpy\n"
    "sys.argv = ['weekplan', '--data-dir', sys.argv[1], 'export', '-o', sys.argv[2]]\n"
    "try:\n    runpy.run_module('weekplan', run_name='__main__')\n"
    "finally:\n    print('icalendar' in sys.modules, file=sys.stderr)"
)


def library_text(key: str) -> bytes:
    return Timezone.from_tzid(key, first_date=FIRST, last_date=LAST).to_ical()


def export_in_a_fresh_process(data: Path, out: Path, cache: Path) -> tuple[bytes, bool]:
    env = os.environ | {"TZ": "Europe/Berlin", "WEEKPLAN_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", EXPORT, str(data), str(out)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    without_stamp = b"".join(line for line in out.read_bytes().splitlines(True) if not line.startswith(b"DTSTAMP"))
    return without_stamp, done.stderr.strip().splitlines()[-1] == "True"


def test_the_second_export_of_the_same_data_does_not_load_the_library(store: Store, tmp_path: Path) -> None:
    store.add_activities(
        [Activity("a1", date(2026, 7, 1), parse_time("09:00"), parse_time("10:00"), "swim", "fitness")]
    )
    first, loaded_first = export_in_a_fresh_process(store.root, tmp_path / "one.ics", tmp_path / "zones")
    again, loaded_again = export_in_a_fresh_process(store.root, tmp_path / "two.ics", tmp_path / "zones")
    assert loaded_first  # the zone was new: the library made its VTIMEZONE and said its TZID
    assert not loaded_again
    assert again == first
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" in again
    assert b"DTSTART;TZID=Europe/Berlin:20260701T090000\r\n" in again


def test_a_store_with_routines_exported_on_the_next_day_does_not_load_the_library(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One routine with an end, one without: its RRULE is weekplan's to write, and the
    # span of a routine without an end is the same on every day of a year.
    store.put_routine(Routine("r1", "gym", "fitness", (0, 2), parse_time("07:00"), parse_time("08:00"), FIRST))
    store.put_routine(
        Routine("r2", "class", "learning", (3,), parse_time("18:00"), parse_time("20:30"), FIRST, LAST, 2)
    )
    monkeypatch.setenv("WEEKPLAN_TODAY", "2026-03-14")
    first, loaded_first = export_in_a_fresh_process(store.root, tmp_path / "one.ics", tmp_path / "zones")
    monkeypatch.setenv("WEEKPLAN_TODAY", "2026-03-15")
    again, loaded_again = export_in_a_fresh_process(store.root, tmp_path / "two.ics", tmp_path / "zones")
    assert loaded_first
    assert not loaded_again
    assert again == first
    assert b"RRULE:FREQ=WEEKLY;BYDAY=MO,WE;WKST=MO\r\n" in again
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20271231T225959Z;INTERVAL=2;BYDAY=TH;WKST=MO\r\n" in again


def rewrite_kept(cache: Path, change) -> Path:
    """A copy of the kept answers, changed by `change`, in a new cache folder (a run
    reads its cache file once)."""
    fmt, library, zones = marshal.loads((cache / CACHE_NAME).read_bytes())
    fmt, library, zones = change(fmt, library, zones)
    other = cache.with_name(cache.name + "-changed")
    other.mkdir()
    (other / CACHE_NAME).write_bytes(marshal.dumps((fmt, library, zones)))
    return other


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder holding Berlin's VTIMEZONE for FIRST..LAST, as the library made it."""
    cache = tmp_path / "zones"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    assert vtimezone("Europe/Berlin", FIRST, LAST) == library_text("Europe/Berlin")
    save_answers()
    return cache


KEPT = b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nCOMMENT:kept\r\nEND:VTIMEZONE\r\n"


def stale(fmt, library, zones):
    zones["Europe/Berlin"][2][f"{FIRST}/{LAST}"] = KEPT
    return fmt, library, zones


def test_a_kept_vtimezone_is_what_the_next_run_writes(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(rewrite_kept(kept, stale)))
    assert vtimezone("Europe/Berlin", FIRST, LAST) == KEPT
    assert vtimezone("Europe/Berlin", FIRST, date(2028, 12, 31)) != KEPT  # another span: asked anew


SPAN = f"{FIRST - ZONE_MARGIN}/{FIRST + ZONE_MARGIN}"  # what the export below asks for


@pytest.mark.parametrize(
    "hostile",
    [
        [],  # no definition, TZID nor spans
        ["definition", None, {}],  # not the bytes zoneinfo reads
        [b"?", "Europe/Berlin\r\nX-EVIL:1", {}],
        [b"?", "Europe/Berlin:X", {}],
        [b"?", 'Europe/"Berlin"', {}],
        [b"?", "", {}],
        [b"?", 7, {}],
        [b"?", None, []],
        [b"?", None, {SPAN: "BEGIN:VTIMEZONE\r\nEND:VTIMEZONE\r\n"}],  # text, not bytes
        [b"?", None, {SPAN: b"kept"}],
        [b"?", None, {SPAN: b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nEND:VTIMEZONE"}],  # no line end
        [b"?", None, {SPAN: b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\nX-EVIL:1\r\nEND:VTIMEZONE\r\n"}],
        [b"?", None, {SPAN: b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\rX-EVIL:1\r\nEND:VTIMEZONE\r\n"}],
        [b"?", None, {SPAN: b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\x1b[2J\r\nEND:VTIMEZONE\r\n"}],
        [b"?", None, {SPAN: KEPT + b"BEGIN:VEVENT\r\nSUMMARY:evil\r\nEND:VEVENT\r\n" + KEPT}],
        [b"?", None, {SPAN: KEPT.replace(b"COMMENT:kept\r\n", b"END:VCALENDAR\r\n")}],
    ],
)
def test_a_kept_entry_not_shaped_as_written_is_asked_of_the_library(
    kept: Path, monkeypatch: pytest.MonkeyPatch, store: Store, hostile: list
) -> None:
    """A cache file with the right header whose entry was changed (by hand, by another
    program): nothing of it reaches the export, which says what the library says."""
    from weekplan import ics_write
    from weekplan.ics_export import export_calendar

    def changed(fmt, library, zones):
        entry = list(hostile)
        if len(entry) == 3 and entry[0] == b"?":
            entry[0] = zones["Europe/Berlin"][0]  # the zone's own definition: only the rest is wrong
        zones["Europe/Berlin"] = entry
        return fmt, library, zones

    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(rewrite_kept(kept, changed)))
    store.add_activities([Activity("a1", FIRST, parse_time("09:00"), parse_time("10:00"), "swim", "fitness")])
    tzid_of.cache_clear()  # answers of this run so far: this run reads the changed file
    ics_write.forget_zone_forms()
    try:
        data, count = export_calendar(store, zone=ZoneInfo("Europe/Berlin"))
    finally:
        tzid_of.cache_clear()
        ics_write.forget_zone_forms()
    assert count == 1
    expected_zone = Timezone.from_tzid(
        "Europe/Berlin", first_date=FIRST - ZONE_MARGIN, last_date=FIRST + ZONE_MARGIN
    ).to_ical()
    assert expected_zone in data
    assert b"DTSTART;TZID=Europe/Berlin:20250101T090000\r\n" in data
    assert b"EVIL" not in data and b"evil" not in data and b"kept" not in data and b"\x1b" not in data


def test_a_zone_whose_definition_changed_is_asked_again(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def new_tzdata(fmt, library, zones):
        fmt, library, zones = stale(fmt, library, zones)
        zones["Europe/Berlin"][0] = b"TZif an older definition"
        return fmt, library, zones

    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(rewrite_kept(kept, new_tzdata)))
    assert vtimezone("Europe/Berlin", FIRST, LAST) == library_text("Europe/Berlin")


def test_answers_of_another_install_of_the_library_are_not_used(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def other_library(fmt, library, zones):
        fmt, _library, zones = stale(fmt, library, zones)
        return fmt, ("/elsewhere/icalendar/__init__.py", 1, 2), zones

    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(rewrite_kept(kept, other_library)))
    assert vtimezone("Europe/Berlin", FIRST, LAST) == library_text("Europe/Berlin")


@pytest.mark.parametrize("content", [b"", b"\x00garbage", marshal.dumps((1, None, ["not", "a", "table"]))])
def test_a_broken_cache_file_means_asking_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    cache = tmp_path / "zones"
    cache.mkdir()
    (cache / CACHE_NAME).write_bytes(content)
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    assert vtimezone("America/New_York", FIRST, LAST) == library_text("America/New_York")


def test_no_cache_or_one_that_cannot_be_written_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_the_way = tmp_path / "a file"
    in_the_way.write_text("not a folder")
    for folder in ("", str(in_the_way)):
        monkeypatch.setenv("WEEKPLAN_CACHE_DIR", folder)
        assert vtimezone("Asia/Tokyo", FIRST, LAST) == library_text("Asia/Tokyo")
    assert in_the_way.read_text() == "not a folder"


def test_unknown_zones_and_names_that_are_no_zone_give_nothing(kept: Path) -> None:
    assert vtimezone("Mars/Olympus_Mons", FIRST, LAST) == b""
    assert vtimezone("../../etc/passwd", FIRST, LAST) == b""
    assert vtimezone("x" * 300, FIRST, LAST) == b""


def test_the_names_that_mean_utc_have_the_tzid_utc(kept: Path) -> None:
    assert tzid_of("Etc/UTC") == "UTC"
    assert tzid_of("Europe/Berlin") == "Europe/Berlin"
    # and a time in such a zone is written with a Z (weekplan.ics_write)
    from zoneinfo import ZoneInfo

    from weekplan.ics_write import moment_value

    assert moment_value(datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("Etc/UTC"))) == ("", "20260101T090000Z")
