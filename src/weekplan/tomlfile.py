"""Reading one TOML file safely, and writing TOML deterministically.

Reading never trusts the file: every way a person, an editor or a git merge can
spoil it becomes a `DataError` with a line and column.  Writing is deterministic,
so the same data always gives the same bytes; putting them on disk is
weekplan.atomic_files' concern, and keeping parsed files between runs
weekplan.parse_cache's.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from weekplan import parse_cache
from weekplan.atomic_files import link_problem
from weekplan.display_text import one_line
from weekplan.record import Record
from weekplan.regular_files import NotRegularFile, TooLargeFile, kind_of, read_regular_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


BOM = b"\xef\xbb\xbf"
_CONFLICT_MARKERS = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")
# Where tomllib's message says the mistake is; compiled (and cached by re) only when a
# file does not parse, so that a command reading sound files compiles neither.
_DECODE_POSITION = r"\s*\(at line (\d+), column (\d+)\)\s*$"
_DECODE_END = r"\s*\(at end of document\)\s*$"
MAX_NESTING = 32
# The largest data file weekplan reads.  Ten years of special dates written by hand is
# some 100 KB; a file twenty times that is not something a person typed, and parsing
# it would take seconds on every start, so it is refused at once instead.
MAX_FILE_BYTES = 2 * 1024 * 1024


class DataError(Record):
    """What is wrong in a data file, at its line and column.  `misfiled`: an item in
    the file of another week or year, read all the same (it is only out of view).
    `item`: the id (or key) of the one item the error is about, "" where it is about
    no item (a table beside them, like a week's review), None where any item of the
    file may be unread (the file, or its table of items, could not be read)."""

    path: Path
    line: int
    col: int
    message: str
    misfiled: bool = False
    item: str | None = None

    def may_hide(self, item_id: str) -> bool:
        """Whether the item `item_id` may be in the file without being read."""
        return self.item is None or self.item == item_id

    def __str__(self) -> str:
        # A message may quote the file, and a file's name is anything: one safe line.
        return one_line(f"{self.path}:{self.line}:{self.col}: {self.message}", limit=None)


class DataFileError(Exception):
    """A file that cannot be used as it is; it must not be written over."""

    def __init__(self, errors: list[DataError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class TooLargeToWrite(OSError):
    """A write refused because weekplan could not read the file back: written, it
    would put everything else in that file out of reach.  Refused like a full disk
    (errno EFBIG), before anything is written; its text says what to do."""

    def __str__(self) -> str:
        return one_line(f"{self.filename}: {self.strerror}", limit=None)


def more_than_weekplan_reads(size: int) -> str:
    """The words for a file too large to read: "2.2 MB, more than the 2 MB weekplan reads"."""
    return f"{size / 1024 / 1024:.1f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB weekplan reads"


def grows_past_limit(size: int, on_disk: int) -> bool:
    """Whether writing `size` bytes over a file of `on_disk` bytes must be refused: it
    would make the file larger than it is, and larger than weekplan reads."""
    return size > MAX_FILE_BYTES and size > on_disk


def refuse_unreadable_size(path: Path, data: bytes, *, as_it_is: Callable[[], bytes]) -> None:
    """TooLargeToWrite when writing `data` over `path` would make it larger than it
    is on disk and past MAX_FILE_BYTES.  A write that does not make the file larger
    is never refused.  `as_it_is`: the file's items unchanged, as weekplan writes
    them, asked for only to say why: a file written more compactly by hand grows on
    any rewrite, and only an editor can make it smaller."""
    if len(data) <= MAX_FILE_BYTES:
        return
    try:
        on_disk = path.stat().st_size
    except OSError:
        on_disk = 0
    if not grows_past_limit(len(data), on_disk):
        return
    written = f"would be {more_than_weekplan_reads(len(data))}; nothing was written"
    week = path.parent.name == "weeks"
    if len(as_it_is()) > MAX_FILE_BYTES:
        place = "some of its activities to another week's file" if week else "some of its items out of it"
        advice = f"it was written more compactly by hand than weekplan writes it: move {place} in an editor"
    else:
        advice = "move some activities to another week" if week else "remove some of its items first"
    raise TooLargeToWrite(errno.EFBIG, f"{written} ({advice})", str(path))


def _size_message(size: int) -> str:
    return (
        f"file is {more_than_weekplan_reads(size)}; "
        "this is not data a person wrote, so it is not read (move it out of the data directory)"
    )


def read_data_file(path: Path) -> bytes | None:
    """The bytes of a data file; None when there is no such file.

    Raises DataFileError (the file is then left untouched) for what must not be read:
    anything but a regular file (see weekplan.regular_files), a file bigger than
    MAX_FILE_BYTES, a file that cannot be read, a symbolic link that leads nowhere
    (`link_problem`: a save would create a file through it).  Symbolic links to
    regular files are followed."""
    try:
        data = read_regular_file(path, limit=MAX_FILE_BYTES)
    except NotRegularFile as refused:
        message = f"{kind_of(refused.mode)}, not a file: weekplan does not read it"
    except TooLargeFile as refused:
        message = _size_message(refused.size)
    except NotADirectoryError:
        message = f"cannot read: {path.parent} is not a folder"
    except OSError as exc:
        message = link_problem(path) or f"cannot read: {exc.strerror or exc}"
    else:
        if data is None and (message := link_problem(path)) is None:
            return None
        if data is not None:
            return data
    raise DataFileError([DataError(path, 1, 1, message)])


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column of the first bad byte; columns count characters, as editors do
    (everything before the first bad byte is valid UTF-8)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8")) + 1


def _conflict_markers(path: Path, text: str) -> list[DataError]:
    if not any(marker in text for marker in _CONFLICT_MARKERS):
        return []  # the usual case, found without looking at each line
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        for marker in _CONFLICT_MARKERS:
            if line.startswith(marker) and (marker != "=======" or line.rstrip() == marker):
                errors.append(
                    DataError(
                        path,
                        number,
                        1,
                        f"git conflict marker {marker!r}: this file has an unresolved merge "
                        "conflict; resolve it (or run 'weekplan sync') and try again",
                    )
                )
                break
    return errors


def _too_deep(path: Path, text: str) -> DataError | None:
    """Find where brackets nest deeper than anyone would write by hand.

    Strings are skipped roughly (no multi-line strings), which is enough to point
    at the place; the parser stays the judge of what is valid.
    """
    depth = 0
    line, col = 1, 0
    quote: str | None = None
    escaped = False
    for char in text:
        col += 1
        if char == "\n":
            line, col, quote = line + 1, 0, None
            continue
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return DataError(
                    path, line, col, f"values nested more than {MAX_NESTING} deep; this is not weekplan data"
                )
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def parse_toml(path: Path, data: bytes, *, cache: bool = False) -> tuple[dict[str, Any], str]:
    """Parse the bytes of `path`; raise DataFileError saying where it is wrong.

    With `cache`, a file that parsed before with these very bytes is not parsed again
    (see weekplan.parse_cache)."""
    if cache:
        doc = parse_cache.cached(path, data)
        if doc is not None:
            return doc, data.decode("utf-8")
        doc, text = parse_toml(path, data)
        parse_cache.remember(path, data, doc)
        return doc, text
    if data.startswith(BOM):
        raise DataFileError(
            [DataError(path, 1, 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise DataFileError(
            [DataError(path, line, col, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]
        ) from None
    markers = _conflict_markers(path, text)
    if markers:
        raise DataFileError(markers)
    import tomllib  # loaded only for a file the cache does not hold (see below)

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(_DECODE_POSITION, message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        else:
            lines = text.splitlines() or [""]
            line, col = len(lines), len(lines[-1]) + 1
            message = re.sub(_DECODE_END, "", message)
        raise DataFileError([DataError(path, line, col, f"not valid TOML: {message}")]) from None
    except RecursionError:
        # Absurdly nested brackets; finding where is only worth the time now.
        raise DataFileError([_too_deep(path, text) or DataError(path, 1, 1, "values nested too deeply")]) from None
    # Nesting the parser survived can still exhaust the writer's recursion later (dotted
    # keys and table headers nest without brackets), so refuse it here, while reading.
    if _depth(doc) > MAX_NESTING:
        raise DataFileError([_too_deep(path, text) or _deep_keys(path, text)])
    return doc, text


def toml_or_none(data: bytes | None) -> dict[str, Any] | None:
    """The document in `data`, or None when there is no data or it does not read as a
    data file: for a file as git holds it at some revision, which a report or a merge
    goes on without."""
    if data is None:
        return None
    try:
        return parse_toml(Path("-"), data)[0]
    except DataFileError:
        return None


def _depth(doc: dict[str, Any]) -> int:
    """How deeply tables and arrays nest (the document itself is 1), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _deep_keys(path: Path, text: str) -> DataError:
    """Point at the first header or key with very many dotted parts (roughly: quoted
    dots count too); the top of the file when the depth comes from a mix of things."""
    message = f"keys nested more than {MAX_NESTING} deep; this is not weekplan data"
    table_depth = 1
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            table_depth = 1 + stripped.strip("[]").count(".") + 1
            depth = table_depth
        elif "=" in stripped and not stripped.startswith("#"):
            depth = table_depth + stripped.split("=", 1)[0].count(".")
        else:
            continue
        if depth > MAX_NESTING:
            return DataError(path, number, len(line) - len(line.lstrip()) + 1, message)
    return DataError(path, 1, 1, message)


def _written(key: str) -> str:
    """A pattern of the ways a key is written: bare, quoted with escapes ("a\\n"), or literal."""
    import json  # only a file with a mistake to point at comes here: reading sound ones needs no json

    quoted = json.dumps(key, ensure_ascii=False)[1:-1]  # TOML's escapes are JSON's
    return rf"(?:{re.escape(key)}|\"{re.escape(quoted)}\"|'{re.escape(key)}')"


# A run of the characters a bare key is made of: a key of only these is written whole
# as one such run, bare or quoted, so a line without it as a run cannot be its header.
_BARE_RUN = r"[A-Za-z0-9_-]+"


class _Scan:
    """The lines of one TOML text, read from the top for each place: what one mistake
    needs, with nothing built beforehand."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def first_header(self, pattern: re.Pattern[str], last: str) -> int | None:
        """The first line `pattern` (a header's, named down to the key `last`) matches."""
        for number, line in enumerate(self.lines):
            if pattern.match(line):
                return number
        return None

    def first_key(self, pattern: re.Pattern[str], key: str, after: int) -> int | None:
        """The first line `pattern` (setting `key`) matches after line `after`, before the
        next line starting with "["."""
        for number in range(after + 1, len(self.lines)):
            line = self.lines[number]
            if line.lstrip().startswith("["):
                return None
            if pattern.match(line):
                return number
        return None


class _Lines(_Scan):
    """The lines of one TOML text, with the places that may begin a table ([…] or
    [[…]]) or set a key, by the first words that could name them: found in one pass,
    so that locating each of a file's many mistakes does not read the whole text
    again."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines)
        self.headers: list[int] = []  # a line starting with "[" also ends a table's keys
        self.header_words: dict[str, list[int]] = {}
        self.key_words: dict[str, list[int]] = {}
        for number, line in enumerate(self.lines):
            if line.lstrip().startswith("["):
                self.headers.append(number)
                for word in dict.fromkeys(re.findall(_BARE_RUN, line)):
                    self.header_words.setdefault(word, []).append(number)
            else:
                first = re.search(_BARE_RUN, line)
                if first is not None:
                    self.key_words.setdefault(first.group(), []).append(number)

    def first_header(self, pattern: re.Pattern[str], last: str) -> int | None:
        candidates = self.header_words.get(last, []) if re.fullmatch(_BARE_RUN, last) else self.headers
        return next((n for n in candidates if pattern.match(self.lines[n])), None)

    def first_key(self, pattern: re.Pattern[str], key: str, after: int) -> int | None:
        from bisect import bisect_right  # only a file with many mistakes is indexed: reading needs none

        following = bisect_right(self.headers, after)
        end = self.headers[following] if following < len(self.headers) else len(self.lines)
        if not re.fullmatch(_BARE_RUN, key):
            return next((n for n in range(after + 1, end) if pattern.match(self.lines[n])), None)
        candidates = self.key_words.get(key, [])
        for index in range(bisect_right(candidates, after), len(candidates)):
            number = candidates[index]
            if number >= end:
                return None
            if pattern.match(self.lines[number]):
                return number
        return None


class Locator:
    """Places in one TOML text (`locate`), for a pass over that text's mistakes.  The
    first few are found by reading the text from the top, as one mistake needs; a text
    with more is indexed once (_Lines), so that each of its many mistakes is found
    without reading it all again.  The index goes with the Locator, at the pass's end."""

    READ_FROM_THE_TOP = 4  # places found without an index, before one is built

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: _Scan | None = None
        self._asked = 0

    def locate(self, table: tuple[str, ...], key: str | None = None) -> tuple[int, int]:
        """Line and column of `[table]` (or of the value of `key` inside it).

        Used to point validation errors at the right place.  A table written as
        `name = {...}` under its parent is found by its key; otherwise this falls back
        to the table header, then to the top of the file, when the source is unusual.
        """
        self._asked += 1
        if self._lines is None:
            self._lines = _Scan(self._text.splitlines())
        elif self._asked == self.READ_FROM_THE_TOP + 1:
            self._lines = _Lines(self._lines.lines)
        return self._place(self._lines, table, key)

    def _place(self, lines: _Scan, table: tuple[str, ...], key: str | None) -> tuple[int, int]:
        dotted = r"^\s*\[\[?\s*" + r"\s*\.\s*".join(_written(p) for p in table)  # [table] or [[table]]
        start = None
        if table:
            start = lines.first_header(re.compile(dotted + r"\s*\]\]?\s*(#.*)?$"), table[-1])
            if start is None:
                # Written as `name = ...` under its parent: found by its key.
                found = self._place(lines, table[:-1], table[-1])
                parent_line = self._place(lines, table[:-1], None) if len(table) > 1 else (1, 1)
                if found != parent_line:
                    return found
                # A table made only by its sub-tables ([a.b.c] with no [a.b]) starts at the first of them.
                first_sub = lines.first_header(re.compile(dotted + r"\s*\."), table[-1])
                return (first_sub + 1, 1) if first_sub is not None else found
        else:
            start = -1
        if key is None:
            return start + 1, 1
        key_re = re.compile(rf"^\s*{_written(key)}\s*=\s*")
        number = lines.first_key(key_re, key, start)
        if number is not None:
            match = key_re.match(lines.lines[number])
            assert match is not None
            # The value is what is wrong, so point at it, as the TOML parser does.
            return number + 1, match.end() + 1
        return max(start, 0) + 1, 1


def locate(text: str, table: tuple[str, ...], key: str | None = None) -> tuple[int, int]:
    """`Locator.locate` of one place in `text`: read from the top, with no index kept."""
    return Locator(text).locate(table, key)


def dumps(data: dict[str, Any]) -> bytes:
    """Deterministic TOML: the caller orders the dicts; this adds nothing variable."""
    import tomli_w  # only writing needs it; reading stays quick to start

    return tomli_w.dumps(data).encode("utf-8")
