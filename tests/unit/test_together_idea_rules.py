"""Idea statistics, suggestion order and novelty: derived from the dates that used an
idea, never stored, and measured from the day the new date is planned for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weekplan.model import Config, Idea, SpecialDate
from weekplan.store import Store
from weekplan.together import (
    all_tags,
    date_from_idea,
    idea_stats,
    matches_tags,
    novelty_reach,
    novelty_warning,
    sort_ideas,
    suggestion_order,
    time_ago,
)

TODAY = date(2026, 11, 23)  # the Monday conftest pins WEEKPLAN_TODAY to (2026-W48)
BOWLING = Idea("bowl", "Bowling", tags=("indoor", "cheap"))
MARKET = Idea("mark", "Night market", kind="place", tags=("outdoor", "Cheap"))
OPERA = Idea("oper", "Opera", tags=("indoor", "pricey"))
PICNIC = Idea("picn", "Picnic", tags=("outdoor",))


def dated(ident: str, day: date, idea: str, status: str = "planned", **kw: object) -> SpecialDate:
    return SpecialDate(ident, day, f"date {ident}", idea=idea, status=status, **kw)  # type: ignore[arg-type]


# -- statistics ---------------------------------------------------------------------


def test_done_and_past_planned_count_cancelled_and_future_do_not() -> None:
    dates = [
        dated("d1", TODAY - timedelta(days=30), "bowl", "done"),
        dated("d2", TODAY - timedelta(days=3), "bowl"),  # planned, day over: it happened
        dated("d3", TODAY - timedelta(days=1), "bowl", "cancelled"),
        dated("d4", TODAY, "bowl"),  # today is not over yet
        dated("d5", TODAY + timedelta(days=9), "bowl"),
    ]
    stats = idea_stats([BOWLING, OPERA], dates, TODAY)
    assert stats["bowl"].times_done == 2
    assert stats["bowl"].last_done == TODAY - timedelta(days=3)
    assert stats["bowl"].next_planned == TODAY
    assert not stats["bowl"].never_tried
    assert stats["oper"].times_done == 0 and stats["oper"].last_done is None and stats["oper"].never_tried


def test_an_idea_used_twice_in_one_week_counts_twice_and_the_later_is_last_done() -> None:
    monday = TODAY - timedelta(days=7)
    dates = [dated("b", monday + timedelta(days=5), "bowl", "done"), dated("a", monday + timedelta(days=1), "bowl")]
    stats = idea_stats([BOWLING], dates, TODAY)["bowl"]
    assert stats.times_done == 2
    assert stats.last_done == monday + timedelta(days=5)


def test_dates_for_unknown_ideas_are_ignored_and_stats_are_not_stored_on_the_idea() -> None:
    stats = idea_stats([BOWLING], [dated("x", TODAY - timedelta(days=2), "gone", "done")], TODAY)
    assert list(stats) == ["bowl"]
    assert stats["bowl"].times_done == 0
    assert "times_done" not in BOWLING.to_toml() and "last_done" not in BOWLING.to_toml()


# -- suggestion order ---------------------------------------------------------------


def test_never_tried_first_then_least_recently_done_then_already_planned() -> None:
    dates = [
        dated("p1", TODAY - timedelta(days=10), "picn", "done"),
        dated("b1", TODAY - timedelta(days=60), "bowl", "done"),
        dated("m1", TODAY + timedelta(days=4), "mark"),  # never done, but already on its way
    ]
    order = [s.idea.id for s in suggestion_order([PICNIC, BOWLING, MARKET, OPERA], dates, TODAY)]
    assert order == ["oper", "bowl", "picn", "mark"]


def test_never_tried_ideas_keep_a_stable_alphabetical_order() -> None:
    ideas = [Idea("z", "zoo"), Idea("a", "Aquarium"), Idea("m", "museum")]
    assert [s.idea.title for s in suggestion_order(ideas, [], TODAY)] == ["Aquarium", "museum", "zoo"]


def test_equal_last_done_prefers_the_less_often_done() -> None:
    day = TODAY - timedelta(days=20)
    dates = [
        dated("o1", day, "oper", "done"),
        dated("o0", day - timedelta(days=200), "oper", "done"),
        dated("b1", day, "bowl", "done"),
    ]
    assert [s.idea.id for s in suggestion_order([OPERA, BOWLING], dates, TODAY)] == ["bowl", "oper"]


def test_tag_filter_needs_every_tag_and_ignores_case() -> None:
    ideas = [BOWLING, MARKET, OPERA, PICNIC]
    assert [s.idea.id for s in suggestion_order(ideas, [], TODAY, ["cheap"])] == ["bowl", "mark"]
    assert [s.idea.id for s in suggestion_order(ideas, [], TODAY, ["CHEAP", "outdoor"])] == ["mark"]
    assert suggestion_order(ideas, [], TODAY, ["underwater"]) == []
    assert all_tags(ideas) == ["cheap", "indoor", "outdoor", "pricey"]


def test_display_sorts() -> None:
    dates = [dated("p", TODAY - timedelta(days=3), "picn", "done"), dated("b", TODAY - timedelta(days=40), "bowl")]
    dates.append(dated("b2", TODAY - timedelta(days=50), "bowl", "done"))
    stats = idea_stats([PICNIC, BOWLING, OPERA], dates, TODAY).values()
    assert [s.idea.id for s in sort_ideas(stats, "title")] == ["bowl", "oper", "picn"]
    assert [s.idea.id for s in sort_ideas(stats, "times_done")] == ["bowl", "picn", "oper"]
    assert [s.idea.id for s in sort_ideas(stats, "last_done")] == ["picn", "bowl", "oper"]
    with pytest.raises(ValueError, match="cannot sort"):
        sort_ideas(stats, "colour")


def test_date_from_idea_links_the_idea_and_names_a_place() -> None:
    special = date_from_idea(MARKET, TODAY, 1140, 1320, make_id=lambda: "new1")
    assert (special.id, special.idea, special.title, special.place) == ("new1", "mark", "Night market", "Night market")
    assert special.status == "planned" and (special.start, special.end) == (1140, 1320)
    assert date_from_idea(BOWLING, TODAY).place == ""


# -- novelty ----------------------------------------------------------------------------


def test_done_three_weeks_ago_warns_warmly() -> None:
    dates = [dated("old", TODAY - timedelta(days=21), "bowl", "done")]
    warning = novelty_warning("bowl", TODAY + timedelta(days=5), dates, Config(), TODAY)
    assert warning is not None
    assert warning.kind == "recent" and warning.other.id == "old"
    assert warning.message == "You did this 3 weeks ago — maybe something new?"


@pytest.mark.parametrize(("gap", "warns"), [(56, True), (57, False), (55, True)])
def test_window_edges_are_measured_from_the_new_dates_day(gap: int, warns: bool) -> None:
    new_day = TODAY + timedelta(days=12)
    dates = [dated("old", new_day - timedelta(days=gap), "bowl", "done")]
    assert (novelty_warning("bowl", new_day, dates, Config(), TODAY) is not None) is warns


def test_window_follows_config_and_zero_turns_it_off() -> None:
    dates = [dated("old", TODAY - timedelta(days=15), "bowl", "done")]
    assert novelty_warning("bowl", TODAY, dates, Config(novelty_weeks=2), TODAY) is None
    assert novelty_warning("bowl", TODAY, dates, Config(novelty_weeks=3), TODAY) is not None
    same_week = [dated("sw", TODAY + timedelta(days=1), "bowl")]
    assert novelty_warning("bowl", TODAY + timedelta(days=2), same_week, Config(novelty_weeks=0), TODAY) is None


def test_a_second_use_in_the_same_week_is_named_as_such() -> None:
    saturday = TODAY + timedelta(days=5)
    dates = [dated("sat", saturday, "bowl"), dated("long", TODAY - timedelta(days=7), "bowl", "done")]
    warning = novelty_warning("bowl", TODAY + timedelta(days=1), dates, Config(), TODAY)
    assert warning is not None and warning.kind == "same_week" and warning.other.id == "sat"
    assert warning.message == "This is already planned on Sat 28 Nov, the same week — maybe something new?"


def test_same_week_follows_the_configured_first_weekday() -> None:
    # Sunday 29 Nov and Monday 30 Nov: two weeks when they start on Monday, one when on Saturday.
    sunday = date(2026, 11, 29)
    dates = [dated("sun", sunday, "bowl")]
    monday = date(2026, 11, 30)
    assert novelty_warning("bowl", monday, dates, Config(), TODAY).kind == "recent"  # type: ignore[union-attr]
    saturday_first = Config(first_weekday=5)  # weeks Saturday..Friday
    assert novelty_warning("bowl", monday, dates, saturday_first, TODAY).kind == "same_week"  # type: ignore[union-attr]


def test_an_upcoming_date_from_the_idea_also_warns() -> None:
    dates = [dated("soon", TODAY + timedelta(days=20), "bowl")]
    warning = novelty_warning("bowl", TODAY + timedelta(days=3), dates, Config(), TODAY)
    assert warning is not None and warning.kind == "recent"
    assert warning.message == "This is already planned for Sun 13 Dec — maybe something new?"


def test_cancelled_other_ideas_and_the_date_being_edited_do_not_warn() -> None:
    dates = [
        dated("c", TODAY - timedelta(days=3), "bowl", "cancelled"),
        dated("o", TODAY - timedelta(days=3), "oper", "done"),
        dated("self", TODAY + timedelta(days=2), "bowl"),
    ]
    assert novelty_warning("bowl", TODAY + timedelta(days=3), dates, Config(), TODAY, editing="self") is None
    assert novelty_warning("", TODAY, dates, Config(), TODAY) is None
    assert novelty_warning("bowl", TODAY + timedelta(days=3), dates, Config(), TODAY) is not None


def test_the_nearest_use_is_the_one_mentioned() -> None:
    dates = [dated("far", TODAY - timedelta(days=40), "bowl", "done"), dated("near", TODAY - timedelta(days=9), "bowl")]
    warning = novelty_warning("bowl", TODAY + timedelta(days=4), dates, Config(), TODAY)
    assert warning is not None and warning.other.id == "near"
    assert warning.message == "You did this 9 days ago — maybe something new?"


@pytest.mark.parametrize(
    ("days", "text"), [(0, "today"), (1, "yesterday"), (6, "6 days ago"), (13, "13 days ago"), (14, "2 weeks ago")]
)
def test_time_ago(days: int, text: str) -> None:
    assert time_ago(TODAY - timedelta(days=days), TODAY) == text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-120, 120), st.sampled_from(["bowl", "oper"]), st.sampled_from(["planned", "done", "cancelled"])
        ),
        max_size=12,
    ),
    st.integers(-60, 60),
    st.integers(0, 10),
    st.integers(0, 6),
)
def test_the_dates_beyond_novelty_reach_never_change_a_warning(
    others: list[tuple[int, str, str]], offset: int, weeks: int, first_weekday: int
) -> None:
    # What the planner reads for a warning is novelty_reach's span, not every year.
    config = Config(novelty_weeks=weeks, first_weekday=first_weekday)
    day = TODAY + timedelta(days=offset)
    dates = [dated(f"d{n}", day + timedelta(days=shift), idea, kind) for n, (shift, idea, kind) in enumerate(others)]
    first, last = novelty_reach(day, config)
    near = [d for d in dates if first <= d.date <= last]
    assert novelty_warning("bowl", day, near, config, TODAY) == novelty_warning("bowl", day, dates, config, TODAY)


def test_tags_of_two_cases_are_one_tag_in_the_file_the_filters_and_the_list(store: Store) -> None:
    # One rule (model.tag_key): the file keeps "#Friends" once, the filters find it by
    # any case, and the list of tags to choose from names it once.
    store.put_idea(Idea("iiiiiiiiiiii", "picnic", "activity", ("Friends", "friends ", "cheap")))
    text = store.ideas_path.read_text("utf-8")
    assert 'tags = [\n    "Friends",\n    "cheap",\n]' in text
    (idea,) = Store(store.root).ideas().items.values()
    assert idea.tags == ("Friends", "cheap")
    assert matches_tags(idea, ["FRIENDS"]) and matches_tags(idea, [" friends"])
    other = Idea("jjjjjjjjjjjj", "museum", "place", ("friends",))
    assert all_tags([idea, other]) == ["cheap", "friends"]


def test_a_file_with_one_tag_in_two_cases_reads_it_once(store: Store) -> None:
    store.ideas_path.write_text('[ideas.iiiiiiiiiiii]\ntitle = "picnic"\ntags = ["Friends", "friends"]\n', "utf-8")
    assert Store(store.root).ideas().items["iiiiiiiiiiii"].tags == ("Friends",)
