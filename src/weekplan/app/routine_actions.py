"""The planner's routine actions: a new routine (R), and the question "this one or all
from now on" when an occurrence of a routine is edited in its form or deleted.

A mixin of PlannerApp.  Every edit goes through the app's `apply` and its undo
history: one occurrence as a Change (an exception in routines.toml), whole routines
as a RoutineChange.  Marking done, moving and resizing with keys change only that
occurrence and never ask: a run of key presses must not raise a question each time.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from weekplan.app.form_saving import saving
from weekplan.display_text import quoted
from weekplan.history import Change, RoutineChange
from weekplan.model import Activity, Config
from weekplan.occurrence_ids import occurrence_id, parse_occurrence_id
from weekplan.record import replace
from weekplan.store import ReadOnlyError
from weekplan.weeks import format_time

if TYPE_CHECKING:
    # weekplan.routines loads with the first routine edited, not with the planner.
    from weekplan.routines import Routine
    from weekplan.store import Store


def _when(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _schedule(routine: Routine) -> str:
    """When a routine takes place, as the messages about it say."""
    from weekplan.routines import describe_days

    every = "every week" if routine.interval == 1 else f"every {routine.interval} weeks"
    return f"{describe_days(routine.days)} {format_time(routine.start)}–{format_time(routine.end)}, {every}"


def _planned_day(occurrence: Activity) -> date:
    """The date the routine planned it for, where it may have been moved from."""
    planned = parse_occurrence_id(occurrence.id)
    return planned[1] if planned else occurrence.date


class RoutineActions:
    """Mixed into PlannerApp."""

    store: Store
    config: Config

    if TYPE_CHECKING:  # provided by PlannerApp and App

        def apply(self, change: Any) -> bool: ...
        def _refuse(self, exc: Exception) -> None: ...
        def calendar_allows(self, before: object, after: object = None) -> bool: ...
        def _screen_class(self, module: str, name: str) -> Any: ...
        def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

    # -- a new routine ---------------------------------------------------------------------

    def action_add_routine(self) -> None:
        cls = self._screen_class("routine_form", "RoutineForm")
        if cls is None or not self.routines_writable():
            return
        grid: Any = self.grid  # type: ignore[attr-defined]
        start = grid.cursor_minute if grid.cursor_minute is not None else self.config.day_start
        self.push_screen(*saving(self, cls(self.config, day=grid.cursor_date, start=start), self._routine_added))

    def _routine_added(self, routine: Routine | None) -> None:
        if routine is None:
            return
        first = routine.first_date()
        shown = routine.occurrence(first) if first is not None else None
        if self.apply(RoutineChange(f"add routine {quoted(routine.title)}", (), (routine,), None, shown)):
            self.notify(f"Added the routine {quoted(routine.title)}: {_schedule(routine)}; u undoes it", markup=False)

    # -- a whole routine ---------------------------------------------------------------------

    def action_edit_routine(self) -> None:
        """Edit the routine of the occurrence under the cursor: its days, times, interval…"""
        grid: Any = self.grid  # type: ignore[attr-defined]
        occurrence = grid.selected
        if not isinstance(occurrence, Activity) or parse_occurrence_id(occurrence.id) is None:
            self.notify("Put the cursor on a routine's occurrence (marked ↻) to edit the routine", markup=False)
            return
        routine = self._routine_of(occurrence)
        cls = self._screen_class("routine_form", "RoutineForm")
        if routine is None or cls is None or not self.routines_writable():
            return
        if not self.calendar_allows(occurrence):  # said before the form is filled in, not after
            return
        form = cls(self.config, day=occurrence.date, start=occurrence.start, routine=routine)
        self.push_screen(form, lambda edited: self._routine_edited(routine, edited, occurrence))

    def _routine_edited(self, before: Routine, after: Routine | None, occurrence: Activity) -> None:
        if after is None or after == before:
            return
        day = _planned_day(occurrence)
        shown = after.occurrence(day)
        if shown is None:
            first = after.first_date()
            shown = after.occurrence(first) if first is not None else None
        if self.apply(RoutineChange(f"edit routine {quoted(after.title)}", (before,), (after,), occurrence, shown)):
            self.notify(f"Changed the routine {quoted(after.title)}: {_schedule(after)}; u undoes it", markup=False)

    def routines_writable(self) -> bool:
        routines = self.store.routines()
        if routines.readonly:
            self._refuse(ReadOnlyError(routines.path, routines.errors))
            return False
        return True

    def _routine_of(self, occurrence: Activity) -> Routine | None:
        routine = self.store.routine_of(occurrence)
        if routine is None:
            self._refuse(LookupError(f"{quoted(occurrence.title)} is no longer part of a routine"))
        return routine

    # -- editing one occurrence or all from now on -------------------------------------------

    def _ask_scope(self, occurrence: Activity, verb: str, answered: Any, **labels: str) -> None:
        """Ask whether to `verb` only this occurrence or all from then on; `answered` gets
        "one", "all" or None."""
        cls = self._screen_class("occurrence_scope", "OccurrenceScope")
        if cls is not None:
            day = _planned_day(occurrence)
            question = f"{quoted(occurrence.title)} repeats. {verb} only the one on {_when(day)}, or all from then on?"
            self.push_screen(cls(question, **labels), answered)

    def edit_occurrence(self, before: Activity, after: Activity) -> None:
        """The activity form was saved for an occurrence: ask which ones it is for.  Escape
        goes back to the form with what was typed."""

        def answered(scope: str | None) -> None:
            if scope == "one":
                self.apply(Change(f"edit {quoted(after.title)}", before, after))
            elif scope == "all":
                self._edit_from_now_on(before, after)
            else:
                self._reopen_form(before, after)

        self._ask_scope(before, "Change", answered)

    def _reopen_form(self, before: Activity, typed: Activity) -> None:
        cls = self._screen_class("activity_form", "ActivityForm")
        if cls is not None:
            form = cls(self.config, day=typed.date, start=typed.start, activity=typed)
            self.push_screen(form, lambda result: self._form_saved_again(before, result))

    def _form_saved_again(self, before: Activity, after: Activity | None) -> None:
        if after is not None and after != before:
            self.edit_occurrence(before, after)

    def _edit_from_now_on(self, before: Activity, after: Activity) -> None:
        from weekplan.routines import DayTakenError, split_at

        routine = self._routine_of(before)
        if routine is None:
            return
        try:
            ended, carried = split_at(routine, after)
        except DayTakenError as exc:
            self.notify(str(exc), title="Not changed", severity="warning", markup=False, timeout=8)
            return
        on_the_day = [a for a in carried.occurrences_between(after.date, after.date) if a.title == after.title]
        shown = on_the_day[0] if on_the_day else replace(after, id=occurrence_id(carried.id, after.date))
        change = RoutineChange(
            f"edit {quoted(after.title)} from {_when(after.date)} on",
            (routine,),
            (carried,) if ended is None else (ended, carried),
            before,
            shown,
        )
        if self.apply(change):
            self.notify(f"Changed {quoted(after.title)} from {_when(after.date)} on; u undoes it", markup=False)

    # -- deleting one occurrence or all from now on ------------------------------------------

    def delete_occurrence(self, occurrence: Activity) -> None:
        day = _planned_day(occurrence)

        def answered(scope: str | None) -> None:
            if scope == "one":
                if self.apply(Change(f"delete {quoted(occurrence.title)}", occurrence, None)):
                    self.notify(f"Deleted {quoted(occurrence.title)} on {_when(day)}; u brings it back", markup=False)
            elif scope == "all":
                self._confirm_delete_from(occurrence, day)

        self._ask_scope(occurrence, "Delete", answered, all_label="All from now on…")

    def _confirm_delete_from(self, occurrence: Activity, day: date) -> None:
        routine = self._routine_of(occurrence)
        cls = self._screen_class("confirm", "ConfirmScreen")
        if routine is None or cls is None:
            return
        until = f" (it runs until {_when(routine.last)} {routine.last.year})" if routine.last else ""
        question = (
            f"Delete {quoted(occurrence.title)} on {_when(day)} and every later occurrence{until}? "
            "Earlier ones stay. u undoes it."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete_from(occurrence, routine, day)

        self.push_screen(cls(question, "Delete all", "Keep"), confirmed)

    def _delete_from(self, occurrence: Activity, routine: Routine, day: date) -> None:
        ended = routine.ended_before(day)
        label = f"delete {quoted(occurrence.title)} from {_when(day)} on"
        change = RoutineChange(label, (routine,), () if ended is None else (ended,), occurrence, None)
        if self.apply(change):
            self.notify(f"Deleted {quoted(occurrence.title)} from {_when(day)} on; u brings them back", markup=False)
