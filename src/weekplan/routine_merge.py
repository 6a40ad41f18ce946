"""How routines.toml merges: item by item as every file does (weekplan.item_merge),
and what routines need beyond field by field: an occurrence removed on one machine
and changed on the other, and a routine split "from now on" on one machine while the
other changed the routine it was split from.  Every rule of merging routines is here.

An occurrence removed on one machine (its exception becomes `removed = true`) and
changed on the other is kept, with the change, as any item deleted on one side and
changed on the other is: the removal is not taken.  weekplan.sync_settle says so.  One
changed after the day the other machine ended the routine cannot show in it any more:
it is kept under [conflicts] to choose from; one changed there on the machine that
ended it stays (the routine form keeps those).

A split ends the routine the day before and adds a new routine that carries on, named
by its `split_from`.  git's merge sees the old routine edited on both machines (merged
field by field) and the new one added on one side: without more, a rename made on the
other machine would stop at the split day.  So the new routine takes the other
machine's changes of the old one too, as a three-way merge of what they share (title,
category, days, times, notes, share), with the old routine as it was before as the
common ancestor: a field the split did not change takes the other machine's value; a
field both changed two ways is a conflict, and both versions of the new routine are
kept, as for any conflict.  Occurrences the other machine changed from the split day
to the new routine's last (an exception) move to it; one that is no longer a planned
day of it, with the other machine's changes, is kept under [conflicts] to choose from,
never dropped.  A split at the first occurrence deletes the old routine: it stays
deleted when the other machine's change reached the split, and is kept beside it,
marked as the other machine's version, when not.

Plain Python, no Textual.
"""

from __future__ import annotations

from datetime import date

from weekplan.fields import Fields, ItemError
from weekplan.item_merge import CONFLICT_OF, copy_id, merge_items, normal, other_machine_copy, parses
from weekplan.value_merge import MISSING, Conflict, merge_tables, merge_value, same_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

SPLIT_FROM = "split_from"
EXCEPTIONS = "exceptions"
# What a routine has of its own, not carried on from the one it was split from.
_OWN = frozenset({"first", "last", "uid", EXCEPTIONS, SPLIT_FROM, CONFLICT_OF})


class Carried:
    """A split routine after the merge: `routine` with every change that did not clash,
    `other` the version with the other machine's values where they clashed (None when
    nothing clashed), `recorded` exceptions kept for the person under [conflicts], and
    `as_other_had_it`: the other machine's routine as it was, from the split day on (to
    keep beside the split when merging the two makes no valid routine)."""

    def __init__(
        self,
        routine: dict[str, Any],
        other: dict[str, Any] | None,
        recorded: list[Conflict],
        as_other_had_it: dict[str, Any],
    ) -> None:
        self.routine = routine
        self.other = other
        self.recorded = recorded
        self.as_other_had_it = as_other_had_it


def split_parent(routine: Any) -> str | None:
    """The id of the routine this raw routine was split from, if it names one."""
    parent = routine.get(SPLIT_FROM) if isinstance(routine, dict) else None
    return parent if isinstance(parent, str) and parent else None


def _shared(routine: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in routine.items() if k not in _OWN}


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _with_exceptions(routine: dict[str, Any], exceptions: dict[str, Any]) -> dict[str, Any]:
    """The routine with these exceptions, and without a table of them when there are none."""
    return {**routine, EXCEPTIONS: exceptions} if exceptions else {k: v for k, v in routine.items() if k != EXCEPTIONS}


def _without_exceptions(routine: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    return _with_exceptions(routine, {k: v for k, v in _table(routine.get(EXCEPTIONS)).items() if k not in keys})


def _routine_day(routine: dict[str, Any], name: str) -> date | None:
    """A routine's first or last day as the store reads it: a date-time (from a remote
    or a hand edit) is no day to compare with, and the store reports it by its line."""
    return Fields(routine).day(name, required=False)


def _day(key: str) -> date | None:
    try:
        return date.fromisoformat(key)
    except ValueError:
        return None


def _carry_into_split(
    item_id: str,
    routine: dict[str, Any],
    parent_before: dict[str, Any],
    parent_other: dict[str, Any],
    sets: frozenset[str],
) -> Carried:
    """The routine `item_id`, split off on one machine from a routine that was
    `parent_before` there and is `parent_other` on the other machine."""
    where = f"routines.{item_id}"
    clashes: list[Conflict] = []
    base, mine, theirs = _shared(parent_before), _shared(routine), _shared(parent_other)
    kept = merge_tables(base, mine, theirs, where, clashes, "ours", sets)
    other = merge_tables(base, mine, theirs, where, [], "theirs", sets) if clashes else None
    own = {k: v for k, v in routine.items() if k in _OWN and k != EXCEPTIONS}
    exceptions, recorded = _carried_exceptions(item_id, routine, {**kept, **own}, parent_before, parent_other)
    if exceptions:
        own[EXCEPTIONS] = exceptions
    carried = {**kept, **own}
    return Carried(carried, None if other is None else {**other, **own}, recorded, {**theirs, **own})


def _carried_exceptions(
    item_id: str,
    routine: dict[str, Any],
    merged: dict[str, Any],
    parent_before: dict[str, Any],
    parent_other: dict[str, Any],
) -> tuple[dict[str, Any], list[Conflict]]:
    """The split routine's exceptions with those the other machine changed from its first
    day to its last; a change on a day the split routine no longer has, once `merged`
    with the other machine's changes (a weekday added there counts), is recorded instead."""
    exceptions = dict(_table(routine.get(EXCEPTIONS)))
    first = _routine_day(routine, "first")
    if first is None:
        return exceptions, []
    before, other = _table(parent_before.get(EXCEPTIONS)), _table(parent_other.get(EXCEPTIONS))
    recorded: list[Conflict] = []
    for key in sorted(before.keys() | other.keys()):
        day = _day(key)
        if day is None or day < first or after_last(routine, key) or after_last(parent_other, key):
            # Before the split; after its own last day (a later split carries it); or
            # after the other machine ended (or split) the routine there itself.
            continue
        if same_value(before.get(key, MISSING), other.get(key, MISSING)):
            continue
        where = f"routines.{item_id}.{EXCEPTIONS}.{key}"
        found: list[Conflict] = []
        value = merge_value(
            before.get(key, MISSING), exceptions.get(key, MISSING), other.get(key, MISSING), where, found
        )
        if found or not _occurs(item_id, {**merged, EXCEPTIONS: {}}, day):
            recorded.append(Conflict(where, exceptions.get(key, MISSING), other.get(key, MISSING)))
            continue
        if value is MISSING:
            exceptions.pop(key, None)
        else:
            exceptions[key] = value
    return exceptions, recorded


def _occurs(item_id: str, routine: dict[str, Any], day: date) -> bool:
    from weekplan.routines import Routine  # only a split needs it; sync loads this module

    try:
        return Routine.from_toml(item_id, routine).occurs_on(day)
    except ItemError:
        return False


def after_last(parent: dict[str, Any], key: str) -> bool:
    """Whether the exception under `key` lies after the routine's last day, where it
    changes nothing (a split moved it on to the routine that carries on)."""
    last, day = _routine_day(parent, "last"), _day(key)
    return last is not None and day is not None and day > last


def removed_occurrence(exception: Any) -> bool:
    return isinstance(exception, dict) and exception.get("removed") is True


def keep_changed_occurrences(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two sides' routines, with an occurrence removed on one side taken back where
    the other side changed it, so the merge keeps the change (the removing side's
    exception is put back as the common ancestor had it)."""

    def without_removals(side: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
        changed = dict(side)
        for item_id, routine in side.items():
            before, elsewhere = _table(base.get(item_id)), _table(other.get(item_id))
            exceptions = _table(routine.get(EXCEPTIONS)) if isinstance(routine, dict) else {}
            old, there = _table(before.get(EXCEPTIONS)), _table(elsewhere.get(EXCEPTIONS))
            taken_back = {
                key
                for key, exception in exceptions.items()
                if removed_occurrence(exception)
                and not removed_occurrence(old.get(key))
                and key in there
                and not removed_occurrence(there[key])
                and not same_value(there[key], old.get(key, MISSING))
            }
            if taken_back:
                kept = {k: v for k, v in exceptions.items() if k not in taken_back}
                changed[item_id] = _with_exceptions(routine, {**kept, **{k: old[k] for k in taken_back if k in old}})
        return changed

    return without_removals(ours, theirs), without_removals(theirs, ours)


def _changed_after_end(key: str, before: dict[str, Any], mine: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether one side changed the occurrence under `key` while the other side ended
    the routine before it (each side compared with the common ancestor)."""
    was = _table(before.get(EXCEPTIONS)).get(key, MISSING)
    sides = (mine, other)
    ended = [after_last(side, key) and not after_last(before, key) for side in sides]
    changed = [not same_value(_table(side.get(EXCEPTIONS)).get(key, MISSING), was) for side in sides]
    return (changed[0] and ended[1]) or (changed[1] and ended[0])


def set_aside_after_last(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], merged: dict[str, Any]
) -> list[Conflict]:
    """Occurrences changed on one machine after the day the other machine ended the
    routine ("delete all from now on"): deleted on one side and changed on the other,
    they would stay in the file where they no longer show.  Each is taken out of the
    routine and kept under [conflicts] to choose from; the conflicts are returned.  A
    change after the last day made on the machine that ended the routine stays (the
    routine form keeps them when it moves the last day earlier)."""
    recorded: list[Conflict] = []
    for item_id, routine in merged.items():
        exceptions = _table(routine.get(EXCEPTIONS)) if isinstance(routine, dict) else {}
        before, mine, other = (_table(side.get(item_id)) for side in (base, ours, theirs))

        late = {
            key: exception
            for key, exception in exceptions.items()
            if after_last(routine, key) and _changed_after_end(key, before, mine, other)
        }
        if not late:
            continue
        recorded += [Conflict(f"routines.{item_id}.{EXCEPTIONS}.{key}", MISSING, late[key]) for key in sorted(late)]
        merged[item_id] = _without_exceptions(routine, set(late))
    return recorded


def _reaches_split(before: dict[str, Any], other: dict[str, Any], first: date | None) -> bool:
    """Whether everything the other side changed in the routine a split came from is
    carried into the split: shared fields, and occurrences from its first day on."""
    for key in before.keys() | other.keys():
        if same_value(before.get(key, MISSING), other.get(key, MISSING)):
            continue
        if key == EXCEPTIONS:
            was, now = _table(before.get(EXCEPTIONS)), _table(other.get(EXCEPTIONS))
            days = [
                _day(k) for k in was.keys() | now.keys() if not same_value(was.get(k, MISSING), now.get(k, MISSING))
            ]
            if first is None or any(day is None or day < first for day in days):
                return False
        elif key in _OWN:
            return False
    return True


def merge_routines(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], routines: Any, conflicts: list[Conflict]
) -> tuple[dict[str, Any], list[Conflict]]:
    """The routines of three versions merged: item by item, with occurrences removed on
    one side and changed on the other, splits "from now on", and changes after the day
    the other side ended a routine."""
    ours, theirs = keep_changed_occurrences(base, ours, theirs)
    items, recorded = merge_items(base, ours, theirs, routines.table, routines, conflicts)
    recorded += carry_into_splits(base, ours, theirs, items, routines, conflicts)
    late = set_aside_after_last(base, ours, theirs, items)
    conflicts.extend(late)
    return items, recorded + late


def carry_into_splits(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    merged: dict[str, Any],
    routines: Any,
    conflicts: list[Conflict],
) -> list[Conflict]:
    """A routine split "from now on" on one side takes what the other side changed in
    the routine it was split from; returns the conflicts that belong in [conflicts]."""
    recorded: list[Conflict] = []
    ours_splits: dict[str, str] = {}  # parent id → the routine split off it on this side
    for item_id, routine in list(merged.items()):
        parent_id = split_parent(routine)
        if parent_id is None or item_id in base or (item_id in ours) == (item_id in theirs):
            continue  # not split off on one side alone in this merge
        if item_id in ours:
            ours_splits.setdefault(parent_id, item_id)
        elif parent_id in ours_splits or any(split_parent(ours[i]) == parent_id for i in ours if i not in base):
            # Split "from now on" on both machines: the two carry on side by side, so the
            # other machine's is marked as its version, to choose from like any conflict.
            mine_id = ours_splits.get(parent_id) or next(
                i for i in ours if i not in base and split_parent(ours[i]) == parent_id
            )
            merged[item_id] = other_machine_copy(mine_id, routine)
            conflicts.append(Conflict(f"{routines.table}.{mine_id}", ours[mine_id], routine, item_id))
            continue
        before = normal(routines, parent_id, base.get(parent_id, MISSING))
        other = normal(routines, parent_id, (theirs if item_id in ours else ours).get(parent_id, MISSING))
        if not (isinstance(before, dict) and isinstance(other, dict)) or same_value(before, other):
            continue  # the other side left the routine as it was (or deleted it: kept, with the split)
        carried = _carry_into_split(item_id, routine, before, other, routines.sets)
        mine, theirs_version = carried.routine, carried.other
        if not parses(routines, item_id, mine) or (
            theirs_version is not None and not parses(routines, item_id, theirs_version)
        ):
            # Together they make no valid routine: the split as it was, and the other beside it.
            mine, theirs_version = routine, carried.as_other_had_it
            if not parses(routines, item_id, theirs_version):
                found = Conflict(f"{routines.table}.{item_id}", routine, theirs_version)
                recorded.append(found)  # kept under [conflicts], never written as an item that cannot be read
                conflicts.append(found)
                theirs_version = None
        merged[item_id] = mine
        if theirs_version is not None:
            new_id = copy_id(item_id, theirs_version)
            merged[new_id] = other_machine_copy(item_id, theirs_version)
            conflicts.append(Conflict(f"{routines.table}.{item_id}", mine, theirs_version, new_id))
        recorded += carried.recorded
        conflicts.extend(carried.recorded)
        if parent_id in merged and parent_id not in (ours if item_id in ours else theirs):
            # Split at its first occurrence, the routine was deleted on this side; deleted
            # here and changed there brought it back.  The change reached the split: the
            # old routine stays deleted.  A change the split cannot take (its end) keeps it,
            # marked as the other machine's version, to choose from.
            if _reaches_split(before, other, _routine_day(routine, "first")):
                del merged[parent_id]
                continue
            merged[parent_id] = other_machine_copy(item_id, merged[parent_id])
            conflicts.append(Conflict(f"{routines.table}.{item_id}", mine, merged[parent_id], parent_id))
            continue
        parent = merged.get(parent_id)
        if isinstance(parent, dict):
            merged[parent_id] = _without_exceptions(
                parent, {key for key in _table(parent.get(EXCEPTIONS)) if after_last(parent, key)}
            )
    return recorded
