"""The store's edits of routines.toml: whole routines added, changed, split ("all from
now on") or ended, and single occurrences changed or removed (an exception kept with
the routine).  A mixin of weekplan.store.Store, which reads and writes the file;
kept apart so that store.py holds the files and this the routine rules of editing.

Plain Python, no Textual.
"""

from __future__ import annotations

from collections.abc import Callable

from weekplan.model import Activity
from weekplan.occurrence_ids import parse_occurrence_id

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

    from weekplan.routines import OccurrenceChange, Routine


class RoutineEdits:
    """Mixed into Store."""

    if TYPE_CHECKING:  # provided by Store

        def _edit_routines(self, change: Callable[[Any], None]) -> None: ...
        def routine_of(self, activity: Activity) -> Routine | None: ...

    def _change_occurrence(self, activity: Activity, change: Callable[[Routine], OccurrenceChange | None]) -> None:
        parsed = parse_occurrence_id(activity.id)
        assert parsed is not None
        routine_id, day = parsed

        def apply(collection: Any) -> None:
            routine = collection.items.get(routine_id)
            if routine is None or not routine.occurs_on(day):
                raise LookupError(f"{activity.title!r} on {day} is no longer part of a routine")
            collection.items[routine_id] = routine.with_exception(day, change(routine))

        self._edit_routines(apply)

    def put_routine(self, routine: Routine) -> None:
        """Add or replace a whole routine (also how an undo brings one back)."""
        self.put_routines([routine])

    def put_routines(self, routines: list[Routine]) -> None:
        self._edit_routines(lambda c: c.items.update({r.id: r for r in routines}))

    def change_routines(self, removed: list[Routine], put: list[Routine]) -> None:
        """Remove some routines and add or replace others in one write (how the planner's
        undoable routine edits are saved)."""

        def apply(collection: Any) -> None:
            for routine in removed:
                collection.items.pop(routine.id, None)
            collection.items.update({r.id: r for r in put})

        self._edit_routines(apply)

    def remove_routine(self, routine: Routine) -> None:
        """Delete the routine and every occurrence of it; put_routine(routine) undoes it."""
        self._edit_routines(lambda c: c.items.pop(routine.id, None))

    def put_activity_from_now_on(self, occurrence: Activity) -> tuple[Routine | None, Routine]:
        """Apply an edited occurrence to it and every later one: the routine ends the day
        before and a new routine carries on.  Returns (what is left of the old routine or
        None, the new routine); to undo, put the old routine back and remove the new one."""
        routine = self.routine_of(occurrence)
        if routine is None:
            raise LookupError(f"{occurrence.title!r} is not part of a routine")
        from weekplan.routines import split_at

        before, after = split_at(routine, occurrence)

        def apply(collection: Any) -> None:
            if before is None:
                collection.items.pop(routine.id, None)
            else:
                collection.items[routine.id] = before
            collection.items[after.id] = after

        self._edit_routines(apply)
        return before, after

    def end_routine_before(self, occurrence: Activity) -> Routine | None:
        """Remove this occurrence and every later one ("delete all from now on").
        Returns what is left of the routine (None if nothing); put_routine undoes it."""
        parsed = parse_occurrence_id(occurrence.id)
        routine = self.routine_of(occurrence)
        if routine is None or parsed is None:
            raise LookupError(f"{occurrence.title!r} is not part of a routine")
        ended = routine.ended_before(parsed[1])
        if ended is None:
            self.remove_routine(routine)
        else:
            self.put_routine(ended)
        return ended
