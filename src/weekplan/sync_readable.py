"""What a sync found readable: it never commits, merges or pushes a file of weekplan's
own that cannot be read, and notes the last commit whose files were all found readable,
so that the next sync reads only what git says differs from it.

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from weekplan.item_file import parse_collection
from weekplan.store import Store
from weekplan.sync_git import Git, SyncError
from weekplan.sync_paths import REGULAR_MODES, is_own_path
from weekplan.tomlfile import DataError, DataFileError, parse_toml

# Inside .git (never synced): the last commit whose files were all found readable.  A
# sync whose HEAD is that commit reads only what git says differs from it.
READABLE_RECORD = "weekplan-readable"


def carried(git: Git, error: DataError) -> bool:
    """Whether a problem check found is in a file sync carries (a stray file beside
    weekplan's own, such as an editor's backup, is only named as not synced)."""
    relative = relative_path(git, error.path)
    if relative is None:
        return not git.together  # the Together repository carries nothing outside it
    return is_own_path(relative, together=git.together)


def refuse_if_unreadable(
    git: Git, only: set[Path] | None = None, *, changed_here: list[str] | None = None
) -> list[DataError]:
    """Refuse while a file sync carries cannot be read: every one, or `only` those.

    With `changed_here` (what differs from the last commit), a file that is not among
    them and was committed just as the remote had it when last fetched does not stop
    the sync: it arrived so, and refusing would keep out the fix made where it was
    broken.  Those problems are returned, to be said; before anything is pushed, such a
    file is made the remote's version as fetched then (take_as_the_remote_has_it)."""
    errors = [e for e in Store(git.root).check(only) if carried(git, e)]
    received: list[DataError] = []
    if changed_here is not None and errors:
        arrived = _as_the_remote_has_it(git, errors, changed_here)
        received = [e for e in errors if e.path in arrived]
        errors = [e for e in errors if e.path not in arrived]
    if errors:
        lines = "\n".join(f"  {e}" for e in errors)
        raise SyncError(
            f"some files cannot be read; fix them (weekplan check lists them) and sync again:\n{lines}", refused=True
        )
    return received


def relative_path(git: Git, path: Path) -> str | None:
    """`path` as git names it, or None when it is outside the repository."""
    try:
        return Path(path).resolve().relative_to(git.root.resolve()).as_posix()
    except (OSError, ValueError):
        return None


def files_of(git: Git, errors: list[DataError]) -> list[str]:
    """The files of `errors` as git names them, each once."""
    return sorted({path for path in (relative_path(git, p) for p in {e.path for e in errors}) if path is not None})


def _as_the_remote_has_it(git: Git, errors: list[DataError], changed_here: list[str]) -> set[Path]:
    """The files of `errors` unchanged here and committed just as the branch's upstream
    held them when last fetched, or before that fetch, as the errors name them: git is
    asked once, whatever the number of files or errors."""
    named: dict[str, Path] = {}
    for path in {e.path for e in errors}:
        relative = relative_path(git, path)
        if relative is not None and relative not in changed_here:
            named[relative] = path
    # The upstream as last fetched, or as it was before that: the sync's own fetch,
    # started early, or one by hand, may have moved it on to a fix made by force.
    tips = ("@{upstream}", "@{upstream}@{1}")
    blobs = git.blob_ids([f"{rev}:{relative}" for relative in named for rev in ("HEAD", *tips)])
    return {
        path
        for relative, path in named.items()
        if blobs.get(f"HEAD:{relative}") is not None
        and any(blobs.get(f"HEAD:{relative}") == blobs.get(f"{tip}:{relative}") for tip in tips)
    }


def take_as_the_remote_has_it(git: Git, received: list[str], tip: str) -> list[str]:
    """Make each of the files `received` (unreadable, unchanged here since they arrived)
    what the remote's freshly fetched `tip` holds, when that differs and the merge
    would not bring it (the remote was reset or its fix amended and pushed by force):
    the remote's version is committed, so that what is pushed never puts a broken file
    back on a remote that holds another one.  Returns the files taken."""
    ids = git.blob_ids([spec for path in received for spec in (f"HEAD:{path}", f"{tip}:{path}")])
    differ = [path for path in received if ids.get(f"HEAD:{path}") != ids.get(f"{tip}:{path}")]
    if not differ or git.ok("merge-base", "--is-ancestor", "HEAD", tip):
        return []  # the same, or the merge moves forward to the remote's version
    present = [path for path in differ if ids.get(f"{tip}:{path}") is not None]
    gone = [path for path in differ if ids.get(f"{tip}:{path}") is None]
    if present:
        git.run("checkout", "-q", tip, "--", *present)
    if gone:
        git.run("rm", "-q", "--cached", "--ignore-unmatch", "--", *gone)
        for path in gone:
            with contextlib.suppress(OSError):
                (git.root / path).unlink()
    git.run("commit", "-q", "--no-verify", "-m", f"{', '.join(differ)} taken as the remote has it now")
    return differ


def unreadable_arrivals(
    git: Git, arriving: list[tuple[str, str]], tip: str, changed_here: frozenset[str] = frozenset()
) -> list[DataError]:
    """Of the files of weekplan's own that arrive (`arrivals`, up to `tip`), each problem
    that makes one unreadable (not TOML, conflict markers, not UTF-8), where it is in
    the arriving version; for those this machine changed too (`changed_here`, since
    the merge base), also each item that cannot be read.

    Merged, a file that is not TOML would leave nothing of its week readable here: so it
    is refused before it reaches the files, as the merge driver refuses it when both
    sides changed the file.  An item that cannot be read arrives when only the remote
    changed its file (the file stays as the remote has it, read-only here); merged with
    this machine's changes, it would be pushed in a file neither side wrote.  Parsed
    through the store's cache, so taking the file costs no second parse."""
    paths = [
        path
        for path, mode in arriving
        if mode in REGULAR_MODES and path.endswith(".toml") and is_own_path(path, together=git.together)
    ]
    if not paths:
        return []
    from weekplan.merge import kind_for  # only a sync that brings files needs the merge's rules

    read = git.files_at(tip, paths)
    errors: list[DataError] = []
    for path in paths:
        data = read(path)
        if data is None:
            continue
        kind = kind_for(path) if path in changed_here else None
        if kind is not None:
            found = parse_collection(git.root / path, data, kind).errors
        else:
            try:
                parse_toml(git.root / path, data, cache=True)
                found = []
            except DataFileError as exc:
                found = exc.errors
        # Named as in the repository: it is not the file here.
        errors.extend(DataError(Path(path), e.line, e.col, e.message) for e in found)
    return errors


def readable_head(git: Git) -> str | None:
    """The commit a sync last found readable whole (see READABLE_RECORD)."""
    try:
        return git.git_path(READABLE_RECORD).read_text("utf-8").strip() or None
    except OSError:
        return None


def note_readable(git: Git, head: str | None) -> None:
    """Note `head` as the commit whose files were all found readable."""
    if head:  # when it cannot be written, the next sync reads every file again: no harm
        with contextlib.suppress(OSError):
            git.git_path(READABLE_RECORD).write_text(f"{head}\n", "utf-8")
