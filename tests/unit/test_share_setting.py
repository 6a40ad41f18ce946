"""How much of an activity or routine the partner sees (`share`): kept in the files,
followed by the busy file, shown by `show --json`, carried through export and import."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekplan import cli
from weekplan.fields import ItemError
from weekplan.ics_export import export_calendar
from weekplan.ics_import import apply_import, plan_import
from weekplan.model import Activity, PartnerSettings
from weekplan.partner_busy import own_busy_path, write_own_busy
from weekplan.record import replace
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import parse_time

TODAY = date(2026, 11, 23)  # a Monday, as in tests/conftest.py
WED = TODAY + timedelta(days=2)
BERLIN = ZoneInfo("Europe/Berlin")


def activity(item_id: str, start: str, end: str, title: str, share: str = "busy") -> Activity:
    return Activity(item_id, WED, parse_time(start), parse_time(end), title, "hobby", share=share)


def gym(share: str = "busy") -> Routine:
    return Routine("gym", "Gym", "fitness", (0, 2), parse_time("07:00"), parse_time("08:00"), TODAY, share=share)


def test_the_default_is_not_written_and_the_others_are(store: Store) -> None:
    store.add_activities([activity("a1", "10:00", "11:00", "Run"), activity("a2", "12:00", "13:00", "Choir", "title")])
    text = store.week_path(next(iter([w for w, _ in store.week_files()]))).read_text()
    assert text.count("share") == 1 and 'share = "title"' in text
    reread = Store.open(store.root).week(store.week_files().__next__()[0]).items
    assert (reread["a1"].share, reread["a2"].share) == ("busy", "title")


def test_an_unknown_share_value_is_named() -> None:
    with pytest.raises(ItemError) as caught:
        Activity.from_toml("a1", {"date": WED, "start": "10:00", "end": "11:00", "title": "x", "share": "all"})
    assert caught.value.problems[0][0] == "share"
    assert "busy, title, none" in str(caught.value)


def test_a_routines_share_reaches_its_occurrences_and_one_can_differ(store: Store) -> None:
    routine = gym("none")
    assert Routine.from_toml("gym", routine.to_toml()) == routine
    monday, wednesday = routine.occurrence(TODAY), routine.occurrence(WED)
    assert monday is not None and wednesday is not None and monday.share == "none"
    change = routine.change_for(replace(wednesday, share="title"))
    assert change is not None and change.share == "title"
    changed = routine.with_exception(WED, change)
    reread = Routine.from_toml("gym", changed.to_toml())
    assert reread.occurrence(WED).share == "title" and reread.occurrence(TODAY).share == "none"


def partnered(store: Store) -> Store:
    store.save_config(replace(store.config, partner=PartnerSettings("Alex", "/srv/together.git")))
    return Store.open(store.root)


def test_the_busy_file_follows_each_items_setting(store: Store) -> None:
    store = partnered(store)
    store.add_activities(
        [
            activity("a1", "10:00", "11:00", "Therapy"),
            activity("a2", "10:30", "12:00", "Choir\nrehearsal", "title"),
            activity("a3", "11:00", "11:30", "Job interview", "none"),
        ]
    )
    store.put_routine(gym("none"))
    write_own_busy(store, TODAY)
    text = own_busy_path(store).read_text()
    assert 'start = "10:00", end = "11:00" }' in text  # busy only: no title, not merged with the titled one
    assert 'start = "10:30", end = "12:00", title = "Choir rehearsal" }' in text
    assert "Therapy" not in text and "interview" not in text
    assert '"11:30"' not in text and '"07:00"' not in text  # nothing of what says none


def test_show_json_says_how_much_the_partner_sees(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.add_activities([activity("a1", "10:00", "11:00", "Run"), activity("a2", "12:00", "13:00", "Choir", "title")])
    assert cli.main(["show", "2026-W48", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [(a["id"], a["share"]) for a in payload["activities"]] == [("a1", "busy"), ("a2", "title")]


def test_export_and_import_keep_the_setting(store: Store, tmp_path: Path) -> None:
    store.add_activities([activity("a1", "10:00", "11:00", "Run"), activity("a2", "12:00", "13:00", "Choir", "title")])
    store.put_routine(gym("none"))
    data, _ = export_calendar(store, zone=BERLIN)
    assert b"X-WEEKPLAN-SHARE:TITLE" in data and b"X-WEEKPLAN-SHARE:NONE" in data
    assert data.count(b"X-WEEKPLAN-SHARE") == 2  # the default is not written
    fresh = Store.open(tmp_path / "fresh")
    plan = plan_import([(tmp_path / "out.ics", data)], fresh, zone=BERLIN, today=TODAY)
    apply_import(plan, fresh)
    found = {a.title: a.share for a in fresh.activities_between(TODAY, TODAY + timedelta(days=6))}
    assert found == {"Run": "busy", "Choir": "title", "Gym": "none"}
    assert {r.share for r in fresh.routines().items.values()} == {"none"}


def test_a_calendars_override_without_the_setting_keeps_the_routines(store: Store, tmp_path: Path) -> None:
    routine = gym("title")
    moved = routine.occurrence(WED)
    assert moved is not None
    store.put_routine(routine.with_exception(WED, routine.change_for(replace(moved, start=parse_time("07:30")))))
    data, _ = export_calendar(store, zone=BERLIN)
    master, override = data.split(b"RECURRENCE-ID", 1)
    assert b"X-WEEKPLAN-SHARE:TITLE" in override
    data = master + b"RECURRENCE-ID" + override.replace(b"X-WEEKPLAN-SHARE:TITLE\r\n", b"")  # as another calendar
    fresh = Store.open(tmp_path / "fresh")
    apply_import(plan_import([(tmp_path / "out.ics", data)], fresh, zone=BERLIN, today=TODAY), fresh)
    (imported,) = fresh.routines().items.values()
    assert imported.share == "title"
    assert imported.exceptions[date(2026, 11, 25)].start == parse_time("07:30")
    assert imported.exceptions[date(2026, 11, 25)].share is None  # as the routine says
    assert imported.occurrence(WED).share == "title"
