"""Export to iCalendar: what another calendar program sees, and that importing the file
into an empty data dir gives back the same activities, dates and routines."""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from weekplan import cli
from weekplan.ics_export import export_calendar
from weekplan.ics_import import apply_import, plan_import
from weekplan.local_zone import local_zone
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.routines import OccurrenceChange, Routine
from weekplan.store import Store
from weekplan.weeks import IsoWeek, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)


def t(text: str) -> int:
    return parse_time(text, allow_24=True)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fill(store: Store) -> None:
    store.put_activity(Activity("a1", date(2026, 11, 24), t("19:00"), t("21:00"), "climbing", "friends", notes="gym B"))
    store.put_activity(Activity("a2", date(2026, 11, 28), t("22:00"), t("24:00"), "late film", "rest", done=True))
    store.put_activity(
        Activity("a3", date(2026, 12, 31), t("10:00"), t("11:30"), "year review", "career", skipped=True)
    )
    store.put_date(SpecialDate("d1", date(2026, 11, 27), "dinner by the river", t("19:30"), t("22:00"), place="Ufer"))
    store.put_date(
        SpecialDate(
            "d2",
            date(2026, 12, 12),
            "day at the lake",
            status="done",
            prep="pack towels",
            prep_days=2,
            rating=5,
            prep_done=True,
        )
    )
    gym = Routine("r1", "gym", "fitness", (0, 2, 4), t("07:00"), t("08:00"), date(2026, 11, 23), notes="legs")
    gym = gym.with_exception(
        date(2026, 11, 25), OccurrenceChange(date=date(2026, 11, 26), start=t("18:00"), end=t("19:00"))
    )
    gym = gym.with_exception(date(2026, 11, 27), OccurrenceChange(done=True))
    gym = gym.with_exception(date(2026, 11, 30), OccurrenceChange(removed=True))
    gym = gym.with_exception(date(2026, 12, 2), OccurrenceChange(skipped=True, title="gym (short)"))
    store.put_routine(gym)
    store.put_routine(
        Routine("r2", "class", "learning", (3,), t("18:00"), t("20:30"), date(2026, 11, 26), date(2027, 6, 24), 2)
    )


def test_export_then_import_into_an_empty_data_dir_gives_the_same_data(store: Store, tmp_path: Path) -> None:
    fill(store)
    data, count = export_calendar(store, zone=BERLIN)
    assert count == 10  # 3 activities, 2 dates, 2 routines, and 3 changed occurrences of gym
    empty = Store.open(tmp_path / "empty")
    plan = plan_import([(tmp_path / "out.ics", data)], empty, zone=BERLIN, today=TODAY)
    assert plan.skipped == [] and plan.expanded == []
    apply_import(plan, empty)

    again = Store(empty.root)
    assert list(again.all_activities()) != []
    assert sorted(again.all_activities(), key=lambda a: a.id) == sorted(store.all_activities(), key=lambda a: a.id)
    assert again.dates().items == store.dates().items
    assert again.routines().items == store.routines().items
    span = (date(2026, 11, 1), date(2027, 7, 1))
    assert again.activities_between(*span) == store.activities_between(*span)


def test_importing_own_export_again_adds_nothing(store: Store, tmp_path: Path) -> None:
    fill(store)
    data, _ = export_calendar(store, zone=BERLIN)
    files = sorted(p for p in store.root.rglob("*.toml"))
    before = {p: p.read_bytes() for p in files}
    plan = plan_import([(tmp_path / "out.ics", data)], store, zone=BERLIN, today=TODAY)
    assert plan.empty and plan.already == 7
    apply_import(plan, store)
    assert {p: p.read_bytes() for p in sorted(store.root.rglob("*.toml"))} == before


def test_a_routine_keeps_its_local_time_across_both_dst_changes(store: Store) -> None:
    store.put_routine(
        Routine("sun", "long run", "fitness", (6,), t("09:00"), t("10:30"), date(2026, 3, 1), date(2026, 11, 1))
    )
    data, count = export_calendar(store, zone=BERLIN)
    cal = Calendar.from_ical(data)
    assert count == 1
    (event,) = cal.events
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start == datetime(2026, 3, 1, 9, 0, tzinfo=BERLIN)
    assert "TZID=Europe/Berlin:20260301T090000" in data.decode()
    # The zone travels with the file, with both 2026 transitions.
    (zone,) = cal.timezones
    assert zone.tz_name == "Europe/Berlin"
    assert "20260329T030000" in data.decode() and "20261025T030000" in data.decode()

    rule = event.rrules[0]
    until = rule["UNTIL"][0]
    assert until.utcoffset() == timedelta(0)  # RFC 5545: UNTIL in UTC when DTSTART has a TZID
    starts = list(rrulestr(rule.to_ical().decode(), dtstart=event.start))
    assert len(starts) == 36
    by_day = {s.date(): s for s in starts}
    for day in (date(2026, 3, 22), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1)):
        assert (by_day[day].hour, by_day[day].minute) == (9, 0)
    assert by_day[date(2026, 3, 22)].utcoffset() == timedelta(hours=1)
    assert by_day[date(2026, 3, 29)].utcoffset() == timedelta(hours=2)
    assert by_day[date(2026, 10, 18)].utcoffset() == timedelta(hours=2)
    assert by_day[date(2026, 10, 25)].utcoffset() == timedelta(hours=1)


def test_exceptions_become_exdate_and_recurrence_id_overrides(store: Store) -> None:
    fill(store)
    cal = Calendar.from_ical(export_calendar(store, zone=BERLIN)[0])
    gym = [e for e in cal.events if str(e["UID"]) == "r1@weekplan"]
    master = next(e for e in gym if "RECURRENCE-ID" not in e)
    assert master.exdates == [datetime(2026, 11, 30, 7, 0, tzinfo=BERLIN)]
    overrides = {e.decoded("RECURRENCE-ID"): e for e in gym if "RECURRENCE-ID" in e}
    assert set(overrides) == {
        datetime(2026, 11, 25, 7, 0, tzinfo=BERLIN),
        datetime(2026, 11, 27, 7, 0, tzinfo=BERLIN),
        datetime(2026, 12, 2, 7, 0, tzinfo=BERLIN),
    }
    moved = overrides[datetime(2026, 11, 25, 7, 0, tzinfo=BERLIN)]
    assert (moved.start, moved.end) == (
        datetime(2026, 11, 26, 18, tzinfo=BERLIN),
        datetime(2026, 11, 26, 19, tzinfo=BERLIN),
    )
    assert str(overrides[datetime(2026, 11, 27, 7, 0, tzinfo=BERLIN)]["X-WEEKPLAN-DONE"]) == "TRUE"


def test_uids_are_stable_and_all_day_dates_are_dates(store: Store) -> None:
    fill(store)
    first = Calendar.from_ical(export_calendar(store, zone=BERLIN)[0])
    store.put_activity(replace(store.week(IsoWeek(2026, 48)).items["a1"], title="bouldering"))
    second = Calendar.from_ical(export_calendar(store, zone=BERLIN)[0])
    assert sorted(str(e["UID"]) for e in first.events) == sorted(str(e["UID"]) for e in second.events)
    assert "a1@weekplan" in {str(e["UID"]) for e in second.events}
    lake = next(e for e in second.events if str(e["UID"]) == "d2@weekplan")
    assert (lake.start, lake.end) == (date(2026, 12, 12), date(2026, 12, 13))
    film = next(e for e in second.events if str(e["UID"]) == "a2@weekplan")
    assert film.end == datetime(2026, 11, 29, 0, 0, tzinfo=BERLIN)  # 24:00 is the next midnight


def test_week_53_alone(store: Store) -> None:
    fill(store)
    week = IsoWeek(2026, 53)
    cal = Calendar.from_ical(export_calendar(store, week.monday, week.sunday, zone=BERLIN)[0])
    uids = sorted(str(e["UID"]) for e in cal.events)
    assert uids == ["a3@weekplan", "r1@weekplan"]
    gym = cal.events[1] if str(cal.events[1]["UID"]) == "r1@weekplan" else cal.events[0]
    assert gym.start == datetime(2026, 12, 28, 7, 0, tzinfo=BERLIN)
    starts = list(rrulestr(gym.rrules[0].to_ical().decode(), dtstart=gym.start))
    assert [s.date() for s in starts] == [date(2026, 12, 28), date(2026, 12, 30), date(2027, 1, 1)]


def test_local_zone_follows_tz(berlin: None) -> None:
    assert local_zone().key == "Europe/Berlin"


@pytest.mark.parametrize("tz", ["Nowhere/Bogus", "CET-1CEST,M3.5.0,M10.5.0/3"])
def test_local_zone_without_a_name_is_utc(tz: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A TZ that names no IANA zone cannot be a TZID; the export must still work.
    monkeypatch.setenv("TZ", tz)
    assert local_zone().key == "UTC"


def test_export_command_uses_the_system_zone(berlin: None, store: Store, tmp_path: Path) -> None:
    fill(store)
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "--from", "2026-W48", "--to", "2026-W48", "-o", str(out)]) == 0
    cal = Calendar.from_ical(out.read_bytes())
    starts = {str(e["UID"]): e.start for e in cal.events if "RECURRENCE-ID" not in e}
    assert starts == {
        "a1@weekplan": datetime(2026, 11, 24, 19, 0, tzinfo=BERLIN),
        "a2@weekplan": datetime(2026, 11, 28, 22, 0, tzinfo=BERLIN),
        "d1@weekplan": datetime(2026, 11, 27, 19, 30, tzinfo=BERLIN),
        "r1@weekplan": datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN),
        "r2@weekplan": datetime(2026, 11, 26, 18, 0, tzinfo=BERLIN),
    }
    gym = next(e for e in cal.events if str(e["UID"]) == "r1@weekplan" and "RECURRENCE-ID" not in e)
    assert gym.rrules[0]["UNTIL"][0].astimezone(BERLIN).date() == date(2026, 11, 29)


def test_export_command_refuses_a_file_in_the_data_directory(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store)
    dates = store.dates_path(2026)
    before = dates.read_bytes()
    assert cli.main(["export", "-o", str(dates)]) == 2
    assert "inside weekplan's data directory" in capsys.readouterr().err
    assert dates.read_bytes() == before
    assert cli.main(["export", "-o", str(tmp_path / "nowhere" / "plan.ics")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_export_to_a_device_or_a_pipe_writes_into_it_never_over_it(store: Store, tmp_path: Path) -> None:
    """`export -o /dev/null` run as root once put a regular file in /dev/null's place (an
    export is written beside its target and renamed over it), and every program on the
    machine then wrote into that file; a pipe given by name (`-o >(gzip)`) was replaced
    the same way."""
    fill(store)
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's own numbers
    except PermissionError:
        pytest.skip("making a device node needs root")
    assert cli.main(["export", "-o", str(null)]) == 0
    assert stat.S_ISCHR(os.stat(null).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert cli.main(["export", "-o", str(fifo)]) == 0
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received[0].startswith(b"BEGIN:VCALENDAR") and received[0].endswith(b"END:VCALENDAR\r\n")


def test_export_named_to_a_terminal_is_refused_never_written_raw(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """A terminal is a device too: written into raw, a title holding escape sequences
    would drive it, past what the command line does to show text safely."""
    store.put_activity(Activity("t1", date(2026, 12, 1), 600, 660, "\x1b]0;pwned\x07 run", "fitness"))
    main_side, terminal_side = os.openpty()
    try:
        assert cli.main(["export", "-o", os.ttyname(terminal_side)]) != 0
        os.set_blocking(main_side, False)
        try:
            shown = os.read(main_side, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(main_side)
        os.close(terminal_side)
    assert b"BEGIN:VCALENDAR" not in shown and b"\x1b" not in shown
    assert "is a terminal; leave out -o to see the export" in capsys.readouterr().err


def test_calendar_modules_load_without_textual_or_icalendar() -> None:
    import subprocess
    import sys

    code = (
        "import sys, weekplan.cli_calendar, weekplan.ics_export, weekplan.ics_import, weekplan.routines,"
        " weekplan.remind, weekplan.ics_changes, weekplan.ics_expand, weekplan.ics_events, weekplan.ics_read,"
        " weekplan.local_zone, weekplan.subscriptions, weekplan.vdir;"
        "heavy = ('textual', 'icalendar', 'dateutil', 'recurring_ical_events', 'tzlocal', 'x_wr_timezone');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_date_past_midnight_ends_the_next_day_and_comes_back_the_same(store: Store, tmp_path: Path) -> None:
    stars = SpecialDate("d9", date(2026, 10, 17), "stargazing", 22 * 60, 60, place="North shore")
    store.put_date(stars)
    data, _count = export_calendar(store, zone=BERLIN)
    (event,) = Calendar.from_ical(data).events
    assert (event.start, event.end) == (
        datetime(2026, 10, 17, 22, tzinfo=BERLIN),
        datetime(2026, 10, 18, 1, tzinfo=BERLIN),
    )
    empty = Store(tmp_path / "empty")
    apply_import(plan_import([(tmp_path / "out.ics", data)], empty, zone=BERLIN, today=TODAY), empty)
    (back,) = empty.dates().items.values()
    assert (back.date, back.start, back.end, back.place) == (stars.date, 22 * 60, 60, "North shore")


def test_a_kept_line_naming_a_zone_too_long_for_a_file_name_does_not_stop_the_export(
    store: Store, tmp_path: Path
) -> None:
    odd = "Zone" + "x" * 300
    calendar = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Phone Inc//Calendar 17.0//EN",
            "BEGIN:VEVENT",
            "UID:odd@phone",
            "DTSTAMP:20261101T120000Z",
            "DTSTART;TZID=Europe/Berlin:20261125T120000",
            "DTEND;TZID=Europe/Berlin:20261125T130000",
            "SUMMARY:Lunch",
            f"X-PHONE-NOTE;TZID={odd}:kept as it came",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    ).encode()
    apply_import(plan_import([(tmp_path / "in.ics", calendar)], store, zone=BERLIN, today=TODAY), store)
    data, count = export_calendar(store, zone=BERLIN)
    assert count == 1
    assert b"SUMMARY:Lunch" in data
    assert f"BEGIN:VTIMEZONE\r\nTZID:{odd}".encode() not in data


def test_an_export_range_of_weeks_reads_forward_from_its_first_week(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # today is 23 Nov 2026: the nearest w20 is next year's, and so is the w30 after it
    assert cli.main(["add", "2027-07-02 19:00 climbing"]) == 0
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "--from", "w20", "--to", "w30", "-o", str(out)]) == 0
    titles = [str(event["SUMMARY"]) for event in Calendar.from_ical(out.read_bytes()).events]
    assert titles == ["climbing"]
    capsys.readouterr()
    assert cli.main(["export", "--from", "w30", "--to", "w20", "-o", str(out)]) == 2  # backwards: refused
    assert "--to is before --from" in capsys.readouterr().err
