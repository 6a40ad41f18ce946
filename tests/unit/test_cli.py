"""The command line: show (for people and for scripts), path, first run, and clear
answers to arguments it cannot use."""

from __future__ import annotations

import gc
import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from weekplan.cli import main
from weekplan.model import Activity, Config, SpecialDate
from weekplan.store import Store
from weekplan.weeks import IsoWeek


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(store: Store) -> Store:
    store.put_activity(Activity("b2", date(2026, 11, 27), 19 * 60, 21 * 60, "climbing", "friends"))
    store.put_activity(Activity("a1", date(2026, 11, 23), 7 * 60, 8 * 60, "gym", "fitness", done=True))
    store.put_activity(Activity("c3", date(2026, 11, 30), 18 * 60, 19 * 60, "next week", "hobby"))
    store.put_activity(Activity("d4", date(2027, 1, 1), 10 * 60, 11 * 60, "new year walk", "rest"))
    store.put_date(SpecialDate("s1", date(2026, 11, 28), "[b]dinner[/b] at Luigi's", 19 * 60, 21 * 60, place="Luigi's"))
    store.put_date(SpecialDate("s2", date(2026, 11, 29), "lazy morning"))
    return store


def test_show_for_people(filled: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Week 48 · 23–29 Nov 2026"
    assert lines[lines.index("Mon 23 Nov") + 1] == "  07:00–08:00 ✓ gym  #fitness"
    assert lines[lines.index("Fri 27 Nov") + 1] == "  19:00–21:00   climbing  #friends"
    assert "[b]dinner[/b] at Luigi's @ Luigi's" in lines[lines.index("Sat 28 Nov") + 1]
    assert "lazy morning" in lines[lines.index("Sun 29 Nov") + 1]
    assert lines[lines.index("Tue 24 Nov") + 1] == "  —"
    assert "next week" not in out


SHOWN_AS_JSON = """{
  "week": "2026-W48",
  "start": "2026-11-23",
  "end": "2026-11-29",
  "activities": [
    {
      "id": "a1",
      "date": "2026-11-23",
      "start": "07:00",
      "end": "08:00",
      "title": "gym",
      "category": "fitness",
      "done": true,
      "skipped": false,
      "notes": "",
      "share": "busy"
    },
    {
      "id": "b2",
      "date": "2026-11-27",
      "start": "19:00",
      "end": "24:00",
      "title": "café \\"late\\"",
      "category": "friends",
      "done": false,
      "skipped": false,
      "notes": "bring \\u001b]0;x\\u0007 and \\u202eback\\u2028\\\\",
      "share": "busy"
    }
  ],
  "dates": [
    {
      "id": "s1",
      "date": "2026-11-29",
      "start": null,
      "end": null,
      "title": "lazy morning",
      "place": "",
      "status": "planned",
      "idea": null,
      "rating": null
    }
  ],
  "errors": []
}
"""


def test_show_json_is_the_same_text_byte_for_byte(store: Store, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Scripts may read the output as text, not only as JSON: its form (two spaces a
    level, the keys in this order, UTF-8 as it is, controls escaped) does not change
    with how the command gets there."""
    store.put_activity(Activity("a1", date(2026, 11, 23), 7 * 60, 8 * 60, "gym", "fitness", done=True))
    notes = "bring \x1b]0;x\x07 and \u202eback\u2028\\"
    store.put_activity(Activity("b2", date(2026, 11, 27), 19 * 60, 24 * 60, 'café "late"', "friends", notes=notes))
    store.put_date(SpecialDate("s1", date(2026, 11, 29), "lazy morning"))
    for _ in range(2):  # the files parsed, then kept parsed
        assert main(["show", "2026-W48", "--json"]) == 0
        assert capsysbinary.readouterr().out == SHOWN_AS_JSON.encode()


def test_show_json_shape(filled: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["week"] == "2026-W48"
    assert payload["start"] == "2026-11-23"
    assert [a["id"] for a in payload["activities"]] == ["a1", "b2"]  # in time order
    first = payload["activities"][0]
    assert {k: first[k] for k in ("id", "date", "start", "end", "title", "category", "done")} == {
        "id": "a1",
        "date": "2026-11-23",
        "start": "07:00",
        "end": "08:00",
        "title": "gym",
        "category": "fitness",
        "done": True,
    }
    dinner, morning = payload["dates"]
    assert {k: dinner[k] for k in ("id", "date", "start", "end", "title", "status")} == {
        "id": "s1",
        "date": "2026-11-28",
        "start": "19:00",
        "end": "21:00",
        "title": "[b]dinner[/b] at Luigi's",
        "status": "planned",
    }
    assert (morning["start"], morning["end"]) == (None, None)


@pytest.mark.parametrize(
    ("when", "week", "ids"),
    [
        ("2026-W49", "2026-W49", ["c3"]),
        ("2026-w49", "2026-W49", ["c3"]),
        ("2026-11-30", "2026-W49", ["c3"]),
        ("2026-W53", "2026-W53", ["d4"]),
        ("2027-01-01", "2026-W53", ["d4"]),  # a January day in last year's week 53
        ("2027-01-03", "2026-W53", ["d4"]),
        ("next", "2026-W49", ["c3"]),
        ("last", "2026-W47", []),
        ("today", "2026-W48", ["a1", "b2"]),
        ("w49", "2026-W49", ["c3"]),  # the words go to takes
        ("week 49", "2026-W49", ["c3"]),
        ("next mon", "2026-W49", ["c3"]),
        ("1 jan", "2026-W53", ["d4"]),
        ("30/11", "2026-W49", ["c3"]),
    ],
)
def test_show_a_week_or_a_date(
    filled: Store, capsys: pytest.CaptureFixture[str], when: str, week: str, ids: list[str]
) -> None:
    code, out, _ = run(capsys, "show", when, "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["week"] == week
    assert payload["start"] == IsoWeek.parse(week).monday.isoformat()
    assert [a["id"] for a in payload["activities"]] == ids


@pytest.mark.parametrize(
    ("when", "says"),
    [
        ("2021-W53", "2021 has weeks 1 to 52, not week 53"),
        ("2026-W54", "2026 has weeks 1 to 53"),
        ("2026-W00", "not week 0"),
        ("soon", "'soon' is not a date, a week or a day"),
        ("2026-13-01", "'2026-13-01' is not a date: there is no month 13"),
        ("2026-02-30", "'2026-02-30' is not a date in the calendar"),
        ("W54", "2026 has weeks 1 to 53"),
        # Weeks outside the years the planner plans in, as dates are: year 1 once ended
        # in a traceback (its file name did not read back as a week).
        ("0001-W01", "give a year from 1900 to 2999"),
        ("1899-W52", "give a year from 1900 to 2999"),
        ("9999-W52", "give a year from 1900 to 2999"),
    ],
)
def test_show_refuses_a_week_it_cannot_read(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str], when: str, says: str
) -> None:
    code, out, err = run(capsys, "show", when)
    assert code == 2
    assert out == ""
    assert err.startswith("weekplan: ")
    assert says in err


def test_path_follows_the_option_then_the_environment(
    private_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "path") == (0, f"{private_data_dir}\n", "")
    assert run(capsys, "--data-dir", str(tmp_path / "elsewhere"), "path")[1] == f"{tmp_path / 'elsewhere'}\n"
    assert run(capsys, "path", "--data-dir", str(tmp_path / "after"))[1] == f"{tmp_path / 'after'}\n"
    assert not (tmp_path / "elsewhere").exists()  # asking where is not a reason to create it


JOINED_EMOJI = "👨\u200d👩\u200d👧 👍🏽 ❤\ufe0f 🏳\ufe0f\u200d🌈"  # joiners, a skin tone, emoji selectors


def test_show_and_path_give_joined_emoji_back_as_stored(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = f"{JOINED_EMOJI} picnic"
    store.put_activity(Activity("j1", date(2026, 11, 24), 12 * 60, 13 * 60, title, "friends"))
    store.put_date(SpecialDate("j2", date(2026, 11, 28), title, place=JOINED_EMOJI))
    code, out, _ = run(capsys, "show", "--json")
    assert code == 0
    payload = json.loads(out)
    assert [a["title"] for a in payload["activities"]] == [title]
    assert [(d["title"], d["place"]) for d in payload["dates"]] == [(title, JOINED_EMOJI)]
    assert f"{title}  #friends" in run(capsys, "show")[1]
    place = tmp_path / f"plans {JOINED_EMOJI}"
    assert run(capsys, "--data-dir", str(place), "path")[1] == f"{place}\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_DATA_HOME is how Linux names the place")
def test_path_defaults_to_the_platform_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("WEEKPLAN_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert run(capsys, "path")[1] == f"{tmp_path / 'xdg-data' / 'weekplan'}\n"


def test_first_run_creates_a_private_dir_with_a_default_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "fresh" / "weekplan"
    code, out, _ = run(capsys, "--data-dir", str(root), "show")
    assert code == 0
    assert out.startswith("Week 48 ·")
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    fresh = Store(root)
    assert fresh.config == Config()
    assert fresh.config_errors == []
    assert run(capsys, "--data-dir", str(root), "check")[0] == 0


def test_a_data_dir_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("hello")
    code, _, err = run(capsys, "--data-dir", str(not_a_dir), "show")
    assert code == 2
    assert "cannot use the data directory" in err
    assert not_a_dir.read_text() == "hello"


def test_a_bad_pinned_today(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("WEEKPLAN_TODAY", "someday")
    code, _, err = run(capsys, "show")
    assert code == 2
    assert "WEEKPLAN_TODAY='someday' is not a date" in err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    commands = ("show", "add", "check", "path", "sync", "dates", "ideas", "demo", "export", "import", "routine")
    places = [out.index(f"    {command} ") for command in commands]
    # In the order a reader meets them: the week, sync, time together, then calendars
    # (the order commands are looked up in for speed is another matter).
    assert places == sorted(places)


def subprocess_env(data_dir: Path) -> dict[str, str]:
    env = os.environ.copy()
    env["WEEKPLAN_DATA_DIR"] = str(data_dir)
    return env


def test_python_dash_m_weekplan(private_data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "weekplan", "show", "2026-W53", "--json"],
        capture_output=True,
        text=True,
        env=subprocess_env(private_data_dir),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["start"] == "2026-12-28"
    assert (private_data_dir / "config.toml").is_file()


def test_the_console_script(private_data_dir: Path) -> None:
    script = Path(sys.executable).parent / "weekplan"
    if not script.exists():
        pytest.skip("no console script next to this interpreter")
    result = subprocess.run(
        [str(script), "path"], capture_output=True, text=True, env=subprocess_env(private_data_dir), timeout=60
    )
    assert (result.returncode, result.stdout) == (0, f"{private_data_dir}\n")


def test_the_program_freezes_what_it_loaded_before_the_command_and_main_freezes_nothing(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The program (the console script and `python -m weekplan` both call entry_point)
    # spares the garbage collector the modules it has loaded...
    asked = "import gc\nfrom weekplan import cli\ncli.main = lambda: print(gc.get_freeze_count()) or 0\n"
    asked += "cli.entry_point()"
    result = subprocess.run(
        [sys.executable, "-c", asked], capture_output=True, text=True, env=subprocess_env(private_data_dir), timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 1000  # the standard library's modules and weekplan.cli's
    # ...but main(), which other programs call, adds no freeze of its own, whatever
    # the command.
    frozen = gc.get_freeze_count()
    code, out, _err = run(capsys, "--data-dir", str(private_data_dir), "path")
    assert (code, out) == (0, f"{private_data_dir}\n")
    code, _out, _err = run(capsys, "--data-dir", str(private_data_dir), "add", "mon 9:00 run")
    assert code == 0
    code, out, _err = run(capsys, "--data-dir", str(private_data_dir), "show", "--json")
    assert code == 0 and "run" in out
    assert gc.get_freeze_count() == frozen


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["shw"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'shw'" in err
    assert "'sync'" in err and "'routine'" in err  # the feature modules' commands are offered too


def test_a_feature_command_is_built_when_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", "/nowhere", "sync", "--help"])
    assert exit_info.value.code == 0
    assert "--merge-unrelated" in capsys.readouterr().out


def test_a_mistake_before_the_command_is_said_once(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1
    assert "argument --data-dir: expected one argument" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "--js", "2026-W48"],  # argparse takes a unique prefix of an option
        ["--data-dir", "{dir}", "show", "2026-W48", "--json"],
        ["show", "--data-dir={dir}", "--json", "2026-W48"],
    ],
)
def test_options_read_as_argparse_reads_them(
    argv: list[str], private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *(arg.format(dir=private_data_dir) for arg in argv))
    assert (code, err) == (0, "")
    assert json.loads(out)["week"] == "2026-W48"


# Modules the everyday command lines must not load: each costs a run a noticeable part
# of its time (docs/benchmarks.md; dataclasses brings inspect), and Textual is for the
# planner alone.  The feature modules' commands (sync, dates, export, …) are not built
# for a built-in one.
NOT_ON_THE_COMMAND_LINE = (
    "dataclasses",
    "inspect",
    "textual",
    "weekplan.routines",
    "weekplan.ics",
    "weekplan.cli_sync",
    "weekplan.cli_together",
    "weekplan.cli_calendar",
    "weekplan.together",
)


@pytest.mark.parametrize(
    "argv",
    [["show", "2026-W48", "--json"], ["show", "2026-W48"], ["add", "fri 19:00 climbing #friends"], ["check"]],
)
def test_everyday_lines_load_only_what_they_need(private_data_dir: Path, argv: list[str]) -> None:
    code = (
        "import contextlib, io, sys; from weekplan import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = cli.main({argv!r})\n"
        f"loaded = [m for m in {NOT_ON_THE_COMMAND_LINE!r} if m in sys.modules]\n"
        "print(code, loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env(private_data_dir), timeout=60
    )
    assert result.stdout.strip() == "0 []", result.stderr


def test_a_second_show_reads_every_file_from_the_cache_without_the_toml_parser(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.put_activity(Activity("a1", date(2026, 11, 24), 9 * 60, 10 * 60, "gym", "fitness"))
    store.put_date(SpecialDate("d1", date(2026, 11, 28), "dinner"))
    code = (
        "import contextlib, io, sys; from weekplan import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = cli.main(['show', '2026-W48', '--json'])\n"
        "print(code, 'tomllib' in sys.modules, 'gym' in out.getvalue(), 'dinner' in out.getvalue())"
    )
    env = subprocess_env(private_data_dir)
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        for _ in range(2)
    ]
    assert runs[0].stdout.split() == ["0", "True", "True", "True"], runs[0].stderr  # first run: parsed, kept
    assert runs[1].stdout.split() == ["0", "False", "True", "True"], runs[1].stderr  # then: the parser never loads


def test_show_loads_routines_when_there_are_some(private_data_dir: Path) -> None:
    store = Store.open(private_data_dir)
    store.routines_path.write_text(
        '[routines.gym]\ntitle = "gym"\ncategory = "fitness"\ndays = ["monday"]\n'
        'start = "07:00"\nend = "08:00"\nfirst = 2026-11-02\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "weekplan", "show", "2026-W48", "--json"],
        capture_output=True,
        text=True,
        env=subprocess_env(private_data_dir),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)["activities"]
    assert [(a["id"], a["title"], a["start"]) for a in shown] == [("gym@2026-11-23", "gym", "07:00")]


@pytest.mark.parametrize(
    ("when", "start", "ids"),
    [
        ("2026-W48", "2026-11-22", ["a1", "b2"]),  # the days the planner shows for week 48
        ("2026-11-28", "2026-11-22", ["a1", "b2"]),
        ("2026-11-29", "2026-11-29", ["c3"]),  # a Sunday starts the next view
        ("next", "2026-11-29", ["c3"]),
    ],
)
def test_show_starts_the_week_on_the_first_weekday(
    filled: Store, capsys: pytest.CaptureFixture[str], when: str, start: str, ids: list[str]
) -> None:
    filled.save_config(Config(first_weekday=6))  # Sunday
    filled.put_activity(Activity("s0", date(2026, 11, 21), 9 * 60, 10 * 60, "saturday before", "rest"))
    code, out, _ = run(capsys, "show", when, "--json")
    assert code == 0
    payload = json.loads(out)
    first = date.fromisoformat(start)
    assert (payload["start"], payload["end"]) == (start, date.fromordinal(first.toordinal() + 6).isoformat())
    assert [a["id"] for a in payload["activities"]] == ids
    code, out, _ = run(capsys, "show", when)
    days = [line for line in out.splitlines() if line[:3] in ("Sun", "Mon", "Sat")]
    assert days[0].startswith("Sun") and days[-1].startswith("Sat")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize(
    "argv",
    [
        ["path"],
        ["show", "--json"],
        ["remind", "--once", "--at", "2026-11-28T18:00", "--within", "60"],
        ["remind", "--at", "2026-11-28T18:00", "--within", "60"],
    ],
)
def test_output_that_cannot_be_written_is_exit_status_2(filled: Store, argv: list[str]) -> None:
    """`weekplan remind --once > /dev/full` once exited 1, "nothing due", having printed nothing."""
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "weekplan", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env(filled.root),
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr == "weekplan: cannot write standard output: No space left on device\n"


def test_this_sat_in_show_and_add_is_in_the_week_that_starts_on_sunday(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store.config_path.write_text('first_weekday = "sunday"\n', "utf-8")
    monkeypatch.setenv("WEEKPLAN_TODAY", "2026-12-06")  # a Sunday: its week runs to the 12th
    code, out, _err = run(capsys, "add", "this sat 10:00 swim")
    assert code == 0 and out.startswith('added: sat 2026-12-12 10:00-11:00 "swim"')
    assert [a.title for a in Store(store.root).week(IsoWeek(2026, 50)).items.values()] == ["swim"]
    code, out, _err = run(capsys, "show", "next mon", "--json")
    assert code == 0 and json.loads(out)["start"] == "2026-12-13"


def test_every_date_option_reads_this_and_next_in_the_week_that_starts_on_sunday(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`routine add --from/--until`, `routine remove --from` and `export --from/--to`
    read "this sat" as quick add does: the Saturday of the week on screen."""
    store.config_path.write_text('first_weekday = "sunday"\n', "utf-8")
    monkeypatch.setenv("WEEKPLAN_TODAY", "2026-12-06")  # a Sunday: its week runs to Saturday the 12th
    code, out, _err = run(capsys, "routine", "add", "swim sat,wed 07:00", "--from", "this sat", "--until", "next sat")
    assert code == 0, _err
    swim = next(iter(Store(store.root).routines().items.values()))
    assert (swim.first, swim.last) == (date(2026, 12, 12), date(2026, 12, 19))

    monkeypatch.setenv("WEEKPLAN_TODAY", "2026-12-01")
    assert run(capsys, "routine", "add", "run sun,wed 07:00")[0] == 0
    run_id = next(r.id for r in Store(store.root).routines().items.values() if r.title == "run")
    monkeypatch.setenv("WEEKPLAN_TODAY", "2026-12-06")
    code, out, _err = run(capsys, "routine", "remove", run_id, "--from", "this sat")
    assert code == 0 and "until 2026-12-11" in out
    kept = [a.date for a in Store(store.root).activities_between(date(2026, 12, 6), date(2026, 12, 12))]
    assert date(2026, 12, 6) in kept and date(2026, 12, 9) in kept

    store.put_activity(Activity("w49", date(2026, 12, 3), 9 * 60, 10 * 60, "in iso week 49", "hobby"))
    store.put_activity(Activity("w50", date(2026, 12, 10), 9 * 60, 10 * 60, "in iso week 50", "hobby"))
    exported = tmp_path / "out.ics"
    code, _out, _err = run(capsys, "export", "-o", str(exported), "--from", "this sat", "--to", "this sat")
    assert code == 0, _err
    calendar = exported.read_text("utf-8")
    assert "in iso week 50" in calendar and "in iso week 49" not in calendar


@pytest.mark.parametrize("digits", ["٣ km", "१० km", "５ km", "run ٢٠٢٦"])
def test_digits_of_other_scripts_in_a_title_are_stored_as_typed(
    store: Store, capsys: pytest.CaptureFixture[str], digits: str
) -> None:
    """The rules read other scripts' digits as ASCII ones, but a title keeps what was
    typed: the week file holds the very bytes, not their ASCII reading."""
    code, _out, err = run(capsys, "add", f"fri 19:00 run {digits}")
    assert code == 0, err
    stored = store.week_path(IsoWeek(2026, 48)).read_bytes()
    assert f'title = "run {digits}"'.encode() in stored
    assert [a.title for a in Store(store.root).week(IsoWeek(2026, 48)).items.values()] == [f"run {digits}"]
