"""What the planner reads before its first screen: only what that screen shows, so that a
hundred years of data start as quickly as one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from planner_support import make_app

from weekplan.app.planner import PlannerApp
from weekplan.model import Idea, SpecialDate
from weekplan.store import Store
from weekplan.tomlfile import STALE_AFTER_SECONDS


def old_and_coming_dates(store: Store) -> None:
    store.put_idea(Idea("pottery", "Pottery class"))
    store.put_idea(Idea("kayak", "Kayak trip"))
    store.put_date(SpecialDate("old", date(2010, 3, 12), "Pottery class", idea="pottery", status="done"))
    store.put_date(SpecialDate("older", date(2009, 6, 1), "Pottery class", idea="pottery", status="done"))
    store.put_date(SpecialDate("soon", date(2027, 1, 9), "Kayak trip", idea="kayak"))
    store.forget()


def panel_text(app: PlannerApp) -> str:
    return "\n".join(row.content.plain for row in app.panel.rows)


async def test_earlier_years_are_read_only_once_the_first_screen_is_up(store: Store) -> None:
    old_and_coming_dates(store)
    app = make_app(store)
    cached_at_first_screen: list[set[str]] = []
    read_the_rest = app._read_the_rest

    def noted() -> None:
        cached_at_first_screen.append({path.name for path in store._cache})
        read_the_rest()

    app._read_the_rest = noted  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert cached_at_first_screen, "the earlier years were never read"
        first = cached_at_first_screen[0]
        assert "2027.toml" in first  # "Coming up" lists it
        assert "2010.toml" not in first and "2009.toml" not in first
        # Then they are read, and the ideas say what was done before.
        text = panel_text(app)
        assert "Kayak trip" in text and "planned" in text
        assert "Pottery class  2×, last 12 Mar 2010" in text


def with_a_broken_earlier_year(store: Store) -> PlannerApp:
    """The planner on dates of several years, 2010's file unreadable."""
    old_and_coming_dates(store)
    (store.root / "dates" / "2010.toml").write_text("[dates.old\n", encoding="utf-8")
    return make_app(store)


def shows_every_year(app: PlannerApp) -> bool:
    """The banner names the broken earlier year, and the panel counts the ideas done
    in the years before."""
    named = any("2010.toml" in str(problem) for problem in app.problems)
    return named and "Pottery class  1×, last 1 Jun 2009" in panel_text(app)


async def test_a_problem_in_an_earlier_year_is_shown_once_the_first_screen_is_up(store: Store) -> None:
    app = with_a_broken_earlier_year(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert shows_every_year(app)


async def test_the_names_in_weeks_are_looked_at_once_the_first_screen_is_up(store: Store) -> None:
    store.weeks_dir.mkdir(exist_ok=True)
    (store.weeks_dir / "2026-W48 copy.toml").write_text("", encoding="utf-8")  # never read: named as odd
    app = make_app(store)
    problems_at_first_screen: list[list[str]] = []
    read_the_rest = app._read_the_rest

    def noted() -> None:
        problems_at_first_screen.append([str(problem) for problem in app.problems])
        read_the_rest()

    app._read_the_rest = noted  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert problems_at_first_screen == [[]]
        assert any("2026-W48 copy.toml" in str(problem) for problem in app.problems)


async def test_the_planner_opens_without_listing_weeks_and_tidies_them_after(private_data_dir: Path) -> None:
    Store.open(private_data_dir).put_idea(Idea("pottery", "Pottery class"))
    weeks = private_data_dir / "weeks"
    weeks.mkdir()
    stale = weeks / ".2026-W48.toml.k2j4h1x9.tmp"  # what a save killed long ago left
    stale.write_bytes(b"half a file")
    then = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(stale, (then, then))
    store = Store.open(private_data_dir, tidy_weeks=False)
    assert stale.exists() and store._week_names is None  # weeks/ was not even listed
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not stale.exists()


# A fresh interpreter starts the planner on the given data and prints, once the first
# screen is up, the weekplan modules loaded by then.
FIRST_SCREEN_MODULES = """
import json, sys
from datetime import date
from pathlib import Path
from weekplan.app.planner import PlannerApp
from weekplan.store import Store

loaded = []

def noted(app):
    loaded.extend(m for m in sys.modules if m.startswith("weekplan"))
    app.exit()

PlannerApp._read_the_rest = noted
PlannerApp(Store.open(Path(sys.argv[1])), today=date(2026, 11, 23)).run(headless=True, size=(120, 40))
print(json.dumps(sorted(loaded)))
"""


def first_screen_modules(data_dir: Path) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN_MODULES, str(data_dir)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def test_the_first_screen_loads_no_module_it_does_not_use(seeded: Store) -> None:
    loaded = first_screen_modules(seeded.root)
    assert {"weekplan.app.week_grid", "weekplan.app.together_panel", "weekplan.history"} <= loaded
    # Routines and their time words, the undo history's merging, the dialogs and the
    # keeping of them: with the first routine, edit or dialog that needs them.
    later = {
        "weekplan.routines",
        "weekplan.timewords",
        "weekplan.rebased_history",
        "weekplan.value_merge",
        "weekplan.app.kept_dialogs",
    }
    assert not loaded & later
    assert not any(name.startswith("weekplan.app.screens.") for name in loaded)


def test_routines_load_when_the_data_has_them(sample: object, store: Store) -> None:
    assert store.routines().items  # the sample has routines, painted on the first screen
    assert "weekplan.routines" in first_screen_modules(store.root)


async def test_a_week_change_checks_every_years_dates_once_and_still_shows_them(store: Store) -> None:
    app = with_a_broken_earlier_year(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.rest_read
        checked: list[int | None] = []
        dates = store.dates

        def counted(since: int | None = None) -> object:
            checked.append(since)
            return dates(since)

        store.dates = counted  # type: ignore[method-assign]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert checked == [None]  # the banner and the panel share one look at every year
        # What both show still comes from every year: the problem in an earlier one,
        # and the ideas done before.
        assert app.first_day == date(2026, 11, 30)
        assert shows_every_year(app)
