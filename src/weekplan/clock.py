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


def wall_clock_notes(day: date, start: int, end: int) -> list[str]:
    """What to say of an activity's times on a day the clocks change: a start or an end
    they skip or show twice, or, when both are ordinary times, a change between them,
    which makes it last longer or shorter than its times say."""
    said = [note for note in (wall_clock_note(day, start), wall_clock_note(day, end)) if note]
    if said or not 0 <= start < end <= 24 * 60:
        return said
    from datetime import datetime, timedelta

    midnight = datetime.combine(day, datetime.min.time())
    try:
        lasts = round(
            ((midnight + timedelta(minutes=end)).timestamp() - (midnight + timedelta(minutes=start)).timestamp()) / 60
        )
    except (OverflowError, OSError, ValueError):
        return said
    if lasts != end - start:
        between = f"{start // 60:02d}:{start % 60:02d} and {end // 60:02d}:{end % 60:02d}"  # 24:00 as it is
        said.append(
            f"the clocks change between {between} on {midnight:%a %-d %b %Y}:"
            f" it lasts {_length(lasts)}, not {_length(end - start)}"
        )
    return said


def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if part) or "0 min"
