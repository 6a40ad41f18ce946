"""weekplan.ics_write's values: what it writes is what a calendar reads back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import vDuration, vRecur

from weekplan.ics_write import EVENT_ORDER, Component, duration, moment_value, wall_clock_value, weekly_rule


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (-timedelta(hours=1), "-PT1H"),
        (timedelta(hours=7), "PT7H"),
        (-timedelta(minutes=30), "-PT30M"),
        (timedelta(days=-2, hours=5), "-P1DT19H"),
        (timedelta(days=1, minutes=30), "P1DT30M"),
        (timedelta(hours=1, seconds=5), "PT1H0M5S"),
        (timedelta(0), "P0D"),
        (timedelta(days=3), "P3D"),
    ],
)
def test_a_duration_is_written_as_rfc_5545_says(span: timedelta, text: str) -> None:
    assert duration(span) == text
    assert vDuration.from_ical(text) == span  # and it reads back as the same span


@settings(max_examples=500, deadline=None)
@given(seconds=st.integers(min_value=-400 * 86400, max_value=400 * 86400))
def test_a_duration_is_the_text_the_library_writes(seconds: int) -> None:
    # The export's alarms went out through the library before: the same bytes now.
    span = timedelta(seconds=seconds)
    assert duration(span) == vDuration(span).to_ical().decode()


@settings(max_examples=500, deadline=None)
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 30)),
    minutes=st.integers(min_value=0, max_value=24 * 60),
    zone=st.sampled_from(("UTC", "Etc/GMT", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe")),
)
def test_a_time_on_the_wall_clock_is_written_as_the_aware_time_it_is(day: date, minutes: int, zone: str) -> None:
    # Events' times are written from a day and minutes, without making the aware time:
    # the same text as the aware time's, 24:00 and the days clocks change included.
    aware = datetime.combine(day, time(), tzinfo=ZoneInfo(zone)) + timedelta(minutes=minutes)
    assert wall_clock_value(day, minutes, ZoneInfo(zone)) == moment_value(aware)
    event = Component("VEVENT", EVENT_ORDER)
    event.at("DTSTART", day, minutes, ZoneInfo(zone))
    by_when = Component("VEVENT", EVENT_ORDER)
    by_when.when("DTSTART", aware)
    assert (event.to_text(), event.zones) == (by_when.to_text(), by_when.zones)


def test_a_wall_clock_time_names_its_zone_or_utc() -> None:
    berlin = wall_clock_value(date(2026, 3, 29), 150, ZoneInfo("Europe/Berlin"))  # 02:30: the hour clocks skip
    assert berlin == (";TZID=Europe/Berlin", "20260329T023000")
    assert wall_clock_value(date(2026, 12, 31), 24 * 60, ZoneInfo("Etc/UTC")) == ("", "20270101T000000Z")
    assert wall_clock_value(date(2026, 12, 31), 90, UTC) == ("", "20261231T013000Z")


def test_each_time_is_written_in_its_own_zone_whatever_zone_came_before() -> None:
    # The form of the zone asked last is kept at hand: a time of another zone, or of a
    # zone equal to the last but another (an offset of 0 is equal to UTC), gets its own.
    named_zero = timezone(timedelta(0), "Z0")  # equal to UTC, named by no TZID: floating
    expected = [
        (ZoneInfo("Europe/Berlin"), (";TZID=Europe/Berlin", "20260701T090000")),
        (UTC, ("", "20260701T090000Z")),
        (named_zero, ("", "20260701T090000")),
        (ZoneInfo("Etc/UTC"), ("", "20260701T090000Z")),
        (ZoneInfo("America/New_York"), (";TZID=America/New_York", "20260701T090000")),
    ]
    for zone, written in [*expected, *reversed(expected), *expected]:
        assert wall_clock_value(date(2026, 7, 1), 540, zone) == written


CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@settings(max_examples=300, deadline=None)
@given(
    days=st.lists(st.sampled_from(CODES), min_size=1, max_size=7, unique=True),
    interval=st.integers(min_value=1, max_value=52),
    until=st.one_of(st.none(), st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30))),
    zone=st.sampled_from(("UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu")),
)
def test_a_weekly_rule_is_the_text_the_library_writes(
    days: list[str], interval: int, until: datetime | None, zone: str
) -> None:
    # Routines' RRULEs went out through the library before: the same bytes now.
    last = None if until is None else until.replace(microsecond=0, tzinfo=ZoneInfo(zone))
    rule: dict[str, object] = {"freq": "weekly"}
    if interval != 1:
        rule["interval"] = interval
    rule["byday"] = days
    rule["wkst"] = "MO"
    if last is not None:
        rule["until"] = last.astimezone(UTC)
    assert weekly_rule(days, interval, last) == vRecur(rule).to_ical().decode()


def test_lines_go_out_in_the_librarys_order_and_lines_of_one_name_as_they_came() -> None:
    event = Component("VEVENT", EVENT_ORDER)
    event.line("ATTENDEE", "ATTENDEE:mailto:b@example.org")
    event.text("X-WEEKPLAN-KIND", "activity")
    event.text("UID", "u@weekplan")
    event.line("ATTENDEE", "ATTENDEE:mailto:a@example.org")
    event.when("DTSTART", datetime(2026, 3, 29, 9, tzinfo=ZoneInfo("Europe/Berlin")))
    event.text("SUMMARY", "run")
    event.texts("CATEGORIES", ["fitness", "a;b"])
    assert event.to_text().split("\r\n") == [
        "BEGIN:VEVENT",
        "SUMMARY:run",
        "DTSTART;TZID=Europe/Berlin:20260329T090000",
        "UID:u@weekplan",
        "ATTENDEE:mailto:b@example.org",
        "ATTENDEE:mailto:a@example.org",
        "CATEGORIES:fitness,a\\;b",
        "X-WEEKPLAN-KIND:activity",
        "END:VEVENT",
        "",
    ]
    assert "ATTENDEE" in event and "UID" in event and "LOCATION" not in event
    assert event.zones == {"Europe/Berlin"}


def test_a_component_without_properties_is_still_whole() -> None:
    assert Component("VALARM").to_text() == "BEGIN:VALARM\r\nEND:VALARM\r\n"
