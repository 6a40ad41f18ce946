"""The words and labels of the week grid, fitted to terminal cells: day headings that
keep the month, titles wrapped between words, the cursor's mark, readable text on a
block's colour.  Kept apart from weekplan.app.week_grid, which paints and moves."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from rich.cells import cell_len, set_cell_size
from rich.color import Color

from weekplan.display import Display
from weekplan.grid_layout import Item
from weekplan.model import Activity
from weekplan.weeks import MINUTES_PER_DAY


def readable_on(hex_color: str) -> str:
    """Black or white text, whichever reads better on this background."""
    triplet = Color.parse(hex_color).get_truecolor()
    luminance = (0.299 * triplet.red + 0.587 * triplet.green + 0.114 * triplet.blue) / 255
    return "#101010" if luminance > 0.6 else "#ffffff"


def fit(text: str, width: int) -> str:
    """Cut or pad to exactly `width` cells; a wide character that would be split in two
    becomes a space, so columns stay aligned with CJK and emoji titles."""
    return set_cell_size(text, width) if width > 0 else ""


def fit_cut(text: str, width: int) -> str:
    """Exactly `width` cells: padded when short, and when too long cut with an ellipsis,
    so that a cut always shows."""
    if width <= 0:
        return ""
    return fit(text if cell_len(text) <= width else _cut(text, width), width)


def day_labels(days: list[date], widths: list[int], display: Display) -> list[str]:
    """The days' headings, all in one form: the longest that fits every column, in
    cells.  A weekday that names one day only outlasts the month (the week's title
    names it too): two days sharing an initial, as "T" for Tuesday and Thursday or "D"
    for Dienstag and Donnerstag, have to be counted out, so an initial alone is used
    only where two letters no longer fit.  One form for all: "Mon 23 Nov" beside "Fr 27
    Nov" reads as a slip.  Another language's longer forms are written in its own
    order ("Mo., 23. Nov.", "11月23日(月)"); its short ones keep the weekday's first
    letters and the day's number."""

    def forms(day: date) -> tuple[str, ...]:
        weekday = display.weekday(day)
        if display.english:
            month = display.month(day)
            named = (f"{weekday} {day.day} {month}", f"{weekday[:2]} {day.day} {month}", f"{weekday} {day.day}")
        else:
            named = (display.weekday_day_month(day), display.weekday_day(day))
        return (
            *named,
            f"{weekday[:2]} {day.day}",
            f"{weekday[:2]}{day.day}",
            f"{weekday[0]}{day.day}",
            str(day.day),
        )

    every = [forms(day) for day in days]
    for index in range(len(every[0]) if every else 0):
        if all(cell_len(labels[index]) <= width for labels, width in zip(every, widths, strict=True)):
            return [labels[index] for labels in every]
    return [labels[-1] for labels in every]


def mark_cursor(text: str) -> str:
    """Put a "›" in the lead cell of the block under the cursor: the cursor shows without
    colour too (NO_COLOR, monochrome terminals, screen readers of the text).  A block
    too narrow for a lead cell gives its first cell up (a wide character a space)."""
    if not text:
        return text
    used = cell_len(text[0])
    return "›" + (" " if used == 2 else "") + text[1:]


@cache
def _after_hyphen() -> re.Pattern[str]:
    return re.compile(r"(?<=-)")  # compiled when a word first needs breaking


def wrap_cells(text: str, width: int, *, max_lines: int | None = None) -> list[str]:
    """Words onto lines of at most `width` cells, broken only between words (or after
    the hyphen of a hyphenated word too long for a line).  A word
    longer than a line is cut with an ellipsis, and so is the last line when the words
    need more than `max_lines`: a cut always shows, and never splits a word over two
    lines ("Portfol / io")."""
    if width <= 0:
        return [""]
    # Printable ASCII is one cell a character: counting is enough (most titles).
    measure = len if text.isascii() and text.isprintable() else cell_len
    # (piece, what joins it to the one before): words, and the parts of a hyphenated
    # word too long for a line, which may break after their hyphens ("Board-/game").
    pieces: list[tuple[str, str]] = []
    for word in text.split(" "):
        if not word:
            continue
        parts = [word] if measure(word) <= width else [p for p in _after_hyphen().split(word) if p]
        pieces += [(part, " " if i == 0 else "") for i, part in enumerate(parts)]
    lines: list[str] = []
    current = ""
    for word, joiner in pieces:
        candidate = f"{current}{joiner}{word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if max_lines is not None and len(lines) >= max_lines:
            # No line left for this word: the last line says there is more.
            lines[-1] = _with_ellipsis(lines[-1], width)
            return lines
        current = word if measure(word) <= width else _cut(word, width)
    lines.append(current)
    return lines


def _cut(text: str, width: int) -> str:
    """`text` in `width` cells, its end replaced by an ellipsis."""
    return set_cell_size(text, max(0, width - 1)).rstrip() + "…"


def _with_ellipsis(line: str, width: int) -> str:
    """The line with "…" after it, dropping whole words from its end to make room."""
    if line.endswith("…"):
        return line
    if cell_len(line) + 1 <= width:
        return line + "…"
    words = line.split(" ")
    while len(words) > 1:
        words.pop()
        shorter = " ".join(words)
        if cell_len(shorter) + 1 <= width:
            return shorter + "…"
    return _cut(line, width)


def time_text(item: Item, width: int, display: Display) -> str:
    """The block's time line: the range when it fits, else the start, never cut in half."""
    start, end = item.start, item.end
    if start is None or width < 5:
        return ""
    times = [display.time(start)]
    if end is not None:
        # A date that ends at or before its start runs past midnight.
        late = " (+1)" if end <= start else ""
        times.insert(0, f"{display.time_range(start, end % MINUTES_PER_DAY)}{late}")
    return next((t for t in times if cell_len(t) <= width), times[-1])


def struck(item: Item) -> bool:
    """Skipped activities and cancelled dates are shown struck through."""
    if isinstance(item, Activity):
        return item.skipped
    return item.status == "cancelled"
