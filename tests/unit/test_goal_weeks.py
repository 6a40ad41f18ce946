"""Goals know since when they apply: a week is judged by the goals it had, and a goal
set or changed today never rewrites how past weeks went."""

from __future__ import annotations

from datetime import date

from weekplan.model import Activity, Config, Goal
from weekplan.store import Store
from weekplan.together import goal_in_force, goals_in_force, revise_goal, weekly_review
from weekplan.weeks import IsoWeek

W40, W45, W48, W49, W50 = (IsoWeek(2026, n) for n in (40, 45, 48, 49, 50))


def test_a_goal_applies_from_its_week_on_and_earlier_versions_before() -> None:
    goal = Goal("fitness", 3, since="2026-W45", earlier=(Goal("fitness", 2, since="2026-W40"),))
    assert goal_in_force(goal, IsoWeek(2026, 39)) is None
    assert goal_in_force(goal, W40) == Goal("fitness", 2, since="2026-W40")
    assert goal_in_force(goal, IsoWeek(2026, 44)).count == 2  # type: ignore[union-attr]
    assert goal_in_force(goal, W45).count == 3  # type: ignore[union-attr]
    assert goal_in_force(goal, IsoWeek(2027, 2)).count == 3  # type: ignore[union-attr]
    # A goal from before weekplan kept weeks applies to every week.
    assert goal_in_force(Goal("hobby", hours=4), IsoWeek(1999, 1)) == Goal("hobby", hours=4)


def test_setting_changing_and_dropping_keep_what_past_weeks_had() -> None:
    new = revise_goal(None, Goal("fitness", 2), W40)
    assert new == Goal("fitness", 2, since="2026-W40")
    changed = revise_goal(new, Goal("fitness", 3), W45)
    assert changed is not None
    assert [goal_in_force(changed, w).count for w in (W40, W48)] == [2, 3]  # type: ignore[union-attr]
    # Changed again in the same week: that week's version is replaced, not stacked.
    again = revise_goal(changed, Goal("fitness", hours=5), W45)
    assert again is not None and len(again.earlier) == 1
    assert goal_in_force(again, W48) == Goal("fitness", hours=5, since="2026-W45")
    dropped = revise_goal(again, None, W49)
    assert dropped is not None and not dropped.active
    assert goal_in_force(dropped, W48) is not None and goal_in_force(dropped, W49) is None
    assert goals_in_force([dropped], W50) == []
    # Dropping what is dropped changes nothing; a goal set and dropped in one week is gone.
    assert revise_goal(dropped, None, W50) == dropped
    assert revise_goal(revise_goal(None, Goal("rest", 1), W49), None, W49) is None
    back = revise_goal(dropped, Goal("fitness", 1), W50)
    assert back is not None
    assert [goal_in_force(back, w) is not None for w in (W48, W49, W50)] == [True, False, True]


def test_the_history_is_written_deterministically_and_read_back(store: Store) -> None:
    goal = revise_goal(revise_goal(Goal("fitness", 2), Goal("fitness", 3), W45), None, W49)
    assert goal is not None
    store.put_goal(goal)
    text = store.goals_path.read_text()
    assert text == (
        "[goals.fitness]\n"
        'since = "2026-W49"\n'
        "\n"
        "[goals.fitness.earlier.always]\n"
        "count = 2\n"
        "\n"
        "[goals.fitness.earlier.2026-W45]\n"
        "count = 3\n"
    )
    assert Store(store.root).goals().items["fitness"] == goal
    store.put_goal(Store(store.root).goals().items["fitness"])
    assert store.goals_path.read_text() == text


def test_a_bad_week_in_goals_toml_is_reported_and_the_file_kept(store: Store) -> None:
    store.goals_path.write_text('[goals.fitness]\ncount = 3\nsince = "2026-W60"\n')
    goals = Store(store.root).goals()
    assert goals.readonly and "2026 has weeks 1 to 53" in str(goals.errors[0])


def test_the_review_judges_a_week_by_its_goals_not_those_set_since() -> None:
    # Goals set on Saturday 5 December (week 49): week 48 had none of them.
    config = Config()
    set_today = [revise_goal(None, Goal(c, 1), W49) for c in ("fitness", "hobby")]
    goals = [g for g in set_today if g is not None]
    ran = Activity("r", date(2026, 11, 24), 7 * 60, 8 * 60, "run", "fitness", done=True)
    review = weekly_review(date(2026, 11, 23), [ran], [], goals, config, date(2026, 12, 5))
    assert review.goals == []
    # A goal that changed in week 49 judges week 48 by what it was then.
    fitness = revise_goal(Goal("fitness", 1, since="2026-W40"), Goal("fitness", 4), W49)
    assert fitness is not None
    review = weekly_review(date(2026, 11, 23), [ran], [], [fitness], config, date(2026, 12, 5))
    assert [(g.label, g.met) for g in review.goals] == [("Fitness 1/1×", True)]
