"""Search every week: activities and special dates whose words contain what was typed.

Plain Python (no Textual) so that the planner can run it in a thread while the
screen stays live, and so that it can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from weekplan.model import Activity, Config, SpecialDate
from weekplan.store import Store

ACTIVITY = "activity"
DATE = "date"


@dataclass(frozen=True)
class Match:
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
    return [special.title, special.notes, special.place, special.prep, special.memory]


def search(store: Store, query: str, *, should_stop: Callable[[], bool] | None = None) -> list[Match]:
    """Every activity (in all weeks) and special date matching the query, by date and time.

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
    for week, _path in store.week_files():
        if should_stop is not None and should_stop():
            break
        if week is None:
            continue
        for activity in store.week(week).items.values():
            if _contains_all(words, activity_texts(activity, config)):
                found.append(
                    Match(
                        ACTIVITY,
                        activity.id,
                        activity.date,
                        activity.start,
                        activity.title,
                        activity.end,
                        activity.category,
                    )
                )
    return sorted(found, key=lambda m: m.sort_key)


@dataclass(frozen=True)
class SearchResult:
    """What the search screen returns: the query (for next / previous match) and the pick."""

    query: str
    match: Match
