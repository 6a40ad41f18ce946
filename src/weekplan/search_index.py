"""What every week file and dates file holds, reduced to what a search needs, so
that typing a query never reads every week again.

For each file the index keeps the file's signature (modification time, size, inode,
as the store's stale check uses) and, for each item in it, the number of its
*haystack* (the text a search looks in, made by weekplan.search, the one place that
says what is searched and how), its day and times, the number of its title and
category, and its id.  Equal texts are kept once, with how many items have them, so
a query is tried once per distinct haystack (a routine's title repeats hundreds of
times over the years), the count of matches is a sum, and an item costs about thirty
bytes however long its notes are.

Kept current by every write because it is checked against the files themselves:
before each search every file's signature is compared with the one indexed, and a
file that changed (an edit in the planner, undo, sync, another program, a file
added or removed) is read again through the store's reader.

It is kept between runs in the cache directory (next to the parsed files, never in
the data directory, so sync never carries it): a cache, checked file by file like the
index in memory, and left aside when it cannot be read or was made for other
categories, another data directory or another format.  Plain Python, no Textual.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import marshal
import os
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from weekplan.datadir import week_file_name
from weekplan.item_file import ACTIVITIES, DATES, Kind, read_collection, signature
from weekplan.model import Config
from weekplan.store import Store
from weekplan.tomlfile import DataError, cache_dir

T = TypeVar("T")
FORMAT = 1
HaystackOf = Callable[[Any, Config], str]
FIELDS = 5  # per item: haystack number, day (ordinal), start, end (-1: none), shown text number


class FileEntry:
    """One indexed file: its signature when read, and its items in the order a search
    lists them, each as five numbers (FIELDS) and its id."""

    __slots__ = ("errors", "ids", "items", "stamp")

    def __init__(self, stamp: int, items: bytes, ids: str, errors: list[DataError] | None = None) -> None:
        self.stamp = stamp  # a hash of the signature: one int instead of a tuple of three
        self.items = items  # array("i") as bytes: twenty bytes an item
        self.ids = ids  # the items' ids, one a line (an id has no line break: model.ID_RE)
        self.errors = errors  # None when the file read cleanly (most files)

    @property
    def days(self) -> tuple[int, int]:
        """The first and the last item's day (ordinals); for no items, a first day after
        every day and a last before every day."""
        days = self.numbers()[1::FIELDS]
        return (days[0], days[-1]) if len(days) else _NO_DAYS

    def numbers(self) -> memoryview:
        return memoryview(self.items).cast("i")

    def haystacks(self) -> memoryview:
        return self.numbers()[0::FIELDS]


def stamp_of(path: str | Path) -> int:
    """The file's signature (item_file.signature: the store's stale check) as one
    number; 0 when there is no such file.  Given a plain path, as a hundred years of
    week files are thousands of them, each looked at before every search."""
    seen = signature(path if isinstance(path, Path) else _PlainPath(path))
    return 0 if seen is None else hash(seen) or 1


class _PlainPath(str):
    """A path as a string, with the one method signature() asks of a path."""

    __slots__ = ()

    def stat(self) -> os.stat_result:
        return os.stat(self)


class Source:
    """A file the index covers: its name in the data directory (a string, not a Path:
    there are thousands), the data directory, and what the file holds."""

    __slots__ = ("kind", "name", "root")

    def __init__(self, name: str, root: str, kind: Kind[Any]) -> None:
        self.name = name
        self.root = root  # one string for every file: a full path each was 0.7 MB on a hundred years
        self.kind = kind

    @property
    def where(self) -> str:
        return f"{self.root}{os.sep}{self.name}"

    @property
    def path(self) -> Path:
        return Path(self.where)


class Row(NamedTuple):
    """One indexed item, as a search lists it."""

    id: str
    date: date
    start: int | None
    end: int | None
    title: str
    category: str


class SearchIndex:
    """The haystacks of one data directory's week files and dates files, and what a
    search lists of each item."""

    def __init__(self, store: Store, haystack_of: HaystackOf) -> None:
        self.store = store
        self.haystack_of = haystack_of
        self.lock = threading.RLock()  # the planner searches in a thread, and `n` in the app's
        self.files: dict[str, FileEntry] = {}
        # Texts kept once however many items have them, each with how many do.
        self.haystacks = _Texts[str]()
        self.shown = _Texts[tuple[str, str]]()  # (title, category)
        self._categories: tuple[tuple[str, str], ...] | None = None
        self._week_names: dict[str, Source | None] = {}
        self._listed: tuple[tuple[int, ...], list[Source]] | None = None  # the folders' signatures, what they held
        self._changed = False  # since it was last saved
        self._reads = 0  # files read or forgotten: what _of_kind worked out is for a count
        self._split: tuple[list[Source], int, dict[Kind[Any], _Files]] | None = None  # _of_kind
        self._loaded = False

    # -- which files ------------------------------------------------------------------

    def sources(self) -> list[Source]:
        """Every file a search looks in, through the store's own paths and rules: the
        weeks in order, then the dates' files in order (and a dates.toml left in place)."""
        store = self.store
        root = str(store.root)
        found = []
        try:
            names = sorted(os.listdir(store.weeks_dir))
        except OSError:  # no weeks yet, or not a folder: the planner says which
            names = []
        for name in names:
            if name not in self._week_names:  # the store's rule, once per name (ten years are 520 names)
                week = week_file_name(name)
                self._week_names[name] = None if week is None else Source(f"weeks/{name}", root, ACTIVITIES)
            source = self._week_names[name]
            if source is not None:
                found.append(source)
        found += [
            Source(_relative(path, store.root), root, DATES) for year, path in store.date_files() if year is not None
        ]
        if store.single_dates_path.exists():
            found.append(Source(_relative(store.single_dates_path, store.root), root, DATES))
        return found

    def _folders(self) -> tuple[int, ...]:
        """The signatures of the folders the files are in, and of a dates.toml: a file
        written the way weekplan, git and most programs write (a new file put in place)
        changes its folder's."""
        store = self.store
        return (stamp_of(store.weeks_dir), stamp_of(store.dates_dir), stamp_of(store.single_dates_path))

    # -- keeping it current -------------------------------------------------------------

    def refresh(
        self, should_stop: Callable[[], bool] | None = None, *, check_files: bool = True
    ) -> list[Source] | None:
        """Read again every file that changed since it was indexed, and forget the files
        that are gone; the files, in order.  None when `should_stop` said to stop (what
        was read so far stays indexed).

        Without `check_files`, and while no folder changed since the last refresh, the
        files are not looked at one by one: as the search dialog does between two
        letters, having checked every file when it opened (a file rewritten in place
        in the moment between is seen the next time it opens)."""
        with self.lock:
            if not self._loaded:
                self._loaded = True
                self._load()
            categories = _categories(self.store.config)
            if categories != self._categories:  # a category's name is searched too
                self._clear()
                self._categories = categories
            folders = self._folders()  # before listing: a change made meanwhile is seen next time
            if self._listed is None or folders != self._listed[0]:
                self._listed = None
                check_files = True
            elif not check_files:
                return self._listed[1]
            sources = self.sources() if self._listed is None else self._listed[1]
            for source in sources:
                entry = self.files.get(source.name)
                stamp = stamp_of(source.where)
                if entry is not None and entry.stamp == stamp:
                    continue
                if should_stop is not None and should_stop():
                    return None
                self._read(source, stamp)
            names = {source.name for source in sources}
            for name in [name for name in self.files if name not in names]:
                self._forget(name)
            self._listed = (folders, sources)
            return sources

    def up_to_date(self) -> bool:
        """Whether a refresh without `check_files` would read nothing: what the dialog
        asks before searching without a thread."""
        with self.lock:
            current = self._loaded and _categories(self.store.config) == self._categories
            return current and self._listed is not None and self._folders() == self._listed[0]

    @property
    def unsaved(self) -> bool:
        """Whether a file was read again since the index was last kept."""
        return self._changed

    def _read(self, source: Source, stamp: int) -> None:
        """Index what one file holds now; `stamp` was taken before reading, so a change
        made meanwhile is seen by the next refresh."""
        collection = read_collection(source.path, source.kind)
        config = self.store.config
        items = sorted(collection.items.values(), key=_listing_order)
        numbers = array("i")
        for item in items:
            haystack = self.haystacks.add(self.haystack_of(item, config))
            shown = self.shown.add((item.title, getattr(item, "category", "")))
            start = -1 if item.start is None else item.start
            end = -1 if item.end is None else item.end
            numbers.extend((haystack, item.date.toordinal(), start, end, shown))
        self._forget(source.name)
        errors = list(collection.errors) or None
        self.files[source.name] = FileEntry(stamp, numbers.tobytes(), "\n".join(item.id for item in items), errors)
        self._changed = True
        self._reads += 1

    def _forget(self, name: str) -> None:
        entry = self.files.pop(name, None)
        if entry is not None:
            numbers = entry.numbers()
            self.haystacks.drop(numbers[0::FIELDS])
            self.shown.drop(numbers[4::FIELDS])
            self._changed = True
        self._reads += 1

    def _clear(self) -> None:
        self.files.clear()
        self._listed = None
        self.haystacks = _Texts[str]()
        self.shown = _Texts[tuple[str, str]]()
        self._changed = True
        self._reads += 1

    # -- asking it ------------------------------------------------------------------------

    def matching(self, matches: Callable[[str], bool]) -> set[int]:
        """The numbers of the haystacks that some item still has and that match."""
        with self.lock:
            return self.haystacks.matching(matches)

    def count(self, numbers: set[int]) -> int:
        with self.lock:
            return sum(self.haystacks.totals[n] for n in numbers)

    def rows(
        self,
        sources: list[Source],
        kind: Kind[Any],
        numbers: set[int],
        should_stop: Callable[[], bool] | None = None,
        *,
        upcoming: tuple[bool, date] | None = None,
    ) -> Iterator[Row]:
        """The items of those files of one kind whose haystack is one of `numbers`, file
        by file in order, each file's in the order a search lists them.  With
        `upcoming` (True, day): only those on or after the day, in that order; with
        (False, day): only those before it, in the opposite order, the latest first.
        `should_stop` is asked before each file that holds one; when it says so, the
        rows end there."""
        later, day = (None, 0) if upcoming is None else (upcoming[0], upcoming[1].toordinal())
        with self.lock:
            files = self._of_kind(sources, kind)
        if later is None:
            order: Iterable[Source] = files.sources
        elif later:  # from the first file with a day on or after `day`
            order = itertools.islice(files.sources, bisect.bisect_left(files.last_so_far, day), None)
        else:  # back from the last file with a day before `day`
            order = reversed(files.sources[: bisect.bisect_left(files.first_from_here, day)])
        for source in order:
            with self.lock:
                entry = self.files.get(source.name)
                if entry is None or numbers.isdisjoint(entry.haystacks()):
                    continue
            if should_stop is not None and should_stop():
                return
            with self.lock:
                values = entry.numbers().tolist()
                ids = entry.ids.split("\n")
                texts = self.shown.texts
                found = []
                at_most = len(values) // FIELDS
                for at in range(at_most) if later is None or later else range(at_most - 1, -1, -1):
                    first = at * FIELDS
                    if values[first] not in numbers:
                        continue
                    _haystack, item_day, start, end, shown = values[first : first + FIELDS]
                    if later is not None and (item_day >= day) is not later:
                        continue
                    title, category = texts[shown]
                    found.append(Row(ids[at], date.fromordinal(item_day), _time(start), _time(end), title, category))
            yield from found

    def _of_kind(self, sources: list[Source], kind: Kind[Any]) -> _Files:
        """The files of one kind in order, and where in them a day is (worked out once
        for the files of a refresh: a hundred years are thousands, and each letter looks
        for today among them)."""
        split = self._split
        if split is None or split[0] is not sources or split[1] != self._reads:
            split = self._split = (sources, self._reads, {k: self._files_of(sources, k) for k in (ACTIVITIES, DATES)})
        return split[2][kind]

    def _files_of(self, sources: list[Source], kind: Kind[Any]) -> _Files:
        files = [s for s in sources if s.kind is kind]
        days = [entry.days if (entry := self.files.get(s.name)) is not None else _NO_DAYS for s in files]
        # Running extremes, so that they are in order whatever the files hold (weeks and
        # years are, a dates.toml left in place need not be): every file before the
        # first whose running last day reaches a day ends before it, every file after
        # the last whose first day from there on is before it starts on or after it.
        last_so_far = array("i", itertools.accumulate((last for _, last in days), max))
        first_from_here = array("i", itertools.accumulate((first for first, _ in reversed(days)), min))
        first_from_here.reverse()
        return _Files(files, last_so_far, first_from_here)

    def problems(self, sources: list[Source]) -> list[DataError]:
        """What was wrong with the files, as they were read."""
        found: list[DataError] = []
        for source in sources:
            entry = self.files.get(source.name)
            if entry is not None and entry.errors:
                found += entry.errors
        return found

    # -- kept between runs -------------------------------------------------------------------

    def cache_path(self) -> Path | None:
        folder = cache_dir()
        if folder is None or folder.absolute().is_relative_to(self.store.root.absolute()):
            return None  # never in the data directory: sync would carry it
        source = str(self.store.root.absolute()).encode("utf-8", "surrogateescape")
        return folder / f"search-{zlib.crc32(source):08x}.index"

    def save(self) -> None:
        """Keep the index for the next run, when it changed; a cache that cannot be
        written only makes the next run's first search slower."""
        with self.lock:
            path = self.cache_path()
            if path is None or not self._changed:
                return
            self._compact()
            # A file that could not be read is read again by every run, so that its
            # problem is reported again.
            clean = {name: (e.stamp, e.items, e.ids) for name, e in self.files.items() if e.errors is None}
            root = str(self.store.root.absolute())
            blob = marshal.dumps((FORMAT, root, self._categories, self.haystacks.texts, self.shown.texts, clean))
            self._changed = False
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _load(self) -> None:
        """Take up the index an earlier run kept, if it is one this run can trust to
        say what each file held at the signature it names; anything odd about it and it
        is left aside."""
        path = self.cache_path()
        if path is None:
            return
        try:
            kept = marshal.loads(path.read_bytes())
            fmt, root, categories, haystacks, shown, files = kept
        except (OSError, ValueError, EOFError, TypeError):
            return
        if fmt != FORMAT or root != str(self.store.root.absolute()) or not isinstance(files, dict):
            return
        haystack_texts = _Texts[str].taken_up(haystacks, lambda t: type(t) is str)
        shown_texts = _Texts[tuple[str, str]].taken_up(
            shown, lambda t: type(t) is tuple and len(t) == 2 and all(type(part) is str for part in t)
        )
        if haystack_texts is None or shown_texts is None:
            return
        entries: dict[str, FileEntry] = {}
        for name, value in files.items():
            if not (type(name) is str and type(value) is tuple and len(value) == 3):
                return
            stamp, items, ids = value
            if type(stamp) is not int or type(items) is not bytes or type(ids) is not str:
                return
            entry = FileEntry(stamp, items, ids)
            if len(items) % (4 * FIELDS) or len(items) // (4 * FIELDS) != (ids.count("\n") + 1 if ids else 0):
                return
            numbers = entry.numbers()
            if not (haystack_texts.counted(numbers[0::FIELDS]) and shown_texts.counted(numbers[4::FIELDS])):
                return
            if not all(_DAYS.start <= day < _DAYS.stop for day in numbers[1::FIELDS]):
                return
            entries[name] = entry
        self.files = entries
        self.haystacks = haystack_texts
        self.shown = shown_texts
        self._categories = tuple(tuple(pair) for pair in categories) if isinstance(categories, tuple) else None

    def _compact(self) -> None:
        """Drop the texts no item has any more (edits leave them behind), once they are
        half of what is kept."""
        if not (self.haystacks.mostly_unused() or self.shown.mostly_unused()):
            return
        haystacks = self.haystacks.renumbered()
        shown = self.shown.renumbered()
        for entry in self.files.values():
            numbers = array("i", entry.numbers())
            numbers[0::FIELDS] = array("i", (haystacks[n] for n in numbers[0::FIELDS]))
            numbers[4::FIELDS] = array("i", (shown[n] for n in numbers[4::FIELDS]))
            entry.items = numbers.tobytes()


_DAYS = range(1, date.max.toordinal() + 1)
_NO_DAYS = (_DAYS.stop, 0)  # a file without items: after every first day, before every last


class _Files(NamedTuple):
    """The files of one kind in order; per file, the latest last day of it and the files
    before it, and the earliest first day of it and the files after it."""

    sources: list[Source]
    last_so_far: array[int]  # arrays: a hundred years of days as lists of ints were 0.4 MB
    first_from_here: array[int]


class _Texts(Generic[T]):
    """Texts kept once each, by number, with how many items have each."""

    def __init__(self) -> None:
        self.texts: list[T] = []
        self.totals: list[int] = []
        self._numbers: dict[T, int] = {}

    @classmethod
    def taken_up(cls, texts: object, valid: Callable[[object], bool]) -> _Texts[T] | None:
        if not isinstance(texts, list) or not all(valid(text) for text in texts):
            return None
        kept = cls()
        kept.texts = texts
        kept.totals = [0] * len(texts)
        kept._numbers = {text: n for n, text in enumerate(texts)}
        return kept if len(kept._numbers) == len(texts) else None

    def counted(self, numbers: Iterable[int]) -> bool:
        """Count these as used; False when one is not a number of a text kept."""
        for n in numbers:
            if not 0 <= n < len(self.totals):
                return False
            self.totals[n] += 1
        return True

    def add(self, text: T) -> int:
        n = self._numbers.get(text)
        if n is None:
            n = self._numbers[text] = len(self.texts)
            self.texts.append(text)
            self.totals.append(0)
        self.totals[n] += 1
        return n

    def drop(self, numbers: Iterable[int]) -> None:
        for n in numbers:
            self.totals[n] -= 1

    def matching(self, matches: Callable[[T], bool]) -> set[int]:
        return {
            n for n, (text, total) in enumerate(zip(self.texts, self.totals, strict=True)) if total and matches(text)
        }

    def mostly_unused(self) -> bool:
        return sum(1 for total in self.totals if not total) * 2 > len(self.totals)

    def renumbered(self) -> dict[int, int]:
        """Keep only the texts in use; each old number's new one."""
        live = [n for n, total in enumerate(self.totals) if total]
        self.texts = [self.texts[n] for n in live]
        self.totals = [self.totals[n] for n in live]
        self._numbers = {text: n for n, text in enumerate(self.texts)}
        return {old: new for new, old in enumerate(live)}


def _time(minute: int) -> int | None:
    return None if minute < 0 else minute


def _listing_order(item: Any) -> tuple[date, int, str, str]:
    return (item.date, -1 if item.start is None else item.start, item.title.casefold(), item.id)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _categories(config: Config) -> tuple[tuple[str, str], ...]:
    return tuple((category.id, category.name) for category in config.categories)
