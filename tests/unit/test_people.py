"""Two people on one list: names on ideas and dates, kept in the files only while the
Together half is shared, and a person planning alone seeing no change."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from weekplan.fields import ItemError
from weekplan.merge import merge_files
from weekplan.model import Config, Idea, PartnerSettings, SpecialDate
from weekplan.people import (
    added_by_me,
    love_marks,
    memories_of,
    memory_by,
    my_name,
    rating_by,
    ratings_line,
    ratings_of,
    toggled_love,
)
from weekplan.record import replace
from weekplan.store import DATES, IDEAS, Collection, Store, read_collection, render_collection
from weekplan.sync_report import describe_changes
from weekplan.together import dates_to_rate, idea_stats, rate_date, suggestion_order

SHARED = replace(Config(), partner=PartnerSettings(me="Alex", remote="/srv/together.git"))
NAMED_NOT_SYNCED_YET = replace(Config(), partner=PartnerSettings(me="Alex"))
DAY = date(2026, 11, 28)


def test_my_name_is_the_name_set_for_planning_with_a_partner() -> None:
    assert my_name(SHARED) == "Alex"
    assert my_name(NAMED_NOT_SYNCED_YET) == "Alex"
    assert my_name(Config()) == ""


def test_a_new_item_carries_my_name_only_with_a_partner() -> None:
    idea = Idea("i1", "Pottery")
    special = SpecialDate("d1", DAY, "Dinner")
    assert added_by_me(idea, SHARED).added_by == "Alex"
    assert added_by_me(special, SHARED).added_by == "Alex"
    assert added_by_me(idea, Config()) == idea and added_by_me(idea, Config()).added_by == ""
    assert added_by_me(special, NAMED_NOT_SYNCED_YET).added_by == "Alex"
    # One that names someone already (the partner's) keeps that name.
    assert added_by_me(replace(idea, added_by="Sam"), SHARED).added_by == "Sam"


def test_names_are_written_only_when_there_are_some(store: Store) -> None:
    store.put_idea(Idea("plain", "Pottery"))
    store.put_idea(Idea("named", "Kayaking", added_by="Sam"))
    store.put_date(SpecialDate("d1", DAY, "Dinner"))
    store.put_date(SpecialDate("d2", DAY, "Concert", added_by="Alex"))
    ideas = tomllib.loads(store.ideas_path.read_text())
    assert "added_by" not in str(ideas["ideas"]["plain"])
    assert ideas["ideas"]["named"]["added_by"] == "Sam"
    fresh = Store(store.root)
    assert fresh.ideas().items["named"].added_by == "Sam"
    dates = fresh.dates().items
    assert dates["d1"].added_by == "" and dates["d2"].added_by == "Alex"
    text = "".join(p.read_text() for p in store.root.rglob("dates/*.toml"))
    assert text.count("added_by") == 1


def test_an_old_file_reads_and_writes_the_same_bytes(store: Store) -> None:
    store.put_date(SpecialDate("d1", DAY, "Dinner", rating=4, memory="rain on the window", status="done"))
    store.put_idea(Idea("i1", "Pottery", tags=("cheap",)))
    paths = [*store.root.rglob("dates/*.toml"), store.ideas_path]
    before = {p: p.read_bytes() for p in paths}
    fresh = Store(store.root)
    fresh.put_date(fresh.dates().items["d1"])
    fresh.put_idea(fresh.ideas().items["i1"])
    assert {p: p.read_bytes() for p in paths} == before


def test_a_name_that_is_not_text_is_named() -> None:
    with pytest.raises(ItemError) as caught:
        SpecialDate.from_toml("d1", {"date": DAY, "title": "Dinner", "added_by": 3})
    assert [field for field, _ in caught.value.problems] == ["added_by"]


# -- each one's rating and memory ----------------------------------------------------------


def dates_file(*dates: SpecialDate) -> bytes:
    return render_collection(Collection(Path("dates/2026.toml"), items={d.id: d for d in dates}), DATES)


def read_dates(data: bytes, tmp_path: Path) -> Collection[SpecialDate]:
    path = tmp_path / "dates" / "2026.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return read_collection(path, DATES)


def test_two_people_rating_the_same_date_on_two_machines_keep_both(tmp_path: Path) -> None:
    planned = SpecialDate("dddddddddddd", DAY, "Picnic")
    alex = rate_date(planned, 4, "the swans", by="Alex")
    sam = rate_date(planned, 5, "cold hands, warm tea", by="Sam")
    base, ours, theirs = dates_file(planned), dates_file(alex), dates_file(sam)
    for first, second in ((ours, theirs), (theirs, ours)):
        result = merge_files(base, first, second, "dates/2026.toml")
        assert result.conflicts == []
        merged = read_dates(result.data, tmp_path)
        assert merged.errors == []
        [picnic] = merged.items.values()
        assert picnic.ratings == (("Alex", 4), ("Sam", 5))
        assert picnic.memories == (("Alex", "the swans"), ("Sam", "cold hands, warm tea"))
        assert picnic.status == "done" and picnic.rating is None
    text = merge_files(base, ours, theirs, "dates/2026.toml").data.decode()
    assert "[dates.dddddddddddd.ratings]" in text and "Alex = 4" in text and "Sam = 5" in text


def test_rating_under_my_name_leaves_the_partners_rating_and_the_old_one_alone() -> None:
    before_sharing = SpecialDate("d1", DAY, "Picnic", status="done", rating=3, memory="windy")
    rated = rate_date(before_sharing, 5, by="Sam")
    assert rated.ratings == (("Sam", 5),)
    assert ratings_of(rated) == [("", 3), ("Sam", 5)]  # the old one names nobody
    assert memories_of(rated) == [("", "windy")]
    assert ratings_line(rated) == "★3 · ★5 Sam"
    again = rate_date(rated, 2, by="Sam")
    assert again.ratings == (("Sam", 2),) and again.memory == "windy"


def test_an_old_rating_is_of_whoever_added_the_date_and_their_new_one_replaces_it() -> None:
    old = SpecialDate("d1", DAY, "Picnic", status="done", rating=3, memory="windy", added_by="Alex")
    assert ratings_of(old) == [("Alex", 3)] and rating_by(old, "Alex") == 3 and rating_by(old, "Sam") is None
    assert memory_by(old, "Alex") == "windy"
    rated = rate_date(old, 5, by="Alex")
    assert (rated.rating, rated.memory) == (None, "")
    assert rated.ratings == (("Alex", 5),) and rated.memories == (("Alex", "windy"),)
    assert ratings_line(rate_date(rated, 4, by="Sam")) == "★5 Alex · ★4 Sam"


def test_without_a_partner_rating_writes_the_single_fields_as_before() -> None:
    rated = rate_date(SpecialDate("d1", DAY, "Picnic"), 4, "lovely")
    assert (rated.rating, rated.memory, rated.ratings, rated.memories) == (4, "lovely", (), ())


def test_the_review_asks_me_about_a_date_my_partner_rated_but_not_about_old_ones() -> None:
    today = DAY + timedelta(days=2)
    partner_rated = SpecialDate("d1", DAY, "Picnic", ratings=(("Sam", 4),))
    old = SpecialDate("d2", DAY, "Concert", rating=3)
    mine = SpecialDate("d3", DAY, "Dinner", ratings=(("Alex", 5),))
    unrated = SpecialDate("d4", DAY, "Bowling")
    dates = [partner_rated, old, mine, unrated]
    assert [d.id for d in dates_to_rate(dates, today, "Alex")] == ["d4", "d1"]
    assert [d.id for d in dates_to_rate(dates, today)] == ["d4"]  # alone: any rating will do


def test_an_ideas_stats_count_both_partners_ratings() -> None:
    idea = Idea("i1", "Picnic")
    first = SpecialDate("d1", DAY - timedelta(days=14), "Picnic", idea="i1", rating=2)
    last = SpecialDate("d2", DAY, "Picnic", idea="i1", ratings=(("Alex", 4), ("Sam", 5)))
    stats = idea_stats([idea], [first, last], DAY + timedelta(days=1))["i1"]
    assert sorted(stats.ratings) == [2, 4, 5]
    assert stats.mean_rating == pytest.approx(11 / 3)
    assert stats.last_ratings == (("Alex", 4), ("Sam", 5))


def test_ratings_by_person_are_checked_when_read() -> None:
    with pytest.raises(ItemError) as caught:
        SpecialDate.from_toml("d1", {"date": DAY, "title": "Picnic", "ratings": {"Alex": 6, "Sam": 4}})
    assert "'ratings.Alex' must be a whole number from 1 to 5" in str(caught.value)
    with pytest.raises(ItemError):
        SpecialDate.from_toml("d1", {"date": DAY, "title": "Picnic", "memories": "nice"})


# -- love marks ----------------------------------------------------------------------------


def test_love_marks_are_a_table_by_name_and_merge_when_both_mark_at_once(tmp_path: Path) -> None:
    idea = Idea("iiiiiiiiiiii", "Pottery")
    assert toggled_love(toggled_love(idea, "Alex"), "Alex").loves == ()
    base = render_collection(Collection(Path("ideas.toml"), items={idea.id: idea}), IDEAS)
    ours = render_collection(Collection(Path("ideas.toml"), items={idea.id: toggled_love(idea, "Alex")}), IDEAS)
    theirs = render_collection(Collection(Path("ideas.toml"), items={idea.id: toggled_love(idea, "Sam")}), IDEAS)
    assert "[ideas.iiiiiiiiiiii.loves]\nAlex = true" in ours.decode()
    result = merge_files(base, ours, theirs, "ideas.toml")
    assert result.conflicts == []
    path = tmp_path / "ideas.toml"
    path.write_bytes(result.data)
    [merged] = read_collection(path, IDEAS).items.values()
    assert merged.loves == ("Alex", "Sam") and love_marks(merged) == "♥♥"


def test_suggest_offers_never_tried_then_loved_by_both_then_by_one_then_least_recent() -> None:
    today = DAY + timedelta(days=30)
    both, one = ("Alex", "Sam"), ("Sam",)
    ideas = [
        Idea("new", "Aquarium"),
        Idea("new-loved", "Yoga", loves=both),
        Idea("old", "Archery"),  # done longest ago
        Idea("loved-one", "Bowling", loves=one),
        Idea("loved-both", "Cinema", loves=both),
        Idea("planned-loved", "Dancing", loves=both),
    ]
    dates = [
        SpecialDate("d1", DAY - timedelta(days=60), "Archery", idea="old"),
        SpecialDate("d2", DAY, "Bowling", idea="loved-one"),
        SpecialDate("d3", DAY + timedelta(days=10), "Cinema", idea="loved-both"),  # the most recent
        SpecialDate("d4", today + timedelta(days=3), "Dancing", idea="planned-loved"),
    ]
    order = [s.idea.id for s in suggestion_order(ideas, dates, today)]
    assert order == ["new-loved", "new", "loved-both", "loved-one", "old", "planned-loved"]
    # Planning alone, nobody loves anything and the order is as it always was.
    alone = [replace(i, loves=()) for i in ideas]
    assert [s.idea.id for s in suggestion_order(alone, dates, today)] == [
        "new",
        "new-loved",
        "old",
        "loved-one",
        "loved-both",
        "planned-loved",
    ]


def test_a_sync_says_a_date_was_rated_when_a_partner_rated_it() -> None:
    old = {"dates/2026.toml": b'[dates.d]\ndate = 2026-11-21\ntitle = "picnic"\nstatus = "done"\n'}
    new = {
        "dates/2026.toml": old["dates/2026.toml"] + b'\n[dates.d.ratings]\nSam = 5\n\n[dates.d.memories]\nSam = "x"\n'
    }
    assert describe_changes(["dates/2026.toml"], old.get, new.get) == ["1 date rated"]
