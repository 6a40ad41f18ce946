"""Balance: how the shown week's hours split between your own categories and time
together.  Plain arithmetic over already-loaded items, so any screen can call it."""

from __future__ import annotations

from collections.abc import Iterable

from weekplan.model import Activity, Config, SpecialDate
from weekplan.record import Record, field
from weekplan.weeks import MINUTES_PER_DAY


def date_minutes(special: SpecialDate) -> int:
    """Length of a special date; one that ends at or before its start runs past midnight.
    A date without both times has no length to count."""
    if special.start is None or special.end is None:
        return 0
    length = special.end - special.start
    return length if length > 0 else length + MINUTES_PER_DAY


class Balance(Record):
    own_minutes: dict[str, int] = field(default_factory=dict)
    together_minutes: int = 0
    together_count: int = 0

    @property
    def own_total(self) -> int:
        return sum(self.own_minutes.values())


def week_balance(activities: Iterable[Activity], dates: Iterable[SpecialDate], config: Config) -> Balance:
    """Minutes per own category (in config order, then unknown ones) and together.

    Skipped activities did not happen and cancelled dates neither; both are left out.
    Activities in a "together" category count as time together.
    """
    together_ids = {c.id for c in config.categories if c.together}
    own = {c.id: 0 for c in config.own_categories}
    together_minutes = 0
    together_count = 0
    for activity in activities:
        if activity.skipped:
            continue
        if activity.category in together_ids:
            together_minutes += activity.minutes
            together_count += 1
        else:
            own[activity.category] = own.get(activity.category, 0) + activity.minutes
    for special in dates:
        if special.status == "cancelled":
            continue
        together_minutes += date_minutes(special)
        together_count += 1
    return Balance(own, together_minutes, together_count)
