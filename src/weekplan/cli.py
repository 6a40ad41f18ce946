"""The `weekplan` command.  Scriptable and quick: nothing here imports Textual; only
starting the planner does, and only then."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from weekplan import clock
from weekplan.model import Activity, SpecialDate
from weekplan.store import ReadOnlyError, Store, resolve_data_dir
from weekplan.weeks import IsoWeek, format_time, week_label

if TYPE_CHECKING:
    import argparse  # loaded only for --help, the feature commands and lines read_plainly leaves alone

# Modules that add their own subcommands: each has `register(subparsers, common)` and
# keeps its module-level imports light (heavy libraries load inside the command).
FEATURE_MODULES: tuple[str, ...] = ("weekplan.cli_sync", "weekplan.cli_together", "weekplan.cli_calendar")


class UsageError(Exception):
    """Something on the command line that needs saying differently."""


def today() -> date:
    try:
        return clock.today()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def parse_week_or_date(text: str | None, now: date) -> IsoWeek:
    if not text:
        return IsoWeek.of(now)
    lowered = text.strip().lower()
    if lowered in ("today", "this"):
        return IsoWeek.of(now)
    if lowered == "next":
        return IsoWeek.of(now).shift(1)
    if lowered in ("last", "prev"):
        return IsoWeek.of(now).shift(-1)
    if "w" in lowered:
        try:
            return IsoWeek.parse(text)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    try:
        return IsoWeek.of(date.fromisoformat(text.strip()))
    except ValueError:
        raise UsageError(f"{text!r} is neither a week like 2026-W48 nor a date like 2026-11-27") from None


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
    }


def date_json(special: SpecialDate) -> dict[str, object]:
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
    }


def _open_store(args: argparse.Namespace) -> Store:
    root = resolve_data_dir(args.data_dir)
    try:
        return Store.open(root)
    except OSError as exc:
        raise UsageError(f"cannot use the data directory {root}: {exc.strerror or exc}") from None


def _print_errors(errors: Sequence[object]) -> None:
    for error in errors:
        print(error, file=sys.stderr)


def cmd_show(args: argparse.Namespace) -> int:
    store = _open_store(args)
    week = parse_week_or_date(args.when, today())
    first, last = week.monday, week.sunday
    activities = store.activities_between(first, last)
    dates = store.dates_between(first, last)
    errors = store.odd_files() + store.config_errors + store.week(week).errors + store.dates().errors
    if args.json:
        payload = {
            "week": str(week),
            "start": first.isoformat(),
            "end": last.isoformat(),
            "activities": [activity_json(a) for a in activities],
            "dates": [date_json(d) for d in dates],
            "errors": [str(e) for e in errors],
        }
        import json  # only --json needs it

        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(week_label(first))
        for offset in range(7):
            day = first + timedelta(days=offset)
            print(f"\n{day:%a %-d %b}")
            lines = [_activity_line(a) for a in activities if a.date == day]
            lines += [_date_line(d) for d in dates if d.date == day]
            print("\n".join(lines) if lines else "  —")
    _print_errors(errors)
    return 1 if errors else 0


def _activity_line(activity: Activity) -> str:
    mark = "✓" if activity.done else ("–" if activity.skipped else " ")
    return f"  {format_time(activity.start)}–{format_time(activity.end)} {mark} {activity.title}  #{activity.category}"


def _date_line(special: SpecialDate) -> str:
    when = "all day    " if special.start is None else f"{format_time(special.start)}{'':6}"
    if special.start is not None and special.end is not None:
        when = f"{format_time(special.start)}–{format_time(special.end)}"
    place = f" @ {special.place}" if special.place else ""
    return f"  {when} ♥ {special.title}{place}  ({special.status})"


def cmd_add(args: argparse.Namespace) -> int:
    from weekplan.quickadd import QuickAddError, parse_quick_add  # only adding needs it

    store = _open_store(args)
    text = " ".join(args.text)
    # A broken config.toml falls back to the defaults (its own categories may be
    # missing then), so say why before any "no category" surprise.
    _print_errors(store.config_errors)
    try:
        activity = parse_quick_add(text, store.config, today())
    except QuickAddError as exc:
        print(f"weekplan add: {exc}; nothing was added", file=sys.stderr)
        return 2
    try:
        store.put_activity(activity)
    except ReadOnlyError as exc:
        print(f"weekplan add: {exc}; nothing was added", file=sys.stderr)
        return 1
    print(f"added {activity.date:%a %-d %b} {_activity_line(activity).strip()}  ({IsoWeek.of(activity.date)})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    store = _open_store(args)
    errors = store.check()
    for note in store.notes:  # what opening the data directory repaired on its own
        print(f"note: {note}")
    _print_errors(errors)
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found", file=sys.stderr)
        return 1
    print(f"all files in {store.root} are fine")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    print(resolve_data_dir(args.data_dir))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    store = _open_store(args)
    from weekplan.app import run_planner  # Textual is loaded only here

    return run_planner(store, today=today())


BUILTIN_COMMANDS = ("show", "add", "check", "path")


def named_command(argv: Sequence[str]) -> str | None:
    """The subcommand on the command line, looking past --data-dir; None when an
    option (like --help) or nothing comes first."""
    position = 0
    while position < len(argv):
        arg = argv[position]
        if arg == "--data-dir":
            position += 2
        elif arg.startswith("--data-dir="):
            position += 1
        else:
            return None if arg.startswith("-") else arg
    return None


def read_plainly(argv: Sequence[str]) -> SimpleNamespace | None:
    """The everyday lines of the built-in commands and of bare `weekplan`, read without
    argparse: importing and setting it up costs `weekplan show` about a sixth of its
    time.  Only exact option names and plain words are taken, as build_parser would
    take them; anything else (--help, an abbreviated or unknown option, a missing
    value, a word too many or too few) gives None, and argparse reads the line and
    says what is wrong in its own words."""
    data_dir: str | None = None
    command: str | None = None
    words: list[str] = []
    as_json = False
    previous_was_word = False
    position = 0
    while position < len(argv):
        arg = argv[position]
        is_word = False
        if arg == "--data-dir" and position + 1 < len(argv) and not argv[position + 1].startswith("-"):
            data_dir = argv[position + 1]
            position += 1
        elif arg.startswith("--data-dir="):
            data_dir = arg.removeprefix("--data-dir=")
        elif arg == "--json" and command == "show":
            as_json = True
        elif arg.startswith("-"):
            return None
        elif command is None:
            command = arg
        elif words and not previous_was_word:
            return None  # argparse takes a command's words in one run, with no option between them
        else:
            words.append(arg)
            is_word = True
        previous_was_word = is_word
        position += 1
    if command is None:
        return SimpleNamespace(data_dir=data_dir, func=cmd_plan)
    if command == "show" and len(words) <= 1:
        return SimpleNamespace(data_dir=data_dir, when=words[0] if words else None, json=as_json, func=cmd_show)
    if command == "add" and words:
        return SimpleNamespace(data_dir=data_dir, text=words, func=cmd_add)
    plain: dict[str, Callable[[argparse.Namespace], int]] = {"check": cmd_check, "path": cmd_path}
    if command in plain and not words:
        return SimpleNamespace(data_dir=data_dir, func=plain[command])
    return None


def build_parser(*, features: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without `features`, only the built-in commands, which
    spares `weekplan show` and friends from importing every feature module."""
    import argparse

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data directory (default: $WEEKPLAN_DATA_DIR or the platform's)",
    )
    parser = argparse.ArgumentParser(
        prog="weekplan",
        description="A keyboard-driven weekly planner: your own week, and time together.",
        parents=[common],
    )
    parser.set_defaults(func=cmd_plan)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    show = sub.add_parser("show", parents=[common], help="print a week's agenda")
    show.add_argument("when", nargs="?", metavar="WEEK|DATE", help="like 2026-W48, 2026-11-27, next, last")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=cmd_show)

    add = sub.add_parser("add", parents=[common], help='quick add, like "fri 19:00-21:00 climbing #friends"')
    add.add_argument("text", nargs="+", help="day, time or range, duration, #category and a title")
    add.set_defaults(func=cmd_add)

    check = sub.add_parser("check", parents=[common], help="validate every file; exit 1 on problems")
    check.set_defaults(func=cmd_check)

    path = sub.add_parser("path", parents=[common], help="print the data directory")
    path.set_defaults(func=cmd_path)

    for name in FEATURE_MODULES if features else ():
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Whatever the umask, what weekplan (and the git it runs) creates is private, as ssh does.
    os.umask(os.umask(0o077) | 0o077)
    args = read_plainly(argv)
    if args is None:
        args = build_parser(features=named_command(argv) not in BUILTIN_COMMANDS).parse_args(argv)
        if not hasattr(args, "data_dir"):
            args.data_dir = None
    try:
        return args.func(args)
    except UsageError as exc:
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
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
