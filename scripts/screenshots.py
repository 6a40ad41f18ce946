"""Make the pictures in screenshots/ from the real planner and the sample data.

    python scripts/screenshots.py            # writes screenshots/*.svg
    python scripts/screenshots.py --out DIR  # somewhere else (the test does this)

Each picture is the planner run headless with Pilot on a new temporary data
directory filled by `weekplan.sample.write_sample`, with today fixed at Monday
23 November 2026 and the clock at 18:40, then saved with `App.save_screenshot`.
Nothing here depends on the day it runs or on the user's own data, so running it
again on the same version writes the same bytes.  tests/app/test_screenshots_current.py
checks that the committed pictures are still what the planner shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the checkout's own code, installed or not

from textual.pilot import Pilot  # noqa: E402

from weekplan.app.planner import PlannerApp  # noqa: E402
from weekplan.model import Activity  # noqa: E402
from weekplan.record import replace  # noqa: E402
from weekplan.sample import write_sample  # noqa: E402
from weekplan.store import Store  # noqa: E402

TODAY = date(2026, 11, 23)  # a Monday: 2026-W48
NOW = datetime(2026, 11, 23, 18, 40)
OUT = ROOT / "screenshots"


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    steps: tuple[str, ...] = ()
    theme: str | None = None
    # Form fields typed over after the keys, in order: (field id, text).
    retype: tuple[tuple[str, str], ...] = ()
    # Activities added to the sample for this picture.
    extra: tuple[Activity, ...] = ()


# Two things at once on Wednesday evening, as a sync conflict can leave them.
OVERLAP = Activity("overlap-1", date(2026, 11, 25), 19 * 60, 20 * 60 + 30, "Python reading group", "learning")


SHOTS = (
    Shot("week-120x40", (120, 40)),
    Shot("week-80x24", (80, 24)),
    # The cursor on the second of two overlapping entries: its day widens for both.
    Shot("week-overlap", (120, 40), ("l", "l", "j", "l"), extra=(OVERLAP,)),
    # The add form, filled in but for an end before the start.
    Shot(
        "add-form",
        (120, 40),
        ("a", *"Climbing with Sam"),
        retype=(("field-category", "fri"), ("field-end", "18:00")),
    ),
    Shot("suggest", (120, 40), ("tab", "S")),
    Shot("review", (120, 40), ("r",)),
    Shot("help", (120, 40), ("question_mark",)),
    Shot("overview", (120, 40), ("m",)),
    Shot("week-light", (120, 40), ("tab",), theme="textual-light"),
)


def _sample_store(root: Path, theme: str | None, extra: tuple[Activity, ...] = ()) -> Store:
    store = Store.open(root)
    write_sample(store, TODAY, partner=True)  # as `weekplan demo` does: one of a couple
    for activity in extra:
        store.put_activity(activity)
    if theme is not None:
        store.save_config(replace(store.config, theme=theme))
    store.forget()
    return store


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def _steady_cursors(app: PlannerApp) -> None:
    """A blinking text cursor would be caught on or off depending on timing: keep it on."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def take(shot: Shot, data_root: Path, out: Path) -> Path:
    app = PlannerApp(_sample_store(data_root, shot.theme, shot.extra), today=TODAY, now=lambda: NOW)
    async with app.run_test(size=shot.size) as pilot:
        await _settle(pilot)
        await pilot.press(*shot.steps)
        await _settle(pilot)
        for field, text in shot.retype:
            app.screen.query_one(f"#{field}").focus()
            await pilot.pause()
            await pilot.press("home", "ctrl+k", *text)
            await _settle(pilot)
        _steady_cursors(app)
        await _settle(pilot)
        return Path(app.save_screenshot(f"{shot.name}.svg", str(out)))


async def take_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="weekplan-screenshots-") as tmp:
        # Never the user's own cache or data, whatever the environment says.
        os.environ["WEEKPLAN_CACHE_DIR"] = ""
        # Times and names as the default config shows them on any machine (24 hours,
        # English), not as this machine's locale would.
        os.environ["LANG"] = "C.UTF-8"
        for name in ("LC_ALL", "LC_TIME"):
            os.environ.pop(name, None)
        for shot in SHOTS:
            written.append(await take(shot, Path(tmp) / shot.name, out))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the SVG files (default: {OUT})")
    args = parser.parse_args(argv)
    for path in asyncio.run(take_all(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
