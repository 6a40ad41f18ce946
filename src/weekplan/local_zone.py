"""The system's time zone, by its IANA name, for calendar files.

`tzlocal` finds it ($TZ, /etc/localtime, /etc/timezone, the other places Linux
distributions, macOS and Windows keep it); a calendar file needs the zone's name for
its TZID, so a zone without one counts as not found, and UTC stands in for it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> ZoneInfo:
    """The system's zone by IANA name; UTC when it cannot be found or has no name."""
    import tzlocal

    try:
        # Looked up afresh each time: tzlocal caches the first answer for good, and a
        # planner left open across a move to another zone must not keep the old one.
        zone = tzlocal.reload_localzone()
    except (ZoneInfoNotFoundError, ValueError, OSError, LookupError):
        return ZoneInfo("UTC")
    if isinstance(zone, ZoneInfo) and zone.key:
        return zone
    return ZoneInfo("UTC")
