"""`weekplan sync` and `weekplan merge-driver`: the command-line side of syncing with git."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any

    from weekplan.sync_git import Git
    from weekplan.sync_look import Look
    from weekplan.sync_report import SyncResult


def cmd_sync(args: argparse.Namespace) -> int:
    from weekplan.cli_common import data_dir
    from weekplan.sync_git import Git, SyncError, one_sync_at_a_time

    root = data_dir(args)
    try:
        with one_sync_at_a_time(root):
            result = _sync_or_init(args, root, Git(root))
    except SyncError as exc:
        print(f"weekplan sync: {exc}", file=sys.stderr)
        return 1
    print(result.summary)
    return 0 if result.ok else 1


def _sync_or_init(args: argparse.Namespace, root: Path, git: Git) -> SyncResult:
    if args.init is not None:
        from weekplan.sync import init

        return init(root, args.init or None)
    # git looks at the repository before the store, the model and the rest of sync load
    # (nothing before this line loads them), and the fetch starts as soon as the status
    # and the settings name the branch: it is the longest step of a sync with nothing
    # new, and runs while they load, calendars are refreshed and the sync begins.
    early = _first_look(git)
    try:
        if early is not None:
            early.start_fetch()
        from weekplan.partner_sync import sync_all

        _refresh_calendars(args)
        return sync_all(root, merge_unrelated=args.merge_unrelated, early=early)
    finally:
        if early is not None:
            early.abandon()


def _first_look(git: Git) -> Look | None:
    """The data directory's first look (weekplan.sync_look), when it is a repository and
    git does not stop on it (the sync then says why in its turn)."""
    from weekplan.sync_git import SyncError
    from weekplan.sync_look import first_look

    if not (git.root / ".git").is_dir():
        return None
    try:
        return first_look(git, early=True)
    except SyncError:
        return None


def _refresh_calendars(args: argparse.Namespace) -> None:
    """Subscribed calendars are brought up to date before a sync commits the data (the
    calendar modules load only for a subscribed calendar: weekplan.subscriptions)."""
    from weekplan.cli_common import open_store, today
    from weekplan.subscriptions import refresh

    for line in refresh(open_store(args), today()).lines:
        print(f"calendar {line}")


def cmd_merge_driver(args: argparse.Namespace) -> int:
    """Called by git as `weekplan merge-driver %O %A %B %P`: writes the merge into %A.

    Exit 0 when the file is merged (conflicts kept both values, and `weekplan sync`
    reports them); exit 1 leaves the file conflicted for git when a version cannot
    be read, which sync then refuses to go on with."""
    from weekplan.atomic_files import atomic_write
    from weekplan.data_places import OWN_BUSY_FILE_ENV
    from weekplan.display_text import one_line
    from weekplan.merge import MergeInputError, merge_files
    from weekplan.sync_report import too_big_to_merge
    from weekplan.tomlfile import grows_past_limit, more_than_weekplan_reads

    base, ours, theirs = Path(args.base), Path(args.ours), Path(args.theirs)
    own_busy_file = os.environ.get(OWN_BUSY_FILE_ENV, "")
    try:
        ours_data = ours.read_bytes()
        result = merge_files(base.read_bytes(), ours_data, theirs.read_bytes(), args.path, own_busy_file)
    except MergeInputError as exc:
        print(f"weekplan merge-driver: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"weekplan merge-driver: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    if grows_past_limit(len(result.data), len(ours_data)):
        # Written, the merge would be a file the planner cannot read: git keeps the conflict.
        size = more_than_weekplan_reads(len(result.data))
        print(f"weekplan merge-driver: {too_big_to_merge(one_line(args.path), size)}", file=sys.stderr)
        return 1
    atomic_write(ours, result.data)
    for conflict in result.conflicts:
        print(f"weekplan: {args.path}: {conflict.describe()}", file=sys.stderr)
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    sync = subparsers.add_parser(
        "sync",
        parents=[common],
        help="commit, pull (merge) and push the data directory through git",
        description="Commit what changed, merge what the other machines pushed, and push. "
        "Conflicts never pick a side: both values are kept and listed.",
    )
    sync.add_argument(
        "--init",
        nargs="?",
        const="",
        default=None,
        metavar="REMOTE_URL",
        help="make the data directory a git repository first (and sync with REMOTE_URL)",
    )
    sync.add_argument(
        "--merge-unrelated",
        action="store_true",
        help="merge a remote whose history has nothing in common with this one, item by item",
    )
    sync.set_defaults(func=cmd_sync)

    driver = subparsers.add_parser(
        "merge-driver",
        parents=[common],
        help="git merge driver for weekplan files (set up by 'sync --init')",
    )
    driver.add_argument("base", metavar="O", help="the common ancestor's version (%%O)")
    driver.add_argument("ours", metavar="A", help="this machine's version; the result is written here (%%A)")
    driver.add_argument("theirs", metavar="B", help="the other machine's version (%%B)")
    driver.add_argument("path", metavar="P", help="the file's path in the repository (%%P)")
    driver.set_defaults(func=cmd_merge_driver)
