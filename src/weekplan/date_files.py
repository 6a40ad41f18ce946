"""The special dates' files, one a year (dates/2026.toml), so that reading this week's
dates never parses ten years of them; and the move of the single dates.toml that
older versions wrote into those files.

A mixin of weekplan.store.Store: the store reads and writes each file (its cache,
stale checks, locking and atomic writes); this says which files hold the dates.

Plain Python, no Textual.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from weekplan.atomic_files import link_problem
from weekplan.data_places import year_file_name
from weekplan.journal import Move, year_place
from weekplan.model import SpecialDate
from weekplan.tomlfile import DataError, DataFileError, Locator, locate, read_data_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


def by_year(dates: Iterable[SpecialDate]) -> dict[int, list[SpecialDate]]:
    found: dict[int, list[SpecialDate]] = {}
    for special in dates:
        found.setdefault(special.date.year, []).append(special)
    return found


def year_errors(collection: Any, year: int) -> None:
    """A date filed in another year's file would vanish from its week: say so (the
    file then stays as it is until a person moves the date)."""
    for special in [d for d in collection.items.values() if d.date.year != year]:
        try:
            text = (read_data_file(collection.path) or b"").decode("utf-8")  # never a FIFO put there meanwhile
        except (DataFileError, UnicodeDecodeError):
            text = ""
        line, col = locate(text, ("dates", special.id), "date")
        message = f"dates.{special.id}: {special.date} is not in {year}, the year this file is named after"
        collection.errors.append(DataError(collection.path, line, col, message, misfiled=True, item=special.id))


class DateFiles:
    """Mixed into Store.  `_dates_split` is False until this store has looked for a
    dates.toml to move (again after `forget`, as a sync may bring one back)."""

    root: Path
    _dates_split: bool
    together_root: Path  # the data directory, or the shared Together repository

    if TYPE_CHECKING:  # provided by Store

        def _dates_file(self, path: Path, *, fresh: bool = False) -> Any: ...
        def _read_dates_file(self, path: Path) -> Any: ...
        def _dates_in_passing(self, path: Path, *, held: bool = False) -> Any: ...
        def _edit_dates(self, path: Path, change: Callable[[Any], None]) -> Any: ...
        def _check_dates_writable(self, path: Path) -> None: ...
        def _write_lock(self) -> Any: ...
        def stopped_sync(self) -> Path | None: ...
        def forget(self, paths: list[Path] | None = None) -> None: ...
        def remove(self, item: Any) -> None: ...
        def waiting_moves(self) -> list[Move]: ...

    @property
    def dates_dir(self) -> Path:
        return self.together_root / "dates"

    def dates_path(self, year: int) -> Path:
        return self.dates_dir / f"{year:04d}.toml"

    @property
    def single_dates_path(self) -> Path:
        """Where every year's dates were kept before they had a file per year."""
        return self.root / "dates.toml"

    def date_files(self) -> Iterator[tuple[int | None, Path]]:
        """Every file in dates/, with its year (None when the name is not a year)."""
        folder = self.dates_dir
        for year, name in self._date_names():
            yield year, folder / name

    def _date_names(self) -> list[tuple[int | None, str]]:
        # Names, not paths: a hundred years of files are listed, sorted and told apart
        # by year in a tenth of the time pathlib's glob and Path ordering take.
        try:
            names = sorted(name for name in os.listdir(self.dates_dir) if name.endswith(".toml"))
        except OSError:  # none, or not one to read: as the glob it replaced, no dates
            return []
        return [(year_file_name(name), name) for name in names]

    # -- reading ----------------------------------------------------------------------------

    def dates_of(self, year: int) -> Any:
        """The dates of one year: the only file an edit of a date in that year writes."""
        self._split_single_dates_file()
        return self._dates_file(self.dates_path(year))

    def date_years(
        self, since: int | None = None, until: int | None = None, *, keep: bool = True, backwards: bool = False
    ) -> Iterator[Any]:
        """Each year's file of dates, in the order of the years (from `since` on, up to
        `until`, or from the last year back); not kept, when `keep` is false, unless it
        was already (a pass over a hundred years, as an export makes, needs the memory
        of one).  A dates.toml left in place is not among them (see `dates`)."""
        self._split_single_dates_file()
        names = self._date_names()
        for year, _name in reversed(names) if backwards else names:
            if year is not None and (since is None or year >= since) and (until is None or year <= until):
                yield self.dates_of(year) if keep else self.dates_in_passing(year, held=True)

    def single_dates_left(self) -> bool:
        """Whether the dates.toml of older versions is still there once its move was
        tried (it cannot be read, or a year file it would go to cannot).  Its dates are
        of every year, so every year's are then read whole with it (`dates`), and none
        is summed up apart (weekplan.earlier_years) or looked for in one year alone."""
        self._split_single_dates_file()
        return self.single_dates_path.exists()

    def dates(self, since: int | None = None) -> Any:
        """Every year's dates together, for reading (edits go to the year's file); with
        `since`, those of that year and after (the years before are not read), unless
        a dates.toml is left (single_dates_left).  A date kept in two years' files is
        the earlier year's copy among the files read: with `since`, a copy in a year
        before it is not seen (dates_in_two_years reports both copies)."""
        left = self.single_dates_left()
        every = self._dates_file(self.dates_dir)  # an empty collection, of no file
        for collection in self.date_years(None if left else since):
            for special in collection.items.values():
                self._keep_one(every.items, special)
            every.errors.extend(collection.errors)
        if left:
            single = self._dates_file(self.single_dates_path)
            every.errors.extend(single.errors)
            for special in single.items.values():
                every.items.setdefault(special.id, special)
        return every

    def _keep_one(self, found: dict[str, SpecialDate], special: SpecialDate) -> None:
        """Add `special` to `found` unless a copy of it is there already: of a date in two
        years' files the earlier year's is kept (the years are read in order), but the
        one a move waiting to be finished put in its new year, which is where the date
        is once it is finished.  That move is read from the intent on disk
        (waiting_moves), so a start while it still waits reads it too; only for a date
        found twice, so a look without one costs nothing more."""
        if special.id in found:
            going = year_place(special.date.year)
            if not any(move.item_id == special.id and move.to == going for move in self.waiting_moves()):
                return
        found[special.id] = special

    def dates_in_passing(self, year: int, *, held: bool = False) -> Any:
        """One year's dates read from its file and not kept: the planner keeps only a
        summary of the years before those it shows (weekplan.earlier_years).  With
        `held`, the copy this store holds when it holds one."""
        self._split_single_dates_file()
        return self._dates_in_passing(self.dates_path(year), held=held)

    def date_errors(self, years: Iterable[int]) -> list[DataError]:
        """The problems of those years' files, and of a dates.toml that could not be moved."""
        errors = [e for year in sorted(set(years)) for e in self.dates_of(year).errors]
        if self.single_dates_path.exists():
            errors += self._dates_file(self.single_dates_path).errors
        return errors

    def dates_between(self, first: date, last: date) -> list[SpecialDate]:
        """Dates on days first..last; reads only those years' files, or every year's
        while a dates.toml is left (its dates are of any year: single_dates_left).  A
        date kept in two of the files read is the earlier year's copy, as in `dates`;
        a copy in a year not read is not seen (dates_in_two_years)."""
        if self.single_dates_left():
            every = self.dates().items.values()
            found = {special.id: special for special in every if first <= special.date <= last}
        else:
            found = {}
            for year in range(first.year, last.year + 1):
                for special in self.dates_of(year).items.values():
                    if first <= special.date <= last:
                        self._keep_one(found, special)
        return sorted(found.values(), key=lambda d: (d.date, d.start if d.start is not None else -1, d.title, d.id))

    def dates_in_two_years(self, since: int | None = None, *, keep: bool = True) -> list[DataError]:
        """A date id found in the files of two years (from `since` on), each at its table
        in the earlier file.  Reading takes the earlier year's copy, but only among the
        files read, so which one a look shows depends on the years it reads."""
        from weekplan.datadir import duplicate_ids

        holders: dict[str, list[Path]] = {}
        for collection in self.date_years(since, keep=keep):
            for key in collection.items:
                holders.setdefault(key, []).append(collection.path)

        texts: dict[Path, Locator] = {}  # a year copied whole repeats every date of it

        def place(path: Path, key: str) -> tuple[int, int]:
            if path not in texts:
                try:
                    text = (read_data_file(path) or b"").decode("utf-8")  # never a FIFO put there meanwhile
                except (DataFileError, UnicodeDecodeError):
                    text = ""
                texts[path] = Locator(text)
            return texts[path].locate(("dates", key))

        return duplicate_ids(holders, "date", "one date in two years' files", place)

    # -- writing ----------------------------------------------------------------------------

    def moves_year(self, old: Any, new: SpecialDate) -> bool:
        """Whether saving `new` over `old` moves the date to another year's file; both
        files are checked first, so a refusal leaves both as they were.  The caller
        moves it through the edit journal (weekplan.journal): the new file first, then
        the old copy removed, and a kill in between finished by the next start."""
        if not isinstance(old, SpecialDate) or old.date.year == new.date.year:
            return False
        self._check_dates_writable(self.dates_path(old.date.year))
        self._check_dates_writable(self.dates_path(new.date.year))
        return True

    def put_dates(self, dates: list[SpecialDate]) -> None:
        """Store many dates, writing each year's file once; refuses before writing
        anything when one of the files cannot be read."""
        years = by_year(dates)
        for year in years:
            self._check_dates_writable(self.dates_path(year))
        for year, items in sorted(years.items()):
            self._edit_dates(self.dates_path(year), lambda c, items=items: c.items.update({d.id: d for d in items}))

    # -- the single dates.toml of older versions ---------------------------------------------

    def _split_single_dates_file(self) -> None:
        """Move the dates of dates.toml, where every year's dates were kept, into a file
        per year.  Safe against a kill at any point: the year files are written first,
        each atomically and adding only the dates it does not hold yet (what is there
        is newer), and dates.toml is removed last, so a start that finds both simply
        does it again.  A dates.toml that cannot be read, or whose dates belong in a
        year file that cannot be read, stays as it is and is reported."""
        old = self.single_dates_path
        if self._dates_split:
            return
        self._dates_split = True
        if not old.exists():
            return
        if self.stopped_sync() is not None:
            self._dates_split = False  # moved once the next sync has put the files back
            return
        with self._write_lock():
            single = self._read_dates_file(old)
            years = by_year(single.items.values())
            if single.other and not years:
                return  # tables of some other program, and no date to file them with
            paths = [self.dates_path(year) for year in sorted(years)]
            if single.readonly or any(self._dates_file(p, fresh=True).readonly for p in paths):
                return
            if link_problem(self.dates_dir) is not None:
                return  # check names the link at its path; dates.toml waits until it is fixed
            self.dates_dir.mkdir(mode=0o700, exist_ok=True)
            for number, path in enumerate(paths):

                def add(c: Any, dates: list[SpecialDate] = years[int(path.stem)], first: bool = not number) -> None:
                    for special in dates:
                        c.items.setdefault(special.id, special)
                    for key, value in single.other.items() if first else ():
                        c.other.setdefault(key, value)  # kept with the first year's dates

                self._edit_dates(path, add)
            old.unlink()
            self.forget([old])
