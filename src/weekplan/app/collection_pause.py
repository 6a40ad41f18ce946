"""Python's cyclic garbage collector waits while the planner starts.

Every so many allocations Python walks the objects it tracks to look for cycles, and
now and then it walks all of them.  Starting the planner allocates a great deal
(Textual's modules, a decade of dates, the first screen's lines), so a full walk or two
would land in the middle of it and hold back the first screen (docs/benchmarks.md has
the figures).  Nothing such a walk could find there is garbage worth the wait: it is
what the planner runs on.

So collection is held from just before Textual loads until the first screen is on the
terminal.  Then everything that exists is frozen (gc.freeze: later walks pass it by,
which also keeps them short while keys are pressed) and collection goes on as usual.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Hold collection until `release`."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what start-up made and collect as usual from here on; nothing to do when
    collection was not held (an app started by tests, or released already)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
