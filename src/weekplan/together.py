"""Together: what the panel, the suggest dialog and the weekly review need to know
about special dates, the idea backlog and the week's goals.

Plain functions over already-loaded model objects and a `today`, so they are quick
to test and any screen (or the command line) can call them.  Nothing here writes:
functions that make new items return them, and saving is the caller's.

Decisions a person would notice, in one place:

* A date **has happened** when its status is done, or when it is still "planned"
  and its day is over (before today).  People rarely go back to tick a date off,
  and the weekly review asks to rate it anyway.  Cancelled dates never count.
* A date belongs to the day (and week) it starts on.  One that ends at or before
  its start time runs past midnight: its whole length counts for that day's hours,
  and it also keeps the small hours of the next day busy.
* Novelty looks at the other dates from the same idea (not cancelled, planned or
  happened) within `config.novelty_weeks` weeks either side of the new date's
  day, both edges included; another one in the same week always warns first.
  `novelty_weeks = 0` turns the warning off.
* Suggestions: ideas never tried come first, then the least recently done;
  an idea that is already planned for an upcoming date goes last, it is on its way.
* A free evening is one whose evening window (18:00–22:00 unless config.toml
  says `evening_start` / `evening_end`, always inside the day's hours) has no
  activity and no date in it, nor any of the partner's busy times when they are
  given (weekplan.partner_busy).  Days before today are never offered: a date
  cannot be planned in the past.
* Preparation ("book a table", 14 days before) falls due on the date's day minus
  its days; it shows from a week before that, and stays until the date has
  passed or is done or cancelled.
* The weekly review carries over what is neither done nor skipped: skipping is
  how a person says "let it go".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Protocol

from weekplan.balance import date_minutes
from weekplan.display import Display
from weekplan.idea_history import History, add, count, empty, has_happened
from weekplan.model import DEFAULT_EVENING, Activity, Config, Goal, Idea, SpecialDate, new_id, tag_key
from weekplan.people import is_rated_by, memory_by, my_name, with_say_of
from weekplan.record import Record, replace
from weekplan.weeks import MINUTES_PER_DAY, IsoWeek, format_time, view_start, view_week

PREP_NOTICE_DAYS = 7

# -- small helpers ----------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def countdown(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 3 days", "yesterday", "5 days ago"."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {_plural(days, 'day')}" if days > 0 else f"{_plural(-days, 'day')} ago"


def time_ago(day: date, today: date) -> str:
    """How long ago, the way a person says it: "yesterday", "5 days ago", "3 weeks ago"."""
    days = (today - day).days
    if days <= 0:
        return "today" if days == 0 else countdown(day, today)
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return f"{days // 7} weeks ago"


def crosses_midnight(special: SpecialDate) -> bool:
    return special.start is not None and special.end is not None and special.end <= special.start


def date_span(special: SpecialDate, display: Display | None = None) -> str:
    """ "19:00–22:30", "22:00–01:00 (+1)" for one that ends the next day, "" without
    times; on a 12-hour clock when `display` says so."""
    if special.start is None:
        return ""
    if display is None:
        if special.end is None:
            return format_time(special.start)
        span = f"{format_time(special.start)}–{format_time(special.end % MINUTES_PER_DAY)}"
    elif special.end is None:
        return display.time(special.start)
    else:
        span = display.time_range(special.start, special.end % MINUTES_PER_DAY)
    return f"{span} (+1)" if crosses_midnight(special) else span


# -- idea statistics ---------------------------------------------------------------


class IdeaStats(Record):
    """An idea with what its dates say about it (derived, never stored)."""

    idea: Idea
    times_done: int = 0
    last_done: date | None = None
    next_planned: date | None = None
    # Every rating its dates were given, by both partners, and those of the last one.
    ratings: tuple[int, ...] = ()
    last_ratings: tuple[tuple[str, int], ...] = ()

    @property
    def never_tried(self) -> bool:
        return self.times_done == 0

    @property
    def mean_rating(self) -> float | None:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None


def idea_stats(
    ideas: Iterable[Idea], dates: Iterable[SpecialDate], today: date, earlier: Iterable[History] = ()
) -> dict[str, IdeaStats]:
    """Times done, last done and the next planned date of every idea, by idea id.

    Dates naming an idea that no longer exists are ignored.  `earlier`: the histories
    (weekplan.idea_history) of dates before every one of `dates`, oldest first, as the
    planner keeps the years before those it holds; they count as those dates would.
    """
    ideas = list(ideas)
    history: History = {idea.id: empty() for idea in ideas}
    for before in earlier:
        add(history, before)
    count(dates, today, history)
    return {idea.id: IdeaStats(idea, *history[idea.id]) for idea in ideas}


def all_tags(ideas: Iterable[Idea]) -> list[str]:
    """Every tag in use, once, in alphabetical order (for a filter to choose from)."""
    return sorted({tag_key(tag) for idea in ideas for tag in idea.tags if tag.strip()})


def matches_tags(idea: Idea, tags: Iterable[str]) -> bool:
    """True when the idea carries every wanted tag (case does not matter)."""
    have = {tag_key(tag) for tag in idea.tags}
    return all(tag_key(tag) in have for tag in tags if tag.strip())


def suggestion_order(
    ideas: Iterable[Idea],
    dates: Iterable[SpecialDate],
    today: date,
    tags: Sequence[str] = (),
    earlier: Iterable[History] = (),
) -> list[IdeaStats]:
    """The backlog as suggest proposes it, filtered by tags: never tried first, then the
    least recently done, and ideas already planned for an upcoming date last.  In each
    of these, ideas both partners would love to do come first, then those one loves.
    `earlier` as for idea_stats."""
    stats = idea_stats(ideas, dates, today, earlier)
    return sort_ideas((s for s in stats.values() if matches_tags(s.idea, tags)), "suggested")


IDEA_SORTS = ("suggested", "title", "times_done", "last_done")


def sort_ideas(stats: Iterable[IdeaStats], by: str = "suggested") -> list[IdeaStats]:
    """The backlog sorted for display; `by` is one of IDEA_SORTS.

    "times_done" puts the most tried first; "last_done" the most recent first, with
    never-tried ideas at the end.
    """
    items = list(stats)
    if by == "suggested":
        return sorted(
            items,
            key=lambda s: (
                s.next_planned is not None,
                not s.never_tried,
                -len(s.idea.loves),
                s.last_done or date.min,
                s.times_done,
                s.idea.title.casefold(),
                s.idea.id,
            ),
        )
    if by == "title":
        return sorted(items, key=lambda s: (s.idea.title.casefold(), s.idea.id))
    if by == "times_done":
        return sorted(items, key=lambda s: (-s.times_done, s.idea.title.casefold(), s.idea.id))
    if by == "last_done":
        return sorted(
            items,
            key=lambda s: (s.last_done is None, -(s.last_done or date.min).toordinal(), s.idea.title.casefold()),
        )
    raise ValueError(f"cannot sort ideas by {by!r}; choose one of {', '.join(IDEA_SORTS)}")


# -- novelty --------------------------------------------------------------------------


class NoveltyWarning(Record):
    """Said before saving a date from an idea used recently.  `kind` is "same_week"
    or "recent"; `other` is the date it is about."""

    kind: str
    other: SpecialDate
    message: str


def novelty_reach(day: date, config: Config) -> tuple[date, date]:
    """The first and last day of the dates novelty_warning can be about, for a date on
    `day`: its week, and `novelty_weeks` weeks either side.  What a caller reads for it
    (a year or two of dates, not every year's)."""
    window = timedelta(days=max(config.novelty_weeks, 0) * 7)
    week_start = view_start(day, config.first_weekday)
    return min(week_start, day - window), max(week_start + timedelta(days=6), day + window)


def novelty_warning(
    idea_id: str,
    day: date,
    dates: Iterable[SpecialDate],
    config: Config,
    today: date,
    *,
    editing: str | None = None,
) -> NoveltyWarning | None:
    """What to say when a date from `idea_id` is planned on `day`, or None.

    `editing` is the id of the date being edited, which never warns about itself.
    """
    window = config.novelty_weeks * 7
    if not idea_id or window <= 0:
        return None
    others = [d for d in dates if d.idea == idea_id and d.id != editing and d.status != "cancelled"]
    week_start = view_start(day, config.first_weekday)
    same_week = [d for d in others if view_start(d.date, config.first_weekday) == week_start]
    if same_week:
        other = min(same_week, key=lambda d: (abs((d.date - day).days), d.date, d.id))
        when = "today" if other.date == today else f"on {other.date:%a %-d %b}"
        if has_happened(other, today):
            lead = f"You did this {when}, the same week"
        else:
            lead = f"This is already planned {when}, the same week"
        return NoveltyWarning("same_week", other, f"{lead} — maybe something new?")
    near = [d for d in others if abs((d.date - day).days) <= window]
    if not near:
        return None
    other = min(near, key=lambda d: (abs((d.date - day).days), d.date, d.id))
    if has_happened(other, today):
        lead = f"You did this {time_ago(other.date, today)}"
    else:
        lead = f"This is already planned for {other.date:%a %-d %b}"
    return NoveltyWarning("recent", other, f"{lead} — maybe something new?")


# -- free evenings ------------------------------------------------------------------------


class FreeEvening(Record):
    day: date
    start: int
    end: int

    def describe(self) -> str:
        return f"{self.day:%a %-d %b} {format_time(self.start)}–{format_time(self.end)}"


def evening_window(config: Config) -> tuple[int, int]:
    """The evening, from config.toml's `evening_start` / `evening_end` (18:00–22:00 where
    they are not set), kept inside the day's hours."""
    start = DEFAULT_EVENING[0] if config.evening_start is None else config.evening_start
    end = DEFAULT_EVENING[1] if config.evening_end is None else config.evening_end
    if end <= start:  # only one of them set, past the other's default
        start, end = DEFAULT_EVENING
    start, end = max(start, config.day_start), min(end, config.day_end)
    if end <= start:  # a day that ends before the evening: its last two hours are its evening
        start, end = max(config.day_start, config.day_end - 120), config.day_end
    return start, end


def busy_intervals(day: date, activities: Iterable[Activity], dates: Iterable[SpecialDate]) -> list[tuple[int, int]]:
    """Minutes of `day` taken by activities (not skipped) and dates (not cancelled),
    including the small hours of a date that began the evening before.  A date
    without a start time takes the whole day, one without an end the rest of it."""
    busy: list[tuple[int, int]] = []
    for activity in activities:
        if activity.date == day and not activity.skipped:
            busy.append((activity.start, activity.end))
    for special in dates:
        if special.status == "cancelled":
            continue
        if special.date == day:
            if special.start is None:
                busy.append((0, MINUTES_PER_DAY))
            elif special.end is None:  # open-ended: the rest of the day is spoken for
                busy.append((special.start, MINUTES_PER_DAY))
            else:
                busy.append((special.start, min(special.start + date_minutes(special), MINUTES_PER_DAY)))
        elif special.date == day - timedelta(days=1) and crosses_midnight(special):
            assert special.end is not None
            busy.append((0, special.end))
    return sorted(busy)


class BusySpan(Protocol):
    """A time someone else is busy (weekplan.partner_busy.BusyTime)."""

    @property
    def day(self) -> date: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def free_evenings(
    first_day: date,
    activities: Iterable[Activity],
    dates: Iterable[SpecialDate],
    config: Config,
    today: date,
    partner_busy: Iterable[BusySpan] = (),
) -> list[FreeEvening]:
    """Every evening of the 7 days from `first_day` with nothing in it, from today on;
    with `partner_busy`, free for the partner too."""
    start, end = evening_window(config)
    # Only what falls on these days, or the evening before the first (past midnight),
    # can fill one of their evenings: years of dates are not looked through seven times.
    since, until = first_day - timedelta(days=1), first_day + timedelta(days=6)
    dates = [d for d in dates if since <= d.date <= until]
    activities = [a for a in activities if first_day <= a.date <= until]
    others = list(partner_busy)
    found = []
    for offset in range(7):
        day = first_day + timedelta(days=offset)
        if day < today:
            continue
        busy = busy_intervals(day, activities, dates) + [(b.start, b.end) for b in others if b.day == day]
        if all(b_end <= start or b_start >= end for b_start, b_end in busy):
            found.append(FreeEvening(day, start, end))
    return found


def free_evening(
    first_day: date,
    activities: Iterable[Activity],
    dates: Iterable[SpecialDate],
    config: Config,
    today: date,
    partner_busy: Iterable[BusySpan] = (),
) -> FreeEvening | None:
    """The first free evening of the shown week from today on, or None when there is none."""
    evenings = free_evenings(first_day, activities, dates, config, today, partner_busy)
    return evenings[0] if evenings else None


class Suggestion(Record):
    ideas: list[IdeaStats]
    evening: FreeEvening | None

    @property
    def first(self) -> IdeaStats | None:
        return self.ideas[0] if self.ideas else None


def suggest(
    ideas: Iterable[Idea],
    dates: Iterable[SpecialDate],
    activities: Iterable[Activity],
    config: Config,
    first_day: date,
    today: date,
    tags: Sequence[str] = (),
    partner_busy: Iterable[BusySpan] = (),
) -> Suggestion:
    """What the suggest dialog offers: ideas in suggestion order and a free evening in
    the shown week (the 7 days from `first_day`), free for the partner too when their
    busy times are given."""
    dates = list(dates)
    return Suggestion(
        suggestion_order(ideas, dates, today, tags),
        free_evening(first_day, activities, dates, config, today, partner_busy),
    )


def date_from_idea(
    idea: Idea,
    day: date,
    start: int | None = None,
    end: int | None = None,
    *,
    make_id: Callable[[], str] = new_id,
) -> SpecialDate:
    """A planned date made from an idea (accepting a suggestion, or `s` on an idea);
    a place idea also names the place."""
    return SpecialDate(
        make_id(),
        day,
        idea.title,
        start,
        end,
        place=idea.title if idea.kind == "place" else "",
        idea=idea.id,
    )


# -- upcoming dates and preparation ----------------------------------------------------------


class PrepDue(Record):
    what: str
    due: date
    days: int  # until it is due; negative once overdue
    done: bool = False
    by: str = ""  # who of the two partners took it on ("": nobody yet)

    @property
    def when(self) -> str:
        if self.done:
            return "done"
        if self.days == 0:
            return "due today"
        if self.days == 1:
            return "due tomorrow"
        if self.days > 0:
            return f"due in {_plural(self.days, 'day')}"
        return f"overdue by {_plural(-self.days, 'day')}"

    @property
    def label(self) -> str:
        return f"✓ {self.what} — done" if self.done else f"{self.what} — {self.when}"


def prep_due(special: SpecialDate, today: date, notice_days: int = PREP_NOTICE_DAYS) -> PrepDue | None:
    """The date's preparation when it should be on a person's mind, else None: from
    `notice_days` before it falls due until the date has passed, is done or cancelled.
    Without a number of days, it falls due on the day itself.  Once ticked off it is
    still there, marked done, so that it can be unticked."""
    if not special.prep.strip() or special.status != "planned" or special.date < today:
        return None
    due = special.date - timedelta(days=special.prep_days or 0)
    days = (due - today).days
    if days > notice_days:
        return None
    return PrepDue(special.prep.strip(), due, days, special.prep_done, special.prep_by)


class UpcomingDate(Record):
    special: SpecialDate
    days: int  # from today; negative for past ones
    countdown: str
    prep: PrepDue | None


def upcoming_dates(dates: Iterable[SpecialDate], today: date, *, include_past: bool = False) -> list[UpcomingDate]:
    """Dates from today on that are not cancelled, soonest first, with a countdown and
    any preparation due.  With include_past, every date, oldest first."""
    chosen = [d for d in dates if include_past or (d.date >= today and d.status != "cancelled")]
    chosen.sort(key=lambda d: (d.date, -1 if d.start is None else d.start, d.title.casefold(), d.id))
    return [UpcomingDate(d, (d.date - today).days, countdown(d.date, today), prep_due(d, today)) for d in chosen]


# -- goals -----------------------------------------------------------------------------------


class GoalProgress(Record):
    goal: Goal
    name: str  # the category's display name
    done: float  # times, or hours, of what was done
    target: float
    planned: float = 0.0  # and of what is planned but not done yet

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def unit(self) -> str:
        return "×" if self.goal.count is not None else "h"

    @property
    def fraction(self) -> float:
        """0..1, for a progress bar."""
        return min(1.0, self.done / self.target) if self.target else 1.0

    @property
    def label(self) -> str:
        """ "Fitness 2/3×", "Hobby 3.5/4 h"."""
        if self.goal.count is not None:
            return f"{self.name} {self.done:g}/{self.target:g}×"
        return f"{self.name} {self.done:g}/{self.target:g} h"


def goal_in_force(goal: Goal, week: IsoWeek) -> Goal | None:
    """The version of a goal that applied in `week` (see Goal), None when none did."""
    label = str(week)
    chosen = None
    for version in (*goal.earlier, goal):
        if not version.since or version.since <= label:  # ISO week texts sort as weeks do
            chosen = version
    if chosen is None or not chosen.active:
        return None
    return Goal(goal.category, chosen.count, chosen.hours, chosen.since)


def goals_in_force(goals: Iterable[Goal], week: IsoWeek) -> list[Goal]:
    """The goals that applied in `week`, each the version of that week: a week is judged
    by the goals it had, not by the ones set since."""
    return [found for goal in goals if (found := goal_in_force(goal, week)) is not None]


def revise_goal(stored: Goal | None, wanted: Goal | None, week: IsoWeek) -> Goal | None:
    """The goal to store when the person sets `wanted` (None: no goal) in `week`: it
    applies from that week on, and what applied before stays for the weeks before.
    None when nothing is left to keep (a goal set and dropped within one week)."""
    base = wanted if wanted is not None else stored
    if base is None:
        return None
    label = str(week)
    extra = base.extra if wanted is not None or stored is None else stored.extra
    top = Goal(base.category, None, None, label, extra=extra)
    if wanted is not None:
        top = replace(top, count=wanted.count, hours=wanted.hours)
    if stored is None:
        return top if top.active else None
    if stored.since == label:  # changed again in the week it was set: that version goes
        earlier = stored.earlier
    else:
        earlier = (*stored.earlier, Goal(stored.category, stored.count, stored.hours, stored.since))
    if not top.active and (not earlier or not earlier[-1].active):
        # Nothing to end: dropped already, or never applied before this week.
        return None if not any(v.active for v in earlier) else stored
    return replace(top, earlier=tuple(earlier))


def goal_progress(
    goals: Iterable[Goal], activities: Iterable[Activity], dates: Iterable[SpecialDate], config: Config
) -> list[GoalProgress]:
    """Progress of each goal over one week's items (the caller passes that week's).

    A goal counts what was done: activities marked done and dates marked done (or
    rated); what is still ahead is `planned`, and skipped activities and cancelled
    dates count for neither.  A goal on a together category counts time together:
    those activities and the dates (a date across midnight with its whole length, in
    the week it starts).  Goals are in config category order.
    """
    activities = [a for a in activities if not a.skipped]
    dates = [d for d in dates if d.status != "cancelled"]
    together_ids = {c.id for c in config.categories if c.together}
    order = {c.id: i for i, c in enumerate(config.categories)}
    found = []
    for goal in sorted(goals, key=lambda g: (order.get(g.category, len(order)), g.category)):
        category = config.category(goal.category)
        name = category.name if category else goal.category
        together = goal.category in together_ids
        # (done?, minutes) of everything that counts for this goal
        counted = [(a.done, a.minutes) for a in activities if a.category == goal.category]
        if together:
            counted += [(a.done, a.minutes) for a in activities if a.category in together_ids - {goal.category}]
            counted += [(d.status == "done", date_minutes(d)) for d in dates]
        if goal.count is not None:
            done = sum(1 for was_done, _ in counted if was_done)
            planned = sum(1 for was_done, _ in counted if not was_done)
            found.append(GoalProgress(goal, name, done, goal.count, planned))
        else:
            done_minutes = sum(m for was_done, m in counted if was_done)
            planned_minutes = sum(m for was_done, m in counted if not was_done)
            found.append(
                GoalProgress(goal, name, round(done_minutes / 60, 2), goal.hours or 0.0, round(planned_minutes / 60, 2))
            )
    return found


# -- weekly review -------------------------------------------------------------------------------


REVIEW_FROM_WEEKDAY = 4  # Friday: from then on the week that is ending is the one to look back on


def review_week_start(today: date, first_weekday: int) -> date:
    """The first day of the week the review looks back on by default: the week that is
    ending, from its Friday on; earlier in the week, the one before."""
    start = view_start(today, first_weekday)
    friday = start + timedelta(days=(REVIEW_FROM_WEEKDAY - first_weekday) % 7)
    return start if today >= friday else start - timedelta(days=7)


class Review(Record):
    first_day: date
    done: list[Activity]
    skipped: list[Activity]
    open: list[Activity]  # neither done nor skipped: what carry-over takes
    to_rate: list[SpecialDate]
    goals: list[GoalProgress]

    @property
    def not_done(self) -> list[Activity]:
        return sorted(self.skipped + self.open, key=_activity_order)

    @property
    def goals_met(self) -> list[GoalProgress]:
        return [g for g in self.goals if g.met]

    @property
    def goals_missed(self) -> list[GoalProgress]:
        return [g for g in self.goals if not g.met]


def _activity_order(activity: Activity) -> tuple[object, ...]:
    return (activity.date, activity.start, activity.end, activity.title, activity.id)


def dates_to_be_rated(dates: Iterable[SpecialDate], today: date) -> list[SpecialDate]:
    """Dates that are rated once over: those whose day is over and not cancelled."""
    return [d for d in dates if d.date < today and d.status != "cancelled"]


def dates_to_rate(dates: Iterable[SpecialDate], today: date, me: str = "") -> list[SpecialDate]:
    """Dates to be rated (dates_to_be_rated) without a rating (without `me`'s, while
    sharing with a partner), newest first."""
    past = dates_to_be_rated(dates, today)
    found = (
        [d for d in past if not is_rated_by(d, me)] if me else [d for d in past if d.rating is None and not d.ratings]
    )
    return sorted(found, key=lambda d: (d.date, -1 if d.start is None else d.start, d.id), reverse=True)


def weekly_review(
    first_day: date,
    activities: Iterable[Activity],
    dates: Iterable[SpecialDate],
    goals: Iterable[Goal],
    config: Config,
    today: date,
) -> Review:
    """The review of the 7 days from `first_day`.  `activities` may hold more than that
    week; `dates` should be all dates, since any unrated past date is worth rating."""
    last_day = first_day + timedelta(days=6)
    week = sorted((a for a in activities if first_day <= a.date <= last_day), key=_activity_order)
    dates = list(dates)
    week_dates = [d for d in dates if first_day <= d.date <= last_day]
    return Review(
        first_day,
        [a for a in week if a.done],
        [a for a in week if a.skipped and not a.done],
        [a for a in week if not a.done and not a.skipped],
        dates_to_rate(dates, today, my_name(config)),
        goal_progress(goals_in_force(goals, view_week(first_day)), week, week_dates, config),
    )


def carry_over(
    unfinished: Iterable[Activity],
    into_first_day: date,
    existing: Iterable[Activity] = (),
    *,
    make_id: Callable[[], str] = new_id,
) -> list[Activity]:
    """Copies of `unfinished` in the 7 days from `into_first_day`, on the same weekday
    and time, not done, with new ids.  One that is already there (same day, time,
    title and category) is left out, so carrying twice does not double anything:
    pass the coming week's activities, routine occurrences included, as `existing`
    and a routine's next occurrence is not copied a second time."""
    taken = {(a.date, a.start, a.end, a.title, a.category) for a in existing}
    copies = []
    for activity in sorted(unfinished, key=_activity_order):
        day = into_first_day + timedelta(days=(activity.date.weekday() - into_first_day.weekday()) % 7)
        key = (day, activity.start, activity.end, activity.title, activity.category)
        if key in taken:
            continue
        taken.add(key)
        copies.append(replace(activity, id=make_id(), date=day, done=False, skipped=False))
    return copies


def rate_date(special: SpecialDate, rating: int, memory: str | None = None, *, by: str = "") -> SpecialDate:
    """The date rated 1–5 (and a line to remember it by); a planned one becomes done.
    While sharing, `by` names who rates it: their own rating and memory change."""
    if not 1 <= rating <= 5:
        raise ValueError(f"a rating is 1 to 5, not {rating}")
    status = "done" if special.status == "planned" else special.status
    if by:
        said = with_say_of(special, by, rating, memory_by(special, by) if memory is None else memory)
        return replace(said, status=status)
    return replace(special, rating=rating, status=status, memory=special.memory if memory is None else memory)
