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

git can also return having written only part of what a merge brings: a full disk
leaves a file cut short, and git says "unable to write file".  A file cut at the end
of an item reads as this machine having deleted every item after it.  So the record
names the files the merge is about to rewrite, and when git fails, those are put back
at once as they are committed here, and a file the merge had only begun to create is
removed.  When even that cannot be written, the record stays, and the next sync puts
back the files it names, however much of them git wrote.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Sequence

from weekplan.data_places import REWRITING_RECORD
from weekplan.sync_git import Git, SyncError
from weekplan.sync_paths import is_own_path

# In the record, before each file the merge rewrites: whether it was here before.
_WAS_HERE, _NEW_HERE = "=", "+"


@contextlib.contextmanager
def rewriting_work_tree(git: Git, arriving: Sequence[str] = ()) -> Iterator[None]:
    """Around a git command that rewrites the work tree; `arriving` names the files it
    is about to rewrite.  The record stays when the command does not return (a timeout
    raises; a kill ends everything)."""
    record = git.git_path(REWRITING_RECORD)
    listing = "".join(f"{_WAS_HERE if os.path.lexists(git.root / path) else _NEW_HERE}{path}\0" for path in arriving)
    try:
        record.write_bytes(listing.encode("utf-8", "surrogateescape"))
    except OSError as error:
        record.unlink(missing_ok=True)  # nothing was rewritten yet
        raise SyncError(f"could not write in {git.root / '.git'}: {error.strerror}; nothing was merged") from None
    yield
    record.unlink(missing_ok=True)


def _listed(git: Git) -> tuple[list[str], list[str]]:
    """The files the record names: those that were here before the merge, and those it
    was to create."""
    try:
        entries = git.git_path(REWRITING_RECORD).read_bytes().decode("utf-8", "surrogateescape").split("\0")
    except OSError:
        return [], []
    was_here = [e[1:] for e in entries if e.startswith(_WAS_HERE)]
    new_here = [e[1:] for e in entries if e.startswith(_NEW_HERE)]
    return was_here, new_here


def differing_from_head(git: Git, paths: Sequence[str]) -> set[str]:
    """Of `paths` (taken as they are spelt, never as patterns), those whose file differs
    from this machine's last commit."""
    if not paths:
        return set()
    changed = git.run("diff", "--name-only", "-z", "HEAD", "--", *_literally(paths)).stdout.split("\0")
    return set(filter(None, changed))


def _literally(paths: Sequence[str]) -> list[str]:
    # A partner's busy/ file may be named with * or [: as a pattern it would name others.
    return [f":(literal){path}" for path in paths]


def _not_as_committed(git: Git, was_here: list[str], new_here: list[str]) -> list[str]:
    """Of the files a merge was rewriting, weekplan's own that differ from this
    machine's last commit (or, for one the merge was to create, that exist)."""
    changed = differing_from_head(git, [p for p in was_here if is_own_path(p, together=git.together)])
    begun = [p for p in new_here if is_own_path(p, together=git.together) and os.path.lexists(git.root / p)]
    return sorted({*changed, *begun})


def put_back_unwritten(git: Git) -> tuple[list[str], list[str]]:
    """After a merge git returned from without writing all of it (a full disk), once it
    is undone: the files the record names, put back as committed here; a file the merge
    had only begun to create is removed.  Returns those still not as committed (the
    record then stays, for the next sync); removes the record when all is well and no
    merge is left to undo.  Both lists: the files that were not as committed, and those
    still not."""
    was_here, new_here = _listed(git)
    hurt = left = _not_as_committed(git, was_here, new_here)
    if hurt:
        begun = set(new_here)
        for path in (p for p in hurt if p in begun):
            with contextlib.suppress(OSError):
                (git.root / path).unlink()
        rewritten = [p for p in hurt if p not in begun]
        if rewritten:
            git.run("checkout", "-f", "HEAD", "--", *_literally(rewritten), check=False)
        left = _not_as_committed(git, was_here, new_here)
    if not left and not git.git_path("MERGE_HEAD").exists():
        git.git_path(REWRITING_RECORD).unlink(missing_ok=True)
    return hurt, left


def undo_merge(git: Git) -> tuple[list[str], list[str]]:
    """Undo the merge git holds, if any, and put back what it rewrote (as
    put_back_unwritten does, whose two lists this returns); tried twice, since with the
    files put back undoing it may work where it did not.  git still holds the merge
    when even that failed (MERGE_HEAD): the caller says so."""
    hurt: list[str] = []
    left: list[str] = []
    for _attempt in (1, 2):
        if git.git_path("MERGE_HEAD").exists():
            git.run("merge", "--abort", check=False)
        hurt_now, left = put_back_unwritten(git)
        hurt = hurt or hurt_now
        if not git.git_path("MERGE_HEAD").exists():
            break
    return hurt, left


def put_back_half_rewritten(git: Git) -> list[str]:
    """After a rewrite that never returned (see rewriting_work_tree): weekplan's files
    that git had removed, or created and not yet written, as the index has them; the
    files put back.  Files in conflict are the merge's own and are left alone.

    When the record names the files a merge was rewriting, that merge is undone and
    those files are put back as committed here, however much of them git wrote; when
    that still cannot be done (the disk is still full), nothing more happens: SyncError."""
    record = git.git_path(REWRITING_RECORD)
    if not record.exists():
        return []
    was_here, new_here = _listed(git)
    if was_here or new_here:
        # The merge never returned, or could not be undone: it is undone and made again,
        # never finished from files git may have written only part of.
        hurt, left = undo_merge(git)
        if git.git_path("MERGE_HEAD").exists():
            raise SyncError(
                f"a merge stopped half-way in {git.root} could not be undone; nothing was committed, merged or "
                "pushed. Make room, then undo it with 'git merge --abort' and sync again.",
                refused=True,
            )
        if left:
            raise SyncError(
                f"a merge stopped half-way left {', '.join(left)} not as committed here, and they could not be put "
                "back (is the disk full?); nothing was committed, merged or pushed. Make room and sync again.",
                refused=True,
            )
        return hurt
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
