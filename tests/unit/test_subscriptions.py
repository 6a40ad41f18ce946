"""Subscribed calendars: named in config.toml, brought up to date by `weekplan refresh`
and by `weekplan sync`, read-only (the calendar wins) or editable (an edit here is
kept and named)."""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from weekplan import cli
from weekplan.record import replace
from weekplan.store import Store
from weekplan.subscriptions import Refreshed, Subscription, refresh, subscriptions
from weekplan.weeks import format_time, parse_time


def event(uid: str, start: str, end: str, title: str, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261101T000000Z\nDTSTART:{start}\n"
        f"DTEND:{end}\nSUMMARY:{title}\n{extra}END:VEVENT\n"
    )


def calendar(*events: str) -> str:
    return "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//work//EN\n" + "".join(events) + "END:VCALENDAR\n"


TODAY = date(2026, 11, 23)
STANDUP = event("standup@work", "20261124T093000", "20261124T094500", "Standup")
REVIEW = event("review@work", "20261125T140000", "20261125T150000", "Review")


def subscribe(store: Store, body: str) -> None:
    path = store.config_path
    path.write_text(path.read_text() + "\n" + body)


def titles(store: Store) -> list[tuple[str, str, str]]:
    fresh = Store(store.root)
    return sorted((str(a.date), format_time(a.start), a.title) for a in fresh.all_activities())


@pytest.fixture
def work(store: Store, tmp_path: Path) -> Path:
    path = tmp_path / "work.ics"
    path.write_text(calendar(STANDUP, REVIEW))
    subscribe(store, f'[calendars.work]\nsource = "{path}"\ncategory = "career"\n')
    return path


def test_config_names_the_calendars_and_says_what_is_wrong(store: Store, tmp_path: Path) -> None:
    subscribe(
        store,
        f'[calendars.work]\nsource = "{tmp_path}/w.ics"\neditable = true\n'
        '[calendars.odd]\neditable = "yes"\nsource = "x.ics"\n'
        '[calendars.nosource]\ncategory = "career"\n'
        '[calendars.cat]\nsource = "c.ics"\ncategory = "nonsense"\n',
    )
    subs, problems = subscriptions(Store(store.root).config)
    assert subs == [Subscription("work", tmp_path / "w.ics", editable=True)]
    assert problems == [
        "config.toml [calendars.cat]: no category #nonsense; the categories are fitness, friends, hobby, career, "
        "learning, new, rest, together",
        "config.toml [calendars.nosource]: source must name an .ics file or a folder of them",
        "config.toml [calendars.odd]: editable, all_day and two_way are true or false",
    ]


def test_refresh_brings_the_calendar_in_and_keeps_it_in_step(
    store: Store, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["refresh"]) == 0
    assert capsys.readouterr().out == "work: 2 added, 0 updated, 0 removed\n"
    assert titles(store) == [("2026-11-24", "09:30", "Standup"), ("2026-11-25", "14:00", "Review")]
    assert {a.category for a in Store(store.root).all_activities()} == {"career"}
    assert {a.extra["source"] for a in Store(store.root).all_activities()} == {"calendars.work"}

    work.write_text(calendar(event("standup@work", "20261124T100000", "20261124T101500", "Standup", "SEQUENCE:1\n")))
    assert cli.main(["refresh"]) == 0
    assert capsys.readouterr().out == "work: 0 added, 1 updated, 1 removed\n"
    assert titles(store) == [("2026-11-24", "10:00", "Standup")]


def test_a_read_only_calendar_wins_over_an_edit_here(store: Store, work: Path) -> None:
    refresh(Store(store.root), TODAY)
    fresh = Store(store.root)
    standup = next(a for a in fresh.all_activities() if a.title == "Standup")
    fresh.put_activity(replace(standup, start=parse_time("08:00")))
    work.write_text(calendar(STANDUP, REVIEW))  # unchanged there
    refresh(Store(store.root), TODAY)
    assert titles(store)[0] == ("2026-11-24", "08:00", "Standup")  # nothing changed there: the edit stays
    work.write_text(calendar(event("standup@work", "20261124T091500", "20261124T093000", "Standup", "SEQUENCE:1\n")))
    lines = refresh(Store(store.root), TODAY).lines
    assert lines == ["work: 0 added, 1 updated, 1 removed"]
    assert titles(store) == [("2026-11-24", "09:15", "Standup")]


def test_an_editable_calendar_keeps_an_edit_here_and_names_it(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "shared.ics"
    path.write_text(calendar(STANDUP))
    subscribe(store, f'[calendars.shared]\nsource = "{path}"\neditable = true\n')
    refresh(Store(store.root), TODAY)
    fresh = Store(store.root)
    (standup,) = fresh.all_activities()
    fresh.put_activity(replace(standup, title="Standup (I host)"))
    path.write_text(calendar(event("standup@work", "20261124T100000", "20261124T101500", "Standup", "SEQUENCE:1\n")))
    lines = refresh(Store(store.root), TODAY).lines
    assert lines == ["shared: 0 added, 0 updated, 0 removed, 1 of your edits kept"]
    assert titles(store) == [("2026-11-24", "09:30", "Standup (I host)")]


def test_a_missing_calendar_is_a_line_not_a_stop(store: Store, tmp_path: Path, work: Path) -> None:
    subscribe(store, f'[calendars.gone]\nsource = "{tmp_path}/nowhere.ics"\n')
    lines = refresh(Store(store.root), TODAY).lines
    assert lines[0].startswith("gone: not refreshed: cannot read ") and lines[1].startswith("work: 2 added")


def test_sync_refreshes_the_calendars_first(store: Store, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["sync"])  # no git remote here: the sync itself may fail, the refresh happened first
    assert "calendar work: 2 added, 0 updated, 0 removed" in capsys.readouterr().out
    assert len(titles(store)) == 2


def run_limited(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command with a timeout and its memory capped: reading an endless device
    whole must end in a second, not take the machine's memory."""

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "weekplan", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
        preexec_fn=cap_memory,
    )


def test_a_calendar_that_is_no_file_is_a_line_never_a_hang(store: Store, tmp_path: Path, work: Path) -> None:
    """A subscription is refreshed at every start of the planner: a FIFO would keep it
    waiting for a writer and /dev/zero would fill the memory."""
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    folder = tmp_path / "vdir"
    folder.mkdir()
    (folder / "a.ics").write_text(calendar(event("lunch@home", "20261126T120000", "20261126T130000", "Lunch")))
    os.mkfifo(folder / "b.ics")
    subscribe(store, f'[calendars.pipe]\nsource = "{fifo}"\n[calendars.zero]\nsource = "/dev/zero"\n')
    subscribe(store, f'[calendars.folder]\nsource = "{folder}"\n')
    done = run_limited("refresh")
    assert "Traceback" not in done.stderr and done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "folder: 1 added, 0 updated, 0 removed",
        f"folder: {folder / 'b.ics'}:1:1: cannot be read: a FIFO (named pipe); what it brought before "
        "stays as it was, and nothing gone from the calendar is removed until it is read",
        f"pipe: not refreshed: {fifo} is a FIFO (named pipe), not a calendar file",
        "work: 2 added, 0 updated, 0 removed",
        "zero: not refreshed: /dev/zero is a device, not a calendar file",
    ]


def test_import_refuses_a_device_and_reads_a_pipe(store: Store) -> None:
    refused = run_limited("import", "/dev/zero")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "/dev/zero is a device, not a calendar file" in refused.stderr
    piped = subprocess.run(
        [sys.executable, "-m", "weekplan", "import", "/dev/stdin"],
        input=calendar(STANDUP),
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert piped.returncode == 0, piped.stderr
    assert titles(store) == [("2026-11-24", "09:30", "Standup")]


def test_check_names_what_is_wrong_in_calendars_with_its_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A subscription that can never refresh once passed `weekplan check`."""
    subscribe(
        store,
        f'[calendars.work]\nsource = "{tmp_path}/w.ics"\n'
        "[calendars.num]\nsource = 5\n"
        '[calendars.odd]\nsource = "x.ics"\nall_day = "yes"\n',
    )
    lines = store.config_path.read_text().splitlines()
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    num, odd = lines.index("source = 5") + 1, lines.index('all_day = "yes"') + 1
    assert err == [
        f"{store.config_path}:{num}:10: [calendars.num]: source must name an .ics file or a folder of them",
        f"{store.config_path}:{odd}:11: [calendars.odd]: editable, all_day and two_way are true or false",
        "2 problems found",
    ]


def test_a_refresh_reads_what_another_refresh_brought_in_meanwhile(store: Store, work: Path) -> None:
    # The planner's store has read the week; cron's refresh brings the calendar in; the
    # planner's refresh must see those events, not add them a second time.
    planner = Store(store.root)
    assert planner.activities_between(TODAY, date(2026, 11, 29)) == []
    assert refresh(Store(store.root), TODAY).lines == ["work: 2 added, 0 updated, 0 removed"]
    assert refresh(planner, TODAY).lines == ["work: 0 added, 0 updated, 0 removed"]
    assert titles(store) == [("2026-11-24", "09:30", "Standup"), ("2026-11-25", "14:00", "Review")]


def meeting_after_each_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each plan_import waits, after planning, for another to have planned too: two
    that both hold a plan meet, and then each writes what it planned."""
    import threading

    from weekplan import ics_import

    planned = threading.Barrier(2)
    plan_import = ics_import.plan_import

    def plan_then_meet(*args: object, **kwargs: object) -> object:
        plan = plan_import(*args, **kwargs)  # type: ignore[arg-type]
        # Broken after a second alone: the other waits for this one to write, as it should.
        with contextlib.suppress(threading.BrokenBarrierError):
            planned.wait(timeout=1)
        return plan

    monkeypatch.setattr(ics_import, "plan_import", plan_then_meet)


def at_once(target: object, *args: object) -> None:
    import threading

    threads = [threading.Thread(target=target, args=args) for _ in range(2)]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


@pytest.mark.parametrize("two_way", [False, True])
def test_two_refreshes_at_once_bring_each_event_in_once(
    store: Store, work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_way: bool
) -> None:
    if two_way:
        folder = tmp_path / "phone"
        folder.mkdir()
        (folder / "standup.ics").write_text(calendar(STANDUP))
        (folder / "review.ics").write_text(calendar(REVIEW))
        subscribe(store, f'[calendars.phone]\nsource = "{folder}"\ntwo_way = true\n')
        work.write_text(calendar())
    meeting_after_each_plan(monkeypatch)
    at_once(lambda: refresh(Store(store.root), TODAY))
    assert titles(store) == [("2026-11-24", "09:30", "Standup"), ("2026-11-25", "14:00", "Review")]


def test_a_refresh_plans_without_the_lock_and_plans_again_after_a_write_meanwhile(
    store: Store, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The planner's saves wait on the data's lock: a refresh holds it only to write.
    from weekplan import ics_import
    from weekplan.model import Activity
    from weekplan.store import data_dir_lock

    plan_import = ics_import.plan_import
    plans = []
    mine = Activity("mine00000001", date(2026, 11, 24), 9 * 60, 10 * 60, "Standup", "work")

    def plan_while_another_writes(*args: object, **kwargs: object) -> object:
        plans.append(1)
        if len(plans) == 1:
            with data_dir_lock(store.root, wait=False):  # BlockingIOError if the refresh held it
                pass
            Store(store.root).put_activity(mine)  # the planner's save, meanwhile
        return plan_import(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ics_import, "plan_import", plan_while_another_writes)
    assert refresh(Store(store.root), TODAY).lines == ["work: 2 added, 0 updated, 0 removed"]
    assert len(plans) == 2  # the first plan was made before that save: made again
    assert mine in Store(store.root).all_activities()  # kept, beside the calendar's two
    assert len(titles(store)) == 3


def test_a_two_way_folder_is_exported_without_the_datas_lock(
    store: Store, work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Exporting every item (twice a sync) under the lock held the planner's saves up.
    from weekplan import vdir
    from weekplan.store import data_dir_lock

    folder = tmp_path / "phone"
    folder.mkdir()
    (folder / "standup.ics").write_text(calendar(STANDUP))
    subscribe(store, f'[calendars.phone]\nsource = "{folder}"\ntwo_way = true\n')
    work.write_text(calendar())
    outgoing = vdir._outgoing
    exports = []

    def export_where_a_save_could_lock(*args: object) -> object:
        with data_dir_lock(store.root, wait=False):  # BlockingIOError if the sync held it
            exports.append(1)
        return outgoing(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(vdir, "_outgoing", export_where_a_save_could_lock)
    lines = refresh(Store(store.root), TODAY).lines
    assert "phone: 1 changed in the folder (1 items in, 0 replaced or removed); 0 written, 0 deleted" in lines
    assert len(exports) == 2
    assert titles(store) == [("2026-11-24", "09:30", "Standup")]


def test_two_imports_of_one_calendar_at_once_bring_it_in_once(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "club.ics"
    path.write_text(calendar(STANDUP, REVIEW))
    meeting_after_each_plan(monkeypatch)
    at_once(lambda: cli.main(["import", str(path)]))
    assert titles(store) == [("2026-11-24", "09:30", "Standup"), ("2026-11-25", "14:00", "Review")]
    assert "already here from an earlier import, not added again: 2" in capsys.readouterr().out


class Crash(BaseException):
    """The process killed: nothing after it runs."""


def test_a_crash_in_a_refresh_never_leaves_an_updated_event_gone(
    store: Store, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An update took the old version out with one write and put the new one in with
    # another: killed between them, the event was gone, and with it the done mark
    # kept here (the next refresh brought the event back as new, not done).
    refresh(Store(store.root), TODAY)
    fresh = Store(store.root)
    (standup,) = [a for a in fresh.all_activities() if a.title == "Standup"]
    fresh.put_activity(replace(standup, done=True))
    work.write_text(
        calendar(event("standup@work", "20261124T100000", "20261124T101500", "Standup", "SEQUENCE:1\n"), REVIEW)
    )
    edit_many = Store._edit_many
    writes: list[object] = []

    def crash_after_the_first(self: Store, *args: object, **kwargs: object) -> object:
        if writes:
            raise Crash
        writes.append(args)
        return edit_many(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_edit_many", crash_after_the_first)
    with contextlib.suppress(Crash):
        refresh(Store(store.root), TODAY)
    monkeypatch.undo()
    (kept,) = [a for a in Store(store.root).all_activities() if a.title == "Standup"]
    assert (kept.id, kept.done, format_time(kept.start)) == (standup.id, True, "10:00")


def test_a_calendar_named_by_a_relative_path_is_a_problem_never_read_from_where_weekplan_starts(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    start = tmp_path / "elsewhere"
    start.mkdir()
    monkeypatch.chdir(start)
    config = store.config_path.read_text()
    subscribe(store, '[calendars.phone]\nsource = "phone"\ntwo_way = true\n')
    assert cli.main(["refresh"]) == 1
    said = "[calendars.phone]: 'phone' is not a full path; write it like ~/calendars/work.ics"
    assert said in capsys.readouterr().out
    assert list(start.iterdir()) == []  # no folder made where weekplan happened to start
    assert cli.main(["check"]) == 1
    line = len(config.splitlines()) + 3
    assert f"{store.config_path}:{line}:10: {said}" in capsys.readouterr().err


def test_a_folder_with_a_file_that_cannot_be_read_refreshes_the_rest_and_keeps_its_events(
    store: Store, tmp_path: Path
) -> None:
    """One file of a read-only folder that cannot be read (cut short by an editor, bad
    bytes, a FIFO by its name) costs that file only: the others are refreshed, and
    its events are neither removed (what it holds is not known) nor brought twice
    once it can be read again."""
    folder = tmp_path / "team"
    folder.mkdir()
    files = {
        "standup": STANDUP,
        "review": REVIEW,
        "lunch": event("lunch@work", "20261126T120000", "20261126T130000", "Lunch"),
    }
    for name, each in files.items():
        (folder / f"{name}.ics").write_text(calendar(each))
    subscribe(store, f'[calendars.team]\nsource = "{folder}"\n')
    assert refresh(store, TODAY).lines == ["team: 3 added, 0 updated, 0 removed"]

    review_file = folder / "review.ics"
    kept = review_file.read_bytes()
    review_file.write_bytes(b"BEGIN:VCALENDAR\nVERSION:2.0\nSUMMARY:caf\xe9\n")  # bad bytes on line 3
    (folder / "standup.ics").write_text(calendar(STANDUP.replace("Standup", "Daily standup")))
    (folder / "lunch.ics").unlink()
    (folder / "planning.ics").write_text(calendar(event("plan@work", "20261127T100000", "20261127T110000", "Plan")))
    refreshed = refresh(store, TODAY)
    assert refreshed.lines == [
        "team: 1 added, 1 updated, 0 removed",
        f"team: {review_file}:3:12: not UTF-8 text (byte 0xe9); what it brought before stays as it was, "
        "and nothing gone from the calendar is removed until it is read",
    ]
    assert refreshed.incomplete  # a script is told, though the rest was refreshed
    assert titles(store) == [
        ("2026-11-24", "09:30", "Daily standup"),
        ("2026-11-25", "14:00", "Review"),
        ("2026-11-26", "12:00", "Lunch"),
        ("2026-11-27", "10:00", "Plan"),
    ]

    review_file.write_bytes(kept)  # readable again: its event is here already, and what is gone goes
    assert refresh(store, TODAY) == Refreshed(["team: 0 added, 0 updated, 1 removed"], incomplete=False)
    assert titles(store) == [
        ("2026-11-24", "09:30", "Daily standup"),
        ("2026-11-25", "14:00", "Review"),
        ("2026-11-27", "10:00", "Plan"),
    ]


LUNCH = event("lunch@home", "20261126T120000", "20261126T130000", "Lunch")
HALF_OPEN = calendar(STANDUP, REVIEW)[:-40]  # cut short inside the review's event


@pytest.mark.parametrize(
    ("broken", "where"),
    [
        (calendar(STANDUP, REVIEW).replace("Review", "R\udce9view"), ":16:10: not UTF-8 text (byte 0xe9)"),
        (calendar(STANDUP, REVIEW).replace("VERSION:2.0", "VERSION 2.0"), ":1:1: not valid iCalendar: Content line"),
        (HALF_OPEN, ":1:1: not valid iCalendar: a BEGIN:VCALENDAR without its END:VCALENDAR"),
        (
            calendar(STANDUP, REVIEW).replace("END:VCALENDAR", "BEGIN:VCALENDAR\n" * 3000 + "END:VCALENDAR"),
            ":1:1: not valid iCalendar: a BEGIN:VCALENDAR without its END:VCALENDAR",
        ),
    ],
    ids=["bad bytes", "a broken line", "cut short", "nested too deep"],
)
def test_a_calendar_file_that_cannot_be_read_costs_that_calendar_only(
    store: Store, tmp_path: Path, work: Path, broken: str, where: str
) -> None:
    """Each subscription stands alone: the others are refreshed, the unreadable one is
    named at its line and column, and its events stay, neither removed nor brought
    twice when it can be read again."""
    home = tmp_path / "home.ics"
    home.write_text(calendar(LUNCH))
    subscribe(store, f'[calendars.home]\nsource = "{home}"\n')
    assert refresh(Store(store.root), TODAY).lines == [
        "home: 1 added, 0 updated, 0 removed",
        "work: 2 added, 0 updated, 0 removed",
    ]

    kept = work.read_bytes()
    work.write_bytes(broken.encode("utf-8", "surrogateescape"))
    home.write_text(calendar(LUNCH.replace("Lunch", "Long lunch")))
    refreshed = refresh(Store(store.root), TODAY)
    assert refreshed.lines[0] == "home: 0 added, 1 updated, 0 removed"
    assert refreshed.lines[1].startswith(f"work: not refreshed: {work}{where}"), refreshed.lines
    assert len(refreshed.lines) == 2 and refreshed.incomplete
    assert titles(store) == [
        ("2026-11-24", "09:30", "Standup"),
        ("2026-11-25", "14:00", "Review"),
        ("2026-11-26", "12:00", "Long lunch"),
    ]

    work.write_bytes(kept.replace(b"Review", b"Design review"))
    assert refresh(Store(store.root), TODAY) == Refreshed(
        ["home: 0 added, 0 updated, 0 removed", "work: 0 added, 1 updated, 0 removed"], incomplete=False
    )
    assert [title for *_, title in titles(store)] == ["Standup", "Design review", "Long lunch"]


def test_an_event_that_cannot_be_read_keeps_what_it_brought_and_is_named(
    store: Store, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Named, yet the calendar counts as refreshed: one that keeps a broken event for
    good would otherwise fail every `weekplan refresh && vdirsyncer sync`."""
    refresh(Store(store.root), TODAY)
    review = REVIEW.replace("DTSTART:20261125T", "DTSTART:2026112")
    work.write_text(calendar(STANDUP.replace("Standup", "Daily standup"), review))
    refreshed = refresh(Store(store.root), TODAY)
    assert refreshed.lines == [
        "work: 0 added, 1 updated, 0 removed",
        f"work: {work}:14:1: DTSTART: Expected datetime, date, or time. Got: '2026112140000'; "
        "that event was left out; "
        "what it brought before stays as it was",
    ]
    assert not refreshed.incomplete
    assert [title for *_, title in titles(store)] == ["Daily standup", "Review"]
    assert cli.main(["refresh"]) == 0
    assert "that event was left out" in capsys.readouterr().out


def test_an_event_whose_uid_cannot_be_read_removes_nothing_gone_from_its_calendar(store: Store, work: Path) -> None:
    """Its UID is how what it brought before is known: without it, every event gone
    from the calendar might be that one, so none is removed until it can be read."""
    refresh(Store(store.root), TODAY)
    work.write_text(calendar(STANDUP.replace("UID:standup@work", 'UID;X="open:standup@work')))  # the review is gone
    refreshed = refresh(Store(store.root), TODAY)
    assert refreshed.lines == [
        "work: 0 added, 0 updated, 0 removed",
        f"work: {work}:5:1: line: Content line could not be parsed into parts: "
        """'UID;X="open:standup@work': 'X="open:standup@work' is not a valid parameter string: "open:standup@work; """
        "that event was left out; what it brought before stays as it was, "
        "and nothing gone from the calendar is removed until it is read",
    ]
    assert not refreshed.incomplete  # one event, named: the rest of the calendar was read
    assert [title for *_, title in titles(store)] == ["Standup", "Review"]

    work.write_text(calendar(STANDUP))  # readable: now the review is known to be gone
    assert refresh(Store(store.root), TODAY) == Refreshed(["work: 0 added, 0 updated, 1 removed"], incomplete=False)
    assert [title for *_, title in titles(store)] == ["Standup"]


def test_an_event_with_no_uid_line_left_out_still_lets_its_calendar_remove_what_is_gone(
    store: Store, tmp_path: Path
) -> None:
    """calcurse exports events with no UID line at all: each is known by a UID made
    from what it says, so one that cannot be read keeps what it brought, and the rest
    of the calendar still removes an event deleted there."""

    def without_uid(text: str) -> str:
        return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("UID:"))

    backwards = without_uid(event("x", "20261126T140000", "20261126T130000", "Backwards"))
    exported = tmp_path / "calcurse.ics"
    exported.write_text(calendar(without_uid(STANDUP), without_uid(REVIEW), backwards))
    subscribe(store, f'[calendars.cc]\nsource = "{exported}"\n')
    refresh(Store(store.root), TODAY)
    assert [title for *_, title in titles(store)] == ["Standup", "Review"]

    exported.write_text(calendar(without_uid(STANDUP), backwards))  # the review is cancelled
    refreshed = refresh(Store(store.root), TODAY)
    assert refreshed.lines == [
        "cc: 0 added, 0 updated, 1 removed",
        f"cc: {exported}:10:1: event 'Backwards' ends before it starts; that event was left out; "
        "what it brought before stays as it was",
    ]
    assert [title for *_, title in titles(store)] == ["Standup"]


def test_refresh_exits_1_when_anything_was_left_unread_after_refreshing_the_rest(
    store: Store, tmp_path: Path, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "lunch.ics").write_text(calendar(LUNCH))
    subscribe(store, f'[calendars.team]\nsource = "{folder}"\n')
    assert cli.main(["refresh"]) == 0
    capsys.readouterr()

    (folder / "plan.ics").write_bytes(b"BEGIN:VCALENDAR\nBEGIN:VEV")  # cut short as an editor is killed
    work.write_text(calendar(STANDUP, REVIEW, LUNCH.replace("lunch@home", "lunch@work")))
    assert cli.main(["refresh"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "team: 0 added, 0 updated, 0 removed"
    assert out[1].startswith(f"team: {folder / 'plan.ics'}:1:1: not valid iCalendar")
    assert out[2] == "work: 1 added, 0 updated, 0 removed"

    (folder / "plan.ics").unlink()
    assert cli.main(["refresh"]) == 0


def test_a_calendar_subscribed_to_twice_is_read_once_and_named(
    store: Store, tmp_path: Path, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two names for one file (or a file of a subscribed folder) would take its events
    from each other at every refresh, writing them each time."""
    link = tmp_path / "link.ics"
    link.symlink_to(work)
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "lunch.ics").write_text(calendar(LUNCH))
    subscribe(
        store,
        f'[calendars.again]\nsource = "{link}"\ncategory = "hobby"\n'
        f'[calendars.lunch]\nsource = "{folder / "lunch.ics"}"\n'
        f'[calendars.team]\nsource = "{folder}"\n',
    )
    twice = [
        f"config.toml [calendars.again]: {link} is read by [calendars.work] already; subscribe to a calendar once",
        f"config.toml [calendars.lunch]: {folder / 'lunch.ics'} is read by [calendars.team] already; "
        "subscribe to a calendar once",
    ]
    refreshed = refresh(Store(store.root), TODAY)
    assert refreshed.lines == [*twice, "team: 1 added, 0 updated, 0 removed", "work: 2 added, 0 updated, 0 removed"]
    assert refreshed.incomplete
    assert refresh(Store(store.root), TODAY).lines == [
        *twice,
        "team: 0 added, 0 updated, 0 removed",
        "work: 0 added, 0 updated, 0 removed",
    ]
    assert [title for *_, title in titles(store)] == ["Standup", "Review", "Lunch"]

    assert cli.main(["check"]) == 1
    config, err = store.config_path.read_text().splitlines(), capsys.readouterr().err
    for name, said in zip(["again", "lunch"], twice, strict=True):
        source_line = config.index(f"[calendars.{name}]") + 2  # the line after it, counted from 1
        assert f"{store.config_path}:{source_line}:10: {said.removeprefix('config.toml ')}" in err


def test_a_second_name_added_for_a_calendar_never_takes_it_from_the_first(store: Store, work: Path) -> None:
    """The name config.toml lists first keeps the calendar, whatever the other is
    called: one added later and sorted first must not leave the events already here
    to nobody, never removed when they are deleted from the calendar."""
    refresh(Store(store.root), TODAY)
    subscribe(store, f'[calendars.allwork]\nsource = "{work}"\n')
    named = f"config.toml [calendars.allwork]: {work} is read by [calendars.work] already; subscribe to a calendar once"
    assert refresh(Store(store.root), TODAY).lines == [named, "work: 0 added, 0 updated, 0 removed"]

    work.write_text(calendar(STANDUP))  # the review is cancelled
    assert refresh(Store(store.root), TODAY).lines == [named, "work: 0 added, 0 updated, 1 removed"]
    assert [title for *_, title in titles(store)] == ["Standup"]


def test_a_two_way_folder_is_never_synced_under_a_new_name(store: Store, tmp_path: Path) -> None:
    """Its items carry the name they came in by: synced under another, every file
    weekplan wrote there would count as deleted in weekplan and go from the phone."""
    folder = tmp_path / "phone"
    folder.mkdir()
    (folder / "dentist.ics").write_text(
        calendar(event("dentist@phone", "20261124T093000", "20261124T100000", "Dentist"))
    )
    subscribe(store, f'[calendars.phone]\nsource = "{folder}"\ntwo_way = true\n')
    refresh(Store(store.root), TODAY)
    (dentist,) = Store(store.root).all_activities()
    Store(store.root).put_activity(replace(dentist, done=True))
    refresh(Store(store.root), TODAY)  # the done mark goes out: the file is weekplan's now
    written = (folder / "dentist.ics").read_bytes()

    config = store.config_path.read_text()
    store.config_path.write_text(config.replace("[calendars.phone]", "[calendars.mobile]"))
    refreshed = refresh(Store(store.root), TODAY)
    assert refreshed == Refreshed(
        [f"mobile: not synced: {folder} is synced as [calendars.phone]; give that name back to it in config.toml"],
        incomplete=True,
    )
    assert (folder / "dentist.ics").read_bytes() == written

    store.config_path.write_text(config)
    assert refresh(Store(store.root), TODAY).lines == [
        "phone: 0 changed in the folder (0 items in, 0 replaced or removed); 0 written, 0 deleted"
    ]
    (dentist,) = Store(store.root).all_activities()
    assert dentist.done and (folder / "dentist.ics").read_bytes() == written


def test_one_meeting_in_two_calendars_stays_with_the_one_that_brought_it(store: Store, tmp_path: Path) -> None:
    """Two calendars holding their own copy of one meeting (one UID, the same version,
    a title that differs) took it from each other at every refresh, writing it twice;
    a newer version comes in from either."""
    team, mine = tmp_path / "team.ics", tmp_path / "mine.ics"
    team.write_text(calendar(STANDUP))
    mine.write_text(calendar(STANDUP.replace("Standup", "Standup (mine)")))
    subscribe(store, f'[calendars.mine]\nsource = "{mine}"\n[calendars.team]\nsource = "{team}"\n')
    unchanged = ["mine: 0 added, 0 updated, 0 removed", "team: 0 added, 0 updated, 0 removed"]
    assert refresh(Store(store.root), TODAY).lines == ["mine: 1 added, 0 updated, 0 removed", unchanged[1]]
    assert refresh(Store(store.root), TODAY).lines == unchanged
    assert titles(store) == [("2026-11-24", "09:30", "Standup (mine)")]

    newer = STANDUP.replace("SUMMARY:Standup", "SEQUENCE:1\nSUMMARY:Standup, moved to the big room")
    team.write_text(calendar(newer))
    assert refresh(Store(store.root), TODAY).lines == [unchanged[0], "team: 0 added, 1 updated, 0 removed"]
    assert refresh(Store(store.root), TODAY).lines == unchanged
    assert titles(store) == [("2026-11-24", "09:30", "Standup, moved to the big room")]


def test_a_calendar_file_too_large_to_read_at_every_start_is_named_never_read(
    store: Store, tmp_path: Path, work: Path
) -> None:
    """A source mistyped into a disk image would be read whole at every start."""
    from weekplan.subscriptions import CALENDAR_LIMIT_BYTES

    image = tmp_path / "disk.ics"
    with image.open("wb") as handle:
        handle.truncate(CALENDAR_LIMIT_BYTES + 1)  # sparse: no room taken
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "lunch.ics").write_text(calendar(LUNCH))
    (folder / "huge.ics").symlink_to(image)
    subscribe(store, f'[calendars.disk]\nsource = "{image}"\n[calendars.team]\nsource = "{folder}"\n')
    too_large = (
        f"{CALENDAR_LIMIT_BYTES / 1024 / 1024:.1f} MB, more than the {CALENDAR_LIMIT_BYTES >> 20} MB weekplan reads"
    )
    refreshed = refresh(Store(store.root), TODAY)
    assert refreshed.lines == [
        f"disk: not refreshed: {image} is {too_large}",
        "team: 1 added, 0 updated, 0 removed",
        f"team: {folder / 'huge.ics'}:1:1: cannot be read: {too_large}; what it brought before stays as it was, "
        "and nothing gone from the calendar is removed until it is read",
        "work: 2 added, 0 updated, 0 removed",
    ]
    assert refreshed.incomplete
