"""Edits the planner takes with a word of warning, or refuses with a reason: an entry
that would leave the planner's day through a key, and an entry that now shares its
time with another (or is there twice).  A mixin of PlannerApp."""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar

from weekplan.grid_layout import Item
from weekplan.model import Activity, Config, SpecialDate
from weekplan.weeks import format_time


def _title(item: Item) -> str:
    return f"“{item.title}”"


class EditWarnings:
    """Mixed into PlannerApp."""

    config: Config
    week_activities: list[Activity]
    week_dates: list[SpecialDate]
    NOTIFICATION_TIMEOUT: ClassVar[float]
    _refusal_shown: tuple[str, float] = ("", 0.0)  # the last refusal's words, and when they showed

    if TYPE_CHECKING:  # provided by App

        def bell(self) -> None: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

    def refuse_key_edit(self, message: str) -> None:
        """Ring the bell and say why a key cannot do its edit (move or lengthen an
        entry, or act on an empty slot); the same words again while they are still on
        the screen only ring, so a key held at an edge does not stack one notice on
        another."""
        self.bell()
        said, when = self._refusal_shown
        now = monotonic()
        if message == said and now - when < self.NOTIFICATION_TIMEOUT:
            return
        self._refusal_shown = (message, now)
        self.notify(message, severity="warning", markup=False)

    def _leaves_the_day(self, item: Item, start: int, end: int, verb: str) -> bool:
        """Refuse (and say why) a key edit that would take an entry inside the planner's
        day out of it: the grid would grow rows for it without a word.  A form sets any
        time on purpose; an entry already outside the day may move about there."""
        config = self.config
        was_start = config.day_start if item.start is None else item.start
        was_end = was_start + config.slot_minutes if item.end is None else item.end
        if was_end <= was_start:  # runs past midnight: already outside the day
            return False
        if end > config.day_end >= was_end:
            edge = f"past {format_time(config.day_end)}, where the day ends"
        elif start < config.day_start <= was_start:
            edge = f"before {format_time(config.day_start)}, where the day starts"
        else:
            return False
        self.refuse_key_edit(
            f"Not {verb}: {_title(item)} would run {edge}. e sets any time; day_start and day_end are in config.toml"
        )
        return True

    def _warn_of_clashes(self, change: Any) -> None:
        """A warning, not a refusal, when an entry added, planned, pasted, moved or
        lengthened now shares its time with another (or is there twice)."""
        before, after = getattr(change, "before", None), getattr(change, "after", None)
        if not isinstance(after, (Activity, SpecialDate)):
            return
        if before is not None and (before.date, before.start, before.end) == (after.date, after.start, after.end):
            return  # the same time as before: whatever it shares, it already did
        from weekplan.clashes import clash_warning  # loaded with the first edit, not at start-up

        others: list[Item] = [*self.week_activities, *self.week_dates]  # the item's week, just shown
        warning = clash_warning(after, others, self.config.slot_minutes)
        if warning:
            self.notify(warning, title="Two things at once", severity="warning", markup=False, timeout=6)
