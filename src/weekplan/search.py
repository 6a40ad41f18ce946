"""Search every week: activities, routines and special dates whose words contain what
was typed.  A routine is found once, at its next occurrence from today.

Plain Python (no Textual) so that the planner can run it in a thread while the
screen stays live, and so that it can be tested on its own.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from weekplan import clock
from weekplan.item_file import ACTIVITIES, DATES, Kind
from weekplan.model import Activity, Config, SpecialDate
from weekplan.record import Record
from weekplan.search_index import Row, SearchIndex
from weekplan.store import Store
from weekplan.tomlfile import DataError
from weekplan.weeks import IsoWeek

if TYPE_CHECKING:  # loaded by the store when there are routines: most data has none
    from weekplan.routines import Routine

ACTIVITY = "activity"
DATE = "date"
LOOK_AHEAD = timedelta(days=2 * 366)  # how far to look for a routine's next occurrence


class Match(Record):
    """One item found: enough to show it in a list and to jump to it."""

    kind: str  # ACTIVITY or DATE
    id: str
    date: date
    start: int | None
    title: str
    end: int | None = None
    category: str = ""  # an activity's category id; "" for a special date

    @property
    def sort_key(self) -> tuple[date, int, str, str, str]:
        return (self.date, -1 if self.start is None else self.start, self.title.casefold(), self.kind, self.id)


def query_words(query: str) -> list[str]:
    """The words every match must contain, each somewhere in the item (any order)."""
    return query.casefold().split()


def haystack(texts: Iterable[str]) -> str:
    """What a search looks in: the item's texts together, case folded."""
    return "\n".join(texts).casefold()


def contains_all(words: list[str], text: str) -> bool:
    """The rule: an item matches when its haystack contains each of the words."""
    # A loop, not all() over a generator: the index asks this of every distinct
    # haystack on every letter typed.
    for word in words:  # noqa: SIM110 - see above
        if word not in text:
            return False
    return True


def activity_texts(activity: Activity, config: Config) -> list[str]:
    category = config.category(activity.category)
    return [activity.title, activity.notes, activity.category, category.name if category else ""]


def date_texts(special: SpecialDate) -> list[str]:
    return [special.title, special.notes, special.place, special.prep, special.memory, *dict(special.memories).values()]


def routine_texts(routine: Routine, config: Config) -> list[str]:
    category = config.category(routine.category)
    return [routine.title, routine.notes, routine.category, category.name if category else ""]


def item_haystack(item: Activity | SpecialDate, config: Config) -> str:
    """The haystack of a stored activity or special date (what the index keeps)."""
    if isinstance(item, SpecialDate):
        return haystack(date_texts(item))
    return haystack(activity_texts(item, config))


def shown_occurrence(routine: Routine, today: date) -> Activity | None:
    """The occurrence a search shows for a routine: the next from today, or, for one that
    has ended, its last; None when every occurrence was removed."""
    for day in routine.planned_dates(today, today + LOOK_AHEAD):
        occurrence = routine.occurrence(day)
        if occurrence is not None:
            return occurrence
    if routine.last is None or routine.last >= today:
        return None
    past = [routine.occurrence(day) for day in routine.planned_dates(routine.first, routine.last)]
    return next((o for o in reversed(past) if o is not None), None)


class Found(Record):
    """What a search found: how many, the first of them by date and time (all of them
    unless a limit was asked for), and the files that could not be read, so that a
    search over them says so instead of quietly finding less."""

    count: int
    matches: list[Match]
    problems: list[DataError]


_indexes: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def index_of(store: Store) -> SearchIndex:
    """The store's search index, made (or taken up from the cache) on first use."""
    with _indexes_lock:
        index = _indexes.get(store)
        if index is None:
            index = _indexes[store] = SearchIndex(store, item_haystack)
        return index


def find(
    store: Store,
    query: str,
    *,
    limit: int | None = None,
    check_files: bool = True,
    should_stop: Callable[[], bool] | None = None,
    today: date | None = None,
    nearest: bool = False,
) -> Found | None:
    """Every activity (in all weeks), routine and special date matching the query, the
    first `limit` of them listed; a routine once, at its next occurrence from `today`
    (or its last, when it has ended).  Listed by date and time; with `nearest`, those
    nearest to today first: the ones from today on by date and time, then those before
    today, the latest first.

    Case-insensitive; with several words, an item matches when it contains each of
    them (a plain substring match is the one-word case).  An empty query finds nothing.
    The items come from weekplan.search_index, which reads again the files that
    changed (see its `refresh` for `check_files`).  `should_stop` is asked along the
    way, so a search that is no longer wanted (the person kept typing) ends early:
    None then.
    """
    words = query_words(query)
    if not words:
        return Found(0, [], [])
    index = index_of(store)
    if not index.refresh(should_stop, check_files=check_files):
        return None
    matched = index.matching(functools.partial(contains_all, words))
    config = store.config
    day = today or clock.today()
    routines = []
    for routine in store.routines().items.values():
        if contains_all(words, haystack(routine_texts(routine, config))):
            occurrence = shown_occurrence(routine, day)
            if occurrence is not None:
                routines.append(_activity_match(occurrence))
    stopped: list[bool] = []

    def stop() -> bool:
        if should_stop is not None and should_stop():
            stopped.append(True)
        return bool(stopped)

    def merged(upcoming: bool | None) -> Iterator[Match]:
        """The matches of every file (from today on, before today, or all) in order."""
        part = None if upcoming is None else (upcoming, day)
        backwards = upcoming is False

        def matches_in(kind: Kind[Any], make: Callable[[Row], Match]) -> Iterator[Match]:
            return (make(row) for row in index.rows(matched, kind, stop, upcoming=part))

        # Week files hold their own week's activities, the dates' files their own year's
        # dates, each file's in the order they are listed: merging the streams lazily
        # makes only as many matches as are listed.
        ours = [m for m in routines if upcoming is None or (m.date >= day) is upcoming]
        return heapq.merge(
            matches_in(ACTIVITIES, _activity_row),
            matches_in(DATES, _date_row),
            sorted(ours, key=_sort_key, reverse=backwards),
            key=_sort_key,
            reverse=backwards,
        )

    ordered = itertools.chain(merged(True), merged(False)) if nearest else merged(None)
    listed = list(ordered if limit is None else itertools.islice(ordered, limit))
    if stopped:
        return None
    count = matched.count + len(routines)
    return Found(count, listed, index.problems())


def search(
    store: Store, query: str, *, should_stop: Callable[[], bool] | None = None, today: date | None = None
) -> list[Match]:
    """Every match of `find`, by date and time; [] when `should_stop` ended it."""
    found = find(store, query, should_stop=should_stop, today=today)
    return [] if found is None else found.matches


def _sort_key(match: Match) -> tuple[date, int, str, str, str]:
    return match.sort_key


def _activity_row(row: Row) -> Match:
    return Match(ACTIVITY, row.id, row.date, row.start, row.title, row.end, row.category)


def _date_row(row: Row) -> Match:
    return Match(DATE, row.id, row.date, row.start, row.title, row.end)


def _activity_match(activity: Activity) -> Match:
    return Match(ACTIVITY, activity.id, activity.date, activity.start, activity.title, activity.end, activity.category)


class SearchResult(Record):
    """What the search screen returns: the query (for next / previous match) and the pick."""

    query: str
    match: Match


# -- the category of an earlier activity with a title ------------------------------------

LOOKBACK_WEEKS = 53  # how far back an earlier activity's category is looked for: a year


def earlier_categories(store: Store, today: date) -> Callable[[str], str | None]:
    """The category of your latest activity with a title, on or before today and at
    most a year back (newest weeks read first, so a recent one is found at once),
    else of a routine with that title; None when neither has one.  Titles match
    whatever their case and spacing; each title is looked up once."""
    # The quick-add grammar (and its time words) is not needed by a search: loaded here,
    # for the forms and `add` that ask, it stays out of the search dialog's memory.
    from weekplan.quickadd import title_key

    found: dict[str, str | None] = {}

    def lookup(title: str) -> str | None:
        key = title_key(title)
        if key not in found:
            found[key] = _latest_category(store, key, today)
        return found[key]

    return lookup


def _latest_category(store: Store, key: str, today: date) -> str | None:
    from weekplan.quickadd import title_key  # see earlier_categories

    week = IsoWeek.of(today)
    for _ in range(LOOKBACK_WEEKS):
        same = [
            (a.date, a.start, a.category)
            for a in store.week(week).items.values()
            if a.category and a.date <= today and title_key(a.title) == key
        ]
        if same:
            return max(same)[2]
        week = week.shift(-1)
    routines = [
        (r.first, r.category)
        for r in store.routines().items.values()
        if r.category and r.first <= today and title_key(r.title) == key
    ]
    return max(routines)[1] if routines else None
