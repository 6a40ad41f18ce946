"""The store's edits of many items at once, as an import and its undo make them: each
file written once, and all of them together (see weekplan.atomic_files.atomic_write_many).
A mixin of weekplan.store.Store, which reads and writes the files.

Plain Python, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from weekplan.date_files import by_year
from weekplan.item_file import ACTIVITIES, DATES, Collection, Kind
from weekplan.model import Activity, SpecialDate
from weekplan.weeks import IsoWeek

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")


class ManyEdits:
    """Mixed into Store."""

    if TYPE_CHECKING:  # provided by Store

        def week_path(self, week: IsoWeek) -> Path: ...
        def dates_path(self, year: int) -> Path: ...
        def _check_writable(self, path: Path, kind: Kind[Any]) -> None: ...
        def _check_dates_writable(self, path: Path) -> None: ...
        def _edit_dates(self, path: Path, change: Callable[[Collection[SpecialDate]], None]) -> None: ...
        def _edit_many(
            self, changes: list[tuple[Path, Callable[[Collection[T]], None]]], kind: Kind[T]
        ) -> list[Collection[T]]: ...

    def add_activities(self, activities: list[Activity]) -> None:
        """Store many activities, writing each week's file once; refuses before writing
        anything when one of the files cannot be read."""
        self.replace_activities([], activities)

    def replace_activities(self, removed: list[Activity], added: list[Activity]) -> None:
        """Remove some stored activities and add others (an import's updates: the old
        version out, the new one in) with one write of the files they touch, so that a
        crash between the two never leaves an updated item gone, and with it the done
        mark it carried.  Refuses before writing anything when one of the files cannot
        be read."""
        by_week: dict[IsoWeek, tuple[set[str], list[Activity]]] = {}
        for activity in removed:
            by_week.setdefault(IsoWeek.of(activity.date), (set(), []))[0].add(activity.id)
        for activity in added:
            by_week.setdefault(IsoWeek.of(activity.date), (set(), []))[1].append(activity)
        for week in by_week:
            self._check_writable(self.week_path(week), ACTIVITIES)

        def change(ids: set[str], items: list[Activity]) -> Callable[[Collection[Activity]], None]:
            def apply(collection: Collection[Activity]) -> None:
                for ident in ids:
                    collection.items.pop(ident, None)
                collection.items.update({a.id: a for a in items})

            return apply

        self._edit_many([(self.week_path(week), change(*edits)) for week, edits in sorted(by_week.items())], ACTIVITIES)

    def replace_dates(self, removed: list[SpecialDate], added: list[SpecialDate]) -> None:
        """As replace_activities, for dates: each year's file written once, all together."""
        years = by_year([*removed, *added])
        for year in years:
            self._check_dates_writable(self.dates_path(year))

        def change(year: int) -> Callable[[Collection[SpecialDate]], None]:
            def apply(collection: Collection[SpecialDate]) -> None:
                for special in removed:
                    if special.date.year == year:
                        collection.items.pop(special.id, None)
                collection.items.update({d.id: d for d in added if d.date.year == year})

            return apply

        self._edit_many([(self.dates_path(year), change(year)) for year in sorted(years)], DATES)

    def remove_activities(self, activities: list[Activity]) -> None:
        """Remove many activities (an import taken back), writing each week's file once;
        refuses before writing anything when one of the files cannot be read."""
        self.replace_activities(activities, [])

    def remove_dates(self, dates: list[SpecialDate]) -> None:
        """Remove many dates (an import taken back), writing each year's file once;
        refuses before writing anything when one of the files cannot be read."""
        self.replace_dates(dates, [])
