"""The data directory: which file holds what, reading it safely, writing it atomically.

Layout (every item keyed by a stable random id, files sorted by that id):

    config.toml          settings, categories, key overrides
    weeks/2026-W48.toml  the activities of one ISO week, and that week's review note
    dates/2026.toml      the special dates together of one year
    ideas.toml           the idea backlog
    goals.toml           weekly goals per category
    routines.toml        recurring routines, and the changes to single occurrences of them

A file that cannot be read is reported and becomes read-only: the store refuses
to write it until a person has fixed it.  Before every write the store checks that
the file on disk is still the one it read; if not, it reads it again and applies
the edit to the fresh copy, field by field, so a change from another program is
never lost; an edit that would undo a change made meanwhile is refused instead
(StaleEditError).  Check and write happen under a lock on the data directory, so
two weekplan processes cannot both write over each other's edit.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from weekplan.date_files import DateFiles, year_errors
from weekplan.model import ID_RE, Activity, Config, Goal, Idea, Item, ItemError, SpecialDate, WeekNote
from weekplan.occurrence_ids import parse_occurrence_id
from weekplan.record import Record, field
from weekplan.routine_edits import RoutineEdits
from weekplan.tomlfile import DataError, DataFileError, atomic_write, dumps, locate, parse_toml
from weekplan.weeks import IsoWeek, weeks_between

if TYPE_CHECKING:
    from weekplan.routines import Routine

ENV_VAR = "WEEKPLAN_DATA_DIR"
APP_NAME = "weekplan"

T = TypeVar("T")
Signature = tuple[int, int, int]


def default_data_dir() -> Path:
    import platformdirs  # only needed when no directory is given

    return Path(platformdirs.user_data_dir(APP_NAME))


def resolve_data_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins, then WEEKPLAN_DATA_DIR, then the platform's data directory."""
    if given:
        return Path(given).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_data_dir()


def own_file_patterns() -> tuple[str, ...]:
    """weekplan's own files in a data directory, as glob patterns relative to it: what
    sync commits and merges item by item, and nothing else.  dates.toml is the single
    file of dates that older versions wrote; a start moves it into dates/."""
    return ("config.toml", "ideas.toml", "goals.toml", "routines.toml", "dates.toml", "dates/*.toml", "weeks/*.toml")


class ReadOnlyError(Exception):
    """The file could not be read, so writing it could destroy what is in it."""

    def __init__(self, path: Path, errors: list[DataError]) -> None:
        first = f": {errors[0]}" if errors else ""
        super().__init__(f"{path} cannot be changed until it is fixed{first}")
        self.path = path
        self.errors = errors


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


class Collection(Record, Generic[T], frozen=False):
    """One file's items by id, the top-level tables this file keeps besides them, and
    what was wrong with it."""

    path: Path
    items: dict[str, T] = field(default_factory=dict)
    other: dict[str, Any] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)

    @property
    def readonly(self) -> bool:
        return bool(self.errors)


class _Kind(Record, Generic[T]):
    """How the items of one kind of file are named and read."""

    table: str
    parse: Callable[[str, Any], T]


ACTIVITIES = _Kind("activities", Activity.from_toml)
DATES = _Kind("dates", SpecialDate.from_toml)
IDEAS = _Kind("ideas", Idea.from_toml)
GOALS = _Kind("goals", Goal.from_toml)


def _key_of(item: SpecialDate | Idea | Goal) -> str:
    """The key an item is filed under: its id, or a goal's category."""
    return item.category if isinstance(item, Goal) else item.id


def _routine_from_toml(item_id: str, raw: Any) -> Routine:
    # weekplan.routines loads only for a data directory that has routines.toml.
    from weekplan.routines import Routine

    return Routine.from_toml(item_id, raw)


ROUTINES = _Kind("routines", _routine_from_toml)


def _signature(path: Path) -> Signature | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def read_collection(path: Path, kind: _Kind[T]) -> Collection[T]:
    """Read one file of items; never raises for anything a file can contain."""
    found: Collection[T] = Collection(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return found
    except OSError as exc:
        found.errors.append(DataError(path, 1, 1, f"cannot read: {exc.strerror or exc}"))
        return found
    try:
        doc, text = parse_toml(path, data, cache=True)  # a decade of dates parses once, not on every run
    except DataFileError as exc:
        found.errors.extend(exc.errors)
        return found
    raw_items = doc.get(kind.table, {})
    if not isinstance(raw_items, dict):
        line, col = locate(text, (), kind.table)
        found.errors.append(DataError(path, line, col, f"'{kind.table}' must be a table of items"))
        raw_items = {}
    for item_id, raw in raw_items.items():
        if not ID_RE.match(item_id):
            line, col = locate(text, (kind.table, item_id))
            found.errors.append(DataError(path, line, col, f"id {item_id!r} may only use letters, digits, - and _"))
            continue
        try:
            found.items[item_id] = kind.parse(item_id, raw)
        except ItemError as exc:
            for key, message in exc.problems:
                line, col = locate(text, (kind.table, item_id), key)
                found.errors.append(DataError(path, line, col, f"{kind.table}.{item_id}: {message}"))
    found.other = {k: v for k, v in doc.items() if k != kind.table}
    return found


def render_collection(collection: Collection[Any], kind: _Kind[Any]) -> bytes:
    """The file's bytes: other tables first, then items sorted by id, so that an edit
    changes only the lines of the edited item."""
    doc: dict[str, Any] = {k: collection.other[k] for k in sorted(collection.other)}
    doc[kind.table] = {item_id: collection.items[item_id].to_toml() for item_id in sorted(collection.items)}
    return dumps(doc)


def _week_errors(collection: Collection[Activity], week: IsoWeek) -> None:
    """An activity filed in the wrong week's file would vanish from view: say so."""
    misplaced = [a for a in collection.items.values() if not week.contains(a.date)]
    if not misplaced:
        return
    try:
        text = collection.path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    for activity in misplaced:
        line, col = locate(text, ("activities", activity.id), "date")
        collection.errors.append(
            DataError(
                collection.path,
                line,
                col,
                f"activities.{activity.id}: {activity.date} is not in {week}, the week this file is named after",
            )
        )


@contextlib.contextmanager
def data_dir_lock(root: Path) -> Iterator[None]:
    """One weekplan process (or thread) at a time checks a file and writes it; sync
    holds it while git changes the files.

    An advisory lock on the data directory itself, so there is no lock file to sync;
    programs that do not take it (git by hand, editors) are caught by the stale check."""
    try:
        import fcntl
    except ImportError:  # no flock here (Windows): the stale check still applies
        yield
        return
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _reapply(path: Path, kind: _Kind[T], known: Collection[T], fresh: Collection[T], edited: Collection[T]) -> None:
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
        merged = merge_value(base, mine, theirs, f"{kind.table}.{key}", conflicts)
        if conflicts or mine is MISSING or merged is MISSING:
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


def _reapply_config(path: Path, known: Config, mine: Config, fresh: Config) -> Config:
    from weekplan.value_merge import merge_tables

    conflicts: list[Any] = []
    merged = merge_tables(known.to_toml(), mine.to_toml(), fresh.to_toml(), "", conflicts)
    config, problems = Config.from_toml(merged)
    if conflicts or problems:
        raise StaleEditError(path, "the same setting")
    return config


class Store(RoutineEdits, DateFiles):
    """Everything weekplan reads and writes, under one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[Path, Collection[Any]] = {}
        self._signatures: dict[Path, Signature | None] = {}
        self._config: tuple[Config, list[DataError]] | None = None
        self._lock_depth = threading.local()
        self._dates_split = False

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, root: Path) -> Store:
        """Open (creating on first run) the data directory; it is private to the user."""
        if not root.exists():
            root.mkdir(parents=True, mode=0o700)
            os.chmod(root, 0o700)
        store = cls(root)
        if not store.config_path.exists():
            atomic_write(store.config_path, dumps(Config().to_toml()))
        return store

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def weeks_dir(self) -> Path:
        return self.root / "weeks"

    def week_path(self, week: IsoWeek) -> Path:
        return self.weeks_dir / f"{week}.toml"

    @property
    def ideas_path(self) -> Path:
        return self.root / "ideas.toml"

    @property
    def goals_path(self) -> Path:
        return self.root / "goals.toml"

    @property
    def routines_path(self) -> Path:
        return self.root / "routines.toml"

    # -- config ------------------------------------------------------------------

    def _load_config(self) -> tuple[Config, list[DataError]]:
        path = self.config_path
        self._signatures[path] = _signature(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return Config(), []
        except OSError as exc:
            return Config(), [DataError(path, 1, 1, f"cannot read: {exc.strerror or exc}")]
        try:
            doc, text = parse_toml(path, data, cache=True)
        except DataFileError as exc:
            return Config(), exc.errors
        config, problems = Config.from_toml(doc)
        errors = []
        for table, key, message in problems:
            line, col = locate(text, table, key)
            errors.append(DataError(path, line, col, message))
        return config, errors

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = self._load_config()
        return self._config[0]

    @property
    def config_errors(self) -> list[DataError]:
        if self._config is None:
            self._config = self._load_config()
        return self._config[1]

    def save_config(self, config: Config) -> None:
        """Write the settings; settings changed on disk meanwhile are kept, key by key."""
        with self._write_lock():
            if self.config_errors:
                raise ReadOnlyError(self.config_path, self.config_errors)
            path = self.config_path
            if path in self._signatures and _signature(path) != self._signatures[path]:
                known = self.config
                self._config = fresh = self._load_config()
                if fresh[1]:
                    raise ReadOnlyError(path, fresh[1])
                config = _reapply_config(path, known, config, fresh[0])
            self._write(path, dumps(config.to_toml()))
            self._config = (config, [])

    # -- reading -------------------------------------------------------------------

    def _collection(self, path: Path, kind: _Kind[T], *, fresh: bool = False) -> Collection[T]:
        cached = self._cache.get(path)
        if cached is not None and not fresh:
            return cached
        signature = _signature(path)
        collection = read_collection(path, kind)
        if kind is ACTIVITIES:
            _week_errors(collection, IsoWeek.parse(path.stem))
        elif kind is DATES and path.parent == self.dates_dir:
            year_errors(collection, int(path.stem))
        self._cache[path] = collection
        self._signatures[path] = signature
        return collection

    def week(self, week: IsoWeek) -> Collection[Activity]:
        return self._collection(self.week_path(week), ACTIVITIES)

    def ideas(self) -> Collection[Idea]:
        return self._collection(self.ideas_path, IDEAS)

    def goals(self) -> Collection[Goal]:
        return self._collection(self.goals_path, GOALS)

    def routines(self) -> Collection[Routine]:
        path = self.routines_path
        if path not in self._cache and not path.exists():
            # Most data dirs have no routines: a stat instead of a read, and a file that
            # appears later (another program, a git pull) is picked up on the next look.
            return Collection(path)
        return self._collection(path, ROUTINES)

    def routine(self, routine_id: str) -> Routine | None:
        return self.routines().items.get(routine_id)

    def routine_of(self, activity: Activity) -> Routine | None:
        """The routine an occurrence belongs to; None for a stored activity."""
        parsed = parse_occurrence_id(activity.id)
        return None if parsed is None else self.routine(parsed[0])

    def activities_between(self, first: date, last: date) -> list[Activity]:
        """Activities on days first..last, routine occurrences included, in time order;
        reads only those weeks' files (and routines.toml, once)."""
        found = [
            activity
            for week in weeks_between(first, last)
            for activity in self.week(week).items.values()
            if first <= activity.date <= last
        ]
        routines = list(self.routines().items.values())
        if routines:
            from weekplan.routines import expand

            found += expand(routines, first, last)
        return sorted(found, key=lambda a: (a.date, a.start, a.end, a.title, a.id))

    def week_files(self) -> Iterator[tuple[IsoWeek | None, Path]]:
        """Every file in weeks/, with its week (None when the name is not a valid week)."""
        if not self.weeks_dir.is_dir():
            return
        for path in sorted(self.weeks_dir.glob("*.toml")):
            try:
                yield IsoWeek.parse(path.stem), path
            except ValueError:
                yield None, path

    def all_activities(self) -> Iterator[Activity]:
        for week, _path in self.week_files():
            if week is not None:
                yield from self.week(week).items.values()

    def changed_files(self) -> list[Path]:
        """Files read earlier that something else has changed on disk since."""
        return [path for path, seen in self._signatures.items() if _signature(path) != seen]

    def forget(self, paths: list[Path] | None = None) -> None:
        """Drop what was read, so the next look reads the disk again."""
        for path in self._cache.copy() if paths is None else paths:
            self._cache.pop(path, None)
            self._signatures.pop(path, None)
        if paths is None or self.config_path in paths:
            self._config = None
        if paths is None or self.single_dates_path in paths:
            self._dates_split = False  # a dates.toml may have come back (a sync from an older weekplan)

    def check(self) -> list[DataError]:
        """Read every file and return every problem, in file order."""
        fresh = Store(self.root)
        errors = list(fresh.config_errors)
        errors.extend(fresh.dates().errors)
        for year, path in fresh.date_files():
            if year is None:
                errors.append(DataError(path, 1, 1, "file name is not a year like 2026.toml; it is ignored"))
        files: tuple[tuple[Path, _Kind[Any]], ...] = (
            (fresh.ideas_path, IDEAS),
            (fresh.goals_path, GOALS),
            (fresh.routines_path, ROUTINES),
        )
        for path, kind in files:
            errors.extend(fresh._collection(path, kind).errors)
        for week, path in fresh.week_files():
            if week is None:
                errors.append(DataError(path, 1, 1, "file name is not a week like 2026-W48.toml; it is ignored"))
            else:
                errors.extend(fresh.week(week).errors)
        return errors

    # -- writing ---------------------------------------------------------------

    def _write(self, path: Path, data: bytes) -> None:
        atomic_write(path, data)
        self._signatures[path] = _signature(path)

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        depth = getattr(self._lock_depth, "n", 0)
        if depth:
            yield
            return
        with data_dir_lock(self.root):
            self._lock_depth.n = 1
            try:
                yield
            finally:
                self._lock_depth.n = 0

    def _edit(self, path: Path, kind: _Kind[T], change: Callable[[Collection[T]], None]) -> Collection[T]:
        """Apply `change` to the file's items and write it, re-reading first if the file
        changed on disk (the change is then re-applied to the fresh items, field by
        field), and refusing if the file could not be read."""
        with self._write_lock():
            known = self._cache.get(path)  # what the caller's edit was based on
            stale = path in self._signatures and _signature(path) != self._signatures[path]
            current = self._collection(path, kind, fresh=stale)
            if current.readonly:
                raise ReadOnlyError(path, current.errors)
            # Work on a copy: a refused or failed change leaves the cache as the disk is.
            edited: Collection[T] = Collection(path, dict(current.items), dict(current.other))
            change(edited)
            if stale and known is not None and not known.readonly:
                _reapply(path, kind, known, current, edited)
            self._write(path, render_collection(edited, kind))
            # The cached collection changes in place, as callers holding it expect.
            current.items.clear()
            current.items.update(edited.items)
            current.other.clear()
            current.other.update(edited.other)
            return current

    def put_activity(self, activity: Activity, *, replacing: Activity | None = None) -> None:
        """Add or change an activity; when its week changes, it moves to the new week's file.
        An occurrence of a routine changes only that occurrence (an exception in routines.toml)."""
        if parse_occurrence_id(activity.id) is not None:
            self._change_occurrence(activity, lambda routine: routine.change_for(activity))
            return
        if replacing is not None and parse_occurrence_id(replacing.id) is not None:
            self._check_writable(self.week_path(IsoWeek.of(activity.date)), ACTIVITIES)
            self.remove_activity(replacing)
            replacing = None
        new_path = self.week_path(IsoWeek.of(activity.date))
        if replacing is not None and self.week_path(IsoWeek.of(replacing.date)) != new_path:
            self._check_writable(new_path, ACTIVITIES)
            self.remove_activity(replacing)
        self._edit(new_path, ACTIVITIES, lambda c: c.items.__setitem__(activity.id, activity))

    def remove_activity(self, activity: Activity) -> None:
        """Delete a stored activity, or remove one occurrence of a routine (the rest stay)."""
        if parse_occurrence_id(activity.id) is not None:
            from weekplan.routines import OccurrenceChange

            self._change_occurrence(activity, lambda _routine: OccurrenceChange(removed=True))
            return
        self._edit(self.week_path(IsoWeek.of(activity.date)), ACTIVITIES, lambda c: c.items.pop(activity.id, None))

    def _check_writable(self, path: Path, kind: _Kind[Any]) -> None:
        collection = self._collection(path, kind)
        if collection.readonly:
            raise ReadOnlyError(path, collection.errors)

    def week_note(self, week: IsoWeek) -> str:
        review = self.week(week).other.get("review", {})
        note = review.get("note", "") if isinstance(review, dict) else ""
        return note if isinstance(note, str) else ""

    def set_week_note(self, week: IsoWeek, note: str) -> None:
        def change(collection: Collection[Activity]) -> None:
            review = dict(collection.other.get("review", {}))
            if note:
                review["note"] = note
            else:
                review.pop("note", None)
            if review:
                collection.other["review"] = review
            else:
                collection.other.pop("review", None)

        self._edit(self.week_path(week), ACTIVITIES, change)

    # -- any item, in the file its type belongs in ------------------------------------------

    def put(self, item: Item, *, replacing: Item | None = None) -> None:
        """Add or change an item; `replacing` is the item as it was, so that an activity
        whose date moved to another week leaves the old week's file."""
        if isinstance(item, Activity):
            self.put_activity(item, replacing=replacing if isinstance(replacing, Activity) else None)
        elif isinstance(item, WeekNote):
            self.set_week_note(item.week, item.text)
        else:
            path, kind = self._file_of(item)
            moved = isinstance(item, SpecialDate) and self.moves_year(replacing, item)
            self._edit(path, kind, lambda c: c.items.__setitem__(_key_of(item), item))
            if moved:
                self.remove(replacing)  # type: ignore[arg-type]

    def remove(self, item: Item) -> None:
        if isinstance(item, Activity):
            self.remove_activity(item)
        elif isinstance(item, WeekNote):
            self.set_week_note(item.week, "")
        else:
            path, kind = self._file_of(item)
            self._edit(path, kind, lambda c: c.items.pop(_key_of(item), None))

    def _file_of(self, item: SpecialDate | Idea | Goal) -> tuple[Path, _Kind[Any]]:
        if isinstance(item, SpecialDate):
            return self.dates_path(item.date.year), DATES
        if isinstance(item, Idea):
            return self.ideas_path, IDEAS
        return self.goals_path, GOALS

    def put_date(self, special: SpecialDate, *, replacing: SpecialDate | None = None) -> None:
        self.put(special, replacing=replacing)

    def remove_date(self, special: SpecialDate) -> None:
        self.remove(special)

    def put_idea(self, idea: Idea) -> None:
        self._edit(self.ideas_path, IDEAS, lambda c: c.items.__setitem__(idea.id, idea))

    def put_goal(self, goal: Goal) -> None:
        self._edit(self.goals_path, GOALS, lambda c: c.items.__setitem__(goal.category, goal))

    # -- what the dates' files (date_files.DateFiles) read and write with -----------------

    def _dates_file(self, path: Path, *, fresh: bool = False) -> Collection[SpecialDate]:
        if path == self.dates_dir:  # every year's dates together: no file of its own
            return Collection(path)
        return self._collection(path, DATES, fresh=fresh)

    def _read_dates_file(self, path: Path) -> Collection[SpecialDate]:
        return read_collection(path, DATES)

    def _edit_dates(self, path: Path, change: Callable[[Collection[SpecialDate]], None]) -> None:
        self._edit(path, DATES, change)

    def _check_dates_writable(self, path: Path) -> None:
        self._check_writable(path, DATES)

    def _edit_routines(self, change: Callable[[Collection[Routine]], None]) -> None:
        self._edit(self.routines_path, ROUTINES, change)

    # -- many at once (import) ----------------------------------------------------------

    def add_activities(self, activities: list[Activity]) -> None:
        """Store many activities, writing each week's file once; refuses before writing
        anything when one of the files cannot be read."""
        by_week: dict[IsoWeek, list[Activity]] = {}
        for activity in activities:
            by_week.setdefault(IsoWeek.of(activity.date), []).append(activity)
        for week in by_week:
            self._check_writable(self.week_path(week), ACTIVITIES)
        for week, items in sorted(by_week.items()):
            path = self.week_path(week)
            self._edit(path, ACTIVITIES, lambda c, items=items: c.items.update({a.id: a for a in items}))
