"""Routines: which dates they fall on, changing one occurrence or all from one on, the
file they live in, and how they show up next to stored activities."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from weekplan import cli
from weekplan.fields import ItemError
from weekplan.model import Activity, Config
from weekplan.occurrence_ids import is_occurrence
from weekplan.record import replace
from weekplan.routines import (
    DayTakenError,
    OccurrenceChange,
    Routine,
    RoutineTextError,
    occurrence_id,
    parse_occurrence_id,
    parse_routine,
)
from weekplan.store import ReadOnlyError, Store
from weekplan.tomlfile import dumps
from weekplan.weeks import IsoWeek, parse_time

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def gym(**changes: object) -> Routine:
    base = Routine(
        "gym",
        "gym",
        "fitness",
        (MON, WED, FRI),
        parse_time("07:00"),
        parse_time("08:00"),
        date(2026, 11, 23),
    )
    return replace(base, **changes)


def test_weekly_dates_fall_on_its_days_from_first_on() -> None:
    routine = gym(first=date(2026, 11, 25))  # a Wednesday: Monday of that week is before it
    found = list(routine.planned_dates(date(2026, 11, 23), date(2026, 12, 6)))
    assert found == [date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 4)]


def test_every_two_weeks_counts_from_the_week_of_first() -> None:
    routine = gym(days=(THU,), first=date(2026, 11, 23), interval=2)
    found = list(routine.planned_dates(date(2026, 11, 1), date(2027, 1, 10)))
    assert found == [date(2026, 11, 26), date(2026, 12, 10), date(2026, 12, 24), date(2027, 1, 7)]


def test_last_date_is_included_and_nothing_after_it() -> None:
    routine = gym(last=date(2026, 12, 2))
    found = list(routine.planned_dates(date(2026, 11, 1), date(2026, 12, 31)))
    assert found[-1] == date(2026, 12, 2)
    assert found == [date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 2)]


def test_week_53_has_its_occurrences() -> None:
    week = IsoWeek(2026, 53)
    routine = gym(interval=2, first=date(2026, 12, 14))  # weeks 51 and 53 of 2026, then 2027-W02
    found = routine.occurrences_between(week.monday, week.sunday)
    assert [a.date for a in found] == [date(2026, 12, 28), date(2026, 12, 30), date(2027, 1, 1)]
    assert [a.id for a in found] == ["gym@2026-12-28", "gym@2026-12-30", "gym@2027-01-01"]
    assert routine.occurrences_between(IsoWeek(2027, 1).monday, IsoWeek(2027, 1).sunday) == []


def test_occurrence_ids_round_trip_and_stored_ids_are_not_occurrences() -> None:
    assert parse_occurrence_id(occurrence_id("gym", date(2026, 11, 25))) == ("gym", date(2026, 11, 25))
    for stored in ("9db62ca8d63d", "gym@", "gym@2026-13-01", "@2026-11-25", "g y m@2026-11-25"):
        assert parse_occurrence_id(stored) is None
    assert is_occurrence(gym().planned(date(2026, 11, 25)))
    assert not is_occurrence(Activity("9db62ca8d63d", date(2026, 11, 25), 60, 120, "x", "rest"))


def test_exceptions_move_skip_finish_and_remove_single_occurrences() -> None:
    routine = gym()
    wed = routine.planned(date(2026, 11, 25))
    moved = replace(wed, date=date(2026, 11, 26), start=parse_time("18:00"), end=parse_time("19:30"))
    routine = routine.with_exception(wed.date, routine.change_for(moved))
    fri = routine.planned(date(2026, 11, 27))
    routine = routine.with_exception(fri.date, routine.change_for(replace(fri, done=True)))
    routine = routine.with_exception(date(2026, 11, 23), OccurrenceChange(removed=True))
    next_mon = routine.planned(date(2026, 11, 30))
    routine = routine.with_exception(next_mon.date, routine.change_for(replace(next_mon, skipped=True)))

    week = routine.occurrences_between(date(2026, 11, 23), date(2026, 11, 29))
    assert [(a.id, a.date, a.start, a.done) for a in week] == [
        ("gym@2026-11-25", date(2026, 11, 26), parse_time("18:00"), False),
        ("gym@2026-11-27", date(2026, 11, 27), parse_time("07:00"), True),
    ]
    assert routine.occurrence(date(2026, 11, 30)).skipped  # type: ignore[union-attr]
    # Put back as planned: the exception goes away instead of recording "no change".
    assert routine.change_for(routine.planned(date(2026, 11, 25))) is None


def test_an_occurrence_moved_into_another_week_shows_there_only() -> None:
    routine = gym()
    fri = routine.planned(date(2026, 11, 27))
    routine = routine.with_exception(fri.date, routine.change_for(replace(fri, date=date(2026, 12, 1))))
    assert "gym@2026-11-27" not in [a.id for a in routine.occurrences_between(date(2026, 11, 23), date(2026, 11, 29))]
    next_week = routine.occurrences_between(date(2026, 11, 30), date(2026, 12, 6))
    assert [a.id for a in next_week if a.date == date(2026, 12, 1)] == ["gym@2026-11-27"]


def test_toml_round_trip_is_deterministic_and_keeps_unknown_fields() -> None:
    routine = gym(last=date(2027, 3, 1), interval=2, notes="bring a towel", uid="abc@phone")
    routine = routine.with_exception(date(2026, 11, 25), OccurrenceChange(start=parse_time("09:00"), done=True))
    routine = routine.with_exception(date(2026, 11, 23), OccurrenceChange(removed=True))
    raw = routine.to_toml()
    raw["colour_hint"] = "green"
    again = Routine.from_toml("gym", raw)
    assert again == routine
    assert again.extra == {"colour_hint": "green"}
    assert dumps({"routines": {"gym": again.to_toml()}}) == dumps({"routines": {"gym": raw}})
    assert list(raw["exceptions"]) == ["2026-11-23", "2026-11-25"]


def test_duration_may_stand_in_for_end() -> None:
    raw = {"title": "run", "category": "fitness", "days": ["tue"], "start": "06:30", "duration": "1h15"}
    routine = Routine.from_toml("run", {**raw, "first": date(2026, 11, 24)})
    assert routine.end == parse_time("07:45")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"days": ["moonday"]}, "'moonday'"),
        ({"days": []}, "'days' is empty"),
        ({"end": "06:00"}, "must end after"),
        ({"interval": 0}, "'interval' must be between"),
        ({"last": date(2026, 1, 1)}, "before 'first'"),
        ({"exceptions": {"2026-11-25": {"start": "25:00"}}}, "exceptions.2026-11-25.start"),
        ({"exceptions": {"soon": {"done": True}}}, "'soon' is not named by a date"),
    ],
)
def test_bad_routines_are_reported_with_where(store: Store, change: dict[str, object], needle: str) -> None:
    raw = {**gym().to_toml(), **change}
    store.routines_path.write_bytes(dumps({"routines": {"gym": raw}}))
    errors = [str(e) for e in Store(store.root).check()]
    assert len(errors) == 1 and needle in errors[0]
    assert errors[0].startswith(f"{store.routines_path}:")


def test_show_json_lists_occurrences_with_stored_activities(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.put_routine(gym())
    store.put_activity(Activity("9db62ca8d63d", date(2026, 11, 25), parse_time("06:00"), 420, "stretch", "rest"))
    assert cli.main(["show", "2026-W48", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["activities"]
    assert [(a["id"], a["date"], a["start"]) for a in shown] == [
        ("gym@2026-11-23", "2026-11-23", "07:00"),
        ("9db62ca8d63d", "2026-11-25", "06:00"),
        ("gym@2026-11-25", "2026-11-25", "07:00"),
        ("gym@2026-11-27", "2026-11-27", "07:00"),
    ]


def test_changing_this_one_writes_an_exception_not_a_week_file(store: Store) -> None:
    store.put_routine(gym())
    wed = next(a for a in store.activities_between(date(2026, 11, 25), date(2026, 11, 25)))
    store.put_activity(replace(wed, title="gym with Sam", done=True))
    store.remove_activity(store.activities_between(date(2026, 11, 27), date(2026, 11, 27))[0])

    fresh = Store(store.root)
    assert not fresh.week_path(IsoWeek(2026, 48)).exists()
    week = fresh.activities_between(date(2026, 11, 23), date(2026, 11, 29))
    assert [(a.id, a.title, a.done) for a in week] == [
        ("gym@2026-11-23", "gym", False),
        ("gym@2026-11-25", "gym with Sam", True),
    ]
    assert fresh.routine_of(week[1]) == fresh.routine("gym")
    assert fresh.routine_of(Activity("x", date(2026, 11, 25), 1, 2, "x", "rest")) is None
    # Undo of the removal is putting the occurrence back as it was.
    store.put_activity(gym().planned(date(2026, 11, 27)))
    assert date(2026, 11, 27) not in Store(store.root).routine("gym").exceptions  # type: ignore[union-attr]


def test_all_from_now_on_splits_the_routine(store: Store) -> None:
    store.put_routine(gym(interval=2))
    store.put_activity(replace(gym(interval=2).planned(date(2026, 12, 11)), done=True))
    wed = store.activities_between(date(2026, 12, 9), date(2026, 12, 9))[0]
    edited = replace(wed, date=date(2026, 12, 10), start=parse_time("18:00"), end=parse_time("19:00"), done=True)
    before, after = store.put_activity_from_now_on(edited)

    assert before is not None and before.id == "gym" and before.last == date(2026, 12, 8)
    assert after.id != "gym" and after.days == (MON, THU, FRI) and after.first == date(2026, 12, 9)
    fresh = Store(store.root)
    weeks = fresh.activities_between(date(2026, 11, 23), date(2027, 1, 3))
    assert [(a.date, a.start, a.done) for a in weeks] == [
        (date(2026, 11, 23), parse_time("07:00"), False),
        (date(2026, 11, 25), parse_time("07:00"), False),
        (date(2026, 11, 27), parse_time("07:00"), False),
        (date(2026, 12, 7), parse_time("07:00"), False),
        (date(2026, 12, 10), parse_time("18:00"), True),  # done stays on this one
        (date(2026, 12, 11), parse_time("18:00"), True),  # a later exception came along
        (date(2026, 12, 21), parse_time("18:00"), False),  # every 2 weeks still
        (date(2026, 12, 24), parse_time("18:00"), False),
        (date(2026, 12, 25), parse_time("18:00"), False),
    ]


def test_the_routine_split_off_names_the_one_it_carries_on(store: Store) -> None:
    store.put_routine(gym())
    wed = store.activities_between(date(2026, 12, 9), date(2026, 12, 9))[0]
    _before, after = store.put_activity_from_now_on(replace(wed, title="swim"))
    assert after.split_from == "gym"
    text = store.routines_path.read_text("utf-8")
    assert 'split_from = "gym"' in text
    # Written the same way every time, and read back as it was.
    fresh = Store(store.root).routines()
    assert fresh.errors == [] and fresh.items[after.id] == after
    assert dumps({"routines": {r.id: r.to_toml() for r in fresh.items.values()}}) == text.encode()


def test_a_routine_without_a_lineage_reads_and_a_bad_one_is_named() -> None:
    raw = gym().to_toml()
    assert "split_from" not in raw and Routine.from_toml("gym", raw).split_from == ""
    with pytest.raises(ItemError, match="split_from"):
        Routine.from_toml("gym", {**raw, "split_from": "../x"})


def test_all_from_now_on_keeps_a_move_made_for_that_occurrence_alone(store: Store) -> None:
    store.put_routine(gym())  # mon, wed, fri
    wed = store.activities_between(date(2026, 12, 9), date(2026, 12, 9))[0]
    store.put_activity(replace(wed, date=date(2026, 12, 10)))  # this Wednesday only, on Thursday
    moved = store.activities_between(date(2026, 12, 10), date(2026, 12, 10))[0]

    _before, after = store.put_activity_from_now_on(replace(moved, title="swim"))

    assert after.days == (MON, WED, FRI)  # the routine's Wednesdays stay Wednesdays
    fresh = Store(store.root).activities_between(date(2026, 12, 7), date(2026, 12, 20))
    assert [(a.date, a.title) for a in fresh] == [
        (date(2026, 12, 7), "gym"),
        (date(2026, 12, 10), "swim"),  # still on Thursday, this week only
        (date(2026, 12, 11), "swim"),
        (date(2026, 12, 14), "swim"),
        (date(2026, 12, 16), "swim"),
        (date(2026, 12, 18), "swim"),
    ]


def test_all_from_now_on_will_not_move_one_weekday_onto_another(store: Store) -> None:
    store.put_routine(gym())
    before = store.routines_path.read_bytes()
    wed = store.activities_between(date(2026, 12, 9), date(2026, 12, 9))[0]
    with pytest.raises(DayTakenError, match="already happens on Fridays"):
        store.put_activity_from_now_on(replace(wed, date=date(2026, 12, 11)))
    assert store.routines_path.read_bytes() == before


def test_from_the_first_occurrence_on_replaces_the_routine(store: Store) -> None:
    store.put_routine(gym())
    first = store.activities_between(date(2026, 11, 23), date(2026, 11, 23))[0]
    before, after = store.put_activity_from_now_on(replace(first, title="swim"))
    assert before is None
    assert list(Store(store.root).routines().items) == [after.id]


def test_delete_from_now_on_and_delete_all_can_be_undone(store: Store) -> None:
    original = gym()
    store.put_routine(original)
    fri = store.activities_between(date(2026, 12, 4), date(2026, 12, 4))[0]
    left = store.end_routine_before(fri)
    assert left is not None and left.last == date(2026, 12, 3)
    assert store.activities_between(date(2026, 12, 4), date(2027, 1, 31)) == []
    store.remove_routine(left)
    assert store.activities_between(date(2026, 11, 1), date(2027, 1, 31)) == []
    store.put_routine(original)  # undo
    assert len(Store(store.root).activities_between(date(2026, 11, 23), date(2026, 12, 6))) == 6


def test_an_unreadable_routines_file_is_never_written(store: Store) -> None:
    store.routines_path.write_text("[routines.gym\ntitle = 'x'\n")
    before = store.routines_path.read_bytes()
    fresh = Store(store.root)
    assert fresh.routines().readonly
    assert fresh.activities_between(date(2026, 11, 23), date(2026, 11, 29)) == []
    with pytest.raises(ReadOnlyError):
        fresh.put_routine(gym())
    assert store.routines_path.read_bytes() == before
    assert str(fresh.check()[0]).startswith(f"{store.routines_path}:1:")


def test_a_removed_routine_cannot_take_an_exception(store: Store) -> None:
    store.put_routine(gym())
    occurrence = store.activities_between(date(2026, 11, 23), date(2026, 11, 23))[0]
    store.remove_routine(gym())
    with pytest.raises(LookupError):
        store.put_activity(replace(occurrence, done=True))


def test_every_other_week_begins_on_the_coming_day() -> None:
    """Typed on a Friday, "every other tue" begins on the coming Tuesday, not the one
    after: the two weeks are counted from the first day to come, not from today's week."""
    friday = date(2026, 12, 4)
    routine = parse_routine("gym every other tue 07:00", Config(), friday)
    assert routine.first == date(2026, 12, 8)
    assert list(routine.planned_dates(friday, date(2026, 12, 31))) == [date(2026, 12, 8), date(2026, 12, 22)]
    # Of several days, the first to come decides the weeks: Monday 7, then the 21st.
    both = parse_routine("swim every other mon,thu 18:00", Config(), friday)
    assert list(both.planned_dates(friday, date(2026, 12, 24))) == [
        date(2026, 12, 7),
        date(2026, 12, 10),
        date(2026, 12, 21),
        date(2026, 12, 24),
    ]
    # "every two weeks" as "every 2 weeks".
    in_words, in_digits = (parse_routine(f"gym every {n} weeks tue 07:00", Config(), friday) for n in ("two", "2"))
    assert replace(in_words, id=in_digits.id) == in_digits
    assert (in_words.interval, in_words.first, in_words.title) == (2, date(2026, 12, 8), "gym")
    # Today itself, when it is one of the days.
    assert parse_routine("run every other fri 7am", Config(), friday).first == friday
    with pytest.raises(RoutineTextError, match="never happen"):
        parse_routine("gym every other tue 07:00", Config(), friday, last=date(2026, 12, 7))


def test_parse_routine_text() -> None:
    tuesday = date(2026, 11, 24)
    routine = parse_routine("gym mon,wed,fri 07:00 1h #fit", Config(), tuesday, interval=2)
    assert (routine.title, routine.category, routine.days) == ("gym", "fitness", (MON, WED, FRI))
    assert (routine.start, routine.end, routine.interval) == (parse_time("07:00"), parse_time("08:00"), 2)
    assert routine.first == date(2026, 11, 25)  # the first day it really happens
    assert parse_routine("class thu 18:00-20:30 #learning", Config(), tuesday).end == parse_time("20:30")
    assert parse_routine("lie in weekends 09:00 #rest", Config(), tuesday).days == (SAT, SUN)
    assert parse_routine("Gym Mon/Wed/Fri 7:00", Config(), tuesday).days == (MON, WED, FRI)  # the README's own
    assert parse_routine("gym mon wed fri 7am", Config(), tuesday).category == ""  # none given, none before
    other = parse_routine("swim every other sat 10am for 90 minutes", Config(), tuesday)
    assert (other.days, other.interval, other.start, other.end) == ((SAT,), 2, 600, 690)
    earlier = parse_routine("gym mon 7:00", Config(), tuesday, earlier={"gym": "fitness"}.get)
    assert earlier.category == "fitness"
    with pytest.raises(RoutineTextError, match="every 2 weeks in the text but --every 3"):
        parse_routine("gym every other mon 07:00", Config(), tuesday, interval=3)
    for text, needle in [
        ("gym 07:00 #fitness", "no days"),
        ("gym mon #fitness", "no time"),
        ("gym 24 dec 07:00", "'24 dec' is a date"),
        ("gym mon 25:00", "'25:00' is not a time of day"),
        ("mon 07:00 #fitness", "no title"),
        ("gym mon 23:30 2h #fitness", "after midnight"),
        # As quick add: a control character typed is refused, never stored for a later
        # file, export or sync to carry raw.
        ("gy\x1bm mon 07:00 #fitness", "control character"),
        ("gym mon 07:00 #fit\x9bness", "control character"),
    ]:
        with pytest.raises(RoutineTextError, match=needle):
            parse_routine(text, Config(), tuesday)


def test_a_week_reads_routines_once(store: Store) -> None:
    store.put_routine(gym())
    fresh = Store(store.root)
    fresh.activities_between(date(2026, 11, 23), date(2026, 11, 29))
    store.routines_path.write_text("broken = [")  # unseen: the cached copy is used
    assert len(fresh.activities_between(date(2026, 11, 30), date(2026, 12, 6))) == 3
    assert fresh.changed_files() == [fresh.routines_path]


def test_dates_and_times_survive_week_arithmetic() -> None:
    routine = gym(days=tuple(range(7)))
    days = [a.date for a in routine.occurrences_between(date(2026, 12, 28), date(2027, 1, 3))]
    assert days == [date(2026, 12, 28) + timedelta(days=i) for i in range(7)]


def test_routine_commands(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["routine", "add", "gym mon,wed,fri 07:00 1h #fitness"]) == 0
    assert cli.main(["routine", "add", "class", "thu", "18:00-20:00", "#learning", "--every", "2"]) == 0
    added = capsys.readouterr().out.splitlines()
    gym_id, class_id = (line.split()[1] for line in added)
    assert cli.main(["routine", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"{gym_id}  mon,wed,fri 07:00–08:00 gym  #fitness  (every week from 2026-11-23)" in listed
    assert f"{class_id}  thu 18:00–20:00 class  #learning  (every 2 weeks from 2026-11-26)" in listed

    assert cli.main(["routine", "remove", gym_id[:6], "--from", "2026-12-01"]) == 0
    assert Store(store.root).routine(gym_id).last == date(2026, 11, 30)  # type: ignore[union-attr]
    assert cli.main(["routine", "remove", class_id]) == 0
    assert list(Store(store.root).routines().items) == [gym_id]
    assert cli.main(["routine", "remove", "nosuch"]) == 2
    assert cli.main(["routine", "add", "gym 07:00 #fitness"]) == 2
    assert "no days" in capsys.readouterr().err


# -- the planner's week ---------------------------------------------------------------------

SUNDAY_WEEKS = Config(first_weekday=SUN)


def test_every_other_week_counts_the_planners_weeks_when_they_start_on_sunday() -> None:
    """On a planner whose weeks run Sunday to Saturday, "every other sat,sun" made on a
    Sunday comes on that Sunday and the Saturday of the same shown week, then skips a
    week: ISO weeks would pair each Saturday with the next week's Sunday instead."""
    sunday = date(2026, 12, 6)
    routine = parse_routine("hike every other sat,sun 10:00", SUNDAY_WEEKS, sunday)
    assert routine.week_start == SUN
    found = list(routine.planned_dates(sunday, date(2027, 1, 9)))
    assert found == [
        date(2026, 12, 6),
        date(2026, 12, 12),
        date(2026, 12, 20),
        date(2026, 12, 26),
        date(2027, 1, 3),
        date(2027, 1, 9),
    ]
    # a Monday-week planner keeps its weeks as before
    monday_weeks = parse_routine("hike every other sat,sun 10:00", Config(), date(2026, 12, 5))
    assert monday_weeks.week_start == MON
    assert list(monday_weeks.planned_dates(date(2026, 12, 5), date(2026, 12, 20))) == [
        date(2026, 12, 5),
        date(2026, 12, 6),
        date(2026, 12, 19),
        date(2026, 12, 20),
    ]


def test_a_routines_week_start_is_kept_in_its_file_and_changes_nothing_when_the_setting_does(store: Store) -> None:
    routine = parse_routine("hike every other sat,sun 10:00", SUNDAY_WEEKS, date(2026, 12, 6))
    store.put_routine(routine)
    text = (store.root / "routines.toml").read_text()
    assert 'week_start = "sunday"' in text
    # read back by a planner whose weeks start on Monday (the store's config): the same weeks
    again = Store.open(store.root).routines().items[routine.id]
    assert store.config.first_weekday == MON
    assert again == routine
    assert again.occurs_on(date(2026, 12, 12)) and not again.occurs_on(date(2026, 12, 19))
    assert "week_start" not in gym().to_toml()  # Monday, as every routine before


def test_a_week_start_that_is_no_weekday_is_named() -> None:
    raw = {**gym().to_toml(), "week_start": "caturday"}
    with pytest.raises(ItemError, match="week_start"):
        Routine.from_toml("gym", raw)


def test_a_weekly_routine_on_a_sunday_planner_writes_no_week_start(store: Store) -> None:
    # a weekplan from before week_start reads the file: a weekly routine must read the same
    weekly = parse_routine("hike sat,sun 10:00", SUNDAY_WEEKS, date(2026, 12, 6))
    assert weekly.week_start == MON
    assert "week_start" not in weekly.to_toml()
    store.put_routine(weekly)
    assert "week_start" not in (store.root / "routines.toml").read_text()
    assert Store.open(store.root).routines().items[weekly.id] == weekly
    every_other = parse_routine("hike every other sat,sun 10:00", SUNDAY_WEEKS, date(2026, 12, 6))
    assert every_other.to_toml()["week_start"] == "sunday"
