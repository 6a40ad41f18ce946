"""Edits refused or merged: a file that could not be read is never written over
(ReadOnlyError), a move or a change of a moved item waits while an earlier move is not
finished (MoveWaitingError), and an edit made on a file another program changed
meanwhile is merged into the fresh file field by field, or refused when both changed
the same thing (StaleEditError), or when the item is in two files at once
(SeveralCopiesError); nothing is saved while a stopped sync's rewrite is not put
right (SyncStoppedError).  The store calls these under its lock, just before writing.
"""

from __future__ import annotations

import errno
from pathlib import Path

from weekplan.fields import ItemError
from weekplan.item_file import ROUTINES, Collection, Kind
from weekplan.model import Config
from weekplan.tomlfile import DataError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")


class ReadOnlyError(Exception):
    """The file could not be read, so writing it could destroy what is in it."""

    def __init__(self, path: Path, errors: list[DataError]) -> None:
        first = f": {errors[0]}" if errors else ""
        super().__init__(f"{path} cannot be changed until it is fixed{first}")
        self.path = path
        self.errors = errors


class MoveWaitingError(ReadOnlyError):
    """A move made earlier is not finished yet (weekplan.journal: its old copy could not
    be removed, say on a full disk); another move would write over its intent, and a
    change of either copy of the moved item would be undone by finishing it, so they
    wait until that one is finished.  Nothing is wrong with any file."""

    def __init__(self, path: Path, errors: list[DataError]) -> None:
        why = errors[0].message if errors else "it is finished at the next save or start"
        Exception.__init__(self, f"an earlier move must be finished first: {why}")
        self.path = path
        self.errors = errors


class SyncStoppedError(PermissionError):
    """A sync was stopped while git rewrote the repository's files (weekplan.sync_stopped):
    one may be missing or empty until the next sync puts it back, and an edit saved
    into it meanwhile would make that the truth."""

    def __init__(self, repo: Path) -> None:
        super().__init__(
            errno.EACCES,
            f"a sync in {repo} was stopped while git rewrote its files; nothing is saved there "
            "until the next sync (weekplan sync) has put them back",
        )


class StaleEditError(ReadOnlyError):
    """Someone else (another planner, a sync, an editor) changed the same thing since it
    was read; the store now holds their version and the edit must be made again."""

    def __init__(self, path: Path, what: str) -> None:
        Exception.__init__(
            self,
            f"{path.name}: {what} was changed meanwhile by another program (another planner, a sync "
            "or an editor); its new version is loaded, please make the change again",
        )
        self.path = path
        self.errors = []


class SeveralCopiesError(ReadOnlyError):
    """One item is in two or more files (another planner, a sync or an editor put it
    there): an edit made to one would leave the others as they are, so none is changed
    until a person keeps one."""

    def __init__(self, what: str, paths: list[Path]) -> None:
        names = " and ".join(path.name for path in paths)
        Exception.__init__(
            self,
            f"{what} is in {names} at once (put there by another planner, a sync or an editor); "
            "delete one of them first",
        )
        self.path = paths[0]
        self.paths = paths
        self.errors = []


def reapply(path: Path, kind: Kind[T], known: Collection[T], fresh: Collection[T], edited: Collection[T]) -> None:
    """`edited` is the fresh file with this edit applied; where the edit and the other
    program changed the same item (or table), merge them field by field into `edited`,
    and refuse when both changed the same field or this edit deletes what was changed."""
    from weekplan.value_merge import MISSING, merge_value, same_value

    def raw(items: dict[str, Any], key: str) -> Any:
        return items[key].to_toml() if key in items else MISSING

    for key in edited.items.keys() | fresh.items.keys():
        mine, theirs, base = raw(edited.items, key), raw(fresh.items, key), raw(known.items, key)
        if same_value(mine, theirs) or same_value(theirs, base):
            continue  # untouched by this edit, or by the other program
        item = fresh.items.get(key) or known.items.get(key)
        what = repr(getattr(item, "title", key))
        conflicts: list[Any] = []
        merged = merge_value(base, mine, theirs, f"{kind.table}.{key}", conflicts, sets=kind.sets)
        if conflicts or mine is MISSING or merged is MISSING or _removes_a_change(kind, key, base, mine, theirs):
            raise StaleEditError(path, what)
        try:
            edited.items[key] = kind.parse(key, merged)
        except ItemError:
            raise StaleEditError(path, what) from None
    for key in edited.other.keys() | fresh.other.keys():
        mine, theirs = edited.other.get(key, MISSING), fresh.other.get(key, MISSING)
        base = known.other.get(key, MISSING)
        if same_value(mine, theirs) or same_value(theirs, base):
            continue
        conflicts = []
        merged = merge_value(base, mine, theirs, key, conflicts)
        if conflicts:
            raise StaleEditError(path, f"[{key}]")
        if merged is MISSING:
            edited.other.pop(key, None)
        else:
            edited.other[key] = merged


def _removes_a_change(kind: Kind[Any], key: str, base: Any, mine: Any, theirs: Any) -> bool:
    """Whether one side removes an occurrence of a routine that the other changed: a
    merge would keep it with the change (weekplan.routine_merge), which for an edit made
    here means the edit is not made, so it is refused instead."""
    if kind is not ROUTINES or not (isinstance(mine, dict) and isinstance(theirs, dict)):
        return False
    from weekplan.routine_merge import keep_changed_occurrences

    before = {key: base} if isinstance(base, dict) else {}
    return keep_changed_occurrences(before, {key: mine}, {key: theirs}) != ({key: mine}, {key: theirs})


def reapply_config(path: Path, known: Config, mine: Config, fresh: Config) -> Config:
    from weekplan.value_merge import merge_tables

    conflicts: list[Any] = []
    merged = merge_tables(known.to_toml(), mine.to_toml(), fresh.to_toml(), "", conflicts)
    config, problems, _unused_settings = Config.from_toml(merged)
    if conflicts or problems:
        raise StaleEditError(path, "the same setting")
    return config
