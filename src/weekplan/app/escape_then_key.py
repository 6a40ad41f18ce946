"""Escape followed at once by a key is read as Escape, then that key.

A terminal sends Escape as the byte ESC, and Alt+x as ESC x: the two cannot be told
apart from the bytes.  Textual's reader waits a moment after an ESC (ESCDELAY), and a
character arriving within it makes Alt+that character: `alt+a` for a letter, and for
`?`, `[` or `/` the plain key with the Escape dropped.  weekplan binds no Alt key, so
Escape and `a` typed quickly, pasted, or written by tmux in one go closed nothing and
opened nothing (or typed the `a` into the form that was to close).

This reader makes ESC and a printable character the two keys they were typed as.
Sequences Textual knows by name keep their meaning (ESC b and ESC f are the word moves
some terminals send for Alt+Left and Alt+Right).  The reader is Textual's own with that
one step changed; the terminal driver is given it by `read_escape_then_key`.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver


class EscapeThenKeyParser(XTermParser):
    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        # Called with alt=True for the character after a lone ESC that no known
        # sequence starts with, and for the rest of a sequence held up past the wait.
        # `[` and `O` begin the terminal's own sequences (arrows, mouse reports): an
        # Escape made of one held up would close an open form, so they stay as Textual
        # reads them.
        if alt and len(sequence) == 1 and sequence.isprintable() and sequence not in "[O":
            yield events.Key("escape", "\x1b")
            alt = False
        yield from super()._sequence_to_key_events(sequence, alt)


def read_escape_then_key() -> None:
    """Have the terminal driver read keys with `EscapeThenKeyParser` (the planner a
    person runs; apps under test have no terminal)."""
    linux_driver.XTermParser = EscapeThenKeyParser  # type: ignore[misc]
