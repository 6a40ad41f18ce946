"""weekplan → .ics → weekplan loses nothing, and every export is valid RFC 5545: no two
events share a UID (overrides of a repeat aside, which share it by design with their
RECURRENCE-ID)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from weekplan.ics_export import export_calendar
from weekplan.ics_import import apply_import, plan_import
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
SPAN = (date(2026, 11, 1), date(2027, 2, 28))

# Events that weekplan cuts into days: past midnight, and all day over three days.
CUT_EVENTS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Phone Inc//Calendar 17.0//EN
BEGIN:VEVENT
UID:night-train@phone
DTSTAMP:20261101T120000Z
DTSTART;TZID=Europe/Berlin:20261127T220000
DTEND;TZID=Europe/Berlin:20261128T063000
SUMMARY:Night train
END:VEVENT
BEGIN:VEVENT
UID:weekend@phone
DTSTAMP:20261101T120000Z
DTSTART;VALUE=DATE:20261204
DTEND;VALUE=DATE:20261207
SUMMARY:Weekend away
END:VEVENT
BEGIN:VEVENT
UID:lunch@phone
DTSTAMP:20261101T120000Z
DTSTART;TZID=Europe/Berlin:20261125T120000
DTEND;TZID=Europe/Berlin:20261125T130000
SUMMARY:Lunch
END:VEVENT
BEGIN:VEVENT
UID:club@phone
DTSTAMP:20261101T120000Z
DTSTART;TZID=Europe/Berlin:20261203T230000
DTEND;TZID=Europe/Berlin:20261204T010000
RRULE:FREQ=MONTHLY;COUNT=3
SUMMARY:Late club night
END:VEVENT
END:VCALENDAR
"""


def t(text: str) -> int:
    return parse_time(text, allow_24=True)


def entries(store: Store) -> Counter[tuple[object, ...]]:
    """What a person sees, ids aside: every activity of the span."""
    return Counter(
        (a.date, a.start, a.end, a.title, a.category, a.done, a.skipped, a.notes)
        for a in store.activities_between(*SPAN)
    )


def import_text(store: Store, data: bytes, name: str = "in.ics", **options: object) -> None:
    plan = plan_import([(Path(name), data)], store, zone=BERLIN, today=TODAY, **options)  # type: ignore[arg-type]
    apply_import(plan, store)


def filled(store: Store) -> Store:
    import_text(store, CUT_EVENTS.encode(), all_day=True)
    store.put_activity(Activity("own1", date(2026, 11, 24), t("19:00"), t("21:00"), "climbing", "friends"))
    store.put_activity(Activity("own2", date(2026, 11, 28), t("22:00"), t("24:00"), "late film", "rest", done=True))
    return store


def uid_keys(data: bytes) -> list[tuple[str, str]]:
    cal = Calendar.from_ical(data)
    return [(str(e["UID"]), str(e.get("RECURRENCE-ID", ""))) for e in cal.events]


def test_cut_events_go_out_whole_and_come_back_the_same(store: Store, tmp_path: Path) -> None:
    filled(store)
    # 2 pieces of the night train, 3 days away, lunch, 3 club nights of 2 pieces, 2 own.
    assert sum(entries(store).values()) == 2 + 3 + 1 + 6 + 2
    data, count = export_calendar(store, zone=BERLIN)
    keys = uid_keys(data)
    assert len(keys) == len(set(keys)) == count
    cal = Calendar.from_ical(data)
    by_uid = {str(e["UID"]): e for e in cal.events}
    train = by_uid["night-train@phone"]
    assert (train.start.hour, train.end.date(), train.end.hour) == (22, date(2026, 11, 28), 6)

    fresh = Store.open(tmp_path / "fresh")
    import_text(fresh, data, "out.ics")
    assert entries(fresh) == entries(store)


def test_all_day_events_go_out_as_dates_not_as_the_planner_day(store: Store) -> None:
    filled(store)
    cal = Calendar.from_ical(export_calendar(store, zone=BERLIN)[0])
    away = next(e for e in cal.events if str(e["UID"]) == "weekend@phone")
    assert (away.start, away.end) == (date(2026, 12, 4), date(2026, 12, 7))
    assert "VALUE=DATE" in away.to_ical().decode()


def test_a_piece_edited_apart_gets_its_own_uid_and_nothing_is_lost(store: Store, tmp_path: Path) -> None:
    filled(store)
    second_day = next(a for a in store.all_activities() if a.title == "Weekend away" and a.date == date(2026, 12, 5))
    store.put_activity(replace(second_day, title="Weekend away: hike", start=t("09:00"), end=t("17:00")))
    morning = next(a for a in store.all_activities() if a.title == "Night train" and a.date == date(2026, 11, 28))
    store.put_activity(replace(morning, end=t("07:30")))  # the train is late
    data, count = export_calendar(store, zone=BERLIN)
    keys = uid_keys(data)
    assert len(keys) == len(set(keys)) == count
    fresh = Store.open(tmp_path / "fresh")
    import_text(fresh, data, "out.ics")
    assert entries(fresh) == entries(store)


def test_importing_the_export_into_where_it_came_from_adds_nothing(store: Store, tmp_path: Path) -> None:
    filled(store)
    before = entries(store)
    data, _ = export_calendar(store, zone=BERLIN)
    plan = plan_import([(tmp_path / "out.ics", data)], store, zone=BERLIN, today=TODAY)
    assert plan.empty, plan.summary()
    apply_import(plan, store)
    assert entries(store) == before


def test_line_breaks_and_separators_in_a_dates_own_fields_go_out_and_come_back(store: Store, tmp_path: Path) -> None:
    # A memory or preparation typed over several lines once stopped the export with a
    # traceback: weekplan's X- fields were written without RFC 5545's escapes.
    special = SpecialDate(
        "d1",
        date(2026, 12, 12),
        "Dinner",
        t("19:30"),
        prep="book\na table; ask for the terrace, please",
        prep_days=3,
        memory="line one\nline two \\ with a backslash",
    )
    data, back = through_the_calendar(special, store, tmp_path)
    assert b"X-WEEKPLAN-PREP:book\\na table\\; ask for the terrace\\, please" in data
    assert (back.prep, back.memory) == (special.prep, special.memory)


def through_the_calendar(special: SpecialDate, store: Store, tmp_path: Path) -> tuple[bytes, SpecialDate]:
    """The date saved, exported, and imported into a fresh data dir: the export, and
    the date as it came back."""
    store.put_date(special)
    data, _ = export_calendar(store, zone=BERLIN)
    fresh = Store.open(tmp_path / "fresh")
    import_text(fresh, data, "out.ics")
    (back,) = fresh.dates().items.values()
    return data, back


def test_each_partners_rating_and_memory_go_out_and_come_back(store: Store, tmp_path: Path) -> None:
    # With a partner, each one's say of a date lives in tables keyed by name; an export
    # that carried only the single rating lost the partner's rating and memory.
    special = SpecialDate(
        "d2",
        date(2026, 11, 14),
        "Lake at night",
        t("20:00"),
        status="done",
        rating=3,
        memory="from before we shared",
        added_by="Alex",
        prep_by="Kim, Jr.",
        ratings=(("Alex", 4), ("Kim, Jr.", 5)),
        memories=(("Alex", "cold; worth it"), ("Kim, Jr.", "the stars,\nand the \\ owl")),
    )
    data, back = through_the_calendar(special, store, tmp_path)
    assert b"X-WEEKPLAN-RATING-BY:Kim\\, Jr.,5" in data
    assert b"X-WEEKPLAN-MEMORY-BY:Kim\\, Jr.,the stars\\,\\nand the \\\\ owl" in data
    assert back.ratings == special.ratings
    assert back.memories == special.memories
    assert (back.rating, back.memory, back.added_by, back.prep_by) == (3, special.memory, "Alex", "Kim, Jr.")
    assert replace(back, extra={}).to_toml() == special.to_toml()  # and nothing else of the date was lost
    again = plan_import([(tmp_path / "out.ics", data)], store, zone=BERLIN, today=TODAY)
    assert again.empty, again.summary()  # and where it came from, it is the same date


def test_a_rating_by_name_that_is_not_one_to_five_or_has_no_name_is_left_out(store: Store, tmp_path: Path) -> None:
    data = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//weekplan//weekplan//EN",
            "BEGIN:VEVENT",
            "UID:x@phone",
            "DTSTAMP:20261101T120000Z",
            "DTSTART;VALUE=DATE:20261114",
            "SUMMARY:Picnic",
            "CATEGORIES:together",
            "X-WEEKPLAN-KIND:date",
            "X-WEEKPLAN-RATING-BY:Alex,12",
            "X-WEEKPLAN-RATING-BY:,4",
            "X-WEEKPLAN-RATING-BY:Kim",
            "X-WEEKPLAN-RATING-BY:Sam,2",
            "X-WEEKPLAN-RATING-BY:Sam,5",
            "X-WEEKPLAN-MEMORY-BY:Sam,sunny,warm",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    ).encode()
    import_text(store, data, "in.ics")
    (back,) = store.dates().items.values()
    assert back.ratings == (("Sam", 2),)
    assert back.memories == ()  # three values, not a name and a memory


def test_days_of_preparation_past_what_a_date_may_hold_are_left_out_and_the_date_kept(
    store: Store, tmp_path: Path
) -> None:
    def calendar(days: str) -> bytes:
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//weekplan//weekplan//EN",
            "BEGIN:VEVENT",
            f"UID:prep-{days}@phone",
            "DTSTAMP:20261101T120000Z",
            "DTSTART;VALUE=DATE:20261114",
            f"SUMMARY:Picnic {days}",
            "CATEGORIES:together",
            "X-WEEKPLAN-KIND:date",
            f"X-WEEKPLAN-PREP-DAYS:{days}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        return "\r\n".join(lines).encode()

    import_text(store, calendar("999999999999"), "far.ics")
    import_text(store, calendar("365"), "year.ics")
    fresh = Store(store.root)
    read = fresh.dates()
    assert read.errors == []
    assert sorted((d.title, d.prep_days) for d in read.items.values()) == [
        ("Picnic 365", 365),
        ("Picnic 999999999999", None),
    ]


# Text that has broken iCalendar writers and readers: separators, escapes, line breaks,
# a line far past the 75 octets of a fold, characters of 2 to 4 octets, right-to-left,
# and control characters (kept in the file: only a screen has to be kept from them).
AWKWARD = [
    "a, b; c \\ d",
    "first line\nsecond, line\nthird; line",
    "long " + "word " * 120 + "end",
    "日本語のメモ 😀 emoji",
    "שלום \u202eevil\u202c done",
    "esc \x1b[31m bel \x07 c1 \x9b end",
]


def test_rich_data_goes_out_comes_into_an_empty_directory_and_out_again_the_same(store: Store, tmp_path: Path) -> None:
    from weekplan.routines import OccurrenceChange, Routine

    for n, text in enumerate(AWKWARD):
        title = text.splitlines()[0][:150].strip()
        store.put_activity(
            Activity(
                f"a{n}", date(2026, 12, 1 + n), t("09:00"), t("10:00"), title, "hobby", done=n % 2 == 0, notes=text
            )
        )
    store.put_activity(Activity("skip", date(2026, 12, 8), t("23:00"), t("24:00"), "late", "rest", skipped=True))
    store.put_date(
        SpecialDate(
            "d1", date(2026, 12, 12), "dinner; at Luigi's, 2nd \\ floor", t("19:00"), t("22:30"),
            place="Main St 3, Floor 2; left\nthen right", status="done", prep="book, then call; \\ ok",
            prep_days=3, notes=AWKWARD[3], rating=4, memory="warm; \\ quiet, long", prep_done=True,
        )
    )  # fmt: skip
    store.put_date(SpecialDate("d2", date(2026, 12, 13), "hike עברית", place="בית", status="cancelled"))
    routine = Routine(
        "abcdef012345", "gym; legs, arms", "fitness", (0, 2, 4), t("07:00"), t("08:00"), date(2026, 11, 2),
        date(2027, 3, 1), notes=AWKWARD[1],
        exceptions={
            date(2026, 11, 4): OccurrenceChange(date=date(2026, 11, 5), start=t("18:00"), end=t("19:00")),
            date(2026, 11, 6): OccurrenceChange(done=True),
            date(2026, 11, 9): OccurrenceChange(removed=True),
            date(2026, 11, 11): OccurrenceChange(title="moved, with; care", notes=AWKWARD[0], skipped=True),
        },
    )  # fmt: skip
    store.put_routine(routine)
    first, _ = export_calendar(store, zone=BERLIN)

    other = Store.open(tmp_path / "other")
    import_text(other, first, name="plan.ics")
    second, _ = export_calendar(Store(other.root), zone=BERLIN)

    def unstamped(data: bytes) -> list[bytes]:
        return [line for line in data.split(b"\r\n") if not line.startswith(b"DTSTAMP:")]

    assert unstamped(second) == unstamped(first)
    back = Store(other.root)
    assert {a.id: a for a in back.all_activities()} == {a.id: a for a in Store(store.root).all_activities()}
    assert back.dates().items == Store(store.root).dates().items
    assert back.routines().items == Store(store.root).routines().items

    before = {p.relative_to(other.root): p.read_bytes() for p in other.root.rglob("*.toml")}
    import_text(Store(other.root), second, name="plan.ics")  # the same calendar again: nothing doubled
    assert {p.relative_to(other.root): p.read_bytes() for p in other.root.rglob("*.toml")} == before


def test_an_items_own_reminder_goes_out_and_comes_back(store: Store, tmp_path: Path) -> None:
    """`remind = N` goes out as an alarm N minutes before; the alarm alone cannot say
    whether N was the item's own or a date's usual hour, so N travels as well."""
    store.put_activity(Activity("r1", date(2026, 12, 1), t("09:00"), t("10:00"), "call", "hobby", extra={"remind": 30}))
    store.put_date(SpecialDate("d1", date(2026, 12, 2), "dinner", t("19:00"), t("21:00"), extra={"remind": 15}))
    store.put_date(SpecialDate("d2", date(2026, 12, 3), "walk", t("10:00"), t("11:00")))  # the usual hour before
    data, _ = export_calendar(store, zone=BERLIN)
    other = Store.open(tmp_path / "other")
    import_text(other, data, name="plan.ics")
    back = Store(other.root)
    assert [a.extra.get("remind") for a in back.all_activities()] == [30]
    assert {d.id: d.extra.get("remind") for d in back.dates().items.values()} == {"d1": 15, "d2": None}
    assert export_calendar(back, zone=BERLIN)[0].count(b"TRIGGER") == data.count(b"TRIGGER") == 3


def test_every_other_week_of_a_sunday_week_planner_goes_out_and_comes_back_on_the_same_days(
    store: Store, tmp_path: Path
) -> None:
    """The export says the routine's week start as WKST: a calendar reading the RRULE
    puts each occurrence where the planner does, and importing it back keeps them there."""
    from dateutil.rrule import rrulestr

    from weekplan.model import Config
    from weekplan.routines import parse_routine

    sunday = date(2026, 12, 6)
    routine = parse_routine("hike every other sat,sun 10:00", Config(first_weekday=6), sunday)
    store.put_routine(routine)
    planned = list(routine.planned_dates(*SPAN))
    data, _ = export_calendar(store, zone=BERLIN)
    assert b"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;WKST=SU\r\n" in data
    event = next(e for e in Calendar.from_ical(data).events if "RRULE" in e)
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.start.replace(tzinfo=None))
    span = datetime.combine(SPAN[0], time()), datetime.combine(SPAN[1], time(23, 59))
    read_elsewhere = [moment.date() for moment in rule.between(*span, inc=True)]
    assert read_elsewhere == planned
    assert planned[:4] == [
        date(2026, 12, 6),
        date(2026, 12, 12),
        date(2026, 12, 20),
        date(2026, 12, 26),
    ]
    fresh = Store.open(tmp_path / "fresh")
    import_text(fresh, data, "out.ics")
    (back,) = fresh.routines().items.values()
    assert back.week_start == 6
    assert list(back.planned_dates(*SPAN)) == planned


def test_a_calendars_every_other_week_from_sunday_comes_in_as_a_routine_on_its_days(store: Store) -> None:
    import_text(
        store,
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\nUID:hike@phone\r\n"
        b"DTSTAMP:20261101T120000Z\r\nDTSTART;TZID=Europe/Berlin:20261206T100000\r\n"
        b"DTEND;TZID=Europe/Berlin:20261206T120000\r\n"
        b"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;WKST=SU\r\nSUMMARY:Hike\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    (routine,) = store.routines().items.values()
    assert list(routine.planned_dates(date(2026, 12, 6), date(2026, 12, 27))) == [
        date(2026, 12, 6),
        date(2026, 12, 12),
        date(2026, 12, 20),
        date(2026, 12, 26),
    ]
