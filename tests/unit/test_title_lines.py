"""A title is one line.  Forms, quick add and imports never make one of several lines;
a hand edit can, and then `weekplan check` names it at its line, the planner still
reads it (showing the break marked), and the export sends it out the way an import
takes such a title in, so that export, import and export again give the same file."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from weekplan.cli import main
from weekplan.form_rules import FieldError, read_title
from weekplan.ics_export import export_calendar
from weekplan.ics_import import apply_import, plan_import
from weekplan.model import Activity, Idea, SpecialDate, is_one_line, title_problem
from weekplan.routines import Routine
from weekplan.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 23)
# Every line break str.splitlines knows, which is what an import splits a SUMMARY at.
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(b[-1]):04X}" for b in BREAKS])
def test_a_title_with_a_line_break_is_refused_where_titles_are_made(brk: str) -> None:
    assert not is_one_line(f"climbing{brk}with Sam") and not is_one_line(f"climbing{brk}")
    assert title_problem(f"climbing{brk}with Sam") == "a title is one line; the rest can go in the notes"
    with pytest.raises(FieldError, match="A title is one line"):
        read_title(f"climbing{brk}with Sam")


def test_a_title_of_one_line_is_fine() -> None:
    for title in ("climbing", "tab\there", "ünïcödé 😀", "x" * 200):
        assert is_one_line(title) and title_problem(title) is None


def hand_edited(store: Store) -> None:
    """One item of each kind, and a routine's exception, given a title of two lines."""
    store.put_activity(Activity("a1", date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends", notes="rope"))
    store.put_date(SpecialDate("d1", date(2026, 11, 28), "dinner", 19 * 60, 21 * 60, notes="the terrace"))
    store.put_idea(Idea("i1", "lake swim"))
    routine = Routine("r1", "gym", "fitness", (0,), 7 * 60, 8 * 60, date(2026, 11, 23))
    store.put_routine(routine)
    occurrence = store.activities_between(date(2026, 11, 30), date(2026, 11, 30))[0]
    store.put_activity(occurrence.moved(title="legs"))
    for path, old, new in (
        (store.root / "weeks" / "2026-W48.toml", 'title = "climbing"', 'title = "climbing\\nwith Sam"'),
        (store.root / "dates" / "2026.toml", 'title = "dinner"', 'title = """\ndinner\r\nby the river"""'),
        (store.root / "ideas.toml", 'title = "lake swim"', 'title = "lake swim\\u2028at dawn"'),
        (store.root / "routines.toml", 'title = "legs"', 'title = "legs\\nday"'),
    ):
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))
    store.forget()


def test_check_names_each_title_of_several_lines_at_its_line(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    hand_edited(store)
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    found = {line for line in err if "a title is one line" in line}
    root = store.root
    assert found == {
        f"{root / 'weeks' / '2026-W48.toml'}:5:9: activities.a1: a title is one line; the rest can go in the notes",
        f"{root / 'dates' / '2026.toml'}:3:9: dates.d1: a title is one line; the rest can go in the notes",
        f"{root / 'ideas.toml'}:2:9: ideas.i1: a title is one line; the rest can go in the notes",
        f"{root / 'routines.toml'}:13:9: routines.r1.exceptions.2026-11-30: a title is one line; "
        "the rest can go in the notes",
    }
    # Still read, and shown: nothing is hidden for a line break.
    (activity,) = store.activities_between(date(2026, 11, 27), date(2026, 11, 27))
    assert activity.title == "climbing\nwith Sam"
    assert store.dates().items["d1"].title == "dinner\nby the river"  # TOML reads CR LF in """ as LF


def without_stamps(data: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:", data)


def test_a_title_of_several_lines_goes_out_as_an_import_takes_it_in(store: Store, tmp_path: Path) -> None:
    hand_edited(store)
    first, count = export_calendar(store, zone=BERLIN)
    assert b"SUMMARY:climbing\r\nDTSTART" in first
    assert b"DESCRIPTION:climbing\\nwith Sam\\n\\nrope\r\n" in first
    assert b"SUMMARY:legs\r\n" in first and b"DESCRIPTION:legs\\nday\r\n" in first

    fresh = Store.open(tmp_path / "fresh")
    plan = plan_import([(tmp_path / "out.ics", first)], fresh, zone=BERLIN, today=TODAY)
    apply_import(plan, fresh)
    (activity,) = fresh.activities_between(date(2026, 11, 27), date(2026, 11, 27))
    assert (activity.title, activity.notes) == ("climbing", "climbing\nwith Sam\n\nrope")
    special = fresh.dates().items["d1"]
    assert (special.title, special.notes) == ("dinner", "dinner\nby the river\n\nthe terrace")
    again, count_again = export_calendar(fresh, zone=BERLIN)
    assert count_again == count
    assert without_stamps(again) == without_stamps(first)
