"""The data directory: which file holds what, reading it safely, writing it atomically.

Layout (every item keyed by a stable random id, files sorted by that id):

    config.toml          settings, categories, key overrides
    weeks/2026-W48.toml  the activities of one ISO week, and that week's review note
    dates/2026.toml      the special dates together of one year
    ideas.toml           the idea backlog
    goals.toml           weekly goals per category
    routines.toml        recurring routines, and the changes to single occurrences of them
    together/            with a partner: the shared Together repository, where dates/ and
                         ideas.toml are then kept (together_root; weekplan.partner_setup)

A file that cannot be read is reported and becomes read-only: the store refuses
to write it until a person has fixed it.  Before every write the store checks that
the file on disk is still the one it read; if not, it reads it again and applies
the edit to the fresh copy, field by field, so a change from another program is
never lost; an edit that would undo a change made meanwhile is refused instead
(StaleEditError).  Check and write happen under a lock on the data directory, so
two weekplan processes cannot both write over each other's edit.  An edit that moves
an item from one file to another is written down first, so that a kill between the
two writes is finished by the next start (weekplan.journal_edits, with the record in
weekplan.journal); what one file holds and how it is read is weekplan.item_file, the
refusals and the field-by-field merge are weekplan.concurrent_edit, and what in the
directory is never read is weekplan.datadir.
"""

from __future__ import annotations

import contextlib
import errno
import os
from _thread import _local as thread_local  # threading.local itself, without loading threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from time import time as now

from weekplan.atomic_files import atomic_write, atomic_write_many
from weekplan.concurrent_edit import MoveWaitingError as MoveWaitingError  # where callers import it from
from weekplan.concurrent_edit import ReadOnlyError, SyncStoppedError, reapply, reapply_config
from weekplan.concurrent_edit import SeveralCopiesError as SeveralCopiesError  # where callers import it from
from weekplan.concurrent_edit import StaleEditError as StaleEditError  # where callers import it from
from weekplan.data_places import REWRITING_RECORD
from weekplan.date_files import DateFiles, year_errors
from weekplan.item_file import (
    ACTIVITIES,
    DATES,
    GOALS,
    IDEAS,
    ROUTINES,
    Collection,
    Kind,
    PreparedEdit,
    Signature,
    collection_doc,
    read_collection,
    settled,
    signature,
    tags_written_twice,
    titles_of_several_lines,
    week_errors,
)
from weekplan.item_file import render_collection as render_collection  # where merge imports it from
from weekplan.journal import Move, journal_path, year_place
from weekplan.journal_edits import JournalEdits
from weekplan.many_edits import ManyEdits
from weekplan.model import Activity, Config, Goal, Idea, Item, SpecialDate, WeekNote
from weekplan.occurrence_ids import parse_occurrence_id
from weekplan.parse_cache import remember
from weekplan.routine_edits import RoutineEdits
from weekplan.tomlfile import (
    DataError,
    DataFileError,
    Locator,
    dumps,
    parse_toml,
    read_data_file,
    refuse_unreadable_size,
)
from weekplan.weeks import YEARS_HELP, IsoWeek, weeks_between

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")
    from weekplan.routines import Routine

    # The store's own writes, the folders and routines file as they were, and the names in
    # the folders when those had not settled: see look_afresh().
    Look = tuple[int, Signature | None, Signature | None, Signature | None, tuple[list[str], ...] | None]

_Kind = Kind  # the name weekplan.merge finds the kinds of files by


def _names_in(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:  # not there (or not a folder): nothing in it to miss
        return []


def _key_of(item: SpecialDate | Idea | Goal) -> str:
    """The key an item is filed under: its id, or a goal's category."""
    return item.category if isinstance(item, Goal) else item.id


@contextlib.contextmanager
def data_dir_lock(root: Path, *, wait: bool = True) -> Iterator[None]:
    """One weekplan process (or thread) at a time checks a file and writes it; sync
    holds it while git changes the files.  Without `wait`, BlockingIOError when another
    holds it.

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
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


class Store(RoutineEdits, DateFiles, ManyEdits, JournalEdits):
    """Everything weekplan reads and writes, under one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[Path, Collection[Any]] = {}
        self._signatures: dict[Path, Signature | None] = {}
        # config.toml: the settings, what keeps the file read-only, what is only warned of.
        self._config: tuple[Config, list[DataError], list[DataError]] | None = None
        self._lock_depth = thread_local()
        self._dates_split = False
        self._together: Path | None = None  # where the Together files are (together_root)
        self.notes: list[str] = []  # what opening did on its own (a finished move, a mode tightened)
        self.journal_errors: list[DataError] = []  # an interrupted edit that could not be finished
        # Moves made but not finished (their old copy is still there, see _finished_later),
        # said to the person once and then cleared by whoever said it.
        self.moves_waiting: list[str] = []
        # The moves of an intent the lock found and could not finish: their items are
        # not changed until it is (JournalEdits._refuse_waiting_item).
        self._moves_held: list[Move] = []
        self._journal_read: tuple[Signature | None, list[Move]] = (None, [])  # see waiting_moves
        self._week_names: tuple[Signature | None, list[str], list[DataError]] | None = None
        self._writes = 0  # this store's own writes, which change no signature it holds

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, *, tidy_year_folders: bool = True) -> Store:
        """Open (creating on first run) the data directory; it is private to the user.
        Without `tidy_year_folders`, weeks/ and dates/ wait for a later tidy(): the
        planner's first screen does not wait for a listing of every week and year."""
        from weekplan.atomic_files import LinkedAwayError, link_problem
        from weekplan.datadir import make_private

        if not root.exists():
            # The folders to be made, and the first that is there: a link to nothing
            # among them is named rather than followed (mkdir would say only "File exists").
            for place in (root, *root.parents):
                why = link_problem(place)
                if why is not None:
                    raise LinkedAwayError(place, why)
                if place.exists():
                    break
            root.mkdir(parents=True, mode=0o700)
            os.chmod(root, 0o700)
        elif not root.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "it is a file, not a folder", str(root))
        store = cls(root)
        store.notes += make_private(root)
        if not os.path.lexists(store.config_path):
            atomic_write(store.config_path, dumps(Config().to_toml()))
        store.tidy(year_folders=tidy_year_folders)
        return store

    def tidy(self, *, year_folders: bool = True) -> None:
        """Finish an edit a kill interrupted, and remove what killed saves left (in weeks/
        and dates/ too, unless told not to look there: a left-over is never read, and a
        hundred years make those the longest listings)."""
        from weekplan.atomic_files import leftovers, remove_stale

        found = leftovers(self.root)
        if year_folders:
            found += leftovers(self.weeks_dir, self._week_folder()[0]) + leftovers(self.dates_dir)
        if self.together_root != self.root:
            found += leftovers(self.together_root)
        if not found and not os.path.lexists(journal_path(self.root)):
            return  # the usual start: a folder listing or three and a stat, no lock
        try:
            # Not waiting: while another weekplan writes (a sync may hold the lock for a
            # while), what is there may be its own work, not a left-over.
            with self._write_lock(wait=False):  # finishes the journal
                found = leftovers(self.root) + leftovers(self.weeks_dir) + leftovers(self.dates_dir)
                if self.together_root != self.root:
                    found += leftovers(self.together_root)
                removed = remove_stale(found)
        except (BlockingIOError, SyncStoppedError):  # the next sync, then the next start
            return
        if removed:
            self.notes.append(f"removed {len(removed)} temporary file(s) left by interrupted saves")
        for path, _age in found:
            if path not in removed:
                self.notes.append(
                    f"{path} is left by a save that is running or was interrupted within the hour; "
                    "removed once it is an hour old"
                )

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def weeks_dir(self) -> Path:
        return self.root / "weeks"

    def week_path(self, week: IsoWeek) -> Path:
        return self.weeks_dir / f"{week}.toml"

    @property
    def shared_dir(self) -> Path:
        """The working tree of the Together repository shared with a partner, its own git
        repository inside the data directory (`weekplan partner`)."""
        return self.root / "together"

    @property
    def together_root(self) -> Path:
        """Where the Together files (dates/, ideas.toml) are: the shared repository once
        `weekplan partner` has connected one (a remote set and its clone in place),
        else the data directory itself.  A config that names a remote whose clone is
        not there yet (a second machine before its first sync) keeps them where they
        are, so nothing seems gone until the sync has merged them in."""
        if self._together is None:
            # The stat first: without a partner the settings need not be read for this.
            shared = os.path.isdir(self.shared_dir / ".git") and self.config.partner.shared
            self._together = self.shared_dir if shared else self.root
        return self._together

    @property
    def ideas_path(self) -> Path:
        return self.together_root / "ideas.toml"

    @property
    def goals_path(self) -> Path:
        return self.root / "goals.toml"

    @property
    def routines_path(self) -> Path:
        return self.root / "routines.toml"

    # -- config ------------------------------------------------------------------

    def _load_config(self) -> tuple[Config, list[DataError], list[DataError]]:
        path = self.config_path
        self._signatures[path] = signature(path)
        try:
            data = read_data_file(path)
            if data is None:
                return Config(), [], []
            doc, text = parse_toml(path, data, cache=True)
        except DataFileError as exc:
            return Config(), exc.errors, []
        config, problems, warnings = Config.from_toml(doc)

        where = Locator(text)

        def placed(found: list[Any]) -> list[DataError]:
            return [DataError(path, *where.locate(table, key), message) for table, key, message in found]

        return config, placed(problems), placed(warnings)

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

    @property
    def config_warnings(self) -> list[DataError]:
        """Settings of config.toml the planner leaves unused (Config.from_toml): said by
        `weekplan check` and the planner, but the file stays writable and syncs."""
        if self._config is None:
            self._config = self._load_config()
        return self._config[2]

    def save_config(self, config: Config) -> None:
        """Write the settings; settings changed on disk meanwhile are kept, key by key."""
        with self._write_lock():
            if self.config_errors:
                raise ReadOnlyError(self.config_path, self.config_errors)
            path = self.config_path
            if path in self._signatures and signature(path) != self._signatures[path]:
                known = self.config
                self._config = fresh = self._load_config()
                if fresh[1]:
                    raise ReadOnlyError(path, fresh[1])
                config = reapply_config(path, known, config, fresh[0])
            self._write(path, dumps(config.to_toml()))
            self._config = None  # read again when asked: what it warns of follows the new settings

    # -- reading -------------------------------------------------------------------

    def _collection(self, path: Path, kind: Kind[T], *, fresh: bool = False) -> Collection[T]:
        cached = self._cache.get(path)
        if cached is not None and not fresh:
            return cached
        seen = signature(path)
        collection = self._read(path, kind)
        self._cache[path] = collection
        self._signatures[path] = seen
        return collection

    def _read(self, path: Path, kind: Kind[T], week: IsoWeek | None = None) -> Collection[T]:
        collection = read_collection(path, kind)
        if kind is ACTIVITIES:
            week_errors(collection, week if week is not None else IsoWeek.parse(path.stem))
        elif kind is DATES and path.parent == self.dates_dir:
            year_errors(collection, int(path.stem))
        return collection

    def week(self, week: IsoWeek) -> Collection[Activity]:
        return self._collection(self.week_path(week), ACTIVITIES)

    def week_in_passing(self, week: IsoWeek, path: Path | None = None, *, held: bool = True) -> Collection[Activity]:
        """A week read on a pass over many (an export): the one already read when there
        is one (with `held`; without, the file as it is on disk now), else read without
        keeping it, so that the pass needs the memory of one week, not of all of them.
        What was read and when is left as it was, so a file changed on disk is still
        reported by `changed_files`.  `path` is the week's file as `week_files` gave it
        with the week: a pass over ten years makes no second path for each week.  It is
        trusted to be `week_path(week)`, not checked: the activities are checked against
        `week`, so a caller passing another week's file gets the wrong week's checks."""
        path = path if path is not None else self.week_path(week)
        return self._in_passing(path, ACTIVITIES, week) if held else self._read(path, ACTIVITIES, week)

    def _in_passing(self, path: Path, kind: Kind[T], week: IsoWeek | None = None) -> Collection[T]:
        cached = self._cache.get(path)
        return cached if cached is not None else self._read(path, kind, week)

    def ideas(self) -> Collection[Idea]:
        return self._collection(self.ideas_path, IDEAS)

    def goals(self) -> Collection[Goal]:
        return self._collection(self.goals_path, GOALS)

    def routines(self) -> Collection[Routine]:
        path = self.routines_path
        if path not in self._cache and not os.path.lexists(path):
            # Most data dirs have no routines: a stat instead of a read, and a file that
            # appears later (another program, a git pull) is picked up on the next look.
            # A link to nothing is read, and so named (atomic_files.link_problem).
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

    def week_files(self, *, backwards: bool = False) -> Iterator[tuple[IsoWeek, Path]]:
        """Every week file the planner reads, with its week (odd names: datadir.odd_files),
        in order (from the last, `backwards`).  Listed by name (the folder's listing, kept
        until it changes: an export walks it from both ends and then through), each path
        made as it is reached: a hundred years are 5,200 files, and their paths made at
        once were most of what an export's memory grew by with the years."""
        from weekplan.data_places import week_file_name

        for name in sorted(self._week_folder()[0], reverse=backwards):
            week = week_file_name(name)
            if week is not None:
                yield week, self.weeks_dir / name

    def all_activities(self) -> Iterator[Activity]:
        for week, _path in self.week_files():
            yield from self.week(week).items.values()

    def changed_files(self) -> list[Path]:
        """Files read earlier that something else has changed on disk since."""
        # A copy: a thread may read another file meanwhile (the planner's disk watcher
        # runs while a worker reads), which adds to the signatures.
        return [path for path, seen in list(self._signatures.items()) if signature(path) != seen]

    def look_again(self, path: Path) -> None:
        """Read `path` afresh at its next look if something else changed it since it was
        read here (a file not read yet is read from disk anyway)."""
        if path in self._signatures and signature(path) != self._signatures[path]:
            self.forget([path])

    def now_elsewhere(self, item: Activity | SpecialDate, left: Path) -> tuple[Activity | SpecialDate | None, Path]:
        """A stored activity or date gone from the file `left`, as another file of its
        kind holds it now (another planner, a sync or an editor moved it to another week
        or year), each file as it is on disk; (None, left) where none holds it.

        Only the files whose bytes hold the id are parsed (a hundred years of weeks
        are searched as bytes in a fraction of the time parsing them takes), none is
        kept, and what was read and when is left as it was: the disk poll still
        reports each changed file.  Refused, never guessed at: a file that may hold
        the item but cannot be read, or has an error in that item (a date outside
        its week or year among them), raises ReadOnlyError naming it and that error
        (the edit would otherwise put the item back where it was, a second copy); an
        error on another item hides nothing of this one.  Two files holding it,
        SeveralCopiesError."""
        activity = isinstance(item, Activity)
        if activity:
            files: list[tuple[Any, Path]] = list(self.week_files())
        else:
            files = [(year, path) for year, path in self.date_files() if year is not None]
        found: list[tuple[Activity | SpecialDate, Path]] = []
        for place, path in files:
            if path == left or not self._may_hold(path, item.id):
                continue
            collection = self.week_in_passing(place, path, held=False) if activity else self.dates_in_passing(place)
            hiding = [error for error in collection.errors if error.may_hide(item.id)]
            if hiding:
                raise ReadOnlyError(path, hiding)
            if item.id in collection.items:
                found.append((collection.items[item.id], path))
        if len(found) > 1:
            raise SeveralCopiesError(repr(found[0][0].title), [path for _copy, path in found])
        return found[0] if found else (None, left)

    @staticmethod
    def _may_hold(path: Path, ident: str) -> bool:
        """Whether the file's bytes may hold the item `ident`: its id as written, or a
        key spelled with escapes; a file that cannot be read may hold anything."""
        try:
            data = read_data_file(path) or b""
        except DataFileError:
            return True
        return ident.encode() in data or b"\\u" in data or b"\\U" in data

    def forget(self, paths: list[Path] | None = None) -> None:
        """Drop what was read, so the next look reads the disk again."""
        for path in self._cache.copy() if paths is None else paths:
            self._cache.pop(path, None)
            self._signatures.pop(path, None)
        if paths is None or self.config_path in paths:
            self._config = None
            self._together = None
        if paths is None or self.single_dates_path in paths:
            self._dates_split = False  # a dates.toml may have come back (a sync from an older weekplan)

    def odd_files(self) -> list[DataError]:
        """Files in the data directory that are never read (see weekplan.datadir), and an
        interrupted edit that could not be finished; the folder is listed again only
        when it changed."""
        from weekplan.datadir import odd_files

        names, errors = self._week_folder()
        return [*self.journal_errors, *errors, *odd_files(self.root, names)]

    def _week_folder(self) -> tuple[list[str], list[DataError]]:
        """What weeks/ holds, listed once (ten years are 520 names) until it changes."""
        seen = signature(self.weeks_dir)
        if self._week_names is None or self._week_names[0] != seen:
            from weekplan.datadir import week_folder

            self._week_names = (seen, *week_folder(self.root))
        return self._week_names[1], self._week_names[2]

    def check(self, only: set[Path] | None = None, *, layout: bool = False) -> list[DataError]:
        """Read every file and return every problem, in file order (what could not be
        read; sync refuses to go on while there is any).  With `only`, just those files
        (sync: the ones git says changed since a commit found readable).  With `layout`,
        config.toml's warnings and layout_problems after them, from the same reading
        (`weekplan check`: what sync does not wait for)."""
        fresh = Store(self.root)

        def wanted(path: Path) -> bool:
            return only is None or path in only

        errors = list(fresh.config_errors) if wanted(fresh.config_path) else []
        if only is None:
            errors.extend(fresh.dates().errors)
        else:
            errors.extend(fresh.date_errors(y for y, path in fresh.date_files() if y is not None and path in only))
        for year, path in fresh.date_files():
            if year is None and wanted(path):
                message = f"file name is not a year like 2026.toml ({YEARS_HELP}); it is ignored"
                errors.append(DataError(path, 1, 1, message))
        files: tuple[tuple[Path, Kind[Any]], ...] = (
            (fresh.ideas_path, IDEAS),
            (fresh.goals_path, GOALS),
            (fresh.routines_path, ROUTINES),
        )
        for path, kind in files:
            if wanted(path):
                errors.extend(fresh._collection(path, kind).errors)
        errors.extend(error for error in self.odd_files() if wanted(error.path))
        for week, path in fresh.week_files():
            if wanted(path):
                errors.extend(fresh.week(week).errors)
        if layout:
            errors.extend(fresh.config_warnings if wanted(fresh.config_path) else [])
            errors.extend(fresh.layout_problems())
        return errors

    def layout_problems(self) -> list[DataError]:
        """What `weekplan check` reports beyond the files: one activity in two week files,
        one date in two years' files, a title of several lines, one tag spelt twice.
        Sync settles the copies a merge makes, so it does not wait for these."""
        from weekplan.datadir import duplicate_ids

        holders: dict[str, list[Path]] = {}
        titles: list[DataError] = []
        for week, path in self.week_files():
            collection = self.week(week)
            for item_id in collection.items:
                holders.setdefault(item_id, []).append(path)
            titles += titles_of_several_lines(collection, ACTIVITIES)
        for year, path in self.date_files():
            if year is not None:
                titles += titles_of_several_lines(self._dates_file(path), DATES)
        titles += titles_of_several_lines(self.ideas(), IDEAS)
        titles += titles_of_several_lines(self.routines(), ROUTINES)
        tags = tags_written_twice(self.ideas_path, IDEAS)
        return duplicate_ids(holders) + self.dates_in_two_years(keep=False) + titles + tags

    # -- writing ---------------------------------------------------------------

    def _write(self, path: Path, data: bytes) -> None:
        self._writes += 1
        atomic_write(path, data)
        self._signatures[path] = signature(path)

    def stopped_sync(self) -> Path | None:
        """The repository where a sync was stopped while git rewrote its files, if any
        (weekplan.sync_stopped): nothing is written there until the next sync has put
        them back."""
        repos = (self.root, self.shared_dir)
        return next((repo for repo in repos if os.path.lexists(repo / ".git" / REWRITING_RECORD)), None)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Held across a look at the data and the writes decided from it (a calendar's
        refresh: which of its events are here, then adding the others), so that no other
        weekplan process or thread writes in between.  What another wrote before is read
        anew; the writes inside take the lock already held."""
        with self._write_lock():
            self.forget(self.changed_files())
            yield

    def look_afresh(self) -> Look:
        """Taken before a look at the data made without the lock (a refresh's plan), after
        dropping what changed on disk since it was read; see exclusive_since.  A folder
        changed within a tick of the coarsest file times has not settled: a file added to
        it in that same tick may leave its time as it is (item_file.settled), so the look
        then keeps the names in the folders too, and a name added or gone counts as a
        change."""
        self.forget(self.changed_files())
        return self._look(names=not settled((self.weeks_dir, self.dates_dir), now()))

    def _look(self, *, names: bool) -> Look:
        listed = tuple(sorted(_names_in(folder)) for folder in (self.weeks_dir, self.dates_dir)) if names else None
        folders = (signature(self.weeks_dir), signature(self.dates_dir), signature(self.routines_path))
        return (self._writes, *folders, listed)

    @contextlib.contextmanager
    def exclusive_since(self, look: Look) -> Iterator[bool]:
        """exclusive(), saying whether the data is still as it was when `look` was taken
        and every file read since is unchanged: then what was decided from them without
        the lock holds, and only the writing waits for (and holds up) the others."""
        with self._write_lock():
            changed = self.changed_files()
            self.forget(changed)
            yield not changed and look == self._look(names=look[-1] is not None)

    @contextlib.contextmanager
    def _write_lock(self, *, wait: bool = True) -> Iterator[None]:
        depth = getattr(self._lock_depth, "n", 0)
        if depth:
            yield
            return
        with data_dir_lock(self.root, wait=wait):
            self._lock_depth.n = 1
            try:
                stopped = self.stopped_sync()
                if stopped is not None:
                    raise SyncStoppedError(stopped)
                self._moves_held = []
                if os.path.lexists(journal_path(self.root)):
                    self._finish_journal()
                    self._moves_held = self.waiting_moves()  # [] once finished
                elif self.journal_errors:  # finished (or removed) by another weekplan meanwhile
                    self.journal_errors = []
                yield
            finally:
                self._moves_held = []
                self._lock_depth.n = 0

    def _edit(self, path: Path, kind: Kind[T], change: Callable[[Collection[T]], None]) -> Collection[T]:
        """Apply `change` to the file's items and write it, re-reading first if the file
        changed on disk (the change is then re-applied to the fresh items, field by
        field), and refusing if the file could not be read."""
        return self._edit_many([(path, change)], kind)[0]

    def _edit_many(
        self, changes: list[tuple[Path, Callable[[Collection[T]], None]]], kind: Kind[T]
    ) -> list[Collection[T]]:
        """`_edit` for many files at once (an import's weeks): all are changed first, then
        written together (see atomic_write_many), so one that cannot be written changes
        none."""
        with self._write_lock():
            return self._write_prepared(self._prepare(changes, kind))

    def _prepare(
        self, changes: list[tuple[Path, Callable[[Collection[T]], None]]], kind: Kind[T]
    ) -> list[PreparedEdit[T]]:
        """Each file's collection changed and written out, but not yet written: raises
        ReadOnlyError for a file that could not be read and TooLargeToWrite for one that
        would grow past what weekplan reads, so that a refused change changes nothing
        (the lock is held, and the files stay as they are until _write_prepared)."""
        prepared = []
        for path, change in changes:
            known = self._cache.get(path)  # what the caller's edit was based on
            stale = path in self._signatures and signature(path) != self._signatures[path]
            current = self._collection(path, kind, fresh=stale)
            if current.readonly:
                raise ReadOnlyError(path, current.errors)
            # Work on a copy: a refused or failed change leaves the cache as the disk is.
            edited: Collection[T] = Collection(path, dict(current.items), dict(current.other))
            change(edited)
            if stale and known is not None and not known.readonly:
                reapply(path, kind, known, current, edited)
            self._refuse_waiting_item(path, current.items, edited.items)
            doc = collection_doc(edited, kind)
            data = dumps(doc)
            refuse_unreadable_size(path, data, as_it_is=lambda c=current: dumps(collection_doc(c, kind)))
            prepared.append(PreparedEdit(current, edited, doc, data))
        return prepared

    def _write_prepared(self, prepared: list[PreparedEdit[T]]) -> list[Collection[T]]:
        """Write what _prepare made, all files or none (the lock is held)."""
        files = [(edit.edited.path, edit.data) for edit in prepared]
        if len(files) == 1:
            self._write(*files[0])
        else:
            self._writes += 1
            atomic_write_many(files)
        for edit in prepared:
            remember(edit.edited.path, edit.data, edit.doc)  # the next read, here or in the next run, is no parse
            self._signatures[edit.edited.path] = signature(edit.edited.path)
            # The cached collection changes in place, as callers holding it expect.
            edit.current.items.clear()
            edit.current.items.update(edit.edited.items)
            edit.current.other.clear()
            edit.current.other.update(edit.edited.other)
        return [edit.current for edit in prepared]

    def put_activity(self, activity: Activity, *, replacing: Activity | None = None) -> None:
        """Add or change an activity; when its week changes, it moves to the new week's file.
        An occurrence of a routine changes only that occurrence (an exception in routines.toml).
        A change of file (another week, a routine's occurrence becoming an activity of its
        own or back) is a move: see weekplan.journal."""
        place = self._place(activity)
        if replacing is not None and (self._place(replacing), replacing.id) != (place, activity.id):
            self._move(Move(activity.id, place, replacing.id, self._place(replacing)), lambda: self._put(activity))
        else:
            self._put(activity)

    def _put(self, activity: Activity) -> None:
        if parse_occurrence_id(activity.id) is not None:
            self._change_occurrence(activity, lambda routine: routine.change_for(activity))
        else:
            path = self.week_path(IsoWeek.of(activity.date))
            self._edit(path, ACTIVITIES, lambda c: c.items.__setitem__(activity.id, activity))

    def remove_activity(self, activity: Activity) -> None:
        """Delete a stored activity, or remove one occurrence of a routine (the rest stay)."""
        if parse_occurrence_id(activity.id) is not None:
            from weekplan.routines import OccurrenceChange

            self._change_occurrence(activity, lambda _routine: OccurrenceChange(removed=True))
            return
        self._edit(self.week_path(IsoWeek.of(activity.date)), ACTIVITIES, lambda c: c.items.pop(activity.id, None))

    def _check_writable(self, path: Path, kind: Kind[Any]) -> None:
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

            def put_new() -> None:
                self._edit(path, kind, lambda c: c.items.__setitem__(_key_of(item), item))

            old = replacing if isinstance(replacing, SpecialDate) else None
            if isinstance(item, SpecialDate) and old is not None and self.moves_year(old, item):
                move = Move(item.id, year_place(item.date.year), old.id, year_place(old.date.year))
                self._move(move, put_new)  # see weekplan.journal
            else:
                put_new()

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

    def _dates_in_passing(self, path: Path, *, held: bool = False) -> Collection[SpecialDate]:
        return self._in_passing(path, DATES) if held else self._read(path, DATES)

    def _edit_dates(self, path: Path, change: Callable[[Collection[SpecialDate]], None]) -> None:
        self._edit(path, DATES, change)

    def _check_dates_writable(self, path: Path) -> None:
        self._check_writable(path, DATES)

    def _edit_routines(self, change: Callable[[Collection[Routine]], None]) -> None:
        self._edit(self.routines_path, ROUTINES, change)
