"""The overview: several weeks at a glance, a day a cell, as a person who plans on
paper looks at a month — how full each day is and with what, the dates together, and
per week how many of its goals were met.

Plain Python over already-loaded items (the screen in app/screens/overview_screen.py
only paints this), so it is tested without a UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from weekplan.balance import date_minutes
from weekplan.display_text import one_line
from weekplan.model import Activity, Config, Goal, SpecialDate
from weekplan.record import Record
from weekplan.together import GoalProgress, goal_progress, goals_in_force
from weekplan.weeks import view_start, view_week

MONTH = "month"
WEEKS = "weeks"
SEVERAL_WEEKS = 8  # the several-weeks overview: two months' worth, starting a week back


class DayEntry(Record):
    """One line a day cell may show: an activity or a date together (its title made
    safe to paint by display_text.one_line, as the week shows it)."""

    start: int | None
    title: str
    category: str  # the together category's id for a date
    together: bool = False  # a special date (time together in a category is an activity)
    done: bool = False


class DaySummary(Record):
    day: date
    # Minutes planned per category id, in config order (skipped and cancelled left out).
    minutes: tuple[tuple[str, int], ...]
    entries: tuple[DayEntry, ...]
    dates: int  # dates together (not cancelled)
    done: int
    total: int  # activities and dates, cancelled ones left out

    @property
    def planned(self) -> int:
        return sum(m for _, m in self.minutes)


class WeekSummary(Record):
    first_day: date
    days: tuple[DaySummary, ...]
    goals: tuple[GoalProgress, ...]

    @property
    def number(self) -> int:
        return view_week(self.first_day).week

    @property
    def goals_met(self) -> int:
        return sum(1 for g in self.goals if g.met)


def span_of(mode: str, around: date, first_weekday: int) -> tuple[date, int]:
    """(first day, number of weeks) an overview shows.  A month: every week that has a
    day of `around`'s month; several weeks: from the week before `around`'s."""
    if mode == WEEKS:
        return view_start(around, first_weekday) - timedelta(days=7), SEVERAL_WEEKS
    first_of_month = around.replace(day=1)
    next_month = (first_of_month + timedelta(days=32)).replace(day=1)
    first = view_start(first_of_month, first_weekday)
    last = view_start(next_month - timedelta(days=1), first_weekday)
    return first, (last - first).days // 7 + 1


def shifted(mode: str, around: date, steps: int) -> date:
    """The `around` of the overview `steps` pages on: a month, or the several weeks."""
    if mode == WEEKS:
        return around + timedelta(days=7 * SEVERAL_WEEKS * steps)
    month = around.year * 12 + around.month - 1 + steps
    return date(month // 12, month % 12 + 1, 1)


def day_summary(day: date, activities: list[Activity], dates: list[SpecialDate], config: Config) -> DaySummary:
    together = next((c.id for c in config.categories if c.together), "together")
    minutes: dict[str, int] = {c.id: 0 for c in config.categories}
    entries: list[tuple[tuple[int, int], DayEntry]] = []
    done = total = 0
    for activity in activities:
        if activity.skipped:
            continue
        minutes[activity.category] = minutes.get(activity.category, 0) + activity.minutes
        total += 1
        done += activity.done
        entry = DayEntry(activity.start, one_line(activity.title), activity.category, False, activity.done)
        entries.append(((activity.start, 1), entry))
    kept = [d for d in dates if d.status != "cancelled"]
    for special in kept:
        minutes[together] = minutes.get(together, 0) + date_minutes(special)
        total += 1
        done += special.status == "done"
        start = -1 if special.start is None else special.start
        done_date = special.status == "done"
        entries.append(((start, 0), DayEntry(special.start, one_line(special.title), together, True, done_date)))
    entries.sort(key=lambda e: e[0])
    return DaySummary(
        day,
        tuple((k, m) for k, m in minutes.items() if m),
        tuple(e for _, e in entries),
        len(kept),
        done,
        total,
    )


def overview(
    first_day: date,
    weeks: int,
    activities: Iterable[Activity],
    dates: Iterable[SpecialDate],
    goals: Iterable[Goal],
    config: Config,
) -> list[WeekSummary]:
    """`weeks` weeks from `first_day`: each day's summary, and each week judged by the
    goals in force that week and what was done."""
    by_day: dict[date, list[Activity]] = {}
    for activity in activities:
        by_day.setdefault(activity.date, []).append(activity)
    dates_by_day: dict[date, list[SpecialDate]] = {}
    for special in dates:
        dates_by_day.setdefault(special.date, []).append(special)
    goals = list(goals)
    found = []
    for index in range(weeks):
        start = first_day + timedelta(days=7 * index)
        days = [start + timedelta(days=i) for i in range(7)]
        summaries = tuple(day_summary(d, by_day.get(d, []), dates_by_day.get(d, []), config) for d in days)
        week_activities = [a for d in days for a in by_day.get(d, [])]
        week_dates = [s for d in days for s in dates_by_day.get(d, [])]
        in_force = goals_in_force(goals, view_week(start))
        progress = goal_progress(in_force, week_activities, week_dates, config)
        found.append(WeekSummary(start, summaries, tuple(progress)))
    return found
