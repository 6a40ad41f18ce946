"""A two-way vdir: weekplan writes one .ics per item, named by its UID, and takes
back what khal, vdirsyncer or a person changed, added or deleted in the folder."""

from __future__ import annotations

import marshal
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone

from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.vdir import STATE_FILE, sync_vdir
from weekplan.weeks import format_time, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)


def t(text: str) -> int:
    return parse_time(text, allow_24=True)


def filled(store: Store) -> Store:
    store.put_activity(Activity("a1", date(2026, 11, 24), t("19:00"), t("21:00"), "climbing", "friends"))
    store.put_date(SpecialDate("d1", date(2026, 11, 27), "dinner", t("19:30"), t("22:00"), place="Ufer"))
    store.put_routine(Routine("r1", "gym", "fitness", (0, 2), t("07:00"), t("08:00"), date(2026, 11, 23)))
    return store


def sync(store: Store, folder: Path) -> list[str]:
    return sync_vdir(Store(store.root), folder, "calendars.phone", TODAY, zone=BERLIN)


def shown(store: Store) -> list[tuple[str, str, str]]:
    fresh = Store(store.root)
    return sorted(
        (str(a.date), format_time(a.start), a.title) for a in fresh.activities_between(TODAY, date(2026, 11, 29))
    )


def test_each_item_is_one_file_named_by_its_uid_and_unchanged_items_are_not_written_again(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "vdir"
    lines = sync(filled(store), folder)
    assert sorted(p.name for p in folder.glob("*.ics")) == ["a1@weekplan.ics", "d1@weekplan.ics", "r1@weekplan.ics"]
    assert lines[0].endswith("3 written, 0 deleted") and (folder / STATE_FILE).is_file()
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.ics")}
    assert sync(store, folder)[0].endswith("0 written, 0 deleted")
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.ics")} == before


def test_a_file_changed_in_the_folder_changes_the_item(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    path = folder / "a1@weekplan.ics"
    path.write_text(path.read_text().replace("SUMMARY:climbing", "SUMMARY:bouldering").replace("T190000", "T180000"))
    sync(store, folder)
    (a1,) = [a for a in Store(store.root).all_activities() if a.id == "a1"]
    assert (a1.title, format_time(a1.start)) == ("bouldering", "18:00")


def test_a_file_deleted_in_the_folder_deletes_the_item(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    (folder / "r1@weekplan.ics").unlink()
    sync(store, folder)
    assert Store(store.root).routines().items == {}
    assert not (folder / "r1@weekplan.ics").exists()


def test_a_file_added_in_the_folder_comes_in_and_goes_back_out_when_edited_here(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    (folder / "phone-made-1234.ics").write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//phone//EN\nBEGIN:VEVENT\nUID:ABCD-1234@phone\n"
        "DTSTAMP:20261120T000000Z\nDTSTART;TZID=Europe/Berlin:20261125T120000\n"
        "DTEND;TZID=Europe/Berlin:20261125T130000\nSUMMARY:lunch with Kim\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    sync(store, folder)
    assert ("2026-11-25", "12:00", "lunch with Kim") in shown(store)
    fresh = Store(store.root)
    (lunch,) = [a for a in fresh.all_activities() if a.title == "lunch with Kim"]
    fresh.put_activity(replace(lunch, start=t("12:30")))
    sync(store, folder)
    text = (folder / "phone-made-1234.ics").read_text()  # written back where the phone keeps it
    assert "UID:ABCD-1234@phone" in text and "T123000" in text
    assert not (folder / "ABCD-1234@phone.ics").exists()


def test_an_item_deleted_here_deletes_its_file(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    fresh = Store(store.root)
    fresh.remove_date(fresh.dates().items["d1"])
    lines = sync(store, folder)
    assert lines[0].endswith("0 written, 1 deleted")
    assert not (folder / "d1@weekplan.ics").exists()


def test_changed_on_both_sides_keeps_weekplans_version_and_says_so(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    path = folder / "a1@weekplan.ics"
    path.write_text(path.read_text().replace("SUMMARY:climbing", "SUMMARY:phone title"))
    fresh = Store(store.root)
    fresh.put_activity(replace(fresh.week(next(iter(fresh.week_files()))[0]).items["a1"], title="weekplan title"))  # type: ignore[arg-type]
    lines = sync(store, folder)
    assert "a1@weekplan: changed on both sides; weekplan's version kept" in lines
    assert "SUMMARY:weekplan title" in path.read_text()


def test_a_file_weekplan_cannot_read_is_left_alone(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    odd = folder / "odd.ics"
    odd.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:odd\nSUMMARY:no start\nEND:VEVENT\nEND:VCALENDAR\n")
    sync(store, folder)
    sync(store, folder)
    assert odd.is_file()


def test_a_pass_keeps_the_zones_answers_in_one_write_of_the_cache(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each item's calendar asks for the VTIMEZONE of its own days; the answers of a
    whole pass are written to the cache file once, not once an item."""
    from weekplan import ics_zones

    for month in range(1, 13):  # items over two years: a span of days each
        day = date(2025 + month % 2, month, 10)
        store.put_activity(Activity(f"v{month}", day, t("09:00"), t("10:00"), f"visit {month}", "friends"))
    filled(store)
    writes: list[object] = []
    save = ics_zones._save

    def counted(*args: object) -> None:
        writes.append(args)
        save(*args)

    monkeypatch.setattr(ics_zones, "_save", counted)
    asked: list[tuple[str, date, date]] = []
    from_tzid = Timezone.from_tzid

    def from_the_library(key: str, first_date: date, last_date: date) -> Timezone:
        asked.append((key, first_date, last_date))
        return from_tzid(key, first_date=first_date, last_date=last_date)

    monkeypatch.setattr(Timezone, "from_tzid", from_the_library)
    folder = tmp_path / "vdir"
    assert sync(store, folder)[0].endswith("15 written, 0 deleted")
    assert len(writes) == 1
    assert asked and len(asked) == len(set(asked))  # the pass after the import asks nothing again
    kept = marshal.loads((tmp_path / "cache" / ics_zones.CACHE_NAME).read_bytes())[2]
    assert len(kept["Europe/Berlin"][2]) == ics_zones.KEPT_SPANS  # the pass's last answers, written at its end


@pytest.mark.parametrize("inside", [".", "weeks", "calendar"])
def test_a_two_way_folder_inside_the_data_directory_is_refused_and_named_by_check(
    store: Store, inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from weekplan.calendar_files import CalendarFileError
    from weekplan.cli import main

    filled(store)
    before = sorted(p.relative_to(store.root) for p in store.root.rglob("*"))
    folder = store.root / inside
    with pytest.raises(CalendarFileError, match="inside weekplan's data directory"):
        sync(store, folder)
    assert sorted(p.relative_to(store.root) for p in store.root.rglob("*")) == before
    config = store.config_path.read_text()
    store.config_path.write_text(f'{config}\n[calendars.phone]\nsource = "{folder}"\ntwo_way = true\n')
    assert main(["refresh"]) == 1
    assert "phone: not synced:" in capsys.readouterr().out
    assert sorted(p.relative_to(store.root) for p in store.root.rglob("*")) == before
    assert main(["check"]) == 1
    line = len(config.splitlines()) + 3
    assert f"{store.config_path}:{line}:10: [calendars.phone]: {folder} is inside" in capsys.readouterr().err
