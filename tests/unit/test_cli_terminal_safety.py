"""No control character from user text reaches the terminal through the command line.

Hostile titles come in the four ways they could (quick add, a hand-edited file, an
iCalendar import, a sync from another machine); every command that shows them runs
as a real process, and the bytes it writes are checked.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import tomli_w
from test_sync_support import make_machine, remote

from hostile_text import HOSTILE, unsafe_in
from weekplan.model import Idea, SpecialDate
from weekplan.store import Store

__all__ = ["remote"]  # a fixture, used by name

# Short enough for every place that takes a title (the 10 KB one has its own tests).
TITLES = {name: text for name, text in HOSTILE.items() if name != "long"}


def weekplan(data_dir: Path, *args: str) -> tuple[int, bytes, bytes]:
    """Run the real command; its exit status and the bytes of its stdout and stderr."""
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(data_dir), "WEEKPLAN_TODAY": "2026-11-23"}
    done = subprocess.run(
        [sys.executable, "-m", "weekplan", *args], capture_output=True, env=env, stdin=subprocess.DEVNULL, timeout=60
    )
    return done.returncode, done.stdout, done.stderr


def assert_harmless(out: bytes, err: bytes = b"") -> str:
    """Both streams are UTF-8 with no control character but newlines; stdout as text."""
    text, errors = out.decode("utf-8"), err.decode("utf-8")
    assert unsafe_in(text) == [], text
    assert unsafe_in(errors) == [], errors
    return text


def hand_edit(data_dir: Path) -> None:
    """dates/2026.toml and ideas.toml as a person could write them in an editor: TOML's
    \\u escapes put any control character into a title."""
    dates = {
        f"d{index}": {
            "date": date(2026, 11, 24 + index % 6),
            "start": "19:00",
            "end": "21:00",
            "title": text,
            "place": text,
            "prep": text,
            "prep_days": 2,
            "notes": text,
            "status": "planned",
        }
        for index, text in enumerate(TITLES.values())
    }
    ideas = {
        f"i{index}": {"title": text, "kind": "activity", "tags": ["ok", text], "notes": text}
        for index, text in enumerate(TITLES.values())
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "dates").mkdir(exist_ok=True)
    (data_dir / "dates" / "2026.toml").write_text(tomli_w.dumps({"dates": dates}))
    (data_dir / "ideas.toml").write_text(tomli_w.dumps({"ideas": ideas}))


def test_quick_add_of_hostile_titles(private_data_dir: Path) -> None:
    # Quick add refuses a control character in what is typed; bidi controls and markup
    # are not control characters to it, and come in.  Either way nothing raw is printed.
    typed = {name: text.replace("\x00", "") for name, text in TITLES.items()}  # argv cannot hold NUL
    added = set()
    for name, text in typed.items():
        code, out, err = weekplan(private_data_dir, "add", f"fri 19:00 {text} #friends")
        shown = assert_harmless(out, err)
        if any(unicodedata.category(char) == "Cc" for char in text.replace("\n", " ")):
            assert (code, shown) == (2, ""), name
            assert "control character; nothing was added" in err.decode()
        else:
            assert code == 0, (name, err)
            assert shown.startswith("added: fri 2026-11-27 19:00-20:00 ")
            added.add(name)
    assert added >= {"bidi", "trojan", "markup", "newline"}
    stored = {a.title for a in Store.open(private_data_dir).activities_between(date(2026, 11, 27), date(2026, 11, 27))}
    # The stored text is what was typed, its words joined by single spaces as quick add does.
    assert stored == {" ".join(typed[name].split()) for name in added}


def test_every_command_shows_a_hand_edited_file_harmlessly(private_data_dir: Path) -> None:
    hand_edit(private_data_dir)
    for args in (
        ("show",),
        ("dates",),
        ("dates", "--all"),
        ("ideas",),
        ("ideas", "--suggest"),
        ("ideas", "--sort", "title"),
        ("check",),
    ):
        code, out, err = weekplan(private_data_dir, *args)
        shown = assert_harmless(out, err)
        if args == ("check",):
            # A title is one line: check names the date's and the idea's of two lines, nothing else.
            problems = err.decode().splitlines()
            assert (code, problems[-1], len(problems)) == (1, "2 problems found", 3), err
            assert all(": a title is one line; the rest can go in the notes" in line for line in problems[:2])
        else:
            assert code == 0, (args, err)
            assert "␛]0;PWNED-TITLE␇" in shown and "<U+009B>2J" in shown and "<U+202E>" in shown
    _, out, _ = weekplan(private_data_dir, "show")
    # One line per entry: the newline in a title is marked, not obeyed.
    assert any(
        line.endswith("first line↵second line @ first line↵second line  (planned)")
        for line in out.decode().splitlines()
    )


@pytest.mark.parametrize("command", ["show", "dates", "ideas"])
def test_json_output_escapes_every_control_and_keeps_the_text(private_data_dir: Path, command: str) -> None:
    hand_edit(private_data_dir)
    code, out, err = weekplan(private_data_dir, command, "--json")
    assert code == 0, err
    text = assert_harmless(out, err)
    for raw in ("\\u001b", "\\u009b", "\\u009d", "\\u202e", "\\u007f"):
        assert raw in text  # escaped, not dropped
    payload = json.loads(text)
    titles = {item["title"] for item in payload["ideas" if command == "ideas" else "dates"]}
    assert titles == set(TITLES.values())  # exactly as stored


def test_errors_that_quote_a_file_are_harmless(tmp_path: Path) -> None:
    # An error names its file, and a folder's name can hold anything; a wrong value is quoted.
    data_dir = tmp_path / "data \x1b]0;PWNED\x07 \x9b2J"
    data_dir.mkdir()
    (data_dir / "dates").mkdir()
    (data_dir / "dates" / "2026.toml").write_text(
        '[dates.d1]\ndate = 2026-11-28\ntitle = "x"\nstatus = "\\u001b]0;PWNED\\u0007\\u009b2J"\n'
    )
    code, out, err = weekplan(data_dir, "check")
    assert code == 1
    assert_harmless(out, err)
    assert "data ␛]0;PWNED␇ <U+009B>2J/dates/2026.toml:4:" in err.decode()
    code, out, err = weekplan(data_dir, "show", "--json")
    assert_harmless(out, err)
    # Errors are messages for a person: in JSON too they name the file in its visible form.
    assert json.loads(out)["errors"][0].endswith(
        "data ␛]0;PWNED␇ <U+009B>2J/dates/2026.toml:4:10: "
        + ("dates.d1: 'status' must be one of planned, done, cancelled, not '\\x1b]0;PWNED\\x07\\x9b2J'")
    )
    code, out, err = weekplan(data_dir, "path")
    assert_harmless(out, err)


def test_an_imported_calendar_is_shown_harmlessly(private_data_dir: Path, tmp_path: Path) -> None:
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:hostile-{index}@example.org\r\n"
        "DTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261127T190000\r\n"
        "DTEND:20261127T200000\r\n"
        f"SUMMARY:{text.replace(chr(10), chr(92) + 'n')}\r\n"
        f"LOCATION:{text.replace(chr(10), chr(92) + 'n')}\r\n"
        "END:VEVENT\r\n"
        for index, text in enumerate(TITLES.values())
    )
    ics = tmp_path / "hostile.ics"
    ics.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n{events}END:VCALENDAR\r\n".encode())
    code, out, err = weekplan(private_data_dir, "import", str(ics))
    assert_harmless(out, err)
    assert code == 0, err
    code, out, err = weekplan(private_data_dir, "show", "2026-W48")
    shown = assert_harmless(out, err)
    assert "␛]0;PWNED-TITLE␇" in shown


def test_a_sync_bringing_hostile_titles_is_shown_harmlessly(tmp_path: Path, remote: Path) -> None:
    laptop = make_machine(tmp_path, "laptop", remote)
    partner = make_machine(tmp_path, "partner", remote)
    store = partner.store()
    for index, text in enumerate(TITLES.values()):
        store.put_date(SpecialDate(f"s{index}", date(2026, 11, 28), text, 19 * 60, 21 * 60, place=text))
        store.put_idea(Idea(f"i{index}", text, tags=(text,)))
    code, out, err = weekplan(partner.root, "sync")
    assert code == 0, err
    assert_harmless(out, err)
    code, out, err = weekplan(laptop.root, "sync")
    assert code == 0, err
    assert_harmless(out, err)
    for args in (("show",), ("dates",), ("ideas",), ("show", "--json")):
        code, out, err = weekplan(laptop.root, *args)
        assert code == 0, err
        assert_harmless(out, err)


def test_routines_on_the_command_line_are_shown_harmlessly(private_data_dir: Path) -> None:
    # Typed, a control character is refused, as quick add refuses it ...
    code, out, err = weekplan(private_data_dir, "routine", "add", f"{TITLES['osc0']} mon,wed 07:00 1h #fitness")
    assert (code, out) == (2, b"")
    assert "control character; nothing was added" in err.decode()
    # ... and one written into routines.toml by hand is listed harmlessly.
    code, out, err = weekplan(private_data_dir, "routine", "add", "gym mon,wed 07:00 1h #fitness")
    assert code == 0, err
    routines = private_data_dir / "routines.toml"
    hostile = 'title = "title \\u001b]0;PWNED-TITLE\\u0007 set"'  # TOML's escapes
    routines.write_text(routines.read_text().replace('title = "gym"', hostile))
    code, out, err = weekplan(private_data_dir, "routine", "list")
    assert "␛]0;PWNED-TITLE␇" in assert_harmless(out, err)


def test_a_mistyped_argument_is_quoted_harmlessly(private_data_dir: Path) -> None:
    # argparse quotes unknown arguments as they are.
    code, out, err = weekplan(private_data_dir, "show", "--\x1b]0;PWNED\x07")
    assert code == 2
    assert "unrecognized arguments: --␛]0;PWNED␇" in err.decode()
    assert_harmless(out, err)
    # A week named with a control character is refused as any typed words are.
    code, out, err = weekplan(private_data_dir, "show", "2026-W48", "\x1b]0;PWNED\x07")
    assert (code, err) == (2, b"weekplan: the text holds a control character\n")
    code, out, err = weekplan(private_data_dir, "show", "\x9b2J\x1b]0;PWNED\x07")
    assert code == 2
    assert_harmless(out, err)


def test_export_to_a_terminal_is_shown_harmlessly_and_to_a_pipe_byte_for_byte(store: Store) -> None:
    private_data_dir = store.root
    for index, text in enumerate(TITLES.values()):
        store.put_date(SpecialDate(f"d{index}", date(2026, 11, 24 + index % 6), text, place=text, notes=text))
    code, piped, err = weekplan(private_data_dir, "export")
    assert code == 0, err
    assert b"SUMMARY:title \x1b]0\\;PWNED-TITLE\x07 set" in piped  # a file or a pipe: the calendar as it is

    controller, terminal = pty.openpty()
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(private_data_dir), "WEEKPLAN_TODAY": "2026-11-23"}
    done = subprocess.run(
        [sys.executable, "-m", "weekplan", "export"], stdout=terminal, stderr=subprocess.PIPE, env=env, timeout=60
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert done.returncode == 0, done.stderr
    text = shown.decode().replace("\r\n", "\n")  # the terminal's own line ends
    assert unsafe_in(text) == []
    assert "BEGIN:VCALENDAR" in text and "SUMMARY:title ␛]0\\;PWNED-TITLE␇ set" in text


def closed_at_start(data_dir: Path, descriptor: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command started with `descriptor` closed (a script's `weekplan show >&-`:
    Python then has no such stream at all)."""
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(data_dir), "WEEKPLAN_TODAY": "2026-11-23"}
    return subprocess.run(
        [sys.executable, "-m", "weekplan", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if descriptor != 1 else subprocess.DEVNULL,
        stderr=subprocess.PIPE if descriptor != 2 else subprocess.DEVNULL,
        env=env,
        timeout=60,
        preexec_fn=lambda: os.close(descriptor),
    )


@pytest.mark.parametrize("command", [["show"], ["export"], ["export", "-o", "-"]])
def test_a_command_started_with_its_output_closed_says_so_without_a_traceback(
    private_data_dir: Path, command: list[str]
) -> None:
    assert weekplan(private_data_dir, "add", "mon 9:00 run")[0] == 0
    done = closed_at_start(private_data_dir, 1, *command)
    assert (done.returncode, done.stderr.decode()) == (
        2,
        "weekplan: cannot write standard output: the output is closed\n",
    )


def test_an_export_into_a_file_with_the_output_closed_writes_the_file(private_data_dir: Path, tmp_path: Path) -> None:
    assert weekplan(private_data_dir, "add", "mon 9:00 run")[0] == 0
    done = closed_at_start(private_data_dir, 1, "export", "-o", str(tmp_path / "plan.ics"))
    assert (done.returncode, done.stderr.decode()) == (0, f"wrote 1 event to {tmp_path / 'plan.ics'}\n")
    assert b"SUMMARY:run\r\n" in (tmp_path / "plan.ics").read_bytes()


def test_a_usage_error_with_standard_error_closed_is_still_a_usage_error(private_data_dir: Path) -> None:
    done = closed_at_start(private_data_dir, 2, "export", "--from", "2026-W50", "--to", "2026-W40")
    assert (done.returncode, done.stdout) == (2, b"")


def test_an_export_into_a_full_output_says_it_could_not_write(private_data_dir: Path) -> None:
    assert weekplan(private_data_dir, "add", "mon 9:00 run")[0] == 0
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(private_data_dir), "WEEKPLAN_TODAY": "2026-11-23"}
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "weekplan", "export"], stdout=full, stderr=subprocess.PIPE, env=env, timeout=60
        )
    assert done.returncode == 2
    assert done.stderr.decode().startswith("weekplan: cannot write standard output: ")


def test_export_to_a_dash_writes_standard_output_and_no_file_named_dash(private_data_dir: Path, tmp_path: Path) -> None:
    assert weekplan(private_data_dir, "add", "mon 9:00 run")[0] == 0
    here = tmp_path / "here"
    here.mkdir()
    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(private_data_dir), "WEEKPLAN_TODAY": "2026-11-23"}
    done = subprocess.run(
        [sys.executable, "-m", "weekplan", "export", "-o", "-"], capture_output=True, env=env, cwd=here, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"BEGIN:VCALENDAR\r\n") and b"SUMMARY:run\r\n" in done.stdout
    assert list(here.iterdir()) == []
