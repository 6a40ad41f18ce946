"""What every week file and dates file holds, reduced to what a search needs, so
that typing a query never reads every week again.

For each file the index keeps the file's signature (modification time, size, inode,
as the store's stale check uses) and, for each item in it, the number of its texts
(its *haystack*, the text a search looks in, made by weekplan.search, the one place
that says what is searched and how, with its title and category), its day and
times, and its id.  Equal texts are kept once, with how many items have them, so a
query is tried once per distinct haystack (a routine's title repeats hundreds of
times over the years), the count of matches is a sum.  An item's day (counted from
its file's first day) and times are kept once too (Whens): a week has seven days and
a person a few hundred times of day.  So an item costs two numbers, each in the
fewest bytes that hold every number of its table (Narrow), and six bytes of an id
weekplan made (packed_ids), however long its notes are.  All of it is a few flat
columns (see Columns), not objects a file and an item: what a hundred years of files
cost in memory is mostly their items' numbers and ids.

Kept current by every write because it is checked against the files themselves:
before each search every file's signature is compared with the one indexed, and a
file that changed (an edit in the planner, undo, sync, another program, a file
added or removed) is read again through the store's reader.

It is kept between runs in the cache directory (next to the parsed files, never in
the data directory, so sync never carries it): a cache, checked file by file like the
index in memory, and left aside when it cannot be read, is not a regular file of this
user's, or was made for other categories, another data directory, another format or
another machine's byte order.  It holds the columns as they are in memory: taken up,
each is read straight into its array (a few large copies, no work an item), and all
of it is checked before it is used: a later change to the kept file (another program
cutting it short or writing over it) cannot reach the index.  Plain Python, no Textual.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import marshal
import os
import re
import stat
import struct
import sys
import threading
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from io import BufferedReader
from pathlib import Path
from time import time as now
from typing import Any, NamedTuple

from weekplan.data_places import week_file_name
from weekplan.indexed_names import WEEKS, FileNames
from weekplan.item_file import ACTIVITIES, DATES, Kind, read_collection, settled, signature
from weekplan.model import Config
from weekplan.parse_cache import cache_dir, keep_cached
from weekplan.store import Store
from weekplan.tomlfile import DataError

FORMAT = 8
HaystackOf = Callable[[Any, Config], str]


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


Texts = tuple[str, str, str]  # an item's haystack, title and category (or "")


class Row(NamedTuple):
    """One indexed item, as a search lists it."""

    id: str
    date: date
    start: int | None
    end: int | None
    title: str
    category: str


class Columns(NamedTuple):
    """Every file indexed and its items, in the order a search lists them (the weeks in
    order, then the dates' files), as a few flat columns rather than objects a file and
    an item: a hundred years are 5,000 files and 110,000 items.  Made anew whenever a
    file is read again, never changed in place, so a search walking one is never
    disturbed by a refresh."""

    names: FileNames  # each file's name in the data directory ("weeks/2026-W48.toml")
    stamps: array[int]  # each file's signature when read (stamp_of); 0: read it again
    starts: array[int]  # where each file's items begin, and one past the last item
    id_starts: array[int]  # where each file's ids begin in `ids`, and its length
    firsts: array[int]  # each file's first day (ordinal; a file without items: _NO_DAYS[0])
    texts: array[int]  # each item's texts' number (Narrow)
    whens: array[int]  # each item's day and times, a number of the index's Whens (Narrow)
    ids: bytes  # the items' ids, a file's after another's (see packed_ids)
    # Per kind (weeks, dates): for each file, the latest last day of it and the files
    # before it, and the earliest first day of it and the files after it.
    reach: tuple[tuple[array[int], array[int]], tuple[array[int], array[int]]]

    def span(self, kind: Kind[Any]) -> range:
        """The positions of the files of one kind."""
        weeks = self.names.week_count  # the week files come first
        return range(weeks) if kind is ACTIVITIES else range(weeks, len(self.names))

    def texts_of(self, at: int) -> array[int]:
        """The numbers of a file's items' texts, in the file's order."""
        return self.texts[self.starts[at] : self.starts[at + 1]]

    def ids_of(self, at: int) -> Callable[[int], str]:
        """The id of each of a file's items, by its place in the file (ids_reader)."""
        return ids_reader(self.ids, self.id_starts[at], self.id_starts[at + 1])


class Matching(NamedTuple):
    """What a query matched (SearchIndex.matching)."""

    numbers: set[int]  # of the texts whose haystack matches
    count: int  # how many items have them
    columns: Columns
    titles: list[str]  # of the texts the columns' numbers are of
    categories: list[str]
    whens: array[int]  # Whens.values: what the columns' whens are numbers of


class _Read(NamedTuple):
    """One file as it was just read."""

    stamp: int
    first: int  # its first day (ordinal; without items: _NO_DAYS[0])
    texts: array[int]  # each item's texts' number
    whens: array[int]  # each item's Whens number
    ids: bytes  # packed_ids
    errors: list[DataError]


class SearchIndex:
    """The haystacks of one data directory's week files and dates files, and what a
    search lists of each item."""

    def __init__(self, store: Store, haystack_of: HaystackOf) -> None:
        self.store = store
        self.haystack_of = haystack_of
        self.lock = threading.RLock()  # the planner searches in a thread, and `n` in the app's
        self.columns = _NO_COLUMNS
        self._at: dict[str, int] | None = None  # a file's position in the columns, by name (see _position)
        self.errors: dict[str, list[DataError]] = {}  # the files that did not read cleanly (few)
        # Texts kept once however many items have them, each with how many do.
        self.texts = _Texts()
        self.whens = Whens()
        self._categories: tuple[tuple[str, str], ...] | None = None
        self._listed: tuple[tuple[int, ...], FileNames] | None = None  # the folders' signatures, what they held
        self._changed = False  # since it was last saved
        self._loaded = False

    # -- which files ------------------------------------------------------------------

    def sources(self) -> FileNames:
        """Every file a search looks in, through the store's own paths and rules: the
        weeks in order, then the dates' files in order (and a dates.toml left in place)."""
        store = self.store
        try:
            names = sorted(os.listdir(store.weeks_dir))
        except OSError:  # no weeks yet, or not a folder: the planner says which
            names = []
        others = [_relative(path, store.root) for year, path in store.date_files() if year is not None]
        if store.single_dates_path.exists():
            others.append(_relative(store.single_dates_path, store.root))
        return FileNames.joined(self._week_files(names), others)

    def _week_files(self, names: list[str]) -> list[str]:
        """The names in weeks/ (listed in order) that are week files.  A name indexed
        already passed the store's rule, which is not applied to it again: over many
        years that was most of a listing's time.  The indexed week files are in the
        listing's order, so they are found by walking both together."""
        indexed = self.columns.names
        weeks = indexed.week_count
        found: list[str] = []
        at = 0
        for name in names:
            if at < weeks and indexed.names_week(at, name):
                found.append(name)
                at += 1
                continue
            while at < weeks and indexed.week(at) < name:  # a week file no longer there
                at += 1
            if at < weeks and indexed.names_week(at, name):
                found.append(name)
                at += 1
            elif week_file_name(name) is not None:
                found.append(name)
        return found

    def _folders(self) -> tuple[int, ...]:
        """The signatures of the folders the files are in, and of a dates.toml: a file
        written the way weekplan, git and most programs write (a new file put in place)
        changes its folder's."""
        store = self.store
        return (stamp_of(store.weeks_dir), stamp_of(store.dates_dir), stamp_of(store.single_dates_path))

    def _settled(self) -> bool:
        """Whether every folder was last changed longer ago than a tick of the
        coarsest file times (item_file.settled)."""
        store = self.store
        return settled((store.weeks_dir, store.dates_dir, store.single_dates_path), now())

    # -- keeping it current -------------------------------------------------------------

    def refresh(self, should_stop: Callable[[], bool] | None = None, *, check_files: bool = True) -> bool:
        """Read again every file that changed since it was indexed, and forget the files
        that are gone; False when `should_stop` said to stop (what was read so far stays
        indexed).

        Without `check_files`, and while no folder changed since the last refresh, the
        files are not looked at one by one: as the search dialog does between two
        letters, having checked every file when it opened (a file rewritten in place
        in the moment between is seen the next time it opens)."""
        with self.lock:
            if not self._loaded:
                self._loaded = True
                try:
                    self._load()
                except Exception:  # a cache: whatever its checks missed, leave it aside and read the files
                    self._clear()
            categories = _categories(self.store.config)
            if categories != self._categories:  # a category's name is searched too
                self._clear()
                self._categories = categories
            folders = self._folders()  # before listing: a change made meanwhile is seen next time
            if self._listed is None or folders != self._listed[0]:
                self._listed = None
                check_files = True
            elif not check_files:
                return True
            sources = self.sources() if self._listed is None else self._listed[1]
            root = f"{self.store.root}{os.sep}"
            indexed = self.columns
            fresh: dict[str, _Read] = {}
            stopped = False
            as_indexed = sources == indexed.names  # mostly: each file where it is indexed
            for listed, name in enumerate(sources):
                at = listed if as_indexed else self._position(name, listed)
                stamp = stamp_of(root + name)
                if at is not None and indexed.stamps[at] == stamp:
                    continue
                if should_stop is not None and should_stop():
                    stopped = True
                    break
                fresh[name] = self._read(name, stamp)
            if fresh or not as_indexed:
                self._rebuild(sources, fresh)
            if stopped:
                return False
            # The same names as listed: the columns' list, not a second one.  Not kept
            # while a folder has only just changed: on a coarse clock a file written in
            # the same tick leaves the folder's signature as it was, and would go unseen.
            self._listed = (folders, self.columns.names) if self._settled() else None
            return True

    def _position(self, name: str, listed: int) -> int | None:
        """Where a file is in the columns: mostly where it is in the listing (a dict
        of 5,000 names is made only when files came or went)."""
        names = self.columns.names
        if listed < len(names) and names[listed] == name:
            return listed
        if self._at is None:
            self._at = {name: at for at, name in enumerate(names)}
        return self._at.get(name)

    def up_to_date(self) -> bool:
        """Whether a refresh without `check_files` would read nothing: what the dialog
        asks before searching without a thread.  False while another thread holds the
        index (a refresh reading changed files): a letter typed then must not wait."""
        if not self.lock.acquire(blocking=False):
            return False
        try:
            current = self._loaded and _categories(self.store.config) == self._categories
            return current and self._listed is not None and self._folders() == self._listed[0]
        finally:
            self.lock.release()

    @property
    def unsaved(self) -> bool:
        """Whether a file was read again since the index was last kept."""
        return self._changed

    def _read(self, name: str, stamp: int) -> _Read:
        """What one file holds now, its texts counted; `stamp` was taken before reading,
        so a change made meanwhile is seen by the next refresh."""
        kind = ACTIVITIES if name.startswith(WEEKS) else DATES
        collection = read_collection(self.store.root / name, kind)
        config = self.store.config
        items = sorted(collection.items.values(), key=_listing_order)
        first = items[0].date.toordinal() if items else _NO_DAYS[0]
        texts, whens = array("i"), array("i")
        for item in items:
            # A title and a category repeat over the years (a weekly class, a category on
            # every item): interned, they are held once, and so kept and taken up again.
            title, category = sys.intern(item.title), sys.intern(getattr(item, "category", ""))
            texts.append(self.texts.add((self.haystack_of(item, config), title, category)))
            whens.append(self.whens.add(Whens.of(item.date.toordinal() - first, Times.packed(item.start, item.end))))
        ids = packed_ids([item.id for item in items])
        return _Read(stamp, first, texts, whens, ids, list(collection.errors))

    def _rebuild(self, sources: FileNames, fresh: dict[str, _Read]) -> None:
        """New columns for these files: those just read as read, the others as they
        were (files neither read nor indexed before are left out: a stopped refresh)."""
        old = self.columns
        names: list[str] = []
        stamps = array("q")
        spans: list[tuple[int, int]] = [(0, 0)]  # (items, id bytes) so far
        firsts = array("i")
        texts, whens = array(Narrow.code(len(self.texts))), array(Narrow.code(len(self.whens.values)))
        ids: list[bytes] = []
        run: list[int] = []  # positions in the old columns of files kept as they were, in a row

        def take_run() -> None:
            # Files kept in a row are copied as one slice of the old columns.
            if run:
                first, last = run[0], run[-1] + 1
                Narrow.extend(texts, old.texts[old.starts[first] : old.starts[last]])
                Narrow.extend(whens, old.whens[old.starts[first] : old.starts[last]])
                firsts.extend(old.firsts[first:last])
                ids.append(old.ids[old.id_starts[first] : old.id_starts[last]])
                done_items, done_ids = spans[-1]
                for at in run:
                    done_items += old.starts[at + 1] - old.starts[at]
                    done_ids += old.id_starts[at + 1] - old.id_starts[at]
                    spans.append((done_items, done_ids))
                run.clear()

        kept: set[int] = set()
        for name in sources:
            read = fresh.get(name)
            at = self._position(name, len(names))
            if read is None and at is None:
                continue  # not read yet: a refresh that stopped
            names.append(name)
            if read is None:
                assert at is not None
                kept.add(at)
                if run and run[-1] + 1 != at:
                    take_run()
                run.append(at)
                stamps.append(old.stamps[at])
                continue
            take_run()
            stamps.append(read.stamp)
            firsts.append(read.first)
            Narrow.extend(texts, read.texts)
            Narrow.extend(whens, read.whens)
            ids.append(read.ids)
            done_items, done_ids = spans[-1]
            spans.append((done_items + len(read.texts), done_ids + len(read.ids)))
            if read.errors:
                self.errors[name] = read.errors
            else:
                self.errors.pop(name, None)
        take_run()
        for at, name in enumerate(old.names):  # read again, or gone: their texts are no longer used
            if at not in kept:
                self.texts.drop(old.texts_of(at))
                if name not in fresh:
                    self.errors.pop(name, None)
        listed = FileNames.of(names)
        starts, id_starts = (array("i", done) for done in zip(*spans, strict=True))
        ids_column = b"".join(ids)
        self.columns = _columns(listed, stamps, starts, id_starts, firsts, texts, whens, ids_column, self.whens)
        self._at = None
        self._changed = True

    def _clear(self) -> None:
        self.columns = _NO_COLUMNS
        self._at = None
        self.errors = {}
        self._listed = None
        self.texts = _Texts()
        self.whens = Whens()
        self._changed = True

    # -- asking it ------------------------------------------------------------------------

    def matching(self, matches: Callable[[str], bool]) -> Matching:
        """The texts that some item still has and whose haystack matches, how many
        items have them, and the columns they are numbers of."""
        with self.lock:
            texts = self.texts
            numbers = texts.matching(matches)
            count = sum(texts.totals[n] for n in numbers)
            # Taken together: texts renumbered (as a save may, in another thread) are a
            # new list with new columns, and these numbers are of these.
            return Matching(numbers, count, self.columns, texts.titles, texts.categories, self.whens.values)

    def rows(
        self,
        matching: Matching,
        kind: Kind[Any],
        should_stop: Callable[[], bool] | None = None,
        *,
        upcoming: tuple[bool, date] | None = None,
    ) -> Iterator[Row]:
        """The items of the files of one kind whose texts `matching` found, file by
        file in order, each file's in the order a search lists them.  With
        `upcoming` (True, day): only those on or after the day, in that order; with
        (False, day): only those before it, in the opposite order, the latest first.
        `should_stop` is asked before each file that holds one; when it says so, the
        rows end there."""
        later, day = (None, 0) if upcoming is None else (upcoming[0], upcoming[1].toordinal())
        numbers, _, columns, titles, categories, when_values = matching
        span = columns.span(kind)
        last_so_far, first_from_here = columns.reach[0 if kind is ACTIVITIES else 1]
        if later is None:
            order: Iterable[int] = span
        elif later:  # from the first file with a day on or after `day`
            order = span[bisect.bisect_left(last_so_far, day) :]
        else:  # back from the last file with a day before `day`
            order = reversed(span[: bisect.bisect_left(first_from_here, day)])
        starts, whens, firsts = columns.starts, columns.whens, columns.firsts
        for at in order:
            first = starts[at]
            texts_in_file = columns.texts[first : starts[at + 1]]
            if numbers.isdisjoint(texts_in_file):
                continue
            if should_stop is not None and should_stop():
                return
            # Only the items found are made into rows, one at a time as they are asked
            # for (a search listing the first few stops there): a file's other items
            # cost a look in `numbers` and nothing else.
            found_at = [item for item, number in enumerate(texts_in_file) if number in numbers]
            if later is False:
                found_at.reverse()
            id_of = columns.ids_of(at)
            first_day = firsts[at]
            for item in found_at:
                days, times = Whens.split(when_values[whens[first + item]])
                item_day = first_day + days
                if later is not None and (item_day >= day) is not later:
                    continue
                text = texts_in_file[item]
                start, end = Times.unpacked(times)
                yield Row(id_of(item), date.fromordinal(item_day), start, end, titles[text], categories[text])

    def problems(self) -> list[DataError]:
        """What was wrong with the files, as they were read."""
        with self.lock:
            if not self.errors:  # the common case: no walk over every file's name, a letter
                return []
            # Few files have errors: each is found where it is listed, not by walking
            # every file's name.
            names = self.columns.names
            at = {name: names.position(name) for name in self.errors}
            listed = sorted((name for name in self.errors if at[name] is not None), key=at.__getitem__)
            return [error for name in listed for error in self.errors[name]]

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
            c = self.columns
            # A file that could not be read is kept as one to read again (no signature),
            # so that every run reports its problem again.
            stamps = array(
                "q", (0 if name in self.errors else stamp for name, stamp in zip(c.names, c.stamps, strict=True))
            )
            root = str(self.store.root.absolute())
            blob = kept_form(
                (FORMAT, root, self._categories, self.texts.lists(), c.names.kept()),
                (stamps, c.starts, c.id_starts, c.firsts, c.texts, c.whens, self.whens.values),
                c.ids,
            )
            self._changed = False
        keep_cached(path, blob)

    def _load(self) -> None:
        """Take up the index an earlier run kept, if it is one this run can trust to
        say what each file held at the signature it names; anything odd about it and it
        is left aside."""
        path = self.cache_path()
        if path is None:
            return
        try:
            with _open_kept(path) as kept:
                head, columns_sum = _read_head(kept)
                fmt, root, categories, texts, kept_names, layout = head
                if fmt != FORMAT or root != str(self.store.root.absolute()):
                    return
                if categories != _categories(self.store.config):
                    return  # made when the categories were named otherwise: every haystack would be read again
                read = _read_columns(kept, layout, columns_sum)
        except Exception:  # a cache: whatever is wrong with it (even a length too big to make), leave it aside
            return
        if read is None:
            return
        names = FileNames.taken_up(kept_names, len(read[0]))
        if names is None:
            return
        stamps_kept, starts_kept, id_starts_kept, firsts, texts_column, whens_column, when_values, ids = read
        if not _shaped_as_columns(names, stamps_kept, starts_kept, id_starts_kept, firsts, texts_column, whens_column):
            return
        if id_starts_kept[-1] != len(ids) or not all(
            ids_counted(ids[id_starts_kept[at] : id_starts_kept[at + 1]]) == starts_kept[at + 1] - starts_kept[at]
            for at in range(len(names))
        ):
            return
        whens = Whens.taken_up(when_values, whens_column)
        if whens is None or not _days_within(firsts, starts_kept, whens):
            return
        if not _days_in_order(starts_kept, whens_column, whens):
            return
        kept_texts = _Texts.taken_up(texts)
        if kept_texts is None or not kept_texts.counted(texts_column):
            return
        # Taken up only now that all of it was checked: a kept index left aside halfway
        # must leave nothing of it behind.
        self.columns = _columns(
            names,
            stamps_kept,
            starts_kept,
            id_starts_kept,
            firsts,
            texts_column,
            whens_column,
            ids,
            whens,
        )
        self._at = None
        self.texts = kept_texts
        self.whens = whens
        self._categories = categories

    def _compact(self) -> None:
        """Drop the texts no item has any more (edits leave them behind), once they are
        half of what is kept."""
        if not self.texts.mostly_unused():
            return
        renumbered = self.texts.renumbered()
        texts = array(Narrow.code(len(self.texts)), map(renumbered.__getitem__, self.columns.texts))
        self.columns = self.columns._replace(texts=texts)


def _columns(
    names: FileNames,
    stamps: array[int],
    starts: array[int],
    id_starts: array[int],
    firsts: array[int],
    texts: array[int],
    whens: array[int],
    ids: bytes,
    table: Whens,
) -> Columns:
    weeks = names.week_count
    # Each file's last day (its last item's; a file without items: _NO_DAYS[1]).
    lasts = array("i")
    for at in range(len(names)):
        last = starts[at + 1]
        lasts.append(firsts[at] + table.days(whens[last - 1]) if last > starts[at] else _NO_DAYS[1])
    reach = (_reach(firsts[:weeks], lasts[:weeks]), _reach(firsts[weeks:], lasts[weeks:]))
    return Columns(names, stamps, starts, id_starts, firsts, texts, whens, ids, reach)


def _days_within(firsts: array[int], starts: array[int], whens: Whens) -> bool:
    """Whether a kept index's files' first days are days (a file without items:
    _NO_DAYS[0]) and every item's day, its file's first and its Whens days, is one too:
    the latest first and the most days are checked together, not each item."""
    latest = 0
    for at, first in enumerate(firsts):
        if starts[at + 1] == starts[at]:
            if first != _NO_DAYS[0]:
                return False
        elif first not in _DAYS:
            return False
        else:
            latest = max(latest, first)
    return latest + whens.most_days() < _DAYS.stop


def _days_in_order(starts: array[int], column: array[int], whens: Whens) -> bool:
    """Whether each file's items' days, counted from its first day, start at 0 and never
    go back, as _read lists them: a file's last item is its last day (_columns), and
    the rows of a search are in order.  Each file's are compared with themselves
    sorted, in C, not item by item."""
    day_of = [value // Whens.SPAN for value in whens.values]  # the table is small: made once
    days = day_of.__getitem__
    for start, end in itertools.pairwise(starts):
        if start < end:
            # One file's at a time: a list of every item's would stay in the process.
            in_file = list(map(days, column[start:end]))
            if in_file[0] or in_file != sorted(in_file):
                return False
    return True


def _reach(firsts: array[int], lasts: array[int]) -> tuple[array[int], array[int]]:
    # Running extremes, so that they are in order whatever the files hold (weeks and
    # years are, a dates.toml left in place need not be): every file before the first
    # whose running last day reaches a day ends before it, every file after the last
    # whose first day from there on is before it starts on or after it.
    last_so_far = array("i", itertools.accumulate(lasts, max))
    first_from_here = array("i", itertools.accumulate(reversed(firsts), min))
    first_from_here.reverse()
    return last_so_far, first_from_here


class Narrow:
    """An array of numbers below a count (a table's), in the fewest bytes that hold
    them: over many years items are many, and their tables' entries few."""

    CODES = "BHi"  # the typecodes `code` gives

    @staticmethod
    def code(count: int) -> str:
        """The typecode of an array of numbers below `count`."""
        return "B" if count <= 1 << 8 else "H" if count <= 1 << 16 else "i"

    @staticmethod
    def extend(column: array[int], numbers: array[int]) -> None:
        """Add these numbers (below the count `column` was made for) to `column`.  Of
        another width, their bytes are moved as bytes: none is negative, so a number's
        low bytes are all of it, and widening a column makes no Python object an item."""
        if numbers.typecode == column.typecode:
            column.extend(numbers)
            return
        wide, narrow = numbers.itemsize, column.itemsize
        moved = bytearray(len(numbers) * narrow)  # zeros: the high bytes of a widened number
        raw = numbers.tobytes()
        for byte in range(min(wide, narrow)):  # the lowest first
            if sys.byteorder == "little":
                moved[byte::narrow] = raw[byte::wide]
            else:
                moved[narrow - 1 - byte :: narrow] = raw[wide - 1 - byte :: wide]
        column.frombytes(moved)


# The kept index: the head's length and a checksum of it, a checksum of the columns,
# then a marshalled head (the format, the data directory, the categories, the texts as
# three lists, the files' names as FileNames.kept gives them, and each column's typecode,
# item size and length, with the byte order),
# then the columns' own bytes one after another, as the index holds them in memory:
# taken up, each is read straight into the array it becomes, with no work an item.  Taken up whole from one string of
# bytes, the copies made on the way stayed in the process for good (at a hundred years
# 6 MB resident for an index of 3.5).  marshal believes the lengths it reads: one damaged
# byte can make it build a tuple of gigabytes before it finds the end of the file, so
# nothing is unmarshalled that does not match its checksum.
# The typecodes each column may have: stamps, starts, id_starts, firsts, texts and whens
# (Narrow), the Whens values; then the ids' bytes.
KEPT_COLUMNS = ("q", "i", "i", "i", Narrow.CODES, Narrow.CODES, "q")
_KEPT_START = struct.Struct("<QII")  # the head's length, its checksum, the columns' checksum


def kept_form(head: tuple[object, ...], arrays: tuple[array[int], ...], ids: bytes) -> bytes:
    """The kept index of `head` (format, root, categories, texts, names), the `arrays`
    (KEPT_COLUMNS: stamps, starts, id_starts, firsts, texts, whens, the Whens values) and
    the ids, as save() writes it and _load reads it."""
    layout = (sys.byteorder, tuple((column.typecode, column.itemsize, len(column)) for column in arrays), len(ids))
    return kept_file(marshal.dumps((*head, layout)), [*map(bytes, arrays), ids])


def kept_file(head: bytes, columns: list[bytes]) -> bytes:
    """A kept index file of a marshalled `head` and the `columns`' bytes, each checked by
    its checksum when read."""
    columns_sum = 0
    for column in columns:
        columns_sum = zlib.crc32(column, columns_sum)
    return b"".join([_KEPT_START.pack(len(head), zlib.crc32(head), columns_sum), head, *columns])


def _open_kept(path: Path) -> BufferedReader:
    """The kept index at `path`, opened to be read; OSError when it is not a regular file
    of this user's (a link, a FIFO, a file another user put in a shared cache folder)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode):
            raise OSError(f"{path} is not a regular file")
        if hasattr(os, "getuid") and found.st_uid != os.getuid():
            raise OSError(f"{path} belongs to another user")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_head(kept: BufferedReader) -> tuple[Any, int]:
    """A kept index's head, and the checksum its columns must have; ValueError when the
    head is not whole and as it was written."""
    start = kept.read(_KEPT_START.size)
    if len(start) != _KEPT_START.size:
        raise ValueError("cut short")
    length, head_sum, columns_sum = _KEPT_START.unpack(start)
    if length > os.fstat(kept.fileno()).st_size - kept.tell():
        raise ValueError("cut short")
    head = kept.read(length)
    if zlib.crc32(head) != head_sum:
        raise ValueError("damaged")
    return marshal.loads(head), columns_sum


def _read_columns(
    kept: BufferedReader, layout: object, columns_sum: int
) -> tuple[array[int], array[int], array[int], array[int], array[int], array[int], array[int], bytes] | None:
    """The columns that follow a kept index's head (KEPT_COLUMNS, then the ids), when the
    file holds them exactly as they were written, in this machine's byte order and item
    sizes.  Read into memory, not mapped: what is checked here is what every search looks
    at, whatever becomes of the file afterwards."""
    if not (type(layout) is tuple and len(layout) == 3):
        return None
    byte_order, shapes, ids_length = layout
    if byte_order != sys.byteorder or type(ids_length) is not int or ids_length < 0:
        return None
    if not (type(shapes) is tuple and len(shapes) == len(KEPT_COLUMNS)):
        return None
    for shape, codes in zip(shapes, KEPT_COLUMNS, strict=True):
        if not (type(shape) is tuple and len(shape) == 3 and type(shape[0]) is str and len(shape[0]) == 1):
            return None
        code, size, length = shape
        if code not in codes or size != array(code).itemsize or type(length) is not int or length < 0:
            return None
    left = os.fstat(kept.fileno()).st_size - kept.tell()
    if sum(size * length for _, size, length in shapes) + ids_length != left:
        return None  # checked before anything is made as long as they say
    columns = []
    found_sum = 0
    for code, size, length in shapes:
        column = array(code, [0]) * length
        if kept.readinto(column) != size * length:
            return None
        columns.append(column)
        found_sum = zlib.crc32(column, found_sum)
    ids = kept.read(ids_length)
    if len(ids) != ids_length or zlib.crc32(ids, found_sum) != columns_sum:
        return None
    stamps, starts, id_starts, firsts, texts, whens, when_values = columns
    return stamps, starts, id_starts, firsts, texts, whens, when_values, ids


def _shaped_as_columns(
    names: FileNames,
    stamps: array[int],
    starts: array[int],
    id_starts: array[int],
    firsts: array[int],
    texts: array[int],
    whens: array[int],
) -> bool:
    """Whether a kept index's columns have the shape columns have: a signature and a
    first day a file, where each file's items and ids start (from 0, never going back)
    and one past the last, and a texts' number and a day-and-times an item."""
    files = len(names)
    if len(stamps) != files or len(firsts) != files or len(starts) != files + 1 or len(id_starts) != files + 1:
        return False
    items = starts[-1]
    if starts[0] or id_starts[0] or len(texts) != items or len(whens) != items:
        return False
    return not any(a > b for a, b in itertools.pairwise(starts)) and not any(
        a > b for a, b in itertools.pairwise(id_starts)
    )


# The ids weekplan makes (model.new_id): twelve hex digits, kept as the six bytes they
# spell.  A hundred years are 110,000 ids: 0.7 MB so, 1.5 MB as text.
_MADE_ID = re.compile(r"[0-9a-f]{12}\Z")
_PACKED = b"\x00"  # starts a file's ids kept as bytes; an id itself never holds it (model.ID_RE)
_MADE_ID_BYTES = 6


def packed_ids(ids: list[str]) -> bytes:
    """One file's ids as the index keeps them: when all are ones weekplan made, a zero
    byte and their bytes; else (ids from another program, a hand edit) each id as
    text followed by a line break (an id has none: model.ID_RE)."""
    if ids and all(_MADE_ID.match(ident) for ident in ids):
        return _PACKED + bytes.fromhex("".join(ids))
    return "".join(f"{ident}\n" for ident in ids).encode("utf-8")


def ids_from(packed: bytes) -> list[str]:
    """The ids packed_ids kept, in order."""
    if packed[:1] == _PACKED:
        digits = packed[1:].hex()
        step = 2 * _MADE_ID_BYTES
        return [digits[at : at + step] for at in range(0, len(digits), step)]
    return packed.decode("utf-8").split("\n")[:-1]


def ids_reader(ids: bytes, start: int, end: int) -> Callable[[int], str]:
    """The id of each of the ids packed_ids kept at ids[start:end], by its place.  Kept
    as bytes, only the bytes of the one asked for are read (id_at); kept as text, all
    of them are unpacked once, here, not once for each id asked for."""
    if ids[start : start + 1] == _PACKED:
        return functools.partial(id_at, ids, start)
    return ids_from(ids[start:end]).__getitem__


def id_at(ids: bytes, start: int, item: int) -> str:
    """The id of the `item`th of the ids packed_ids kept as bytes from ids[start]."""
    at = start + 1 + item * _MADE_ID_BYTES
    return ids[at : at + _MADE_ID_BYTES].hex()


def ids_counted(packed: bytes) -> int:
    """How many ids packed_ids kept; -1 when these are not bytes it makes."""
    if packed[:1] == _PACKED:
        whole, rest = divmod(len(packed) - 1, _MADE_ID_BYTES)
        return -1 if rest or not whole else whole
    if not packed.isascii() or (packed and not packed.endswith(b"\n")):
        return -1
    return packed.count(b"\n")


def _within(values: array[int], bounds: range) -> bool:
    """Whether every value is in the bounds: a kept index's hundred thousand items are
    checked by their least and greatest, not one by one."""
    return not values or (bounds.start <= min(values) and max(values) < bounds.stop)


_DAYS = range(1, date.max.toordinal() + 1)
_NO_DAYS = (_DAYS.stop, 0)  # a file without items: after every first day, before every last


class _Texts:
    """Texts kept once each, by number, with how many items have each: three lists
    (every haystack, every title, every category), not a tuple of three a text, which
    was most of what the texts cost."""

    def __init__(self) -> None:
        self.haystacks: list[str] = []
        self.titles: list[str] = []
        self.categories: list[str] = []
        self.totals: list[int] = []
        # Each text's number, made when a text is first added: a kept index taken up
        # as it was and never added to (no file changed) does without it.
        self._numbers: dict[Texts, int] | None = None

    def __len__(self) -> int:
        return len(self.totals)

    def lists(self) -> tuple[list[str], list[str], list[str]]:
        """The haystacks, titles and categories, as kept."""
        return self.haystacks, self.titles, self.categories

    @classmethod
    def taken_up(cls, lists: object) -> _Texts | None:
        """A kept index's texts (lists() of them), when they are three lists of as
        many texts, each text once; None when they are not."""
        if not (type(lists) is tuple and len(lists) == 3 and all(type(part) is list for part in lists)):
            return None
        haystacks, titles, categories = lists
        count = len(haystacks)
        if len(titles) != count or len(categories) != count:
            return None
        if not all(type(text) is str for part in lists for text in part):
            return None
        if len(set(zip(haystacks, titles, categories, strict=True))) != count:
            return None
        kept = cls()
        kept.haystacks, kept.titles, kept.categories = haystacks, titles, categories
        kept.totals = [0] * count
        return kept

    def counted(self, numbers: array[int]) -> bool:
        """Count these as used; False when one is not a number of a text kept."""
        if not _within(numbers, range(len(self.totals))):
            return False
        totals = self.totals
        for n, count in Counter(numbers).items():  # counted in C, not a Python step an item
            totals[n] += count
        return True

    def add(self, text: Texts) -> int:
        if self._numbers is None:
            self._numbers = {text: n for n, text in enumerate(zip(*self.lists(), strict=True))}
        n = self._numbers.get(text)
        if n is None:
            n = self._numbers[text] = len(self.totals)
            haystack, title, category = text
            self.haystacks.append(haystack)
            self.titles.append(title)
            self.categories.append(category)
            self.totals.append(0)
        self.totals[n] += 1
        return n

    def drop(self, numbers: Iterable[int]) -> None:
        for n in numbers:
            self.totals[n] -= 1

    def matching(self, matches: Callable[[str], bool]) -> set[int]:
        """The numbers of the texts some item has whose haystack matches."""
        texts = zip(self.haystacks, self.totals, strict=True)
        return {n for n, (haystack, total) in enumerate(texts) if total and matches(haystack)}

    def mostly_unused(self) -> bool:
        return sum(1 for total in self.totals if not total) * 2 > len(self.totals)

    def renumbered(self) -> dict[int, int]:
        """Keep only the texts in use, in new lists (a search under way keeps the old
        ones its numbers are of); each old number's new one."""
        live = [n for n, total in enumerate(self.totals) if total]
        self.haystacks, self.titles, self.categories = ([part[n] for n in live] for part in self.lists())
        self.totals = [self.totals[n] for n in live]
        self._numbers = None
        return {old: new for new, old in enumerate(live)}


class Times:
    """An item's start and end (minutes of the day, or none) as one number: two halves
    of BITS, each the minute plus one (0: none).  Twelve bytes an item, not twenty."""

    BITS = 12  # minutes to 4,094; a time of day is at most 24:00, 1,440
    NONE = 0

    @classmethod
    def packed(cls, start: int | None, end: int | None) -> int:
        return (cls._half(start) << cls.BITS) | cls._half(end)

    @classmethod
    def unpacked(cls, times: int) -> tuple[int | None, int | None]:
        start, end = times >> cls.BITS, times & ((1 << cls.BITS) - 1)
        return (None if start == cls.NONE else start - 1), (None if end == cls.NONE else end - 1)

    VALID = range(1 << (2 * BITS))  # every number two halves make

    @classmethod
    def valid(cls, times: int) -> bool:
        return times in cls.VALID

    @classmethod
    def _half(cls, minute: int | None) -> int:
        if minute is None:
            return cls.NONE
        if not 0 <= minute < (1 << cls.BITS) - 1:
            raise ValueError(f"no minute of a day: {minute}")
        return minute + 1


class Whens:
    """Items' days (counted from their file's first day) and times (Times), each pair
    kept once as one number (`of`), the items holding its place in `values`: a week
    file's days are seven, a year's 366, and a person's times of day a few hundred."""

    SPAN = Times.VALID.stop  # every Times number is below it

    def __init__(self) -> None:
        self.values = array("q")
        self._numbers: defaultdict[int, int] | None = None  # made when one is first added

    @classmethod
    def of(cls, days: int, times: int) -> int:
        """One number of a day (counted from its file's first, so never below 0) and
        Times; `split` gives them back."""
        return days * cls.SPAN + times

    @classmethod
    def split(cls, value: int) -> tuple[int, int]:
        """The days and Times `of` made one number of."""
        return divmod(value, cls.SPAN)

    def days(self, number: int) -> int:
        return self.split(self.values[number])[0]

    def add(self, value: int) -> int:
        """The number of this value, kept once."""
        n = self._known()[value]
        if n == len(self.values):  # a value not known before
            self.values.append(value)
        return n

    def _known(self) -> defaultdict[int, int]:
        """The values' numbers; a value asked for that is not among them is given the
        next number (`values` is then to be given it)."""
        if self._numbers is None:
            self._numbers = defaultdict(itertools.count(len(self.values)).__next__)
            self._numbers.update((value, n) for n, value in enumerate(self.values))
        return self._numbers

    @classmethod
    def taken_up(cls, values: array[int], numbers: array[int]) -> Whens | None:
        """A kept index's values, when each is a day from a file's first and Times, and
        each once; None when they are not, or `numbers` are not all numbers of them."""
        if not _within(values, range(cls.SPAN * _DAYS.stop)) or not _within(numbers, range(len(values))):
            return None
        if len(set(values)) != len(values):
            return None
        whens = cls()
        whens.values = values
        return whens

    def most_days(self) -> int:
        """The most days from its file's first any value holds."""
        return max(self.values, default=0) // self.SPAN


def _listing_order(item: Any) -> tuple[date, int, str, str]:
    return (item.date, -1 if item.start is None else item.start, item.title.casefold(), item.id)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _categories(config: Config) -> tuple[tuple[str, str], ...]:
    return tuple((category.id, category.name) for category in config.categories)


_NO_COLUMNS = _columns(
    FileNames("", []), array("q"), array("i", [0]), array("i", [0]), array("i"), array("B"), array("B"), b"", Whens()
)
