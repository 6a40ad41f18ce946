"""Where the data directory is (--data-dir, $WEEKPLAN_DATA_DIR or the platform's), and
the lock that lets one weekplan process at a time write in it.  Plain Python."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

ENV_VAR = "WEEKPLAN_DATA_DIR"
APP_NAME = "weekplan"


def default_data_dir() -> Path:
    import platformdirs  # only needed when no directory is given

    return Path(platformdirs.user_data_dir(APP_NAME))


def resolve_data_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins, then WEEKPLAN_DATA_DIR, then the platform's data directory."""
    if given:
        return Path(given).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_data_dir()


@contextlib.contextmanager
def data_dir_lock(root: Path) -> Iterator[None]:
    """One weekplan process (or thread) at a time checks a file and writes it; sync
    holds it while git changes the files.

    An advisory lock on the data directory itself, so there is no lock file to sync;
    programs that do not take it (git by hand, editors) are caught by the stale check."""
    try:
        import fcntl
    except ImportError:  # no flock here (Windows): the stale check still applies
        yield
        return
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
