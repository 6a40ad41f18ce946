"""The store's edits of two files: an activity moved to another week, or between a
week and the routines, written down first (weekplan.journal) so that a kill between
the two writes is finished by the next start.  A mixin of weekplan.store.Store, which
reads and writes the files.

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from weekplan.atomic_files import write_error_reason
from weekplan.concurrent_edit import MoveWaitingError, ReadOnlyError
from weekplan.display_text import quoted
from weekplan.item_file import ACTIVITIES, DATES, ROUTINES, Collection, Kind, Signature, signature
from weekplan.journal import (
    ROUTINES_PLACE,
    VERSION_FORM,
    Move,
    clear_journal,
    journal_path,
    read_journal,
    unchanged_since,
    version_of,
    week_place,
    write_journal,
)
from weekplan.model import Activity, SpecialDate
from weekplan.occurrence_ids import parse_occurrence_id
from weekplan.record import replace
from weekplan.tomlfile import DataError, DataFileError, TooLargeToWrite
from weekplan.weeks import IsoWeek

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")
    from weekplan.item_file import PreparedEdit
    from weekplan.routines import Routine


class JournalEdits:
    """Mixed into Store."""

    if TYPE_CHECKING:  # provided by Store
        root: Path
        notes: list[str]
        journal_errors: list[DataError]
        moves_waiting: list[str]
        _moves_held: list[Move]
        _journal_read: tuple[Signature | None, list[Move]]
        _signatures: dict[Path, Signature | None]

        @property
        def routines_path(self) -> Path: ...
        @property
        def together_root(self) -> Path: ...
        def _collection(self, path: Path, kind: Kind[T], *, fresh: bool = False) -> Collection[T]: ...
        def _edit(self, path: Path, kind: Kind[T], change: Callable[[Collection[T]], None]) -> Collection[T]: ...
        def _write_lock(self, *, wait: bool = True) -> contextlib.AbstractContextManager[None]: ...
        def _prepare(
            self, changes: list[tuple[Path, Callable[[Collection[T]], None]]], kind: Kind[T]
        ) -> list[PreparedEdit[T]]: ...
        def _write_prepared(self, prepared: list[PreparedEdit[T]]) -> list[Collection[T]]: ...

    def _place(self, activity: Activity) -> str:
        """Where an activity is kept, relative to the data directory."""
        if parse_occurrence_id(activity.id) is not None:
            return ROUTINES_PLACE
        return week_place(IsoWeek.of(activity.date))

    def _place_file(self, place: str) -> tuple[Path, Kind[Any]]:
        if place == ROUTINES_PLACE:
            return self.routines_path, ROUTINES
        if place.startswith("dates/"):
            return self.together_root / place, DATES
        return self.root / place, ACTIVITIES

    def _held(self, place: str, item_id: str) -> Activity | SpecialDate | None:
        """The item as the file on disk has it now (None: it has not); ReadOnlyError
        when the file cannot be read."""
        path, kind = self._place_file(place)
        collection = self._collection(path, kind, fresh=signature(path) != self._signatures.get(path, 0))
        if collection.readonly:
            raise ReadOnlyError(path, collection.errors)
        return _item_in(collection.items, place, item_id)

    def waiting_moves(self) -> list[Move]:
        """The moves of the intent on disk (weekplan.journal): those a kill interrupted or
        a full disk left waiting, as any weekplan reads them, a fresh start or another
        planner as much as the one that made them.  [] when there is none, or when it is
        not one weekplan wrote (left alone, and said in journal_errors).  Read again only
        when the file changed; a stat when there is none."""
        path = journal_path(self.root)
        found = signature(path)
        if found is None:
            return []
        if self._journal_read[0] != found:
            try:
                moves = read_journal(self.root)
            except (DataFileError, OSError):
                moves = []
            self._journal_read = (found, moves)
        return self._journal_read[1]

    def _refuse_waiting_item(self, path: Path, before: dict[str, Any], after: dict[str, Any]) -> None:
        """Refuse a change of either copy of an item whose move waits (`_moves_held`: its
        intent could not be finished, on a full disk say), with the reason a further move
        of it is refused.  Finishing the move later reads a new copy gone as a move that
        never got that far, and an old copy changed as one edited where it was: an entry
        deleted or edited meanwhile would come back at its old place, without a word.
        Every other item may be changed."""
        for move in self._moves_held:
            for place, item_id in ((move.source, move.old_id), (move.to, move.item_id)):
                if self._place_file(place)[0] != path:
                    continue
                if _item_in(before, place, item_id) != _item_in(after, place, item_id):
                    raise MoveWaitingError(journal_path(self.root), self.journal_errors)

    def _write_journal(self, moves: list[Move]) -> None:
        """Write the moves down, each with a fingerprint of its old item as held now."""
        fingerprinted = []
        for move in moves:
            old = self._held(move.source, move.old_id)
            fingerprinted.append(
                move if old is None else replace(move, old_version=version_of(old), version_form=VERSION_FORM)
            )
        write_journal(self.root, fingerprinted)

    def _drop(self, place: str, item_id: str) -> None:
        """Remove the item from a place (an occurrence: mark it removed)."""
        self._edit(*self._dropping(place, item_id))

    def _dropping(self, place: str, item_id: str) -> tuple[Path, Kind[Any], Callable[[Collection[Any]], None]]:
        """The file and the change that remove the item from a place."""
        if place != ROUTINES_PLACE:
            path, kind = self._place_file(place)
            return path, kind, lambda c: c.items.pop(item_id, None)
        from weekplan.routines import OccurrenceChange

        routine_id, day = parse_occurrence_id(item_id) or ("", None)

        def apply(collection: Collection[Routine]) -> None:
            routine = collection.items.get(routine_id)
            if routine is not None and day is not None and routine.occurs_on(day):
                collection.items[routine_id] = routine.with_exception(day, OccurrenceChange(removed=True))

        return self.routines_path, ROUTINES, apply

    def _move(self, move: Move, put_new: Callable[[], None]) -> None:
        """Put the item in its new place, then take it from the old one, with the intent
        written down first, so a kill at any instant leaves exactly one of them."""
        with self._write_lock():
            if os.path.lexists(journal_path(self.root)):  # an earlier one could not be finished
                raise MoveWaitingError(journal_path(self.root), self.journal_errors)
            new_path, new_kind = self._place_file(move.to)
            # Refused before anything is written: an old place that could not be read, or
            # that would grow past what weekplan reads once the item is taken out of it.
            # Made here, it is written as it is once the new place is: the lock is held and
            # the new place is another file.
            path, kind, drop = self._dropping(move.source, move.old_id)
            dropped = self._prepare([(path, drop)], kind)
            before = dict(self._collection(new_path, new_kind).items)
            self._write_journal([move])
            try:
                put_new()
            except BaseException:
                with contextlib.suppress(OSError):
                    clear_journal(self.root)  # the new place is as it was: nothing to finish
                raise
            try:
                self._write_prepared(dropped)
            except Exception as failure:
                # Put the new place back as it was, and the edit is refused; if even that
                # fails, the move is made: see _finished_later.
                try:
                    self._edit(new_path, new_kind, lambda c: (c.items.clear(), c.items.update(before)))
                except Exception:
                    self._finished_later(move, failure)
                    return
                clear_journal(self.root)
                raise
            with contextlib.suppress(OSError):
                clear_journal(self.root)  # if it stays, finishing it again changes nothing

    def _finished_later(self, move: Move, failure: Exception) -> None:
        """The new place is written, the old one could not be cleared nor the new one put
        back (a full disk refuses every write): the journal stays, and whoever next takes
        the lock with room to write finishes the move.  So the move is made, not refused,
        and saying it was refused would be untrue: it is said in `moves_waiting` (for the
        person) and `journal_errors` (for the banner and `weekplan check`) instead."""
        old = self._held(move.source, move.old_id)
        title = quoted(old.title) if old is not None else "the entry"
        # The file is named in the sentence: the reason alone, not the path again.
        why = failure.strerror if isinstance(failure, OSError) and failure.strerror else failure
        said = (
            f"moved {title} to {move.to}; its old copy could not be removed from {move.source} ({why})"
            " and is removed at the next save or start with room to write"
        )
        self.moves_waiting.append(said)
        self.journal_errors = [DataError(journal_path(self.root), 1, 1, said)]

    def finish_moves_waiting(self) -> None:
        """Finish a move left waiting (for room on a full disk, a file fixed), if it can
        be, before an edit looks where its item is: an edit of the old copy, as it was
        read while the move waited, then finds the item where it has gone, and is never
        written into the old place beside the moved one.  A stat when nothing waits."""
        if os.path.lexists(journal_path(self.root)):
            with self._write_lock():  # which finishes it
                pass

    def _finish_journal(self) -> None:
        """Finish the moves a kill interrupted (the lock is held); see weekplan.journal."""
        path = journal_path(self.root)
        self.journal_errors = []
        try:
            moves = read_journal(self.root)
            for move in moves:
                moved = self._held(move.to, move.item_id)
                old = self._held(move.source, move.old_id)
                if moved is None or old is None:
                    continue
                unchanged = unchanged_since(move, old) if move.old_version else True
                if unchanged is False:
                    # Edited where it was while the move waited: that edit is kept.
                    self._drop(move.to, move.item_id)
                    self.notes.append(
                        f"kept {old.title!r} in {move.source} as edited there; its move to {move.to} was undone"
                    )
                elif unchanged is None:
                    # Fingerprinted in a way this version cannot check: the old copy is kept.
                    self._drop(move.to, move.item_id)
                    self.notes.append(
                        f"kept {old.title!r} in {move.source} as it is there (its move was written down by"
                        f" another version of weekplan); its move to {move.to} was undone"
                    )
                else:
                    try:
                        self._drop(move.source, move.old_id)
                    except TooLargeToWrite as refused:
                        # Trying again would meet the same size: the move is undone instead.
                        self._drop(move.to, move.item_id)
                        self.notes.append(
                            f"kept {old.title!r} in {move.source}; its move to {move.to} was undone: {refused}"
                        )
                        continue
                    self.notes.append(f"finished moving {moved.title!r} from {move.source} to {move.to}")
            clear_journal(self.root)
        except DataFileError as exc:
            self.journal_errors = exc.errors
        except (ReadOnlyError, OSError, LookupError) as exc:
            why = write_error_reason(exc) if isinstance(exc, OSError) else exc
            self.journal_errors = [
                DataError(path, 1, 1, f"an interrupted move could not be finished yet: {why}; it is tried again")
            ]


def _item_in(items: dict[str, Any], place: str, item_id: str) -> Any:
    """The item `item_id` of a place's items: in routines.toml an occurrence of a routine."""
    parsed = parse_occurrence_id(item_id) if place == ROUTINES_PLACE else None
    if parsed is None:
        return items.get(item_id)
    routine = items.get(parsed[0])
    return None if routine is None else routine.occurrence(parsed[1])
