"""A two-way vdir: weekplan writes one .ics per item, named by its UID, and takes
back what khal, vdirsyncer or a person changed, added or deleted in the folder."""

from __future__ import annotations

import marshal
import os
import stat
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone

from time_limit import at_most
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


def edited_here(store: Store, item_id: str, **changes: object) -> None:
    fresh = Store(store.root)
    activity = next(a for a in fresh.all_activities() if a.id == item_id)
    fresh.put_activity(replace(activity, **changes))


def test_a_file_cut_short_is_left_alone_with_its_item_and_the_rest_still_syncs(store: Store, tmp_path: Path) -> None:
    # khal or a person's editor killed mid-write leaves half a file: once, that stopped
    # every later sync of the folder, and the item of a cut file that still named its
    # UID would have been removed.
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    a1, d1 = folder / "a1@weekplan.ics", folder / "d1@weekplan.ics"
    whole = a1.read_text().replace("SUMMARY:climbing", "SUMMARY:bouldering")
    a1.write_text(whole[: whole.index("END:VEVENT")])
    cut = a1.read_bytes()
    d1.write_text(d1.read_text().replace("SUMMARY:dinner", "SUMMARY:dinner by the river"))
    (folder / "junk.ics").write_bytes(bytes(range(256)))
    routine = Store(store.root).routines().items["r1"]
    Store(store.root).put_routine(replace(routine, title="gym and swim"))

    lines = sync(store, folder)
    assert lines[0].startswith("1 changed in the folder (1 items in, 1 replaced or removed)")
    assert sum("the file was left alone" in line for line in lines) == 2
    assert a1.read_bytes() == cut  # never written over
    fresh = Store(store.root)
    assert fresh.dates().items["d1"].title == "dinner by the river"  # came in
    assert "SUMMARY:gym and swim" in (folder / "r1@weekplan.ics").read_text()  # went out
    assert ("2026-11-24", "19:00", "climbing") in shown(store)  # kept, not removed

    a1.write_text(whole)  # the editor finishes its work
    sync(store, folder)
    assert ("2026-11-24", "19:00", "bouldering") in shown(store)
    assert [a.title for a in Store(store.root).all_activities() if a.id == "a1"] == ["bouldering"]


def test_what_is_no_file_in_the_folder_is_left_alone_and_never_waited_for(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    (folder / "a1@weekplan.ics").unlink()
    os.mkfifo(folder / "a1@weekplan.ics")  # in place of a file weekplan sent
    (folder / "d1@weekplan.ics").unlink()
    (folder / "d1@weekplan.ics").mkdir()
    (folder / "d1@weekplan.ics" / "inner.ics").write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    edited_here(store, "a1", title="climbing wall")
    lines = sync(store, folder)
    assert lines[0].startswith("0 changed in the folder (0 items in, 0 replaced or removed)")
    assert any("a1@weekplan.ics: left alone:" in line and "FIFO" in line for line in lines)
    assert any("d1@weekplan.ics: left alone:" in line and "folder" in line for line in lines)
    fresh = Store(store.root)
    assert "d1" in fresh.dates().items and ("2026-11-24", "19:00", "climbing wall") in shown(store)
    assert stat.S_ISFIFO(os.lstat(folder / "a1@weekplan.ics").st_mode)
    assert (folder / "d1@weekplan.ics" / "inner.ics").is_file()


def test_a_link_in_the_folder_is_read_but_never_written_through(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    outside = tmp_path / "elsewhere.ics"
    a1 = folder / "a1@weekplan.ics"
    outside.write_bytes(a1.read_bytes().replace(b"SUMMARY:climbing", b"SUMMARY:from the link"))
    a1.unlink()
    a1.symlink_to(outside)
    sync(store, folder)
    assert ("2026-11-24", "19:00", "from the link") in shown(store)  # read
    before = outside.read_bytes()
    edited_here(store, "a1", title="edited here")
    state_outside = tmp_path / "state-elsewhere.json"
    state_outside.write_bytes((folder / STATE_FILE).read_bytes())
    state_before = state_outside.read_bytes()
    (folder / STATE_FILE).unlink()
    (folder / STATE_FILE).symlink_to(state_outside)
    lines = sync(store, folder)
    assert "a1@weekplan.ics: a link, left alone: weekplan writes only the folder's own files" in lines
    assert outside.read_bytes() == before and state_outside.read_bytes() == state_before
    assert a1.is_symlink() and not (folder / STATE_FILE).is_symlink()
    assert ("2026-11-24", "19:00", "edited here") in shown(store)


PHONE_MADE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\nUID:ABCD-1234@phone\r\n"
    "DTSTAMP:20261120T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261125T120000\r\n"
    "DTEND;TZID=Europe/Berlin:20261125T130000\r\nSUMMARY:lunch with Kim\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_file_taken_in_is_not_written_back_until_it_changes_here(store: Store, tmp_path: Path) -> None:
    # Written back in weekplan's words, every event the phone made or edited went back
    # to the server as a change of its own (and clashed with the phone's next edit).
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    phone = folder / "phone-made-1234.ics"
    phone.write_text(PHONE_MADE, newline="")
    d1 = folder / "d1@weekplan.ics"
    d1.write_bytes(d1.read_bytes().replace(b"SUMMARY:dinner", b"SUMMARY:dinner by the river"))
    edited = {path: path.read_bytes() for path in (phone, d1)}
    assert sync(store, folder)[0] == "2 changed in the folder (2 items in, 1 replaced or removed); 0 written, 0 deleted"
    assert sync(store, folder)[0] == "0 changed in the folder (0 items in, 0 replaced or removed); 0 written, 0 deleted"
    assert {path: path.read_bytes() for path in (phone, d1)} == edited
    assert ("2026-11-25", "12:00", "lunch with Kim") in shown(store)

    phone.write_text(PHONE_MADE.replace("lunch with Kim", "lunch with Kim and Sam"), newline="")
    lines = sync(store, folder)  # edited again on the phone: taken in, not a change on both sides
    assert lines == ["1 changed in the folder (1 items in, 1 replaced or removed); 0 written, 0 deleted"]
    assert ("2026-11-25", "12:00", "lunch with Kim and Sam") in shown(store)

    lunch = next(a for a in Store(store.root).all_activities() if a.title == "lunch with Kim and Sam")
    edited_here(store, lunch.id, start=t("12:30"))
    assert sync(store, folder)[0].endswith("1 written, 0 deleted")
    assert "T123000" in phone.read_text() and "UID:ABCD-1234@phone" in phone.read_text()


@pytest.mark.parametrize("damage", ["cut short before its UID", "a folder in its place"])
def test_a_phone_named_file_that_cannot_be_read_keeps_its_item_in_no_second_file(
    store: Store, tmp_path: Path, damage: str
) -> None:
    # Named by the phone, not by its UID: only what weekplan recorded of it says which
    # item it holds, and that item must not go out again as ABCD-1234@phone.ics.
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    phone = folder / "phone-made-1234.ics"
    phone.write_text(PHONE_MADE, newline="")
    sync(store, folder)
    before = sorted(p.name for p in folder.glob("*.ics"))
    if damage == "a folder in its place":
        phone.unlink()
        phone.mkdir()
    else:
        phone.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n", newline="")
    lunch = next(a for a in Store(store.root).all_activities() if a.title == "lunch with Kim")
    edited_here(store, lunch.id, start=t("12:30"))  # a change here waits for the file, too
    sync(store, folder)
    assert sorted(p.name for p in folder.glob("*.ics")) == before
    assert ("2026-11-25", "12:30", "lunch with Kim") in shown(store)
    if damage == "a folder in its place":
        phone.rmdir()
    phone.write_text(PHONE_MADE.replace("lunch with Kim", "lunch with Kim and Jo"), newline="")
    lines = sync(store, folder)  # changed on both sides: weekplan's version, into the phone's file
    assert "ABCD-1234@phone: changed on both sides; weekplan's version kept" in lines
    assert sorted(p.name for p in folder.glob("*.ics")) == before
    assert "T123000" in phone.read_text() and "UID:ABCD-1234@phone" in phone.read_text()


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


def test_a_fifo_in_place_of_the_state_file_is_never_waited_for(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    sent = sorted(p.name for p in folder.iterdir() if p.name != STATE_FILE)
    (folder / STATE_FILE).unlink()
    os.mkfifo(folder / STATE_FILE)
    with at_most(20, "a vdir sync with a FIFO for its state file"):
        sync(store, folder)
    assert (folder / STATE_FILE).is_file()  # written anew, in place of the FIFO
    assert sorted(p.name for p in folder.iterdir() if p.name != STATE_FILE) == sent
    assert ("2026-11-24", "19:00", "climbing") in shown(store)


def test_a_file_renamed_in_the_folder_is_no_change_and_an_edit_here_goes_into_it(store: Store, tmp_path: Path) -> None:
    """vdirsyncer or a person may rename a file: the item it holds is the same, so an
    edit made here meanwhile is kept and written into the file under its new name."""
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    (folder / "a1@weekplan.ics").rename(folder / "renamed.ics")
    fresh = Store(store.root)
    (a1,) = [a for a in fresh.all_activities() if a.id == "a1"]
    fresh.put_activity(replace(a1, title="edited here"))
    lines = sync(store, folder)
    assert lines[0].startswith("0 changed in the folder")
    assert [a.title for a in Store(store.root).all_activities() if a.id == "a1"] == ["edited here"]
    assert sorted(p.name for p in folder.glob("*.ics")) == ["d1@weekplan.ics", "r1@weekplan.ics", "renamed.ics"]
    assert "SUMMARY:edited here" in (folder / "renamed.ics").read_text()


def test_a_file_renamed_with_a_new_file_under_its_old_name_keeps_an_edit_here(store: Store, tmp_path: Path) -> None:
    """The old name taken again by another event (another UID) is still a rename: the
    edit made here goes into the renamed file, and the new file comes in as new."""
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    old = folder / "a1@weekplan.ics"
    old.rename(folder / "renamed.ics")
    taken = (folder / "renamed.ics").read_text()
    old.write_text(taken.replace("UID:a1@weekplan", "UID:new@phone").replace("climbing", "phone new"))
    fresh = Store(store.root)
    (a1,) = [a for a in fresh.all_activities() if a.id == "a1"]
    fresh.put_activity(replace(a1, title="edited here"))

    lines = sync(store, folder)

    assert lines[0].startswith("1 changed in the folder (1 items in, 0 replaced or removed)")
    titles = sorted(a.title for a in Store(store.root).all_activities() if a.date == a1.date)
    assert titles == ["edited here", "phone new"]
    assert "SUMMARY:edited here" in (folder / "renamed.ics").read_text()
    assert "UID:new@phone" in old.read_text()
    assert sync(store, folder)[0] == "0 changed in the folder (0 items in, 0 replaced or removed); 0 written, 0 deleted"


def test_a_file_renamed_and_changed_in_the_folder_while_changed_here_keeps_weekplans_version(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    old = folder / "a1@weekplan.ics"
    (folder / "renamed.ics").write_text(old.read_text().replace("SUMMARY:climbing", "SUMMARY:phone title"))
    old.unlink()
    fresh = Store(store.root)
    (a1,) = [a for a in fresh.all_activities() if a.id == "a1"]
    fresh.put_activity(replace(a1, title="weekplan title"))
    lines = sync(store, folder)
    assert "a1@weekplan: changed on both sides; weekplan's version kept" in lines
    assert [a.title for a in Store(store.root).all_activities() if a.id == "a1"] == ["weekplan title"]
    assert sorted(p.name for p in folder.glob("*.ics")) == ["d1@weekplan.ics", "r1@weekplan.ics", "renamed.ics"]
    assert "SUMMARY:weekplan title" in (folder / "renamed.ics").read_text()


def test_a_file_renamed_in_the_folder_and_changed_there_only_changes_the_item(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    old = folder / "a1@weekplan.ics"
    (folder / "renamed.ics").write_text(old.read_text().replace("SUMMARY:climbing", "SUMMARY:phone title"))
    old.unlink()
    lines = sync(store, folder)
    assert lines[0].startswith("1 changed in the folder (1 items in, 1 replaced or removed)")
    assert [a.title for a in Store(store.root).all_activities() if a.id == "a1"] == ["phone title"]
    assert sorted(p.name for p in folder.glob("*.ics")) == ["d1@weekplan.ics", "r1@weekplan.ics", "renamed.ics"]
    assert sync(store, folder)[0] == "0 changed in the folder (0 items in, 0 replaced or removed); 0 written, 0 deleted"


def test_deleted_in_the_folder_and_edited_here_keeps_the_edit_and_writes_it_again(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    (folder / "a1@weekplan.ics").unlink()
    fresh = Store(store.root)
    (a1,) = [a for a in fresh.all_activities() if a.id == "a1"]
    fresh.put_activity(replace(a1, title="edited here"))
    sync(store, folder)
    assert [a.title for a in Store(store.root).all_activities() if a.id == "a1"] == ["edited here"]
    assert "SUMMARY:edited here" in (folder / "a1@weekplan.ics").read_text()


def test_deleted_here_and_edited_in_the_folder_brings_the_edit_back(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    path = folder / "a1@weekplan.ics"
    path.write_text(path.read_text().replace("SUMMARY:climbing", "SUMMARY:phone title"))
    fresh = Store(store.root)
    (a1,) = [a for a in fresh.all_activities() if a.id == "a1"]
    fresh.remove_activity(a1)
    sync(store, folder)
    assert [a.title for a in Store(store.root).all_activities() if a.id == "a1"] == ["phone title"]
    assert "SUMMARY:phone title" in path.read_text()


MONTHLY = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//phone//EN\nBEGIN:VEVENT\nUID:monthly-1@phone\n"
    "DTSTAMP:20261120T000000Z\nDTSTART;TZID=Europe/Berlin:20261125T180000\n"
    "DTEND;TZID=Europe/Berlin:20261125T190000\nRRULE:FREQ=MONTHLY;COUNT=3\nSUMMARY:book club\n"
    "END:VEVENT\nEND:VCALENDAR\n"
)


def test_a_repeat_from_the_folder_that_comes_in_as_activities_is_never_sent_back_as_more_events(
    store: Store, tmp_path: Path
) -> None:
    """A monthly repeat is taken in as one activity a month; sent back, each would be a
    new event beside the repeat, and the phone would show every one twice."""
    folder = tmp_path / "vdir"
    sync(filled(store), folder)
    (folder / "monthly.ics").write_text(MONTHLY)
    sync(store, folder)
    titles = [a.title for a in Store(store.root).all_activities()]
    assert titles.count("book club") == 3
    assert sorted(p.name for p in folder.glob("*.ics")) == [
        "a1@weekplan.ics",
        "d1@weekplan.ics",
        "monthly.ics",
        "r1@weekplan.ics",
    ]
    assert sum(p.read_text().count("SUMMARY:book club") for p in folder.glob("*.ics")) == 1
    assert sync(store, folder)[0].endswith("0 written, 0 deleted")
    (folder / "monthly.ics").unlink()
    sync(store, folder)
    assert "book club" not in [a.title for a in Store(store.root).all_activities()]
