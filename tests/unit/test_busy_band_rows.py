"""Where the partner's busy band goes on the grid (grid_layout.band_rows)."""

from __future__ import annotations

from datetime import date

from weekplan.grid_layout import BandSpan, band_rows, build_layout
from weekplan.model import Activity, Config, SpecialDate
from weekplan.weeks import parse_time

MON = date(2026, 11, 23)
WED = date(2026, 11, 25)


def t(text: str) -> int:
    return parse_time(text, allow_24=True)


def test_a_band_covers_the_slots_it_touches_with_its_label_first() -> None:
    layout = build_layout(MON, Config(), [], [])
    band = band_rows(layout, [BandSpan(WED, t("19:10"), t("20:30"), "Choir")])
    first = layout.row_of(t("19:00"))
    assert band[2] == {first: "Choir", first + 1: "", first + 2: ""}  # 19:00, 19:30, 20:00
    assert all(not rows for i, rows in enumerate(band) if i != 2)


def test_a_band_outside_the_rows_never_stretches_the_grid() -> None:
    layout = build_layout(MON, Config(), [], [])
    band = band_rows(
        layout,
        [
            BandSpan(MON, t("05:00"), t("07:30"), "early"),  # the day starts at 07:00: only 07:00 shows
            BandSpan(MON, t("23:00"), t("24:00"), "late"),  # after the day: nothing
            BandSpan(date(2026, 12, 1), t("19:00"), t("20:00"), "next week"),
        ],
    )
    assert band[0] == {layout.row_of(t("07:00")): "early"}
    assert len(layout.rows) == len(build_layout(MON, Config(), [], []).rows)


def test_the_all_day_row_is_never_banded_and_an_earlier_label_stays() -> None:
    all_day = SpecialDate("d1", WED, "anniversary")
    own = Activity("a1", WED, t("06:00"), t("06:30"), "early swim", "fitness")
    layout = build_layout(MON, Config(), [own], [all_day])
    assert layout.has_all_day_row
    band = band_rows(layout, [BandSpan(WED, t("06:00"), t("07:00"), "Sam"), BandSpan(WED, t("06:30"), t("07:00"), "x")])
    assert 0 not in band[2]
    # Sam's label goes below the early swim; x starts where Sam's label already is.
    assert band[2] == {layout.row_of(t("06:00")): "", layout.row_of(t("06:30")): "Sam"}


def test_a_label_moves_below_your_own_entry_rather_than_under_it() -> None:
    own = Activity("a1", WED, t("09:00"), t("10:00"), "standup", "career")
    layout = build_layout(MON, Config(), [own], [])
    band = band_rows(layout, [BandSpan(WED, t("09:00"), t("11:00"), "Dentist")])
    nine = layout.row_of(t("09:00"))
    assert band[2] == {nine: "", nine + 1: "", nine + 2: "Dentist", nine + 3: ""}
    covered = band_rows(layout, [BandSpan(WED, t("09:00"), t("10:00"), "Dentist")])
    assert covered[2] == {nine: "", nine + 1: ""}  # nowhere free: the band alone, no label
