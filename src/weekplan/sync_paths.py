"""Which files `weekplan sync` carries, and what it refuses to take from a remote.

weekplan syncs its own files and nothing else: the ones weekplan.data_places names
(`own_file_patterns`: config.toml, ideas.toml, goals.toml, routines.toml, the dates'
files `dates/YYYY.toml`, the week files `weeks/YYYY-Www.toml`), and the
`.gitattributes`/`.gitignore` that set the repository up.  They are committed by name,
whatever ignore rules say; anything else in the folder is left alone and named once
as "not synced".

What a remote brings is read from the fetched commits before anything reaches the
work tree (`git diff --raw` from the common ancestor, or `git ls-tree -r` when there is
none).  A symbolic link, a submodule, or a path that is not one of weekplan's own is
refused: it could point a later save outside the data directory, or carry files
nobody asked for.  Like vdirsyncer, sync refuses rather than guesses; the person
decides what to do with such a remote.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from functools import cache
from pathlib import Path

from weekplan.data_places import BUSY_FOLDER, TOGETHER_FOLDER, is_busy_file, is_own_file, own_file_patterns
from weekplan.sync_git import Git

SETUP_FILES = (".gitattributes", ".gitignore")  # how git is set up for the repository: carried too


def _from_glob(pattern: str) -> str:
    """The store's glob as a regular expression: a `[...]` class stays a class, and a
    `*` is a plain name (no control character, no newline, nothing git or a terminal
    could read as more than a name)."""
    pieces = re.split(r"(\[[^\]]+\]|\*)", pattern)
    return "".join(
        "[A-Za-z0-9][A-Za-z0-9_-]*" if piece == "*" else piece if piece.startswith("[") else re.escape(piece)
        for piece in pieces
    )


@cache
def _own_path(together: bool) -> re.Pattern[str]:
    """The paths a repository carries, as one pattern; compiled on first use (a sync with
    nothing new, or one that brings nothing, asks no path).

    weekplan.data_places says which files are its own; the repository's set-up files
    come with them.  The Together repository shared with a partner carries the Together
    files only: the dates' files and the ideas (and each person's busy times, which
    data_places.is_busy_file says, in is_own_path)."""
    patterns = own_file_patterns()
    if together:
        carried = [_from_glob(p) for p in patterns if p.startswith("dates/") or p == "ideas.toml"]
    else:
        carried = [_from_glob(p) for p in patterns]
    return re.compile("^(?:" + "|".join([*carried, *map(re.escape, SETUP_FILES)]) + r")\Z")


TOGETHER_STAGING = ".together-clone.tmp"
REGULAR_MODES = {"100644", "100755"}
# Half-written saves of an interrupted write: the store cleans them, sync ignores them.
HALF_WRITTEN = re.compile(r"(?:^|/)\.[^/]*\.tmp\Z")
NOT_SYNCED_RECORD = "weekplan-not-synced"  # inside .git: what was already named once


def is_own_path(relpath: str, *, together: bool = False) -> bool:
    """Whether a path is one the repository carries: the data directory's own files, or
    with `together` the shared Together repository's."""
    carried = _own_path(together).match(relpath) is not None or (together and is_busy_file(relpath))
    return carried and is_own_file(relpath)


def moved_to_shared(root: Path, paths: list[str]) -> set[str]:
    """Of the paths the own repository loses, the Together files `weekplan partner`
    moved into the shared repository: gone from here, not deleted."""
    if not (root / TOGETHER_FOLDER / ".git").is_dir():
        return set()
    return {p for p in paths if p not in SETUP_FILES and is_own_path(p, together=True) and not (root / p).exists()}


def folders_signature(root: Path, *, together: bool = False) -> tuple[int, ...]:
    """When each folder that holds files sync carries last changed.  weekplan saves a
    file by writing it aside and moving it into place, which changes its folder: the
    same signature later means the planner saved nothing meanwhile."""
    folders = {".", BUSY_FOLDER} if together else {"."}
    folders.update(pattern.split("/", 1)[0] for pattern in own_file_patterns() if "/" in pattern)
    signature: list[int] = []
    for folder in sorted(folders):
        try:
            signature.append(os.stat(root / folder).st_mtime_ns)
        except OSError:
            signature.append(-1)
    return tuple(signature)


RefsSignature = tuple[tuple[str, int, int, int], ...]


def refs_signature(root: Path) -> RefsSignature | None:
    """When git last moved HEAD or a branch here: its files' identities (git writes a
    ref aside and moves it into place, so a new commit gives a new file).  Only
    compared, never read: git stays the one reader of its refs.  None when git's files
    are not in `root`/.git (a linked work tree), so nobody takes it for "unchanged"."""
    git_dir = root / ".git"
    if not git_dir.is_dir() or git_dir.is_symlink():
        return None
    files = ["HEAD", "packed-refs", "reftable/tables.list"]
    for folder, _subfolders, names in os.walk(git_dir / "refs" / "heads"):
        files.extend(os.path.relpath(os.path.join(folder, name), git_dir) for name in names)
    signature: list[tuple[str, int, int, int]] = []
    for name in sorted(files):
        try:
            info = os.stat(git_dir / name)
        except OSError:
            signature.append((name, -1, -1, -1))
        else:
            signature.append((name, info.st_ino, info.st_mtime_ns, info.st_size))
    return tuple(signature)


def _skipped_folders(together: bool) -> set[str]:
    """Folders at the top that sync never looks into: git's, and in the data directory
    the Together repository's work tree (and where it is built)."""
    return {".git"} if together else {".git", TOGETHER_FOLDER, TOGETHER_STAGING}


def needs_staging(git: Git, changed: list[str]) -> bool:
    """Whether what git says changed (`status` paths) asks for staging: a file of
    weekplan's own, or one not named as "not synced" yet (LocalFiles and
    not_synced_news name it).  Files already named, the Together repository inside the
    data directory and half-written saves ask for nothing."""
    if any(is_own_path(path, together=git.together) for path in changed):
        return True
    skipped = _skipped_folders(git.together)
    others = [
        path for path in changed if path.split("/", 1)[0] not in skipped and not HALF_WRITTEN.search(path.rstrip("/"))
    ]
    if not others:
        return False
    return not set(others) <= _named_before(git)


def _named_before(git: Git) -> set[str]:
    try:
        record = (git.root / ".git" / NOT_SYNCED_RECORD).read_text("utf-8", "surrogateescape")
        return set(record.splitlines())
    except OSError:
        return set()


class LocalFiles:
    """The data directory (or with `together`, the shared Together repository) as sync
    sees it: weekplan's own regular files, and the rest."""

    def __init__(self, root: Path, *, together: bool = False) -> None:
        self.own: list[str] = []
        self.others: dict[str, str] = {}  # path → why it is not synced
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            rel_folder = here.relative_to(root).as_posix()
            if rel_folder == ".":
                dirs[:] = [d for d in dirs if d not in _skipped_folders(together)]
            for name in sorted(dirs + files):
                rel = name if rel_folder == "." else f"{rel_folder}/{name}"
                try:
                    mode = os.lstat(here / name).st_mode
                except OSError:
                    continue
                if stat.S_ISDIR(mode):
                    continue  # walked into
                if HALF_WRITTEN.search(rel):
                    continue
                if stat.S_ISLNK(mode):
                    self.others[rel] = "a symbolic link"
                elif not stat.S_ISREG(mode):
                    self.others[rel] = "not a regular file"
                elif is_own_path(rel, together=together):
                    self.own.append(rel)
                else:
                    self.others[rel] = "not a weekplan file"
        self.own.sort()


def not_synced_news(git: Git, others: dict[str, str]) -> list[str]:
    """Files that are not synced and were not named before: each is named once, not
    at every sync.  The record lives inside .git, so it never syncs itself."""
    record = git.root / ".git" / NOT_SYNCED_RECORD
    named = _named_before(git)
    news = [path for path in sorted(others) if path not in named]
    if set(others) != named:
        # When the record cannot be written they are named again next time: no harm.
        with contextlib.suppress(OSError):
            # A name need not be UTF-8: its bytes are kept as they are.
            record.write_text("".join(f"{p}\n" for p in sorted(others)), "utf-8", "surrogateescape")
    return news


def _describe_mode(mode: str) -> str:
    if mode == "120000":
        return "a symbolic link"
    if mode == "160000":
        return "a submodule"
    if mode == "040000":
        return "a folder where a file belongs"
    return f"not a regular file (mode {mode})"


def arrivals(git: Git, base: str | None, tip: str) -> list[tuple[str, str]]:
    """What the commits up to `tip` change since `base` (with no base, every file of
    `tip`): each path with the mode it arrives with, "000000" for one they remove."""
    if base is None:
        out = git.run("ls-tree", "-r", "-z", "--full-tree", tip).stdout
        found = []
        for record in filter(None, out.split("\0")):
            meta, path = record.split("\t", 1)
            found.append((path, meta.split(" ", 1)[0]))
        return found
    out = git.run("diff", "--raw", "-z", "--no-renames", "--no-abbrev", base, tip).stdout
    fields = out.split("\0")
    # -z --raw: ":<old mode> <new mode> <old sha> <new sha> <status>" NUL "<path>" NUL
    return [
        (path, meta[1:].split(" ")[1])
        for meta, path in zip(fields[0::2], fields[1::2], strict=False)
        if meta.startswith(":")
    ]


# Why an entry that is a plain file is refused when its name is none of weekplan's: it
# may be a newer weekplan's, which this version does not know.
NOT_OWN = "not a weekplan file"


def refused_entries(git: Git, arriving: list[tuple[str, str]], tip: str) -> list[str]:
    """Of what arrives (`arrivals`, up to `tip`), what weekplan does not take: "path
    (why)" for each, empty when all is well."""
    refused: list[str] = []
    for path, mode in arriving:
        if mode != "000000":  # removed by the remote: nothing arrives
            refused.extend(_refusal(path, mode, git.together))
    if not refused and arriving:
        refused = _too_big(git, tip, {path for path, mode in arriving if mode in REGULAR_MODES})
    return refused


def _too_big(git: Git, tip: str, paths: set[str]) -> list[str]:
    """Of `paths` in `tip`, the files bigger than the store reads: merging one would
    parse it for minutes, and the planner could not read the result anyway."""
    from weekplan.tomlfile import MAX_FILE_BYTES, more_than_weekplan_reads  # only a fetch that brings files needs it

    # Sizes are asked of the arriving files only (git reads each one's header), by name:
    # a busy file's name may hold * or [, which must not be read as a pattern.
    literal = git.with_env({"GIT_LITERAL_PATHSPECS": "1"})
    wanted = sorted(paths)
    found = []
    for start in range(0, len(wanted), 200):
        chunk = wanted[start : start + 200]
        listed = literal.run("ls-tree", "-l", "-z", "--full-tree", tip, "--", *chunk).stdout
        for record in filter(None, listed.split("\0")):
            meta, path = record.split("\t", 1)
            size = meta.split()[-1]
            if path in paths and size.isdigit() and int(size) > MAX_FILE_BYTES:
                shown = path.encode("unicode_escape").decode("ascii")
                found.append(f"{shown} ({more_than_weekplan_reads(int(size))})")
    return found


def _refusal(path: str, mode: str, together: bool) -> list[str]:
    shown = path.encode("unicode_escape").decode("ascii")  # no control character reaches a terminal
    if mode not in REGULAR_MODES:
        return [f"{shown} ({_describe_mode(mode)})"]
    if not is_own_path(path, together=together):
        return [f"{shown} ({NOT_OWN})"]
    return []
