"""The data directory as a whole: who may read it, and what in it weekplan does not read.

- The directory is private (0700), as ssh keeps ~/.ssh: an existing one that others
  may enter is tightened when weekplan owns it and it holds only weekplan's files,
  and reported when it cannot be or is not weekplan's alone (/tmp, a home folder).
- Files weekplan would never read are reported, each naming its path, so nothing is
  silently hidden: `weeks` that is not a folder, a week file under a name the
  planner does not read (`2026w49.toml`), anything in `weeks/` that is not a file,
  `weeks` or `dates` as a symbolic link that leads nowhere,
  the same activity id in two week files.

Plain Python, no Textual.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path

from weekplan.atomic_files import link_problem
from weekplan.data_places import TOGETHER_FOLDER, own_file_patterns, week_file_name
from weekplan.tomlfile import DataError
from weekplan.weeks import IsoWeek

PRIVATE = 0o700


def make_private(root: Path) -> list[str]:
    """Tighten the data directory to 0700; returns what was done or could not be, in words."""
    try:
        info = os.stat(root)
    except OSError:
        return []
    mode = stat.S_IMODE(info.st_mode)
    if not stat.S_ISDIR(info.st_mode) or not mode & 0o077:
        return []  # not a folder: opening it says so
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return [f"{root} is mode {mode:04o} and belongs to another user; others can read your plans there"]
    # Only weekplan's own folder is tightened: given /tmp, ~ or a project's folder by
    # mistake, changing its mode would break what others (or other programs) do there.
    why = "it is shared (sticky)" if mode & stat.S_ISVTX else _not_own(root)
    if why:
        return [
            f"{root} is mode {mode:04o} and left so, as {why}: others can read your plans there; "
            "give weekplan a folder of its own"
        ]
    try:
        os.chmod(root, PRIVATE)
    except OSError as exc:
        return [f"{root} is mode {mode:04o} and could not be made private: {exc.strerror or exc}"]
    return [f"{root} was mode {mode:04o}; made private (0700), as the data directory always is"]


def _not_own(root: Path) -> str:
    """Why `root` is not weekplan's own folder (it holds something else), or "".  Hidden
    names (git's, temporary files), editors' backups and a README (a synced repository
    often has one) are left out."""
    try:
        names = os.listdir(root)
    except OSError:
        return ""
    own = {pattern.split("/")[0] for pattern in own_file_patterns()} | {TOGETHER_FOLDER}
    other = sorted(name for name in names if name not in own and not _beside_data(name))
    return f"it holds {other[0]!r}, which is not weekplan's" if other else ""


def _beside_data(name: str) -> bool:
    """A name that may sit beside weekplan's files in its own folder."""
    backup = name.endswith("~") or (name.startswith("#") and name.endswith("#"))
    return name.startswith(".") or backup or name.upper().startswith("README")


# Over all the names in weeks/ at once (one search in C, not a loop in Python: ten
# years are 520 files, listed on every start): the names that are not plainly a
# week's file of weeks 1-52 in 1900-2999, nor hidden.  Week 53 and the first week of
# 3000 (which begins in 2999) are looked at by week_file_name.
@cache
def _not_plainly_a_week() -> re.Pattern[str]:
    return re.compile(r"^(?!\.)(?!(?:19\d\d|2\d{3})-W(?:0[1-9]|[1-4]\d|5[0-2])\.toml$).*$", re.MULTILINE)


def week_folder(root: Path) -> tuple[list[str], list[DataError]]:
    """The names in weeks/ ([] when there is none), or why it cannot be listed."""
    weeks = root / "weeks"
    try:
        info = os.stat(weeks)
    except OSError:
        why = link_problem(weeks)
        return [], [] if why is None else [DataError(weeks, 1, 1, why)]
    if not stat.S_ISDIR(info.st_mode):
        return [], [DataError(weeks, 1, 1, "is not a folder: activities are kept in weeks/<week>.toml; move it away")]
    try:
        return os.listdir(weeks), []
    except OSError as exc:
        return [], [DataError(weeks, 1, 1, f"cannot read the folder: {exc.strerror or exc}")]


def odd_files(root: Path, names: list[str]) -> list[DataError]:
    """What in weeks/ (holding `names`) weekplan will not read, each with a reason and
    what to do, and a dates/ folder that is a link leading nowhere.  Hidden files (temporary
    files of saves, editors' swap files) are left alone."""
    weeks, dates = root / "weeks", root / "dates"
    why = link_problem(dates)
    errors = [] if why is None else [DataError(dates, 1, 1, why)]
    # The names are searched joined by line breaks; a name holding one is named on its own.
    errors += [
        DataError(weeks, 1, 1, f"a file named {name!r} (a line break in its name) is not a week file; it is not read")
        for name in names
        if "\n" in name
    ]
    for name in sorted(_not_plainly_a_week().findall("\n".join(n for n in names if "\n" not in n))):
        path = weeks / name
        if not name or week_file_name(name) is not None:
            continue
        if not name.endswith(".toml"):
            continue  # not data (an editor's backup~, notes): left alone, as git leaves untracked files
        try:
            canonical = f"{IsoWeek.parse(name.removesuffix('.toml'))}.toml"
        except ValueError:
            canonical = ""
        hint = f"; rename it to {canonical}" if week_file_name(canonical) is not None else ""
        errors.append(DataError(path, 1, 1, f"file name is not a week like 2026-W48.toml; it is not read{hint}"))
    return errors


def duplicate_ids(
    found: dict[str, list[Path]],
    noun: str = "activity",
    clash: str = "one activity in two weeks",
    place: Callable[[Path, str], tuple[int, int]] | None = None,
) -> list[DataError]:
    """One error per id that is in more than one file (found: id -> files holding it),
    at `place` in the first file (its line and column), else at its top."""
    errors = []
    for item_id, paths in sorted(found.items()):
        if len(paths) > 1:
            others = ", ".join(str(p) for p in paths[1:])
            line, col = place(paths[0], item_id) if place is not None else (1, 1)
            message = f"{noun} {item_id} is also in {others}: {clash}; delete the copy that is wrong"
            errors.append(DataError(paths[0], line, col, message))
    return errors
