"""Opening a file weekplan reads but did not make sure of: a data file, a calendar to
import, a file in a calendar folder.

Only a regular file is read (a symbolic link to one is followed): a FIFO would keep
the reader waiting for a writer for ever, and a device could do anything, like
/dev/zero filling the memory, so neither is ever opened.  What is opened is looked at
again, in case something else took the file's place after the first look.  The one
exception is a pipe a person named on the command line (/dev/stdin), read as `cat`
would read it.  Each caller words the refusal its own way.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class RefusedFile(Exception):
    """A file weekplan does not read as it is."""


class NotRegularFile(RefusedFile):
    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(f"{path} is {kind_of(mode)}")
        self.mode = mode


class TooLargeFile(RefusedFile):
    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path} is more than {limit} bytes")
        self.size = size
        self.limit = limit


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, for a message: "a FIFO (named pipe)"."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular_file(path: Path, *, limit: int | None = None, pipe: bool = False, follow: bool = True) -> bytes | None:
    """The bytes of the file at `path`, None when there is none.

    NotRegularFile for anything but a regular file (or, with `pipe`, a FIFO; without
    `follow`, a symbolic link too), and TooLargeFile for one of more than `limit` bytes
    (no limit when None); any other failure is the OSError itself (ELOOP: a link that
    took the file's place after the look, not followed)."""

    def refused(mode: int) -> bool:
        return not (stat.S_ISREG(mode) or (pipe and stat.S_ISFIFO(mode)))

    try:
        before = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None
    if refused(before.st_mode):
        raise NotRegularFile(path, before.st_mode)
    if limit is not None and stat.S_ISREG(before.st_mode) and before.st_size > limit:
        raise TooLargeFile(path, before.st_size, limit)
    # O_NONBLOCK: should a FIFO take the file's place after the look, opening it still
    # waits for no writer.  A pipe named on purpose is waited for.
    no_wait = 0 if pipe else getattr(os, "O_NONBLOCK", 0)
    no_follow = 0 if follow else os.O_NOFOLLOW
    try:
        fd = os.open(path, os.O_RDONLY | no_wait | no_follow | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    try:
        if refused(mode := os.fstat(fd).st_mode):
            raise NotRegularFile(path, mode)
        return _read_all(fd, path, limit)
    finally:
        os.close(fd)


def _read_all(fd: int, path: Path, limit: int | None) -> bytes:
    """Everything `fd` gives, reading no more than one byte past `limit`: a file that
    grew since it was looked at is still refused whole, not read into the memory."""
    chunks = []
    size = 0
    while limit is None or size <= limit:
        chunk = os.read(fd, 1024 * 1024 if limit is None else limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if limit is not None and size > limit:
        raise TooLargeFile(path, os.fstat(fd).st_size, limit)
    return b"".join(chunks)
