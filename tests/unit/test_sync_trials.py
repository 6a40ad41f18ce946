"""Two machines, many rounds: adds, edits, moves between weeks, deletes, offline spells
and syncs killed (with their git) at a random moment; after each round in which both
machines are online they sync until they agree, and the result is checked:

- **lost**: an item some machine created and nobody ever deleted is missing;
- **duplicates**: one activity id in two week files;
- **conflicts by kind**: each item kept twice for a person to choose is "same-field"
  when the fields that differ were changed on both machines since they last agreed,
  and "other" when not (the target is none of those);
- **stuck**: a sync that fails after a kill, when the next one should just work.

The short run is a test; `bench/sync_trials.py` runs the long one with the same code.
Expected results come from what each machine did, never from weekplan.merge.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from test_sync_support import Machine, make_machine, no_conflict_markers, remote

from weekplan.merge import CONFLICT_OF, OTHER_MACHINE_SUFFIX
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.sync import SyncError, sync
from weekplan.weeks import IsoWeek

__all__ = ["remote"]  # a fixture, used by name

WEEKS = (IsoWeek(2026, 48), IsoWeek(2026, 49), IsoWeek(2026, 50))
TITLES = ("climbing", "run", "guitar", "chess club", "call a friend", "pottery", "swim", "read")
FIELDS = ("title", "notes", "done", "time", "date")


@dataclass
class Tally:
    rounds: int = 0
    edits: int = 0
    syncs: int = 0
    kills: int = 0
    agreements: int = 0  # rounds that ended with both machines on the same files
    lost: int = 0
    duplicates: int = 0
    conflicts: Counter[str] = field(default_factory=Counter)
    stuck: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    classified: set[str] = field(default_factory=set)

    def merge(self, other: Tally) -> None:
        for name in ("rounds", "edits", "syncs", "kills", "agreements", "lost", "duplicates"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.conflicts.update(other.conflicts)
        self.stuck.update(other.stuck)
        self.notes.extend(other.notes)


@dataclass
class Side:
    machine: Machine
    offline_for: int = 0
    # Fields of each item changed here since the machines last agreed: (table, id) → fields.
    changed: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def random_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(48):012x}"


def activities(machine: Machine) -> list[Activity]:
    store = machine.store()
    return [a for week in WEEKS for a in store.week(week).items.values()]


def random_edits(side: Side, rng: random.Random, created: set[str], deleted: set[str], tally: Tally) -> None:
    store = side.machine.store()
    for _ in range(rng.randint(1, 3)):
        tally.edits += 1
        found = [a for week in WEEKS for a in store.week(week).items.values()]
        dates = list(store.dates().items.values())
        move = rng.choice(["add", "edit", "edit", "edit", "delete", "date"] if len(found) < 8 else ["edit", "delete"])
        if move == "add" or (move in ("edit", "delete") and not found):
            week = rng.choice(WEEKS)
            day = week.monday + timedelta(days=rng.randrange(7))
            start = rng.randrange(7, 21) * 60
            new = Activity(random_id(rng), day, start, start + 60, rng.choice(TITLES), "hobby")
            store.put_activity(new)
            created.add(new.id)
        elif move == "edit":
            target = rng.choice(found[:3] if rng.random() < 0.7 else found)
            name = rng.choice(FIELDS)
            if name == "title":
                changed = replace(target, title=f"{rng.choice(TITLES)} {rng.randrange(100)}")
            elif name == "notes":
                changed = replace(target, notes=rng.choice(["", "bring water", "early", "with Alex"]))
            elif name == "done":
                changed = replace(target, done=not target.done)
            elif name == "time":
                start = rng.randrange(7, 21) * 60
                changed = replace(target, start=start, end=start + 60)
            else:  # a move, often into another week
                week = rng.choice(WEEKS)
                changed = replace(target, date=week.monday + timedelta(days=rng.randrange(7)))
            store.put_activity(changed, replacing=target)
            fields = {"start", "end"} if name == "time" else {name}
            side.changed.setdefault(("activities", target.id), set()).update(fields)
        elif move == "delete":
            target = rng.choice(found)
            store.remove_activity(target)
            deleted.add(target.id)
            side.changed.setdefault(("activities", target.id), set()).add("deleted")
        elif not dates or rng.random() < 0.3:
            special = SpecialDate(random_id(rng), date(2026, 11, 20) + timedelta(days=rng.randrange(10)), "picnic")
            store.put_date(special)
            created.add(special.id)
        else:
            target = rng.choice(dates)
            if rng.random() < 0.2:
                store.remove_date(target)
                deleted.add(target.id)
                side.changed.setdefault(("dates", target.id), set()).add("deleted")
            else:
                store.put_date(replace(target, rating=rng.randint(1, 5)))
                side.changed.setdefault(("dates", target.id), set()).add("rating")


def killed_sync(machine: Machine, rng: random.Random) -> None:
    """`weekplan sync` in its own process, killed with its git children at a random moment."""
    process = subprocess.Popen(
        [sys.executable, "-m", "weekplan", "--data-dir", str(machine.root), "sync"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(rng.uniform(0.05, 1.2))
    with contextlib.suppress(ProcessLookupError):  # it finished first: a kill that came too late
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def try_sync(sides: list[Side], side: Side, tally: Tally, after_kill: bool) -> bool:
    tally.syncs += 1
    try:
        sync(side.machine.root)
    except SyncError as exc:
        first = str(exc).splitlines()[0]
        if "changed again while syncing" in first:
            return False  # the other machine pushed meanwhile: an honest answer, not a dead end
        tally.stuck["after a kill: " + first if after_kill else first] += 1
        return False
    classify_new_conflicts(sides, side.machine, tally)
    return True


def classify_new_conflicts(sides: list[Side], machine: Machine, tally: Tally) -> None:
    """Each copy kept for a person, when it first appears: were the fields that differ
    changed on both machines since they last agreed?"""
    now = state(machine)
    for (table, item_id), places in now.items():
        copy = places[0][1]
        original_id = copy.get(CONFLICT_OF)
        if not isinstance(original_id, str) or item_id in tally.classified:
            continue
        tally.classified.add(item_id)
        originals = now.get((table, original_id))
        if not originals:
            tally.conflicts["other (the original is missing)"] += 1
            continue
        original = originals[0][1]
        differ = {
            name
            for name in copy.keys() | original.keys()
            if name not in (CONFLICT_OF, "title") and copy.get(name) != original.get(name)
        }
        if copy.get("title", "").removesuffix(OTHER_MACHINE_SUFFIX) != original.get("title"):
            differ.add("title")
        if differ & {"start", "end"}:
            differ |= {"start", "end"}  # one edit of the time moves both
        both = sides[0].changed.get((table, original_id), set()) & sides[1].changed.get((table, original_id), set())
        tally.conflicts["same-field" if differ and differ <= both else f"other ({', '.join(sorted(differ))})"] += 1


def state(machine: Machine) -> dict[tuple[str, str], list[tuple[str, dict[str, Any]]]]:
    """Every item by (table, id), with each file it is in."""
    store = machine.store()
    found: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for path in sorted((machine.root / "weeks").glob("*.toml")):
        for item in store.week(IsoWeek.parse(path.stem)).items.values():
            found.setdefault(("activities", item.id), []).append((path.stem, item.to_toml()))
    for special in store.dates().items.values():
        found.setdefault(("dates", special.id), []).append(("dates", special.to_toml()))
    return found


def check_agreement(sides: list[Side], created: set[str], deleted: set[str], tally: Tally) -> None:
    first, second = (s.machine for s in sides)
    if first.files() != second.files():
        tally.notes.append(f"round {tally.rounds}: the machines did not end up with the same files")
        return
    tally.agreements += 1
    now = state(first)
    tally.duplicates += sum(1 for places in now.values() if len(places) > 1)
    present = {item_id for _table, item_id in now}
    lost = sorted((created - deleted) - present)
    tally.lost += len(lost)
    if lost:
        tally.notes.append(f"round {tally.rounds}: lost {lost}")
    for machine in (first, second):
        with contextlib.redirect_stdout(io.StringIO()):
            readable = machine.check() == 0
        if not no_conflict_markers(machine) or not readable:
            tally.notes.append(f"round {tally.rounds}: {machine.name} has files it cannot read")
    for (table, item_id), places in now.items():
        copy = places[0][1]
        if not isinstance(copy.get(CONFLICT_OF), str):
            continue
        # A person settles it: the other machine's version goes.
        store = first.store()
        if table == "activities":
            store.remove_activity(Activity.from_toml(item_id, copy))
        else:
            store.remove_date(SpecialDate.from_toml(item_id, copy))
        deleted.add(item_id)
    for side in sides:
        side.changed.clear()


def run_trial(
    root: Path,
    remote_path: Path,
    *,
    rounds: int,
    seed: int,
    kill_rate: float = 0.05,
    offline_rate: float = 0.05,
    longest_offline: int = 10,
) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    sides = [Side(make_machine(root, "laptop", remote_path)), Side(make_machine(root, "desktop", remote_path))]
    created: set[str] = set()
    deleted: set[str] = set()
    for _round in range(rounds):
        tally.rounds += 1
        for side in sides:
            random_edits(side, rng, created, deleted, tally)
            if side.offline_for:
                side.offline_for -= 1
            elif rng.random() < offline_rate:
                side.offline_for = rng.randint(1, longest_offline)
        online = [s for s in sides if not s.offline_for]
        rng.shuffle(online)
        for side in online:
            after_kill = False
            if rng.random() < kill_rate:
                tally.kills += 1
                killed_sync(side.machine, rng)
                after_kill = True
            try_sync(sides, side, tally, after_kill)
        if len(online) == 2:
            # Both online: sync until they agree (the first again, to take the second's merge).
            try_sync(sides, online[0], tally, False)
            if try_sync(sides, online[1], tally, False):
                try_sync(sides, online[0], tally, False)
            check_agreement(sides, created, deleted, tally)
    return tally


def test_random_rounds_with_moves_deletes_offline_spells_and_kills(tmp_path: Path, remote: Path) -> None:
    tally = run_trial(tmp_path, remote, rounds=12, seed=7, kill_rate=0.3, offline_rate=0.1, longest_offline=3)
    assert tally.kills >= 2 and tally.agreements >= 6, tally  # the seed exercises what it should
    assert tally.lost == 0, tally.notes
    assert tally.duplicates == 0, tally.notes
    assert not tally.stuck, tally.stuck
    assert not tally.notes, tally.notes
    assert set(tally.conflicts) <= {"same-field"}, tally.conflicts


def test_moves_meet_edits_often_and_still_nothing_is_lost_or_doubled(tmp_path: Path, remote: Path) -> None:
    tally = run_trial(tmp_path, remote, rounds=10, seed=48, kill_rate=0.0, offline_rate=0.0)
    assert tally.agreements == 10
    assert (tally.lost, tally.duplicates, tally.notes) == (0, 0, [])
    assert set(tally.conflicts) <= {"same-field"}, tally.conflicts
