"""Items filed in a file named for another week or year: they would vanish from view
(the store reads only the files of the weeks and years it shows), so the file says so
with the line and column of the misplaced date, and is not written until fixed.

Plain Python, no Textual.  `collection` is the store's Collection of one file.
"""

from __future__ import annotations

import re
from typing import Any

from weekplan.tomlfile import DataError, locate
from weekplan.weeks import IsoWeek

YEAR_FILE_NAME = re.compile(r"^[0-9]{4}\.toml$")


def year_errors(collection: Any, year: int) -> None:
    """A date filed in another year's file would vanish from its week: say so."""
    for special in [d for d in collection.items.values() if d.date.year != year]:
        try:
            text = collection.path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        line, col = locate(text, ("dates", special.id), "date")
        message = f"dates.{special.id}: {special.date} is not in {year}, the year this file is named after"
        collection.errors.append(DataError(collection.path, line, col, message))


def week_errors(collection: Any, week: IsoWeek) -> None:
    """An activity filed in the wrong week's file would vanish from view: say so."""
    misplaced = [a for a in collection.items.values() if not week.contains(a.date)]
    if not misplaced:
        return
    try:
        text = collection.path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    for activity in misplaced:
        line, col = locate(text, ("activities", activity.id), "date")
        collection.errors.append(
            DataError(
                collection.path,
                line,
                col,
                f"activities.{activity.id}: {activity.date} is not in {week}, the week this file is named after",
            )
        )
