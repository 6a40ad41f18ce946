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

Every git call gets an argument list (no shell), a closed stdin, a timeout, its own
session (no terminal to prompt on), GIT_TERMINAL_PROMPT=0 and editors that accept
without asking.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from weekplan.merge import ConflictNote, conflicts_in, kind_for, singular
from weekplan.model import Config
from weekplan.record import Record, field
from weekplan.store import Store, data_dir_lock
from weekplan.tomlfile import DataError, dumps

LOCAL_TIMEOUT = 60.0
NETWORK_TIMEOUT = 120.0
DRIVER_NAME = "weekplan"
ATTRIBUTES_LINE = f"*.toml merge={DRIVER_NAME}"
ATTRIBUTES = f"# weekplan merges its files item by item: weekplan merge-driver\n{ATTRIBUTES_LINE}\n"
IGNORES = ("# half-written files of an interrupted save", ".*.tmp")
MERGE_MESSAGE = "Merge changes from {remote}"


class SyncError(Exception):
    """Sync could not run or could not finish; the message says why and what to do.

    `refused` means nothing was touched; otherwise local commits are kept and the
    message says how far it got."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


class SyncResult(Record, frozen=False):
    root: Path
    actions: list[str] = field(default_factory=list)  # set-up steps (init)
    committed: str | None = None  # the local commit's message, when there was something to commit
    received: list[str] = field(default_factory=list)  # what the other machine's changes did
    remote: str | None = None
    pushed: bool = False
    conflicts: list[ConflictNote] = field(default_factory=list)  # new ones, left in the files to settle
    problems: list[DataError] = field(default_factory=list)  # files that cannot be read after the pull
    changed_paths: list[Path] = field(default_factory=list)  # files the pull changed: reload them
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        lines = list(self.actions)
        lines.append(f"committed: {self.committed}" if self.committed else "nothing new to commit here")
        if self.remote is None:
            lines.append(
                "no remote: the commit stays on this machine; add one with "
                "'weekplan sync --init URL' to sync with other machines"
            )
        else:
            lines.append(f"received: {', '.join(self.received)}" if self.received else "nothing new from the remote")
            lines.append(f"pushed to {self.remote}" if self.pushed else f"{self.remote} is up to date")
        lines.extend(self.notes)
        if self.conflicts:
            count = len(self.conflicts)
            lines.append(f"{count} conflict{'s' if count != 1 else ''} kept both values; please choose:")
            lines.extend(f"  {note}" for note in self.conflicts)
        if self.problems:
            lines.append("these files cannot be read and will not be written until they are fixed:")
            lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


# -- running git -----------------------------------------------------------------------


def _git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_EDITOR": "true",
            "GIT_SEQUENCE_EDITOR": "true",
            "GIT_MERGE_AUTOEDIT": "no",
            "GIT_PAGER": "cat",
        }
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    env.pop("GIT_INDEX_FILE", None)
    if extra:
        env.update(extra)
    return env


class _Git(Record, frozen=False):
    root: Path
    env_extra: dict[str, str] = field(default_factory=dict)

    def run(self, *args: str, timeout: float = LOCAL_TIMEOUT, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = ["git", "-C", str(self.root), *args]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=_git_env(self.env_extra),
                start_new_session=True,  # no controlling terminal: nothing can ask for a password
            )
        except FileNotFoundError:
            raise SyncError("git is not installed (or not on PATH); weekplan sync needs it", refused=True) from None
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise SyncError(
                f"'git {args[0]}' did not finish within {timeout:g} seconds and was stopped; "
                "check the network and the remote, then sync again"
            ) from None
        result = subprocess.CompletedProcess(command, process.returncode, out, err)
        if check and result.returncode != 0:
            raise SyncError(f"'git {' '.join(args[:2])}' failed: {_git_message(result)}")
        return result

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def show(self, spec: str) -> bytes | None:
        """A file's bytes at a revision (`HEAD:path`, `:path` for the index), or None."""
        command = ["git", "-C", str(self.root), "cat-file", "blob", spec]
        try:
            result = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                env=_git_env(self.env_extra),
                timeout=LOCAL_TIMEOUT,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise SyncError(f"'git cat-file' did not finish within {LOCAL_TIMEOUT:g} seconds") from None
        return result.stdout if result.returncode == 0 else None

    def git_path(self, name: str) -> Path:
        found = Path(self.out("rev-parse", "--git-path", name))
        return found if found.is_absolute() else self.root / found


def _kill_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


def _git_message(result: subprocess.CompletedProcess[str]) -> str:
    text = (result.stderr or result.stdout or "").strip()
    return text or f"exit status {result.returncode}"


# -- the repository ----------------------------------------------------------------------


def driver_command() -> str:
    """The merge driver line for .git/config: this very interpreter, so it works from a
    virtual environment that is not on PATH."""
    return f"{shlex.quote(sys.executable)} -m weekplan merge-driver %O %A %B %P"


def _is_own_repo(git: _Git) -> bool:
    result = git.run("rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        return False
    top = Path(result.stdout.strip())
    try:
        return top.resolve() == git.root.resolve()
    except OSError:
        return False


def _require_repo(git: _Git) -> None:
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
    if not _is_own_repo(git):
        raise SyncError(
            f"{git.root} is inside the repository at {result.stdout.strip()}; weekplan sync needs the data "
            "directory to be a repository of its own (run 'weekplan sync --init' to make it one)",
            refused=True,
        )


def _refuse_if_busy(git: _Git) -> None:
    busy = {
        "MERGE_HEAD": "in the middle of a merge",
        "rebase-merge": "in the middle of a rebase",
        "rebase-apply": "in the middle of a rebase or git am",
        "CHERRY_PICK_HEAD": "in the middle of a cherry-pick",
        "REVERT_HEAD": "in the middle of a revert",
    }
    for name, what in busy.items():
        if git.git_path(name).exists():
            raise SyncError(
                f"the repository in {git.root} is {what}; finish it or abort it with git "
                "(see 'git status'), then sync again",
                refused=True,
            )
    if not git.ok("symbolic-ref", "-q", "HEAD"):
        raise SyncError(
            f"the repository in {git.root} is on a detached HEAD, not a branch; "
            "check out your branch (for example 'git switch main') and sync again",
            refused=True,
        )
    unmerged = git.out("diff", "--name-only", "--diff-filter=U")
    if unmerged:
        raise SyncError(
            f"these files still have unresolved git conflicts: {', '.join(unmerged.splitlines())}", refused=True
        )


def _refuse_if_unreadable(root: Path) -> None:
    errors = Store(root).check()
    if errors:
        lines = "\n".join(f"  {e}" for e in errors)
        raise SyncError(
            f"some files cannot be read; fix them (weekplan check lists them) and sync again:\n{lines}", refused=True
        )


def _ensure_setup(git: _Git) -> list[str]:
    """.gitattributes, .gitignore and the driver in .git/config; returns what it changed."""
    done: list[str] = []
    attributes = git.root / ".gitattributes"
    current = attributes.read_text("utf-8") if attributes.exists() else ""
    if ATTRIBUTES_LINE not in current.splitlines():
        attributes.write_text(current + ("\n" if current and not current.endswith("\n") else "") + ATTRIBUTES, "utf-8")
        done.append("set .gitattributes to merge weekplan files item by item")
    ignore = git.root / ".gitignore"
    current = ignore.read_text("utf-8") if ignore.exists() else ""
    missing = [line for line in IGNORES if line not in current.splitlines()]
    if missing:
        separator = "\n" if current and not current.endswith("\n") else ""
        ignore.write_text(current + separator + "\n".join(missing) + "\n", "utf-8")
    command = driver_command()
    if git.run("config", "--get", f"merge.{DRIVER_NAME}.driver", check=False).stdout.strip() != command:
        git.run("config", f"merge.{DRIVER_NAME}.name", "weekplan: merge items by id")
        git.run("config", f"merge.{DRIVER_NAME}.driver", command)
        done.append("registered the weekplan merge driver in .git/config")
    return done


def _identity(git: _Git) -> None:
    """Commits need a name and an e-mail; when git has none, name this machine."""
    if not git.run("config", "user.name", check=False).stdout.strip():
        host = socket.gethostname() or "this machine"
        git.env_extra.setdefault("GIT_AUTHOR_NAME", f"weekplan on {host}")
        git.env_extra.setdefault("GIT_COMMITTER_NAME", f"weekplan on {host}")
    if not git.run("config", "user.email", check=False).stdout.strip():
        host = socket.gethostname() or "localhost"
        git.env_extra.setdefault("GIT_AUTHOR_EMAIL", f"weekplan@{host}")
        git.env_extra.setdefault("GIT_COMMITTER_EMAIL", f"weekplan@{host}")


def _has_head(git: _Git) -> bool:
    return git.ok("rev-parse", "--verify", "-q", "HEAD")


def _changed_between(git: _Git, old: str | None, new: str | None) -> list[str]:
    """Paths changed from `old` to `new` (None: the index; old None: nothing before)."""
    if new is None:
        args = ["diff", "--cached", "--name-only", "-z", "--no-renames"]
        if old is not None:
            args.append(old)
        out = git.run(*args).stdout
    elif old is None:
        out = git.run("ls-tree", "-r", "--name-only", "-z", new).stdout
    else:
        out = git.run("diff", "--name-only", "-z", "--no-renames", old, new).stdout
    return [p for p in out.split("\0") if p]


# -- saying what changed -----------------------------------------------------------------


def _noun(table: str, count: int) -> str:
    return table if count != 1 else singular(table)


def _load(data: bytes | None) -> dict[str, object] | None:
    if data is None:
        return None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def _item_verb(table: str, old: dict[str, object], new: dict[str, object]) -> str:
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    if table == "activities":
        if changed == {"done"}:
            return "marked done" if new.get("done") else "marked not done"
        if changed == {"skipped"}:
            return "skipped" if new.get("skipped") else "unskipped"
        if changed <= {"date", "start", "end"}:
            return "moved"
    if table == "dates":
        if "rating" in changed and changed <= {"rating", "memory", "status"}:
            return "rated"
        if changed == {"status"}:
            return str(new.get("status", "edited"))
    return "edited"


def describe_changes(
    paths: list[str], old: Callable[[str], bytes | None], new: Callable[[str], bytes | None]
) -> list[str]:
    """Phrases like "2 activities added in 2026-W48" for the files that changed."""
    counts: Counter[tuple[str, str, str]] = Counter()
    added_activities: dict[str, str] = {}
    removed_activities: dict[str, str] = {}
    loose: list[str] = []
    for path in sorted(paths):
        before, after = old(path), new(path)
        kind = kind_for(path)
        name = path.rsplit("/", 1)[-1]
        where = f" in {name.removesuffix('.toml')}" if path.startswith("weeks/") else ""
        old_doc, new_doc = _load(before), _load(after)
        if kind is None or (old_doc is None and before is not None) or (new_doc is None and after is not None):
            how = "added" if before is None else "removed" if after is None else "changed"
            if path == "config.toml":
                loose.append(f"settings {how}")
            elif path == ".gitattributes":
                loose.append(f"merge set-up {how}")
            elif path != ".gitignore":
                loose.append(f"{path} {how}")
            continue
        table = kind.table
        old_items = _items(old_doc, table)
        new_items = _items(new_doc, table)
        for item_id in new_items.keys() - old_items.keys():
            if table == "activities":
                added_activities[item_id] = where
            else:
                counts[(table, "added", where)] += 1
        for item_id in old_items.keys() - new_items.keys():
            if table == "activities":
                removed_activities[item_id] = where
            else:
                counts[(table, "removed", where)] += 1
        for item_id in old_items.keys() & new_items.keys():
            before_item, after_item = old_items[item_id], new_items[item_id]
            if before_item != after_item:
                verb = _item_verb(table, _table(before_item), _table(after_item))
                counts[(table, verb, where)] += 1
        old_rest = {k: v for k, v in (old_doc or {}).items() if k != table}
        new_rest = {k: v for k, v in (new_doc or {}).items() if k != table}
        if _table(old_rest.get("review")).get("note") != _table(new_rest.get("review")).get("note"):
            loose.append(f"review note{where} {'written' if _table(new_rest.get('review')).get('note') else 'cleared'}")
        for key in sorted((old_rest.keys() | new_rest.keys()) - {"review"}):
            if old_rest.get(key) != new_rest.get(key):
                loose.append(f"[{key}] changed in {path}")
    for item_id, where in added_activities.items():
        if item_id in removed_activities:
            counts[("activities", "moved to" + where.removeprefix(" in"), "")] += 1
        else:
            counts[("activities", "added", where)] += 1
    for item_id, where in removed_activities.items():
        if item_id not in added_activities:
            counts[("activities", "removed", where)] += 1
    phrases = [f"{n} {_noun(table, n)} {verb}{where}" for (table, verb, where), n in counts.items()]
    return phrases + loose


def _items(doc: dict[str, object] | None, table: str) -> dict[str, object]:
    return _table((doc or {}).get(table))


def _table(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def commit_message(phrases: list[str]) -> str:
    """A first line that says what changed, the rest in the body when it is long."""
    if not phrases:
        return "Update weekplan data"
    head = ", ".join(phrases[:3])
    if len(phrases) > 3:
        head += f" and {len(phrases) - 3} more"
        return head[:1].upper() + head[1:] + "\n\n" + "\n".join(f"- {p}" for p in phrases) + "\n"
    return head[:1].upper() + head[1:]


# -- the steps ---------------------------------------------------------------------------


def _commit_local(git: _Git) -> str | None:
    git.run("add", "-A", "--", ".")
    had_head = _has_head(git)
    paths = _changed_between(git, "HEAD" if had_head else None, None)
    if not paths:
        return None
    phrases = describe_changes(
        paths,
        lambda p: git.show(f"HEAD:{p}") if had_head else None,
        lambda p: git.show(f":{p}"),
    )
    message = commit_message(phrases)
    git.run("commit", "-q", "--no-verify", "-m", message)
    return message.splitlines()[0]


def _upstream(git: _Git) -> tuple[str, str, bool] | None:
    """(remote, remote branch, whether it is set as upstream), or None without remotes."""
    branch = git.out("symbolic-ref", "--short", "HEAD")
    remote = git.run("config", "--get", f"branch.{branch}.remote", check=False).stdout.strip()
    merge = git.run("config", "--get", f"branch.{branch}.merge", check=False).stdout.strip()
    if remote and remote != "." and merge:
        return remote, merge.removeprefix("refs/heads/"), True
    remotes = git.out("remote").split()
    if not remotes:
        return None
    chosen = "origin" if "origin" in remotes else remotes[0]
    return chosen, branch, False


def _remote_ref(remote: str, branch: str) -> str:
    return f"refs/remotes/{remote}/{branch}"


def _fetch(git: _Git, remote: str, branch: str) -> bool:
    """Fetch the remote branch; False when the remote does not have it yet."""
    result = git.run(
        "fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:{_remote_ref(remote, branch)}",
        timeout=NETWORK_TIMEOUT, check=False,
    )  # fmt: skip
    if result.returncode == 0:
        return True
    probe = git.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", timeout=NETWORK_TIMEOUT, check=False)
    if probe.returncode == 0 and not probe.stdout.strip():
        return False
    raise SyncError(
        f"could not fetch from {remote}: {_git_message(result)}\nYour changes are committed here; sync again later."
    )


def _merge(git: _Git, remote: str, branch: str, result: SyncResult, *, unrelated: bool = False) -> None:
    """Merge the fetched branch; record what arrived, new conflicts and unreadable files."""
    before = git.out("rev-parse", "HEAD") if _has_head(git) else None
    ref = _remote_ref(remote, branch)
    if before is not None and git.ok("merge-base", "--is-ancestor", ref, "HEAD"):
        return  # nothing new
    old_conflicts = _conflict_keys(git.root)
    args = ["merge", "--no-edit", "--no-verify", "-m", MERGE_MESSAGE.format(remote=f"{remote}/{branch}")]
    if unrelated:
        args.append("--allow-unrelated-histories")
    merged = git.run(*args, ref, check=False)
    if merged.returncode != 0:
        unmerged = git.out("diff", "--name-only", "--diff-filter=U").splitlines()
        if git.git_path("MERGE_HEAD").exists():
            git.run("merge", "--abort", check=False)
        files = f" ({', '.join(unmerged)})" if unmerged else ""
        raise SyncError(
            f"could not merge the changes from {remote}{files}; nothing here was changed and nothing was pushed.\n"
            f"{_git_message(merged)}\nYour own changes are committed here; once the files above are readable "
            "again on the other machine, sync again."
        )
    after = git.out("rev-parse", "HEAD")
    changed = _changed_between(git, before, after)
    result.received.extend(
        describe_changes(
            changed, lambda p: git.show(f"{before}:{p}") if before else None, lambda p: git.show(f"{after}:{p}")
        )
    )
    result.changed_paths.extend(git.root / p for p in changed if (git.root / p) not in result.changed_paths)
    result.conflicts.extend(n for n in _conflict_notes(git.root) if (n.path, n.where) not in old_conflicts)
    result.conflicts.extend(n for n in _duplicate_activities(git.root) if (n.path, n.where) not in old_conflicts)
    result.problems = Store(git.root).check()


def _data_files(root: Path) -> list[Path]:
    files = [*sorted(root.glob("*.toml")), *sorted(root.glob("weeks/*.toml")), *sorted(root.glob("dates/*.toml"))]
    return [p for p in files if p.is_file()]


def _conflict_notes(root: Path) -> list[ConflictNote]:
    notes: list[ConflictNote] = []
    for path in _data_files(root):
        try:
            doc = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        notes.extend(conflicts_in(path, doc))
    return notes


def _duplicate_activities(root: Path) -> list[ConflictNote]:
    """An activity moved to another week on one machine and edited on the other ends
    up in both weeks' files; both are kept, and the person chooses."""
    seen: dict[str, Path] = {}
    notes: list[ConflictNote] = []
    for path in sorted((root / "weeks").glob("*.toml")):
        try:
            items = _table(tomllib.loads(path.read_text("utf-8")).get("activities"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for item_id, item in items.items():
            if item_id in seen:
                title = _table(item).get("title", item_id)
                notes.append(
                    ConflictNote(
                        path,
                        f"activities.{item_id}",
                        f"activity {title!r} is in both {seen[item_id].stem} and {path.stem} "
                        "(moved on one machine, edited on the other); delete the one you do not want",
                    )
                )
            else:
                seen[item_id] = path
    return notes


def conflicts_left(root: Path) -> list[ConflictNote]:
    """Every conflict a merge left in the data directory that nobody has settled yet."""
    return _conflict_notes(root) + _duplicate_activities(root)


def _conflict_keys(root: Path) -> set[tuple[Path, str]]:
    return {(n.path, n.where) for n in conflicts_left(root)}


def _needs_push(git: _Git, remote: str, branch: str, remote_has_branch: bool) -> bool:
    if not _has_head(git):
        return False
    if not remote_has_branch:
        return True
    return git.out("rev-list", "--count", f"{_remote_ref(remote, branch)}..HEAD") != "0"


def _push(git: _Git, remote: str, branch: str, set_upstream: bool) -> str:
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
        f"could not push to {remote}: {_git_message(pushed)}\nYour changes are committed here; sync again later."
    )


def _exchange(git: _Git, result: SyncResult, *, unrelated: bool = False) -> None:
    """Fetch, merge and push; a push the remote rejects is retried once after another pull."""
    found = _upstream(git)
    if found is None:
        return
    remote, branch, tracked = found
    result.remote = remote
    for attempt in (1, 2):
        remote_has_branch = _fetch(git, remote, branch)
        # No planner may save while git changes files; what one saved during the
        # fetch is committed first, so the merge has nothing to step on.
        with data_dir_lock(git.root):
            more = _commit_local(git)
            if more:
                result.committed = f"{result.committed}; {more}" if result.committed else more
            if remote_has_branch:
                _merge(git, remote, branch, result, unrelated=unrelated)
        if not _needs_push(git, remote, branch, remote_has_branch):
            return
        if _push(git, remote, branch, set_upstream=not tracked) == "ok":
            result.pushed = True
            return
        if attempt == 2:
            raise SyncError(
                f"{remote} changed again while syncing; your changes are committed here and merged with what "
                "arrived. Sync again in a moment."
            )


# -- entry points ------------------------------------------------------------------------


def sync(root: Path) -> SyncResult:
    """Commit, pull (merge) and push the data directory. Raises SyncError."""
    git = _Git(root)
    _require_repo(git)
    _refuse_if_busy(git)
    _refuse_if_unreadable(root)
    _identity(git)
    result = SyncResult(root)
    result.actions.extend(_ensure_setup(git))
    with data_dir_lock(root):
        result.committed = _commit_local(git)
    _exchange(git, result)
    return result


def init(root: Path, remote_url: str | None = None) -> SyncResult:
    """Make the data directory a repository (if it is not one), set up the merge driver,
    commit, and with a remote URL, sync with it. Raises SyncError."""
    root = Path(root)
    store = Store.open(root)
    git = _Git(root)
    result = SyncResult(root)
    if not (root / ".git").exists() or not _is_own_repo(git):
        git.run("init", "-q")
        git.run("symbolic-ref", "HEAD", "refs/heads/main")
        result.actions.append(f"made {root} a git repository")
    else:
        _refuse_if_busy(git)
    _refuse_if_unreadable(root)
    _identity(git)
    result.actions.extend(_ensure_setup(git))
    unrelated = False
    if remote_url:
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
        branch = git.out("symbolic-ref", "--short", "HEAD")
        if not _has_head(git) and _fetch(git, "origin", branch):
            # Joining data that already exists elsewhere: a configuration nobody has
            # touched yet would only argue with the real one, so let that one arrive.
            unrelated = True
            if store.config_path.read_bytes() == dumps(Config().to_toml()):
                store.config_path.unlink()
    with data_dir_lock(root):
        result.committed = _commit_local(git)
    _exchange(git, result, unrelated=unrelated)
    return result
