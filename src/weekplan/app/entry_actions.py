"""The planner's edits of the entry under the cursor: add, edit, delete, mark done,
move, resize, copy and paste, and undo and redo of the whole session.

A mixin of PlannerApp.  The app is the one place that writes: forms and dialogs
return items, and `apply` turns them into history Changes, so undo sees every edit
of the session.  Edits that cannot be saved (a file that could not be read, a
change made elsewhere meanwhile) are refused with a message, never half made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from weekplan.app import keymap
from weekplan.app.form_saving import caught_by_open_form, saving
from weekplan.atomic_files import write_error_reason
from weekplan.display_text import quoted
from weekplan.grid_layout import Item
from weekplan.history import Change, Step
from weekplan.model import Activity, Config, Idea, SpecialDate, new_id
from weekplan.occurrence_ids import is_occurrence
from weekplan.people import added_by_me
from weekplan.record import replace
from weekplan.store import MoveWaitingError, ReadOnlyError, SeveralCopiesError, StaleEditError, Store
from weekplan.weeks import MINUTES_PER_DAY, IsoWeek, view_start

if TYPE_CHECKING:
    from weekplan.rebased_history import RebasedHistory

    from .kept_dialogs import KeptDialogs
    from .week_grid import WeekGrid


class EntryActions:
    """Mixed into PlannerApp."""

    store: Store
    config: Config
    today: date
    first_day: date
    history: RebasedHistory
    copied: Item | None
    data_version: int
    kept_dialogs: KeptDialogs

    if TYPE_CHECKING:  # provided by PlannerApp, its other mixins and App

        @property
        def grid(self) -> WeekGrid: ...
        def refresh_view(self) -> None: ...
        def reveal(self, item: Item) -> None: ...
        def go_to(self, day: date, minute: int | None = None) -> None: ...
        def _screen_class(self, module: str, name: str) -> Any: ...
        def routines_writable(self) -> bool: ...
        def refuse_while_private(self, message: str = ...) -> bool: ...
        def plan_date(self, before: SpecialDate | None, after: SpecialDate | None, verb: str) -> None: ...
        def edit_occurrence(self, before: Activity, after: Activity) -> None: ...
        def delete_occurrence(self, occurrence: Activity) -> None: ...
        def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def bell(self) -> None: ...
        def calendar_allows(self, before: object, after: object = None) -> bool: ...
        def _leaves_the_day(self, item: Item, start: int, end: int, verb: str) -> bool: ...
        def refuse_key_edit(self, message: str) -> None: ...
        def keys_for(self, binding: Binding) -> str: ...
        def _warn_of_clashes(self, change: Any) -> None: ...

    # -- applying edits ----------------------------------------------------------------

    def _refuse(self, exc: Exception) -> None:
        if caught_by_open_form(self, exc):
            return  # the form still open shows it, with what was typed
        self.bell()
        # LookupError: a routine removed elsewhere
        if isinstance(exc, (StaleEditError, SeveralCopiesError, MoveWaitingError, LookupError)):
            message = str(exc)
        elif isinstance(exc, ReadOnlyError):
            message = f"{exc.path.name} could not be read, so it is never written over; fix it first. {exc}"
        elif isinstance(exc, OSError):
            message = f"Could not save: {write_error_reason(exc)}"
        else:
            message = f"Could not save: {exc}"
        self.notify(message, title="Not changed", severity="error", markup=False, timeout=8)

    def _writable(self, item: Item) -> bool:
        """Say so before a form opens when the edit could not be saved anyway."""
        if not self.calendar_allows(item):
            return False
        if isinstance(item, Activity) and is_occurrence(item):
            return self.routines_writable()
        if isinstance(item, Activity):
            collection = self.store.week(IsoWeek.of(item.date))
        else:
            collection = self.store.dates_of(item.date.year)
        if collection.readonly:
            self._refuse(ReadOnlyError(collection.path, collection.errors))
            return False
        return True

    def apply(self, change: Change) -> bool:
        # A batch (several goals, a carry-over) has no one item: every item it touches.
        before = getattr(change, "before", tuple(change.items()))
        if not self.calendar_allows(before, getattr(change, "after", None)):
            return False
        try:
            self.history.do(self.store, change)
        except (ReadOnlyError, OSError, LookupError) as exc:
            self._refuse(exc)
            self.data_version += 1
            self.refresh_view()
            return False
        self._after(change.shown_after, change.shown_before)
        self._warn_of_clashes(change)
        self._say_what_came_back()
        return True

    def _say_what_came_back(self) -> None:
        """An edit, undo or redo of an item another program deleted meanwhile keeps it,
        as a merge keeps an item deleted on one side and edited on the other; never
        without a word."""
        for title in self.history.brought_back:
            self.notify(
                f"{quoted(title)} was deleted meanwhile by another program (another planner, a sync or an "
                "editor); this change brought it back, x deletes it again",
                title="Brought back",
                severity="warning",
                markup=False,
                timeout=8,
            )

    def _say_moves_waiting(self) -> None:
        """A move the disk had room to make but not to finish (Store._finished_later) is
        made, and finished at the next save or start with room: said as it is, where
        the person would otherwise see the entry twice and think the move refused."""
        waiting, self.store.moves_waiting[:] = list(self.store.moves_waiting), []
        for said in waiting:
            self.notify(
                said[:1].upper() + said[1:], title="Moved, not finished", severity="warning", markup=False, timeout=12
            )

    def _after(self, now: Item | None, then: Item | None) -> None:
        """Show the result of a change: the week it is in, with the cursor on it."""
        self._say_moves_waiting()
        self.data_version += 1
        if now is not None:
            first = view_start(now.date, self.config.first_weekday)
            if first != self.first_day:
                self.first_day = first
            self.refresh_view()
            self.reveal(now)
        else:
            self.refresh_view()
            if then is not None:
                self.go_to(then.date, then.start)

    # -- actions: editing -----------------------------------------------------------------

    def _cursor_start(self) -> int:
        minute = self.grid.cursor_minute
        return self.config.day_start if minute is None else minute

    def _entry_to(self, verb: str) -> Item | None:
        """The entry under the grid's cursor; on an empty slot None, once it is said
        (the bell each time the key is pressed, the words once while they show)."""
        item = self.grid.selected
        if item is None:
            add = next(b for b in keymap.WEEK_GRID if isinstance(b, Binding) and b.id == "add_activity")
            key = self.keys_for(add).split(", ")[0]  # the key the user has, as the footer shows it
            self.refuse_key_edit(f"Nothing here to {verb}: the cursor is on an empty slot ({key} adds an activity)")
        return item

    def action_add_activity(self) -> None:
        grid = self.grid
        probe = Activity("probe", grid.cursor_date, 0, 1, "probe", "rest")
        if not self._writable(probe):
            return
        form = self.activity_form(grid.cursor_date, self._cursor_start(), None)
        if form is not None:
            self._open_form(form, None, "add")

    def activity_form(self, day: date, start: int, activity: Activity | None) -> Any:
        """The activity form (kept between openings: see weekplan.app.kept_dialogs), or
        None where this version has none."""
        cls = self._screen_class("activity_form", "ActivityForm")
        if cls is None:
            return None
        return self.kept_dialogs.get(
            "activity",
            cls,
            lambda: cls(self.config, day=day, start=start, activity=activity),
            lambda form: form.reopen(self.config, day=day, start=start, activity=activity),
        )

    def action_add_date(self, idea: Idea | None = None) -> None:
        if self.refuse_while_private():
            return
        cls = self._screen_class("date_form", "DateForm")
        if cls is None or not self._writable(SpecialDate("probe", self.grid.cursor_date, "probe")):
            return
        ideas = list(self.store.ideas().items.values())
        form = cls(self.config, ideas, day=self.grid.cursor_date, start=self.grid.cursor_minute, idea=idea)
        self._open_form(form, None, "plan")

    def action_edit_entry(self) -> None:
        item = self.grid.selected
        if item is None:
            self.action_add_activity()
            return
        self.edit(item)

    def edit(self, item: Item) -> None:
        if not self._writable(item):
            return
        if isinstance(item, Activity):
            form = self.activity_form(item.date, item.start, item)
            if form is not None:
                self._open_form(form, item, "edit")
        elif not self.refuse_while_private():
            cls = self._screen_class("date_form", "DateForm")
            if cls is not None:
                ideas = list(self.store.ideas().items.values())
                form = cls(self.config, ideas, day=item.date, start=item.start, special=item)
                self._open_form(form, item, "edit")

    def _open_form(self, form: Any, before: Item | None, verb: str) -> None:
        """The form saves while it is still open, so a write error keeps what was typed
        (see weekplan.app.form_saving); one that asks something first saves once closed."""

        def at_once(after: Item) -> bool:
            return self._saves_at_once(before, after)

        self.push_screen(*saving(self, form, lambda after: self._saved(before, after, verb), at_once))

    def _saves_at_once(self, before: Item | None, after: Item) -> bool:
        """Whether saving `after` asks nothing first: not which occurrences of a routine,
        not whether to plan an idea done lately."""
        if isinstance(before, Activity) and is_occurrence(before):
            return False
        if isinstance(after, SpecialDate) and after != before:
            from .together.novelty_screen import dates_near, warning_for

            old = before if isinstance(before, SpecialDate) else None
            return warning_for(old, after, dates_near(self.store, after, self.config), self.config, self.today) is None
        return True

    def _saved(self, before: Item | None, after: Item | None, verb: str) -> None:
        if after is None or after == before:
            return
        if isinstance(after, SpecialDate):
            # Through the novelty warning, when the date's idea was done lately.
            self.plan_date(before if isinstance(before, SpecialDate) else None, after, verb)
            return
        if isinstance(before, Activity) and is_occurrence(before):
            self.edit_occurrence(before, after)  # this one, or all from now on?
            return
        self.apply(Change(f"{verb} {quoted(after.title)}", before, after))

    def action_delete_entry(self) -> None:
        item = self._entry_to("delete")
        if item is None:
            return
        if isinstance(item, Activity) and is_occurrence(item):
            if self.calendar_allows(item):  # said before the question, not after it
                self.delete_occurrence(item)  # this one, or all from now on?
            return
        if self.apply(Change(f"delete {quoted(item.title)}", item, None)):
            self.notify(f"Deleted {quoted(item.title)}; u brings it back", markup=False)

    def action_toggle_done(self) -> None:
        item = self._entry_to("mark done")
        if item is None:
            return
        if isinstance(item, Activity):
            after: Item = replace(item, done=not item.done, skipped=False)
        else:
            after = replace(item, status="planned" if item.status == "done" else "done")
        self.apply(Change(f"mark {quoted(item.title)}", item, after))

    def action_move_entry(self, days: int, slots: int) -> None:
        item = self._entry_to("move")
        if item is None:
            return
        from weekplan.entry_moves import moved  # the moves load with the first one, not at start-up

        self.save_entry_change(item, "move", lambda: moved(item, days, slots * self.config.slot_minutes))

    def action_resize_entry(self, slots: int) -> None:
        item = self._entry_to("shorten or lengthen")
        if item is None:
            return
        from weekplan.entry_moves import lengthened

        self.save_entry_change(
            item, "resize", lambda: lengthened(item, slots * self.config.slot_minutes, self.config.slot_minutes)
        )

    def save_entry_change(self, item: Item, verb: str, change: Callable[[], Item]) -> bool:
        """Save `change()` of an entry as one undoable edit (keys and mouse drags alike);
        say why when it cannot be."""
        from weekplan.entry_moves import CannotMove, date_length

        try:
            after = change()
        except CannotMove as exc:
            self.refuse_key_edit(str(exc))
            return False
        if after == item:
            return False
        if after.start is not None:
            if isinstance(after, Activity):
                end = after.end
            else:
                end = after.start + (date_length(after) if after.end is not None else 0)
            past = {"move": "moved", "resize": "lengthened"}.get(verb, verb)
            if self._leaves_the_day(item, after.start, end, past):
                return False
        return self.apply(Change(f"{verb} {quoted(item.title)}", item, after))

    def action_copy_entry(self) -> None:
        item = self._entry_to("copy")
        if item is None:
            return
        self.copied = item
        self.notify(f"Copied {quoted(item.title)}; p pastes it at the cursor", markup=False)

    def action_paste_entry(self) -> None:
        item = self.copied
        if item is None:
            self.notify("Nothing copied yet: y copies the entry under the cursor", markup=False)
            return
        from weekplan.ics import unlinked  # the calendar's vocabulary loads with the first paste

        day, minute = self.grid.cursor_date, self.grid.cursor_minute
        # A copy is one's own, not another event of the calendar the original came from.
        item = replace(item, extra=unlinked(item.extra))
        if isinstance(item, Activity):
            start = item.start if minute is None else minute
            length = item.minutes
            start = min(start, MINUTES_PER_DAY - length)
            pasted: Item = replace(
                item, id=new_id(), date=day, start=start, end=start + length, done=False, skipped=False
            )
        else:
            start = item.start if minute is None or item.start is None else minute
            end = item.end
            if item.start is not None and item.end is not None and start is not None:
                end = (start + (item.end - item.start) % MINUTES_PER_DAY) % MINUTES_PER_DAY or MINUTES_PER_DAY
            # A pasted date is a new one: this person adds it, nobody has rated it yet, and
            # its preparation is still to do, by whoever takes it.
            pasted = replace(
                item,
                id=new_id(),
                date=day,
                start=start,
                end=end,
                status="planned",
                rating=None,
                memory="",
                prep_done=False,
                prep_by="",
            )
            pasted = replace(added_by_me(replace(pasted, added_by=""), self.config), ratings=(), memories=())
        if self._writable(pasted):
            self.apply(Change(f"paste {quoted(pasted.title)}", None, pasted))

    def action_undo(self) -> None:
        change = self._step_history(self.history.undo, "Nothing to undo")
        if change is not None:
            self._after(change.shown_before, change.shown_after)
            self.notify(f"Undone: {change.label}", markup=False)
            self._say_what_came_back()

    def action_redo(self) -> None:
        change = self._step_history(self.history.redo, "Nothing to redo")
        if change is not None:
            self._after(change.shown_after, change.shown_before)
            self.notify(f"Redone: {change.label}", markup=False)
            self._say_what_came_back()

    def _step_history(self, step: Callable[[Store], Step | None], nothing: str) -> Step | None:
        """Undo or redo one step: the step taken, or None when there was none (said so)
        or it could not be taken (the person told why)."""
        try:
            change = step(self.store)
        except (ReadOnlyError, OSError, LookupError) as exc:
            self._refuse(exc)
            self.data_version += 1
            self.refresh_view()  # what the store read meanwhile
            return None
        if change is None:
            self.notify(nothing, markup=False)
        return change
