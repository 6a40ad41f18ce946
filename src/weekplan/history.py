"""Undo and redo over a whole session of edits.

Every edit of an item is a Change: the item before and after (None where it did not
exist or no longer does), whatever kind of item it is; the store chooses the file by
the item's type.  Whole routines change as a RoutineChange (several routines in one
write), and several steps that undo as one are a Batch.  Applying a step and its
inverse both go through the store, so undo writes files exactly as an edit would:
atomically, only the touched files, refusing files that could not be read.

Plain Python, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Protocol

from weekplan.model import Activity, Item, SpecialDate
from weekplan.record import Record
from weekplan.store import ReadOnlyError

if TYPE_CHECKING:
    # Routines (and the time words they are read with) load when a step needs them:
    # the planner's first screen imports this module and needs neither.
    from weekplan.routines import Routine

GridItem = Activity | SpecialDate  # what the week grid shows, and a step can take the cursor to


class EditableStore(Protocol):
    def put(self, item: Item, *, replacing: Item | None = None) -> None: ...
    def remove(self, item: Item) -> None: ...
    def change_routines(self, removed: list[Routine], put: list[Routine]) -> None: ...


def _in_grid(item: Item | None) -> GridItem | None:
    return item if isinstance(item, (Activity, SpecialDate)) else None


class Change(Record):
    """One edit of one item: `label` says what it was ("move climbing"), for messages."""

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

    @property
    def shown_before(self) -> GridItem | None:
        return _in_grid(self.before)

    @property
    def shown_after(self) -> GridItem | None:
        return _in_grid(self.after)

    def items(self) -> Iterator[Item]:
        yield from (item for item in (self.before, self.after) if item is not None)

    def inverse(self) -> Change:
        return Change(self.label, self.after, self.before)

    def apply(self, store: EditableStore) -> None:
        if self.after is None:
            store.remove(self.before)  # type: ignore[arg-type]
        else:
            # replacing= moves an item between files when its date changed week.
            store.put(self.after, replacing=self.before)


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

    @property
    def shown_before(self) -> GridItem | None:
        return self.before

    @property
    def shown_after(self) -> GridItem | None:
        return self.after

    def items(self) -> Iterator[Item]:
        yield from (item for item in (self.before, self.after) if item is not None)

    def inverse(self) -> RoutineChange:
        return RoutineChange(self.label, self.routines_after, self.routines_before, self.after, self.before)

    def apply(self, store: EditableStore) -> None:
        kept = {r.id for r in self.routines_after}
        removed = [r for r in self.routines_before if r.id not in kept]
        store.change_routines(removed, list(self.routines_after))


if TYPE_CHECKING:
    Imported = Activity | SpecialDate | Routine


class ImportChange(Record):
    """A calendar import: everything it added, changed (the old versions removed, the new
    ones added) and removed, written in bulk, so that one undo takes the whole import
    back and redo brings it again."""

    label: str
    added: tuple[Imported, ...] = ()
    removed: tuple[Imported, ...] = ()

    @property
    def shown_before(self) -> GridItem | None:
        return None  # nothing to put the cursor on: an import spans many weeks

    @property
    def shown_after(self) -> GridItem | None:
        return None

    def items(self) -> Iterator[Item]:
        from weekplan.routines import Routine

        yield from (i for i in (*self.removed, *self.added) if not isinstance(i, Routine))

    def inverse(self) -> ImportChange:
        return ImportChange(self.label, self.removed, self.added)

    def apply(self, store: EditableStore) -> None:
        from weekplan.routines import Routine

        bulk: Any = store  # the bulk writes of weekplan.store.Store

        def of(kind: type, items: tuple[Imported, ...]) -> list[Any]:
            return [i for i in items if type(i) is kind]

        bulk.remove_activities(of(Activity, self.removed))
        if of(SpecialDate, self.removed):
            bulk.remove_dates(of(SpecialDate, self.removed))
        if of(Routine, self.removed) or of(Routine, self.added):
            store.change_routines(of(Routine, self.removed), of(Routine, self.added))
        if of(SpecialDate, self.added):
            bulk.put_dates(of(SpecialDate, self.added))
        bulk.add_activities(of(Activity, self.added))


# What a store may refuse a step with; a batch takes back its first steps then.
REFUSALS: tuple[type[Exception], ...] = (ReadOnlyError, OSError, LookupError)


class Batch(Record):
    """Several steps that are done and undone as one (carrying unfinished activities
    over, changing several goals).  When the store refuses one of them (a file that
    cannot be read), those already made are taken back, so a refused batch leaves the
    data as it was."""

    label: str
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError("a batch needs at least one step")

    @property
    def shown_before(self) -> GridItem | None:
        return next((s.shown_before for s in self.steps if s.shown_before is not None), None)

    @property
    def shown_after(self) -> GridItem | None:
        return next((s.shown_after for s in self.steps if s.shown_after is not None), None)

    def items(self) -> Iterator[Item]:
        for step in self.steps:
            yield from step.items()

    def apply(self, store: EditableStore) -> None:
        made: list[Step] = []
        try:
            for step in self.steps:
                step.apply(store)
                made.append(step)
        except REFUSALS:
            for step in reversed(made):
                # The first refusal is the one worth telling; a second one says the same.
                with suppress(*REFUSALS):
                    step.inverse().apply(store)
            raise

    def inverse(self) -> Batch:
        return Batch(self.label, tuple(step.inverse() for step in reversed(self.steps)))


Step = Change | RoutineChange | ImportChange | Batch


def batch_of(label: str, steps: Sequence[Step]) -> Step | None:
    """One step for the lot: None for nothing, the step itself when alone."""
    if not steps:
        return None
    if len(steps) == 1:
        return steps[0]
    return Batch(label, tuple(steps))


def added(label: str, items: Sequence[Item]) -> Step | None:
    """Adding several items at once (carry-over), undone as one."""
    return batch_of(label, [Change(label, None, item) for item in items])


class History:
    """The session's steps, newest last.  A step that the store refuses (a file that
    cannot be read) raises and leaves the stacks as they were."""

    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self._done: list[Step] = []
        self._undone: list[Step] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def __len__(self) -> int:
        return len(self._done)

    @property
    def next_undo(self) -> Step | None:
        """The step undo would take back, if any."""
        return self._done[-1] if self._done else None

    @property
    def next_redo(self) -> Step | None:
        return self._undone[-1] if self._undone else None

    def items(self) -> Iterator[Item]:
        """Every item the steps still held here know, as it was or became."""
        for step in (*self._done, *self._undone):
            yield from step.items()

    def do(self, store: EditableStore, step: Step) -> Step:
        step.apply(store)
        self._done.append(step)
        del self._done[: -self.limit]
        self._undone.clear()
        return step

    def record(self, step: Step) -> None:
        """Keep a step that was applied already (an import, written in a thread)."""
        self._done.append(step)
        del self._done[: -self.limit]
        self._undone.clear()

    def undo(self, store: EditableStore) -> Step | None:
        """Reverse the newest step; returns it (None when there is nothing to undo)."""
        if not self._done:
            return None
        step = self._done[-1]
        step.inverse().apply(store)
        self._undone.append(self._done.pop())
        return step

    def redo(self, store: EditableStore) -> Step | None:
        if not self._undone:
            return None
        step = self._undone[-1]
        step.apply(store)
        self._done.append(self._undone.pop())
        return step
