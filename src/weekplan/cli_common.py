"""What every `weekplan` subcommand shares: the data directory, today, a week named on
the command line, errors on stderr and the JSON shape of items.  Nothing here imports
Textual, and nothing heavier than the store, which loads only when a command opens it:
`weekplan sync` starts git before it does (weekplan.cli_sync)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from weekplan import clock
from weekplan.data_places import resolve_data_dir
from weekplan.display_text import visible
from weekplan.weeks import IsoWeek, format_time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from weekplan.model import Activity, SpecialDate
    from weekplan.store import Store


class UsageError(Exception):
    """Something on the command line that needs saying differently."""


def today() -> date:
    try:
        return clock.today()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def parse_week_or_date(text: str | None, now: date, first_weekday: int, language: str = "") -> IsoWeek:
    """The ISO week of a week or a day in the words go-to takes ("2026-W48", "24 dec",
    "next fri"), or of this week; "next", "last" and "this" alone move by weeks."""
    return IsoWeek.of(day_in_view(text, now, first_weekday, language))


def day_in_view(text: str | None, now: date, first_weekday: int, language: str = "") -> date:
    """A day of the week the text names (a week's Monday for a week), or today;
    "this fri" is in the week that starts on `first_weekday`; month and day names in
    the planner's `language` too."""
    if not text or not text.strip():
        return now
    shortcuts = {"today": 0, "this": 0, "next": 1, "last": -1, "prev": -1}
    lowered = text.strip().lower()
    if lowered in shortcuts:
        return now + timedelta(weeks=shortcuts[lowered])
    from weekplan.timewords import TimeWordError, read_goto  # only a named week or day needs it

    try:
        return read_goto(text, now, first_weekday=first_weekday, language=language)
    except TimeWordError as exc:
        raise UsageError(str(exc)) from None


def data_dir(args: argparse.Namespace) -> Path:
    """The data directory --data-dir or the environment names; UsageError (exit 2, as
    for any data directory that cannot be used) when it names none."""
    from weekplan.data_places import NoFolderError
    from weekplan.home_paths import NoHomeError

    try:
        return resolve_data_dir(args.data_dir)
    except NoHomeError as exc:
        raise UsageError(f"cannot use the data directory: {exc.strerror}") from None
    except NoFolderError as exc:
        raise UsageError(str(exc)) from None


def open_store(args: argparse.Namespace, *, tidy_year_folders: bool = True) -> Store:
    from weekplan.store import Store

    root = data_dir(args)
    try:
        return Store.open(root, tidy_year_folders=tidy_year_folders)
    except OSError as exc:
        raise UsageError(f"cannot use the data directory {root}: {exc.strerror or exc}") from None


def print_errors(errors: Sequence[object]) -> None:
    for error in errors:
        print(visible(str(error)), file=sys.stderr)


def nothing_added(command: str, reason: Exception, status: int) -> int:
    """Say why `weekplan <command>` added nothing; returns the exit status to end with
    (2 for words that do not read, 1 for a store that cannot take it)."""
    print(f"weekplan {command}: {reason}; nothing was added", file=sys.stderr)
    return status


def earlier_category(store: Store) -> Callable[[str], str | None]:
    """The category of an earlier activity or routine with a title (see
    search.earlier_categories), for words that name none: the search loads only when
    a title needs it."""
    lookup: list[Callable[[str], str | None]] = []

    def earlier(title: str) -> str | None:
        if not lookup:
            from weekplan.search import earlier_categories

            lookup.append(earlier_categories(store, today()))
        return lookup[0](title)

    return earlier


def activity_json(activity: Activity) -> dict[str, object]:
    return {
        "id": activity.id,
        "date": activity.date.isoformat(),
        "start": format_time(activity.start),
        "end": format_time(activity.end),
        "title": activity.title,
        "category": activity.category,
        "done": activity.done,
        "skipped": activity.skipped,
        "notes": activity.notes,
        "share": activity.share,
    }


def date_json(special: SpecialDate) -> dict[str, object]:
    # Who added it and each partner's own rating, by name, once the Together half is
    # shared (weekplan.people); without a partner the output is as it always was.
    shared = {"added_by": special.added_by, "ratings": dict(special.ratings)}
    return {
        "id": special.id,
        "date": special.date.isoformat(),
        "start": None if special.start is None else format_time(special.start),
        "end": None if special.end is None else format_time(special.end),
        "title": special.title,
        "place": special.place,
        "status": special.status,
        "idea": special.idea or None,
        "rating": special.rating,
        **{key: value for key, value in shared.items() if value},
    }
