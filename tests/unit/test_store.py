"""The store: git-friendly files (deterministic, one item's edit touches one item's
lines), reading only what is needed, and never writing over what it could not read."""

from __future__ import annotations

import random
import stat
from datetime import date
from pathlib import Path

import pytest

from weekplan import store as store_module
from weekplan.model import Activity, Config, Goal, Idea, SpecialDate
from weekplan.store import ReadOnlyError, Store
from weekplan.weeks import IsoWeek


def activity(item_id: str, day: date, start: str = "19:00", end: str = "20:00", **fields: object) -> Activity:
    hours, minutes = map(int, start.split(":"))
    end_hours, end_minutes = map(int, end.split(":"))
    return Activity(
        item_id,
        day,
        hours * 60 + minutes,
        end_hours * 60 + end_minutes,
        str(fields.get("title", f"title {item_id}")),
        str(fields.get("category", "hobby")),
        bool(fields.get("done", False)),
    )


WEEK48 = [
    activity("a1", date(2026, 11, 23), "07:00", "08:00", title="gym", category="fitness"),
    activity("b2", date(2026, 11, 24), "18:00", "19:30", title="pottery"),
    activity("c3", date(2026, 11, 27), "19:00", "21:00", title="climbing", category="friends"),
    activity("d4", date(2026, 11, 29), "10:00", "11:00", title="read", category="rest"),
]


def item_block(text: str, table: str, item_id: str) -> range:
    """The line numbers (0-based) of `[table.item_id]` up to the next table header."""
    lines = text.splitlines()
    start = lines.index(f"[{table}.{item_id}]")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
    return range(start, end)


def outside_block(text: str, table: str, item_id: str) -> tuple[list[str], list[str]]:
    """The lines before and after one item's block (blank lines at the end of the file
    do not count: the last item has no blank line after it)."""
    lines = text.splitlines()
    block = item_block(text, table, item_id)
    before, after = lines[: block.start], lines[block.stop :]
    while before and not after and before[-1] == "":
        before.pop()
    return before, after


# -- layout and first run ---------------------------------------------------------


def test_first_run_creates_a_private_directory_with_a_default_config(tmp_path: Path) -> None:
    root = tmp_path / "new" / "weekplan"
    store = Store.open(root)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert store.config_path.is_file()
    assert store.config == Config()
    assert store.config_errors == []
    assert Store.open(root).config_path.read_bytes() == store.config_path.read_bytes()


def test_opening_again_keeps_the_config(store: Store) -> None:
    store.config_path.write_text('first_weekday = "sunday"\n')
    reopened = Store.open(store.root)
    assert reopened.config.first_weekday == 6
    assert store.config_path.read_text() == 'first_weekday = "sunday"\n'


def test_each_week_has_its_own_file(store: Store) -> None:
    store.put_activity(WEEK48[0])
    store.put_activity(activity("e5", date(2027, 1, 1)))
    names = sorted(p.name for p in store.weeks_dir.iterdir())
    assert names == ["2026-W48.toml", "2026-W53.toml"]


def test_writes_leave_no_temporary_files(store: Store) -> None:
    for item in WEEK48:
        store.put_activity(item)
    store.put_idea(Idea("i1", "night market"))
    leftovers = [p.name for p in store.root.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []


# -- determinism and small diffs ------------------------------------------------------


def fill(store: Store, order: list[int]) -> None:
    for index in order:
        store.put_activity(WEEK48[index])
    ideas = [Idea("i2", "pottery class", "activity", ("indoor", "cheap")), Idea("i1", "lake walk", "place")]
    for idea in ideas if order[0] % 2 else reversed(ideas):
        store.put_idea(idea)
    store.put_date(SpecialDate("s1", date(2026, 11, 28), "dinner", start=19 * 60, place="Luigi's"))
    store.put_goal(Goal("fitness", count=3))
    store.put_goal(Goal("hobby", hours=4.0))


def test_same_data_same_bytes_whatever_the_order(tmp_path: Path) -> None:
    orders = [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]]
    contents = []
    for number, order in enumerate(orders):
        store = Store.open(tmp_path / f"d{number}")
        fill(store, order)
        contents.append({p.relative_to(store.root): p.read_bytes() for p in store.root.rglob("*.toml")})
    assert contents[0] == contents[1] == contents[2]
    week_text = contents[0][Path("weeks/2026-W48.toml")].decode()
    headers = [line for line in week_text.splitlines() if line.startswith("[activities.")]
    assert headers == sorted(headers)


def test_saving_what_was_read_changes_no_byte(store: Store) -> None:
    fill(store, [0, 1, 2, 3])
    before = {p: p.read_bytes() for p in store.root.rglob("*.toml")}
    fresh = Store(store.root)
    fresh.set_week_note(IsoWeek(2026, 48), "")  # a write of the week, with nothing changed
    fresh.put_idea(fresh.ideas().items["i1"])
    fresh.put_goal(fresh.goals().items["fitness"])
    after = {p: p.read_bytes() for p in store.root.rglob("*.toml")}
    assert after == before


def test_an_edit_touches_only_its_own_lines(store: Store) -> None:
    for item in WEEK48:
        store.put_activity(item)
    path = store.week_path(IsoWeek(2026, 48))
    before = path.read_text()
    edited = WEEK48[1].moved(title="pottery, wheel", end=20 * 60, done=True)
    Store(store.root).put_activity(edited, replacing=WEEK48[1])
    after = path.read_text()

    assert after != before
    assert outside_block(after, "activities", "b2") == outside_block(before, "activities", "b2")
    old_block = [before.splitlines()[i] for i in item_block(before, "activities", "b2")]
    new_block = [after.splitlines()[i] for i in item_block(after, "activities", "b2")]
    changed = {line for line in new_block if line not in old_block}
    assert changed == {'end = "20:00"', 'title = "pottery, wheel"', "done = true"}


def test_adding_and_removing_only_insert_and_delete_lines(store: Store) -> None:
    for item in WEEK48[:3]:
        store.put_activity(item)
    path = store.week_path(IsoWeek(2026, 48))
    before = path.read_text()
    store.put_activity(WEEK48[3])
    after_add = path.read_text()
    kept_before, kept_after = outside_block(after_add, "activities", "d4")
    assert kept_before + kept_after == before.splitlines()

    store.remove_activity(WEEK48[1])
    after_remove = path.read_text()
    kept_before, kept_after = outside_block(after_add, "activities", "b2")
    assert kept_before + kept_after == after_remove.splitlines()
    assert "b2" not in Store(store.root).week(IsoWeek(2026, 48)).items


def test_moving_to_another_week_moves_files(store: Store) -> None:
    store.put_activity(WEEK48[2])
    moved = WEEK48[2].moved(date=date(2026, 12, 4))
    store.put_activity(moved, replacing=WEEK48[2])
    fresh = Store(store.root)
    assert "c3" not in fresh.week(IsoWeek(2026, 48)).items
    assert fresh.week(IsoWeek(2026, 49)).items["c3"] == moved


# -- reading only what is needed -------------------------------------------------------


def test_activities_between_a_year_boundary_reads_only_those_weeks(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = [date(2026, 12, 20), date(2026, 12, 27), date(2026, 12, 28), date(2026, 12, 31)]
    days += [date(2027, 1, 1), date(2027, 1, 3), date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 6)]
    days += [date(2027, 1, 11)]
    items = [activity(f"x{i}", day, f"{10 + i % 3}:00", f"{11 + i % 3}:00") for i, day in enumerate(days)]
    for item in random.Random(4).sample(items, len(items)):
        store.put_activity(item)

    read: list[str] = []
    real_read = store_module.read_collection

    def recording_read(path: Path, kind: object) -> object:
        read.append(path.name)
        return real_read(path, kind)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "read_collection", recording_read)
    fresh = Store(store.root)
    found = fresh.activities_between(date(2026, 12, 30), date(2027, 1, 5))

    assert sorted(read) == ["2026-W53.toml", "2027-W01.toml"]
    wanted = [date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 3), date(2027, 1, 4), date(2027, 1, 5)]
    assert [a.date for a in found] == wanted
    assert found == sorted(found, key=lambda a: (a.date, a.start))


def test_a_week_is_read_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.put_activity(WEEK48[0])
    calls: list[Path] = []
    real_read = store_module.read_collection
    monkeypatch.setattr(store_module, "read_collection", lambda p, k: calls.append(p) or real_read(p, k))
    fresh = Store(store.root)
    fresh.week(IsoWeek(2026, 48))
    fresh.activities_between(date(2026, 11, 23), date(2026, 11, 29))
    assert len(calls) == 1


def test_dates_between(store: Store) -> None:
    store.put_date(SpecialDate("s2", date(2026, 11, 28), "picnic"))
    store.put_date(SpecialDate("s1", date(2026, 11, 28), "dinner", start=19 * 60))
    store.put_date(SpecialDate("s3", date(2026, 12, 5), "concert", start=20 * 60))
    found = Store(store.root).dates_between(date(2026, 11, 23), date(2026, 11, 29))
    assert [d.id for d in found] == ["s2", "s1"]  # all-day first, then by start


# -- other programs and broken files ------------------------------------------------------


def test_a_change_made_elsewhere_is_kept(store: Store) -> None:
    store.put_activity(WEEK48[0])
    store.week(IsoWeek(2026, 48))
    other = Store(store.root)
    other.put_activity(WEEK48[1])
    store.put_activity(WEEK48[2])
    assert set(Store(store.root).week(IsoWeek(2026, 48)).items) == {"a1", "b2", "c3"}
    assert store.week_path(IsoWeek(2026, 48)) not in store.changed_files()


def test_changed_files_and_forget(store: Store) -> None:
    store.put_activity(WEEK48[0])
    store.week(IsoWeek(2026, 48))
    Store(store.root).put_activity(WEEK48[1])
    path = store.week_path(IsoWeek(2026, 48))
    assert store.changed_files() == [path]
    store.forget([path])
    assert set(store.week(IsoWeek(2026, 48)).items) == {"a1", "b2"}


def test_changed_files_while_another_thread_reads_a_file(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.put_activity(WEEK48[0])
    store.week(IsoWeek(2026, 48))
    checked = store_module.signature
    weeks = [IsoWeek(2026, 50)]

    def reading_meanwhile(path: Path) -> object:
        if weeks:
            store.week(weeks.pop())  # what a worker thread does between two checks
        return checked(path)

    monkeypatch.setattr(store_module, "signature", reading_meanwhile)
    assert store.changed_files() == []


def test_a_broken_week_is_read_only_and_the_others_are_not(store: Store) -> None:
    store.put_activity(WEEK48[0])
    path = store.week_path(IsoWeek(2026, 48))
    broken = path.read_bytes().replace(b'title = "gym"', b"title = gym")
    path.write_bytes(broken)
    fresh = Store(store.root)
    assert fresh.week(IsoWeek(2026, 48)).readonly
    with pytest.raises(ReadOnlyError):
        fresh.put_activity(WEEK48[1])
    with pytest.raises(ReadOnlyError):
        fresh.set_week_note(IsoWeek(2026, 48), "a good week")
    assert path.read_bytes() == broken
    fresh.put_activity(activity("n1", date(2026, 12, 1)))
    assert "n1" in Store(store.root).week(IsoWeek(2026, 49)).items


def test_moving_into_a_broken_week_keeps_the_original(store: Store) -> None:
    store.put_activity(WEEK48[2])
    target = store.week_path(IsoWeek(2026, 49))
    target.write_bytes(b"<<<<<<< HEAD\n")
    fresh = Store(store.root)
    with pytest.raises(ReadOnlyError):
        fresh.put_activity(WEEK48[2].moved(date=date(2026, 12, 1)), replacing=WEEK48[2])
    assert "c3" in Store(store.root).week(IsoWeek(2026, 48)).items
    assert target.read_bytes() == b"<<<<<<< HEAD\n"


def test_a_broken_config_is_never_saved_over(store: Store) -> None:
    store.config_path.write_bytes(b"slot_minutes = 7\n")
    fresh = Store(store.root)
    assert fresh.config.slot_minutes == 30  # the default stands in
    assert [(e.line, e.col) for e in fresh.config_errors] == [(1, 16)]
    with pytest.raises(ReadOnlyError):
        fresh.save_config(Config())
    assert store.config_path.read_bytes() == b"slot_minutes = 7\n"


def test_unknown_fields_and_tables_survive_an_edit(store: Store) -> None:
    path = store.week_path(IsoWeek(2026, 48))
    path.parent.mkdir()
    path.write_text(
        '[review]\nnote = "busy"\nmood = "fine"\n\n'
        '[activities.a1]\ndate = 2026-11-23\nstart = "07:00"\nend = "08:00"\n'
        'title = "gym"\ncategory = "fitness"\ndone = false\nplace = "north hall"\n'
    )
    fresh = Store(store.root)
    assert fresh.week(IsoWeek(2026, 48)).items["a1"].extra == {"place": "north hall"}
    fresh.put_activity(WEEK48[1])
    fresh.set_week_note(IsoWeek(2026, 48), "calmer")
    text = path.read_text()
    assert 'place = "north hall"' in text
    assert 'mood = "fine"' in text
    assert Store(store.root).week_note(IsoWeek(2026, 48)) == "calmer"


def test_week_note_round_trip(store: Store) -> None:
    week = IsoWeek(2026, 48)
    store.set_week_note(week, "Slept well, saw friends twice.\nMore rest next week.")
    assert Store(store.root).week_note(week) == "Slept well, saw friends twice.\nMore rest next week."
    store.set_week_note(week, "")
    assert "review" not in store.week_path(week).read_text()


def test_check_reports_every_file_in_order(store: Store) -> None:
    store.put_activity(WEEK48[0])
    (store.weeks_dir / "notes.toml").write_text("")
    store.ideas_path.write_text("[ideas.i1]\nkind = 'boat'\ntitle = 'x'\n")
    errors = store.check()
    assert [(e.path.name, e.line, e.col) for e in errors] == [("ideas.toml", 2, 8), ("notes.toml", 1, 1)]


# -- big files are parsed once ---------------------------------------------------------


def many_ideas(store: Store, count: int = 400) -> None:
    """A big ideas.toml, written as the store writes it (in one go, to keep the test quick)."""
    ideas = [Idea(f"idea{n:04d}", f"somewhere new, number {n}", "place", ("outdoor",)) for n in range(count)]
    collection = store_module.Collection(store.ideas_path, {idea.id: idea for idea in ideas})
    store.ideas_path.write_bytes(store_module.render_collection(collection, store_module.IDEAS))


def counting_parser(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import tomllib

    calls: list[int] = []
    real_loads = tomllib.loads

    def loads(text: str) -> dict[str, object]:
        calls.append(len(text))
        return real_loads(text)

    monkeypatch.setattr(tomllib, "loads", loads)
    return calls


def test_a_big_file_is_parsed_once_and_only_while_unchanged(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    many_ideas(store)
    calls = counting_parser(monkeypatch)

    first = Store(store.root).ideas().items
    assert len(calls) == 1
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    again = Store(store.root).ideas().items
    assert len(calls) == 1  # from the cache
    assert again == first and len(again) == 400

    # One changed byte (same size, even) and the file is parsed afresh.
    data = store.ideas_path.read_bytes()
    store.ideas_path.write_bytes(data.replace(b"number 399", b"number 398", 1))
    changed = Store(store.root).ideas().items
    assert len(calls) == 2
    assert changed["idea0399"].title == "somewhere new, number 398"


def ideas_of_size(size: int, letter: bytes = b"x") -> bytes:
    """An ideas.toml of exactly `size` bytes: one idea with a long title."""
    head, tail = b'[ideas.a]\ntitle = "', b'"\n'
    return head + letter * (size - len(head) - len(tail)) + tail


def test_a_small_file_is_served_from_the_cache_only_while_its_bytes_match(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    store.ideas_path.write_bytes(ideas_of_size(120))
    calls = counting_parser(monkeypatch)
    first = Store(store.root).ideas().items
    assert len(calls) == 1 and len(list(cache.iterdir())) == 1
    assert Store(store.root).ideas().items == first
    assert len(calls) == 1  # from the cache

    # Same size, other bytes: parsed again, and what it says now is what is read.
    store.ideas_path.write_bytes(ideas_of_size(120, b"y"))
    changed = Store(store.root).ideas().items
    assert len(calls) == 2
    assert set(changed["a"].title) == {"y"}
    assert Store(store.root).ideas().items == changed
    assert len(calls) == 2  # the new bytes are the ones kept now


def test_settings_come_from_the_cache_too_and_a_spoilt_file_never_does(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    store.config_path.write_text('first_weekday = "sunday"\nslot_minutes = 15\n', "utf-8")
    calls = counting_parser(monkeypatch)
    first = Store(store.root).config
    assert first.slot_minutes == 15 and len(calls) == 1
    assert Store(store.root).config == first
    assert len(calls) == 1  # from the cache
    store.config_path.write_text('first_weekday = "sunday"\nslot_minutes = 15\nday_start = \n', "utf-8")
    broken = Store(store.root)
    assert broken.config_errors and broken.config_errors[0].line == 3
    assert len(calls) == 2
    again = Store(store.root)
    assert again.config_errors == broken.config_errors  # a file that does not parse is never kept
    assert len(calls) == 3


def test_a_cache_entry_keeps_each_text_once(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    cache = tmp_path / "cache"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    many_ideas(store)
    read = Store(store.root).ideas().items
    (entry,) = cache.iterdir()
    doc = pickle.loads(entry.read_bytes())[3]
    first, second = doc["ideas"]["idea0001"], doc["ideas"]["idea0002"]
    assert first["kind"] == "place" and first["kind"] is second["kind"]
    assert next(iter(first)) is next(iter(second))  # the key "title"
    assert Store(store.root).ideas().items == read


def test_a_spoilt_cache_is_ignored(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    many_ideas(store)
    Store(store.root).ideas()
    (entry,) = cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:100])
    assert len(Store(store.root).ideas().items) == 400


def test_a_bad_big_file_is_never_cached(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(cache))
    many_ideas(store)
    spoilt = store.ideas_path.read_bytes() + b"\n<<<<<<< HEAD\n"
    store.ideas_path.write_bytes(spoilt)
    for _ in range(2):
        errors = Store(store.root).ideas().errors
        assert [e.message.split(":")[0] for e in errors] == ["git conflict marker '<<<<<<<'"]
    assert not cache.exists() or list(cache.iterdir()) == []
    assert store.ideas_path.read_bytes() == spoilt


def test_an_empty_cache_setting_keeps_nothing(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", "")
    many_ideas(store)
    calls = counting_parser(monkeypatch)
    Store(store.root).ideas()
    Store(store.root).ideas()
    assert len(calls) == 2
    assert not cache.exists()


@pytest.mark.parametrize("review", [b'review = "a good week"\n', b"[review]\nnote = 5\n", b"review = [1]\n"])
def test_a_review_that_is_not_one_is_named_and_never_written_over(store: Store, review: bytes) -> None:
    # Once text in place of the table made the next note a ValueError, and a note of
    # another type was silently written over.
    path = store.week_path(IsoWeek(2026, 48))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(review)
    fresh = Store(store.root)
    assert [e.line for e in fresh.week(IsoWeek(2026, 48)).errors] == [review.count(b"\n")]
    with pytest.raises(ReadOnlyError):
        fresh.set_week_note(IsoWeek(2026, 48), "slept more")
    assert path.read_bytes() == review
