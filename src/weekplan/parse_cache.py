"""Parsed data files, kept between runs.

Ten years of special dates make a big TOML file, and tomllib (pure Python) is slow
on it: most of what `weekplan show` would cost.  So a file that parsed cleanly is
kept, parsed, in the user's cache directory together with its exact bytes; it is
used only when the file's bytes are the same again, so it can never disagree with
the file.  The cache is private (0700) and never synced; when it cannot be read or
written, the file is simply parsed.

Which files: every one.  A cache hit costs far less than parsing, and a miss a
little more (writing the entry): a big file pays for itself on the first unchanged
start, a small one (config.toml, goals.toml) because when every file a run reads is
held, tomllib itself is never imported.  docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path

from weekplan.atomic_files import STALE_AFTER_SECONDS
from weekplan.home_paths import NoHomeError
from weekplan.machine_folders import CACHE_VAR, machine_folder
from weekplan.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see weekplan.record)
if TYPE_CHECKING:
    from typing import Any


_CACHE_FORMAT = 2  # 2: equal texts kept once (see _shared)


def cache_dir() -> Path | None:
    """Where parsed files are kept: $WEEKPLAN_CACHE_DIR, else the platform's cache folder
    (weekplan.machine_folders); None to keep none, as when it names a `~name` of no
    user (files are then parsed)."""
    try:
        return machine_folder(CACHE_VAR, "parsed")
    except NoHomeError:
        return None


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


def cached(path: Path, data: bytes) -> dict[str, Any] | None:
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


def remember(path: Path, data: bytes, doc: dict[str, Any]) -> None:
    """Keep `doc`, what `data` (the bytes of `path`) parses to, so that the next read
    of the file, by this run or another, is not a parse.  What weekplan has just
    written is kept so too: the parsed form of TOML weekplan writes is its document,
    arrays as lists."""
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

        try:
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except FileNotFoundError:  # no folder yet (made at the first entry, not asked of each)
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
