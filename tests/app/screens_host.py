"""A tiny app that shows one planner screen over a plain background and records what
the screen returns, and a way to read what is on the terminal as text."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from weekplan.app.screens import SCREENS_CSS

_CELL_WIDTH = 12.2  # the width of one cell in Textual's SVG export (0.61 × font size 20)
_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


class ScreenHost(App[None]):
    CSS_PATH = [SCREENS_CSS]

    def __init__(self, under_test: Screen[Any]) -> None:
        super().__init__()
        self.under_test = under_test
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static("the planner")

    def on_mount(self) -> None:
        self.push_screen(self.under_test, self.results.append)


def screen_text(app: App[Any]) -> str:
    """The terminal's characters, row by row, as a person would read them."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in _SVG_TEXT.findall(app.export_screenshot()):
        rows[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / _CELL_WIDTH)) + text
        lines.append(line.rstrip())
    return "\n".join(lines)
