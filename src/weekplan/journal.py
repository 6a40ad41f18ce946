"""Edits that touch two files, made safe against a crash or a kill at any instant.

Moving an activity to another week (or a date to another year) changes two files,
and no filesystem replaces two files at once.  So such an edit is written down first, as an intent in the data
directory (`.edit-journal.tmp`, itself written atomically), and then carried out in
an order that never loses the item: the new place is written first, the old place
is cleared second, and the intent is deleted last.

Whoever next takes the data directory's lock (the next start, `weekplan check`, the
same planner's next edit) and finds an intent left behind finishes it:

- the item is in its new place: the edit had got that far, so it is removed from
  the old place (the edit completes) -- unless it was edited there while the intent
  waited (by hand, while a file of the move could not be read, say; weekplan itself
  changes neither copy until the move is finished): the intent keeps a fingerprint
  of the old version, and an edited one is kept and the new copy removed instead;
- it is not: nothing was changed yet (the old place is written only after the new
  one), so there is nothing to undo.

Either way exactly one copy is left, so the same id in two places is never a silent
duplicate.  This is what sqlite's rollback journal and git's lock files do for the
same reason.  The intent names places only as `weeks/<week>.toml`, `dates/<year>.toml`
or `routines.toml`, and anything else in it is refused, not obeyed.  The name ends in
`.tmp` so that sync's .gitignore keeps it on this machine.

Plain Python, no Textual; the store does the reading and writing.
"""

from __future__ import annotations

import re
from pathlib import Path

from weekplan.atomic_files import atomic_write
from weekplan.model import ID_RE
from weekplan.occurrence_ids import parse_occurrence_id
from weekplan.record import Record
from weekplan.tomlfile import DataError, DataFileError, dumps, parse_toml, read_data_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

JOURNAL_NAME = ".edit-journal.tmp"
ROUTINES_PLACE = "routines.toml"
# Compiled (and cached by re) on first use: only a journal left by a kill is read.
_FILE_PLACE = r"^(weeks/\d{4}-W\d{2}|dates/\d{4})\.toml$"
_VERSION = r"^[0-9a-f]{0,64}$"
MAX_STEPS = 10_000
# How version_of fingerprints, written beside each fingerprint in a journal.
VERSION_FORM = "toml"


class Move(Record):
    """One item going from one place to another: `item_id` in `to` replaces `old_id`
    in `source`.  A place is a path relative to the data directory; in routines.toml
    an id is an occurrence id ("<routine>@<date>").  `old_version`: the old item's
    fingerprint (version_of) when the move was written down; empty in a journal
    written before there was one.  `version_form`: how it was taken, "" in a journal
    of an older version, which fingerprinted the item's repr (unchanged_since)."""

    item_id: str
    to: str
    old_id: str
    source: str
    old_version: str = ""
    version_form: str = VERSION_FORM

    def to_toml(self) -> dict[str, str]:
        found = {"id": self.item_id, "to": self.to, "old_id": self.old_id, "from": self.source}
        if self.old_version:
            found |= {"old_version": self.old_version, "version_form": self.version_form}
        return found


def unchanged_since(move: Move, old: Any) -> bool | None:
    """Whether the old copy is as it was when `move` was written down: None when that
    cannot be told, for a fingerprint taken in a form this version does not know."""
    if move.version_form == VERSION_FORM:
        return version_of(old) == move.old_version
    if move.version_form == "":  # an older version's journal: its fingerprint, taken its way
        import hashlib

        return hashlib.sha256(repr(old).encode()).hexdigest()[:32] == move.old_version
    return None


def version_of(item: Any) -> str:
    """A fingerprint of an item as its file has it: equal for an item left as it was,
    different once anything written of it changed, a field this version does not know
    (`extra`, a newer version's) as much as a title.  Taken from the TOML the store
    writes for it, so it covers every field the writer does and nothing else."""
    import hashlib  # only a move needs it; the store, which every command opens, loads this module

    return hashlib.sha256(dumps({"item": item.to_toml()})).hexdigest()[:32]


def week_place(week: object) -> str:
    """Where a week's activities are kept, as a journal names it."""
    return f"weeks/{week}.toml"


def year_place(year: int) -> str:
    """Where a year's dates are kept, as a journal names it."""
    return f"dates/{year:04d}.toml"


def _valid_place(place: Any) -> bool:
    return isinstance(place, str) and (place == ROUTINES_PLACE or bool(re.match(_FILE_PLACE, place)))


def _valid_id(place: str, item_id: Any) -> bool:
    if not isinstance(item_id, str):
        return False
    if place == ROUTINES_PLACE:
        return parse_occurrence_id(item_id) is not None
    return bool(ID_RE.match(item_id))


def journal_path(root: Path) -> Path:
    return root / JOURNAL_NAME


def write_journal(root: Path, moves: list[Move]) -> None:
    try:
        atomic_write(journal_path(root), dumps({"moves": [m.to_toml() for m in moves]}))
    except OSError as error:
        if type(error) is not OSError:  # refusals that name their own cause
            raise
        # The journal is weekplan's own hidden file: what could take no more (a full
        # disk) is the data folder, which a person knows.
        raise OSError(error.errno, error.strerror, str(root)) from error


def clear_journal(root: Path) -> None:
    journal_path(root).unlink(missing_ok=True)


def read_journal(root: Path) -> list[Move]:
    """The moves an interrupted edit left; [] when there is no journal.  Raises
    DataFileError for a journal that is not weekplan's own (it is then left alone)."""
    path = journal_path(root)
    data = read_data_file(path)  # a FIFO in its place is reported, never opened
    if data is None:
        return []
    doc, _text = parse_toml(path, data)
    raw_moves = doc.get("moves")
    if not isinstance(raw_moves, list) or len(raw_moves) > MAX_STEPS:
        raise DataFileError([DataError(path, 1, 1, "not an edit journal weekplan wrote; it is left alone")])
    moves = []
    for raw in raw_moves:
        ok = isinstance(raw, dict) and _valid_place(raw.get("to")) and _valid_place(raw.get("from"))
        ok = ok and isinstance(raw.get("old_version", ""), str) and bool(re.match(_VERSION, raw.get("old_version", "")))
        if not ok or not _valid_id(raw["to"], raw.get("id")) or not _valid_id(raw["from"], raw.get("old_id")):
            raise DataFileError([DataError(path, 1, 1, "not an edit journal weekplan wrote; it is left alone")])
        ok = ok and isinstance(raw.get("version_form", ""), str)
        if not ok:
            raise DataFileError([DataError(path, 1, 1, "not an edit journal weekplan wrote; it is left alone")])
        version, form = raw.get("old_version", ""), raw.get("version_form", "")
        moves.append(Move(raw["id"], raw["to"], raw["old_id"], raw["from"], version, form))
    return moves
