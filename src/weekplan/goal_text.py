"""A weekly goal as a person types it: "3", "3x", "3×" or "3 times" is a count,
"4 h", "1.5h" or "90 min" is hours; empty is no goal.  Plain Python, no Textual."""

from __future__ import annotations

import re
from collections.abc import Mapping

from weekplan.form_rules import FieldError
from weekplan.model import Goal
from weekplan.record import replace
from weekplan.timewords import TimeWordError, read_length

MAX_COUNT = 100
MIN_HOURS, MAX_HOURS = 0.25, 168.0

_COUNT = re.compile(r"^(\d+)\s*(?:x|×|times?)?$")


def goal_text(goal: Goal | None) -> str:
    """What the goal field starts with."""
    if goal is None:
        return ""
    if goal.count is not None:
        return f"{goal.count}×"
    return f"{goal.hours:g} h"


def read_goal(category: str, text: str, *, base: Goal | None = None) -> Goal | None:
    """The goal the text means for `category`; FieldError says what is wrong.  `base`
    is the goal it replaces: anything this version does not know about it is kept."""
    word = text.strip().lower()
    if not word:
        return None
    if match := _COUNT.match(word):
        count = int(match.group(1))
        if not 1 <= count <= MAX_COUNT:
            raise FieldError(f"From 1 to {MAX_COUNT} times a week")
        values: dict[str, int | float | None] = {"count": count, "hours": None}
    else:
        hours = _hours(word)
        if not MIN_HOURS <= hours <= MAX_HOURS:
            raise FieldError(f"From {MIN_HOURS:g} to {MAX_HOURS:g} hours a week")
        values = {"count": None, "hours": round(hours, 2)}
    if base is not None and base.category == category:
        return replace(base, **values)  # type: ignore[arg-type]
    return Goal(category, **values)  # type: ignore[arg-type]


def _hours(word: str) -> float:
    """Hours in the length words quick add reads ("4 h", "1.5h", "90 min", "2h30"),
    a decimal comma too; a week's worth at most."""
    try:
        return read_length(word.replace(",", "."), longest=int(MAX_HOURS * 60)) / 60
    except TimeWordError as exc:
        if "between 1 minute and" in str(exc):
            raise FieldError(f"From {MIN_HOURS:g} to {MAX_HOURS:g} hours a week") from None
        raise FieldError("Like 3× or 4 h") from None


def changed_goals(old: Mapping[str, Goal], new: Mapping[str, Goal | None]) -> list[tuple[Goal | None, Goal | None]]:
    """(before, after) for each category whose goal the form changed, in the form's order."""
    found = []
    for category, goal in new.items():
        before = old.get(category)
        if goal != before:
            found.append((before, goal))
    return found
