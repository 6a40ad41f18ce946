"""Many rounds of random edits on two machines with syncs in between: the result is
always what the merge rules say, on both machines, and no item is ever lost.

The expected result is worked out here from the rules themselves (issue text: added
on both → both; edited on one → that edit; different fields → both; deleted and
edited → kept with the edit; same field two ways → both versions), independently of
weekplan.merge.

The second half runs longer trials: adds, edits, moves between weeks, deletes,
offline spells and syncs killed (with their git) at a random moment; after each round
in which both machines are online they sync until they agree, and the result is
checked:

- **lost**: an item some machine created and nobody ever deleted is missing;
- **duplicates**: one activity id in two week files;
- **conflicts by kind**: each item kept twice for a person to choose is "same-field"
  when the fields that differ were changed on both machines since they last agreed,
  and "other" when not (the target is none of those);
- **stuck**: a sync that fails after a kill, when the next one should just work.

The short runs are tests; `bench/sync_trials.py` runs a long one with the same code.
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

import pytest
from test_sync_support import Machine, make_machine, no_conflict_markers, remote, two_machines

from weekplan.item_merge import CONFLICT_OF, OTHER_MACHINE_SUFFIX
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.sync import SyncError, sync
from weekplan.weeks import IsoWeek

__all__ = ["remote", "two_machines"]  # fixtures, used by name

SUFFIX = " (other machine)"
WEEKS = (IsoWeek(2026, 48), IsoWeek(2026, 49))
TITLES = ("climbing", "run", "guitar", "chess club", "call a friend", "pottery", "swim", "read")
Key = tuple[str, str]  # (file, id)


def random_id(rng: random.Random) -> str:
    """Ids from the seeded generator, so a seed always replays the same rounds."""
    return f"{rng.getrandbits(48):012x}"


def state(machine: Machine) -> dict[Key, dict[str, Any]]:
    """Every item as the store writes it, by file and id."""
    store = machine.store()
    found: dict[Key, dict[str, Any]] = {}
    for week in WEEKS:
        for item in store.week(week).items.values():
            found[(f"weeks/{week}.toml", item.id)] = item.to_toml()
    for special in store.dates().items.values():
        found[("dates.toml", special.id)] = special.to_toml()
    return found


def random_edits(machine: Machine, rng: random.Random) -> None:
    store = machine.store()
    for _ in range(rng.randint(1, 4)):
        activities = [a for week in WEEKS for a in store.week(week).items.values()]
        dates = list(store.dates().items.values())
        move = rng.choice(
            ["add", "edit", "edit", "edit", "delete", "date"] if len(activities) < 6 else ["edit", "delete"]
        )
        if move == "add" or (move in ("edit", "delete") and not activities):
            week = rng.choice(WEEKS)
            day = week.monday + timedelta(days=rng.randrange(7))
            start = rng.randrange(7, 21) * 60
            store.put_activity(Activity(random_id(rng), day, start, start + 60, rng.choice(TITLES), "hobby"))
        elif move == "edit":
            # Mostly the same few items on both machines, so that edits meet.
            target = rng.choice(activities[:3] if rng.random() < 0.7 else activities)
            field = rng.choice(["title", "notes", "done", "time"])
            if field == "title":
                changed = replace(target, title=f"{rng.choice(TITLES)} {rng.randrange(100)}")
            elif field == "notes":
                changed = replace(target, notes=rng.choice(["", "bring water", "early", "with Alex"]))
            elif field == "done":
                changed = replace(target, done=not target.done)
            else:
                start = rng.randrange(7, 21) * 60
                changed = replace(target, start=start, end=start + 60)
            store.put_activity(changed, replacing=target)
        elif move == "delete":
            store.remove_activity(rng.choice(activities))
        elif not dates or rng.random() < 0.3:
            day = date(2026, 11, 20) + timedelta(days=rng.randrange(10))
            store.put_date(SpecialDate(random_id(rng), day, rng.choice(["picnic", "concert", "museum"])))
        else:
            target = rng.choice(dates)
            if rng.random() < 0.2:
                store.remove_date(target)
            else:
                store.put_date(replace(target, rating=rng.randint(1, 5)))


def expected_merge(
    base: dict[Key, dict[str, Any]], ours: dict[Key, dict[str, Any]], theirs: dict[Key, dict[str, Any]]
) -> tuple[dict[Key, dict[str, Any]], dict[Key, dict[str, Any]]]:
    """(items by key, the other machine's versions of conflicting items by the key of
    the item they are a version of)."""
    merged: dict[Key, dict[str, Any]] = {}
    copies: dict[Key, dict[str, Any]] = {}
    for key in base.keys() | ours.keys() | theirs.keys():
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o == t:
            value = o
        elif o == b:
            value = t
        elif t == b:
            value = o
        elif o is None:
            value = t  # deleted here, edited there: kept with the edit
        elif t is None:
            value = o
        else:
            mine: dict[str, Any] = {}
            other: dict[str, Any] = {}
            clash = False
            base_fields = b or {}
            for name in o.keys() | t.keys() | base_fields.keys():
                bf, of, tf = base_fields.get(name), o.get(name), t.get(name)
                if of == tf or tf == bf:
                    pick_mine = pick_other = of
                elif of == bf:
                    pick_mine = pick_other = tf
                else:
                    clash, pick_mine, pick_other = True, of, tf
                if pick_mine is not None:
                    mine[name] = pick_mine
                if pick_other is not None:
                    other[name] = pick_other
            value = mine
            if clash:
                if not other["title"].endswith(SUFFIX):
                    other["title"] += SUFFIX
                other["conflict_of"] = key[1]
                copies[key] = other
        if value is not None:
            merged[key] = value
    return merged, copies


@pytest.mark.parametrize("seed", [7, 2026])
def test_random_rounds_of_edits_merge_by_the_rules(seed: int, two_machines: tuple[Machine, Machine]) -> None:
    rng = random.Random(seed)
    laptop, desktop = two_machines
    base: dict[Key, dict[str, Any]] = {}
    conflicts_seen = 0
    for _round in range(8):
        random_edits(laptop, rng)
        random_edits(desktop, rng)
        on_laptop, on_desktop = state(laptop), state(desktop)

        laptop.sync()
        desktop.sync()  # merges: the desktop is "ours", the laptop "theirs"
        laptop.sync()

        expected, copies = expected_merge(base, on_desktop, on_laptop)
        after = state(laptop)
        assert state(desktop) == after
        assert laptop.files() == desktop.files()
        new_keys = after.keys() - (base.keys() | on_laptop.keys() | on_desktop.keys())
        found_copies = {(key[0], after[key]["conflict_of"]): after[key] for key in new_keys}
        assert len(found_copies) == len(new_keys)
        assert found_copies == copies
        assert {k: v for k, v in after.items() if k not in new_keys} == expected
        # No item lost: whatever either machine had is still there, unless the other
        # machine deleted it without either of them changing it since the last sync.
        for key in on_laptop.keys() | on_desktop.keys():
            removed_untouched = key in base and (
                (key not in on_laptop and on_desktop.get(key) == base[key])
                or (key not in on_desktop and on_laptop.get(key) == base[key])
                or (key not in on_laptop and key not in on_desktop)
            )
            assert key in after or removed_untouched, f"{key} was lost"
        for machine in (laptop, desktop):
            assert no_conflict_markers(machine)
            assert machine.check() == 0
        conflicts_seen += len(copies)
        base = after
    assert base, "the rounds should leave some data behind"
    assert conflicts_seen > 0, "this seed never made both machines change one field; the test would prove less"


# -- longer trials: moves, deletes, offline spells, kills ------------------------------

TRIAL_WEEKS = (IsoWeek(2026, 48), IsoWeek(2026, 49), IsoWeek(2026, 50))
TRIAL_FIELDS = ("title", "notes", "done", "time", "date")


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


def trial_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(48):012x}"


def activities(machine: Machine) -> list[Activity]:
    store = machine.store()
    return [a for week in TRIAL_WEEKS for a in store.week(week).items.values()]


def trial_edits(side: Side, rng: random.Random, created: set[str], deleted: set[str], tally: Tally) -> None:
    store = side.machine.store()
    for _ in range(rng.randint(1, 3)):
        tally.edits += 1
        found = [a for week in TRIAL_WEEKS for a in store.week(week).items.values()]
        dates = list(store.dates().items.values())
        move = rng.choice(["add", "edit", "edit", "edit", "delete", "date"] if len(found) < 8 else ["edit", "delete"])
        if move == "add" or (move in ("edit", "delete") and not found):
            week = rng.choice(TRIAL_WEEKS)
            day = week.monday + timedelta(days=rng.randrange(7))
            start = rng.randrange(7, 21) * 60
            new = Activity(trial_id(rng), day, start, start + 60, rng.choice(TITLES), "hobby")
            store.put_activity(new)
            created.add(new.id)
        elif move == "edit":
            target = rng.choice(found[:3] if rng.random() < 0.7 else found)
            name = rng.choice(TRIAL_FIELDS)
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
                week = rng.choice(TRIAL_WEEKS)
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
            special = SpecialDate(trial_id(rng), date(2026, 11, 20) + timedelta(days=rng.randrange(10)), "picnic")
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


def process_tree(pid: int) -> list[int]:
    """`pid` and every process started under it (git runs in sessions of its own, so a
    process group does not reach it)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def killed_sync(machine: Machine, rng: random.Random) -> None:
    """`weekplan sync` in its own process, killed at a random moment: half the time
    together with its git children, half the time alone (its git runs on)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "weekplan", "--data-dir", str(machine.root), "sync"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(rng.uniform(0.05, 1.2))
    victims = process_tree(process.pid) if rng.random() < 0.5 and Path("/proc/self").exists() else [process.pid]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):  # it finished first: a kill that came too late
            os.kill(pid, signal.SIGKILL)
    process.wait()


def try_sync(sides: list[Side], side: Side, tally: Tally, after_kill: bool) -> bool:
    tally.syncs += 1
    try:
        sync(side.machine.root)
    except SyncError as exc:
        first = str(exc).splitlines()[0]
        if "changed again while syncing" not in first:  # that one is an honest answer, not a dead end
            tally.stuck["after a kill: " + first if after_kill else first] += 1
        return False
    finally:
        # A sync that merged and then failed may have made copies too: classify them
        # now, before later edits change the items they are copies of.
        classify_new_conflicts(sides, side.machine, tally)
    return True


def classify_new_conflicts(sides: list[Side], machine: Machine, tally: Tally) -> None:
    """Each copy kept for a person, when it first appears: were the fields that differ
    changed on both machines since they last agreed?"""
    now = trial_state(machine)
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


def trial_state(machine: Machine) -> dict[tuple[str, str], list[tuple[str, dict[str, Any]]]]:
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
    now = trial_state(first)
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
            trial_edits(side, rng, created, deleted, tally)
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
                classify_new_conflicts(sides, side.machine, tally)
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
