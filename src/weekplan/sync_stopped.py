"""A merge stopped while git rewrote the work tree, and what the next sync puts back.

git rewrites a file of the work tree by removing it and then creating it again.  A
merge (or its undoing) stopped in between (the sync killed with its git, Ctrl-C, a
timeout) leaves the file missing, or empty, before git has written MERGE_HEAD or
the new index.  The index still holds the file as it was committed here, but a sync
that took the work tree's word would commit the file's absence as a deletion made on
this machine, and the merge after it would drop what only this machine had: an
activity saved and committed here, not yet pushed, lost on every machine.

So a record inside .git says when git is rewriting the work tree for weekplan; it is
removed once git has returned.  Found by the next sync, it means git may have been
stopped half-way, and weekplan's files that are missing or empty are put back as the
index has them; that sync then makes the merge again.  Until then the store saves
nothing there (weekplan.concurrent_edit.SyncStoppedError): a save into a missing file
would make its absence the truth.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterator

from weekplan.data_places import REWRITING_RECORD
from weekplan.sync_git import Git
from weekplan.sync_paths import is_own_path


@contextlib.contextmanager
def rewriting_work_tree(git: Git) -> Iterator[None]:
    """Around a git command that rewrites the work tree.  The record stays when the
    command does not return (a timeout raises; a kill ends everything)."""
    record = git.git_path(REWRITING_RECORD)
    record.write_bytes(b"")
    yield
    record.unlink(missing_ok=True)


def put_back_half_rewritten(git: Git) -> list[str]:
    """After a rewrite that never returned (see rewriting_work_tree): weekplan's files
    that git had removed, or created and not yet written, as the index has them; the
    files put back.  Files in conflict are the merge's own and are left alone."""
    record = git.git_path(REWRITING_RECORD)
    if not record.exists():
        return []
    in_conflict = set(git.unmerged())
    hurt = []
    for path in (p for p in git.run("ls-files", "-z").stdout.split("\0") if p):
        if path in in_conflict or not is_own_path(path, together=git.together):
            continue
        try:
            info = (git.root / path).lstat()
        except FileNotFoundError:
            hurt.append(path)
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size == 0:
            hurt.append(path)
    if hurt:
        git.run("checkout-index", "-f", "-q", "--", *hurt)
    record.unlink(missing_ok=True)
    return hurt
