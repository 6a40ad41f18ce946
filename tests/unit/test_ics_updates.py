"""Importing a calendar again brings its changes: an event with a newer version
replaces what came in before, an event gone from the calendar goes, and an item the
person edited in weekplan since is kept and named, never overwritten."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekplan import cli
from weekplan.ics_import import ImportPlan, apply_import, plan_import
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import format_time, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
SPAN = (date(2026, 11, 1), date(2027, 12, 31))


def event(uid: str, start: str, end: str, title: str, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261101T000000Z\nDTSTART;TZID=Europe/Berlin:{start}\n"
        f"DTEND;TZID=Europe/Berlin:{end}\nSUMMARY:{title}\n{extra}END:VEVENT\n"
    )


def calendar(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//work//EN\n" + "".join(events) + "END:VCALENDAR\n").encode()


def again(store: Store, data: bytes, path: Path = Path("/cal/work.ics"), **options: object) -> ImportPlan:
    plan = plan_import(
        [(path, data)],
        Store(store.root),
        zone=BERLIN,
        today=TODAY,
        remove_gone=True,
        **options,  # type: ignore[arg-type]
    )
    apply_import(plan, Store(store.root))
    return plan


def shown(store: Store) -> list[tuple[str, str, str, str, bool]]:
    return [
        (str(a.date), format_time(a.start), format_time(a.end), a.title, a.done)
        for a in Store(store.root).activities_between(*SPAN)
    ]


REVIEW = event("review@work", "20261125T100000", "20261125T110000", "Review", "SEQUENCE:1\n")
LUNCH = event("lunch@work", "20261126T120000", "20261126T130000", "Team lunch")


def test_a_newer_sequence_updates_the_event_and_keeps_its_id_and_done_mark(store: Store) -> None:
    again(store, calendar(REVIEW, LUNCH))
    review = next(a for a in Store(store.root).all_activities() if a.title == "Review")
    store.put_activity(replace(review, done=True))
    moved = event("review@work", "20261125T140000", "20261125T153000", "Review (moved)", "SEQUENCE:2\n")
    plan = again(store, calendar(moved, LUNCH))
    assert [line for line in plan.summary() if line.startswith("updated:")] == [
        "updated: 'Review (moved)' 2026-11-25 14:00 (changed in the calendar)"
    ]
    assert shown(store) == [
        ("2026-11-25", "14:00", "15:30", "Review (moved)", True),
        ("2026-11-26", "12:00", "13:00", "Team lunch", False),
    ]
    (after,) = [a for a in Store(store.root).all_activities() if a.title == "Review (moved)"]
    assert after.id == review.id and after.extra["sequence"] == 2


def test_an_older_version_changes_nothing(store: Store) -> None:
    newer = event("review@work", "20261125T140000", "20261125T150000", "Review v3", "SEQUENCE:3\n")
    again(store, calendar(newer))
    plan = again(store, calendar(REVIEW))
    assert plan.empty and plan.already == 1
    assert shown(store) == [("2026-11-25", "14:00", "15:00", "Review v3", False)]


def test_a_change_without_a_version_still_arrives(store: Store) -> None:
    # calcurse writes neither SEQUENCE nor LAST-MODIFIED.
    again(store, calendar(LUNCH))
    later = event("lunch@work", "20261126T123000", "20261126T133000", "Team lunch")
    again(store, calendar(later))
    assert shown(store) == [("2026-11-26", "12:30", "13:30", "Team lunch", False)]


def test_an_event_gone_from_the_calendar_goes(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(calendar(REVIEW, LUNCH))
    assert cli.main(["import", str(path)]) == 0
    path.write_bytes(calendar(LUNCH))
    assert cli.main(["import", str(path), "--keep-gone"]) == 0
    assert [s[3] for s in shown(store)] == ["Review", "Team lunch"]
    assert cli.main(["import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "removed: 'Review' 2026-11-25 " in out and "(gone from the calendar)" in out
    assert cli.main(["import", str(path)]) == 0
    assert [s[3] for s in shown(store)] == ["Team lunch"]


def test_only_the_calendar_it_came_from_removes_it(store: Store) -> None:
    again(store, calendar(REVIEW), Path("/cal/work.ics"))
    again(store, calendar(LUNCH), Path("/cal/friends.ics"))
    assert [s[3] for s in shown(store)] == ["Review", "Team lunch"]


def test_an_item_edited_here_is_kept_and_named(store: Store) -> None:
    again(store, calendar(REVIEW, LUNCH))
    lunch = next(a for a in Store(store.root).all_activities() if a.title == "Team lunch")
    store.put_activity(replace(lunch, title="Team lunch (I booked)", notes="table for 6"))
    review = next(a for a in Store(store.root).all_activities() if a.title == "Review")
    store.put_activity(replace(review, start=parse_time("09:00")))
    changed_lunch = event("lunch@work", "20261126T130000", "20261126T140000", "Team lunch", "SEQUENCE:4\n")
    plan = again(store, calendar(changed_lunch))  # and the review is gone
    assert sorted(plan.kept) == [
        "'Review' 2026-11-25 09:00: gone from /cal/work.ics, but edited here; kept",
        "'Team lunch (I booked)' 2026-11-26 12:00: changed in the calendar, but edited here; kept",
    ]
    assert shown(store) == [
        ("2026-11-25", "09:00", "11:00", "Review", False),
        ("2026-11-26", "12:00", "13:00", "Team lunch (I booked)", False),
    ]


def test_a_changed_weekly_repeat_updates_the_routine(store: Store) -> None:
    weekly = "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3\n"
    swim = event("swim@work", "20261124T180000", "20261124T190000", "Swim", weekly)
    again(store, calendar(swim))
    (routine,) = Store(store.root).routines().items.values()
    later = event("swim@work", "20261124T190000", "20261124T200000", "Swim", weekly + "SEQUENCE:1\n")
    plan = again(store, calendar(later))
    assert len(plan.updated) == 1
    (after,) = Store(store.root).routines().items.values()
    assert after.id == routine.id and format_time(after.start) == "19:00"
    assert [s[1] for s in shown(store)] == ["19:00", "19:00", "19:00"]


def test_an_occurrence_taken_out_of_a_monthly_repeat_goes(store: Store) -> None:
    monthly = "RRULE:FREQ=MONTHLY;COUNT=3\n"
    club = event("club@work", "20261203T200000", "20261203T220000", "Book club", monthly)
    again(store, calendar(club))
    assert [s[0] for s in shown(store)] == ["2026-12-03", "2027-01-03", "2027-02-03"]
    skip_january = event(
        "club@work",
        "20261203T200000",
        "20261203T220000",
        "Book club",
        monthly + "EXDATE;TZID=Europe/Berlin:20270103T200000\n",
    )
    again(store, calendar(skip_january))
    assert [s[0] for s in shown(store)] == ["2026-12-03", "2027-02-03"]


def test_a_vdir_folder_is_one_calendar(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "review.ics").write_bytes(calendar(REVIEW))
    (folder / "lunch.ics").write_bytes(calendar(LUNCH))
    assert cli.main(["import", str(folder)]) == 0
    (folder / "review.ics").unlink()
    assert cli.main(["import", str(folder)]) == 0
    assert [s[3] for s in shown(store)] == ["Team lunch"]


def test_an_event_that_cannot_be_read_this_time_is_not_removed(store: Store) -> None:
    again(store, calendar(REVIEW, LUNCH))
    broken = REVIEW.replace("DTSTART;TZID=Europe/Berlin:20261125T100000", "DTSTART;TZID=Europe/Berlin:2026-11-25")
    plan = again(store, calendar(broken, LUNCH))
    assert plan.removed == [] and any("left out" in s for s in plan.skipped)
    assert [s[3] for s in shown(store)] == ["Review", "Team lunch"]


def test_a_changed_long_repeat_is_summed_up_not_listed_line_by_line(store: Store) -> None:
    monthly = "RRULE:FREQ=MONTHLY;COUNT=12\n"
    again(store, calendar(event("club@work", "20261203T200000", "20261203T220000", "Book club", monthly)))
    plan = again(store, calendar(event("club@work", "20261203T200000", "20261203T220000", "Reading club", monthly)))
    assert len(plan.updated) == 12
    lines = [line for line in plan.summary() if line.startswith("updated:")]
    assert len(lines) == 10 and lines[-1] == "updated: … and 3 more"


def test_a_routine_whose_only_change_is_its_week_start_is_updated(store: Store) -> None:
    def hike(week_start: str) -> str:
        rule = f"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;WKST={week_start};COUNT=3\n"
        return event("hike@work", "20261128T070000", "20261128T080000", "Hike", rule)

    again(store, calendar(hike("MO")))
    before = [s[0] for s in shown(store)]
    plan = again(store, calendar(hike("SU")))
    assert len(plan.updated) == 1
    (after,) = Store(store.root).routines().items.values()
    assert after.week_start == 6
    assert before == ["2026-11-28", "2026-11-29", "2026-12-12"]
    assert [s[0] for s in shown(store)] == ["2026-11-28", "2026-12-06", "2026-12-12"]
    assert again(store, calendar(hike("SU"))).updated == []
