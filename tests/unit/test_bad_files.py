"""Every way a person, an editor or a git merge can spoil a file: `weekplan check`
names the place as path:line:col, nothing is written over it, and the rest of the
data stays usable.  Run as real subprocesses, as a person would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from weekplan.tomlfile import Locator, locate

GOOD_ITEM = b'[activities.a1]\ndate = 2026-11-23\nstart = "07:00"\nend = "08:00"\ntitle = "gym"\ncategory = "fitness"\n'


def item(**fields: bytes) -> bytes:
    """A week-48 activity with some fields replaced by raw TOML."""
    values = {
        "date": b"2026-11-24",
        "start": b'"19:00"',
        "end": b'"20:00"',
        "title": b'"pottery"',
        "category": b'"hobby"',
        "done": b"false",
    }
    values.update(fields)
    return b"".join(key.encode() + b" = " + value + b"\n" for key, value in values.items())


@dataclass(frozen=True)
class Bad:
    name: str
    file: str  # relative to the data dir
    content: bytes
    line: int
    col: int
    message: str


ROUTINE = (
    b'[routines.r1]\ntitle = "gym"\ndays = ["monday"]\nstart = "07:00"\nend = "08:00"\n'
    b"first = 2026-11-02\ninterval = 1\n"
)
DONE_ON_THE_2ND = b"\n[routines.r1.exceptions.2026-11-02]\ndone = true\n"
WEEK = "weeks/2026-W48.toml"  # the week of the fixed today, where `add mon ...` goes

CASES = [
    Bad("invalid-toml", WEEK, GOOD_ITEM + b"\n[activities.b2]\ntitle = pottery\n", 9, 9, "not valid TOML"),
    Bad(
        "unterminated-string",
        WEEK,
        GOOD_ITEM + b'\n[activities.b2]\ntitle = "pottery\n',
        9,
        17,
        "not valid TOML",
    ),
    Bad(
        "conflict-markers",
        WEEK,
        GOOD_ITEM + b"<<<<<<< HEAD\ndone = true\n=======\ndone = false\n>>>>>>> phone\n",
        7,
        1,
        "git conflict marker '<<<<<<<'",
    ),
    Bad("bom", WEEK, b"\xef\xbb\xbf" + GOOD_ITEM, 1, 1, "byte-order mark"),
    Bad("invalid-utf8", WEEK, GOOD_ITEM + b'notes = "\xc3\xa9t\xe9"\n', 7, 12, "invalid UTF-8 (byte 0xe9)"),
    Bad("done-is-text", WEEK, b"[activities.b2]\n" + item(done=b'"yes"'), 7, 8, "'done' must be true or false"),
    Bad("start-is-a-number", WEEK, b"[activities.b2]\n" + item(start=b"19"), 3, 9, "'start' must be a time"),
    Bad("month-13", WEEK, b"[activities.b2]\n" + item(date=b'"2026-13-01"'), 2, 8, "is not a date"),
    Bad("end-before-start", WEEK, b"[activities.b2]\n" + item(end=b'"18:00"'), 4, 7, "not after it starts"),
    Bad("missing-title", WEEK, GOOD_ITEM.replace(b'title = "gym"\n', b""), 1, 1, "'title' is missing"),
    Bad("nested-arrays", WEEK, b"deep = " + b"[" * 10_000 + b"]" * 10_000 + b"\n", 1, 40, "nested more than"),
    Bad("nested-tables", WEEK, GOOD_ITEM + b"x" + b".y" * 10_000 + b" = 1\n", 7, 1, "nested more than"),
    Bad("item-not-a-table", WEEK, b"[activities]\nb2 = 5\n", 2, 6, "expected a table of fields"),
    Bad("activities-not-a-table", WEEK, b'activities = "none"\n', 1, 14, "'activities' must be a table"),
    Bad("bad-id", WEEK, GOOD_ITEM + b'\n[activities."b 2!"]\n' + item(), 8, 1, "id 'b 2!' may only use"),
    Bad("wrong-week", WEEK, b"[activities.b2]\n" + item(date=b"2026-12-23"), 2, 8, "is not in 2026-W48"),
    # A review that is not one was read as no note, and the next note written over it
    # (or, for text in its place, a traceback).
    Bad("review-not-a-table", WEEK, b'review = "a good week"\n' + GOOD_ITEM, 1, 10, "'review' must be a table"),
    Bad("review-note-a-number", WEEK, b"[review]\nnote = 5\n", 2, 8, "'note' of the week's review must be text"),
    # A problem in a routine's exception is named in that exception, not at the top.
    Bad(
        "exception-field",
        "routines.toml",
        ROUTINE + DONE_ON_THE_2ND + b"\n[routines.r1.exceptions.2026-11-09]\ndone = 1\n",
        13,
        8,
        "exceptions.2026-11-09.done: 'done' must be true or false",
    ),
    Bad(
        "exception-not-a-date",
        "routines.toml",
        ROUTINE + DONE_ON_THE_2ND + b"\n[routines.r1.exceptions.monday]\ndone = true\n",
        12,
        1,
        "exception 'monday' is not named by a date",
    ),
    Bad(
        "bad-config",
        "config.toml",
        b'first_weekday = "monday"\nday_start = "07:00"\nslot_minutes = 7\n',
        3,
        16,
        "'slot_minutes' must be one of",
    ),
    Bad("config-not-toml", "config.toml", b'first_weekday = "monday\n', 1, 24, "not valid TOML"),
    Bad(
        "bad-date-status",
        "dates/2026.toml",
        b'[dates.s1]\ndate = 2026-11-28\ntitle = "dinner"\nstatus = "maybe"\n',
        4,
        10,
        "'status' must be one of",
    ),
    Bad("wrong-year", "dates/2026.toml", b'[dates.s1]\ndate = 2025-11-28\ntitle = "dinner"\n', 2, 8, "is not in 2026"),
    Bad(  # the single file of older versions is moved into dates/ only once it reads cleanly
        "bad-date-in-the-old-single-file",
        "dates.toml",
        b'[dates.s1]\ndate = 2026-11-28\ntitle = "dinner"\nstatus = "maybe"\n',
        4,
        10,
        "'status' must be one of",
    ),
]


_bytecode_cache: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def bytecode_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Let the many subprocesses share compiled modules, kept out of the source tree,
    even where the environment asks Python not to write bytecode."""
    _bytecode_cache["dir"] = str(tmp_path_factory.mktemp("pycache"))


def weekplan(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = _bytecode_cache["dir"]
    return subprocess.run(
        [sys.executable, "-m", "weekplan", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode not in (0, 2), result
    assert "Traceback" not in result.stderr


# Settings the planner leaves unused, written for another version perhaps: check names
# them, but the file stays writable and syncs.
WARNED = [
    Bad(  # a terminal sends Alt+s as Escape then s: such a key could never fire
        "alt-key",
        "config.toml",
        b'[keys]\nsearch = "alt+s"\n',
        2,
        10,
        "alt+ keys cannot be told from Escape",
    ),
    Bad(  # a key written as no key could ever be: the binding keeps its own
        "key-not-a-key",
        "config.toml",
        b'[keys]\nsearch = "[red]x"\nhelp = "\\u001b"\n',
        2,
        10,
        "key binding 'search': '[red]x' is not a key like ctrl+n, f1, question_mark or ?",
    ),
    Bad(  # a name of no key the terminal sends would never fire
        "key-unknown-name",
        "config.toml",
        b'[keys]\nsearch = "ctrl+f,pgdwn"\n',
        2,
        10,
        "key binding 'search': 'pgdwn' is not a key the terminal sends",
    ),
    Bad("key-control", "config.toml", b'[keys]\nhelp = "ctrl+n,\\u001b"\n', 2, 8, "'\\x1b' is not a key like"),
    Bad(
        "key-empty",
        "config.toml",
        b'[keys]\nhelp = "f1,,f2"\n',
        2,
        8,
        "key binding 'help': an empty key between commas",
    ),
    Bad(  # alone, past the other end's default: said, not set back in silence
        "evening-start-alone",
        "config.toml",
        b'evening_start = "23:00"\n',
        1,
        17,
        "'evening_start' must be before 'evening_end' (22:00 when not set)",
    ),
    Bad(
        "evening-end-alone",
        "config.toml",
        b'evening_end = "05:00"\n',
        1,
        15,
        "'evening_end' must be after 'evening_start' (18:00 when not set)",
    ),
    Bad(  # a theme of no such name would be left unused without a word
        "theme-unknown",
        "config.toml",
        b'theme = "textual-drak"\n',
        1,
        9,
        "'theme' must be a theme like textual-dark, nord or gruvbox, not 'textual-drak'",
    ),
    Bad(  # a language babel has no names for once fell back to English without a word
        "language-unknown",
        "config.toml",
        b'language = "tlh"\n',
        1,
        12,
        "'language' = 'tlh' is not a language the planner knows; English names are used",
    ),
    Bad(  # "undetermined", which babel reads as English, was taken without a word
        "language-undetermined",
        "config.toml",
        b'language = "und"\n',
        1,
        12,
        "'language' = 'und' is not a language the planner knows; English names are used",
    ),
    Bad(  # a list of tables was once named a setting, and pointed at the top of the file
        "list-of-tables-unknown",
        "config.toml",
        b"slot_minutes = 30\n\n[[things]]\na = 1\n",
        3,
        1,
        "config.toml has no list of tables 'things'; it is kept as written and not used",
    ),
    Bad(  # a slip of the fingers once left the setting unused without a word
        "setting-misspelt",
        "config.toml",
        b'frist_weekday = "sunday"\n',
        1,
        17,
        "config.toml has no setting 'frist_weekday' (did you mean 'first_weekday'?)",
    ),
    Bad(
        "table-misspelt",
        "config.toml",
        b'theme = "nord"\n\n[categries.music]\nname = "Music"\n',
        3,
        1,
        "config.toml has no table 'categries' (did you mean 'categories'?)",
    ),
    Bad(
        "category-field-misspelt",
        "config.toml",
        b'[categories.music]\nname = "Music"\ncolour = "#e0a030"\n',
        3,
        10,
        "[categories.music] has no setting 'colour' (did you mean 'color'?)",
    ),
    Bad(
        "partner-field-unknown",
        "config.toml",
        b'[partner]\nme = "Alex"\nnickname = "Al"\n',
        3,
        12,
        "[partner] has no setting 'nickname'; it is kept as written and not used",
    ),
    Bad(  # an id no binding has remapped nothing, and only the planner said so
        "binding-unknown",
        "config.toml",
        b'[keys]\nadd_activty = "n"\n',
        2,
        15,
        "key binding 'add_activty': no binding is called 'add_activty'",
    ),
    Bad(  # q would add an activity while the grid has the focus, and never quit
        "binding-takes-quit",
        "config.toml",
        b'[keys]\nadd_activity = "q"\n',
        2,
        16,
        "key binding 'add_activity': q is also the key of 'quit' in the main screen;",
    ),
    Bad(  # two overrides on one key where both apply: one of them would never fire
        "two-bindings-one-key",
        "config.toml",
        b'[keys]\n"ideas.add" = "f2"\n"ideas.edit" = "F2"\n',
        2,
        15,
        "key binding 'ideas.add': f2 is also the key of 'ideas.edit' in its dialog",
    ),
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    result = weekplan(root, "path")
    assert result.returncode == 0
    assert weekplan(root, "check").returncode == 0  # creates it, with a default config
    return root


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_a_bad_file_is_reported_and_never_changed(data_dir: Path, bad: Bad) -> None:
    path = data_dir / bad.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bad.content)

    check = weekplan(data_dir, "check")
    assert check.returncode == 1
    assert "Traceback" not in check.stderr
    expected = f"{path}:{bad.line}:{bad.col}: "
    lines = [line for line in check.stderr.splitlines() if line.startswith(f"{path}:")]
    assert lines, check.stderr
    assert lines[0].startswith(expected), lines[0]
    assert bad.message in lines[0]
    assert path.read_bytes() == bad.content

    show = weekplan(data_dir, "show")
    assert_clean_failure(show)
    assert f"{path}:{bad.line}:{bad.col}: " in show.stderr
    assert path.read_bytes() == bad.content

    show_json = weekplan(data_dir, "show", "--json")
    assert_clean_failure(show_json)
    assert any(e.startswith(expected) for e in json.loads(show_json.stdout)["errors"])

    add = weekplan(data_dir, "add", "mon 12:00-13:00 lunch walk #rest")
    if bad.file == WEEK:
        assert_clean_failure(add)
        assert "cannot be changed until it is fixed" in add.stderr
        assert "nothing was added" in add.stderr
        assert expected in add.stderr
    else:
        assert add.returncode == 0, add.stderr  # the week itself is fine
    assert path.read_bytes() == bad.content

    # Another week stays readable and writable.
    other = weekplan(data_dir, "add", "2026-12-01 10:00 swim #fitness")
    assert other.returncode == 0, other.stderr
    shown = weekplan(data_dir, "show", "2026-W49", "--json")
    assert "Traceback" not in shown.stderr
    assert [a["title"] for a in json.loads(shown.stdout)["activities"]] == ["swim"]
    assert path.read_bytes() == bad.content


@pytest.mark.parametrize("warned", WARNED, ids=[c.name for c in WARNED])
def test_a_setting_left_unused_is_named_by_check_and_blocks_nothing(data_dir: Path, warned: Bad) -> None:
    path = data_dir / warned.file
    path.write_bytes(warned.content)

    check = weekplan(data_dir, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    lines = [line for line in check.stderr.splitlines() if line.startswith(f"{path}:")]
    assert lines and lines[0].startswith(f"{path}:{warned.line}:{warned.col}: "), check.stderr
    assert warned.message in lines[0]

    show = weekplan(data_dir, "show", "--json")
    assert show.returncode == 0 and json.loads(show.stdout)["errors"] == []
    add = weekplan(data_dir, "add", "mon 12:00-13:00 lunch walk #rest")
    assert add.returncode == 0, add.stderr
    assert path.read_bytes() == warned.content


def test_a_goal_with_neither_amount_is_told_so(data_dir: Path) -> None:
    # It was told it had both.
    path = data_dir / "goals.toml"
    path.write_bytes(b"[goals.friends]\ncount = 2\n\n[goals.fitness]\n")
    check = weekplan(data_dir, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    said = f"{path}:4:1: goals.fitness: a goal needs 'count' (times a week) or 'hours'; it has neither"
    assert said in check.stderr.splitlines()
    assert path.read_bytes() == b"[goals.friends]\ncount = 2\n\n[goals.fitness]\n"


def test_conflict_markers_are_each_named(data_dir: Path) -> None:
    path = data_dir / WEEK
    path.parent.mkdir(parents=True)
    path.write_bytes(GOOD_ITEM + b"<<<<<<< HEAD\ndone = true\n=======\ndone = false\n>>>>>>> phone\n")
    check = weekplan(data_dir, "check")
    found = [line.removeprefix(f"{path}:") for line in check.stderr.splitlines() if line.startswith(str(path))]
    assert [line.split(": ", 1)[0] for line in found] == ["7:1", "9:1", "11:1"]
    assert all("merge conflict" in line for line in found)


def test_a_file_that_is_not_a_week_is_named(data_dir: Path) -> None:
    stray = data_dir / "weeks" / "2021-W53.toml"  # 2021 has no week 53
    stray.parent.mkdir()
    stray.write_bytes(GOOD_ITEM)
    check = weekplan(data_dir, "check")
    assert check.returncode == 1
    assert f"{stray}:1:1: file name is not a week" in check.stderr
    assert stray.read_bytes() == GOOD_ITEM


def test_every_problem_in_a_file_is_listed(data_dir: Path) -> None:
    path = data_dir / WEEK
    path.parent.mkdir()
    path.write_bytes(
        b"[activities.b2]\n" + item(start=b"19", done=b'"yes"') + b"\n[activities.c3]\n" + item(title=b'""')
    )
    check = weekplan(data_dir, "check")
    positions = [line.split(": ", 1)[0].removeprefix(f"{path}:") for line in check.stderr.splitlines()[:-1]]
    assert positions == ["3:9", "7:8", "13:9"]
    assert check.stderr.splitlines()[-1] == "3 problems found"


def test_each_of_many_problems_is_placed_at_its_own_line_however_its_table_is_written(data_dir: Path) -> None:
    # Ids that begin alike (a1, a10, a100), headers bare, quoted and literal, and items
    # written inline under [activities]: each problem at the line of its own item.
    path = data_dir / WEEK
    path.parent.mkdir()
    lines: list[bytes] = []
    expected: list[str] = []
    for number in range(1, 121):
        header = [b"[activities.a%d]", b'["activities"."a%d"]', b"[ activities . 'a%d' ]"][number % 3]
        lines.append(header % number)
        expected.append(f"{len(lines) + 2}:9")  # start, the second field
        lines += item(start=b'"half past %d"' % number).splitlines()
    lines.append(b"[activities]")
    for number in range(1, 4):
        lines.append(b'inline%d = { date = 2026-11-24, start = "19:00", end = "20:00", title = "" }' % number)
        expected.append(f"{len(lines)}:{len(f'inline{number} = ') + 1}")
    path.write_bytes(b"\n".join(lines) + b"\n")
    check = weekplan(data_dir, "check")
    problems = check.stderr.splitlines()[:-1]
    assert [line.split(": ", 1)[0].removeprefix(f"{path}:") for line in problems] == expected
    assert problems[0].endswith("activities.a1: 'half past 1' is not a time like 19:30")
    assert check.stderr.splitlines()[-1] == f"{len(expected)} problems found"


def test_a_table_written_only_through_its_sub_tables_is_found_at_the_first_of_them(data_dir: Path) -> None:
    # What a hand edit or a merge can leave: an exception whose routine lost its own lines.
    path = data_dir / "routines.toml"
    path.write_bytes(b'# routines\n\n[routines.ab12.exceptions.2026-11-25]\nstart = "18:00"\n')
    check = weekplan(data_dir, "check")
    assert check.returncode == 1
    problems = check.stderr.splitlines()[:-1]
    assert problems and all(line.startswith(f"{path}:3:1: routines.ab12: ") for line in problems)
    assert any("'title' is missing" in line for line in problems)


def test_a_fine_data_dir_checks_clean(data_dir: Path) -> None:
    assert weekplan(data_dir, "add", "mon 19:00 climbing #friends").returncode == 0
    check = weekplan(data_dir, "check")
    assert check.returncode == 0
    assert check.stderr == ""
    assert str(data_dir) in check.stdout


def test_a_text_with_many_problems_places_each_where_one_problem_alone_is_placed() -> None:
    # Past its first few places a Locator indexes the text: the index must find what
    # reading from the top finds, however tables and keys are written, or not at all.
    lines: list[str] = ['title = "top"', "[routines.r1.exceptions.2026-11-24]", 'note = "sub-table only"']
    for number in range(1, 41):
        header = ["[activities.a%d]", '["activities"."a%d"]', "[ activities . 'a%d' ]"][number % 3]
        lines += [header % number, "date = 2026-11-24", f'"start" = "{number}"', "'odd key' = 1", ""]
    lines += ["[activities]", 'inline1 = { title = "" }', "[[log]]", "entry = 1"]
    text = "\n".join(lines) + "\n"
    places: list[tuple[tuple[str, ...], str | None]] = [((), "title"), (("routines", "r1"), None), (("log",), "entry")]
    for number in (*range(1, 41), 99):
        item = ("activities", f"a{number}")
        places += [(item, None), (item, "start"), (item, "odd key"), (item, "missing")]
    places += [(("activities", "inline1"), "title"), (("activities",), "inline1"), (("nowhere", "x"), "y")]

    where = Locator(text)
    assert len(places) > Locator.READ_FROM_THE_TOP
    assert [where.locate(table, key) for table, key in places] == [locate(text, table, key) for table, key in places]
    assert where.locate(("activities", "a6"), "start") == (lines.index("[activities.a6]") + 3, 11)
