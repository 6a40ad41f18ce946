"""Subscribed calendars in the planner: brought up to date on start, shown or hidden
with a key, and a read-only calendar's events refused for edits (done marks aside)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner_support import Notes, make_app

from weekplan.store import Store

WORK = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//work//EN
BEGIN:VEVENT
UID:standup@work
DTSTAMP:20261101T000000Z
DTSTART:20261123T100000
DTEND:20261123T110000
SUMMARY:Standup
LOCATION:Room 4
URL:https://example.org/standup
ORGANIZER;CN=Boss:mailto:boss@example.org
ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@example.org
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:Standup
TRIGGER:-PT5M
END:VALARM
END:VEVENT
BEGIN:VEVENT
UID:planning@work
DTSTAMP:20261101T000000Z
DTSTART:20261124T140000
DTEND:20261124T150000
RRULE:FREQ=WEEKLY;BYDAY=TU
SUMMARY:Planning
END:VEVENT
END:VCALENDAR
"""


def subscribed(store: Store, tmp_path: Path, editable: bool = False) -> Store:
    path = tmp_path / "work.ics"
    path.write_text(WORK)
    config = store.config_path
    config.write_text(
        config.read_text() + f'\n[calendars.work]\nsource = "{path}"\neditable = {str(editable).lower()}\n'
    )
    return Store(store.root)


async def test_the_calendar_comes_in_on_start_and_c_hides_and_shows_it(store: Store, tmp_path: Path) -> None:
    app = make_app(subscribed(store, tmp_path))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [a.title for a in app.week_activities] == ["Standup", "Planning"]
        assert "work: 2 added, 0 updated, 0 removed" in notes.messages[-1]
        await pilot.press("C")
        assert app.week_activities == [] and notes.last == "Hidden: work"
        await pilot.press("C")
        assert [a.title for a in app.week_activities] == ["Standup", "Planning"]


async def test_a_read_only_calendars_event_is_not_deleted_but_can_be_marked_done(store: Store, tmp_path: Path) -> None:
    app = make_app(subscribed(store, tmp_path))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.go_to(date(2026, 11, 23), 10 * 60)
        await pilot.press("x")
        assert "read-only calendar 'work'" in notes.last
        assert [a.title for a in Store(store.root).all_activities()] == ["Standup"]
        await pilot.press("space")
        assert [a.done for a in Store(store.root).all_activities()] == [True]
        # An occurrence of its weekly repeat is guarded too.
        app.go_to(date(2026, 11, 24), 14 * 60)
        await pilot.press("shift+down")
        assert "read-only calendar 'work'" in notes.last
        (routine,) = Store(store.root).routines().items.values()
        assert routine.exceptions == {}


async def test_an_editable_calendars_event_can_be_deleted(store: Store, tmp_path: Path) -> None:
    app = make_app(subscribed(store, tmp_path, editable=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.go_to(date(2026, 11, 23), 10 * 60)
        await pilot.press("x")
        assert [a.title for a in Store(store.root).all_activities()] == []


async def test_a_pasted_copy_of_a_calendars_event_is_ones_own_and_outlives_the_event(
    store: Store, tmp_path: Path
) -> None:
    """The copy carries nothing that ties it to the event (UID, calendar, version), so
    the calendar's next refresh neither takes it for the event nor removes it with it,
    nor the organizer and attendees that would make its export someone else's meeting;
    its place, link and alarm stay."""
    app = make_app(subscribed(store, tmp_path))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.go_to(date(2026, 11, 23), 10 * 60)
        await pilot.press("y")
        app.go_to(date(2026, 11, 25), 10 * 60)
        await pilot.press("p")
        assert "read-only" not in notes.last
    stored = {a.title + " " + a.date.isoformat(): a for a in Store(store.root).all_activities()}
    assert set(stored) == {"Standup 2026-11-23", "Standup 2026-11-25"}
    copy = stored["Standup 2026-11-25"]
    assert copy.id != stored["Standup 2026-11-23"].id
    assert copy.extra == {
        "location": "Room 4",
        "ics": [
            "URL:https://example.org/standup",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:Standup",
            "TRIGGER:-PT5M",
            "END:VALARM",
        ],
    }
    # The meeting is taken off the work calendar: the event goes, the copy stays.
    standup = WORK[WORK.index("BEGIN:VEVENT") : WORK.index("BEGIN:VEVENT", WORK.index("UID:standup"))]
    (tmp_path / "work.ics").write_text(WORK.replace(standup, ""))
    from weekplan.subscriptions import refresh

    refresh(Store(store.root), date(2026, 11, 23))
    assert [(a.title, a.date) for a in Store(store.root).all_activities()] == [("Standup", date(2026, 11, 25))]


async def test_a_read_only_calendars_repeat_says_so_before_asking_anything(store: Store, tmp_path: Path) -> None:
    """x on an occurrence asks "this one or all?", and E opens the routine's form: both
    are refused at once, not after the question is answered or the form filled in."""
    app = make_app(subscribed(store, tmp_path))
    notes = Notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.screen
        app.go_to(date(2026, 11, 24), 14 * 60)
        for key in ("x", "E"):
            await pilot.press(key)
            assert app.screen is main, key
            assert "read-only calendar 'work'" in notes.last, key
            notes.messages.clear()
    (routine,) = Store(store.root).routines().items.values()
    assert routine.exceptions == {} and routine.last is None


def severities(app: object) -> list[tuple[str, str]]:
    """Each notification the app raises, with its severity, as it is raised."""
    raised: list[tuple[str, str]] = []
    original = app.notify  # type: ignore[attr-defined]

    def record(message: str, **kw: object) -> None:
        raised.append((message, str(kw.get("severity", "information"))))
        original(message, **kw)

    app.notify = record  # type: ignore[attr-defined]
    return raised


async def test_an_event_left_out_of_a_calendar_is_told_never_warned_a_missing_calendar_is_warned(
    store: Store, tmp_path: Path
) -> None:
    """A calendar whose author keeps one broken event would warn at every start."""
    backwards = WORK.replace("DTEND:20261124T150000", "DTEND:20261124T130000")
    (tmp_path / "broken.ics").write_text(backwards)
    config = store.config_path
    config.write_text(config.read_text() + f'\n[calendars.work]\nsource = "{tmp_path / "broken.ics"}"\n')
    app = make_app(Store(store.root))
    raised = severities(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        [(message, severity)] = raised
        assert "work: 1 added" in message and "ends before it starts" in message
        assert severity == "information"

    (tmp_path / "broken.ics").unlink()
    app = make_app(Store(store.root))
    raised = severities(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        [(message, severity)] = raised
        assert "work: not refreshed" in message
        assert severity == "warning"
