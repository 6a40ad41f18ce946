"""Two people on one list: names on ideas and dates, kept in the files only while the
Together half is shared, and a person planning alone seeing no change."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from weekplan.model import Config, Idea, ItemError, PartnerSettings, SpecialDate
from weekplan.people import added_by_me, my_name
from weekplan.record import replace
from weekplan.store import Store

SHARED = replace(Config(), partner=PartnerSettings(me="Alex", remote="/srv/together.git"))
NAMED_ALONE = replace(Config(), partner=PartnerSettings(me="Alex"))
DAY = date(2026, 11, 28)


def test_my_name_is_the_partner_name_only_while_sharing() -> None:
    assert my_name(SHARED) == "Alex"
    assert my_name(NAMED_ALONE) == ""
    assert my_name(Config()) == ""


def test_a_new_item_carries_my_name_only_while_sharing() -> None:
    idea = Idea("i1", "Pottery")
    special = SpecialDate("d1", DAY, "Dinner")
    assert added_by_me(idea, SHARED).added_by == "Alex"
    assert added_by_me(special, SHARED).added_by == "Alex"
    assert added_by_me(idea, Config()) == idea and added_by_me(idea, Config()).added_by == ""
    assert added_by_me(special, NAMED_ALONE).added_by == ""
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
