"""What an edit lands on: other entries at the same time, or the same entry twice.

A clash is never refused (two things at once can be meant: a call during the gym),
only said, so the planner can warn as an entry is added, planned, pasted or moved.
Plain Python: no Textual, tested without a screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from weekplan.grid_layout import Item, date_entry
from weekplan.model import Activity, SpecialDate
from weekplan.weeks import format_time


def _span(item: Item, slot_minutes: int) -> tuple[int, int] | None:
    """The minutes an entry takes on its day; None for an all-day date."""
    if isinstance(item, Activity):
        return item.start, item.end
    entry = date_entry(item, slot_minutes)
    return None if entry is None else (entry.start, entry.end)


def _active(item: Item) -> bool:
    """Skipped activities and cancelled dates take no time."""
    return not item.skipped if isinstance(item, Activity) else item.status != "cancelled"


def is_duplicate(item: Item, other: Item) -> bool:
    """The same kind of entry, the same title, day and times: most likely entered twice."""
    return (
        type(item) is type(other)
        and item.id != other.id
        and item.date == other.date
        and item.title.strip().casefold() == other.title.strip().casefold()
        and (item.start, item.end) == (other.start, other.end)
    )


def clashes(item: Item, others: Iterable[Item], slot_minutes: int) -> list[Item]:
    """The entries of the same day whose times overlap `item`'s, earliest first."""
    span = _span(item, slot_minutes)
    if span is None or not _active(item):
        return []
    start, end = span
    found = []
    for other in others:
        if other.id == item.id or other.date != item.date or not _active(other):
            continue
        other_span = _span(other, slot_minutes)
        if other_span is not None and other_span[0] < end and start < other_span[1]:
            found.append(other)
    return sorted(found, key=lambda o: (o.start or 0, o.title))


def _when(item: Item) -> str:
    if item.start is None:
        return "all day"
    if item.end is None:
        return format_time(item.start)
    return f"{format_time(item.start)}–{format_time(item.end % (24 * 60))}"


def clash_warning(item: Item, others: Iterable[Item], slot_minutes: int) -> str | None:
    """One sentence about what `item` now shares its time with, or None."""
    others = list(others)
    twins = [o for o in others if is_duplicate(item, o)]
    if twins:
        return f"“{item.title}” is now in the plan twice on {item.date:%a %-d %b}, {_when(item)}: u undoes this one"
    found = clashes(item, others, slot_minutes)
    if not found:
        return None
    first = found[0]
    what = "the date" if isinstance(first, SpecialDate) else ""
    named = f"{what} “{first.title}” ({_when(first)})".strip()
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return f"“{item.title}” overlaps {named}{more} on {item.date:%a %-d %b}"
