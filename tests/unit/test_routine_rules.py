"""The rules behind the planner's routine form, checked without a screen."""

from __future__ import annotations

from datetime import date

import pytest

from weekplan.form_rules import FieldError
from weekplan.model import Config
from weekplan.routine_rules import new_routine_fields, read_days, read_end, read_interval, read_routine
from weekplan.timewords import DaySet

CONFIG = Config()
WED = date(2026, 11, 25)


def _form(**changes: str) -> dict[str, str]:
    fields = new_routine_fields(WED, 7 * 60)
    fields.update(title="gym", days="mon,wed,fri", category="fit")
    fields.update(changes)
    return fields


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon,wed,fri", (0, 2, 4)),
        ("mon wed fri", (0, 2, 4)),
        ("Mon, Wed and Fri", (0, 2, 4)),
        ("weekdays", (0, 1, 2, 3, 4)),
        ("daily", tuple(range(7))),
        ("thursday", (3,)),
        ("sat/sun", (5, 6)),
        ("Mon/Wed/Fri", (0, 2, 4)),
        ("tue and thu", (1, 3)),
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("fri-mon", (0, 4, 5, 6)),
        ("weekends", (5, 6)),
        ("every day", tuple(range(7))),
        ("mondays", (0,)),
        ("every mon", (0,)),
    ],
)
def test_days_are_read_in_the_ways_people_write_them(text: str, days: tuple[int, ...]) -> None:
    assert read_days(text) == DaySet(days)


def test_every_other_day_of_the_week_is_every_second_week() -> None:
    assert read_days("every other mon") == DaySet((0,), 2)
    assert read_days("every other week tue") == DaySet((1,), 2)
    checked = read_routine(_form(days="every other mon", first="2026-11-23"), CONFIG, item_id="abcdefabcdef")
    assert checked.value is not None and checked.value.interval == 2
    assert checked.notes["interval"] == "every 2 weeks"
    clash = read_routine(_form(days="every other mon", interval="3"), CONFIG, item_id="abcdefabcdef")
    assert clash.errors == {"interval": "The days say every 2 weeks"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Which days"),
        ("mon funday", "'funday' is not a day"),
        ("mon,funday", "'funday' in 'mon,funday' is not a day"),
        ("mon 7pm", "only days here"),
        ("24 dec", "only days here"),
    ],
)
def test_days_that_are_not_days_say_which_word(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        read_days(text)


@pytest.mark.parametrize(
    ("text", "end"),
    [("08:00", 480), ("8am", 480), ("1h", 480), ("1h30", 510), ("1h 30m", 510), ("90m", 510), ("45 min", 465)],
)
def test_the_end_is_a_time_or_a_length(text: str, end: int) -> None:
    assert read_end(text, 7 * 60) == end


@pytest.mark.parametrize(
    ("text", "start", "message"),
    [
        ("06:00", 420, "Must end after 07:00"),
        ("2h", 23 * 60, "past midnight"),
        ("soon", 420, "'soon' is not an end time or a length"),
        ("45", 420, "'45' is not an end time or a length"),  # 45 minutes or a quarter to? Say which
    ],
)
def test_an_end_that_cannot_be_says_why(text: str, start: int, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        read_end(text, start)


def test_the_interval_is_one_by_default_and_bounded() -> None:
    assert read_interval("") == 1
    assert read_interval(" 2 ") == 2
    assert read_interval("007") == 7
    # digits Python's int() refuses or reads otherwise, and more than int() converts
    for bad in ("0", "53", "two", "²", "٣", "9" * 5000):
        with pytest.raises(FieldError, match="Every 1 to 52 weeks"):
            read_interval(bad)


def test_a_filled_form_is_a_routine_from_its_first_real_day() -> None:
    checked = read_routine(_form(first="2026-11-24", end="1h30"), CONFIG, item_id="abcdefabcdef")
    routine = checked.value
    assert checked.ok and routine is not None
    assert (routine.title, routine.category, routine.days) == ("gym", "fitness", (0, 2, 4))
    assert (routine.start, routine.end, routine.interval, routine.last) == (420, 510, 1, None)
    assert routine.first == WED  # Tuesday the 24th is not one of its days
    assert checked.notes["first"] == "first on Wed 25 Nov"
    assert checked.notes["end"] == "08:30 · 1 h 30 min"
    assert checked.notes["days"] == "Mon · Wed · Fri"


@pytest.mark.parametrize(
    ("days", "note"), [("wed", "Wednesday"), ("weekdays", "Mon–Fri"), ("daily", "every day"), ("sat sun", "Sat · Sun")]
)
def test_the_days_are_said_back_in_words(days: str, note: str) -> None:
    assert read_routine(_form(days=days), CONFIG, item_id="abcdefabcdef").notes["days"] == note


def test_every_problem_is_reported_beside_its_field_at_once() -> None:
    checked = read_routine(
        _form(title=" ", days="mon funday", start="25:00", category="zzz", first="2026-02-30", interval="0"),
        CONFIG,
        item_id="abcdefabcdef",
    )
    assert not checked.ok
    assert set(checked.errors) == {"title", "days", "start", "category", "first", "interval"}


def test_a_last_date_before_the_first_or_with_no_day_between_is_refused() -> None:
    before = read_routine(_form(last="2026-11-20"), CONFIG, item_id="abcdefabcdef")
    assert before.errors == {"last": "Before the first date"}
    never = read_routine(_form(days="mon", last="2026-11-29"), CONFIG, item_id="abcdefabcdef")
    assert "never happen" in never.errors["last"]
    every_other = read_routine(_form(interval="2", last="2026-12-31"), CONFIG, item_id="abcdefabcdef")
    assert every_other.ok and every_other.notes["interval"] == "every 2 weeks"


def test_a_new_routine_counts_every_other_week_from_its_first_day() -> None:
    """As `routine add` does: begun from a Friday, "every other tue" comes on the next
    Tuesday; an edited routine keeps the weeks it had when its days change."""
    fields = _form(days="every other tue", first="2026-12-04")
    new = read_routine(fields, CONFIG, item_id="abcdefabcdef", new=True)
    assert new.value is not None and new.value.first == date(2026, 12, 8)
    assert new.notes["first"] == "first on Tue 8 Dec"
    # An edited routine of Tuesdays from the 15th, moved to Mondays: those of its weeks.
    edited = read_routine(_form(days="every other mon", first="2026-12-15"), CONFIG, item_id="abcdefabcdef")
    assert edited.value is not None and edited.value.first == date(2026, 12, 28)


def test_a_new_routine_counts_the_weeks_the_form_shows() -> None:
    sunday_weeks = Config(first_weekday=6)
    fields = _form(days="every other sat,sun", first="2026-12-06")
    checked = read_routine(fields, sunday_weeks, item_id="abcdefabcdef", new=True)
    assert checked.value is not None and checked.value.week_start == 6
    assert checked.value.occurs_on(date(2026, 12, 12))  # the Saturday of the Sunday's shown week
    assert not checked.value.occurs_on(date(2026, 12, 19))
