"""`weekplan export`, `weekplan import` and `weekplan routine`: other calendars in and
out, and routines from the command line.  The iCalendar library loads only inside
export and import, so the other commands stay quick."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import date, datetime
from pathlib import Path

from weekplan.calendar_files import (
    CalendarFileError,
    export_problem,
    left_out_of_export,
    read_sources,
    write_export,
)
from weekplan.cli_common import UsageError, earlier_category, nothing_added, open_store, parse_week_or_date, today
from weekplan.display_text import one_line
from weekplan.store import ReadOnlyError, Store
from weekplan.tomlfile import DataError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from weekplan.remind import Notice


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser("export", parents=[common], help="write an iCalendar (.ics) file")
    export.add_argument("--from", dest="first", metavar="WEEK", help="first week (default: everything)")
    export.add_argument("--to", dest="last", metavar="WEEK", help="last week (default: everything)")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output (- is standard output)"
    )
    export.set_defaults(func=cmd_export)

    imp = subparsers.add_parser("import", parents=[common], help="bring in events from an iCalendar (.ics) file")
    imp.add_argument("files", nargs="+", metavar="FILE.ics", help="files, or folders of them (a khal/vdir calendar)")
    imp.add_argument("--category", metavar="NAME", help="category for events that name none of yours")
    imp.add_argument("--dry-run", action="store_true", help="say what would come in, write nothing")
    imp.add_argument(
        "--all-day",
        choices=("skip", "import"),
        default="skip",
        help="all-day events: skip them (default), or import them as the whole planner day",
    )
    imp.add_argument(
        "--keep-gone",
        action="store_true",
        help="keep what an earlier import of the same file or folder brought and it no longer holds",
    )
    imp.set_defaults(func=cmd_import)

    remind = subparsers.add_parser(
        "remind",
        parents=[common],
        help="what is due now or within N minutes (for cron or a timer)",
        description="Print the reminders due from now to N minutes from now. With --notify or --once, each "
        "reminder once on this machine: what earlier runs showed is not shown again, and what they missed comes "
        "late. Exit status: 0 when something is due, 1 when nothing is, 2 when a data file could not be read.",
    )
    remind.add_argument("--within", type=int, default=15, metavar="N", help="minutes ahead to look (default 15)")
    showing = remind.add_mutually_exclusive_group()  # each keeps a record of its own
    showing.add_argument(
        "--notify",
        action="store_true",
        help="also show each on the desktop (notify-send), once on this machine, late rather than never",
    )
    showing.add_argument(
        "--once", action="store_true", help="print each once on this machine, late rather than never (no desktop)"
    )
    remind.add_argument("--at", metavar="WHEN", help="as if it were this time, like 2026-11-27T18:30")
    remind.set_defaults(func=cmd_remind)

    refresh = subparsers.add_parser(
        "refresh", parents=[common], help="bring the calendars config.toml subscribes to up to date"
    )
    refresh.set_defaults(func=cmd_refresh)

    routine = subparsers.add_parser("routine", parents=[common], help="add, list or remove routines")
    actions = routine.add_subparsers(title="actions", metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help='like "gym Mon/Wed/Fri 7am 1h #fitness"')
    add.add_argument("text", nargs="+", help="title, days, time or range, length, #category")
    add.add_argument("--every", type=int, metavar="N", help="every N weeks (default 1, or as the text says)")
    add.add_argument("--from", dest="first", metavar="DATE", help="first date (default today)")
    add.add_argument("--until", metavar="DATE", help="last date (default: no end)")
    add.set_defaults(func=cmd_routine_add)
    listing = actions.add_parser("list", parents=[common], help="every routine with its id")
    listing.set_defaults(func=cmd_routine_list)
    remove = actions.add_parser("remove", parents=[common], help="delete a routine and all its occurrences")
    remove.add_argument("id", help="the routine's id (or a unique start of it)")
    remove.add_argument("--from", dest="first", metavar="DATE", help="keep it before this date, remove it from then on")
    remove.set_defaults(func=cmd_routine_remove)
    routine.set_defaults(func=cmd_routine_list)


def _language(store: Store) -> str:
    """The language the planner shows its names in, read in the words too; the display
    code is loaded only when there are words to read (an export loads what it writes)."""
    from weekplan.display import reading_language

    return reading_language(store.config)


def _date(text: str | None, what: str, store: Store) -> date | None:
    """The day an option names; "this sat" is in the planner's week (config.toml's
    `first_weekday`), and month names are read in its language, as in quick add."""
    if text is None:
        return None
    from weekplan.timewords import TimeWordError, read_date

    try:
        return read_date(text, today(), first_weekday=store.config.first_weekday, language=_language(store))
    except TimeWordError as exc:
        raise UsageError(f"{what}: {exc}") from None


# -- export -----------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from weekplan.ics_export import write_calendar

    store = open_store(args)
    now = today()
    first_weekday, language = store.config.first_weekday, _language(store) if args.first or args.last else ""
    first = parse_week_or_date(args.first, now, first_weekday, language).monday if args.first else None
    # --to is read from --from, so that a range reads forward: "w20 to w30" in
    # November is May to July of next year, where the nearest w30 alone is past
    last = parse_week_or_date(args.last, first or now, first_weekday, language).sunday if args.last else None
    if first and last and last < first:
        raise UsageError("--to is before --from")
    problems: list[DataError] = []
    if args.output and args.output != "-":
        try:
            count = write_export(store, Path(args.output), first, last, problems=problems)
        except CalendarFileError as exc:
            raise UsageError(str(exc)) from None
        print(f"wrote {count} event{'s' if count != 1 else ''} to {args.output}", file=sys.stderr)
    elif sys.stdout.isatty():

        def shown(data: bytes) -> None:
            # Read on a screen, not kept: the titles in it must not drive the terminal.
            sys.stdout.write(data.decode("utf-8", "replace"))

        write_calendar(store, shown, first, last, problems=problems)
        sys.stdout.flush()
    else:
        write_calendar(store, sys.stdout.write_bytes, first, last, problems=problems)  # a file or a pipe: as it is
        sys.stdout.flush()
    problems += left_out_of_export(store)
    for error in problems:
        print(export_problem(error), file=sys.stderr)
    return 1 if problems else 0


# -- import -------------------------------------------------------------------------------


def _sources(names: list[str]) -> list[tuple[Path, bytes, str]]:
    try:
        return read_sources(names, pipes=True)
    except CalendarFileError as exc:
        raise UsageError(str(exc)) from None


def cmd_import(args: argparse.Namespace) -> int:
    from weekplan.ics_import import IcsError, apply_import, plan_import

    store = open_store(args)
    category = None
    if args.category:
        try:
            category = store.config.find_category(args.category).id
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    sources = _sources(args.files)
    # What is here and what comes in are decided and written under the data's lock: the
    # same calendar imported twice at once would otherwise come in twice.
    with contextlib.nullcontext() if args.dry_run else store.exclusive():
        try:
            plan = plan_import(
                sources,
                store,
                category=category,
                all_day=args.all_day == "import",
                today=today(),
                remove_gone=not args.keep_gone,
            )
        except IcsError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print("weekplan import: nothing was added", file=sys.stderr)
            return 1
        for line in plan.summary():
            print(line)
        if args.dry_run:
            print("dry run: nothing was written")
            return 0
        try:
            apply_import(plan, store)
        except ReadOnlyError as exc:
            return nothing_added("import", exc, 1)
    return 0


# -- subscribed calendars -------------------------------------------------------------------


def cmd_refresh(args: argparse.Namespace) -> int:
    from weekplan.subscriptions import refresh

    store = open_store(args)
    refreshed = refresh(store, today())
    for line in refreshed.lines:
        print(line)
    if not refreshed.lines:
        print("no calendars subscribed; see [calendars] in docs/calendars.md")
    # A script (cron, a git hook) learns that something was left unread; the rest was refreshed.
    return 1 if refreshed.incomplete else 0


# -- reminders ----------------------------------------------------------------------------

# The times `remind --at` takes.
EARLIEST_AT = datetime(1900, 1, 1)
LATEST_AT = datetime(9999, 1, 1)


def cmd_remind(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from weekplan.remind import look

    if not 0 < args.within <= 7 * 24 * 60:
        raise UsageError("--within takes minutes from 1 to a week (10080)")
    if args.at:
        try:
            now = datetime.fromisoformat(args.at.strip())
        except ValueError:
            raise UsageError(f"--at {args.at!r} is not a time like 2026-11-27T18:30") from None
        # A run looks days before and after its time: near the ends of the calendar
        # that arithmetic has no answer.
        outside = f"--at takes a time from the year {EARLIEST_AT.year} to {LATEST_AT.year - 1}"
        if now.tzinfo is not None:
            try:
                now = now.astimezone().replace(tzinfo=None)
            except OverflowError:
                raise UsageError(outside) from None
        if not EARLIEST_AT <= now < LATEST_AT:
            raise UsageError(outside)
    else:
        now = datetime.now().replace(second=0, microsecond=0)
    end = now + timedelta(minutes=args.within)
    store = open_store(args)
    if args.notify or args.once:
        from weekplan.remind_once import remind_once

        if args.notify:
            run = remind_once(store, now, end, _shown_by_desktop, "notify")
        else:
            run = remind_once(store, now, end, _printed, "print")
        for problem in run.problems:  # a path in it may hold any character
            print(f"weekplan remind: {one_line(problem, limit=None)}", file=sys.stderr)
        fresh, errors = run.fresh, run.errors
    else:
        seen = look(store, now, end, _printed)
        fresh, errors = seen.due > 0, seen.errors
    for error in errors:
        print(f"{error} (its reminders were not checked)", file=sys.stderr)
    if errors:
        return 2
    return 0 if fresh else 1


def _printed(notices: list[Notice]) -> tuple[int, str | None]:
    for shown in notices:
        print(shown.line)
    return len(notices), None


def _shown_by_desktop(notices: list[Notice]) -> tuple[int, str | None]:
    """Print the notices and show them on the desktop; how many the desktop showed, and
    what went wrong (the caller says it)."""
    from weekplan.remind import notifier, notify_all

    _printed(notices)
    if not notices:
        return 0, None
    program = notifier()
    if program is None:
        return 0, "no desktop notifier (notify-send) found; printed only"
    return notify_all(program, notices)


# -- routines -----------------------------------------------------------------------------


def cmd_routine_add(args: argparse.Namespace) -> int:
    from weekplan.routines import RoutineTextError, parse_routine  # only adding a routine reads its words

    store = open_store(args)
    first = _date(args.first, "--from", store) or today()
    last = _date(args.until, "--until", store)
    try:
        routine = parse_routine(
            " ".join(args.text),
            store.config,
            first,
            interval=args.every,
            last=last,
            earlier=earlier_category(store),
            language=_language(store),
        )
    except RoutineTextError as exc:
        return nothing_added("routine add", exc, 2)
    try:
        store.put_routine(routine)
    except ReadOnlyError as exc:
        return nothing_added("routine add", exc, 1)
    print(f"added {routine.id}  {routine.describe()}")
    return 0


def cmd_routine_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    collection = store.routines()
    for routine in sorted(collection.items.values(), key=lambda r: (r.first, r.start, r.id)):
        changed = len(routine.exceptions)
        note = f"  [{changed} changed occurrence{'s' if changed != 1 else ''}]" if changed else ""
        print(f"{routine.id}  {routine.describe()}{note}")
    if not collection.items and not collection.errors:
        print('no routines yet; add one with: weekplan routine add "gym mon,wed,fri 07:00 1h #fitness"')
    for error in collection.errors:
        print(error, file=sys.stderr)
    return 1 if collection.errors else 0


def cmd_routine_remove(args: argparse.Namespace) -> int:
    store = open_store(args)
    items = store.routines().items
    matches = [r for r in items.values() if r.id == args.id] or [r for r in items.values() if r.id.startswith(args.id)]
    if len(matches) != 1:
        found = "no routine" if not matches else f"{len(matches)} routines"
        raise UsageError(f"{found} with an id starting {args.id!r}; 'weekplan routine list' shows them")
    routine = matches[0]
    first = _date(args.first, "--from", store)
    try:
        if first is None:
            store.remove_routine(routine)
            print(f"removed {routine.id}  {routine.describe()}")
            return 0
        ended = routine.ended_before(first)
        if ended is None:
            store.remove_routine(routine)
            print(f"removed {routine.id}  {routine.describe()} (it had nothing before {first})")
        else:
            store.put_routine(ended)
            print(f"ended {routine.id}  {ended.describe()}")
    except ReadOnlyError as exc:
        print(f"weekplan routine remove: {exc}; nothing was changed", file=sys.stderr)
        return 1
    return 0
