"""A real full disk: a small tmpfs mounted for one test (root only; where it cannot be
mounted the test is skipped, and a simulated full disk beside it stands in).

Shared by tests/app/test_safety_save_errors.py, tests/unit/test_remind_once.py and the
tests of a move on a full disk, which fill it to leave room for exact steps (Filler).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str = "256k") -> Iterator[Path]:
    where.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): the simulated full disk beside it stands in")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


PAGE = 4096  # what a small file takes of a tmpfs


class Filler:
    """Files of one page each filling the disk, taken away to leave exact room."""

    def __init__(self, disk: Path) -> None:
        self.folder = disk / "filler"
        self.folder.mkdir()
        self.pages: list[Path] = []

    def leave(self, pages: int) -> None:
        """Fill the disk, then free `pages` pages."""
        with contextlib.suppress(OSError):
            while True:
                page = self.folder / f"page{len(self.pages)}"
                self.pages.append(page)
                page.write_bytes(b"x" * PAGE)
        self.pages.pop().unlink(missing_ok=True)  # the one that did not fit
        for _ in range(pages):
            self.pages.pop().unlink()

    def free_all(self) -> None:
        for page in self.pages:
            page.unlink()
        self.pages = []
