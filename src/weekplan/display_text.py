"""What user text looks like on a terminal: never a control character.

A title, a note, a place or a line of a file can hold anything a person, a calendar
or a sync put there, escape sequences included.  Written to a terminal as it is, an
ESC starts a command (OSC 52 writes the clipboard, OSC 0 the window title, CSI 2J
clears the screen), and a right-to-left override turns the rest of the line around.
So every place that shows user text shows it through this module; what is stored is
never changed.

The visible forms, one rule for each kind:

- C0 controls (U+0000–U+001F) and DEL (U+007F) become their Unicode control
  pictures: ESC is ␛, BEL is ␇, NUL is ␀, DEL is ␡.  A tab is a gap, so it becomes
  a space.
- C1 controls (U+0080–U+009F) have no pictures; they become their code point between
  angle brackets: the one-character CSI U+009B is shown as <U+009B>.
- Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
  are shown the same way, <U+202E>: they reorder what follows on the line, which
  can make text read differently from what it holds ("Trojan Source").  Right-to-left
  text itself needs none of them and shows as it is; so do the left-to-right and
  right-to-left marks (U+200E, U+200F), which cannot reorder text by themselves.
- Lone surrogates (from undecodable bytes on a command line) cannot be written to a
  terminal at all; they are shown as <U+DCFF> too.
- Line breaks (LF, CR LF, a lone CR, U+2028, U+2029): `visible` keeps them, as
  newlines, for places that show several lines (a dialog's message, a list of
  errors); `one_line` shows each as ↵, for places with one line per entry (the grid,
  the Together panel's rows, search results, `show`), and cuts what is longer than
  ONE_LINE_LIMIT characters with "…".

No Textual here: the command line uses this module too.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


LINE_BREAK_MARK = "↵"
CUT_MARK = "…"
# Longest text a one-line place shows of one field; past it the text is cut and ends in
# CUT_MARK.  As long as the longest title the planner takes (model.TITLE_MAX_LENGTH).
ONE_LINE_LIMIT = 200

_BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))

# Plain str methods and translate tables, no regular expressions: the command line
# imports this module on every run, and compiling the patterns cost more than all the
# showing it does.


def _code_point(code: int) -> str:
    return f"<U+{code:04X}>"


def _table() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x0A}  # ␀ … ␟, LF aside
    table[0x09] = " "
    table[0x7F] = "␡"
    table.update({code: _code_point(code) for code in range(0x80, 0xA0)})
    table.update({code: _code_point(code) for code in _BIDI_CONTROLS})
    return table


_VISIBLE = _table()  # LF stays a line break
_ONE_LINE = {**_VISIBLE, 0x0A: LINE_BREAK_MARK}


def _breaks_as_lf(text: str) -> str:
    """CR LF, a lone CR and Unicode's line and paragraph separators, all as LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return text


def _surrogates_shown(text: str, form: Any = _code_point) -> str:
    """Lone surrogates (what undecodable bytes become) in `form`: no terminal or
    UTF-8 file can take them as they are."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(form(ord(c)) if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def visible(text: str) -> str:
    """The text with every control character made visible, its line breaks kept (as
    newlines): for places that show several lines, like a note or an error list."""
    if text.isprintable():  # no control, bidi control, surrogate or line break: nearly always
        return text
    return _surrogates_shown(_breaks_as_lf(text).translate(_VISIBLE))


def one_line(text: str, limit: int | None = ONE_LINE_LIMIT) -> str:
    """The text on one line, every control character visible and each line break shown
    as ↵; longer than `limit` characters, it is cut and ends in "…"."""
    if not text.isprintable():
        text = _surrogates_shown(_breaks_as_lf(text).translate(_ONE_LINE))
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + CUT_MARK
    return text


def quoted(text: str) -> str:
    """The text on one line in quotation marks: how a message names an item (“Gym”)."""
    return f"“{one_line(text)}”"


# -- JSON ---------------------------------------------------------------------------------

# json.dumps(ensure_ascii=False) escapes C0 and leaves DEL, C1, the bidi controls and the
# line separators raw, and a raw U+009B is a CSI to many terminals.  These are written as
# \\uXXXX escapes instead: the same text to any JSON reader, and harmless on a terminal.
# Lone surrogates too: they are not UTF-8 at all, and would stop the output half-way.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *_BIDI_CONTROLS, 0x2028, 0x2029)}


def safe_json(payload: Any, *, indent: int | None = 2) -> str:
    """`payload` as JSON text readable as UTF-8, with every control character escaped."""
    import json  # only JSON output needs it: the plain commands start without it

    text = json.dumps(payload, ensure_ascii=False, indent=indent).translate(_JSON_ESCAPES)
    return _surrogates_shown(text, lambda code: f"\\u{code:04x}")


# -- the command line's output ------------------------------------------------------------


class OutputError(OSError):
    """A standard stream that could not be written (a full disk, a closed terminal); a
    reader that left (BrokenPipeError) is not one."""


class VisibleStream:
    """A text stream (standard output or error) that writes what it is given through
    `visible`: the command line's last guard, so that no message, whichever module
    prints it and whatever it quotes (a title, a file's line, git's words), can drive
    the terminal.  Everything else (isatty, buffer) is the wrapped stream's; a stream
    that is not there (a descriptor closed at start) is an OutputError."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self._said(self._open().write, visible(text))
        return len(text)

    def write_bytes(self, data: bytes) -> None:
        """`data` as it is, into the stream's binary buffer (an export into a file or a
        pipe), a failure to write said as text's is."""
        self._said(self._open().buffer.write, data)

    def flush(self) -> None:
        if self.stream is not None:  # a closed stream holds nothing to flush
            self._said(self.stream.flush)

    def _open(self) -> Any:
        if self.stream is None:  # started with the descriptor closed (`weekplan show >&-`)
            import errno  # only here: every command imports this module

            raise OutputError(errno.EBADF, "the output is closed")
        return self.stream

    @staticmethod
    def _said(write: Any, *args: Any) -> None:
        try:
            write(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._open(), name)
