"""What the command line loads on its quick paths: `show --json`, and `sync` with
nothing new, import neither `typing` nor the code of what they do not do
(docs/benchmarks.md has the figures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from git_support import isolate_git
from weekplan.sync import init

STARTED = "import sys; print(*sorted(sys.modules))"
LOADED = "import sys; from weekplan.cli import main; rc = main(sys.argv[1:]); print(*sorted(sys.modules)); sys.exit(rc)"


def loaded_by(*argv: str, exit_code: int = 0) -> set[str]:
    """The modules a fresh interpreter holds after `weekplan ARGV`, which ends with exit_code."""
    done = subprocess.run([sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, env=os.environ)
    assert done.returncode == exit_code, done.stderr
    return set(done.stdout.splitlines()[-1].split())


def loaded_by_the_interpreter() -> set[str]:
    """The modules a fresh interpreter holds before it runs anything."""
    done = subprocess.run([sys.executable, "-c", STARTED], capture_output=True, text=True, env=os.environ, check=True)
    return set(done.stdout.split())


def test_show_json_loads_no_typing_and_the_word_reader_only_for_words(private_data_dir: Path) -> None:
    loaded_by("show", "--json")  # the first run parses the files and keeps them parsed

    loaded = loaded_by("show", "--json")

    assert "typing" not in loaded
    assert "shutil" not in loaded  # argparse's help formatter asks the width only to write help
    assert "threading" not in loaded  # the store's per-thread lock count is _thread's own
    assert "bisect" not in loaded  # only a file with many mistakes is indexed to point at them
    assert "weekplan.timewords" not in loaded  # no week named: nothing to read
    assert not {"weekplan.cli_sync", "weekplan.cli_calendar", "weekplan.partner_setup"} & loaded
    named = loaded_by("show", "2026-W48", "--json")
    assert "weekplan.timewords" in named
    assert "typing" not in named  # the planner's language, read for the words, asks no typing
    assert "unicodedata" not in named  # a week's name in ASCII needs no composing of accents
    # importlib finds a feature module's command by name; a built-in one needs none
    # (unless the interpreter's own start loaded it, as `python -m` does)
    assert "importlib" not in named - loaded_by_the_interpreter()


def test_show_of_a_day_in_digits_or_english_loads_no_language_data_in_a_german_locale(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    loaded_by("show", "--json")  # the files kept parsed

    assert "babel" not in loaded_by("show", "2026-W48", "--json")  # no name of a month or day to read
    assert "babel" not in loaded_by("show", "2026-12-24", "--json")  # a date in digits names nothing
    assert "babel" not in loaded_by("show", "next", "fri", "--json")  # English words are English's
    # a day alone is refused, and no word after it could be a month
    assert "babel" not in loaded_by("show", "24", "--json", exit_code=2)
    assert "babel" in loaded_by("show", "24", "dez", "--json")  # German's names are still read


def test_show_compiles_the_pattern_of_a_language_only_for_a_language_to_check(
    private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = (
        "import sys\nfrom weekplan import model\nfrom weekplan.cli import main\nrc = main(sys.argv[1:])\n"
        "print(model.language_pattern.cache_info().currsize)\nsys.exit(rc)"
    )

    def compiled(locale: str) -> bool:
        monkeypatch.setenv("LANG", locale)
        argv = [sys.executable, "-c", asked, "show", "2026-W48", "--json"]
        done = subprocess.run(argv, capture_output=True, text=True, env=os.environ, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[-1] == "1"

    for variable in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(variable, raising=False)
    assert not compiled("C.UTF-8")  # no language anywhere: English, and nothing to check
    assert compiled("de_DE.UTF-8")  # the locale's language is checked before it is used


def as_alex(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """git with no settings of the machine's, and a name and address from its environment."""
    isolate_git(monkeypatch, tmp_path)
    for variable, value in (("NAME", "Alex"), ("EMAIL", "alex@example.org")):
        monkeypatch.setenv(f"GIT_AUTHOR_{variable}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{variable}", value)


def synced_once(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data directory synced with a bare remote, once by `weekplan sync` too (which
    settles the set-up and keeps the files parsed): the next sync has nothing new."""
    as_alex(monkeypatch, tmp_path)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    init(data_dir, str(remote))
    loaded_by("sync")


def test_sync_with_nothing_new_loads_no_typing_and_no_merge_or_partner_code(
    private_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced_once(private_data_dir, tmp_path, monkeypatch)

    loaded = loaded_by("sync")

    assert "typing" not in loaded
    unused = {
        "weekplan.partner_setup",  # no partner
        "weekplan.partner_busy",
        "weekplan.sync_settle",  # nothing to merge
        "weekplan.sync_merge",
        "weekplan.merge",  # nothing changed to describe, no conflict to look for
        "weekplan.item_merge",
        "weekplan.value_merge",
        "weekplan.sync_conflicts",
        "weekplan.cli_calendar",  # no calendar subscribed
        "weekplan.calendar_files",
        "tomllib",  # every file read is kept parsed
        "socket",  # git has a name and an address
        "shutil",  # no help written: the terminal's width is not asked
        "json",  # no key looked for in a file's text
    }
    assert not unused & loaded


LISTED = (
    "import sys, weekplan.sync as sync; listed = 'conflicts_left' in dir(sync); "
    "print(listed, 'weekplan.sync_conflicts' in sys.modules, sync.conflicts_left.__module__)"
)


def test_sync_lists_conflicts_left_before_loading_it_and_finds_it_when_asked() -> None:
    """conflicts_left is documented API of weekplan.sync, loaded only when asked for."""
    done = subprocess.run([sys.executable, "-c", LISTED], capture_output=True, text=True, env=os.environ)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "weekplan.sync_conflicts"]


# A fresh interpreter runs `weekplan sync`, noting for each git program it starts
# whether the store and the model were loaded by then.
NOTED_STARTS = """
import json, subprocess, sys
from weekplan.cli import main

starts = []
real = subprocess.Popen.__init__

def noted(self, args, *rest, **options):
    if args[:1] == ["git"]:
        loaded = [name for name in ("weekplan.store", "weekplan.model") if name in sys.modules]
        starts.append([args[args.index("-C") + 2], loaded])  # git -c ... -C ROOT COMMAND
    real(self, args, *rest, **options)

subprocess.Popen.__init__ = noted
rc = main(sys.argv[1:])
print(json.dumps(starts))
sys.exit(rc)
"""


def test_sync_starts_git_before_loading_the_store(
    private_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced_once(private_data_dir, tmp_path, monkeypatch)

    done = subprocess.run([sys.executable, "-c", NOTED_STARTS, "sync"], capture_output=True, text=True, env=os.environ)

    assert done.returncode == 0, done.stderr
    starts = json.loads(done.stdout.strip().splitlines()[-1])
    # git looks at the repository (and lists its settings), and fetches as soon as they
    # name the branch, before the store and the model load: they load while git fetches.
    assert starts == [["status", []], ["config", []], ["fetch", []]]


def test_sync_with_a_partner_and_nothing_new_loads_no_typing_and_no_suggesting_code(
    private_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_alex(monkeypatch, tmp_path)
    own, shared = tmp_path / "own.git", tmp_path / "shared.git"
    for bare in (own, shared):
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    init(private_data_dir, str(own))
    loaded_by("partner", "--init", str(shared), "--name", "Alex")
    loaded_by("sync")  # settles both repositories, keeps the files parsed

    loaded = loaded_by("sync")

    assert {"weekplan.partner_setup", "weekplan.partner_busy"} <= loaded  # the shared half synced
    assert "typing" not in loaded
    assert not {"weekplan.together", "weekplan.sync_settle", "getpass", "unicodedata"} & loaded


# A fresh interpreter runs `weekplan ARGV` with the planner replaced by a note of the
# data directory it was given and of whether argparse was loaded by then.
PLANNER_START = """
import json, sys
import weekplan.app
from weekplan.cli import main

def noted(store, *, today):
    print(json.dumps([str(store.root), "argparse" in sys.modules]))
    return 0

weekplan.app.run_planner = noted
sys.exit(main(sys.argv[1:]))
"""


def planner_started_by(*argv: str) -> tuple[str, bool]:
    done = subprocess.run([sys.executable, "-c", PLANNER_START, *argv], capture_output=True, text=True, env=os.environ)
    assert done.returncode == 0, done.stderr
    root, parsed = json.loads(done.stdout.strip().splitlines()[-1])
    return root, parsed


def test_bare_weekplan_starts_the_planner_without_argparse_on_the_same_data_directory(
    private_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert planner_started_by() == (str(private_data_dir), False)

    # An option still goes through the command line's one parser, and wins over the
    # environment, as before.
    other = tmp_path / "other"
    assert planner_started_by("--data-dir", str(other)) == (str(other), True)

    # Without either, the platform's data directory (here under XDG_DATA_HOME).
    monkeypatch.delenv("WEEKPLAN_DATA_DIR")
    root, parsed = planner_started_by()
    assert not parsed
    assert Path(root) == tmp_path / "xdg" / "weekplan"
