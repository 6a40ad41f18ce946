"""Where the first paint's benchmarks find the planner's modules: the one rule that
first_paint_cpu.py and first_paint_phases.py share, so that both measure the planner
found the same way."""

from __future__ import annotations


def find_planner_in(src: str) -> None:
    """Put the planner's src/ where an installed weekplan is found: after the standard
    library and site-packages, in place of any weekplan there.  On PYTHONPATH it would
    come first, and every module Textual and the interpreter import would be looked for
    in it before: work the empty app does not do, nor the `weekplan` command."""
    import os
    import sys

    sys.path[:] = [p for p in sys.path if not os.path.isfile(os.path.join(p or ".", "weekplan", "__init__.py"))]
    sys.path.append(src)
