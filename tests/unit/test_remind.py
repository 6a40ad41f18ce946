"""Reminders without the planner open: `weekplan remind` for cron or a timer, with an
exit status for scripts and the desktop's notifier, and VALARMs in the export so
that a phone reminds too."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from weekplan import cli
from weekplan.ics_export import export_calendar
from weekplan.ics_import import plan_import
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.remind import MAX_NOTICES, REST_LINE_WIDTH, REST_LINES
from weekplan.store import Store
from weekplan.weeks import IsoWeek, parse_time

BERLIN = ZoneInfo("Europe/Berlin")


def fill(store: Store) -> None:
    store.put_date(
        SpecialDate(
            "d1",
            date(2026, 11, 27),
            "dinner by the river",
            parse_time("19:30"),
            parse_time("22:00"),
            place="Ufer",
            prep="book a table",
            prep_days=3,
        )
    )
    store.put_date(SpecialDate("d2", date(2026, 12, 12), "day at the lake"))
    store.put_activity(
        Activity(
            "a1", date(2026, 11, 25), parse_time("18:00"), parse_time("19:00"), "dentist", "rest", extra={"remind": 30}
        )
    )
    store.put_activity(Activity("a2", date(2026, 11, 25), parse_time("20:00"), parse_time("21:00"), "reading", "hobby"))
    store.put_activity(
        Activity(
            "a3",
            date(2026, 11, 26),
            parse_time("08:00"),
            parse_time("09:00"),
            "gym",
            "fitness",
            done=True,
            extra={"remind": 15},
        )
    )


def remind(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status = cli.main(["remind", *args])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def test_a_date_reminds_an_hour_before(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    status, lines, _ = remind(capsys, "--at", "2026-11-27T18:25", "--within", "10")
    assert status == 0
    assert lines == ["Fri 27 Nov 18:30  dinner by the river  —  together, Fri 27 Nov 19:30 @ Ufer"]


def test_nothing_due_is_exit_status_1_and_silence(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    assert remind(capsys, "--at", "2026-11-27T18:31", "--within", "10") == (1, [], "")


def test_a_preparation_reminds_at_the_start_of_its_day(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    status, lines, _ = remind(capsys, "--at", "2026-11-24T07:00", "--within", "1")
    assert status == 0
    assert lines == ["Tue 24 Nov 07:00  book a table  —  preparation for 'dinner by the river' on Fri 27 Nov"]


def test_an_activity_reminds_when_it_asks_and_not_once_done(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    status, lines, _ = remind(capsys, "--at", "2026-11-25T17:00", "--within", "240")
    assert status == 0
    assert lines == ["Wed 25 Nov 17:30  dentist  —  18:00–19:00 #rest"]  # reading asks for none
    assert remind(capsys, "--at", "2026-11-26T07:40", "--within", "30")[0] == 1  # gym is done


def test_a_whole_day_is_a_window_for_a_daily_timer(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    status, lines, _ = remind(capsys, "--at", "2026-11-27T00:00", "--within", str(24 * 60))
    assert status == 0 and len(lines) == 1 and "dinner by the river" in lines[0]


def fake_notifier(folder: Path) -> Path:
    log = folder / "notified.txt"
    script = folder / "notify-send"
    script.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> "{log}"\necho >> "{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log


def test_notify_uses_notify_send(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = fake_notifier(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    status, lines, err = remind(capsys, "--at", "2026-11-27T18:25", "--within", "10", "--notify")
    assert status == 0 and err == "" and len(lines) == 1
    (call,) = log.read_text().splitlines()
    assert call.startswith("--app-name=weekplan|--|dinner by the river|Fri 27 Nov 18:30  dinner by the river")


def many_due(store: Store, count: int) -> None:
    """`count` calls on Wed 25 Nov at 18:00, each asking to be reminded at 17:30."""
    start, end = parse_time("18:00"), parse_time("19:00")
    for number in range(count):
        call = Activity(f"m{number}", date(2026, 11, 25), start, end, f"call {number}", "rest", extra={"remind": 30})
        store.put_activity(call)


def test_many_reminders_at_once_are_a_few_notices_and_one_of_how_many_more(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_due(store, 40)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = fake_notifier(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    status, lines, err = remind(capsys, "--at", "2026-11-25T17:25", "--within", "10", "--notify")
    assert (status, err, len(lines)) == (0, "", 40)  # printed, every one
    calls = log.read_text().split("|\n")[:-1]  # a body may be of several lines
    assert len(calls) == MAX_NOTICES
    assert [call.split("|")[2] for call in calls[:-1]] == ["call 0", "call 1", "call 10", "call 11"]
    # The rest are named in the last notice (from cron, once past, nothing lists them).
    _app, _dashes, title, body = calls[-1].split("|")
    assert title == f"{40 - MAX_NOTICES + 1} more reminders"
    rest = body.split("\n")
    assert len(rest) == REST_LINES and rest[-1] == f"… and {40 - MAX_NOTICES + 1 - REST_LINES + 1} more"
    assert [line.split("  ")[1] for line in rest[:-1]] == ["call 12", "call 13", "call 14", "call 15", "call 16"]


def test_the_rest_named_in_the_last_notice_are_cut_and_shown_harmlessly(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_due(store, MAX_NOTICES + 1)
    hostile = "zz \x1b]52;c;aGk=\x07call\x1b[2J " + "x" * 200 + "\u202e"  # sorted last: among the rest
    week = store.week(IsoWeek(2026, 48))
    last = max(week.items.values(), key=lambda a: a.title)
    store.put_activity(replace(last, title=hostile))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = fake_notifier(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    remind(capsys, "--at", "2026-11-25T17:25", "--within", "10", "--notify")
    body = log.read_text().split("|\n")[-2].split("|")[3]
    assert len(body.split("\n")) == 2  # the two left after the first few, one line each
    assert all(len(line) <= REST_LINE_WIDTH for line in body.split("\n"))
    assert not any(ch in body for ch in "\x1b\x07\u202e") and "…" in body


def test_a_notifier_that_fails_is_asked_once_not_for_each_reminder(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_due(store, 3)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "asked.txt"
    script = bin_dir / "notify-send"
    script.write_text(f'#!/bin/sh\necho asked >> "{log}"\nexit 1\n')  # no display to show it on
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    status, lines, err = remind(capsys, "--at", "2026-11-25T17:25", "--within", "10", "--notify")
    assert (status, len(lines)) == (0, 3)
    assert log.read_text() == "asked\n"
    assert err.startswith(f"weekplan remind: {script} failed; 3 of 3 notices not shown; said once")


def test_notify_without_a_notifier_prints_and_says_so(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    status, lines, err = remind(capsys, "--at", "2026-11-27T18:25", "--within", "10", "--notify")
    assert status == 0 and len(lines) == 1
    assert "no desktop notifier (notify-send) found" in err


def test_control_characters_in_a_title_never_reach_the_terminal(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.put_date(SpecialDate("d9", date(2026, 11, 27), "\x1b]0;pwned\x07dinner\x1b[2J", parse_time("19:30")))
    status, lines, _ = remind(capsys, "--at", "2026-11-27T18:30", "--within", "1")
    assert status == 0 and "\x1b" not in lines[0] and "\x07" not in lines[0] and "dinner" in lines[0]


def test_an_unreadable_file_is_exit_status_2(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    store.dates_path(2026).write_text("this is = = not toml\n")
    status, _, err = remind(capsys, "--at", "2026-11-25T17:00", "--within", "60")
    assert status == 2 and "dates/2026.toml:1:" in err and "reminders were not checked" in err


@pytest.mark.parametrize("value", ['"30"', "15.5", "-5", str(7 * 24 * 60 + 1), "true"])
def test_a_remind_by_hand_that_cannot_remind_is_a_problem_not_silence(
    store: Store, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    """`remind = "30"` in a week file once passed `check` and then never reminded."""
    fill(store)
    week = store.week_path(IsoWeek(2026, 48))
    week.write_text(week.read_text().replace("remind = 30", f"remind = {value}"))
    special = store.dates_path(2026)
    special.write_text(special.read_text().replace('status = "planned"', f'status = "planned"\nremind = {value}', 1))
    store.forget()
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    for path in (week, special):
        line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("remind"))
        assert f"{path}:{line}:10: " in err, err
    assert "'remind' must be a whole number of minutes from 0 to 10080" in err
    # weekplan remind says its reminders were not all checked, rather than nothing is due.
    status, _, err = remind(capsys, "--at", "2026-11-25T17:00", "--within", "60")
    assert status == 2 and "reminders were not checked" in err


def test_the_export_carries_alarms_and_preparations(store: Store, tmp_path: Path) -> None:
    fill(store)
    data, _ = export_calendar(store, zone=BERLIN)
    cal = Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in cal.events}
    (dinner_alarm,) = [c for c in events["d1@weekplan"].subcomponents if c.name == "VALARM"]
    assert dinner_alarm.decoded("TRIGGER") == -timedelta(hours=1)
    lake = [c for c in events["d2@weekplan"].subcomponents if c.name == "VALARM"]
    assert lake[0].decoded("TRIGGER") == timedelta(hours=7)  # the start of the planner's day
    dentist = [c for c in events["a1@weekplan"].subcomponents if c.name == "VALARM"]
    assert dentist[0].decoded("TRIGGER") == -timedelta(minutes=30)
    assert not [c for c in events["a2@weekplan"].subcomponents if c.name == "VALARM"]
    (todo,) = cal.todos
    assert (str(todo["SUMMARY"]), todo.decoded("DUE")) == ("book a table", date(2026, 11, 24))
    assert str(todo["RELATED-TO"]) == "d1@weekplan"
    # Importing the export back adds nothing and says nothing about the preparation.
    plan = plan_import([(tmp_path / "out.ics", data)], store, zone=BERLIN, today=date(2026, 11, 23))
    assert plan.empty and not [n for n in plan.notes if "to-do" in n]


@pytest.mark.parametrize(
    "at",
    ["0001-01-01T00:05", "9999-12-31T23:00", "0001-01-01T00:05+05:00", "9999-12-31T23:00-05:00", "1899-12-31T23:59"],
)
@pytest.mark.parametrize("how", [[], ["--once"], ["--notify"]])
def test_a_time_out_of_range_is_a_usage_error(
    store: Store, capsys: pytest.CaptureFixture[str], at: str, how: list[str]
) -> None:
    fill(store)
    status, lines, err = remind(capsys, "--at", at, *how)
    assert (status, lines) == (2, [])
    assert "--at takes a time from the year 1900 to 9998" in err and "Traceback" not in err
    assert not (store.root.parent / "state").exists()  # nothing was kept of it


def test_notify_and_once_together_are_a_usage_error(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["remind", "--notify", "--once"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert not (store.root.parent / "state").exists()
