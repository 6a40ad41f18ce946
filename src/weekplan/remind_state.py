"""What `weekplan remind --notify` (or `--once`) has shown on this machine, so that each
reminder comes once, and one missed comes late rather than never.

The record is kept per machine and per data directory, outside the data directory
(it is not synced: each machine shows its own notices), in the platform's state
folder: `$WEEKPLAN_STATE_DIR`, else `$XDG_STATE_HOME/weekplan` (~/.local/state/weekplan)
on Linux.  It is a small JSON file written whole or not at all; a run holds the
folder's lock from reading it to writing it, so that two runs at once do not both
show the same reminder.

A record that cannot be used (unreadable, cut short, not JSON, written by a newer
weekplan, for another data directory, a link, not a file, too big) is named and
replaced: the run then looks back from the time the file was last written, which
is when the run that wrote it ended, so nothing is lost; what that run showed ahead
of its time may come again.

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from datetime import datetime
from pathlib import Path

from weekplan.machine_folders import STATE_VAR, machine_folder
from weekplan.record import Record, field
from weekplan.regular_files import NotRegularFile, TooLargeFile, read_regular_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from collections.abc import Iterator

FORMAT = 1
# A record holds a few weeks of reminders, a line each: far less than this.
MAX_STATE_BYTES = 1024 * 1024
MAX_SHOWN = 10_000
# How long a run waits for another to finish (one that waits for a slow notifier
# takes up to its timeout for each notice).
LOCK_WAIT_SECONDS = 90.0
_MINUTE = "%Y-%m-%dT%H:%M"


class RemindState(Record):
    since: datetime  # nothing before it is looked at: the record began then (it may be later than now)
    covered_until: datetime  # every reminder before it was shown, or counted as missed
    last_run: datetime  # the time of the run that wrote it
    shown: frozenset[str]  # the reminders shown, by `shown_key`
    # The reminders printed that the desktop has not shown yet, with how many runs tried.
    tries: dict[str, int] = field(default_factory=dict, hash=False)
    # What was said when the desktop last failed; None once it shows a notice again.
    desktop_problem: str | None = None


def state_dir() -> Path | None:
    """$WEEKPLAN_STATE_DIR, else the platform's state folder for weekplan; None when the
    variable is set but empty (keep no record); NoHomeError for a `~name` of no user."""
    return machine_folder(STATE_VAR)


def _data_dir_name(data_dir: Path) -> str:
    return os.path.realpath(data_dir)


def state_path(folder: Path, data_dir: Path, channel: str) -> Path:
    """The record of one data directory (named by its full path) and one way of showing
    ("notify" for the desktop, "print" for a script's): one does not eat the other's."""
    import hashlib

    digest = hashlib.sha256(os.fsencode(_data_dir_name(data_dir))).hexdigest()[:20]
    return folder / f"reminded-{digest}-{channel}.json"


def shown_key(at: datetime, kind: str, item_id: str) -> str:
    """A reminder as the record keeps it: its time, kind and item.  An item moved to
    another time is another reminder, and comes at its new time."""
    return f"{at.strftime(_MINUTE)} {kind} {item_id}"


def key_time(key: str) -> datetime | None:
    if len(key) < 17 or key[16] != " ":
        return None
    try:
        return datetime.fromisoformat(key[:16])  # not strptime, which loads a module of its own
    except ValueError:
        return None


@contextlib.contextmanager
def held(folder: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of the state folder (made if need be); TimeoutError when another
    run holds it longer than `wait_seconds`, OSError when it cannot be made."""
    import time

    from weekplan.store import data_dir_lock  # the one way weekplan locks a folder

    deadline = time.monotonic() + wait_seconds
    with contextlib.ExitStack() as stack:
        while True:
            try:
                stack.enter_context(data_dir_lock(folder, wait=False))
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TimeoutError(errno.ETIMEDOUT, f"another weekplan remind holds {folder}") from None
                time.sleep(0.05)
        yield


def read_state(path: Path, data_dir: Path, now: datetime) -> tuple[RemindState, str | None]:
    """The record, or when there is none a new one from `now`; with it what was wrong
    with the file (None when nothing was).  A file that cannot be used is never a
    reason to lose a reminder: the record then begins when the file was last written."""
    try:
        data = read_regular_file(path, limit=MAX_STATE_BYTES, follow=False)
    except NotRegularFile as exc:
        if stat.S_ISLNK(exc.mode):
            return _from_file_time(path, now), _link_problem(path)
        return _from_file_time(path, now), f"{path}: is not a file"
    except TooLargeFile as exc:
        return _from_file_time(path, now), f"{path}: is {exc.size} bytes, more than a record ever holds"
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link that took its place after the look
            return _from_file_time(path, now), _link_problem(path)
        return _from_file_time(path, now), f"{path}: cannot be read: {exc.strerror}"
    if data is None:
        return RemindState(now, now, now, frozenset()), None
    try:
        return _parsed(data, data_dir, now), None
    except _Unusable as exc:
        return _from_file_time(path, now), f"{path}:{exc.where}: {exc}"


class _Unusable(ValueError):
    def __init__(self, why: str, where: str = "1:1") -> None:
        super().__init__(why)
        self.where = where


def _parsed(data: bytes, data_dir: Path, now: datetime) -> RemindState:
    import json

    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _Unusable(f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise _Unusable(f"not a record weekplan wrote (cut short?): {exc.msg}", f"{exc.lineno}:{exc.colno}") from None
    except (RecursionError, ValueError):  # nested too deep; a number too long to read
        raise _Unusable("not a record weekplan wrote") from None
    if not isinstance(doc, dict):
        raise _Unusable("not a record weekplan wrote")
    version = doc.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
        raise _Unusable(f"written by a newer weekplan (format {version})")
    if version != FORMAT:
        raise _Unusable("not a record weekplan wrote")
    if doc.get("data_dir") != _data_dir_name(data_dir):
        raise _Unusable("the record of another data directory")
    since, covered, last_run = (_time(doc.get(name)) for name in ("since", "covered_until", "last_run"))
    shown = doc.get("shown")
    if since is None or covered is None or last_run is None or not isinstance(shown, list):
        raise _Unusable("not a record weekplan wrote")
    keys = frozenset(key for key in shown if isinstance(key, str) and key_time(key) is not None)
    # Kept since the record's first format, and left out by the runs before them.
    tried = doc.get("tries")
    tries = {
        key: count
        for key, count in (tried.items() if isinstance(tried, dict) else ())
        if key_time(key) is not None and isinstance(count, int) and not isinstance(count, bool) and count > 0
    }
    problem = doc.get("desktop_problem")
    return RemindState(since, covered, last_run, keys, tries, problem if isinstance(problem, str) else None)


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is None else None


def _link_problem(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return f"{path}: is a symbolic link (to {target}), not weekplan's own record"


def _from_file_time(path: Path, now: datetime) -> RemindState:
    """A record begun when the unusable file was last written (by the run that ended
    then), never later than now."""
    try:
        written = datetime.fromtimestamp(os.lstat(path).st_mtime).replace(microsecond=0)
    except (OSError, ValueError, OverflowError):
        written = now
    begun = min(written, now)
    return RemindState(begun, begun, begun, frozenset())


def write_state(path: Path, data_dir: Path, state: RemindState) -> None:
    """Replace the record, whatever is at its path (OSError when it cannot be written:
    the old record then stays as it was)."""
    import json

    from weekplan.atomic_files import replace_own_file

    doc = {
        "format": FORMAT,
        "data_dir": _data_dir_name(data_dir),
        "since": state.since.isoformat(timespec="seconds"),
        "covered_until": state.covered_until.isoformat(timespec="seconds"),
        "last_run": state.last_run.isoformat(timespec="seconds"),
        "shown": sorted(state.shown)[-MAX_SHOWN:],
        "tries": dict(sorted(state.tries.items())[-MAX_SHOWN:]),
        "desktop_problem": state.desktop_problem,
    }
    replace_own_file(path, (json.dumps(doc, indent=1, ensure_ascii=True) + "\n").encode("ascii"))


def pruned(shown: frozenset[str], keep_from: datetime) -> frozenset[str]:
    """The keys of reminders at or after `keep_from`: older ones are never looked at again."""
    return frozenset(key for key in shown if (at := key_time(key)) is not None and at >= keep_from)
