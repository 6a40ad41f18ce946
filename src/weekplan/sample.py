"""A realistic sample to try weekplan on: a few weeks of a full life of one's own
(a weekly class among them, as a routine), dates together (past, planned, one with
preparation due), a dozen ideas and goals that are partly met; for the demo and the
README's pictures also a partner, who rated the past dates too and loves some ideas.

`weekplan demo`, the tests and the screenshot script all use it.  It depends only
on `today`, and ids come from a fixed seed, so the same day always gives the same
data, byte for byte.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from weekplan.model import Activity, Goal, Idea, PartnerSettings, SpecialDate
from weekplan.record import Record, replace
from weekplan.routines import OccurrenceChange, Routine, expand
from weekplan.store import Store
from weekplan.weeks import IsoWeek, parse_time, view_start

SEED = "weekplan-sample"


def sample_id(key: str) -> str:
    """A stable id shaped like a real one (12 hex digits), derived from the seed."""
    return hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()[:12]


class SampleData(Record):
    activities: tuple[Activity, ...]
    dates: tuple[SpecialDate, ...]
    ideas: tuple[Idea, ...]
    goals: tuple[Goal, ...]
    notes: tuple[tuple[IsoWeek, str], ...]
    routines: tuple[Routine, ...]

    @property
    def activities_shown(self) -> list[Activity]:
        """The activities of the sample's weeks as the planner shows them: the stored
        ones and the routines' occurrences."""
        first = min(a.date for a in self.activities)
        last = max(a.date for a in self.activities)
        return [*self.activities, *expand(list(self.routines), first, last)]


# (key, title, kind, tags)
_IDEAS = (
    ("night-market", "Night market", "place", ("cheap", "evening", "outdoor")),
    ("rooftop", "Rooftop restaurant", "place", ("indoor", "pricey")),
    ("bowling", "Bowling", "activity", ("cheap", "indoor")),
    ("cooking", "Cooking class", "activity", ("calm", "indoor")),
    ("stars", "Stargazing by the lake", "activity", ("free", "outdoor", "summer")),
    ("picnic", "Picnic in the park", "activity", ("free", "outdoor", "summer")),
    ("museum", "Museum late opening", "place", ("calm", "cheap", "indoor")),
    ("cinema", "Open-air cinema", "activity", ("outdoor", "summer")),
    ("salsa", "Salsa lesson", "activity", ("active", "indoor")),
    ("escape", "Escape room", "activity", ("indoor", "pricey")),
    ("sunrise", "Sunrise hike", "activity", ("active", "free", "outdoor")),
    ("board-games", "Board-game café", "place", ("calm", "cheap", "indoor", "winter")),
)
_IDEA_NOTES = {
    "rooftop": "The one with the view over the river; tables go fast on Fridays.",
    "sunrise": "Pack a thermos. Check the sunrise time the night before.",
}

# Every week of the sample: (key, weekday, start, end, title, category).
_WEEK = (
    ("gym-mon", 0, "07:00", "08:00", "Gym: legs and core", "fitness"),
    ("guitar-mon", 0, "19:00", "20:00", "Guitar practice", "hobby"),
    ("run", 2, "07:00", "07:45", "Run by the river", "fitness"),
    ("portfolio", 2, "19:00", "21:00", "Portfolio: write a case study", "career"),
    ("friends", 3, "19:00", "22:00", "Dinner with Sam and Robin", "friends"),
    ("gym-fri", 4, "07:00", "08:00", "Gym: upper body", "fitness"),
    ("guitar-sat", 5, "16:00", "17:30", "Guitar practice", "hobby"),
    ("walk", 6, "10:00", "11:30", "Long walk, phone at home", "rest"),
)
# Something new each week, on Saturday morning.
_NEW = {
    -1: "Climbing taster session",
    0: "Life drawing, first class",
    1: "Volunteer at the community garden",
}
# Last week, as a real week goes: not everything happened.
_LAST_WEEK_OPEN = {"portfolio", "gym-fri"}
_LAST_WEEK_SKIPPED = {"walk"}


def _activities(monday: date, today: date) -> list[Activity]:
    found = []
    for week in (-1, 0, 1):
        first = monday + timedelta(weeks=week)
        rows = [*_WEEK, ("new", 5, "10:00", "12:00", _NEW[week], "new")]
        for key, weekday, start, end, title, category in rows:
            day = first + timedelta(days=weekday)
            skipped = week == -1 and key in _LAST_WEEK_SKIPPED
            done = day < today and not skipped and not (week == -1 and key in _LAST_WEEK_OPEN)
            notes = "Draft the intro; pick three screenshots" if key == "portfolio" and week == 0 else ""
            found.append(
                Activity(
                    sample_id(f"activity:{week}:{key}"),
                    day,
                    parse_time(start),
                    parse_time(end),
                    title,
                    category,
                    done=done,
                    skipped=skipped,
                    notes=notes,
                )
            )
    return found


def _routines(monday: date, today: date) -> list[Routine]:
    """A class every Tuesday evening since the autumn term began; the ones already
    over were attended, and this week's has a note of its own."""
    tuesday = monday + timedelta(days=1)
    exceptions = {tuesday - timedelta(weeks=1): OccurrenceChange(done=True)}
    exceptions[tuesday] = OccurrenceChange(done=tuesday < today, notes="Unit 4: travel and directions")
    return [
        Routine(
            sample_id("routine:spanish"),
            "Spanish class",
            "learning",
            (1,),
            parse_time("18:30"),
            parse_time("20:00"),
            first=tuesday - timedelta(weeks=10),
            exceptions=exceptions,
        )
    ]


def _dates(monday: date, today: date) -> list[SpecialDate]:
    def saturday(weeks: int) -> date:
        return monday + timedelta(weeks=weeks, days=5)

    def planned(key: str, day: date, title: str, hours: str, *, idea: str = "", **rest: Any) -> SpecialDate:
        """A date made from the idea `idea` (or the one called like it), `hours` as "19:00-22:30"."""
        start, end = hours.split("-")
        return SpecialDate(
            sample_id(f"date:{key}"),
            day,
            title,
            parse_time(start),
            parse_time(end),
            idea=sample_id(f"idea:{idea or key}"),
            **rest,
        )

    # The next Saturday from today on, so the first planned date is always ahead.
    soon = saturday(0) if saturday(0) >= today else saturday(1)
    later = soon + timedelta(days=13)  # a Friday, with a table to book two weeks ahead
    return [
        planned(
            "night-market",
            soon,
            "Night market and street food",
            "19:00-22:30",
            place="Old harbour",
            notes="Bring cash for the stalls.",
        ),
        planned(
            "rooftop",
            later,
            "Dinner on the roof terrace",
            "19:30-23:00",
            place="Rooftop restaurant",
            prep="book a table",
            prep_days=14,
        ),
        # Last Friday: its day is over but it has no rating yet, so the review asks.
        planned("museum", monday - timedelta(days=3), "Museum late opening", "19:00-21:30", place="City museum"),
        planned(
            "cinema",
            saturday(-2),
            "Open-air cinema",
            "20:30-23:00",
            status="cancelled",
            notes="Rained off; try again in summer.",
        ),
        planned(
            "bowling-1",
            saturday(-3),
            "Bowling night",
            "20:00-22:00",
            idea="bowling",
            status="done",
            rating=4,
            memory="A strike at last, and fries after.",
        ),
        planned(
            "cooking",
            saturday(-5) + timedelta(days=1),
            "Cooking class: dumplings",
            "12:00-15:00",
            status="done",
            rating=5,
            memory="We folded forty and ate most of them.",
        ),
        # Across midnight: from Saturday evening into Sunday.
        planned(
            "stars",
            saturday(-7),
            "Stargazing by the lake",
            "22:00-01:00",
            place="North shore",
            status="done",
            rating=5,
            memory="Eleven shooting stars; we lost count of the rest.",
        ),
        planned("picnic", saturday(-11), "Picnic in the park", "13:00-16:00", status="done", rating=3),
        planned("bowling-0", saturday(-15), "Bowling", "19:00-21:00", idea="bowling", status="done", rating=3),
    ]


def sample_data(today: date) -> SampleData:
    """The sample around `today`: last week, this week and next week of activities,
    dates from four months back to a fortnight ahead, ideas, goals and a week note."""
    monday = view_start(today, 0)
    ideas = tuple(
        Idea(sample_id(f"idea:{key}"), title, kind, tags, _IDEA_NOTES.get(key, "")) for key, title, kind, tags in _IDEAS
    )
    # Set when the sample's history begins, so every week shown has them.
    since = str(IsoWeek.of(monday - timedelta(weeks=18)))
    goals = (
        Goal("fitness", count=3, since=since),
        Goal("friends", count=2, since=since),
        Goal("hobby", hours=4, since=since),
        Goal("learning", count=1, since=since),
        Goal("together", count=1, since=since),
    )
    notes = ((IsoWeek.of(monday - timedelta(weeks=2)), "Slept more, said yes to the climbing taster."),)
    return SampleData(
        tuple(_activities(monday, today)),
        tuple(_dates(monday, today)),
        ideas,
        goals,
        notes,
        tuple(_routines(monday, today)),
    )


def write_sample(store: Store, today: date, *, partner: bool = False) -> SampleData:
    """Put the sample into `store` (meant for an empty, throw-away data directory:
    it adds items and never removes any) and return it.  With `partner`, as one of a
    couple sharing Together (`weekplan demo` and the README's pictures): both ratings,
    love marks, a preparation taken by one, and the partner's busy times."""
    data = sample_data(today)
    if partner:
        data = with_partner(data)
    for activity in data.activities:
        store.put_activity(activity)
    for special in data.dates:
        store.put_date(special)
    for idea in data.ideas:
        store.put_idea(idea)
    for goal in data.goals:
        store.put_goal(goal)
    for week, note in data.notes:
        store.set_week_note(week, note)
    store.put_routines(list(data.routines))
    if partner:
        write_partner(store, today)
    return data


# -- with a partner ------------------------------------------------------------------------------

# The demo plans Together with a partner, so that both ratings, love marks and a
# preparation taken by one show; names that say nothing of who the two are.
ME = "Alex"
PARTNER = "Kim"
# How the partner rated the sample's past dates (this person's rating is the date's own).
_PARTNER_RATINGS = {"bowling-1": 5, "cooking": 4, "stars": 5, "picnic": 4, "bowling-0": 2, "museum": 4}
_PARTNER_MEMORIES = {"stars": "Warm tea, cold hands, and the whole sky."}
_LOVED = {"board-games": (ME, PARTNER), "salsa": (PARTNER,), "sunrise": (ME,)}


def with_partner(data: SampleData) -> SampleData:
    """The sample as two people planning together have it: the past dates rated by
    both under their names, ideas either would love to do, and the table to book
    taken on by the partner."""
    dates = []
    for special in data.dates:
        key = next((k for k in _PARTNER_RATINGS if sample_id(f"date:{k}") == special.id), None)
        if key is not None:  # the museum's is the partner's alone: the review asks this person
            memories = {ME: special.memory, PARTNER: _PARTNER_MEMORIES.get(key, "")}
            mine = () if special.rating is None else ((ME, special.rating),)
            special = replace(
                special,
                rating=None,
                memory="",
                ratings=(*mine, (PARTNER, _PARTNER_RATINGS[key])),
                memories=tuple((name, memory) for name, memory in memories.items() if memory),
            )
        elif special.id == sample_id("date:rooftop"):
            special = replace(special, prep_by=PARTNER)
        dates.append(special)
    loved = {sample_id(f"idea:{key}"): names for key, names in _LOVED.items()}
    ideas = tuple(replace(idea, loves=loved.get(idea.id, ())) for idea in data.ideas)
    return replace(data, dates=tuple(dates), ideas=ideas)


# When the partner is busy in each of the weeks their file covers: (weekday, start,
# end, title shared or "").  Evenings among them, so that Suggest has to find one free
# for both.
_PARTNER_WEEK = (
    (0, "07:30", "08:30", ""),
    (1, "17:00", "19:00", ""),
    (2, "12:30", "14:00", ""),
    (3, "18:00", "19:00", "Pottery"),
    (4, "18:30", "21:00", "Choir"),
    (5, "09:00", "11:00", ""),
)


def partner_busy_file(today: date) -> tuple[str, bytes]:
    """The sample partner's busy file: its name in together/busy/ and its bytes."""
    from weekplan.partner_busy import BusyTime, busy_window, file_name, render_busy

    first, last = busy_window(today, 0)
    times = [
        BusyTime(first + timedelta(weeks=week, days=weekday), parse_time(start), parse_time(end), title)
        for week in range((last - first).days // 7 + 1)
        for weekday, start, end, title in _PARTNER_WEEK
    ]
    return file_name(PARTNER), render_busy(PARTNER, first, last, times)


def write_partner(store: Store, today: date) -> None:
    """Make the sample one of a couple: this person named, a shared remote (a folder in
    the data directory that does not exist, so nothing ever reaches a real one) and
    the partner's busy times, as a sync would have brought them."""
    from weekplan.atomic_files import atomic_write

    remote = str(store.root / "partner-remote.git")
    store.save_config(replace(store.config, partner=PartnerSettings(ME, remote)))
    name, data = partner_busy_file(today)
    atomic_write(store.shared_dir / "busy" / name, data)
