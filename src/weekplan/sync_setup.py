"""The repository's set-up for `weekplan sync`: the merge driver, the attributes that
keep it on, what git ignores, and the identity commits carry.  Each sync puts right
what is missing and says what it changed.

Plain Python, no Textual.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from weekplan.atomic_files import LinkedAwayError, atomic_write
from weekplan.sync_git import Git, SyncError

DRIVER_NAME = "weekplan"
ATTRIBUTES_LINE = f"*.toml merge={DRIVER_NAME}"
ATTRIBUTES = f"# weekplan merges its files item by item: weekplan merge-driver\n{ATTRIBUTES_LINE}\n"
PINNED_LINE = f"{ATTRIBUTES_LINE} -text -filter -ident !eol !working-tree-encoding"
# The set-up files are lists of lines: a line either machine added is kept (git's union
# merge), so a machine joining a remote whose copy has a line of the person's own does
# not meet a conflict in them.
PINNED = (PINNED_LINE, "/.gitattributes merge=union", "/.gitignore merge=union")
IGNORES = ("# half-written files of an interrupted save", ".*.tmp")


def driver_command() -> str:
    """The merge driver line for .git/config: this very interpreter, so it works from a
    virtual environment that is not on PATH."""
    return f"{shlex.quote(sys.executable)} -m weekplan merge-driver %O %A %B %P"


def remote_location(url: str) -> str:
    """The remote as git should keep it: a local folder given by a relative path is made
    absolute.  git reads a remote's path from the repository (the data directory, or the
    shared Together repository inside it), not from the folder the person typed it in, so
    `weekplan --data-dir data sync --init ../backup.git` (or `partner --init`) would
    otherwise name a folder that is not there.  A URL
    (`scheme://…`) and git's `host:path` form are kept as typed."""
    if "://" in url or ":" in url.split("/", 1)[0] or os.path.isabs(url):
        return url
    return os.path.abspath(url)


def setup_files(git: Git) -> tuple[bytes | None, ...]:
    """What the repository's set-up files (.gitattributes, .gitignore) hold now."""
    found: list[bytes | None] = []
    for name in (".gitattributes", ".gitignore"):
        try:
            found.append((git.root / name).read_bytes())
        except OSError:
            found.append(None)
    return tuple(found)


def _write_setup_file(path: Path, text: str) -> None:
    """Write a set-up file as every file of the data directory is written: whole or
    not at all, and never through a link to nothing (which could point anywhere)."""
    try:
        atomic_write(path, text.encode("utf-8"))
    except LinkedAwayError as exc:
        raise SyncError(f"{exc.strerror}; nothing was synced", refused=True) from None


def ensure_setup(git: Git) -> list[str]:
    """.gitattributes, .gitignore and the driver in .git/config; returns what it changed."""
    done: list[str] = []
    attributes = git.root / ".gitattributes"
    current = attributes.read_text("utf-8") if attributes.exists() else ""
    if ATTRIBUTES_LINE not in current.splitlines():
        separator = "\n" if current and not current.endswith("\n") else ""
        _write_setup_file(attributes, current + separator + ATTRIBUTES)
        done.append("set .gitattributes to merge weekplan files item by item")
    ignore = git.root / ".gitignore"
    current = ignore.read_text("utf-8") if ignore.exists() else ""
    missing = [line for line in IGNORES if line not in current.splitlines()]
    if missing:
        separator = "\n" if current and not current.endswith("\n") else ""
        _write_setup_file(ignore, current + separator + "\n".join(missing) + "\n")
    # The driver is pinned in .git/info/attributes too, which outranks any
    # .gitattributes: a remote's copy can never switch item-by-item merging off.
    # The same line also switches off what a .gitattributes could use to change the
    # bytes of weekplan's files on their way in or out (encodings, line endings, filters).
    info = git.git_path("info/attributes")
    pinned = info.read_text("utf-8") if info.exists() else ""
    lines = pinned.splitlines()
    if any(line not in lines for line in PINNED):
        info.parent.mkdir(parents=True, exist_ok=True)
        kept = [line for line in lines if line != ATTRIBUTES_LINE and line not in PINNED]
        _write_setup_file(info, "".join(f"{line}\n" for line in [*kept, *PINNED]))
    command = driver_command()
    if git.run("config", "--get", f"merge.{DRIVER_NAME}.driver", check=False).stdout.strip() != command:
        git.run("config", f"merge.{DRIVER_NAME}.name", "weekplan: merge items by id")
        git.run("config", f"merge.{DRIVER_NAME}.driver", command)
        done.append("registered the weekplan merge driver in .git/config")
    return done


def set_identity(git: Git) -> None:
    """Commits need a name and an e-mail; when git has none, name this machine."""
    # git takes a name and an e-mail from its environment before its settings.
    has_name = "GIT_AUTHOR_NAME" in os.environ and "GIT_COMMITTER_NAME" in os.environ
    has_name = has_name or bool(git.run("config", "--get", "user.name", check=False).stdout.strip())
    has_email = "GIT_AUTHOR_EMAIL" in os.environ and "GIT_COMMITTER_EMAIL" in os.environ
    has_email = has_email or bool(git.run("config", "--get", "user.email", check=False).stdout.strip())
    if has_name and has_email:
        return
    import socket  # only a machine without them needs it

    if not has_name:
        host = socket.gethostname() or "this machine"
        git.env_extra.setdefault("GIT_AUTHOR_NAME", f"weekplan on {host}")
        git.env_extra.setdefault("GIT_COMMITTER_NAME", f"weekplan on {host}")
    if not has_email:
        host = socket.gethostname() or "localhost"
        git.env_extra.setdefault("GIT_AUTHOR_EMAIL", f"weekplan@{host}")
        git.env_extra.setdefault("GIT_COMMITTER_EMAIL", f"weekplan@{host}")
