"""The long randomised two-machine sync trial: adds, edits, moves between weeks,
deletes, offline spells and syncs killed with their git, with real git and a local bare
remote in a temporary folder.

    python bench/sync_trials.py [--rounds 1000] [--seed 16] [--kill-rate 0.05]
                                [--offline-rate 0.02] [--longest-offline 50]

It prints items lost, duplicates, and conflicts kept for a person by kind (target:
0, 0, and only "same-field"), with the syncs that failed.  The code is the suite's
(tests/unit/test_sync_random.py), run longer.  To compare with another version of
weekplan, run it with that version first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))  # the tests' git isolation
sys.path.insert(0, str(BENCH.parent / "tests" / "unit"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--kill-rate", type=float, default=0.05)
    parser.add_argument("--offline-rate", type=float, default=0.02)
    parser.add_argument("--longest-offline", type=int, default=50)
    args = parser.parse_args(argv)

    from test_sync_random import run_trial  # the suite's trial, after sys.path is set

    with tempfile.TemporaryDirectory(prefix="weekplan-sync-trials-") as folder:
        root = Path(folder)
        # No global or system git settings (signing, hooks, editors) may change a run.
        os.environ["GIT_CONFIG_GLOBAL"] = str(root / "no-global-gitconfig")
        os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
        os.environ["HOME"] = str(root / "home")
        remote = root / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
        started = time.monotonic()
        tally = run_trial(
            root,
            remote,
            rounds=args.rounds,
            seed=args.seed,
            kill_rate=args.kill_rate,
            offline_rate=args.offline_rate,
            longest_offline=args.longest_offline,
        )
        elapsed = time.monotonic() - started
    import weekplan

    print(f"weekplan from {Path(weekplan.__file__).parent}")
    print(
        f"{tally.rounds} rounds, {tally.edits} edits, {tally.syncs} syncs, {tally.kills} killed syncs, "
        f"{tally.agreements} rounds ending with both machines agreeing, {elapsed:.0f} s"
    )
    print(f"items lost: {tally.lost}")
    print(f"duplicates: {tally.duplicates}")
    kinds = ", ".join(f"{kind}: {n}" for kind, n in tally.conflicts.most_common()) or "none"
    print(f"kept for a person, by kind: {kinds}")
    stuck = "; ".join(f"{n}× {what}" for what, n in tally.stuck.most_common()) or "none"
    print(f"syncs that failed: {stuck}")
    for note in tally.notes[:20]:
        print(f"  {note}")
    good = tally.lost == 0 and tally.duplicates == 0 and set(tally.conflicts) <= {"same-field"} and not tally.notes
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
