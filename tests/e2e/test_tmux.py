"""The installed `weekplan` command in a real terminal (tmux): add an activity with
the keys a person would press, quit, and find it with `weekplan show --json`."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_support import Tmux, weekplan_command

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "e2e-data"


@pytest.fixture
def terminal(data_dir: Path) -> Iterator[Tmux]:
    env = f"WEEKPLAN_DATA_DIR={shlex.quote(str(data_dir))} WEEKPLAN_TODAY=2026-11-23 TERM=xterm-256color"
    term = Tmux(f"env {env} {shlex.quote(weekplan_command())}")
    yield term
    term.close()


def test_add_an_activity_with_the_keyboard_then_show_it(terminal: Tmux, data_dir: Path) -> None:
    terminal.wait_for("Week 48 · 23–29 Nov 2026")
    terminal.keys("a")
    terminal.wait_for("New activity")
    terminal.type("Climbing with Sam")
    terminal.wait_for("Climbing with Sam")
    for _ in range(4):  # date, start, end, category: at a person's pace, one key at a time
        terminal.keys("Tab")
        time.sleep(0.2)
    terminal.type("fit")
    terminal.wait_for("Fitness")  # the form names the category it understood
    terminal.keys("C-s")
    shown = terminal.wait_gone("New activity")
    assert "Climbing" in shown  # on the grid, under the cursor
    terminal.quit()

    env = {**os.environ, "WEEKPLAN_DATA_DIR": str(data_dir), "WEEKPLAN_TODAY": "2026-11-23"}
    result = subprocess.run(
        [weekplan_command(), "show", "2026-W48", "--json"], capture_output=True, text=True, env=env, check=True
    )
    week = json.loads(result.stdout)
    found = [a for a in week["activities"] if a["title"] == "Climbing with Sam"]
    assert len(found) == 1
    assert found[0]["date"] == "2026-11-23" and found[0]["category"] == "fitness"
    assert found[0]["end"] > found[0]["start"]


def test_at_80x24_the_footer_keeps_help_and_quit_and_the_panel_shows_its_keys(data_dir: Path) -> None:
    env = f"WEEKPLAN_DATA_DIR={shlex.quote(str(data_dir))} WEEKPLAN_TODAY=2026-11-23 TERM=xterm-256color"
    term = Tmux(f"env {env} {shlex.quote(weekplan_command())}", width=80, height=24)
    try:
        # The first frame may come before the terminal's size is settled (the panel
        # still beside the grid): read the screen once the grid has the width, when every
        # day heading has room for its month ("Mo 23 Nov").
        shown = term.wait_for("Mo 23 Nov")
        footer = shown.rstrip("\n").splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer, footer
        assert "a Add" in footer and "u Undo" in footer  # the grid's keys, then undo
        assert "23 Nov" in shown and "29 Nov" in shown  # day headers keep their month
        term.keys("Tab")  # the Together panel, which takes the whole width here
        shown = term.wait_for("a Add idea")
        footer = shown.rstrip("\n").splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer and "s Suggest" in footer, footer
        term.keys("?")
        shown = term.wait_for("What it does")
        assert "everywhere" in shown and "everywher " not in shown
        term.keys("Escape")
        term.wait_gone("What it does")
        term.quit()
    finally:
        term.close()
