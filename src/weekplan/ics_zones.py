"""What the `icalendar` library says of a time zone, kept between runs: the TZID it
gives a zone (its name, or "UTC" for each of the names that mean UTC: Etc/UTC, GMT,
Iceland …) and the VTIMEZONE it writes for a span of days.

Both need the library, and importing it is a large share of an export that needs
nothing else of it; most exports ask the same zone for the same span as the one
before.  So an answer is kept in weekplan's cache folder (weekplan.parse_cache.cache_dir)
with what it was made from, the library's install and the zone's definition (the
bytes zoneinfo reads), and is used only while both are the same: a new tzdata or a
new icalendar asks the library again.  The answers stay the library's own; a cache
that cannot be read or written only means asking it.

Plain Python, no icalendar at import.
"""

from __future__ import annotations

import marshal
import os
import re
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from weekplan.parse_cache import cache_dir, keep_cached

FORMAT = 1
CACHE_NAME = "ics-zones.marshal"
# Bounds: a zone's VTIMEZONE is a few kilobytes, and a person's exports name a few zones.
KEPT_ZONES = 16
KEPT_SPANS = 8  # spans of one zone (each export of other data may cover other years)

# Per zone: [its definition, the TZID the library gives it or None, {span: VTIMEZONE}].
Kept = dict[str, list]

_kept: dict[str, Kept] = {}  # by cache file: read once a run
_unsaved: set[str] = set()  # cache files with answers new since read or saved

# What a TZID parameter value needs quotes for, or cannot hold at all.
NOT_IN_TZID = frozenset(';:,"')
# One VTIMEZONE with its STANDARD and DAYLIGHT parts, in lines ended by CRLF and no
# other control character (but a fold's or a value's tab).
_VTIMEZONE = re.compile(
    rb"BEGIN:VTIMEZONE\r\n"
    rb"(?:(?:BEGIN|END):(?:STANDARD|DAYLIGHT)\r\n|(?!BEGIN:|END:)[^\x00-\x08\x0a-\x1f\x7f]*\r\n)*"
    rb"END:VTIMEZONE\r\n"
)


@cache
def tzid_of(key: str) -> str:
    """The TZID the library gives the zone named `key` (a zoneinfo key)."""
    entry = _entry(key)
    if entry is not None and entry[1] is not None:
        return entry[1]
    from zoneinfo import ZoneInfo

    from icalendar.timezone.tzid import tzid_from_tzinfo

    tzid = tzid_from_tzinfo(ZoneInfo(key)) or key
    if entry is not None:
        entry[1] = tzid
        _unsaved.add(str(_cache_path()))
    return tzid


def vtimezone(key: str, first: date, last: date) -> bytes:
    """The library's VTIMEZONE of a zone for the days first..last; nothing for a zone
    the library does not know."""
    span = f"{first.isoformat()}/{last.isoformat()}"
    entry = _entry(key)
    if entry is not None and span in entry[2]:
        return entry[2][span]
    from icalendar import Timezone

    try:
        text = Timezone.from_tzid(key, first_date=first, last_date=last).to_ical()
    except (ValueError, OSError):  # a name no zone has; one too long for a file name
        return b""
    if entry is not None:
        entry[2][span] = text  # all of a run's, so a second pass over the same items asks nothing
        _unsaved.add(str(_cache_path()))
    return text


def _entry(key: str) -> list | None:
    """What is kept for the zone, made empty when its definition changed; None for a
    zone whose answers are not kept (no cache, no definition to compare)."""
    zones = _zones()
    if zones is None:
        return None
    definition = _definition(key)
    if definition is None:
        return None
    entry = zones.get(key)
    if entry is None or entry[0] != definition:
        entry = zones[key] = [definition, None, {}]
        for older in list(zones)[:-KEPT_ZONES]:
            del zones[older]
    return entry


def _zones() -> Kept | None:
    path = _cache_path()
    if path is None:
        return None
    zones = _kept.get(str(path))
    if zones is None:
        zones = _kept[str(path)] = _read(path)
    return zones


def _cache_path() -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / CACHE_NAME


def _read(path: Path) -> Kept:
    """The kept answers, if they were made by the library installed now."""
    try:
        fmt, library, zones = marshal.loads(path.read_bytes())
    except Exception:  # none yet, cut short by a crash, another version's: start afresh
        return {}
    if fmt != FORMAT or library != _library() or not isinstance(zones, dict):
        return {}
    # What is kept goes into every export as it is: an entry not shaped as this module
    # writes them (a file changed by hand, by another program) is asked of the library again.
    return {key: entry for key, entry in zones.items() if isinstance(key, str) and _well_formed(entry)}


def _well_formed(entry: object) -> bool:
    if not isinstance(entry, list) or len(entry) != 3:
        return False
    definition, tzid, spans = entry
    if not isinstance(definition, bytes) or not isinstance(spans, dict):
        return False
    if tzid is not None and not (isinstance(tzid, str) and tzid.isprintable() and tzid and not NOT_IN_TZID & set(tzid)):
        return False
    return all(isinstance(span, str) and _is_vtimezone(text) for span, text in spans.items())


def _is_vtimezone(text: object) -> bool:
    return isinstance(text, bytes) and _VTIMEZONE.fullmatch(text) is not None


def save_answers() -> None:
    """Keep the answers new in this run for the next: once at the end of an export, not
    at each answer (a vdir pass asks for hundreds)."""
    for name in sorted(_unsaved):
        zones = _kept.get(name)
        if zones is not None:
            latest = {
                key: [d, tzid, dict(list(spans.items())[-KEPT_SPANS:])] for key, (d, tzid, spans) in zones.items()
            }
            _save(Path(name), latest)
    _unsaved.clear()


def _save(path: Path, zones: Kept) -> None:
    keep_cached(path, marshal.dumps((FORMAT, _library(), zones)))


@cache
def _library() -> tuple[str, int, int] | None:
    """The installed library, as its first file's place, time and size: an upgrade
    writes it anew."""
    spec = find_spec("icalendar")
    if spec is None or spec.origin is None:
        return None
    try:
        info = os.stat(spec.origin)
    except OSError:
        return None
    return spec.origin, info.st_mtime_ns, info.st_size


@cache
def _definition(key: str) -> bytes | None:
    """The bytes zoneinfo reads for the zone: the first file of that name on its search
    path, else the tzdata package's; None for a name that is no zone."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(key)  # also refuses names that are no zone key ("../x", "/etc/…")
    except Exception:
        return None
    places = [os.path.join(base, key) for base in zoneinfo.TZPATH]
    tzdata = find_spec("tzdata")
    if tzdata is not None and tzdata.origin is not None:
        places.append(os.path.join(os.path.dirname(tzdata.origin), "zoneinfo", key))
    for place in places:
        if os.path.isfile(place):
            try:
                return Path(place).read_bytes()
            except OSError:
                return None
    return None
