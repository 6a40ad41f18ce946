"""One file of items (a week's activities, the dates, the ideas, the goals, the
routines): what it holds, reading it without ever raising for what a file can
contain, and writing it deterministically.  The store decides which file is which.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from weekplan.fields import ItemError, type_name
from weekplan.model import ID_RE, Activity, Goal, Idea, SpecialDate, is_one_line, tag_key
from weekplan.record import Record, field
from weekplan.tomlfile import DataError, DataFileError, Locator, dumps, locate, parse_toml, read_data_file
from weekplan.weeks import IsoWeek

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, Generic, TypeVar

    from weekplan.routines import Routine

    T = TypeVar("T")

    class OfItems(Generic[T]):
        """For type checkers: a Collection[Activity] holds activities."""

else:
    T = "T"

    class OfItems:
        """At run time the kind of item is not kept (typing's Generic is for type
        checkers, and the command line starts without typing): Collection[Activity]
        is Collection."""

        def __class_getitem__(cls, _item: object) -> type:
            return cls


Signature = tuple[int, int, int]
SETTLING_SECONDS = 2.0  # how long a folder's time may stay the same across writes


class Collection(Record, OfItems[T], frozen=False):
    """One file's items by id, the top-level tables this file keeps besides them, and
    what was wrong with it."""

    path: Path
    items: dict[str, T] = field(default_factory=dict)
    other: dict[str, Any] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)

    @property
    def readonly(self) -> bool:
        return bool(self.errors)


class PreparedEdit(Record, OfItems[T]):
    """One file's change ready to write: its collection as read (`current`), as
    changed (`edited`), and the document and bytes to write (see Store._prepare)."""

    current: Collection[T]
    edited: Collection[T]
    doc: dict[str, Any]
    data: bytes


class Kind(Record, OfItems[T]):
    """How the items of one kind of file are named and read, and which of their fields
    hold a set written as a list: every merge takes those element by element
    (weekplan.value_merge.merge_set)."""

    table: str
    parse: Callable[[str, Any], T]
    sets: frozenset[str] = frozenset()


ACTIVITIES = Kind("activities", Activity.from_toml)
DATES = Kind("dates", SpecialDate.from_toml)
IDEAS = Kind("ideas", Idea.from_toml, frozenset({"tags"}))
GOALS = Kind("goals", Goal.from_toml)


def _routine_from_toml(item_id: str, raw: Any) -> Routine:
    # weekplan.routines loads only for a data directory that has routines.toml.
    from weekplan.routines import Routine

    return Routine.from_toml(item_id, raw)


ROUTINES = Kind("routines", _routine_from_toml, frozenset({"days"}))


def kind_of(item: Activity | SpecialDate | Idea | Goal) -> Kind[Any]:
    """The kind of file an item is kept in (an occurrence of a routine is an activity)."""
    return {Activity: ACTIVITIES, SpecialDate: DATES, Idea: IDEAS, Goal: GOALS}[type(item)]


def signature(path: Path) -> Signature | None:
    try:
        st = path.stat()
    except OSError:  # missing, or a folder in the way ("weeks" as a file): read_data_file says which
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def settled(paths: Iterable[Path], moment: float) -> bool:
    """Whether each of these (folders) was last changed longer before `moment` than a
    tick of the coarsest file times (FAT's two seconds): a file added to one since
    changes its time, while one added in the tick of a change before may not."""
    for path in paths:
        try:
            changed = os.stat(path).st_mtime
        except OSError:  # not there: nothing in it to miss
            continue
        if abs(moment - changed) < SETTLING_SECONDS:
            return False
    return True


def read_collection(path: Path, kind: Kind[T]) -> Collection[T]:
    """Read one file of items; never raises for anything a file can contain."""
    try:
        data = read_data_file(path)
    except DataFileError as exc:
        return Collection(path, errors=list(exc.errors))
    return Collection(path) if data is None else parse_collection(path, data, kind)


def parse_collection(path: Path, data: bytes, kind: Kind[T]) -> Collection[T]:
    """`read_collection` of `data`, the bytes of the file at `path` (as read there, or as
    a repository holds it); never raises for anything a file can contain."""
    found: Collection[T] = Collection(path)
    try:
        doc, text = parse_toml(path, data, cache=True)  # a decade of dates parses once, not on every run
    except DataFileError as exc:
        found.errors.extend(exc.errors)
        return found
    where = Locator(text)  # one pass over this text's mistakes
    raw_items = doc.get(kind.table, {})
    if not isinstance(raw_items, dict):
        line, col = where.locate((), kind.table)
        found.errors.append(DataError(path, line, col, f"'{kind.table}' must be a table of items"))
        raw_items = {}
    parse, valid_id = kind.parse, ID_RE.match  # looked up once a file, not once an item
    for item_id, raw in raw_items.items():
        if not valid_id(item_id):
            line, col = where.locate((kind.table, item_id))
            message = f"id {item_id!r} may only use letters, digits, - and _"
            found.errors.append(DataError(path, line, col, message, item=item_id))
            continue
        try:
            found.items[item_id] = parse(item_id, raw)
        except ItemError as exc:
            for key, message in exc.problems:
                if isinstance(key, tuple):  # in a table of the item: its path, then the field (None: the table)
                    line, col = where.locate((kind.table, item_id, *key[:-1]), key[-1])
                else:
                    line, col = where.locate((kind.table, item_id), key)
                found.errors.append(DataError(path, line, col, f"{kind.table}.{item_id}: {message}", item=item_id))
    found.other = {k: v for k, v in doc.items() if k != kind.table}
    return found


def render_collection(collection: Collection[Any], kind: Kind[Any]) -> bytes:
    """The file's bytes: other tables first, then items sorted by id, so that an edit
    changes only the lines of the edited item."""
    return dumps(collection_doc(collection, kind))


def collection_doc(collection: Collection[Any], kind: Kind[Any]) -> dict[str, Any]:
    """What `render_collection` writes, as the document it is made from."""
    doc: dict[str, Any] = {k: collection.other[k] for k in sorted(collection.other)}
    doc[kind.table] = {item_id: collection.items[item_id].to_toml() for item_id in sorted(collection.items)}
    return doc


def week_errors(collection: Collection[Activity], week: IsoWeek) -> None:
    """An activity filed in the wrong week's file would vanish from view, and a review
    that is not a table with a note of text would be left unread, then written over by
    the next note: say so."""
    misplaced = [a for a in collection.items.values() if not week.contains(a.date)]
    review = collection.other.get("review")
    wrong: list[tuple[tuple[str, ...], str, str]] = []
    if review is not None and not isinstance(review, dict):
        wrong.append(((), "review", f"'review' must be a table ([review] with note = \"…\"), not {type_name(review)}"))
    elif isinstance(review, dict) and not isinstance(review.get("note", ""), str):
        note = type_name(review["note"])
        wrong.append((("review",), "note", f"'note' of the week's review must be text, not {note}"))
    if not misplaced and not wrong:
        return
    text = _text_of(collection)
    where = Locator(text)
    for table, key, message in wrong:
        collection.errors.append(DataError(collection.path, *where.locate(table, key), message, item=""))
    for activity in misplaced:
        line, col = where.locate(("activities", activity.id), "date")
        collection.errors.append(
            DataError(
                collection.path,
                line,
                col,
                f"activities.{activity.id}: {activity.date} is not in {week}, the week this file is named after",
                misfiled=True,
                item=activity.id,
            )
        )


def item_place(collection: Collection[Activity], item_id: str) -> tuple[int, int]:
    """The line and column of an activity's date in its week's file, for a problem
    found with it after reading."""
    return locate(_text_of(collection), ("activities", item_id), "date")


def _text_of(collection: Collection[Any]) -> str:
    """The text of the collection's file, to point at a place in it (none if unreadable)."""
    try:
        return (read_data_file(collection.path) or b"").decode("utf-8")
    except (DataFileError, UnicodeDecodeError):
        return ""


def titles_of_several_lines(collection: Collection[Any], kind: Kind[Any]) -> list[DataError]:
    """A title with a line break, which only a hand edit makes (forms, quick add and
    imports keep a title to one line), at its line: shown with the break marked and
    exported as its first line with the whole text in the notes, it is read, but
    `weekplan check` says where to make it one line."""
    places: list[tuple[str, ...]] = []
    for item_id, item in sorted(collection.items.items()):
        title = getattr(item, "title", "")
        if not is_one_line(title):
            places.append((kind.table, item_id))
        for day, change in sorted(getattr(item, "exceptions", {}).items()):
            if change.title is not None and not is_one_line(change.title):
                places.append((kind.table, item_id, "exceptions", day.isoformat()))
    if not places:
        return []
    try:
        text = (read_data_file(collection.path) or b"").decode("utf-8")
    except (DataFileError, UnicodeDecodeError):
        text = ""
    problems = []
    for table in places:
        line, col = locate(text, table, "title")
        message = f"{'.'.join(table)}: a title is one line; the rest can go in the notes"
        problems.append(DataError(collection.path, line, col, message))
    return problems


def tags_written_twice(path: Path, kind: Kind[Any]) -> list[DataError]:
    """Two spellings of one tag in an idea's list (`["Friends", "friends"]`), which only a
    hand edit makes: read as one tag (model.tag_key) and written once at the idea's next
    save, but the file is not rewritten unasked, so `weekplan check` names them."""
    try:
        data = read_data_file(path)
        doc, text = parse_toml(path, data) if data is not None else ({}, "")
    except DataFileError:
        return []  # a file that cannot be read is reported as such
    items = doc.get(kind.table)
    problems = []
    for item_id, raw in sorted(items.items()) if isinstance(items, dict) else ():
        tags = raw.get("tags") if isinstance(raw, dict) else None
        if not isinstance(tags, list):
            continue
        first: dict[str, str] = {}
        for tag in tags:
            if not isinstance(tag, str):
                continue
            kept = first.setdefault(tag_key(tag), tag)
            if kept is not tag:
                line, col = locate(text, (kind.table, item_id), "tags")
                message = (
                    f"{kind.table}.{item_id}: tags {kept!r} and {tag!r} are one tag, whatever the case;"
                    f" it is read as {kept!r}, and written once when the idea is next saved"
                )
                problems.append(DataError(path, line, col, message))
    return problems
