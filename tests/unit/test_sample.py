"""The sample data set behind `weekplan demo` and the screenshots: valid, the same
every time for the same day, and showing what it promises on any day of the week."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from weekplan.model import Config
from weekplan.occurrence_ids import is_occurrence
from weekplan.sample import sample_data, write_sample
from weekplan.store import Store
from weekplan.together import (
    free_evening,
    goal_progress,
    idea_stats,
    review_week_start,
    upcoming_dates,
    weekly_review,
)
from weekplan.weeks import view_start

TODAY = date(2026, 11, 23)  # the Monday conftest pins WEEKPLAN_TODAY to (2026-W48)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


def test_written_sample_passes_check_and_reads_back_whole(store: Store) -> None:
    data = write_sample(store, TODAY)
    assert store.check() == []
    fresh = Store(store.root)
    assert set(fresh.dates().items.values()) == set(data.dates)
    assert set(fresh.ideas().items.values()) == set(data.ideas)
    assert set(fresh.goals().items.values()) == set(data.goals)
    assert sorted(fresh.all_activities(), key=lambda a: a.id) == sorted(data.activities, key=lambda a: a.id)
    assert list(fresh.routines().items.values()) == list(data.routines)
    week, note = data.notes[0]
    assert fresh.week_note(week) == note


def test_same_day_same_bytes(tmp_path: Path) -> None:
    first, second = Store.open(tmp_path / "one"), Store.open(tmp_path / "two")
    write_sample(first, TODAY)
    write_sample(second, TODAY)
    assert files(first.root) == files(second.root)
    assert len(files(first.root)) >= 6  # config, dates, ideas, goals and several weeks
    assert sample_data(TODAY) == sample_data(TODAY)


def test_ids_are_unique_and_do_not_depend_on_the_day() -> None:
    now, later = sample_data(TODAY), sample_data(TODAY + timedelta(days=3))
    ids = [a.id for a in now.activities] + [d.id for d in now.dates] + [i.id for i in now.ideas]
    assert len(ids) == len(set(ids))
    assert [i.id for i in now.ideas] == [i.id for i in later.ideas]
    assert [d.id for d in now.dates] == [d.id for d in later.dates]


@pytest.mark.parametrize("offset", range(7))
def test_what_the_demo_promises_holds_on_every_weekday(offset: int) -> None:
    today = TODAY + timedelta(days=offset)
    data = sample_data(today)
    config = Config()
    first = view_start(today, 0)

    # Activities in last week, this week and next, across own categories, a weekly
    # class among them as a routine.
    shown = data.activities_shown
    weeks = {view_start(a.date, 0) for a in shown}
    assert weeks == {first - timedelta(days=7), first, first + timedelta(days=7)}
    categories = {a.category for a in shown}
    assert {"fitness", "friends", "learning", "career", "new"} <= categories
    assert not any(a.done for a in shown if a.date >= today)
    assert [r.title for r in data.routines] == ["Spanish class"]
    assert len([a for a in shown if is_occurrence(a)]) == 3

    # Two planned dates ahead, one with its preparation on the panel.
    upcoming = upcoming_dates(data.dates, today)
    assert [u.special.status for u in upcoming] == ["planned", "planned"]
    assert [u.prep is not None for u in upcoming] == [False, True]

    # A dozen ideas: some never tried, some done through past dates, one twice.
    stats = idea_stats(data.ideas, data.dates, today)
    assert len(stats) == 12
    never = [s for s in stats.values() if s.never_tried]
    assert 4 <= len(never) < 12
    assert max(s.times_done for s in stats.values()) == 2
    assert all(d.idea in stats for d in data.dates)

    # Goals count what was done: last week's are some met, some not.
    last = first - timedelta(days=7)
    last_week = [a for a in shown if last <= a.date < first]
    last_dates = [d for d in data.dates if last <= d.date < first]
    progress = goal_progress(data.goals, last_week, last_dates, config)
    assert any(p.met for p in progress) and not all(p.met for p in progress)

    # The review of last week has something to do, and so has the one `r` opens (from
    # Friday on, the week that is ending); suggest finds an evening.
    review = weekly_review(last, shown, data.dates, data.goals, config, today)
    assert review.done and review.open and review.skipped and review.to_rate
    opened = weekly_review(review_week_start(today, 0), shown, data.dates, data.goals, config, today)
    assert opened.done and opened.open and opened.to_rate
    assert free_evening(first, shown, data.dates, config, today) is not None


def test_on_the_pinned_monday_the_panel_reads_naturally() -> None:
    data = sample_data(TODAY)
    soon, later = upcoming_dates(data.dates, TODAY)
    assert (soon.special.title, soon.countdown) == ("Night market and street food", "in 5 days")
    assert later.prep is not None and later.prep.label == "book a table — due in 4 days"
    evening = free_evening(TODAY, data.activities_shown, data.dates, Config(), TODAY)
    assert evening is not None and evening.day == date(2026, 11, 27)  # Friday


def test_with_a_partner_the_past_dates_carry_both_ratings_and_nothing_else_changes(store: Store) -> None:
    from weekplan.people import ratings_of
    from weekplan.sample import ME, PARTNER

    data = write_sample(store, TODAY, partner=True)
    alone = sample_data(TODAY)
    fresh = Store(store.root)
    assert fresh.check() == [] and fresh.config.partner.me == ME
    dates = fresh.dates().items
    rated = [d for d in alone.dates if d.rating is not None]
    assert rated
    for special in rated:  # this person's rating is the one the sample had, the partner's beside it
        names = dict(ratings_of(dates[special.id]))
        assert names[ME] == special.rating and 1 <= names[PARTNER] <= 5
        assert dates[special.id].rating is None
    review = weekly_review(TODAY - timedelta(days=7), [], dates.values(), [], fresh.config, TODAY)
    assert [d.title for d in review.to_rate] == ["Museum late opening"]  # the partner rated it, I have not
    assert any(len(i.loves) == 2 for i in data.ideas) and any(len(i.loves) == 1 for i in data.ideas)
    assert [d.id for d in data.dates] == [d.id for d in alone.dates]
    assert data.activities == alone.activities and data.goals == alone.goals


@pytest.mark.parametrize("offset", range(7))
def test_the_demos_partner_leaves_an_evening_free_for_both(tmp_path: Path, offset: int) -> None:
    from weekplan.partner_busy import evenings_for_both, read_partner_busy

    today = TODAY + timedelta(days=offset)
    store = Store.open(tmp_path / "demo")
    write_sample(store, today, partner=True)
    store = Store.open(store.root)
    assert store.config.partner.shared and store.config.partner.me == "Alex"
    assert store.check() == []
    first = view_start(today, 0)
    found = read_partner_busy(store, first, first + timedelta(days=6))
    assert found.errors == [] and found.people == ["Kim"]
    assert any(b.title for b in found.times) and any(not b.title for b in found.times)
    offer = evenings_for_both(store, first, today)
    assert offer.for_both and offer.note() == ""
    assert offer.evenings and offer.evenings[-1].day.weekday() == 6  # Sunday is free for both
    assert all(e.day.weekday() != 4 for e in offer.evenings)  # Friday is the partner's choir
    assert not (store.root / "partner-remote.git").exists()  # nothing real is ever reached


def test_without_the_partner_the_sample_is_as_before(tmp_path: Path) -> None:
    plain, partnered = Store.open(tmp_path / "plain"), Store.open(tmp_path / "partnered")
    write_sample(plain, TODAY)
    write_sample(partnered, TODAY, partner=True)
    assert not Store.open(plain.root).config.partner.shared
    assert not (plain.root / "together").exists()
    # The own week is the same; the Together files differ by the partner's ratings and loves.
    together = ("together/", "dates/", "ideas.toml", "config.toml")
    own = {k: v for k, v in files(partnered.root).items() if not k.startswith(together)}
    assert own == {k: v for k, v in files(plain.root).items() if not k.startswith(together)}
    assert any(k.startswith("weeks/") for k in own) and "routines.toml" in own
