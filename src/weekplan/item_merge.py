"""Merging a table of items by id, field by field, for weekplan.merge: the rules in
its docstring, and the other machine's version kept beside an item that clashed.

Plain Python, no Textual.
"""

from __future__ import annotations

from weekplan.fields import ItemError
from weekplan.value_merge import MISSING, Conflict, canonical, merge_value, ordered_keys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

CONFLICT_OF = "conflict_of"
OTHER_MACHINE_SUFFIX = " (other machine)"


def copy_id(item_id: str, theirs: dict[str, Any]) -> str:
    """A new id for the other machine's version, the same every time this merge runs."""
    import hashlib  # only conflicts need it; the planner loads this module at start-up

    digest = hashlib.sha256(repr((item_id, canonical(theirs))).encode("utf-8")).hexdigest()
    return digest[:12]


def other_machine_copy(original_id: str, version: dict[str, Any]) -> dict[str, Any]:
    copy = dict(version)
    title = copy.get("title")
    if isinstance(title, str) and not title.endswith(OTHER_MACHINE_SUFFIX):
        copy["title"] = title + OTHER_MACHINE_SUFFIX
    copy[CONFLICT_OF] = original_id
    return copy


def parses(kind: Any, item_id: str, raw: Any) -> bool:
    if kind is None:
        return True
    try:
        kind.parse(item_id, raw)
    except ItemError:
        return False
    return True


def normal(kind: Any, item_id: str, raw: Any) -> Any:
    """The item as the store would write it, so spelling differences are not edits."""
    if kind is None or raw is MISSING:
        return raw
    try:
        return kind.parse(item_id, raw).to_toml()
    except ItemError:
        return raw


def merge_items(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], table: str, kind: Any, conflicts: list[Conflict]
) -> tuple[dict[str, Any], list[Conflict]]:
    """Merge a table of items by id; returns the items and conflicts that belong in [conflicts]."""
    merged: dict[str, Any] = {}
    recorded: list[Conflict] = []
    for item_id in ordered_keys(ours, theirs, base):
        b, o, t = (normal(kind, item_id, side.get(item_id, MISSING)) for side in (base, ours, theirs))
        where = f"{table}.{item_id}"
        found: list[Conflict] = []
        value = merge_value(b, o, t, where, found, sets=kind.sets)
        if value is MISSING:
            continue
        if not found and parses(kind, item_id, value):
            merged[item_id] = value
            continue
        titled = isinstance(o, dict) and isinstance(o.get("title"), str)
        if found and not titled:
            # Nothing to show twice (a goal is its category): keep ours, record theirs.
            merged[item_id] = value
            recorded.extend(found)
            conflicts.extend(found)
            continue
        # Both machines' versions, each complete with every edit that did not clash;
        # when the clean merge itself is not a valid item, the two versions as they were.
        mine, other = value, merge_value(b, o, t, where, [], prefer="theirs", sets=kind.sets)
        if not (parses(kind, item_id, mine) and parses(kind, item_id, other)):
            mine, other = o, t
        if mine is MISSING or not isinstance(other, dict):
            # On one side only (an item that does not read, added there): kept as it is,
            # for the store to report with its place.
            merged[item_id] = other if mine is MISSING else mine
            continue
        new_id = copy_id(item_id, other)
        merged[item_id] = mine
        merged[new_id] = other_machine_copy(item_id, other)
        conflicts.append(Conflict(where, found[0].kept if found else o, found[0].other if found else t, new_id))
    return merged, recorded
