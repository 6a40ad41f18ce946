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
from weekplan.data_places import is_busy_file, week_file_name, year_file_name
from weekplan.fields import ItemError
from weekplan.item_merge import CONFLICT_OF, merge_items
from weekplan.model import CONFLICTS_TABLE
from weekplan.record import Record, field
from weekplan.store import ACTIVITIES, ROUTINES, Collection, render_collection
from weekplan.tomlfile import DataFileError, dumps, parse_toml
from weekplan.value_merge import MISSING, Conflict, merge_tables, show_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


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
        from weekplan.routine_merge import merge_routines  # only routines.toml needs it

        items, recorded = merge_routines(items_of(base), items_of(ours), items_of(theirs), kind, conflicts)
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


def merge_files(base: bytes, ours: bytes, theirs: bytes, relpath: str, own_busy_file: str = "") -> MergeResult:
    """Merge the three versions of the file at `relpath` (inside the data directory).

    Raises MergeInputError when this machine's or the other machine's version cannot
    be read; an unreadable ancestor is treated as empty, so nothing can be dropped.

    A person's busy times (in the Together repository) are not merged: each sync writes
    them afresh from that person's own week, after their own data has synced, so the
    side that changed the file holds the newer week.  When both did, the newer is the
    one its owner's machine wrote: this machine's for this person's own file
    (`own_busy_file`, written just now; two machines of one person), the other side's
    for anyone else's (a history merged with one started afresh elsewhere, where every
    file counts as changed on both sides).  Merging the two as values would leave a
    [conflicts] table in the file, with both weeks in it, for the partner to read."""
    if is_busy_file(relpath):
        if relpath == own_busy_file:
            return MergeResult(theirs if ours == base else ours)
        return MergeResult(ours if theirs == base else theirs)
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
                        f"{show_value(other)} is kept under [{CONFLICTS_TABLE}] to choose from; to settle it, "
                        f'put the value you want in use, then delete [{CONFLICTS_TABLE}."{where}"] from the file',
                        (str(path), where, repr(kept), repr(other)),  # whole: two long values may begin alike
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
                        f"{singular(table_name)} {show_value(title)} "
                        f"was changed on both machines; both versions are kept "
                        f"({item_id} is the other machine's version of {item[CONFLICT_OF]})",
                        (CONFLICT_OF, f"{table_name}.{item_id}", item[CONFLICT_OF]),
                    )
                )
    return notes
