"""Search every week: activities, routines and special dates whose words contain what
was typed.  A routine is found once, at its next occurrence from today.

Plain Python (no Textual) so that the planner can run it in a thread while the
screen stays live, and so that it can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from weekplan import clock
from weekplan.model import Activity, Config, SpecialDate
from weekplan.quickadd import title_key
from weekplan.record import Record
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import IsoWeek

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


def _contains_all(words: list[str], texts: Iterable[str]) -> bool:
    haystack = "\n".join(texts).casefold()
    return all(word in haystack for word in words)


def activity_texts(activity: Activity, config: Config) -> list[str]:
    category = config.category(activity.category)
    return [activity.title, activity.notes, activity.category, category.name if category else ""]


def date_texts(special: SpecialDate) -> list[str]:
    return [special.title, special.notes, special.place, special.prep, special.memory, *dict(special.memories).values()]


def routine_texts(routine: Routine, config: Config) -> list[str]:
    category = config.category(routine.category)
    return [routine.title, routine.notes, routine.category, category.name if category else ""]


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


def search(
    store: Store, query: str, *, should_stop: Callable[[], bool] | None = None, today: date | None = None
) -> list[Match]:
    """Every activity (in all weeks), routine and special date matching the query, by
    date and time; a routine once, at its next occurrence from `today`.

    Case-insensitive; with several words, an item matches when it contains each of
    them (a plain substring match is the one-word case).  An empty query finds nothing.
    `should_stop` is asked between week files, so a search that is no longer wanted
    (the person kept typing) ends early; what it found so far is returned.
    """
    words = query_words(query)
    if not words:
        return []
    config = store.config
    found: list[Match] = []
    for special in store.dates().items.values():
        if _contains_all(words, date_texts(special)):
            found.append(Match(DATE, special.id, special.date, special.start, special.title, special.end))
    day = today or clock.today()
    for routine in store.routines().items.values():
        if _contains_all(words, routine_texts(routine, config)):
            occurrence = shown_occurrence(routine, day)
            if occurrence is not None:
                found.append(_activity_match(occurrence))
    for week, _path in store.week_files():
        if should_stop is not None and should_stop():
            break
        if week is None:
            continue
        for activity in store.week(week).items.values():
            if _contains_all(words, activity_texts(activity, config)):
                found.append(_activity_match(activity))
    return sorted(found, key=lambda m: m.sort_key)


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
    found: dict[str, str | None] = {}

    def lookup(title: str) -> str | None:
        key = title_key(title)
        if key not in found:
            found[key] = _latest_category(store, key, today)
        return found[key]

    return lookup


def _latest_category(store: Store, key: str, today: date) -> str | None:
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
