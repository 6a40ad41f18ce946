"""Reminders: what is due when, for `weekplan remind` (run from cron or a systemd
timer, so nothing needs the planner open) and for the VALARMs of the export.

What reminds:
- a special date with a time, an hour before it (its `remind` field, in minutes,
  says otherwise); one all day, at the start of the planner's day;
- a date's preparation, not yet done, at the start of the planner's day, the given
  number of days before the date;
- an activity that asks for one with `remind = <minutes before>` in its week file.

Plain Python, no Textual and no iCalendar library: the command must stay quick.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from weekplan.display_text import one_line
from weekplan.ics import printable
from weekplan.model import MAX_REMIND_MINUTES, reminds
from weekplan.record import Record
from weekplan.weeks import format_time, weeks_between

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from collections.abc import Callable

    from weekplan.model import Activity, SpecialDate
    from weekplan.store import Store
    from weekplan.tomlfile import DataError

    # Shows the notices, in order: how many it showed, and what went wrong or None.
    Deliver = Callable[[list["Notice"]], tuple[int, str | None]]

DATE_LEAD_MINUTES = 60
MAX_LEAD_DAYS = MAX_REMIND_MINUTES // (24 * 60)  # the longest an activity's reminder may come before it


class Reminder(Record):
    at: datetime  # local wall time the reminder is for
    kind: str  # "date", "prep" or "activity"
    title: str
    detail: str
    item_id: str

    def line(self) -> str:
        return printable(f"{self.at:%a %d %b %H:%M}  {self.title}  —  {self.detail}")


def lead_minutes(item: Activity | SpecialDate, default: int | None) -> int | None:
    """How many minutes before its start an item reminds: its `remind` field (a
    whole number of minutes, 0 to a week), else the default; None: it does not."""
    value = item.extra.get("remind", default)
    return value if reminds(value) else default


def date_alarm(special: SpecialDate, day_start: int) -> datetime | None:
    if special.status != "planned":
        return None
    if special.start is None:
        return datetime.combine(special.date, time()) + timedelta(minutes=day_start)
    lead = lead_minutes(special, DATE_LEAD_MINUTES)
    start = datetime.combine(special.date, time()) + timedelta(minutes=special.start)
    return None if lead is None else start - timedelta(minutes=lead)


def prep_alarm(special: SpecialDate, day_start: int) -> datetime | None:
    if not special.prep or special.prep_done or special.status != "planned":
        return None
    day = special.date - timedelta(days=special.prep_days or 0)
    return datetime.combine(day, time()) + timedelta(minutes=day_start)


def activity_alarm(activity: Activity) -> datetime | None:
    lead = lead_minutes(activity, None)
    if lead is None or activity.done or activity.skipped:
        return None
    return datetime.combine(activity.date, time()) + timedelta(minutes=activity.start - lead)


def reminders_between(store: Store, first: datetime, last: datetime) -> list[Reminder]:
    """Every reminder due at or after `first` and before `last`, in time order."""
    day_start = store.config.day_start
    found: list[Reminder] = []
    for special in store.dates().items.values():
        when = date_alarm(special, day_start)
        if when is not None and first <= when < last:
            found.append(Reminder(when, "date", special.title, _date_detail(special), special.id))
        when = prep_alarm(special, day_start)
        if when is not None and first <= when < last:
            detail = f"preparation for {special.title!r} on {special.date:%a %d %b}"
            found.append(Reminder(when, "prep", special.prep, detail, special.id))
    for activity in store.activities_between(first.date(), last.date() + timedelta(days=MAX_LEAD_DAYS)):
        when = activity_alarm(activity)
        if when is not None and first <= when < last:
            detail = f"{format_time(activity.start)}–{format_time(activity.end)} #{activity.category}"
            if isinstance(activity.extra.get("location"), str) and activity.extra["location"]:
                detail += f" @ {activity.extra['location']}"
            found.append(Reminder(when, "activity", activity.title, detail, activity.id))
    return sorted(found, key=lambda r: (r.at, r.title, r.item_id))


def _date_detail(special: SpecialDate) -> str:
    when = "all day" if special.start is None else format_time(special.start)
    place = f" @ {special.place}" if special.place else ""
    return f"together, {special.date:%a %d %b} {when}{place}"


def notifier() -> str | None:
    """The desktop's notifier, when there is one."""
    import shutil  # here, not at the top: the export takes its alarms from this module

    return shutil.which("notify-send")


class Notice(Record):
    """One thing to show: a notice's title, and its line as printed and as its body."""

    title: str
    line: str


def notice(reminder: Reminder, now: datetime | None = None) -> Notice:
    """A reminder as shown; past its time by a minute or more at `now`, saying how late."""
    late = "" if now is None else late_words(now - reminder.at)
    return Notice(reminder.title, reminder.line() + (f"  ({late})" if late else ""))


def late_words(late: timedelta) -> str:
    """How late a reminder comes, like "2 h 05 min late"; nothing under a minute."""
    minutes = int(late.total_seconds() // 60)
    if minutes < 1:
        return ""
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min late" if hours else f"{minutes} min late"


def unread_files(store: Store, first: datetime, last: datetime) -> list[DataError]:
    """The data files that could not be read among those `reminders_between(store, first,
    last)` reads: their reminders were not checked."""
    weeks = weeks_between(first.date(), (last + timedelta(days=MAX_LEAD_DAYS)).date())
    errors = [*store.config_errors, *store.dates().errors, *store.routines().errors]
    return errors + [error for week in weeks for error in store.week(week).errors]


# The most notices one run shows: past it, the first few and one that names the rest,
# not a screen of them, nor a run as long as a notifier takes for each.
MAX_NOTICES = 5
# The rest, as lines of that last notice: so many at most, each cut to a notice's width.
REST_LINES = 6
REST_LINE_WIDTH = 80


def notify_all(program: str, notices: list[Notice]) -> tuple[int, str | None]:
    """Show the notices on the desktop: each on its own, or past MAX_NOTICES the first
    few and one notice whose lines name the rest (from cron, once they are past, no
    command lists them again).  The first notice the notifier fails to show ends it
    (one that hangs would hold each later one for its timeout, and a cron run every
    few minutes would start while this one still waits).  How many of `notices` were
    shown (they are shown in order), and what went wrong, or None."""
    shown: list[tuple[str, list[str], int]] = [(n.title, [n.line], 1) for n in notices]  # title, lines, how many
    if len(shown) > MAX_NOTICES:
        rest = [n.line for n in notices[MAX_NOTICES - 1 :]]
        lines = [one_line(line, limit=REST_LINE_WIDTH) for line in rest[:REST_LINES]]
        if len(rest) > REST_LINES:
            lines[-1] = f"… and {len(rest) - REST_LINES + 1} more"
        shown = [*shown[: MAX_NOTICES - 1], (f"{len(rest)} more reminders", lines, len(rest))]
    done = 0
    for number, (title, lines, count) in enumerate(shown):
        if not notify(program, title, lines):
            return done, f"{program} failed; {len(shown) - number} of {len(shown)} notices not shown"
        done += count
    return done, None


def notify(program: str, title: str, lines: list[str]) -> bool:
    """Show one notice on the desktop, its body the lines given, each made safe on its
    own; False when the notifier failed."""
    import subprocess

    try:
        result = subprocess.run(
            [program, "--app-name=weekplan", "--", printable(title), "\n".join(map(printable, lines))],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


class Look(Record):
    due: int  # how many reminders were due
    shown: int  # how many of them `deliver` showed
    problem: str | None  # what went wrong showing them, or None
    errors: list[DataError]  # data files that could not be read


def look(store: Store, now: datetime, end: datetime, deliver: Deliver) -> Look:
    """What is due from `now` to `end`, shown by `deliver`, with no record read or
    written: what `weekplan remind` does on its own, and with a record it cannot keep."""
    due = reminders_between(store, now, end)
    shown, problem = deliver([notice(r) for r in due])
    return Look(len(due), shown, problem, unread_files(store, now, end))
