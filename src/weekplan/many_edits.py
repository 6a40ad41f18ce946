"""The store's edits of many items at once, as an import and its undo make them: each
file written once, and all of them together (see weekplan.atomic_files.atomic_write_many).
When items change file on the way, they are moves, written down first (weekplan.journal):
the files they go to are written together, then the files they leave.
A mixin of weekplan.store.Store, which reads and writes the files.

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from weekplan.concurrent_edit import MoveWaitingError
from weekplan.item_file import ACTIVITIES, DATES, Collection, Kind
from weekplan.journal import Move, clear_journal, journal_path, week_place, year_place
from weekplan.model import Activity, SpecialDate
from weekplan.weeks import IsoWeek

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from weekplan.item_file import PreparedEdit
    from weekplan.tomlfile import DataError

    T = TypeVar("T")


class ManyEdits:
    """Mixed into Store."""

    if TYPE_CHECKING:  # provided by Store
        root: Path
        journal_errors: list[DataError]

        def _place_file(self, place: str) -> tuple[Path, Kind[Any]]: ...
        def _finish_journal(self) -> None: ...
        def _write_journal(self, moves: list[Move]) -> None: ...
        def _write_lock(self, *, wait: bool = True) -> contextlib.AbstractContextManager[None]: ...
        def week_path(self, week: IsoWeek) -> Path: ...
        def dates_path(self, year: int) -> Path: ...
        def _check_writable(self, path: Path, kind: Kind[Any]) -> None: ...
        def _check_dates_writable(self, path: Path) -> None: ...
        def _edit_dates(self, path: Path, change: Callable[[Collection[SpecialDate]], None]) -> None: ...
        def _edit_many(
            self, changes: list[tuple[Path, Callable[[Collection[T]], None]]], kind: Kind[T]
        ) -> list[Collection[T]]: ...
        def _prepare(
            self, changes: list[tuple[Path, Callable[[Collection[T]], None]]], kind: Kind[T]
        ) -> list[PreparedEdit[T]]: ...
        def _write_prepared(self, prepared: list[PreparedEdit[T]]) -> list[Collection[T]]: ...

    def add_activities(self, activities: list[Activity]) -> None:
        """Store many activities, writing each week's file once; refuses before writing
        anything when one of the files cannot be read."""
        self.replace_activities([], activities)

    def replace_activities(self, removed: list[Activity], added: list[Activity]) -> None:
        """Remove some stored activities and add others (an import's updates: the old
        version out, the new one in), so that a crash at any instant never leaves an
        updated item gone, and with it the done mark it carried: see _replace.  Refuses
        before writing anything when one of the files cannot be read."""
        self._replace(
            [(week_place(IsoWeek.of(a.date)), a.id) for a in removed],
            [(week_place(IsoWeek.of(a.date)), a) for a in added],
            ACTIVITIES,
            lambda path: self._check_writable(path, ACTIVITIES),
        )

    def replace_dates(self, removed: list[SpecialDate], added: list[SpecialDate]) -> None:
        """As replace_activities, for dates and their year files."""
        self._replace(
            [(year_place(d.date.year), d.id) for d in removed],
            [(year_place(d.date.year), d) for d in added],
            DATES,
            self._check_dates_writable,
        )

    def _replace(
        self,
        removed: list[tuple[str, str]],
        added: list[tuple[str, Any]],
        kind: Kind[Any],
        check_writable: Callable[[Path], None],
    ) -> None:
        """Take the (place, id)s out and put the (place, item)s in.

        An item whose new version lives in another file (an event moved from Sunday to
        Monday, a date from 31 December to 1 January) changes two files, which no file
        system replaces at once; so, as for one item moved by hand (weekplan.journal), the
        moves are written down first, every new place is written before any old place is
        cleared, and whoever next takes the lock finishes what a kill interrupted."""
        added_at = {item.id: place for place, item in added}
        moves = [
            Move(ident, added_at[ident], ident, place)
            for place, ident in removed
            if added_at.get(ident, place) != place
        ]
        leaving = {(move.source, move.old_id) for move in moves}
        first: dict[str, tuple[set[str], list[Any]]] = {}
        last: dict[str, tuple[set[str], list[Any]]] = {}
        for place, ident in removed:
            (last if (place, ident) in leaving else first).setdefault(place, (set(), []))[0].add(ident)
        for place, item in added:
            first.setdefault(place, (set(), []))[1].append(item)
        for place in sorted({*first, *last}):
            check_writable(self._place_file(place)[0])

        def change(ids: set[str], items: list[Any]) -> Callable[[Collection[Any]], None]:
            def apply(collection: Collection[Any]) -> None:
                for ident in ids:
                    collection.items.pop(ident, None)
                collection.items.update({item.id: item for item in items})

            return apply

        def changes(places: dict[str, tuple[set[str], list[Any]]]) -> list[tuple[Path, Callable[[Any], None]]]:
            return [(self._place_file(place)[0], change(*places[place])) for place in sorted(places)]

        if not moves:
            if first:
                self._edit_many(changes(first), kind)
            return
        with self._write_lock():
            if os.path.lexists(journal_path(self.root)):  # an earlier one could not be finished
                raise MoveWaitingError(journal_path(self.root), self.journal_errors)
            # Everything is checked before the journal is written: a file that could not
            # be read, or that would grow past what weekplan reads, refuses the whole.
            # What is made here is what is written (the lock is held); a file both gaining
            # and losing items is made again once it has gained them.
            arriving = self._prepare(changes(first), kind)
            leaving_only = self._prepare(changes({p: last[p] for p in last if p not in first}), kind)
            self._write_journal(moves)
            try:
                self._write_prepared(arriving)
                if leaving_only:
                    self._write_prepared(leaving_only)
                if both := {p: last[p] for p in last if p in first}:
                    self._edit_many(changes(both), kind)
            except Exception:
                # Some files may be new and others old: finishing the moves now leaves
                # each item once; if that fails too, the next start finishes them.
                self._finish_journal()
                raise
            with contextlib.suppress(OSError):
                clear_journal(self.root)  # if it stays, finishing it again changes nothing

    def remove_activities(self, activities: list[Activity]) -> None:
        """Remove many activities (an import taken back), writing each week's file once;
        refuses before writing anything when one of the files cannot be read."""
        self.replace_activities(activities, [])

    def remove_dates(self, dates: list[SpecialDate]) -> None:
        """Remove many dates (an import taken back), writing each year's file once;
        refuses before writing anything when one of the files cannot be read."""
        self.replace_dates(dates, [])
