"""Undoable edits of the Together half, kept in the planner's history beside its
activity and date changes: an idea, a goal, a week's note, and several changes
that undo as one (carrying unfinished activities over).

Each edit has what weekplan.history.Change has: a `label`, `apply(store)`,
`inverse()`, and `before` / `after`, the grid item to show once it is undone or
applied (None for things that are not in the grid).  Plain Python, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from typing import Any, Protocol

from weekplan.history import Change, Item
from weekplan.model import Goal, Idea
from weekplan.record import Record
from weekplan.store import ReadOnlyError
from weekplan.weeks import IsoWeek


class Edit(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def before(self) -> Item | None: ...
    @property
    def after(self) -> Item | None: ...
    def apply(self, store: Any) -> None: ...
    def inverse(self) -> Edit: ...


class IdeaChange(Record):
    """Add (old None), change, or delete (new None) an idea of the backlog."""

    label: str
    old: Idea | None
    new: Idea | None

    def __post_init__(self) -> None:
        if self.old is None and self.new is None:
            raise ValueError("an idea change needs an idea before or after it")

    before = None
    after = None

    def apply(self, store: Any) -> None:
        if self.new is None:
            store.remove_idea(self.old)
        else:
            store.put_idea(self.new)

    def inverse(self) -> IdeaChange:
        return IdeaChange(self.label, self.new, self.old)


class GoalChange(Record):
    """Set (old None), change, or drop (new None) the weekly goal of one category."""

    label: str
    old: Goal | None
    new: Goal | None

    def __post_init__(self) -> None:
        if self.old is None and self.new is None:
            raise ValueError("a goal change needs a goal before or after it")

    before = None
    after = None

    def apply(self, store: Any) -> None:
        if self.new is None:
            store.remove_goal(self.old)
        else:
            store.put_goal(self.new)

    def inverse(self) -> GoalChange:
        return GoalChange(self.label, self.new, self.old)


class NoteChange(Record):
    """A week's review note, from `old` to `new` ("" is no note)."""

    label: str
    week: IsoWeek
    old: str
    new: str

    before = None
    after = None

    def apply(self, store: Any) -> None:
        store.set_week_note(self.week, self.new)

    def inverse(self) -> NoteChange:
        return NoteChange(self.label, self.week, self.new, self.old)


_UNDOABLE_FAILURES = (ReadOnlyError, OSError, LookupError)


class Batch(Record):
    """Several edits that are done and undone as one.  When the store refuses one of
    them (a file that cannot be read), those already made are taken back, so a
    refused batch leaves the data as it was."""

    label: str
    edits: tuple[Edit, ...]

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a batch needs at least one edit")

    @property
    def before(self) -> Item | None:
        return next((e.before for e in self.edits if e.before is not None), None)

    @property
    def after(self) -> Item | None:
        return next((e.after for e in self.edits if e.after is not None), None)

    def apply(self, store: Any) -> None:
        made: list[Edit] = []
        try:
            for edit in self.edits:
                edit.apply(store)
                made.append(edit)
        except _UNDOABLE_FAILURES:
            for edit in reversed(made):
                # The first refusal is the one worth telling; a second one says the same.
                with suppress(*_UNDOABLE_FAILURES):
                    edit.inverse().apply(store)
            raise

    def inverse(self) -> Batch:
        return Batch(self.label, tuple(edit.inverse() for edit in reversed(self.edits)))


def batch_of(label: str, edits: Sequence[Edit]) -> Edit | None:
    """One edit for the lot: None for nothing, the edit itself when alone."""
    if not edits:
        return None
    if len(edits) == 1:
        return edits[0]
    return Batch(label, tuple(edits))


def added(label: str, items: Sequence[Item]) -> Edit | None:
    """Adding several activities or dates at once (carry-over), undone as one."""
    return batch_of(label, [Change(label, None, item) for item in items])
