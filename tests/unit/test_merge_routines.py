"""The merge driver on routines.toml: odd values a remote can put in a routine, a
routine split "from now on" once or twice while the other machine changed it, and a
routine only one machine touched.  Three versions in, one file out, no git."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from weekplan.merge import merge_files
from weekplan.store import ROUTINES, read_collection

GYM = "rrrrrrrrrrrr"


def routine(item_id: str, *lines: str, days: str = '"monday", "wednesday", "friday"', start: str = "07:00") -> str:
    body = "\n".join(lines)
    end = f"{int(start[:2]) + 1:02}{start[2:]}"
    return (
        f'\n[routines.{item_id}]\ntitle = "gym"\ncategory = "fitness"\ndays = [{days}]\n'
        f'start = "{start}"\nend = "{end}"\n{body}\n'
    )


def holds(doc: Any, value: Any) -> bool:
    """Whether the value is somewhere in the parsed document (an item or a conflict)."""
    if doc == value and type(doc) is type(value):
        return True
    if isinstance(doc, dict):
        return any(holds(v, value) for v in doc.values())
    return isinstance(doc, list) and any(holds(v, value) for v in doc)


def exception(item_id: str, day: str, title: str) -> str:
    return f'\n[routines.{item_id}.exceptions."{day}"]\ntitle = "{title}"\n'


BASE = routine(GYM, "first = 2026-11-02")


def merged_routines(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[dict, list]:
    result = merge_files(base.encode(), ours.encode(), theirs.encode(), "routines.toml")
    path = tmp_path / "routines.toml"
    path.write_bytes(result.data)
    collection = read_collection(path, ROUTINES)
    assert collection.errors == []
    return collection.items, result.conflicts


ODD_DAYS = ["2026-11-24T00:00:00", "2026-11-24T00:00:00Z", "5", "[2026-11-24]", '"the 24th"']


@pytest.mark.parametrize("odd", ODD_DAYS)
@pytest.mark.parametrize("field", ["first", "last"])
def test_a_first_or_last_day_that_is_not_a_date_merges_and_is_reported_by_line(
    tmp_path: Path, field: str, odd: str
) -> None:
    first = f"first = {odd}" if field == "first" else "first = 2026-11-02"
    last = [f"last = {odd}"] if field == "last" else []
    ours = routine(GYM, first, *last) + exception(GYM, "2026-11-30", "late gym")
    theirs = BASE.replace('title = "gym"', 'title = "gym with Sam"') + exception(GYM, "2026-12-02", "wed gym")

    result = merge_files(BASE.encode(), ours.encode(), theirs.encode(), "routines.toml")

    path = tmp_path / "routines.toml"
    path.write_bytes(result.data)
    text = result.data.decode()
    assert holds(tomllib.loads(text), tomllib.loads(f"x = {odd}")["x"])  # nothing dropped
    assert "late gym" in text and "wed gym" in text
    (error,) = read_collection(path, ROUTINES).errors
    assert str(error).startswith(f"{path}:") and field in str(error)  # reported where it is


@pytest.mark.parametrize("odd", [day.replace("24", "25") for day in ODD_DAYS])
def test_a_split_whose_first_day_is_not_a_date_merges_without_a_traceback(odd: str) -> None:
    base = BASE + exception(GYM, "2026-11-30", "y")
    theirs = base + routine("ssssssssssss", f"first = {odd}", f'split_from = "{GYM}"')
    ours = base.replace('title = "gym"', 'title = "gym2"', 1)

    result = merge_files(base.encode(), ours.encode(), theirs.encode(), "routines.toml")

    text = result.data.decode()
    assert holds(tomllib.loads(text), tomllib.loads(f"x = {odd}")["x"]) and "gym2" in text


def test_a_split_takes_a_weekday_added_and_an_occurrence_on_it_from_the_other_machine(tmp_path: Path) -> None:
    # This machine changed the gym's time from Wednesday 25 November on; the other added
    # Saturdays and changed Saturday 5 December.
    ours = routine(GYM, "first = 2026-11-02", "last = 2026-11-24") + routine(
        "ssssssssssss", "first = 2026-11-25", f'split_from = "{GYM}"', start="18:00"
    )
    theirs = routine(GYM, "first = 2026-11-02", days='"monday", "wednesday", "friday", "saturday"') + exception(
        GYM, "2026-12-05", "sat gym"
    )

    items, conflicts = merged_routines(tmp_path, BASE, ours, theirs)

    assert conflicts == []
    split = items["ssssssssssss"]
    assert (split.days, split.start) == ((0, 2, 4, 5), 18 * 60)
    assert [(day.isoformat(), change.title) for day, change in split.exceptions.items()] == [("2026-12-05", "sat gym")]
    assert items[GYM].exceptions == {}


def test_a_routine_split_twice_sends_a_later_change_to_the_later_part_only(tmp_path: Path) -> None:
    # Split on 2 December, then the part before it split again on 25 November.
    ours = (
        routine(GYM, "first = 2026-11-02", "last = 2026-11-24")
        + routine("aaaaaaaaaaaa", "first = 2026-11-25", "last = 2026-12-01", f'split_from = "{GYM}"', start="17:00")
        + routine("bbbbbbbbbbbb", "first = 2026-12-02", f'split_from = "{GYM}"', start="18:00")
    )
    theirs = BASE + exception(GYM, "2026-12-09", "wed gym")

    items, conflicts = merged_routines(tmp_path, BASE, ours, theirs)

    assert conflicts == []
    assert [day.isoformat() for day in items["bbbbbbbbbbbb"].exceptions] == ["2026-12-09"]
    assert items["aaaaaaaaaaaa"].exceptions == {} and items[GYM].exceptions == {}


def test_a_new_routine_ended_early_on_one_machine_alone_is_no_conflict(tmp_path: Path) -> None:
    # The routine form keeps an occurrence's change when the last day moves before it;
    # the other machine only edited another routine.
    run = routine("tttttttttttt", "first = 2026-11-03", days='"tuesday"').replace('"gym"', '"run"')
    ours = run + routine(GYM, "first = 2026-11-02", "last = 2026-12-01") + exception(GYM, "2026-12-09", "wed gym")
    theirs = run.replace('"run"', '"run!"')

    items, conflicts = merged_routines(tmp_path, run, ours, theirs)

    assert conflicts == []
    assert items["tttttttttttt"].title == "run!"
    assert [day.isoformat() for day in items[GYM].exceptions] == ["2026-12-09"]


def test_an_occurrence_this_machine_changed_after_it_ended_the_routine_stays(tmp_path: Path) -> None:
    ours = routine(GYM, "first = 2026-11-02", "last = 2026-12-01") + exception(GYM, "2026-12-09", "wed gym")
    theirs = BASE.replace('start = "07:00"', 'start = "07:15"')

    items, conflicts = merged_routines(tmp_path, BASE, ours, theirs)

    assert conflicts == []
    assert (items[GYM].start, [day.isoformat() for day in items[GYM].exceptions]) == (7 * 60 + 15, ["2026-12-09"])


def test_a_split_at_the_first_occurrence_takes_a_rename_without_bringing_the_old_back(tmp_path: Path) -> None:
    # Split on the very first day, the old routine is deleted; the other machine renamed it.
    ours = routine("ssssssssssss", "first = 2026-11-02", f'split_from = "{GYM}"', start="18:00")
    theirs = BASE.replace('title = "gym"', 'title = "gym with Sam"') + exception(GYM, "2026-12-02", "wed gym")

    items, conflicts = merged_routines(tmp_path, BASE, ours, theirs)

    assert conflicts == []
    assert sorted(items) == ["ssssssssssss"]
    split = items["ssssssssssss"]
    assert (split.title, split.start) == ("gym with Sam", 18 * 60)
    assert [day.isoformat() for day in split.exceptions] == ["2026-12-02"]


def test_a_split_at_the_first_occurrence_and_an_end_on_the_other_machine_keep_both(tmp_path: Path) -> None:
    # The other machine's end of the routine cannot move into the split: both are kept, said.
    ours = routine("ssssssssssss", "first = 2026-11-02", f'split_from = "{GYM}"', start="18:00")
    theirs = routine(GYM, "first = 2026-11-02", "last = 2026-11-24")

    items, conflicts = merged_routines(tmp_path, BASE, ours, theirs)

    assert sorted(items) == [GYM, "ssssssssssss"]
    assert items[GYM].last.isoformat() == "2026-11-24"
    (conflict,) = conflicts
    assert conflict.copy_id == GYM


def test_a_last_day_written_as_text_ends_the_routine_for_the_merge_as_for_the_store(tmp_path: Path) -> None:
    # The store reads last = "2026-11-24" as a day: a change the other machine made after
    # it is set aside as after any end, not left where it no longer shows.
    ours = routine(GYM, "first = 2026-11-02", 'last = "2026-11-24"')
    theirs = BASE + exception(GYM, "2026-12-02", "wed gym")

    items, conflicts = merged_routines(tmp_path, BASE, ours, theirs)

    assert items[GYM].last is not None and items[GYM].exceptions == {}
    assert [c.where for c in conflicts] == [f"routines.{GYM}.exceptions.2026-12-02"]
