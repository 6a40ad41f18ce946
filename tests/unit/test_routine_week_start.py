"""A weekly repeat with INTERVAL and WKST comes in as a routine on the days the
reference reading of RFC 5545 gives: the week start decides which days share a week,
and so which weeks "every other" takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference_sweep import SWEEP
from weekplan.ics_import import plan_import
from weekplan.store import Store

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def calendar(start_day: int, rule: str) -> bytes:
    lines = [
        "UID:hike@phone",
        "SUMMARY:hike",
        "DTSTAMP:20261101T120000Z",
        f"DTSTART;TZID=Europe/Berlin:202611{start_day}T070000",
        f"DTEND;TZID=Europe/Berlin:202611{start_day}T080000",
        f"RRULE:{rule}",
    ]
    body = "\r\n".join(lines)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".encode()


@pytest.mark.parametrize("week_start", WEEKDAY_CODES)
@pytest.mark.parametrize("days", ["SA,SU", "SU,MO", "TH,SU", "WE,SA,SU"])
@pytest.mark.parametrize("start_day", [23, 26, 29])  # 2026-11-23 is a Monday, the 29th a Sunday
def test_every_other_week_from_any_week_start_comes_in_as_the_reference_reads_it(
    store: Store, week_start: str, days: str, start_day: int
) -> None:
    data = calendar(start_day, f"FREQ=WEEKLY;INTERVAL=2;BYDAY={days};WKST={week_start};COUNT=7")
    plan = plan_import([(Path("in.ics"), data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY)
    (routine,) = plan.routines
    assert routine.week_start == WEEKDAY_CODES.index(week_start)
    assert SWEEP.imported(plan) == SWEEP.reference(data) != {}
