"""Bytes from the keyboard that are not UTF-8 are read as "�", never a crash.

Textual's terminal driver decodes what it reads from the keyboard as strict UTF-8.  A
byte that is not (a key typed in a terminal set to Latin-1, a paste of binary text, a
C1 control pasted as one raw byte) raised in its input thread and ended the planner
with a traceback, and what an open form held was lost.  The driver is given a decoder
that puts U+FFFD in place of such a byte, as Python does reading a file with
errors="replace"; the form then shows "�" where the byte was, and the person can
correct it.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable

from textual.drivers import linux_driver


def replacing_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """codecs.getincrementaldecoder, its decoders made with errors="replace"."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def read_undecodable_bytes_as_marks() -> None:
    """Have the terminal driver decode keys with `replacing_decoder` (the planner a
    person runs; apps under test have no terminal)."""
    linux_driver.getincrementaldecoder = replacing_decoder  # type: ignore[assignment]
