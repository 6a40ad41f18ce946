"""Busy times shared with a partner: when each person is busy, not what they do.

Each person's machines write one file into the Together repository shared with the
partner, `together/busy/<name>.toml`, and read everybody else's:

    version = 1
    name = "Alex"
    first = 2026-11-23
    last = 2027-01-17

    busy = [
        { date = 2026-11-23, start = "07:00", end = "08:00" },
        { date = 2026-11-25, start = "19:00", end = "21:00", title = "Climbing" },
    ]

One line per busy time, so a change of plans is a one-line diff.  `first` and `last`
say which days the file speaks for: outside them the partner's week is unknown, not
free.  A busy time has a start and an end, and a title only
when its activity says the partner may see it; busy times that touch or overlap are
written as one, so the file does not tell how many things fill an evening.

The file is written only from this person's own activities and routines, sorted, so
the same week gives the same bytes and an unchanged week writes nothing (sync then
has nothing to commit).  A partner's file is read as untrusted input: whatever it
holds gives a DataError with file, line and column, or is skipped, never a traceback;
titles come out on one line without control characters.

No Textual here: the command line loads this module and must stay fast.
"""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, unquote

from weekplan.atomic_files import atomic_write
from weekplan.data_places import BUSY_FOLDER, is_busy_file
from weekplan.display_text import one_line
from weekplan.model import TITLE_MAX_LENGTH, Activity
from weekplan.record import Record, field
from weekplan.tomlfile import DataError, DataFileError, dumps, locate, parse_toml, read_data_file
from weekplan.weeks import MINUTES_PER_DAY, format_time, parse_time, plannable, view_start, weeks_between

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

    from weekplan.store import Store
    from weekplan.together import FreeEvening

FORMAT_VERSION = 1
# How far ahead busy times are shared: this week and the seven after it.  Dates are
# planned a few weeks ahead (a table booked two weeks before, a weekend away a month
# before); two months covers that, while the file stays a few hundred lines and says
# nothing about the rest of the year.
BUSY_WEEKS = 8
# A partner's file is refused past these: eight weeks of a full calendar is a few
# thousand busy times and well under this size; more is not a week someone lives.
MAX_BUSY_BYTES = 512 * 1024
MAX_BUSY_TIMES = 5000
# At most this many other people's files are read: a couple has one; a folder of
# thousands would be someone's mistake (or a prank), not partners.
MAX_PEOPLE = 16
_SAFE_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_MAX_FILE_NAME = 120  # characters of an encoded name; file systems allow 255 bytes


class BusyTime(Record):
    """A time one person is busy; `title` only when they chose to show it (else "")."""

    day: date
    start: int
    end: int
    title: str = ""
    person: str = ""


class PartnerBusy(Record):
    """What the other people's busy files say about a span of days."""

    times: list[BusyTime] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # whose files were read
    # Per person, the last day their file speaks for: after it their week is unknown.
    known_until: dict[str, date] = field(default_factory=dict)


# -- where the files are -----------------------------------------------------------------


def busy_dir(store: Store) -> Path:
    return store.shared_dir / BUSY_FOLDER


def file_name(name: str) -> str:
    """The busy file's name for a person: the name itself when it is made of letters,
    digits, - and _ only; otherwise percent-encoded (UTF-8), so that no name, whatever
    it holds ("../x", "/etc", "a/b", a dot, a control character), becomes a path."""
    if name and len(name) <= 64 and set(name) <= _SAFE_NAME_CHARACTERS:
        return f"{name}.toml"
    encoded = quote(name, safe="").replace(".", "%2E").replace("~", "%7E")
    if not name or len(encoded) > _MAX_FILE_NAME:
        import hashlib  # only for names too long to spell out

        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        kept = encoded[: _MAX_FILE_NAME - 20]
        cut = kept.rfind("%", len(kept) - 2)  # not half of a %XX
        encoded = f"{kept[:cut] if cut >= 0 else kept}%7E{digest}"
    return f"{encoded}.toml"


def own_busy_path(store: Store) -> Path | None:
    """This person's busy file; None without a name to file it under."""
    me = store.config.partner.me
    return busy_dir(store) / file_name(me) if me else None


# In the shared repository's .git, so never synced: the names of the busy files this
# copy wrote, one a line.  Only those are this person's to take away (a change of name,
# leaving); a busy file of the same name that this copy did not write may be the
# partner's.
WRITTEN_BUSY_RECORD = "weekplan-written-busy"


def written_busy_files(store: Store) -> set[str]:
    """The names of the busy files this copy wrote.  A copy from before the record was
    kept has none: its current name's file is taken as its own, as it was then."""
    try:
        data = (store.shared_dir / ".git" / WRITTEN_BUSY_RECORD).read_bytes()
    except FileNotFoundError:
        own = own_busy_path(store)
        return {own.name} if own is not None else set()
    except OSError:
        return set()
    return {line for line in data.decode("utf-8", "replace").splitlines() if is_busy_file(f"{BUSY_FOLDER}/{line}")}


def _note_written(store: Store, name: str) -> None:
    """Add busy/`name` to the files this copy wrote; forget those of old names that are
    no longer in the work tree (the sync that follows takes them off the remote)."""
    git_dir = store.shared_dir / ".git"
    if not git_dir.is_dir():
        return
    folder = busy_dir(store)
    kept = {n for n in written_busy_files(store) if n == name or os.path.lexists(folder / n)} | {name}
    record = git_dir / WRITTEN_BUSY_RECORD
    data = "".join(f"{n}\n" for n in sorted(kept)).encode()
    try:
        if record.read_bytes() == data:
            return
    except OSError:
        pass
    atomic_write(record, data)


def written_here(store: Store, name: str) -> bool:
    """Whether the busy file of the person called `name` is one this copy wrote."""
    return file_name(name) in written_busy_files(store)


# -- writing this person's file ------------------------------------------------------------


def busy_window(today: date, first_weekday: int) -> tuple[date, date]:
    """The days a busy file speaks for: from the start of this week, BUSY_WEEKS weeks.
    Tied to the week, not to today, so the file changes once a week, not every day."""
    first = view_start(today, first_weekday)
    return first, first + timedelta(weeks=BUSY_WEEKS, days=-1)


def shared_busy_times(activities: list[Activity]) -> list[BusyTime]:
    """What the partner may see of `activities`, as each says (Activity.share): start and
    end, merged where they touch or overlap; with its title, kept apart; or nothing.  A
    skipped activity is not busy."""
    times: list[BusyTime] = []
    plain: int | None = None  # where in `times` the last busy time without a title is
    for activity in sorted(activities, key=lambda a: (a.date, a.start, a.end)):
        if activity.skipped or activity.share == "none":
            continue
        if activity.share == "title":
            times.append(BusyTime(activity.date, activity.start, activity.end, " ".join(activity.title.split())))
            continue
        last = None if plain is None else times[plain]
        if last is not None and last.day == activity.date and activity.start <= last.end:
            times[plain] = BusyTime(last.day, last.start, max(last.end, activity.end))
        else:
            plain = len(times)
            times.append(BusyTime(activity.date, activity.start, activity.end))
    return times


def render_busy(name: str, first: date, last: date, times: list[BusyTime]) -> bytes:
    """The busy file's bytes: the same times always give the same bytes."""
    entries = []
    for busy in sorted(times, key=lambda b: (b.day, b.start, b.end, b.title)):
        entry: dict[str, Any] = {"date": busy.day, "start": format_time(busy.start), "end": format_time(busy.end)}
        if busy.title:
            entry["title"] = busy.title
        entries.append(entry)
    data: dict[str, Any] = {"version": FORMAT_VERSION, "name": name, "first": first, "last": last}
    if entries:
        data["busy"] = entries
    return dumps(data)


def write_own_busy(store: Store, today: date) -> bool:
    """(Re)write this person's busy file from their own activities and routines for the
    coming weeks; remove it when sharing busy times is off.  Returns whether the file
    changed.  Nothing is written when the bytes would be the same, nor while one of the
    own files it is made from cannot be read (the file then keeps what it said)."""
    partner = store.config.partner
    path = own_busy_path(store)
    if path is None or not partner.shared:
        return False
    if not partner.share_busy:
        return remove_own_busy(store)
    config = store.config
    first, last = busy_window(today, config.first_weekday)
    sources = [store.week(week) for week in weeks_between(first, last)] + [store.routines()]
    if any(collection.errors for collection in sources):
        return False
    data = render_busy(partner.me, first, last, shared_busy_times(store.activities_between(first, last)))
    # The shared repository holds whatever the partner pushed: a symbolic link there
    # (git carries them) must never make this write land outside it.
    if _linked(path.parent):
        return False
    if os.path.islink(path):
        path.unlink()
    _note_written(store, path.name)
    try:
        if read_data_file(path) == data:
            return False
    except DataFileError:
        pass  # not a readable file (a folder, a FIFO…): atomic_write below replaces it or says why not
    atomic_write(path, data)
    return True


def remove_own_busy(store: Store) -> bool:
    """Remove this person's busy file from the shared work tree (the next sync takes
    it off the remote), when this copy wrote it.  Returns whether there was one."""
    path = own_busy_path(store)
    return path is not None and path.name in written_busy_files(store) and _remove(path)


def _linked(folder: Path) -> bool:
    """Whether `folder` or the shared repository it is in is a symbolic link (or not a folder)."""
    for place in (folder.parent, folder):
        try:
            info = os.lstat(place)
        except FileNotFoundError:
            return False  # made afresh by the write, inside the data directory
        except OSError:
            return True
        if not stat.S_ISDIR(info.st_mode):
            return True
    return False


def _remove(path: Path) -> bool:
    if _linked(path.parent):
        return False  # the file there is not this person's to remove
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISDIR(info.st_mode):
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


# -- reading the other people's files ---------------------------------------------------------


def read_partner_busy(store: Store, first: date, last: date) -> PartnerBusy:
    """The other people's busy times on days first..last, in order, with what was wrong
    with their files."""
    folder = busy_dir(store)
    found = PartnerBusy()
    try:
        info = os.lstat(folder)
    except OSError:
        return found
    if not stat.S_ISDIR(info.st_mode):
        found.errors.append(DataError(folder, 1, 1, "not a folder: the partner's busy times are not read"))
        return found
    own = own_busy_path(store)
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        found.errors.append(DataError(folder, 1, 1, f"cannot read: {exc.strerror or exc}"))
        return found
    files = [n for n in names if is_busy_file(f"{BUSY_FOLDER}/{n}") and (own is None or n != own.name)]
    if len(files) > MAX_PEOPLE:
        found.errors.append(DataError(folder, 1, 1, f"{len(files)} busy files; only the first {MAX_PEOPLE} are read"))
    for name in files[:MAX_PEOPLE]:
        _read_one(folder / name, first, last, found, store.config.partner.me)
    found.times.sort(key=lambda b: (b.day, b.start, b.end, b.person, b.title))
    return found


def busy_files_signature(store: Store) -> tuple[tuple[str, int, int], ...]:
    """What the busy folder holds now, by name, modification time and size: when it is
    the same, a reading of it is still good (the planner reads it once, not every week)."""
    folder = busy_dir(store)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ()
    found = []
    for name in names:
        try:
            info = os.lstat(folder / name)
        except OSError:
            continue
        found.append((name, info.st_mtime_ns, info.st_size))
    return tuple(found)


def partner_busy_times(store: Store, first: date, last: date) -> list[BusyTime]:
    """The other people's busy times between two days (their files' errors aside:
    `read_partner_busy` has them)."""
    return read_partner_busy(store, first, last).times


def _read_one(path: Path, first: date, last: date, found: PartnerBusy, me: str) -> None:
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            # Git carries symbolic links: one in a shared folder could point anywhere.
            found.errors.append(DataError(path, 1, 1, "a symbolic link, not a file: not read"))
            return
        data = read_data_file(path)
        if data is None:
            return
        if len(data) > MAX_BUSY_BYTES:
            size = len(data) // 1024
            found.errors.append(
                DataError(path, 1, 1, f"file is {size} KB, more than the {MAX_BUSY_BYTES // 1024} KB of a busy file")
            )
            return
        doc, text = parse_toml(path, data)
    except DataFileError as exc:
        found.errors.extend(exc.errors)
        return
    except OSError as exc:
        found.errors.append(DataError(path, 1, 1, f"cannot read: {exc.strerror or exc}"))
        return

    def problem(table: tuple[str, ...], key: str | None, message: str) -> None:
        line, col = locate(text, table, key)
        found.errors.append(DataError(path, line, col, message))

    person = doc.get("name")
    if not isinstance(person, str) or not person.strip():
        person = unquote(path.name.removesuffix(".toml"))
        if "name" in doc:
            problem((), "name", "'name' must be text")
    person = " ".join(person.split())
    if me and person == me:
        return  # this person's own file from before a change of name (or another machine's spelling)
    person = one_line(person, limit=64)
    found.people.append(person)
    covered_until = doc.get("last")
    if type(covered_until) is date:
        found.known_until[person] = covered_until
    elif "last" in doc:
        problem((), "last", "'last' must be a date like 2026-11-27")
    entries = doc.get("busy", [])
    if not isinstance(entries, list):
        problem((), "busy", "'busy' must be a list of busy times ([[busy]] tables)")
        return
    if len(entries) > MAX_BUSY_TIMES:
        problem((), "busy", f"{len(entries)} busy times; only the first {MAX_BUSY_TIMES} are read")
    for index, entry in enumerate(entries[:MAX_BUSY_TIMES]):
        busy, message = _busy_time(entry, person)
        if busy is None:
            line, col = _entry_position(text, index)
            found.errors.append(DataError(path, line, col, f"busy time {index + 1}: {message}; skipped"))
        elif first <= busy.day <= last:
            found.times.append(busy)


def _busy_time(entry: Any, person: str) -> tuple[BusyTime | None, str]:
    if not isinstance(entry, dict):
        return None, "must be a table with date, start and end"
    day = entry.get("date")
    if type(day) is not date or not plannable(day):
        return None, "'date' must be a date like 2026-11-27"
    times = []
    for key in ("start", "end"):
        value = entry.get(key)
        if not isinstance(value, str):
            return None, f"'{key}' must be a time like \"19:30\""
        try:
            times.append(parse_time(value, allow_24=key == "end"))
        except ValueError as exc:
            return None, f"'{key}': {exc}"
    start, end = times
    if not 0 <= start < end <= MINUTES_PER_DAY:
        return None, f"ends at {format_time(end)}, not after it starts at {format_time(start)}"
    title = entry.get("title", "")
    if not isinstance(title, str):
        return None, "'title' must be text"
    return BusyTime(day, start, end, one_line(title.strip(), limit=TITLE_MAX_LENGTH), person), ""


def _entry_position(text: str, index: int) -> tuple[int, int]:
    """Line and column of the `index`th busy time, written one a line as weekplan writes
    them or as [[busy]] tables; otherwise where the busy list starts."""
    seen = -1
    for number, line in enumerate(text.splitlines()):
        if line.strip().replace(" ", "").startswith(("[[busy]]", "{")):
            seen += 1
            if seen == index:
                return number + 1, 1
    return locate(text, (), "busy")


# -- evenings free for both ------------------------------------------------------------------


class EveningsForBoth(Record):
    """The free evenings of a week, for both when the partner's busy times are known."""

    evenings: list[FreeEvening]  # free for both; without a partner's busy times, free for you
    own_free: int  # evenings free for you, whatever the partner's week
    partner: str  # whose busy times were taken into account ("" for none)
    shared: bool  # whether there is a partner at all (config.toml's [partner] remote)
    unknown_from: date | None = None  # the first day of the week the partner's file does not cover
    errors: list[DataError] = field(default_factory=list)

    @property
    def for_both(self) -> bool:
        return bool(self.partner)

    def label(self, evening: FreeEvening) -> str:
        return f"Free evening{' for both' if self.for_both else ''}: {evening.describe()}"

    def note(self) -> str:
        """What a person should know about the offer besides the evenings ("" for nothing)."""
        if not self.shared:
            return ""
        if not self.for_both:
            return "Your partner has shared no busy times (yet): these evenings are free for you."
        if self.unknown_from is not None:
            return f"{self.partner}'s busy times reach only to {self.unknown_from - timedelta(days=1):%a %-d %b}."
        return ""

    def none_left(self) -> str:
        """Why no evening is offered."""
        if self.for_both and self.own_free:
            evenings = "evening" if self.own_free == 1 else "evenings"
            return (
                f"No evening free for both from today on in this week: you are free on {self.own_free} {evenings},"
                f" but {self.partner} is busy then."
            )
        return "No free evening from today on in this week: every evening has something in it."


def evenings_for_both(store: Store, first_day: date, today: date) -> EveningsForBoth:
    """The evenings of the 7 days from `first_day`, from today on, that are free for this
    person and, when there is a partner who shares busy times, for the partner too."""
    from weekplan.together import free_evenings  # only suggesting needs it, never a sync

    last = first_day + timedelta(days=6)
    config = store.config
    activities = store.activities_between(first_day, last)
    dates = store.dates_between(first_day - timedelta(days=1), last)  # what free_evenings looks at
    own = free_evenings(first_day, activities, dates, config, today)
    if not config.partner.shared:
        return EveningsForBoth(own, len(own), "", False)
    found = read_partner_busy(store, first_day, last)
    people = sorted(set(found.people))
    if not people:
        return EveningsForBoth(own, len(own), "", True, errors=found.errors)
    both = free_evenings(first_day, activities, dates, config, today, found.times)
    covered = min(found.known_until.values(), default=last)
    unknown_from = covered + timedelta(days=1) if covered < last else None
    partner = people[0] if len(people) == 1 else "your partner"
    return EveningsForBoth(both, len(own), partner, True, unknown_from, found.errors)
