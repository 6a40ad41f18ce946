"""Merging what a fetch brought, with weekplan's merge driver: what the remote brings
is checked before it reaches the files (only weekplan's own files may arrive), a merge
across files is settled before its commit (weekplan.sync_settle), and what arrived is
recorded for the report (changes, new conflicts, files that cannot be read).

A sync with nothing new does not load this module: weekplan.sync imports it where
it merges.

Plain Python, no Textual.
"""

from __future__ import annotations

import subprocess
from typing import NoReturn

from weekplan.data_places import is_busy_file
from weekplan.store import Store
from weekplan.sync_conflicts import conflict_keys, conflicts_left
from weekplan.sync_git import Git, SyncError, could_not_write, git_message
from weekplan.sync_paths import NOT_OWN, arrivals, is_own_path, refused_entries
from weekplan.sync_readable import carried, note_readable, unreadable_arrivals
from weekplan.sync_report import MERGE_MESSAGE, SyncResult, describe_changes, said_too_big
from weekplan.sync_stopped import differing_from_head, rewriting_work_tree, undo_merge

_OWN_FILES = {  # what may arrive, in words: the data directory's repository, the shared one
    False: "its TOML files, the dates' files in dates/ and the week files in weeks/",
    True: "ideas.toml, the dates' files in dates/ and each person's busy times in busy/",
}


def merge_ref(git: Git, ref: str, label: str, result: SyncResult, *, unrelated: bool = False) -> None:
    """Merge `ref` (named `label` in messages); record what arrived, new conflicts and
    unreadable files."""
    before = git.run("rev-parse", "--verify", "-q", "HEAD", check=False).stdout.strip() or None
    if before is not None and git.ok("merge-base", "--is-ancestor", ref, "HEAD"):
        return  # nothing new
    base = (git.run("merge-base", "HEAD", ref, check=False).stdout.strip() or None) if before else None
    if before is not None and base is None and not unrelated:
        raise SyncError(
            f"the history here and the one on {label} have nothing in common: each machine started "
            "its own (for example 'weekplan sync --init' without a remote on both, and the remote added later). "
            "Nothing was merged or pushed; your changes are committed here.\n"
            "To merge both histories item by item (nothing is lost; where one item differs, both versions are "
            "kept for you to choose), run:\n  weekplan sync --merge-unrelated",
            refused=True,
        )
    arriving = arrivals(git, base, ref)
    refused = refused_entries(git, arriving, ref)
    if refused:
        lines = "\n".join(f"  {entry}" for entry in refused)
        newer = (
            "; but when a newer weekplan there wrote a file this one does not know, update weekplan here "
            "instead: removing it would lose what it keeps in it."
            if any(entry.endswith(f"({NOT_OWN})") for entry in refused)
            else "."
        )
        raise SyncError(
            f"{label} brings what weekplan does not sync, so nothing from it was merged and nothing "
            f"was pushed:\n{lines}\nOnly weekplan's own files may arrive: {_OWN_FILES[git.together]}, "
            "no symbolic links, no submodules, no file too big to read. Your own changes are committed "
            f"here. Remove those entries on the remote (or on the machine that pushed them) and sync again{newer}"
        )
    changed_here = (
        frozenset(git.changed_between(base, before)) if base is not None and before is not None else frozenset()
    )
    unreadable = unreadable_arrivals(git, arriving, ref, changed_here)
    if unreadable:
        lines = "\n".join(f"  {error}" for error in unreadable)
        raise SyncError(
            f"{label} brings files that cannot be read, so nothing from it was merged and nothing was "
            f"pushed:\n{lines}\nYour own changes are committed here, and your files are as they were. Fix "
            "those files where they were changed, as the remote has them: on the machine that pushed them "
            "('weekplan check' there lists them), or on the git host if they were edited there (a fix made "
            "here cannot travel while the remote's version cannot be read). Then sync again."
        )
    old_conflicts = conflict_keys(git.root)
    message = MERGE_MESSAGE.format(remote=label)
    args = ["merge", "--no-commit", "--no-edit", "--no-verify", "-m", message]
    if unrelated:
        args.append("--allow-unrelated-histories")
    # With nothing committed here yet, the files here are not git's to put back; nor is
    # one with changes not committed here (a file `git add` could not take): git refuses
    # the whole merge before it would write one, and putting it back would lose them.
    rewritten = [path for path, _mode in arriving] if before is not None else []
    uncommitted = differing_from_head(git, rewritten)
    with rewriting_work_tree(git, [path for path in rewritten if path not in uncommitted]):
        merged = git.run(*args, ref, check=False)
        if merged.returncode != 0 and not keep_changed_over_deleted(git, result):
            _undo_failed_merge(git, merged, label)
    if before is not None and git.git_path("MERGE_HEAD").exists():
        commit_settled(git, base, before, ref, result)
    record_arrival(git, before, result, old_conflicts)


def commit_settled(git: Git, base: str | None, ours: str, theirs: str, result: SyncResult) -> None:
    """Commit the merge of `theirs` into `ours` that git left in the work tree, once what
    spans files is settled (the driver merged file by file): see weekplan.sync_settle."""
    from weekplan.sync_settle import settle_merge  # only a merge needs it

    settled = settle_merge(git, base, ours, theirs)
    result.decisions.extend(settled.decisions)
    git.run("commit", "-q", "--no-edit", "--no-verify")


def _undo_failed_merge(git: Git, merged: subprocess.CompletedProcess[str], label: str) -> NoReturn:
    """Undo a merge git could not make, put back what it rewrote (see
    weekplan.sync_stopped), and say why.  Runs while the work tree is marked as being
    rewritten: when something cannot be put back, the mark stays for the next sync."""
    unmerged = git.out("diff", "--name-only", "--diff-filter=U").splitlines()
    hurt, left = undo_merge(git)
    if git.git_path("MERGE_HEAD").exists():
        raise SyncError(
            f"could not merge the changes from {label}, nor undo the merge: {git_message(merged)}\n"
            "Nothing was pushed; your own changes are committed here. Make room if the disk is full, "
            "and sync again."
        )
    if hurt:
        put_back = (
            f"could not put {', '.join(left)} back yet either: nothing is saved there until the next sync "
            "(weekplan sync) has put it back"
            if left
            else "put back as committed here"
        )
        raise SyncError(
            f"could not merge the changes from {label}: git could not write {', '.join(hurt)} here "
            f"(is the disk full?); {put_back}. Nothing was merged or pushed; your own changes are committed "
            f"here. Make room and sync again.\n{git_message(merged)}"
        )
    if could_not_write(merged.stderr):
        raise SyncError(
            f"could not merge the changes from {label}: git could not write in {git.root} (is the disk full?). "
            "Nothing here was changed and nothing was pushed; your own changes are committed here. "
            f"Make room and sync again.\n{git_message(merged)}"
        )
    files = f" ({', '.join(unmerged)})" if unmerged else ""
    too_big = [path for path in unmerged if said_too_big(merged.stderr, path)]
    ways = []
    if too_big:
        ways.append(
            f"make {', '.join(too_big)} smaller on either machine (a week: move some of its activities to "
            "another week, or shorten its review note), and sync again"
        )
    unreadable = [path for path in unmerged if path not in too_big]
    if unreadable:
        ways.append(f"once {', '.join(unreadable)} can be read again on the other machine, sync again")
    elif not unmerged:  # git stopped before any file: its words say why
        ways.append("put right what git says above, then sync again")
    raise SyncError(
        f"could not merge the changes from {label}{files}; nothing here was changed and nothing was pushed.\n"
        f"{git_message(merged)}\nYour own changes are committed here; {'; '.join(ways)}."
    )


def keep_changed_over_deleted(git: Git, result: SyncResult) -> bool:
    """A whole file deleted on one side and changed on the other (its Together files,
    moved into the shared repository on one machine, while another added an idea) is
    kept with the change, as an item would be; False when any file is a conflict of
    another kind, which stays refused.

    A person's busy times deleted on one side stay deleted: that side turned sharing
    them off, left, or took another name, and a machine that still shares writes them
    again at its next sync, once its own data synced."""
    unmerged = git.unmerged()
    stages: dict[str, set[str]] = {}
    for line in git.run("ls-files", "-u", "-z").stdout.split("\0"):
        if line:
            meta, path = line.split("\t", 1)
            stages.setdefault(path, set()).add(meta.split()[-1])
    if not unmerged or any(
        {"2", "3"} <= stages.get(p, set()) or not is_own_path(p, together=git.together) for p in unmerged
    ):
        return False
    withdrawn = [path for path in unmerged if git.together and is_busy_file(path)]
    if withdrawn:
        git.run("rm", "-q", "-f", "--", *withdrawn)
    unmerged = [path for path in unmerged if path not in withdrawn]
    for path in unmerged:
        if not (git.root / path).is_file():
            return False
    if unmerged:
        git.run("add", "-f", "--", *unmerged)
    for path in unmerged:
        side = "here" if "2" in stages[path] else "on the other machine"
        result.decisions.append(f"kept {path}: deleted on one machine, but changed {side} meanwhile")
    return True


def record_arrival(git: Git, before: str | None, result: SyncResult, old_conflicts: set[tuple[str, ...]]) -> None:
    """What a merge brought: its changes, the files to read again, new conflicts, and
    files that cannot be read."""
    after = git.out("rev-parse", "HEAD")
    changed = git.changed_between(before, after)
    result.received.extend(
        describe_changes(
            changed, git.files_at(before, changed) if before else lambda _p: None, git.files_at(after, changed)
        )
    )
    result.changed_paths.extend(git.root / p for p in changed if (git.root / p) not in result.changed_paths)
    result.conflicts.extend(n for n in conflicts_left(git.root) if n.key not in old_conflicts)
    result.problems = Store(git.root).check()
    if not any(carried(git, problem) for problem in result.problems):
        note_readable(git, after)
