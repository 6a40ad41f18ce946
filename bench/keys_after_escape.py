"""Whether a key pressed right after the Escape that closes a dialog reaches the planner,
in a real terminal (tmux), for several gaps between the two keys.

    python bench/keys_after_escape.py [--data bench/data] [--rounds 10] [--gaps 0,30,60,90,150]

For each gap and round: help is opened with `?` and shown, Escape is sent, then after
the gap `?` again (a gap of 0: both keys in one `tmux send-keys`, one write to the
planner).  The press counts as lost when help is not open two seconds later.  A
terminal sends Alt+x as ESC x, so a key arriving within the reader's wait after an ESC
(ESCDELAY) used to be read as one Alt key, and both presses were lost.

Exit status: 0 when no press was lost, 1 otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import uuid
from pathlib import Path

from cli_speed import ensure_data
from dialog_speed import load_average, tmux_server
from planner_speed import WEEK_LABEL, planner_command

BENCH = Path(__file__).resolve().parent
HELP_SHOWN = "─ Keys ─"


def screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def wait_until(session: str, shown: bool, timeout: float = 2.0) -> bool:
    """Whether help comes to be shown (or hidden, `shown` False) within `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if (HELP_SHOWN in screen(session)) == shown:
            return True
        time.sleep(0.005)
    return False


def send(session: str, *keys: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)


def lost_presses(command: str, gap_ms: int, rounds: int) -> int:
    session = f"keys-after-escape-{uuid.uuid4().hex[:8]}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], check=True)
    lost = 0
    try:
        deadline = time.perf_counter() + 30
        while WEEK_LABEL not in screen(session):
            if time.perf_counter() > deadline:
                sys.exit(f"the planner never showed {WEEK_LABEL!r}:\n{screen(session)}")
            time.sleep(0.05)
        for _ in range(rounds):
            send(session, "?")
            if not wait_until(session, shown=True):
                sys.exit(f"help did not open:\n{screen(session)}")
            time.sleep(0.2)
            if gap_ms == 0:
                send(session, "Escape", "?")
            else:
                send(session, "Escape")
                time.sleep(gap_ms / 1000)
                send(session, "?")
            time.sleep(0.3)
            if not wait_until(session, shown=True):
                lost += 1
            send(session, "Escape")
            wait_until(session, shown=False)
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=BENCH / "data")
    parser.add_argument("--rounds", type=int, default=10, help="Escape-then-key pairs for each gap")
    parser.add_argument("--gaps", default="0,30,60,90,150", help="milliseconds between Escape and the key")
    args = parser.parse_args(argv)
    ensure_data(args.data)
    command = planner_command(args.data)
    print(f"# Escape, then ? after a gap, {args.rounds} rounds each; load average {load_average()} at the start")
    total = 0
    with tmux_server():
        for gap in (int(gap) for gap in args.gaps.split(",")):
            lost = lost_presses(command, gap, args.rounds)
            total += lost
            print(f"gap {gap:>4} ms: {lost} of {args.rounds} presses lost")
    print(f"# load average {load_average()} at the end")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
