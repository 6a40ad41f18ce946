"""Busy times shared with a partner (weekplan.partner_busy): the file this person's
machines write into the shared Together repository, and reading the partner's, which
is untrusted input."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import TODAY
from hostile_text import HOSTILE, unsafe_in
from weekplan.model import Activity, PartnerSettings
from weekplan.partner_busy import (
    BUSY_WEEKS,
    MAX_BUSY_BYTES,
    BusyTime,
    busy_dir,
    file_name,
    own_busy_path,
    partner_busy_times,
    read_partner_busy,
    write_own_busy,
)
from weekplan.record import replace
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import parse_time

WED = TODAY + timedelta(days=2)


def partnered(store: Store, *, me: str = "Alex", share_busy: bool = True) -> Store:
    store.save_config(replace(store.config, partner=PartnerSettings(me, "/srv/together.git", share_busy)))
    return Store.open(store.root)


def activity(item_id: str, day: date, start: str, end: str, title: str = "secret", **changes: object) -> Activity:
    made = Activity(item_id, day, parse_time(start), parse_time(end), title, "hobby", notes="private note")
    return replace(made, **changes) if changes else made


def partner_file(store: Store, name: str, text: str | bytes) -> Path:
    folder = busy_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


SAM = """\
version = 1
name = "Sam"
first = 2026-11-23
last = 2027-01-17

[[busy]]
date = 2026-11-25
start = "19:00"
end = "21:00"

[[busy]]
date = 2026-11-27
start = "18:30"
end = "22:00"
title = "Choir"
"""


# -- writing this person's file -----------------------------------------------------------


def test_the_busy_file_holds_start_and_end_only(store: Store) -> None:
    store = partnered(store)
    store.put_activity(activity("a1", WED, "19:00", "21:00", "Therapy with Dr Who"))
    assert write_own_busy(store, TODAY) is True
    path = own_busy_path(store)
    assert path == store.root / "together" / "busy" / "Alex.toml"
    text = path.read_text()
    assert 'start = "19:00"' in text and 'end = "21:00"' in text and "date = 2026-11-25" in text
    for private in ("Therapy", "private note", "hobby", "a1"):
        assert private not in text
    assert partner_busy_times(store, TODAY, TODAY + timedelta(days=6)) == []  # one's own is not the partner's


def test_routine_occurrences_are_busy_and_the_window_is_eight_weeks(store: Store) -> None:
    store = partnered(store)
    gym = Routine("gym", "gym", "fitness", (0,), parse_time("07:00"), parse_time("08:00"), date(2026, 1, 5))
    store.put_routine(gym)
    write_own_busy(store, TODAY + timedelta(days=3))  # a Thursday: the window still starts on Monday
    text = own_busy_path(store).read_text()
    mondays = [TODAY + timedelta(weeks=n) for n in range(BUSY_WEEKS)]
    assert text.count("{ date =") == BUSY_WEEKS
    for monday in mondays:
        assert f"date = {monday.isoformat()}" in text
    assert f"first = {TODAY}" in text
    assert f"last = {TODAY + timedelta(weeks=BUSY_WEEKS, days=-1)}" in text


def test_same_data_same_bytes_and_nothing_written_when_nothing_changed(store: Store) -> None:
    store = partnered(store)
    store.put_activity(activity("a1", WED, "19:00", "21:00"))
    assert write_own_busy(store, TODAY) is True
    path = own_busy_path(store)
    before, written = path.read_bytes(), os.stat(path).st_mtime_ns
    assert write_own_busy(store, TODAY + timedelta(days=1)) is False  # another day of the same week
    assert os.stat(path).st_mtime_ns == written and path.read_bytes() == before
    store.put_activity(activity("a2", WED, "07:00", "08:00"))
    assert write_own_busy(store, TODAY) is True
    assert path.read_bytes() != before


def test_touching_and_overlapping_times_are_one_busy_time(store: Store) -> None:
    store = partnered(store)
    store.add_activities(
        [
            activity("a1", WED, "18:00", "19:00"),
            activity("a2", WED, "19:00", "20:00"),
            activity("a3", WED, "19:30", "21:30"),
            activity("a4", WED, "22:00", "23:00"),
            activity("a5", WED, "12:00", "13:00", skipped=True),
        ]
    )
    write_own_busy(store, TODAY)
    text = own_busy_path(store).read_text()
    assert text.count("{ date =") == 2
    assert 'start = "18:00", end = "21:30" }' in text and 'start = "22:00", end = "23:00" }' in text
    assert '"12:00"' not in text  # skipped: not busy


def test_the_file_is_removed_when_sharing_busy_times_is_turned_off(store: Store) -> None:
    store = partnered(store)
    store.put_activity(activity("a1", WED, "19:00", "21:00"))
    write_own_busy(store, TODAY)
    path = own_busy_path(store)
    assert path.exists()
    store = partnered(store, share_busy=False)
    assert write_own_busy(store, TODAY) is True
    assert not path.exists()
    assert write_own_busy(store, TODAY) is False


def test_nothing_is_written_without_a_partner_or_a_name(store: Store) -> None:
    store.put_activity(activity("a1", WED, "19:00", "21:00"))
    assert write_own_busy(store, TODAY) is False
    assert not busy_dir(store).exists()
    store.save_config(replace(store.config, partner=PartnerSettings("", "/srv/together.git")))
    assert write_own_busy(Store.open(store.root), TODAY) is False
    assert not busy_dir(store).exists()


def test_an_unreadable_week_keeps_the_busy_file_as_it_was(store: Store) -> None:
    store = partnered(store)
    store.put_activity(activity("a1", WED, "19:00", "21:00"))
    write_own_busy(store, TODAY)
    path = own_busy_path(store)
    before = path.read_bytes()
    week_file = next(store.weeks_dir.glob("*.toml"))
    week_file.write_text("this is [not toml")
    store = Store.open(store.root)
    assert write_own_busy(store, TODAY) is False
    assert path.read_bytes() == before  # not emptied because the week could not be read


@pytest.mark.parametrize(
    "name", ["../../escape", "/etc/passwd", "a/b", ".", "..", ".hidden", "Zoë", "x\x1b]0;t\x07", "", "a" * 500]
)
def test_a_name_is_never_a_path(name: str) -> None:
    encoded = file_name(name)
    assert "/" not in encoded and "\\" not in encoded and not encoded.startswith(".")
    assert encoded.endswith(".toml") and len(encoded.encode()) < 200
    assert not unsafe_in(encoded)
    assert encoded != file_name(name + "x")


def test_a_plain_name_is_the_file_name() -> None:
    assert file_name("Alex") == "Alex.toml"
    assert file_name("sam_lee-2") == "sam_lee-2.toml"


def test_a_name_with_a_slash_writes_inside_the_busy_folder(store: Store) -> None:
    store = partnered(store, me="../../config")
    store.put_activity(activity("a1", WED, "19:00", "21:00"))
    config_before = store.config_path.read_bytes()
    assert write_own_busy(store, TODAY) is True
    path = own_busy_path(store)
    assert path.parent == busy_dir(store) and path.exists()
    assert store.config_path.read_bytes() == config_before


# -- reading the partner's file ----------------------------------------------------------------


def test_the_partners_busy_times_are_read(store: Store) -> None:
    store = partnered(store)
    partner_file(store, "Sam.toml", SAM)
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert found.errors == []
    assert found.times == [
        BusyTime(WED, parse_time("19:00"), parse_time("21:00"), "", "Sam"),
        BusyTime(TODAY + timedelta(days=4), parse_time("18:30"), parse_time("22:00"), "Choir", "Sam"),
    ]
    assert found.known_until == {"Sam": date(2027, 1, 17)}
    assert partner_busy_times(store, WED, WED) == found.times[:1]  # only the days asked for


def test_a_written_file_reads_back_for_the_partner(store: Store, tmp_path: Path) -> None:
    store = partnered(store)
    store.put_activity(activity("a1", WED, "19:00", "21:00"))
    write_own_busy(store, TODAY)
    other = partnered(Store.open(tmp_path / "other"), me="Sam")
    partner_file(other, "Alex.toml", own_busy_path(store).read_bytes())
    assert partner_busy_times(other, TODAY, TODAY + timedelta(days=6)) == [
        BusyTime(WED, parse_time("19:00"), parse_time("21:00"), "", "Alex")
    ]


def test_broken_toml_is_an_error_with_its_place(store: Store) -> None:
    store = partnered(store)
    path = partner_file(store, "Sam.toml", 'name = "Sam"\n[[busy]\n')
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert found.times == []
    assert len(found.errors) == 1
    assert found.errors[0].path == path and found.errors[0].line == 2
    assert "not valid TOML" in found.errors[0].message


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('date = "soon"\nstart = "19:00"\nend = "20:00"', "'date'"),
        ('date = 2026-11-25\nstart = 19\nend = "20:00"', "'start'"),
        ('date = 2026-11-25\nstart = "25:00"\nend = "26:00"', "not a time of day"),
        ('date = 2026-11-25\nstart = "21:00"\nend = "20:00"', "not after it starts"),
        ('date = 2026-11-25\nstart = "19:00"\nend = "20:00"\ntitle = 5', "'title'"),
        ('date = 1066-10-14\nstart = "19:00"\nend = "20:00"', "'date'"),
    ],
)
def test_a_wrong_busy_time_is_skipped_and_named(store: Store, entry: str, words: str) -> None:
    store = partnered(store)
    good = '[[busy]]\ndate = 2026-11-26\nstart = "08:00"\nend = "09:00"\n'
    partner_file(store, "Sam.toml", f'name = "Sam"\n\n{good}\n[[busy]]\n{entry}\n')
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert [b.start for b in found.times] == [parse_time("08:00")]  # the good one is kept
    assert len(found.errors) == 1
    error = found.errors[0]
    assert words in error.message and "busy time 2" in error.message
    assert error.line == 8  # the second [[busy]]


@pytest.mark.parametrize(
    "text",
    ['busy = "always"', "busy = [1, 2]", 'name = 5\nlast = "never"', "[busy]\ndate = 2026-11-25", "version = 1"],
)
def test_wrong_types_never_raise(store: Store, text: str) -> None:
    store = partnered(store)
    partner_file(store, "Sam.toml", text)
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert found.times == []
    if text != "version = 1":
        assert found.errors and all(e.line >= 1 for e in found.errors)


def test_a_huge_file_is_refused_unread(store: Store) -> None:
    store = partnered(store)
    entry = '[[busy]]\ndate = 2026-11-25\nstart = "19:00"\nend = "20:00"\n'
    partner_file(store, "Sam.toml", entry * (MAX_BUSY_BYTES // len(entry) + 1))
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert found.times == []
    assert "KB" in found.errors[0].message


def test_hostile_titles_and_names_reach_no_terminal(store: Store) -> None:
    store = partnered(store)
    entries = "".join(
        f'[[busy]]\ndate = 2026-11-25\nstart = "19:00"\nend = "20:00"\ntitle = {_toml_string(text)}\n'
        for text in HOSTILE.values()
    )
    partner_file(store, "Sam.toml", f"name = {_toml_string(HOSTILE['osc52'])}\n{entries}")
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert len(found.times) == len(HOSTILE)
    for busy in found.times:
        assert not unsafe_in(busy.title) and not unsafe_in(busy.person)
        assert "\n" not in busy.title


def test_a_symbolic_link_or_a_fifo_is_not_read(store: Store, tmp_path: Path) -> None:
    store = partnered(store)
    secret = tmp_path / "secret.toml"
    secret.write_text(SAM)
    folder = busy_dir(store)
    folder.mkdir(parents=True)
    (folder / "Sam.toml").symlink_to(secret)
    os.mkfifo(folder / "Kim.toml")
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))  # must not hang on the FIFO
    assert found.times == []
    assert sorted(e.path.name for e in found.errors) == ["Kim.toml", "Sam.toml"]


def test_the_own_file_under_an_old_name_is_not_the_partner(store: Store) -> None:
    store = partnered(store)
    partner_file(store, "Alex-old.toml", SAM.replace('name = "Sam"', 'name = "Alex"'))
    assert partner_busy_times(store, TODAY, TODAY + timedelta(days=6)) == []


def test_no_busy_folder_is_no_busy_times(store: Store) -> None:
    store = partnered(store)
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert found.times == [] and found.errors == []


def _toml_string(text: str) -> str:
    import tomli_w

    return tomli_w.dumps({"x": text}).split("=", 1)[1].strip()


def test_a_wrong_busy_time_written_one_a_line_is_named_at_its_line(store: Store) -> None:
    store = partnered(store)
    partner_file(
        store,
        "Sam.toml",
        'name = "Sam"\nbusy = [\n    { date = 2026-11-25, start = "19:00", end = "20:00" },\n'
        '    { date = 2026-11-26, start = "19:00", end = "18:00" },\n]\n',
    )
    found = read_partner_busy(store, TODAY, TODAY + timedelta(days=6))
    assert [b.day for b in found.times] == [WED]
    assert [(e.line, "busy time 2" in e.message) for e in found.errors] == [(4, True)]
