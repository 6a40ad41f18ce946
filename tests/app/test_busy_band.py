"""The partner's busy times on the grid: a faint band under your own entries, with a
title where the partner shares one, hidden by privacy; B hides and shows it."""

from __future__ import annotations

import re

import pytest
from planner_support import Notes, activity, grid_text, make_app

from hostile_text import unsafe_in
from weekplan.app.planner import PlannerApp
from weekplan.model import PartnerSettings
from weekplan.record import replace
from weekplan.store import Store
from weekplan.weeks import parse_time

SAM = """\
name = "Sam"
last = 2027-01-17
busy = [
    { date = 2026-11-23, start = "12:00", end = "13:30" },
    { date = 2026-11-25, start = "18:00", end = "20:00", title = "Choir \\u001b]0;x\\u0007" },
    { date = 2026-11-26, start = "09:00", end = "11:00", title = "Dentist" },
]
"""


@pytest.fixture
def partnered(store: Store) -> Store:
    store.save_config(replace(store.config, partner=PartnerSettings("Alex", "/srv/together.git")))
    busy = store.shared_dir / "busy"
    busy.mkdir(parents=True)
    (busy / "Sam.toml").write_text(SAM)
    # Thursday 09:00-10:00 is yours: the band must not hide it.
    store.put_activity(activity("a1", "2026-11-26", "09:00", "10:00", "Standup", "career"))
    return Store.open(store.root)


def band_row(app: PlannerApp, day: int, time: str) -> str | None:
    band = app.grid.band
    assert band is not None
    assert app.grid.week is not None
    return band[day].get(app.grid.week.row_of(parse_time(time)))


async def test_the_band_shows_with_a_partner_and_b_hides_and_shows_it(partnered: Store) -> None:
    app = make_app(partnered)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = Notes(app)
        assert band_row(app, 0, "12:00") == "Sam" and band_row(app, 0, "13:00") == ""
        assert band_row(app, 2, "18:00").startswith("Choir")
        text = grid_text(app)
        assert "Standup" in text  # your own entry is painted over the band
        assert not unsafe_in(text)  # the partner's title is shown, its controls are not
        await pilot.press("right_square_bracket")
        assert app.grid.band is not None and not any(app.grid.band)  # next week: nothing shared there
        await pilot.press("left_square_bracket", "B")
        assert app.grid.band is None
        assert "hidden" in notes.last
        await pilot.press("B")
        assert band_row(app, 2, "18:00").startswith("Choir")
        assert "Sam's busy times shown" in notes.last


async def test_privacy_hides_the_partners_titles_too(partnered: Store) -> None:
    app = make_app(partnered)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("P")
        assert band_row(app, 2, "18:00") == "•••"
        assert band_row(app, 0, "12:00") == "Sam"  # a name, not a title
        assert "Choir" not in grid_text(app)
        await pilot.press("P")
        assert band_row(app, 2, "18:00").startswith("Choir")


async def test_without_a_partner_b_says_so_and_shows_nothing(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = Notes(app)
        await pilot.press("B")
        assert app.grid.band is None
        assert "No partner" in notes.last


async def test_a_partner_who_shares_nothing_is_said(store: Store) -> None:
    store.save_config(replace(store.config, partner=PartnerSettings("Alex", "/srv/together.git")))
    app = make_app(Store.open(store.root))
    async with app.run_test(size=(120, 40)) as pilot:
        notes = Notes(app)
        assert app.grid.band is not None and not any(app.grid.band)
        await pilot.press("B", "B")
        assert app.grid.band is not None
        assert "shared no busy times" in notes.last


def test_the_band_120x40(partnered: Store, snap_compare) -> None:
    # Mon 12:00 busy only (the name), Wed 18:00 with a shared title, Thu 09:00 under your own entry.
    assert snap_compare(make_app(partnered), terminal_size=(120, 40))


async def test_a_new_busy_file_from_a_sync_shows_at_the_next_refresh(partnered: Store) -> None:
    app = make_app(partnered)
    async with app.run_test(size=(120, 40)) as pilot:
        assert band_row(app, 4, "18:00") is None
        path = partnered.shared_dir / "busy" / "Sam.toml"
        path.write_text(
            SAM.replace("]\n", '    { date = 2026-11-27, start = "18:00", end = "19:00", title = "Pottery" },\n]\n')
        )
        app.refresh_view()
        await pilot.pause()
        assert band_row(app, 4, "18:00") == "Pottery"


def test_b_is_bound_nowhere_else() -> None:
    """B answers everywhere on the main screen: no widget there, nor a dialog, may use it."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    owners = [cls for _, cls, _ in PlannerApp._all_bindings()] + [PlannerApp]
    for package_name in ("weekplan.app", "weekplan.app.screens", "weekplan.app.together"):
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package_name}.{info.name}")
            owners += [c for _, c in inspect.getmembers(module, inspect.isclass) if hasattr(c, "BINDINGS")]
    users = {
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in owners
        for binding in cls.BINDINGS
        if isinstance(binding, Binding) and "B" in [k.strip() for k in binding.key.split(",")]
    }
    assert len(owners) > 20  # the main screen, its widgets and every dialog were looked at
    assert users == {"weekplan.app.planner.PlannerScreen"}


async def test_a_partner_connected_while_the_planner_is_open_brings_the_band(store: Store) -> None:
    busy = store.shared_dir / "busy"
    busy.mkdir(parents=True)
    (busy / "Sam.toml").write_text(SAM)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.grid.band is None
        app.use_config(replace(store.config, partner=PartnerSettings("Alex", "/srv/together.git")))
        await pilot.pause()
        assert band_row(app, 0, "12:00") == "Sam"
        app.use_config(replace(store.config, partner=PartnerSettings()))
        await pilot.pause()
        assert app.grid.band is None


async def test_a_broken_partner_file_is_named_in_the_problems_banner(partnered: Store) -> None:
    path = partnered.shared_dir / "busy" / "Sam.toml"
    path.write_text('name = "Sam"\nbusy = [\n    { date = 2026-11-25, start = "19:00", end = "18:00" },\n]\n')
    app = make_app(partnered)
    async with app.run_test(size=(120, 40)):
        assert [str(e) for e in app.problems] == [
            f"{path}:3:1: busy time 1: ends at 18:00, not after it starts at 19:00; skipped"
        ]
        assert not app.readonly_weeks  # your own week stays writable


async def test_b_is_remembered_for_the_next_start(partnered: Store) -> None:
    app = make_app(partnered)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        assert app.grid.band is None
    reopened = Store.open(partnered.root)
    assert reopened.config.partner.show_busy is False
    assert "show_busy = false" in reopened.config_path.read_text()
    app = make_app(reopened)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.grid.band is None  # hidden from the start, as left
        await pilot.press("B")
        assert band_row(app, 2, "18:00").startswith("Choir")
    assert Store.open(partnered.root).config.partner.show_busy is True


async def test_the_band_set_in_config_toml_while_open_is_followed(partnered: Store) -> None:
    app = make_app(partnered)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.grid.band is not None
        partner = replace(app.config.partner, show_busy=False)
        app.use_config(replace(app.config, partner=partner))
        await pilot.pause()
        assert app.grid.band is None


async def test_b_writes_nothing_over_a_config_that_cannot_be_read(partnered: Store) -> None:
    # A wrong value: the planner opens with its default, the partner read, the file kept.
    broken = partnered.config_path.read_text().replace("slot_minutes = 30", "slot_minutes = 7")
    partnered.config_path.write_text(broken)
    store = Store.open(partnered.root)
    assert store.config_errors and store.config.partner.shared
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.grid.band is not None
        await pilot.press("B")
        assert app.grid.band is None
    assert partnered.config_path.read_text() == broken


async def test_a_busy_title_cut_to_a_narrow_day_ends_in_an_ellipsis(partnered: Store) -> None:
    app = make_app(partnered)
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.press("k")  # away from Thursday, whose own entry widens it
        lines = [line for line in grid_text(app).splitlines() if "Dent" in line]
        assert lines
        assert all("Dentist" in line or re.search(r"De\w*…", line) for line in lines), lines
