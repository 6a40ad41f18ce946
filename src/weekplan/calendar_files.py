"""iCalendar files in and out, as both the command line (`weekplan export` and `import`)
and the planner's palette use them: reading the files to import, writing an export, and
saying what could not be exported.  The work itself is weekplan.ics (plan_import,
apply_import, export_calendar); the iCalendar library loads only when it is used.

Plain Python, no Textual.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from weekplan.tomlfile import DataError

if TYPE_CHECKING:
    from weekplan.store import Store


class CalendarFileError(Exception):
    """A file or folder to import that is not there or cannot be read."""


def read_sources(names: list[str] | list[Path]) -> list[tuple[Path, bytes]]:
    """The bytes of each file named; a folder stands for the .ics files in it (khal/vdir)."""
    sources = []
    for name in names:
        path = Path(name).expanduser()
        paths = sorted(path.glob("*.ics")) if path.is_dir() else [path]
        if path.is_dir() and not paths:
            raise CalendarFileError(f"{path} holds no .ics files")
        for each in paths:
            try:
                sources.append((each, each.read_bytes()))
            except OSError as exc:
                raise CalendarFileError(f"cannot read {each}: {exc.strerror or exc}") from None
    return sources


def write_export(store: Store, path: Path, first: date | None = None, last: date | None = None) -> int:
    """Export into `path`; returns the number of events.  OSError when it cannot be written."""
    from weekplan.ics import export_calendar

    data, count = export_calendar(store, first, last)
    path.expanduser().write_bytes(data)
    return count


def left_out_of_export(store: Store) -> list[DataError]:
    """Files an export had to leave out because they could not be read."""
    return [error for collection in (store.dates(), store.routines()) for error in collection.errors]
