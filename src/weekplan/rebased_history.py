"""Undo, redo and edits onto files that changed on disk since the edit was made.

The store merges an edit into a file changed by another program, field by field, with
what it last read as the common base.  Once the planner reloads a changed file, that
base is the new version: an undo that wrote its old item back whole would then quietly
take back the other program's change.  So each edit is applied here as what it is, a
change from one version of an item to another, onto the item as it is now:

- nothing changed underneath: the edit is passed to the store as it is;
- other fields changed: the edit's fields are merged into the current item;
- the same field changed both ways, or a deletion of an item changed meanwhile:
  refused with StaleEditError, and the history stays as it was.

Plain Python, no Textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from weekplan.history import Batch, History, ImportChange, RoutineChange, Step
from weekplan.item_file import kind_of
from weekplan.model import Activity, Goal, Idea, Item, SpecialDate, WeekNote
from weekplan.routines import Routine, parse_occurrence_id
from weekplan.store import ReadOnlyError, StaleEditError, Store
from weekplan.value_merge import MISSING, merge_value
from weekplan.weeks import IsoWeek

Keyed = Activity | SpecialDate | Idea | Goal


def _key(item: Keyed) -> tuple[str, str]:
    return (type(item).__name__, item.category if isinstance(item, Goal) else item.id)


def _same(a: Keyed | Routine | None, b: Keyed | Routine | None) -> bool:
    # As written: fields weekplan does not know (kept in `extra`) count too.
    return a is b or (a is not None and b is not None and a.to_toml() == b.to_toml())


def _title(item: Keyed) -> str:
    return repr(item.category if isinstance(item, Goal) else item.title)


class RebasedStore:
    """The store, seen by one edit: every put or remove of an item the edit knows is
    checked against the item as stored now.  Anything else goes to the store unchanged."""

    def __init__(self, store: Store, edit: Step) -> None:
        self._store = store
        self._from: dict[tuple[str, str], Keyed | None] = {}
        self._notes: dict[IsoWeek, str] = {}
        self._routines: dict[str, Routine | None] = {}
        # Titles of items another program deleted meanwhile that this edit put back.
        self.brought_back: list[str] = []
        self._learn(edit)

    def _learn(self, edit: Step) -> None:
        """Record what each item was when the edit was made ("from"), batches opened up."""
        if isinstance(edit, Batch):
            for step in edit.steps:
                self._learn(step)
        elif isinstance(edit, RoutineChange):
            for routine in edit.routines_before:
                self._routines.setdefault(routine.id, routine)
            for routine in edit.routines_after:
                self._routines.setdefault(routine.id, None)
        elif isinstance(edit, ImportChange):
            # Written in bulk as they are; its routines are checked like any routine edit,
            # so taking back an import never removes a routine changed elsewhere since.
            for routine in edit.removed:
                if isinstance(routine, Routine):
                    self._routines.setdefault(routine.id, routine)
            for routine in edit.added:
                if isinstance(routine, Routine):
                    self._routines.setdefault(routine.id, None)
        elif isinstance(edit.item, WeekNote):
            self._notes.setdefault(edit.item.week, "" if edit.before is None else edit.before.text)  # type: ignore[union-attr]
        else:
            self._from.setdefault(_key(edit.item), edit.before)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    # -- the items as stored now --------------------------------------------------------

    def _current(self, item: Keyed) -> tuple[Keyed | None, Path]:
        store = self._store
        if isinstance(item, Activity) and (parsed := parse_occurrence_id(item.id)) is not None:
            # An occurrence as its routine shows it now (None: removed, or the routine is gone).
            routine = store.routine(parsed[0])
            return (None if routine is None else routine.occurrence(parsed[1])), store.routines_path
        if isinstance(item, Activity | SpecialDate):
            # Where the item was when the edit was made, as that file is on disk now.  An
            # item gone from it may have been moved to another week or year meanwhile:
            # this edit then applies to it there, never to a second copy put back here.
            source = self._from.get(_key(item))
            where = (source or item).date  # type: ignore[union-attr]
            path = store.week_path(IsoWeek.of(where)) if isinstance(item, Activity) else store.dates_path(where.year)
            store.look_again(path)
            collection = store.week(IsoWeek.of(where)) if isinstance(item, Activity) else store.dates_of(where.year)
            current = collection.items.get(item.id)
            if current is None and source is not None and not collection.readonly:
                return store.now_elsewhere(item, path)
            return current, path
        if isinstance(item, Idea):
            return store.ideas().items.get(item.id), store.ideas_path
        return store.goals().items.get(item.category), store.goals_path

    def _rebase(self, mine: Keyed) -> tuple[Keyed, Keyed | None]:
        """This edit's version of the item merged into the current one, and the current."""
        key = _key(mine)
        if key not in self._from:
            return mine, None
        source = self._from[key]
        current, path = self._current(mine)
        if current is None and source is not None and _key(source) == key:
            self.brought_back.append(mine.category if isinstance(mine, Goal) else mine.title)
        if current is None or _same(current, source) or _same(current, mine):
            return mine, current  # unchanged underneath, or deleted there: kept with this edit
        conflicts: list[Any] = []
        base = MISSING if source is None else source.to_toml()
        merged = merge_value(base, mine.to_toml(), current.to_toml(), "", conflicts, sets=kind_of(mine).sets)
        if conflicts:
            raise StaleEditError(path, _title(current))
        ident = mine.category if isinstance(mine, Goal) else mine.id
        return type(mine).from_toml(ident, merged), current

    def _check_removal(self, item: Keyed) -> None:
        key = _key(item)
        if key not in self._from:
            return
        current, path = self._current(item)
        if current is not None and not _same(current, self._from[key]) and not _same(current, item):
            raise StaleEditError(path, _title(current))

    # -- what history's steps call -------------------------------------------------------------

    def _written(self, item: Keyed, now: Keyed | None) -> None:
        # What this edit wrote is the base of what it does next (a batch taking back
        # its first steps after a refusal must not merge them in again).
        self._from[_key(item)] = now

    def put(self, item: Item, *, replacing: Item | None = None) -> None:
        if isinstance(item, WeekNote):
            self._set_week_note(item.week, item.text)
            return
        merged, current = self._rebase(item)
        occurrence = isinstance(item, Activity) and parse_occurrence_id(item.id) is not None
        if current is not None and replacing is not None and not occurrence:
            # The item leaves the file it is in now (it may have moved week or year meanwhile).
            replacing = current
        self._store.put(merged, replacing=replacing)
        self._written(item, merged)

    def remove(self, item: Item) -> None:
        if isinstance(item, WeekNote):
            self._set_week_note(item.week, "")
            return
        self._check_removal(item)
        self._store.remove(item)
        self._written(item, None)

    def change_routines(self, removed: list[Routine], put: list[Routine]) -> None:
        """Whole routines, each checked against routines.toml as it is now: refused when a
        routine was changed there meanwhile (StaleEditError) or is gone (LookupError)."""
        store = self._store
        if store.routines_path in store.changed_files():
            store.forget([store.routines_path])  # compare with the file as it is, not as last read
        routines = store.routines()
        if routines.readonly:  # unreadable, not emptied: never say a routine was removed
            raise ReadOnlyError(routines.path, routines.errors)
        current = routines.items
        targets: dict[str, Routine | None] = {r.id: None for r in removed}
        targets.update({r.id: r for r in put})
        for ident, target in targets.items():
            if ident not in self._routines:
                continue
            source, now = self._routines[ident], current.get(ident)
            if _same(now, source) or _same(now, target):
                continue
            title = repr((source or target).title)  # type: ignore[union-attr]
            if now is None:
                raise LookupError(f"the routine {title} is no longer in routines.toml: something else removed it")
            raise StaleEditError(store.routines_path, f"the routine {title}")
        store.change_routines(removed, put)
        self._routines.update(targets)

    def _set_week_note(self, week: IsoWeek, note: str) -> None:
        if week in self._notes:
            current = self._store.week_note(week)
            if current not in (self._notes[week], note):
                raise StaleEditError(self._store.week_path(week), f"the note of {week}")
        self._store.set_week_note(week, note)
        self._notes[week] = note


class RebasedHistory(History):
    """The session's history, each step applied through a RebasedStore."""

    # The titles of the items the last step taken put back after another program had
    # deleted them meanwhile (the edit is kept, as a merge keeps it): for the person to hear.
    brought_back: tuple[str, ...] = ()

    def do(self, store: Any, step: Step) -> Step:
        rebased = self._rebased(store, step)
        done = super().do(rebased, step)
        self.brought_back = tuple(rebased.brought_back)
        return done

    def undo(self, store: Any) -> Step | None:
        step = self.next_undo
        if step is None:
            return None
        rebased = self._rebased(store, step.inverse())
        undone = super().undo(rebased)
        self.brought_back = tuple(rebased.brought_back)
        return undone

    def redo(self, store: Any) -> Step | None:
        step = self.next_redo
        if step is None:
            return None
        rebased = self._rebased(store, step)
        redone = super().redo(rebased)
        self.brought_back = tuple(rebased.brought_back)
        return redone

    def _rebased(self, store: Any, step: Step) -> RebasedStore:
        self.brought_back = ()  # a step refused brings nothing back
        store.finish_moves_waiting()  # the items as they are once it is finished
        return RebasedStore(store, step)
