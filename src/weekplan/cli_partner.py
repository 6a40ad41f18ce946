"""`weekplan partner`: share the Together half with a partner through a git remote,
see how it stands, or stop (weekplan.partner_setup does the work)."""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


def cmd_partner(args: argparse.Namespace) -> int:
    from weekplan.cli_common import data_dir
    from weekplan.partner_setup import PartnerError, connect, leave, rename, status
    from weekplan.store import ReadOnlyError, StaleEditError

    root = data_dir(args)
    if args.init is not None and args.leave:
        print("weekplan partner: --init and --leave cannot go together", file=sys.stderr)
        return 2
    try:
        if args.init is not None:
            lines = connect(root, args.init, args.name, other_machine=args.other_machine)
            lines.append("from now on 'weekplan sync' syncs the Together half with your partner too")
        elif args.leave:
            lines = leave(root)
        elif args.name is not None:
            lines = rename(root, args.name, other_machine=args.other_machine)
        else:
            lines = status(root)
    except (PartnerError, ReadOnlyError, StaleEditError) as exc:
        print(f"weekplan partner: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    partner = subparsers.add_parser(
        "partner",
        parents=[common],
        help="share the dates and ideas with a partner through a git remote (your own week stays yours)",
        description="Share the Together half (special dates, ideas, ratings, busy times) with a partner "
        "through a git remote both of you can push to; your own activities, routines, goals and week notes "
        "never go there. Without options: how sharing stands.",
    )
    partner.add_argument(
        "--init", metavar="URL", default=None, help="connect the Together data to the shared remote URL"
    )
    partner.add_argument("--name", metavar="NAME", help="the name your ideas, dates and ratings carry")
    partner.add_argument(
        "--other-machine",
        action="store_true",
        help="with --name or --init: the busy times the shared repository has under NAME are yours, "
        "from another of your machines",
    )
    partner.add_argument(
        "--leave", action="store_true", help="stop sharing and bring the Together files back (nothing is lost)"
    )
    partner.set_defaults(func=cmd_partner)
