"""The first steps of a sync of one repository, started side by side: git's `status`
and the settings at once, and the fetch as soon as they name the branch.

A person types git's steps one after another; a program need not wait for each.  The
status and the settings do not depend on each other, and the fetch needs only the
branch's name from them: so they run while the rest of the sync is loaded and looked
at, and the sync takes their answers where it needs them.  Whatever a sync does not
take (it stopped early) is stopped, so nothing is left running.

What keeps this safe:
- git's lock files left by a stopped git are cleared first (weekplan.sync_git), since
  git would stop on them;
- the folders' signature is taken before the status, so a save after it (a planner's,
  a subscribed calendar's, the partner's busy times) makes the sync look again rather
  than trust the status;
- the fetch writes only the remote's branch here (and FETCH_HEAD), which nothing
  before the merge reads or writes; it starts only when an earlier sync settled the
  branch with this very remote (weekplan.sync_branch), so no remote is asked first.

Plain Python, no Textual.
"""

from __future__ import annotations

from weekplan.sync_branch import remote_ref, tracking
from weekplan.sync_git import NETWORK_TIMEOUT, Git, GitCall, RepoState, SyncError, clear_stale_locks
from weekplan.sync_paths import folders_signature, refs_signature


def fetch_args(remote: str, branch: str) -> tuple[str, ...]:
    """The one fetch a sync makes: the remote's branch, no tags.  Not `--quiet`: git
    names each branch it updates, so a fetch that says nothing updated nothing
    (GitCall.said_nothing).  git's upkeep after it (`maintenance run --auto`) is left
    to the merge and commit that follow whatever it brings, which run the same upkeep;
    after a fetch that brought nothing it has nothing to do.  `--no-auto-gc` is that
    switch's older name, which git has accepted from 2.23 on; `--no-auto-maintenance`
    came only with git 2.29, and an older git would refuse every sync."""
    return (
        "fetch", "--no-tags", "--no-auto-gc", remote, f"+refs/heads/{branch}:{remote_ref(remote, branch)}",
    )  # fmt: skip


def said_cleared(cleared: list[str]) -> list[str]:
    """What clearing stale locks did (sync_git.clear_stale_locks), in words."""
    if not cleared:
        return []
    return [f"cleared {', '.join(cleared)}, left by a git that was stopped half-way (no git is using it now)"]


class Look:
    """A repository looked at: the folders' signature, then git's status started, with
    the settings listed side by side (kept in `git`); the fetch once `start_fetch`."""

    def __init__(self, git: Git, cleared: list[str] | None = None, *, refusal: SyncError | None = None) -> None:
        self.git = git
        self.cleared = cleared or []  # what was cleared before it, in words (said_cleared)
        # Why git could not be started (a lock another git still holds after waiting):
        # the sync says it in its turn rather than wait for that lock a second time.
        self.refusal = refusal
        self.settled = folders_signature(git.root, together=git.together)
        self.refs = refs_signature(git.root)  # a commit by hand after the status moves them
        self.status = git.start_state() if refusal is None else None
        if refusal is None:
            git.list_settings()
        self.fetching: GitCall | None = None

    def unchanged(self) -> bool:
        """Whether nothing was saved since the status (the same signature)."""
        return folders_signature(self.git.root, together=self.git.together) == self.settled

    def start_fetch(self) -> None:
        """Start the fetch, once the status and the settings name the branch and an
        earlier sync settled it with this very remote; else the sync fetches in its turn."""
        if self.fetching is not None or self.status is None:
            return
        try:
            state = RepoState.answered(self.status)
            branch = state.branch if state is not None else None
            found = tracking(self.git, branch) if branch is not None else None
        except SyncError:
            return  # the sync meets it again in its turn, and says so
        settled = found.settled if found is not None else None
        if settled is not None:
            self.fetching = self.git.start(*fetch_args(settled.remote, settled.name), timeout=NETWORK_TIMEOUT)

    def abandon(self) -> None:
        """Stop what the sync did not take (a no-op for what it did)."""
        for call in (self.fetching, self.status, self.git.listing):
            if call is not None:
                call.abandon()


def first_look(git: Git, *, early: bool = False) -> Look:
    """The first look of a sync: a sync or git killed half-way leaves its lock files, and
    git then refuses every later command, so a lock no running git holds is cleared
    (and said) before git is started.  An `early` look, taken before the sync starts,
    keeps why it could not clear them (Look.refusal) for the sync to raise."""
    try:
        cleared = clear_stale_locks(git)
    except SyncError as exc:
        if not early:
            raise
        return Look(git, refusal=exc)
    return Look(git, said_cleared(cleared))
