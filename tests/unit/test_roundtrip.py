"""Whatever a person can type survives load → save → load unchanged, and the same data
always makes the same bytes, whatever order it was added in."""

from __future__ import annotations

import random
import tempfile
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weekplan.fields import ItemError
from weekplan.model import DATE_STATUSES, IDEA_KINDS, Activity, Goal, Idea, SpecialDate, tag_key
from weekplan.store import Store
from weekplan.tomlfile import dumps, parse_toml
from weekplan.weeks import IsoWeek

AWKWARD = [
    "\"quoted\" and 'single'",
    "two\nlines",
    "tab\there",
    "back\\slash",
    "[red]x[/]",
    "[@click=quit]",
    "<<<<<<< HEAD",
    "=======",
    "# not a comment",
    "a = 1",
    "[activities.x]",
    "ünïcödé ♥ 🧗 日本語",
    "\u200b zero width",
    "trailing space ",
    "'''",
    '"""',
    "\x7f\x01 control",
    "[" * 40,
]

ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", min_size=1, max_size=16)
any_text = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=40))
title_text = any_text.filter(lambda text: text.strip() != "")
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
categories = st.sampled_from(["fitness", "friends", "hobby", "career", "learning", "new", "rest", "together"])


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    start = draw(st.integers(0, 24 * 60 - 1))
    end = draw(st.integers(start + 1, 24 * 60))
    return Activity(
        id=draw(ids),
        date=draw(days),
        start=start,
        end=end,
        title=draw(title_text),
        category=draw(st.one_of(categories, ids)),
        done=draw(st.booleans()),
        skipped=draw(st.booleans()),
        notes=draw(any_text),
    )


@st.composite
def special_dates(draw: st.DrawFn) -> SpecialDate:
    start = draw(st.none() | st.integers(0, 24 * 60 - 1))
    end = None if start is None else draw(st.none() | st.integers(start + 1, 24 * 60))
    return SpecialDate(
        id=draw(ids),
        date=draw(days),
        title=draw(title_text),
        start=start,
        end=end,
        place=draw(any_text),
        idea=draw(st.just("") | ids),
        status=draw(st.sampled_from(DATE_STATUSES)),
        prep=draw(any_text),
        prep_days=draw(st.none() | st.integers(0, 365)),
        notes=draw(any_text),
        rating=draw(st.none() | st.integers(1, 5)),
        memory=draw(any_text),
        prep_done=draw(st.booleans()),
    )


@st.composite
def ideas(draw: st.DrawFn) -> Idea:
    # An idea holds each tag once, whatever its case (model.tag_key).
    tags = draw(st.lists(any_text.filter(bool), max_size=4, unique_by=tag_key))
    return Idea(draw(ids), draw(title_text), draw(st.sampled_from(IDEA_KINDS)), tuple(sorted(tags)), draw(any_text))


@st.composite
def goals(draw: st.DrawFn) -> Goal:
    if draw(st.booleans()):
        return Goal(draw(ids), count=draw(st.integers(1, 100)))
    return Goal(draw(ids), hours=draw(st.floats(0.25, 168, allow_nan=False)))


T = TypeVar("T")
DataSet = tuple[list[Activity], list[SpecialDate], list[Idea], list[Goal], str]


def unique(items: list[T], key: Callable[[T], object]) -> list[T]:
    """One item per id, as in a file."""
    return list({key(item): item for item in items}.values())


data_sets = st.tuples(
    st.lists(activities(), max_size=12).map(lambda items: unique(items, lambda a: a.id)),
    st.lists(special_dates(), max_size=5).map(lambda items: unique(items, lambda d: d.id)),
    st.lists(ideas(), max_size=5).map(lambda items: unique(items, lambda i: i.id)),
    st.lists(goals(), max_size=4).map(lambda items: unique(items, lambda g: g.category)),
    any_text,
)

FILE_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def save_all(root: Path, data: DataSet, order: list[int] | None = None) -> Store:
    store = Store.open(root)
    acts, dates, idea_list, goal_list, note = data
    order = order or list(range(len(acts)))
    for index in order:
        store.put_activity(acts[index])
    for item in dates:
        store.put_date(item)
    for item in idea_list:
        store.put_idea(item)
    for item in goal_list:
        store.put_goal(item)
    if acts:
        store.set_week_note(IsoWeek.of(acts[0].date), note)
    return store


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


@FILE_SETTINGS
@given(data_sets)
def test_load_save_load_is_the_identity(data: DataSet) -> None:
    acts, dates, idea_list, goal_list, note = data
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        save_all(root, data)
        first = snapshot(root)

        loaded = Store(root)
        assert loaded.check() == []
        assert sorted(loaded.all_activities(), key=lambda a: a.id) == sorted(acts, key=lambda a: a.id)
        assert loaded.dates().items == {d.id: d for d in dates}
        assert loaded.ideas().items == {i.id: i for i in idea_list}
        assert loaded.goals().items == {g.category: g for g in goal_list}
        if acts:
            assert loaded.week_note(IsoWeek.of(acts[0].date)) == note

        # Saving what was loaded writes the very same bytes.
        for activity in list(loaded.all_activities()):
            loaded.put_activity(activity)
        for item in list(loaded.dates().items.values()):
            loaded.put_date(item)
        for item in list(loaded.ideas().items.values()):
            loaded.put_idea(item)
        for item in list(loaded.goals().items.values()):
            loaded.put_goal(item)
        assert snapshot(root) == first


@FILE_SETTINGS
@given(data_sets, st.randoms(use_true_random=False))
def test_same_data_same_bytes_in_any_order(data: DataSet, rng: random.Random) -> None:
    acts = data[0]
    shuffled = list(range(len(acts)))
    rng.shuffle(shuffled)
    reordered = (data[0], list(reversed(data[1])), list(reversed(data[2])), list(reversed(data[3])), data[4])
    with tempfile.TemporaryDirectory() as tmp:
        first = save_all(Path(tmp) / "one", data)
        second = save_all(Path(tmp) / "two", reordered, shuffled)
        assert snapshot(first.root) == snapshot(second.root)


@settings(max_examples=300)
@given(activities())
def test_an_activity_table_round_trips_through_toml(activity: Activity) -> None:
    text = dumps({"activities": {activity.id: activity.to_toml()}})
    doc, _ = parse_toml(Path("w.toml"), text)
    assert doc == tomllib.loads(text.decode())
    assert Activity.from_toml(activity.id, doc["activities"][activity.id]) == activity


@settings(max_examples=200)
@given(special_dates())
def test_a_special_date_round_trips_through_toml(special: SpecialDate) -> None:
    doc, _ = parse_toml(Path("dates.toml"), dumps({"dates": {special.id: special.to_toml()}}))
    assert SpecialDate.from_toml(special.id, doc["dates"][special.id]) == special


@pytest.mark.parametrize("order", ["end first", "start first"])
def test_24_00_is_an_end_never_a_start_however_often_it_is_read(order: str) -> None:
    # The reader keeps the minutes of time texts it has read; that must not let a
    # 24:00 read as an end pass later as a start.
    ending = {"date": date(2026, 11, 27), "start": "22:00", "end": "24:00", "title": "film", "category": "rest"}
    starting = dict(ending, start="24:00", end="24:00")
    reads = [ending, starting] if order == "end first" else [starting, ending]
    for raw in reads * 2:
        if raw is ending:
            assert Activity.from_toml("a", raw).end == 24 * 60
        else:
            with pytest.raises(ItemError, match="'24:00' is not a time of day"):
                Activity.from_toml("a", raw)
