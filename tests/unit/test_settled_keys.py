"""bench/settled_keys.py waits for a program to stop working on its own before its keys
are timed: the planner's warm-up must not be timed as if it were a key's answer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from script_module import load_script

SETTLED = load_script("bench/settled_keys.py")

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir() or SETTLED.processor_seconds(os.getpid()) is None,
    reason="reads processor time from /proc (Linux)",
)

# Works for a while (as a warm-up does), says so in a file, then waits for its end.
WORKS_THEN_WAITS = """
import sys, time
started = time.process_time()
while time.process_time() - started < 0.4:
    pass
open(sys.argv[1], "w").write("done")
time.sleep(60)
"""


def test_the_wait_ends_only_after_the_work_and_is_measured(tmp_path: Path) -> None:
    done = tmp_path / "done"
    worker = subprocess.Popen([sys.executable, "-c", WORKS_THEN_WAITS, str(done)])
    try:
        began = time.time()
        settled_after = SETTLED.wait_until_idle(worker.pid, lambda: "the worker")
        assert done.exists(), "it said idle while the program was still working"
        work_ended = done.stat().st_mtime - began
        # Settled when the work ended, not when the quiet stretch that proves it was over
        # did: give or take a few samples, and the last 10 ms of work (IDLE_SHARE), which
        # a busy machine can spread over a tenth of a second.
        assert work_ended - 0.2 <= settled_after <= work_ended + 0.3
    finally:
        worker.kill()
        worker.wait()


def test_an_idle_program_settles_at_once() -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        time.sleep(0.3)  # past the interpreter's own start
        assert SETTLED.wait_until_idle(sleeper.pid, lambda: "the sleeper") < 0.5
    finally:
        sleeper.kill()
        sleeper.wait()


def test_processor_time_of_a_program_that_ended_is_none() -> None:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    assert SETTLED.processor_seconds(finished.pid) is None
