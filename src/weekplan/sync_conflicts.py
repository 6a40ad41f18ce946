"""What a merge left for the person to settle: items whose two versions a merge kept
side by side (weekplan.merge marks them), and an activity found in two weeks' files
(moved on one machine, edited on the other).  `weekplan sync` reports them after a
merge; the files are read here, only then, with the store's reader and its limits.

Plain Python, no Textual.
"""

from __future__ import annotations

from pathlib import Path

from weekplan.item_merge import CONFLICT_OF
from weekplan.merge import ConflictNote, conflicts_in
from weekplan.sync_report import table_of
from weekplan.tomlfile import DataFileError, read_data_file, toml_or_none
from weekplan.value_merge import show_value


def _data_files(root: Path) -> list[Path]:
    files = [*sorted(root.glob("*.toml")), *sorted(root.glob("weeks/*.toml")), *sorted(root.glob("dates/*.toml"))]
    return [p for p in files if p.is_file()]


def _read(path: Path) -> dict[str, object] | None:
    """The file as a document, or None when it does not read as a data file (the
    store's own reader, with its limits: a remote may have sent anything, and a named
    pipe would never answer)."""
    try:
        return toml_or_none(read_data_file(path))
    except DataFileError:
        return None


def _conflict_notes(root: Path) -> list[ConflictNote]:
    """The conflicts recorded in the files, but for a kept copy whose original was
    deleted: the person chose the other machine's version, and that settles it."""
    notes: list[ConflictNote] = []
    present: set[str] = set()  # "table.id" of every item in every file
    for path in _data_files(root):
        doc = _read(path)
        if doc is not None:
            notes.extend(conflicts_in(path, doc))
            present.update(f"{name}.{item_id}" for name, table in doc.items() for item_id in table_of(table))
    return [note for note in notes if not _original_deleted(note, present)]


def _original_deleted(note: ConflictNote, present: set[str]) -> bool:
    if note.key[:1] != (CONFLICT_OF,):
        return False
    _marker, copy, original = note.key
    return f"{copy.split('.', 1)[0]}.{original}" not in present


def _duplicate_activities(root: Path) -> list[ConflictNote]:
    """An activity moved to another week on one machine and edited on the other ends
    up in both weeks' files; both are kept, and the person chooses."""
    seen: dict[str, Path] = {}
    notes: list[ConflictNote] = []
    for path in sorted((root / "weeks").glob("*.toml")):
        doc = _read(path)
        if doc is None:
            continue
        items = table_of(doc.get("activities"))
        for item_id, item in items.items():
            if item_id in seen:
                title = table_of(item).get("title", item_id)
                notes.append(
                    ConflictNote(
                        path,
                        f"activities.{item_id}",
                        f"activity {show_value(title)} is in both {seen[item_id].stem} and {path.stem} "
                        "(moved on one machine, edited on the other); delete the one you do not want",
                        ("in two weeks", item_id, seen[item_id].stem, path.stem),
                    )
                )
            else:
                seen[item_id] = path
    return notes


def conflicts_left(root: Path) -> list[ConflictNote]:
    """Every conflict a merge left in the data directory that nobody has settled yet."""
    return _conflict_notes(root) + _duplicate_activities(root)


def conflict_keys(root: Path) -> set[tuple[str, ...]]:
    """The conflicts left now, each known by its ConflictNote.key: a field changed both
    ways again while its earlier conflict is still listed is a new conflict (its values
    are new), while a kept copy renamed since is the same one (its ids are not)."""
    return {n.key for n in conflicts_left(root)}
