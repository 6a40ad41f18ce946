"""A weekly goal as a person types it: "3", "3x", "3×" or "3 times" is a count,
"4 h", "1.5h" or "90 min" is hours; empty is no goal.  Plain Python, no Textual."""

from __future__ import annotations

import re
from collections.abc import Mapping

from weekplan.form_rules import FieldError
from weekplan.model import Goal
from weekplan.record import replace

MAX_COUNT = 100
MIN_HOURS, MAX_HOURS = 0.25, 168.0

_COUNT = re.compile(r"^(\d+)\s*(?:x|×|times?)?$")
_HOURS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(h|hrs?|hours?)$")
_MINUTES = re.compile(r"^(\d+)\s*(m|mins?|minutes?)$")


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
    elif (match := _HOURS.match(word)) or (match := _MINUTES.match(word)):
        amount = float(match.group(1).replace(",", "."))
        hours = amount / 60 if match.re is _MINUTES else amount
        if not MIN_HOURS <= hours <= MAX_HOURS:
            raise FieldError(f"From {MIN_HOURS:g} to {MAX_HOURS:g} hours a week")
        values = {"count": None, "hours": round(hours, 2)}
    else:
        raise FieldError("Like 3× or 4 h")
    if base is not None and base.category == category:
        return replace(base, **values)  # type: ignore[arg-type]
    return Goal(category, **values)  # type: ignore[arg-type]


def changed_goals(old: Mapping[str, Goal], new: Mapping[str, Goal | None]) -> list[tuple[Goal | None, Goal | None]]:
    """(before, after) for each category whose goal the form changed, in the form's order."""
    found = []
    for category, goal in new.items():
        before = old.get(category)
        if goal != before:
            found.append((before, goal))
    return found
