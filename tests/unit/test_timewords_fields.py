"""The words of time one field at a time: go to, show's week, and the forms' date,
time, end and days fields read the same words quick add reads."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from weekplan.form_rules import read_activity
from weekplan.model import Config
from weekplan.quickadd import QuickAddError, parse_quick_add
from weekplan.routines import RoutineTextError, parse_routine
from weekplan.timewords import (
    TimeWordError,
    read_date,
    read_day_set,
    read_end,
    read_goto,
    read_length,
    read_phrase,
    read_time,
)
from weekplan.together_quickadd import parse_date, parse_idea

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        ("2027-W01", date(2027, 1, 4)),
        ("2026w48", date(2026, 11, 23)),
        ("w2", date(2027, 1, 11)),  # the nearest week 2: seven weeks on, not 46 back
        ("W53", date(2026, 12, 28)),
        ("1900-W01", date(1900, 1, 1)),
        ("3000-W01", date(2999, 12, 30)),  # its Monday is still in 2999, like "31 dec 2999"
        ("week 49", date(2026, 11, 30)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("fri", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("mon", TODAY),  # today included, as in quick add
        ("sun", date(2026, 11, 29)),
        ("next thursday", date(2026, 12, 3)),
        ("next week", date(2026, 11, 30)),
        ("24 dec", date(2026, 12, 24)),
        ("Dec 24", date(2026, 12, 24)),
        ("24/12", date(2026, 12, 24)),
        ("1 jan 2027", date(2027, 1, 1)),
        ("in 3 days", date(2026, 11, 26)),
        ("+2w", date(2026, 12, 7)),
        ("-1w", date(2026, 11, 16)),
        ("+2", date(2026, 12, 7)),
        ("+3d", date(2026, 11, 26)),
        ("- 10 days", date(2026, 11, 13)),
        ("  2026-11-27  ", date(2026, 11, 27)),
        ("end of month", date(2026, 11, 30)),
        ("End of the week", date(2026, 11, 29)),
        ("end of year", date(2026, 12, 31)),
    ],
)
def test_goto_grammar(text: str, expected: date) -> None:
    assert read_goto(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("w1", date(2026, 12, 30), date(2027, 1, 4)),  # the coming week, not last January's
        ("week 2", date(2026, 12, 30), date(2027, 1, 11)),
        ("w53", date(2027, 1, 5), date(2026, 12, 28)),  # the week just gone (2027 has no week 53)
        ("w52", date(2027, 1, 5), date(2026, 12, 21)),
        ("w48", date(2026, 12, 30), date(2026, 11, 23)),
        ("w1", date(2026, 6, 1), date(2025, 12, 29)),  # 2026-W01 begins in 2025
        ("2026-W01", date(2026, 12, 30), date(2025, 12, 29)),  # a year given is kept
    ],
)
def test_a_week_without_a_year_is_the_nearest_one(text: str, today: date, expected: date) -> None:
    assert read_goto(text, today) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Give a date, a week or a day"),
        ("someday", "'someday' is not a date, a week or a day"),
        ("2026-02-30", "'2026-02-30' is not a date in the calendar"),
        ("2026-W54", "2026 has weeks 1 to 53"),
        ("w60", "has weeks 1 to"),
        ("+99999w", "'+99999w' is beyond the calendar"),
        ("-9999w", "'-9999w' is beyond the calendar"),
        ("0001-W01", "'0001-W01': give a year from 1900 to 2999"),
        ("1000-w10", "'1000-w10': give a year from 1900 to 2999"),
        ("fri 24 dec", "two different days"),
        ("fri 19:00", "not one date, week or day"),
    ],
)
def test_goto_says_why_it_cannot(text: str, message: str) -> None:
    with pytest.raises(TimeWordError, match=re.escape(message)):
        read_goto(text, TODAY)


@pytest.mark.parametrize(
    ("text", "minutes", "end"),
    [
        ("19:30", 1170, False),
        ("7pm", 1140, False),
        ("7:30 pm", 1170, False),
        ("noon", 720, False),
        ("midnight", 0, False),
        ("midnight", 1440, True),
        ("24:00", 1440, True),
        ("12am", 1440, True),
        ("1930", 1170, False),
    ],
)
def test_a_time_field(text: str, minutes: int, end: bool) -> None:
    assert read_time(text, end=end) == minutes


@pytest.mark.parametrize(("text", "message"), [("24:00", "to start at"), ("7", "'7' is not a time"), ("", "Give")])
def test_a_time_field_refuses(text: str, message: str) -> None:
    with pytest.raises(TimeWordError, match=message):
        read_time(text)


def test_an_hour_written_19h_is_a_time_in_a_time_field_and_a_length_beside_a_start() -> None:
    assert read_time("19h") == 19 * 60
    assert read_time("12h30") == 12 * 60 + 30
    assert read_end("1h30", 10 * 60) == 11 * 60 + 30  # the end field: beside the start
    assert read_end("2h", 23 * 60, wrap=True) == 60  # a date past midnight: two hours on
    # 21 hours after 19:00 cannot be; 21:00 after it can
    assert read_end("21h", 19 * 60) == read_end("21h", 19 * 60, wrap=True) == 21 * 60
    assert read_end("21h30", 19 * 60) == 21 * 60 + 30
    # an hour from 13 on is the time however early the start: never 21 hours on
    assert read_end("21h", 10 * 60) == read_end("21h", 2 * 60) == 21 * 60
    assert read_end("2h", 10 * 60) == 12 * 60  # up to 12: a length
    assert read_length("2h") == 120
    assert read_length("12h30") == 12 * 60 + 30


def test_an_end_field_takes_a_time_or_a_length() -> None:
    assert read_end("9pm", 19 * 60) == 21 * 60
    assert read_end("1h 30m", 19 * 60) == 20 * 60 + 30
    assert read_end("for 2 hours", 19 * 60) == 21 * 60
    assert read_end("3h", 22 * 60, wrap=True) == 60  # a special date may run past midnight
    with pytest.raises(TimeWordError, match="past midnight"):
        read_end("3h", 22 * 60)


@pytest.mark.parametrize("text", ["90m", "1h30", "1h 30m", "1.5h", "for 90 minutes", "an hour and"])
def test_one_length_many_ways(text: str) -> None:
    if text == "an hour and":
        with pytest.raises(TimeWordError):
            read_length(text)
    else:
        assert read_length(text) == (60 if text == "an hour" else 90)


@pytest.mark.parametrize(
    ("text", "expected"), [("fri", date(2026, 11, 27)), ("24 dec", date(2026, 12, 24)), ("31.12.", date(2026, 12, 31))]
)
def test_a_date_field_reads_as_quick_add_does(text: str, expected: date) -> None:
    assert read_date(text, TODAY) == expected
    assert parse_quick_add(f"{text} 19:00 x", Config(), TODAY).date == expected  # one reading everywhere


def test_day_sets_in_a_field() -> None:
    assert read_day_set("Mon/Wed/Fri").days == (0, 2, 4)
    assert read_day_set("every other mon").interval == 2
    with pytest.raises(TimeWordError, match="Which days"):
        read_day_set(" ")


def test_the_words_of_time_load_without_textual() -> None:
    code = "import sys, weekplan.timewords; print(any(m.startswith('textual') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


DAY_WORDS = ["fri", "next tue", "this sun", "tomorrow", "in 3 days", "+2w", "24 dec", "dec 24", "24/12", "2027-01-05"]
TIME_WORDS = ["19:00", "7pm", "7:30 pm", "9:00 PM", "noon", "08:15", "9am"]
LENGTH_WORDS = ["90m", "1h30", "1h 30m", "for 2 hours", "45 min", "an hour"]


@given(
    st.sampled_from(DAY_WORDS), st.sampled_from(TIME_WORDS), st.sampled_from(LENGTH_WORDS), st.permutations(range(3))
)
def test_one_reading_in_quick_add_and_in_the_fields(day: str, time: str, length: str, order: list[int]) -> None:
    words = [day, time, length]
    text = " ".join(words[i] for i in order) + " title"
    activity = parse_quick_add(text, Config(), TODAY)
    assert activity.date == read_date(day, TODAY)
    assert activity.start == read_time(time)
    assert activity.end == read_end(length, read_time(time))


# -- control characters: refused where typed words are read, for every reader -----------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("fri 19:00 climb\x1b[31m", "the text holds a control character"),
        ("fri 19:00 climbing #fit\x9bness", "the text holds a control character"),
        ('fri 19:00 "climb\ting"', "the title holds a control character"),  # quoted: kept as typed
        ('fri 19:00 "climb\ning"', "the title holds a control character"),
    ],
)
def test_a_control_character_typed_is_refused_by_the_phrase_reader(text: str, reason: str) -> None:
    with pytest.raises(TimeWordError, match=reason):
        read_phrase(text, TODAY)


def test_a_tab_or_a_line_break_between_words_is_a_space() -> None:
    assert read_phrase("fri\t19:00\nclimbing", TODAY).title == ["climbing"]


@pytest.mark.parametrize(
    "parse",
    [
        lambda text: parse_quick_add(f"fri 19:00 {text}", Config(), TODAY),
        lambda text: parse_date(f"sat 19:00 {text}", TODAY),
        lambda text: parse_idea(text, TODAY),
        lambda text: parse_routine(f"mon 07:00 {text}", Config(), TODAY),
    ],
    ids=["quick add", "dates add", "ideas add", "routine add"],
)
def test_every_typed_line_refuses_a_control_character_in_a_quoted_title(parse: Callable[[str], object]) -> None:
    # One rule for all four: a tab kept literally in a quoted title is refused by each.
    with pytest.raises(ValueError, match="the title holds a control character"):
        parse('"Pic\tnic"')
    with pytest.raises(ValueError, match="the text holds a control character"):
        parse("Pic\x1bnic")


def test_a_routine_is_refused_a_control_character_by_read_phrase_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # read_phrase is the one place that refuses it: the routine's reader asks nothing else.
    import weekplan.routines as routines

    refused: list[str] = []

    def reading_phrase(text: str, today: date, *, first_weekday: int = 0, language: str = "") -> object:
        try:
            return read_phrase(text, today, first_weekday=first_weekday, language=language)
        except TimeWordError as exc:
            refused.append(str(exc))
            raise

    monkeypatch.setattr(routines, "read_phrase", reading_phrase)
    for text, why in (("mon 07:00 Pic\x1bnic", "the text holds"), ('mon 07:00 "Pic\tnic"', "the title holds")):
        with pytest.raises(ValueError, match=f"{why} a control character"):
            parse_routine(text, Config(), TODAY)
        assert refused[-1] == f"{why} a control character"
    assert len(refused) == 2


SEPARATORS = ["\x1c", "\x1d", "\x1e", "\x1f", "\x1b", "\x85"]


@pytest.mark.parametrize("control", SEPARATORS, ids=[hex(ord(c)) for c in SEPARATORS])
def test_a_field_of_one_kind_refuses_a_control_character_str_split_would_take_for_a_space(control: str) -> None:
    # "mon\x1c" once read as mon: str.split and str.strip take \x1c to \x1f for blanks.
    readers: list[Callable[[str], object]] = [
        lambda text: read_time(f"19:00{text}"),
        lambda text: read_end(f"21:00{text}", 19 * 60),
        lambda text: read_length(f"1h30{text}"),
        lambda text: read_date(f"mon{text}", TODAY),
        lambda text: read_goto(f"w48{text}", TODAY),
        lambda text: read_day_set(f"mon{text}"),
    ]
    for reader in readers:
        with pytest.raises(TimeWordError, match="the text holds a control character"):
            reader(control)
        reader("")  # the same field without it reads


def test_the_control_characters_refused_are_unicodes_own_list() -> None:
    import unicodedata

    from weekplan.timewords import typed_control_character

    for point in range(0x110000):
        char = chr(point)
        if char in "\t\n":
            continue  # a space between typed words
        assert typed_control_character(char) is (unicodedata.category(char) == "Cc"), hex(point)


SUNDAY = date(2026, 12, 6)  # the first day of the planner's week when it starts on Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The week shown on this Sunday is 6-12 December: "this" names its days,
        # "next" those of 13-19 December.
        ("this sat", date(2026, 12, 12)),
        ("this mon", date(2026, 12, 7)),
        ("this sun", SUNDAY),
        ("next mon", date(2026, 12, 14)),
        ("next sun", date(2026, 12, 13)),
        ("last sat", date(2026, 12, 5)),  # the last one before today, whatever the week
        ("sat", date(2026, 12, 12)),
    ],
)
def test_this_and_next_name_the_planners_week_when_it_starts_on_sunday(text: str, expected: date) -> None:
    sunday_first = Config(first_weekday=6)
    assert read_date(text, SUNDAY, first_weekday=6) == expected
    assert read_goto(text, SUNDAY, first_weekday=6) == expected
    assert parse_quick_add(f"{text} 10:00 swim", sunday_first, SUNDAY).date == expected
    assert parse_date(f"{text} 19:00 dinner", SUNDAY, first_weekday=6).date == expected
    checked = read_activity(
        {"title": "swim", "date": text, "start": "10:00", "end": "11:00", "category": ""},
        sunday_first,
        item_id="n",
        done=False,
        today=SUNDAY,
    )
    assert checked.value is not None and checked.value.date == expected


def test_this_and_next_name_the_iso_week_when_it_starts_on_monday() -> None:
    # The same Sunday is the last day of a Monday week: "this sat" was yesterday.
    assert read_date("this sat", SUNDAY) == date(2026, 12, 5)
    assert parse_quick_add("next mon 10:00 swim", Config(), SUNDAY).date == date(2026, 12, 7)
    # A week starting on Saturday: on a Friday, "this sat" is last Saturday's week's.
    friday = date(2026, 12, 4)
    assert read_date("this sat", friday, first_weekday=5) == date(2026, 11, 28)
    assert read_date("next fri", friday, first_weekday=5) == date(2026, 12, 11)


MIDNIGHT_WORDS = [
    "00:00",
    "0:00",
    "midnight",
    "12am",
    "12:00am",
    "12 am",
    "12a",
    "12a.m.",
    "12 a.m.",
    "٠٠:٠٠",
    "２４:００",
]


@pytest.mark.parametrize("words", MIDNIGHT_WORDS)
def test_midnight_as_an_end_is_the_days_end_in_the_form_and_in_quick_add(words: str) -> None:
    """However midnight is written, after a later start it ends the day, in the form's
    end field and in quick add alike: one rule, not a list of spellings in each."""
    assert read_end(words, 22 * 60) == 24 * 60
    assert read_time(words, end=True) == 24 * 60
    activity = parse_quick_add(f"fri 22:00 - {words} party", Config(), TODAY)
    assert (activity.start, activity.end, activity.title) == (22 * 60, 24 * 60, "party")


@pytest.mark.parametrize("words", [w for w in MIDNIGHT_WORDS if w != "２４:００"])
def test_midnight_as_a_start_is_the_days_first_minute(words: str) -> None:
    assert read_time(words) == 0


@pytest.mark.parametrize("text", ["fri 00:00-00:00 party", "fri midnight-midnight party", "fri 12am - 00:00 party"])
def test_a_start_and_an_end_both_at_midnight_are_refused(text: str) -> None:
    with pytest.raises(QuickAddError, match="the end is not after the start"):
        parse_quick_add(text, Config(), TODAY)


@pytest.mark.parametrize(
    ("today", "first_weekday", "week", "month", "year"),
    [
        (date(2026, 11, 30), 0, date(2026, 12, 6), date(2026, 11, 30), date(2026, 12, 31)),  # the month's last day
        (date(2028, 2, 3), 0, date(2028, 2, 6), date(2028, 2, 29), date(2028, 12, 31)),  # a leap year
        (date(2026, 12, 31), 6, date(2027, 1, 2), date(2026, 12, 31), date(2026, 12, 31)),  # weeks from Sunday
        (date(2026, 11, 29), 0, date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 31)),  # a Sunday
    ],
)
def test_the_end_of_a_week_month_or_year_is_its_last_day_today_included(
    today: date, first_weekday: int, week: date, month: date, year: date
) -> None:
    def read(text: str) -> date:
        return read_date(text, today, first_weekday=first_weekday)

    assert (read("end of week"), read("end of the month"), read("end of year")) == (week, month, year)
    line = parse_quick_add("rent end of month 9:00", Config(first_weekday=first_weekday), today)
    assert (line.date, line.title) == (month, "rent")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("end of month fri", "two different days ('fri', but 'end of month' is a Monday): give one"),
        ("fri end of month", "two different days ('fri', but 'end of month' is a Monday): give one"),
        ("end of week end of month", "two different days ('end of week' and 'end of month'): give one"),
        ("end of year party", "'party' is not a date I can read"),
    ],
)
def test_an_end_of_month_beside_another_day_in_a_date_field_says_so(text: str, message: str) -> None:
    with pytest.raises(TimeWordError, match=re.escape(message)):
        read_date(text, TODAY)


def test_an_end_of_month_beside_its_own_weekday_in_a_date_field_is_that_day() -> None:
    assert read_date("end of month mon", TODAY) == date(2026, 11, 30)


def test_the_end_of_a_month_is_a_date_to_a_routine_and_a_day_to_an_idea() -> None:
    with pytest.raises(RoutineTextError, match="'end of month' is a date"):
        parse_routine("rent end of month 9:00", Config(), TODAY)
    with pytest.raises(QuickAddError, match="'end of month' is a day"):
        parse_idea("write the report end of month", TODAY)
    assert parse_idea("end of year party", TODAY).title == "end of year party"
