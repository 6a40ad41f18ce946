"""The export written as it is read: the text weekplan.ics_write makes is the text the
icalendar library makes of the same properties, the calendar goes out before the last
week is read, and an imported event that runs from one week into the next still goes
out as one event."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from weekplan import cli
from weekplan.calendar_files import write_export
from weekplan.ics_export import _vtimezone, calendar_of, export_calendar, export_groups, write_calendar
from weekplan.ics_import import apply_import, plan_import
from weekplan.ics_write import EVENT_ORDER, Component
from weekplan.model import Activity, SpecialDate
from weekplan.store import Store
from weekplan.weeks import IsoWeek, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
STAMP = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)

# Text that tests the escaping and the folding: separators, backslashes (an escape
# must not be cut at a fold), line breaks of every kind, characters of 2 to 4 octets.
awkward = st.text(
    alphabet=st.sampled_from(list('ab ;,:\\^"\n\r\tNé€😀')) | st.characters(codec="utf-8"),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(title=awkward, notes=awkward, categories=st.lists(awkward, min_size=1, max_size=3))
def test_the_written_event_is_the_one_the_library_writes(title: str, notes: str, categories: list[str]) -> None:
    start = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)
    ours = Component("VEVENT", EVENT_ORDER)
    ours.text("UID", "x@weekplan")
    ours.when("DTSTAMP", STAMP)
    ours.text("SUMMARY", title)
    ours.text("X-WEEKPLAN-KIND", "activity")
    ours.when("DTSTART", start)
    ours.when("DTEND", date(2026, 3, 30))
    ours.texts("CATEGORIES", categories)
    ours.text("DESCRIPTION", notes)
    theirs = Event()
    theirs.add("uid", "x@weekplan")
    theirs.add("dtstamp", STAMP)
    theirs.add("summary", title)
    theirs.add("X-WEEKPLAN-KIND", "activity")
    theirs.add("dtstart", start)
    theirs.add("dtend", date(2026, 3, 30))
    theirs.add("categories", categories)
    theirs.add("description", notes)
    assert ours.to_text().encode() == theirs.to_ical()


def weeks_of_activities(store: Store, weeks: int) -> None:
    monday = IsoWeek.of(date(2026, 1, 5)).monday
    store.add_activities(
        [
            Activity(
                f"w{n}",
                IsoWeek.of(monday).shift(n).monday,
                parse_time("09:00"),
                parse_time("10:00"),
                f"run {n}",
                "fitness",
            )
            for n in range(weeks)
        ]
    )


def test_the_calendar_goes_out_before_the_last_week_is_read(store: Store) -> None:
    weeks_of_activities(store, 12)
    fresh = Store(store.root)
    read: list[IsoWeek] = []
    passing = fresh.week_in_passing

    def counted(week: IsoWeek, path: Path | None = None) -> object:
        read.append(week)
        return passing(week, path)

    fresh.week_in_passing = counted  # type: ignore[method-assign]
    reads_at_write: list[int] = []
    pieces: list[bytes] = []

    def write(data: bytes) -> None:
        reads_at_write.append(len(read))
        pieces.append(data)

    count = write_calendar(fresh, write, zone=BERLIN)
    assert count == 12
    first_event = next(n for n, piece in enumerate(pieces) if piece.startswith(b"BEGIN:VEVENT"))
    # The first and last weeks are read first (for the VTIMEZONE's years); the first
    # event is written before the pass has read the other weeks.
    assert reads_at_write[first_event] < len(read) - 1
    assert b"".join(pieces).count(b"BEGIN:VEVENT") == 12
    # and nothing of the pass is kept: the next read of a week goes to the disk
    assert not any(path.parent == fresh.weeks_dir for path in fresh._cache)


def test_the_weeks_are_listed_as_they_are_reached_never_held_all_at_once(store: Store) -> None:
    weeks_of_activities(store, 12)
    fresh = Store(store.root)
    listed = fresh.week_files
    handed_out: list[list[IsoWeek]] = []  # each listing's weeks, as far as it was taken

    def counted(*, backwards: bool = False) -> Iterator[tuple[IsoWeek, Path]]:
        taken: list[IsoWeek] = []
        handed_out.append(taken)
        for week, path in listed(backwards=backwards):
            taken.append(week)
            yield week, path

    fresh.week_files = counted  # type: ignore[method-assign]
    taken_at_first_event: list[int] = []

    def write(data: bytes) -> None:
        if b"BEGIN:VEVENT" in data and not taken_at_first_event:
            taken_at_first_event.append(len(handed_out[-1]))

    assert write_calendar(fresh, write, zone=BERLIN) == 12
    # The two ends (for the VTIMEZONE's years) stop at the first week with an activity,
    # and the pass has taken one week when its events go out: no list of every week
    # is made first (a hundred years are 5,200 of them).
    assert [len(taken) for taken in handed_out] == [1, 1, 12]
    assert handed_out[1][0] == handed_out[2][-1]
    assert taken_at_first_event == [1]


@pytest.mark.parametrize(("first", "last", "read"), [(3, 5, [3, 4, 5]), (None, 1, [0, 1]), (10, None, [10, 11])])
def test_a_ranged_export_reads_only_the_weeks_of_its_range(
    store: Store, first: int | None, last: int | None, read: list[int]
) -> None:
    weeks_of_activities(store, 12)
    monday = IsoWeek.of(date(2026, 1, 5))
    fresh = Store(store.root)
    passing = fresh.week_in_passing
    seen: list[IsoWeek] = []

    def counted(week: IsoWeek, path: Path | None = None) -> object:
        seen.append(week)
        return passing(week, path)

    fresh.week_in_passing = counted  # type: ignore[method-assign]
    lo = None if first is None else monday.shift(first).monday
    hi = None if last is None else monday.shift(last).sunday
    data, count = export_calendar(fresh, lo, hi, zone=BERLIN)
    assert count == len(read)
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")] == [f"run {n}" for n in read]
    # the two ends, then the pass: never a week outside the range
    assert sorted(set(seen)) == [monday.shift(n) for n in read]


def test_the_file_written_is_the_calendar_made_in_memory(store: Store, tmp_path: Path) -> None:
    weeks_of_activities(store, 5)
    target = tmp_path / "out.ics"
    assert write_export(store, target) == 5
    data, count = export_calendar(store)
    strip = Calendar.from_ical
    assert count == 5
    assert [str(e["UID"]) for e in strip(target.read_bytes()).walk("VEVENT")] == [
        str(e["UID"]) for e in strip(data).walk("VEVENT")
    ]
    assert target.read_bytes().split(b"DTSTAMP")[0] == data.split(b"DTSTAMP")[0]


NIGHT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//phone//EN
BEGIN:VEVENT
UID:night@phone
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261129T220000
DTEND;TZID=Europe/Berlin:20261130T063000
SUMMARY:night shift
END:VEVENT
END:VCALENDAR
"""


def test_an_event_from_sunday_night_into_monday_goes_out_as_one_event(store: Store) -> None:
    plan = plan_import([(Path("night.ics"), NIGHT.encode())], store, zone=BERLIN, today=TODAY)
    apply_import(plan, store)
    assert {IsoWeek.of(a.date) for a in store.all_activities()} == {
        IsoWeek.parse("2026-W48"),
        IsoWeek.parse("2026-W49"),
    }
    events = Calendar.from_ical(export_calendar(Store(store.root), zone=BERLIN)[0]).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["night@phone"]
    assert events[0].start == datetime(2026, 11, 29, 22, 0, tzinfo=BERLIN)
    assert events[0].end == datetime(2026, 11, 30, 6, 30, tzinfo=BERLIN)


def test_a_zone_that_means_utc_writes_utc_times_and_no_vtimezone(store: Store) -> None:
    weeks_of_activities(store, 2)
    for name in ("Etc/UTC", "GMT", "Iceland"):
        data, _ = export_calendar(store, zone=ZoneInfo(name))
        assert b"BEGIN:VTIMEZONE" not in data, name
        assert b"DTSTART:20260105T090000Z" in data, name
        theirs = Event()
        theirs.add("dtstart", datetime(2026, 1, 5, 9, tzinfo=ZoneInfo(name)))
        assert b"DTSTART:20260105T090000Z" in theirs.to_ical()  # as the library writes it


def test_the_zones_written_are_those_the_times_name_never_a_title(store: Store) -> None:
    """The VTIMEZONEs come from the times' TZIDs (and a kept property's), not from a
    title or a note that happens to read like one."""
    store.add_activities(
        [
            Activity("tz1", date(2026, 1, 5), parse_time("09:00"), parse_time("10:00"), "x;TZID=Asia/Tokyo:y", "hobby"),
            Activity(
                "tz2",
                date(2026, 1, 6),
                parse_time("09:00"),
                parse_time("10:00"),
                "call",
                "career",
                notes="at 9;TZID=America/Denver",
                extra={"uid": "tz2@phone", "ics": ["X-MEETING;TZID=Australia/Perth:20260106T090000"]},
            ),
        ]
    )
    data, count = export_calendar(Store(store.root), zone=BERLIN)
    assert count == 2
    zones = [str(zone["TZID"]) for zone in Calendar.from_ical(data).walk("VTIMEZONE")]
    assert zones == ["Europe/Berlin", "Australia/Perth"]


COMMA = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//phone//EN
BEGIN:VEVENT
UID:lunch\\,with\\;sam@phone
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261124T120000
DTEND;TZID=Europe/Berlin:20261124T130000
SUMMARY:lunch
END:VEVENT
END:VCALENDAR
"""


def test_a_uid_with_separators_names_its_group_as_it_came(store: Store) -> None:
    """A vdir names each item's file by its UID: the UID, not its escaped text."""
    apply_import(plan_import([(Path("lunch.ics"), COMMA.encode())], store, zone=BERLIN, today=TODAY), store)
    groups = export_groups(Store(store.root), None, None, BERLIN, STAMP)
    assert [g.uid for g in groups] == ["lunch,with;sam@phone"]
    assert b"UID:lunch\\,with\\;sam@phone" in calendar_of(groups, BERLIN)


def test_a_week_file_that_cannot_be_read_is_named_and_the_rest_goes_out(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weeks_of_activities(store, 3)
    broken = store.week_path(IsoWeek.of(date(2026, 1, 12)))
    broken.write_text('[activities.w1]\ntitle = "run 1\n')  # the string never ends
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:2:" in err and "(left out of the export)" in err
    assert Calendar.from_ical(out.read_bytes()).walk("VEVENT")[0]["SUMMARY"] == "run 0"
    assert out.read_bytes().count(b"BEGIN:VEVENT") == 2


def test_an_activity_in_the_file_of_another_week_is_named_and_goes_out_on_its_date(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pass hands the store each week with its file: the activities are still
    checked against the week the file is named after.  A misfiled activity is read all
    the same and goes out on its date, and the words say so."""
    weeks_of_activities(store, 3)
    named = store.week_path(IsoWeek.parse("2017-W01"))
    named.parent.mkdir(parents=True, exist_ok=True)
    named.write_text('[activities.far]\ntitle = "far"\ndate = 2017-01-20\nstart = "09:00"\nend = "10:00"\n')
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{named}:3:8: activities.far: 2017-01-20 is not in 2017-W01, "
        "the week this file is named after (exported on its date)"
    ) in err
    assert "left out" not in err
    [far] = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if e["SUMMARY"] == "far"]
    assert far.decoded("DTSTART").date() == date(2017, 1, 20)


@pytest.mark.parametrize("stale_week", ["2017-W01", "2017-W05"])
def test_a_misfiled_stale_copy_gives_way_to_the_copy_in_its_own_week(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], stale_week: str
) -> None:
    """One id in two week files (a stale copy left in another week's file, before the
    copy in its own week or after it) goes out once, as its own week holds it: two
    events with one UID are one event to the calendar that reads them."""
    own = store.week_path(IsoWeek.parse("2017-W03"))
    stale = store.week_path(IsoWeek.parse(stale_week))
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text('[activities.same]\ntitle = "current"\ndate = 2017-01-19\nstart = "09:00"\nend = "10:00"\n')
    stale.write_text('[activities.same]\ntitle = "stale"\ndate = 2017-01-20\nstart = "09:00"\nend = "10:00"\n')
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{stale}:3:8: activities.same: 2017-01-20 is not in {stale_week}, the week this file is named after;"
        " another copy of it went out instead (left out of the export)"
    ) in err
    assert "exported on its date" not in err
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART").date()) for e in events] == [("current", date(2017, 1, 19))]


def write_copy(store: Store, week: str, title: str, day: str) -> Path:
    """A week file holding the activity "same", as a hand edit or a sync leaves it."""
    path = store.week_path(IsoWeek.parse(week))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[activities.same]\ntitle = "{title}"\ndate = {day}\nstart = "09:00"\nend = "10:00"\n')
    return path


def events_of_same(out: Path) -> list[tuple[str, date]]:
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    return [(str(e["SUMMARY"]), e.decoded("DTSTART").date()) for e in events if e["UID"] == "same@weekplan"]


def test_a_misfiled_copy_gone_out_holds_back_the_copy_of_a_later_week(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misfiled copy goes out when the week of its date has none; a copy of the id
    filed in its own week later on then stays back, though that week has nothing
    misfiled, and the words say which copy was left out."""
    write_copy(store, "2017-W20", "misfiled", "2017-05-30")  # in 2017-W22, which holds none
    later = write_copy(store, "2017-W23", "filed", "2017-06-06")
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{later}:3:8: activities.same: another copy of it went out instead (left out of the export)" in err
    assert events_of_same(out) == [("misfiled", date(2017, 5, 30))]


def test_an_id_filed_in_two_weeks_goes_out_once(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two copies of one id, each in its own date's week (a file copied by hand, a
    sync): one event, the first, and the other named as left out."""
    write_copy(store, "2017-W10", "first", "2017-03-07")
    second = write_copy(store, "2017-W12", "second", "2017-03-21")
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{second}:3:8: activities.same: another copy of it went out instead (left out of the export)" in err
    assert events_of_same(out) == [("first", date(2017, 3, 7))]


def test_a_misfiled_copy_stays_back_when_another_week_sent_its_id(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misfiled copy whose date's week holds none still stays back when a copy in
    an earlier week went out: the id went out once already."""
    write_copy(store, "2017-W19", "filed", "2017-05-09")
    stale = write_copy(store, "2017-W20", "misfiled", "2017-05-30")  # in 2017-W22, which holds none
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{stale}:3:8: activities.same: 2017-05-30 is not in 2017-W20, the week this file is named after;"
        " another copy of it went out instead (left out of the export)"
    ) in err
    assert "exported on its date" not in err
    assert events_of_same(out) == [("filed", date(2017, 5, 9))]


def test_a_date_in_the_file_of_another_year_is_named_and_goes_out_on_its_date(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = store.root / "dates" / "2030.toml"
    named.parent.mkdir(parents=True, exist_ok=True)
    named.write_text('[dates.far]\ntitle = "far"\ndate = 2031-02-03\n')
    out = tmp_path / "plan.ics"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{named}:3:8: dates.far: 2031-02-03 is not in 2030, the year this file is named after (exported" in err
    assert "left out" not in err
    [far] = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if e["SUMMARY"] == "far"]
    assert far.decoded("DTSTART") == date(2031, 2, 3)


def test_each_date_goes_out_as_it_is_made_never_all_at_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from weekplan import ics_export
    from weekplan.model import SpecialDate

    for n in range(5):
        store.put_date(SpecialDate(f"d{n}", date(2026, 6, 1 + n), f"date {n}", parse_time("19:00"), prep="book"))
    made: list[str] = []
    make = ics_export._date_event

    def counted(special: SpecialDate, *args: object) -> object:
        made.append(special.id)
        return make(special, *args)

    monkeypatch.setattr(ics_export, "_date_event", counted)
    made_at_write: list[int] = []

    def write(data: bytes) -> None:
        if b"X-WEEKPLAN-KIND:date" in data:
            made_at_write.append(len(made))

    write_calendar(store, write, zone=BERLIN)
    assert made_at_write == [1, 2, 3, 4, 5]  # a hundred years of dates need the memory of one


def test_an_imported_event_edited_apart_goes_out_in_time_order_among_the_others(store: Store) -> None:
    # One event cut at midnight (Tue 22:00 to Wed 02:00), its second piece renamed here:
    # the two pieces go out as two events, each in its place among the others.
    night = {"uid": "late@phone"}
    store.add_activities(
        [
            Activity(
                "p1",
                date(2026, 11, 24),
                parse_time("22:00"),
                parse_time("24:00", allow_24=True),
                "party",
                "",
                extra=night,
            ),
            Activity("p2", date(2026, 11, 25), parse_time("00:00"), parse_time("02:00"), "after", "", extra=night),
            Activity("m1", date(2026, 11, 24), parse_time("23:00"), parse_time("23:30"), "call", ""),
            Activity("m2", date(2026, 11, 25), parse_time("01:00"), parse_time("01:30"), "snack", ""),
        ]
    )
    events = Calendar.from_ical(export_calendar(Store(store.root), zone=BERLIN)[0]).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["party", "call", "after", "snack"]
    assert str(events[0]["UID"]) == "late@phone"
    assert len({str(e["UID"]) for e in events}) == 4  # the piece apart has its own UID


def dates_over_years(store: Store, years: range) -> None:
    store.put_dates(
        [
            SpecialDate(f"d{year}{n}", date(year, month, 14), f"dinner {year}-{month}")
            for year in years
            for n, month in enumerate((2, 9))
        ]
    )


def test_the_dates_go_out_a_year_at_a_time_in_time_order_and_none_is_kept(store: Store) -> None:
    dates_over_years(store, range(2024, 2030))
    fresh = Store(store.root)
    data, count = export_calendar(fresh, zone=BERLIN)
    assert count == 12
    starts = [e.start for e in Calendar.from_ical(data).walk("VEVENT")]
    assert starts == sorted(starts) and starts[0] == date(2024, 2, 14) and starts[-1] == date(2029, 9, 14)
    # the VTIMEZONE covers the first and the last date, read from the years at either end
    assert _vtimezone("Europe/Berlin", date(2024, 2, 14), date(2029, 9, 14)) in data
    assert not any(path.parent == fresh.dates_dir for path in fresh._cache)  # read in passing


def test_a_year_of_dates_that_cannot_be_read_is_left_out_and_said_once(store: Store, tmp_path: Path) -> None:
    dates_over_years(store, range(2025, 2028))
    broken = store.dates_path(2026)
    broken.write_text(broken.read_text() + "\n[dates.oops\n")
    problems: list[object] = []
    count = write_export(Store(store.root), tmp_path / "out.ics", problems=problems)  # type: ignore[arg-type]
    assert count == 4
    assert [str(e).split(":")[0] for e in problems] == [str(broken)]
    out = tmp_path / "cli.ics"
    assert cli.main(["--data-dir", str(store.root), "export", "-o", str(out)]) == 1
    data = out.read_bytes()
    assert b"dinner 2025-2" in data and b"dinner 2027-9" in data and b"dinner 2026" not in data


def test_a_date_kept_in_two_years_files_goes_out_once(store: Store) -> None:
    dates_over_years(store, range(2025, 2027))
    moved = store.dates_path(2026)
    moved.write_text(
        moved.read_text() + '\n[dates.d20250]\ndate = 2025-02-14\ntitle = "dinner 2025-2"\nstatus = "planned"\n'
    )
    data, count = export_calendar(Store(store.root), zone=BERLIN)
    assert count == 4
    assert data.count(b"UID:d20250@weekplan") == 1


def dates_read_by(store: Store) -> list[str]:
    """The dates' files the store reads from now on, by name, as often as it reads them."""
    read: list[str] = []
    reader = store._read

    def counted(path: Path, kind: object, *week: object) -> object:
        if path.parent == store.dates_dir:
            read.append(path.name)
        return reader(path, kind, *week)  # type: ignore[arg-type]

    store._read = counted  # type: ignore[assignment,method-assign]
    return read


@pytest.mark.parametrize(
    ("first", "last", "titles"),
    [
        (date(2025, 3, 1), date(2025, 12, 31), ["dinner 2025"]),
        (date(2070, 1, 1), date(2070, 12, 31), []),  # a year with no file: none read
        (date(2024, 5, 1), date(2026, 6, 1), ["dinner 2024", "dinner 2025", "dinner 2026"]),
    ],
)
def test_a_ranged_export_reads_only_the_years_of_its_range_once(
    store: Store, first: date, last: date, titles: list[str]
) -> None:
    store.put_dates([SpecialDate(f"d{year}", date(year, 5, 9), f"dinner {year}") for year in range(2000, 2031)])
    fresh = Store(store.root)
    read = dates_read_by(fresh)
    data, count = export_calendar(fresh, first, last, zone=BERLIN)
    expected = [f"{year}.toml" for year in range(first.year, last.year + 1) if year <= 2030]
    assert read == expected
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")] == titles
    assert count == len(titles)
    # The VTIMEZONE still covers the range's dates (their years' rules are there).
    if titles:
        assert b"BEGIN:VTIMEZONE" in data


def test_an_unranged_export_reads_each_years_file_once_in_the_pass(store: Store) -> None:
    store.put_dates([SpecialDate(f"d{year}", date(year, 5, 9), f"dinner {year}") for year in range(2020, 2026)])
    fresh = Store(store.root)
    read = dates_read_by(fresh)
    _data, count = export_calendar(fresh, zone=BERLIN)
    assert count == 6
    # the two ends for the VTIMEZONE, then the pass over every year
    assert sorted(set(read)) == [f"{year}.toml" for year in range(2020, 2026)]
    assert len(read) == 6 + 2


def test_a_date_in_two_years_files_is_the_same_copy_in_the_planner_show_and_export(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two different copies of one date, in two years' files (as a move between years
    # stopped half way, or a hand edit, leaves them): the earlier year's is the one.
    earlier = SpecialDate("d1", date(2025, 12, 30), "picnic")
    later = SpecialDate("d1", date(2026, 1, 2), "dinner")
    store.put_dates([earlier, later])
    fresh = Store(store.root)
    assert fresh.dates().items["d1"] == earlier
    assert [d.title for d in fresh.dates_between(date(2025, 12, 29), date(2026, 1, 4))] == ["picnic"]
    whole, _count = export_calendar(fresh, zone=BERLIN)
    ranged, _count = export_calendar(fresh, date(2025, 12, 29), date(2026, 1, 4), zone=BERLIN)
    for data in (whole, ranged):
        assert [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")] == ["picnic"]
    capsys.readouterr()
    assert cli.main(["--data-dir", str(store.root), "show", "2026-01-01", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [d["title"] for d in shown["dates"]] == ["picnic"]


@pytest.mark.parametrize(("first", "last"), [(date(2022, 1, 1), None), (None, date(2023, 12, 31))])
def test_an_export_open_at_one_end_streams_the_years_of_its_range(
    store: Store, first: date | None, last: date | None
) -> None:
    years = range(2020, 2026)
    store.put_dates([SpecialDate(f"d{year}", date(year, 5, 9), f"dinner {year}") for year in years])
    fresh = Store(store.root)
    read = dates_read_by(fresh)
    read_at_write: list[list[str]] = []

    def write(data: bytes) -> None:
        if b"X-WEEKPLAN-KIND:date" in data:
            read_at_write.append(sorted(set(read)))

    in_range = [y for y in years if (first is None or y >= first.year) and (last is None or y <= last.year)]
    ends = sorted({f"{in_range[0]}.toml", f"{in_range[-1]}.toml"})
    write_calendar(fresh, write, first, last, zone=BERLIN)
    # Each date goes out once its year is read, before the next year is: the ends (for
    # the VTIMEZONE) are all that is read ahead, and no year outside the range is read.
    assert read_at_write == [sorted({*ends, *(f"{y}.toml" for y in in_range[: n + 1])}) for n in range(len(in_range))]
    assert sorted(set(read)) == [f"{y}.toml" for y in in_range]
    assert not any(path.parent == fresh.dates_dir for path in fresh._cache)  # read in passing


def test_a_dates_file_of_an_older_version_is_moved_and_its_dates_go_out_a_year_at_a_time(store: Store) -> None:
    from weekplan.store import DATES, Collection, render_collection

    old = {f"d{year}": SpecialDate(f"d{year}", date(year, 5, 9), f"dinner {year}") for year in (2024, 2025)}
    store.single_dates_path.write_bytes(render_collection(Collection(store.single_dates_path, old, {}), DATES))
    fresh = Store(store.root)
    held: list[object] = []
    every = fresh.dates

    def noted(since: int | None = None) -> object:
        held.append(since)
        return every(since)

    fresh.dates = noted  # type: ignore[method-assign]
    data, count = export_calendar(fresh, date(2024, 1, 1), zone=BERLIN)
    assert count == 2 and b"dinner 2024" in data and b"dinner 2025" in data
    assert not fresh.single_dates_path.exists()  # moved into year files
    assert held == []  # which are read a year at a time, not every date together
