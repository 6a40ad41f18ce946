"""How long `weekplan sync` takes when nothing is new, next to the same git steps typed
by hand, on a copy of the ten-year data set synced with a bare remote.

    python bench/sync_speed.py [--data bench/data] [--runs 15] [--partner] [--other SRC]
                               [--phases N]

A temporary folder gets a copy of the data set (without the larger sets other scripts
generate inside it, bench/data/years-N), made a repository with `weekplan sync --init`
and a bare remote beside it, and synced once.  Then, in turns:

    weekplan sync      the command, with nothing to commit and nothing new on the remote
    by hand            git status --porcelain; git fetch origin;
                       git merge-base --is-ancestor origin/main HEAD

(what a person does to learn there is nothing to commit and nothing to merge: the
status, the fetch, and one comparison of the remote's head with this one).  With
--partner the Together half is shared too (`weekplan partner --init` with a second
bare remote), and the steps by hand are the same three in each repository.  The
figures are medians, of the wall time and of the processor time (user and system,
with every git started: a busy machine moves it much less); the git programs each
`weekplan sync` starts are counted with a `git` on PATH that notes its arguments
before running the real one.  Budget: within 3x the steps by hand.

A row "python, the same git calls" is the floor of any Python program taking
weekplan's steps: the interpreter importing argparse, pathlib and subprocess, and
the same four git calls (status, settings, fetch, both heads).  A row "python, side
by side" is the same program making the calls as weekplan now does: the status and
the settings at once, then the fetch, whose silence says nothing changed (three
calls).  With --other SRC, another version of weekplan (its src/ folder, e.g. main's
from `git archive`) syncs the same repository in the same turns, on PYTHONPATH; both
are then started the same way (`python -c` calling the command line's entry point, as
the `weekplan` script does).  With --phases N, N more turns of each sync note when it
reaches each step (its modules imported, each git program started, the fetch ready
and answered, the end), in milliseconds from the moment it was started.  Exit status:
0 within budget, 1 over it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from cli_speed import ensure_data, environment, processor_time

BENCH = Path(__file__).resolve().parent
BUDGET = 3.0
BY_HAND = (
    ("status", "--porcelain"),
    ("fetch", "--quiet", "origin"),
    ("merge-base", "--is-ancestor", "origin/main", "HEAD"),
)


def counting_git(folder: Path, log: Path) -> Path:
    """A folder holding a `git` that notes each call in `log`, then runs the real git."""
    real = shutil.which("git")
    if real is None:
        sys.exit("git is needed")
    folder.mkdir()
    script = folder / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec {real} "$@"\n')
    script.chmod(0o755)
    return folder


# A sync run in a fresh interpreter that notes, in milliseconds from the moment it was
# started (STARTED_NS, set by the caller), when it reaches each step: its modules
# imported, each git program started, the fetch ready to start and answered, the end.
NOTED_SYNC = r"""
import os, time
started = int(os.environ["STARTED_NS"])
noted = {"python running": (time.time_ns() - started) / 1e6}
import contextlib, io, json, subprocess, sys
def note(step):
    noted.setdefault(step, (time.time_ns() - started) / 1e6)
real_popen = subprocess.Popen.__init__
def popen(self, args, *rest, **options):
    if args[:1] == ["git"]:
        note("git " + args[args.index("-C") + 2])
    real_popen(self, args, *rest, **options)
subprocess.Popen.__init__ = popen
from weekplan.cli import main
note("weekplan.cli imported")
import weekplan.sync_git, weekplan.sync_look
real_start_fetch = weekplan.sync_look.Look.start_fetch
def start_fetch(self):
    note("ready to fetch")
    real_start_fetch(self)
weekplan.sync_look.Look.start_fetch = start_fetch
real_result = weekplan.sync_git.GitCall.result
def result(self, *args, **options):
    answer = real_result(self, *args, **options)
    if self.args[0] == "fetch":
        note("fetch answered")
    return answer
weekplan.sync_git.GitCall.result = result
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
note("sync done")
print(json.dumps(noted))
"""
STEPS = (
    "python running",
    "weekplan.cli imported",
    "git status",
    "git config",
    "ready to fetch",
    "git fetch",
    "fetch answered",
    "sync done",
    "program ended",
)


def steps_of(sync: list[str], env: dict[str, str], turns: int) -> dict[str, list[float]]:
    """When each of STEPS comes, in each of `turns` syncs (NOTED_SYNC)."""
    found: dict[str, list[float]] = {}
    for _ in range(turns):
        started = time.time_ns()
        done = subprocess.run(
            [sys.executable, "-c", NOTED_SYNC, *sync],
            env=dict(env, STARTED_NS=str(started)),
            capture_output=True,
            text=True,
            check=True,
        )
        ended = (time.time_ns() - started) / 1e6
        noted = {**json.loads(done.stdout.strip().splitlines()[-1]), "program ended": ended}
        for step, at in noted.items():
            found.setdefault(step, []).append(at)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data", help="data set directory (default bench/data)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--partner", action="store_true", help="share the Together half through a second remote")
    parser.add_argument("--other", type=Path, metavar="SRC", help="also time the weekplan in this src/ folder")
    parser.add_argument(
        "--phases", type=int, default=0, metavar="N", help="then N more turns noting when each step of a sync starts"
    )
    args = parser.parse_args(argv)
    ensure_data(args.data)
    weekplan = shutil.which("weekplan") or str(Path(sys.executable).parent / "weekplan")

    with tempfile.TemporaryDirectory(prefix="weekplan-sync-speed-") as folder:
        base = Path(folder)
        data, remote = base / "data", base / "remote.git"
        shutil.copytree(args.data, data, ignore=shutil.ignore_patterns("years-*"))
        env = environment()
        # No global or system git settings (signing, hooks, editors) may change a run.
        env.update(GIT_CONFIG_GLOBAL=str(base / "no-gitconfig"), GIT_CONFIG_NOSYSTEM="1", HOME=str(base))
        env.update(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org")
        env.update(GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True, env=env)
        sync = [weekplan, "--data-dir", str(data), "sync"]
        subprocess.run([*sync, "--init", str(remote)], check=True, env=env, capture_output=True)
        repositories = [data]
        if args.partner:
            shared = base / "shared.git"
            subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(shared)], check=True, env=env)
            partner = [weekplan, "--data-dir", str(data), "partner", "--init", str(shared), "--name", "Alex"]
            subprocess.run(partner, check=True, env=env, capture_output=True)
            repositories.append(data / "together")
        for _ in range(3):  # warm up: compiled modules, the parse cache, git's index
            subprocess.run(sync, check=True, env=env, capture_output=True)

        log = base / "git-calls.log"
        counted = dict(env, PATH=f"{counting_git(base / 'bin', log)}{os.pathsep}{env['PATH']}")
        shown = subprocess.run(sync, check=True, env=counted, capture_output=True, text=True)
        calls = log.read_text().splitlines()
        print(f"weekplan sync said: {shown.stdout.strip()!r}")
        kinds = Counter(call.split(" -C ")[-1].split()[1] if " -C " in call else call.split()[0] for call in calls)
        print(
            f"git calls of one sync with nothing new: {len(calls)} ({', '.join(f'{k} {n}' for k, n in kinds.items())})"
        )

        def by_hand() -> None:
            for repository in repositories:
                for step in BY_HAND:
                    # merge-base --is-ancestor answers 0 (nothing new) or 1; both are answers.
                    subprocess.run(["git", "-C", str(repository), *step], env=env, capture_output=True, check=False)

        runs = {"weekplan sync": (sync, env)}
        if args.other:
            entry = [sys.executable, "-c", "from weekplan.cli import entry_point; entry_point()"]
            runs["weekplan sync"] = ([*entry, *sync[1:]], env)
            other_env = dict(env, PYTHONPATH=str(args.other.resolve()))
            runs["the other's sync"] = ([*entry, *sync[1:]], other_env)
        # The floor of any Python program taking the same steps: the interpreter, the
        # standard library's argument parser, paths and processes, and weekplan's four
        # git calls (the status, the settings, the fetch, both heads).
        floor = (
            "import argparse, pathlib, subprocess, sys\n"
            "status = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--ignored=matching']\n"
            "for repository in sys.argv[1:]:\n"
            "    for step in (status, ['config', '-z', '--list'], ['fetch', '--quiet', 'origin'],"
            " ['rev-parse', 'HEAD', 'refs/remotes/origin/main']):\n"
            "        subprocess.run(['git', '-C', repository, *step], capture_output=True)\n"
        )
        runs["python, the same git calls"] = ([sys.executable, "-c", floor, *map(str, repositories)], env)
        # The same program, with the calls as weekplan makes them now: in each repository
        # the status and the settings at once, then the fetch; the repositories side by side.
        side_by_side = (
            "import argparse, pathlib, subprocess, sys\n"
            "status = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--ignored=matching']\n"
            "fetch = ['fetch', '--no-tags', '--no-auto-maintenance', 'origin',"
            " '+refs/heads/main:refs/remotes/origin/main']\n"
            "def start(repository, step):\n"
            "    return subprocess.Popen(['git', '-C', repository, *step], stdout=subprocess.PIPE,"
            " stderr=subprocess.PIPE)\n"
            "looks = [(r, start(r, status), start(r, ['config', '-z', '--list'])) for r in sys.argv[1:]]\n"
            "fetches = []\n"
            "for repository, *first in looks:\n"
            "    for call in first:\n"
            "        call.communicate()\n"
            "    fetches.append(start(repository, fetch))\n"
            "for call in fetches:\n"
            "    call.communicate()\n"
        )
        runs["python, side by side"] = ([sys.executable, "-c", side_by_side, *map(str, repositories)], env)
        times: dict[str, list[float]] = {name: [] for name in [*runs, "by hand"]}
        processor: dict[str, list[float]] = {name: [] for name in times}
        for _ in range(args.runs):
            for name in times:
                used = processor_time()
                started = time.perf_counter()
                if name == "by hand":
                    by_hand()
                else:
                    subprocess.run(runs[name][0], check=True, env=runs[name][1], capture_output=True)
                times[name].append(time.perf_counter() - started)
                processor[name].append(processor_time() - used)
        steps = {name: steps_of(sync[1:], runs[name][1], args.phases) for name in runs if "sync" in name}

    command, hand = statistics.median(times["weekplan sync"]), statistics.median(times["by hand"])
    hand_used = statistics.median(processor["by hand"])
    print(
        f"\n{'':28} {'median':>9} {'min':>9} {'/by hand':>9} {'processor':>10} {'/by hand':>9}"
        f"   ({args.runs} runs each, in turns)"
    )
    for name, samples in times.items():
        median, used = statistics.median(samples), statistics.median(processor[name])
        print(
            f"{name:28} {median * 1000:7.1f}ms {min(samples) * 1000:7.1f}ms {median / hand:8.2f}x"
            f" {used * 1000:8.1f}ms {used / hand_used:8.2f}x"
        )
    print(f"load average {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    if args.phases:
        print(f"\nwhen each step starts, in ms from starting the program: median (quickest) of {args.phases} turns")
        print(f"{'':24}" + "".join(f"{name:>26}" for name in steps))
        for step in STEPS:
            noted = [sorted(steps[name].get(step, [])) for name in steps]
            shown = (f"{statistics.median(n):17.1f} ({n[0]:5.1f})" if n else f"{'':26}" for n in noted)
            print(f"{step:24}" + "".join(shown))
    ratio = command / hand
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"\nbudget: {BUDGET:g}x the steps by hand; weekplan sync is {ratio:.2f}x: {verdict} budget")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
