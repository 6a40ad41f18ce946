"""How long `weekplan sync` takes when the remote brings many weeks: a machine with
nothing of its own to commit receives every week another machine added, and each
arriving file is looked at before it is merged.

    python bench/sync_receive.py [--weeks 260 | --unreadable 3000] [--runs 7] [--other SRC]

A temporary folder gets a bare remote and two machines; the first adds six activities
to each of `--weeks` weeks and syncs; the second is copied aside before it has
received them.  With --unreadable N, the first machine instead commits one week file
of N activities whose start is not a time (as a hand edit elsewhere could), which the
second receives and names problem by problem, each at its line.  Each run puts that
copy back, empties weekplan's cache of parsed files (so every arriving week is parsed,
as on a machine that never read it), and times one `weekplan sync` on it: the fetch,
the look at what arrives, the merge, and reading every file back.  With --other SRC,
another version of weekplan (its src/ folder, e.g. main's from `git archive`) syncs
the same copy in the same turns, on PYTHONPATH, and the last line gives this version's
median over the other's.  The figures are medians of the wall time and of the
processor time (user and system, with every git started).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cli_speed import environment, processor_time

BENCH = Path(__file__).resolve().parent
SOURCE = BENCH.parent / "src"

ADD_WEEKS = """
import sys
from datetime import date, timedelta
from pathlib import Path
from weekplan.model import Activity, new_id
from weekplan.store import Store
store, weeks = Store.open(Path(sys.argv[1])), int(sys.argv[2])
for week in range(weeks):
    for day in range(6):
        when = date(2024, 1, 1) + timedelta(days=7 * week + day)
        store.put_activity(Activity(new_id(), when, (9 + day) * 60, (10 + day) * 60, f"task {week} {day}", "hobby"))
"""

UNREADABLE_ACTIVITY = """[activities.a{number:011d}]
date = 2026-11-24
start = "half past {number}"
end = "11:00"
title = "task {number}"
done = false
category = "hobby"
"""


def weekplan(source: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    run_env = dict(env, PYTHONPATH=str(source))
    return subprocess.run([sys.executable, "-m", "weekplan", *args], env=run_env, capture_output=True, text=True)


def prepare(folder: Path, weeks: int, unreadable: int, env: dict[str, str]) -> Path:
    """The receiving machine, copied aside before it received the weeks (or the week of
    `unreadable` activities); returns the copy."""
    remote = folder / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    for machine in ("laptop", "desktop"):
        done = weekplan(SOURCE, env, "--data-dir", str(folder / machine), "sync", "--init", str(remote))
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    if unreadable:
        # weekplan refuses to send an unreadable file: git sends it, as a hand commit would.
        laptop = folder / "laptop"
        if weekplan(SOURCE, env, "--data-dir", str(laptop), "sync").returncode != 0:
            raise SystemExit("the first machine could not receive the second's first commit")
        week = laptop / "weeks" / "2026-W48.toml"
        week.parent.mkdir(exist_ok=True)
        week.write_text("\n".join(UNREADABLE_ACTIVITY.format(number=n) for n in range(unreadable)))
        identity = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
        commit = [*identity, "commit", "-q", "-m", "unreadable week"]
        for command in (["add", "weeks"], commit, ["push", "-q", "origin", "main"]):
            subprocess.run(["git", "-C", str(laptop), *command], env=env, check=True)
    else:
        subprocess.run(
            [sys.executable, "-c", ADD_WEEKS, str(folder / "laptop"), str(weeks)],
            env=dict(env, PYTHONPATH=str(SOURCE)),
            check=True,
        )
        if weekplan(SOURCE, env, "--data-dir", str(folder / "laptop"), "sync").returncode != 0:
            raise SystemExit("the first machine could not push its weeks")
    kept = folder / "desktop.kept"
    shutil.copytree(folder / "desktop", kept, symlinks=True)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=260, help="weeks the remote brings (default 260)")
    parser.add_argument("--unreadable", type=int, default=0, help="instead: one week of N unreadable activities")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each version (default 7)")
    parser.add_argument("--other", type=Path, help="another version's src/ folder, run in the same turns")
    args = parser.parse_args(argv)
    versions = {"this version": SOURCE}
    if args.other:
        versions["other version"] = args.other.resolve()
    with tempfile.TemporaryDirectory(prefix="weekplan-sync-receive-") as name:
        folder = Path(name)
        env = dict(environment(), HOME=str(folder / "home"), WEEKPLAN_CACHE_DIR=str(folder / "parsed"))
        kept = prepare(folder, args.weeks, args.unreadable, env)
        walls: dict[str, list[float]] = {v: [] for v in versions}
        cpus: dict[str, list[float]] = {v: [] for v in versions}
        for _turn in range(args.runs):
            for version, source in versions.items():
                receiving = folder / "desktop"
                shutil.rmtree(receiving)
                shutil.copytree(kept, receiving, symlinks=True)
                shutil.rmtree(folder / "parsed", ignore_errors=True)
                cpu, start = processor_time(), time.perf_counter()
                done = weekplan(source, env, "--data-dir", str(receiving), "sync")
                walls[version].append(time.perf_counter() - start)
                cpus[version].append(processor_time() - cpu)
                named = done.stdout.count("is not a time like")
                if done.returncode != 0 and not (args.unreadable and named == args.unreadable):
                    raise SystemExit(f"{version}: {done.stderr}")
    what = f"one week of {args.unreadable} unreadable activities" if args.unreadable else f"{args.weeks} weeks"
    print(f"a sync receiving {what}, medians of {args.runs} runs:")
    for version in versions:
        wall, cpu = statistics.median(walls[version]), statistics.median(cpus[version])
        print(f"  {version:14} {wall * 1000:7.0f} ms wall, {cpu * 1000:7.0f} ms processor")
    if args.other:
        ratio = statistics.median(walls["this version"]) / statistics.median(walls["other version"])
        cpu_ratio = statistics.median(cpus["this version"]) / statistics.median(cpus["other version"])
        print(f"  this version / other: {ratio:.2f}x wall, {cpu_ratio:.2f}x processor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
