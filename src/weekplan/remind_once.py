"""A run of `weekplan remind --notify` (or `--once`): every reminder shown once on this
machine, and one missed shown late rather than never.

A run looks back LATE_LIMIT before now (never before this machine's record began)
and forward to the end of its window, and shows each reminder there that the
record (weekplan.remind_state) has not: so a reminder on the edge of two windows
comes once, one of a run that did not happen (a laptop asleep, a run skipped) comes
with the next, saying how late, and one whose item was moved comes at its new
time.  What is older than LATE_LIMIT and was never shown is counted in one notice,
from where the last run's window ended.  The record is written after the notices
are shown: a run killed in between shows them again, never loses them.  A reminder
printed that the desktop did not show is tried again with the next runs, DESKTOP_TRIES
in all, and the desktop's failure is said once, until it shows a notice again.

Plain Python, no Textual.
"""

from __future__ import annotations

import contextlib
import os
from datetime import timedelta

from weekplan.atomic_files import leftovers, remove_stale
from weekplan.record import Record
from weekplan.remind import Notice, look, notice, reminders_between, unread_files
from weekplan.remind_state import (
    RemindState,
    held,
    pruned,
    read_state,
    shown_key,
    state_dir,
    state_path,
    write_state,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from weekplan.remind import Deliver, Reminder
    from weekplan.store import Store
    from weekplan.tomlfile import DataError

# Shown late, one by one, up to this long after their time; older ones, one notice
# that counts them.
LATE_LIMIT = timedelta(hours=12)
# Counted that far back at most (a laptop off for a month reads a week of files).
MISSED_COUNTED = timedelta(days=7)
# Kept in the record this long before where a run looks back from: a clock moved
# back by less than this shows nothing again.
KEEP_SHOWN = timedelta(days=7)
# A last run later than now by more than this is said to be: the clock was moved back
# (by more than a change to or from summer time).
AHEAD_NOTED = timedelta(days=1)
# A reminder printed that the desktop did not show is tried again with the next runs,
# this many runs in all; then the printed line was its notice.
DESKTOP_TRIES = 3


class Catch(Record):
    counted_from: datetime  # where the run looked for missed reminders from
    first: datetime  # where the run looked back from, one by one
    due: list[Reminder]  # not shown yet, from `first` to the window's end, in time order
    missed: list[Reminder]  # not shown, older than `first`: counted in one notice


def key(reminder: Reminder) -> str:
    return shown_key(reminder.at, reminder.kind, reminder.item_id)


def catch_up(store: Store, state: RemindState, now: datetime, end: datetime) -> Catch:
    """What a run at `now` whose window ends at `end` shows, given the record."""
    # A run at a time before the record began (the clock moved back, or ahead when it
    # began) looks back at nothing; the record's start stays where it was.
    begun = min(state.since, now)
    first = max(begun, now - LATE_LIMIT)
    counted_from = max(min(state.covered_until, first), begun, now - MISSED_COUNTED)
    fresh = [r for r in reminders_between(store, counted_from, end) if key(r) not in state.shown]
    return Catch(counted_from, first, [r for r in fresh if r.at >= first], [r for r in fresh if r.at < first])


def missed_notice(missed: list[Reminder]) -> Notice:
    count = len(missed)
    hours = int(LATE_LIMIT.total_seconds() // 3600)
    if count == 1:
        when = f"at {missed[0].at:%a %d %b %H:%M}"
    else:
        when = f"from {missed[0].at:%a %d %b %H:%M} to {missed[-1].at:%a %d %b %H:%M}"
    return Notice(
        f"{count} reminder{'s' if count != 1 else ''} missed",
        f"{count} older reminder{'s' if count != 1 else ''} missed, {when} "
        f"(more than {hours} hours ago; 'weekplan show' has them)",
    )


def notices_of(catch: Catch, now: datetime) -> list[tuple[Notice, list[Reminder]]]:
    """The notices to show, in order, each with the reminders it tells of."""
    told: list[tuple[Notice, list[Reminder]]] = [(missed_notice(catch.missed), catch.missed)] if catch.missed else []
    return told + [(notice(r, now), [r]) for r in catch.due]


class Delivery(Record):
    told: list[Reminder]  # shown, or printed and given up on the desktop: done with
    tries: dict[str, int]  # printed, not shown on the desktop yet: how many runs tried
    fresh: bool  # something was shown, or printed for the first time
    problem: str | None  # what the desktop's failure was, or None when it did not fail


def delivered(
    state: RemindState, pairs: list[tuple[Notice, list[Reminder]]], shown: int, problem: str | None
) -> Delivery:
    """What came of showing the notices of `pairs` when the first `shown` were shown."""
    told = [r for _, reminders in pairs[:shown] for r in reminders]
    untold = [r for _, reminders in pairs[shown:] for r in reminders]
    tries = {key(r): state.tries.get(key(r), 0) + 1 for r in untold}
    fresh = bool(told) or any(key(r) not in state.tries for r in untold)
    given_up = [r for r in untold if tries[key(r)] >= DESKTOP_TRIES]
    waiting = {k: count for k, count in tries.items() if count < DESKTOP_TRIES}
    return Delivery(told + given_up, waiting, fresh, problem)


def record_after(
    state: RemindState, catch: Catch, delivery: Delivery, now: datetime, end: datetime, *, complete: bool
) -> RemindState:
    """The record once `delivery` was made.  The window counts as covered to its end only
    when every data file was read and every reminder shown (else from the first one not
    shown: it is counted as missed later, if it is not shown before)."""
    told = delivery.told
    shown = state.shown | {key(r) for r in told}
    covered = end if complete else state.covered_until
    told_keys = {key(r) for r in told}
    untold = [r.at for r in (*catch.missed, *catch.due) if key(r) not in told_keys]
    if untold:
        covered = min(covered, *untold)
    # Older than where a run may look from, the keys are never asked for again (unless
    # the clock is moved back that far).
    keep_from = max(min(covered, catch.first), now - MISSED_COUNTED) - KEEP_SHOWN
    # A failing desktop is remembered until it shows a notice again.
    if delivery.problem is not None:
        problem: str | None = delivery.problem
    else:
        problem = None if told else state.desktop_problem
    waiting = pruned(frozenset(delivery.tries), keep_from)
    tries = {k: count for k, count in delivery.tries.items() if k in waiting}
    return RemindState(record_start(state, now), covered, now, pruned(shown, keep_from), tries, problem)


def record_start(state: RemindState, now: datetime) -> datetime:
    """Where the record begins after a run at `now`: where it began, unless that is more
    than AHEAD_NOTED later than now (the clock was far ahead when it began, and is right
    now): then it begins anew from now, or each run until that time would look back at
    nothing and a reminder between two runs would be lost."""
    return state.since if state.since <= now + AHEAD_NOTED else now


class OnceRun(Record):
    due: int  # how many notices there were to show
    shown: int  # how many of them were shown
    fresh: bool  # something was shown, or printed for the first time
    problems: list[str]  # about the record, to say
    errors: list[DataError]  # data files that could not be read


def remind_once(store: Store, now: datetime, end: datetime, deliver: Deliver, channel: str) -> OnceRun:
    """Show what is due at `now` that this machine has not shown through `channel`
    (`deliver` shows the notices, in order, and says how many it could, and what went
    wrong), and keep the record of it.  A failing desktop is said once, until it shows
    a notice again."""
    with contextlib.ExitStack() as stack:
        try:
            folder = state_dir()
            if folder is None:  # an empty WEEKPLAN_STATE_DIR: keep none, as the cache does
                return _look(store, now, end, deliver, [])
            stack.enter_context(held(folder))
        except OSError as exc:  # TimeoutError too
            why = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror or str(exc)
            return _look(store, now, end, deliver, [f"no record of what was shown can be kept ({why})"])
        # A run killed while it wrote the record left its new file half-written; an
        # hour on, with the lock held, no run is writing it.
        remove_stale(leftovers(folder))
        path = state_path(folder, store.root, channel)
        kept = os.path.lexists(path)
        state, problem = read_state(path, store.root, now)
        problems = [] if problem is None else [problem]
        if problem is None and state.last_run > now + AHEAD_NOTED:
            problems.append(
                f"{path}: the last run was at {state.last_run:%a %d %b %Y %H:%M}, later than now: the clock "
                "was moved back (or was ahead then); what was shown is not shown again"
            )
        if problem is not None or not kept:
            # Where the record begins is kept before anything is shown: a run killed
            # while it shows must not leave the next one thinking it is the first.
            why = _write_record(path, store.root, state)
            if why is not None:  # nothing can be kept here (a folder in its place, a full disk)
                return _look(store, now, end, deliver, [*problems, f"cannot keep what was shown in {path}: {why}"])
            if problem is not None:
                problems[-1] += f"; it is replaced, and this run looked back from {state.since:%a %d %b %H:%M}"
        catch = catch_up(store, state, now, end)
        pairs = notices_of(catch, now)
        shown, trouble = deliver([n for n, _ in pairs])
        delivery = delivered(state, pairs, shown, trouble)
        if trouble is not None and state.desktop_problem is None:
            problems.append(
                f"{trouble}; said once, until the desktop shows a notice again: each reminder is printed, and "
                f"tried on the desktop with the next runs, {DESKTOP_TRIES} runs in all"
            )
        errors = unread_files(store, catch.counted_from, end)
        why = _write_record(path, store.root, record_after(state, catch, delivery, now, end, complete=not errors))
        if why is not None:
            problems.append(f"cannot keep what was shown in {path}: {why}; the next run may show it again")
    return OnceRun(len(pairs), shown, delivery.fresh, problems, errors)


def _look(store: Store, now: datetime, end: datetime, deliver: Deliver, problems: list[str]) -> OnceRun:
    """Without a record, what a look shows: a reminder may come twice, none is lost."""
    seen = look(store, now, end, deliver)
    if problems:
        problems[-1] += "; showed what is due from now, as a look does"
    if seen.problem is not None:  # with no record, said every time
        problems.append(seen.problem)
    return OnceRun(seen.due, seen.shown, seen.due > 0, problems, seen.errors)


def _write_record(path: Path, data_dir: Path, state: RemindState) -> str | None:
    """Write the record: None, or why it could not be written."""
    try:
        write_state(path, data_dir, state)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
