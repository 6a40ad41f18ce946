"""Export and import of iCalendar files from the planner's command palette: a path,
the work in a thread, a dry-run summary to confirm, and failures as messages."""

from __future__ import annotations

from pathlib import Path

from planner_support import Notes, activity, make_app
from textual.widgets import Input

from weekplan.app.planner import PlannerApp
from weekplan.app.screens.confirm import ConfirmScreen
from weekplan.app.screens.path_prompt import PathPrompt
from weekplan.routines import Routine
from weekplan.store import Store
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)
CALCURSE_STYLE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:pottery-1@example.org
DTSTAMP:20261101T000000Z
DTSTART:20261124T180000
DTEND:20261124T193000
SUMMARY:pottery
END:VEVENT
BEGIN:VEVENT
UID:choir-1@example.org
DTSTAMP:20261101T000000Z
DTSTART:20261123T190000
DTEND:20261123T200000
RRULE:FREQ=WEEKLY;BYDAY=MO,WE
SUMMARY:choir
END:VEVENT
END:VCALENDAR
"""


async def run_palette_command(app: PlannerApp, pilot: object, name: str) -> None:
    (run,) = [run for command, _help, run in app.palette_commands() if command == name]
    run()
    await pilot.pause()  # type: ignore[attr-defined]


async def answer_path(app: PlannerApp, pilot: object, path: Path | str) -> None:
    assert isinstance(app.screen, PathPrompt)
    app.screen.query_one("#path-input", Input).value = str(path)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def import_and_confirm(app: PlannerApp, pilot: object, source: Path) -> None:
    """Import `source` from the palette and say yes to the dry run it shows."""
    await run_palette_command(app, pilot, "Import iCalendar…")
    await answer_path(app, pilot, source)
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("y")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_export_writes_every_item_to_the_file_given(store: Store, tmp_path: Path) -> None:
    store.put_activity(activity("gym1", "2026-11-23", "09:00", "10:00", "gym"))
    store.put_routine(Routine("9a1c2b7d4e3f", "choir", "hobby", (0,), 1140, 1200, W48.monday))
    app = make_app(store)
    notes = Notes(app)
    target = tmp_path / "out.ics"
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Export to iCalendar…")
        await answer_path(app, pilot, target)
        assert "Wrote 2 events" in notes.last

    text = target.read_text("utf-8")
    assert text.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:gym" in text and "RRULE:FREQ=WEEKLY" in text


async def test_an_activity_filed_in_another_week_is_said_to_go_out_on_its_date(store: Store, tmp_path: Path) -> None:
    misfiled = store.week_path(IsoWeek(2017, 1))
    misfiled.parent.mkdir(parents=True, exist_ok=True)
    misfiled.write_text('[activities.far]\ntitle = "far"\ndate = 2017-01-20\nstart = "09:00"\nend = "10:00"\n')
    app = make_app(store)
    notes = Notes(app)
    target = tmp_path / "out.ics"
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Export to iCalendar…")
        await answer_path(app, pilot, target)
        assert "Wrote 1 event" in notes.last
        assert "2017-01-20 is not in 2017-W01" in notes.last and "(exported on its date)" in notes.last
        assert "left out" not in notes.last
    assert "SUMMARY:far" in target.read_text("utf-8")


async def test_export_never_writes_into_the_data_directory(store: Store) -> None:
    store.put_activity(activity("gym1", "2026-11-23", "09:00", "10:00", "gym"))
    week_file = store.week_path(W48)
    before = week_file.read_bytes()
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Export to iCalendar…")
        await answer_path(app, pilot, week_file)
        assert "inside weekplan's data directory" in notes.last
        assert app.screen is app.main
    assert week_file.read_bytes() == before


async def test_export_over_an_existing_file_asks_first(store: Store, tmp_path: Path) -> None:
    store.put_activity(activity("gym1", "2026-11-23", "09:00", "10:00", "gym"))
    target = tmp_path / "phone.ics"
    target.write_text("my old calendar", "utf-8")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Export to iCalendar…")
        await answer_path(app, pilot, target)
        assert isinstance(app.screen, ConfirmScreen) and "Replace" in app.screen.question
        await pilot.press("escape")  # keep it
        await app.workers.wait_for_complete()
        assert target.read_text("utf-8") == "my old calendar"

        await run_palette_command(app, pilot, "Export to iCalendar…")
        await answer_path(app, pilot, target)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert target.read_text("utf-8").count("BEGIN:VEVENT") == 1


async def test_import_shows_the_dry_run_asks_then_imports_and_shows_the_week(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "khal.ics"
    source.write_text(CALCURSE_STYLE, "utf-8")
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Import iCalendar…")
        await answer_path(app, pilot, source)
        assert isinstance(app.screen, ConfirmScreen)
        assert "activities: 1" in app.screen.question and "routine:" in app.screen.question
        assert "u takes the whole import back" in app.screen.question
        assert Store(store.root).routines().items == {}  # a dry run so far

        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Imported 2 items" in notes.last
        assert {(a.date.isoformat(), a.title) for a in app.week_activities} >= {
            ("2026-11-24", "pottery"),
            ("2026-11-23", "choir"),
            ("2026-11-25", "choir"),
        }

        # The same file again adds nothing, and says so without asking.
        await run_palette_command(app, pilot, "Import iCalendar…")
        await answer_path(app, pilot, source)
        assert not isinstance(app.screen, ConfirmScreen)
        assert "nothing new to add" in notes.last
    assert len(Store(store.root).routines().items) == 1


async def test_one_u_takes_a_whole_import_back_and_redo_brings_it_again(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "khal.ics"
    source.write_text(CALCURSE_STYLE, "utf-8")
    store.put_activity(activity("own1", "2026-11-26", "08:00", "09:00", "mine", "career"))
    store.forget()
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_and_confirm(app, pilot, source)
        assert {a.title for a in Store(store.root).week(W48).items.values()} == {"mine", "pottery"}
        await pilot.press("u")
        assert notes.last == "Undone: import from a calendar"
        fresh = Store(store.root)
        assert {a.title for a in fresh.week(W48).items.values()} == {"mine"}  # what was there stays
        assert fresh.routines().items == {}
        assert {a.title for a in app.week_activities} == {"mine"}
        await pilot.press("ctrl+r")
        fresh = Store(store.root)
        assert {a.title for a in fresh.week(W48).items.values()} == {"mine", "pottery"}
        assert [r.title for r in fresh.routines().items.values()] == ["choir"]


async def test_an_import_elsewhere_while_the_question_is_open_brings_nothing_twice(
    store: Store, tmp_path: Path
) -> None:
    from weekplan.cli import main

    source = tmp_path / "khal.ics"
    source.write_text(CALCURSE_STYLE, "utf-8")
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Import iCalendar…")
        await answer_path(app, pilot, source)
        assert isinstance(app.screen, ConfirmScreen)
        assert main(["--data-dir", str(store.root), "import", str(source)]) == 0  # cron, meanwhile
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notes.last == "It came in meanwhile; nothing was added"  # planned again, under the lock
    fresh = Store(store.root)
    assert [a.title for a in fresh.week(W48).items.values()] == ["pottery"]
    assert [r.title for r in fresh.routines().items.values()] == ["choir"]


async def test_declining_the_import_adds_nothing(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "khal.ics"
    source.write_text(CALCURSE_STYLE, "utf-8")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Import iCalendar…")
        await answer_path(app, pilot, source)
        await pilot.press("n")
        await app.workers.wait_for_complete()
    fresh = Store(store.root)
    assert fresh.routines().items == {} and fresh.week(W48).items == {}


async def test_import_failures_are_messages_and_add_nothing(store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\nEND:VCALENDAR\n", "utf-8")
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Import iCalendar…")
        await answer_path(app, pilot, tmp_path / "missing.ics")
        assert "cannot read" in notes.last and "missing.ics" in notes.last

        await run_palette_command(app, pilot, "Import iCalendar…")
        await answer_path(app, pilot, broken)
        assert "broken.ics" in notes.last
        assert not isinstance(app.screen, ConfirmScreen)
    assert not (store.root / "weeks").exists() or not list((store.root / "weeks").glob("*.toml"))


async def test_an_unreadable_week_file_stops_the_import_with_a_message(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "khal.ics"
    source.write_text(CALCURSE_STYLE, "utf-8")
    week_file = store.week_path(W48)
    week_file.parent.mkdir(parents=True, exist_ok=True)
    week_file.write_text("[activities.x\nbroken", "utf-8")
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_and_confirm(app, pilot, source)
        assert "cannot be changed until it is fixed" in notes.last
    assert week_file.read_text("utf-8") == "[activities.x\nbroken"
    assert Store(store.root).routines().items == {}


async def test_an_export_that_cannot_be_written_is_a_message(store: Store, tmp_path: Path) -> None:
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Export to iCalendar…")
        await answer_path(app, pilot, tmp_path / "no" / "such" / "folder" / "out.ics")
        assert notes.last.endswith("no/such/folder is not a folder")


async def test_escape_at_the_path_leaves_without_doing_anything(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette_command(app, pilot, "Import iCalendar…")
        await pilot.press("escape")
        assert not isinstance(app.screen, PathPrompt)
        assert not app.workers


async def test_u_takes_back_a_re_import_that_changed_and_removed_events(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "khal.ics"
    source.write_text(CALCURSE_STYLE, "utf-8")
    app = make_app(store)
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_and_confirm(app, pilot, source)
        first = {a.title for a in Store(store.root).week(W48).items.values()}
        assert first == {"pottery"}
        # The calendar changes there: pottery is renamed, the choir is gone.
        changed = CALCURSE_STYLE.replace("SUMMARY:pottery", "SUMMARY:pottery wheel")
        start, end = changed.index("BEGIN:VEVENT\nUID:choir"), changed.index("END:VEVENT\nEND:VCALENDAR")
        source.write_text(changed[:start] + changed[end + len("END:VEVENT\n") :], "utf-8")
        await import_and_confirm(app, pilot, source)
        assert {a.title for a in Store(store.root).week(W48).items.values()} == {"pottery wheel"}
        assert Store(store.root).routines().items == {}
        await pilot.press("u")  # the re-import, as one step
        assert notes.last == "Undone: import from a calendar"
        assert {a.title for a in Store(store.root).week(W48).items.values()} == {"pottery"}
        assert [r.title for r in Store(store.root).routines().items.values()] == ["choir"]
        await pilot.press("ctrl+r")
        assert {a.title for a in Store(store.root).week(W48).items.values()} == {"pottery wheel"}
        assert Store(store.root).routines().items == {}
