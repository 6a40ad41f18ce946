"""Paths a person writes with `~` (their home folder) or `~name` (another user's): in
config.toml, on the command line, in the environment.

A `~name` of no user on this machine (a config.toml synced from another machine, a
typo) has no home folder to stand for; that is said, naming the path, rather than
raised from deep inside pathlib.

Plain Python, no Textual.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class NoHomeError(OSError):
    """A path that starts with `~` or `~name` where there is no such home folder."""

    def __init__(self, written: str) -> None:
        user = written[1:].split("/", 1)[0].split(os.sep, 1)[0]
        whose = f"user {user!r}" if user else "this user"
        super().__init__(errno.ENOENT, f"there is no home folder of {whose} here for {written!r}")


def expand_home(written: str | os.PathLike[str]) -> Path:
    """The path with a leading `~` or `~name` made the home folder it stands for
    (the path as it is otherwise); NoHomeError when there is none."""
    path = Path(written)
    text = os.fspath(written)
    if text[:1] == "~" and text[1:2] in ("", "/", os.sep) and os.environ.get("HOME") == "":
        raise NoHomeError(text)  # pathlib would make "~/plans" /plans
    try:
        return path.expanduser()
    except RuntimeError:  # pathlib's word for "no such user", or no home at all
        raise NoHomeError(os.fspath(written)) from None
