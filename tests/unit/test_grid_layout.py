"""Where entries go on the grid: rows, lanes for overlaps, columns, nothing out of reach."""

from __future__ import annotations

import itertools
from datetime import date

from weekplan.grid_layout import (
    GUTTER_WIDTH,
    LANE_MIN_WIDTH,
    MORE,
    MORE_WIDTH,
    NARROW_DAY_WIDTH,
    WIDE_LANE_WIDTH,
    build_layout,
    column_spans,
    lane_span,
    lane_spots,
)
from weekplan.model import Activity, Config, SpecialDate

MONDAY = date(2026, 11, 23)
CONFIG = Config()  # 07:00–23:00, 30-minute slots


def act(start: str, end: str, *, day: date = MONDAY, title: str = "x", ident: str | None = None) -> Activity:
    sh, sm = map(int, start.split(":"))
    eh, em = map(int, end.split(":"))
    return Activity(ident or f"{title}-{start}", day, sh * 60 + sm, eh * 60 + em, title, "fitness")


def test_rows_cover_the_configured_day_in_slots() -> None:
    layout = build_layout(MONDAY, CONFIG, [], [])
    assert [r.minute for r in layout.rows][:3] == [420, 450, 480]
    assert len(layout.rows) == (23 - 7) * 2
    assert not any(r.offhours for r in layout.rows)


def test_an_entry_before_the_day_widens_the_rows_and_marks_them() -> None:
    run = act("06:00", "07:00", day=date(2026, 11, 25), title="run")
    layout = build_layout(MONDAY, CONFIG, [run], [])
    assert layout.rows[0].minute == 360 and layout.rows[0].offhours
    assert layout.rows[2].minute == 420 and not layout.rows[2].offhours
    day, placed = layout.find("activity", run.id)
    assert (day, placed.first_row, placed.last_row) == (2, 0, 1)


def test_an_entry_after_the_day_and_one_at_an_odd_minute_are_reachable() -> None:
    late = act("23:10", "23:50", title="late")
    layout = build_layout(MONDAY, CONFIG, [late], [])
    assert layout.range_end == 24 * 60
    _, placed = layout.find("activity", late.id)
    assert layout.rows[placed.first_row].minute == 23 * 60 and layout.rows[placed.first_row].offhours


def test_overlapping_entries_share_the_width_in_lanes() -> None:
    gym = act("09:00", "10:30", title="gym")
    call = act("09:30", "10:00", title="call")
    later = act("12:00", "13:00", title="lunch")
    layout = build_layout(MONDAY, CONFIG, [gym, call, later], [])
    lanes = {p.entry.title: (p.lane, p.lanes) for p in layout.placed[0]}
    assert lanes == {"gym": (0, 2), "call": (1, 2), "lunch": (0, 1)}


def test_two_short_entries_in_one_slot_overlap_on_screen() -> None:
    a = act("09:00", "09:10", title="a")
    b = act("09:20", "09:30", title="b")
    layout = build_layout(MONDAY, CONFIG, [a, b], [])
    assert sorted((p.lane, p.lanes) for p in layout.placed[0]) == [(0, 2), (1, 2)]


def test_a_freed_lane_is_reused_within_a_cluster() -> None:
    long = act("09:00", "12:00", title="long")
    first = act("09:00", "10:00", title="first")
    second = act("10:00", "11:00", title="second")
    layout = build_layout(MONDAY, CONFIG, [long, first, second], [])
    lanes = {p.entry.title: (p.lane, p.lanes) for p in layout.placed[0]}
    assert lanes == {"long": (0, 2), "first": (1, 2), "second": (1, 2)}


def test_entries_at_a_cell_and_outside_the_week() -> None:
    gym = act("09:00", "10:30", title="gym")
    other_week = act("09:00", "10:00", day=date(2026, 12, 1), title="later")
    layout = build_layout(MONDAY, CONFIG, [gym, other_week], [])
    row = layout.row_of(600)
    assert [p.entry.title for p in layout.entries_at(0, row)] == ["gym"]
    assert layout.entries_at(0, layout.row_of(630)) == []
    assert layout.find("activity", other_week.id) is None


def test_special_dates_timed_all_day_and_past_midnight() -> None:
    dinner = SpecialDate("d1", MONDAY, "dinner", start=19 * 60, end=21 * 60)
    picnic = SpecialDate("d2", date(2026, 11, 28), "picnic")
    party = SpecialDate("d3", date(2026, 11, 27), "party", start=22 * 60, end=60)
    layout = build_layout(MONDAY, CONFIG, [], [dinner, picnic, party])
    assert layout.has_all_day_row and layout.rows[0].all_day
    assert layout.all_day[5] == [picnic]
    _, placed = layout.find("date", "d3")
    assert placed.entry.continues and placed.entry.end == 24 * 60
    assert layout.range_end == 24 * 60
    day, placed = layout.find("date", "d1")
    assert (day, layout.rows[placed.first_row].minute) == (0, 19 * 60)


def test_first_weekday_changes_the_days() -> None:
    sunday = date(2026, 11, 22)
    layout = build_layout(sunday, Config(first_weekday=6), [act("09:00", "10:00")], [])
    assert layout.days[0] == sunday and layout.day_index(MONDAY) == 1
    assert layout.find("activity", "x-09:00")[0] == 1


def test_columns_share_the_width_and_lanes_fit_inside() -> None:
    spans = column_spans(120 - 38)
    assert spans[0][0] == GUTTER_WIDTH
    assert sum(w for _, w in spans) == 120 - 38 - GUTTER_WIDTH
    assert max(w for _, w in spans) - min(w for _, w in spans) <= 1
    assert [lane_span(10, 10, i, 3) for i in range(3)] == [(10, 3), (13, 3), (16, 4)]
    # Too many lanes for the cells: one cell each, and the last cell left for a "+" sign.
    assert [lane_span(0, 3, i, 5) for i in range(5)] == [(0, 1), (1, 1), None, None, None]
    assert column_spans(3) == [(GUTTER_WIDTH, 0)] * 7


def test_a_lane_too_narrow_to_read_is_summed_up_and_the_selected_one_shows() -> None:
    # Two lanes in a 10-cell column would be 5 cells each ("Pytho"): the first keeps a
    # readable width and the second becomes a "+1" spot.
    assert lane_spots(10, 2) == ((0, 0, 7), (MORE, 7, MORE_WIDTH))
    # The lane under the cursor is always shown, in the last shown lane's place.
    assert lane_spots(10, 2, 1) == ((1, 0, 7), (MORE, 7, MORE_WIDTH))
    assert lane_spots(10, 3, 2) == ((2, 0, 7), (MORE, 7, MORE_WIDTH))
    # Room enough: every lane shares the width, none summed up.
    assert lane_spots(20, 2) == ((0, 0, 10), (1, 10, 10))
    assert all(w >= LANE_MIN_WIDTH for lane, _, w in lane_spots(30, 4) if lane != MORE)
    # Spots cover the cell exactly, left to right.
    for width in range(1, 40):
        for lanes in range(1, 6):
            spots = lane_spots(width, lanes, lanes - 1)
            assert [x for _, x, _ in spots] == list(itertools.accumulate([0, *(w for _, _, w in spots[:-1])]))
            assert sum(w for _, _, w in spots) == width


def test_the_cursors_day_widens_for_its_lanes_and_the_others_keep_their_month() -> None:
    width = 120 - 38
    spans = column_spans(width, wide_day=1, wide_lanes=2)
    widths = [w for _, w in spans]
    assert sum(widths) == width - GUTTER_WIDTH
    assert widths[1] == 1 + 2 * WIDE_LANE_WIDTH  # a separator and two readable lanes
    assert min(w for i, w in enumerate(widths) if i != 1) >= NARROW_DAY_WIDTH
    assert [x for x, _ in spans] == list(itertools.accumulate([GUTTER_WIDTH, *widths[:-1]]))
    # Many lanes: the wide day takes what the others can give, never more.
    crowded = [w for _, w in column_spans(80, wide_day=6, wide_lanes=9)]
    assert sum(crowded) == 80 - GUTTER_WIDTH and min(crowded[:6]) == NARROW_DAY_WIDTH
    # A day whose lanes already fit keeps the equal share.
    assert column_spans(300, wide_day=0, wide_lanes=2) == column_spans(300)
    layout = build_layout(MONDAY, Config(), [act("09:00", "10:00"), act("09:30", "11:00"), act("12:00", "13:00")], [])
    assert layout.lanes_needed(0) == 2 and layout.lanes_needed(1) == 0
