"""iCalendar files in and out, as both the command line (`weekplan export` and `import`)
and the planner's palette use them: reading the files to import, writing an export, and
saying what could not be exported.  The work itself is weekplan.ics_import (plan_import,
apply_import) and weekplan.ics_export (write_calendar); the iCalendar library
loads only when it is used.

Plain Python, no Textual.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import date
from pathlib import Path

from weekplan.atomic_files import atomic_write_with
from weekplan.home_paths import NoHomeError, expand_home
from weekplan.regular_files import NotRegularFile, TooLargeFile, kind_of, read_regular_file
from weekplan.tomlfile import DataError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from weekplan.store import Store


class CalendarFileError(Exception):
    """A file or folder to import that is not there or cannot be read; `path` and
    `reason` (the message without the path) when it is one file."""

    def __init__(self, message: str, *, path: Path | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason or message


def read_sources(names: list[str] | list[Path], *, pipes: bool = False) -> list[tuple[Path, bytes, str]]:
    """The bytes of each file named, with the calendar it belongs to: a folder stands
    for the .ics files in it (khal/vdir) and is their calendar; a file is its own.
    Only regular files are read (weekplan.regular_files says why), and with `pipes`
    (a command line's own names, like /dev/stdin) a pipe named itself."""
    sources = []
    for name in names:
        path = _expanded(name)
        paths = _ics_files(path) if path.is_dir() else [path]
        calendar = str(path.absolute())
        for each in paths:
            sources.append((each, _calendar_bytes(each, pipe=pipes and each == path), calendar))
    return sources


def inside_data_dir(root: Path, path: Path) -> str:
    """Why weekplan never writes calendar files at `path` ("" when it may): it is in
    the data directory `root`, or is it, where an .ics written would sit among (or over)
    weekplan's own files, and sync would name it as not weekplan's."""
    data = root.resolve()
    if _expanded(path).absolute().resolve().is_relative_to(data):
        return f"{path} is inside weekplan's data directory ({data})"
    return ""


def _expanded(name: str | Path) -> Path:
    try:
        return expand_home(name)
    except NoHomeError as exc:
        raise CalendarFileError(exc.strerror) from None


def read_folder(
    folder: Path, *, limit: int | None = None
) -> tuple[list[tuple[Path, bytes, str]], list[tuple[Path, str, str]]]:
    """The .ics files of a folder (khal/vdir) that can be read, as read_sources gives
    them, and those that cannot (a FIFO or a folder by an .ics name, a file it may not
    read, one of more than `limit` bytes), each with its problem as `path:1:1: why`
    and the calendar: one file that cannot be read costs that file only.  A folder
    that cannot be listed, or holds no .ics files, is a CalendarFileError; so is a
    file named instead of a folder that cannot be read."""
    path = _expanded(folder)
    if not path.is_dir():
        return [(path, _calendar_bytes(path, pipe=False, limit=limit), str(path.absolute()))], []
    calendar = str(path.absolute())
    readable, unreadable = [], []
    for each in _ics_files(path):
        try:
            if each.is_dir():  # a folder named like a calendar file is no calendar
                raise CalendarFileError(f"{each} is a folder, not a calendar file", path=each, reason="a folder")
            readable.append((each, _calendar_bytes(each, pipe=False, limit=limit), calendar))
        except CalendarFileError as exc:
            if os.path.lexists(each):  # one deleted since the listing is gone, as it would be a moment later
                unreadable.append((each, f"{each}:1:1: cannot be read: {exc.reason}", calendar))
    return readable, unreadable


def _ics_files(folder: Path) -> list[Path]:
    """The .ics files of a folder (khal/vdir), in order; a folder that cannot be listed
    or holds none is a CalendarFileError."""
    try:
        paths = sorted(folder.glob("*.ics"))
    except OSError as exc:
        raise CalendarFileError(f"cannot read {folder}: {exc.strerror or exc}") from None
    if not paths:
        raise CalendarFileError(f"{folder} holds no .ics files")
    return paths


def _calendar_bytes(path: Path, *, pipe: bool, limit: int | None = None) -> bytes:
    try:
        data = read_regular_file(path, pipe=pipe, limit=limit)
    except NotRegularFile as refused:
        kind = kind_of(refused.mode)
        raise CalendarFileError(f"{path} is {kind}, not a calendar file", path=path, reason=kind) from None
    except TooLargeFile as refused:
        why = f"{refused.size / 1024 / 1024:.1f} MB, more than the {refused.limit // 1024 // 1024} MB weekplan reads"
        raise CalendarFileError(f"{path} is {why}", path=path, reason=why) from None
    except OSError as exc:
        why = str(exc.strerror or exc)
        raise CalendarFileError(f"cannot read {path}: {why}", path=path, reason=why) from None
    if data is None:
        why = os.strerror(errno.ENOENT)
        raise CalendarFileError(f"cannot read {path}: {why}", path=path, reason=why)
    return data


def check_export_target(store: Store, path: Path) -> Path:
    """The file an export may write: never one inside the data directory (an export
    written over a file of dates would lose it), and only into a folder that exists.
    CalendarFileError says why not."""
    return _export_target(store, path)[0]


def _export_target(store: Store, path: Path) -> tuple[Path, int | None]:
    """The file an export may write (see check_export_target) and its mode, looked at
    once: None when there is no file there yet."""
    target = _expanded(path).absolute()
    inside = inside_data_dir(store.root, target)
    if inside:
        raise CalendarFileError(f"{inside}; export somewhere else")
    if not target.parent.is_dir():
        raise CalendarFileError(f"{target.parent} is not a folder")
    try:
        mode: int | None = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise CalendarFileError(f"{path} is a folder; name a file in it, like {target / 'weekplan.ics'}")
    if mode is not None and not (stat.S_ISREG(mode) or _written_into(mode)):
        raise CalendarFileError(f"{path} is {kind_of(mode)}; name a file")  # a disk, a socket
    return target, mode


def _written_into(mode: int) -> bool:
    """A device like /dev/null or a pipe (`-o >(gzip)`): the export goes into it.  A file
    put in its place, as a save is (beside it, then renamed over it), would break
    everything else that uses it."""
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_export(
    store: Store,
    path: Path,
    first: date | None = None,
    last: date | None = None,
    *,
    problems: list[DataError] | None = None,
) -> int:
    """Export into `path` (replacing it whole, or not at all); returns the number of
    events, and adds what is wrong in the week and date files to `problems`
    (calendar_files.export_problem says what became of each).
    CalendarFileError for a path it refuses, OSError when it cannot be written."""
    from weekplan.ics_export import write_calendar

    target, mode = _export_target(store, path)
    if mode is not None and _written_into(mode):
        with open(target, "wb") as handle:
            if handle.isatty():  # raw, a title could drive it: the command line shows it safely
                raise CalendarFileError(f"{path} is a terminal; leave out -o to see the export")
            return write_calendar(store, handle.write, first, last, problems=problems)
    return atomic_write_with(target, lambda handle: write_calendar(store, handle.write, first, last, problems=problems))


def export_problem(error: DataError) -> str:
    """A problem met while exporting, with what became of it: a misfiled item is read
    and goes out on its date; anything else could not be read and was left out."""
    return f"{error} ({'exported on its date' if error.misfiled else 'left out of the export'})"


def left_out_of_export(store: Store) -> list[DataError]:
    """Files an export had to leave out because they could not be read, beyond those
    it put in its `problems` as it read them (the week and date files)."""
    return list(store.routines().errors)
