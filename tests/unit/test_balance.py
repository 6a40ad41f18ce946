from __future__ import annotations

from datetime import date

from weekplan.balance import date_minutes, week_balance
from weekplan.model import Activity, Config, SpecialDate

DAY = date(2026, 11, 24)


def act(start: int, end: int, category: str, **kw: object) -> Activity:
    return Activity(f"a{start}{category}", DAY, start, end, "x", category, **kw)  # type: ignore[arg-type]


def test_minutes_per_own_category_and_together() -> None:
    balance = week_balance(
        [act(420, 480, "fitness"), act(600, 690, "fitness"), act(1140, 1260, "friends"), act(600, 660, "together")],
        [SpecialDate("d1", DAY, "dinner", start=1170, end=1290)],
        Config(),
    )
    assert balance.own_minutes["fitness"] == 150
    assert balance.own_minutes["friends"] == 120
    assert balance.own_minutes["rest"] == 0
    assert "together" not in balance.own_minutes
    assert balance.together_minutes == 60 + 120
    assert balance.together_count == 2
    assert balance.own_total == 270


def test_skipped_and_cancelled_do_not_count_and_unknown_categories_do() -> None:
    balance = week_balance(
        [act(420, 480, "fitness", skipped=True), act(420, 450, "pottery")],
        [SpecialDate("d1", DAY, "gig", start=1200, end=1320, status="cancelled")],
        Config(),
    )
    assert balance.own_minutes["fitness"] == 0
    assert balance.own_minutes["pottery"] == 30
    assert balance.together_minutes == 0 and balance.together_count == 0


def test_date_across_midnight_and_without_times() -> None:
    assert date_minutes(SpecialDate("d", DAY, "late", start=22 * 60, end=60)) == 180
    assert date_minutes(SpecialDate("d", DAY, "all day")) == 0
