"""A weekly repeat whose start is not on one of its days: RFC 5545 counts the start as an
occurrence all the same.  It comes in as a routine and, apart from it, one activity on
the start, and day by day that must be what the reference expansion
(recurring-ical-events) reads; where a routine cannot say it, it is expanded."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reference_sweep import SWEEP
from weekplan.ics_events import local_time
from weekplan.ics_import import ImportPlan, apply_import, plan_import
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import parse_time


def calendar(*lines: str) -> bytes:
    body = "\r\n".join(["UID:gym@phone", "SUMMARY:gym", "DTSTAMP:20261101T120000Z", *lines])
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".encode()


# 2026-11-24 is a Tuesday.
START = ("DTSTART;TZID=Europe/Berlin:20261124T070000", "DTEND;TZID=Europe/Berlin:20261124T080000")


@pytest.mark.parametrize(
    ("rule", "more", "routine"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,WE", [], True),
        ("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5", [], True),
        ("FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270110T235959Z", [], True),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270301T000000Z", [], True),
        ("FREQ=WEEKLY;BYDAY=SU;COUNT=4", ["EXDATE;TZID=Europe/Berlin:20261206T070000"], True),
        ("FREQ=WEEKLY;BYDAY=MO;COUNT=1", [], True),  # the reference counts the start apart from the COUNT
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261129T000000Z", [], False),  # ends before its first Monday
    ],
)
def test_the_start_off_the_rules_days_comes_in_as_the_reference_reads_it(
    store: Store, rule: str, more: list[str], routine: bool
) -> None:
    data = calendar(*START, f"RRULE:{rule}", *more)
    plan = plan_import([(Path("in.ics"), data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY)
    assert SWEEP.imported(plan) == SWEEP.reference(data) != {}
    assert bool(plan.routines) is routine
    if routine:
        (apart,) = plan.activities
        assert (apart.date, apart.start, apart.extra["recurrence_id"]) == (
            date(2026, 11, 24),
            parse_time("07:00"),
            "20261124T070000",
        )
        assert not plan.routines[0].occurs_on(date(2026, 11, 24))
    else:
        assert plan.expanded


def test_the_start_taken_out_by_exdate_leaves_the_routine_alone(store: Store) -> None:
    data = calendar(*START, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", "EXDATE;TZID=Europe/Berlin:20261124T070000")
    plan = plan_import([(Path("in.ics"), data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY)
    assert len(plan.routines) == 1 and plan.activities == []
    assert SWEEP.imported(plan) == SWEEP.reference(data)


def test_an_override_of_the_start_is_expanded(store: Store) -> None:
    override = (
        "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:gym@phone\r\nSUMMARY:gym, later\r\nDTSTAMP:20261101T120000Z\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20261124T070000\r\n"
        "DTSTART;TZID=Europe/Berlin:20261124T090000\r\nDTEND;TZID=Europe/Berlin:20261124T100000"
    )
    data = calendar(*START, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", override)
    plan = plan_import([(Path("in.ics"), data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY)
    assert plan.routines == [] and plan.expanded
    assert SWEEP.imported(plan) == SWEEP.reference(data)


def test_importing_the_routine_and_its_start_again_adds_nothing(store: Store) -> None:
    data = calendar(*START, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE")
    apply_import(plan_import([(Path("in.ics"), data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY), store)
    files = {p: p.read_bytes() for p in sorted(store.root.rglob("*.toml"))}
    again = plan_import(
        [(Path("in.ics"), data)], Store(store.root), zone=SWEEP.BERLIN, today=SWEEP.TODAY, remove_gone=True
    )
    assert again.empty and again.removed == [] and again.already == 1  # one event
    apply_import(again, Store(store.root))
    assert {p: p.read_bytes() for p in sorted(store.root.rglob("*.toml"))} == files


def test_what_was_expanded_before_gives_way_to_the_routine(store: Store) -> None:
    """An import by an earlier version expanded such a repeat into occurrences: importing
    the file now brings the routine, keeps the start's activity and removes the rest."""
    data = calendar(*START, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=7")
    as_before = calendar(*START, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=7", "RDATE;TZID=Europe/Berlin:20261124T070000")
    apply_import(plan_import([(Path("in.ics"), as_before)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY), store)
    assert len(list(Store(store.root).all_activities())) == 8 and not Store(store.root).routines().items
    later = Store(store.root)
    now = plan_import([(Path("in.ics"), data)], later, zone=SWEEP.BERLIN, today=SWEEP.TODAY, remove_gone=True)
    apply_import(now, later)
    fresh = Store(store.root)
    (routine,) = fresh.routines().items.values()
    (start,) = fresh.all_activities()
    assert start.date == date(2026, 11, 24) and len(list(routine.planned_dates(routine.first, date(2027, 12, 31)))) == 7


def test_what_was_expanded_before_gives_way_to_the_routine_with_keep_gone(store: Store) -> None:
    """Without removing what is gone, the earlier occurrences still give way: the
    routine says them now.  One edited here stays, as the person left it."""
    data = calendar(*START, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=7")
    as_before = calendar(*START, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=7", "RDATE;TZID=Europe/Berlin:20261124T070000")
    apply_import(plan_import([(Path("in.ics"), as_before)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY), store)
    earlier = Store(store.root)
    (wednesday,) = [a for a in earlier.all_activities() if a.date == date(2026, 11, 25)]
    earlier.put_activity(replace(wednesday, title="gym with Ana"), replacing=wednesday)
    later = Store(store.root)
    now = plan_import([(Path("in.ics"), data)], later, zone=SWEEP.BERLIN, today=SWEEP.TODAY)
    apply_import(now, later)
    fresh = Store(store.root)
    (routine,) = fresh.routines().items.values()
    assert len(list(routine.planned_dates(routine.first, date(2027, 12, 31)))) == 7
    assert sorted((a.date, a.title) for a in fresh.all_activities()) == [
        (date(2026, 11, 24), "gym"),
        (date(2026, 11, 25), "gym with Ana"),
    ]
    assert any("edited here; kept" in k for k in now.kept)


CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@settings(max_examples=80, deadline=None)
@given(
    offset=st.integers(0, 600),
    days=st.sets(st.sampled_from(CODES), min_size=1, max_size=3),
    interval=st.sampled_from((1, 1, 2, 3)),
    count=st.one_of(st.none(), st.integers(1, 12)),
    until=st.one_of(st.none(), st.tuples(st.integers(0, 120), st.sampled_from(("000000", "070000", "235959")))),
    excluded=st.lists(st.tuples(st.integers(0, 60), st.booleans()), max_size=2),
)
def test_any_weekly_repeat_comes_in_as_the_reference_reads_it(
    tmp_path_factory: pytest.TempPathFactory,
    offset: int,
    days: set[str],
    interval: int,
    count: int | None,
    until: tuple[int, str] | None,
    excluded: list[tuple[int, bool]],
) -> None:
    """On its days or off them, ended by a count, a date or not at all, with EXDATEs on
    the start or later (as a time or a whole day): what comes in is, day by day, what the
    reference reads."""
    day = date(2026, 1, 1) + timedelta(days=offset)
    rule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(sorted(days, key=CODES.index))}"
    if count is not None:
        rule += f";COUNT={count}"
    elif until is not None:
        rule += f";UNTIL={day + timedelta(days=until[0]):%Y%m%d}T{until[1]}Z"
    lines = [f"DTSTART;TZID=Europe/Berlin:{day:%Y%m%d}T070000", f"DTEND;TZID=Europe/Berlin:{day:%Y%m%d}T073000"]
    lines.append(f"RRULE:{rule}")
    for after, whole_day in excluded:
        gone = day + timedelta(days=after)
        exdate = f"VALUE=DATE:{gone:%Y%m%d}" if whole_day else f"TZID=Europe/Berlin:{gone:%Y%m%d}T070000"
        lines.append(f"EXDATE;{exdate}")
    data = calendar(*lines)
    store = Store(tmp_path_factory.mktemp("data"))
    plan = plan_import([(Path("in.ics"), data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY)
    assert SWEEP.imported(plan) == SWEEP.reference(data)  # (an UNTIL before the start: nothing, and said so)


def _times_of_reference(data: bytes) -> Counter[tuple[date, int, int]]:
    """Every occurrence the reference expansion reads, as local day, start and end."""
    import recurring_ical_events
    from icalendar import Calendar

    found: Counter[tuple[date, int, int]] = Counter()
    for event in recurring_ical_events.of(Calendar.from_ical(data)).between(date(2026, 1, 1), date(2027, 1, 1)):
        start, end = local_time(event.start, SWEEP.BERLIN), local_time(event.end, SWEEP.BERLIN)
        found[(start.date(), start.hour * 60 + start.minute, end.hour * 60 + end.minute)] += 1
    return found


def _times_imported(plan: ImportPlan) -> Counter[tuple[date, int, int]]:
    found: Counter[tuple[date, int, int]] = Counter((a.date, a.start, a.end) for a in plan.activities)
    for routine in plan.routines:
        for day in routine.planned_dates(routine.first, date(2026, 12, 31)):
            occurrence = routine.occurrence(day)
            if occurrence is not None:
                found[(occurrence.date, occurrence.start, occurrence.end)] += 1
    return found


@pytest.mark.parametrize("days", ["MO", "SU"])
def test_an_end_in_the_spring_forward_gap_keeps_every_weeks_end(store: Store, days: str) -> None:
    """DTEND 02:30 on the night the clocks go forward is 03:30 that night only: a routine
    would say 03:30 every week, so the repeat is expanded, and the gap is told once."""
    data = calendar(
        "DTSTART;TZID=Europe/Berlin:20260329T013000",  # a Sunday, the night of the change
        "DTEND;TZID=Europe/Berlin:20260329T023000",
        f"RRULE:FREQ=WEEKLY;BYDAY={days};COUNT=3",
    )
    plan = plan_import([(Path("in.ics"), data)], store, zone=SWEEP.BERLIN, today=SWEEP.TODAY)
    reference = _times_of_reference(data)
    assert (date(2026, 3, 29), parse_time("01:30"), parse_time("03:30")) in reference
    assert sum(reference.values()) == (4 if days == "MO" else 3)
    assert _times_imported(plan) == reference
    assert plan.routines == []
    assert len([n for n in plan.notes if "DTEND 2026-03-29 02:30 does not exist" in n]) == 1
