"""Moving an entry in time and changing its length: the arithmetic behind shift+arrows,
`<` `>` and dragging with the mouse, the same for every way in.  Plain Python.

Each function returns the entry as it would be, or raises ValueError with a sentence
for the person when the change cannot be made (it would leave the day, or end before
it starts)."""

from __future__ import annotations

from datetime import timedelta

from weekplan.grid_layout import Item
from weekplan.model import Activity
from weekplan.record import replace
from weekplan.weeks import MINUTES_PER_DAY


class CannotMove(ValueError):
    """The change is not possible; the message says why."""


# Each edge says why: a bell alone tells nothing on a terminal that keeps quiet.
ACTIVITY_ENDS_BY_MIDNIGHT = "an activity ends by midnight (it can move a day on)"
ACTIVITY_STARTS_AFTER_MIDNIGHT = "an activity starts at midnight at the earliest (it can move a day back)"
ENDS_BEFORE_IT_STARTS = "Not shortened: it would end before it starts"


def moved(item: Item, days: int, minutes: int) -> Item:
    """The entry `days` days and `minutes` minutes later (earlier when negative)."""
    if isinstance(item, Activity):
        if item.start + minutes < 0:
            raise CannotMove(f"Not moved: {ACTIVITY_STARTS_AFTER_MIDNIGHT}")
        if item.end + minutes > MINUTES_PER_DAY:
            raise CannotMove(f"Not moved: {ACTIVITY_ENDS_BY_MIDNIGHT}")
        return replace(item, date=item.date + timedelta(days=days), start=item.start + minutes, end=item.end + minutes)
    if item.start is None and minutes:
        raise CannotMove("An all-day date moves by days only")
    new_start = None if item.start is None else item.start + minutes
    new_end = None if item.end is None else item.end + minutes
    if new_start is not None and not 0 <= new_start < MINUTES_PER_DAY:
        raise CannotMove("Not moved: a date starts on its own day (it can move a day on or back)")
    if new_end is not None and new_end > MINUTES_PER_DAY:
        new_end -= MINUTES_PER_DAY  # it now runs past midnight
    if new_end is not None and new_end <= 0:
        new_end += MINUTES_PER_DAY
    return replace(item, date=item.date + timedelta(days=days), start=new_start, end=new_end)


def lengthened(item: Item, minutes: int, slot_minutes: int) -> Item:
    """The entry ending `minutes` later (sooner when negative).  A date without an end
    is taken to last one slot."""
    if isinstance(item, Activity):
        end = item.end + minutes
        if end <= item.start:
            raise CannotMove(ENDS_BEFORE_IT_STARTS)
        if end > MINUTES_PER_DAY:
            raise CannotMove(f"Not lengthened: {ACTIVITY_ENDS_BY_MIDNIGHT}")
        return replace(item, end=end)
    if item.start is None:
        raise CannotMove("Give the date a start time first (e to edit)")
    length = date_length(item) if item.end is not None else slot_minutes
    new_length = length + minutes
    if new_length <= 0:
        raise CannotMove(ENDS_BEFORE_IT_STARTS)
    if new_length >= MINUTES_PER_DAY:
        raise CannotMove("Not lengthened: a date lasts less than a day")
    return replace(item, end=(item.start + new_length) % MINUTES_PER_DAY or MINUTES_PER_DAY)


def ending_at(item: Item, end: int, slot_minutes: int) -> Item:
    """The entry ending at `end` minutes after its day's midnight (a drag of its bottom
    edge); at least one slot long."""
    start = item.start
    if start is None:
        raise CannotMove("Give the date a start time first (e to edit)")
    end = max(end, start + slot_minutes)
    current = item.end if isinstance(item, Activity) else start + (date_length(item) if item.end else slot_minutes)
    return lengthened(item, end - current, slot_minutes)


def date_length(item: Item) -> int:
    """Minutes from start to end; one that ends at or before its start runs past midnight."""
    assert item.start is not None and item.end is not None
    return (item.end - item.start) % MINUTES_PER_DAY or MINUTES_PER_DAY
