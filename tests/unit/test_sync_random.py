"""Many rounds of random edits on two machines with syncs in between: the result is
always what the merge rules say, on both machines, and no item is ever lost.

The expected result is worked out here from the rules themselves (issue text: added
on both → both; edited on one → that edit; different fields → both; deleted and
edited → kept with the edit; same field two ways → both versions), independently of
weekplan.merge."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from test_sync_support import Machine, no_conflict_markers, remote, two_machines

from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
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
