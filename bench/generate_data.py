"""Write a realistic ten-year weekplan data set, for benchmarks.

About three activities a day (some 11,000 in all, across ~520 week files), about one
special date a week (~520), 100 date ideas and a handful of weekly goals, all written
through the store, so the files are exactly what weekplan itself would write.  The
same seed gives the same files, byte for byte.

    python bench/generate_data.py DIR [--seed 7] [--end 2026-12-31] [--years 10]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from weekplan.model import Activity, Goal, Idea, SpecialDate
from weekplan.store import Store

# (title, category, usual length in minutes) for each part of the day.
MORNING = [
    ("gym", "fitness", 60),
    ("run by the river", "fitness", 45),
    ("swim", "fitness", 45),
    ("yoga", "fitness", 60),
    ("Spanish on the train", "learning", 30),
    ("journal and coffee", "rest", 30),
]
DAYTIME = [
    ("climbing", "fitness", 120),
    ("pottery studio", "hobby", 120),
    ("gardening", "hobby", 90),
    ("photography walk", "hobby", 120),
    ("brunch with friends", "friends", 90),
    ("football with the team", "friends", 90),
    ("museum visit", "new", 120),
    ("try a new recipe", "new", 90),
    ("long walk in the park", "rest", 60),
    ("portfolio work", "career", 120),
    ("online course", "learning", 90),
    ("cook together", "together", 90),
]
EVENING = [
    ("guitar practice", "hobby", 60),
    ("painting", "hobby", 90),
    ("dinner with friends", "friends", 120),
    ("board games", "friends", 150),
    ("call with family", "friends", 45),
    ("mentoring call", "career", 60),
    ("networking meetup", "career", 120),
    ("reading", "learning", 60),
    ("chess study", "learning", 45),
    ("dance class taster", "new", 90),
    ("early night", "rest", 60),
    ("bath and a book", "rest", 60),
    ("film night together", "together", 120),
]
MORNING_STARTS = [6 * 60, 6 * 60 + 30, 7 * 60, 7 * 60 + 30]
DAYTIME_STARTS = [9 * 60 + 30, 11 * 60, 13 * 60 + 30, 15 * 60]
EVENING_STARTS = [18 * 60, 19 * 60, 20 * 60]

PLACES = [
    "the botanical garden",
    "a rooftop bar",
    "the old harbour",
    "a night market",
    "the observatory",
    "a jazz club",
    "the lake shore",
    "a hill-top picnic spot",
    "the modern art museum",
    "a tapas bar",
    "the aquarium",
    "a vineyard",
    "the island ferry",
    "an escape room",
    "a board game café",
    "the open-air cinema",
    "a hot spring",
    "the street-food hall",
    "a karaoke bar",
    "the city library",
    "a bookshop café",
    "the theatre",
    "a climbing gym",
    "the seaside",
    "a farm shop",
    "the castle ruins",
    "a ceramics studio",
    "the planetarium",
    "a tea house",
    "the flea market",
    "a comedy club",
    "the ice rink",
    "a lighthouse",
    "the forest trail",
    "a sushi counter",
]
ACTIVITIES = [
    "stargazing",
    "a cooking class",
    "salsa lessons",
    "kayaking",
    "a sunrise hike",
    "a picnic",
    "a bike tour",
    "a pottery class",
    "a wine tasting",
    "ice skating",
    "a concert",
    "a poetry night",
    "bowling",
    "mini golf",
    "a murder-mystery dinner",
    "paddle boarding",
    "a photo walk",
    "a cocktail workshop",
    "a quiz night",
    "horse riding",
    "a dance show",
    "a food tour",
    "a lantern festival",
    "a painting evening",
    "a hot-air balloon ride",
    "a long train ride",
    "geocaching",
    "a rowing trip",
    "a baking afternoon",
    "a silent disco",
    "roller skating",
    "an open mic",
    "a tandem bike ride",
    "a sauna evening",
    "camping under the stars",
]
TAGS = ["cheap", "splurge", "indoor", "outdoor", "calm", "active", "summer", "winter", "evening", "weekend"]
PREP = [("book a table", 7), ("buy tickets", 14), ("check the weather", 2), ("reserve a spot", 10)]
OWN_DATE_TITLES = ["Anniversary dinner", "Surprise evening", "A slow day together"]
MEMORIES = ["laughed all evening", "got caught in the rain", "want to go back", "best food in ages", "a bit too cold"]


@dataclass(frozen=True)
class Summary:
    activities: int
    weeks: int
    dates: int
    ideas: int
    goals: int


def _id(rng: random.Random) -> str:
    """Ids shaped like the store's own (12 hex digits), but from the seeded generator."""
    return f"{rng.getrandbits(48):012x}"


def _day_activities(rng: random.Random, day: date, today: date) -> list[Activity]:
    """Two to four activities, in separate parts of the day, so they never overlap."""
    weekend = day.weekday() >= 5
    parts = [(DAYTIME, DAYTIME_STARTS), (DAYTIME, DAYTIME_STARTS[2:]), (EVENING, EVENING_STARTS)]
    if not weekend:
        parts = [(MORNING, MORNING_STARTS), (EVENING, EVENING_STARTS), (EVENING, [21 * 60 + 30])]
    count = rng.choices([2, 3, 4], weights=[1, 3, 1])[0]
    chosen = [*parts, (EVENING, [22 * 60 + 30])] if count == 4 else parts[:count]
    found: list[Activity] = []
    latest_end = 0
    for templates, starts in chosen:
        title, category, minutes = rng.choice(templates)
        start = max(rng.choice(starts), latest_end)
        end = min(start + minutes, 24 * 60)
        if end <= start:
            continue
        latest_end = end
        past = day < today
        done = past and rng.random() < 0.85
        skipped = past and not done and rng.random() < 0.5
        notes = rng.choice(["", "", "", "bring the good shoes", "ask about next month", "felt great"])
        found.append(Activity(_id(rng), day, start, end, title, category, done, skipped, notes))
    return found


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _ideas(rng: random.Random) -> list[Idea]:
    titles = [(p[0].upper() + p[1:], "place") for p in PLACES] + [
        (a[0].upper() + a[1:], "activity") for a in ACTIVITIES
    ]
    pairs = rng.sample([(a, p) for a in ACTIVITIES for p in PLACES], 100 - len(titles))
    titles += [(f"{_capital(a)} at {p}", "activity") for a, p in pairs]
    ideas = []
    for title, kind in titles:
        tags = tuple(sorted(rng.sample(TAGS, rng.randint(0, 3))))
        notes = rng.choice(["", "", "saw it recommended by a friend", "only open on weekends"])
        ideas.append(Idea(_id(rng), title, kind, tags, notes))
    return ideas


def _place(rng: random.Random, idea: Idea | None) -> str:
    """Where a date from this idea happens: the idea's own place when it names one."""
    if idea is not None and idea.kind == "place":
        return idea.title
    if idea is not None and " at " in idea.title:
        return idea.title.split(" at ", 1)[1]
    return rng.choice(PLACES)


def _special_dates(rng: random.Random, first: date, last: date, today: date, ideas: list[Idea]) -> list[SpecialDate]:
    dates = []
    week_start = first - timedelta(days=first.weekday())
    while week_start <= last:
        if rng.random() < 0.96:
            day = week_start + timedelta(days=rng.choice([4, 5, 5, 6]))
            if first <= day <= last:
                idea = rng.choice(ideas) if rng.random() < 0.8 else None
                title = (
                    idea.title
                    if idea
                    else rng.choice(["Anniversary dinner", "Surprise evening", "A slow day together"])
                )
                start = rng.choice([None, 11 * 60, 18 * 60 + 30, 19 * 60, 20 * 60])
                end = None if start is None else min(start + rng.choice([90, 120, 180]), 24 * 60)
                past = day < today
                status = rng.choices(["done", "cancelled"], weights=[12, 1])[0] if past else "planned"
                prep, prep_days = rng.choice([("", None), ("", None), *PREP])
                dates.append(
                    SpecialDate(
                        _id(rng),
                        day,
                        title,
                        start,
                        end,
                        place=_place(rng, idea),
                        idea=idea.id if idea else "",
                        status=status,
                        prep=prep,
                        prep_days=prep_days,
                        rating=rng.randint(2, 5) if status == "done" else None,
                        memory=rng.choice(MEMORIES) if status == "done" and rng.random() < 0.6 else "",
                    )
                )
        week_start += timedelta(days=7)
    return dates


GOALS = [
    Goal("fitness", count=3),
    Goal("friends", count=2),
    Goal("hobby", hours=4.0),
    Goal("learning", hours=2.0),
    Goal("rest", hours=3.0),
    Goal("career", count=1),
]


def generate(root: Path, *, seed: int = 7, end: date = date(2026, 12, 31), years: int = 10) -> Summary:
    """Fill `root` (created if needed; should be empty) with the data set."""
    rng = random.Random(seed)
    first = date(end.year - years + 1, 1, 1)
    today = date(2026, 11, 23)  # what counts as past: done, rated, remembered
    store = Store.open(root)

    activities: list[Activity] = []
    day = first
    while day <= end:
        activities += _day_activities(rng, day, today)
        day += timedelta(days=1)
    store.add_activities(activities)

    ideas = _ideas(rng)
    for idea in ideas:
        store.put_idea(idea)
    dates = _special_dates(rng, first, end, today, ideas)
    store.put_dates(dates)
    for goal in GOALS:
        store.put_goal(goal)
    weeks = sum(1 for _ in store.week_files())
    return Summary(len(activities), weeks, len(dates), len(ideas), len(GOALS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="where to write (an empty or new directory)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 12, 31), help="last day (ISO)")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)
    if args.dir.exists() and any(args.dir.iterdir()):
        print(f"{args.dir} is not empty; give a new directory", file=sys.stderr)
        return 2
    summary = generate(args.dir, seed=args.seed, end=args.end, years=args.years)
    print(
        f"{args.dir}: {summary.activities} activities in {summary.weeks} week files, "
        f"{summary.dates} special dates, {summary.ideas} ideas, {summary.goals} goals"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
