"""Where things go on the week grid: which rows a week needs, which slots and which
lane each entry takes, and how the terminal width divides into day columns.

Plain Python, no Textual: the grid widget only paints what this module decides, so
the rules (overlaps share the width, nothing outside the day is hidden) are tested
without a screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache

from weekplan.model import Activity, Config, SpecialDate
from weekplan.record import Record, field
from weekplan.weeks import MINUTES_PER_DAY

GUTTER_WIDTH = 6  # "07:00 "
DAYS = 7
# A lane narrower than this shows too little of a title to read ("Pytho"): the lanes
# that do not fit are summed up as "+1" instead (see lane_spots).
LANE_MIN_WIDTH = 6
MORE_WIDTH = 3  # "+1" and a space
# The day under the cursor widens so each of its lanes gets this much (a lead cell for
# the cursor mark and eight of the title), while every other day keeps NARROW_DAY_WIDTH.
WIDE_LANE_WIDTH = 9
NARROW_DAY_WIDTH = 7  # the separator and "30 Nov"
MORE = -1  # the lane index of the "+n" spot in lane_spots

Item = Activity | SpecialDate


class Entry(Record):
    """Anything the grid shows as a block: an activity, or a special date with a time."""

    item: Item
    start: int
    end: int
    # A date that runs past midnight is shown up to 24:00 on its own day, with a sign.
    continues: bool = False

    @property
    def kind(self) -> str:
        return "activity" if isinstance(self.item, Activity) else "date"

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def day(self) -> date:
        return self.item.date

    @property
    def title(self) -> str:
        return self.item.title


def date_entry(special: SpecialDate, slot_minutes: int) -> Entry | None:
    """A timed special date as a block; None for an all-day date (it has its own row)."""
    if special.start is None:
        return None
    if special.end is None:
        return Entry(special, special.start, min(MINUTES_PER_DAY, special.start + slot_minutes))
    if special.end <= special.start:
        return Entry(special, special.start, MINUTES_PER_DAY, continues=True)
    return Entry(special, special.start, special.end)


class Row(Record):
    """One line of the grid below the day names: the all-day row, or one time slot."""

    minute: int | None  # None: the all-day row
    offhours: bool = False  # outside the configured day, shown because something is there

    @property
    def all_day(self) -> bool:
        return self.minute is None


class Placed(Record):
    """An entry placed in its day column: rows first..last (inclusive), lane of lanes."""

    entry: Entry
    first_row: int
    last_row: int
    lane: int
    lanes: int

    def covers(self, row: int) -> bool:
        return self.first_row <= row <= self.last_row


def _floor(minute: int, step: int) -> int:
    return minute - minute % step


def _ceil(minute: int, step: int) -> int:
    return -(-minute // step) * step


class WeekLayout(Record, frozen=False):
    """The rows of one shown week and every entry placed in them."""

    first_day: date
    config: Config
    rows: list[Row]
    range_start: int
    range_end: int
    placed: list[list[Placed]] = field(default_factory=list)  # per day index
    all_day: list[list[SpecialDate]] = field(default_factory=list)  # per day index

    days: list[date] = field(default_factory=list)
    # Per day index, per row: the entry in each lane of that cell (None for a free lane;
    # no lanes for an empty cell).  Worked out once by build_layout, as placed is.
    cells: list[list[tuple[Placed | None, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.days = [self.first_day + timedelta(days=i) for i in range(DAYS)]

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=DAYS - 1)

    @property
    def has_all_day_row(self) -> bool:
        return bool(self.rows) and self.rows[0].all_day

    @property
    def first_slot_row(self) -> int:
        return 1 if self.has_all_day_row else 0

    def day_index(self, day: date) -> int | None:
        offset = (day - self.first_day).days
        return offset if 0 <= offset < DAYS else None

    def row_of(self, minute: int) -> int:
        """The slot row holding `minute`, clamped into the rows shown."""
        slot = self.config.slot_minutes
        index = (min(max(minute, self.range_start), self.range_end - 1) - self.range_start) // slot
        return self.first_slot_row + index

    def lanes_at(self, day_index: int, row: int) -> tuple[Placed | None, ...]:
        """The lanes of one cell, each with the entry covering it or None; for the all-day
        row and outside the week, none (see all_day)."""
        if not (0 <= day_index < len(self.cells) and 0 <= row < len(self.rows)):
            return ()
        return self.cells[day_index][row]

    def entries_at(self, day_index: int, row: int) -> list[Placed]:
        """The entries covering one cell, by lane; for the all-day row, none (see all_day)."""
        return [p for p in self.lanes_at(day_index, row) if p is not None]

    def lanes_needed(self, day_index: int) -> int:
        """The most lanes any of the day's clusters takes (0 for a free day)."""
        return max((p.lanes for p in self.placed[day_index]), default=0)

    def find(self, kind: str, item_id: str, day_first: int | None = None) -> tuple[int, Placed] | None:
        """Where the entry is; on the day `day_first` when it is there too (one id on two
        days: the two copies a move leaves while it waits to be finished)."""
        days = list(enumerate(self.placed))
        if day_first is not None and 0 <= day_first < len(days):
            days.insert(0, days[day_first])
        for day_index, placed in days:
            for p in placed:
                if p.entry.kind == kind and p.entry.id == item_id:
                    return day_index, p
        return None


def build_layout(
    first_day: date, config: Config, activities: Iterable[Activity], dates: Iterable[SpecialDate]
) -> WeekLayout:
    """Lay out one 7-day view.  The rows run from the configured day start to its end,
    widened to take in anything earlier or later, so no entry is ever out of reach."""
    slot = config.slot_minutes
    entries: list[list[Entry]] = [[] for _ in range(DAYS)]
    all_day: list[list[SpecialDate]] = [[] for _ in range(DAYS)]
    for activity in activities:
        offset = (activity.date - first_day).days
        if 0 <= offset < DAYS:
            entries[offset].append(Entry(activity, activity.start, activity.end))
    for special in dates:
        offset = (special.date - first_day).days
        if not 0 <= offset < DAYS:
            continue
        entry = date_entry(special, slot)
        if entry is None:
            all_day[offset].append(special)
        else:
            entries[offset].append(entry)

    starts = [e.start for day in entries for e in day]
    ends = [e.end for day in entries for e in day]
    range_start = min([config.day_start, *(_floor(s, slot) for s in starts)])
    range_end = max([config.day_end, *(_ceil(e, slot) for e in ends)])

    rows: list[Row] = []
    if any(all_day):
        rows.append(Row(None))
    rows.extend(
        Row(minute, offhours=not config.day_start <= minute < config.day_end)
        for minute in range(range_start, range_end, slot)
    )
    layout = WeekLayout(first_day, config, rows, range_start, range_end, all_day=all_day)
    layout.placed = [_place(day, layout) for day in entries]
    layout.cells = [_lanes_by_row(placed, len(rows)) for placed in layout.placed]
    return layout


def _lanes_by_row(placed: Sequence[Placed], rows: int) -> list[tuple[Placed | None, ...]]:
    """One day's cells: per row, the entry in each lane (see WeekLayout.cells)."""
    lanes_at: dict[int, list[Placed | None]] = {}
    for p in placed:
        for row in range(p.first_row, p.last_row + 1):
            lanes = lanes_at.get(row)
            if lanes is None:
                lanes = lanes_at[row] = [None] * p.lanes
            lanes[p.lane] = p
    cells: list[tuple[Placed | None, ...]] = [()] * rows
    for row, lanes in lanes_at.items():
        cells[row] = tuple(lanes)
    return cells


def _place(entries: Sequence[Entry], layout: WeekLayout) -> list[Placed]:
    """Give each entry the lowest free lane; entries that overlap (by the rows they
    take, so two short ones in the same slot count too) form a cluster whose members
    all split the column by the cluster's lane count."""
    ordered = sorted(entries, key=lambda e: (e.start, -e.end, e.title, e.id))
    spans = [(layout.row_of(e.start), layout.row_of(max(e.start, e.end - 1))) for e in ordered]
    placed: list[Placed] = []
    cluster: list[tuple[Entry, int, int, int]] = []  # entry, first, last, lane
    lane_ends: list[int] = []  # last row taken in each lane of the current cluster
    cluster_end = -1

    def close() -> None:
        lanes = len(lane_ends)
        placed.extend(Placed(e, first, last, lane, lanes) for e, first, last, lane in cluster)

    for entry, (first, last) in zip(ordered, spans, strict=True):
        if cluster and first > cluster_end:
            close()
            cluster, lane_ends = [], []
        lane = next((i for i, end in enumerate(lane_ends) if end < first), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(last)
        else:
            lane_ends[lane] = last
        cluster.append((entry, first, last, lane))
        cluster_end = max(cluster_end, last) if len(cluster) > 1 else last
    if cluster:
        close()
    return placed


def column_spans(
    width: int, gutter: int = GUTTER_WIDTH, *, wide_day: int | None = None, wide_lanes: int = 0
) -> list[tuple[int, int]]:
    """(x, width) of each day column; the columns share what the time gutter leaves,
    the first ones taking the leftover cells.  `wide_day`, when its `wide_lanes` would
    not get WIDE_LANE_WIDTH each from an equal share, takes what they need (as far as
    the other days keep NARROW_DAY_WIDTH), so overlapping entries there can be read."""
    usable = max(0, width - gutter)
    widths = _shares(usable, DAYS)
    if wide_day is not None and wide_lanes > 1:
        wanted = 1 + wide_lanes * WIDE_LANE_WIDTH
        wide = min(wanted, usable - (DAYS - 1) * NARROW_DAY_WIDTH)
        if wide > widths[wide_day]:
            rest = iter(_shares(usable - wide, DAYS - 1))
            widths = [wide if i == wide_day else next(rest) for i in range(DAYS)]
    spans = []
    x = gutter
    for w in widths:
        spans.append((x, w))
        x += w
    return spans


def _shares(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def lane_span(x: int, width: int, lane: int, lanes: int) -> tuple[int, int] | None:
    """(x, width) of lane `lane` of `lanes` sharing a column evenly, or None when the
    column is too narrow to give this lane a cell (the last cell is then left for a
    "+" sign)."""
    if lanes <= 0 or width <= 0:
        return None
    if lanes > width:
        return (x + lane, 1) if lane < width - 1 else None
    left = x + lane * width // lanes
    right = x + (lane + 1) * width // lanes
    return left, right - left


@lru_cache(maxsize=256)
def lane_spots(width: int, lanes: int, selected: int | None = None) -> tuple[tuple[int, int, int], ...]:
    """Where the lanes of one cell go: (lane, x, width) from the left, with lane MORE
    for the "+n" spot that stands for lanes with no room.  Lanes share the width while
    each keeps LANE_MIN_WIDTH; beyond that the first lanes keep it and the rest are
    summed up, except that the `selected` lane always shows (in the last lane's place),
    so the entry under the cursor can be read.  Cached: a paint asks for few shapes."""
    if lanes <= 0 or width <= 0:
        return ()
    if lanes == 1 or width // lanes >= LANE_MIN_WIDTH:
        spots = (lane_span(0, width, lane, lanes) for lane in range(lanes))
        return tuple((lane, *span) for lane, span in enumerate(spots) if span is not None)
    room = width - MORE_WIDTH
    if room < 2:
        return ((MORE, 0, width),)
    shown = max(1, room // LANE_MIN_WIDTH)
    order = list(range(shown))
    if selected is not None and selected >= shown:
        order[-1] = selected
    edges = [i * room // shown for i in range(shown + 1)]
    result = [(lane, edges[i], edges[i + 1] - edges[i]) for i, lane in enumerate(order)]
    result.append((MORE, room, MORE_WIDTH))
    return tuple(result)


class BandSpan(Record):
    """A time someone else is busy, as the grid's band shows it: `label` goes in the
    band's first row ("" for none)."""

    day: date
    start: int
    end: int
    label: str = ""


def band_rows(layout: WeekLayout, spans: Iterable[BandSpan]) -> list[dict[int, str]]:
    """Per day of the layout, the time rows a band covers, each with the label that
    starts there ("" where a band only goes on).  A label goes in the first row of its
    span that none of your own entries covers, so it is not lost under one.  Only the
    rows the week already shows: someone else's busy times never stretch the grid."""
    band: list[dict[int, str]] = [{} for _ in range(DAYS)]
    slot = layout.config.slot_minutes
    first = layout.first_slot_row
    for span in sorted(spans, key=lambda s: (s.day, s.start, s.end, s.label)):
        day_index = layout.day_index(span.day)
        start, end = max(span.start, layout.range_start), min(span.end, layout.range_end)
        if day_index is None or end <= start:
            continue
        rows = band[day_index]
        first_row = first + (start - layout.range_start) // slot
        last_row = first + (end - 1 - layout.range_start) // slot
        for row in range(first_row, last_row + 1):
            rows.setdefault(row, "")
        cells = layout.cells[day_index] if layout.cells else []
        free = (r for r in range(first_row, last_row + 1) if r >= len(cells) or not cells[r])
        label_row = next(free, None)
        if span.label and label_row is not None and not rows[label_row]:
            rows[label_row] = span.label
    return band
