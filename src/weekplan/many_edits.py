"""The store's edits of many items at once, as an import and its undo make them: each
file written once, and all of them together (see weekplan.atomic_files.atomic_write_many).
A mixin of weekplan.store.Store, which reads and writes the files.

Plain Python, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from weekplan.date_files import by_year
from weekplan.item_file import ACTIVITIES, Collection, Kind
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
        by_week: dict[IsoWeek, list[Activity]] = {}
        for activity in activities:
            by_week.setdefault(IsoWeek.of(activity.date), []).append(activity)
        for week in by_week:
            self._check_writable(self.week_path(week), ACTIVITIES)
        self._edit_many(
            [
                (self.week_path(week), lambda c, items=items: c.items.update({a.id: a for a in items}))
                for week, items in sorted(by_week.items())
            ],
            ACTIVITIES,
        )

    def remove_activities(self, activities: list[Activity]) -> None:
        """Remove many activities (an import taken back), writing each week's file once;
        refuses before writing anything when one of the files cannot be read."""
        by_week: dict[IsoWeek, set[str]] = {}
        for activity in activities:
            by_week.setdefault(IsoWeek.of(activity.date), set()).add(activity.id)
        for week in by_week:
            self._check_writable(self.week_path(week), ACTIVITIES)

        def drop(ids: set[str]) -> Callable[[Collection[Activity]], None]:
            def change(collection: Collection[Activity]) -> None:
                for ident in ids:
                    collection.items.pop(ident, None)

            return change

        self._edit_many([(self.week_path(week), drop(ids)) for week, ids in sorted(by_week.items())], ACTIVITIES)

    def remove_dates(self, dates: list[SpecialDate]) -> None:
        """Remove many dates (an import taken back), writing each year's file once;
        refuses before writing anything when one of the files cannot be read."""
        years = by_year(dates)
        for year in years:
            self._check_dates_writable(self.dates_path(year))
        for year, items in sorted(years.items()):
            ids = {d.id for d in items}

            def drop(collection: Any, ids: set[str] = ids) -> None:
                for ident in ids:
                    collection.items.pop(ident, None)

            self._edit_dates(self.dates_path(year), drop)
