"""The search index (weekplan.search_index) against a full scan of the files: after
every kind of write, after changes made by others, across restarts, with files and
kept indexes that are broken."""

from __future__ import annotations

import marshal
import os
import random
import sys
import threading
import time
import tracemalloc
from array import array
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from weekplan import search_index
from weekplan.data_places import WEEK_FILE_NAME_LENGTH, own_file_patterns, week_file_name
from weekplan.history import Change, History
from weekplan.indexed_names import FileNames
from weekplan.item_file import ACTIVITIES, read_collection
from weekplan.model import Activity, Category, SpecialDate, new_id
from weekplan.record import replace
from weekplan.search import ACTIVITY, DATE, Found, Match, contains_all, find, index_of, item_haystack, query_words
from weekplan.search_index import (
    FORMAT,
    Times,
    Whens,
    ids_counted,
    ids_from,
    ids_reader,
    kept_file,
    packed_ids,
    stamp_of,
)
from weekplan.store import Store
from weekplan.tomlfile import MAX_FILE_BYTES
from weekplan.weeks import IsoWeek

FIRST_MONDAY = date(2026, 1, 5)
TITLES = ["Climbing gym", "climbing outdoors", "Run", "Pottery", "Dinner with Sam", "Guitar", "Chess club"]
NOTES = ["", "", "with Sam", "bring shoes", "Pottery glaze day"]
QUERIES = ["climb", "sam", "pot", "run", "chess club", "fitness", "hobby", "harbour", "o", "zz"]


def full_scan(root: Path, query: str) -> list[Match]:
    """Every match, reading every file with a fresh store: what search did before the
    index, by the same rules."""
    fresh = Store(root)
    words = query_words(query)
    if not words:
        return []
    config = fresh.config
    found = [
        Match(ACTIVITY, a.id, a.date, a.start, a.title, a.end, a.category)
        for a in fresh.all_activities()
        if contains_all(words, item_haystack(a, config))
    ]
    found += [
        Match(DATE, d.id, d.date, d.start, d.title, d.end)
        for d in fresh.dates().items.values()
        if contains_all(words, item_haystack(d, config))
    ]
    return sorted(found, key=lambda m: m.sort_key)


def assert_agrees(store: Store, what: str) -> None:
    for query in QUERIES:
        found = find(store, query)
        expected = full_scan(store.root, query)
        assert found is not None
        assert found.matches == expected, f"{query!r} after {what}"
        assert found.count == len(expected), f"{query!r} after {what}"
        shown = find(store, query, limit=3, check_files=False)
        assert shown is not None and shown.matches == expected[:3] and shown.count == len(expected), what


def _day(rng: random.Random) -> date:
    return FIRST_MONDAY + timedelta(days=rng.randrange(0, 7 * 70))  # about a year and a half: two date files


def _id(rng: random.Random) -> str:
    """Mostly an id weekplan makes (kept packed in the index), sometimes one another
    program or a hand edit gave (kept as text, with every other id of its file)."""
    return rng.choice([new_id(), new_id(), new_id(), new_id().upper(), f"ev-{rng.randrange(10**6)}"])


def _activity(rng: random.Random) -> Activity:
    start = rng.randrange(7, 21) * 60
    category = rng.choice(["fitness", "hobby", "friends", "new"])
    return Activity(_id(rng), _day(rng), start, start + 60, rng.choice(TITLES), category, notes=rng.choice(NOTES))


def _special(rng: random.Random) -> SpecialDate:
    return SpecialDate(_id(rng), _day(rng), rng.choice(TITLES), place=rng.choice(["", "Harbour", "Park"]))


def _write_by_hand(store: Store, rng: random.Random) -> str:
    """What another program does: edit a week file in place, add or remove one."""
    files = sorted(store.weeks_dir.glob("*.toml"))
    choice = rng.randrange(3)
    if choice == 0 and files:
        path = rng.choice(files)
        text = path.read_text("utf-8")
        path.write_text(text.replace("Run", "Sprint").replace("Pottery", "Ceramics"), "utf-8")  # in place
        return f"an edit in place of {path.name}"
    if choice == 1 and files:
        path = rng.choice(files)
        path.unlink()
        return f"{path.name} removed"
    other = Store(store.root)  # another weekplan, e.g. `weekplan add` in a terminal
    other.put_activity(_activity(rng))
    return "an activity added by another process"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_agrees_with_a_full_scan_after_every_kind_of_write(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    history = History()
    for _ in range(8):
        history.do(store, Change("add", None, _activity(rng)))
    history.do(store, Change("add", None, _special(rng)))
    assert_agrees(store, "the first adds")
    for step in range(45):
        activities = list(store.all_activities())
        dates = list(store.dates().items.values())
        choice = rng.randrange(10)
        if choice == 0 or not activities:
            what = "add"
            history.do(store, Change(what, None, _activity(rng)))
        elif choice == 1:
            what = "edit"
            old = rng.choice(activities)
            new = replace(old, title=rng.choice(TITLES), notes=rng.choice(NOTES))
            history.do(store, Change(what, old, new))
        elif choice == 2:
            what = "move to another week"
            old = rng.choice(activities)
            history.do(store, Change(what, old, replace(old, date=_day(rng))))
        elif choice == 3:
            what = "delete"
            history.do(store, Change(what, rng.choice(activities), None))
        elif choice == 4:
            what = "undo"
            history.undo(store)
        elif choice == 5:
            what = "redo"
            history.redo(store)
        elif choice == 6:
            what = "a date added, moved to another year or deleted"
            if dates and rng.random() < 0.5:
                old = rng.choice(dates)
                new = replace(old, date=_day(rng), title=rng.choice(TITLES)) if rng.random() < 0.5 else None
                history.do(store, Change(what, old, new))
            else:
                history.do(store, Change(what, None, _special(rng)))
        elif choice == 7:
            what = _write_by_hand(store, rng)
            store.forget()  # what the planner's disk watcher does with a change it sees
        elif choice == 8:
            what = "a category renamed"
            config = store.config
            renamed = tuple(
                replace(c, name=rng.choice(["Hobby", "Crafts", "Pottery time"])) if c.id == "hobby" else c
                for c in config.categories
            )
            store.save_config(replace(config, categories=renamed))
        else:
            what = "a restart"
            index_of(store).save()
            store = Store.open(store.root)
            history = History()
        assert_agrees(store, f"step {step}: {what}")


def test_a_kept_index_is_used_after_a_restart_and_checked_against_the_files(store: Store) -> None:
    for week in range(6):
        store.put_activity(Activity(f"a{week}", FIRST_MONDAY + timedelta(weeks=week), 600, 660, "Run", "fitness"))
    assert find(store, "run").count == 6
    index_of(store).save()
    # While the planner is closed, another program changes one week's file.
    other = Store(store.root)
    other.put_activity(Activity("late", FIRST_MONDAY + timedelta(weeks=2, days=1), 700, 760, "Run late", "fitness"))

    found, read = find_after_a_restart(store.root, "run")
    assert found.count == 7
    assert [m.id for m in found.matches] == full_scan_ids(store.root, "run")
    assert read == [store.week_path(IsoWeek.of(FIRST_MONDAY).shift(2))]  # only the changed file is read


def test_a_kept_index_outlives_a_newer_save_by_another_planner(store: Store) -> None:
    rng = random.Random(7)
    for _ in range(30):
        store.put_activity(_activity(rng))  # ids packed and ids as text
    assert_agrees(store, "the adds")
    index_of(store).save()
    restarted = Store.open(store.root)
    assert_agrees(restarted, "a restart")

    # Another planner changes a week and keeps its index: the kept file is replaced.
    other = Store.open(store.root)
    other.put_activity(Activity("late", FIRST_MONDAY + timedelta(weeks=3), 700, 760, "Climbing late", "fitness"))
    assert find(other, "climb") is not None
    index_of(other).save()
    restarted.forget()
    assert_agrees(restarted, "a newer index kept by another planner")
    index_of(restarted).save()
    assert_agrees(Store.open(store.root), "a second restart")


def _garbage_at_the_end(path: Path) -> None:
    """Another program writes over the last bytes of the file in place, its length kept
    (a backup restored with rsync --inplace): the items' numbers and the ids."""
    rng = random.Random(3)
    data = bytearray(path.read_bytes())
    for at in range(len(data) // 2, len(data)):
        data[at] = rng.randrange(256)
    with path.open("r+b") as kept:
        kept.write(data)


def _ids_changed_in_place(path: Path) -> None:
    """One bit of every byte of the ids (the end of the file) flipped in place: still
    ids of the right shape, but not the files' ones."""
    data = bytearray(path.read_bytes())
    for at in range(len(data) - 200, len(data)):
        if data[at]:
            data[at] ^= 0x01
    with path.open("r+b") as kept:
        kept.write(data)


def _zeros_written_over(path: Path) -> None:
    """cp of another file over it: cut to nothing, then written again."""
    size = path.stat().st_size
    with path.open("wb") as kept:
        kept.write(bytes(size))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda path: os.truncate(path, 100), id="cut short in place"),
        pytest.param(_garbage_at_the_end, id="garbage of the same length"),
        pytest.param(_ids_changed_in_place, id="ids changed in place"),
        pytest.param(_zeros_written_over, id="zeros written over it"),
        pytest.param(lambda path: path.unlink(), id="removed"),
    ],
)
def test_a_kept_index_changed_after_it_was_taken_up_changes_nothing(
    store: Store, change: Callable[[Path], None]
) -> None:
    # A cache only ever makes a search slower, never wrong: once taken up, what another
    # program does to the kept file cannot reach the index (it was once read in place).
    rng = random.Random(5)
    for _ in range(60):
        store.put_activity(_activity(rng))  # ids packed and ids as text
    store.put_activity(Activity("ev-1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    assert find(store, "run") is not None
    index_of(store).save()
    restarted = Store.open(store.root)
    expected = {query: full_scan(store.root, query) for query in QUERIES}
    first = find(restarted, "run")
    assert first is not None and first.matches == expected["run"]
    path = index_of(restarted).cache_path()
    assert path is not None
    change(path)
    ids = {activity.id for activity in restarted.all_activities()}
    for query in QUERIES:
        for check_files in (False, True):
            found = find(restarted, query, check_files=check_files)
            assert found is not None and found.matches == expected[query], (query, check_files)
            assert all(match.id in ids for match in found.matches if match.kind == ACTIVITY)


def find_after_a_restart(root: Path, query: str) -> tuple[Found, list[Path]]:
    """What a search finds in a planner started afresh, and the files it read."""
    read: list[Path] = []

    def counting(path: Path, kind: object) -> object:
        read.append(path)
        return read_collection(path, kind)  # type: ignore[arg-type]

    with patch("weekplan.search_index.read_collection", side_effect=counting):
        found = find(Store.open(root), query)
    assert found is not None
    return found, read


def plant_kept_index(store: Store, kept: bytes) -> None:
    path = index_of(store).cache_path()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(kept)


def full_scan_ids(root: Path, query: str) -> list[str]:
    return [m.id for m in full_scan(root, query)]


def kept_index(store: Store, damage: str) -> bytes:
    """A kept index of the one week file holding "a1", as save() writes it, with one
    thing wrong in it (or nothing: "none")."""
    name = "weeks/2026-W03.toml"
    day = (FIRST_MONDAY + timedelta(weeks=1)).toordinal()
    stamp = stamp_of(store.root / name)
    texts = (["run\n\nfitness\nfitness"], ["Run"], ["fitness"])
    names, stamps, starts, id_starts = [name], [stamp], [0, 1], [0, 3]
    no_day = date.max.toordinal() + 1  # the first day of a file without items
    firsts, item_texts, whens = [day], array("B", [0]), [0]
    when_values, ids = [Whens.of(0, Times.packed(600, 660))], b"a1\n"
    byte_order = sys.byteorder
    fmt, root = FORMAT, str(store.root.absolute())
    if damage == "format":
        fmt = FORMAT - 1
    elif damage == "root":
        root = "/elsewhere"
    elif damage == "a text number past the texts":
        item_texts = array("B", [7])
    elif damage == "a text number below zero":
        item_texts = array("i", [-1])
    elif damage == "a day that is no day":
        firsts = [0]
    elif damage == "a day past the last day":
        firsts, when_values = [no_day - 1], [Whens.of(1, Times.packed(600, 660))]
    elif damage == "a day and times past their table":
        whens = [1]
    elif damage == "a day and times twice in their table":
        when_values = when_values * 2
    elif damage == "day-and-times for fewer items":
        whens = []
    elif damage == "day-and-times for more items":
        whens = [0, 0]
    elif damage == "a file's days not from its first":
        when_values = [Whens.of(1, Times.packed(600, 660))]
    elif damage == "a file's days going back":  # a second item, a day before the first
        starts, id_starts, ids = [0, 2], [0, 6], b"a1\na2\n"
        item_texts, whens = array("B", [0, 0]), [1, 0]
        when_values += [Whens.of(1, Times.packed(600, 660))]
    elif damage == "first days for more files":
        firsts = [day, day]
    elif damage == "a column of another typecode":
        item_texts = array("d", [0.0])
    elif damage == "another byte order":
        byte_order = "big" if sys.byteorder == "little" else "little"
    elif damage == "ids that are not the items'":
        ids, id_starts = b"b\na1\n", [0, 5]
    elif damage == "more items than there are":
        starts = [0, 2]
    elif damage == "ids past their end":
        id_starts = [0, 9]
    elif damage == "packed ids cut short":
        ids = b"\x00" + bytes(5)
        id_starts = [0, 6]
    elif damage == "packed ids for two items":
        ids = b"\x00" + bytes(12)
        id_starts = [0, 13]
    elif damage == "ids that are no text":
        ids = b"a\xff\n"
    elif damage == "an id without its line break":
        ids = b"a1x"
    elif damage == "no signature":
        stamps = []
    elif damage == "a file named twice":
        names, stamps, starts, id_starts = [name, name], [stamp, stamp], [0, 1, 1], [0, 3, 3]
        firsts = [day, no_day]
    elif damage == "a dates file named twice":
        twice = "dates/2026.toml"
        names, stamps = [name, twice, twice], [stamp, stamp, stamp]
        starts, id_starts, firsts = [0, 1, 1, 1], [0, 3, 3, 3], [day, no_day, no_day]
    elif damage == "a text that is not one":
        texts = (["run"], ["Run"], [7])  # type: ignore[list-item]
    elif damage == "texts as a tuple a text":  # as the format before kept them
        texts = [("run\n\nfitness\nfitness", "Run", "fitness")]  # type: ignore[assignment]
    elif damage == "fewer titles than texts":
        texts = (["run\n\nfitness\nfitness", "walk"], ["Run"], ["fitness", "fitness"])
    elif damage == "a text twice":
        texts = (["run\n\nfitness\nfitness"] * 2, ["Run"] * 2, ["fitness"] * 2)
    elif damage == "times that are none":
        when_values = [-1]
    elif damage == "week files out of their order":  # sources() lists them in order
        names, stamps = ["weeks/2026-W04.toml", name], [stamp, stamp]
        starts, id_starts, firsts = [0, 0, 1], [0, 0, 3], [no_day, day]
    elif damage == "a name no week file has":
        # A file the planner never reads, nor a search, named as long as a week file.
        notes = store.weeks_dir / "draft-W3.toml"
        notes.write_text('[activities.n1]\ndate = 2026-01-12\ntitle = "Run"\n', "utf-8")
        names, stamps = [name, "weeks/draft-W3.toml"], [stamp, stamp_of(notes)]
        starts, id_starts, ids = [0, 1, 2], [0, 3, 6], b"a1\nn1\n"
        firsts, item_texts, whens = [day, day], array("B", [0, 0]), [0, 0]
    categories: object = tuple((category.id, category.name) for category in store.config.categories)
    if damage == "categories that are not pairs":
        categories = (None,)
    elif damage == "other categories":
        categories = (("fitness", "Sport"),)
    arrays = [array("q", stamps), array("i", starts), array("i", id_starts), array("i", firsts), item_texts]
    arrays += [array("B", whens), array("q", when_values)]
    layout = [(column.typecode, column.itemsize, len(column)) for column in arrays]
    if damage == "another item size":  # a machine whose "i" is eight bytes
        arrays[1], layout[1] = array("q", starts), ("i", 8, len(starts))
    weeks = [name.removeprefix("weeks/") for name in names if name.startswith("weeks/")]
    kept_names: object = ("".join(weeks), [name for name in names if not name.startswith("weeks/")])
    if damage == "names as a list":  # as the format before kept them
        kept_names = names
    elif damage == "a week file among the others":
        kept_names = ("", names)
    elif damage == "week file names of another length":
        kept_names = ("2026-W3.toml", [])
    elif damage == "many more names than files":  # columns for one file
        kept_names = ("".join(f"{year}-W{week:02}.toml" for year in range(1900, 3000) for week in range(1, 53)), [])
    head = marshal.dumps((fmt, root, categories, texts, kept_names, (byte_order, tuple(layout), len(ids))))
    return kept_file(head, [*map(bytes, arrays), ids])


DAMAGES = [
    "format",
    "root",
    "a text number past the texts",
    "a text number below zero",
    "a day that is no day",
    "ids that are not the items'",
    "more items than there are",
    "ids past their end",
    "packed ids cut short",
    "packed ids for two items",
    "ids that are no text",
    "an id without its line break",
    "no signature",
    "a file named twice",
    "a dates file named twice",
    "week files out of their order",
    "a text that is not one",
    "texts as a tuple a text",
    "fewer titles than texts",
    "a text twice",
    "times that are none",
    "a day past the last day",
    "a day and times past their table",
    "a day and times twice in their table",
    "day-and-times for fewer items",
    "day-and-times for more items",
    "a file's days not from its first",
    "a file's days going back",
    "first days for more files",
    "a column of another typecode",
    "another byte order",
    "another item size",
    "a name no week file has",
    "names as a list",
    "a week file among the others",
    "week file names of another length",
    "many more names than files",
    "categories that are not pairs",
    "other categories",
]


@pytest.mark.parametrize(
    "kept",
    [
        b"",
        b"not marshal at all \x00\xff",
        marshal.dumps("a string"),
        marshal.dumps((FORMAT, "x", 1, 2)),
        b"[\xff\xff\xff\x7f",  # a list of 2**31 - 1 things: too big to make
    ],
)
def test_a_kept_index_that_is_not_one_is_left_aside(store: Store, kept: bytes) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    plant_kept_index(store, kept)

    restarted = Store.open(store.root)
    found = find(restarted, "run")

    assert found is not None and [m.id for m in found.matches] == ["a1"] and found.count == 1
    index_of(restarted).save()  # and a good one takes its place
    assert find(Store.open(store.root), "run").matches == found.matches


@pytest.mark.parametrize("damage", ["none", *DAMAGES])
def test_a_kept_index_that_is_damaged_or_not_this_ones_is_left_aside(store: Store, damage: str) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    plant_kept_index(store, kept_index(store, damage))

    found, read = find_after_a_restart(store.root, "run")

    assert [m.id for m in found.matches] == ["a1"] and found.count == 1
    # Intact, the kept index is trusted and the file is not read; damaged, it is left
    # aside and the file is read.
    assert read == ([] if damage == "none" else [store.root / "weeks/2026-W03.toml"])


@pytest.mark.parametrize("place", ["a link to a good one", "a FIFO", "another user's"])
def test_a_kept_index_that_is_not_a_file_of_this_users_is_left_aside(
    store: Store, place: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    path = index_of(store).cache_path()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    if place == "a link to a good one":
        good = path.with_name("elsewhere.index")
        good.write_bytes(kept_index(store, "none"))
        path.symlink_to(good)
    elif place == "a FIFO":  # opened as a file, it would keep the search waiting for a writer
        os.mkfifo(path)
    else:
        plant_kept_index(store, kept_index(store, "none"))
        monkeypatch.setattr(os, "getuid", lambda: os.stat(path).st_uid + 1)

    found, read = find_after_a_restart(store.root, "run")

    assert [m.id for m in found.matches] == ["a1"] and found.count == 1
    assert read == [store.root / "weeks/2026-W03.toml"]


def test_the_kept_index_is_outside_the_data_directory_and_sync_never_carries_it(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    before = sorted(p.relative_to(store.root) for p in store.root.rglob("*"))
    find(store, "run")
    index_of(store).save()

    path = index_of(store).cache_path()
    assert path is not None and path.is_file()
    assert not path.resolve().is_relative_to(store.root.resolve())
    assert sorted(p.relative_to(store.root) for p in store.root.rglob("*")) == before
    assert not any(path.match(pattern) for pattern in own_file_patterns())


def test_a_cache_folder_inside_the_data_directory_gets_no_index(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEEKPLAN_CACHE_DIR", str(store.root / "cache"))
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    find(store, "run")
    index_of(store).save()
    assert not list(store.root.rglob("search-*"))


def test_a_write_by_another_process_is_seen_between_letters(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    assert find(store, "run").count == 1
    Store(store.root).put_activity(Activity("a2", FIRST_MONDAY, 700, 760, "Run again", "fitness"))
    # Between letters only the folders are looked at: a file put in place changes its folder.
    found = find(store, "run", check_files=False)
    assert found is not None and [m.id for m in found.matches] == ["a1", "a2"]


def test_a_broken_or_huge_file_is_named_and_the_rest_is_still_found(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    broken = store.weeks_dir / "2026-W10.toml"
    broken.write_text('[activities.x]\ntitle = "Run\n', "utf-8")
    huge = store.weeks_dir / "2026-W11.toml"
    huge.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")

    found = find(store, "run")

    assert found is not None and [m.id for m in found.matches] == ["a1"]
    problems = {p.path.name: p for p in found.problems}
    assert set(problems) == {"2026-W10.toml", "2026-W11.toml"}
    assert (problems["2026-W10.toml"].line, problems["2026-W10.toml"].col) == (2, 13)
    assert "2026-W10.toml:2:13:" in str(problems["2026-W10.toml"])
    index_of(store).save()
    # A file that could not be read is not kept: the next run reads it again and says so.
    assert {p.path.name for p in find(Store.open(store.root), "run").problems} == set(problems)


def test_the_files_problems_are_named_in_the_order_the_files_are_listed(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    store.put_date(SpecialDate("d1", date(2026, 3, 1), "Run day"))
    broken = '[activities.x]\ntitle = "Run\n'
    (store.weeks_dir / "2026-W11.toml").write_text(broken, "utf-8")
    assert [p.path.name for p in find(store, "run").problems] == ["2026-W11.toml"]
    # Broken later, yet listed before it, and a dates file after every week file.
    (store.weeks_dir / "2026-W10.toml").write_text(broken, "utf-8")
    (store.root / "dates" / "2026.toml").write_text(broken.replace("activities", "dates"), "utf-8")

    found = find(store, "run")

    assert [p.path.name for p in found.problems] == ["2026-W10.toml", "2026-W11.toml", "2026.toml"]


def test_a_renamed_category_is_found_by_its_new_name(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Wheel", "hobby"))
    assert find(store, "crafts").count == 0
    config = store.config
    hobby = config.category("hobby")
    assert isinstance(hobby, Category)
    store.save_config(replace(config, categories=(replace(hobby, name="Crafts"),)))
    assert [m.id for m in find(store, "crafts").matches] == ["a1"]


@pytest.fixture
def a_minute_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's clock a minute on: every folder written in the test has settled."""
    monkeypatch.setattr("weekplan.search_index.now", lambda: time.time() + 60)


@pytest.mark.usefixtures("a_minute_later")
def test_up_to_date_until_a_folder_or_the_categories_change(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    index = index_of(store)
    assert not index.up_to_date()  # nothing read yet
    find(store, "run")
    assert index.up_to_date()
    Store(store.root).put_activity(Activity("a2", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    assert not index.up_to_date()
    find(store, "run", check_files=False)
    assert index.up_to_date()
    config = store.config
    store.save_config(replace(config, categories=tuple(replace(c, name=c.name + "!") for c in config.categories)))
    assert not index.up_to_date()


@pytest.mark.usefixtures("a_minute_later")
def test_up_to_date_never_waits_for_a_refresh_in_another_thread(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    index = index_of(store)
    find(store, "run")
    assert index.up_to_date()
    holding, release = threading.Event(), threading.Event()

    def refresh_reading_files() -> None:
        with index.lock:
            holding.set()
            release.wait(10)

    other = threading.Thread(target=refresh_reading_files)
    other.start()
    try:
        assert holding.wait(10)
        asked = time.monotonic()
        # Not up to date as far as a letter typed knows: it goes to the search thread.
        assert not index.up_to_date()
        assert time.monotonic() - asked < 1
    finally:
        release.set()
        other.join()
    assert index.up_to_date()


def test_a_write_in_the_same_tick_as_the_folders_last_change_is_seen_between_letters(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    folder = store.weeks_dir
    tick = folder.stat().st_mtime_ns
    index = index_of(store)
    with patch("weekplan.search_index.now", return_value=tick / 1e9 + 0.5):
        assert find(store, "run").count == 1
        assert not index.up_to_date()  # the folder has just changed: the next letter looks again
        # Another program rewrites the same week file within the same tick of a coarse
        # clock: the folder's time (and entries) stay as they were.
        Store(store.root).put_activity(Activity("a2", FIRST_MONDAY, 700, 760, "Run again", "fitness"))
        os.utime(folder, ns=(tick, tick))
        found = find(store, "run", check_files=False)
        assert found is not None and [m.id for m in found.matches] == ["a1", "a2"]
    with patch("weekplan.search_index.now", return_value=tick / 1e9 + 5):
        assert find(store, "run", check_files=False).count == 2
        assert index.up_to_date()  # settled: letters search the index as it is


def test_times_keep_every_start_and_end_a_day_has_and_none() -> None:
    minutes = [None, 0, 1, 59, 719, 1439, 1440]
    for start in minutes:
        for end in minutes:
            packed = Times.packed(start, end)
            assert Times.valid(packed) and Times.unpacked(packed) == (start, end)
    with pytest.raises(ValueError):
        Times.packed(-1, None)


def test_an_all_day_date_and_one_ending_at_midnight_are_listed_with_their_times(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 22 * 60, 24 * 60, "Late run", "fitness"))
    store.put_date(SpecialDate("d1", FIRST_MONDAY, "Run day"))
    found = find(store, "run")
    assert found is not None
    assert [(m.id, m.start, m.end) for m in found.matches] == [("d1", None, None), ("a1", 22 * 60, 24 * 60)]


def test_what_a_query_matched_is_listed_right_after_a_save_renumbered_the_texts(store: Store) -> None:
    for n in range(6):
        store.put_activity(Activity(f"a{n}", FIRST_MONDAY + timedelta(days=n), 600, 660, f"Run {n}", "fitness"))
    assert find(store, "run").count == 6
    for n in range(5):  # five texts no item has any more: a save renumbers what is left
        store.put_activity(Activity(f"a{n}", FIRST_MONDAY + timedelta(days=n), 600, 660, "Walk", "fitness"))
    index = index_of(store)
    assert index.refresh() is True

    matched = index.matching(lambda text: "walk" in text)
    index.save()  # as the dialog's saving thread may, between a letter's match and its rows
    assert index.texts.titles is not matched.titles  # renumbered

    rows = list(index.rows(matched, ACTIVITIES))
    assert [(row.id, row.title) for row in rows] == [(f"a{n}", "Walk") for n in range(5)]
    assert matched.count == 5
    assert [(m.id, m.title) for m in find(store, "walk").matches] == [(f"a{n}", "Walk") for n in range(5)]


def test_an_id_ending_in_a_line_break_is_named_and_the_items_after_it_keep_their_ids(store: Store) -> None:
    # `$` also matches before a final line break: such an id, let through, became two
    # entries of the index's ids and every later item took the id of the one before.
    week = store.weeks_dir / "2026-W02.toml"
    week.parent.mkdir(parents=True, exist_ok=True)
    week.write_text(
        '[activities.a0]\ndate = 2026-01-05\nstart = "09:00"\nend = "10:00"\ntitle = "Run early"\n\n'
        '[activities."a\\n"]\ndate = 2026-01-05\nstart = "10:00"\nend = "11:00"\ntitle = "Run"\n\n'
        '[activities.b2]\ndate = 2026-01-06\nstart = "10:00"\nend = "11:00"\ntitle = "Run far"\n',
        "utf-8",
    )

    found = find(store, "run")

    assert found is not None and [m.id for m in found.matches] == ["a0", "b2"] and found.count == 2
    [problem] = found.problems
    assert (problem.path.name, problem.line, problem.col) == ("2026-W02.toml", 7, 1)  # its table's header
    assert "'a\\n'" in problem.message
    index_of(store).save()
    # The kept index is taken up as it was: only the file with a problem is read again.
    again, read = find_after_a_restart(store.root, "run")
    assert [m.id for m in again.matches] == ["a0", "b2"] and read == [week]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda kept: kept[:-1],  # cut short in its last column
        lambda kept: kept + b"\x00",  # a byte more than its columns
        lambda kept: kept[: kept.index(b"a1")],  # the head alone
    ],
    ids=["cut short", "a byte more", "no columns"],
)
def test_a_kept_index_whose_columns_are_not_as_long_as_it_says_is_left_aside(
    store: Store, spoil: Callable[[bytes], bytes]
) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    plant_kept_index(store, spoil(kept_index(store, "none")))

    found, read = find_after_a_restart(store.root, "run")

    assert [m.id for m in found.matches] == ["a1"] and found.count == 1
    assert read == [store.root / "weeks/2026-W03.toml"]


def test_a_kept_index_saying_its_columns_are_huge_makes_nothing_that_long(store: Store) -> None:
    # The lengths are checked against the file before any column is made: a head that
    # says its items are 2**25 (128 MB) must not make the search thread take that much.
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    texts = (["run\n\nfitness\nfitness"], ["Run"], ["fitness"])
    categories = tuple((category.id, category.name) for category in store.config.categories)
    names = ("2026-W03.toml", [])
    shapes = (("q", 8, 1), ("i", 4, 2), ("i", 4, 2), ("i", 4, 1), ("i", 4, 2**25), ("B", 1, 1), ("q", 8, 1))
    head = marshal.dumps((FORMAT, str(store.root.absolute()), categories, texts, names, (sys.byteorder, shapes, 3)))
    plant_kept_index(store, kept_file(head, [bytes(64)]))

    tracemalloc.start()
    try:
        found, read = find_after_a_restart(store.root, "run")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 32 * 1024 * 1024
    assert [m.id for m in found.matches] == ["a1"] and found.count == 1
    assert read == [store.root / "weeks/2026-W03.toml"]


def test_a_kept_index_too_big_to_take_up_is_left_aside(store: Store) -> None:
    # A length field of 2**31 - 1 makes marshal ask for gigabytes: where the machine
    # refuses, that is a MemoryError, which must not end the planner's search thread.
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    plant_kept_index(store, kept_file(b"[\xff\xff\xff\x7f", []))

    with patch("weekplan.search_index.marshal.loads", side_effect=MemoryError):
        found, read = find_after_a_restart(store.root, "run")

    assert [m.id for m in found.matches] == ["a1"] and found.count == 1
    assert read == [store.root / "weeks/2026-W03.toml"]


@pytest.mark.parametrize("failing", ["_shaped_as_columns", "FileNames.taken_up", "Whens.taken_up", "_days_within"])
def test_a_take_up_that_raises_anything_leaves_the_kept_index_aside_and_replaces_it(store: Store, failing: str) -> None:
    # Whatever a check of the kept index misses and fails on later (an IndexError, a
    # TypeError...) is no reason to stop the search: the files are read instead, and the
    # index saved then takes the kept one's place.
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    planted = kept_index(store, "none")
    plant_kept_index(store, planted)

    with patch(f"weekplan.search_index.{failing}", side_effect=IndexError("missed by the checks")):
        restarted = Store.open(store.root)
        found = find(restarted, "run")
        assert found is not None and [m.id for m in found.matches] == ["a1"] and found.count == 1
        assert index_of(restarted).problems() == []
        index_of(restarted).save()
    path = index_of(restarted).cache_path()
    assert path is not None and path.read_bytes() != planted

    again, read = find_after_a_restart(store.root, "run")
    assert [m.id for m in again.matches] == ["a1"] and read == []


@pytest.mark.parametrize("where", ["head", "columns"])
def test_a_kept_index_with_a_damaged_byte_is_left_aside_unread(store: Store, where: str) -> None:
    # marshal believes the lengths it reads (a flipped byte can make it build a tuple of
    # gigabytes first): a damaged head is never unmarshalled, damaged columns never used.
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    kept = bytearray(kept_index(store, "none"))
    length = int.from_bytes(kept[:8], "little")
    at = 16 + length // 2 if where == "head" else len(kept) - 1
    kept[at] ^= 0x20
    plant_kept_index(store, bytes(kept))

    with patch("weekplan.search_index.marshal.loads", wraps=marshal.loads) as unmarshalled:
        found, read = find_after_a_restart(store.root, "run")

    assert unmarshalled.call_count == (0 if where == "head" else 1)
    assert [m.id for m in found.matches] == ["a1"] and found.count == 1
    assert read == [store.root / "weeks/2026-W03.toml"]


def test_a_refresh_says_whether_it_read_everything_or_was_stopped(store: Store) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY, 600, 660, "Run", "fitness"))
    index = index_of(Store.open(store.root))
    assert index.refresh(lambda: True) is False  # stopped before the one file
    assert index.refresh(lambda: False) is True
    assert index.refresh(lambda: True) is True  # nothing left to read: nothing to stop


@given(
    st.lists(
        st.one_of(st.from_regex(r"[0-9a-f]{12}", fullmatch=True), st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True))
    )
)
def test_a_files_ids_come_back_as_they_were_whatever_their_shape(ids: list[str]) -> None:
    packed = packed_ids(ids)
    assert ids_from(packed) == ids and ids_counted(packed) == len(ids)
    if ids and all(len(ident) == 12 and set(ident) <= set("0123456789abcdef") for ident in ids):
        # weekplan's own ids are held as the bytes they spell: half as much memory.
        assert len(packed) == 1 + 6 * len(ids)


@given(
    st.lists(
        st.lists(
            st.one_of(
                st.from_regex(r"[0-9a-f]{12}", fullmatch=True),
                st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True),
                st.from_regex(r"[0-9a-f]{12}_20[0-9]{2}-[01][0-9]-[0-3][0-9]", fullmatch=True),
            ),
        ),
        min_size=1,
    ),
    st.binary(max_size=20),
)
def test_each_id_read_from_among_other_files_ids_is_the_one_packed_there(files: list[list[str]], before: bytes) -> None:
    # A search unpacks the ids of the items it lists from the one string of every
    # file's ids, kept as bytes or as text: each must be the id packed at that place,
    # whatever the files around it.
    column = before
    spans = []
    for ids in files:
        packed = packed_ids(ids)
        spans.append((len(column), len(column) + len(packed)))
        column += packed
    for ids, (start, end) in zip(files, spans, strict=True):
        id_of = ids_reader(column, start, end)
        assert [id_of(item) for item in range(len(ids))] == ids


def _one_week_of(store: Store, count: int, ident: Callable[[int], str]) -> None:
    """A week file another program wrote: `count` activities titled Meeting."""
    lines = [
        f'[activities."{ident(n)}"]\ndate = {FIRST_MONDAY + timedelta(days=n % 7)}\n'
        f'start = "{7 + n % 14:02d}:00"\nend = "{8 + n % 14:02d}:00"\ntitle = "Meeting {n}"\n'
        for n in range(count)
    ]
    store.week_path(IsoWeek.of(FIRST_MONDAY)).parent.mkdir(parents=True, exist_ok=True)
    store.week_path(IsoWeek.of(FIRST_MONDAY)).write_text("\n".join(lines), "utf-8")
    store.forget()


def test_a_files_ids_kept_as_text_are_unpacked_once_however_many_items_match(store: Store) -> None:
    # Ids another program gave (or a routine's occurrences' "<id>_<date>") are kept as
    # text: unpacking all of them again for every item listed made a search of one
    # big file take time growing with the square of its items.
    _one_week_of(store, 300, lambda n: f"ev-{n:04d}")
    expected = full_scan(store.root, "meeting")
    with patch("weekplan.search_index.ids_from", wraps=ids_from) as unpacked:
        found = find(store, "meeting")
    assert found is not None and found.matches == expected and len(expected) == 300
    assert unpacked.call_count == 1


@pytest.mark.parametrize("ident", [lambda n: new_id(), lambda n: f"ev-{n:04d}"], ids=["packed", "text"])
def test_a_search_listing_a_few_makes_rows_for_a_few_of_a_big_file(store: Store, ident: Callable[[int], str]) -> None:
    _one_week_of(store, 300, ident)
    expected = full_scan(store.root, "meeting")
    made: list[object] = []
    real_row = search_index.Row

    def counted_row(*fields: object) -> object:
        made.append(fields)
        return real_row(*fields)

    with patch("weekplan.search_index.Row", counted_row):
        found = find(store, "meeting", limit=5)
    assert found is not None and found.matches == expected[:5] and found.count == 300
    assert len(made) < 10  # the five listed, and one a stream holds ready for the merge


def test_a_kept_index_past_a_byte_of_numbers_finds_what_a_scan_finds(store: Store) -> None:
    # Over 256 texts and day-and-times: both columns widen from one byte a number to two
    # while the index is made from the files, and are kept and taken up as two.
    for week in range(3):
        monday = FIRST_MONDAY + timedelta(weeks=week)
        lines = [
            f'[activities."w{week}n{n:03d}"]\ndate = {monday + timedelta(days=n % 7)}\n'
            f'start = "{m // 60:02d}:{m % 60:02d}"\nend = "23:59"\ntitle = "Meeting {week} {n}"\n'
            for n, m in ((n, 4 * (110 * week + n)) for n in range(110))
        ]
        store.week_path(IsoWeek.of(monday)).parent.mkdir(parents=True, exist_ok=True)
        store.week_path(IsoWeek.of(monday)).write_text("\n".join(lines), "utf-8")
    store.put_date(SpecialDate("d1", FIRST_MONDAY + timedelta(days=2), "Meeting day"))
    store.forget()
    expected = full_scan(store.root, "meeting")
    made = find(store, "meeting")
    index = index_of(store)
    assert len(index.whens.values) > 256 and len(index.texts) > 256
    assert index.columns.whens.typecode == index.columns.texts.typecode == "H"
    index.save()
    found, read = find_after_a_restart(store.root, "meeting")
    restarted = Store.open(store.root)
    find(restarted, "meeting")
    taken_up = index_of(restarted)
    assert made is not None and made.matches == expected and len(expected) == 331
    assert read == []  # taken up whole from the kept index
    assert found.matches == expected and found.count == 331
    assert taken_up.columns.whens.typecode == taken_up.columns.texts.typecode == "H"


@given(st.integers(-4000, 4000), st.integers(0, Whens.SPAN - 1))
def test_a_day_and_times_are_one_number_however_it_is_made_and_split_back(days: int, times: int) -> None:
    value = Whens.of(days, times)
    assert Whens.split(value) == (days, times)


def test_file_names_are_given_out_as_they_were_listed_and_kept() -> None:
    listed = ["weeks/2026-W03.toml", "weeks/2026-W10.toml", "dates/2026.toml", "dates.toml"]

    names = FileNames.of(listed)

    assert list(names) == [names[at] for at in range(len(names))] == listed
    assert names.week_count == 2 and names.week(1) == "2026-W10.toml"
    assert names.names_week(0, "2026-W03.toml") and not names.names_week(0, "2026-W10.toml")
    assert not names.names_week(0, "2026-W03")  # a name as long as none is never a week's
    assert FileNames.taken_up(names.kept(), len(listed)) == names
    assert [names.position(name) for name in listed] == [0, 1, 2, 3]
    assert names.position("weeks/2026-W04.toml") is names.position("dates/2027.toml") is None
    assert FileNames.taken_up(names.kept(), len(listed) + 1) is None  # columns for another count
    with pytest.raises(IndexError):
        names[len(listed)]
    with pytest.raises(ValueError):
        FileNames.of(["weeks/2026-W3.toml"])  # a name the store would never take for a week's
    with pytest.raises(ValueError):  # two lengths adding up to two names': cut wrongly, were it taken
        FileNames.joined(["2026-W3.toml", "2026-W10.tomlx"], [])


@given(
    st.one_of(
        st.from_regex(r"[0-9]{1,5}-W[0-9]{1,3}\.toml", fullmatch=True),
        st.from_regex(r"[0-9]{4}-W[0-9]{2}\.toml", fullmatch=True),
        st.text(max_size=20),
    )
)
def test_every_name_the_store_takes_for_a_week_file_is_as_long_as_the_index_holds_them(name: str) -> None:
    # The index cuts the week files' names out of one string (FileNames) on this length.
    assert week_file_name(name) is None or len(name) == WEEK_FILE_NAME_LENGTH


def test_a_kept_index_naming_far_more_files_than_it_holds_is_left_aside_before_any_name_is_ruled_on(
    store: Store,
) -> None:
    store.put_activity(Activity("a1", FIRST_MONDAY + timedelta(weeks=1), 600, 660, "Run", "fitness"))
    plant_kept_index(store, kept_index(store, "many more names than files"))
    ruled_on: list[str] = []

    def counting(name: str) -> object:
        ruled_on.append(name)
        return week_file_name(name)

    with patch("weekplan.search_index.week_file_name", side_effect=counting):
        found, read = find_after_a_restart(store.root, "run")

    assert [m.id for m in found.matches] == ["a1"] and read == [store.root / "weeks/2026-W03.toml"]
    # Rejected on the count alone: the listing of weeks/ is ruled on, not the kept names.
    assert ruled_on == ["2026-W03.toml"]
