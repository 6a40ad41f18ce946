"""A calendar's events keep what weekplan does not show: LOCATION, URL, ATTENDEE,
CATEGORIES, X- properties and alarms come in with the event and go out again with it,
so that a round trip through weekplan never strips a calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from weekplan.ics import unlinked
from weekplan.ics_export import export_calendar
from weekplan.ics_import import apply_import, plan_import
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)

RICH = [
    "LOCATION:Room 4\\, second floor",
    "URL:https://example.org/meetings/42",
    # (icalendar writes parameters in name order)
    'ATTENDEE;CN="Sam Smith";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:sam@example.org',
    "ORGANIZER;CN=Alex:mailto:alex@example.org",
    "X-KHAL-COLOR:#ff0000",
    "CLASS:PRIVATE",
    "TRANSP:TRANSPARENT",
]
ALARM = ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Planning", "TRIGGER:-PT15M", "END:VALARM"]


def calendar(start: str, end: str, extra: str = "") -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//khal//EN",
        "BEGIN:VEVENT",
        "UID:rich@example.org",
        "DTSTAMP:20261101T000000Z",
        f"DTSTART;TZID=Europe/Berlin:{start}",
        f"DTEND;TZID=Europe/Berlin:{end}",
        "SUMMARY:Planning",
        "CATEGORIES:Work,Friends",
        *RICH,
        *([extra] if extra else []),
        *ALARM,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


def exported_event(store: Store) -> Event:
    cal = Calendar.from_ical(export_calendar(store, zone=BERLIN)[0])
    (event,) = [e for e in cal.events if str(e["UID"]) == "rich@example.org" and "RECURRENCE-ID" not in e]
    return event


def import_into(store: Store, data: bytes) -> None:
    apply_import(plan_import([(Path("rich.ics"), data)], store, zone=BERLIN, today=TODAY), store)


def test_location_and_what_weekplan_does_not_show_come_back_out(store: Store) -> None:
    import_into(store, calendar("20261125T100000", "20261125T110000"))
    (activity,) = store.all_activities()
    assert activity.extra["location"] == "Room 4, second floor"
    assert activity.category == "friends"
    lines = exported_event(store).content_lines()
    for line in [*RICH, *ALARM]:
        assert line in lines, line
    assert "CATEGORIES:friends,Work" in lines


def test_a_routine_keeps_them_too(store: Store) -> None:
    import_into(store, calendar("20261124T180000", "20261124T190000", "RRULE:FREQ=WEEKLY;BYDAY=TU"))
    (routine,) = store.routines().items.values()
    assert routine.extra["location"] == "Room 4, second floor"
    lines = exported_event(store).content_lines()
    for line in [*RICH, *ALARM]:
        assert line in lines, line


def test_they_survive_an_edit_and_the_edit_goes_out_one_sequence_later(store: Store) -> None:
    import_into(store, calendar("20261125T100000", "20261125T110000", "SEQUENCE:3"))
    (activity,) = store.all_activities()
    assert int(exported_event(store)["SEQUENCE"]) == 3
    store.put_activity(replace(activity, start=parse_time("09:00"), title="Planning (early)"))
    event = exported_event(store)
    assert int(event["SEQUENCE"]) == 4
    assert "URL:https://example.org/meetings/42" in event.content_lines()


def test_kept_lines_edited_into_nonsense_do_not_stop_the_export(store: Store) -> None:
    import_into(store, calendar("20261125T100000", "20261125T110000"))
    (activity,) = store.all_activities()
    store.put_activity(replace(activity, extra=activity.extra | {"ics": ["BEGIN:VALARM", "no colon here"]}))
    event = exported_event(store)
    assert str(event["SUMMARY"]) == "Planning"


def test_a_copy_drops_the_events_organizer_and_attendees_but_not_those_its_alarm_mails() -> None:
    kept = [
        "organizer;CN=Boss:mailto:boss@example.org",
        "ATTENDEE;CN=Me:mailto:me@example.org",
        "BEGIN:VALARM",
        "ACTION:EMAIL",
        "ATTENDEE:mailto:me@example.org",
        "TRIGGER:-PT5M",
        "END:VALARM",
        "ATTENDEE:mailto:you@example.org",
    ]
    extra = {"uid": "standup@work", "source": "calendars.work", "imported": "62dd24e4111a", "ics": kept}

    assert unlinked(extra) == {"ics": kept[2:7]}
    assert unlinked({"ics": kept[:2], "location": "Room 4"}) == {"location": "Room 4"}


def test_weekplans_own_alarm_is_made_again_from_the_item_never_kept(store: Store) -> None:
    # Kept as it came, the alarm of an exported reminder came back with its old text
    # and time after the item changed here, and stood in for the one weekplan makes.
    own = [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Planning",
        "TRIGGER:-PT30M",
        "X-WEEKPLAN-ALARM:TRUE",
        "END:VALARM",
    ]
    data = calendar("20261125T100000", "20261125T110000", "X-WEEKPLAN-REMIND:30").replace(
        "\r\n".join(ALARM).encode(), "\r\n".join(own).encode()
    )
    import_into(store, data)
    (activity,) = store.all_activities()
    assert activity.extra["remind"] == 30 and not any("VALARM" in line for line in activity.extra["ics"])
    store.put_activity(replace(activity, title="Planning (moved)", extra=activity.extra | {"remind": 45}))
    (alarm,) = [c for c in exported_event(store).subcomponents if c.name == "VALARM"]
    assert (str(alarm["DESCRIPTION"]), alarm["TRIGGER"].to_ical(), str(alarm["X-WEEKPLAN-ALARM"])) == (
        "Planning (moved)",
        b"-PT45M",
        "TRUE",
    )


def test_the_notes_as_html_are_weekplans_with_the_notes_but_an_activitys_pin_is_kept(store: Store) -> None:
    # Kept, a phone's HTML copy of the notes would go out beside notes edited here, stale;
    # an activity's place is kept as it came, and its map pin with it.
    pin = 'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE="Hall":geo:52.5,13.4'  # as icalendar writes it
    import_into(store, calendar("20261125T100000", "20261125T110000", "X-ALT-DESC;FMTTYPE=text/html:<p>agenda</p>"))
    (activity,) = store.all_activities()
    assert not any("X-ALT-DESC" in line for line in activity.extra["ics"])
    store.put_activity(replace(activity, notes="a new agenda"))
    event = exported_event(store)
    assert "X-ALT-DESC" not in event and str(event["DESCRIPTION"]) == "a new agenda"
    import_into(store, calendar("20261125T100000", "20261125T110000", pin).replace(b"rich@", b"pin@"))
    (pinned,) = [a for a in store.all_activities() if a.id != activity.id]
    assert pin in pinned.extra["ics"]
