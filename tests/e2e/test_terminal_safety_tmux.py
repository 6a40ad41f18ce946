"""The planner in a real terminal (tmux) on titles that try to drive it: the window
title stays, no clipboard buffer appears, the screen is not cleared, and the pane holds
no escape sequence but tmux's own colours; the titles are there, made visible.

Runs on a tmux server of its own (-L), so that set-clipboard can be turned on (an OSC 52
from the planner would then show as a tmux buffer) without touching anyone's tmux.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from tmux_support import wait_for_text, weekplan_command

from hostile_text import HOSTILE
from weekplan.model import Activity, Idea, SpecialDate
from weekplan.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

# What tmux itself writes into a captured pane with -e: colours and attributes.
TMUX_STYLES = re.compile(r"\x1b\[[0-9;:]*m")


class Server:
    """A tmux server of its own with one session running `command`."""

    def __init__(self, command: str) -> None:
        self.socket = f"wp-safety-{uuid.uuid4().hex[:8]}"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "sleep 600")
        self.tmux("set-option", "-g", "default-size", "120x40")
        self.tmux("resize-window", "-t", "main", "-x", "120", "-y", "40")
        self.tmux("set-option", "-s", "set-clipboard", "on")  # an app's OSC 52 makes a buffer
        self.tmux("set-option", "-g", "allow-rename", "on")
        self.tmux("respawn-pane", "-k", "-t", "main", command)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False)
        return done.stdout

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "main")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        return wait_for_text(self.screen, text, timeout)

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    """The hostile titles as a sync or a hand edit leaves them, in this week."""
    root = tmp_path / "hostile-data"
    store = Store.open(root)
    for index, (name, text) in enumerate(sorted(HOSTILE.items())):
        day = date(2026, 11, 23 + index % 7)
        start = (8 + (index // 7) * 3) * 60
        store.put_activity(Activity(f"a{index}", day, start, start + 60, text, "fitness", notes=text))
        store.put_date(SpecialDate(f"d{index}", date(2026, 11, 24 + index % 6), text, 20 * 60, 21 * 60, place=text))
        store.put_idea(Idea(f"i{index}", text, tags=(name, text)))
    return root


@pytest.fixture
def planner(hostile_dir: Path) -> Iterator[Server]:
    env = f"WEEKPLAN_DATA_DIR={shlex.quote(str(hostile_dir))} WEEKPLAN_TODAY=2026-11-23 TERM=xterm-256color"
    # COLUMNS and LINES (pytest's, when set) would override the pane's size.
    server = Server(f"env -u COLUMNS -u LINES {env} {shlex.quote(weekplan_command())}")
    yield server
    server.close()


def assert_terminal_untouched(server: Server) -> None:
    assert "PWNED" not in server.tmux("display-message", "-p", "-t", "main", "#{pane_title}|#{window_name}")
    assert server.tmux("list-buffers") == ""  # no OSC 52 reached tmux
    raw = server.screen(escapes=True)
    leftover = TMUX_STYLES.sub("", raw)
    assert "\x1b" not in leftover, repr(leftover[leftover.index("\x1b") - 20 :][:80])
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", leftover)


def test_hostile_titles_do_not_drive_the_terminal(planner: Server) -> None:
    planner.wait_for("Coming up")
    time.sleep(0.5)  # the first frame written in full
    assert_terminal_untouched(planner)
    # The Together panel lists it, made visible, further down than its first screen
    # (the goals under it keep their lines): its rows are walked until it shows.
    planner.tmux("send-keys", "-t", "main", "Tab")
    for _ in range(12):
        if "␛]52;c;c3Q=␛\\" in planner.screen():
            break
        planner.tmux("send-keys", "-t", "main", "Down")
        time.sleep(0.2)
    shown = planner.wait_for("␛]52;c;c3Q=␛\\")
    assert_terminal_untouched(planner)  # scrolled and painted again, still only text
    assert shown.splitlines()[0].lstrip().startswith("weekplan  Week 48")  # no ESC[2J cleared the screen

    planner.tmux("send-keys", "-t", "main", "I")  # the idea backlog: every title and tag
    planner.wait_for("<U+202E>")
    assert_terminal_untouched(planner)
    planner.tmux("send-keys", "-t", "main", "Escape")
    time.sleep(0.5)  # an escape followed at once by a key reads as alt+key
    planner.tmux("send-keys", "-t", "main", "/")  # search: results one line each
    planner.wait_for("Search all weeks")
    planner.tmux("send-keys", "-t", "main", "-l", "line")
    planner.wait_for("first line↵second line")
    assert_terminal_untouched(planner)
    planner.tmux("send-keys", "-t", "main", "Escape")
    planner.tmux("send-keys", "-t", "main", "q")
