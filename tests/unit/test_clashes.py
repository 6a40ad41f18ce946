"""What an edit lands on: overlaps and entries made twice, said but never refused."""

from __future__ import annotations

from datetime import date

from weekplan.clashes import clash_warning, clashes, is_duplicate
from weekplan.model import Activity, SpecialDate

MONDAY = date(2026, 11, 23)


def act(ident: str, start: int, end: int, title: str = "gym", day: date = MONDAY, **kw) -> Activity:  # type: ignore[no-untyped-def]
    return Activity(ident, day, start * 60, end * 60, title, "fitness", **kw)


def test_overlaps_are_found_on_the_same_day_only_and_touching_is_no_clash() -> None:
    gym = act("a", 9, 11)
    others = [act("b", 10, 12, "call"), act("c", 11, 12, "lunch"), act("d", 10, 11, "swim", day=date(2026, 11, 24))]
    assert [o.id for o in clashes(gym, others, 30)] == ["b"]
    assert clashes(gym, [gym], 30) == []  # never with itself


def test_a_date_over_an_activity_and_the_other_way_round() -> None:
    dinner = SpecialDate("d", MONDAY, "dinner", 19 * 60, 22 * 60)
    climbing = act("c", 20, 21, "climbing")
    assert clashes(dinner, [climbing], 30) == [climbing]
    assert clashes(climbing, [dinner], 30) == [dinner]
    # A date without an end takes one slot; one past midnight runs to the day's end.
    assert clashes(SpecialDate("e", MONDAY, "drinks", 20 * 60 + 30), [climbing], 30)
    assert clashes(SpecialDate("f", MONDAY, "late", 22 * 60, 1 * 60), [act("g", 23, 24)], 30)
    # An all-day date shares no time; a cancelled date or a skipped activity takes none.
    assert clashes(SpecialDate("h", MONDAY, "birthday"), [climbing], 30) == []
    assert clashes(SpecialDate("i", MONDAY, "x", 20 * 60, 21 * 60, status="cancelled"), [climbing], 30) == []
    assert clashes(dinner, [act("j", 20, 21, skipped=True)], 30) == []


def test_a_duplicate_is_the_same_title_day_and_time_under_another_id() -> None:
    gym = act("a", 9, 10, "Gym")
    assert is_duplicate(gym, act("b", 9, 10, " gym "))
    assert not is_duplicate(gym, act("a", 9, 10, "Gym"))  # the same entry
    assert not is_duplicate(gym, act("b", 9, 11, "Gym"))
    assert not is_duplicate(gym, SpecialDate("b", MONDAY, "Gym", 9 * 60, 10 * 60))


def test_the_warning_names_what_is_shared() -> None:
    gym = act("a", 9, 10, "gym")
    assert clash_warning(gym, [], 30) is None
    twice = clash_warning(gym, [act("b", 9, 10, "gym")], 30)
    assert twice is not None and "twice" in twice and "Mon 23 Nov" in twice and "09:00–10:00" in twice
    one = clash_warning(gym, [act("c", 9, 12, "call mum")], 30)
    assert one == "“gym” overlaps “call mum” (09:00–12:00) on Mon 23 Nov"
    dinner = SpecialDate("d", MONDAY, "dinner", 9 * 60, 10 * 60)
    many = clash_warning(gym, [dinner, act("e", 9, 10, "swim")], 30)
    assert many is not None and "the date “dinner”" in many and "and 1 more" in many
