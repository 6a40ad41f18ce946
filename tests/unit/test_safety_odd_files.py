"""Odd things in the data directory: each is a clear message naming its path, a
non-zero `check`, and never a hang or a traceback, in every command that reads data.

The commands run as real processes with a timeout, since a FIFO opened for reading
would block forever."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from weekplan.cli import main
from weekplan.model import Activity, SpecialDate
from weekplan.store import Store
from weekplan.weeks import IsoWeek

W48 = IsoWeek(2026, 48)
CLIMBING = Activity("climb0000001", date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends")
COMMANDS = (["show"], ["show", "--json"], ["check"], ["dates"], ["ideas"])


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "weekplan", *args], capture_output=True, text=True, timeout=30, env=dict(os.environ)
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], path: Path, words: str) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{path}:1:1: " in result.stderr, result.stderr
    assert words in result.stderr


@pytest.mark.parametrize(
    "name", ["dates/2026.toml", "dates.toml", "ideas.toml", "config.toml", "goals.toml", "routines.toml"]
)
def test_a_fifo_in_place_of_a_data_file_is_reported_never_opened(private_data_dir: Path, name: str) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    fifo = private_data_dir / name
    fifo.parent.mkdir(exist_ok=True)
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    check = run("check")
    assert check.returncode == 1
    assert_clean_failure(check, fifo, "a FIFO (named pipe), not a file: weekplan does not read it")
    for command in COMMANDS:
        result = run(*command)  # a hang would fail here, by the timeout
        assert "Traceback" not in result.stderr, (command, result.stderr)
        if command == ["show", "--json"]:
            payload = json.loads(result.stdout)
            assert payload["activities"][0]["id"] == CLIMBING.id  # the rest of the data stays usable
    assert fifo.is_fifo()  # left as it was


def test_the_fifo_is_reported_by_every_command_that_reads_it(private_data_dir: Path) -> None:
    Store.open(private_data_dir)
    fifo = private_data_dir / "dates.toml"
    os.mkfifo(fifo)
    for command in COMMANDS:
        result = run(*command)
        assert result.returncode == 1, command
        assert_clean_failure(result, fifo, "a FIFO (named pipe)")


def test_a_folder_or_a_device_in_place_of_a_data_file(private_data_dir: Path) -> None:
    Store.open(private_data_dir)
    (private_data_dir / "ideas.toml").mkdir()
    (private_data_dir / "dates.toml").symlink_to("/dev/zero")  # would never end if read
    result = run("check")
    assert result.returncode == 1
    assert_clean_failure(result, private_data_dir / "ideas.toml", "a folder, not a file")
    assert_clean_failure(result, private_data_dir / "dates.toml", "a device, not a file")


def test_weeks_as_a_plain_file(private_data_dir: Path) -> None:
    Store.open(private_data_dir)
    weeks = private_data_dir / "weeks"
    weeks.write_text("not a folder\n")
    check = run("check")
    assert check.returncode == 1
    assert_clean_failure(check, weeks, "is not a folder")
    shown = run("show", "--json")
    assert shown.returncode == 1
    payload = json.loads(shown.stdout)  # still JSON, with the reason in it
    assert any("is not a folder" in error for error in payload["errors"])
    assert_clean_failure(run("show"), weeks, "is not a folder")
    added = run("add", "fri 19:00 climbing #friends")
    assert added.returncode == 1 and "Traceback" not in added.stderr
    assert weeks.read_text() == "not a folder\n"  # never written over


@pytest.mark.parametrize(("name", "canonical"), [("2026w49.toml", "2026-W49"), ("2026W48.toml", "2026-W48")])
def test_a_week_file_under_a_name_the_planner_does_not_read(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str], name: str, canonical: str
) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    hidden = private_data_dir / "weeks" / name
    hidden.write_text('[activities.a1]\ndate = 2026-12-04\nstart = "19:00"\nend = "20:00"\ntitle = "x"\n')
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    expected = f"{hidden}:1:1: file name is not a week like 2026-W48.toml; it is not read; rename it to {canonical}"
    assert expected in err
    assert main(["show", "2026-W49"]) == 1  # show says so too: its items would be missing
    assert str(hidden) in capsys.readouterr().err
    # Never read twice under two names (search and the statistics read every week file).
    assert [a.id for a in Store(private_data_dir).all_activities()] == [CLIMBING.id]


@pytest.mark.parametrize("name", ["0999-W01.toml", "0001-W01.toml", "1899-W52.toml", "3000-W02.toml", "9998-W10.toml"])
def test_a_week_file_of_a_year_the_planner_does_not_plan_in(private_data_dir: Path, name: str) -> None:
    """A week file by hand for a year outside 1900-2999 (as dates are): named, never read.
    Year 999 once ended `check` and `export` in a traceback (its week, written back as
    "999-W01", did not read as a week)."""
    Store.open(private_data_dir).put_activity(CLIMBING)
    odd = private_data_dir / "weeks" / name
    odd.write_text('[activities.a1]\ndate = 0999-12-31\nstart = "10:00"\nend = "11:00"\ntitle = "x"\n')
    checked = run("check")
    assert checked.returncode == 1
    assert f"{odd}:1:1: file name is not a week like 2026-W48.toml; it is not read\n" in checked.stderr
    exported = run("export")
    assert exported.returncode == 0 and "Traceback" not in exported.stderr
    assert exported.stdout.count("BEGIN:VEVENT") == 1
    assert [a.id for a in Store(private_data_dir).all_activities()] == [CLIMBING.id]


def test_other_files_in_weeks_are_named_by_check(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(private_data_dir)
    weeks = private_data_dir / "weeks"
    weeks.mkdir()
    (weeks / "notes.txt").write_text("x")
    os.mkfifo(weeks / "2026-W50.toml")
    (weeks / ".2026-W48.toml.swp").write_text("an editor's swap file")  # hidden: left alone
    (weeks / "x\n2026-W49.toml").write_text("")  # a line break in a name fools no listing
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "notes.txt" not in err  # not data: left alone, as an editor's backup~ is
    assert f"{weeks / '2026-W50.toml'}:1:1: a FIFO (named pipe), not a file" in err
    assert ".swp" not in err
    assert f"{weeks}:1:1: a file named 'x\\n2026-W49.toml' (a line break in its name) is not a week file" in err
    assert f"{weeks / 'x'}:" not in err


def test_the_same_activity_in_two_week_files(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    w48 = store.week_path(W48)
    w49 = store.week_path(W48.shift(1))
    w49.write_text(w48.read_text().replace("2026-11-27", "2026-12-04"))
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"{w48}:1:1: activity {CLIMBING.id} is also in {w49}" in err


def test_the_same_date_in_two_years_files(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(private_data_dir)
    store.put_date(SpecialDate("a0", date(2026, 3, 1), "first", idea="x"))  # a table before it
    store.put_date(SpecialDate("d1", date(2026, 11, 28), "dinner"))
    y2026, y2025 = store.dates_path(2026), store.dates_path(2025)
    y2025.write_text(y2026.read_text().replace("2026-11-28", "2025-11-28"))  # a sync put a copy in 2025
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate(y2025.read_text().splitlines(), 1) if text.startswith("[dates.d1]"))
    assert line > 1
    assert f"{y2025}:{line}:1: date d1 is also in {y2026}: one date in two years' files" in err
    assert "date a0 is also" in err  # every id the two files share


def test_a_clean_data_dir_still_checks_fine(private_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(CLIMBING)
    store.put_date(SpecialDate("d1", date(2026, 11, 28), "dinner"))
    assert main(["check"]) == 0
    assert "are fine" in capsys.readouterr().out
