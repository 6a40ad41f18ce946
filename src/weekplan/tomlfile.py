"""Reading and writing one TOML file safely.

Reading never trusts the file: every way a person, an editor or a git merge can
spoil it becomes a `DataError` with a line and column.  Writing is atomic and
deterministic, so the same data always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import zlib
from pathlib import Path
from typing import Any

from weekplan.record import Record

BOM = b"\xef\xbb\xbf"
_CONFLICT_MARKERS = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")
_DECODE_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_DECODE_END = re.compile(r"\s*\(at end of document\)\s*$")
MAX_NESTING = 32


class DataError(Record):
    path: Path
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class DataFileError(Exception):
    """A file that cannot be used as it is; it must not be written over."""

    def __init__(self, errors: list[DataError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


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
        match = _DECODE_POSITION.search(message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        else:
            lines = text.splitlines() or [""]
            line, col = len(lines), len(lines[-1]) + 1
            message = _DECODE_END.sub("", message)
        raise DataFileError([DataError(path, line, col, f"not valid TOML: {message}")]) from None
    except RecursionError:
        # Absurdly nested brackets; finding where is only worth the time now.
        raise DataFileError([_too_deep(path, text) or DataError(path, 1, 1, "values nested too deeply")]) from None
    # Nesting the parser survived can still exhaust the writer's recursion later (dotted
    # keys and table headers nest without brackets), so refuse it here, while reading.
    if _depth(doc) > MAX_NESTING:
        raise DataFileError([_too_deep(path, text) or _deep_keys(path, text)])
    return doc, text


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
    given = os.environ.get(CACHE_VAR)
    if given is not None:
        return Path(given).expanduser() if given.strip() else None
    if sys.platform in ("darwin", "win32"):
        import platformdirs

        return Path(platformdirs.user_cache_dir("weekplan")) / "parsed"
    # What platformdirs answers on Linux and the BSDs, without importing it on every start.
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
    return Path(base) / "weekplan" / "parsed"


def _cache_file(path: Path) -> tuple[Path, str] | None:
    folder = cache_dir()
    if folder is None:
        return None
    source = str(path.absolute())
    return folder / f"{zlib.crc32(source.encode('utf-8', 'surrogateescape')):08x}.pickle", source


def _cached(path: Path, data: bytes) -> dict[str, Any] | None:
    where = _cache_file(path)
    if where is None:
        return None
    try:
        blob = where[0].read_bytes()
        import pickle  # only files worth keeping come here

        fmt, source, saved, doc = pickle.loads(blob)
    except Exception:  # missing, cut short by a crash, another version's: parse instead
        return None
    if fmt != _CACHE_FORMAT or source != where[1] or saved != data or not isinstance(doc, dict):
        return None
    return doc


def _remember(path: Path, data: bytes, doc: dict[str, Any]) -> None:
    where = _cache_file(path)
    if where is None:
        return
    tmp_name = None
    try:
        import pickle
        import tempfile

        where[0].parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(dir=where[0].parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((_CACHE_FORMAT, where[1], data, _shared(doc, {})), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp_name, where[0])
    except Exception:  # a cache that cannot be written only makes the next run slower
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _shared(value: Any, seen: dict[str, str]) -> Any:
    """An equal copy of a parsed document in which equal texts (every item's keys, the
    values that repeat) are one object: pickle then stores each text once, and the
    entry loads in half the time."""
    if type(value) is dict:
        return {seen.setdefault(key, key): _shared(item, seen) for key, item in value.items()}
    if type(value) is list:
        return [_shared(item, seen) for item in value]
    if type(value) is str:
        return seen.setdefault(value, value)
    return value


def locate(text: str, table: tuple[str, ...], key: str | None = None) -> tuple[int, int]:
    """Line and column of `[table]` (or of the value of `key` inside it) in TOML source.

    Used to point validation errors at the right place.  A table written as
    `name = {...}` under its parent is found by its key; otherwise this falls back
    to the table header, then to the top of the file, when the source is unusual.
    """
    dotted = r"^\s*\[\s*" + r"\s*\.\s*".join(rf"(?:{re.escape(p)}|\"{re.escape(p)}\"|'{re.escape(p)}')" for p in table)
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
    key_re = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=\s*")
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


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    import tempfile  # only writing needs it

    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
