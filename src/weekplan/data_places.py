"""Where the data directory is, and which files in it are weekplan's own.

Both are known before anything is read, and the commands that start git first
(`weekplan sync`) need them before the store and the model are loaded; so this
module imports nothing of weekplan's.  The store (weekplan.store) reads and writes
the files named here.

Plain Python, no Textual.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "WEEKPLAN_DATA_DIR"
APP_NAME = "weekplan"
# Inside a repository's .git while git rewrites its work tree for a sync; left there
# when git was stopped half-way (weekplan.sync_stopped), and nothing is saved then.
REWRITING_RECORD = "weekplan-rewriting"
# The Together repository's work tree (and where `weekplan partner --init` builds it):
# inside the data directory, never part of the own repository.
TOGETHER_FOLDER = "together"


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


def own_file_patterns() -> tuple[str, ...]:
    """weekplan's own files in a data directory, as glob patterns relative to it: what
    sync commits and merges item by item, and nothing else.  dates.toml is the single
    file of dates that older versions wrote; a start moves it into dates/."""
    year, week = "[0-9][0-9][0-9][0-9]", "W[0-5][0-9]"
    return (
        "config.toml",
        "ideas.toml",
        "goals.toml",
        "routines.toml",
        "dates.toml",
        f"dates/{year}.toml",
        f"weeks/{year}-{week}.toml",
    )
