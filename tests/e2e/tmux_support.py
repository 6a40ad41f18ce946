"""What the tests in a real terminal (tmux) share: the installed `weekplan` command,
a tmux session running it, and waiting for the screen to show a text."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path


def weekplan_command() -> str:
    beside = Path(sys.executable).with_name("weekplan")
    found = str(beside) if beside.exists() else shutil.which("weekplan")
    assert found, "the weekplan command is not installed"
    return found


def wait_for_text(screen: Callable[[], str], text: str, timeout: float = 20.0) -> str:
    """The screen once it shows `text`; AssertionError with the screen when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.05)
    raise AssertionError(f"never saw {text!r}; the screen was:\n{screen()}")


class Tmux:
    """A tmux session (on the usual server) running `command`."""

    def __init__(self, command: str, width: int = 120, height: int = 40) -> None:
        self.name = f"wp-e2e-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command], check=True
        )

    def screen(self) -> str:
        result = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode == 0

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        return wait_for_text(self.screen, text, timeout)

    def wait_gone(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text not in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} stayed on screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def quit(self) -> None:
        """Press q, as a person quits, and wait for the planner to end."""
        self.keys("q")
        deadline = time.monotonic() + 10
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not self.alive(), "q did not quit the planner"

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
