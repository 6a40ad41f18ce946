"""Writing a file so that a crash, a kill or a full disk leaves either the old file or
the new one, never half of each, and clearing what an interrupted write left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import BinaryIO, TypeVar

    T = TypeVar("T")


class WriteProtectedError(PermissionError):
    """The file is marked read-only (no write permission for its owner): a person made
    it so, and weekplan does not write over it, as editors and git do not."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(
            errno.EACCES,
            f"{path} is read-only (mode {stat.S_IMODE(mode):04o}); weekplan does not write over it. "
            f"Make it writable (chmod u+w) to save",
        )
        self.filename = str(path)


class LinkedAwayError(OSError):
    """A symbolic link where a file or its folder belongs that leads to nothing weekplan
    can write: a link to a file that is not there (it may point anywhere, outside the
    data directory too, and a save would create the file there), to a folder, or into
    a loop of links.  Links to files that are there are followed (see atomic_write_with)."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(errno.ENOENT, f"{path} is {why}")
        self.filename = str(path)


def link_problem(path: Path) -> str | None:
    """What is wrong with `path` as a symbolic link to write through or read (the words
    after "it is"), or None when it is no link, or a link to something that is there.
    The one rule: a link is followed to what exists, never used to create a file."""
    try:
        os.stat(path)
    except FileNotFoundError:
        try:
            target = os.readlink(path)
        except OSError:  # not a link: a file simply not made yet
            return None
        return (
            f"a symbolic link to {target}, which does not exist: weekplan creates nothing through a link "
            "(it could point anywhere); create what it points to, or remove the link"
        )
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link into a loop of links; remove the link"
    return None


def write_error_reason(exc: OSError) -> str:
    """Why a write failed, and where, in words: "No space left on device (/data/weeks)",
    not Python's "[Errno 28] ...: '/data/weeks'"."""
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) not in str(exc.strerror) else ""
    return f"{exc.strerror or exc}{where}"


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file
    (see `atomic_write_with`)."""
    atomic_write_with(path, lambda handle: handle.write(data))


def atomic_write_with(path: Path, fill: Callable[[BinaryIO], T]) -> T:
    """Replace `path` with what `fill` writes into the handle it is given (in pieces,
    so a big file is never whole in memory), so that a crash, or `fill` raising,
    leaves either the old or the new file; returns what `fill` returns.

    The temporary file is `.<name>.<random>.tmp` beside it (see `leftovers`),
    created private (0600) whatever the umask.  An existing file keeps its mode, less
    any write permission for others; one its owner may not write is refused
    (WriteProtectedError).  A symbolic link (config.toml kept with one's dotfiles) stays
    one: the file it points to is replaced, as editors do."""
    target, existing = _write_target(path)
    tmp_name, result = _written_aside(target, existing, fill)
    _put_in_place(tmp_name, target)
    _sync_folder(target.parent)
    return result


def replace_own_file(path: Path, data: bytes) -> None:
    """Replace the entry `path` in its folder with a new file of `data`, as `atomic_write`
    does, for a private file of weekplan's own that no person edits (a record it keeps
    on this machine): whatever is there, a link or a read-only file, is itself
    replaced, never followed nor refused."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp_name, _ = _written_aside(path, None, lambda handle: handle.write(data))
    _put_in_place(tmp_name, path)
    _sync_folder(path.parent)


def atomic_write_many(files: list[tuple[Path, bytes]]) -> None:
    """Replace each file with its bytes, as `atomic_write` does, many at once (an
    import's weeks): every file is written aside and synced before any is put in
    place, so one that cannot be written changes none; a crash while they are put in
    place leaves each file either old or new.  The syncs run side by side, which the
    file system commits together, and each folder is synced once, after all."""
    if len(files) <= 1:
        for path, data in files:
            atomic_write(path, data)
        return
    from concurrent.futures import ThreadPoolExecutor

    targets = [_write_target(path) for path, _ in files]  # refusals before anything is written
    with ThreadPoolExecutor(max_workers=min(16, len(files))) as pool:
        futures = [
            pool.submit(_written_aside, target, existing, lambda handle, data=data: handle.write(data))
            for (target, existing), (_, data) in zip(targets, files, strict=True)
        ]
    failed = [future.exception() for future in futures if future.exception() is not None]
    if failed:
        for future in futures:
            if future.exception() is None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(future.result()[0])
        raise failed[0]  # type: ignore[misc]
    made = [(future.result()[0], target) for future, (target, _) in zip(futures, targets, strict=True)]
    for done, (tmp_name, target) in enumerate(made):
        try:
            _put_in_place(tmp_name, target)
        except BaseException:
            for left, _target in made[done + 1 :]:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(left)
            raise
    for folder in dict.fromkeys(target.parent for target, _ in targets):
        _sync_folder(folder)


def _write_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file to replace (a link's target) and what it is now; refuses one its owner
    may not write, and a link (to it or its folder) that leads nowhere (`link_problem`)."""
    for place in (path.parent, path):
        why = link_problem(place)
        if why is not None:
            raise LinkedAwayError(place, why)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if target.is_dir():
            raise LinkedAwayError(path, f"a symbolic link to the folder {target}, not to a file")
        path = target
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISREG(existing.st_mode) and not existing.st_mode & stat.S_IWUSR:
        raise WriteProtectedError(path, existing.st_mode)
    return path, existing


def _written_aside(path: Path, existing: os.stat_result | None, fill: Callable[[BinaryIO], T]) -> tuple[str, T]:
    """A temporary file beside `path` with what `fill` writes, synced to the disk."""
    import tempfile  # only writing needs it

    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        # Named by the temporary file's random name, which means nothing to a person:
        # what cannot take a new file (no permission, a read-only disk) is the folder.
        raise type(error)(error.errno, error.strerror, str(path.parent)) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None and stat.S_ISREG(existing.st_mode):
                os.chmod(tmp_name, stat.S_IMODE(existing.st_mode) & ~0o022)
            result = fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if type(error) is OSError and error.filename is None:
            # A write that found no room (a full disk, a quota) names no file: say which
            # one was not saved.
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    return tmp_name, result


def _put_in_place(tmp_name: str, path: Path) -> None:
    try:
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _sync_folder(folder: Path) -> None:
    """Make the renames in the folder last (a crash could otherwise lose them)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


# A save interrupted by a crash or a kill leaves its temporary file.  One is provably
# stale when it has not been written to for an hour (a save writes its temporary file
# in one go, then renames it) and the data directory's lock is held, so no weekplan
# process is saving; only then is it removed.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$", re.MULTILINE)
STALE_AFTER_SECONDS = 3600


def leftovers(folder: Path, names: list[str] | None = None) -> list[tuple[Path, float]]:
    """The temporary files of interrupted saves in `folder` (whose `names` the caller
    may have listed already), with their age in seconds.  All the names are searched
    at once: weeks/ holds hundreds, and is looked at on every start."""
    import time

    if names is None:
        try:
            names = os.listdir(folder)
        except OSError:
            return []
    found = []
    now = time.time()
    for match in _LEFTOVER.finditer("\n".join(n for n in names if "\n" not in n)):
        path = folder / match.group(0)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((path, now - info.st_mtime))
    return sorted(found)


def remove_stale(found: list[tuple[Path, float]]) -> list[Path]:
    """Remove the left-overs older than STALE_AFTER_SECONDS (the caller holds the lock);
    returns what was removed."""
    removed = []
    for path, age in found:
        if age >= STALE_AFTER_SECONDS:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
