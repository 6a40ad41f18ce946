"""Search across every week's file and the special dates, without a screen."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest

from weekplan.item_file import read_collection
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.routines import OccurrenceChange, Routine
from weekplan.search import ACTIVITY, DATE, Match, find, search
from weekplan.store import Store


def _activity(item_id: str, day: date, start: int, title: str, category: str = "fitness", notes: str = "") -> Activity:
    return Activity(item_id, day, start, start + 60, title, category, notes=notes)


def test_finds_activities_in_every_week_sorted_by_date_and_time(store: Store) -> None:
    store.put_activity(_activity("a3", date(2027, 3, 2), 18 * 60, "Climbing gym"))
    store.put_activity(_activity("a1", date(2025, 1, 6), 9 * 60, "climbing outdoors"))
    store.put_activity(_activity("a2", date(2026, 11, 23), 19 * 60, "CLIMBING"))
    store.put_activity(_activity("a0", date(2026, 11, 23), 7 * 60, "Run"))
    store.put_activity(_activity("a4", date(2026, 11, 23), 8 * 60, "Morning climbing"))

    found = search(store, "climb")

    assert [m.id for m in found] == ["a1", "a4", "a2", "a3"]
    assert found[0] == Match(ACTIVITY, "a1", date(2025, 1, 6), 9 * 60, "climbing outdoors", 10 * 60, "fitness")


def test_finds_special_dates_by_title_place_notes_and_memory(store: Store) -> None:
    store.put_date(SpecialDate("d1", date(2026, 12, 4), "Dinner", 19 * 60, 22 * 60, place="Harbour Kitchen"))
    store.put_date(SpecialDate("d2", date(2026, 12, 1), "Walk", notes="bring the thermos"))
    store.put_date(SpecialDate("d3", date(2026, 10, 1), "Concert", memory="the encore in the rain"))
    store.put_date(SpecialDate("d4", date(2026, 10, 2), "Museum"))

    assert [m.id for m in search(store, "harbour")] == ["d1"]
    assert [m.id for m in search(store, "THERMOS")] == ["d2"]
    assert [m.id for m in search(store, "rain")] == ["d3"]
    only = search(store, "dinner")[0]
    assert (only.kind, only.start, only.end, only.category) == (DATE, 19 * 60, 22 * 60, "")


def test_dates_and_activities_interleave_by_date_and_untimed_dates_come_first(store: Store) -> None:
    day = date(2026, 11, 27)
    store.put_activity(_activity("act", day, 9 * 60, "picnic prep"))
    store.put_date(SpecialDate("untimed", day, "Picnic"))
    store.put_date(SpecialDate("earlier", date(2026, 11, 20), "picnic again", 12 * 60, 14 * 60))

    assert [m.id for m in search(store, "picnic")] == ["earlier", "untimed", "act"]


def test_matches_category_id_and_name_and_notes(store: Store) -> None:
    store.put_activity(_activity("a1", date(2026, 11, 24), 600, "Spanish", category="learning"))
    store.put_activity(_activity("a2", date(2026, 11, 25), 600, "Nap", category="rest", notes="after lunch"))
    store.put_activity(_activity("a3", date(2026, 11, 26), 600, "Try pottery", category="new"))

    assert [m.id for m in search(store, "learning")] == ["a1"]
    assert [m.id for m in search(store, "something new")] == ["a3"]  # the name of category "new"
    assert [m.id for m in search(store, "lunch")] == ["a2"]


def test_every_word_must_appear_somewhere_in_the_item(store: Store) -> None:
    store.put_activity(_activity("a1", date(2026, 11, 24), 600, "Climbing", notes="with Sam"))
    store.put_activity(_activity("a2", date(2026, 11, 25), 600, "Climbing", notes="alone"))

    assert [m.id for m in search(store, "sam climbing")] == ["a1"]
    assert search(store, "climbing bouldering") == []


def test_empty_query_finds_nothing(store: Store) -> None:
    store.put_activity(_activity("a1", date(2026, 11, 24), 600, "Climbing"))
    assert search(store, "") == []
    assert search(store, "   ") == []


def test_unreadable_week_file_does_not_stop_the_search(store: Store) -> None:
    store.put_activity(_activity("a1", date(2026, 11, 24), 600, "Climbing"))
    (store.weeks_dir / "2026-W49.toml").write_text("[activities.x\nbroken", "utf-8")
    (store.weeks_dir / "notes.toml").write_text("", "utf-8")

    assert [m.id for m in search(store, "climbing")] == ["a1"]


def test_should_stop_ends_the_search_between_week_files_and_keeps_what_was_read(store: Store) -> None:
    for week in range(10):
        store.put_activity(_activity(f"a{week}", date(2026, 1, 5) + timedelta(weeks=week), 600, "Run"))
    asked: list[int] = []
    read: list[Path] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    fresh = Store(store.root)
    assert find(fresh, "run", should_stop=stop) is None
    assert len(asked) == 4  # asked before each file: three were read, then it stopped

    counting = patch(
        "weekplan.search_index.read_collection",
        side_effect=lambda path, kind: read.append(path) or read_collection(path, kind),
    )
    with counting:
        found = find(fresh, "run")
    assert found is not None and found.count == 10 and len(found.matches) == 10
    assert len(read) == 7  # the three read before it stopped are not read again


def test_nearest_lists_from_today_on_then_the_latest_past_and_counts_them_all(store: Store) -> None:
    today = date(2026, 11, 25)  # a Wednesday: its week holds matches before and after it
    store.put_activity(_activity("mon", date(2026, 11, 23), 9 * 60, "Yoga"))
    store.put_activity(_activity("tue-late", date(2026, 11, 24), 20 * 60, "Yoga"))
    store.put_activity(_activity("tue-early", date(2026, 11, 24), 7 * 60, "Yoga"))
    store.put_activity(_activity("wed", today, 7 * 60, "Yoga"))
    store.put_activity(_activity("fri", date(2026, 11, 27), 9 * 60, "Yoga"))
    store.put_activity(_activity("next-year", date(2027, 5, 3), 9 * 60, "Yoga"))
    store.put_activity(_activity("long-ago", date(2019, 2, 4), 9 * 60, "Yoga"))
    store.put_date(SpecialDate("retreat", date(2026, 12, 12), "Yoga retreat"))
    store.put_date(SpecialDate("class", date(2026, 10, 2), "Yoga class together"))
    store.put_routine(_choir(title="yoga at home", last=date(2026, 11, 20)))  # ended: its last, the 18th

    found = find(store, "yoga", today=today, nearest=True)

    assert found is not None and found.count == 10
    upcoming = ["wed", "fri", "retreat", "next-year"]
    past = ["tue-late", "tue-early", "mon", "9a1c2b7d4e3f@2026-11-18", "class", "long-ago"]
    assert [m.id for m in found.matches] == upcoming + past
    nearest_three = find(store, "yoga", today=today, nearest=True, limit=3)
    assert nearest_three is not None and nearest_three.count == 10
    assert [m.id for m in nearest_three.matches] == upcoming[:3]
    # Without `nearest`, the order stays by date (what n and N step through).
    assert [m.id for m in search(store, "yoga", today=today)] == [*reversed(past), *upcoming]


@pytest.mark.parametrize("seed", range(6))
def test_the_nearest_are_the_matches_by_date_split_at_today(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    first = date(2024, 1, 1)
    for n in range(300):
        day = first + timedelta(days=rng.randrange(3 * 365))
        title = rng.choice(["Swim", "Swim club", "Read", "Swimming lesson"])
        store.put_activity(_activity(f"a{n}", day, rng.randrange(7, 22) * 60, title))
        if n % 10 == 0:
            store.put_date(SpecialDate(f"d{n}", day, rng.choice(["Swim at the lake", "Dinner"])))
    today = first + timedelta(days=rng.randrange(3 * 365))
    by_date = search(store, "swim", today=today)
    expected = [m for m in by_date if m.date >= today] + [m for m in reversed(by_date) if m.date < today]

    for limit in (None, 1, 17, 200):
        found = find(store, "swim", today=today, nearest=True, limit=limit)
        assert found is not None and found.count == len(by_date)
        assert found.matches == expected[:limit]


def _choir(**changes: object) -> Routine:
    routine = Routine("9a1c2b7d4e3f", "choir", "hobby", (0, 2), 19 * 60, 20 * 60, date(2026, 11, 2), notes="alto")
    return replace(routine, **changes)  # type: ignore[arg-type]


def test_finds_a_routine_once_at_its_next_occurrence_from_today(store: Store) -> None:
    store.put_routine(_choir())
    (match,) = search(store, "choir", today=date(2026, 11, 24))  # a Tuesday
    assert (match.kind, match.id, match.date) == (ACTIVITY, "9a1c2b7d4e3f@2026-11-25", date(2026, 11, 25))
    assert (match.start, match.category) == (19 * 60, "hobby")
    assert [m.id for m in search(store, "alto hob", today=date(2026, 11, 24))] == [match.id]


def test_a_routine_search_skips_removed_occurrences_and_shows_an_ended_one_at_its_last(store: Store) -> None:
    store.put_routine(_choir().with_exception(date(2026, 11, 25), OccurrenceChange(removed=True)))
    (match,) = search(store, "choir", today=date(2026, 11, 24))
    assert match.date == date(2026, 11, 30)

    store.put_routine(_choir(last=date(2026, 11, 20)))
    (ended,) = search(store, "choir", today=date(2026, 11, 24))
    assert ended.date == date(2026, 11, 18)  # its last Wednesday


SEARCH_LOADS = (
    "import sys; from pathlib import Path; from weekplan.store import Store; from weekplan.search import find;"
    "found = find(Store.open(Path(sys.argv[1])), sys.argv[2]); print(found.count, *sorted(sys.modules))"
)


def test_a_search_loads_neither_the_quick_add_grammar_nor_routines_without_any(store: Store) -> None:
    store.put_activity(_activity("a1", date(2026, 11, 23), 19 * 60, "Climbing"))

    def loaded_by(query: str) -> tuple[int, set[str]]:
        done = subprocess.run(
            [sys.executable, "-c", SEARCH_LOADS, str(store.root), query], capture_output=True, text=True, check=True
        )
        count, *modules = done.stdout.split()
        return int(count), set(modules)

    count, loaded = loaded_by("climb")
    assert count == 1
    assert not {"weekplan.quickadd", "weekplan.timewords", "weekplan.routines"} & loaded
    store.put_routine(_choir())
    count, loaded = loaded_by("alto")
    assert count == 1 and "weekplan.routines" in loaded  # with routines, the store loads what reads them
