"""Merging TOML values three ways: the rules every merge in weekplan follows.

Given a common ancestor (base), this machine's value (ours) and the other's (theirs):
equal sides agree; a side that kept the base gives way to the side that changed it;
two tables merge key by key; a value deleted on one side and changed on the other is
kept with the change; the same value changed two ways is a `Conflict`, recorded, with
`prefer`'s side kept.

A list that is a set (an idea's tags, a routine's days: the `sets` of an item, named
by its kind in weekplan.item_file) merges element by element instead: what either
side added is in, what either side removed is out, so it never conflicts.  An
element cannot be added on one side and removed on the other, since it was either in
the ancestor or not; a side that removed one and typed it again left it as it was.

The git merge driver (merge.py) applies these rules to whole files, the store applies
them when another program changed a file it is about to write, and undo when a sync
changed the item since, so this module knows nothing of files or of the store.
"""

from __future__ import annotations

from datetime import date, datetime, time

from weekplan.display_text import CUT_MARK, ONE_LINE_LIMIT
from weekplan.model import tag_key
from weekplan.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


class _Missing:
    """A key that one version does not have (TOML has no null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Conflict(Record):
    """The same value changed two ways; `where` is a dotted path inside the file."""

    where: str
    kept: Any
    other: Any
    copy_id: str | None = None  # the id the other machine's version was kept under

    def describe(self) -> str:
        if self.copy_id:
            return f"{self.where}: both versions kept, the other machine's as {self.copy_id}"
        return f"{self.where}: kept {show_value(self.kept)}, the other machine had {show_value(self.other)}"


def show_value(value: Any) -> str:
    """A value (or a title) as a message names it: its repr, so that no control
    character reaches a terminal, cut to a line's length (display_text.ONE_LINE_LIMIT):
    a text of a megabyte is named, not printed."""
    shown = "nothing" if value is MISSING else repr(value)
    return shown if len(shown) <= ONE_LINE_LIMIT else shown[: ONE_LINE_LIMIT - 1] + CUT_MARK


def canonical(value: Any) -> Any:
    """A form in which equal means the same TOML value (in Python, True == 1 == 1.0)."""
    if isinstance(value, dict):
        return ("table", tuple(sorted((k, canonical(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("array", tuple(canonical(v) for v in value))
    if isinstance(value, (bool, int, float, str, date, datetime, time)):
        return (type(value).__name__, value)
    return ("other", repr(value))


def same_value(a: Any, b: Any) -> bool:
    """Whether two TOML values (or MISSING) are the same, types included."""
    if a is MISSING or b is MISSING:
        return a is b
    return canonical(a) == canonical(b)


def merge_value(
    base: Any,
    ours: Any,
    theirs: Any,
    where: str,
    conflicts: list[Conflict],
    prefer: str = "ours",
    sets: frozenset[str] = frozenset(),
) -> Any:
    """Merge one value (MISSING when absent); record conflicts and take `prefer`'s side there.

    `sets` names the keys of this table (an item) whose lists are sets."""
    if same_value(ours, theirs):
        return ours
    if same_value(ours, base):
        return theirs
    if same_value(theirs, base):
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return merge_tables(base if isinstance(base, dict) else {}, ours, theirs, where, conflicts, prefer, sets)
    # Deleted on one side, changed on the other: keep the change, never lose an edit.
    if ours is MISSING:
        return theirs
    if theirs is MISSING:
        return ours
    conflicts.append(Conflict(where, ours, theirs))
    return ours if prefer == "ours" else theirs


def merge_tables(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    where: str,
    conflicts: list[Conflict],
    prefer: str = "ours",
    sets: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Key by key; keys keep this machine's order, the other machine's new keys follow.
    The lists under the keys named in `sets` merge as sets (merge_set)."""
    merged: dict[str, Any] = {}
    for key in ordered_keys(ours, theirs, base):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if key in sets and all(v is MISSING or isinstance(v, list) for v in (b, o, t)):
            value = merge_set(b, o, t)
        else:
            value = merge_value(b, o, t, _join(where, key), conflicts, prefer)
        if value is not MISSING:
            merged[key] = value
    return merged


def set_element(value: Any) -> Any:
    """Which element of a set written as a list a value is: a word (a tag, a day) by
    model.tag_key, whatever its case, as ideas and routines read them; else the value."""
    return ("word", tag_key(value)) if isinstance(value, str) else canonical(value)


def merge_set(base: Any, ours: Any, theirs: Any) -> Any:
    """Three lists (MISSING is empty, as an item writes no empty set) merged as sets: the
    elements both sides kept, and those either side added; this machine's order first.
    MISSING when nothing is left.

    Words that differ only in case are one element (set_element).  Its spelling merges
    as a value does: the side that spelt it anew ("friends" made "Friends") wins over
    the side that kept the ancestor's, and over the side that removed it (an edit wins
    over a removal); two sides that each spelt it anew (or added it apart) keep this
    machine's spelling, never both."""
    base_list, ours_list, theirs_list = ([] if side is MISSING else side for side in (base, ours, theirs))
    base_spelt, ours_spelt, theirs_spelt = (_spellings(side) for side in (base_list, ours_list, theirs_list))
    merged: dict[Any, Any] = {}
    for side, other in ((ours_spelt, theirs_spelt), (theirs_spelt, ours_spelt)):
        for key in side:
            if key not in base_spelt or key in other or not same_value(side[key], base_spelt[key]):
                merged.setdefault(key, None)  # added, kept by both, or spelt anew (an edit beats a removal)
    for key in merged:
        was = base_spelt.get(key, MISSING)
        ours_now, theirs_now = ours_spelt.get(key, MISSING), theirs_spelt.get(key, MISSING)
        if ours_now is not MISSING and (was is MISSING or not same_value(ours_now, was)):
            merged[key] = ours_now
        elif theirs_now is not MISSING:
            merged[key] = theirs_now
        else:
            merged[key] = ours_now
    return list(merged.values()) or MISSING


def _spellings(elements: list[Any]) -> dict[Any, Any]:
    """Each element of a list by set_element, as it is first written there."""
    spelt: dict[Any, Any] = {}
    for element in elements:
        spelt.setdefault(set_element(element), element)
    return spelt


def ordered_keys(*tables: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for table in tables:
        seen.update(dict.fromkeys(table))
    return list(seen)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
