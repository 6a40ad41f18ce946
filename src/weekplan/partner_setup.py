"""Sharing the Together half with a partner: connecting the shared repository, leaving
it, and how things stand (`weekplan partner`).

The Together files (the dates' files `dates/YYYY.toml` and `ideas.toml`) move into the
work tree of a git repository of their own, `together/` inside the data directory
(Store.shared_dir), whose `origin` is the remote both partners push to.  Everything
else (weeks, routines, goals, settings) stays in the data directory and its own
repository, which never carries `together/`.

Connecting is safe against a kill at any moment, and loses or doubles no item:

1. the shared repository is built beside the data, in `.together-clone.tmp/` (a
   left-over of a killed attempt is thrown away first: nothing else was changed yet):
   this person's Together files are copied in and committed, and the shared remote is
   merged in item by item (`weekplan sync`'s machinery: the merge driver, and the
   refusal of what is not a Together file, before anything reaches the files);
2. it is renamed to `together/` (one atomic rename);
3. config.toml names the remote (from here on the store reads and writes the
   Together files in `together/`);
4. the files left in the data directory are merged into `together/` (what changed
   there since step 1 is kept) and then removed (`bring_in`).

A kill before 2 leaves the data as it was; between 2 and 3 running `--init` again
carries on; after 3, `weekplan sync` (or `weekplan partner`) finishes step 4.  The
same step 4 merges a second machine's own Together files into the shared ones the
first time it syncs with the partner.

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

from weekplan.atomic_files import atomic_write
from weekplan.data_places import BUSY_FOLDER, OWN_BUSY_FILE_ENV, is_busy_file, year_file_name
from weekplan.display_text import one_line
from weekplan.merge import MergeInputError, kind_for, merge_documents
from weekplan.record import replace
from weekplan.store import Store, data_dir_lock
from weekplan.sync import fetch_synced_branch, remote_ref, sync_repository
from weekplan.sync_git import NETWORK_TIMEOUT, Git, SyncError, git_env, git_message
from weekplan.sync_paths import TOGETHER_STAGING
from weekplan.sync_report import SyncResult, briefly
from weekplan.sync_setup import remote_location
from weekplan.tomlfile import DataFileError, parse_toml, read_data_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


# In the shared repository: the commit of this person's own Together files as they
# joined (step 1).  What the data directory still holds is measured against it in
# step 4, so that only what changed there since is news.
JOINED_REF = "refs/weekplan/joined"


class PartnerError(Exception):
    """What `weekplan partner` could not do, in words a person can act on."""


def _checked_name(name: str) -> str:
    """A name as it is written into the files and the shared history: one line of words."""
    me = " ".join(name.split())
    if not me:
        raise PartnerError("give a name, for example: weekplan partner --name Alex")
    import unicodedata  # only naming oneself needs it

    if any(unicodedata.category(char) in ("Cc", "Cf") for char in me):
        raise PartnerError(f"the name {me!r} holds control characters; give a plain name")
    return me


def default_name() -> str:
    """The name this person's additions carry: git's user.name, else the login name."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "config", "--get", "user.name"],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=10,
            env=git_env(),  # the person's own settings, not a repository's git pointed at
        )
        if done.returncode == 0 and done.stdout.strip():
            return " ".join(done.stdout.split())
    import getpass  # only a person without a git name needs it

    with contextlib.suppress(OSError, KeyError):
        return getpass.getuser()
    return "me"


def together_git(store: Store) -> Git:
    """git in the shared repository; its commits carry this person's partner name only."""
    return together_git_at(store.shared_dir, store.root, store.config.partner.me)


def together_git_at(work_tree: Path, data_root: Path, me: str) -> Git:
    git = Git(work_tree, together=True, data_root=data_root)
    # Not the name and address git knows this person by elsewhere (nor this machine's
    # name): the shared history shows `me`, and no address at all.
    git.env_extra.update({"GIT_AUTHOR_EMAIL": "", "GIT_COMMITTER_EMAIL": ""})
    if me:
        from weekplan.partner_busy import file_name  # deferred: most partner commands never merge

        git.env_extra.update({"GIT_AUTHOR_NAME": me, "GIT_COMMITTER_NAME": me})
        # For the merge driver: this person's busy file is the one whose version here is newer.
        git.env_extra[OWN_BUSY_FILE_ENV] = f"{BUSY_FOLDER}/{file_name(me)}"
    return git


def together_files(folder: Path) -> list[str]:
    """The Together files in `folder` (a data directory or the shared work tree), as
    paths relative to it."""
    found = ["ideas.toml"] if os.path.isfile(folder / "ideas.toml") else []
    dates = folder / "dates"
    if dates.is_dir():
        years = [p for p in dates.iterdir() if year_file_name(p.name) is not None and p.is_file()]
        found += sorted(f"dates/{p.name}" for p in years)
    return found


def _toml_document(path: Path) -> dict[str, Any]:
    """The parsed data file at `path`, empty when there is none; DataFileError when it
    cannot be read."""
    data = read_data_file(path)
    return {} if data is None else parse_toml(path, data)[0]


def _unreadable(store: Store) -> list[str]:
    """The Together files of the data directory that cannot be read: nothing moves then."""
    problems = []
    for relpath in together_files(store.root):
        try:
            _toml_document(store.root / relpath)
        except DataFileError as exc:
            problems += [str(e) for e in exc.errors]
    return problems


def _store_with_settings(root: Path) -> Store:
    """The store, when its settings can be read: they say whether anything is shared."""
    store = Store.open(root)
    if store.config_errors:
        lines = "\n".join(f"  {e}" for e in store.config_errors)
        raise PartnerError(f"config.toml cannot be read, and it says what is shared; fix it first:\n{lines}")
    return store


# -- connecting ----------------------------------------------------------------------------


def connect(root: Path, url: str, name: str | None = None, *, other_machine: bool = False) -> list[str]:
    """`weekplan partner --init URL`: share the Together files through `url`.  Returns
    what was done, in lines; raises PartnerError, also when the shared repository has
    busy times under the chosen name already, unless `other_machine` says they are this
    person's, from another of their machines."""
    url = url.strip()
    if not url:
        raise PartnerError(
            "give the shared remote's URL, for example: weekplan partner --init git@host:us/together.git"
        )
    if url.startswith("-"):
        raise PartnerError(f"{url!r} is not a git remote's URL (git would read it as an option)")
    url = remote_location(url)
    store = _store_with_settings(root)
    partner = store.config.partner
    if partner.shared and partner.remote != url:
        raise PartnerError(
            f"the Together half is already shared through {partner.remote}; to use another remote, "
            "run 'weekplan partner --leave' first"
        )
    if partner.shared and store.together_root == store.shared_dir and not together_files(root):
        raise PartnerError(f"the Together half is already shared through {url}; 'weekplan partner' says how it stands")
    problems = _unreadable(store)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise PartnerError(f"some Together files cannot be read; fix them and connect again:\n{lines}")
    me = _checked_name(name or partner.me or default_name())
    done: list[str] = []
    shared = store.shared_dir
    if not (shared / ".git").is_dir():
        if os.path.lexists(shared):
            raise PartnerError(
                f"{shared} is in the way: weekplan keeps the shared Together repository there. Move it away and "
                "connect again."
            )
        result = _build(store, url, me)
        # This copy wrote nothing there yet: busy times under `me` are someone else's,
        # or this person's from another machine, which only they can say.
        taken = "" if other_machine else _name_taken(root / TOGETHER_STAGING, me, "--init URL --name NAME")
        if taken:
            shutil.rmtree(root / TOGETHER_STAGING)
            raise PartnerError(taken)
        os.rename(root / TOGETHER_STAGING, shared)
        # The conflicts were found in the staging folder: they are to be settled where the files are now.
        result.conflicts = [
            replace(note, path=shared / note.path.relative_to(root / TOGETHER_STAGING))
            if note.path.is_relative_to(root / TOGETHER_STAGING)
            else note
            for note in result.conflicts
        ]
        done.append(f"cloned the shared Together repository from {url} into {shared}")
        done += _sync_lines(result)
    else:
        origin = Git(shared).run("remote", "get-url", "origin", check=False).stdout.strip()
        if origin != url:
            raise PartnerError(f"{shared} already syncs with {origin or 'no remote'}; move it away and connect again")
    store.save_config(replace(store.config, partner=replace(partner, me=me, remote=url)))
    store.forget()
    done.append(f"your name with your partner: {me} (change it with 'weekplan partner --name NAME')")
    done += bring_in(store)
    return done


def _name_taken(work_tree: Path, me: str, retry: str) -> str:
    """Why `me` is refused when the shared work tree holds busy times under it that this
    copy did not write (the caller knows that): the partner may go by that name, and
    their busy times and ratings would be taken for this person's ("" when it does not
    hold any).  `retry` is the command's options to try another name with."""
    # Deferred: only choosing a name needs it; `weekplan partner` alone starts without it.
    from weekplan.partner_busy import file_name

    if not os.path.lexists(work_tree / BUSY_FOLDER / file_name(me)):
        return ""
    return _name_taken_words(me, retry)


def _name_taken_words(me: str, retry: str) -> str:
    return (
        f"the shared repository has busy times under the name {me} that this copy did not write: your partner "
        "may go by that name, and your busy times and ratings would be mixed up with theirs. Take another "
        f"name ('weekplan partner {retry}'), or, if they are from another of your machines, add --other-machine"
    )


def _build(store: Store, url: str, me: str) -> SyncResult:
    """Step 1: the shared repository, with this person's Together files and the
    remote's merged in, beside the data."""
    staging = store.root / TOGETHER_STAGING
    if os.path.lexists(staging):
        shutil.rmtree(staging)  # a killed attempt's: nothing else had changed yet
    staging.mkdir(mode=0o700)
    git = together_git_at(staging, store.root, me)
    try:
        git.run("init", "-q")
        git.run("symbolic-ref", "HEAD", "refs/heads/main")
        git.run("remote", "add", "origin", url)
        copied = False
        with data_dir_lock(store.root):
            for relpath in together_files(store.root):
                data = read_data_file(store.root / relpath)
                if data is not None:
                    (staging / relpath).parent.mkdir(mode=0o700, exist_ok=True)
                    atomic_write(staging / relpath, data)
                    copied = True
        result = sync_repository(git, merge_unrelated=True)
        if copied:
            # The repository began with this person's files: its first commit, before the merge.
            git.run("update-ref", JOINED_REF, git.out("rev-list", "--first-parent", "--max-parents=0", "HEAD"))
        return result
    except SyncError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PartnerError(_not_connected(url, str(exc))) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _not_connected(url: str, said: str) -> str:
    if "brings what weekplan does not sync" in said:
        entries = [line for line in said.splitlines() if line.startswith("  ")]
        listed = "\n".join(entries)
        return (
            f"{url} is not a weekplan Together repository: it holds files that are not Together files\n{listed}\n"
            "Use an empty repository (or one your partner connected with 'weekplan partner --init'). "
            "Nothing was changed here."
        )
    return f"could not connect to {url}; nothing was changed here.\n{said}"


def _sync_lines(result: SyncResult) -> list[str]:
    """What a sync of the shared repository did, a line each, for the partner's report."""
    lines = []
    if result.received:
        lines.append(f"from your partner: {', '.join(result.received)}")
    if result.committed:
        lines.append(f"shared: {result.committed}")
    lines += [f"merged: {d}" for d in result.decisions]
    lines += [f"conflict, both kept: {note}" for note in result.conflicts]
    return lines


# -- the Together files left in the data directory -----------------------------------------


def bring_in(store: Store) -> list[str]:
    """Merge the Together files still in the data directory into the shared work tree,
    then remove them (step 4 above).  Items both have are merged field by field against
    the version this person joined with (JOINED_REF; else the shared repository's last
    commit), so an edit made on either side since is kept: what the partner changed
    while this person was away is not taken back by the copy they come back with.  An
    item only the data directory has is added.  Returns what it did, in lines."""
    if store.together_root != store.shared_dir:
        return []
    root, shared = store.root, store.shared_dir
    moved: list[str] = []
    git = together_git(store)
    since = ""  # asked of git only when there is a file to bring in: most syncs have none
    with data_dir_lock(root):
        for relpath in together_files(root):
            source, target = root / relpath, shared / relpath
            try:
                theirs = _toml_document(source)
                ours = _toml_document(target)
            except DataFileError:
                continue  # reported by check; moved once it can be read
            kind = kind_for(relpath)
            if not since:
                joined = git.ok("rev-parse", "--verify", "-q", f"{JOINED_REF}^{{commit}}")
                since = JOINED_REF if joined else "HEAD"
            base = _base_of(git, since, relpath, theirs, kind.table if kind else "")
            try:
                merged = merge_documents(base, ours, theirs, kind)
            except MergeInputError:
                continue
            if not os.path.isfile(target) or merged.data != target.read_bytes():
                target.parent.mkdir(mode=0o700, exist_ok=True)
                atomic_write(target, merged.data)
            source.unlink()
            moved.append(relpath)
        with contextlib.suppress(OSError):
            (root / "dates").rmdir()  # only when empty
    store.forget()
    if not moved:
        return []
    return [f"moved {', '.join(moved)} into the shared Together repository ({shared})"]


def _base_of(git: Git, since: str, relpath: str, theirs: dict[str, Any], table: str) -> dict[str, Any]:
    """The shared repository's version at `since` of the items `theirs` holds: what an
    edit on either side is measured against."""
    data = git.show(f"{since}:{relpath}") if (git.root / ".git").exists() else None
    if data is None or not table:
        return {}
    try:
        committed = parse_toml(git.root / relpath, data)[0]
    except DataFileError:
        return {}
    items = committed.get(table)
    wanted = theirs.get(table)
    if not isinstance(items, dict) or not isinstance(wanted, dict):
        return {}
    return {table: {k: v for k, v in items.items() if k in wanted}}


# -- leaving -------------------------------------------------------------------------------


def leave(root: Path) -> list[str]:
    """`weekplan partner --leave`: bring the Together files back into the data directory
    and stop sharing.  The shared remote keeps its history; the partner keeps theirs."""
    store = _store_with_settings(root)
    partner = store.config.partner
    shared = store.shared_dir
    ours = (shared / ".git").is_dir()  # anything else called together/ is someone's own, and left alone
    if not partner.shared and not ours:
        raise PartnerError("the Together half is not shared; 'weekplan partner --init URL' shares it")
    done: list[str] = []
    if ours:
        # Also when another machine left first: what only this copy holds comes back too.
        done += _unsent(together_git(store))
        done += _bring_back(store)
        done += _withdraw_busy(store)
    if partner.shared:
        store.save_config(replace(store.config, partner=replace(partner, remote="")))
        store.forget()
        done.append(f"stopped sharing through {partner.remote}; its history stays there for your partner")
    if ours:
        left = _left_behind(shared)
        if left:
            done.append(
                f"left {shared} in place: it holds {', '.join(left)}, which weekplan does not bring back; "
                "move what you want to keep, then remove it"
            )
        else:
            shutil.rmtree(shared)
            done.append(f"removed {shared}")
    return done


def _files_to_bring_back(shared: Path) -> list[str]:
    """Every dates file of the shared work tree, also one for a year weekplan does not
    name its files after (made by hand, or by a newer version), and ideas.toml: leaving
    removes the work tree, so nothing in it that a person wrote may stay behind."""
    found = ["ideas.toml"] if os.path.isfile(shared / "ideas.toml") else []
    dates = shared / "dates"
    if dates.is_dir() and not dates.is_symlink():
        found += sorted(f"dates/{p.name}" for p in dates.iterdir() if p.name.endswith(".toml") and p.is_file())
    return found


def _left_behind(shared: Path) -> list[str]:
    """The files of the shared work tree that leaving neither brought back nor may
    drop: all but git's own, the busy times (each person's own weeks make them again,
    and the remote keeps them) and the set-up files sync writes."""
    brought = set(_files_to_bring_back(shared))
    left = []
    for folder, subfolders, files in os.walk(shared):
        relfolder = Path(folder).relative_to(shared).as_posix()
        if relfolder == ".":
            subfolders[:] = [name for name in subfolders if name != ".git"]
        for name in files:
            relpath = name if relfolder == "." else f"{relfolder}/{name}"
            if relpath in brought or relpath in (".gitattributes", ".gitignore"):
                continue
            if is_busy_file(relpath):
                continue
            left.append(relpath)
    return sorted(left)


def _unsent(git: Git) -> list[str]:
    """Changes the shared repository has that its remote has not: kept here, but the
    partner never got them."""
    unsent = git.run("rev-list", "--count", "HEAD", "--not", "--remotes", check=False).stdout.strip()
    dirty = git.run("status", "--porcelain", check=False).stdout.strip()
    if unsent in ("", "0") and not dirty:
        return []
    return ["changes made here since the last 'weekplan sync' did not reach your partner (they are kept here)"]


def _withdraw_busy(store: Store) -> list[str]:
    """Take this person's busy times off the shared remote, so that the partner stops
    seeing them: one commit on the remote's head that removes busy/<name>.toml (and the
    file of a name this person had before, when no sync took it off since) and
    nothing else, pushed.  Nothing more of this copy is sent (what did not reach the
    partner stays here, as leaving says).  When the remote cannot be reached, or
    refuses, it is said, and leaving goes on."""
    from weekplan.partner_busy import own_busy_path, written_busy_files

    own = own_busy_path(store)
    written = written_busy_files(store)
    path = "" if own is None or own.name not in written else f"{BUSY_FOLDER}/{own.name}"
    git = together_git(store)
    remote = "origin"  # what is said if the branch cannot even be told
    paths = [path] if path else []
    try:
        # The busy files this copy wrote and removed since its last sync: those of an
        # old name (a partner's file missing here is not this person's to take away).
        gone = git.run("ls-files", "-z", "--deleted", "--", BUSY_FOLDER, check=False).stdout.split("\0")
        paths += [p for p in gone if is_busy_file(p) and p != path and p.partition("/")[2] in written]
        if not paths:
            return []
        for _attempt in (1, 2):
            synced = fetch_synced_branch(git)  # a branch renamed on the remote is followed, as sync does
            if synced is None:
                return []  # the remote has nothing yet, so nothing of this person's
            remote, branch = synced.remote, synced.name
            tip = git.out("rev-parse", "--verify", f"{remote_ref(remote, branch)}^{{commit}}")
            there = [p for p in paths if git.ok("cat-file", "-e", f"{tip}:{p}")]
            if not there:
                return []  # never shared, or removed already (by another of this person's machines)
            commit = _commit_without(git, tip, there)
            pushed = git.run(
                "push", "--porcelain", remote, f"{commit}:refs/heads/{branch}", timeout=NETWORK_TIMEOUT, check=False
            )
            if pushed.returncode == 0:
                return [f"removed your busy times ({', '.join(there)}) from {remote}: your partner no longer sees them"]
        raise SyncError(git_message(pushed))
    except SyncError as exc:
        return [
            f"could not remove your busy times ({', '.join(paths)}) from {remote}, so your partner still sees "
            f"the ones you shared last: {exc}\nTo remove them, once {remote} can be reached, run "
            "'weekplan partner --init URL' and then 'weekplan partner --leave' again."
        ]


def _commit_without(git: Git, tip: str, paths: list[str]) -> str:
    """A commit on `tip` whose only change is that `paths` are gone, made in an index of
    its own: the work tree and this copy's own commits are not touched."""
    index = git.git_path("weekplan-leave-index").absolute()  # git runs in the work tree, not here
    aside = git.with_env({"GIT_INDEX_FILE": str(index)})
    try:
        aside.run("read-tree", tip)
        aside.run("update-index", "--force-remove", "--", *paths)
        tree = aside.out("write-tree")
    finally:
        index.unlink(missing_ok=True)
    message = f"{git.env_extra.get('GIT_AUTHOR_NAME') or 'a partner'} stopped sharing: busy times removed"
    return git.out("commit-tree", tree, "-p", tip, "-m", message)


def _bring_back(store: Store) -> list[str]:
    """Copy the shared Together files back into the data directory (merged with any a
    stopped --init left there), before config.toml stops naming the remote."""
    root, shared = store.root, store.shared_dir
    back = []
    with data_dir_lock(root):
        for relpath in _files_to_bring_back(shared):
            source, target = shared / relpath, root / relpath
            try:
                data = read_data_file(source)
                if data is None:
                    continue
                if os.path.isfile(target):
                    merged = merge_documents({}, _toml_document(target), _toml_document(source), kind_for(relpath))
                    data = merged.data
            except (DataFileError, MergeInputError) as exc:
                raise PartnerError(f"{source} cannot be read, so nothing was moved back: {exc}") from None
            target.parent.mkdir(mode=0o700, exist_ok=True)
            atomic_write(target, data)
            back.append(relpath)
    return [f"brought {', '.join(back)} back into {root}"] if back else []


def rename(root: Path, name: str, *, other_machine: bool = False) -> list[str]:
    """`weekplan partner --name NAME`: the name this person's additions carry from now on.
    The busy times this copy filed under the old name are removed from the shared work
    tree (the next sync writes them under the new one), or the partner would go on
    seeing them, as a second person, after this one stopped sharing or left.  A name
    with busy times this copy did not write is refused, unless `other_machine` says
    they are this person's, from another of their machines."""
    from weekplan.partner_busy import remove_own_busy, written_here  # only a change of name needs them

    me = _checked_name(name)
    store = _store_with_settings(root)
    old = store.config.partner.me
    sharing = old != me and store.together_root == store.shared_dir
    if sharing and not other_machine and not written_here(store, me):
        taken = _name_taken(store.shared_dir, me, "--name NAME") or _taken_on_remote(store, me)
        if taken:
            raise PartnerError(taken)
    removed = sharing and remove_own_busy(store)
    store.save_config(replace(store.config, partner=replace(store.config.partner, me=me)))
    done = [f"your name with your partner: {me}"]
    if removed:
        done.append(f"the busy times shared as {old} leave the shared remote at the next 'weekplan sync'")
    return done


def _taken_on_remote(store: Store, me: str) -> str:
    """Why `me` is refused when the shared remote has busy times under it that did not
    reach this copy yet ("" when it has none, or cannot be reached: the work tree's
    were asked already, and the next sync would bring the rest)."""
    from weekplan.partner_busy import file_name  # deferred, as in _name_taken

    git = together_git(store)
    try:
        synced = fetch_synced_branch(git)  # a branch renamed on the remote is followed, as sync does
        if synced is None:
            return ""
        tip = git.out("rev-parse", "--verify", f"{remote_ref(synced.remote, synced.name)}^{{commit}}")
    except SyncError:
        return ""
    if not git.ok("cat-file", "-e", f"{tip}:{BUSY_FOLDER}/{file_name(me)}"):
        return ""
    return _name_taken_words(me, "--name NAME")


# -- how it stands -------------------------------------------------------------------------


def partner_names(store: Store) -> list[str]:
    """The other people in the shared Together files: their busy files, and the names
    their ideas and dates carry."""
    me = store.config.partner.me
    names: set[str] = set()
    busy = store.shared_dir / BUSY_FOLDER
    if busy.is_dir():
        # Names are spelt out in the files' names (partner_busy.file_name).
        names.update(unquote(p.stem) for p in busy.iterdir() if is_busy_file(f"{BUSY_FOLDER}/{p.name}"))
    for idea in store.ideas().items.values():
        names.update(_added_by(idea))
    for special in store.dates().items.values():
        names.update(_added_by(special))
    if (store.shared_dir / ".git").is_dir():
        # Whoever committed to the shared repository: each person's commits carry their `me`.
        logged = together_git(store).run("log", "--format=%an", "--all", check=False)
        names.update(line.strip() for line in logged.stdout.splitlines())
    return sorted(n for n in names if n and n != me)


def _added_by(item: Any) -> list[str]:
    extra = getattr(item, "extra", None) or {}
    value = getattr(item, "added_by", None) or (extra.get("added_by") if isinstance(extra, dict) else None)
    return [value] if isinstance(value, str) else []


def status(root: Path) -> list[str]:
    """`weekplan partner`: how sharing stands, in lines."""
    store = _store_with_settings(root)
    partner = store.config.partner
    if not partner.shared:
        lines = ["the Together half is not shared; share it with 'weekplan partner --init URL'"]
        if partner.me:
            lines.append(f"your name with a partner: {partner.me}")
        return lines
    lines = [f"shared through: {partner.remote}", f"your name: {partner.me or '(not set)'}"]
    if store.together_root != store.shared_dir:
        lines.append(
            "the shared repository is not here yet: 'weekplan sync' fetches it and merges your dates and ideas"
        )
        return lines
    others = partner_names(store)
    lines.append(
        f"your partner: {briefly(list(map(one_line, others)))}"  # a commit's author may be any text
        if others
        else "your partner: not seen yet (nothing synced from them)"
    )
    lines.append(f"last sync: {_last_sync(store.shared_dir)}")
    lines.append(f"busy times shared: {'yes' if partner.share_busy else 'no'}")
    return lines


def _last_sync(shared: Path) -> str:
    fetched = shared / ".git" / "FETCH_HEAD"
    try:
        seconds = os.stat(fetched).st_mtime
    except OSError:
        return "never"
    from datetime import datetime

    return datetime.fromtimestamp(seconds).astimezone().strftime("%Y-%m-%d %H:%M")
