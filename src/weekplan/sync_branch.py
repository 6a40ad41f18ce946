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
`main` to `trunk`), it is asked again, and the machine follows the remote's branch
and says so, instead of pushing the old one back.  It follows only the remote's
default or only branch when that shares history with this one, or else the one branch
that holds the last commit synced; anything else is refused, with nothing changed
here.  When the remote's default moved and the old branch stayed, only `weekplan sync --init` asks
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


def valid_branch_name(name: str) -> bool:
    """Whether git takes `name` as a branch name (`git check-ref-format --branch`'s
    rules), so that a remote's odd ref (`HEAD`, `a..b`, `--output=…`) is never one to
    sync on: git would refuse every later sync on it, or read it as an option."""
    if not name or name in ("HEAD", "@") or name.startswith(("-", "/")) or name.endswith(("/", ".")):
        return False
    if any(bad in name for bad in ("..", "@{", "//", "\\")):
        return False
    if any(ch in " ~^:?*[\x7f" or ch < " " for ch in name):
        return False
    return not any(part.startswith(".") or part.endswith(".lock") for part in name.split("/"))


def remote_ref(remote: str, branch: str) -> str:
    return f"refs/remotes/{remote}/{branch}"


def remote_heads(git: Git, remote: str) -> tuple[dict[str, str], str | None]:
    """The remote's branches with their commits, and its default branch when HEAD names
    one that exists.  A name git would not take as a branch's is never one to sync on,
    so it is left out (valid_branch_name)."""
    listed = git.run("ls-remote", "--symref", remote, timeout=NETWORK_TIMEOUT, check=False)
    if listed.returncode != 0:
        raise SyncError(
            f"could not reach {remote}: {git_message(listed)}\nYour changes are committed here; sync again later."
        )
    heads: dict[str, str] = {}
    default: str | None = None
    for line in listed.stdout.splitlines():
        if line.startswith("ref: ") and line.endswith("\tHEAD"):
            default = line[len("ref: ") : -len("\tHEAD")].removeprefix("refs/heads/")
        else:
            sha, _tab, ref = line.partition("\t")
            name = ref.removeprefix("refs/heads/")
            if ref.startswith("refs/heads/") and valid_branch_name(name):
                heads[name] = sha
    return heads, (default if default in heads else None)


def shared_branch(heads: list[str], default: str | None, mine: str) -> str:
    """The branch every machine syncs on (the rule in this module's docstring)."""
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
    def upstream_set(self) -> bool:
        """Whether the branch checked out has its namesake on this remote as its upstream
        already (Branch.tracked)."""
        return self.tracked_remote == self.remote and self.tracked_merge == self.mine

    @property
    def settled(self) -> Branch | None:
        """The branch to sync with when an earlier sync settled it with this very remote:
        then no remote is asked, nothing changes here, and the fetch can start."""
        return Branch(self.remote, self.mine, tracked=True) if self.upstream_set and self.checked else None


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
    mine, remote, tracked_merge = found.mine, found.remote, found.tracked_merge
    choice = _choose(git, found, ask=ask)
    chosen, gone, heads = choice.name, choice.mine_gone, choice.heads
    left_behind: str | None = None
    if chosen != mine:
        if git.ok("rev-parse", "--verify", "-q", f"refs/heads/{chosen}"):
            said = (
                f"{remote} no longer has the branch {mine} that this machine synced on and uses {chosen}"
                if gone
                else f"this machine syncs on the branch {mine}, but {remote} uses {chosen}"
            )
            raise SyncError(
                f"{said}, and a branch {chosen} exists here too. Your edits are committed here, on {mine}. "
                f"Merge one into the other with git (for example 'git switch {chosen}' and "
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
        if gone:
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
        tracked = found.upstream_set
    return Branch(remote, chosen, tracked, left_behind)


class BranchChoice(Record):
    """The branch to sync on, as the remote's branches decide it."""

    name: str  # the branch to sync on (this module's rule)
    mine_gone: bool  # the branch this machine synced on is gone from the remote (looked at only when asked)
    heads: list[str]  # the remote's branches


def _choose(git: Git, found: Tracking, *, ask: bool) -> BranchChoice:
    """Ask the remote for its branches, and choose the one to sync on; with `ask`, look
    whether the branch this machine synced on is gone from it."""
    listed, default = remote_heads(git, found.remote)
    heads = list(listed)
    gone = ask and found.tracked_merge == found.mine and found.mine not in heads
    followed = _followed_after_gone(git, found.remote, found.mine, listed, default) if gone and heads else None
    return BranchChoice(followed or shared_branch(heads, default, found.mine), gone, heads)


def followed_branch(git: Git, found: Tracking) -> str:
    """The remote's branch a sync would follow now that the one this machine synced on
    is gone from it, as settle_branch decides, but with nothing changed here: for a
    command that only reads the remote or adds one commit to it.  Raises SyncError
    when the remote cannot be reached or none would be followed."""
    return _choose(git, found, ask=True).name


def _followed_after_gone(git: Git, remote: str, gone: str, heads: dict[str, str], default: str | None) -> str:
    """The branch to follow when `gone`, the branch this machine synced on, is no more
    on the remote: its default branch or its only one, when it shares history with this
    one, else the one branch holding the last commit synced on `gone`.  Anything else is
    refused before anything changes here: following a stranger's history would merge it
    and push it to every machine.  The branches are fetched to be compared, but no
    remote-tracking branch is made for them (`--refmap=`)."""
    candidates = [default] if default else sorted(heads)
    fetched = git.run(
        "fetch",
        "--no-tags",
        "--refmap=",
        remote,
        *[f"refs/heads/{name}" for name in candidates],
        timeout=NETWORK_TIMEOUT,
        check=False,
    )
    if fetched.returncode != 0:
        raise SyncError(
            f"could not fetch from {remote}: {git_message(fetched)}\nYour changes are committed here; sync again later."
        )
    if len(candidates) == 1:
        (only,) = candidates
        if not git.has_head() or git.ok("merge-base", "HEAD", heads[only]):
            return only
        why = f"its branch {only} shares no history with this one"
    else:
        last_synced = git.run("rev-parse", "--verify", "-q", f"{remote_ref(remote, gone)}^{{commit}}", check=False)
        tip = last_synced.stdout.strip() if last_synced.returncode == 0 else ""
        holding = [name for name in candidates if tip and git.ok("merge-base", "--is-ancestor", tip, heads[name])]
        if len(holding) == 1:
            return holding[0]
        why = f"it does not say which of its branches ({', '.join(candidates)}) took its place"
    raise SyncError(
        f"{remote} no longer has the branch {gone} that this machine synced on, and {why}, so none is followed. "
        f"Your edits are committed here, on {gone}. To sync on one of its branches, rename this one to it "
        f"('git branch -m {gone} <branch>') and sync again; once {gone} is back on {remote}, a sync carries on "
        "as before.",
        refused=True,
    )


def forget_checked(git: Git) -> None:
    """Ask the remote again at the next settling, which branch it uses."""
    git.run("config", "--unset", CHECKED_KEY, check=False)


def remember_checked(git: Git, branch: Branch) -> None:
    """After a sync on the shared branch: no need to ask the remote again."""
    url = _config(git, f"remote.{branch.remote}.url")
    if url and _config(git, CHECKED_KEY) != url:
        git.run("config", CHECKED_KEY, url)
