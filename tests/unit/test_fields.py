"""weekplan.fields: what an item's reader is told about a field left out, of the wrong
type, or there as it should be."""

from __future__ import annotations

from datetime import date

import pytest

from weekplan.fields import Fields, ItemError


@pytest.mark.parametrize("name", ["date", "start", "title"])
def test_a_required_field_left_out_is_said_missing_once(name: str) -> None:
    raw = {"date": date(2026, 11, 23), "start": "19:00", "title": "climbing"}
    del raw[name]
    f = Fields(raw)
    assert (f.day("date"), f.time("start"), f.text("title", required=True)) == (
        None if name == "date" else date(2026, 11, 23),
        None if name == "start" else 19 * 60,
        "" if name == "title" else "climbing",
    )
    f.text("notes", required=True)  # a second missing field: the first one is what is said
    assert f.problems == [(None, f"'{name}' is missing")]
    with pytest.raises(ItemError):
        f.done()


def test_an_optional_field_left_out_is_its_default_and_no_problem() -> None:
    f = Fields({})
    assert (f.text("notes"), f.flag("done"), f.flag("kept", default=True)) == ("", False, True)
    assert (f.day("date", required=False), f.time("end", required=False)) == (None, None)
    assert f.problems == []
    assert f.used == {"notes", "done", "kept", "date", "end"}


def test_a_field_of_the_wrong_type_is_said_and_fields_not_asked_for_are_kept() -> None:
    f = Fields({"title": 3, "done": "yes", "start": 1900, "colour": "red"})
    assert (f.text("title"), f.flag("done"), f.time("start")) == ("", False, None)
    assert [name for name, _ in f.problems] == ["title", "done", "start"]
    assert "'done' must be true or false, not text" in [message for _, message in f.problems]
    assert f.extra() == {"colour": "red"}
