"""Three-way merge of one weekplan file, item by item, for git's merge driver.

git hands over three versions of a file: the common ancestor (base), this machine's
(ours) and the other machine's (theirs).  Items are matched by their stable ids and
merged field by field:

- added on one or both sides: kept;
- edited on one side: that edit;
- different fields edited on both sides: both edits;
- deleted on one side and edited on the other: kept, with the edit;
- deleted on one side and untouched on the other: deleted;
- the same field changed to two different values: a conflict.

A conflict never picks a side silently.  An item with a title is kept twice: this
machine's version under its own id, and the other machine's under a new id, marked
with ``conflict_of = "<id>"`` and " (other machine)" after its title, so both show in
the planner and the person deletes the one they do not want.  Anything else (a goal's
count, a review note, a setting) keeps this machine's value and records both values
in a top-level ``[conflicts]`` table of the file.  Either way the file stays readable,
so git records the merge as clean and ``weekplan sync`` reports what it found.

Tables that are not items (settings, a week's review note, files weekplan does not
know yet) are merged the same way, key by key.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from weekplan import store as store_module
from weekplan.data_places import week_file_name, year_file_name
from weekplan.fields import ItemError
from weekplan.record import Record, field
from weekplan.store import ACTIVITIES, ROUTINES, Collection, render_collection
from weekplan.tomlfile import DataFileError, dumps, parse_toml
from weekplan.value_merge import (
    MISSING,
    Conflict,
    canonical,
    merge_tables,
    merge_value,
    ordered_keys,
    same_value,
    show_value,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

CONFLICT_OF = "conflict_of"
CONFLICTS_TABLE = "conflicts"
OTHER_MACHINE_SUFFIX = " (other machine)"


class MergeResult(Record, frozen=False):
    data: bytes
    conflicts: list[Conflict] = field(default_factory=list)


class MergeInputError(Exception):
    """One of the three versions cannot be read, so there is nothing safe to merge."""


def singular(table: str) -> str:
    """ "activities" → "activity", "dates" → "date": for messages about one item."""
    if table.endswith("ies"):
        return table[:-3] + "y"
    return table[:-1] if table.endswith("s") else table


def kind_for(relpath: str) -> Any | None:
    """The store's kind of items for a path inside the data directory, if it has one.

    Top-level files are matched to any kind whose table is named like the file
    (dates.toml ↔ dates), so new kinds the store learns merge item by item too."""
    posix = PurePosixPath(relpath.replace("\\", "/")).as_posix()
    # A week's or a year's file by the one rule of their names (weekplan.data_places).
    # Any other file in weeks/ or dates/ (made by hand, a week that does not exist) is
    # merged table by table, as a file weekplan does not know: nothing of it is lost.
    folder, _, name = posix.partition("/")
    if folder == "weeks" and "/" not in name and week_file_name(name) is not None:
        return ACTIVITIES
    if folder == "dates" and "/" not in name and year_file_name(name) is not None:
        return store_module.DATES
    if "/" in posix or not posix.endswith(".toml"):
        return None
    stem = posix[: -len(".toml")]
    for value in vars(store_module).values():
        if isinstance(value, store_module._Kind) and value.table == stem and value is not ACTIVITIES:
            return value
    return None


# -- items -------------------------------------------------------------------------


def copy_id(item_id: str, theirs: dict[str, Any]) -> str:
    """A new id for the other machine's version, the same every time this merge runs."""
    import hashlib  # only conflicts need it; the planner loads this module at start-up

    digest = hashlib.sha256(repr((item_id, canonical(theirs))).encode("utf-8")).hexdigest()
    return digest[:12]


def _other_machine_copy(original_id: str, version: dict[str, Any]) -> dict[str, Any]:
    copy = dict(version)
    title = copy.get("title")
    if isinstance(title, str) and not title.endswith(OTHER_MACHINE_SUFFIX):
        copy["title"] = title + OTHER_MACHINE_SUFFIX
    copy[CONFLICT_OF] = original_id
    return copy


def _parses(kind: Any, item_id: str, raw: Any) -> bool:
    if kind is None:
        return True
    try:
        kind.parse(item_id, raw)
    except ItemError:
        return False
    return True


def _normal(kind: Any, item_id: str, raw: Any) -> Any:
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
        b, o, t = (_normal(kind, item_id, side.get(item_id, MISSING)) for side in (base, ours, theirs))
        where = f"{table}.{item_id}"
        found: list[Conflict] = []
        value = merge_value(b, o, t, where, found, sets=kind.sets)
        if value is MISSING:
            continue
        if not found and _parses(kind, item_id, value):
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
        if not (_parses(kind, item_id, mine) and _parses(kind, item_id, other)):
            mine, other = o, t
        if mine is MISSING or not isinstance(other, dict):
            # On one side only (an item that does not read, added there): kept as it is,
            # for the store to report with its place.
            merged[item_id] = other if mine is MISSING else mine
            continue
        new_id = copy_id(item_id, other)
        merged[item_id] = mine
        merged[new_id] = _other_machine_copy(item_id, other)
        conflicts.append(Conflict(where, found[0].kept if found else o, found[0].other if found else t, new_id))
    return merged, recorded


def _merge_routines(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], conflicts: list[Conflict]
) -> tuple[dict[str, Any], list[Conflict]]:
    """Routines merge item by item, with what weekplan.routine_merge adds: occurrences
    removed on one side and changed on the other, splits "from now on", and changes
    after the day the other side ended a routine."""
    from weekplan.routine_merge import keep_changed_occurrences, set_aside_after_last

    ours, theirs = keep_changed_occurrences(base, ours, theirs)
    items, recorded = merge_items(base, ours, theirs, ROUTINES.table, ROUTINES, conflicts)
    recorded += _carry_into_splits(base, ours, theirs, items, conflicts)
    late = set_aside_after_last(base, items)
    conflicts.extend(late)
    return items, recorded + late


def _carry_into_splits(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    merged: dict[str, Any],
    conflicts: list[Conflict],
) -> list[Conflict]:
    """A routine split "from now on" on one side takes what the other side changed in
    the routine it was split from (weekplan.routine_merge); returns the conflicts that
    belong in [conflicts]."""
    from weekplan.routine_merge import after_last, carry_into_split, split_parent

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
            merged[item_id] = _other_machine_copy(mine_id, routine)
            conflicts.append(Conflict(f"{ROUTINES.table}.{mine_id}", ours[mine_id], routine, item_id))
            continue
        before = _normal(ROUTINES, parent_id, base.get(parent_id, MISSING))
        other = _normal(ROUTINES, parent_id, (theirs if item_id in ours else ours).get(parent_id, MISSING))
        if not (isinstance(before, dict) and isinstance(other, dict)) or same_value(before, other):
            continue  # the other side left the routine as it was (or deleted it: kept, with the split)
        carried = carry_into_split(item_id, routine, before, other, ROUTINES.sets)
        mine, theirs_version = carried.routine, carried.other
        if not _parses(ROUTINES, item_id, mine) or (
            theirs_version is not None and not _parses(ROUTINES, item_id, theirs_version)
        ):
            # Together they make no valid routine: the split as it was, and the other beside it.
            mine, theirs_version = routine, carried.as_other_had_it
            if not _parses(ROUTINES, item_id, theirs_version):
                found = Conflict(f"{ROUTINES.table}.{item_id}", routine, theirs_version)
                recorded.append(found)  # kept under [conflicts], never written as an item that cannot be read
                conflicts.append(found)
                theirs_version = None
        merged[item_id] = mine
        if theirs_version is not None:
            new_id = copy_id(item_id, theirs_version)
            merged[new_id] = _other_machine_copy(item_id, theirs_version)
            conflicts.append(Conflict(f"{ROUTINES.table}.{item_id}", mine, theirs_version, new_id))
        recorded += carried.recorded
        conflicts.extend(carried.recorded)
        parent = merged.get(parent_id)
        exceptions = parent.get("exceptions") if isinstance(parent, dict) else None
        if isinstance(parent, dict) and isinstance(exceptions, dict):
            left = {key: value for key, value in exceptions.items() if not after_last(parent, key)}
            merged[parent_id] = (
                {**parent, "exceptions": left} if left else {k: v for k, v in parent.items() if k != "exceptions"}
            )
    return recorded


# -- files -------------------------------------------------------------------------


def _record_conflicts(doc: dict[str, Any], recorded: Iterable[Conflict]) -> None:
    table = dict(doc.get(CONFLICTS_TABLE, {})) if isinstance(doc.get(CONFLICTS_TABLE), dict) else {}
    for conflict in recorded:
        entry: dict[str, Any] = {}
        if conflict.kept is not MISSING:
            entry["kept"] = conflict.kept
        if conflict.other is not MISSING:
            entry["other"] = conflict.other
        table[conflict.where] = entry
    if table:
        doc[CONFLICTS_TABLE] = table


def _parse_side(data: bytes, label: Path) -> dict[str, Any]:
    doc, _text = parse_toml(label, data)
    return doc


def merge_documents(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], kind: Any) -> MergeResult:
    conflicts: list[Conflict] = []
    if kind is None:
        merged = merge_tables(base, ours, theirs, "", conflicts)
        recorded = [c for c in conflicts if c.where.split(".", 1)[0] != CONFLICTS_TABLE]
        _record_conflicts(merged, recorded)
        return MergeResult(dumps(merged), conflicts)

    table = kind.table
    if any(not isinstance(doc.get(table, {}), dict) for doc in (base, ours, theirs)):
        # Not a table of items on some side: merge it as plain values, dropping nothing.
        return merge_documents(base, ours, theirs, None)

    def items_of(doc: dict[str, Any]) -> dict[str, Any]:
        items = doc.get(table, {})
        return items if isinstance(items, dict) else {}

    def others_of(doc: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in doc.items() if k != table}

    if kind is ROUTINES:
        items, recorded = _merge_routines(items_of(base), items_of(ours), items_of(theirs), conflicts)
    else:
        items, recorded = merge_items(items_of(base), items_of(ours), items_of(theirs), table, kind, conflicts)
    other_conflicts: list[Conflict] = []
    others = merge_tables(others_of(base), others_of(ours), others_of(theirs), "", other_conflicts)
    conflicts.extend(other_conflicts)
    recorded += [c for c in other_conflicts if c.where.split(".", 1)[0] != CONFLICTS_TABLE]
    _record_conflicts(others, recorded)
    return MergeResult(render_items(others, items, kind), conflicts)


def render_items(others: dict[str, Any], items: dict[str, Any], kind: Any) -> bytes:
    """The store's own bytes when every item is valid; otherwise the same layout, with
    the invalid items as they were (the store will report them and not write over them)."""
    collection: Collection[Any] = Collection(Path(kind.table), other=others)
    raw_items: dict[str, Any] = {}
    valid = True
    for item_id, raw in items.items():
        raw_items[item_id] = raw
        try:
            collection.items[item_id] = kind.parse(item_id, raw)
        except ItemError:
            valid = False
    if valid:
        return render_collection(collection, kind)
    doc: dict[str, Any] = {k: others[k] for k in sorted(others)}
    doc[kind.table] = {item_id: raw_items[item_id] for item_id in sorted(raw_items)}
    return dumps(doc)


def merge_files(base: bytes, ours: bytes, theirs: bytes, relpath: str) -> MergeResult:
    """Merge the three versions of the file at `relpath` (inside the data directory).

    Raises MergeInputError when this machine's or the other machine's version cannot
    be read; an unreadable ancestor is treated as empty, so nothing can be dropped."""
    label = Path(relpath)
    sides: dict[str, dict[str, Any]] = {}
    for name, data, what in (("ours", ours, "this machine's"), ("theirs", theirs, "the other machine's")):
        try:
            sides[name] = _parse_side(data, label)
        except DataFileError as exc:
            lines = "\n".join(str(e) for e in exc.errors)
            raise MergeInputError(f"{what} version of {relpath} cannot be read:\n{lines}") from None
    try:
        base_doc = _parse_side(base, label) if base.strip() else {}
    except DataFileError:
        base_doc = {}
    return merge_documents(base_doc, sides["ours"], sides["theirs"], kind_for(relpath))


# -- finding conflicts afterwards ----------------------------------------------------


class ConflictNote(Record):
    """A conflict a merge left in a file for the person to settle.

    `key` is what the conflict is known by from one sync to the next: the ids of the
    item and of the copy kept beside it, or the field with both its values; never its
    words, which change when the person edits either version."""

    path: Path
    where: str
    message: str
    key: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def conflicts_in(path: Path, doc: dict[str, Any]) -> list[ConflictNote]:
    """Conflicts a merge recorded in one parsed file: copies marked `conflict_of`, and
    entries of the [conflicts] table."""
    notes: list[ConflictNote] = []
    for table_name, table in doc.items():
        if not isinstance(table, dict):
            continue
        if table_name == CONFLICTS_TABLE:
            for where, entry in table.items():
                kept = entry.get("kept", MISSING) if isinstance(entry, dict) else MISSING
                other = entry.get("other", MISSING) if isinstance(entry, dict) else MISSING
                notes.append(
                    ConflictNote(
                        path,
                        where,
                        # Said the same on both machines: the file's "other" may be this one's.
                        f"{where} was changed on both machines: {show_value(kept)} is in use, "
                        f"{show_value(other)} is kept under [{CONFLICTS_TABLE}] to choose from",
                        (str(path), where, show_value(kept), show_value(other)),
                    )
                )
            continue
        for item_id, item in table.items():
            if isinstance(item, dict) and isinstance(item.get(CONFLICT_OF), str):
                title = item.get("title", item_id)
                notes.append(
                    ConflictNote(
                        path,
                        f"{table_name}.{item_id}",
                        f"{singular(table_name)} {title!r} "
                        f"was changed on both machines; both versions are kept "
                        f"({item_id} is the other machine's version of {item[CONFLICT_OF]})",
                        (CONFLICT_OF, f"{table_name}.{item_id}", item[CONFLICT_OF]),
                    )
                )
    return notes
