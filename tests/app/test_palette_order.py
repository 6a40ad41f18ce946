"""The command palette lists its commands in one order, run after run: the planner's
actions as the help lists them, then Textual's own by name.  Textual starts the
palette's providers from a set, and with two providers which one came first changed
with the memory layout of each run (PYTHONHASHSEED moves it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from planner_support import make_app
from textual.command import CommandList

from weekplan.store import Store

# Runs in a child: the palette's lines, as ctrl+p first shows them.
CHILD = textwrap.dedent(
    """
    import asyncio, json, os, sys
    from pathlib import Path

    from planner_support import make_app
    from weekplan.store import Store
    import test_palette_order as t

    async def main():
        app = make_app(Store.open(Path(os.environ["WEEKPLAN_DATA_DIR"])))
        async with app.run_test(size=(120, 40)) as pilot:
            print(json.dumps(await t.palette_lines(app, pilot)))

    asyncio.run(main())
    """
)


async def palette_lines(app: object, pilot: object) -> list[str]:
    """The name on each line of the palette once ctrl+p has listed everything."""
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    listed = app.screen.query_one(CommandList)  # type: ignore[attr-defined]
    count = -1
    while count != listed.option_count:  # until a pause adds nothing more
        count = listed.option_count
        await pilot.pause(0.2)  # type: ignore[attr-defined]
    return [str(listed.get_option_at_index(i).prompt).split("\n")[0] for i in range(count)]


def _lines_in_a_run(tmp_path: Path, seed: str) -> list[str]:
    env = dict(os.environ, PYTHONHASHSEED=seed, WEEKPLAN_DATA_DIR=str(tmp_path / f"data-{seed}"))
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), *sys.path])
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_palette_lists_the_same_lines_in_every_run(tmp_path: Path) -> None:
    # On the set's order these seeds gave both orders: Textual's commands first in some.
    runs = {seed: _lines_in_a_run(tmp_path, seed) for seed in ("0", "2024", "31337")}
    first = runs["0"]
    assert first[:3] == ["Prev week", "Next week", "Today"]
    assert all(lines == first for lines in runs.values()), runs


async def test_the_planners_actions_come_first_then_textuals_by_name(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        planner = [name for name, _, _ in app.palette_commands()]
        textual = sorted(name for name, _, _, listed in app.get_system_commands(app.main) if listed)
        assert await palette_lines(app, pilot) == planner + textual
        assert "Quit" in textual and "Keys" in textual  # Textual's own commands are still there
