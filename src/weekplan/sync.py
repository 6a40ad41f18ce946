"""Syncing the data directory between machines through git.

`sync(root)` commits what changed here (with a message that says what changed),
fetches, merges the other machine's commits with weekplan's merge driver, and
pushes.  `init(root, url)` makes the data directory a repository first.  Both are
plain functions for the command line and for a planner worker thread alike: they
never print and never prompt, and they return a `SyncResult` whose `summary` is
ready to show, or raise `SyncError` with a message that says what to do.

Why merge and not rebase: a merge runs the merge driver once per file with this
machine as "ours" and the other machine as "theirs", and leaves both histories as
they were, so git keeps every version as a backup.  A rebase would replay each local
commit with the sides swapped and rewrite local history.

Before anything else a sync puts right what an interrupted one left (git's lock
files, a merge half-done); it commits weekplan's own files by name, refuses what
the remote brings that is not weekplan's own before it reaches the files, and
settles a merge across files before committing it.  The parts live apart: how git
is run (no prompts, no hooks, timeouts, locks) in weekplan.sync_git, the
repository's set-up (driver, attributes, identity) in weekplan.sync_setup, what is
synced and refused in weekplan.sync_paths, the shared branch in weekplan.sync_branch,
the first look (status, settings and fetch side by side) in weekplan.sync_look, the
files found readable in weekplan.sync_readable, merging what arrived in
weekplan.sync_merge (loaded only when something is merged), the merge across files in
weekplan.sync_settle, what a merge left to settle in weekplan.sync_conflicts, a merge
stopped while git rewrote a file in weekplan.sync_stopped, and what sync says (commit
messages, the report) in weekplan.sync_report.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from weekplan.model import Config
from weekplan.record import Record
from weekplan.store import Store, data_dir_lock
from weekplan.sync_branch import (
    Branch,
    followed_branch,
    forget_checked,
    remember_checked,
    settle_branch,
    tracking,
)
from weekplan.sync_git import (
    NETWORK_TIMEOUT,
    Git,
    GitCall,
    RepoState,
    SyncError,
    clear_stale_locks,
    could_not_write,
    git_message,
)
from weekplan.sync_look import Look, fetch_args, first_look, remote_ref, said_cleared
from weekplan.sync_paths import (
    LocalFiles,
    RefsSignature,
    folders_signature,
    is_own_path,
    moved_to_shared,
    needs_staging,
    not_synced_news,
    refs_signature,
)
from weekplan.sync_readable import (
    files_of,
    note_readable,
    readable_head,
    refuse_if_unreadable,
    take_as_the_remote_has_it,
)
from weekplan.sync_report import MERGE_MESSAGE, SyncResult, commit_message, describe_changes
from weekplan.sync_setup import driver_command, ensure_setup, remote_location, set_identity, setup_files
from weekplan.sync_stopped import put_back_half_rewritten, rewriting_work_tree
from weekplan.tomlfile import dumps

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from weekplan.sync_conflicts import conflicts_left

__all__ = ["SyncError", "SyncResult", "conflicts_left", "describe_changes", "driver_command", "init", "sync"]


def __getattr__(name: str) -> object:
    # `conflicts_left` is part of sync's documented API (docs/sync.md), found in
    # weekplan.sync_conflicts when first asked for: with it the merging code it reads
    # loads, which a sync with nothing new never needs.  Type checkers read the import
    # above, and __dir__ lists the name before it is loaded.
    if name == "conflicts_left":
        from weekplan.sync_conflicts import conflicts_left

        return conflicts_left
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "conflicts_left"})


# -- the repository ----------------------------------------------------------------------


def _is_own_repo(git: Git, toplevel: str | None = None) -> bool:
    """Whether the data directory is a repository's top; `toplevel` is what git answered
    already, when it was asked."""
    if toplevel is None:
        result = git.run("rev-parse", "--show-toplevel", check=False)
        if result.returncode != 0:
            return False
        toplevel = result.stdout.strip()
    top = Path(toplevel)
    try:
        return top.resolve() == git.root.resolve()
    except OSError:
        return False


def _require_repo(git: Git) -> None:
    if not git.root.is_dir():
        raise SyncError(f"{git.root} does not exist yet; run 'weekplan sync --init [URL]' to start", refused=True)
    result = git.run("rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise SyncError(
            f"{git.root} is not a git repository yet. To start syncing, run\n"
            "  weekplan sync --init            (this machine only, for now)\n"
            "  weekplan sync --init URL        (with a remote, such as an empty private repository)",
            refused=True,
        )
    if not _is_own_repo(git, result.stdout.strip()):
        raise SyncError(
            f"{git.root} is inside the repository at {result.stdout.strip()}; weekplan sync needs the data "
            "directory to be a repository of its own (run 'weekplan sync --init' to make it one)",
            refused=True,
        )


def _has_conflict_markers(path: Path) -> bool:
    try:
        lines = path.read_bytes().splitlines()
    except OSError:
        return False
    return any(line.startswith((b"<<<<<<< ", b">>>>>>> ")) for line in lines)


class PendingMerge(Record):
    """A merge git left unfinished, and what sync does with it."""

    heads: list[str]  # the commits it was merging
    finish: bool  # True: sync's own merge, stopped before its commit; finish it as it is
    said: str


def _pending_merge(git: Git) -> PendingMerge | None:
    """A merge git left unfinished, or None.

    A sync stopped between its merge and its commit is finished where it stood: the
    driver's work is in the files (with anything a planner saved since), and only the
    settling across files and the commit are left.  A plain 'git pull' without
    weekplan's driver (a fresh clone) is undone, when nobody has started resolving it
    by hand, and its commits are merged again with the driver (what they bring is then
    checked like anything fetched).  A merge someone is resolving by hand is theirs."""
    if not git.git_path("MERGE_HEAD").exists():
        return None
    heads = git.git_path("MERGE_HEAD").read_text("utf-8").split()
    unmerged = git.unmerged()
    by_hand = [p for p in unmerged if not _has_conflict_markers(git.root / p)]
    message_file = git.git_path("MERGE_MSG")
    ours = message_file.exists() and message_file.read_text("utf-8").startswith(MERGE_MESSAGE.split("{")[0])
    if ours and not unmerged and len(heads) == 1:
        return PendingMerge(heads, True, "finished a merge that a stopped sync had left half-done")
    if by_hand or (not unmerged and not ours):
        started = f" ({', '.join(by_hand)} no longer show git's conflict markers)" if by_hand else ""
        raise SyncError(
            f"the repository in {git.root} is in the middle of a merge that someone has started resolving by "
            f"hand{started}. Either finish it with git:\n"
            f"  git -C {shlex.quote(str(git.root))} add FILES && git -C {shlex.quote(str(git.root))} commit\n"
            "or start over, and let weekplan merge item by item:\n"
            f"  git -C {shlex.quote(str(git.root))} merge --abort && weekplan sync",
            refused=True,
        )
    with rewriting_work_tree(git):
        aborted = git.run("merge", "--abort", check=False)
    if aborted.returncode != 0:
        raise SyncError(
            f"the repository in {git.root} is in the middle of a merge that weekplan could not undo: "
            f"{git_message(aborted)}\nUndo it with 'git -C {shlex.quote(str(git.root))} merge --abort', "
            "then sync again.",
            refused=True,
        )
    files = f" ({', '.join(unmerged)} had git's conflict markers)" if unmerged else ""
    return PendingMerge(
        heads, False, f"found an unfinished merge{files}; undid it and merged the same commits again, item by item"
    )


def _finish_pending(git: Git, pending: PendingMerge, result: SyncResult, *, unrelated: bool) -> None:
    from weekplan.sync_merge import commit_settled, merge_ref, record_arrival  # only a merge left unfinished

    result.actions.append(pending.said)
    if not pending.finish:
        for head in pending.heads:
            merge_ref(git, head, "the commits of the unfinished merge", result, unrelated=unrelated)
        return
    before = git.out("rev-parse", "HEAD")
    head = pending.heads[0]
    base = git.run("merge-base", "HEAD", head, check=False).stdout.strip() or None
    _stage_own_files(git, result)
    commit_settled(git, base, before, head, result)
    record_arrival(git, before, result, set())


def _refuse_if_busy(git: Git, state: RepoState, *, finishing_a_merge: bool = False) -> None:
    busy = {
        "MERGE_HEAD": ("in the middle of a merge", "merge --abort"),
        "rebase-merge": ("in the middle of a rebase", "rebase --abort"),
        "rebase-apply": ("in the middle of a rebase or git am", "rebase --abort"),
        "CHERRY_PICK_HEAD": ("in the middle of a cherry-pick", "cherry-pick --abort"),
        "REVERT_HEAD": ("in the middle of a revert", "revert --abort"),
    }
    if finishing_a_merge:
        del busy["MERGE_HEAD"]
    for name, (what, undo) in busy.items():
        if git.git_path(name).exists():
            raise SyncError(
                f"the repository in {git.root} is {what}; finish it with git (see 'git status'), or undo it "
                f"with 'git -C {shlex.quote(str(git.root))} {undo}', then sync again",
                refused=True,
            )
    if state.branch is None:
        raise SyncError(
            f"the repository in {git.root} is on a detached HEAD, not a branch; "
            "check out your branch (for example 'git switch main') and sync again",
            refused=True,
        )
    if state.unmerged:
        raise SyncError(f"these files still have unresolved git conflicts: {', '.join(state.unmerged)}", refused=True)


# -- the steps ---------------------------------------------------------------------------


def _stage_own_files(git: Git, result: SyncResult) -> None:
    """Stage weekplan's own files by name, whatever ignore rules say (a .gitignore from
    anywhere must never stop a week from syncing); name every other file once."""
    files = LocalFiles(git.root, together=git.together)
    present = set(files.own)
    tracked = [p for p in git.run("ls-files", "-z").stdout.split("\0") if p]
    gone = [
        p
        for p in tracked
        if is_own_path(p, together=git.together) and p not in present and not (git.root / p).is_symlink()
    ]
    paths = files.own + gone
    for start in range(0, len(paths), 200):
        chunk = paths[start : start + 200]
        if git.ok("add", "-f", "-A", "--", *chunk):
            continue
        for path in chunk:  # find the ones git cannot take, and name them
            added = git.run("add", "-f", "-A", "--", path, check=False)
            if added.returncode != 0 and could_not_write(added.stderr):
                # Not this file's doing: nothing could be committed, so nothing may be
                # merged or pushed as if it had been.
                raise SyncError(
                    f"git could not write in {git.root} (is the disk full?), so nothing was committed, merged or "
                    "pushed; your changes are kept in the files here. Make room and sync again.\n"
                    f"{git_message(added)}"
                )
            if added.returncode != 0:
                result.unsynced.append(f"{path}: {git_message(added)}")
    news = not_synced_news(git, files.others)
    if news:
        shown = ", ".join(f"{p.encode('unicode_escape').decode('ascii')} ({files.others[p]})" for p in news)
        result.notes.append(f"not synced: {shown}")


def _commit_local(git: Git, result: SyncResult, seen: list[str] | None = None) -> str | None:
    """Commit what changed here, once it is found readable; None when nothing did.

    git says what differs from the last commit (ignored files too: a .gitignore never
    stops a week from syncing); when nothing does, nothing is staged or read.  `seen` is
    what a status taken just before said: when it names nothing of weekplan's to commit
    or to name as not synced, git is not asked again (a save since then is committed by
    the next sync, as one just after this sync would be)."""
    if seen is not None and not needs_staging(git, seen):
        return None
    changed = _state(git).changed
    if not needs_staging(git, changed):
        return None
    refuse_if_unreadable(git, {git.root / path for path in changed if is_own_path(path, together=git.together)})
    _stage_own_files(git, result)
    had_head = git.has_head()
    paths = git.changed_between("HEAD" if had_head else None, None)
    if not paths:
        return None
    moved = set() if git.together else moved_to_shared(git.root, paths)
    described = [path for path in paths if path not in moved]
    phrases = describe_changes(
        described,
        git.files_at("HEAD", described) if had_head else lambda _p: None,
        git.files_at("", described),
    )
    if moved:
        phrases.append("dates and ideas moved to the repository shared with a partner")
    message = commit_message(phrases)
    git.run("commit", "-q", "--no-verify", "-m", message)
    # Callers commit on a HEAD found readable, and what this adds was read just now;
    # unless files received as the remote has them cannot be read (result.problems).
    if not result.problems:
        note_readable(git, git.out("rev-parse", "HEAD"))
    return message.splitlines()[0]


def fetch_branch(git: Git, remote: str, branch: str, started: GitCall | None = None) -> bool:
    """Fetch the remote branch (or take the answer of `started`, when it is this very
    fetch); False when the remote does not have it yet."""
    args = fetch_args(remote, branch)
    if started is not None and started.args == args:
        result = started.result(check=False)
    else:
        if started is not None:
            started.abandon()
        result = git.run(*args, timeout=NETWORK_TIMEOUT, check=False)
    if result.returncode == 0:
        return True
    probe = git.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", timeout=NETWORK_TIMEOUT, check=False)
    if probe.returncode == 0 and not probe.stdout.strip():
        return False
    raise SyncError(
        f"could not fetch from {remote}: {git_message(result)}\nYour changes are committed here; sync again later."
    )


def fetch_synced_branch(git: Git) -> Branch | None:
    """Fetch the remote's branch this repository syncs on, and say which it is; None
    when the remote has none (yet), or there is no remote.  When the branch this
    repository synced on is gone from the remote (renamed there), the one a sync would
    follow is fetched instead (weekplan.sync_branch), with nothing changed here: for a
    command that reads the remote, or pushes one commit onto its branch, between
    syncs.  Raises SyncError when the remote cannot be reached."""
    found = tracking(git)
    if found is None:
        return None
    if fetch_branch(git, found.remote, found.mine):
        return Branch(found.remote, found.mine, tracked=found.upstream_set)
    if found.tracked_merge != found.mine:  # never synced on it: nothing to follow
        return None
    followed = followed_branch(git, found)
    if followed == found.mine or not fetch_branch(git, found.remote, followed):
        return None
    return Branch(found.remote, followed, tracked=False)


def _same_heads(git: Git, remote_ref: str) -> bool:
    """Whether this branch's head is the remote's, in one `rev-parse` of both."""
    both = git.run("rev-parse", "HEAD", remote_ref, check=False)
    heads = both.stdout.split()
    return both.returncode == 0 and len(heads) == 2 and heads[0] == heads[1]


def _merge(git: Git, remote: str, branch: str, result: SyncResult, *, unrelated: bool = False) -> None:
    """Merge the fetched branch."""
    from weekplan.sync_merge import merge_ref  # only something to merge needs it

    merge_ref(git, remote_ref(remote, branch), f"{remote}/{branch}", result, unrelated=unrelated)


def _take_received(git: Git, result: SyncResult, received: list[str], tip: str | None) -> None:
    """Files received unreadable are pushed only as the remote's `tip` holds them: a
    version it holds now instead is taken; with no branch there, nothing is pushed."""
    if tip is None:
        lines = "\n".join(f"  {problem}" for problem in result.problems)
        raise SyncError(
            f"the remote no longer has this branch, and some files cannot be read; fix them (weekplan check "
            f"lists them) and sync again:\n{lines}",
            refused=True,
        )
    taken = take_as_the_remote_has_it(git, received, tip)
    if taken:
        result.actions.append(f"took as the remote has it now: {', '.join(taken)}")
        still = [problem for problem in result.problems if not set(files_of(git, [problem])) & set(taken)]
        result.problems = still + refuse_if_unreadable(git, {git.root / path for path in taken}, changed_here=[])


def _needs_push(git: Git, remote: str, branch: str, remote_has_branch: bool) -> bool:
    if not git.has_head():
        return False
    if not remote_has_branch:
        return True
    return git.out("rev-list", "--count", f"{remote_ref(remote, branch)}..HEAD") != "0"


def _push(git: Git, remote: str, branch: str, set_upstream: bool) -> str:
    """'ok', or 'rejected' when the remote moved on since the fetch."""
    args = ["push", "--porcelain"]
    if set_upstream:
        args.append("--set-upstream")
    pushed = git.run(*args, remote, f"HEAD:refs/heads/{branch}", timeout=NETWORK_TIMEOUT, check=False)
    if pushed.returncode == 0:
        return "ok"
    refused = [line for line in pushed.stdout.splitlines() if line.startswith("!")]
    # "[rejected]": the remote moved on before the push; "failed to update ref": it
    # moved during the push (another machine pushed at the same moment).
    if any("[rejected]" in line or "failed to update ref" in line for line in refused):
        return "rejected"
    raise SyncError(
        f"could not push to {remote}: {git_message(pushed)}\nYour changes are committed here; sync again later."
    )


def _exchange(
    git: Git,
    result: SyncResult,
    *,
    unrelated: bool = False,
    checked_out: str | None = None,
    settled: tuple[int, ...] | None = None,
    fetching: GitCall | None = None,
    in_step_with: str | None = None,
    refs_seen: RefsSignature | None = None,
    received: list[str] | None = None,
) -> None:
    """Fetch, merge and push; a push the remote rejects is retried once after another pull.
    `checked_out` is the branch, when status said it already; `settled` is the folders'
    signature (folders_signature) once this machine's changes were committed; `fetching`
    is the fetch, when it was started already (weekplan.sync_look); `in_step_with` is
    the upstream whose very commit status found checked out, when nothing was
    committed since, and `refs_seen` the refs' signature (refs_signature) from before
    that status.  `received` are the files that cannot be read but were committed as
    the remote had them (refuse_if_unreadable): before a push they are made what the
    remote holds now (take_as_the_remote_has_it)."""
    branch = settle_branch(git, result.notes, current=checked_out)
    if branch is None:
        return
    gone_name: str | None = None
    try:
        # Once, or twice when the remote lost the branch this machine synced on (renamed
        # there, most likely): pushing it back would split the machines again, so the
        # remote is asked which branch it uses now, and this machine follows it.  What
        # the first look saw is of the old branch, and not taken the second time.
        while True:
            result.remote = branch.remote
            first = gone_name is None
            gone = _exchange_on(
                git,
                branch,
                result,
                unrelated=unrelated,
                settled=settled,
                fetching=fetching if first else None,
                in_step_with=in_step_with if first else None,
                refs_seen=refs_seen if first else None,
                received=received or [],
                stop_if_gone=first and branch.tracked,
            )
            if not gone:
                break
            gone_name = branch.name
            branch = settle_branch(git, result.notes, current=gone_name, ask=True)
            if branch is None:  # the remote itself was taken away meanwhile
                return
        if gone_name is not None and branch.name != gone_name:
            # The last record of the old branch, kept until the new one synced.
            git.run("update-ref", "-d", remote_ref(branch.remote, gone_name), check=False)
    except SyncError as exc:
        if not result.notes:
            raise
        # What was already done (a branch renamed) must not go unsaid.
        raise SyncError("\n".join([*result.notes, str(exc)]), refused=exc.refused) from None


def _exchange_on(
    git: Git,
    branch: Branch,
    result: SyncResult,
    *,
    unrelated: bool,
    settled: tuple[int, ...] | None,
    fetching: GitCall | None,
    in_step_with: str | None,
    refs_seen: RefsSignature | None,
    received: list[str],
    stop_if_gone: bool,
) -> bool:
    """`_exchange`'s fetch, merge and push on `branch`.  True, with nothing done, when
    `stop_if_gone` and the remote does not have the branch (any more)."""
    remote, name = branch.remote, branch.name
    for attempt in (1, 2):
        remote_has_branch = fetch_branch(git, remote, name, fetching if attempt == 1 else None)
        if not remote_has_branch and attempt == 1 and stop_if_gone:
            return True
        behind = branch.left_behind if attempt == 1 and branch.left_behind else None
        if behind is not None and not fetch_branch(git, remote, behind):
            behind = None
        # git already said whether the heads are the same when status found this one
        # on the remote's commit, the fetch, which names every branch it updates, said
        # nothing, and no commit by hand moved the branch since; else both heads are read.
        fetched_nothing = (
            attempt == 1
            and fetching is not None
            and fetching.args == fetch_args(remote, name)
            and fetching.said_nothing()
            and refs_seen is not None
            and refs_seen == refs_signature(git.root)
        )
        if (
            remote_has_branch
            and behind is None
            and settled == folders_signature(git.root, together=git.together)
            and ((fetched_nothing and in_step_with == f"{remote}/{name}") or _same_heads(git, remote_ref(remote, name)))
        ):
            break  # nothing saved during the fetch, and nothing to merge or push
        # No planner may save while git changes files; what one saved during the
        # fetch is committed first, so the merge has nothing to step on.
        with data_dir_lock(git.lock_root):
            more = _commit_local(git, result)
            if more:
                result.committed = f"{result.committed}; {more}" if result.committed else more
            if received:
                _take_received(git, result, received, remote_ref(remote, name) if remote_has_branch else None)
            if remote_has_branch:
                _merge(git, remote, name, result, unrelated=unrelated)
            if behind is not None:
                _merge(git, remote, behind, result)
                result.notes.append(
                    f"merged {remote}/{behind}, where this machine pushed before, into {name}; nothing is pushed "
                    f"to {behind} any more (once every machine has synced, remove it with "
                    f"'git push {remote} --delete {behind}')"
                )
        if not _needs_push(git, remote, name, remote_has_branch):
            break
        if _push(git, remote, name, set_upstream=not branch.tracked) == "ok":
            result.pushed = True
            break
        if attempt == 2:
            raise SyncError(
                f"{remote} changed again while syncing; your changes are committed here and merged with what "
                "arrived. Sync again in a moment."
            )
    if remote_has_branch or result.pushed:  # the remote has the branch: track it
        if not branch.tracked:
            git.run("config", f"branch.{name}.remote", remote)
            git.run("config", f"branch.{name}.merge", f"refs/heads/{name}")
        remember_checked(git, branch)
    return False


# -- entry points ------------------------------------------------------------------------


def sync(root: Path, *, merge_unrelated: bool = False, early: Look | None = None) -> SyncResult:
    """Commit, pull (merge) and push the data directory. Raises SyncError.

    `merge_unrelated` merges a remote history that has nothing in common with this
    one, item by item; without it such a remote is refused with that way out.  `early`
    is the first look at it, when the caller started it already (weekplan.sync_look)."""
    if early is not None and early.git.root == root:
        return sync_repository(early.git, merge_unrelated=merge_unrelated, early=early)
    return sync_repository(Git(root), merge_unrelated=merge_unrelated)


def sync_repository(git: Git, *, merge_unrelated: bool = False, early: Look | None = None) -> SyncResult:
    """`sync` of one repository: the data directory's, or the Together one shared
    with a partner (weekplan.partner_sync).  `early` is its first look, when the
    caller started it already (weekplan.sync_look): its git is this one.

    With nothing new it runs three git programs: one `status` (which also says this is
    the repository's top, its head, its branch and whether that is the upstream's very
    commit) side by side with the settings listed once, then the fetch.  The fetch
    starts once the repository is found fit to sync (_refuse_if_busy) and its identity
    set, when an earlier sync settled the branch with its remote, and runs while the
    set-up files and the commit are looked at.  A `rev-parse` of both heads follows
    only when the status or the fetch did not say the heads are the same, or when
    HEAD or a branch moved since the status (a commit by hand: refs_signature)."""
    if not git.root.is_dir():
        _require_repo(git)  # says so
    result = SyncResult(git.root)
    first = early if early is not None else first_look(git)
    if first.refusal is not None:
        raise first.refusal
    result.actions.extend(first.cleared)
    try:
        with data_dir_lock(git.lock_root):
            status = first.status if first.unchanged() else None  # a save since: look again
            state, settled = (_state(git, status), first.settled) if status is not None else _looked_at(git)
            put_back = put_back_half_rewritten(git)
            if put_back:
                result.actions.append(
                    "put back as committed here what a merge stopped half-way had left missing, empty or half-written: "
                    + ", ".join(put_back)
                )
                state, settled = _looked_at(git)
            pending = _pending_merge(git)
        if pending is not None:  # undoing or finishing it changes what status said
            state, settled = _looked_at(git)
        finishing = pending is not None and pending.finish
        _refuse_if_busy(git, state, finishing_a_merge=finishing)
        set_identity(git)
        first.start_fetch()  # a pending merge is never taken for nothing new: in_step is None
        set_up_before = setup_files(git)
        result.actions.extend(ensure_setup(git))
        if setup_files(git) != set_up_before:  # written just now: status has not seen them
            state, settled = _looked_at(git)
        if pending is not None and finishing:
            # First: a settling stopped half-way can leave an item in two files, which
            # check reports until the settling is done.
            with data_dir_lock(git.lock_root):
                _finish_pending(git, pending, result, unrelated=merge_unrelated)
            state, settled = _looked_at(git)
        head = state.head
        every_file = head is None or head != readable_head(git)
        if every_file:  # then only what changes since a commit found readable
            result.problems = refuse_if_unreadable(git, changed_here=state.changed)
        with data_dir_lock(git.lock_root):
            result.committed = _commit_local(git, result, state.changed)
            if every_file and result.committed is None and not result.problems:
                note_readable(git, head)  # nothing differs from it, and every file was read
            if pending is not None and not finishing:
                _finish_pending(git, pending, result, unrelated=merge_unrelated)
        in_step = state.in_step_with if pending is None and result.committed is None else None
        _exchange(
            git,
            result,
            unrelated=merge_unrelated,
            checked_out=state.branch,
            settled=settled,
            fetching=first.fetching,
            in_step_with=in_step,
            refs_seen=first.refs,
            received=files_of(git, result.problems),
        )
    finally:
        first.abandon()  # what the sync did not wait for, when it stopped early
    return result


def _looked_at(git: Git) -> tuple[RepoState, tuple[int, ...]]:
    """Where the repository stands, and the folders' signature (folders_signature) from
    just before git looked: a planner's save after that status changes the signature,
    so a sync never takes the status's word for a save it did not see."""
    again = Look(git)
    return _state(git, again.status), again.settled


def _state(git: Git, status: GitCall | None = None) -> RepoState:
    """Where the repository stands (Git.state, or the status already started); when git
    cannot say, why not."""
    state = git.state() if status is None else RepoState.answered(status)
    if state is None:
        _require_repo(git)  # not a repository of its own: says so
        git.run("status")  # a repository git cannot read: git's own words
        raise SyncError(f"git cannot read the repository in {git.root}", refused=True)
    return state


def init(root: Path, remote_url: str | None = None) -> SyncResult:
    """Make the data directory a repository (if it is not one), set up the merge driver,
    commit, and with a remote URL, sync with it. Raises SyncError."""
    root = Path(root)
    store = Store.open(root)
    git = Git(root)
    result = SyncResult(root)
    if not (root / ".git").exists() or not _is_own_repo(git):
        git.run("init", "-q")
        git.run("symbolic-ref", "HEAD", "refs/heads/main")
        result.actions.append(f"made {root} a git repository")
        refuse_if_unreadable(git)
    else:
        result.actions.extend(said_cleared(clear_stale_locks(git)))
        state = _state(git)
        _refuse_if_busy(git, state)
        # The same rule as sync's: a file received unreadable, as the remote has it,
        # does not stop a repeated init.
        result.problems = refuse_if_unreadable(git, changed_here=state.changed)
    set_identity(git)
    result.actions.extend(ensure_setup(git))
    forget_checked(git)  # asked again: the remote's default branch may have moved
    unrelated = False
    if remote_url:
        remote_url = remote_location(remote_url)
        remotes = git.out("remote").split()
        if "origin" in remotes:
            url = git.out("remote", "get-url", "origin")
            if url != remote_url:
                raise SyncError(
                    f"this repository already syncs with {url}; change it with "
                    f"'git -C {shlex.quote(str(root))} remote set-url origin URL'",
                    refused=True,
                )
        else:
            git.run("remote", "add", "origin", remote_url)
            result.actions.append(f"added the remote origin: {remote_url}")
        branch = settle_branch(git, result.notes)
        if not git.has_head() and branch is not None and fetch_branch(git, branch.remote, branch.name):
            # Joining data that already exists elsewhere: a configuration nobody has
            # touched yet would only argue with the real one, so let that one arrive.
            unrelated = True
            if store.config_path.read_bytes() == dumps(Config().to_toml()):
                store.config_path.unlink()
    with data_dir_lock(root):
        put_back_half_rewritten(git)  # never committed as deletions (see weekplan.sync_stopped)
        result.committed = _commit_local(git, result)
    _exchange(git, result, unrelated=unrelated, received=files_of(git, result.problems))
    return result
