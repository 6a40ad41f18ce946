"""An idea's history counted from a summary of earlier years is the history counted
from their dates: what lets the planner keep a few numbers a year instead of every
date of a hundred years (weekplan.earlier_years)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weekplan.earlier_years import EarlierYears
from weekplan.idea_history import count
from weekplan.model import Idea, SpecialDate
from weekplan.store import Store
from weekplan.together import idea_stats

TODAY = date(2026, 11, 23)
IDEAS = [Idea("bowl", "Bowling"), Idea("oper", "Opera"), Idea("picn", "Picnic")]

a_date = st.builds(
    lambda n, day, idea, status, rating, ratings: SpecialDate(
        f"d{n}",
        day,
        "a date",
        idea=idea,
        status=status,
        rating=rating,
        ratings=ratings,
    ),
    st.integers(0, 10**6),
    st.dates(date(2019, 1, 1), date(2027, 12, 31)),
    st.sampled_from(["bowl", "oper", "picn", "gone", ""]),
    st.sampled_from(["planned", "done", "cancelled"]),
    st.none() | st.integers(1, 5),
    st.lists(st.tuples(st.sampled_from(["Ana", "Kim"]), st.integers(1, 5)), max_size=2, unique_by=lambda r: r[0]).map(
        tuple
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(a_date, max_size=30, unique_by=lambda d: d.id), st.integers(2019, 2027))
def test_the_years_before_summed_up_a_year_at_a_time_count_as_their_dates(dates: list[SpecialDate], since: int) -> None:
    # In the order the store gives them: year by year, oldest first.
    dates.sort(key=lambda d: d.date.year)
    since = min(since, TODAY.year)  # the planner's years held always reach this year
    earlier = [
        count([d for d in dates if d.date.year == year], TODAY, {}, every_idea=True)
        for year in sorted({d.date.year for d in dates if d.date.year < since})
    ]
    held = [d for d in dates if d.date.year >= since]
    assert idea_stats(IDEAS, held, TODAY, earlier) == idea_stats(IDEAS, dates, TODAY)


def put_done(store: Store, ident: str, day: date, idea: str, rating: int | None = None) -> None:
    store.put_date(SpecialDate(ident, day, "Bowling", idea=idea, status="done", rating=rating))


def test_a_year_is_read_again_only_when_its_file_changed(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    put_done(store, "a", date(2010, 3, 12), "bowl", 4)
    put_done(store, "b", date(2011, 5, 1), "bowl")
    put_done(store, "c", date(2026, 1, 9), "bowl")
    store.forget()  # as a planner opened on them finds them
    years = EarlierYears(store)
    read: list[int] = []
    in_passing = store.dates_in_passing

    def noted(year: int) -> object:
        read.append(year)
        return in_passing(year)

    store.dates_in_passing = noted  # type: ignore[method-assign]
    histories, errors = years.before(2026, TODAY)
    assert read == [2010, 2011] and not errors
    assert [h["bowl"][:2] for h in histories] == [(1, date(2010, 3, 12)), (1, date(2011, 5, 1))]
    assert histories[0]["bowl"][3] == (4,)
    # Nothing of it is held by the store: the summary is all that stays.
    assert not any(path.name in {"2010.toml", "2011.toml"} for path in store._cache)
    assert years.changed_files() == []

    again, _ = years.before(2026, TODAY)
    assert read == [2010, 2011] and again == histories

    other = Store.open(private_data_dir)  # another program adds a date to 2011
    put_done(other, "d", date(2011, 8, 2), "bowl", 5)
    assert years.changed_files() == [store.dates_path(2011)]
    histories, _ = years.before(2026, TODAY)
    assert read == [2010, 2011, 2011]
    assert histories[1]["bowl"][:2] == (2, date(2011, 8, 2)) and histories[1]["bowl"][4] == (("", 5),)


def test_a_broken_earlier_year_is_named_and_the_others_still_count(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    put_done(store, "a", date(2010, 3, 12), "bowl")
    put_done(store, "b", date(2011, 5, 1), "bowl")
    (store.dates_dir / "2010.toml").write_text("[dates.a\n", encoding="utf-8")
    store.forget()
    histories, errors = EarlierYears(store).before(2026, TODAY)
    assert [error.path.name for error in errors] == ["2010.toml"] and errors[0].line == 1
    assert idea_stats(IDEAS, [], TODAY, histories)["bowl"].times_done == 1
    assert idea_stats(IDEAS, [], TODAY, histories)["bowl"].last_done == date(2011, 5, 1)
    assert (store.dates_dir / "2010.toml").read_text(encoding="utf-8") == "[dates.a\n"  # never written over


def test_years_from_the_one_asked_on_are_not_summed_up(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    put_done(store, "a", date(2010, 3, 12), "bowl")
    put_done(store, "b", TODAY - timedelta(days=3), "bowl")
    histories, _ = EarlierYears(store).before(2011, TODAY)
    assert len(histories) == 1 and histories[0]["bowl"][1] == date(2010, 3, 12)


def test_a_date_both_in_a_left_over_dates_file_and_its_year_file_counts_once(
    store: Store, left_over_dates: Callable[..., None]
) -> None:
    from weekplan.earlier_years import dates_and_history

    both = SpecialDate("a", date(2020, 5, 1), "Bowling", idea="bowl", status="done")
    put_done(store, "a", both.date, "bowl")
    put_done(store, "b", date(2021, 6, 2), "bowl")  # only in its year's file
    left_over_dates(both, SpecialDate("c", date(2027, 1, 9), "Opera", idea="oper"))
    held, earlier = dates_and_history(store, TODAY, TODAY.year)
    stats = idea_stats(IDEAS, held, TODAY, earlier)
    assert (stats["bowl"].times_done, stats["bowl"].last_done) == (2, date(2021, 6, 2))
    assert stats["oper"].next_planned == date(2027, 1, 9)  # from dates.toml: 2027's cannot be read
    # The problems are named once each: the unreadable year's file, read whole.
    _, errors = EarlierYears(store).before(TODAY.year, TODAY)
    assert errors == []
    assert [e.path.name for e in store.dates(since=TODAY.year).errors] == ["2027.toml"]


def test_a_year_file_made_in_the_same_tick_as_the_listing_is_still_seen(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    store = Store.open(private_data_dir)
    put_done(store, "a", date(2010, 3, 12), "bowl")
    years = EarlierYears(store)
    listed = os.stat(store.dates_dir).st_mtime_ns
    monkeypatch.setattr("weekplan.earlier_years.now", lambda: listed / 1e9)  # dates/ changed just now
    years.before(2026, TODAY)
    put_done(Store.open(private_data_dir), "b", date(2011, 5, 1), "bowl")
    os.utime(store.dates_dir, ns=(listed, listed))  # on a file system whose times are as coarse
    assert years.changed_files() == [store.dates_path(2011)]
    # Once dates/ has settled, its time says whether anything came.
    monkeypatch.setattr("weekplan.earlier_years.now", lambda: listed / 1e9 + 60)
    years.before(2026, TODAY)
    assert years.changed_files() == []
