"""Reading one TOML file safely, and writing TOML deterministically.

Reading never trusts the file: every way a person, an editor or a git merge can
spoil it becomes a `DataError` with a line and column.  Writing is deterministic,
so the same data always gives the same bytes; putting them on disk is
weekplan.atomic_files' concern.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import zlib
from functools import cache
from pathlib import Path

from weekplan.atomic_files import STALE_AFTER_SECONDS, link_problem
from weekplan.display_text import one_line
from weekplan.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
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
    path: Path
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        # A message may quote the file, and a file's name is anything: one safe line.
        return one_line(f"{self.path}:{self.line}:{self.col}: {self.message}", limit=None)


class DataFileError(Exception):
    """A file that cannot be used as it is; it must not be written over."""

    def __init__(self, errors: list[DataError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, for a message: "a FIFO (named pipe)"."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _size_error(path: Path, size: int) -> DataError:
    return DataError(
        path,
        1,
        1,
        f"file is {size / 1024 / 1024:.1f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB weekplan reads; "
        "this is not data a person wrote, so it is not read (move it out of the data directory)",
    )


def read_data_file(path: Path) -> bytes | None:
    """The bytes of a data file; None when there is no such file.

    Raises DataFileError (the file is then left untouched) for what must not be read:
    anything but a regular file (a FIFO would block the reader forever, a device
    could do anything: they are never opened), a file bigger than MAX_FILE_BYTES,
    a file that cannot be read, a symbolic link that leads nowhere (`link_problem`: a
    save would create a file through it).  Symbolic links to regular files are followed."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        why = link_problem(path)
        if why is not None:
            raise DataFileError([DataError(path, 1, 1, why)]) from None
        return None
    except NotADirectoryError:
        raise DataFileError([DataError(path, 1, 1, f"cannot read: {path.parent} is not a folder")]) from None
    except OSError as exc:
        why = link_problem(path) or f"cannot read: {exc.strerror or exc}"
        raise DataFileError([DataError(path, 1, 1, why)]) from None
    if not stat.S_ISREG(before.st_mode):
        raise DataFileError(
            [DataError(path, 1, 1, f"{kind_of(before.st_mode)}, not a file: weekplan does not read it")]
        )
    if before.st_size > MAX_FILE_BYTES:
        raise DataFileError([_size_error(path, before.st_size)])
    try:
        # O_NONBLOCK: should a FIFO take the file's place after the check, opening it
        # must still not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataFileError([DataError(path, 1, 1, f"cannot read: {exc.strerror or exc}")]) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise DataFileError(
                [DataError(path, 1, 1, f"{kind_of(opened.st_mode)}, not a file: weekplan does not read it")]
            )
        chunks = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise DataFileError([_size_error(path, os.fstat(fd).st_size)])
        return b"".join(chunks)
    except OSError as exc:
        raise DataFileError([DataError(path, 1, 1, f"cannot read: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)


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
    (see `_cached`)."""
    if cache:
        doc = _cached(path, data)
        if doc is not None:
            return doc, data.decode("utf-8")
        doc, text = parse_toml(path, data)
        _remember(path, data, doc)
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


# -- parsed files, kept between runs ----------------------------------------------------
#
# Ten years of special dates make a big TOML file, and tomllib (pure Python) is slow
# on it: most of what `weekplan show` would cost.  So a file that parsed cleanly is
# kept, parsed, in the user's cache directory together with its exact bytes; it is
# used only when the file's bytes are the same again, so it can never disagree with
# the file.  The cache is private (0700) and never synced; when it cannot be read or
# written, the file is simply parsed.
#
# Which files: every one.  A cache hit costs far less than parsing, and a miss a
# little more (writing the entry): a big file pays for itself on the first unchanged
# start, a small one (config.toml, goals.toml) because when every file a run reads is
# held, tomllib itself is never imported.  docs/benchmarks.md has the figures.

CACHE_VAR = "WEEKPLAN_CACHE_DIR"
_CACHE_FORMAT = 2  # 2: equal texts kept once (see _shared)


def cache_dir() -> Path | None:
    """Where parsed files are kept: $WEEKPLAN_CACHE_DIR (empty: keep none), else the
    platform's cache directory."""
    # Looked up on every call (a caller may change the environment), made into a path
    # once for each value: every data file read asks.
    environ = os.environ
    return _cache_dir_for(environ.get(CACHE_VAR), environ.get("XDG_CACHE_HOME", ""), environ.get("HOME"))


@cache
def _cache_dir_for(given: str | None, xdg_cache_home: str, _home: str | None) -> Path | None:
    # `_home` only keys the cache: "~" expands to "/" with HOME empty, and to the
    # account's home without HOME.
    if given is not None:
        from weekplan.home_paths import NoHomeError, expand_home

        try:
            return expand_home(given) if given.strip() else None
        except NoHomeError:  # as a cache that cannot be written: files are parsed
            return None
    if sys.platform in ("darwin", "win32"):
        import platformdirs

        return Path(platformdirs.user_cache_dir("weekplan")) / "parsed"
    # What platformdirs answers on Linux and the BSDs, without importing it on every start.
    base = xdg_cache_home.strip() or os.path.expanduser("~/.cache")
    return Path(base) / "weekplan" / "parsed"


def _cache_file(path: Path) -> tuple[str, str] | None:
    """The cache entry of `path`, and the name it is kept under (the entry says which
    file it is of, and a hit compares the bytes too: a name that two paths share, as
    "a/../b" and a link may, only misses).  Text, not paths: every file read asks, and
    made with pathlib it cost as much as reading the entry."""
    folder = cache_dir()
    if folder is None:
        return None
    source = os.path.abspath(path)
    return os.path.join(folder, f"{zlib.crc32(source.encode('utf-8', 'surrogateescape')):08x}.pickle"), source


def _cached(path: Path, data: bytes) -> dict[str, Any] | None:
    where = _cache_file(path)
    if where is None:
        return None
    try:
        with open(where[0], "rb") as entry:
            blob = entry.read()
        import pickle  # only files worth keeping come here

        fmt, source, saved, doc = pickle.loads(blob)
    except Exception:  # missing, cut short by a crash, another version's: parse instead
        return None
    if fmt != _CACHE_FORMAT or source != where[1] or saved != data or not isinstance(doc, dict):
        return None
    return doc


def remember_written(path: Path, data: bytes, doc: dict[str, Any]) -> None:
    """Keep what weekplan has just written as `data` (the TOML of `doc`) in the cache,
    so the next read of the file, by this run or another, is not a parse: the parsed
    form of TOML weekplan writes is its document, arrays as lists."""
    _remember(path, data, doc)


def _remember(path: Path, data: bytes, doc: dict[str, Any]) -> None:
    where = _cache_file(path)
    if where is None:
        return
    import pickle

    try:
        kept = pickle.dumps((_CACHE_FORMAT, where[1], data, _shared(doc, {})), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a document that cannot be kept is only read again next time
        return
    entry = Path(where[0])
    if keep_cached(entry, kept):
        prune_cache(entry.parent, keep=entry)


def keep_cached(path: Path, data: bytes) -> bool:
    """Write the cache file `path` whole or not at all (a temporary file beside it,
    then renamed; leftovers end in `.tmp`, which `prune_cache` sweeps).  A cache that
    cannot be written only makes a later run slower: False says so, nothing is raised."""
    tmp_name = None
    try:
        import tempfile  # only writing needs it

        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, path)
    except OSError:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        return False
    return True


# Every data directory ever read (a test run makes thousands) adds its files to the
# cache, so it is kept within bounds: the newest entries first.  The entries are many
# enough for every week of a decade or more (a pass over all of them, an export,
# must not push out the weeks it is about to read again next time) and the bytes
# bound the disk it takes.
MAX_CACHE_ENTRIES = 8192
MAX_CACHE_BYTES = 64 * 1024 * 1024
# A cache over its bounds is pruned to this share of them, so that a full cache sorts
# its entries once in many writes, not on every one (an import writes hundreds, and a
# sort of a full cache on each made it three times slower).
PRUNED_TO = 7 / 8


class _CacheFolder(Record, frozen=False):
    """What this run knows of a cache folder it writes to: each entry's modification
    time and size, and their sum.  The folder is read once a run; an entry written
    after that costs no new look at the whole folder (a pass over ten years of weeks
    writes hundreds)."""

    entries: dict[str, tuple[float, int]]
    size: int


_folders: dict[str, _CacheFolder] = {}


def prune_cache(folder: Path, *, keep: Path | None = None) -> None:
    """Remove the oldest entries until the cache is within its bounds (`keep`, just
    written, always stays), and temporary files that a killed run left there."""
    known = _folders.get(str(folder))
    if known is None:
        known = _scan_cache(folder)
        if known is None:
            return
        _folders[str(folder)] = known
    if keep is not None:
        _forget_entry(known, str(keep))
        with contextlib.suppress(OSError):
            info = keep.stat()
            known.entries[str(keep)] = (info.st_mtime, info.st_size)
            known.size += info.st_size
    if len(known.entries) <= MAX_CACHE_ENTRIES and known.size <= MAX_CACHE_BYTES:
        return
    newest_first = sorted(known.entries, key=lambda name: (name == str(keep), known.entries[name]), reverse=True)
    count, size = 0, 0
    most, most_bytes = int(MAX_CACHE_ENTRIES * PRUNED_TO), MAX_CACHE_BYTES * PRUNED_TO
    for name in newest_first:
        entry_size = known.entries[name][1]
        if count == 0 or (count < most and size + entry_size <= most_bytes):
            count += 1
            size += entry_size
            continue
        _forget_entry(known, name)
        with contextlib.suppress(OSError):
            os.unlink(name)


def _forget_entry(known: _CacheFolder, name: str) -> None:
    _mtime, size = known.entries.pop(name, (0.0, 0))
    known.size -= size


def _scan_cache(folder: Path) -> _CacheFolder | None:
    """The entries in the folder; temporary files a killed run left are removed."""
    import time

    entries: dict[str, tuple[float, int]] = {}
    now = time.time()
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if entry.name.endswith(".tmp"):
                    if now - info.st_mtime >= STALE_AFTER_SECONDS:
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
                elif entry.name.endswith(".pickle"):
                    entries[entry.path] = (info.st_mtime, info.st_size)
    except OSError:
        return None
    return _CacheFolder(entries, sum(size for _mtime, size in entries.values()))


def _shared(value: Any, seen: dict[str, str]) -> Any:
    """An equal copy of a parsed document in which equal texts (every item's keys, the
    values that repeat) are one object: pickle then stores each text once, and the
    entry loads in half the time."""
    if type(value) is dict:
        return {seen.setdefault(key, key): _shared(item, seen) for key, item in value.items()}
    if type(value) is list or type(value) is tuple:  # (a tuple only in a document being written)
        return [_shared(item, seen) for item in value]
    if type(value) is str:
        return seen.setdefault(value, value)
    return value


def _written(key: str) -> str:
    """A pattern of the ways a key is written: bare, quoted with escapes ("a\\n"), or literal."""
    import json  # only a file with a mistake to point at comes here: reading sound ones needs no json

    quoted = json.dumps(key, ensure_ascii=False)[1:-1]  # TOML's escapes are JSON's
    return rf"(?:{re.escape(key)}|\"{re.escape(quoted)}\"|'{re.escape(key)}')"


def locate(text: str, table: tuple[str, ...], key: str | None = None) -> tuple[int, int]:
    """Line and column of `[table]` (or of the value of `key` inside it) in TOML source.

    Used to point validation errors at the right place.  A table written as
    `name = {...}` under its parent is found by its key; otherwise this falls back
    to the table header, then to the top of the file, when the source is unusual.
    """
    dotted = r"^\s*\[\s*" + r"\s*\.\s*".join(_written(p) for p in table)
    header = re.compile(dotted + r"\s*\]\s*(#.*)?$")
    lines = text.splitlines()
    start = None
    if table:
        for number, line in enumerate(lines):
            if header.match(line):
                start = number
                break
        if start is None:
            # Written as `name = ...` under its parent: found by its key.
            found = locate(text, table[:-1], table[-1])
            parent_line = locate(text, table[:-1]) if len(table) > 1 else (1, 1)
            if found != parent_line:
                return found
            # A table made only by its sub-tables ([a.b.c] with no [a.b]) starts at the first of them.
            sub_table = re.compile(dotted + r"\s*\.")
            first_sub = next((n for n, line in enumerate(lines) if sub_table.match(line)), None)
            return (first_sub + 1, 1) if first_sub is not None else found
    else:
        start = -1
    if key is None:
        return start + 1, 1
    key_re = re.compile(rf"^\s*{_written(key)}\s*=\s*")
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.lstrip().startswith("["):
            break
        match = key_re.match(line)
        if match:
            # The value is what is wrong, so point at it, as the TOML parser does.
            return number + 1, match.end() + 1
    return max(start, 0) + 1, 1


def dumps(data: dict[str, Any]) -> bytes:
    """Deterministic TOML: the caller orders the dicts; this adds nothing variable."""
    import tomli_w  # only writing needs it; reading stays quick to start

    return tomli_w.dumps(data).encode("utf-8")
