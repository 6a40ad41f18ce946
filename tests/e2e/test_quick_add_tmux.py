"""A new activity in a real terminal (tmux) the quick way: `a`, a title, Enter.  With
an earlier activity of the same title, the form suggests its category and Enter
takes it."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_support import Tmux, weekplan_command

TODAY = "2026-11-23"


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "WEEKPLAN_DATA_DIR": str(data_dir), "WEEKPLAN_TODAY": TODAY}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "quick-data"
    # An earlier climbing with friends, last week: its category is the suggestion.
    subprocess.run([weekplan_command(), "add", "2026-11-18 19:00 climbing #friends"], env=_env(folder), check=True)
    return folder


@pytest.fixture
def terminal(data_dir: Path) -> Iterator[Tmux]:
    env = f"WEEKPLAN_DATA_DIR={shlex.quote(str(data_dir))} WEEKPLAN_TODAY={TODAY} TERM=xterm-256color"
    # The tmux server's environment is whatever its first client had: a PYTHONPATH
    # left there would run another copy of weekplan than the one under test.
    term = Tmux(f"env -u PYTHONPATH -u PYTHONHOME {env} {shlex.quote(weekplan_command())}")
    yield term
    term.close()


def _week(data_dir: Path) -> list[dict[str, object]]:
    command = [weekplan_command(), "show", "2026-W48", "--json"]
    result = subprocess.run(command, capture_output=True, text=True, env=_env(data_dir), check=True)
    return json.loads(result.stdout)["activities"]


def test_a_title_and_enter_saves_the_activity(terminal: Tmux, data_dir: Path) -> None:
    terminal.wait_for("Week 48 · 23–29 Nov 2026")
    terminal.keys("a")
    terminal.wait_for("New activity")
    terminal.type("Board games")
    terminal.wait_for("Board games")
    terminal.keys("Enter")
    shown = terminal.wait_gone("New activity")
    assert "Board" in shown  # on the grid, under the cursor
    terminal.quit()
    (found,) = [a for a in _week(data_dir) if a["title"] == "Board games"]
    assert (found["date"], found["category"]) == (TODAY, "")  # no category: own time, neutral
    assert str(found["end"]) > str(found["start"])


def test_the_earlier_category_is_suggested_and_taken(terminal: Tmux, data_dir: Path) -> None:
    terminal.wait_for("Week 48 · 23–29 Nov 2026")
    terminal.keys("a")
    terminal.wait_for("New activity")
    terminal.type("climbing")
    terminal.wait_for("friends (as before)")  # the suggestion, in the empty category field
    terminal.keys("Enter")
    terminal.wait_gone("New activity")
    terminal.quit()
    (found,) = [a for a in _week(data_dir) if a["title"] == "climbing" and a["date"] == TODAY]
    assert found["category"] == "friends"
