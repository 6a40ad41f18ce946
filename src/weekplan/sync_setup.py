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
from weekplan.sync_paths import SETUP_FILES

DRIVER_NAME = "weekplan"
ATTRIBUTES_LINE = f"*.toml merge={DRIVER_NAME}"
ATTRIBUTES = f"# weekplan merges its files item by item: weekplan merge-driver\n{ATTRIBUTES_LINE}\n"
# What a .gitattributes could use to change a file's bytes on its way in or out of git:
# line endings, an encoding, a filter program, an expanded $Id$.  All switched off.
AS_STORED = "-text -filter -ident !eol !working-tree-encoding"
PINNED_LINE = f"{ATTRIBUTES_LINE} {AS_STORED}"
# The set-up files are lists of lines: a line either machine added is kept (git's union
# merge), so a machine joining a remote whose copy has a line of the person's own does
# not meet a conflict in them.  They are written as stored too, so weekplan reads here
# the lines git reads.
PINNED = (PINNED_LINE, *(f"/{name} merge=union {AS_STORED}" for name in SETUP_FILES))
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
    for name in SETUP_FILES:
        try:
            found.append((git.root / name).read_bytes())
        except OSError:
            found.append(None)
    return tuple(found)


def _read_lines_file(path: Path, shown: str) -> bytes:
    """A file of lines git reads (a set-up file, .git/info/attributes); empty when there
    is none.  It is kept as bytes, as git reads it: a line a person wrote in another
    encoding than UTF-8 is a rule like any other, and is written back as it was.  A file
    in two-byte characters (UTF-16) has no line git can read, and weekplan's own could
    not be added to it: refused, naming it (`shown`)."""
    try:
        held = path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise SyncError(f"cannot read {shown}: {exc.strerror or exc}; nothing was synced", refused=True) from None
    if b"\0" in held or held.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SyncError(
            f"{shown} is not plain text that git reads line by line (it may be saved as UTF-16); "
            "save it as UTF-8 text (or delete it and let sync write a new one), then sync again. "
            "Nothing was synced.",
            refused=True,
        )
    return held


def _with_lines(held: bytes, lines: list[str]) -> bytes:
    """`held` with `lines` added at its end, on lines of their own."""
    separator = b"\n" if held and not held.endswith(b"\n") else b""
    return held + separator + b"".join(f"{line}\n".encode() for line in lines)


def _lacking(held: bytes, lines: tuple[str, ...]) -> list[str]:
    """Those of `lines` that `held` does not have as a line of its own."""
    present = set(held.splitlines())
    return [line for line in lines if line.encode() not in present]


def _write_setup_file(path: Path, content: bytes) -> None:
    """Write a set-up file as every file of the data directory is written: whole or
    not at all, and never through a link to nothing (which could point anywhere)."""
    try:
        atomic_write(path, content)
    except LinkedAwayError as exc:
        raise SyncError(f"{exc.strerror}; nothing was synced", refused=True) from None


def ensure_setup(git: Git) -> list[str]:
    """.gitattributes, .gitignore and the driver in .git/config; returns what it changed."""
    done: list[str] = []
    attributes = git.root / ".gitattributes"
    held = _read_lines_file(attributes, ".gitattributes")
    if _lacking(held, (ATTRIBUTES_LINE,)):
        _write_setup_file(attributes, _with_lines(held, ATTRIBUTES.splitlines()))
        done.append("set .gitattributes to merge weekplan files item by item")
    ignore = git.root / ".gitignore"
    held = _read_lines_file(ignore, ".gitignore")
    missing = _lacking(held, IGNORES)
    if missing:
        _write_setup_file(ignore, _with_lines(held, missing))
    # The driver is pinned in .git/info/attributes too, which outranks any
    # .gitattributes: a remote's copy can never switch item-by-item merging off.
    # The same line also switches off what a .gitattributes could use to change the
    # bytes of weekplan's files on their way in or out (encodings, line endings, filters).
    info = git.git_path("info/attributes")
    held = _read_lines_file(info, ".git/info/attributes")
    if _lacking(held, PINNED):
        info.parent.mkdir(parents=True, exist_ok=True)
        ours = {line.encode() for line in (ATTRIBUTES_LINE, *PINNED)}  # an older pin, or one in the wrong place
        kept = b"".join(line + b"\n" for line in held.splitlines() if line not in ours)
        _write_setup_file(info, _with_lines(kept, list(PINNED)))
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
