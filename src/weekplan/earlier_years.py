"""The years of dates before those the planner holds, kept as what it needs of them:
each year's idea history (weekplan.idea_history: how often and when last each idea
was done, its ratings) and the problems of the year's file, checked against the
file's signature as the store checks what it read.

The Together panel counts every date ever for its ideas, and the banner names a
problem in any year's file; but the planner shows one week, so holding a hundred
years of dates (five thousand records and their texts, about 4 MB) for as long as it
runs is what this saves: a year is a few numbers an idea.  A year's file that changed
(an edit, a sync, a hand edit seen by the disk watch through `changed_files`) is read
again on the next look, and only that one.

Plain Python, no Textual.
"""

from __future__ import annotations

import threading
import weakref
from datetime import date
from pathlib import Path
from time import time as now
from typing import NamedTuple

from weekplan.idea_history import History, count
from weekplan.item_file import Signature, settled, signature
from weekplan.model import SpecialDate
from weekplan.store import Store
from weekplan.tomlfile import DataError


class _Year(NamedTuple):
    stamp: Signature | None  # the file's signature when it was read
    history: History  # of every idea its dates name, each idea's as a tuple
    errors: list[DataError]


class EarlierYears:
    """One store's years of dates, summed up a year at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._years: dict[int, _Year] = {}
        self._below = 0  # the year asked for last: the years before it are summed up
        self._folder: Signature | None = None  # dates/ when they were listed

    def before(self, year: int, today: date) -> tuple[list[History], list[DataError]]:
        """The idea history of each year before `year` that has a file (oldest first),
        and the problems of those files.  Every earlier day is before `today`, so a
        year's history does not change with the day, only with its file."""
        store = self.store
        if store.single_dates_left():  # every year's dates are read whole with it: none here
            self._years, self._below = {}, 0
            return [], []
        kept: dict[int, _Year] = {}
        shared = _summed_up(store)  # every summary any tracker made, this one's too
        self._below, self._folder = year, self._listing_stamp()
        for number, path in store.date_files():
            if number is None or number >= year:
                continue
            seen = signature(path)  # before reading: a change made meanwhile is seen next time
            summary = shared.get(number)
            if summary is None or summary.stamp != seen:
                collection = store.dates_in_passing(number)
                history = count(collection.items.values(), today, {}, every_idea=True)
                summary = shared[number] = _Year(
                    seen, {idea: tuple(done) for idea, done in history.items()}, collection.errors
                )
            kept[number] = summary
        self._years = kept
        return [summary.history for summary in kept.values()], [e for s in kept.values() for e in s.errors]

    def changed_files(self) -> list[Path]:
        """The files of the years summed up that changed or went since they were read,
        and those of earlier years that came since (dates/ changed)."""
        store = self.store
        paths = ((store.dates_path(number), summary.stamp) for number, summary in self._years.items())
        changed = [path for path, stamp in paths if signature(path) != stamp]
        if self._below and signature(store.dates_dir) != self._folder:
            below, years, folder = self._below, self._years, self._listing_stamp()
            came = [path for n, path in store.date_files() if n is not None and n < below and n not in years]
            if not came:
                self._folder = folder  # listed as it is: nothing to read
            changed += came
        return changed

    def _listing_stamp(self) -> Signature | None:
        """The signature of dates/ to list it at, taken before listing as each file's
        before reading it; none while it changed within a tick of the file times
        (item_file.settled), as a file added in that tick would not change it."""
        folder = self.store.dates_dir
        stamp = signature(folder)
        return stamp if settled((folder,), now()) else None


_kept: weakref.WeakKeyDictionary[Store, EarlierYears] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()
# Each store's year summaries, shared by all its trackers: each holds good against the
# stamp it was read at, so the first tracker to read a year spares the others reading
# it, while each tracker keeps its own stamps for what it has seen (changed_files).
_summaries: weakref.WeakKeyDictionary[Store, dict[int, _Year]] = weakref.WeakKeyDictionary()


def _summed_up(store: Store) -> dict[int, _Year]:
    """The year summaries any tracker of `store` made, each with the stamp it was read at."""
    with _kept_lock:
        return _summaries.setdefault(store, {})


def earlier_years_of(store: Store) -> EarlierYears:
    """The store's earlier years, made on first use and shared by the dialogs that ask
    (ideas, suggest).  Not the planner's: its disk watch (changed_files) needs the stamps
    of what it read itself, not of whatever a dialog read since; the summaries behind
    the stamps are shared by both (`_summed_up`), so neither reads a year the other did."""
    with _kept_lock:
        years = _kept.get(store)
        if years is None:
            years = _kept[store] = EarlierYears(store)
        return years


def dates_and_history(store: Store, today: date, since: int) -> tuple[list[SpecialDate], list[History]]:
    """The dates of `since` and the years after, and the idea history of each year
    before: what together.idea_stats needs to count every date ever, without every
    year's dates held."""
    held = list(store.dates(since=since).items.values())
    return held, earlier_years_of(store).before(since, today)[0]
