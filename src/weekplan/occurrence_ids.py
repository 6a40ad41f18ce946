"""The ids of routine occurrences: "<routine id>@<YYYY-MM-DD>".

Kept apart from weekplan.routines so that the store can tell an occurrence from a
stored activity without loading the routines module, which most data directories
(those without a routines.toml) never need.
"""

from __future__ import annotations

from datetime import date

from weekplan.model import ID_RE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)

if TYPE_CHECKING:
    from weekplan.model import Activity

OCCURRENCE_MARK = "@"


def occurrence_id(routine_id: str, day: date) -> str:
    return f"{routine_id}{OCCURRENCE_MARK}{day.isoformat()}"


def parse_occurrence_id(item_id: str) -> tuple[str, date] | None:
    """(routine id, planned date) of an occurrence id; None for any other id."""
    routine_id, mark, day = item_id.partition(OCCURRENCE_MARK)
    if not mark or not ID_RE.match(routine_id):
        return None
    try:
        return routine_id, date.fromisoformat(day)
    except ValueError:
        return None


def is_occurrence(activity: Activity) -> bool:
    """True for an activity that is one occurrence of a routine, not a stored activity."""
    return parse_occurrence_id(activity.id) is not None
