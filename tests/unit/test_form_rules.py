"""The rules behind the planner's forms, checked without a screen."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from weekplan.form_rules import (
    FieldError,
    activity_fields,
    category_matches,
    default_end,
    read_activity,
    read_category,
    read_day,
    read_special,
    read_time,
    special_fields,
)
from weekplan.model import Activity, Category, Config, SpecialDate

TODAY = date(2026, 11, 23)  # a Monday
CONFIG = Config()


def _activity_form(**changes: str) -> dict[str, str]:
    fields = {
        "title": "Climbing",
        "date": "2026-11-27",
        "start": "19:00",
        "end": "21:00",
        "category": "fit",
        "notes": "",
    }
    fields.update(changes)
    return fields


def _date_form(**changes: str) -> dict[str, str]:
    fields = {"title": "Dinner", "date": "2026-12-04", "start": "", "end": "", "place": ""}
    fields.update(changes)
    return fields


# -- single fields -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("19:30", 1170), ("7:05", 425), ("0000", 0), (" 23:59 ", 1439), ("1930", 1170), ("7pm", 1140), ("noon", 720)],
)
def test_read_time_accepts_clock_times(text: str, minutes: int) -> None:
    assert read_time(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Give a time"),
        ("soon", "'soon' is not a time"),
        ("25:00", "'25:00' is not a time of day"),
        ("12:60", "'12:60' is not a time of day"),
        ("13pm", "'13pm' is not a time of day"),
        ("7", "'7' is not a time"),
        ("fri", "not one time of day"),
    ],
)
def test_read_time_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        read_time(text)


def test_midnight_at_the_end_of_the_day_is_only_an_end() -> None:
    assert read_time("24:00", allow_24=True) == 24 * 60
    with pytest.raises(FieldError, match="23:59"):
        read_time("24:00")
    with pytest.raises(FieldError):
        read_time("24:30", allow_24=True)


def test_read_day_tells_a_bad_shape_from_a_day_not_in_the_calendar() -> None:
    assert read_day("2028-02-29") == date(2028, 2, 29)
    assert read_day("27/11/2026") == date(2026, 11, 27)
    assert read_day("fri", TODAY) == date(2026, 11, 27)
    assert read_day("24 dec", TODAY) == date(2026, 12, 24)
    with pytest.raises(FieldError, match="'2026-02-29' is not a date in the calendar"):
        read_day("2026-02-29")
    with pytest.raises(FieldError, match="'11/27/2026' is not a date: there is no month 27"):
        read_day("11/27/2026")
    with pytest.raises(FieldError, match="'someday' is not a date"):
        read_day("someday")
    with pytest.raises(FieldError, match="Give a date"):
        read_day(" ")
    # Far enough out, a week or a year of arithmetic would overflow Python's dates.
    for far in ("9999-12-31", "0001-01-01", "3000-01-01"):
        with pytest.raises(FieldError, match="give a year from 1900 to 2999"):
            read_day(far)


def test_category_by_id_name_or_unique_prefix() -> None:
    assert read_category(CONFIG, "fitness") == "fitness"
    assert read_category(CONFIG, "Something new") == "new"
    assert read_category(CONFIG, "#car") == "career"
    assert read_category(CONFIG, "LEA") == "learning"


def test_category_that_is_ambiguous_unknown_or_empty() -> None:
    with pytest.raises(FieldError, match="Could be fitness or friends"):
        read_category(CONFIG, "f")
    with pytest.raises(FieldError, match="No category 'zzz'"):
        read_category(CONFIG, "zzz")
    assert read_category(CONFIG, "") == ""  # none: your own time, in a neutral colour
    assert read_category(CONFIG, " ", suggested="friends") == "friends"  # as before with this title


def test_category_matches_lists_what_the_text_could_mean() -> None:
    assert [c.id for c in category_matches(CONFIG, "f")] == ["fitness", "friends"]
    assert [c.id for c in category_matches(CONFIG, "rest")] == ["rest"]
    assert category_matches(CONFIG, "") == []


def test_an_exact_id_wins_over_prefixes_of_other_categories() -> None:
    config = Config(categories=(Category("run", "Run", "#111111"), Category("running", "Running", "#222222")))
    assert read_category(config, "run") == "run"
    with pytest.raises(FieldError, match="Could be"):
        read_category(config, "ru")


def test_an_item_keeps_a_category_that_config_no_longer_lists() -> None:
    assert read_category(CONFIG, "choir", keep="choir") == "choir"
    with pytest.raises(FieldError):
        read_category(CONFIG, "choir")


def test_default_end_stays_on_the_same_day() -> None:
    assert default_end(19 * 60, 60) == 20 * 60
    assert default_end(23 * 60 + 30, 60) == 24 * 60


# -- activity form -------------------------------------------------------------


def test_a_valid_activity_form() -> None:
    checked = read_activity(_activity_form(notes="  with Sam "), CONFIG, item_id="new1", done=True)

    assert checked.ok
    assert checked.value == Activity(
        "new1", date(2026, 11, 27), 19 * 60, 21 * 60, "Climbing", "fitness", True, notes="with Sam"
    )
    assert checked.notes == {"category": "Fitness", "date": "Fri 27 Nov 2026 · week 48", "end": "21:00 · 2 h"}


def test_the_activity_form_reads_the_words_quick_add_reads() -> None:
    fields = {"title": "Dinner", "date": "next tue", "start": "7:30pm", "end": "1h30", "category": ""}
    checked = read_activity(fields, CONFIG, item_id="n", done=False, today=TODAY)
    assert checked.value == Activity("n", date(2026, 12, 1), 19 * 60 + 30, 21 * 60, "Dinner", "")
    assert checked.notes["category"] == "none: your own time, in a neutral colour"
    assert checked.notes["end"] == "21:00 · 1 h 30 min"


def test_the_date_field_reads_month_names_in_the_planners_language() -> None:
    fields = {"title": "Essen", "date": "24. Dez.", "start": "19:00", "end": "21:00", "category": ""}
    checked = read_activity(fields, Config(language="de"), item_id="n", done=False, today=TODAY)
    assert checked.value is not None and checked.value.date == date(2026, 12, 24)
    english = read_activity(fields, CONFIG, item_id="n", done=False, today=TODAY)
    assert english.value is None and "date" in english.errors  # "dez" is no English month


def test_an_empty_category_takes_the_earlier_one_with_the_same_title() -> None:
    earlier = {"climbing": "friends", "chess": "gone"}.get
    fields = {"title": "climbing", "date": "fri", "start": "19:00", "end": "21:00", "category": ""}
    checked = read_activity(fields, CONFIG, item_id="n", done=False, today=TODAY, earlier=earlier)
    assert checked.value is not None and checked.value.category == "friends"
    assert checked.notes["category"] == "friends, as before with this title"
    typed = read_activity({**fields, "category": "rest"}, CONFIG, item_id="n", done=False, today=TODAY, earlier=earlier)
    assert typed.value is not None and typed.value.category == "rest"  # what is typed wins
    gone = read_activity({**fields, "title": "chess"}, CONFIG, item_id="n", done=False, today=TODAY, earlier=earlier)
    assert gone.value is not None and gone.value.category == ""  # config.toml no longer has it
    edited = Activity("old", date(2026, 11, 20), 600, 660, "climbing", "")
    kept = read_activity(fields, CONFIG, item_id="old", done=False, base=edited, today=TODAY, earlier=earlier)
    assert kept.value is not None and kept.value.category == ""  # editing never picks one for you


def test_every_problem_of_an_activity_form_is_reported_by_field() -> None:
    checked = read_activity(
        {"title": "  ", "date": "2026-13-01", "start": "9:99", "end": "xx", "category": "f"},
        CONFIG,
        item_id="x",
        done=False,
    )

    assert checked.value is None
    assert set(checked.errors) == {"title", "date", "start", "end", "category"}


def test_an_activity_must_end_after_it_starts() -> None:
    checked = read_activity(_activity_form(start="19:00", end="19:00"), CONFIG, item_id="x", done=False)
    assert checked.errors == {"end": "Must end after 19:00"}
    checked = read_activity(_activity_form(start="19:00", end="08:00"), CONFIG, item_id="x", done=False)
    assert checked.errors == {"end": "Must end after 19:00"}


def test_an_activity_may_end_at_midnight() -> None:
    checked = read_activity(_activity_form(start="23:00", end="24:00"), CONFIG, item_id="x", done=False)
    assert checked.value is not None and checked.value.end == 24 * 60


def test_editing_an_activity_keeps_its_id_skipped_flag_and_unknown_fields() -> None:
    old = Activity("keep", date(2026, 11, 24), 600, 660, "Run", "fitness", skipped=True, extra={"mood": "good"})
    fields = activity_fields(old) | {"title": "Long run", "end": "12:00"}

    changed = read_activity(fields, CONFIG, item_id="ignored", done=False, base=old).value

    assert changed is not None
    assert (changed.id, changed.title, changed.end, changed.skipped) == ("keep", "Long run", 720, True)
    assert changed.extra == {"mood": "good"}


def test_activity_fields_read_back_to_the_same_activity() -> None:
    old = Activity("a", date(2026, 11, 24), 425, 24 * 60, "Late", "rest", notes="n")
    assert read_activity(activity_fields(old), CONFIG, item_id="a", done=False, base=old).value == old


# -- special date form ---------------------------------------------------------


def test_a_special_date_needs_only_a_title_and_a_day() -> None:
    checked = read_special(_date_form(), item_id="d1", idea="", status="planned")
    assert checked.value == SpecialDate("d1", date(2026, 12, 4), "Dinner")


def test_a_special_date_may_cross_midnight() -> None:
    checked = read_special(_date_form(start="22:00", end="01:30"), item_id="d1", idea="", status="planned")
    assert checked.value is not None and (checked.value.start, checked.value.end) == (22 * 60, 90)
    assert checked.notes["end"] == "ends the next day"


def test_special_date_time_problems() -> None:
    same = read_special(_date_form(start="20:00", end="20:00"), item_id="d", idea="", status="planned")
    assert "end" in same.errors
    no_start = read_special(_date_form(end="23:00"), item_id="d", idea="", status="planned")
    assert no_start.errors == {"start": "Give a start for the end time"}
    bad = read_special(_date_form(start="24:00", end="25:00"), item_id="d", idea="", status="planned")
    assert set(bad.errors) == {"start", "end"}


def test_preparation_needs_both_what_and_when() -> None:
    only_what = read_special(_date_form(prep="book the table"), item_id="d", idea="", status="planned")
    assert only_what.errors == {"prep_days": "How many days before?"}
    only_days = read_special(_date_form(prep_days="14"), item_id="d", idea="", status="planned")
    assert only_days.errors == {"prep": "Say what to prepare"}
    too_far = read_special(_date_form(prep="x", prep_days="400"), item_id="d", idea="", status="planned")
    assert set(too_far.errors) == {"prep_days"}
    both = read_special(_date_form(prep="book the table", prep_days="14"), item_id="d", idea="", status="planned")
    assert both.value is not None and (both.value.prep, both.value.prep_days) == ("book the table", 14)
    assert not both.value.prep_done


def test_preparation_can_be_ticked_off_only_while_there_is_some() -> None:
    form = _date_form(prep="book the table", prep_days="14")
    ticked = read_special(form, item_id="d", idea="", status="planned", prep_done=True)
    assert ticked.value is not None and ticked.value.prep_done
    cleared = read_special(_date_form(), item_id="d", idea="", status="planned", prep_done=True, base=ticked.value)
    assert cleared.value is not None and (cleared.value.prep, cleared.value.prep_done) == ("", False)


@pytest.mark.parametrize("rating", ["0", "6", "3.5", "three", "-1"])
def test_rating_is_one_to_five(rating: str) -> None:
    checked = read_special(_date_form(rating=rating), item_id="d", idea="", status="done")
    assert checked.errors == {"rating": "A rating from 1 to 5"}


def test_a_full_special_date_round_trips_through_its_fields() -> None:
    old = SpecialDate(
        "d9",
        date(2026, 10, 3),
        "Concert",
        20 * 60,
        60,
        "Hall",
        "idea7",
        "done",
        "tickets",
        30,
        "n",
        5,
        "encore",
        extra={"future": 1},
    )
    checked = read_special(special_fields(old), item_id="other", idea="idea7", status="done", base=old)
    assert checked.value == old
    assert checked.value is not None and checked.value.extra == {"future": 1}


def test_unknown_status_is_refused() -> None:
    assert "status" in read_special(_date_form(), item_id="d", idea="", status="maybe").errors


@pytest.mark.parametrize("module", ["weekplan.form_rules", "weekplan.search"])
def test_form_rules_and_search_load_without_textual(module: str) -> None:
    # The planner runs search in a thread and the rules are tested alone: neither may need a screen.
    code = f"import sys, {module}; print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
