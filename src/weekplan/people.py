"""Two people on one list: whose name an idea or a date carries once the Together half
is planned with a partner (`[partner] me` names this person; `weekplan partner`).

A name is stored as text (`added_by = "Alex"`); it is `Config.partner.me` of the
person who made the item.  What each person says of a date is kept in tables keyed by
name (`[dates.ID.ratings]` with `Alex = 4`), so that two people rating the same date
on their own machines at the same time merge without a conflict (tables merge key
by key: weekplan.value_merge).  Without a partner nothing here changes anything: no
name is written and nothing shows one, so a person planning alone sees no change.

The single `rating` and `memory` of a date rated before sharing began stay as they
were.  They count as the rating and memory of whoever the date says added it, and of
nobody in particular when it names nobody (shown without a name): not as this
person's, since then both partners' machines would claim the same rating.  Once that
person rates the date under their name, their new rating replaces the old one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from weekplan.model import Config, Idea, SpecialDate
from weekplan.record import replace

Named = TypeVar("Named", SpecialDate, Idea)


def my_name(config: Config) -> str:
    """The name this person's additions carry once they plan with a partner ("" alone).

    The name alone decides, not whether a shared remote is set yet: between naming
    oneself and the first sync, what one adds and rates is already one's own."""
    return config.partner.me


def added_by_me(item: Named, config: Config) -> Named:
    """A new idea or date with this person's name on it (while sharing); one that already
    names someone keeps that name."""
    me = my_name(config)
    if not me or item.added_by:
        return item
    return replace(item, added_by=me)


# -- each one's rating and memory of a date -----------------------------------------------


def _with_old(
    old: str | int | None, special: SpecialDate, named: Iterable[tuple[str, str | int]]
) -> list[tuple[str, str | int]]:
    """The per-person values, with the single value from before sharing under the name
    of whoever added the date ("" when it names nobody), unless that person has one."""
    found = sorted(named)
    if old not in (None, "") and all(name != special.added_by for name, _ in found):
        found.insert(0, (special.added_by, old))
    return found


def ratings_of(special: SpecialDate) -> list[tuple[str, int]]:
    """Every rating of the date, by name: ("", 4) is a rating from before sharing."""
    return _with_old(special.rating, special, special.ratings)  # type: ignore[return-value]


def memories_of(special: SpecialDate) -> list[tuple[str, str]]:
    """Every memory of the date, by name, as ratings_of."""
    return _with_old(special.memory, special, special.memories)  # type: ignore[return-value]


def rating_by(special: SpecialDate, name: str) -> int | None:
    return dict(ratings_of(special)).get(name)


def memory_by(special: SpecialDate, name: str) -> str:
    return dict(memories_of(special)).get(name, "")


def _mine_apart(special: SpecialDate, name: str) -> SpecialDate:
    """The date with a single value from before sharing that is `name`'s moved into the
    tables, so that what `name` says next replaces it instead of standing beside it."""
    if special.added_by != name or (special.rating is None and not special.memory):
        return special
    ratings = dict(special.ratings)
    memories = dict(special.memories)
    if special.rating is not None:
        ratings.setdefault(name, special.rating)
    if special.memory:
        memories.setdefault(name, special.memory)
    return replace(
        special,
        rating=None,
        memory="",
        ratings=tuple(sorted(ratings.items())),
        memories=tuple(sorted(memories.items())),
    )


def with_say_of(special: SpecialDate, name: str, rating: int | None, memory: str) -> SpecialDate:
    """The date with `name`'s rating and memory as given (None and "" take them away);
    the other person's stay as they are."""
    if rating_by(special, name) == rating and memory_by(special, name) == memory:
        return special  # nothing said anew: an unchanged form is no edit
    special = _mine_apart(special, name)
    ratings = {k: v for k, v in special.ratings if k != name}
    memories = {k: v for k, v in special.memories if k != name}
    if rating is not None:
        ratings[name] = rating
    if memory:
        memories[name] = memory
    return replace(special, ratings=tuple(sorted(ratings.items())), memories=tuple(sorted(memories.items())))


def is_rated_by(special: SpecialDate, name: str) -> bool:
    """Whether `name` has nothing left to rate here; a rating from before sharing that
    names nobody counts as done, so that old dates are not asked about again."""
    ratings = dict(ratings_of(special))
    return name in ratings or "" in ratings


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def ratings_line(special: SpecialDate) -> str:
    """ "★4 Alex · ★5 Sam": each rating with its name ("★4" for one from before sharing)."""
    return named_ratings(ratings_of(special))


def named_ratings(ratings: Iterable[tuple[str, int]]) -> str:
    return " · ".join(f"★{rating} {name}".rstrip() for name, rating in ratings)


# -- love marks --------------------------------------------------------------------------


def toggled_love(idea: Idea, name: str) -> Idea:
    """The idea marked as one `name` would love to do, or no longer."""
    return replace(idea, loves=tuple(sorted(set(idea.loves) ^ {name})))


def love_marks(idea: Idea) -> str:
    """One mark for each person who would love to do it."""
    return "♥" * len(idea.loves)


# -- a preparation taken by one ------------------------------------------------------------


def taken_prep(special: SpecialDate, name: str) -> SpecialDate:
    """The date's preparation taken on by `name`, or given back when it was theirs (one
    the partner took is taken over: the two of them agree on it between themselves)."""
    return replace(special, prep_by="" if special.prep_by == name else name)


def prep_taker(by: str, me: str) -> str:
    """ " · taken by Sam" (" · taken by you" for this person), or "" when nobody took it."""
    if not by:
        return ""
    return " · taken by you" if by == me else f" · taken by {by}"
