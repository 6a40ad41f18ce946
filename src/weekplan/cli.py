"""The `weekplan` command.  Scriptable and quick: nothing here imports Textual; only
starting the planner does, and only then.  Nor does it import the store and the model:
a command loads them when it opens the data directory, so `weekplan sync` has git
looking at the repository while they load (weekplan.cli_sync)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from types import SimpleNamespace

from weekplan.cli_common import (
    UsageError,
    activity_json,
    data_dir,
    date_json,
    day_in_view,
    earlier_category,
    nothing_added,
    open_store,
    print_errors,
    today,
)
from weekplan.display_text import OutputError, VisibleStream, one_line, safe_json
from weekplan.weeks import IsoWeek, format_time, view_start, view_week, week_label, weeks_between

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    import argparse

    from weekplan.model import Activity, SpecialDate
    from weekplan.store import Store

# Modules that add their own subcommands: each has `register(subparsers, common)` and
# keeps its module-level imports light (heavy libraries load inside the command).  They
# are imported, and their subcommands built, only when the command line needs them:
# neither the built-in commands nor the planner do.  Their order is the order of `--help`.
FEATURE_MODULES = ("weekplan.cli_sync", "weekplan.cli_partner", "weekplan.cli_together", "weekplan.cli_calendar")
# A command's module is found by importing them in turn until one has registered it.
# Together's module brings weekplan.together (dates, ideas, their history and people):
# it is tried last, so that an export or an import never loads the code of dates and ideas.
LOOKUP_ORDER = sorted(FEATURE_MODULES, key=lambda name: name == "weekplan.cli_together")


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    # The seven days the planner would show: they start on config.toml's first_weekday,
    # and the week is named after the ISO week of their Monday.
    first_weekday = store.config.first_weekday
    language = ""
    if args.when:  # words to read: the names the planner shows are read in them too
        from weekplan.display import reading_language

        language = reading_language(store.config)
    first = view_start(day_in_view(" ".join(args.when), today(), first_weekday, language), first_weekday)
    last = first + timedelta(days=6)
    activities = store.activities_between(first, last)
    dates = store.dates_between(first, last)
    errors = [*store.odd_files(), *store.config_errors]
    for week in weeks_between(first, last):
        errors += store.week(week).errors
    errors += store.routines().errors  # read for the occurrences already: what it left out
    errors += store.date_errors((first.year, last.year))
    if args.json:
        payload = {
            "week": str(view_week(first)),
            "start": first.isoformat(),
            "end": last.isoformat(),
            "activities": [activity_json(a) for a in activities],
            "dates": [date_json(d) for d in dates],
            "errors": [str(e) for e in errors],
        }
        sys.stdout.write(safe_json(payload) + "\n")
    else:
        print(week_label(first))
        for offset in range(7):
            day = first + timedelta(days=offset)
            print(f"\n{day:%a %-d %b}")
            lines = [_activity_line(a) for a in activities if a.date == day]
            lines += [_date_line(d) for d in dates if d.date == day]
            print("\n".join(lines) if lines else "  —")
    print_errors(errors)
    return 1 if errors else 0


def _activity_line(activity: Activity) -> str:
    mark = "✓" if activity.done else ("–" if activity.skipped else " ")
    title = one_line(activity.title)
    category = f"  #{one_line(activity.category)}" if activity.category else ""
    return f"  {format_time(activity.start)}–{format_time(activity.end)} {mark} {title}{category}"


def _date_line(special: SpecialDate) -> str:
    when = "all day    " if special.start is None else f"{format_time(special.start)}{'':6}"
    if special.start is not None and special.end is not None:
        when = f"{format_time(special.start)}–{format_time(special.end)}"
    place = f" @ {one_line(special.place)}" if special.place else ""
    return f"  {when} ♥ {one_line(special.title)}{place}  ({special.status})"


def cmd_add(args: argparse.Namespace) -> int:
    from weekplan.quickadd import QuickAddError, describe, parse_quick_add  # only adding needs it
    from weekplan.store import ReadOnlyError

    store = open_store(args)
    text = " ".join(args.text)
    # A broken config.toml falls back to the defaults (its own categories may be
    # missing then), so say why before any "no category" surprise.
    print_errors(store.config_errors)
    category_of = earlier_category(store)
    looked_up: list[str | None] = []

    def earlier(title: str) -> str | None:
        looked_up.append(category_of(title))
        return looked_up[-1]

    try:
        activity = parse_quick_add(text, store.config, today(), earlier=earlier)
    except QuickAddError as exc:
        return nothing_added("add", exc, 2)
    try:
        store.put_activity(activity)
    except ReadOnlyError as exc:
        return nothing_added("add", exc, 1)
    # What was understood, in words that `add` reads back to the same entry.
    print(f"added: {describe(activity)}")
    taken = " (category as the earlier one with this title)" if activity.category and looked_up else ""
    print(f"  {activity.date:%A %-d %B %Y}, week {IsoWeek.of(activity.date)}{taken}")
    from weekplan.clock import wall_clock_notes

    for note in wall_clock_notes(activity.date, activity.start, activity.end):
        print(f"  note: {note}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    store = open_store(args)
    errors = store.check(layout=True)
    if "calendars" in store.config.extra and not store.config_errors:
        from weekplan.subscriptions import subscription_errors  # only config.toml's [calendars] needs it

        errors += subscription_errors(store.config_path, store.config)
    if store.config.partner.shared:
        from weekplan.partner_busy import read_partner_busy  # the partner's busy times, when there is one

        errors += read_partner_busy(store, date.min, date.max).errors
    for note in store.notes:  # what opening the data directory repaired on its own
        print(f"note: {note}")
    print_errors(errors)
    _print_conflicts_left(store)
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found", file=sys.stderr)
        return 1
    print(f"all files in {store.root} are fine")
    return 0


def _print_conflicts_left(store: Store) -> None:
    """What merges kept both ways and nobody has chosen yet: a sync run from a timer
    said it to nobody."""
    from weekplan.sync_conflicts import conflicts_left  # reads the files once more, as TOML

    roots = dict.fromkeys([store.root, store.together_root])  # with a partner, the shared files too
    left = [note for root in roots for note in conflicts_left(root)]
    if left:
        print(f"{len(left)} conflict{' waits' if len(left) == 1 else 's wait'} for a choice:")
        for note in left:
            print(f"  {note}")


def cmd_path(args: argparse.Namespace) -> int:
    print(data_dir(args))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    store = open_store(args, tidy_year_folders=False)  # the planner tidies them after its first screen
    from weekplan.app import run_planner  # Textual is loaded only here

    return run_planner(store, today=today())


PLANNER_COMMANDS = ("cmd_plan", "cmd_demo")  # they start Textual, which writes to the terminal itself


def _common_options(*, add_help: bool = False) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name."""
    import argparse  # only a command line with something to read builds parsers

    from weekplan.cli_parser import CommandLineParser

    common = CommandLineParser(prog="weekplan", add_help=add_help)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data directory (default: $WEEKPLAN_DATA_DIR or the platform's)",
    )
    return common


def command_named(argv: Sequence[str]) -> tuple[str | None, bool]:
    """The command the arguments name (None: the planner) and whether they ask for help,
    as the whole parser reads them: the same options, before any command's own."""
    import argparse

    first = _common_options()
    first.exit_on_error = False
    first.add_argument("-h", "--help", action="store_true")
    first.add_argument("command", nargs="?")
    try:
        known, _rest = first.parse_known_args(argv)
    except argparse.ArgumentError:  # a mistake the whole parser names
        return None, True
    return known.command, known.help


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line: the built-in commands, and every feature module's; only the
    one `argv` names when it names one (the whole one for help and mistakes)."""
    command, wants_help = (None, True) if argv is None else command_named(argv)
    if not wants_help and (command is None or command in BUILT_IN_COMMANDS):
        return _built_in_parser([command] if command else [])[0]  # the planner needs none
    import importlib  # only a feature module's command, help and mistakes import one

    if not wants_help:
        parser, sub, common = _built_in_parser([])
        for name in LOOKUP_ORDER:
            importlib.import_module(name).register(sub, common)
            if command in sub.choices:
                return parser  # the module whose command it is: the others are not needed
    parser, sub, common = _built_in_parser()  # help, or a command to say is unknown
    for name in FEATURE_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def _add_show(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    show = sub.add_parser("show", parents=[common], help="print a week's agenda")
    show.add_argument(
        "when", nargs="*", metavar="WEEK|DATE", help="like 2026-W48, w48, 24 dec, 2026-11-27, next fri, next, last"
    )
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=cmd_show)


def _add_add(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    add = sub.add_parser("add", parents=[common], help='quick add, like "fri 19:00-21:00 climbing #friends"')
    add.add_argument("text", nargs="+", help="a day, a time or range, a length, #category and a title")
    add.set_defaults(func=cmd_add)


def _add_check(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    check = sub.add_parser("check", parents=[common], help="validate every file; exit 1 on problems")
    check.set_defaults(func=cmd_check)


def _add_path(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    path = sub.add_parser("path", parents=[common], help="print the data directory")
    path.set_defaults(func=cmd_path)


BUILT_IN_COMMANDS = {"show": _add_show, "add": _add_add, "check": _add_check, "path": _add_path}


def _built_in_parser(
    named: Iterable[str] = BUILT_IN_COMMANDS,
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction, argparse.ArgumentParser]:
    """The parser with the `named` built-in commands (every one by default)."""
    from weekplan.cli_parser import CommandLineParser

    common = _common_options()
    parser = CommandLineParser(
        prog="weekplan",
        description="A keyboard-driven weekly planner: your own week, and time together.",
        parents=[common],
    )
    parser.set_defaults(func=cmd_plan)
    # Named here, the commands' prefix is not worked out by formatting a usage line
    # (which would ask the terminal's width: weekplan.cli_parser).
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", prog=parser.prog)
    for name in named:
        BUILT_IN_COMMANDS[name](sub, common)
    return parser, sub, common


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Whatever the umask, what weekplan (and the git it runs) creates is private, as ssh does.
    os.umask(os.umask(0o077) | 0o077)
    # Everything the command line prints goes through VisibleStream: whatever a message
    # quotes (a title, a line of a file, a calendar's event, a mistyped argument), it
    # cannot drive the terminal.  The planner shows user text through its own widgets.
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)
    try:
        # Bare `weekplan`, the planner with no option, is the common start: it has nothing
        # for a parser to read, so none is built, and argparse is not even imported (a
        # noticeable part of the first paint).  The data directory is still decided in
        # one place, resolve_data_dir, from the environment or the platform.
        args = build_parser(argv).parse_args(argv) if argv else SimpleNamespace(func=cmd_plan)
        if not hasattr(args, "data_dir"):
            args.data_dir = None
        if args.func.__name__ in PLANNER_COMMANDS:
            sys.stdout, sys.stderr = saved
        return _run(args)
    finally:
        sys.stdout, sys.stderr = saved


def _run(args: argparse.Namespace) -> int:
    try:
        status = args.func(args)
        sys.stdout.flush()  # what is still buffered, so that a failure to write it is said
        return status
    except OutputError as exc:  # whatever the command's answer, it was not given
        import contextlib

        with contextlib.suppress(OSError):  # standard error may not be writable either
            print(f"weekplan: cannot write standard output: {exc.strerror}", file=sys.stderr)
        return 2
    except UsageError as exc:
        import contextlib

        with contextlib.suppress(OSError):  # standard error may not be writable either
            print(f"weekplan: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `weekplan show | head`: the reader left; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"weekplan: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


def entry_point() -> None:
    """The `weekplan` program, as installed and as `python -m weekplan`."""
    # What is loaded by now (the standard library, weekplan's own modules) lives as long
    # as the process.  Frozen, the cyclic garbage collector no longer looks through it at
    # each collection nor at the process's end, where it found nothing to free: for a
    # short command that looking was a good part of its run.  What the command makes
    # afterwards is collected as before, and the collector's last pass at the end still
    # runs.  Here, not in main(): main() adds no freeze of its own (the planner freezes
    # what exists once its first screen is up: app/collection_pause).
    gc.freeze()
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
