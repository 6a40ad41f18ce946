"""What the dates say of each idea: how often it was done, when last, its ratings and
its next planned date, counted in one place.  The Together panel, suggest and the
ideas dialog see it through weekplan.together.idea_stats; the planner also keeps it
for the years before those it holds (weekplan.earlier_years), a few numbers an idea a
year instead of every date of a hundred years.

A history is counted date by date, and histories of dates that come one after the
other add up (`add`) to the history of all of them: what makes a year's summary as
good as its dates.

Plain Python, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from weekplan.model import SpecialDate
from weekplan.people import ratings_of

# By idea id: [times done, last done, next planned, every rating (both partners'),
# the ratings of the last one done as (name, rating)].
History = dict[str, list[Any]]


def has_happened(special: SpecialDate, today: date) -> bool:
    """Done, or still planned but its day is over; cancelled never."""
    if special.status == "done":
        return True
    return special.status == "planned" and special.date < today


def empty() -> list[Any]:
    return [0, None, None, (), ()]


def count(dates: Iterable[SpecialDate], today: date, history: History, *, every_idea: bool = False) -> History:
    """Count the dates into `history` (the ideas it has; with `every_idea`, any idea a
    date names) and return it.  Cancelled dates never count; one that has happened
    (has_happened) is a time done, one to come is planned."""
    for special in dates:
        if special.status == "cancelled":
            continue
        current = history.get(special.idea)
        if current is None:
            if not every_idea or not special.idea:
                continue
            current = history[special.idea] = empty()
        if has_happened(special, today):
            rated = tuple(ratings_of(special)) if special.rating is not None or special.ratings else ()
            add_one(current, 1, special.date, None, tuple(rating for _, rating in rated), rated)
        elif special.date >= today:
            add_one(current, 0, None, special.date, (), ())
    return history


def add(history: History, later: History) -> History:
    """Add to `history` (of the ideas it has) that of dates that all come after its own,
    and return it."""
    for idea, (times, last, planned, ratings, last_ratings) in later.items():
        current = history.get(idea)
        if current is not None:
            add_one(current, times, last, planned, ratings, last_ratings)
    return history


def add_one(
    current: list[Any],
    times: int,
    last: date | None,
    planned: date | None,
    ratings: tuple[int, ...],
    last_ratings: tuple[tuple[str, int], ...],
) -> None:
    current[0] += times
    current[3] += ratings
    if last is not None and (current[1] is None or last > current[1]):
        current[1] = last
        current[4] = last_ratings
    if planned is not None and (current[2] is None or planned < current[2]):
        current[2] = planned
