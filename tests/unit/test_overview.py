"""The overview's arithmetic: which weeks a month or several weeks show, how full each
day is and with what, and each week judged by its own goals and what was done."""

from __future__ import annotations

from datetime import date

from weekplan.model import Activity, Config, Goal, SpecialDate
from weekplan.overview import MONTH, WEEKS, overview, shifted, span_of
from weekplan.record import replace


def _activity(ident: str, day: date, start: int, end: int, category: str, **kw: object) -> Activity:
    return Activity(ident, day, start * 60, end * 60, ident, category, **kw)  # type: ignore[arg-type]


def test_a_month_shows_every_week_that_has_one_of_its_days() -> None:
    # November 2026 starts on a Sunday and ends on a Monday: six Monday-first weeks.
    assert span_of(MONTH, date(2026, 11, 23), 0) == (date(2026, 10, 26), 6)
    # February 2027 starts on a Monday and has 28 days: exactly four weeks.
    assert span_of(MONTH, date(2027, 2, 10), 0) == (date(2027, 2, 1), 4)
    # Sunday-first weeks move the span with them.
    assert span_of(MONTH, date(2026, 11, 23), 6) == (date(2026, 11, 1), 5)


def test_several_weeks_start_a_week_back_and_pages_turn_by_months_or_eight_weeks() -> None:
    assert span_of(WEEKS, date(2026, 11, 25), 0) == (date(2026, 11, 16), 8)
    assert shifted(MONTH, date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert shifted(MONTH, date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert shifted(WEEKS, date(2026, 11, 25), -1) == date(2026, 9, 30)


def test_a_day_sums_its_planned_time_by_category_and_leaves_out_what_did_not_happen() -> None:
    config = Config()
    day = date(2026, 11, 24)
    activities = [
        _activity("gym", day, 7, 9, "fitness", done=True),
        _activity("read", day, 20, 21, "hobby"),
        _activity("skipped", day, 12, 13, "fitness", skipped=True),
    ]
    dates = [
        SpecialDate("d1", day, "dinner", 19 * 60, 22 * 60),
        SpecialDate("d2", day, "cancelled", 10 * 60, 11 * 60, status="cancelled"),
    ]
    (week,) = overview(date(2026, 11, 23), 1, activities, dates, [], config)
    tuesday = week.days[1]
    assert dict(tuesday.minutes) == {"fitness": 120, "hobby": 60, "together": 180}
    assert tuesday.planned == 360
    assert (tuesday.dates, tuesday.done, tuesday.total) == (1, 1, 3)
    # In time order, the date before the activity at the same hour; the cancelled left out.
    assert [(e.title, e.together) for e in tuesday.entries] == [
        ("gym", False),
        ("dinner", True),
        ("read", False),
    ]
    assert week.days[0].planned == 0 and week.days[0].entries == ()


def test_each_week_is_judged_by_what_was_done_not_what_was_planned() -> None:
    config = Config()
    monday = date(2026, 11, 23)
    activities = [
        _activity("g1", monday, 7, 8, "fitness", done=True),
        _activity("g2", date(2026, 11, 25), 7, 8, "fitness"),  # planned, not done
        _activity("g3", date(2026, 12, 1), 7, 8, "fitness", done=True),
    ]
    weeks = overview(monday, 2, activities, [], [Goal("fitness", count=1)], config)
    assert [(w.number, w.goals_met, len(w.goals)) for w in weeks] == [(48, 1, 1), (49, 1, 1)]
    assert weeks[0].goals[0].done == 1  # the planned run does not count


def test_titles_are_shown_as_the_week_shows_them() -> None:
    from weekplan.display_text import one_line

    monday = date(2026, 11, 23)
    titles = ["climbing", "a\tb\nc", "\x1b]0;owned\x07x", "\u202eevil", "\U0001f469\u200d\U0001f467 family"]
    activities = [_activity(f"t{i}", monday, 7 + i, 8 + i, "rest") for i in range(len(titles))]
    activities = [replace(a, title=t) for a, t in zip(activities, titles, strict=True)]
    weeks = overview(monday, 1, activities, [], [], Config())
    assert [e.title for e in weeks[0].days[0].entries] == [one_line(t) for t in titles]
    assert "\ufffd" not in "".join(e.title for e in weeks[0].days[0].entries)
