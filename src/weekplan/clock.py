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
