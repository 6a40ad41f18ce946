"""Import from other calendars, on files shaped like the ones calcurse, khal and phones
write: what comes in, what is said about the rest, and that nothing comes in twice."""

from __future__ import annotations

import gc
import re
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekplan import cli
from weekplan.data_places import resolve_data_dir
from weekplan.ics_import import IcsError, apply_import, plan_import
from weekplan.routines import OccurrenceChange
from weekplan.store import Store
from weekplan.weeks import IsoWeek, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)

CALCURSE = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//calcurse//NONSGML v4.8.1//EN
BEGIN:VEVENT
DTSTART:20261123T070000
DURATION:P0DT1H0M0S
RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20270131;BYDAY=MO,WE
EXDATE;VALUE=DATE:20261130
SUMMARY:Gym
END:VEVENT
BEGIN:VEVENT
DTSTART:20261125T183000
DURATION:P0DT1H30M0S
SUMMARY:Dentist
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20261224
SUMMARY:Christmas Eve
END:VEVENT
BEGIN:VEVENT
DTSTART:20260115T200000
DURATION:P0DT2H0M0S
RRULE:FREQ=MONTHLY
SUMMARY:Book club
END:VEVENT
BEGIN:VTODO
PRIORITY:1
SUMMARY:Buy a present
END:VTODO
END:VCALENDAR
"""

KHAL = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//PIMUTILS.ORG//NONSGML khal / icalendar //EN
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:20251102T020000
TZNAME:EST
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20260308T020000
TZNAME:EDT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
SUMMARY:Call with Alex
DTSTART;TZID=America/New_York:20261125T130000
DTEND;TZID=America/New_York:20261125T143000
DTSTAMP:20261101T120000Z
UID:3b1f0c2e-9d7a-4d8e-8a55-khal-single@example.org
CATEGORIES:Friends
LOCATION:video
END:VEVENT
END:VCALENDAR
"""

PHONE_ALL_DAY = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Phone Inc//Calendar 17.0//EN
BEGIN:VEVENT
UID:allday-1@phone
DTSTAMP:20261101T120000Z
DTSTART;VALUE=DATE:20261128
DTEND;VALUE=DATE:20261130
SUMMARY:Weekend away
END:VEVENT
BEGIN:VEVENT
UID:late-1@phone
DTSTAMP:20261101T120000Z
DTSTART:20261127T220000Z
DTEND:20261128T013000Z
SUMMARY:Night train
END:VEVENT
END:VCALENDAR
"""

MALFORMED = """\
BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:ok@phone
DTSTART:20261124T100000
DTEND:20261124T110000
SUMMARY:fine
END:VEVENT
BEGIN:VEVENT
UID:broken@phone
SUMMARY:broken
DTSTART:2026-11-25 10:00
END:VEVENT
END:VCALENDAR
"""


def data_files(store: Store) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(store.root.rglob("*.toml"))}


def run_import(store: Store, text: str, name: str = "in.ics", **options: object) -> object:
    plan = plan_import([(Path(name), text.encode())], store, zone=BERLIN, today=TODAY, **options)  # type: ignore[arg-type]
    apply_import(plan, store)
    return plan


def test_calcurse_export(store: Store) -> None:
    plan = run_import(store, CALCURSE)
    fresh = Store(store.root)

    (gym,) = fresh.routines().items.values()
    assert (gym.title, gym.days, gym.start, gym.end) == ("Gym", (0, 2), parse_time("07:00"), parse_time("08:00"))
    assert (gym.first, gym.last, gym.interval) == (date(2026, 11, 23), date(2027, 1, 31), 1)
    assert gym.exceptions == {date(2026, 11, 30): OccurrenceChange(removed=True)}
    assert gym.category == "hobby"  # no category of ours named: the default

    week = fresh.activities_between(IsoWeek(2026, 48).monday, IsoWeek(2026, 48).sunday)
    assert [(a.title, a.date, a.start, a.end) for a in week] == [
        ("Gym", date(2026, 11, 23), parse_time("07:00"), parse_time("08:00")),
        ("Gym", date(2026, 11, 25), parse_time("07:00"), parse_time("08:00")),
        ("Dentist", date(2026, 11, 25), parse_time("18:30"), parse_time("20:00")),
    ]
    club = [a for a in fresh.all_activities() if a.title == "Book club"]
    # Monthly is not a routine: expanded from its start to a year ahead, and said so.
    assert len(club) == 23
    assert min(a.date for a in club) == date(2026, 1, 15)
    assert max(a.date for a in club) == date(2027, 11, 15)
    assert any("Book club" in line and "23 occurrences" in line for line in plan.expanded)  # type: ignore[attr-defined]
    assert any("Christmas Eve" in line and "all day" in line for line in plan.skipped)  # type: ignore[attr-defined]
    assert any("to-do" in line for line in plan.notes)  # type: ignore[attr-defined]


def test_importing_the_same_file_twice_adds_nothing(store: Store) -> None:
    run_import(store, CALCURSE)
    run_import(store, KHAL)
    before = data_files(store)
    again = plan_import([(Path("in.ics"), CALCURSE.encode())], Store(store.root), zone=BERLIN, today=TODAY)
    assert again.empty and again.already == 3
    apply_import(again, store)
    run_import(Store(store.root), KHAL)
    assert data_files(store) == before


def test_a_later_import_adds_only_occurrences_that_came_into_the_window(store: Store) -> None:
    run_import(store, CALCURSE)
    later = plan_import([(Path("in.ics"), CALCURSE.encode())], Store(store.root), zone=BERLIN, today=date(2027, 1, 20))
    # The window is a year from "today": two more months of the monthly book club.
    assert [(a.title, a.date) for a in later.activities] == [
        ("Book club", date(2027, 12, 15)),
        ("Book club", date(2028, 1, 15)),
    ]


def test_khal_single_event_with_tzid_lands_in_local_time(store: Store) -> None:
    run_import(store, KHAL)
    (call,) = Store(store.root).all_activities()
    # 13:00 in New York on 25 November is 19:00 in Berlin (EST −5, CET +1).
    assert (call.date, call.start, call.end) == (date(2026, 11, 25), parse_time("19:00"), parse_time("20:30"))
    assert call.category == "friends"  # CATEGORIES named one of ours
    assert call.extra["uid"] == "3b1f0c2e-9d7a-4d8e-8a55-khal-single@example.org"


def test_a_vdir_folder_imports_through_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")  # local_zone() reads it; no tzset needed for that
    folder = tmp_path / "calendars" / "personal"
    folder.mkdir(parents=True)
    (folder / "a.ics").write_text(KHAL)
    (folder / "b.ics").write_text(PHONE_ALL_DAY)
    assert cli.main(["import", str(folder), "--category", "rest"]) == 0
    out = capsys.readouterr().out
    assert "read 3 events" in out and "'Weekend away' 2026-11-28: all day" in out
    store = Store.open(resolve_data_dir(None))
    assert sorted(a.title for a in store.all_activities()) == ["Call with Alex", "Night train", "Night train"]
    train = sorted((a.date, a.start, a.end, a.category) for a in store.all_activities() if a.title == "Night train")
    # 22:00–01:30 UTC is 23:00–02:30 in Berlin: cut at midnight, both parts kept.
    assert train == [
        (date(2026, 11, 27), parse_time("23:00"), parse_time("24:00", allow_24=True), "rest"),
        (date(2026, 11, 28), parse_time("00:00"), parse_time("02:30"), "rest"),
    ]


def test_all_day_events_can_come_in_as_whole_days(store: Store) -> None:
    plan = run_import(store, PHONE_ALL_DAY, all_day=True)
    away = sorted((a.date, a.start, a.end) for a in Store(store.root).all_activities() if a.title == "Weekend away")
    day = (store.config.day_start, store.config.day_end)
    assert away == [(date(2026, 11, 28), *day), (date(2026, 11, 29), *day)]
    assert plan.skipped == []  # type: ignore[attr-defined]


def test_a_bad_event_is_reported_and_left_out_and_the_rest_comes_in(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = plan_import([(Path("bad.ics"), MALFORMED.encode())], store, zone=BERLIN, today=TODAY)
    assert [a.title for a in plan.activities] == ["fine"]
    (problem,) = plan.skipped
    assert problem.startswith("bad.ics:12:1: DTSTART:") and problem.endswith("left out")

    path = store.root.parent / "bad.ics"
    path.write_text(MALFORMED)
    assert cli.main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"skipped: {path}:12:1: DTSTART" in out
    assert [a.title for a in Store(store.root).all_activities()] == ["fine"]


def test_a_file_that_is_not_a_calendar_adds_nothing(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    good = store.root.parent / "good.ics"
    good.write_text(MALFORMED)
    bad = store.root.parent / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\n")
    before = data_files(store)
    assert cli.main(["import", str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1:1: not valid iCalendar" in err and "nothing was added" in err
    assert data_files(store) == before


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("hello, this is not a calendar\n", "no BEGIN:VCALENDAR"),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:20261124T100000\n", "not valid iCalendar"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\nEND:VCALENDAR\nBEGIN:VCALENDAR\n", "without its END"),
    ],
)
def test_other_malformed_files(store: Store, text: str, needle: str) -> None:
    with pytest.raises(IcsError, match=needle):
        plan_import([(Path("bad.ics"), text.encode())], store, zone=BERLIN, today=TODAY)


def test_events_far_outside_the_years_planned_for_are_skipped_and_said(store: Store) -> None:
    far = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n"
        "BEGIN:VEVENT\nUID:far-1\nDTSTAMP:20261101T000000Z\nDTSTART:99991231T100000\n"
        "DTEND:99991231T110000\nSUMMARY:end of time\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:far-2\nDTSTAMP:20261101T000000Z\nDTSTART:99991227T100000\n"
        "DTEND:99991227T110000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nSUMMARY:forever\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:near-1\nDTSTAMP:20261101T000000Z\nDTSTART:20261124T100000\n"
        "DTEND:20261124T110000\nSUMMARY:pottery\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    plan = plan_import([(Path("far.ics"), far.encode())], store, zone=BERLIN, today=TODAY)
    assert [a.title for a in plan.activities] == ["pottery"] and not plan.routines
    assert len([s for s in plan.skipped if "not in a year from 1900 to 2999" in s]) == 2


def test_dry_run_writes_nothing(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cal.ics"
    path.write_text(CALCURSE)
    before = data_files(store)
    assert cli.main(["import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "routine: mon,wed 07:00–08:00 Gym" in out and "nothing was written" in out
    assert data_files(store) == before


def test_a_weekly_event_in_another_zone_is_expanded_not_a_routine(store: Store) -> None:
    text = KHAL.replace("CATEGORIES:Friends\n", "CATEGORIES:Friends\nRRULE:FREQ=WEEKLY;COUNT=4\n")
    plan = run_import(store, text)
    calls = sorted((a.date, a.start) for a in Store(store.root).all_activities())
    assert Store(store.root).routines().items == {}
    weeks = [date(2026, 11, 25), date(2026, 12, 2), date(2026, 12, 9), date(2026, 12, 16)]
    assert calls == [(day, parse_time("19:00")) for day in weeks]
    assert "4 occurrences" in plan.expanded[0]  # type: ignore[attr-defined]


def test_recurrence_overrides_become_exceptions(store: Store) -> None:
    text = """\
BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:swim@phone
DTSTART;TZID=Europe/Berlin:20261124T180000
DTEND;TZID=Europe/Berlin:20261124T190000
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=5;WKST=MO
SUMMARY:Swim
CATEGORIES:fitness
END:VEVENT
BEGIN:VEVENT
UID:swim@phone
RECURRENCE-ID;TZID=Europe/Berlin:20261208T180000
DTSTART;TZID=Europe/Berlin:20261209T070000
DTEND;TZID=Europe/Berlin:20261209T080000
SUMMARY:Swim (early)
END:VEVENT
BEGIN:VEVENT
UID:swim@phone
RECURRENCE-ID;TZID=Europe/Berlin:20261222T180000
STATUS:CANCELLED
DTSTART;TZID=Europe/Berlin:20261222T180000
SUMMARY:Swim
END:VEVENT
END:VCALENDAR
"""
    run_import(store, text)
    (swim,) = Store(store.root).routines().items.values()
    assert (swim.interval, swim.last, swim.category, swim.uid) == (2, date(2027, 1, 19), "fitness", "swim@phone")
    found = [
        (a.date, a.start, a.title) for a in Store(store.root).activities_between(date(2026, 11, 1), date(2027, 3, 1))
    ]
    assert found == [
        (date(2026, 11, 24), parse_time("18:00"), "Swim"),
        (date(2026, 12, 9), parse_time("07:00"), "Swim (early)"),
        (date(2027, 1, 5), parse_time("18:00"), "Swim"),
        (date(2027, 1, 19), parse_time("18:00"), "Swim"),
    ]


def one_event(body: str) -> str:
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:e1@phone\nSUMMARY:t\n{body}\nEND:VEVENT\nEND:VCALENDAR\n"


def test_an_expanded_repeat_without_an_end_gets_an_hour_each(store: Store) -> None:
    plan = run_import(store, one_event("DTSTART:20261124T100000\nRRULE:FREQ=MONTHLY;COUNT=3"))
    found = sorted((a.date, a.start, a.end) for a in Store(store.root).all_activities())
    ten, eleven = parse_time("10:00"), parse_time("11:00")
    assert found == [
        (date(2026, 11, 24), ten, eleven),
        (date(2026, 12, 24), ten, eleven),
        (date(2027, 1, 24), ten, eleven),
    ]
    assert "3 occurrences" in plan.expanded[0]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("DTSTART:20261124T100000\nRRULE:FREQ=WEEKLY;UNTIL=20200101", "has no occurrence"),
        ("DTSTART:20261124T100000\nSTATUS:CANCELLED", "cancelled"),
        ("DTSTART:20261124T100000\nRRULE:FREQ=WEEKLY\nSTATUS:CANCELLED", "cancelled"),
    ],
)
def test_events_that_never_happen_are_skipped_and_said_so(store: Store, body: str, reason: str) -> None:
    plan = run_import(store, one_event(body))
    assert plan.empty  # type: ignore[attr-defined]
    (line,) = plan.skipped  # type: ignore[attr-defined]
    assert line.startswith("'t' 2026-11-24 10:00: ") and reason in line


def test_an_import_into_a_week_file_that_does_not_read_adds_nothing(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    week_file = store.root / "weeks" / "2026-W48.toml"
    week_file.parent.mkdir(exist_ok=True)
    week_file.write_bytes(b"x = [\n")
    path = store.root.parent / "calcurse.ics"
    path.write_text(CALCURSE)
    assert cli.main(["--data-dir", str(store.root), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"weekplan import: {week_file} cannot be changed until it is fixed: {week_file}:1:")
    assert err.endswith("; nothing was added\n")
    assert week_file.read_bytes() == b"x = [\n"
    assert list(Store(store.root).all_activities()) == []


def test_property_names_in_any_case_read_the_same(store: Store, tmp_path: Path) -> None:
    """Properties are read straight from the parsed component, by upper-case name: a file
    that writes its names in lower or mixed case must come in exactly as one that does not."""
    lower = re.sub(r"^(?!BEGIN|END)([A-Z-]+)", lambda m: m.group(1).lower(), KHAL, flags=re.MULTILINE)
    lower = lower.replace("summary:Call", "Summary:Call")
    assert "dtstart;TZID=America/New_York:" in lower and "Summary:Call" in lower
    run_import(store, KHAL)
    other = Store(tmp_path / "other")
    run_import(other, lower)

    def seen(s: Store) -> list[tuple[object, ...]]:
        return sorted(
            (a.date, a.start, a.end, a.title, a.category, a.notes, a.extra.get("uid"), a.extra.get("imported"))
            for a in s.all_activities()
        )

    assert seen(Store(other.root)) == seen(Store(store.root)) != []
    assert [r.title for r in Store(other.root).routines().items.values()] == [
        r.title for r in Store(store.root).routines().items.values()
    ]


def test_an_import_leaves_the_cycle_collector_as_it_found_it(store: Store) -> None:
    """The collector is paused while an import plans and writes; it must be running
    again afterwards, also when the file is refused, and stay off for a caller that
    had it off."""
    assert gc.isenabled()
    run_import(store, CALCURSE)
    assert gc.isenabled()
    with pytest.raises(IcsError):
        plan_import([(Path("x.ics"), b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n")], store, zone=BERLIN, today=TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        run_import(Store(store.root), KHAL)
        assert not gc.isenabled()
    finally:
        gc.enable()
