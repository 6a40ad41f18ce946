"""Undo and redo over a whole session of edits.

Every edit is a Change: the item before and after (None where it did not exist or no
longer does).  Applying a change and its inverse both go through the store, so undo
writes files exactly as an edit would: atomically, only the touched files, refusing
files that could not be read.  Plain Python, no Textual.
"""

from __future__ import annotations

from typing import Any, Protocol

from weekplan.model import Activity, SpecialDate
from weekplan.record import Record
from weekplan.routines import Routine

Item = Activity | SpecialDate


class EditableStore(Protocol):
    def put_activity(self, activity: Activity, *, replacing: Activity | None = None) -> None: ...
    def remove_activity(self, activity: Activity) -> None: ...
    def put_date(self, special: SpecialDate) -> None: ...
    def remove_date(self, special: SpecialDate) -> None: ...
    def change_routines(self, removed: list[Routine], put: list[Routine]) -> None: ...


class Change(Record):
    """One edit: `label` says what it was ("move climbing"), for messages."""

    label: str
    before: Item | None
    after: Item | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change needs an item before or after it")
        if self.before is not None and self.after is not None and type(self.before) is not type(self.after):
            raise ValueError("a change cannot turn one kind of item into another")

    @property
    def item(self) -> Item:
        """The item as it is once the change is applied (or as it was, for a deletion)."""
        return self.after if self.after is not None else self.before  # type: ignore[return-value]

    def inverse(self) -> Change:
        return Change(self.label, self.after, self.before)

    def apply(self, store: EditableStore) -> None:
        before, after = self.before, self.after
        if isinstance(self.item, Activity):
            if after is None:
                store.remove_activity(before)  # type: ignore[arg-type]
            else:
                # replacing= moves it between week files when the date changed week.
                store.put_activity(after, replacing=before)  # type: ignore[arg-type]
        elif after is None:
            store.remove_date(before)  # type: ignore[arg-type]
        else:
            store.put_date(after)  # type: ignore[arg-type]


class RoutineChange(Record):
    """Whole routines changed at once: added, ended, split ("all from now on") or removed.

    `routines_before` and `routines_after` are the routines.toml items this change
    touches, as they were and as they become; a routine only in `routines_before` is
    removed.  `before` and `after` are the occurrences to show in the grid (None where
    there is none), as in Change."""

    label: str
    routines_before: tuple[Routine, ...]
    routines_after: tuple[Routine, ...]
    before: Activity | None = None
    after: Activity | None = None

    def __post_init__(self) -> None:
        if not self.routines_before and not self.routines_after:
            raise ValueError("a routine change needs a routine before or after it")

    def inverse(self) -> RoutineChange:
        return RoutineChange(self.label, self.routines_after, self.routines_before, self.after, self.before)

    def apply(self, store: EditableStore) -> None:
        kept = {r.id for r in self.routines_after}
        removed = [r for r in self.routines_before if r.id not in kept]
        store.change_routines(removed, list(self.routines_after))


class ImportChange(Record):
    """A calendar import: many activities, routines and dates added at once, so that one
    undo takes the whole import back (and redo brings it again)."""

    label: str
    activities: tuple[Activity, ...] = ()
    routines: tuple[Routine, ...] = ()
    dates: tuple[SpecialDate, ...] = ()
    adding: bool = True
    before: Item | None = None  # nothing to show in the grid: the import spans many weeks
    after: Item | None = None

    def inverse(self) -> ImportChange:
        return ImportChange(self.label, self.activities, self.routines, self.dates, not self.adding)

    def apply(self, store: EditableStore) -> None:
        bulk: Any = store  # the bulk writes of weekplan.store.Store
        if self.adding:
            if self.routines:
                bulk.put_routines(list(self.routines))
            if self.dates:
                bulk.put_dates(list(self.dates))
            bulk.add_activities(list(self.activities))
        else:
            bulk.remove_activities(list(self.activities))
            if self.dates:
                bulk.remove_dates(list(self.dates))
            if self.routines:
                store.change_routines(list(self.routines), [])


class History:
    """The session's changes, newest last.  A change that the store refuses (a file
    that cannot be read) raises and leaves the stacks as they were."""

    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self._done: list[Change] = []
        self._undone: list[Change] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def __len__(self) -> int:
        return len(self._done)

    def do(self, store: EditableStore, change: Change) -> Change:
        change.apply(store)
        self._done.append(change)
        del self._done[: -self.limit]
        self._undone.clear()
        return change

    def record(self, change: Any) -> None:
        """Keep a change that was applied already (an import, written in a thread)."""
        self._done.append(change)
        del self._done[: -self.limit]
        self._undone.clear()

    def undo(self, store: EditableStore) -> Change | None:
        """Reverse the newest change; returns it (None when there is nothing to undo)."""
        if not self._done:
            return None
        change = self._done[-1]
        change.inverse().apply(store)
        self._undone.append(self._done.pop())
        return change

    def redo(self, store: EditableStore) -> Change | None:
        if not self._undone:
            return None
        change = self._undone[-1]
        change.apply(store)
        self._done.append(self._undone.pop())
        return change
