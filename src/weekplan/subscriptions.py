"""Subscribed calendars: a calendar file or a khal/vdir folder named in config.toml,
brought up to date on start and on sync, so that a work or shared calendar stays in
step without importing it by hand.

    [calendars.work]
    source = "~/.calendars/work"   # an .ics file or a folder of them
    editable = false               # read-only (the default): the calendar wins
    category = "career"            # for its events that name none of yours
    all_day = true                 # bring its all-day events in too

    [calendars.phone]
    source = "~/.calendars/weekplan"
    two_way = true                 # weekplan's week goes out too (weekplan.vdir)

Each refresh is an import with removal (weekplan.ics_import): changed events are
updated, events gone from the calendar go.  Items remember their calendar as
`source = "calendars.<name>"`.  In a read-only calendar an edit made in weekplan is
replaced by the calendar's version at the next refresh (and the planner refuses
such edits); in an editable one it is kept and named, as for any import.

Plain Python, no Textual.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from weekplan.home_paths import NoHomeError, expand_home
from weekplan.ics import printable
from weekplan.record import Record
from weekplan.tomlfile import DataError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

    from weekplan.ics_import import ImportPlan
    from weekplan.model import Config
    from weekplan.store import Store

SOURCE_PREFIX = "calendars."

# The largest calendar file a refresh reads.  It is read at every start of the planner
# and every sync, and reading takes many times its size in memory: a path mistyped
# into a disk image, or a calendar grown without end, must not take the machine's
# memory.  A very large calendar is still under it (docs/calendars.md).
CALENDAR_LIMIT_BYTES = 32 * 1024 * 1024


class Subscription(Record):
    name: str
    source: Path
    editable: bool = False
    category: str | None = None
    all_day: bool = False
    two_way: bool = False

    @property
    def tag(self) -> str:
        """What the items from this calendar carry as their `source`."""
        return SOURCE_PREFIX + self.name


def subscriptions(config: Config) -> tuple[list[Subscription], list[str]]:
    """The calendars config.toml subscribes to, and what is wrong with the others."""
    found, problems = _read_subscriptions(config)
    return found, [f"config.toml {_where(name)}: {message}" for name, _key, message in problems]


def subscription_errors(config_path: Path, config: Config) -> list[DataError]:
    """What is wrong in config.toml's [calendars], each at its line and column, for
    `weekplan check` (the refresh names them as it goes)."""
    found, problems = _read_subscriptions(config)
    problems += _read_once(found, config)[1]
    two_way = [sub for sub in found if sub.two_way]
    if two_way:
        from weekplan.calendar_files import inside_data_dir

        for sub in two_way:
            inside = inside_data_dir(config_path.parent, sub.source)
            if inside:
                problems.append((sub.name, "source", f"{inside}; give the calendar a folder of its own"))
    if not problems:
        return []
    from weekplan.tomlfile import locate

    text = config_path.read_text(encoding="utf-8", errors="replace")
    errors = []
    for name, key, message in problems:
        line, col = locate(text, ("calendars",) if name is None else ("calendars", name), key)
        errors.append(DataError(config_path, line, col, f"{_where(name)}: {message}"))
    return errors


def _where(name: str | None) -> str:
    return "[calendars]" if name is None else f"[calendars.{name}]"


# (the calendar's name, or None for the whole table; the key at fault, or None; what is wrong)
Problem = tuple[str | None, str | None, str]


def _read_subscriptions(config: Config) -> tuple[list[Subscription], list[Problem]]:
    table = config.extra.get("calendars")
    if table is None:
        return [], []
    if not isinstance(table, dict):
        return [], [(None, None, "must be a table of calendars, like [calendars.work]")]
    found: list[Subscription] = []
    problems: list[Problem] = []
    for name, raw in sorted(table.items()):
        if not isinstance(raw, dict):
            problems.append((name, None, 'must be a table with source = "…"'))
            continue
        source = raw.get("source")
        if not isinstance(source, str) or not source.strip():
            problems.append((name, "source", "source must name an .ics file or a folder of them"))
            continue
        editable = raw.get("editable", False)
        all_day = raw.get("all_day", False)
        two_way = raw.get("two_way", False)
        flags = {"editable": editable, "all_day": all_day, "two_way": two_way}
        if not all(isinstance(v, bool) for v in flags.values()):
            wrong = next(key for key, value in flags.items() if not isinstance(value, bool))
            problems.append((name, wrong, "editable, all_day and two_way are true or false"))
            continue
        category = _category(raw.get("category"), config)
        if isinstance(category, Exception):
            problems.append((name, "category", str(category)))
            continue
        try:
            path = expand_home(source.strip())
        except NoHomeError as exc:
            problems.append((name, "source", exc.strerror or str(exc)))
            continue
        if not path.is_absolute():
            # Read from (and, two-way, written into) whatever folder weekplan was started
            # in: the planner from a shell and `weekplan sync` from a timer would differ.
            problems.append(
                (name, "source", f"{source.strip()!r} is not a full path; write it like ~/calendars/work.ics")
            )
            continue
        found.append(Subscription(name, path, editable or two_way, category, all_day or two_way, two_way))
    return found, problems


def _read_once(subs: list[Subscription], config: Config) -> tuple[list[Subscription], list[Problem]]:
    """The calendars to refresh, each file read by one of them only, and a problem for
    each left out: two reading one file (by two names, through a link, or a file of a
    subscribed folder on its own) would each take its events from the other at every
    refresh, and an edit kept by one would be overwritten by the other.  Of two names
    for one file or folder the one config.toml lists first counts (a name added later,
    above or below, never takes the calendar from the one its events came in by); a
    folder counts over a file in it."""
    listed = list(config.extra.get("calendars") or {})  # the names in config.toml's order
    reads = sorted(((sub, *_what_is_read(sub.source)) for sub in subs), key=lambda read: listed.index(read[0].name))
    folders = {path: sub for sub, path, is_folder in reversed(reads) if is_folder}
    first_to_read: dict[Path, Subscription] = {}
    kept: list[Subscription] = []
    problems: list[Problem] = []
    for sub, path, is_folder in reads:
        other = first_to_read.get(path)
        if other is None and not is_folder and path.suffix == ".ics":
            other = folders.get(path.parent)
        if other is not None:
            said = f"{sub.source} is read by [calendars.{other.name}] already; subscribe to a calendar once"
            problems.append((sub.name, "source", said))
            continue
        first_to_read[path] = sub
        kept.append(sub)
    return [sub for sub in subs if sub in kept], problems


def _what_is_read(source: Path) -> tuple[Path, bool]:
    """The file or folder a source names once its links are followed, and whether it
    is a folder."""
    try:
        path = source.resolve()
    except (OSError, RuntimeError):  # a loop of links: read as it is named, and named as unreadable
        path = source
    return path, path.is_dir()


def _category(value: Any, config: Config) -> str | Exception | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return ValueError("category must be text, the id of one of your categories")
    try:
        return config.find_category(value).id
    except ValueError as exc:
        return exc


def subscription_of(item: Any, subs: list[Subscription]) -> Subscription | None:
    """The subscribed calendar an item came from, if any."""
    extra = getattr(item, "extra", {})
    source = extra.get("source") if isinstance(extra, dict) else None
    return next((s for s in subs if s.tag == source), None)


class Refreshed(Record):
    """What a refresh did: a line per calendar (and one per problem), and whether
    something was left out whole: a calendar not refreshed, a file of a folder that
    could not be read, or a problem in config.toml's [calendars].  Everything that
    could be read was refreshed all the same.  An event left out of a calendar read
    otherwise is named but leaves it complete: a calendar's author may keep one broken
    event for good, and every refresh would count as failed."""

    lines: list[str]
    incomplete: bool = False


def refresh(store: Store, today: date) -> Refreshed:
    """Bring every subscribed calendar up to date, each on its own: one that cannot be
    read, whole or in part, never stops the others."""
    subs, lines = subscriptions(store.config)
    subs, twice = _read_once(subs, store.config)
    lines += [f"config.toml {_where(name)}: {message}" for name, _key, message in twice]
    incomplete = bool(lines)
    for sub in subs:  # (the calendar modules load only for a calendar)
        elsewhere = frozenset(other.tag for other in subs if other is not sub)
        said, complete = _two_way(store, sub, today) if sub.two_way else _one_way(store, sub, today, elsewhere)
        lines += said
        incomplete = incomplete or not complete
    return Refreshed([printable(line) for line in lines], incomplete)


def _one_way(store: Store, sub: Subscription, today: date, elsewhere: frozenset[str]) -> tuple[list[str], bool]:
    """What refreshing a read-only or editable calendar did, and whether every file of it was read;
    `elsewhere` are the other calendars' tags (an event one of them brought stays its own
    until a newer version of it comes)."""
    from weekplan.calendar_files import CalendarFileError, read_folder
    from weekplan.ics_import import IcsError, apply_fresh, plan_import
    from weekplan.store import ReadOnlyError

    # The calendar is read and planned without the data's lock (the planner's saves would
    # wait for all of it), then written under the lock if nothing changed meanwhile, else
    # planned again there: two refreshes at once (the planner starting while cron runs
    # one) would otherwise each add the same new events.
    try:
        look = store.look_afresh()
        readable, unreadable = read_folder(sub.source, limit=CALENDAR_LIMIT_BYTES)
        sources = [(path, data, sub.tag) for path, data, _ in readable]
        left_alone = [(path, problem, sub.tag) for path, problem, _ in unreadable]

        def plan_it() -> ImportPlan:
            return plan_import(
                sources,
                store,
                category=sub.category,
                all_day=sub.all_day,
                today=today,
                remove_gone=True,
                calendar_wins=not sub.editable,
                # One file of a folder that cannot be read costs that file only.
                leave_unreadable=sub.source.is_dir(),
                unreadable=left_alone,
                elsewhere=elsewhere,
            )

        plan = apply_fresh(store, look, plan_it(), plan_it)
    except (CalendarFileError, ReadOnlyError) as exc:
        return [f"{sub.name}: not refreshed: {exc}"], False
    except IcsError as exc:
        return [f"{sub.name}: not refreshed: {exc.problems[0]}"], False
    except Exception as exc:  # one calendar's failure never stops the others, or the planner
        return [f"{sub.name}: not refreshed: {exc}"], False
    lines = [f"{sub.name}: {_counts(plan)}"]
    kept = "what it brought before stays as it was"
    lines += [
        f"{sub.name}: {problem}; {kept}, and nothing gone from the calendar is removed until it is read"
        for problem in plan.unread_problems
    ]
    lines += [f"{sub.name}: {problem}; {kept}" for problem in plan.unread_events]
    return lines, not plan.unread_files


def _two_way(store: Store, sub: Subscription, today: date) -> tuple[list[str], bool]:
    """What syncing a two-way folder did, and whether it was synced."""
    from weekplan.store import ReadOnlyError
    from weekplan.vdir import sync_vdir

    try:
        first, *rest = sync_vdir(store, sub.source, sub.tag, today, category=sub.category)  # locks what it needs
    except (OSError, ReadOnlyError) as exc:
        return [f"{sub.name}: not synced: {exc}"], False
    except Exception as exc:  # one calendar's failure never stops the others, or the planner
        return [f"{sub.name}: not synced: {exc}"], False
    return [f"{sub.name}: {first}", *(f"{sub.name}: {line}" for line in rest)], True


def _counts(plan: Any) -> str:
    added = len(plan.activities) + len(plan.routines) + len(plan.dates)
    parts = [f"{added} added", f"{len(plan.updated)} updated", f"{len(plan.removed)} removed"]
    if plan.kept:
        parts.append(f"{len(plan.kept)} of your edits kept")
    # What could not be read is named on lines of its own.
    skipped = len(plan.skipped) - len(plan.unread_problems) - len(plan.unread_events)
    if skipped:
        parts.append(f"{skipped} skipped")
    return ", ".join(parts)
