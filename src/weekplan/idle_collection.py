"""Python's full garbage collections wait for a moment when no key is being answered.

Python walks every object it tracks (a full collection) every so many allocations, so
one always lands in the middle of answering a key: some key, now and then, and on a
planner that holds a decade of dates a walk takes long enough to be felt, all the
more when the machine is busy (docs/benchmarks.md has the figures).  What start-up
made is frozen (see weekplan.app.collection_pause), but what was read and built since is walked.

So once the first screen is up, Python makes no full collection of its own; the
planner makes one when no key has come for a while and there is something to walk.
The young generations are collected as usual: those walks are short.
"""

from __future__ import annotations

import gc
import time

# A second without a key: a person reading the screen, not typing.
QUIET_SECONDS = 1.0
# Collections of the middle generation since the last full one before another is due:
# Python's own rule (its default third threshold).
DUE_AFTER = 10
# A third threshold no count reaches: Python never starts a full collection itself.
NEVER = 1 << 30


class IdleCollection:
    def __init__(self) -> None:
        self.last_key = time.monotonic()
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Python's full collections are the planner's from now on."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Python's own rule again (when the planner closes)."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def collect_if_quiet(self) -> bool:
        """A full collection when one is due and no key came for a while; whether it ran."""
        if self._thresholds is None or gc.get_count()[2] < DUE_AFTER:
            return False
        if time.monotonic() - self.last_key < QUIET_SECONDS:
            return False
        gc.collect()
        return True
