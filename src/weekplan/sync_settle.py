"""Finishing a merge across files, by item identity, and naming what the merge decided.

git's merge driver sees one file at a time.  An activity moved to another week on one
machine and edited on the other therefore arrives twice: the old week's file keeps it
(deleted on one side, edited on the other: kept with the edit) and the new week's file
gains it (added on one side).  Before the merge is committed, every activity found in
more than one week file is merged once more as one item, from its three versions
wherever each side kept it: the result is one item, in the week of its merged date,
with every change.  When both machines moved it to different weeks, that is the same
field changed two ways, and both versions are kept as for any such conflict.

The merge also makes decisions a person should hear of: an item deleted on one
machine and changed on the other is kept.  Each is named in sync's report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from weekplan.atomic_files import atomic_write
from weekplan.item_merge import CONFLICT_OF, merge_items
from weekplan.merge import Conflict, kind_for, render_items, singular
from weekplan.regular_files import RefusedFile, read_regular_file
from weekplan.routine_merge import removed_occurrence
from weekplan.store import ACTIVITIES, DATES, ROUTINES
from weekplan.sync_git import Git
from weekplan.sync_report import table_of
from weekplan.tomlfile import TooLargeToWrite, refuse_unreadable_size, toml_or_none
from weekplan.value_merge import same_value, show_value
from weekplan.weeks import IsoWeek

Key = tuple[str, str]  # (table, item id): an activity is the same item in any week's file
Version = dict[Key, tuple[str, Any]]  # key → (path, raw item)


class Settled:
    """What settling a merge did: files it rewrote, and lines for the report."""

    def __init__(self) -> None:
        self.touched: list[str] = []
        self.decisions: list[str] = []
        self.conflicts: list[Conflict] = []


def _items(path: str, data: bytes | None) -> list[tuple[Key, Any]]:
    kind = kind_for(path)
    doc = toml_or_none(data)
    if kind is None or doc is None or not isinstance(doc.get(kind.table), dict):
        return []
    return [((kind.table, item_id), item) for item_id, item in doc[kind.table].items() if isinstance(item, dict)]


def _version(files: dict[str, bytes | None]) -> Version:
    found: Version = {}
    for path, data in files.items():
        for key, item in _items(path, data):
            found[key] = (path, item)
    return found


def _title(key: Key, *versions: Any) -> str:
    for version in versions:
        if isinstance(version, dict) and isinstance(version.get("title"), str):
            return show_value(version["title"])
    return key[1]


def _week_path(item: Any) -> str | None:
    day = item.get("date") if isinstance(item, dict) else None
    if not isinstance(day, date):
        return None
    return f"weeks/{IsoWeek.of(day)}.toml"


def _year_path(item: Any) -> str | None:
    day = item.get("date") if isinstance(item, dict) else None
    if not isinstance(day, date):
        return None
    return f"dates/{day.year:04d}.toml"


# The items that live in the file of their date (the week's, the year's): moved there
# on one machine, they are the same item wherever each side keeps them.
HOMES = {ACTIVITIES.table: (ACTIVITIES, _week_path), DATES.table: (DATES, _year_path)}
HOME_FOLDERS = ("weeks/", "dates/")  # not the single dates.toml of older versions


def settle_merge(git: Git, base: str | None, ours: str, theirs: str) -> Settled:
    """Settle the merge of `theirs` into `ours` that git left uncommitted in the work
    tree (merged by the driver file by file); rewrites and stages what it changes."""
    settled = Settled()
    changed_here, changed_there = git.changed_between(base, ours), git.changed_between(base, theirs)
    if base is not None and SETTINGS in changed_here and SETTINGS in changed_there:
        settled.decisions.extend(_settings_kept(git, base, ours, theirs))
    paths = sorted({p for p in changed_here + changed_there if kind_for(p) is not None})
    if not paths:
        return settled
    blobs = git.read_many([f"{rev}:{p}" for rev in (base, ours, theirs) if rev for p in paths])
    old = _version({p: blobs.get(f"{base}:{p}") for p in paths} if base else {})
    mine = _version({p: blobs[f"{ours}:{p}"] for p in paths})
    other = _version({p: blobs[f"{theirs}:{p}"] for p in paths})
    merged_files = {p: _merged_bytes(git.root / p) for p in paths}
    places: dict[Key, list[str]] = {}
    copies: dict[Key, list[str]] = {}  # item → files holding copies the driver just made of it
    astray: set[Key] = set()  # items in a week's or year's file that is not their date's
    for path, data in merged_files.items():
        for key, item in _items(path, data):
            places.setdefault(key, []).append(path)
            if key[0] in HOMES and path.startswith(HOME_FOLDERS) and HOMES[key[0]][1](item) not in (None, path):
                astray.add(key)
            original = item.get(CONFLICT_OF)
            if isinstance(original, str) and key not in mine and key not in other:
                copies.setdefault((key[0], original), []).append(path)

    rewrites: dict[str, dict[str, Any]] = {}  # path → its parsed document, changed
    gaining: set[str] = set()  # files an item is written into
    for key, where in places.items():
        if key[0] not in HOMES:
            continue
        # The driver merged each file against that file's own ancestor: right for an
        # item that stayed in its week, wrong for one that moved on either side (in its
        # new week it looks added, so an untouched field can look like a clash).
        was = old.get(key)
        moved = was is not None and any(key in side and side[key][0] != was[0] for side in (mine, other))
        # An item also goes home when git carried it into another file: a file renamed
        # by hand on one side (git's merge follows renames) takes the other side's new
        # items along.
        if len(where) < 2 and not moved and key not in astray:
            continue
        where = sorted(set(where) | set(copies.get(key, [])))
        _one_item_across_weeks(key, where, old, mine, other, merged_files, rewrites, gaining, settled)
    # Files that gain an item are written first: a sync stopped half-way leaves an item
    # twice (which the next sync settles again), never nowhere.
    rendered = {path: _rendered(doc, path) for path, doc in rewrites.items()}
    refused = _too_large(git.root, rendered, merged_files)
    if refused:
        # Written, the file could not be read back; written in part, an item could be
        # left out of both weeks.  Left as the merge file by file made them, an item
        # is in two files at worst, which check names.
        settled.decisions.append(
            f"{refused}; the items moved between weeks or years are left as each file merged, "
            "some perhaps in two files ('weekplan check' names them)"
        )
        rendered = {}
    for path, data in sorted(rendered.items(), key=lambda entry: entry[0] not in gaining):
        atomic_write(git.root / path, data)
        settled.touched.append(path)
    if settled.touched:
        git.run("add", "-f", "--", *settled.touched)
        for path in settled.touched:
            merged_files[path] = _merged_bytes(git.root / path)

    merged = _version(merged_files)
    for key, (_path, before) in old.items():
        if key not in merged:
            continue
        here, there = mine.get(key), other.get(key)
        what = f"{singular(key[0])} {_title(key, here and here[1], there and there[1], before)}"
        if here is None and there is not None and not same_value(there[1], before):
            settled.decisions.append(f"kept {what}: deleted here, but changed on the other machine meanwhile")
        elif there is None and here is not None and not same_value(here[1], before):
            settled.decisions.append(f"kept {what}: deleted on the other machine, but changed here meanwhile")
        elif key[0] == ROUTINES.table and here is not None and there is not None:
            settled.decisions.extend(_occurrences_kept(key, before, here[1], there[1], merged[key][1]))
    return settled


def _rendered(doc: dict[str, Any], path: str) -> bytes:
    """The file `path` holding `doc`, as weekplan writes it."""
    kind = kind_for(path)
    others = {k: v for k, v in doc.items() if k != kind.table}
    return render_items(others, doc.get(kind.table, {}), kind)


def _too_large(root: Path, rendered: dict[str, bytes], merged_files: dict[str, bytes | None]) -> str:
    """Why a file settled would be too large to read back, by the store's own rule
    (tomlfile.refuse_unreadable_size); "" when every one may be written."""
    for path, data in sorted(rendered.items()):

        def as_it_is(path: str = path) -> bytes:
            doc = toml_or_none(merged_files.get(path))
            return _rendered(doc, path) if doc is not None else b""

        try:
            refuse_unreadable_size(root / path, data, as_it_is=as_it_is)
        except TooLargeToWrite as refused:
            return str(refused)
    return ""


def _occurrences_kept(key: Key, before: Any, here: Any, there: Any, merged: Any) -> list[str]:
    """An occurrence of a routine removed on one machine and changed on the other is
    kept with the change (weekplan.routine_merge); the report says so."""
    said: list[str] = []
    now = table_of(table_of(merged).get("exceptions"))
    for day, exception in sorted(now.items()):
        if removed_occurrence(exception) or removed_occurrence(table_of(table_of(before).get("exceptions")).get(day)):
            continue
        what = f"kept an occurrence of routine {_title(key, merged)} on {day}"
        if removed_occurrence(table_of(table_of(here).get("exceptions")).get(day)):
            said.append(f"{what}: removed here, but changed on the other machine meanwhile")
        elif removed_occurrence(table_of(table_of(there).get("exceptions")).get(day)):
            said.append(f"{what}: removed on the other machine, but changed here meanwhile")
    return said


SETTINGS = "config.toml"
# The settings kept by id, as items are: what one of them is called in the report.
_SETTING_ENTRIES = {"categories": "category", "keys": "key binding"}


def _settings_kept(git: Git, base: str, ours: str, theirs: str) -> list[str]:
    """A category or key binding deleted on one machine and changed on the other is
    kept with the change, as an item is (the driver merges settings key by key); the
    report says so."""
    blobs = git.read_many([f"{rev}:{SETTINGS}" for rev in (base, ours, theirs)])
    old, mine, other = (toml_or_none(blobs.get(f"{rev}:{SETTINGS}")) or {} for rev in (base, ours, theirs))
    merged = toml_or_none(_merged_bytes(git.root / SETTINGS)) or {}
    said: list[str] = []
    for table, name in _SETTING_ENTRIES.items():
        here, there, now = (table_of(doc.get(table)) for doc in (mine, other, merged))
        for entry, before in table_of(old.get(table)).items():
            if entry not in now:
                continue
            what = f"kept {name} {show_value(entry)} in the settings"
            if entry not in here and entry in there and not same_value(there[entry], before):
                said.append(f"{what}: deleted here, but changed on the other machine meanwhile")
            elif entry not in there and entry in here and not same_value(here[entry], before):
                said.append(f"{what}: deleted on the other machine, but changed here meanwhile")
    return said


def _copy_of(item: Any, of: Key, mine: Version, other: Version, found_id: str) -> bool:
    """Whether `item` is a copy of the item `of` that this merge's driver made (not one
    either machine already had)."""
    key = (of[0], found_id)
    return isinstance(item, dict) and item.get(CONFLICT_OF) == of[1] and key not in mine and key not in other


def where_to(kind: Any) -> str:
    return "weeks" if kind is ACTIVITIES else "years"


def _merged_bytes(path: Path) -> bytes | None:
    """What the merge left in the work tree at `path`; None for a file that is not
    there, is a link or anything but a regular file, or cannot be read."""
    if path.is_symlink():
        return None
    try:
        return read_regular_file(path)
    except (OSError, RefusedFile):
        return None


def _one_item_across_weeks(
    key: Key,
    where: list[str],
    old: Version,
    mine: Version,
    other: Version,
    merged_files: dict[str, bytes | None],
    rewrites: dict[str, dict[str, Any]],
    gaining: set[str],
    settled: Settled,
) -> None:
    item_id = key[1]
    kind, home = HOMES[key[0]]
    sides = [version[key][1] if key in version else None for version in (old, mine, other)]
    base, ours, theirs = ({item_id: side} if side is not None else {} for side in sides)
    conflicts: list[Conflict] = []
    result, _recorded = merge_items(base, ours, theirs, kind.table, kind, conflicts)
    targets = {new_id: home(item) for new_id, item in result.items()}
    if not result or any(t is None for t in targets.values()):
        return  # not a plain activity on some side: leave it for check to report
    for path in where:
        doc = rewrites.get(path) or toml_or_none(merged_files[path])
        if doc is None:
            return  # an unreadable file is never rewritten
        rewrites[path] = doc
    for path in where:
        items = rewrites[path].get(kind.table, {})
        for found_id in [i for i, v in items.items() if i == item_id or _copy_of(v, key, mine, other, i)]:
            items.pop(found_id)
    for new_id, item in result.items():
        target = targets[new_id]
        assert target is not None
        doc = rewrites.get(target) or toml_or_none(merged_files.get(target)) or {}
        doc.setdefault(kind.table, {})[new_id] = item
        rewrites[target] = doc
        gaining.add(target)
    settled.conflicts.extend(conflicts)
    title = _title(key, sides[1], sides[2], sides[0])
    if conflicts:
        if len(set(targets.values())) > 1:
            settled.decisions.append(
                f"{singular(kind.table)} {title} was moved on both machines, to different {where_to(kind)}: both "
                "versions are kept "
                f"(the other machine's is marked {CONFLICT_OF})"
            )
        return  # any other clash is listed with the conflicts
    was = old.get(key)
    moves = [key in side and was is not None and side[key][0] != was[0] for side in (mine, other)]
    changed = [side is not None and not same_value(side, sides[0]) for side in sides[1:]]
    if moves.count(True) == 1 and all(changed):
        week = Path(targets[item_id] or "").stem
        settled.decisions.append(
            f"{singular(kind.table)} {title} was moved on one machine and changed on the other: kept once, in {week}, "
            "with both changes"
        )
