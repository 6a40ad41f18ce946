"""Kill weekplan with SIGKILL at random moments and count what was lost or doubled.

    python bench/kill_trials.py [--trials 300] [--planner 0] [--seed 1] [--keep DIR]

Two kinds of trial, alternating, and a third on request:

- move: a process moves activities between weeks and back through the planner's
  own edit path (History and Change, as shift+arrows and the form do), and an
  occurrence of a routine to an activity of its own and back; it is killed after a
  random delay.  Afterwards the data directory is opened as the next start would
  open it, and every activity must be there exactly once.
- add: `weekplan add` itself, killed at a random moment of its run; afterwards an
  add that said "added" must be there exactly once, one that did not at most once.

- planner (with --planner N): the real planner in a pseudo-terminal, opened on a
  Sunday whose whole day is one activity; shift+right and shift+left move it to the
  next Monday (another week's file) and back, a few times, until SIGKILL.

After every trial `weekplan check` must find nothing wrong.  Prints the counts and
exits 1 if anything was lost, doubled or left unreadable.  The same kind of test,
shorter, runs in the suite (tests/unit/test_safety_moves.py, marked slow).
"""

from __future__ import annotations

import argparse
import fcntl
import functools
import os
import pty
import random
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

from weekplan.model import Activity
from weekplan.routines import Routine
from weekplan.store import Store

ITEMS = 12
FIRST_DAY = date(2026, 11, 23)
ROUTINE = Routine("gym000000001", "gym", "fitness", (0, 2, 4), 7 * 60, 8 * 60, date(2026, 11, 2))

MOVER = textwrap.dedent(
    """
    import os, random, sys
    from datetime import date, timedelta
    from pathlib import Path
    from weekplan.history import Change, History
    from weekplan.model import new_id
    from weekplan.record import replace
    from weekplan.store import Store

    store = Store.open(Path(os.environ["WEEKPLAN_DATA_DIR"]))
    history = History()
    rng = random.Random(int(sys.argv[1]))
    print("ready", flush=True)
    first, last = date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3])
    while True:
        items = store.activities_between(first, last)
        own = [a for a in items if "@" not in a.id]
        item = rng.choice(own if own and rng.random() < 0.7 else items)
        if "@" in item.id:  # an occurrence becomes an activity of its own, in another week
            after = replace(item, id=new_id(), date=item.date + timedelta(days=7))
        else:
            after = replace(item, date=item.date + timedelta(days=rng.choice((-7, 7, 1, -1))))
        history.do(store, Change("move", item, after))
        if rng.random() < 0.3:
            history.undo(store)
    """
)


def _env(data_dir: Path) -> dict[str, str]:
    return dict(os.environ, WEEKPLAN_DATA_DIR=str(data_dir), WEEKPLAN_CACHE_DIR="", WEEKPLAN_TODAY="2026-11-23")


def _ids(data_dir: Path, first: date, last: date) -> tuple[list[str], int, list[str]]:
    """Every activity id shown in first..last (the next start's view), the number of
    routine occurrences among them, and what check says."""
    store = Store.open(data_dir)
    found = [a.id for a in store.activities_between(first, last)]
    occurrences = sum(1 for i in found if "@" in i)
    stored = [i for _w, _p in store.week_files() for i in store.week(_w).items]
    return stored, occurrences, [str(e) for e in store.check()]


def move_trial(root: Path, rng: random.Random, number: int) -> dict[str, int]:
    data_dir = root / f"move-{number}"
    store = Store.open(data_dir)
    store.put_routine(ROUTINE)
    for n in range(ITEMS):
        day = FIRST_DAY + timedelta(days=n % 14)
        store.put_activity(Activity(f"item{n:08d}", day, 18 * 60, 19 * 60, f"item {n}", "hobby"))
    first, last = FIRST_DAY - timedelta(days=400), FIRST_DAY + timedelta(days=400)
    before_stored, before_occ, _ = _ids(data_dir, first, last)
    child = subprocess.Popen(
        [sys.executable, "-c", MOVER, str(rng.randrange(1 << 30)), first.isoformat(), last.isoformat()],
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    child.stdout.readline()
    time.sleep(rng.uniform(0.0, 0.4))
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    stored, occurrences, problems = _ids(data_dir, first, last)
    doubled = len(stored) - len(set(stored))
    # Each occurrence that became an activity of its own is one stored activity more
    # and one occurrence less: the total stays the same.
    lost = (len(before_stored) + before_occ) - (len(set(stored)) + occurrences)
    return {"trials": 1, "lost": max(lost, 0), "doubled": doubled + max(-lost, 0), "check": int(bool(problems))}


def add_duration(root: Path, script: str) -> float:
    """How long one whole `weekplan add` takes here: the kills land within it."""
    data_dir = root / "add-timing"
    Store.open(data_dir)
    started = time.perf_counter()
    subprocess.run([script, "add", "fri 19:00 timing #friends"], env=_env(data_dir), capture_output=True, check=True)
    return time.perf_counter() - started


def add_trial(root: Path, rng: random.Random, number: int, script: str, duration: float) -> dict[str, int]:
    data_dir = root / f"add-{number}"
    Store.open(data_dir)
    title = f"trial{number}"
    child = subprocess.Popen(
        [script, "add", f"fri 19:00 {title} #friends"], env=_env(data_dir), stdout=subprocess.PIPE, text=True
    )
    time.sleep(rng.uniform(0.0, duration * 1.2))
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    store = Store.open(data_dir)
    count = sum(1 for _w, _p in store.week_files() for a in store.week(_w).items.values() if a.title == title)
    said_added = "added" in out
    return {
        "trials": 1,
        "lost": int(said_added and count == 0),
        "doubled": int(count > 1),
        "check": int(bool(store.check())),
        "completed": int(count == 1),
    }


SHIFT_RIGHT, SHIFT_LEFT = b"\x1b[1;2C", b"\x1b[1;2D"
SUNDAY = date(2026, 11, 29)  # the planner opens on it, the whole day taken by one activity


def _drain(fd: int, seconds: float) -> None:
    """Read what the planner paints for a while (a full pty would stop it)."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def planner_trial(root: Path, rng: random.Random, number: int, script: str) -> dict[str, int]:
    """The real planner in a terminal: shift+right and shift+left move an activity from
    Sunday to the next Monday (another week's file) and back, until SIGKILL."""
    data_dir = root / f"planner-{number}"
    store = Store.open(data_dir)
    store.put_activity(Activity("allday000001", SUNDAY, 0, 24 * 60, "all day", "rest"))
    env = _env(data_dir)
    env.update(WEEKPLAN_TODAY=SUNDAY.isoformat(), TERM="xterm-256color", COLUMNS="120", LINES="40")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the planner itself
        os.execve(script, [script], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    _drain(fd, 2.5)  # started and painted
    moves = rng.randrange(1, 12)
    for step in range(moves):
        os.write(fd, SHIFT_RIGHT if step % 2 == 0 else SHIFT_LEFT)
        _drain(fd, rng.uniform(0.0, 0.15))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    after = Store.open(data_dir)
    copies = [a for _w, _p in after.week_files() for a in after.week(_w).items.values()]
    return {
        "trials": 1,
        "lost": int(not copies),
        "doubled": int(len(copies) > 1),
        "check": int(bool(after.check())),
        "moved": int(bool(copies) and copies[0].date != SUNDAY),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the data directories here")
    parser.add_argument("--planner", type=int, default=0, help="also this many trials of the planner in a terminal")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    script = str(Path(sys.executable).parent / "weekplan")
    totals: dict[str, dict[str, int]] = {"move": {}, "add": {}, "planner": {}}
    with tempfile.TemporaryDirectory(prefix="kill-trials-") as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        duration = add_duration(root, script)
        print(f"one weekplan add takes {duration * 1000:.0f} ms here; add kills land in 0-120% of that")
        trials = {"move": move_trial, "add": functools.partial(add_trial, script=script, duration=duration)}
        for number in range(args.trials):
            kind = "move" if number % 2 == 0 else "add"
            result = trials[kind](root, rng, number)
            for key, value in result.items():
                totals[kind][key] = totals[kind].get(key, 0) + value
            if (number + 1) % 50 == 0:
                print(f"{number + 1} trials: {totals}", flush=True)
        for number in range(args.planner):
            for key, value in planner_trial(root, rng, number, script).items():
                totals["planner"][key] = totals["planner"].get(key, 0) + value
    for kind, counts in totals.items():
        print(f"{kind}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    bad = sum(counts.get(k, 0) for counts in totals.values() for k in ("lost", "doubled", "check"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
