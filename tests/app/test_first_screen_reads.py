"""What the planner reads before its first screen: only what that screen shows, so that a
hundred years of data start as quickly as one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from planner_support import grid_lines, make_app

from weekplan import keymap_data
from weekplan.app.planner import PlannerApp
from weekplan.app.together.ideas_screen import IdeasScreen
from weekplan.app.together.suggest_screen import SuggestScreen
from weekplan.atomic_files import STALE_AFTER_SECONDS
from weekplan.model import Idea, SpecialDate
from weekplan.store import Store

T = TypeVar("T")


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


async def test_the_planner_opens_without_tidying_weeks_and_dates_and_tidies_them_after(
    private_data_dir: Path,
) -> None:
    store = Store.open(private_data_dir)
    store.put_idea(Idea("pottery", "Pottery class"))
    store.put_date(SpecialDate("soon", date(2026, 11, 28), "Pottery class", idea="pottery"))
    weeks = private_data_dir / "weeks"
    weeks.mkdir()
    # What saves killed long ago left, one a folder: the first screen reads neither.
    stale = [weeks / ".2026-W48.toml.k2j4h1x9.tmp", private_data_dir / "dates" / ".2026.toml.p8q2w7e1.tmp"]
    then = time.time() - STALE_AFTER_SECONDS - 60
    for path in stale:
        path.write_bytes(b"half a file")
        os.utime(path, (then, then))
    store = Store.open(private_data_dir, tidy_year_folders=False)
    assert all(path.exists() for path in stale) and store._week_names is None  # weeks/ was not even listed
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not any(path.exists() for path in stale)
        assert "Pottery class" in panel_text(app)


# A fresh interpreter starts the planner on the given data and prints, once the first
# screen is up, the weekplan modules loaded by then and the key binding lists made.
FIRST_SCREEN_MODULES = """
import sys
from datetime import date
from pathlib import Path
from weekplan.app import keymap
from weekplan.app.planner import PlannerApp
from weekplan.store import Store

loaded = []
lists = []

def noted(app):
    loaded.extend(m for m in sys.modules if m.startswith("weekplan") or m == "json")
    lists.extend(name for name, value in vars(keymap).items() if name.isupper() and isinstance(value, list))
    app.exit()

PlannerApp._read_the_rest = noted
PlannerApp(Store.open(Path(sys.argv[1])), today=date(2026, 11, 23)).run(headless=True, size=(120, 40))
import json  # not before: whether the planner loaded it is noted above
print(json.dumps({"modules": sorted(loaded), "keymap lists": sorted(lists)}))
"""


def first_screen(data_dir: Path) -> dict[str, list[str]]:
    run = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN_MODULES, str(data_dir)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def first_screen_modules(data_dir: Path) -> set[str]:
    return set(first_screen(data_dir)["modules"])


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
        "weekplan.entry_moves",  # moving and lengthening entries, and their clashes
        "weekplan.clashes",
        "json",  # only to point at a mistake in a file (tomlfile.locate)
    }
    assert not loaded & later
    assert not any(name.startswith("weekplan.app.screens.") for name in loaded)


def test_the_first_screen_makes_the_key_bindings_of_no_dialog(seeded: Store) -> None:
    made = set(first_screen(seeded.root)["keymap lists"])
    # The main screen's own (the planner, the grid, the panel and its row list)...
    assert {"PLANNER", "WEEK_GRID", "TOGETHER_PANEL", "ROW_LIST"} <= made
    # ...and none of a dialog's: each is made with its dialog's module.
    dialogs = {name for name, value in vars(keymap_data).items() if any(value is rows for rows in keymap_data.DIALOGS)}
    assert len(dialogs) == len(keymap_data.DIALOGS)
    assert not made & dialogs


def test_routines_load_when_the_data_has_them(sample: object, store: Store) -> None:
    assert store.routines().items  # the sample has routines, painted on the first screen
    assert "weekplan.routines" in first_screen_modules(store.root)


def years_read_in_passing(store: Store) -> list[int]:
    """The years whose dates the store reads in passing from now on (earlier_years)."""
    read: list[int] = []
    in_passing = store.dates_in_passing

    def noted(year: int, **held: bool) -> object:
        read.append(year)
        return in_passing(year, **held)

    store.dates_in_passing = noted  # type: ignore[method-assign]
    return read


async def test_a_week_change_reads_no_earlier_year_and_still_shows_them(store: Store) -> None:
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
        read_again = years_read_in_passing(store)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        # The banner and the panel share one look at the years held, and the years
        # before are kept summed up: none is read again while its file is unchanged.
        assert checked == [2026]
        assert read_again == []
        # What both show still comes from every year: the problem in an earlier one,
        # and the ideas done before.
        assert app.first_day == date(2026, 11, 30)
        assert shows_every_year(app)


async def test_the_earlier_years_are_counted_but_not_held(store: Store) -> None:
    old_and_coming_dates(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.rest_read
        assert "Pottery class  2×, last 12 Mar 2010" in panel_text(app)
        # A hundred years of dates are not kept for the panel: only their summary.
        held = {path.name for path in store._cache}
        assert "2027.toml" in held and "2010.toml" not in held and "2009.toml" not in held


async def seen_within(pilot: object, check: Callable[[], bool], seconds: float = 2.0) -> bool:
    """Whether `check` holds within `seconds` (the disk watch polls)."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return True
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    return check()


async def test_an_earlier_year_changed_on_disk_shows_in_the_panel(store: Store) -> None:
    old_and_coming_dates(store)
    app = make_app(store)
    app.DISK_POLL_SECONDS = 0.05
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Pottery class  2×, last 12 Mar 2010" in panel_text(app)
        other = Store.open(store.root)  # another program (a sync, an editor) adds one to 2010
        other.put_date(SpecialDate("again", date(2010, 9, 4), "Pottery class", idea="pottery", status="done"))
        assert await seen_within(pilot, lambda: "Pottery class  3×, last 4 Sep 2010" in panel_text(app))
        # and one in 2011, a year that had no file
        other.put_date(SpecialDate("later", date(2011, 4, 2), "Pottery class", idea="pottery", status="done"))
        assert await seen_within(pilot, lambda: "Pottery class  4×, last 2 Apr 2011" in panel_text(app))
        (store.dates_dir / "2010.toml").write_text("[dates.old\n", encoding="utf-8")
        assert await seen_within(pilot, lambda: any("2010.toml" in str(problem) for problem in app.problems))
        assert "Pottery class  2×, last 2 Apr 2011" in panel_text(app)  # 2009's and 2011's


async def dialog_counting_every_year(pilot: Any, app: PlannerApp, key: str, kind: type[T]) -> T:
    """The dialog `key` opens, checked to count the ideas done in every year."""
    await pilot.press(key)
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, kind)
    done = {stats.idea.id: (stats.times_done, stats.last_done) for stats in dialog.shown}  # type: ignore[attr-defined]
    assert done["pottery"] == (2, date(2010, 3, 12))
    return dialog


async def test_the_ideas_dialog_and_planning_from_an_idea_count_every_year_and_hold_none_before(
    store: Store,
) -> None:
    from textual.widgets import DataTable

    from weekplan.app.screens.date_form import DateForm
    from weekplan.app.together.ideas_screen import IdeasScreen

    old_and_coming_dates(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        ideas = await dialog_counting_every_year(pilot, app, "I", IdeasScreen)
        table = ideas.query_one("#ideas-table", DataTable)
        while table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value != "pottery":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DateForm)
        await pilot.press("ctrl+s")  # done last in 2010: no warning asks first
        await pilot.pause()
        assert app.screen is app.main
        assert "Pottery class  planned" in panel_text(app)
        # Neither the dialog nor the novelty check held the years before this one.
        held = {path.name for path in store._cache}
        assert "2010.toml" not in held and "2009.toml" not in held


async def test_the_dialogs_read_no_earlier_year_the_planner_summed_up(store: Store) -> None:
    old_and_coming_dates(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.rest_read
        read = years_read_in_passing(store)
        await dialog_counting_every_year(pilot, app, "I", IdeasScreen)
        await pilot.press("escape")
        await pilot.pause()
        await dialog_counting_every_year(pilot, app, "S", SuggestScreen)
        assert read == []  # the planner's summaries of 2009 and 2010 served both


async def test_an_earlier_year_changed_on_disk_shows_in_the_panel_after_a_dialog_looked_first(store: Store) -> None:
    from weekplan.earlier_years import dates_and_history

    old_and_coming_dates(store)
    app = make_app(store)
    app.DISK_POLL_SECONDS = 3600.0  # the disk watch runs when the test says
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Pottery class  2×, last 12 Mar 2010" in panel_text(app)
        other = Store.open(store.root)  # another program adds one to 2010
        other.put_date(SpecialDate("again", date(2010, 9, 4), "Pottery class", idea="pottery", status="done"))
        # The ideas dialog looks at the earlier years before the disk watch does.
        await pilot.press("I")
        await pilot.pause()
        assert {s.idea.id: s.times_done for s in app.screen.shown}["pottery"] == 3  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.check_disk() == [store.dates_path(2010)]
        await pilot.pause()
        assert "Pottery class  3×, last 4 Sep 2010" in panel_text(app)
        # Suggest asks from an earlier year than the planner (novelty reaches back):
        # a file made then for a year between is still seen by the planner's watch.
        dates_and_history(store, app.today, 2001)
        other.put_date(SpecialDate("early", date(2005, 2, 1), "Pottery class", idea="pottery", status="done"))
        dates_and_history(store, app.today, 2001)
        assert app.check_disk() == [store.dates_path(2005)]
        await pilot.pause()
        assert "Pottery class  4×, last 4 Sep 2010" in panel_text(app)


async def test_a_date_in_a_left_over_dates_file_and_its_years_file_counts_once_in_the_panel(
    store: Store, left_over_dates: Callable[..., None]
) -> None:
    old_and_coming_dates(store)
    left_over_dates(
        SpecialDate("old", date(2010, 3, 12), "Pottery class", idea="pottery", status="done"),
        SpecialDate("soon", date(2027, 1, 9), "Kayak trip", idea="kayak"),  # 2027's is the broken one
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.rest_read
        assert "Pottery class  2×, last 12 Mar 2010" in panel_text(app)
        assert [p.path.name for p in app.problems if p.path.name.endswith(".toml")] == ["2027.toml"]


async def test_suggest_counts_every_year_and_holds_none_before(store: Store) -> None:
    from weekplan.app.together.suggest_screen import SuggestScreen

    old_and_coming_dates(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        suggest = await dialog_counting_every_year(pilot, app, "S", SuggestScreen)
        assert suggest.evenings  # the free evenings of this week were looked for
        # Neither the ideas nor the free evenings held the years before the last one.
        held = {path.name for path in store._cache}
        assert "2010.toml" not in held and "2009.toml" not in held


async def test_the_week_shows_a_date_of_a_left_over_dates_file(
    store: Store, left_over_dates: Callable[..., None]
) -> None:
    left_over_dates(
        SpecialDate("b1", date(2026, 11, 20), "Bowling", idea="bowl", status="done", start=19 * 60, end=21 * 60),
        SpecialDate("soon", date(2027, 1, 9), "Kayak trip"),
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("left_square_bracket")  # the week of 16-22 Nov
        await pilot.pause()
        assert [special.id for special in app.week_dates] == ["b1"]
        assert any("Bowling" in line for line in grid_lines(app))
