"""What a sync found readable: it never commits, merges or pushes a file of weekplan's
own that cannot be read, and notes the last commit whose files were all found readable,
so that the next sync reads only what git says differs from it.

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from weekplan.store import Store
from weekplan.sync_git import Git, SyncError
from weekplan.sync_paths import is_own_path
from weekplan.tomlfile import DataError

# Inside .git (never synced): the last commit whose files were all found readable.  A
# sync whose HEAD is that commit reads only what git says differs from it.
READABLE_RECORD = "weekplan-readable"


def carried(git: Git, error: DataError) -> bool:
    """Whether a problem check found is in a file sync carries (a stray file beside
    weekplan's own, such as an editor's backup, is only named as not synced)."""
    try:
        relative = Path(error.path).resolve().relative_to(git.root.resolve()).as_posix()
    except (OSError, ValueError):
        return not git.together  # the Together repository carries nothing outside it
    return is_own_path(relative, together=git.together)


def refuse_if_unreadable(git: Git, only: set[Path] | None = None) -> None:
    """Refuse while a file sync carries cannot be read: every one, or `only` those."""
    errors = [e for e in Store(git.root).check(only) if carried(git, e)]
    if errors:
        lines = "\n".join(f"  {e}" for e in errors)
        raise SyncError(
            f"some files cannot be read; fix them (weekplan check lists them) and sync again:\n{lines}", refused=True
        )


def readable_head(git: Git) -> str | None:
    """The commit a sync last found readable whole (see READABLE_RECORD)."""
    try:
        return git.git_path(READABLE_RECORD).read_text("utf-8").strip() or None
    except OSError:
        return None


def note_readable(git: Git, head: str | None) -> None:
    """Note `head` as the commit whose files were all found readable."""
    if head:  # when it cannot be written, the next sync reads every file again: no harm
        with contextlib.suppress(OSError):
            git.git_path(READABLE_RECORD).write_text(f"{head}\n", "utf-8")
