"""`weekplan dates`, `weekplan ideas` (each with `add`) and `weekplan demo`: the
Together half on the command line.  Nothing here imports Textual; `demo` loads it only to start the planner."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from weekplan.cli_common import date_json, day_in_view, open_store, print_errors, today
from weekplan.display import reading_language
from weekplan.display_text import one_line, safe_json
from weekplan.model import SpecialDate
from weekplan.people import added_by_me, love_marks, prep_taker, ratings_line
from weekplan.store import ReadOnlyError, Store
from weekplan.together import (
    IDEA_SORTS,
    FreeEvening,
    IdeaStats,
    PrepDue,
    UpcomingDate,
    countdown,
    date_span,
    idea_stats,
    matches_tags,
    sort_ideas,
    time_ago,
    upcoming_dates,
)
from weekplan.weeks import format_time, view_start, view_week, weeks_between


def _dump(payload: dict[str, Any]) -> None:
    sys.stdout.write(safe_json(payload) + "\n")


# -- dates ---------------------------------------------------------------------------------


def prep_json(prep: PrepDue | None) -> dict[str, object] | None:
    if prep is None:
        return None
    taken = {"by": prep.by} if prep.by else {}  # who of two partners took it on
    return {
        "what": prep.what,
        "due": prep.due.isoformat(),
        "days": prep.days,
        "done": prep.done,
        "label": prep.label,
    } | taken


def upcoming_json(item: UpcomingDate) -> dict[str, object]:
    special = item.special
    return {
        **date_json(special),
        "prep": prep_json(item.prep),
        "days": item.days,
        "countdown": item.countdown,
        "notes": special.notes,
        "memory": special.memory,
        **({"memories": dict(special.memories)} if special.memories else {}),
    }


def _upcoming_lines(item: UpcomingDate, include_past: bool) -> list[str]:
    special = item.special
    when = date_span(special) or "any time"
    place = f" @ {one_line(special.place)}" if special.place else ""
    status = ""
    if include_past and special.status != "planned":
        rated = f", rated {special.rating}/5" if special.rating and not special.ratings else ""
        if special.ratings:
            rated = f", rated {one_line(ratings_line(special))}"
        status = f"  ({special.status}{rated})"
    day = f"{special.date:%a %-d %b %Y}"
    lines = [f"{day:<15}  {when:<17}  {item.countdown:<13}  {one_line(special.title)}{place}{status}"]
    if item.prep is not None:
        lines.append(f"{'':51}{one_line(item.prep.label + prep_taker(item.prep.by, ''))}")
    return lines


def cmd_dates(args: argparse.Namespace) -> int:
    store = open_store(args)
    now = today()
    collection = store.dates()
    upcoming = upcoming_dates(collection.items.values(), now, include_past=args.all)
    errors = store.config_errors + collection.errors
    if args.json:
        _dump(
            {
                "today": now.isoformat(),
                "dates": [upcoming_json(item) for item in upcoming],
                "errors": [str(e) for e in errors],
            }
        )
    elif upcoming:
        for item in upcoming:
            print("\n".join(_upcoming_lines(item, args.all)))
    else:
        print("No dates planned from today on. `weekplan ideas --suggest` offers an idea and a free evening.")
    print_errors(errors)
    return 1 if errors else 0


# -- ideas ------------------------------------------------------------------------------------


def idea_json(stats: IdeaStats) -> dict[str, object]:
    idea = stats.idea
    return {
        "id": idea.id,
        "title": idea.title,
        "kind": idea.kind,
        "tags": sorted(set(idea.tags)),
        "notes": idea.notes,
        "times_done": stats.times_done,
        "last_done": None if stats.last_done is None else stats.last_done.isoformat(),
        "next_planned": None if stats.next_planned is None else stats.next_planned.isoformat(),
        "never_tried": stats.never_tried,
        # Once shared with a partner: who added it and who would love to do it.
        **({"added_by": idea.added_by} if idea.added_by else {}),
        **({"loves": list(idea.loves)} if idea.loves else {}),
    }


def evening_json(evening: FreeEvening | None) -> dict[str, object] | None:
    if evening is None:
        return None
    return {"date": evening.day.isoformat(), "start": format_time(evening.start), "end": format_time(evening.end)}


def _history(stats: IdeaStats, now: date) -> str:
    last = stats.last_done or now
    done = "never tried" if stats.never_tried else f"{stats.times_done}×, last {time_ago(last, now)}"
    if stats.next_planned is not None:
        done += f"; planned {stats.next_planned:%a %-d %b}"
    return done


def _idea_lines(items: list[IdeaStats], now: date, numbered: bool) -> list[str]:
    titles = [one_line(s.idea.title) for s in items]
    width = max(len(title) for title in titles)
    lines = []
    for number, (stats, title) in enumerate(zip(items, titles, strict=True), start=1):
        mark = f"{number:>2}." if numbered else (" ✦" if stats.never_tried else "  ")
        tags = " ".join(f"#{one_line(tag)}" for tag in sorted(set(stats.idea.tags)))
        if stats.idea.loves:
            tags = f"{love_marks(stats.idea)} {tags}".rstrip()
        lines.append(f"{mark} {title:<{width}}  {stats.idea.kind:<8}  {_history(stats, now):<32}  {tags}")
    return [line.rstrip() for line in lines]


def cmd_ideas(args: argparse.Namespace) -> int:
    store = open_store(args)
    now = today()
    tags = args.tag or []
    ideas, dates = store.ideas(), store.dates()
    stats = idea_stats(ideas.items.values(), dates.items.values(), now).values()
    chosen = sort_ideas((s for s in stats if matches_tags(s.idea, tags)), "suggested" if args.suggest else args.sort)
    language = reading_language(store.config)
    first = view_start(day_in_view(args.week, now, store.config.first_weekday, language), store.config.first_weekday)
    evenings = None
    if args.suggest:
        from weekplan.partner_busy import evenings_for_both  # only suggesting reads busy times

        evenings = evenings_for_both(store, first, now)
    evening = evenings.evenings[0] if evenings and evenings.evenings else None
    errors = store.config_errors + ideas.errors + dates.errors
    if evenings is not None:
        for week in weeks_between(first, first + timedelta(days=6)):
            errors += store.week(week).errors
        errors += evenings.errors
    if args.json:
        payload: dict[str, object] = {
            "today": now.isoformat(),
            "tags": list(tags),
            "ideas": [idea_json(s) for s in chosen],
        }
        if evenings is not None:
            payload["week"] = str(view_week(first))
            payload["free_evening"] = evening_json(evening)
            payload["free_evenings"] = [evening_json(e) for e in evenings.evenings]
            payload["free_for_both"] = evenings.for_both
            payload["note"] = evenings.note() or (None if evening else evenings.none_left())
        payload["errors"] = [str(e) for e in errors]
        _dump(payload)
    else:
        filtered = f" tagged {', '.join('#' + t for t in tags)}" if tags else ""
        if not chosen:
            print(f"No ideas{filtered} yet. Add some in the planner's Together panel.")
        else:
            heading = f"Suggestions{filtered}, in order" if args.suggest else f"{len(chosen)} ideas{filtered}"
            print(f"{heading}:")
            print("\n".join(_idea_lines(chosen, now, numbered=args.suggest)))
        if evenings is not None:
            print(f"\n{evenings.label(evening) if evening else evenings.none_left()}")
            if evenings.note():
                print(evenings.note())
    print_errors(errors)
    return 1 if errors else 0


# -- adding from the command line ------------------------------------------------------------


def cmd_ideas_add(args: argparse.Namespace) -> int:
    from weekplan.together_quickadd import describe_idea, parse_idea  # only adding needs it

    kind = "place" if args.place else "activity"
    return _add_from_line(
        args,
        "idea",
        lambda store, text: parse_idea(text, today(), kind=kind),
        lambda idea: idea_json(IdeaStats(idea)),
        describe_idea,
    )


def cmd_dates_add(args: argparse.Namespace) -> int:
    from weekplan.together_quickadd import describe_date, parse_date  # only adding needs it

    now = today()

    def as_json(special: SpecialDate) -> dict[str, object]:
        return upcoming_json(UpcomingDate(special, (special.date - now).days, countdown(special.date, now), None))

    return _add_from_line(
        args,
        "date",
        lambda store, text: parse_date(
            text,
            now,
            store.ideas().items.values(),
            first_weekday=store.config.first_weekday,
            language=reading_language(store.config),
        ),
        as_json,
        describe_date,
    )


def _add_from_line(
    args: argparse.Namespace,
    what: str,
    read: Callable[[Store, str], Any],
    as_json: Callable[[Any], dict[str, object]],
    describe: Callable[[Any], str],
) -> int:
    """`ideas add` and `dates add`: read the line, save what it says (with this person's
    name while sharing), and say what was added; nothing is saved when it cannot be read."""
    from weekplan.quickadd import QuickAddError

    store = open_store(args)
    command = f"weekplan {what}s add"
    try:
        item = added_by_me(read(store, " ".join(args.text)), store.config)
    except QuickAddError as exc:
        print(f"{command}: {exc}; nothing was added", file=sys.stderr)
        return 2
    try:
        store.put(item)
    except ReadOnlyError as exc:
        print(f"{command}: {exc}; nothing was added", file=sys.stderr)
        return 1
    if getattr(args, "json", False):
        _dump(as_json(item))
    else:
        print(one_line(f"added {what}: {describe(item)}", limit=None))
    return 0


# -- demo ----------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    import shutil
    import tempfile
    from pathlib import Path

    from weekplan.sample import write_sample

    now = today()
    root = Path(tempfile.mkdtemp(prefix="weekplan-demo-"))
    try:
        store = Store.open(root)
        write_sample(store, now, partner=True)
        after = "kept afterwards" if args.keep else "removed when the planner closes"
        print(f"Sample data in {root} ({after}).", flush=True)
        from weekplan.app import run_planner  # Textual is loaded only here

        return run_planner(store, today=now)
    finally:
        if args.keep:
            print(f"The sample is still in {root}; open it again with: weekplan --data-dir {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


# -- registration -------------------------------------------------------------------------------------


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    dates = subparsers.add_parser(
        "dates",
        parents=[common],
        help="upcoming special dates, with a countdown and any preparation due",
    )
    dates.add_argument("--json", action="store_true", help="machine-readable output")
    dates.add_argument("--all", action="store_true", help="past and cancelled dates too, oldest first")
    dates.set_defaults(func=cmd_dates)
    # `dates` alone lists; `dates add TEXT` adds.  The listing takes no words of its
    # own, so "add" can only ever be this action.
    date_actions = dates.add_subparsers(title="actions", metavar="ACTION")
    date_add = date_actions.add_parser(
        "add", parents=[common], help='plan a date from one line, like "sat 19:00 Dinner @ Rooftop bar"'
    )
    date_add.add_argument("text", nargs="+", help="a day, a time or range, a title, and '@ PLACE'")
    date_add.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the date as JSON")
    date_add.set_defaults(func=cmd_dates_add)

    ideas = subparsers.add_parser(
        "ideas",
        parents=[common],
        help="the idea backlog, with how often and when each was done",
    )
    ideas.add_argument("--json", action="store_true", help="machine-readable output")
    ideas.add_argument(
        "--suggest",
        action="store_true",
        help="never tried first, then least recently done (loved ones first in each), and an evening free for both",
    )
    ideas.add_argument(
        "--week",
        metavar="WEEK|DATE",
        help="the week --suggest finds a free evening in (like 2026-W48, next, 24 dec; default: this week)",
    )
    ideas.add_argument("--tag", action="append", metavar="TAG", help="only ideas with this tag (repeat for more)")
    ideas.add_argument("--sort", choices=IDEA_SORTS, default="suggested", help="order of the list (default: suggested)")
    ideas.set_defaults(func=cmd_ideas)
    # Tags to list by are given with --tag, never as bare words: `ideas add` cannot be
    # mistaken for a listing of ideas tagged "add" (that is `ideas --tag add`).
    idea_actions = ideas.add_subparsers(title="actions", metavar="ACTION")
    idea_add = idea_actions.add_parser("add", parents=[common], help='add an idea, like "Pottery class #cheap"')
    idea_add.add_argument("text", nargs="+", help="the title, and #tags")
    idea_add.add_argument("--place", action="store_true", help="the idea is a place (default: an activity)")
    idea_add.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the idea as JSON")
    idea_add.set_defaults(func=cmd_ideas_add)

    demo = subparsers.add_parser("demo", help="the planner on a throw-away copy of sample data")
    demo.add_argument("--keep", action="store_true", help="keep the sample data directory afterwards")
    demo.set_defaults(func=cmd_demo)
