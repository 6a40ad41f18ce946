"""Where the data directory is, and which files in it are weekplan's own.

Both are known before anything is read, and the commands that start git first
(`weekplan sync`) need them before the store and the model are loaded; so this
module imports nothing of weekplan's but the week arithmetic and `~` expanded, and
those only when a week's or a year's file name, or a directory given, is asked
about.  The store (weekplan.store) reads and writes the files named here.

Plain Python, no Textual.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from weekplan.weeks import IsoWeek

ENV_VAR = "WEEKPLAN_DATA_DIR"
APP_NAME = "weekplan"
# Inside a repository's .git while git rewrites its work tree for a sync; left there
# when git was stopped half-way (weekplan.sync_stopped), and nothing is saved then.
REWRITING_RECORD = "weekplan-rewriting"
# The Together repository's work tree (and where `weekplan partner --init` builds it):
# inside the data directory, never part of the own repository.
TOGETHER_FOLDER = "together"
# In the Together repository: one file per person, their busy times (weekplan.partner_busy).
BUSY_FOLDER = "busy"
# Set by sync for git's merge driver in the Together repository: the path of this
# person's own busy file there, the only one whose version here is the newer.
OWN_BUSY_FILE_ENV = "WEEKPLAN_OWN_BUSY_FILE"


def default_data_dir() -> Path:
    import platformdirs  # only needed when no directory is given

    return Path(platformdirs.user_data_dir(APP_NAME))


class NoFolderError(ValueError):
    """A data directory given as nothing, or blanks only (a script's unset variable): it
    names no folder, and is never read as the usual one."""


def resolve_data_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins, then WEEKPLAN_DATA_DIR, then the platform's data directory;
    NoHomeError (an OSError) for a `~name` of no user, NoFolderError for a blank one."""
    where = "--data-dir"
    if given is None:
        given, where = os.environ.get(ENV_VAR), ENV_VAR
    if given is None:
        return default_data_dir()
    if not os.fspath(given).strip():
        raise NoFolderError(f"an empty {where} names no folder; leave it out for the usual one")
    from weekplan.home_paths import expand_home  # only a directory given needs it

    return expand_home(given)


def own_file_patterns() -> tuple[str, ...]:
    """weekplan's own files in a data directory, as glob patterns relative to it: what
    sync commits and merges item by item, and nothing else.  dates.toml is the single
    file of dates that older versions wrote; a start moves it into dates/.  A glob
    cannot say which weeks exist: a path of weeks/ (or dates/) is weekplan's own only
    when `week_file_name` (or `year_file_name`) also reads it (see `is_own_file`)."""
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


_WEEKS = "weeks/"


# The patterns are compiled when first used: the planner's first screen reads the
# weeks it shows by name and looks at the names in weeks/ only after it is up.
@cache
def _week_file() -> re.Pattern[str]:
    return re.compile(r"([0-9]{4})-W([0-9]{2})\.toml")


# How long the name of every week file is (each four digits of a year, two of a week):
# the search index holds the names end to end on the strength of it.
WEEK_FILE_NAME_LENGTH = len("2026-W48.toml")


def week_file_name(name: str) -> IsoWeek | None:
    """The week a file in weeks/ holds, when the planner reads it under this very name:
    a week that exists (no W00, no W53 in a year of 52 weeks), in the years the planner
    plans in (a week of year 999 would not even be written back under the same name)."""
    match = _week_file().fullmatch(name)
    if match is None:
        return None
    from weekplan.weeks import IsoWeek, plannable  # only a week file's name needs them

    try:
        week = IsoWeek(int(match[1]), int(match[2]))
    except ValueError:  # like 2026-W54: no such week
        return None
    return week if plannable(week.monday) else None


_DATES = "dates/"


@cache
def _year_file() -> re.Pattern[str]:
    return re.compile(r"([0-9]{4})\.toml")


def year_file_name(name: str) -> int | None:
    """The year a file in dates/ holds, when the planner reads it under this very name:
    a year it plans in (no date of year 0000 or 5000 is ever written there)."""
    match = _year_file().fullmatch(name)
    if match is None:
        return None
    from weekplan.weeks import FIRST_YEAR, LAST_YEAR  # only a year file's name needs them

    year = int(match[1])
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def is_own_file(relpath: str) -> bool:
    """Whether a path (relative to the data directory) that one of `own_file_patterns`
    matches is a file weekplan reads under that very name: for a week file, a week the
    planner reads; for a year's file of dates, a year it plans in."""
    if relpath.startswith(_WEEKS):
        return week_file_name(relpath[len(_WEEKS) :]) is not None
    if relpath.startswith(_DATES):
        return year_file_name(relpath[len(_DATES) :]) is not None
    return True


def is_busy_file(relpath: str) -> bool:
    """Whether a path in the Together repository is one person's busy times,
    `busy/<name>.toml`: a file made afresh from that person's own week at each sync.
    The one rule for it: syncing, merging, reading and leaving all ask here.  A hidden
    name (a half-written save, `.toml` alone) or one with a control character is none:
    weekplan spells every name out (partner_busy.file_name), so such a file was put
    there by hand, and its name would reach the terminal."""
    folder, _, name = relpath.partition("/")
    return (
        folder == BUSY_FOLDER
        and "/" not in name
        and name.endswith(".toml")
        and not name.startswith(".")
        and not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in name)
    )
