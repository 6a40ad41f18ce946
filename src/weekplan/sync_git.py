"""Running git for `weekplan sync`: one careful way to call it, the repository's
lock files, and one sync of a repository at a time.

Every git call gets an argument list (no shell), a closed stdin, a timeout, its own
session (no terminal to prompt on), GIT_TERMINAL_PROMPT=0, editors that accept
without asking, and messages in English (weekplan reads some of them: git_env).

Every call also runs with `core.hooksPath=/dev/null`: the data repository's own hooks
(post-commit, post-merge, pre-push, reference-transaction, …) never run during a sync;
nor does a file-system monitor program it names (`core.fsmonitor=false`).
A hook is a program that a clone, a backup or a shared folder can carry in; a sync that
runs unattended from the planner must not run it, and `--no-verify` only skips two of
them.  Someone who wants a hook around their data can run it from their own git
commands; weekplan's are plain data commits.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from weekplan.record import Record, field

LOCAL_TIMEOUT = 60.0
FILES_A_BATCH = 200  # files read through one `git cat-file --batch`
NETWORK_TIMEOUT = 120.0
HELD_LOCK_WAIT = 10.0  # how long a lock that a running git holds is waited for
OTHER_SYNC_WAIT = 30.0  # how long a sync waits for another one of the same repository
LATE_ANSWER_GRACE = 1.0  # how long a git's answer taken after its timeout may still take
BUSY_GIT_WAIT = 2.0  # how long a git working in the data directory without a lock is
# No hooks, no monitor program; housekeeping (gc) in the foreground, so that no git
# is left working in the background to hold a lock the next sync needs.
SETTINGS = (
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "gc.autoDetach=false",
    "-c",
    "maintenance.autoDetach=false",
)


# git commands that never change its configuration: a run of `config --get` between
# them is answered from one `config --list` (a sync reads some ten settings).
READS_ONLY = frozenset(
    {"rev-parse", "status", "diff", "merge-base", "rev-list", "ls-files", "ls-tree", "cat-file", "ls-remote", "fetch"}
)


class SyncError(Exception):
    """Sync could not run or could not finish; the message says why and what to do.

    `refused` means nothing was touched; otherwise local commits are kept and the
    message says how far it got."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


# What points git at one repository: set by git for a hook or an alias it runs, or by a
# person for another repository.  git's own list (`git rev-parse --local-env-vars`),
# which git clears itself when it moves to another repository, but for the settings
# given in the environment (GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT): those may be how
# a person reaches the remote, and weekplan's own `-c` settings outrank them.
# GIT_CONFIG is cleared: it names the one file git would read and write settings in
# instead of the repository's own .git/config.
REPOSITORY_VARIABLES = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_OBJECT_DIRECTORY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",
    "GIT_INTERNAL_SUPER_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
)


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every git weekplan runs: no prompt, no editor, no pager, and
    nothing that would point it at another repository than the data directory's."""
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
    for name in REPOSITORY_VARIABLES:
        env.pop(name, None)
    # weekplan reads what git says (could_not_write, a lock in the way): git speaks to it
    # in one language, whatever the person's.  Only its messages: the characters of
    # file names, and what the programs git starts say, stay the person's own.
    env.pop("LANGUAGE", None)
    everywhere = env.pop("LC_ALL", None)
    if everywhere:
        env["LC_CTYPE"] = everywhere
    env["LC_MESSAGES"] = "C"
    if extra:
        env.update(extra)
    return env


class Git(Record, frozen=False):
    """git, run in the data directory `root`, or in the Together repository shared with
    a partner (`together`: its work tree inside the data directory `data_root`)."""

    root: Path
    env_extra: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] | None = field(default=None, compare=False, repr=False)  # see READS_ONLY
    listing: GitCall | None = field(default=None, compare=False, repr=False)  # the settings, on their way
    together: bool = False
    data_root: Path | None = None

    @property
    def lock_root(self) -> Path:
        """The data directory whose lock keeps planners' saves apart from git's changes."""
        return self.data_root or self.root

    def with_env(self, extra: dict[str, str]) -> Git:
        """The same git (repository, data directory, shared or not) with `extra` in its
        environment; what it read of its settings is not carried over."""
        return Git(self.root, {**self.env_extra, **extra}, together=self.together, data_root=self.data_root)

    def command(self, *args: str) -> list[str]:
        return ["git", *SETTINGS, "-C", str(self.root), *args]

    def run(self, *args: str, timeout: float = LOCAL_TIMEOUT, check: bool = True) -> subprocess.CompletedProcess[str]:
        if len(args) == 3 and args[:2] == ("config", "--get") and not check:
            found = self._setting(args[2])
            if found is not None:
                return found
        return self.start(*args, timeout=timeout).result(check=check)

    def start(self, *args: str, timeout: float = LOCAL_TIMEOUT) -> GitCall:
        """Start git and return at once: its answer is taken with `result()`, and calls
        that do not depend on each other run side by side.  Each keeps its own timeout."""
        if args[0] not in READS_ONLY and args != ("remote",):
            self.settings = None
            if self.listing is not None:  # what it says may be from before this call
                self.listing.abandon()
                self.listing = None
        command = self.command(*args)
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=git_env(self.env_extra),
                start_new_session=True,  # no controlling terminal: nothing can ask for a password
            )
        except FileNotFoundError:
            raise SyncError("git is not installed (or not on PATH); weekplan sync needs it", refused=True) from None
        return GitCall(self.root, args, command, process, timeout)

    def _setting(self, key: str) -> subprocess.CompletedProcess[str] | None:
        """What `config --get key` answers, from the settings listed once; None when they
        cannot be listed."""
        if self.settings is None:
            listing, self.listing = self.listing or self.start("config", "-z", "--list"), None
            listed = listing.result(check=False)
            if listed.returncode != 0:
                return None
            # "name\nvalue" each; a name appears again where a later file sets it, and
            # --get answers the last.  Sections and names are listed in lower case.
            self.settings = dict(entry.partition("\n")[::2] for entry in listed.stdout.split("\0") if entry)
        section, _, rest = key.partition(".")
        middle, _, name = rest.rpartition(".")
        value = self.settings.get(".".join(filter(None, (section.lower(), middle, name.lower()))))
        command = self.command("config", "--get", key)
        return (
            subprocess.CompletedProcess(command, 1, "", "")
            if value is None
            else subprocess.CompletedProcess(command, 0, f"{value}\n", "")
        )

    def list_settings(self) -> None:
        """Start listing the settings, unless they are listed or on their way: the
        listing then runs side by side with what the caller starts next."""
        if self.settings is None and self.listing is None:
            self.listing = self.start("config", "-z", "--list")

    def remotes(self) -> list[str]:
        """The remotes, as `git remote` lists them (in order of their names): from the
        settings listed once, where each remote sync can use has its URL (remote.NAME.url)."""
        self._setting("remote.origin.url")  # lists the settings, unless they are listed
        if self.settings is None:  # they cannot be listed
            return self.out("remote").split()
        return sorted(key[7:-4] for key in self.settings if key.startswith("remote.") and key.endswith(".url"))

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def show(self, spec: str) -> bytes | None:
        """A file's bytes at a revision (`HEAD:path`, `:path` for the index), or None."""
        result = self._cat_file("blob", spec)
        return result.stdout if result.returncode == 0 else None

    def _cat_file(self, *args: str, request: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        """`git cat-file` with `request` on its standard input and bytes out: files as
        stored, whatever their encoding."""
        try:
            return subprocess.run(
                self.command("cat-file", *args),
                input=request,
                capture_output=True,
                env=git_env(self.env_extra),
                timeout=LOCAL_TIMEOUT,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise SyncError(f"'git cat-file' did not finish within {LOCAL_TIMEOUT:g} seconds") from None

    def _batch(self, option: str, specs: list[str]) -> bytes:
        """What `git cat-file <option>` (--batch or --batch-check) answers for `specs`
        (`rev:path`, a line each), in one git process."""
        request = b"".join(spec.encode("utf-8") + b"\n" for spec in specs)
        done = self._cat_file(option, request=request)
        if done.returncode != 0:
            said = done.stderr.decode("utf-8", "replace").strip()
            raise SyncError(f"'git cat-file {option.partition('=')[0]}' failed: {said}")
        return done.stdout

    def read_many(self, specs: list[str]) -> dict[str, bytes | None]:
        """Many blobs (`rev:path`) in one git process; None for those that do not exist."""
        if not specs:
            return {}
        out, at = self._batch("--batch", specs), 0
        found: dict[str, bytes | None] = {}
        for spec in specs:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            at = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[spec] = out[at : at + size]
                at += size + 1
            else:
                found[spec] = None  # "<spec> missing", or not a file
                if len(header) == 3:
                    at += int(header[2]) + 1
        return found

    def blob_ids(self, specs: list[str]) -> dict[str, str | None]:
        """The object names of many blobs (`rev:path`) in one git process; None for those
        that do not exist or are not files."""
        if not specs:
            return {}
        answers = self._batch("--batch-check=%(objectname) %(objecttype)", specs).decode("utf-8", "replace")
        found: dict[str, str | None] = {}
        for spec, answer in zip(specs, answers.splitlines(), strict=False):
            words = answer.split(" ")
            found[spec] = words[0] if len(words) == 2 and words[1] == "blob" else None
        return found

    def files_at(self, rev: str, paths: list[str]) -> Callable[[str], bytes | None]:
        """The files `paths` at `rev` (`HEAD`, a commit, "" for the index) as one asks
        for them, read a batch at a time through one git process each, in the order of
        their names: a sync that brings years of weeks starts a few git processes, not
        two for each week, and holds one batch at a time."""
        in_order = sorted(paths)
        place = {path: at for at, path in enumerate(in_order)}
        held: dict[str, bytes | None] = {}

        def read(path: str) -> bytes | None:
            if path not in held:
                held.clear()
                first = place[path] // FILES_A_BATCH * FILES_A_BATCH
                batch = in_order[first : first + FILES_A_BATCH]
                found = self.read_many([f"{rev}:{name}" for name in batch])
                held.update((name, found[f"{rev}:{name}"]) for name in batch)
            return held[path]

        return read

    def state(self) -> RepoState | None:
        """Where the repository stands, from one `git status`: its head, its branch and
        what differs from the last commit (ignored files too: a .gitignore never stops a
        week from syncing).  None when the data directory is not a repository's top:
        git is told not to look in the folders above it (GIT_CEILING_DIRECTORIES), so a
        repository around it is never taken for its own."""
        return RepoState.answered(self.start_state())

    def start_state(self) -> GitCall:
        """The `git status` of `state`, started; RepoState.answered reads it."""
        ceiling = str(self.root.resolve().parent)
        with_ceiling = self.with_env({"GIT_CEILING_DIRECTORIES": ceiling})
        return with_ceiling.start(
            "status", "--porcelain=v2", "--branch", "-z",
            "--untracked-files=all", "--ignored=matching", "--no-renames", "--no-ahead-behind",
        )  # fmt: skip

    def git_path(self, name: str) -> Path:
        git_dir = self.root / ".git"
        if git_dir.is_dir() and not git_dir.is_symlink():
            # The data directory's own repository (what sync --init makes): its files are
            # where they are, and git_env keeps GIT_DIR and friends from moving them.
            return git_dir / name
        found = Path(self.out("rev-parse", "--git-path", name))
        return found if found.is_absolute() else self.root / found

    def has_head(self) -> bool:
        return self.ok("rev-parse", "--verify", "-q", "HEAD")

    def head(self) -> str | None:
        return self.out("rev-parse", "HEAD") if self.has_head() else None

    def changed_between(self, old: str | None, new: str | None) -> list[str]:
        """Paths changed from `old` to `new` (None: the index; old None: nothing before)."""
        if new is None:
            args = ["diff", "--cached", "--name-only", "-z", "--no-renames"]
            if old is not None:
                args.append(old)
            out = self.run(*args).stdout
        elif old is None:
            out = self.run("ls-tree", "-r", "--name-only", "-z", new).stdout
        else:
            out = self.run("diff", "--name-only", "-z", "--no-renames", old, new).stdout
        return [p for p in out.split("\0") if p]

    def unmerged(self) -> list[str]:
        return [p for p in self.run("diff", "--name-only", "-z", "--diff-filter=U").stdout.split("\0") if p]


class GitCall:
    """A git program started by Git.start, until its answer is taken.

    The timeout is kept by a timer that stops git's process group, rather than by
    communicate(timeout=...): that one, once git's output has ended, polls for its exit
    with sleeps, which cost every call of a sync a little."""

    def __init__(
        self, root: Path, args: tuple[str, ...], command: list[str], process: subprocess.Popen[str], timeout: float
    ) -> None:
        self.root, self.args, self.command, self.timeout = root, args, command, timeout
        self.process = process
        self.deadline = time.monotonic() + timeout
        self.stopped: list[bool] = []
        self.waiting: list[bool] = []  # result() was called: its answer is being waited for
        self.answered: list[bool] = []  # communicate() returned: git's output ended and it was waited for
        self.completed: subprocess.CompletedProcess[str] | None = None
        self.timer = self._stop_after(timeout)

    def _stop_after(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, _stop_group, (self.process, self.waiting, self.answered, self.stopped))
        timer.daemon = True  # a call nobody waits for never holds the program open
        timer.start()
        return timer

    def result(self, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """git's answer, once it has finished (or SyncError when it was stopped, or failed
        with `check`)."""
        if self.completed is None:
            self.waiting.append(True)
            if time.monotonic() >= self.deadline:
                # Taken late: git finished in time (else the timer stopped it), but what
                # it started may still hold its output, and is given a moment, not forever.
                self.timer.cancel()
                self.timer = self._stop_after(LATE_ANSWER_GRACE)
            try:
                out, err = self.process.communicate()
                self.answered.append(True)
            finally:
                self.timer.cancel()
            self.completed = subprocess.CompletedProcess(self.command, self.process.returncode, out, err)
        if self.stopped:
            raise SyncError(
                f"'git {self.args[0]}' did not finish within {self.timeout:g} seconds and was stopped; "
                "check the network and the remote, then sync again"
            )
        result = self.completed
        if check and result.returncode != 0:
            if ".lock': File exists" in result.stderr:
                raise SyncError(
                    f"another git program started working in {self.root} during the sync and holds its lock "
                    f"({git_message(result).splitlines()[0]}); let it finish, then sync again"
                )
            raise SyncError(f"'git {' '.join(self.args[:2])}' failed: {git_message(result)}")
        return result

    def said_nothing(self) -> bool:
        """Whether git finished well without a word (a fetch that updated nothing)."""
        done = self.completed
        return done is not None and done.returncode == 0 and not self.stopped and not done.stdout and not done.stderr

    def abandon(self) -> None:
        """A call whose answer is no longer wanted (the sync stopped before it): git is
        asked to stop (it removes its lock files as it goes), and is waited for; the
        timer still stops it for good if it does not."""
        if self.completed is not None or self.answered:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(SyncError):
            self.result(check=False)


class RepoState(Record):
    """What `git status --porcelain=v2 --branch` says of a repository."""

    head: str | None  # the commit checked out; None before the first
    branch: str | None  # the branch checked out; None on a detached HEAD
    changed: list[str]  # paths that differ from the last commit, or are new
    unmerged: list[str]  # paths a merge left in conflict
    in_step_with: str | None = None  # the branch's upstream ("origin/main") when on its very commit

    @classmethod
    def answered(cls, status: GitCall) -> RepoState | None:
        """What a `git status` started by Git.start_state says; None when it failed."""
        listed = status.result(check=False)
        return cls.read(listed.stdout) if listed.returncode == 0 else None

    @classmethod
    def read(cls, out: str) -> RepoState:
        head: str | None = None
        branch: str | None = None
        changed: list[str] = []
        unmerged: list[str] = []
        upstream: str | None = None
        in_step = False
        for entry in out.split("\0"):
            kind = entry[:2]
            if entry.startswith("# branch.oid "):
                head = None if entry.endswith("(initial)") else entry.split(" ")[2]
            elif entry.startswith("# branch.head "):
                branch = None if entry.endswith("(detached)") else entry[len("# branch.head ") :]
            elif entry.startswith("# branch.upstream "):
                upstream = entry[len("# branch.upstream ") :]
            elif entry.startswith("# branch.ab "):  # only while the upstream's branch is here
                # With --no-ahead-behind git walks no history: "+0 -0" on the upstream's
                # very commit, "+? -?" anywhere else.
                in_step = entry == "# branch.ab +0 -0"
            elif kind == "1 ":  # "1 XY sub mH mI mW hH hI path": the path may hold spaces
                changed.append(entry.split(" ", 8)[8])
            elif kind == "u ":  # "u XY sub m1 m2 m3 mW h1 h2 h3 path"
                path = entry.split(" ", 10)[10]
                changed.append(path)
                unmerged.append(path)
            elif kind in ("? ", "! "):
                changed.append(entry[2:])
        return cls(head, branch, changed, unmerged, upstream if in_step else None)


def _stop_group(process: subprocess.Popen[str], waiting: list[bool], answered: list[bool], stopped: list[bool]) -> None:
    """What the timer of a GitCall does: stop git and whatever it started (its own
    session), unless the call has its answer.  While the answer is waited for, whether
    git itself has exited does not say: a program it started may still hold its output
    open, and communicate() would wait for that without end.  A git that exited in time
    with nobody waiting yet finished, and its answer is kept for whoever takes it late
    (GitCall.result bounds that wait).  Until communicate() returns git is not waited
    for (_has_exited does not reap it), so its process group is still its own."""
    if answered or (not waiting and _has_exited(process.pid)):
        return
    stopped.append(True)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _has_exited(pid: int) -> bool:
    """Whether git has exited, without reaping it (WNOWAIT): its exit is still there for
    communicate(), and its process id is not handed to another program meanwhile."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True  # already reaped: nothing of it is left to stop
    except (AttributeError, OSError):
        return False  # cannot be told here: stopped, as before


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# What git says when it cannot write a file: a full disk, a quota, a size limit.  A ref
# it could not write (ORIG_HEAD, before a merge writes anything) it names without why;
# its index it may call "out of diskspace".  git speaks English to weekplan (git_env).
_WRITE_FAILED = (
    "unable to write",
    "couldn't write",
    "no space left",
    "disk quota",
    "file too large",
    "short write",
    "out of diskspace",
)


def could_not_write(said: str) -> bool:
    """Whether git's words `said` are those of a write that failed (a full disk)."""
    said = said.lower()
    return any(sign in said for sign in _WRITE_FAILED)


def git_message(result: subprocess.CompletedProcess[str]) -> str:
    """What git said, fit to show: a remote's own lines ("remote: …") come through git
    too, so control characters are written out, never sent to a terminal."""
    text = (result.stderr or result.stdout or "").strip()
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text or f"exit status {result.returncode}"


# -- lock files ---------------------------------------------------------------------------


def lock_files(git_dir: Path) -> list[Path]:
    """git's own lock files in the repository: index.lock, HEAD.lock, refs/…/x.lock, …"""
    found = [p for p in git_dir.glob("*.lock") if p.is_file()]
    for folder in ("refs", "logs"):
        found.extend(p for p in (git_dir / folder).rglob("*.lock") if p.is_file())
    return sorted(found)


def gits_working_in(root: Path) -> list[int] | None:
    """Process ids of running git programs working in `root`; None where processes
    cannot be listed (no /proc), so that nobody's lock is taken on a guess."""
    proc = Path("/proc")
    if not (proc / "self").exists():
        return None
    try:
        target = root.resolve()
    except OSError:
        return None
    wanted = {str(target), str(target / ".git")}
    found: list[int] = []
    me = str(os.getpid())
    # Every sync looks at every process's name, so the files are read with plain
    # system calls: a file object per process made this the slowest step of a sync
    # with nothing new on a machine running many programs.
    for name in os.listdir("/proc"):
        if not name.isdigit() or name == me:
            continue
        try:
            if not _read_proc(f"/proc/{name}/comm").startswith(b"git"):
                continue
            cwd = os.readlink(f"/proc/{name}/cwd")
            argv = _read_proc(f"/proc/{name}/cmdline").split(b"\0")
        except OSError:
            continue
        words = {os.fsdecode(a).rstrip("/") for a in argv}
        if cwd in wanted or any(w in wanted for w in words):
            found.append(int(name))
    return found


def _read_proc(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


@contextlib.contextmanager
def one_sync_at_a_time(root: Path) -> Iterator[None]:
    """While a sync of the repository in `root` runs, another one (a timer's `weekplan
    sync` while the planner syncs) waits for it, up to OTHER_SYNC_WAIT, then stops with
    a SyncError that says so: side by side, the two would race each other for git's
    locks, and one would stop on git's own words.  An advisory lock on the .git folder,
    so there is no file to leave behind; no repository yet, nothing to wait for."""
    try:
        import fcntl
    except ImportError:  # no flock here (Windows): git's own locks still keep them apart
        yield
        return
    try:
        fd = os.open(root / ".git", os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + OTHER_SYNC_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SyncError(
                        f"another weekplan sync of {root} is still running; this one did nothing. "
                        "Sync again once it is done.",
                        refused=True,
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def clear_stale_locks(git: Git, *, wait: float | None = None) -> list[str]:
    """Wait a while for git programs still working in the data directory (one left
    running by a sync that was stopped, another sync), then remove the lock files that
    no running git holds: a sync or git killed half-way leaves them, and git then
    refuses every later command.  Returns what was cleared, for the report; raises
    SyncError when a lock is still held after waiting, or when it cannot tell who
    holds it."""
    git_dir = git.root / ".git"
    if not git_dir.is_dir():
        return []
    started = time.monotonic()
    deadline = started + (HELD_LOCK_WAIT if wait is None else wait)
    # A git that holds no lock may be someone's 'git log' left open: waited for briefly.
    busy_deadline = min(deadline, started + BUSY_GIT_WAIT)
    while True:
        locks = lock_files(git_dir)
        seen = {lock: _identity_of(lock) for lock in locks}
        holders = gits_working_in(git.root)
        if holders is None:
            if not locks:
                return []  # scratch files are left too: who may still use them cannot be told
            names = ", ".join(str(p.relative_to(git.root)) for p in locks)
            raise SyncError(
                f"git's lock files {names} are in the way and weekplan cannot tell whether a git program is "
                "still using them. If no git is running, delete them and sync again.",
                refused=True,
            )
        if not holders:
            # A lock that changed while the processes were listed belongs to a git that
            # started meanwhile: look again rather than take it.
            if all(_identity_of(lock) == seen[lock] for lock in locks):
                break
            continue
        if not locks and time.monotonic() >= busy_deadline:
            return []
        if time.monotonic() >= deadline:
            names = ", ".join(str(p.relative_to(git.root)) for p in locks)
            pids = ", ".join(str(p) for p in holders)
            raise SyncError(
                f"git (process {pids}) is working in {git.root} and holds {names}; "
                "wait for it to finish (or stop it) and sync again",
                refused=True,
            )
        time.sleep(0.2)
    cleared: list[str] = []
    # git's own scratch files of a merge stopped half-way (the driver's three versions,
    # and the copy the driver was writing aside when it was stopped with them): with no
    # git working here, nothing will ever read them again.
    scratch = [*git.root.glob(".merge_file_*"), *git.root.glob("..merge_file_*.tmp")]
    for leftover in sorted(scratch):
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
                cleared.append(leftover.name)
    for lock in locks:
        try:
            lock.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise SyncError(f"cannot remove the stale lock {lock}: {exc.strerror or exc}", refused=True) from None
        cleared.append(str(lock.relative_to(git.root)))
    return cleared


def _identity_of(path: Path) -> tuple[int, int] | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns)
