"""Free evenings, upcoming dates with preparation, goal progress and the weekly review
with carry-over: the week-shaped half of Together."""

from __future__ import annotations

import itertools
import tomllib
from datetime import date, timedelta

import pytest

from weekplan.model import Activity, Config, Goal, Idea, SpecialDate
from weekplan.record import replace
from weekplan.together import (
    FreeEvening,
    busy_intervals,
    carry_over,
    countdown,
    date_span,
    evening_window,
    free_evening,
    free_evenings,
    goal_progress,
    prep_due,
    rate_date,
    review_week_start,
    suggest,
    upcoming_dates,
    weekly_review,
)

TODAY = date(2026, 11, 23)  # the Monday conftest pins WEEKPLAN_TODAY to (2026-W48)
MON = TODAY
H = 60


def day(offset: int) -> date:
    return MON + timedelta(days=offset)


def act(ident: str, offset: int, start: float, end: float, category: str = "fitness", **kw: object) -> Activity:
    return Activity(ident, day(offset), int(start * H), int(end * H), f"title {ident}", category, **kw)  # type: ignore[arg-type]


def special(ident: str, offset: int, start: float | None = None, end: float | None = None, **kw: object) -> SpecialDate:
    s = None if start is None else int(start * H)
    e = None if end is None else int(end * H)
    return SpecialDate(ident, day(offset), f"date {ident}", s, e, **kw)  # type: ignore[arg-type]


def every_evening_busy() -> list[Activity]:
    return [act(f"e{i}", i, 19, 21, "friends") for i in range(7)]


# -- free evenings ------------------------------------------------------------------------


def test_first_evening_with_nothing_in_it() -> None:
    activities = [act("a", 0, 18.5, 19.5), act("b", 1, 7, 8), act("c", 1, 21.5, 22.5)]
    found = free_evening(MON, activities, [], Config(), TODAY)
    assert found == FreeEvening(day(2), 18 * H, 22 * H)
    assert found.describe() == "Wed 25 Nov 18:00–22:00"


def test_touching_the_edges_of_the_window_leaves_it_free() -> None:
    activities = [act("a", 0, 17, 18), act("b", 0, 22, 23)]
    assert free_evening(MON, activities, [], Config(), TODAY) == FreeEvening(day(0), 18 * H, 22 * H)


def test_a_week_with_no_free_evening_gives_none() -> None:
    assert free_evening(MON, every_evening_busy(), [], Config(), TODAY) is None
    assert free_evenings(MON, every_evening_busy(), [], Config(), TODAY) == []


def test_dates_count_skipped_activities_and_cancelled_dates_do_not() -> None:
    activities = every_evening_busy()
    activities[3] = replace(activities[3], skipped=True)
    dates = [special("d", 5, 19, 22), special("c", 6, 19, 22, status="cancelled")]
    activities[5] = replace(activities[5], date=day(4))
    activities[6] = replace(activities[6], date=day(4))
    assert [e.day for e in free_evenings(MON, activities, dates, Config(), TODAY)] == [day(3), day(6)]


def test_a_date_without_times_takes_the_day_and_one_without_an_end_the_rest_of_it() -> None:
    dates = [special("allday", 0), special("open", 1, 21)]
    assert [e.day for e in free_evenings(MON, [], dates, Config(), TODAY)][:1] == [day(2)]
    assert busy_intervals(day(1), [], dates) == [(21 * H, 24 * H)]


def test_a_date_across_midnight_blocks_its_evening_and_the_small_hours_after() -> None:
    late = special("late", 4, 21, 1)  # Friday 21:00 to Saturday 01:00
    assert busy_intervals(day(4), [], [late]) == [(21 * H, 24 * H)]
    assert busy_intervals(day(5), [], [late]) == [(0, 1 * H)]
    activities = [a for a in every_evening_busy() if a.date not in (day(4), day(5))]
    assert [e.day for e in free_evenings(MON, activities, [late], Config(), TODAY)] == [day(5)]
    # A night owl's evening reaches past midnight's spill-over only if the day starts that early.
    owl = Config(day_start=0, day_end=24 * H, evening_start=0, evening_end=2 * H)
    assert day(5) not in [e.day for e in free_evenings(MON, [], [late], owl, TODAY)]
    assert date_span(late) == "21:00–01:00 (+1)"


def test_this_week_offers_evenings_from_today_on_only() -> None:
    wednesday = day(2)
    activities = [act("w", 2, 19, 21), act("t", 3, 19, 21)]
    assert free_evening(MON, activities, [], Config(), wednesday) == FreeEvening(day(4), 18 * H, 22 * H)
    # Today's own evening is still ahead.
    assert free_evening(MON, [], [], Config(), wednesday) == FreeEvening(wednesday, 18 * H, 22 * H)
    # A week that is over has nothing to offer.
    assert free_evening(MON - timedelta(days=7), [], [], Config(), TODAY) is None


def test_the_evening_window_comes_from_config_and_stays_inside_the_day() -> None:
    assert evening_window(Config()) == (18 * H, 22 * H)
    assert evening_window(Config(evening_start=int(19.5 * H), evening_end=int(23.5 * H))) == (19.5 * H, 23 * H)
    assert evening_window(Config(evening_start=19 * H)) == (19 * H, 22 * H)
    assert evening_window(Config(evening_start=23 * H)) == (18 * H, 22 * H)  # after the default end: the default
    assert evening_window(Config(day_start=6 * H, day_end=17 * H)) == (15 * H, 17 * H)
    activities = [act("a", 0, 21.5, 22.5)]
    config = Config(evening_start=19 * H, evening_end=21 * H)
    assert free_evening(MON, activities, [], config, TODAY) == FreeEvening(day(0), 19 * H, 21 * H)


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        ('evening_start = "late"', "'late' is not a time"),
        ("evening_end = 21", "'evening_end' must be"),
        ('evening_start = "21:00"\nevening_end = "20:00"', "'evening_end' must be after 'evening_start'"),
    ],
)
def test_a_wrong_evening_in_config_is_a_warning_not_quietly_the_default(lines: str, problem: str) -> None:
    raw = tomllib.loads(lines)
    config, problems, warnings = Config.from_toml(raw)
    assert problems == []
    assert [message for _table, _key, message in warnings if problem in message and "18:00–22:00 is used" in message]
    assert evening_window(config) == (18 * H, 22 * H)
    assert {key: config.to_toml()[key] for key in raw} == raw  # the file keeps what it says


def test_the_evening_is_written_back_as_it_was_read() -> None:
    config, problems, warnings = Config.from_toml({"evening_start": "19:30", "evening_end": "23:00"})
    assert problems == warnings == [] and (config.evening_start, config.evening_end) == (19.5 * H, 23 * H)
    written = config.to_toml()
    assert (written["evening_start"], written["evening_end"]) == ("19:30", "23:00")
    assert "evening_start" not in Config().to_toml()


def test_suggest_bundles_the_order_and_the_evening() -> None:
    ideas = [Idea("b", "Bowling", tags=("indoor",)), Idea("p", "Picnic", tags=("outdoor",))]
    dates = [SpecialDate("old", TODAY - timedelta(days=30), "b", idea="b", status="done")]
    found = suggest(ideas, dates, every_evening_busy()[:6], Config(), MON, TODAY)
    assert [s.idea.id for s in found.ideas] == ["p", "b"]
    assert found.first is not None and found.first.idea.id == "p"
    assert found.evening == FreeEvening(day(6), 18 * H, 22 * H)
    assert [s.idea.id for s in suggest(ideas, dates, [], Config(), MON, TODAY, ["indoor"]).ideas] == ["b"]
    assert suggest(ideas, dates, [], Config(), MON, TODAY, ["sea"]).first is None


# -- upcoming dates and preparation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "text"), [(0, "today"), (1, "tomorrow"), (3, "in 3 days"), (-1, "yesterday"), (-4, "4 days ago")]
)
def test_countdown(offset: int, text: str) -> None:
    assert countdown(day(offset), TODAY) == text


def test_upcoming_dates_soonest_first_without_past_or_cancelled() -> None:
    dates = [
        special("later", 9, 19, 22),
        special("past", -2, 19, 22),
        special("gone", 3, status="cancelled"),
        special("evening", 3, 20, 23),
        special("allday", 3),
        special("now", 0, 19, 21),
    ]
    upcoming = upcoming_dates(dates, TODAY)
    assert [u.special.id for u in upcoming] == ["now", "allday", "evening", "later"]
    assert [u.countdown for u in upcoming] == ["today", "in 3 days", "in 3 days", "in 9 days"]
    assert [u.days for u in upcoming] == [0, 3, 3, 9]
    everything = upcoming_dates(dates, TODAY, include_past=True)
    assert [u.special.id for u in everything][:2] == ["past", "now"]
    assert everything[0].countdown == "2 days ago" and len(everything) == 6


@pytest.mark.parametrize(
    ("today_offset", "label"),
    [
        (-14 - 7, "book a table — due in 7 days"),
        (-14 - 3, "book a table — due in 3 days"),
        (-14 - 1, "book a table — due tomorrow"),
        (-14, "book a table — due today"),
        (-14 + 2, "book a table — overdue by 2 days"),
        (-1, "book a table — overdue by 13 days"),
        (0, "book a table — overdue by 14 days"),
    ],
)
def test_preparation_falls_due_its_days_before(today_offset: int, label: str) -> None:
    dinner = special("dinner", 30, 19.5, 22, prep="book a table", prep_days=14)
    now = dinner.date + timedelta(days=today_offset)
    due = prep_due(dinner, now)
    assert due is not None and due.label == label
    assert due.due == dinner.date - timedelta(days=14)


def test_preparation_is_quiet_too_early_after_the_date_and_once_done_or_cancelled() -> None:
    dinner = special("dinner", 30, 19.5, 22, prep="book a table", prep_days=14)
    assert prep_due(dinner, dinner.date - timedelta(days=14 + 8)) is None
    assert prep_due(dinner, dinner.date + timedelta(days=1)) is None
    early = dinner.date - timedelta(days=14)
    assert prep_due(replace(dinner, status="done"), early) is None
    assert prep_due(replace(dinner, status="cancelled"), early) is None
    assert prep_due(replace(dinner, prep="  "), early) is None
    same_day = replace(dinner, prep="buy flowers", prep_days=None)
    assert prep_due(same_day, dinner.date).label == "buy flowers — due today"  # type: ignore[union-attr]
    assert prep_due(dinner, early, notice_days=0) is not None
    assert prep_due(dinner, early - timedelta(days=1), notice_days=0) is None


def test_preparation_ticked_off_stays_in_view_marked_done_and_no_longer_overdue() -> None:
    dinner = special("dinner", 30, 19.5, 22, prep="book a table", prep_days=14, prep_done=True)
    overdue_day = dinner.date - timedelta(days=3)
    ready = prep_due(dinner, overdue_day)
    assert ready is not None and ready.done
    assert (ready.when, ready.label) == ("done", "✓ book a table — done")
    assert prep_due(dinner, dinner.date - timedelta(days=14 + 8)) is None  # still quiet too early
    assert prep_due(replace(dinner, status="cancelled"), overdue_day) is None


def test_upcoming_dates_carry_their_preparation() -> None:
    dates = [special("d", 17, 19, 22, prep="book a table", prep_days=14), special("e", 2, 19, 22)]
    upcoming = upcoming_dates(dates, TODAY)
    assert upcoming[0].prep is None
    assert upcoming[1].prep is not None and upcoming[1].prep.label == "book a table — due in 3 days"


# -- goals ---------------------------------------------------------------------------------------


def test_count_and_hour_goals_met_and_missed() -> None:
    activities = [
        act("f1", 0, 7, 8, done=True),
        act("f2", 2, 7, 8, done=True),
        act("f3", 4, 7, 8, skipped=True),
        act("f4", 5, 7, 8),  # planned, not done yet
        act("h1", 1, 18, 20.5, "hobby", done=True),
        act("h2", 5, 10, 11.5, "hobby", done=True),
        act("h3", 6, 10, 11, "hobby"),
        act("r1", 6, 10, 11, "friends", done=True),
        act("r2", 6, 19, 21, "friends"),
    ]
    goals = [Goal("hobby", hours=4), Goal("fitness", count=2), Goal("friends", count=2)]
    progress = goal_progress(goals, activities, [], Config())
    assert [p.goal.category for p in progress] == ["fitness", "friends", "hobby"]  # config order
    fitness, friends, hobby = progress
    assert (fitness.done, fitness.planned, fitness.met, fitness.label) == (2, 1, True, "Fitness 2/2×")
    assert (friends.done, friends.planned, friends.met, friends.fraction) == (1, 1, False, 0.5)
    assert (hobby.done, hobby.planned, hobby.met, hobby.label, hobby.unit) == (4.0, 1.0, True, "Hobby 4/4 h", "h")


def test_goals_count_what_was_done_not_what_was_planned() -> None:
    planned = [act(f"f{i}", i, 7, 8) for i in range(4)]
    (progress,) = goal_progress([Goal("fitness", count=3)], planned, [], Config())
    assert (progress.done, progress.planned, progress.met) == (0, 4, False)
    assert progress.label == "Fitness 0/3×"
    dates = [special("ahead", 5, 19, 22), special("went", 1, 19, 22, status="done")]
    (together,) = goal_progress([Goal("together", count=2)], [], dates, Config())
    assert (together.done, together.planned, together.met) == (1, 1, False)


def test_together_goals_count_dates_with_their_whole_length_across_midnight() -> None:
    dates = [special("late", 6, 22, 1, status="done"), special("gone", 2, 19, 22, status="cancelled")]
    activities = [act("t", 3, 19, 20.5, "together", done=True)]
    hours, count = goal_progress([Goal("together", hours=5), Goal("together", count=2)], activities, dates, Config())
    assert hours.done == 4.5 and not hours.met
    assert count.done == 2 and count.met


def test_goals_for_unknown_categories_show_their_id_and_partial_hours() -> None:
    pottery = [act("p", 0, 18, 18.75, "pottery", done=True)]
    (progress,) = goal_progress([Goal("pottery", hours=2)], pottery, [], Config())
    assert progress.label == "pottery 0.75/2 h"
    assert not progress.met and progress.fraction == pytest.approx(0.375)


# -- weekly review and carry-over -------------------------------------------------------------------


def test_review_splits_last_week_and_lists_dates_to_rate() -> None:
    last = review_week_start(TODAY, 0)
    assert last == MON - timedelta(days=7)
    activities = [
        act("done", -7, 7, 8, done=True),
        act("skip", -5, 7, 8, skipped=True),
        act("open", -3, 18, 20, "hobby"),
        act("this", 0, 7, 8),  # this week: not part of last week's review
    ]
    dates = [
        special("rated", -4, 19, 22, rating=4, status="done"),
        special("unrated", -2, 22, 1),  # last Saturday, past midnight: over, and to rate
        special("cancelled", -1, 19, 22, status="cancelled"),
        special("older", -20, 19, 22, status="done"),
        special("today", 0, 19, 22),
    ]
    goals = [Goal("fitness", count=2), Goal("hobby", hours=2)]
    review = weekly_review(last, activities, dates, goals, Config(), TODAY)
    assert [a.id for a in review.done] == ["done"]
    assert [a.id for a in review.skipped] == ["skip"]
    assert [a.id for a in review.open] == ["open"]
    assert [a.id for a in review.not_done] == ["skip", "open"]
    assert [d.id for d in review.to_rate] == ["unrated", "older"]
    # Two hours of hobby were planned but never done: the goal is missed.
    assert [g.goal.category for g in review.goals_met] == []
    assert [g.goal.category for g in review.goals_missed] == ["fitness", "hobby"]


def test_review_week_start_follows_the_first_weekday() -> None:
    assert review_week_start(date(2026, 11, 25), 6) == date(2026, 11, 15)  # Sunday-first weeks


def test_the_review_looks_at_the_week_ending_from_friday_on() -> None:
    # Monday to Thursday: the week before.  Friday to Sunday: the week that is ending.
    for day in range(23, 27):
        assert review_week_start(date(2026, 11, day), 0) == date(2026, 11, 16)
    for day in range(27, 30):
        assert review_week_start(date(2026, 11, day), 0) == date(2026, 11, 23)
    # Saturday 5 December reviews 30 Nov – 6 Dec, not the week before it.
    assert review_week_start(date(2026, 12, 5), 0) == date(2026, 11, 30)
    # Sunday-first weeks (Sun–Sat): Friday and Saturday review the week ending; on
    # Sunday a new week has begun, and the review looks at the one just ended.
    assert review_week_start(date(2026, 12, 4), 6) == date(2026, 11, 29)
    assert review_week_start(date(2026, 12, 6), 6) == date(2026, 11, 29)
    assert review_week_start(date(2026, 12, 3), 6) == date(2026, 11, 22)


def test_carry_over_copies_to_the_same_weekday_and_time_with_new_ids() -> None:
    unfinished = [act("tue", -6, 18, 20, "hobby", notes="bring clay"), act("sun", -1, 10, 11, "rest")]
    ids = (f"new{i}" for i in itertools.count())
    copies = carry_over(unfinished, MON, make_id=lambda: next(ids))
    assert [(c.id, c.date, c.start, c.end) for c in copies] == [
        ("new0", day(1), 18 * H, 20 * H),
        ("new1", day(6), 10 * H, 11 * H),
    ]
    assert all(not c.done and not c.skipped for c in copies)
    assert copies[0].title == "title tue" and copies[0].category == "hobby" and copies[0].notes == "bring clay"
    assert unfinished[0].date == day(-6)  # the originals are left as they were


def test_carry_over_into_a_week_that_starts_on_another_weekday() -> None:
    sunday_first = MON - timedelta(days=1)  # a Sunday-first view: Sun 22 .. Sat 28 Nov
    (copy,) = carry_over([act("mon", -7, 7, 8)], sunday_first + timedelta(days=7))
    assert copy.date == date(2026, 11, 30) and copy.date.weekday() == 0


def test_carrying_twice_does_not_double() -> None:
    unfinished = [act("a", -6, 18, 20, "hobby", done=True), act("b", -5, 7, 8)]
    first = carry_over(unfinished, MON)
    assert len(first) == 2 and first[0].done is False
    assert carry_over(unfinished, MON, existing=first) == []
    assert len({c.id for c in first} | {a.id for a in unfinished}) == 4


def test_rating_a_past_planned_date_makes_it_done() -> None:
    rated = rate_date(special("d", -2, 19, 22), 5, "the rain on the roof")
    assert (rated.rating, rated.status, rated.memory) == (5, "done", "the rain on the roof")
    kept = rate_date(replace(rated, memory="kept"), 3)
    assert kept.memory == "kept" and kept.rating == 3
    with pytest.raises(ValueError, match="1 to 5"):
        rate_date(rated, 6)
