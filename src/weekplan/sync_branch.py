"""One branch for every machine.

Machines that push to different branches of one remote never see each other: each
sync says "nothing new" for ever.  So the branch is the remote's: its default branch
(what `HEAD` names there) when it has one, else its only branch, else `main` if it
has that; an empty remote takes this machine's branch.  When this machine's branch
has another name, it is renamed (its history is kept whole), and the branch it used
to push to is merged in too, once, so nothing pushed there is left behind.

The remote is asked once (`git ls-remote --symref`); the answer is remembered in
.git/config (`weekplan.branchchecked`), so a usual sync costs no extra round trip.
When the branch a machine synced on is gone from the remote (renamed there, say from
`main` to `trunk`), it is asked again and the same rule applies: the machine follows
the remote's branch and says so, instead of pushing the old one back.  When the
remote's default moved and the old branch stayed, only `weekplan sync --init` asks
again (a usual sync does not ask, to cost no round trip).
"""

from __future__ import annotations

from weekplan.record import Record
from weekplan.sync_git import NETWORK_TIMEOUT, Git, SyncError, git_message

CHECKED_KEY = "weekplan.branchchecked"


class Branch(Record):
    remote: str
    name: str  # the branch on the remote, and here
    tracked: bool  # already set as this branch's upstream
    left_behind: str | None = None  # the remote branch this machine pushed to before, to merge once


def current_branch(git: Git) -> str:
    return git.out("symbolic-ref", "--short", "HEAD")


def _config(git: Git, key: str) -> str:
    return git.run("config", "--get", key, check=False).stdout.strip()


def remote_heads(git: Git, remote: str) -> tuple[list[str], str | None]:
    """The remote's branches, and its default branch when HEAD names one that exists.
    A name git would read as an option (`--output=…`, which `git branch` refuses to
    make but a remote can hold) is never one to sync on, so it is left out."""
    listed = git.run("ls-remote", "--symref", remote, timeout=NETWORK_TIMEOUT, check=False)
    if listed.returncode != 0:
        raise SyncError(
            f"could not reach {remote}: {git_message(listed)}\nYour changes are committed here; sync again later."
        )
    heads: list[str] = []
    default: str | None = None
    for line in listed.stdout.splitlines():
        if line.startswith("ref: ") and line.endswith("\tHEAD"):
            default = line[len("ref: ") : -len("\tHEAD")].removeprefix("refs/heads/")
        else:
            _sha, _tab, ref = line.partition("\t")
            if ref.startswith("refs/heads/") and not ref.startswith("refs/heads/-"):
                heads.append(ref.removeprefix("refs/heads/"))
    return heads, (default if default in heads else None)


def shared_branch(heads: list[str], default: str | None, mine: str) -> str:
    if default:
        return default
    if len(heads) == 1:
        return heads[0]
    if "main" in heads:
        return "main"
    if mine in heads or not heads:
        return mine
    return sorted(heads)[0]


class Tracking(Record):
    """What the settings say of the branch checked out and the remote it syncs with."""

    mine: str  # the branch checked out
    remote: str
    tracked_remote: str  # as set for the branch ("" for none)
    tracked_merge: str  # the remote's branch it tracks ("" for none)
    checked: bool  # the remote's branch was settled with this very URL (CHECKED_KEY)

    @property
    def settled(self) -> Branch | None:
        """The branch to sync with when an earlier sync settled it with this very remote:
        then no remote is asked, nothing changes here, and the fetch can start."""
        return (
            Branch(self.remote, self.mine, tracked=True) if self.tracked_merge == self.mine and self.checked else None
        )


def tracking(git: Git, current: str | None = None) -> Tracking | None:
    """The branch checked out (`current`, when the caller knows it already) and the
    remote it syncs with, from the settings; None without any remote."""
    mine = current or current_branch(git)
    tracked_remote = _config(git, f"branch.{mine}.remote")
    tracked_merge = _config(git, f"branch.{mine}.merge").removeprefix("refs/heads/")
    remotes = git.remotes()
    if tracked_remote and tracked_remote != "." and tracked_remote in remotes:
        remote = tracked_remote
    elif remotes:
        remote = "origin" if "origin" in remotes else remotes[0]
    else:
        return None
    checked = _config(git, CHECKED_KEY) == _config(git, f"remote.{remote}.url")
    return Tracking(mine, remote, tracked_remote, tracked_merge, checked)


def settle_branch(git: Git, notes: list[str], *, current: str | None = None, ask: bool = False) -> Branch | None:
    """The remote and branch to sync with, after putting this machine on the shared
    branch; None without any remote.  What it changed is added to `notes`.  `current`
    is the branch checked out, when the caller knows it already.  `ask` asks the remote
    even when an earlier sync settled the branch with it: the branch it had then is gone."""
    found = tracking(git, current)
    if found is None:
        return None
    if found.settled is not None and not ask:
        return found.settled
    mine, remote, tracked_remote, tracked_merge = found.mine, found.remote, found.tracked_remote, found.tracked_merge

    heads, default = remote_heads(git, remote)
    chosen = shared_branch(heads, default, mine)
    left_behind: str | None = None
    if chosen != mine:
        if git.ok("rev-parse", "--verify", "-q", f"refs/heads/{chosen}"):
            raise SyncError(
                f"this machine syncs on the branch {mine}, but {remote} uses {chosen}, and a branch {chosen} "
                f"exists here too. Merge one into the other with git (for example 'git switch {chosen}' and "
                f"'git merge {mine}'), then sync again.",
                refused=True,
            )
        if git.has_head():
            git.run("branch", "-m", mine, chosen)
        else:
            git.run("symbolic-ref", "HEAD", f"refs/heads/{chosen}")
        for key in ("remote", "merge"):
            git.run("config", "--unset", f"branch.{chosen}.{key}", check=False)
        pushed_before = tracked_merge or mine
        if pushed_before in heads:
            left_behind = pushed_before
        if tracked_merge == mine and mine not in heads:
            notes.append(
                f"{remote} no longer has the branch {mine} that this machine synced on (it was renamed or removed "
                f"there) and uses {chosen}; renamed {mine} to {chosen} here (its history is kept), and this machine "
                f"now syncs on {chosen}"
            )
        else:
            notes.append(
                f"this machine synced on the branch {mine} while {remote} uses {chosen}, so the machines could not "
                f"see each other's changes; renamed {mine} to {chosen} (its history is kept), and every machine now "
                f"syncs on {chosen}"
            )
        tracked = False
    else:
        tracked = tracked_remote == remote and tracked_merge == mine
    return Branch(remote, chosen, tracked, left_behind)


def forget_checked(git: Git) -> None:
    """Ask the remote again at the next settling, which branch it uses."""
    git.run("config", "--unset", CHECKED_KEY, check=False)


def remember_checked(git: Git, branch: Branch) -> None:
    """After a sync on the shared branch: no need to ask the remote again."""
    url = _config(git, f"remote.{branch.remote}.url")
    if url and _config(git, CHECKED_KEY) != url:
        git.run("config", CHECKED_KEY, url)
