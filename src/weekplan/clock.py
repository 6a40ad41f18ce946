"""What "today" is. Tests, demos and screenshots pin it with WEEKPLAN_TODAY so that
everything date-dependent is reproducible."""

from __future__ import annotations

import os
from datetime import date

TODAY_VAR = "WEEKPLAN_TODAY"


def today() -> date:
    """The real date, unless WEEKPLAN_TODAY=YYYY-MM-DD pins it; ValueError if that is not a date."""
    pinned = os.environ.get(TODAY_VAR)
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(f"{TODAY_VAR}={pinned!r} is not a date like 2026-11-23") from None
    return date.today()


def wall_clock_note(day: date, minutes: int) -> str | None:
    """What to say of a time of day the local clocks skip or show twice on `day` (the
    zone of $TZ or the system's, as the C library knows it, without loading a zone
    library): None for an ordinary time."""
    from datetime import datetime, timedelta

    if not 0 <= minutes < 24 * 60:
        return None
    wall = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)
    try:
        first, second = wall.timestamp(), wall.replace(fold=1).timestamp()
    except (OverflowError, OSError, ValueError):
        return None  # a day the platform's clock cannot place
    said = f"{wall:%H:%M} on {wall:%a %-d %b %Y}"
    if datetime.fromtimestamp(first) != wall:
        return f"{said} does not exist here: the clocks go forward past it"
    if first != second:
        return f"{said} comes twice here: the clocks go back over it"
    return None
