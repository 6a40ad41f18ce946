"""Titles that try to drive the terminal, and a finder for what must never reach it.

Shared by tests/unit/test_display_text.py, tests/app/test_terminal_safety.py and
tests/e2e/test_terminal_safety_tmux.py.
"""

from __future__ import annotations

import re

# name -> text.  Each would do something to a terminal if written to it as it is.
HOSTILE: dict[str, str] = {
    "osc52": "clip \x1b]52;c;cHduZWQ=\x07 board",  # writes the clipboard
    "osc52_st": "copy \x1b]52;c;c3Q=\x1b\\ paste",  # the same, ended by ST (Textual strips BEL, not ESC)
    "osc0": "title \x1b]0;PWNED-TITLE\x07 set",  # sets the window title
    "osc8": "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ here",  # a hidden hyperlink
    "clear": "wipe \x1b[2J\x1b[H screen",  # clears the screen, cursor home
    "c1_csi": "c1 \x9b2J csi",  # CSI as one C1 character
    "c1_osc": "c1 \x9d0;C1-TITLE\x9c osc",  # OSC and ST as C1 characters
    "bel_nul": "ring \x07\x07 nul \x00 del \x7f",
    "long": "long \x1b]0;" + "A" * 10_000,  # an OSC never ended: swallows what follows
    "bidi": "pay \u202eoreh lla\u202c now",  # right-to-left override
    "trojan": "admin\u2067\u2066 only\u2069\u2066 x",  # isolates, as in Trojan Source
    "newline": "first line\nsecond line",
    "markup": "[red]x[/] [@click=app.quit]quit[/]",  # Textual markup must show literally
}

# What may not reach a terminal from user text: C0 (a newline is the output's own),
# DEL, C1, the bidi embeddings/overrides/isolates, lone surrogates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def unsafe_in(text: str) -> list[str]:
    """Every character of `text` that must not reach a terminal, as readable escapes."""
    return [f"U+{ord(c):04X}" for c in UNSAFE.findall(text)]
