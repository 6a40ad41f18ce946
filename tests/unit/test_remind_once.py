"""`weekplan remind --notify` (and `--once`) from cron or a timer: every reminder once on
this machine, one missed shown late rather than never, whatever the timing of the
runs, a clock moved back, two runs at once, a kill, a full disk or an odd record.

The clock is `--at`, moved by each test; the record is kept in the test's own state
folder (tests/conftest.py sets WEEKPLAN_STATE_DIR)."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from small_disk import small_tmpfs
from weekplan import cli
from weekplan.model import Activity, SpecialDate
from weekplan.record import replace
from weekplan.remind_state import MAX_STATE_BYTES, STATE_VAR, state_path
from weekplan.store import Store
from weekplan.weeks import IsoWeek, parse_time

DENTIST = "Wed 25 Nov 17:30  dentist  —  18:00–19:00 #rest"


def fill(store: Store) -> None:
    """A preparation on Tue 24 Nov 07:00, the dentist's reminder on Wed 25 Nov 17:30 and
    the dinner's on Fri 27 Nov 18:30."""
    store.put_date(
        SpecialDate(
            "d1",
            date(2026, 11, 27),
            "dinner by the river",
            parse_time("19:30"),
            parse_time("22:00"),
            prep="book a table",
            prep_days=3,
        )
    )
    dentist = Activity(
        "a1", date(2026, 11, 25), parse_time("18:00"), parse_time("19:00"), "dentist", "rest", extra={"remind": 30}
    )
    store.put_activity(dentist)


def once(capsys: pytest.CaptureFixture[str], at: str, within: int = 5) -> tuple[int, list[str], str]:
    status = cli.main(["remind", "--once", "--at", at, "--within", str(within)])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def record(store: Store, channel: str = "print") -> Path:
    return state_path(Path(os.environ[STATE_VAR]), store.root, channel)


def test_a_reminder_on_the_edge_of_two_windows_comes_once(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    # Both windows hold 17:30: shown by the first only.
    assert once(capsys, "2026-11-25T17:25:30") == (0, [DENTIST], "")
    assert once(capsys, "2026-11-25T17:30:10") == (1, [], "")


def test_a_reminder_between_two_windows_still_comes(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    # The first window ends just before 17:30, the second starts just after it.
    assert once(capsys, "2026-11-25T17:24:50") == (1, [], "")
    assert once(capsys, "2026-11-25T17:30:10") == (0, [DENTIST], "")  # under a minute late: not said
    assert once(capsys, "2026-11-25T17:35:10") == (1, [], "")


def test_a_run_after_a_sleep_catches_up_saying_how_late(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    assert once(capsys, "2026-11-25T17:00")[0] == 1
    assert once(capsys, "2026-11-25T19:05") == (0, [f"{DENTIST}  (1 h 35 min late)"], "")
    assert once(capsys, "2026-11-25T19:10")[0] == 1


def test_what_is_older_than_the_limit_is_counted_in_one_line(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    assert once(capsys, "2026-11-23T08:00")[0] == 1
    status, lines, _ = once(capsys, "2026-11-27T20:00")  # four days asleep
    assert status == 0
    assert lines == [
        "2 older reminders missed, from Tue 24 Nov 07:00 to Wed 25 Nov 17:30 (more than 12 hours ago; "
        "'weekplan show' has them)",
        "Fri 27 Nov 18:30  dinner by the river  —  together, Fri 27 Nov 19:30  (1 h 30 min late)",
    ]
    assert once(capsys, "2026-11-27T20:05")[0] == 1  # said once


def test_the_first_run_looks_back_at_nothing(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    assert once(capsys, "2026-11-25T19:05") == (1, [], "")  # the record begins now


def test_a_clock_moved_back_shows_nothing_again(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    assert once(capsys, "2026-11-25T17:26")[1] == [DENTIST]
    assert once(capsys, "2026-11-25T17:21") == (1, [], "")  # five minutes back
    assert once(capsys, "2026-11-24T17:26") == (1, [], "")  # a day back
    assert once(capsys, "2026-11-25T17:31") == (1, [], "")


def test_a_clock_moved_back_before_the_record_began_does_not_move_its_start(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store)
    store.put_activity(
        Activity(
            "a2", date(2026, 11, 25), parse_time("09:00"), parse_time("10:00"), "call", "rest", extra={"remind": 10}
        )
    )
    assert once(capsys, "2026-11-25T17:00") == (1, [], "")  # the record begins: 08:50 is before it
    assert once(capsys, "2026-11-24T17:00") == (1, [], "")  # a day back, for one run
    assert once(capsys, "2026-11-25T17:05") == (1, [], "")  # 08:50 is still before the record


def test_a_moved_activity_comes_at_its_new_time(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    assert once(capsys, "2026-11-25T17:26")[1] == [DENTIST]
    (dentist,) = [a for a in store.week(IsoWeek(2026, 48)).items.values() if a.title == "dentist"]
    store.put_activity(replace(dentist, start=parse_time("20:00"), end=parse_time("21:00")))
    assert once(capsys, "2026-11-25T19:26")[1] == ["Wed 25 Nov 19:30  dentist  —  20:00–21:00 #rest"]
    # Moved again, to a time whose reminder is already past: it comes now, late.
    store.put_activity(replace(dentist, start=parse_time("19:45"), end=parse_time("20:30")))
    assert once(capsys, "2026-11-25T19:31")[1] == ["Wed 25 Nov 19:15  dentist  —  19:45–20:30 #rest  (16 min late)"]


def test_a_look_without_once_marks_nothing(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    status = cli.main(["remind", "--at", "2026-11-25T17:25", "--within", "10"])
    assert (status, capsys.readouterr().out.splitlines()) == (0, [DENTIST])
    assert not Path(os.environ[STATE_VAR]).exists()  # a look neither reads nor writes the record
    assert once(capsys, "2026-11-25T17:26")[1] == [DENTIST]  # checking by hand ate nothing
    status = cli.main(["remind", "--at", "2026-11-25T17:27", "--within", "10"])
    assert (status, capsys.readouterr().out.splitlines()) == (0, [DENTIST])  # a look still shows it


def test_printing_once_eats_no_desktop_notice(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    log = notifier(tmp_path / "bin", "exit 0")
    assert once(capsys, "2026-11-25T17:00")[0] == 1
    assert notify(capsys, "2026-11-25T17:00")[0] == 1
    assert once(capsys, "2026-11-25T17:26")[1] == [DENTIST]  # a script's mail
    assert notify(capsys, "2026-11-25T17:27")[1] == [DENTIST]  # and the desktop, each once
    assert log.read_text() == "dentist\n"
    assert record(store, "print") != record(store, "notify")


def notifier(folder: Path, body: str) -> Path:
    """A notify-send in `folder` that logs each notice's title and runs `body`."""
    log = folder / "notified.txt"
    folder.mkdir(exist_ok=True)
    script = folder / "notify-send"
    script.write_text(f'#!/bin/sh\necho "$3" >> "{log}"\n{body}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log


def notify(capsys: pytest.CaptureFixture[str], at: str) -> tuple[int, list[str], str]:
    status = cli.main(["remind", "--notify", "--at", at, "--within", "5"])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def test_what_the_desktop_did_not_show_comes_again(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    failing = notifier(tmp_path / "bin", "exit 1")  # no desktop yet (before login)
    status, lines, err = notify(capsys, "2026-11-25T17:26")
    assert (status, lines, failing.read_text()) == (0, [DENTIST], "dentist\n")
    assert "1 of 1 notices not shown" in err
    working = notifier(tmp_path / "bin", "exit 0")
    status, lines, err = notify(capsys, "2026-11-25T17:41")
    assert (status, lines, err) == (0, [f"{DENTIST}  (11 min late)"], "")
    assert working.read_text() == "dentist\ndentist\n"
    assert notify(capsys, "2026-11-25T17:46") == (1, [], "")
    assert working.read_text() == "dentist\ndentist\n"


def test_a_desktop_that_keeps_failing_is_said_once_and_tried_a_bounded_number_of_times(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under cron without a desktop every run once wrote to standard error (a mail each)."""
    from weekplan.remind_once import DESKTOP_TRIES

    fill(store)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    failing = notifier(tmp_path / "bin", "exit 1")
    status, lines, err = notify(capsys, "2026-11-25T17:26")
    assert (status, lines) == (0, [DENTIST])
    assert "1 of 1 notices not shown" in err and "said once" in err
    late = [f"{DENTIST}  ({minutes} min late)" for minutes in range(1, 60, 5)]
    for tried in range(1, DESKTOP_TRIES):  # printed again, tried again, nothing said, nothing new
        assert notify(capsys, f"2026-11-25T17:{26 + 5 * tried}") == (1, [late[tried - 1]], "")
    assert failing.read_text() == "dentist\n" * DESKTOP_TRIES
    # Then the printed line was its notice: never again.
    assert notify(capsys, f"2026-11-25T17:{26 + 5 * DESKTOP_TRIES}") == (1, [], "")
    assert failing.read_text() == "dentist\n" * DESKTOP_TRIES
    # The next failure, after the desktop worked again, is a new stretch: said again.
    notifier(tmp_path / "bin", "exit 0")
    assert notify(capsys, "2026-11-27T18:26")[0] == 0
    notifier(tmp_path / "bin", "exit 1")
    store.put_activity(
        Activity(
            "a2", date(2026, 11, 28), parse_time("10:00"), parse_time("11:00"), "call", "rest", extra={"remind": 0}
        )
    )
    status, _, err = notify(capsys, "2026-11-28T09:56")
    assert status == 0 and "said once" in err


def test_no_notifier_at_all_is_said_once(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    status, lines, err = notify(capsys, "2026-11-25T17:26")
    assert (status, lines) == (0, [DENTIST]) and "no desktop notifier (notify-send) found" in err
    assert notify(capsys, "2026-11-25T17:31") == (1, [f"{DENTIST}  (1 min late)"], "")


def test_a_file_that_could_not_be_read_has_its_reminders_counted_once_it_can(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store)
    week = store.week_path(IsoWeek(2026, 48))
    good = week.read_bytes()
    assert once(capsys, "2026-11-25T17:00")[0] == 1
    week.write_text("<<<<<<< HEAD\n")  # a merge left half-done
    status, lines, err = once(capsys, "2026-11-25T17:26")
    assert (status, lines) == (2, []) and "reminders were not checked" in err
    week.write_bytes(good)  # mended the next morning: the dentist is said to have been missed
    status, lines, _ = once(capsys, "2026-11-26T09:00")
    assert (status, lines) == (
        0,
        ["1 older reminder missed, at Wed 25 Nov 17:30 (more than 12 hours ago; 'weekplan show' has them)"],
    )
    assert once(capsys, "2026-11-26T09:05")[0] == 1


def test_a_run_waits_for_another_then_gives_up(tmp_path: Path) -> None:
    from weekplan.remind_state import held

    folder = tmp_path / "state"
    with held(folder), pytest.raises(TimeoutError, match="another weekplan remind holds"), held(folder, 0.2):
        pytest.fail("the lock was taken twice")
    with held(tmp_path / "state", wait_seconds=0.2):  # free again
        pass


# -- the record as it may be found -------------------------------------------------------


def odd_record(kind: str, path: Path, elsewhere: Path, data_dir: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "not json":
        path.write_bytes(b"\x1b]0;pwned\x07 not json at all\n")
    elif kind == "cut short":
        path.write_text('{\n "format": 1,\n "data_dir": "')
    elif kind == "not utf-8":
        path.write_bytes(b'{"format": 1, "x": "\xff"}')
    elif kind == "newer":
        path.write_text(json.dumps({"format": 99}))
    elif kind == "huge number":  # too many digits for Python to read as a number
        path.write_text('{"format": ' + "9" * 5000 + "}")
    elif kind == "wrong types":
        path.write_text(json.dumps({"format": 1, "data_dir": 3, "since": [], "shown": {}}))
    elif kind == "huge":
        with path.open("wb") as handle:
            handle.truncate(MAX_STATE_BYTES + 1)
    elif kind == "link":
        elsewhere.write_text("someone's file\n")
        path.symlink_to(elsewhere)
    elif kind == "link to nowhere":
        path.symlink_to(elsewhere.with_name("\x1b]0;pwned\x07\u202e"))
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "unreadable":  # a record that would hide the dentist, if it could be read
        times = dict.fromkeys(("since", "covered_until", "last_run"), "2026-11-25T19:00:00")
        path.write_text(json.dumps({"format": 1, "data_dir": data_dir, **times, "shown": []}))
        path.chmod(0)
    os.utime(path, (datetime(2026, 11, 25, 17, 0).timestamp(),) * 2, follow_symlinks=False)


ODD = [
    "not json",
    "cut short",
    "not utf-8",
    "newer",
    "huge number",
    "wrong types",
    "huge",
    "link",
    "link to nowhere",
    "fifo",
    "unreadable",
]


@pytest.mark.parametrize("kind", ODD)
def test_an_odd_record_is_named_and_replaced_and_loses_nothing(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    fill(store)
    path, elsewhere = record(store), tmp_path / "elsewhere.txt"
    odd_record(kind, path, elsewhere, os.path.realpath(store.root))
    if kind == "unreadable":  # as root, mode 0 reads all the same: refused as it would be
        real_open = os.open

        def refusing_open(name: str | os.PathLike[str], *args: int, **kwargs: int) -> int:
            if os.fspath(name) == str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(name, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    # Last written at 17:00, by a run that ended then: the dentist (17:30) comes, late.
    status, lines, err = once(capsys, "2026-11-25T19:00")
    monkeypatch.undo()
    assert (status, lines) == (0, [f"{DENTIST}  (1 h 30 min late)"])
    assert err.startswith(f"weekplan remind: {path}") and "it is replaced" in err and "Wed 25 Nov 17:00" in err
    assert not any(ch in err for ch in "\x1b\x07\u202e") and "Traceback" not in err
    assert stat.S_ISREG(os.lstat(path).st_mode)
    assert once(capsys, "2026-11-25T19:05") == (1, [], "")  # the new record reads, and holds the dentist
    if kind == "link":
        assert elsewhere.read_text() == "someone's file\n"  # replaced the link, not what it points to


TIMES = ["2026-11-25T17:00:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2026-11-25T17:00+05:00", "x"]
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.sampled_from(TIMES),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
KEYS = st.lists(
    st.sampled_from(TIMES).map(lambda at: f"{at[:16]} activity a1") | st.text(max_size=30) | ANY_JSON, max_size=5
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    since=st.sampled_from(TIMES) | ANY_JSON,
    covered=st.sampled_from(TIMES) | ANY_JSON,
    last_run=st.sampled_from(TIMES) | ANY_JSON,
    shown=KEYS | ANY_JSON,
    now=st.sampled_from([datetime(2026, 11, 25, 17, 26), datetime(1900, 1, 8), datetime(9998, 12, 20)]),
)
def test_a_record_that_parses_never_stops_a_run(
    store: Store, since: object, covered: object, last_run: object, shown: object, now: datetime
) -> None:
    from weekplan.remind_once import remind_once

    fill(store)
    path = record(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"format": 1, "data_dir": os.path.realpath(store.root), "since": since, "covered_until": covered}
    path.write_text(json.dumps(doc | {"last_run": last_run, "shown": shown}))
    run = remind_once(store, now, now + timedelta(minutes=5), lambda notices: (len(notices), None), "print")
    assert run.shown == run.due
    assert json.loads(path.read_text())["format"] == 1  # and the next run has a record it can read


def test_a_record_from_the_future_hides_nothing(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fill(store)
    assert once(capsys, "2027-03-01T12:00")[0] == 1  # the clock far ahead, then set right
    status, lines, err = once(capsys, "2026-11-25T17:26")
    assert (status, lines) == (0, [DENTIST])
    assert err == (
        f"weekplan remind: {record(store)}: the last run was at Mon 01 Mar 2027 12:00, later than now: "
        "the clock was moved back (or was ahead then); what was shown is not shown again\n"
    )
    assert once(capsys, "2026-11-25T17:31") == (1, [], "")


def test_a_record_begun_with_the_clock_far_ahead_begins_anew_once_it_is_right(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store)
    assert once(capsys, "2027-03-01T12:00")[0] == 1
    assert once(capsys, "2026-11-25T17:00")[0] == 1  # set right: the record begins now
    # A gap between two runs: the dentist comes late rather than never.
    assert once(capsys, "2026-11-25T17:40") == (0, [f"{DENTIST}  (10 min late)"], "")


def test_a_record_that_cannot_be_kept_shows_what_is_due_and_says_so(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fill(store)
    blocked = tmp_path / "a file"
    blocked.write_text("")
    monkeypatch.setenv(STATE_VAR, str(blocked / "state"))  # a folder inside a file
    status, lines, err = once(capsys, "2026-11-25T17:26")
    assert (status, lines) == (0, [DENTIST])
    assert "no record of what was shown can be kept" in err and str(blocked) in err
    # Set but empty it keeps none, as an empty WEEKPLAN_CACHE_DIR does: each run a look.
    monkeypatch.setenv(STATE_VAR, " ")
    assert once(capsys, "2026-11-25T17:26") == (0, [DENTIST], "")
    assert once(capsys, "2026-11-25T17:27") == (0, [DENTIST], "")


def test_a_folder_where_the_record_belongs_makes_each_run_a_look(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(store)
    path = record(store)
    path.mkdir(parents=True)  # nothing can replace it
    os.utime(path, (datetime(2026, 11, 25, 12, 0).timestamp(),) * 2)
    for at in ("2026-11-25T19:00", "2026-11-25T19:05"):  # never the afternoon again and again
        status, lines, err = once(capsys, at)
        assert (status, lines) == (1, [])
        assert err == (
            f"weekplan remind: {path}: is not a file\n"
            f"weekplan remind: cannot keep what was shown in {path}: Is a directory; "
            "showed what is due from now, as a look does\n"
        )
    assert once(capsys, "2026-11-25T17:26")[1] == [DENTIST]
    assert path.is_dir()


# -- runs that collide, are killed, run out of room ---------------------------------------


def run_remind(at: str, path: str, *extra: str) -> subprocess.Popen[str]:
    env = os.environ | {"PATH": f"{path}{os.pathsep}{os.environ['PATH']}"}
    argv = [sys.executable, "-m", "weekplan", "remind", "--notify", "--at", at, "--within", "5", *extra]
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_runs_at_once_show_each_reminder_once(store: Store, tmp_path: Path) -> None:
    fill(store)
    bin_dir = tmp_path / "bin"
    log = notifier(bin_dir, "sleep 1")  # a slow notifier: both runs are surely under way together
    runs = [run_remind("2026-11-25T17:26", str(bin_dir)) for _ in range(2)]
    results = [(run.wait(timeout=120), run.communicate()) for run in runs]
    assert sorted(status for status, _ in results) == [0, 1]  # one showed it, the other found it shown
    assert all(err == "" for _, (_, err) in results)
    assert log.read_text() == "dentist\n"


def test_a_run_killed_after_notifying_loses_nothing(store: Store, tmp_path: Path) -> None:
    fill(store)
    bin_dir = tmp_path / "bin"
    log = notifier(bin_dir, "kill -9 $PPID")  # the notice is shown, then the run dies before keeping it
    killed = run_remind("2026-11-25T17:26", str(bin_dir))
    assert killed.wait(timeout=60) == -9
    killed.communicate()
    assert log.read_text() == "dentist\n"
    notifier(bin_dir, "exit 0")
    again = run_remind("2026-11-25T17:31", str(bin_dir))
    out, err = again.communicate(timeout=60)
    # Shown again (documented: a kill between the notice and the record may repeat one).
    assert (again.returncode, out, err) == (0, f"{DENTIST}  (1 min late)\n", "")
    assert log.read_text() == "dentist\ndentist\n"


def test_a_record_half_written_by_a_killed_run_is_cleared_once_stale(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    from weekplan.atomic_files import STALE_AFTER_SECONDS

    fill(store)
    assert once(capsys, "2026-11-25T17:00")[0] == 1
    path = record(store)
    stale, fresh = (path.with_name(f".{path.name}.{tail}.tmp") for tail in ("k1ll3d00", "w0rk1ng0"))
    for leftover in (stale, fresh):
        leftover.write_text('{"format": 1, "da')
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(stale, (old, old))
    assert once(capsys, "2026-11-25T17:26")[1] == [DENTIST]
    assert not stale.exists()  # left by a run killed long ago: removed under the lock
    assert fresh.exists()  # maybe a run writing now (on another machine sharing the folder)


@pytest.mark.slow
def test_runs_killed_at_any_moment_never_lose_a_reminder_nor_half_write_the_record(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random
    import time

    fill(store)
    bin_dir = tmp_path / "bin"
    log = notifier(bin_dir, "exit 0")
    rng = random.Random(7)
    for trial in range(12):
        monkeypatch.setenv(STATE_VAR, str(tmp_path / f"state-{trial}"))
        begun = run_remind("2026-11-25T17:00", str(bin_dir))
        assert begun.wait(timeout=60) == 1
        begun.communicate()
        log.write_text("")
        killed = run_remind("2026-11-25T17:26", str(bin_dir))
        time.sleep(rng.uniform(0.0, 0.5))
        killed.kill()
        killed.communicate()
        after = run_remind("2026-11-25T17:31", str(bin_dir))
        _out, err = after.communicate(timeout=60)
        assert err == "", err  # the record was whole, whenever the kill came
        assert log.read_text().count("dentist") >= 1, f"trial {trial}: lost"
        folder = tmp_path / f"state-{trial}"
        for leftover in folder.glob(".reminded-*.tmp"):  # the kill came mid-write: an hour later
            os.utime(leftover, (time.time() - 7200,) * 2)
        assert run_remind("2026-11-25T17:36", str(bin_dir)).wait(timeout=60) == 1
        assert not list(folder.glob(".reminded-*.tmp")), f"trial {trial}: a half-written record was left"


def test_a_full_disk_simulated_for_the_record_repeats_rather_than_loses(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC when the record's new file is synced (the tmpfs test below is a real one)."""
    import errno

    fill(store)
    assert once(capsys, "2026-11-25T17:00")[0] == 1
    path = record(store)
    before = path.read_bytes()
    real_fsync = os.fsync

    def full_fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_fsync)
    status, lines, err = once(capsys, "2026-11-25T17:26")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert (status, lines) == (0, [DENTIST])
    assert f"cannot keep what was shown in {path}: No space left on device" in err
    assert path.read_bytes() == before  # the old record stands, whole
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith((".", "reminded"))) == [path.name]
    assert once(capsys, "2026-11-25T17:31")[1] == [f"{DENTIST}  (1 min late)"]  # again rather than lost
    assert once(capsys, "2026-11-25T17:36") == (1, [], "")


def test_a_full_disk_for_the_record_repeats_rather_than_loses(
    store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)
    with small_tmpfs(tmp_path / "small", size="64k") as disk:
        monkeypatch.setenv(STATE_VAR, str(disk / "state"))
        assert once(capsys, "2026-11-25T17:00")[0] == 1
        path = record(store)
        before = path.read_bytes()
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb", buffering=0) as handle:
            while True:
                handle.write(b"x" * 1024)
        status, lines, err = once(capsys, "2026-11-25T17:26")
        assert (status, lines) == (0, [DENTIST])
        assert f"cannot keep what was shown in {path}: No space left on device" in err
        assert path.read_bytes() == before  # the old record stands, whole
        assert [p.name for p in path.parent.iterdir()] == [path.name]  # no half-written file
        filler.unlink()
        # Shown again rather than lost, then kept.
        assert once(capsys, "2026-11-25T17:31")[1] == [f"{DENTIST}  (1 min late)"]
        assert once(capsys, "2026-11-25T17:36") == (1, [], "")


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="platformdirs answers there")
def test_the_record_is_kept_in_the_state_folder_never_the_data_directory(
    store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from weekplan.remind_state import state_dir

    fill(store)
    monkeypatch.delenv(STATE_VAR)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    assert state_dir() == tmp_path / "xdg-state" / "weekplan"
    assert once(capsys, "2026-11-25T17:26")[1] == [DENTIST]
    (kept,) = (tmp_path / "xdg-state" / "weekplan").iterdir()
    assert kept.name.startswith("reminded-") and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not [p for p in store.root.rglob("*") if "remind" in p.name]
    monkeypatch.setenv(STATE_VAR, "~/kept")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert state_dir() == tmp_path / "home" / "kept"
    # Worked out without platformdirs, as the cache folder is: a run every few minutes.
    code = "import sys; from weekplan.remind_state import state_dir; state_dir(); print('platformdirs' in sys.modules)"
    monkeypatch.delenv(STATE_VAR)
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout == "False\n"
