"""The import faults found against real calendar files, one test each: no traceback,
a bad event reported with file and line and left out, and repeats read as the
reference expansion (recurring-ical-events) reads them."""

from __future__ import annotations

import uuid
import warnings
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekplan import cli
from weekplan.ics_import import ImportPlan, apply_import, plan_import
from weekplan.ics_read import IcsError
from weekplan.store import Store
from weekplan.weeks import format_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)


def calendar(*events: str, head: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\nDTSTAMP:20261101T000000Z\n{e.strip()}\nEND:VEVENT\n" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{head}{body}END:VCALENDAR\n"


def plan_of(store: Store, text: str) -> ImportPlan:
    return plan_import([(Path("cal.ics"), text.encode())], store, zone=BERLIN, today=TODAY)


def seen(plan: ImportPlan) -> list[tuple[str, str, str, str]]:
    return sorted((str(a.date), format_time(a.start), format_time(a.end), a.title) for a in plan.activities)


# -- point 4 ------------------------------------------------------------------------------


def test_a_line_without_a_colon_is_a_file_line_error_not_a_traceback(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    text = calendar(
        "UID:a\nDTSTART:20261124T100000\nDTEND:20261124T110000\nSUMMARY:kept",
        "UID:b\nDTSTART:20261125T100000\nDTEND:20261125T110000\nSUMMARY:broken\nTHIS LINE HAS NO COLON",
    )
    plan = plan_of(store, text)
    assert seen(plan) == [("2026-11-24", "10:00", "11:00", "kept")]
    assert plan.skipped == [
        "cal.ics:17:1: line: Content line could not be parsed into parts: 'THIS LINE HAS NO COLON': "
        "Invalid content line; that event was left out"
    ]
    path = store.root.parent / "cal.ics"
    path.write_text(text)
    assert cli.main(["import", str(path)]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and f"{path}:17:1: line:" in captured.out


@pytest.mark.parametrize("zone", [";TZID=Europe/Berlin", ""])
def test_a_time_in_the_spring_forward_gap_moves_on_as_khal_does_and_says_so(store: Store, zone: str) -> None:
    text = calendar(f"UID:gap\nDTSTART{zone}:20270328T023000\nDTEND{zone}:20270328T040000\nSUMMARY:early run")
    plan = plan_of(store, text)
    assert seen(plan) == [("2027-03-28", "03:30", "04:00", "early run")]
    assert any("02:30 does not exist in Europe/Berlin" in n and "read as 03:30" in n for n in plan.notes)


def test_an_unknown_tzid_is_read_as_local_time_with_a_warning(store: Store) -> None:
    text = calendar("UID:mars\nDTSTART;TZID=Mars/Olympus:20261124T100000\nDURATION:PT1H\nSUMMARY:rover")
    plan = plan_of(store, text)
    assert seen(plan) == [("2026-11-24", "10:00", "11:00", "rover")]
    assert any("time zone 'Mars/Olympus' is unknown; read as local time" in n for n in plan.notes)


# -- point 5 ------------------------------------------------------------------------------


def test_a_dtstart_without_a_zone_beside_a_dtend_with_one_is_read_in_that_zone(store: Store) -> None:
    text = calendar("UID:m\nDTSTART:20261124T100000\nDTEND;TZID=America/New_York:20261124T110000\nSUMMARY:call")
    plan = plan_of(store, text)
    assert seen(plan) == [("2026-11-24", "16:00", "17:00", "call")]  # New York 10:00 is Berlin 16:00


def test_rdate_without_rrule_and_rdate_periods_come_in(store: Store) -> None:
    text = calendar(
        "UID:r\nDTSTART:20261124T100000\nDTEND:20261124T110000\nSUMMARY:course\n"
        "RDATE:20261201T100000,20261208T100000\n"
        "RDATE;VALUE=PERIOD:20261215T140000/20261215T170000"
    )
    plan = plan_of(store, text)
    assert seen(plan) == [
        ("2026-11-24", "10:00", "11:00", "course"),
        ("2026-12-01", "10:00", "11:00", "course"),
        ("2026-12-08", "10:00", "11:00", "course"),
        ("2026-12-15", "14:00", "17:00", "course"),
    ]


def test_a_thisandfuture_override_moves_the_rest_of_the_series(store: Store) -> None:
    text = calendar(
        "UID:t\nDTSTART;TZID=Europe/Berlin:20261124T100000\nDTEND;TZID=Europe/Berlin:20261124T110000\n"
        "RRULE:FREQ=WEEKLY;COUNT=4\nSUMMARY:standup",
        "UID:t\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261208T100000\n"
        "DTSTART;TZID=Europe/Berlin:20261208T120000\nDTEND;TZID=Europe/Berlin:20261208T130000\nSUMMARY:standup (noon)",
    )
    plan = plan_of(store, text)
    assert seen(plan) == [
        ("2026-11-24", "10:00", "11:00", "standup"),
        ("2026-12-01", "10:00", "11:00", "standup"),
        ("2026-12-08", "12:00", "13:00", "standup (noon)"),
        ("2026-12-15", "12:00", "13:00", "standup (noon)"),
    ]


def test_x_wr_timezone_is_the_zone_of_floating_times(store: Store) -> None:
    text = calendar(
        "UID:x\nDTSTART:20261124T100000\nDTEND:20261124T110000\nSUMMARY:call", head="X-WR-TIMEZONE:Europe/London\n"
    )
    assert seen(plan_of(store, text)) == [("2026-11-24", "11:00", "12:00", "call")]


def test_a_utc_until_before_the_days_start_time_ends_the_routine_the_day_before(store: Store) -> None:
    # 07:00 in Berlin is 06:00 UTC; UNTIL 05:00 UTC on 8 December ends it on 1 December.
    text = calendar(
        "UID:u\nDTSTART;TZID=Europe/Berlin:20261124T070000\nDTEND;TZID=Europe/Berlin:20261124T080000\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20261208T050000Z\nSUMMARY:swim"
    )
    plan = plan_of(store, text)
    (swim,) = plan.routines
    assert date(2026, 12, 1) <= swim.last < date(2026, 12, 8)
    apply_import(plan, store)
    days = [a.date for a in Store(store.root).activities_between(date(2026, 11, 1), date(2027, 1, 31))]
    assert days == [date(2026, 11, 24), date(2026, 12, 1)]


@pytest.mark.parametrize("rule", ["UNTIL=99991231T000000Z", "UNTIL=30000101", "COUNT=60000"])
def test_a_repeat_that_ends_beyond_the_planner_s_years_is_a_routine_without_an_end(store: Store, rule: str) -> None:
    """A routine ending in 9999 (or after 60,000 weeks) was written with that last day,
    which routines.toml then could not hold: every routine vanished until it was fixed."""
    text = calendar(f"UID:f\nDTSTART:20261124T100000\nDTEND:20261124T110000\nRRULE:FREQ=WEEKLY;{rule}\nSUMMARY:forever")
    plan = plan_of(store, text)
    (forever,) = plan.routines
    assert (forever.first, forever.last) == (date(2026, 11, 24), None)
    apply_import(plan, store)
    fresh = Store(store.root)
    assert fresh.check() == []
    assert [a.date for a in fresh.activities_between(date(2999, 12, 16), date(2999, 12, 31))] == [
        date(2999, 12, 17),
        date(2999, 12, 24),
        date(2999, 12, 31),
    ]


def test_an_empty_rrule_is_one_event(store: Store) -> None:
    plan = plan_of(store, calendar("UID:e\nDTSTART:20261124T100000\nDTEND:20261124T110000\nRRULE:\nSUMMARY:once"))
    assert seen(plan) == [("2026-11-24", "10:00", "11:00", "once")]


def test_an_override_that_matches_no_occurrence_is_kept(store: Store) -> None:
    text = calendar(
        "UID:o\nDTSTART;TZID=Europe/Berlin:20261124T100000\nDTEND;TZID=Europe/Berlin:20261124T110000\n"
        "RRULE:FREQ=WEEKLY;COUNT=2\nSUMMARY:lesson",
        "UID:o\nRECURRENCE-ID;TZID=Europe/Berlin:20261126T100000\n"
        "DTSTART;TZID=Europe/Berlin:20261126T150000\nDTEND;TZID=Europe/Berlin:20261126T160000\nSUMMARY:extra lesson",
    )
    assert seen(plan_of(store, text)) == [
        ("2026-11-24", "10:00", "11:00", "lesson"),
        ("2026-11-26", "15:00", "16:00", "extra lesson"),
        ("2026-12-01", "10:00", "11:00", "lesson"),
    ]


def test_a_long_repeat_keeps_its_earliest_occurrences(store: Store) -> None:
    # Every other day since 2020: about 1,250 occurrences up to a year from today.
    text = calendar("UID:l\nDTSTART:20200101T080000\nDTEND:20200101T083000\nRRULE:FREQ=DAILY;INTERVAL=2\nSUMMARY:walk")
    found = seen(plan_of(store, text))
    assert len(found) > 1000
    assert found[0] == ("2020-01-01", "08:00", "08:30", "walk")
    assert found[-1][0] >= "2027-11-22"


def test_a_repeat_with_too_many_occurrences_is_reported_not_half_imported(store: Store) -> None:
    text = calendar("UID:h\nDTSTART:20200101T080000\nDURATION:PT5M\nRRULE:FREQ=HOURLY\nSUMMARY:ping")
    plan = plan_of(store, text)
    assert plan.activities == [] and "repeats more than 5000 times" in plan.skipped[0]


@pytest.mark.parametrize(
    "event",
    [
        "UID:1\nSUMMARY:no start",
        "UID:2\nDTSTART;VALUE=DATE:20261124\nDTEND:20261125T100000\nSUMMARY:date and time",
        "UID:3\nDTSTART:20261124T100000\nDTEND:20261124T090000\nSUMMARY:backwards",
        "UID:4\nDTSTART:20261124T100000\nRRULE:FREQ=SOMETIMES\nSUMMARY:odd rule",
        "UID:5\nDTSTART:20261124T100000\nRDATE;VALUE=PERIOD:20261130T100000/20261130T090000\nSUMMARY:odd period",
        "UID:6\nDTSTART:20261124T100000",
    ],
)
def test_one_bad_event_is_reported_and_the_rest_of_the_file_comes_in(store: Store, event: str) -> None:
    text = calendar(event, "UID:ok\nDTSTART:20261125T100000\nDTEND:20261125T110000\nSUMMARY:fine")
    plan = plan_of(store, text)
    assert ("2026-11-25", "10:00", "11:00", "fine") in seen(plan)
    assert plan.skipped or len(plan.activities) == 2  # reported, or readable after all (no SUMMARY is fine)


def test_no_summary_no_uid_no_traceback(store: Store) -> None:
    plan = plan_of(store, calendar("DTSTART:20261124T100000\nDURATION:PT30M"))
    assert seen(plan) == [("2026-11-24", "10:00", "10:30", "(untitled)")]
    assert datetime(2026, 11, 24).date() == plan.activities[0].date


def test_what_the_libraries_warn_about_is_a_note_not_a_python_warning(store: Store) -> None:
    # A prefix of its own: the library warns once per TZID in a process, and other tests read vendor TZIDs.
    vendor = f"/weekplan-test-{uuid.uuid4().hex}/Europe/Berlin"
    text = calendar(f"UID:g\nDTSTART;TZID={vendor}:20261124T100000\nDURATION:PT1H\nSUMMARY:vendor zone")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plan = plan_of(store, text)
    assert seen(plan) == [("2026-11-24", "10:00", "11:00", "vendor zone")]
    assert any("globally unique TZID" in n for n in plan.notes)


def test_calcurses_alarm_durations_without_t_are_read(store: Store) -> None:
    # calcurse -x ical writes TRIGGER:-P300S for a five-minute alarm; RFC 5545 says -PT300S.
    text = calendar(
        "UID:c\nDTSTART:20261124T100000\nDURATION:P0DT1H0M0S\nSUMMARY:with alarm\n"
        "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:soon\nTRIGGER:-P300S\nEND:VALARM"
    )
    plan = plan_of(store, text)
    assert seen(plan) == [("2026-11-24", "10:00", "11:00", "with alarm")]
    assert "cal.ics: 1 alarm or duration time like -P300S read as -PT300S" in plan.notes
    assert "TRIGGER:-PT5M" in plan.activities[0].extra["ics"]


def test_no_control_character_from_a_file_reaches_the_summary(store: Store) -> None:
    text = calendar(
        "UID:a\nDTSTART:20261124T100000\nDURATION:PT1H\nSUMMARY:\x1b]0;pwned\x07title",
        "UID:b\nDTSTART:20261125T100000\nSUMMARY:broken\nNO COLON \x1b[2J HERE",
    )
    summary = "\n".join(plan_of(store, text).summary())
    assert "NO COLON" in summary and not any(ord(c) < 32 and c != "\n" for c in summary)


def test_of_two_equal_versions_of_one_event_the_first_counts(store: Store) -> None:
    # khal's tests/ics/event_dt_multi_uid.ics: the reference expansion shows the first.
    text = calendar(
        "UID:def\nDTSTART:20261124T220000\nDTEND:20261124T230000\nSUMMARY:Test next",
        "UID:def\nDTSTART:20261124T220000\nDTEND:20261124T230000\nSUMMARY:Test last",
    )
    plan = plan_of(store, text)
    assert seen(plan) == [("2026-11-24", "22:00", "23:00", "Test next")]
    assert any("another version of the same event" in n for n in plan.notes)


def test_a_note_or_a_problem_names_the_line_of_its_own_event(store: Store) -> None:
    # Every event's note once pointed at the first event of the file.
    text = calendar(
        "UID:a\nDTSTART:20261124T100000\nDTEND:20261124T110000\nSUMMARY:fine",
        "UID:b\nDTSTART;TZID=Mars/Olympus:20261125T100000\nDURATION:PT1H\nSUMMARY:rover",
        "UID:c\nDTSTART:20261126T100000\nDTEND:20261126T090000\nSUMMARY:backwards",
    )
    lines = text.splitlines()

    def begin_of(uid: str) -> int:  # the line number of the event's BEGIN:VEVENT, two lines above its UID
        return lines.index(f"UID:{uid}") - 1

    plan = plan_of(store, text)
    (note,) = [n for n in plan.notes if "Mars/Olympus" in n]
    assert note.startswith(f"cal.ics:{begin_of('b')}:1: ")
    (skipped,) = plan.skipped
    assert skipped.startswith(f"cal.ics:{begin_of('c')}:1: ") and "ends before it starts" in skipped


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_a_time_at_the_end_of_the_calendar_is_named_not_a_traceback(store: Store, zone: str) -> None:
    """9999-12-31 23:00 UTC is in the year 10000 east of Greenwich: naming the event to
    say it is skipped raised OverflowError, and the whole import stopped with a traceback."""
    text = calendar(
        "UID:end\nDTSTART:99991231T230000Z\nDTEND:99991231T235959Z\nSUMMARY:end of time",
        "UID:ok\nDTSTART:20261127T100000Z\nDTEND:20261127T110000Z\nSUMMARY:ok",
    )
    plan = plan_import([(Path("cal.ics"), text.encode())], store, zone=ZoneInfo(zone), today=TODAY)
    assert [a.title for a in plan.activities] == ["ok"]
    assert plan.skipped == ["'end of time' 9999-12-31 23:00: not in a year from 1900 to 2999"]


def test_an_event_over_more_days_than_come_in_says_how_many_were_left_out(store: Store) -> None:
    text = calendar(
        "UID:s1\nDTSTART;VALUE=DATE:20261101\nDTEND;VALUE=DATE:20270301\nSUMMARY:semester",
        "UID:s2\nDTSTART:20261101T100000\nDTEND:20261215T100000\nSUMMARY:expedition",
        "UID:s3\nDTSTART:20261101T220000\nDTEND:20261102T020000\nSUMMARY:night",
        "UID:s4\nDTSTART;VALUE=DATE:20261107\nDTEND;VALUE=DATE:20261109\nSUMMARY:weekend",
    )
    plan = plan_import([(Path("cal.ics"), text.encode())], store, zone=BERLIN, today=TODAY, all_day=True)
    assert plan.notes == [
        "'semester' 2026-11-01 runs 120 days; its first 31 came in, the 89 after them were left out",
        "'expedition' 2026-11-01 10:00 runs 45 days; its first 31 came in, the 14 after them were left out",
        "'night' 2026-11-01 22:00 runs past midnight; it came in as 2 days",
    ]
    assert len(plan.activities) == 31 + 31 + 2 + 2


def test_an_import_that_would_make_a_week_file_too_large_to_read_writes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """weekplan refuses to read a data file past tomlfile.MAX_FILE_BYTES; a calendar of
    thousands of events in one week must not make such a file of a week it can read,
    where the person's own activities of that week would then be out of reach."""
    from weekplan import tomlfile
    from weekplan.model import Activity
    from weekplan.weeks import IsoWeek, parse_time

    own = Activity("mine", date(2026, 11, 24), parse_time("07:00"), parse_time("08:00"), "gym", "fitness")
    store.put_activity(own)
    week_file = store.week_path(IsoWeek.of(own.date))
    before = week_file.read_bytes()
    monkeypatch.setattr(tomlfile, "MAX_FILE_BYTES", len(before) + 2_000)
    events = [
        f"UID:flood-{n}@x\nDTSTART:20261125T{n % 10 + 10:02d}0000\nDTEND:20261125T{n % 10 + 11:02d}0000\nSUMMARY:e{n}"
        for n in range(40)
    ]
    source = tmp_path / "flood.ics"
    source.write_text(calendar(*events))
    assert cli.main(["import", str(source)]) == 1
    err = capsys.readouterr().err
    assert str(week_file) in err and "more than the" in err and "weekplan reads" in err
    assert "Traceback" not in err
    assert week_file.read_bytes() == before
    assert [a.id for a in Store(store.root).all_activities()] == ["mine"]


def test_a_line_folded_inside_a_character_is_read_whole(store: Store) -> None:
    """RFC 5545 lets a simple writer fold a line between the octets of one character;
    the reader must put them back together."""
    title = "日本語の会議"
    text = calendar(f"UID:fold@x\nDTSTART:20261125T100000\nDTEND:20261125T110000\nSUMMARY:{title}\nLOCATION:x")
    data = text.encode()
    inside = data.index(title.encode()) + 1  # after the first octet of 日
    folded = data[:inside] + b"\r\n " + data[inside:]
    plan = plan_import([(Path("cal.ics"), folded)], store, zone=BERLIN, today=TODAY)
    assert [a.title for a in plan.activities] == [title]


@pytest.mark.parametrize(
    ("before", "continued", "bad"),
    [
        (b"\xf0", b"\x9f\xa7\x97cd\xffz", b"\xff"),  # a character cut by the fold, then a bad byte
        (b"", b"\xb0c", b"\xb0"),  # a stray octet that goes on no character, at the fold
    ],
)
def test_a_bad_byte_on_a_folded_line_is_named_where_it_is_in_the_file(
    store: Store, before: bytes, continued: bytes, bad: bytes
) -> None:
    """The folds inside a character are repaired by moving octets; a byte that still
    does not decode is named where it is in the file, not where the repair put it."""
    from weekplan.ics_read import IcsError

    text = calendar("UID:bad@x\nDTSTART:20261125T100000\nDTEND:20261125T110000\nSUMMARY:abXY")
    data = text.encode().replace(b"XY", before + b"\r\n " + continued)
    where = data.index(bad)
    line = data.count(b"\n", 0, where) + 1
    col = where - data.rfind(b"\n", 0, where)
    assert col > 1  # on the continuation line, after the fold's space
    with pytest.raises(IcsError) as raised:
        plan_import([(Path("cal.ics"), data)], store, zone=BERLIN, today=TODAY)
    assert raised.value.problems == [f"cal.ics:{line}:{col}: not UTF-8 text (byte 0x{bad[0]:02x})"]


def test_bytes_that_are_not_utf8_are_named_at_their_line_and_column(store: Store) -> None:
    from weekplan.ics_read import IcsError

    text = calendar("UID:bad@x\nDTSTART:20261125T100000\nDTEND:20261125T110000\nSUMMARY:ab XY")
    data = text.encode().replace(b"XY", b"\xff\xfe")
    line = text[: text.index("XY")].count("\n") + 1
    with pytest.raises(IcsError) as raised:
        plan_import([(Path("cal.ics"), data)], store, zone=BERLIN, today=TODAY)
    assert raised.value.problems == [f"cal.ics:{line}:12: not UTF-8 text (byte 0xff)"]


ZONE_PART = "BEGIN:STANDARD\nDTSTART:19701025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\n"


def meeting_in(zone: str) -> str:
    return f"UID:m\nDTSTART;TZID={zone}:20261124T100000\nDTEND;TZID={zone}:20261124T110000\nSUMMARY:meeting"


def fresh_zone() -> str:
    """A TZID the parser has not met: it keeps the zones it built, and a zone it knows
    already is not built again from the file."""
    return f"weekplan-test-{uuid.uuid4().hex}"


@pytest.mark.parametrize(
    ("head", "line", "words"),
    [
        (
            "BEGIN:VTIMEZONE\nTZID:{zone}-outer\nBEGIN:VTIMEZONE\nTZID:{zone}\n"
            + ZONE_PART
            + "END:VTIMEZONE\nEND:VTIMEZONE\n",
            6,
            "a VTIMEZONE inside a VTIMEZONE (a time zone belongs in the VCALENDAR itself)",
        ),
        (
            "BEGIN:VTIMEZONE\nTZID:{zone}\nBEGIN:STANDARD\nDTSTART:19701025T030000\nTZOFFSETFROM:+0200\n"
            "TZOFFSETTO:+0100\nBEGIN:DAYLIGHT\nDTSTART:19700329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n"
            "END:DAYLIGHT\nEND:STANDARD\nEND:VTIMEZONE\n",
            10,
            "a DAYLIGHT inside a STANDARD (summer time belongs in a VTIMEZONE)",
        ),
        (
            "BEGIN:VTIMEZONE\nTZID:{zone}\nEND:VTIMEZONE\n",
            6,
            "a VTIMEZONE with neither a STANDARD nor a DAYLIGHT time in it",
        ),
    ],
)
def test_a_component_nested_where_icalendar_puts_none_is_named_at_its_line(
    store: Store, head: str, line: int, words: str
) -> None:
    zone = fresh_zone()
    with pytest.raises(IcsError) as raised:
        plan_of(store, calendar(meeting_in(zone), head=head.format(zone=zone)))
    (problem,) = raised.value.problems
    assert problem == f"cal.ics:{line}:1: not valid iCalendar: {words}"


def test_a_nested_time_zone_imports_nothing_and_says_where_from_the_command(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nested.ics"
    zone = fresh_zone()
    inner = f"BEGIN:VTIMEZONE\nTZID:\x1b]0;x\x07\n{ZONE_PART}END:VTIMEZONE\n"
    nested = f"BEGIN:VTIMEZONE\nTZID:{zone}\n{inner}{ZONE_PART}END:VTIMEZONE\n"
    path.write_text(calendar(meeting_in(zone), head=nested))
    assert cli.main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:6:1: not valid iCalendar: a VTIMEZONE inside a VTIMEZONE" in err
    assert "\x1b" not in err and "nothing was added" in err
    assert list(store.all_activities()) == []
